"""The store port: everything the pipeline, CLI and API persist or read.

Two adapters implement it: :mod:`repflow.store.sql` (SQLAlchemy over SQLite or PostgreSQL) and
:mod:`repflow.store.http` (the backend API, used from Lambda). :mod:`repflow.store.memory` is the
in-memory fake the tests use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from repflow.domain.models import Conversation, Deal, Direction, Lead
from repflow.domain.outbox import LIVE_REPLY_STATUSES as LIVE_REPLY_STATUSES
from repflow.domain.outbox import OutboxItem as OutboxItem
from repflow.domain.outbox import OutboxStatus as OutboxStatus
from repflow.domain.profile import CreatorProfile
from repflow.mail.screen import Blocklist


class ClaimStatus(StrEnum):
    """The answer to a claim on an inbound message key."""

    CLAIMED = "claimed"  # ours now: go on
    IN_PROGRESS = "in_progress"  # another worker holds a live lease: stop, retry later
    DONE = "done"  # already processed: stop, nothing to do


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A message of a thread as stored (bodies trimmed to what this sender wrote)."""

    id: str
    creator_id: str
    thread_id: str
    direction: Direction
    message_id: str | None
    sender: str
    recipients: tuple[str, ...]
    subject: str
    subject_key: str
    participant_key: str
    text: str
    sent_at: datetime | None
    claim_key: str = ""
    screen_reason: str | None = None
    category: str | None = None
    flags: tuple[str, ...] = ()
    defects: tuple[str, ...] = ()
    source: str = ""
    sha256: str = ""
    #: The decision record of the turn (JSON-able), for the dashboard and audits.
    details: dict[str, Any] = field(default_factory=dict)
    llm_calls: int = 0
    tokens: int = 0


