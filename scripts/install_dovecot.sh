#!/usr/bin/env bash
# Install Debian's Dovecot IMAP server for the mailbox tests (tests/integration/test_imap_*.py).
# The tests start their own Dovecot on a loopback port with a config in a temporary directory;
# the system service is not used (it is stopped and disabled here when apt starts it).
#
# Idempotent: does nothing when the dovecot binary exists. Needs root (or sudo without a
# password); otherwise it says what to run and exits 0, so the tests skip with a clear reason
# (they fail under CI=true). See scripts/lib/apt.sh.
set -euo pipefail
source "$(dirname "$0")/lib/apt.sh"

DOVECOT=/usr/sbin/dovecot

if [ -x "$DOVECOT" ]; then
    exit 0
fi
apt_install install_dovecot.sh "$DOVECOT" dovecot-imapd || exit 0
# apt may start the packaged service; the tests run their own instance, so stop it if it runs.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet dovecot 2>/dev/null; then
    systemctl stop dovecot >/dev/null 2>&1 || true
    systemctl disable dovecot >/dev/null 2>&1 || true
fi
echo "install_dovecot.sh: installed $("$DOVECOT" --version 2>/dev/null | head -n 1)"
