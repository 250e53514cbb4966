"""``repflow watch`` over time: IDLE, SIGTERM, a Dovecot restart, UIDVALIDITY, hostile mail."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.integration.dovecot import Dovecot
from tests.integration.test_imap_watch import (
    EXAMPLES,
    config_with,
    fill_inbox,
    mailbox_snapshot,
    parsed,
    rows,
    watch,
)


def wait_until(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def watcher(
    server: Dovecot, tmp_path: Path, db: Path, config: Path, *extra: str
) -> Iterator[subprocess.Popen[bytes]]:
    """``repflow watch URL`` (no --once) in the background, its output in files."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("REPFLOW_SMTP_", "REPFLOW_IMAP_"))
    }
    with (tmp_path / "watch.out").open("wb") as out, (tmp_path / "watch.err").open("wb") as err:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "repflow.cli",
                "watch",
                server.url(),
                "--db",
                str(db),
                "--config",
                str(config),
                "--max-backoff",
                "0.5",
                *extra,
            ],
            cwd=tmp_path,
            stdout=out,
            stderr=err,
            env=environment,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()


def cursor_at(db: Path, uid: int) -> bool:
    """Whether the watcher's cursor has reached ``uid`` (False while the schema is being made)."""
    try:
        return db.exists() and rows(db, "SELECT last_uid FROM mailbox_cursors") == [(uid,)]
    except sqlite3.OperationalError:
        return False


def stderr_of(tmp_path: Path) -> str:
    return (tmp_path / "watch.err").read_text(errors="replace")


def offer(name: str) -> bytes:
    return (EXAMPLES / "inbox" / name).read_bytes()


def test_idle_picks_up_new_mail_and_sigterm_stops_cleanly(dovecot: Dovecot, tmp_path: Path) -> None:
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "review")
    fill_inbox(dovecot, ("11-newsletter.eml",))
    with watcher(dovecot, tmp_path, db, config) as process:
        wait_until(lambda: "watching INBOX" in stderr_of(tmp_path), "the watcher to start")
        wait_until(lambda: cursor_at(db, 1), "the first pass")
        time.sleep(0.5)  # in IDLE now
        dovecot.append("INBOX", offer("01-complete-offer.eml"))
        wait_until(lambda: len(dovecot.messages("Drafts")) == 1, "the draft of the new offer")
        dovecot.append("INBOX", offer("04-lowball.eml"))
        wait_until(lambda: len(dovecot.messages("Drafts")) == 2, "the second draft")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0, stderr_of(tmp_path)
    assert "Traceback" not in stderr_of(tmp_path)
    assert rows(db, "SELECT last_uid FROM mailbox_cursors") == [(3,)]
    assert rows(db, "SELECT count(*) FROM outbox") == [(2,)]
    # Nothing was read or deleted.
    for _uid, flags, _raw in dovecot.messages("INBOX"):
        assert b"\\Seen" not in flags
    assert len(dovecot.messages("INBOX")) == 3


def test_a_server_restart_mid_idle_loses_nothing_and_answers_nothing_twice(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "review")
    fill_inbox(dovecot, ("01-complete-offer.eml",))
    with watcher(dovecot, tmp_path, db, config) as process:
        wait_until(lambda: len(dovecot.messages("Drafts")) == 1, "the first draft")
        time.sleep(0.5)  # in IDLE now
        dovecot.stop()
        # Mail delivered while the IMAP server is down (the MTA writes into the Maildir).
        new = dovecot.maildir / "new"
        arrived = new / "1700000000.M1P1.test"
        arrived.write_bytes(offer("04-lowball.eml").replace(b"\r\n", b"\n"))
        stat = new.stat()
        os.chown(arrived, stat.st_uid, stat.st_gid)
        time.sleep(1.0)  # the watcher notices and retries with backoff
        dovecot.start()
        wait_until(lambda: len(dovecot.messages("Drafts")) == 2, "the draft of mail that arrived")
        dovecot.append("INBOX", offer("06-gifted.eml"))
        wait_until(lambda: len(dovecot.messages("Drafts")) == 3, "IDLE after the reconnection")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0, stderr_of(tmp_path)
    log = stderr_of(tmp_path)
    assert "Traceback" not in log
    assert rows(db, "SELECT count(*) FROM outbox") == [(3,)]
    answered = [str(parsed(raw)["In-Reply-To"]) for _u, _f, raw in dovecot.messages("Drafts")]
    assert len(set(answered)) == 3


def test_a_uidvalidity_change_reads_again_without_answering_again(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "review")
    fill_inbox(dovecot, ("01-complete-offer.eml", "04-lowball.eml", "11-newsletter.eml"))
    first = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    old_validity = dovecot.uidvalidity()
    assert rows(db, "SELECT uidvalidity, last_uid FROM mailbox_cursors") == [(old_validity, 3)]

    # The server forgets its UIDs (a restored backup, a migrated server): new UIDVALIDITY.
    dovecot.stop()
    time.sleep(1.1)  # Dovecot derives UIDVALIDITY from the clock
    for path in dovecot.maildir.glob("dovecot*"):
        path.unlink()
    dovecot.start()
    assert dovecot.uidvalidity() != old_validity
    drafts_before = dovecot.messages("Drafts")

    second = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "3 new message(s): 0 processed, 3 seen before" in second.stderr
    assert dovecot.messages("Drafts") == drafts_before
    assert rows(db, "SELECT count(*) FROM outbox") == [(2,)]
    assert rows(db, "SELECT uidvalidity, last_uid FROM mailbox_cursors") == [
        (dovecot.uidvalidity(), 3)
    ]


