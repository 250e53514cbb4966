#!/usr/bin/env bash
# Install Debian's Chromium for the dashboard's browser tests (Playwright drives it through
# executable_path=/usr/bin/chromium; Playwright's own browser downloads are not used).
#
# Idempotent: does nothing when /usr/bin/chromium exists. Runs apt-get update only when the
# package is not known to apt yet. Needs root (or sudo without a password); otherwise it says
# what to run and exits 0, so the tests skip with a clear reason (they fail under CI=true).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install_chromium.sh: $CHROMIUM is missing and this user cannot install packages;" >&2
    echo "  run as root: apt-get update && apt-get install -y chromium fonts-dejavu-core" >&2
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_chromium.sh: no apt-get here; install Chromium at $CHROMIUM yourself" >&2
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# Only refresh the package lists when apt does not know the package yet.
if ! apt-cache show chromium >/dev/null 2>&1 \
    || [ -z "$(apt-cache policy chromium | awk '/Candidate:/ {print $2}' | grep -v '(none)')" ]; then
    $SUDO apt-get update -qq
fi
$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
echo "install_chromium.sh: installed $("$CHROMIUM" --version 2>/dev/null | tail -n 1)"
