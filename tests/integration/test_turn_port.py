"""The coarse turn port (begin_turn / commit_turn / abort_turn) on every store: memory, SQLite,
PostgreSQL, and the backend API over both."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from repflow.domain.profile import DEFAULT_CREATOR_ID, CreatorProfile
from repflow.mail.thread import Participants, new_thread_id
from repflow.store.port import OutboxStatus, ThreadQuery, TurnRequest, TurnStatus

from .conftest import Backend
from .test_store_contract import LEASE, LEO, MAYA, T0, WINDOW, message, reply, turn

BRAND = "jo@acme.com"


def query(
    *,
    message_ids: tuple[str, ...] = ("<m1@acme.com>",),
    subject_key: str = "collab with acme",
    fallback: bool = False,
    recipients: tuple[str, ...] = ("maya@repflow.example",),
) -> ThreadQuery:
    return ThreadQuery(
        message_ids=message_ids,
        subject_key=subject_key,
        subject_fallback=fallback,
        # Siblings name their root last here: a new thread is named after it, as in the pipeline.
        new_thread_id=new_thread_id(message_ids[-1] if message_ids else subject_key),
        participants=Participants(sender=BRAND, recipients=recipients),
        at=T0,
        window=WINDOW,
    )


def request(
    key: str = "k1",
    *,
    addresses: tuple[str, ...] = ("maya@repflow.example",),
    thread: ThreadQuery | None = None,
    legacy_key: str | None = None,
) -> TurnRequest:
    return TurnRequest(
        claim_key=key,
        now=T0,
        lease=LEASE,
        creator_addresses=addresses,
        default_creator=CreatorProfile(id=DEFAULT_CREATOR_ID, name="Default"),
        thread=thread if thread is not None else query(),
        legacy_key=legacy_key,
        reply_candidates=(BRAND, "JO@ACME.COM"),
        replies_since=T0 - timedelta(days=1),
    )


async def test_begin_finds_creator_claims_and_locks_the_thread(backend: Backend) -> None:
    store = backend.store
    await store.upsert_creator(MAYA)
    await store.upsert_creator(LEO)
    # The first delivered-to address that belongs to a creator picks the creator.
    opened = await store.begin_turn(
        request(addresses=("nobody@x.example", "COLLABS@maya.example", "leo@repflow.example"))
    )
    assert opened.status is TurnStatus.OPEN
    assert opened.creator == MAYA
    assert opened.thread_id == new_thread_id("<m1@acme.com>")
    assert opened.lock_key == f"thread:maya:{opened.thread_id}"
    assert opened.state.lead is None
    assert opened.state.messages == ()
    assert opened.recent_replies == {BRAND: ()}
    # The message is claimed: a second worker is told to wait.
    again = await store.begin_turn(request())
    assert again.status is TurnStatus.IN_PROGRESS


async def test_an_unknown_recipient_gets_the_default_profile_stored_once(
    backend: Backend,
) -> None:
    store = backend.store
    opened = await store.begin_turn(request(addresses=("who@else.example",)))
    assert (opened.status, opened.creator.id) == (TurnStatus.OPEN, DEFAULT_CREATOR_ID)
    stored = await store.get_creator(DEFAULT_CREATOR_ID)
    assert stored is not None
    assert stored.name == "Default"
    # A stored default profile wins over the caller's (the dashboard may have changed it).
    await store.upsert_creator(stored.model_copy(update={"name": "Edited"}))
    second = await store.begin_turn(request("k2", addresses=()))
    assert second.creator.name == "Edited"


async def test_commit_marks_done_releases_the_lock_and_reports_what_it_wrote(
    backend: Backend,
) -> None:
    store = backend.store
    await store.upsert_creator(MAYA)
    opened = await store.begin_turn(request())
    inbound = message(thread_id=opened.thread_id, message_id="<m1@acme.com>")
    row = reply(key="reply:k1", thread_id=opened.thread_id)
    receipt = await store.commit_turn(turn(inbound, outbox=row, lock_key=opened.lock_key))
    assert (receipt.written, receipt.outbox_written) == (True, True)

    replayed = await store.begin_turn(request())
    assert replayed.status is TurnStatus.DONE
    assert replayed.earlier is not None
    assert replayed.earlier.id == inbound.id
    # A replayed commit writes nothing and says so.
    again = await store.commit_turn(turn(inbound, outbox=row, lock_key=opened.lock_key))
    assert (again.written, again.outbox_written) == (False, False)

    # The lock is free: the next email of the thread opens, and sees the thread as stored.
    follow_up = await store.begin_turn(
        request("k2", thread=query(message_ids=("<m2@acme.com>", "<m1@acme.com>")))
    )
    assert follow_up.status is TurnStatus.OPEN
    assert follow_up.thread_id == opened.thread_id
    assert [m.id for m in follow_up.state.messages] == [inbound.id]
    assert [o.key for o in follow_up.state.outbox] == ["reply:k1"]
    assert follow_up.recent_replies == {BRAND: (T0,)}


async def test_a_busy_thread_gives_the_message_claim_back(backend: Backend) -> None:
    store = backend.store
    await store.upsert_creator(MAYA)
    first = await store.begin_turn(request("k1"))
    sibling = request("k2", thread=query(message_ids=("<m2@acme.com>", "<m1@acme.com>")))
    busy = await store.begin_turn(sibling)
    assert (busy.status, busy.thread_id) == (TurnStatus.THREAD_BUSY, first.thread_id)
    await store.abort_turn("k1", first.lock_key)
    # Both claims were given up: the sibling opens now, and so would the first message.
    assert (await store.begin_turn(sibling)).status is TurnStatus.OPEN
    assert (await store.begin_turn(request("k3", thread=query(message_ids=("<x@y>",))))).status is (
        TurnStatus.OPEN
    )


async def test_the_subject_fallback_counts_the_creators_own_addresses(backend: Backend) -> None:
    # The participant key pairs the brand with the creator's own address even when another
    # recipient comes first: the store adds the creator's addresses before looking.
    store = backend.store
    await store.upsert_creator(MAYA)
    first = await store.begin_turn(request("k1"))
    inbound = message(
        thread_id=first.thread_id, participant_key=first.participant_key, message_id="<m1@x>"
    )
    await store.commit_turn(turn(inbound, lock_key=first.lock_key))
    assert first.participant_key == f"{BRAND}|maya@repflow.example"

    later = request(
        "k2",
        thread=query(
            message_ids=(),
            subject_key="collab with acme",
            fallback=True,
            recipients=("assistant@other.example", "maya@repflow.example"),
        ),
    )
    opened = await store.begin_turn(later)
    assert opened.participant_key == first.participant_key
    assert opened.thread_id == first.thread_id


async def test_a_legacy_key_reports_what_was_stored_under_it(backend: Backend) -> None:
    store = backend.store
    await store.upsert_creator(MAYA)
    old = await store.begin_turn(request("<m1@acme.com>"))
    inbound = message(thread_id=old.thread_id, claim_key="<m1@acme.com>")
    await store.commit_turn(turn(inbound, lock_key=old.lock_key))
    opened = await store.begin_turn(request("<m1@acme.com>#0123", legacy_key="<m1@acme.com>"))
    assert opened.status is TurnStatus.OPEN
    assert opened.earlier is not None
    assert opened.earlier.id == inbound.id


async def test_a_message_kept_raw_opens_without_a_thread(backend: Backend) -> None:
    store = backend.store
    await store.upsert_creator(MAYA)
    raw = replace(request("sha256:ab"), thread=None)
    opened = await store.begin_turn(raw)
    assert (opened.status, opened.thread_id, opened.lock_key) == (TurnStatus.OPEN, "", None)
    assert (await store.begin_turn(raw)).status is TurnStatus.IN_PROGRESS


async def test_concurrent_begins_of_one_thread_open_one_turn(backend: Backend) -> None:
    store = backend.store
    await store.upsert_creator(MAYA)
    siblings = [
        request(f"k{n}", thread=query(message_ids=(f"<m{n}@acme.com>", "<root@acme.com>")))
        for n in range(6)
    ]
    opened = await asyncio.gather(*(store.begin_turn(r) for r in siblings))
    statuses = sorted(o.status.value for o in opened)
    assert statuses.count(TurnStatus.OPEN.value) == 1
    assert statuses.count(TurnStatus.THREAD_BUSY.value) == 5


async def test_an_outbox_row_whose_key_exists_is_not_this_turns_to_send(backend: Backend) -> None:
    store = backend.store
    await store.upsert_creator(MAYA)
    first = await store.begin_turn(request("k1"))
    row = reply(key="reply:shared", thread_id=first.thread_id, status=OutboxStatus.DRAFT)
    await store.commit_turn(
        turn(message(thread_id=first.thread_id), outbox=row, lock_key=first.lock_key)
    )
    second = await store.begin_turn(request("k2", thread=query(message_ids=("<n@acme.com>",))))
    clash = replace(row, id=row.id + "-2", thread_id=second.thread_id)
    receipt = await store.commit_turn(
        turn(
            message(thread_id=second.thread_id, claim_key="k2"),
            outbox=clash,
            lock_key=second.lock_key,
        )
    )
    assert (receipt.written, receipt.outbox_written) == (True, False)