BROKEN_MIME = (
    b"From: Brand Team <team@brand-collabs.example>\r\n"
    b"To: maya@repflow.example\r\n"
    b"Subject: Paid collab\r\n"
    b"Message-ID: <broken-mime-1@brand-collabs.example>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="never-closed"\r\n'
    b"\r\n"
    b"--never-closed\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: base64\r\n"
    b"\r\n"
    b"SGkgTWF5YSwgd2Ug!!!not-base64***\r\n"
)
NOT_AN_EMAIL = b"\x00\x01\x02\x03 \xff\xfe binary junk without any header block \x00\r\n"


def test_hostile_mail_over_imap_is_kept_and_flagged_and_the_scam_gets_no_reply(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "autopilot")
    scams = fill_inbox(dovecot, ("08-scam-lookalike.eml", "09-injection.eml"))
    dovecot.append("INBOX", BROKEN_MIME)
    dovecot.append("INBOX", NOT_AN_EMAIL)
    result = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "kept unreadable" in result.stderr
    # Every message is stored (none dropped), the junk flagged; no reply to anything.
    assert rows(db, "SELECT count(*) FROM messages WHERE direction = 'inbound'") == [(4,)]
    flags = "".join(str(r[0]) for r in rows(db, "SELECT flags FROM messages"))
    assert "scam" in flags
    assert "malformed" in flags or "not_an_email" in flags
    # No reply to either scam (the broken-MIME offer may get one: it is still an offer).
    answered = {r[0] for r in rows(db, "SELECT in_reply_to FROM outbox")}
    assert not answered & set(scams.values())
    assert answered <= {"<broken-mime-1@brand-collabs.example>"}
    assert dovecot.messages("Sent") == []
    assert len(dovecot.messages("INBOX")) == 4
    for _uid, message_flags, _raw in dovecot.messages("INBOX"):
        assert b"\\Seen" not in message_flags


def test_a_draft_sent_or_deleted_in_the_mail_client_is_noticed(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "review")
    fill_inbox(dovecot, ("01-complete-offer.eml", "04-lowball.eml", "06-gifted.eml"))
    first = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    drafts = dovecot.messages("Drafts")
    assert len(drafts) == 3
    (sent_uid, _f, sent_raw), (deleted_uid, _g, _r) = drafts[0], drafts[1]
    sent_id = str(parsed(sent_raw)["Message-ID"]).strip()
    # The creator sends one draft (the client files it in Sent) and deletes another.
    with dovecot.client() as client:
        client.append("Sent", sent_raw, flags=(b"\\Seen",))
        client.select_folder("Drafts")
        client.delete_messages([sent_uid, deleted_uid])
        client.expunge()

    second = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "1 sent by you, 1 deleted by you" in second.stderr
    statuses = dict(rows(db, "SELECT message_id, status FROM outbox"))
    assert statuses[sent_id] == "sent"
    assert sorted(statuses.values()) == ["discarded", "draft", "sent"]
    assert rows(db, "SELECT provider_id FROM outbox WHERE status = 'sent'") == [("mailbox",)]
    assert rows(db, "SELECT count(*) FROM messages WHERE direction = 'outbound'") == [(1,)]
    assert sorted(r[0] for r in rows(db, "SELECT state FROM mailbox_drafts")) == [
        "deleted",
        "open",
        "sent",
    ]
    # Not APPENDed again, and a third run changes nothing.
    assert len(dovecot.messages("Drafts")) == 1
    before = mailbox_snapshot(dovecot)
    third = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert mailbox_snapshot(dovecot) == before


def test_a_crash_between_append_and_record_files_no_second_draft(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "review")
    fill_inbox(dovecot, ("01-complete-offer.eml", "04-lowball.eml"))
    first = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    drafts = dovecot.messages("Drafts")
    assert len(drafts) == 2
    # As if the run had died after the APPENDs, before recording them.
    with contextlib.closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("DELETE FROM mailbox_drafts")
    second = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert dovecot.messages("Drafts") == drafts
    assert rows(db, "SELECT state, count(*) FROM mailbox_drafts GROUP BY state") == [("open", 2)]


def test_a_dropped_connection_is_reopened(dovecot: Dovecot, tmp_path: Path) -> None:
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "review")
    fill_inbox(dovecot, ("11-newsletter.eml",))
    with watcher(dovecot, tmp_path, db, config) as process:
        wait_until(lambda: cursor_at(db, 1), "the first pass")
        time.sleep(0.5)  # in IDLE now
        kicked = subprocess.run(
            ["doveadm", "-c", str(dovecot.config), "kick", "maya"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        assert kicked.returncode == 0, kicked.stderr
        time.sleep(0.5)
        assert process.poll() is None  # still running, reconnecting
        dovecot.append("INBOX", offer("01-complete-offer.eml"))
        wait_until(lambda: len(dovecot.messages("Drafts")) == 1, "the offer after the drop")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0, stderr_of(tmp_path)
    assert rows(db, "SELECT count(*) FROM outbox") == [(1,)]
