"""The store port: everything the pipeline, CLI and API persist or read.

Two adapters implement it: :mod:`repflow.store.sql` (SQLAlchemy over SQLite or PostgreSQL) and
:mod:`repflow.store.http` (the backend API, used from Lambda). :mod:`repflow.store.memory` is the
in-memory fake the tests use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
from repflow.mail.thread import Participants


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

    Committing also marks the claim ``claim_key`` done and releases the thread lock
    ``lock_key`` (from :class:`OpenedTurn`). An ``outbox`` row whose key already exists is not
    written twice (the earlier row stands), so a replayed turn cannot add a second reply.
    """

    claim_key: str
    creator_id: str
    thread_id: str
    inbound: StoredMessage
    lead: Lead | None = None
    conversation: Conversation | None = None
    deal: Deal | None = None
    outbox: OutboxItem | None = None
    lock_key: str | None = None


@dataclass(frozen=True, slots=True)
class TurnReceipt:
    """What :meth:`TurnStore.commit_turn` wrote.

    Attributes:
        written: The turn was written (False: its claim was already done, a replay).
        outbox_written: The turn's outbox row was inserted (False: none, a replay, or a row
            with its key existed). Only a written row is this turn's to send.
    """

    written: bool
    outbox_written: bool = False


class TurnStatus(StrEnum):
    """How :meth:`TurnStore.begin_turn` answered."""

    OPEN = "open"  # the message is claimed and its thread locked: go on, then commit or abort
    IN_PROGRESS = "in_progress"  # another worker holds the message's claim: retry later
    THREAD_BUSY = "thread_busy"  # another turn of the thread is in progress: retry later
    DONE = "done"  # processed before: nothing to do (``earlier`` holds what was stored)


@dataclass(frozen=True, slots=True)
class ThreadQuery:
    """How to find an email's thread once the creator (and so their addresses) is known.

    Attributes:
        message_ids: The email's own Message-ID, then References (root first), In-Reply-To.
        subject_key: The normalised subject.
        subject_fallback: The subject + participants fallback may apply (no references, a reply
            prefix, not a generic subject); it also needs both sides of the participant pair.
        new_thread_id: The thread id when nothing matches.
        participants: The addresses the participant key is computed from.
        own_addresses: Creator-side addresses known without the store (``repflow.toml``); the
            creator's own addresses and ``reply_from`` are added to them.
        at: The email's Date (the fallback's window is around it).
        window: How near in time the fallback's match must be.
    """

    message_ids: tuple[str, ...]
    subject_key: str
    subject_fallback: bool
    new_thread_id: str
    participants: Participants
    own_addresses: tuple[str, ...] = ()
    at: datetime | None = None
    window: timedelta = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class TurnRequest:
    """Everything :meth:`TurnStore.begin_turn` needs to open one inbound message's turn.

    Attributes:
        claim_key: The message's idempotency key.
        now: The caller's clock.
        lease: How long the claims (message and thread) hold if the caller dies.
        creator_addresses: Where the message was delivered, in order of trust: the first that
            belongs to a creator picks the creator.
        default_creator: Used (and stored) when no address belongs to a creator and the store
            has no default profile yet.
        thread: How to find the thread; None for a message kept raw (no thread, no context).
        legacy_key: An older form of the claim key to look a stored inbound message up under
            (``earlier`` of an OPEN turn).
        reply_candidates: Addresses the reply may go to (From, Reply-To): their recent replies
            are returned (the per-address rate limit).
        replies_since: Count replies made at or after this time.
    """

    claim_key: str
    now: datetime
    lease: timedelta
    creator_addresses: tuple[str, ...]
    default_creator: CreatorProfile
    thread: ThreadQuery | None = None
    legacy_key: str | None = None
    reply_candidates: tuple[str, ...] = ()
    replies_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class OpenedTurn:
    """What the store knows for one turn, read in one transaction (or one request).

    Attributes:
        status: Whether the turn is open (see :class:`TurnStatus`).
        creator: The creator the message was delivered to.
        thread_id: The thread (empty unless OPEN with a thread query).
        subject_key: The thread key's subject part.
        participant_key: The participant key given the creator's addresses.
        lock_key: The thread lock to pass back in :attr:`Turn.lock_key` (or to abort).
        state: The thread as stored.
        blocklist: The creator's blocklist.
        recent_replies: For each reply candidate (lower case), when replies to it were made.
        earlier: DONE: the inbound message stored under the claim key; OPEN: the one stored
            under ``legacy_key``, if any.
    """

    status: TurnStatus
    creator: CreatorProfile
    thread_id: str = ""
    subject_key: str = ""
    participant_key: str = ""
    lock_key: str | None = None
    state: ThreadState = field(default_factory=lambda: ThreadState(thread_id=""))
    blocklist: Blocklist = field(default_factory=Blocklist)
    recent_replies: Mapping[str, tuple[datetime, ...]] = field(default_factory=dict)
    earlier: StoredMessage | None = None


