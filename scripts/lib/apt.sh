# Install Debian packages for the project's own scripts (sourced by scripts/install_*.sh).
#
# apt_install CALLER WHAT PACKAGE...: installs PACKAGE... with apt-get as root (or with sudo
# without a password), refreshing the package lists only when apt does not know the first
# package yet. When this user cannot install packages, or there is no apt-get, it says what
# to run (naming WHAT, the missing thing) and returns 1, so the caller can exit 0 and let the
# tests or the benchmark report the gap themselves.

apt_install() {
    local caller=$1 what=$2
    shift 2
    local sudo
    if [ "$(id -u)" -eq 0 ]; then
        sudo=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
    else
        echo "$caller: $what is missing and this user cannot install packages;" >&2
        echo "  run as root: apt-get update && apt-get install -y $*" >&2
        return 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$caller: no apt-get here; install $what yourself ($*)" >&2
        return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-cache show "$1" >/dev/null 2>&1 \
        || [ -z "$(apt-cache policy "$1" | awk '/Candidate:/ {print $2}' | grep -v '(none)')" ]; then
        $sudo apt-get update -qq
    fi
    $sudo apt-get install -y -qq "$@" >/dev/null
}
