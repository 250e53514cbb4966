"""The SQL store's hot statements, built once per backend with bound parameters.

Building a SQLAlchemy statement (coercing every clause, then computing its cache key) costs
more than running it on SQLite: a turn runs about fifteen, and rebuilding them for every email
was most of the store's time. These are built on first use, per dialect (the upserts differ),
and executed with parameters; SQLAlchemy memoises each one's cache key, so its compiled form
is found at once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Executable

from repflow.domain.models import Direction
from repflow.domain.outbox import LIVE_REPLY_STATUSES
from repflow.store.tables import (
    Base,
    BlocklistRow,
    ConversationRow,
    CreatorAddressRow,
    CreatorRow,
    DealRow,
    LeadRow,
    MessageRow,
    OutboxRow,
    ProcessedEmailRow,
)

__all__ = ["CLAIMED", "DONE", "Statements", "statements"]

#: Claim states of ``processed_emails``.
CLAIMED = "claimed"
DONE = "done"


@dataclass(frozen=True, slots=True)
class Statements:
    """Prepared statements of one dialect; parameter names are given where each is built.

    Insert and update statements take ``b_``-prefixed names (SQLAlchemy reserves a column's
    own name for its VALUES and SET clauses).
    """

    claim: Executable
    claim_status: Executable
    release: Executable
    mark_done: Executable
    creator_by_id: Executable
    creators_by_address: Executable
    inbound_by_claim_key: Executable
    threads_by_message_ids: Executable
    thread_by_subject: Executable
    lead_of_thread: Executable
    conversation_of_thread: Executable
    deal_of_thread: Executable
    messages_of_thread: Executable
    outbox_of_thread: Executable
    blocklist: Executable
    recent_replies: Executable
    insert_message: Executable
    upsert_lead: Executable
    upsert_conversation: Executable
    insert_deal: Executable
    insert_outbox: Executable


def _insert(backend: str, model: type[Base]) -> Any:
    return postgresql.insert(model) if backend == "postgresql" else sqlite.insert(model)


def _upsert_by_id(backend: str, model: type[LeadRow | ConversationRow]) -> Executable:
    """Insert or replace by id, only within the row's creator (else no row comes back)."""
    insert = _insert(backend, model)
    columns = [c.name for c in model.__table__.columns if c.name not in {"id", "creator_id"}]
    statement: Executable = insert.on_conflict_do_update(
        index_elements=[model.id],
        set_={name: insert.excluded[name] for name in columns},
        where=model.creator_id == insert.excluded.creator_id,
    ).returning(model.id)
    return statement