class TurnStore(Protocol):
    """The coarse port the pipeline runs on: a turn is opened, then committed or aborted.

    Each call is one transaction (SQL) or one request (HTTP), so one email costs two round trips
    to the backend, plus one to mark its reply sent.
    """

    async def begin_turn(self, request: TurnRequest) -> OpenedTurn:
        """Find the creator, claim the message, find and lock its thread, read its context.

        All in one transaction: the creator (by ``creator_addresses``, else the default
        profile), the claim of ``claim_key``, then (OPEN only) the thread by ``thread``, a lock
        on it, the thread state, the blocklist and the recent replies. When the thread is
        locked by another turn the message's claim is given up again (THREAD_BUSY).
        """
        ...

    async def commit_turn(self, turn: Turn) -> TurnReceipt:
        """Write a turn atomically, mark its claim done and release its thread lock."""
        ...

    async def abort_turn(self, claim_key: str, lock_key: str | None) -> None:
        """Give up an open turn's claims (after a failure) so a redelivery can take them."""
        ...


class OutboxQueue(Protocol):
    """The outbox as the dispatcher sees it: pending rows, and what became of each send."""

    async def get_creator(self, creator_id: str) -> CreatorProfile | None:
        """A creator by id."""
        ...

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


class Store(TurnStore, OutboxQueue, Protocol):
    """Persistence for the deal desk. Every read and write is scoped to one creator.

    The pipeline needs only :class:`TurnStore` and the dispatcher :class:`OutboxQueue`; the
    finer methods serve the CLI, the dashboard and the backend API.
    """

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

    # -- outbox ------------------------------------------------------------------------------
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


# -- the mailbox watcher's state (repflow watch) -----------------------------------------------
class MailboxDraftState(StrEnum):
    """What became of a draft reply APPENDed to the creator's Drafts folder."""

    OPEN = "open"  # expected in Drafts
    SENT = "sent"  # the creator sent it from their mail client (found in Sent)
    DELETED = "deleted"  # it left Drafts unsent
    SUPERSEDED = "superseded"  # approved or discarded in Repflow itself


@dataclass(frozen=True, slots=True)
class MailboxCursor:
    """How far one IMAP folder has been read.

    Attributes:
        mailbox: The folder's URL without a password.
        uidvalidity: The folder's UIDVALIDITY when ``last_uid`` was read.
        last_uid: The highest UID processed under ``uidvalidity``.
        created_at: When the folder was first watched (older drafts are not APPENDed).
    """

    mailbox: str
    uidvalidity: int
    last_uid: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MailboxDraft:
    """A draft reply APPENDed to a mailbox's Drafts folder, with its outbox row."""

    mailbox: str
    state: MailboxDraftState
    item: OutboxItem


class MailboxStateStore(Protocol):
    """What ``repflow watch`` keeps per mailbox (implemented by the SQL store)."""

    async def get_mailbox_cursor(self, mailbox: str) -> MailboxCursor | None:
        """The folder's cursor, or None before its first pass."""
        ...

    async def save_mailbox_cursor(
        self, mailbox: str, *, uidvalidity: int, last_uid: int, now: datetime
    ) -> None:
        """Insert or move the folder's cursor."""
        ...

    async def drafts_to_append(self, mailbox: str, *, since: datetime) -> list[OutboxItem]:
        """DRAFT outbox rows made at or after ``since`` not APPENDed to ``mailbox`` yet."""
        ...

    async def record_mailbox_draft(self, mailbox: str, item: OutboxItem, *, now: datetime) -> None:
        """Remember that ``item`` was APPENDed to the mailbox's Drafts (state OPEN)."""
        ...

    async def open_mailbox_drafts(self, mailbox: str) -> list[MailboxDraft]:
        """The mailbox's drafts in state OPEN, oldest first."""
        ...

    async def resolve_mailbox_draft(
        self, mailbox: str, outbox_id: str, state: MailboxDraftState, *, now: datetime
    ) -> None:
        """Close a draft: SENT marks the outbox row sent (by the creator), DELETED discards it.

        SUPERSEDED leaves the outbox row alone (Repflow itself approved or discarded it).
        """
        ...
