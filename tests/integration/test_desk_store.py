"""The store's dashboard half (DeskStore): unblock, conversation state, deal milestones,
written replies, reopened drafts, the undo record; and what a sent reply changes.

Run against the in-memory, SQLite and PostgreSQL stores (the HTTP store has no dashboard half;
what ``mark_sent`` changes is checked through it too).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

import pytest

from repflow.domain.deals import DealStage, advance_deal, milestones_from_json
from repflow.domain.models import Conversation, new_id
from repflow.store.exceptions import Conflict, NotFound
from repflow.store.port import DeskStore, OutboxStatus
from repflow.store.sql import SqlStore
from tests.integration.conftest import Backend
from tests.integration.test_store_contract import (
    T0,
    deal,
    lead,
    message,
    migrate_to,
    reply,
    turn,
    with_creators,
)


async def desk(backend: Backend) -> DeskStore:
    if backend.is_http:
        pytest.skip("the HTTP store has no dashboard half")
    return cast(DeskStore, await with_creators(backend.store))


def awaiting_creator() -> Conversation:
    return Conversation(
        id=new_id(), creator_id="maya", thread_id="t1", state="awaiting_creator", subject="Hi"
    )


async def test_a_sent_reply_hands_the_turn_to_the_brand_and_moves_the_lead(
    backend: Backend,
) -> None:
    store = await with_creators(backend.store)
    the_lead = lead()
    draft = reply(key="reply:k1", lead_id=the_lead.id, status=OutboxStatus.DRAFT)
    await store.commit_turn(
        turn(message(), lead=the_lead, conversation=awaiting_creator(), outbox=draft)
    )
    await store.update_draft("maya", draft.id, text=None, status=OutboxStatus.PENDING)
    sent_at = T0 + timedelta(days=3)
    await store.mark_sent(draft.id, provider_id=None, now=sent_at)
    state = await store.load_thread("maya", "t1")
    assert state.conversation is not None
    assert state.conversation.state == "awaiting_brand"
    assert state.lead is not None
    assert state.lead.updated_at == sent_at


async def test_unblock(backend: Backend) -> None:
    store = await desk(backend)
    await store.block("maya", "Jo@Acme.com")
    await store.block("maya", "spam.example")
    await store.block("leo", "jo@acme.com")
    assert await store.unblock("maya", "jo@acme.com") is True
    assert await store.unblock("maya", "jo@acme.com") is False
    assert await store.unblock("maya", "@Spam.Example") is True
    assert not (await store.get_blocklist("maya")).matches("jo@acme.com")
    assert not (await store.get_blocklist("maya")).matches("x@spam.example")
    assert (await store.get_blocklist("leo")).matches("jo@acme.com")  # another creator's
    with pytest.raises(ValueError, match="nothing to block"):
        await store.unblock("maya", "  ")


async def test_set_conversation_state_and_the_undo_record(backend: Backend) -> None:
    store = await desk(backend)
    the_lead = lead()
    await store.commit_turn(turn(message(), lead=the_lead, conversation=awaiting_creator()))
    await store.set_conversation_state("maya", "t1", "closed")
    await store.set_conversation_state("leo", "t1", "awaiting_brand")  # not leo's thread
    undo = {"state": "new", "conversation": "awaiting_creator", "drafts": ["a", "b"]}
    await store.update_lead(replace(the_lead, state="ignored", undo=undo))
    state = await store.load_thread("maya", "t1")
    assert state.conversation is not None
    assert state.conversation.state == "closed"
    assert state.lead is not None
    assert state.lead.undo == undo
    await store.update_lead(replace(state.lead, state="new", undo=None))
    restored = (await store.load_thread("maya", "t1")).lead
    assert restored is not None
    assert restored.undo is None
    with pytest.raises(ValueError, match="nonsense"):
        await store.set_conversation_state("maya", "t1", "nonsense")


async def test_deal_milestones_are_stored(backend: Backend) -> None:
    store = await desk(backend)
    the_lead = lead(state="deal_created")
    the_deal = deal(the_lead)
    await store.commit_turn(turn(message(), lead=the_lead, deal=the_deal))
    moved, _ = advance_deal(
        the_deal,
        DealStage.CONTRACTED,
        on=date(2026, 11, 20),
        today=date(2026, 12, 1),
        amount=Decimal("4000.50"),
    )
    await store.update_deal(moved)
    (stored,) = await store.list_deals("maya")
    assert stored.stage == "contracted"
    (milestone,) = milestones_from_json(list(stored.milestones))
    assert milestone.on == date(2026, 11, 20)
    assert milestone.amount == Decimal("4000.50")
    assert milestone.currency == "EUR"  # the terms' currency
    assert (await store.load_thread("maya", "t1")).deal == stored
    with pytest.raises(NotFound):
        await store.update_deal(replace(moved, creator_id="leo"))


async def test_add_outbox_and_reopen_drafts(backend: Backend) -> None:
    store = await desk(backend)
    the_lead = lead()
    draft = reply(key="reply:k1", lead_id=the_lead.id, status=OutboxStatus.DRAFT)
    await store.commit_turn(turn(message(), lead=the_lead, outbox=draft))
    written = reply(key="written:1", lead_id=the_lead.id)
    await store.add_outbox(written)
    assert await store.pending_outbox() == [written]
    with pytest.raises(Conflict):
        await store.add_outbox(replace(written, id=new_id()))  # the same key
    await store.update_draft("maya", draft.id, text=None, status=OutboxStatus.DISCARDED)
    assert await store.reopen_drafts("leo", [draft.id]) == []
    assert await store.reopen_drafts("maya", [draft.id, written.id, "nope"]) == [draft.id]
    assert (await store.get_outbox("maya", draft.id)).status is OutboxStatus.DRAFT
    assert (await store.get_outbox("maya", written.id)).status is OutboxStatus.PENDING


async def test_upgrade_to_0006_gives_old_deals_no_milestones(backend: Backend) -> None:
    if not backend.is_sql or backend.is_http:
        pytest.skip("SQL stores only")
    url = await backend.fresh_url()
    store = SqlStore.from_url(url)
    backend.opened.append(store)
    async with store.engine.begin() as connection:
        await connection.run_sync(migrate_to, "0005")
        await connection.exec_driver_sql(
            "INSERT INTO creators (id, name, addresses, contacts, preferences, created_at) "
            "VALUES ('maya', 'Maya', '[]', '[]', '{}', '2026-11-16 10:00:00+00:00')"
        )
        await connection.exec_driver_sql(
            "INSERT INTO leads (id, creator_id, thread_id, state, terms, flags, counterparty) "
            "VALUES ('l1', 'maya', 't1', 'deal_created', '{}', '[]', 'jo@acme.com')"
        )
        await connection.exec_driver_sql(
            "INSERT INTO deals (id, creator_id, lead_id, thread_id, stage, terms) "
            "VALUES ('d1', 'maya', 'l1', 't1', 'new', '{}')"
        )
    await store.create_schema()
    (old,) = await store.list_deals("maya")
    assert old.milestones == ()
    (old_lead,) = await store.list_leads("maya")
    assert old_lead.undo is None
