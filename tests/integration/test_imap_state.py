"""The mailbox watcher's state in the SQL store (SQLite and PostgreSQL): cursors and drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from repflow.domain.models import Direction
from repflow.store.port import MailboxDraftState, OutboxStatus
from repflow.store.sql import SqlStore
from tests.integration.conftest import Backend
from tests.integration.test_store_contract import T0, message, reply, turn, with_creators

BOX = "imaps://maya@imap.example.com:993/INBOX"


def sql_store(backend: Backend) -> SqlStore:
    if not isinstance(backend.store, SqlStore):
        pytest.skip("the mailbox state lives in the SQL store")
    return backend.store


async def test_the_cursor_is_created_then_moved(backend: Backend) -> None:
    store = sql_store(backend)
    assert await store.get_mailbox_cursor(BOX) is None
    await store.save_mailbox_cursor(BOX, uidvalidity=7, last_uid=0, now=T0)
    await store.save_mailbox_cursor(BOX, uidvalidity=7, last_uid=42, now=T0 + timedelta(hours=1))
    cursor = await store.get_mailbox_cursor(BOX)
    assert cursor is not None
    assert (cursor.uidvalidity, cursor.last_uid, cursor.created_at) == (7, 42, T0)
    # UIDVALIDITY values are 32-bit unsigned: above a signed int's range.
    await store.save_mailbox_cursor(BOX, uidvalidity=4_294_967_295, last_uid=3, now=T0)
    cursor = await store.get_mailbox_cursor(BOX)
    assert cursor is not None
    assert (cursor.uidvalidity, cursor.last_uid) == (4_294_967_295, 3)
    assert await store.get_mailbox_cursor(BOX + "x") is None


async def test_drafts_are_appended_once_and_resolved(backend: Backend) -> None:
    store = sql_store(backend)
    await with_creators(store)
    sent = reply(key="reply:k1", status=OutboxStatus.DRAFT, in_reply_to="<m1@acme.com>")
    deleted = reply(key="reply:k2", status=OutboxStatus.DRAFT, thread_id="t2")
    old = reply(
        key="reply:k3", status=OutboxStatus.DRAFT, thread_id="t3", created_at=T0 - timedelta(days=1)
    )
    await store.commit_turn(turn(message(message_id="<m1@acme.com>"), outbox=sent))
    await store.commit_turn(
        turn(message(message_id="<m2@acme.com>", thread_id="t2", claim_key="c2"), outbox=deleted)
    )
    await store.commit_turn(
        turn(message(message_id="<m3@acme.com>", thread_id="t3", claim_key="c3"), outbox=old)
    )

    pending = await store.drafts_to_append(BOX, since=T0)
    assert sorted(item.id for item in pending) == sorted([sent.id, deleted.id])
    for item in pending:
        await store.record_mailbox_draft(BOX, item, now=T0)
        await store.record_mailbox_draft(BOX, item, now=T0)  # idempotent
    assert await store.drafts_to_append(BOX, since=T0) == []
    assert sorted(d.item.id for d in await store.open_mailbox_drafts(BOX)) == sorted(
        [sent.id, deleted.id]
    )

    later = T0 + timedelta(hours=2)
    await store.resolve_mailbox_draft(BOX, sent.id, MailboxDraftState.SENT, now=later)
    await store.resolve_mailbox_draft(BOX, deleted.id, MailboxDraftState.DELETED, now=later)
    await store.resolve_mailbox_draft(BOX, deleted.id, MailboxDraftState.SENT, now=later)  # closed
    assert await store.open_mailbox_drafts(BOX) == []

    row = await store.get_outbox("maya", sent.id)
    assert (row.status, row.provider_id, row.sent_at) == (OutboxStatus.SENT, "mailbox", later)
    thread = await store.load_thread("maya", "t1")
    assert [m.direction for m in thread.messages] == [Direction.INBOUND, Direction.OUTBOUND]
    assert (await store.get_outbox("maya", deleted.id)).status is OutboxStatus.DISCARDED
    assert len((await store.load_thread("maya", "t2")).messages) == 1
