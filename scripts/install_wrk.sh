#!/usr/bin/env bash
# Install Debian's wrk (the HTTP load generator bench/soak.py drives against the API).
#
# Idempotent: does nothing when wrk is on the PATH. Runs apt-get update only when the package
# is not known to apt yet. Needs root (or sudo without a password); otherwise it says what to
# run and exits 0, so bench/soak.py skips its wrk phase with a clear note in bench/RESULTS.md.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install_wrk.sh: wrk is missing and this user cannot install packages;" >&2
    echo "  run as root: apt-get update && apt-get install -y wrk" >&2
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_wrk.sh: no apt-get here; install wrk yourself (the soak skips its wrk phase)" >&2
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# Only refresh the package lists when apt does not know the package yet.
if ! apt-cache show wrk >/dev/null 2>&1 \
    || [ -z "$(apt-cache policy wrk | awk '/Candidate:/ {print $2}' | grep -v '(none)')" ]; then
    $SUDO apt-get update -qq
fi
$SUDO apt-get install -y -qq wrk >/dev/null
echo "install_wrk.sh: installed $(wrk --version 2>&1 | head -n 1)"