@dataclass(frozen=True, slots=True)
class ThreadState:
    """What the store holds about one thread of one creator."""

    thread_id: str
    lead: Lead | None = None
    conversation: Conversation | None = None
    deal: Deal | None = None
    messages: tuple[StoredMessage, ...] = ()
    outbox: tuple[OutboxItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Turn:
    """Everything one processed inbound message changes, committed in ONE transaction.

    Committing also marks the claim ``claim_key`` done. An ``outbox`` row whose key already exists
    is not written twice (the earlier row stands), so a replayed turn cannot add a second reply.
    """

    claim_key: str
    creator_id: str
    thread_id: str
    inbound: StoredMessage
    lead: Lead | None = None
    conversation: Conversation | None = None
    deal: Deal | None = None
    outbox: OutboxItem | None = None


class Store(Protocol):
    """Persistence for the deal desk. Every read and write is scoped to one creator."""

    async def close(self) -> None:
        """Release connections; the store may be used again afterwards."""
        ...

    # -- idempotency -------------------------------------------------------------------------
    async def claim(self, key: str, *, now: datetime, lease: timedelta) -> ClaimStatus:
        """Claim inbound message ``key`` for processing under a lease.

        A missing key is inserted and claimed; an expired lease (crashed worker) is reclaimed;
        a live lease answers IN_PROGRESS; a finished key answers DONE.
        """
        ...

    async def release(self, key: str) -> None:
        """Give a claim up after a failure so a redelivery can take it at once."""
        ...

    # -- creators and blocklist --------------------------------------------------------------
    async def upsert_creator(self, profile: CreatorProfile) -> None:
        """Insert or replace a creator profile."""
        ...

    async def get_creator(self, creator_id: str) -> CreatorProfile | None:
        """A creator by id."""
        ...

    async def find_creator_by_address(self, address: str) -> CreatorProfile | None:
        """The creator whose inbound addresses include ``address`` (lower-case)."""
        ...

    async def list_creators(self) -> list[CreatorProfile]:
        """All creators, by id."""
        ...

    async def get_blocklist(self, creator_id: str) -> Blocklist:
        """The creator's blocked addresses and domains."""
        ...

    async def block(self, creator_id: str, value: str) -> None:
        """Block an address (contains ``@``) or a domain for a creator."""
        ...

    # -- threads -----------------------------------------------------------------------------
    async def find_thread(
        self,
        creator_id: str,
        *,
        message_ids: Sequence[str],
        subject_key: str | None,
        participant_key: str | None,
        at: datetime | None,
        window: timedelta,
    ) -> str | None:
        """The thread of an email, looked up by its ids, then by subject and participants.

        The first id of ``message_ids`` that a stored message (either direction) carries gives
        the thread. Otherwise, when ``subject_key`` is given and ``at`` is known, the newest
        thread whose messages share the subject key and participant key within ``window`` of
        ``at`` (either way); None when nothing matches.
        """
        ...

    async def load_thread(self, creator_id: str, thread_id: str) -> ThreadState:
        """The lead, conversation, deal, messages (oldest first) and outbox rows of a thread."""
        ...

    async def find_inbound(self, creator_id: str, claim_key: str) -> StoredMessage | None:
        """The inbound message committed under ``claim_key`` (a replay reports its result)."""
        ...

    async def commit_turn(self, turn: Turn) -> None:
        """Write a turn atomically and mark its claim done (see :class:`Turn`)."""
        ...

    # -- outbox ------------------------------------------------------------------------------
    async def pending_outbox(self, *, limit: int = 50) -> list[OutboxItem]:
        """Rows with status PENDING, oldest first."""
        ...

    async def mark_sent(self, outbox_id: str, *, provider_id: str | None, now: datetime) -> None:
        """Record that the transport accepted the reply; stores it as an outbound message.

        The reply answered the brand: a conversation awaiting the creator now awaits the
        brand, and the thread's lead counts ``now`` as its latest activity.
        """
        ...

    async def mark_failed(self, outbox_id: str, *, error: str, give_up: bool) -> None:
        """Record a failed attempt (attempts + 1); FAILED when ``give_up``."""
        ...

    async def get_outbox(self, creator_id: str, outbox_id: str) -> OutboxItem:
        """One outbox row of this creator (raises NotFound)."""
        ...

    async def recent_replies(
        self, creator_id: str, *, to_address: str, since: datetime
    ) -> list[datetime]:
        """When this creator's replies to ``to_address`` were made, on any thread.

        The :attr:`OutboxItem.limit_time` of outbox rows that went or may go out (PENDING,
        DRAFT, SENT) whose recipient is ``to_address`` (compared case-insensitively), at or
        after ``since``; oldest first. The per-address rate limit counts them.
        """
        ...

    async def update_draft(
        self, creator_id: str, outbox_id: str, *, text: str | None, status: OutboxStatus
    ) -> OutboxItem:
        """Approve (PENDING), edit then approve, or discard a DRAFT row of this creator."""
        ...

    # -- reading -----------------------------------------------------------------------------
    async def list_leads(
        self, creator_id: str | None = None, *, state: str | None = None, limit: int = 200
    ) -> list[Lead]:
        """Leads, newest activity first; all creators when ``creator_id`` is None."""
        ...

    async def list_deals(self, creator_id: str | None = None, *, limit: int = 200) -> list[Deal]:
        """Deals, newest first."""
        ...

    async def update_lead(self, lead: Lead) -> None:
        """Save a lead the creator changed (state, flags, undo) from the dashboard or CLI."""
        ...


class DeskStore(Store, Protocol):
    """The port plus what the creator changes by hand from the dashboard.

    The SQL store and the in-memory store implement it; the HTTP store (the Lambda's view of
    the backend) does not need it, since the dashboard runs next to the database.
    """

    async def unblock(self, creator_id: str, value: str) -> bool:
        """Remove an address or domain from the creator's blocklist; False if it was not there.

        Raises:
            ValueError: ``value`` is blank.
        """
        ...

    async def set_conversation_state(self, creator_id: str, thread_id: str, state: str) -> None:
        """Set whose turn it is in a thread (nothing happens when it has no conversation)."""
        ...

    async def update_deal(self, deal: Deal) -> None:
        """Save a deal's stage and milestones (raises NotFound for an unknown deal)."""
        ...

    async def add_outbox(self, item: OutboxItem) -> None:
        """Insert a reply the creator wrote themselves (raises Conflict if its key exists)."""
        ...

    async def reopen_drafts(self, creator_id: str, outbox_ids: Sequence[str]) -> list[str]:
        """Put DISCARDED rows of this creator back to DRAFT; returns the ids reopened."""
        ...
