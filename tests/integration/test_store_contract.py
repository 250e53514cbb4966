"""The Store contract, run against every implementation (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repflow.domain.models import (
    Conversation,
    Deal,
    DealTerms,
    Deliverable,
    DeliverableKind,
    Direction,
    Lead,
    PartnershipType,
    Platform,
    new_id,
)
from repflow.domain.profile import CreatorProfile, Preferences
from repflow.exceptions import ConfigError
from repflow.store.codec import terms_from_json, terms_to_json
from repflow.store.exceptions import Conflict, NotFound, StoreError, StoreUnavailable
from repflow.store.port import (
    ClaimStatus,
    OutboxItem,
    OutboxStatus,
    Store,
    StoredMessage,
    Turn,
)
from repflow.store.sql import SqlStore, database_url

from .conftest import Backend

T0 = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
WINDOW = timedelta(days=30)
PKEY = "jo@acme.com|maya@repflow.example"

MAYA = CreatorProfile(
    id="maya",
    name="Maya",
    addresses=("maya@repflow.example", "collabs@maya.example"),
    reply_from="maya@repflow.example",
    preferences=Preferences(min_budget=Decimal("2500.50"), signature="Maya"),
)
LEO = CreatorProfile(id="leo", name="Leo", addresses=("leo@repflow.example",))

FULL_TERMS = DealTerms(
    brand="Acme",
    agency="Agency & Co",
    budget_min=Decimal("2999.99"),
    budget_max=Decimal("1E+4"),
    currency="EUR",
    budget_per_unit="per video",
    partnership_type=PartnershipType.HYBRID,
    deliverables=(
        Deliverable(DeliverableKind.YOUTUBE_INTEGRATION, 2),
        Deliverable(DeliverableKind.INSTAGRAM_STORY, 3),
    ),
    platforms=(Platform.YOUTUBE, Platform.INSTAGRAM),
    deadline="2026-12-15",
    usage_rights="90 days paid social",
    exclusivity="30 days",
    product_category="coffee",
)


# --------------------------------------------------------------------------------------------
# builders
# --------------------------------------------------------------------------------------------


def message(
    *,
    creator_id: str = "maya",
    thread_id: str = "t1",
    message_id: str | None = None,
    claim_key: str = "k1",
    sent_at: datetime | None = T0,
    subject_key: str = "collab with acme",
    participant_key: str = PKEY,
    text: str = "Hi Maya",
) -> StoredMessage:
    return StoredMessage(
        id=new_id(),
        creator_id=creator_id,
        thread_id=thread_id,
        direction=Direction.INBOUND,
        message_id=message_id,
        sender="jo@acme.com",
        recipients=("maya@repflow.example", "cc@acme.com"),
        subject="Re: Collab with Acme",
        subject_key=subject_key,
        participant_key=participant_key,
        text=text,
        sent_at=sent_at,
        claim_key=claim_key,
        category="sponsorship",
        flags=("unverified_extraction",),
        defects=("missing_date",),
        source="inbox/1.eml",
        sha256="ab" * 32,
        details={"decision": "ask_info", "deal": {"budget_min": "3000"}, "n": [1, 2]},
        llm_calls=1,
        tokens=321,
    )


def lead(
    *,
    creator_id: str = "maya",
    thread_id: str = "t1",
    state: str = "new",
    terms: DealTerms = FULL_TERMS,
    updated_at: datetime | None = T0,
) -> Lead:
    return Lead(
        id=new_id(),
        creator_id=creator_id,
        thread_id=thread_id,
        state=state,
        terms=terms,
        flags=("scam",),
        counterparty="jo@acme.com",
        created_at=T0,
        updated_at=updated_at,
    )


def conversation(*, creator_id: str = "maya", thread_id: str = "t1") -> Conversation:
    return Conversation(
        id=new_id(),
        creator_id=creator_id,
        thread_id=thread_id,
        state="awaiting_brand",
        subject="Collab with Acme",
        asked_fields=("budget", "deadline"),
    )


def deal(the_lead: Lead, *, created_at: datetime = T0) -> Deal:
    return Deal(
        id=new_id(),
        creator_id=the_lead.creator_id,
        lead_id=the_lead.id,
        thread_id=the_lead.thread_id,
        stage="new",
        terms=the_lead.terms,
        created_at=created_at,
    )


def reply(
    *,
    key: str,
    creator_id: str = "maya",
    thread_id: str = "t1",
    lead_id: str | None = None,
    status: OutboxStatus = OutboxStatus.PENDING,
    created_at: datetime = T0,
    in_reply_to: str | None = None,
    text: str = "Thanks, what is your budget?",
) -> OutboxItem:
    return OutboxItem(
        id=new_id(),
        key=key,
        creator_id=creator_id,
        thread_id=thread_id,
        lead_id=lead_id,
        status=status,
        from_address="maya@repflow.example",
        to_address="jo@acme.com",
        subject="Re: Collab with Acme",
        text=text,
        message_id=f"<{key.replace(':', '.')}@repflow.example>",
        in_reply_to=in_reply_to,
        references=("<root@acme.com>", "<m1@acme.com>"),
        created_at=created_at,
    )


def turn(inbound: StoredMessage, **parts: object) -> Turn:
    return Turn(
        claim_key=inbound.claim_key,
        creator_id=inbound.creator_id,
        thread_id=inbound.thread_id,
        inbound=inbound,
        **parts,  # type: ignore[arg-type]
    )


async def with_creators(store: Store) -> Store:
    await store.upsert_creator(MAYA)
    await store.upsert_creator(LEO)
    return store


# --------------------------------------------------------------------------------------------
# claims
# --------------------------------------------------------------------------------------------


async def test_claim_lifecycle(backend: Backend) -> None:
    store = await with_creators(backend.store)
    assert await store.claim("k1", now=T0, lease=LEASE) is ClaimStatus.CLAIMED
    assert await store.claim("k1", now=T0 + timedelta(minutes=1), lease=LEASE) is (
        ClaimStatus.IN_PROGRESS
    )
    # The lease ends at T0 + LEASE: from then on a crashed worker's claim can be taken over.
    assert await store.claim("k1", now=T0 + LEASE, lease=LEASE) is ClaimStatus.CLAIMED
    later = T0 + LEASE + timedelta(minutes=1)
    assert await store.claim("k1", now=later, lease=LEASE) is ClaimStatus.IN_PROGRESS
    await store.release("k1")
    assert await store.claim("k1", now=later, lease=LEASE) is ClaimStatus.CLAIMED
    await store.commit_turn(turn(message(claim_key="k1")))
    assert await store.claim("k1", now=later, lease=LEASE) is ClaimStatus.DONE
    await store.release("k1")
    far = T0 + timedelta(days=400)
    assert await store.claim("k1", now=far, lease=LEASE) is ClaimStatus.DONE


async def test_claim_compares_instants_not_wall_clocks(backend: Backend) -> None:
    store = backend.store
    plus_two = timezone(timedelta(hours=2))
    assert await store.claim("k", now=T0.astimezone(plus_two), lease=LEASE) is ClaimStatus.CLAIMED
    # 12:04 at +02:00 is 10:04 UTC: still inside the lease.
    inside = (T0 + timedelta(minutes=4)).astimezone(plus_two)
    assert await store.claim("k", now=inside, lease=LEASE) is ClaimStatus.IN_PROGRESS
    assert await store.claim("k", now=T0 + LEASE, lease=LEASE) is ClaimStatus.CLAIMED


async def test_release_of_unknown_key_is_harmless(backend: Backend) -> None:
    await backend.store.release("never-claimed")
    assert await backend.store.claim("never-claimed", now=T0, lease=LEASE) is ClaimStatus.CLAIMED


async def test_concurrent_claims_have_one_winner(backend: Backend) -> None:
    store = backend.store
    results = await asyncio.gather(*(store.claim("k", now=T0, lease=LEASE) for _ in range(10)))
    assert Counter(results) == {ClaimStatus.CLAIMED: 1, ClaimStatus.IN_PROGRESS: 9}


async def test_concurrent_claims_across_engines_have_one_winner(backend: Backend) -> None:
    first = backend.store
    second = await backend.another()
    for round_ in range(3):
        key = f"k{round_}"
        stores = [first, second] * 5
        results = await asyncio.gather(*(s.claim(key, now=T0, lease=LEASE) for s in stores))
        assert Counter(results) == {ClaimStatus.CLAIMED: 1, ClaimStatus.IN_PROGRESS: 9}
    # Takeover of an expired lease is just as exclusive.
    expired = T0 + LEASE
    results = await asyncio.gather(
        *(s.claim("k0", now=expired, lease=LEASE) for s in [first, second] * 5)
    )
    assert Counter(results) == {ClaimStatus.CLAIMED: 1, ClaimStatus.IN_PROGRESS: 9}


# --------------------------------------------------------------------------------------------
# commit_turn
# --------------------------------------------------------------------------------------------


async def test_commit_turn_writes_everything(backend: Backend) -> None:
    store = await with_creators(backend.store)
    the_lead = lead()
    the_conversation = conversation()
    the_deal = deal(the_lead)
    inbound = message(message_id="<m1@acme.com>")
    outbox = reply(key="reply:k1", lead_id=the_lead.id, in_reply_to="<m1@acme.com>")
    assert await store.claim("k1", now=T0, lease=LEASE) is ClaimStatus.CLAIMED
    await store.commit_turn(
        turn(inbound, lead=the_lead, conversation=the_conversation, deal=the_deal, outbox=outbox)
    )
    state = await store.load_thread("maya", "t1")
    assert state.thread_id == "t1"
    assert state.lead == the_lead
    assert state.conversation == the_conversation
    assert state.deal == the_deal
    assert state.messages == (inbound,)
    assert state.outbox == (outbox,)
    assert await store.find_inbound("maya", "k1") == inbound
    assert await store.claim("k1", now=T0, lease=LEASE) is ClaimStatus.DONE


async def test_commit_turn_without_a_claim_still_marks_it_done(backend: Backend) -> None:
    store = await with_creators(backend.store)
    await store.commit_turn(turn(message(claim_key="unclaimed")))
    assert await store.claim("unclaimed", now=T0, lease=LEASE) is ClaimStatus.DONE


async def test_failed_turn_rolls_back_and_keeps_the_claim(backend: Backend) -> None:
    store = await with_creators(backend.store)
    await store.claim("k1", now=T0, lease=LEASE)
    the_lead = lead()
    orphan = replace(deal(the_lead), lead_id="no-such-lead")  # violates the deals->leads FK
    bad = turn(
        message(message_id="<m1@acme.com>"),
        lead=the_lead,
        conversation=conversation(),
        deal=orphan,
        outbox=reply(key="reply:k1", lead_id=the_lead.id),
    )
    with pytest.raises(Conflict):
        await store.commit_turn(bad)
    state = await store.load_thread("maya", "t1")
    assert state.lead is None
    assert state.conversation is None
    assert state.deal is None
    assert state.messages == ()
    assert state.outbox == ()
    assert await store.find_inbound("maya", "k1") is None
    assert (
        await store.find_thread(
            "maya",
            message_ids=["<m1@acme.com>"],
            subject_key=None,
            participant_key=None,
            at=None,
            window=WINDOW,
        )
        is None
    )
    assert await store.pending_outbox() == []
    # The claim is still ours (not done): the worker releases it, a redelivery retries.
    assert await store.claim("k1", now=T0, lease=LEASE) is ClaimStatus.IN_PROGRESS
    await store.commit_turn(replace(bad, deal=deal(the_lead)))
    assert (await store.load_thread("maya", "t1")).deal is not None


async def test_second_lead_for_a_thread_is_a_conflict(backend: Backend) -> None:
    store = await with_creators(backend.store)
    first = lead()
    await store.commit_turn(turn(message(claim_key="k1"), lead=first))
    with pytest.raises(Conflict):
        await store.commit_turn(turn(message(claim_key="k2"), lead=lead()))
    state = await store.load_thread("maya", "t1")
    assert state.lead == first
    assert [m.claim_key for m in state.messages] == ["k1"]
    assert await store.claim("k2", now=T0, lease=LEASE) is ClaimStatus.CLAIMED


async def test_turn_of_unknown_creator_is_a_conflict(backend: Backend) -> None:
    store = backend.store
    with pytest.raises(Conflict):
        await store.commit_turn(turn(message(creator_id="nobody")))
    assert await store.claim("k1", now=T0, lease=LEASE) is ClaimStatus.CLAIMED


async def test_turn_parts_of_another_creator_are_rejected(backend: Backend) -> None:
    store = await with_creators(backend.store)
    with pytest.raises(ValueError, match="leo"):
        await store.commit_turn(turn(message(), lead=lead(creator_id="leo")))


async def test_replayed_turn_is_a_no_op(backend: Backend) -> None:
    store = await with_creators(backend.store)
    the_lead = lead()
    first = turn(message(), lead=the_lead, outbox=reply(key="reply:k1", lead_id=the_lead.id))
    await store.commit_turn(first)
    replayed = turn(
        replace(message(), text="second run"),
        lead=replace(the_lead, state="declined"),
        outbox=reply(key="reply:k2", lead_id=the_lead.id, text="second reply"),
    )
    await store.commit_turn(replayed)
    state = await store.load_thread("maya", "t1")
    assert [m.text for m in state.messages] == ["Hi Maya"]
    assert state.lead is not None
    assert state.lead.state == "new"
    assert [o.key for o in state.outbox] == ["reply:k1"]


async def test_outbox_key_is_written_once(backend: Backend) -> None:
    store = await with_creators(backend.store)
    first = reply(key="reply:x", text="first")
    await store.commit_turn(turn(message(claim_key="k1"), outbox=first))
    second = reply(key="reply:x", text="second")  # another turn, same outbox key
    await store.commit_turn(turn(message(claim_key="k2"), outbox=second))
    state = await store.load_thread("maya", "t1")
    assert state.outbox == (first,)
    assert [m.claim_key for m in state.messages] == ["k1", "k2"]
    assert await store.pending_outbox() == [first]


async def test_concurrent_commits_of_one_claim_write_once(backend: Backend) -> None:
    store = await with_creators(backend.store)
    other = await backend.another() if backend.is_sql else store
    turns = [
        turn(message(text=f"run {n}"), outbox=reply(key=f"reply:{n}", text=f"reply {n}"))
        for n in range(6)
    ]
    await asyncio.gather(
        *((store if n % 2 else other).commit_turn(the_turn) for n, the_turn in enumerate(turns))
    )
    state = await store.load_thread("maya", "t1")
    assert len(state.messages) == 1
    assert len(state.outbox) == 1
    assert state.outbox[0].text == state.messages[0].text.replace("run", "reply")


async def test_one_message_per_claim_key_and_a_reused_message_id_is_kept(
    backend: Backend,
) -> None:
    store = await with_creators(backend.store)
    await store.commit_turn(turn(message(claim_key="k1", message_id="<m1@acme.com>")))
    # A different email reusing the Message-ID (its own claim key) is stored, not hidden.
    await store.commit_turn(turn(message(claim_key="k2", message_id="<m1@acme.com>")))
    await store.commit_turn(
        turn(message(creator_id="leo", claim_key="k3", message_id="<m1@acme.com>"))
    )
    assert len((await store.load_thread("maya", "t1")).messages) == 2
    assert len((await store.load_thread("leo", "t1")).messages) == 1
    assert (await store.find_inbound("maya", "k2")) is not None
    # Messages without a Message-ID are never merged.
    await store.commit_turn(turn(message(claim_key="k4")))
    await store.commit_turn(turn(message(claim_key="k5")))
    assert len((await store.load_thread("maya", "t1")).messages) == 4


async def test_later_turns_update_lead_and_conversation_and_keep_the_first_deal(
    backend: Backend,
) -> None:
    store = await with_creators(backend.store)
    the_lead = lead()
    the_conversation = conversation()
    await store.commit_turn(
        turn(message(claim_key="k1"), lead=the_lead, conversation=the_conversation)
    )
    moved = replace(the_lead, state="qualified", updated_at=T0 + timedelta(hours=1))
    first_deal = deal(moved)
    await store.commit_turn(
        turn(
            message(claim_key="k2", sent_at=T0 + timedelta(hours=1)),
            lead=moved,
            conversation=replace(the_conversation, state="awaiting_creator"),
            deal=first_deal,
        )
    )
    await store.commit_turn(
        turn(message(claim_key="k3", sent_at=T0 + timedelta(hours=2)), deal=deal(moved))
    )
    state = await store.load_thread("maya", "t1")
    assert state.lead == moved
    assert state.conversation is not None
    assert state.conversation.state == "awaiting_creator"
    assert state.deal == first_deal
    assert await store.list_deals("maya") == [first_deal]


async def test_nul_characters_are_stored_as_replacement_characters(backend: Backend) -> None:
    store = await with_creators(backend.store)
    inbound = replace(
        message(claim_key="sha256:\x00bad", message_id="<nul\x00@x>", text="bin\x00ary"),
        subject="Re: \x00",
        details={"error": "bytes \x00"},
    )
    assert await store.claim(inbound.claim_key, now=T0, lease=LEASE) is ClaimStatus.CLAIMED
    await store.commit_turn(turn(inbound))
    found = await store.find_inbound("maya", inbound.claim_key)
    assert found is not None
    assert (found.text, found.subject, found.message_id) == (
        "bin\ufffdary",
        "Re: \ufffd",
        "<nul\ufffd@x>",
    )
    assert found.details == {"error": "bytes \x00"}  # JSON keeps it, escaped
    assert await store.claim(inbound.claim_key, now=T0, lease=LEASE) is ClaimStatus.DONE
    thread = await store.find_thread(
        "maya",
        message_ids=["<nul\x00@x>"],
        subject_key=None,
        participant_key=None,
        at=None,
        window=WINDOW,
    )
    assert thread == "t1"


# --------------------------------------------------------------------------------------------
# threads
# --------------------------------------------------------------------------------------------


async def test_load_thread_orders_messages_and_outbox(backend: Backend) -> None:
    store = await with_creators(backend.store)
    late = message(claim_key="k1", sent_at=T0 + timedelta(hours=2), text="late")
    early = message(claim_key="k2", sent_at=T0, text="early")
    middle = message(claim_key="k3", sent_at=T0 + timedelta(hours=1), text="middle")
    undated = message(claim_key="k4", sent_at=None, text="undated")
    for n, inbound in enumerate((late, early, undated, middle)):
        created = T0 + timedelta(minutes=10 - n)
        await store.commit_turn(turn(inbound, outbox=reply(key=f"r{n}", created_at=created)))
    await store.commit_turn(turn(message(thread_id="t2", claim_key="k5", text="elsewhere")))
    state = await store.load_thread("maya", "t1")
    assert [m.text for m in state.messages] == ["early", "middle", "late", "undated"]
    assert [o.key for o in state.outbox] == ["r3", "r2", "r1", "r0"]
    assert state.messages[0].sent_at == T0
    assert state.messages[0].sent_at.tzinfo is not None
    empty = await store.load_thread("leo", "t1")
    assert empty.lead is None
    assert empty.messages == ()
    assert empty.outbox == ()


async def test_find_inbound(backend: Backend) -> None:
    store = await with_creators(backend.store)
    inbound = message(claim_key="ses-123")
    await store.commit_turn(turn(inbound))
    found = await store.find_inbound("maya", "ses-123")
    assert found == inbound
    assert found is not None
    assert found.details["deal"] == {"budget_min": "3000"}
    assert await store.find_inbound("leo", "ses-123") is None
    assert await store.find_inbound("maya", "other") is None


async def test_find_thread_by_message_ids(backend: Backend) -> None:
    store = await with_creators(backend.store)
    await store.commit_turn(turn(message(claim_key="k1", thread_id="t1", message_id="<a@x>")))
    await store.commit_turn(turn(message(claim_key="k2", thread_id="t2", message_id="<b@x>")))

    async def find(creator_id: str, *ids: str) -> str | None:
        return await store.find_thread(
            creator_id,
            message_ids=list(ids),
            subject_key=None,
            participant_key=None,
            at=None,
            window=WINDOW,
        )

    assert await find("maya", "<zzz@x>", "<b@x>", "<a@x>") == "t2"
    assert await find("maya", "<a@x>", "<b@x>") == "t1"
    assert await find("maya", "<zzz@x>") is None
    assert await find("maya") is None
    assert await find("leo", "<a@x>") is None


async def test_find_thread_by_subject_and_participants(backend: Backend) -> None:
    store = await with_creators(backend.store)
    await store.commit_turn(turn(message(claim_key="k1", thread_id="t1", sent_at=T0)))

    async def find(
        at: datetime | None,
        *,
        subject_key: str | None = "collab with acme",
        participant_key: str | None = PKEY,
        ids: tuple[str, ...] = (),
        creator_id: str = "maya",
    ) -> str | None:
        return await store.find_thread(
            creator_id,
            message_ids=list(ids),
            subject_key=subject_key,
            participant_key=participant_key,
            at=at,
            window=WINDOW,
        )

    assert await find(T0 + timedelta(days=10)) == "t1"
    assert await find(T0 - timedelta(days=10)) == "t1"  # the window reaches both ways
    assert await find(T0 + WINDOW) == "t1"
    assert await find(T0 + WINDOW + timedelta(seconds=1)) is None
    assert await find(T0 - WINDOW - timedelta(seconds=1)) is None
    assert await find(T0, participant_key="someone@else.com|maya@repflow.example") is None
    assert await find(T0, subject_key="another subject") is None
    assert await find(T0, subject_key=None) is None
    assert await find(T0, participant_key=None) is None
    assert await find(None) is None
    assert await find(T0, creator_id="leo") is None

    # Two threads match: the one with the newest message wins.
    await store.commit_turn(
        turn(message(claim_key="k2", thread_id="t2", sent_at=T0 + timedelta(days=5)))
    )
    assert await find(T0 + timedelta(days=6)) == "t2"
    assert await find(T0 - timedelta(days=20)) == "t2"
    assert await find(T0 - timedelta(days=26)) == "t1"  # t2 is out of reach from there
    # A known message id wins over the subject.
    await store.commit_turn(turn(message(claim_key="k3", thread_id="t3", message_id="<c@x>")))
    assert await find(T0, ids=("<c@x>",)) == "t3"


# --------------------------------------------------------------------------------------------
# outbox
# --------------------------------------------------------------------------------------------


async def test_mark_sent_records_an_outbound_message_once(backend: Backend) -> None:
    store = await with_creators(backend.store)
    the_lead = lead()
    outbox = reply(key="reply:k1", lead_id=the_lead.id, in_reply_to="<m1@acme.com>")
    await store.commit_turn(turn(message(message_id="<m1@acme.com>"), lead=the_lead, outbox=outbox))
    assert await store.pending_outbox() == [outbox]
    sent_at = T0 + timedelta(minutes=1)
    await store.mark_sent(outbox.id, provider_id="ses-1", now=sent_at)
    await store.mark_sent(outbox.id, provider_id="ses-2", now=sent_at + timedelta(hours=1))
    stored = await store.get_outbox("maya", outbox.id)
    assert stored.status is OutboxStatus.SENT
    assert stored.sent_at == sent_at
    assert stored.provider_id == "ses-1"
    assert await store.pending_outbox() == []

    state = await store.load_thread("maya", "t1")
    assert [m.direction for m in state.messages] == [Direction.INBOUND, Direction.OUTBOUND]
    outbound = state.messages[1]
    assert outbound.message_id == outbox.message_id
    assert outbound.sender == "maya@repflow.example"
    assert outbound.recipients == ("jo@acme.com",)
    assert outbound.text == outbox.text
    assert outbound.sent_at == sent_at
    assert (outbound.subject_key, outbound.participant_key) == ("collab with acme", PKEY)
    assert outbound.thread_id == "t1"
    # The brand's answer cites our Message-ID: it lands in the thread.
    found = await store.find_thread(
        "maya",
        message_ids=[outbox.message_id],
        subject_key=None,
        participant_key=None,
        at=None,
        window=WINDOW,
    )
    assert found == "t1"
    assert await store.find_inbound("maya", "reply:k1") is None  # outbound is not inbound

    with pytest.raises(NotFound):
        await store.mark_sent("no-such-row", provider_id=None, now=T0)


async def test_mark_sent_leaves_drafts_alone(backend: Backend) -> None:
    store = await with_creators(backend.store)
    draft = reply(key="reply:k1", status=OutboxStatus.DRAFT)
    await store.commit_turn(turn(message(), outbox=draft))
    await store.mark_sent(draft.id, provider_id="x", now=T0)
    assert (await store.get_outbox("maya", draft.id)).status is OutboxStatus.DRAFT
    assert len((await store.load_thread("maya", "t1")).messages) == 1


async def test_mark_failed_counts_attempts_then_gives_up(backend: Backend) -> None:
    store = await with_creators(backend.store)
    outbox = reply(key="reply:k1")
    await store.commit_turn(turn(message(), outbox=outbox))
    await store.mark_failed(outbox.id, error="421 try later", give_up=False)
    item = await store.get_outbox("maya", outbox.id)
    assert (item.status, item.attempts, item.last_error) == (
        OutboxStatus.PENDING,
        1,
        "421 try later",
    )
    assert await store.pending_outbox() == [item]
    await store.mark_failed(outbox.id, error="550 rejected", give_up=True)
    item = await store.get_outbox("maya", outbox.id)
    assert (item.status, item.attempts, item.last_error) == (
        OutboxStatus.FAILED,
        2,
        "550 rejected",
    )
    assert await store.pending_outbox() == []
    await store.mark_failed(outbox.id, error="again", give_up=False)  # FAILED stays as it is
    assert (await store.get_outbox("maya", outbox.id)).attempts == 2
    with pytest.raises(NotFound):
        await store.mark_failed("no-such-row", error="x", give_up=True)


async def test_pending_outbox_is_oldest_first_across_creators(backend: Backend) -> None:
    store = await with_creators(backend.store)
    rows = {
        "b": reply(key="b", created_at=T0 + timedelta(minutes=2)),
        "a": reply(key="a", created_at=T0),
        "c": reply(key="c", creator_id="leo", created_at=T0 + timedelta(minutes=1)),
        "d": reply(key="d", status=OutboxStatus.DRAFT, created_at=T0 - timedelta(days=1)),
    }
    for n, item in enumerate(rows.values()):
        inbound = message(creator_id=item.creator_id, claim_key=f"k{n}")
        await store.commit_turn(turn(inbound, outbox=item))
    assert [o.key for o in await store.pending_outbox()] == ["a", "c", "b"]
    assert [o.key for o in await store.pending_outbox(limit=2)] == ["a", "c"]


async def test_recent_replies_counts_live_rows_to_one_address_on_every_thread(
    backend: Backend,
) -> None:
    store = await with_creators(backend.store)
    rows = [
        reply(key="old", created_at=T0 - timedelta(days=2)),
        reply(key="t1", created_at=T0),
        reply(key="t2-draft", thread_id="t2", status=OutboxStatus.DRAFT, created_at=T0),
        reply(key="t3-later", thread_id="t3", created_at=T0 + timedelta(hours=1)),
        reply(key="t4-gone", thread_id="t4", status=OutboxStatus.DRAFT, created_at=T0),
        reply(key="leo", creator_id="leo", created_at=T0),
    ]
    other = replace(reply(key="other", thread_id="t5", created_at=T0), to_address="x@acme.com")
    sent = reply(key="t6-sent", thread_id="t6", created_at=T0 + timedelta(minutes=5))
    # Replayed from an archive: counted at the turn time (when the answered email arrived).
    replayed = replace(
        reply(key="t7-replayed", thread_id="t7", created_at=T0 + timedelta(days=3)),
        turn_at=T0 + timedelta(minutes=30),
    )
    too_old = replace(
        reply(key="t8-old", thread_id="t8", created_at=T0 + timedelta(days=3)),
        turn_at=T0 - timedelta(days=3),
    )
    for n, item in enumerate([*rows, other, sent, replayed, too_old]):
        inbound = message(creator_id=item.creator_id, thread_id=item.thread_id, claim_key=f"k{n}")
        await store.commit_turn(turn(inbound, outbox=item))
    await store.update_draft("maya", rows[4].id, text=None, status=OutboxStatus.DISCARDED)
    await store.mark_sent(sent.id, provider_id="ses-1", now=T0 + timedelta(minutes=6))

    since = T0 - timedelta(days=1)
    times = await store.recent_replies("maya", to_address="Jo@ACME.com", since=since)
    # Pending, draft and sent rows count, oldest first; discarded rows, older rows, other
    # addresses and other creators do not.
    assert times == [
        T0,
        T0,
        T0 + timedelta(minutes=5),
        T0 + timedelta(minutes=30),
        T0 + timedelta(hours=1),
    ]
    assert all(time.utcoffset() == timedelta(0) for time in times)
    assert await store.get_outbox("maya", replayed.id) == replayed  # turn_at round-trips
    assert await store.recent_replies("maya", to_address="nobody@acme.com", since=since) == []
    assert await store.recent_replies("leo", to_address="jo@acme.com", since=since) == [T0]
    later = T0 + timedelta(minutes=1)
    assert len(await store.recent_replies("maya", to_address="jo@acme.com", since=later)) == 3


async def test_update_draft_approve_edit_discard(backend: Backend) -> None:
    store = await with_creators(backend.store)
    first = reply(key="r1", status=OutboxStatus.DRAFT)
    second = reply(key="r2", status=OutboxStatus.DRAFT)
    await store.commit_turn(turn(message(claim_key="k1"), outbox=first))
    await store.commit_turn(turn(message(claim_key="k2"), outbox=second))

    edited = await store.update_draft("maya", first.id, text="Edited", status=OutboxStatus.DRAFT)
    assert (edited.status, edited.text) == (OutboxStatus.DRAFT, "Edited")
    assert await store.pending_outbox() == []
    approved = await store.update_draft(
        "maya", first.id, text="Edited again", status=OutboxStatus.PENDING
    )
    assert (approved.status, approved.text) == (OutboxStatus.PENDING, "Edited again")
    assert await store.get_outbox("maya", first.id) == approved
    assert await store.pending_outbox() == [approved]
    # A repeated approval is harmless; changing an approved row is not.
    again = await store.update_draft("maya", first.id, text=None, status=OutboxStatus.PENDING)
    assert again == approved
    with pytest.raises(Conflict):
        await store.update_draft("maya", first.id, text=None, status=OutboxStatus.DISCARDED)
    with pytest.raises(Conflict):
        await store.update_draft("maya", first.id, text="new", status=OutboxStatus.PENDING)

    discarded = await store.update_draft(
        "maya", second.id, text=None, status=OutboxStatus.DISCARDED
    )
    assert (discarded.status, discarded.text) == (OutboxStatus.DISCARDED, second.text)
    with pytest.raises(ValueError, match="sent"):
        await store.update_draft("maya", second.id, text=None, status=OutboxStatus.SENT)


async def test_outbox_rows_are_scoped_to_their_creator(backend: Backend) -> None:
    store = await with_creators(backend.store)
    draft = reply(key="r1", status=OutboxStatus.DRAFT)
    await store.commit_turn(turn(message(), outbox=draft))
    with pytest.raises(NotFound):
        await store.get_outbox("leo", draft.id)
    with pytest.raises(NotFound):
        await store.update_draft("leo", draft.id, text="mine now", status=OutboxStatus.PENDING)
    with pytest.raises(NotFound):
        await store.get_outbox("maya", "no-such-row")
    assert await store.get_outbox("maya", draft.id) == draft


# --------------------------------------------------------------------------------------------
# creators and blocklist
# --------------------------------------------------------------------------------------------


async def test_creators_upsert_get_find_list(backend: Backend) -> None:
    store = backend.store
    assert await store.get_creator("maya") is None
    await store.upsert_creator(MAYA)
    await store.upsert_creator(LEO)
    assert await store.get_creator("maya") == MAYA
    assert await store.find_creator_by_address(" Collabs@Maya.EXAMPLE ") == MAYA
    assert await store.find_creator_by_address("leo@repflow.example") == LEO
    assert await store.find_creator_by_address("nobody@repflow.example") is None
    assert [c.id for c in await store.list_creators()] == ["leo", "maya"]

    changed = MAYA.model_copy(
        update={
            "name": "Maya R.",
            "addresses": ("maya@new.example",),
            "preferences": Preferences(currency="EUR", min_budget=Decimal("1234.56")),
        }
    )
    await store.upsert_creator(changed)
    assert await store.get_creator("maya") == changed
    assert await store.find_creator_by_address("collabs@maya.example") is None
    assert await store.find_creator_by_address("maya@new.example") == changed
    # An address moves to whoever was written last.
    leo = LEO.model_copy(update={"addresses": ("leo@repflow.example", "maya@new.example")})
    await store.upsert_creator(leo)
    assert await store.find_creator_by_address("maya@new.example") == leo
    assert len(await store.list_creators()) == 2


async def test_blocklist(backend: Backend) -> None:
    store = await with_creators(backend.store)
    for value in ("Spam@Example.COM", "spam.example", "@Other.Example", "spam.example"):
        await store.block("maya", value)
    blocklist = await store.get_blocklist("maya")
    assert blocklist.addresses == frozenset({"spam@example.com"})
    assert blocklist.domains == frozenset({"spam.example", "other.example"})
    empty = await store.get_blocklist("leo")
    assert empty.addresses == frozenset()
    assert empty.domains == frozenset()
    with pytest.raises(NotFound):
        await store.block("nobody", "spam.example")
    with pytest.raises(ValueError, match="nothing to block"):
        await store.block("maya", "  ")


# --------------------------------------------------------------------------------------------
# leads and deals
# --------------------------------------------------------------------------------------------


async def test_list_leads_filters_scopes_and_orders(backend: Backend) -> None:
    store = await with_creators(backend.store)
    old = lead(thread_id="t1", state="new", updated_at=T0)
    new = lead(thread_id="t2", state="qualified", updated_at=T0 + timedelta(hours=2))
    mid = lead(thread_id="t3", state="new", updated_at=T0 + timedelta(hours=1))
    undated = lead(thread_id="t4", state="new", updated_at=None)
    other = lead(creator_id="leo", thread_id="t1", updated_at=T0 + timedelta(hours=3))
    for n, item in enumerate((old, new, mid, undated, other)):
        inbound = message(creator_id=item.creator_id, thread_id=item.thread_id, claim_key=f"k{n}")
        await store.commit_turn(turn(inbound, lead=item))

    assert await store.list_leads("maya") == [new, mid, old, undated]
    assert await store.list_leads("maya", state="new") == [mid, old, undated]
    assert await store.list_leads("maya", state="declined") == []
    assert await store.list_leads("maya", limit=2) == [new, mid]
    assert await store.list_leads() == [other, new, mid, old, undated]
    assert await store.list_leads("leo") == [other]

    old.state = "needs_review"
    old.updated_at = T0 + timedelta(hours=5)
    old.flags = ("scam", "dmarc_fail")
    await store.update_lead(old)
    assert (await store.list_leads("maya"))[0] == old
    assert (await store.load_thread("maya", "t1")).lead == old
    with pytest.raises(NotFound):
        await store.update_lead(replace(old, creator_id="leo"))
    with pytest.raises(NotFound):
        await store.update_lead(lead(thread_id="t9"))


async def test_list_deals_newest_first_and_scoped(backend: Backend) -> None:
    store = await with_creators(backend.store)
    deals = []
    for n, (creator_id, hours) in enumerate([("maya", 1), ("maya", 3), ("leo", 2)]):
        the_lead = lead(creator_id=creator_id, thread_id=f"t{n}")
        the_deal = deal(the_lead, created_at=T0 + timedelta(hours=hours))
        deals.append(the_deal)
        inbound = message(creator_id=creator_id, thread_id=f"t{n}", claim_key=f"k{n}")
        await store.commit_turn(turn(inbound, lead=the_lead, deal=the_deal))
    assert await store.list_deals("maya") == [deals[1], deals[0]]
    assert await store.list_deals() == [deals[1], deals[2], deals[0]]
    assert await store.list_deals(limit=1) == [deals[1]]
    assert await store.list_deals("nobody") == []


async def test_terms_and_timestamps_round_trip(backend: Backend) -> None:
    store = await with_creators(backend.store)
    plus_five = timezone(timedelta(hours=5, minutes=30))
    the_lead = replace(
        lead(terms=FULL_TERMS),
        created_at=T0.astimezone(plus_five),
        updated_at=(T0 + timedelta(microseconds=123)).astimezone(plus_five),
    )
    the_deal = deal(the_lead)
    await store.commit_turn(turn(message(), lead=the_lead, deal=the_deal))
    state = await store.load_thread("maya", "t1")
    assert state.lead is not None
    assert state.deal is not None
    assert state.lead.terms == FULL_TERMS
    assert state.deal.terms == FULL_TERMS
    assert state.lead.terms.budget_min == Decimal("2999.99")
    assert state.lead.terms.deliverables[0] == Deliverable(DeliverableKind.YOUTUBE_INTEGRATION, 2)
    assert state.lead.created_at == T0
    assert state.lead.created_at.tzinfo is not None
    assert state.lead.created_at.utcoffset() == timedelta(0)
    assert state.lead.updated_at == T0 + timedelta(microseconds=123)
    empty = replace(lead(thread_id="t2", terms=DealTerms()), created_at=None, updated_at=None)
    await store.commit_turn(turn(message(thread_id="t2", claim_key="k2"), lead=empty))
    assert (await store.load_thread("maya", "t2")).lead == empty


# --------------------------------------------------------------------------------------------
# SQL only: schema, connection settings, URLs
# --------------------------------------------------------------------------------------------


def migrate_to(connection: Any, revision: str) -> None:
    """Run the store's Alembic migrations up to ``revision`` on a sync connection."""
    from alembic import command

    from repflow.store.sql import alembic_config

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def schema_differences(connection: Any) -> list[object]:
    """What Alembic's autogenerate finds between the database and the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from repflow.store.tables import Base

    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_match_the_models(backend: Backend) -> None:
    if not isinstance(backend.store, SqlStore):
        pytest.skip("no schema in memory")
    await backend.store.create_schema()  # idempotent
    async with backend.store.engine.connect() as connection:
        assert await connection.run_sync(schema_differences) == []
        revision = await connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        assert revision.scalar_one() == "0006"  # the newest migration


async def test_upgrade_from_0001_gives_old_outbox_rows_their_created_at_as_turn_time(
    backend: Backend,
) -> None:
    url = await backend.fresh_url()
    store = SqlStore.from_url(url)
    backend.opened.append(store)

    async with store.engine.begin() as connection:
        await connection.run_sync(migrate_to, "0001")
        await connection.exec_driver_sql(
            "INSERT INTO creators (id, name, addresses, preferences, created_at) "
            "VALUES ('maya', 'Maya', '[]', '{}', '2026-11-16 10:00:00+00:00')"
        )
        await connection.exec_driver_sql(
            "INSERT INTO outbox (id, key, creator_id, thread_id, status, from_address, "
            'to_address, subject, text, message_id, "references", created_at, attempts) '
            "VALUES ('o1', 'reply:k1', 'maya', 't1', 'sent', 'maya@repflow.example', "
            "'jo@acme.com', 'Re: hi', 'Thanks', '<o1@repflow.example>', '[]', "
            "'2026-11-16 10:00:00+00:00', 0)"
        )
    await store.create_schema()
    [time] = await store.recent_replies("maya", to_address="jo@acme.com", since=T0 - timedelta(1))
    assert time == T0
    assert (await store.get_outbox("maya", "o1")).turn_at == T0


async def test_upgrade_keeps_a_dashboard_users_table_made_before_0003(backend: Backend) -> None:
    # Before 0003 the dashboard created its table itself, outside Alembic.
    from sqlalchemy import Boolean, Column, DateTime, MetaData, String, Table

    url = await backend.fresh_url()
    store = SqlStore.from_url(url)
    backend.opened.append(store)
    legacy = MetaData()
    Table(
        "dashboard_users",
        legacy,
        Column("email", String(320), primary_key=True),
        Column("creator_id", String(64), nullable=False, index=True),
        Column("password_hash", String(255), nullable=False),
        Column("admin", Boolean, nullable=False, default=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )

    def to_0002_with_the_legacy_table(connection: Any) -> None:
        migrate_to(connection, "0002")
        legacy.create_all(connection)
        connection.exec_driver_sql(
            "INSERT INTO dashboard_users VALUES ('a@example.com', 'maya', 'h', "
            f"{'true' if backend.name == 'postgres' else '1'}, "
            "'2026-11-16 10:00:00+00:00', '2026-11-16 10:00:00+00:00')"
        )

    async with store.engine.begin() as connection:
        await connection.run_sync(to_0002_with_the_legacy_table)
    await store.create_schema()
    async with store.engine.connect() as connection:
        assert await connection.run_sync(schema_differences) == []
        rows = await connection.exec_driver_sql("SELECT email FROM dashboard_users")
        assert rows.scalars().all() == ["a@example.com"]


async def test_upgrade_to_0004_bounds_long_keys_and_keeps_them_findable(backend: Backend) -> None:
    from repflow.store.codec import bounded_key

    url = await backend.fresh_url()
    store = SqlStore.from_url(url)
    backend.opened.append(store)
    long_id = "<" + "m" * 600 + "@acme.com>"  # fits PostgreSQL's index, over the new bound
    async with store.engine.begin() as connection:
        await connection.run_sync(migrate_to, "0003")
        await connection.exec_driver_sql(
            "INSERT INTO creators (id, name, addresses, preferences, created_at) "
            "VALUES ('maya', 'Maya', '[]', '{}', '2026-11-16 10:00:00+00:00')"
        )
        await connection.exec_driver_sql(
            "INSERT INTO processed_emails (key, status, attempts, updated_at) "
            f"VALUES ('{long_id}', 'done', 1, '2026-11-16 10:00:00+00:00')"
        )
        await connection.exec_driver_sql(
            "INSERT INTO messages (id, creator_id, thread_id, direction, message_id, sender, "
            "recipients, subject, subject_key, participant_key, text, claim_key, flags, "
            "defects, source, sha256, details, llm_calls, tokens, created_at) VALUES "
            f"('m1', 'maya', 't1', 'inbound', '{long_id}', 'jo@acme.com', '[]', 'Hi', 'hi', "
            f"'jo@acme.com|maya@repflow.example', 'x', '{long_id}', '[]', '[]', '', '', '{{}}', "
            "0, 0, '2026-11-16 10:00:00+00:00')"
        )
    await store.create_schema()
    async with store.engine.connect() as connection:
        assert await connection.run_sync(schema_differences) == []
        stored = await connection.exec_driver_sql("SELECT key FROM processed_emails")
        assert stored.scalars().all() == [bounded_key(long_id)]
    # Found by the original values, as before the upgrade.
    assert await store.claim(long_id, now=T0, lease=timedelta(minutes=5)) is ClaimStatus.DONE
    found = await store.find_inbound("maya", long_id)
    assert found is not None
    assert found.id == "m1"
    assert found.message_id == bounded_key(long_id)
    thread = await store.find_thread(
        "maya",
        message_ids=[long_id],
        subject_key=None,
        participant_key=None,
        at=None,
        window=timedelta(days=1),
    )
    assert thread == "t1"
    # 0004 lets a second email reuse the Message-ID under its own claim key.
    other = message(claim_key="k-other", message_id=long_id)
    await store.commit_turn(turn(other))
    assert len((await store.load_thread("maya", "t1")).messages) == 2


async def test_concurrent_create_schema_on_a_fresh_database(backend: Backend) -> None:
    url = await backend.fresh_url()
    stores = [SqlStore.from_url(url) for _ in range(3)]
    backend.opened.extend(stores)
    await asyncio.gather(*(store.create_schema() for store in stores))
    await stores[0].upsert_creator(MAYA)
    assert await stores[2].find_creator_by_address("maya@repflow.example") == MAYA


async def test_sqlite_connection_settings(backend: Backend) -> None:
    if backend.name != "sqlite" or not isinstance(backend.store, SqlStore):
        pytest.skip("SQLite only")
    async with backend.store.engine.connect() as connection:
        pragmas = {
            name: (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar_one()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 15000}


async def test_unreachable_database_is_store_unavailable() -> None:
    store = SqlStore.from_url("postgresql://postgres@127.0.0.1:1/nothing")
    try:
        with pytest.raises(StoreUnavailable):
            await store.claim("k", now=T0, lease=LEASE)
    finally:
        await store.close()
    assert issubclass(StoreUnavailable, StoreError)


async def test_from_url_does_not_connect(tmp_path: object) -> None:
    store = SqlStore.from_url("postgresql://nobody:secret@db.invalid:5432/x")
    assert "secret" not in store.url
    await store.close()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, "sqlite+aiosqlite:///./repflow.db"),
        ("", "sqlite+aiosqlite:///./repflow.db"),
        ("data/repflow.db", "sqlite+aiosqlite:///data/repflow.db"),
        ("/var/lib/repflow.db", "sqlite+aiosqlite:////var/lib/repflow.db"),
        ("sqlite:///rel.db", "sqlite+aiosqlite:///rel.db"),
        ("sqlite:////abs/x.db", "sqlite+aiosqlite:////abs/x.db"),
        ("sqlite+pysqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        (":memory:", "sqlite+aiosqlite:///:memory:"),
        ("postgresql://u:p@h:5432/db", "postgresql+asyncpg://u:p@h:5432/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql://u@h/db?sslmode=require", "postgresql+asyncpg://u@h/db?ssl=require"),
    ],
)
def test_database_url(raw: str | None, expected: str) -> None:
    assert database_url(raw) == expected
    assert database_url(expected) == expected


def test_database_url_rejects_other_databases() -> None:
    with pytest.raises(ConfigError, match="mysql"):
        database_url("mysql://u@h/db")


# --------------------------------------------------------------------------------------------
# codec
# --------------------------------------------------------------------------------------------

decimals = st.decimals(allow_nan=False, allow_infinity=False, places=2) | st.none()
texts = st.text(max_size=20) | st.none()


@given(
    st.builds(
        DealTerms,
        brand=texts,
        agency=texts,
        budget_min=decimals,
        budget_max=decimals,
        currency=st.sampled_from(["USD", "EUR", "JPY"]) | st.none(),
        budget_per_unit=texts,
        partnership_type=st.sampled_from(PartnershipType) | st.none(),
        deliverables=st.lists(
            st.builds(
                Deliverable,
                kind=st.sampled_from(DeliverableKind),
                quantity=st.integers(min_value=0, max_value=1000),
            ),
            max_size=4,
        ).map(tuple),
        platforms=st.lists(st.sampled_from(Platform), unique=True, max_size=4).map(tuple),
        deadline=texts,
        usage_rights=texts,
        exclusivity=texts,
        product_category=texts,
    )
)
def test_terms_json_round_trip(terms: DealTerms) -> None:
    import json

    data = json.loads(json.dumps(terms_to_json(terms)))
    assert terms_from_json(data) == terms
    for amount in ("budget_min", "budget_max"):
        assert data[amount] is None or isinstance(data[amount], str)


def test_terms_from_json_is_lenient_with_old_rows() -> None:
    terms = terms_from_json(
        {
            "brand": "Acme",
            "budget_min": "1500",
            "partnership_type": "barter",
            "deliverables": [{"kind": "hologram"}, {"kind": "tiktok_video", "quantity": "2"}],
            "platforms": ["tiktok", "myspace"],
        }
    )
    assert terms == DealTerms(
        brand="Acme",
        budget_min=Decimal(1500),
        deliverables=(
            Deliverable(DeliverableKind.OTHER, 1),
            Deliverable(DeliverableKind.TIKTOK_VIDEO, 2),
        ),
        platforms=(Platform.TIKTOK,),
    )
    assert terms_from_json(None) == DealTerms()
    assert terms_from_json({}) == DealTerms()
