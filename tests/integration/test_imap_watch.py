"""``repflow watch --once`` on a real Dovecot: drafts, SMTP sends, Sent copies, exactly once."""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.dovecot import Dovecot, RecordingSmtp

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OFFERS = ("01-complete-offer.eml", "04-lowball.eml", "06-gifted.eml")
NOT_OFFERS = ("10-ooo-in-deal-thread.eml", "11-newsletter.eml", "08-scam-lookalike.eml")


def config_with(tmp_path: Path, policy: str) -> Path:
    text = (EXAMPLES / "repflow.toml").read_text()
    assert 'reply_policy = "assist"' in text
    path = tmp_path / f"{policy}.toml"
    path.write_text(text.replace('reply_policy = "assist"', f'reply_policy = "{policy}"'))
    return path


def watch(
    *args: str,
    cwd: Path,
    smtp_port: int | None = None,
    timeout: float = 120,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    for name in list(environment):
        if name.startswith(("REPFLOW_SMTP_", "REPFLOW_IMAP_")):
            environment.pop(name)
    if smtp_port is not None:
        environment.update(
            REPFLOW_SMTP_HOST="127.0.0.1",
            REPFLOW_SMTP_PORT=str(smtp_port),
            REPFLOW_SMTP_STARTTLS="false",
        )
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "repflow.cli", "watch", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env=environment,
    )


def parsed(raw: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def fill_inbox(server: Dovecot, names: tuple[str, ...]) -> dict[str, str]:
    """APPEND example mails to INBOX; returns file name -> Message-ID."""
    ids = {}
    for name in names:
        data = (EXAMPLES / "inbox" / name).read_bytes()
        server.append("INBOX", data)
        ids[name] = str(parsed(data)["Message-ID"]).strip()
    return ids


def mailbox_snapshot(server: Dovecot) -> dict[str, list[tuple[int, tuple[bytes, ...], bytes]]]:
    return {folder: server.messages(folder) for folder in ("INBOX", "Drafts", "Sent")}


def rows(db: Path, query: str) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        return list(connection.execute(query))


def test_review_policy_files_one_draft_per_offer_and_a_second_run_changes_nothing(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    ids = fill_inbox(dovecot, OFFERS + NOT_OFFERS)
    inbox_before = dovecot.messages("INBOX")
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "review")

    first = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert first.returncode == 0, first.stderr

    drafts = dovecot.messages("Drafts")
    assert len(drafts) == len(OFFERS)
    answered = set()
    for _uid, flags, raw in drafts:
        assert b"\\Draft" in flags
        message = parsed(raw)
        assert message["From"].addresses[0].addr_spec == "maya@repflow.example"
        assert str(message["Subject"]).startswith("Re: ")
        in_reply_to = str(message["In-Reply-To"]).strip()
        assert in_reply_to in str(message["References"])
        answered.add(in_reply_to)
        assert message.get_body(("plain",)) is not None
    assert answered == {ids[name] for name in OFFERS}
    assert dovecot.messages("Sent") == []

    # The inbox is untouched: same messages, none read, none deleted; processed ones carry
    # the $Repflow keyword and nothing else.
    inbox_after = dovecot.messages("INBOX")
    assert [(uid, raw) for uid, _f, raw in inbox_after] == [
        (uid, raw) for uid, _f, raw in inbox_before
    ]
    for _uid, flags, _raw in inbox_after:
        assert b"\\Seen" not in flags
        assert b"\\Deleted" not in flags
        assert b"$Repflow" in flags

    # The store: every message once, the cursor at the last UID, the drafts recorded.
    assert rows(db, "SELECT count(*) FROM messages WHERE direction = 'inbound'") == [(6,)]
    assert rows(db, "SELECT status, count(*) FROM outbox GROUP BY status") == [("draft", 3)]
    assert rows(db, "SELECT last_uid FROM mailbox_cursors") == [(6,)]
    assert rows(db, "SELECT state, count(*) FROM mailbox_drafts GROUP BY state") == [("open", 3)]

    before = mailbox_snapshot(dovecot)
    second = watch(
        dovecot.url(), "--once", "--json", "--db", str(db), "--config", str(config), cwd=tmp_path
    )
    assert second.returncode == 0, second.stderr
    assert mailbox_snapshot(dovecot) == before
    assert rows(db, "SELECT count(*) FROM outbox") == [(3,)]
    (report,) = [json.loads(line) for line in second.stdout.splitlines()]
    assert report["fetched"] == 0
    assert report["last_uid"] == 6
    assert report["drafts_appended"] == 0


def test_autopilot_sends_through_smtp_with_a_copy_in_sent_once(
    dovecot: Dovecot, smtp_receiver: tuple[int, RecordingSmtp], tmp_path: Path
) -> None:
    port, received = smtp_receiver
    ids = fill_inbox(dovecot, OFFERS + NOT_OFFERS)
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "autopilot")

    first = watch(
        dovecot.url(),
        "--once",
        "--db",
        str(db),
        "--config",
        str(config),
        cwd=tmp_path,
        smtp_port=port,
    )
    assert first.returncode == 0, first.stderr

    assert len(received.envelopes) == len(OFFERS)
    sent_ids = set()
    for envelope in received.envelopes:
        message = parsed(envelope.content)
        assert envelope.mail_from == "maya@repflow.example"
        assert envelope.rcpt_tos == [message["To"].addresses[0].addr_spec]
        sent_ids.add(str(message["In-Reply-To"]).strip())
    assert sent_ids == {ids[name] for name in OFFERS}

    copies = dovecot.messages("Sent")
    assert len(copies) == len(OFFERS)
    assert {parsed(raw)["Message-ID"] for _u, _f, raw in copies} == {
        parsed(e.content)["Message-ID"] for e in received.envelopes
    }
    assert dovecot.messages("Drafts") == []
    assert rows(db, "SELECT status, count(*) FROM outbox GROUP BY status") == [("sent", 3)]

    before = mailbox_snapshot(dovecot)
    second = watch(
        dovecot.url(),
        "--once",
        "--db",
        str(db),
        "--config",
        str(config),
        cwd=tmp_path,
        smtp_port=port,
    )
    assert second.returncode == 0, second.stderr
    assert len(received.envelopes) == len(OFFERS)
    assert mailbox_snapshot(dovecot) == before


