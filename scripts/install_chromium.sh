#!/usr/bin/env bash
# Install Debian's Chromium for the dashboard's browser tests (Playwright drives it through
# executable_path=/usr/bin/chromium; Playwright's own browser downloads are not used).
#
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (or sudo without a
# password); otherwise it says what to run and exits 0, so the tests skip with a clear reason
# (they fail under CI=true). See scripts/lib/apt.sh.
set -euo pipefail
source "$(dirname "$0")/lib/apt.sh"

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi
apt_install install_chromium.sh "$CHROMIUM" chromium fonts-dejavu-core || exit 0
echo "install_chromium.sh: installed $("$CHROMIUM" --version 2>/dev/null | tail -n 1)"
