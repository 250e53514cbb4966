#!/usr/bin/env bash
# Install Debian's wrk (the HTTP load generator bench/soak.py drives against the API).
#
# Idempotent: does nothing when wrk is on the PATH. Needs root (or sudo without a password);
# otherwise it says what to run and exits 0, so bench/soak.py skips its wrk phase with a clear
# note in bench/RESULTS.md. See scripts/lib/apt.sh.
set -euo pipefail
source "$(dirname "$0")/lib/apt.sh"

if command -v wrk >/dev/null 2>&1; then
    exit 0
fi
apt_install install_wrk.sh wrk wrk || exit 0
echo "install_wrk.sh: installed $(wrk --version 2>&1 | head -n 1)"