def test_check_reports_the_server_and_folders_and_changes_nothing(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    fill_inbox(dovecot, OFFERS[:1])
    before = mailbox_snapshot(dovecot)
    result = watch(
        dovecot.url(password=False),
        "--check",
        cwd=tmp_path,
        env={"REPFLOW_IMAP_PASSWORD": "s3cret-pass"},
    )
    assert result.returncode == 0, result.stderr
    assert "login: login as maya: ok" in result.stderr
    assert "IDLE" in result.stderr
    assert "folder INBOX: 1 message(s)" in result.stderr
    assert "\\Drafts folder: Drafts" in result.stderr
    assert "\\Sent folder: Sent" in result.stderr
    assert "s3cret" not in result.stderr + result.stdout
    assert mailbox_snapshot(dovecot) == before
    assert not (tmp_path / "repflow.db").exists()


def test_check_with_a_wrong_password_fails_in_one_line(dovecot: Dovecot, tmp_path: Path) -> None:
    url = dovecot.url().replace("s3cret-pass", "wrong")
    result = watch(url, "--check", cwd=tmp_path)
    assert result.returncode == 2
    assert "error:" in result.stderr
    assert "wrong" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["pop3://maya@127.0.0.1/INBOX", "imap://127.0.0.1/INBOX"])
def test_bad_urls_are_refused(url: str, tmp_path: Path) -> None:
    result = watch(url, "--once", "--db", str(tmp_path / "x.db"), cwd=tmp_path)
    assert result.returncode == 2
    assert "error:" in result.stderr


def test_the_servers_arrival_date_is_the_turn_time(dovecot: Dovecot, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    arrived = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    data = (EXAMPLES / "inbox" / "01-complete-offer.eml").read_bytes()
    with dovecot.client() as client:
        client.append("INBOX", data, msg_time=arrived)
    db = tmp_path / "repflow.db"
    config = config_with(tmp_path, "review")
    result = watch(dovecot.url(), "--once", "--db", str(db), "--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ((turn_at,),) = rows(db, "SELECT turn_at FROM outbox")
    stored = datetime.fromisoformat(str(turn_at)).replace(tzinfo=UTC)
    assert stored == arrived