@functools.cache
def statements(backend: str) -> Statements:
    """The prepared statements of ``backend`` (``sqlite`` or ``postgresql``)."""
    claims = ProcessedEmailRow
    claim_insert = _insert(backend, claims).values(
        key=bindparam("b_key"),
        status=CLAIMED,
        claimed_until=bindparam("b_until"),
        attempts=1,
        updated_at=bindparam("b_now"),
    )
    mark_done = _insert(backend, claims).values(
        key=bindparam("b_key"),
        status=DONE,
        claimed_until=None,
        attempts=0,
        updated_at=bindparam("b_now"),
    )
    thread: tuple[Any, Any] = (bindparam("creator_id"), bindparam("thread_id"))
    return Statements(
        # Inserted and claimed, or a crashed worker's expired lease taken over: the key comes
        # back. A live lease or a finished key: nothing comes back.
        claim=claim_insert.on_conflict_do_update(
            index_elements=[claims.key],
            set_={
                "status": CLAIMED,
                "claimed_until": claim_insert.excluded.claimed_until,
                "attempts": claims.attempts + 1,
                "updated_at": claim_insert.excluded.updated_at,
            },
            where=and_(
                claims.status != DONE,
                or_(claims.claimed_until.is_(None), claims.claimed_until <= bindparam("b_now")),
            ),
        ).returning(claims.key),
        claim_status=select(claims.status).where(claims.key == bindparam("b_key")),
        release=update(claims)
        .where(claims.key == bindparam("b_key"), claims.status == CLAIMED)
        .values(claimed_until=None, updated_at=bindparam("b_now")),
        mark_done=mark_done.on_conflict_do_update(
            index_elements=[claims.key],
            set_={"status": DONE, "claimed_until": None, "updated_at": bindparam("b_now")},
            where=claims.status != DONE,
        ).returning(claims.key),
        creator_by_id=select(CreatorRow).where(CreatorRow.id == bindparam("creator_id")),
        creators_by_address=select(CreatorRow, CreatorAddressRow.address)
        .join(CreatorAddressRow, CreatorAddressRow.creator_id == CreatorRow.id)
        .where(CreatorAddressRow.address.in_(bindparam("addresses", expanding=True))),
        inbound_by_claim_key=select(MessageRow)
        .where(
            MessageRow.creator_id == bindparam("creator_id"),
            MessageRow.claim_key == bindparam("claim_key"),
            MessageRow.direction == Direction.INBOUND.value,
        )
        .order_by(MessageRow.created_at, MessageRow.id)
        .limit(1),
        threads_by_message_ids=select(MessageRow.message_id, MessageRow.thread_id).where(
            MessageRow.creator_id == bindparam("creator_id"),
            MessageRow.message_id.in_(bindparam("ids", expanding=True)),
        ),
        thread_by_subject=select(MessageRow.thread_id)
        .where(
            MessageRow.creator_id == bindparam("creator_id"),
            MessageRow.subject_key == bindparam("subject_key"),
            MessageRow.participant_key == bindparam("participant_key"),
            MessageRow.sent_at >= bindparam("since"),
            MessageRow.sent_at <= bindparam("b_until"),
        )
        .order_by(MessageRow.sent_at.desc(), MessageRow.created_at.desc(), MessageRow.id.desc())
        .limit(1),
        lead_of_thread=select(LeadRow).where(
            LeadRow.creator_id == thread[0], LeadRow.thread_id == thread[1]
        ),
        conversation_of_thread=select(ConversationRow).where(
            ConversationRow.creator_id == thread[0], ConversationRow.thread_id == thread[1]
        ),
        deal_of_thread=select(DealRow)
        .where(DealRow.creator_id == thread[0], DealRow.thread_id == thread[1])
        .order_by(DealRow.created_at.desc().nulls_last(), DealRow.id)
        .limit(1),
        messages_of_thread=select(MessageRow)
        .where(MessageRow.creator_id == thread[0], MessageRow.thread_id == thread[1])
        .order_by(MessageRow.sent_at.asc().nulls_last(), MessageRow.created_at, MessageRow.id),
        outbox_of_thread=select(OutboxRow)
        .where(OutboxRow.creator_id == thread[0], OutboxRow.thread_id == thread[1])
        .order_by(OutboxRow.created_at, OutboxRow.id),
        blocklist=select(BlocklistRow.kind, BlocklistRow.value).where(
            BlocklistRow.creator_id == bindparam("creator_id")
        ),
        # Two range scans of ix_outbox_creator_id_turn_at: rows with a turn time, and rows
        # written without one (counted at created_at). A COALESCE would scan every row.
        recent_replies=select(OutboxRow.turn_at, OutboxRow.created_at).where(
            OutboxRow.creator_id == bindparam("creator_id"),
            or_(
                OutboxRow.turn_at >= bindparam("since"),
                and_(OutboxRow.turn_at.is_(None), OutboxRow.created_at >= bindparam("since")),
            ),
            OutboxRow.status.in_([status.value for status in LIVE_REPLY_STATUSES]),
            func.lower(OutboxRow.to_address) == bindparam("to_address"),
        ),
        insert_message=_insert(backend, MessageRow).on_conflict_do_nothing(
            index_elements=[MessageRow.creator_id, MessageRow.claim_key]
        ),
        upsert_lead=_upsert_by_id(backend, LeadRow),
        upsert_conversation=_upsert_by_id(backend, ConversationRow),
        insert_deal=_insert(backend, DealRow).on_conflict_do_nothing(
            index_elements=[DealRow.lead_id]
        ),
        insert_outbox=_insert(backend, OutboxRow)
        .on_conflict_do_nothing(index_elements=[OutboxRow.key])
        .returning(OutboxRow.id),
    )
