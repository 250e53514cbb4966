"""A few hundred messages over IMAP: several FETCH batches, one answer each, a quiet second run.

The 5,000-message figure is measured by ``bench/imap.py``, outside the test run.
"""

from __future__ import annotations

from pathlib import Path

from repflow.transport.imap import FETCH_BATCH
from tests.integration.dovecot import Dovecot, mail_variants
from tests.integration.test_imap_watch import config_with, mailbox_snapshot, rows, watch

COUNT = 2 * FETCH_BATCH + 37


def test_every_message_is_processed_once_across_batches(dovecot: Dovecot, tmp_path: Path) -> None:
    dovecot.append_many("INBOX", mail_variants(COUNT))
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "review")
    first = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert f"{COUNT} new message(s): {COUNT} processed" in first.stderr
    assert rows(db, "SELECT count(*) FROM messages WHERE direction = 'inbound'") == [(COUNT,)]
    assert rows(db, "SELECT last_uid FROM mailbox_cursors") == [(COUNT,)]
    (drafts,) = rows(db, "SELECT count(*) FROM outbox WHERE status = 'draft'")[0]
    assert drafts > 0
    assert len(dovecot.messages("Drafts")) == drafts
    # Every INBOX message carries the keyword, none is read.
    inbox = dovecot.messages("INBOX")
    assert len(inbox) == COUNT
    assert all(b"$Repflow" in flags and b"\\Seen" not in flags for _u, flags, _r in inbox)

    before = mailbox_snapshot(dovecot)
    second = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "0 new message(s)" in second.stderr
    assert mailbox_snapshot(dovecot) == before
