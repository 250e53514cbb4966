"""Issue #12: a reused Message-ID cannot hide an email; one hostile email cannot stop the desk.

Pipeline and store cases run on every store backend (memory, SQLite, PostgreSQL, and both over
the HTTP API); the command-line cases run ``repflow process`` on SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from repflow.domain.models import Direction, Lead
from repflow.engine.fake import ScriptedEngine
from repflow.mail.parse import parse_email
from repflow.pipeline.delivery import Delivery, claim_key
from repflow.pipeline.process import STORE_REFUSED
from repflow.store.codec import KEY_DIGEST_PREFIX, MAX_KEY_BYTES, bounded_key
from repflow.store.exceptions import InvalidData
from repflow.store.port import ClaimStatus, StoredMessage, Turn
from repflow.store.sql import SqlStore
from tests.integration.conftest import Backend
from tests.integration.test_cli import json_lines, repflow
from tests.integration.test_pipeline import CREATOR, mail, make, offer
from tests.reliability.faults import Fault, FaultyStore

T0 = datetime(2026, 11, 16, 12, tzinfo=UTC)
LEASE = timedelta(minutes=5)

#: Values no indexed column may choke on: long, very long (100 KB), and binary-ish.
HOSTILE = {
    "3000-chars": "s" * 3_000,
    "100-kb": "é" * 51_200,
    "nul-bytes": "a\x00b\x00" * 10,
    "lone-surrogates": "x\udc80y\ud800z",
    "control-chars": "\x01\x07\x1b[31m\x7f\x08\r\n\t",
    "replacement-chars": b"bad \xff\xfe utf-8".decode("utf-8", "replace"),
    "long-binary-ish": ("\x00\udcff\x1b" + "ü") * 2_000,
}


@pytest.fixture
async def store(backend: Backend):
    await backend.store.upsert_creator(CREATOR)
    return backend.store


async def outbox_count(store, thread_ids) -> int:
    return sum([len((await store.load_thread("maya", t)).outbox) for t in set(thread_ids)])


# -- 1. a reused Message-ID cannot hide an email ------------------------------------------------


def test_claim_key_is_the_message_id_plus_a_digest_of_the_content() -> None:
    first = parse_email(mail("<m1@acme.com>"))
    redelivered = parse_email(
        b"Received: from relay.example by mx.repflow.example; Mon, 16 Nov 2026 10:01:00 +0000\n"
        b"X-Spam-Score: 0.1\nReturn-Path: <bounce@acme.com>\n" + mail("<m1@acme.com>")
    )
    other_sender = parse_email(mail("<m1@acme.com>", sender="mallory@evil.example"))
    other_body = parse_email(mail("<m1@acme.com>", "Please wire the fee first."))
    other_subject = parse_email(mail("<m1@acme.com>", subject="Invoice"))

    key = claim_key(first)
    assert key.startswith("<m1@acme.com>#")
    assert len(key) == len("<m1@acme.com>#") + 16
    assert claim_key(redelivered) == key
    assert len({key, claim_key(other_sender), claim_key(other_body), claim_key(other_subject)}) == 4
    # SES's message id is per receipt: it stays the key.
    assert claim_key(first, Delivery(ses_message_id="ses-1")) == "ses-1"
    # Without a Message-ID the content decides, not the transport headers.
    bare = mail("<x@y>").replace(b"Message-ID: <x@y>\n", b"")
    assert claim_key(parse_email(bare)).startswith("content:")
    assert claim_key(parse_email(b"Received: by mx; Mon, 16 Nov 2026\n" + bare)) == claim_key(
        parse_email(bare)
    )


def quoted_printable(msgid: str) -> bytes:
    """The same email as :func:`mail` gives, its body re-encoded in base64."""
    body = "Hi Maya, Acme would like to sponsor a video. Budget $3,000 by 2026-12-15.\n"
    return (
        "Received: from a.relay.example by mx.repflow.example; Mon, 16 Nov 2026 10:02:00 +0000\n"
        "Received: from b.relay.example by a.relay.example; Mon, 16 Nov 2026 10:01:30 +0000\n"
        "From: Jo <jo@acme.com>\nTo: maya@repflow.example\nSubject: Sponsorship\n"
        f"Date: Mon, 16 Nov 2026 10:00:00 +0000\nMessage-ID: {msgid}\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        f"{base64.encodebytes(body.encode()).decode()}"
    ).encode()


async def test_a_different_email_reusing_a_message_id_is_processed(store) -> None:
    engine = ScriptedEngine(default=offer())
    pipeline, _dispatcher = make(store, engine)
    spoof = await pipeline.process(
        mail("<reused@acme.com>", "Hi, we are Acme, quick question.", sender="mallory@evil.example")
    )
    real = await pipeline.process(mail("<reused@acme.com>"))
    assert not spoof.duplicate
    assert not real.duplicate  # before: dropped as a duplicate of the spoof
    assert real.decision is not None
    assert engine.assessed == ["<reused@acme.com>", "<reused@acme.com>"]
    stored = await store.find_inbound("maya", claim_key(parse_email(mail("<reused@acme.com>"))))
    assert stored is not None
    assert stored.sender == "jo@acme.com"
    # Both emails are kept, each under its own claim.
    spoof_key = claim_key(
        parse_email(
            mail(
                "<reused@acme.com>",
                "Hi, we are Acme, quick question.",
                sender="mallory@evil.example",
            )
        )
    )
    assert (await store.find_inbound("maya", spoof_key)).sender == "mallory@evil.example"


async def test_a_redelivery_with_other_transport_headers_is_a_duplicate(store) -> None:
    engine = ScriptedEngine(default=offer())
    pipeline, dispatcher = make(store, engine)
    first = await pipeline.process(mail("<redeliver@acme.com>"))
    await dispatcher.run()
    again = await pipeline.process(quoted_printable("<redeliver@acme.com>"))
    await dispatcher.run()
    assert not first.duplicate
    assert again.duplicate
    assert again.decision == first.decision
    assert engine.assessed == ["<redeliver@acme.com>"]
    assert await outbox_count(store, [first.thread_id]) <= 1


async def test_mail_processed_under_the_old_claim_key_is_not_answered_again(store) -> None:
    """Claims written before 0004 were the bare Message-ID: a replay of such mail is a no-op."""
    engine = ScriptedEngine(default=offer())
    pipeline, dispatcher = make(store, engine)
    raw = mail("<before-upgrade@acme.com>")
    email = parse_email(raw)
    # What the previous release committed for this email (claim key = Message-ID).
    await store.commit_turn(
        Turn(
            claim_key="<before-upgrade@acme.com>",
            creator_id="maya",
            thread_id="t-old",
            inbound=StoredMessage(
                id="m-old",
                creator_id="maya",
                thread_id="t-old",
                direction=Direction.INBOUND,
                message_id=email.message_id,
                sender="jo@acme.com",
                recipients=("maya@repflow.example",),
                subject=email.subject,
                subject_key="sponsorship",
                participant_key="jo@acme.com|maya@repflow.example",
                text="old",
                sent_at=T0,
                claim_key="<before-upgrade@acme.com>",
                sha256="an older copy's bytes",
                details={"decision": "ask_info"},
            ),
            lead=Lead(id="l-old", creator_id="maya", thread_id="t-old", state="info_gathering"),
        )
    )
    replay = await pipeline.process(raw)
    assert replay.duplicate
    assert replay.thread_id == "t-old"
    assert replay.decision == "ask_info"
    assert engine.assessed == []
    assert (await dispatcher.run()).sent == ()
    # Another sender reusing that Message-ID after the upgrade is processed all the same.
    other = await pipeline.process(mail("<before-upgrade@acme.com>", sender="eve@other.example"))
    assert not other.duplicate
    assert engine.assessed == ["<before-upgrade@acme.com>"]


# -- 2. one hostile email cannot stop the desk --------------------------------------------------


@pytest.mark.parametrize("kind", sorted(HOSTILE))
async def test_hostile_values_in_every_key_column_are_stored_and_found(
    backend: Backend, kind: str
) -> None:
    if backend.is_http and kind in {
        "100-kb",
        "control-chars",
        "lone-surrogates",
        "long-binary-ish",
    }:
        # Known gap: HttpStore puts thread ids in URL paths and cannot JSON-encode lone
        # surrogates. The pipeline never hands it such values (thread ids are generated, the
        # parser decodes leniently); the pipeline cases below run over HTTP too.
        pytest.skip("thread id in the URL path / lone surrogates in JSON over HTTP")
    store = backend.store
    await store.upsert_creator(CREATOR)
    value = HOSTILE[kind]
    message_id = f"<{value}@evil.example>"
    thread_id = f"t_{value}"
    key = f"{value}#claim"
    inbound = StoredMessage(
        id="m1",
        creator_id="maya",
        thread_id=thread_id,
        direction=Direction.INBOUND,
        message_id=message_id,
        sender=f"{value}@evil.example",
        recipients=("maya@repflow.example",),
        subject=value,
        subject_key=value,
        participant_key=f"{value}@evil.example|maya@repflow.example",
        text=value,
        sent_at=T0,
        claim_key=key,
        sha256="0" * 64,
    )
    lead = Lead(id="l1", creator_id="maya", thread_id=thread_id, state="new")
    assert await store.claim(key, now=T0, lease=LEASE) is ClaimStatus.CLAIMED
    await store.commit_turn(
        Turn(claim_key=key, creator_id="maya", thread_id=thread_id, inbound=inbound, lead=lead)
    )
    assert await store.claim(key, now=T0, lease=LEASE) is ClaimStatus.DONE
    found = await store.find_inbound("maya", key)
    assert found is not None
    assert found.id == "m1"
    assert len(found.message_id.encode()) <= MAX_KEY_BYTES  # bounded, lookups still work
    assert (
        await store.find_thread(
            "maya",
            message_ids=[message_id],
            subject_key=None,
            participant_key=None,
            at=None,
            window=timedelta(days=1),
        )
        == found.thread_id
    )
    assert (
        await store.find_thread(
            "maya",
            message_ids=[],
            subject_key=value,
            participant_key=inbound.participant_key,
            at=T0,
            window=timedelta(days=1),
        )
        == found.thread_id
    )
    state = await store.load_thread("maya", thread_id)
    assert [m.id for m in state.messages] == ["m1"]
    assert state.lead is not None
    assert state.lead.id == "l1"
    # Non-indexed columns keep the whole value (only NULs and lone surrogates are replaced).
    assert len(state.messages[0].subject) == len(value)
    assert await store.find_creator_by_address(f"{value}@evil.example") is None


async def test_long_keys_are_stored_as_a_digest_and_short_ones_as_they_are() -> None:
    assert bounded_key("<short@acme.com>") == "<short@acme.com>"
    long = "x" * (MAX_KEY_BYTES + 1)
    digest = bounded_key(long)
    assert digest is not None
    assert digest.startswith(KEY_DIGEST_PREFIX)
    assert len(digest) == 71
    assert bounded_key(digest) == digest  # idempotent
    assert bounded_key("é" * 128) != "é" * 128  # 256 bytes: counted in bytes, not characters
    assert bounded_key("a\x00\udc80") == "a\ufffd\ufffd"


async def test_an_overlong_blocklist_entry_is_refused(store) -> None:
    with pytest.raises(ValueError, match="too long"):
        await store.block("maya", "x" * 300 + "@evil.example")
    assert (await store.get_blocklist("maya")).addresses == frozenset()


def hostile_mail(msgid: str, huge: str) -> bytes:
    """An email whose every threading and addressing header is ``huge`` (3,000+ chars)."""
    return (
        f"From: Eve <eve{huge}@evil.example>\nReply-To: <r{huge}@evil.example>\n"
        f"To: maya@repflow.example\nSubject: Re: {huge}\n"
        f"Date: Mon, 16 Nov 2026 10:00:00 +0000\nMessage-ID: <{huge}{msgid}@evil.example>\n"
        f"In-Reply-To: <irt{huge}@evil.example>\n"
        f"References: <ref1{huge}@evil.example> <ref2{huge}@evil.example>\n"
        "Content-Type: text/plain; charset=utf-8\n\nHello, paid collab for $5000?\n"
    ).encode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    "huge", ["A" * 3_000, "b" * 100_000, "c\x01\x1b" * 1_500], ids=["3000", "100kb", "controls"]
)
async def test_a_hostile_email_then_an_offer_both_processed_and_a_rerun_changes_nothing(
    store, huge: str
) -> None:
    engine = ScriptedEngine(default=offer())
    pipeline, dispatcher = make(store, engine)
    batch = [hostile_mail("h1", huge), mail("<after-hostile@acme.com>")]
    first = [await pipeline.process(raw) for raw in batch]
    await dispatcher.run()
    hostile, normal = first
    assert hostile.error is None
    assert not hostile.duplicate
    assert hostile.reply is None  # an address longer than SMTP allows is never answered
    assert normal.error is None
    assert normal.decision is not None
    assert normal.reply is not None
    stored = await store.find_inbound("maya", claim_key(parse_email(batch[0])))
    assert stored is not None
    assert len(stored.subject) > MAX_KEY_BYTES
    outbox_before = await outbox_count(store, [r.thread_id for r in first])

    again = [await pipeline.process(raw) for raw in batch]
    assert [r.duplicate for r in again] == [True, True]
    assert [r.decision for r in again] == [r.decision for r in first]
    assert await outbox_count(store, [r.thread_id for r in first]) == outbox_before
    assert len(engine.assessed) == 2


async def test_values_the_store_refuses_are_kept_raw_and_flagged(store) -> None:
    """InvalidData (the database refused the values): stored raw, flagged, not retried."""
    secret_body = "Our confidential budget is $9,999"
    refusing = FaultyStore(
        store,
        {"commit_turn": Fault(error=InvalidData("value too long for jo@acme.com: " + "x" * 500))},
    )
    pipeline, dispatcher = make(refusing, ScriptedEngine(default=offer()))
    raw = mail("<refused@acme.com>", secret_body)
    result = await pipeline.process(raw)
    assert result.error is not None
    assert result.error.startswith("store refused the message: InvalidData")
    assert "jo@acme.com" not in result.error
    assert "j***@acme.com" in result.error
    assert secret_body not in result.error
    assert len(result.error) <= 330
    assert result.flags == [STORE_REFUSED]
    stored = await store.find_inbound("maya", claim_key(parse_email(raw)))
    assert stored is not None
    assert STORE_REFUSED in stored.flags
    assert secret_body in stored.text
    assert (await dispatcher.run()).sent == ()
    rerun = await pipeline.process(raw)
    assert rerun.duplicate
    assert rerun.error is None
    # The next email of the batch goes through normally.
    assert (await pipeline.process(mail("<next@acme.com>"))).error is None


async def test_any_other_store_failure_releases_the_claim_for_a_retry(store) -> None:
    failing = FaultyStore(store, {"commit_turn": Fault(error=RuntimeError("disk on fire"))})
    pipeline, _ = make(failing, ScriptedEngine(default=offer()))
    with pytest.raises(RuntimeError):
        await pipeline.process(mail("<retry@acme.com>"))
    assert not (await pipeline.process(mail("<retry@acme.com>"))).duplicate


# -- the command line on SQLite and PostgreSQL --------------------------------------------------

SQLITE_TRIGGER = (
    "CREATE TRIGGER explode BEFORE INSERT ON messages WHEN NEW.subject LIKE '%explode%' "
    "BEGIN SELECT RAISE(ABORT, 'refusing this message'); END"
)
PG_TRIGGER = (
    "CREATE FUNCTION explode() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF NEW.subject LIKE '%explode%' THEN "
    "RAISE EXCEPTION 'refusing mail from % saying %', NEW.sender, NEW.text; END IF; "
    "RETURN NEW; END $$; "
    "CREATE TRIGGER explode BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION explode()"
)


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def test_process_records_a_failing_message_and_goes_on(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'desk.db'}"
        sql = SqlStore.from_url(url)
        statements = [SQLITE_TRIGGER]
    else:
        url = request.getfixturevalue("postgres_url")
        sql = SqlStore.from_url(url)
        statements = PG_TRIGGER.split("; CREATE TRIGGER")
        statements[1] = "CREATE TRIGGER" + statements[1]
    try:
        await sql.create_schema()
        async with sql.engine.begin() as connection:
            if database == "postgres":
                await connection.exec_driver_sql("DROP TRIGGER IF EXISTS explode ON messages")
                await connection.exec_driver_sql("DROP FUNCTION IF EXISTS explode()")
            for statement in statements:
                await connection.exec_driver_sql(statement)
        inbox = tmp_path / "inbox"
        inbox.mkdir()
        secret = "the confidential body text 12345"
        (inbox / "1-hostile.eml").write_bytes(
            mail(f"<explode-{database}@acme.com>", secret, subject="please explode")
        )
        (inbox / "2-offer.eml").write_bytes(mail(f"<fine-{database}@acme.com>"))
        first = repflow("process", str(inbox), "--json", "--db", url, cwd=tmp_path)
        rows = json_lines(first.stdout)
        assert first.returncode == 1, first.stderr
        assert [bool(row["error"]) for row in rows] == [True, False]
        assert rows[1]["decision"] is not None
        assert secret not in first.stdout
        assert secret not in first.stderr
        assert "jo@acme.com" not in rows[0]["error"]
        assert "jo@acme.com" not in first.stderr
        second = repflow("process", str(inbox), "--json", "--db", url, cwd=tmp_path)
        rerun = json_lines(second.stdout)
        if database == "postgres":
            # The database refused the values: the raw message is kept (flagged) and a rerun
            # is a replay of both.
            assert rows[0]["flags"] == [STORE_REFUSED]
            assert second.returncode == 0, second.stderr
            assert [row["duplicate"] for row in rerun] == [True, True]
        else:
            # A constraint refused it (Conflict): the claim is released and the message fails
            # again, visibly, while the offer is a replay.
            assert second.returncode == 1
            assert [bool(row["error"]) for row in rerun] == [True, False]
            assert rerun[1]["duplicate"]
        assert json.dumps(rerun[1]["decision"]) == json.dumps(rows[1]["decision"])
    finally:
        if database == "postgres":
            async with sql.engine.begin() as connection:
                await connection.exec_driver_sql("DROP TRIGGER IF EXISTS explode ON messages")
                await connection.exec_driver_sql("DROP FUNCTION IF EXISTS explode()")
                for table in ("outbox", "deals", "conversations", "leads", "messages"):
                    await connection.exec_driver_sql(f"DELETE FROM {table}")
                await connection.exec_driver_sql("DELETE FROM processed_emails")
        await sql.close()
