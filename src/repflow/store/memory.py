"""The in-memory :class:`~repflow.store.port.Store`: a faithful fake of the SQL store for tests.

It keeps the same rows as :mod:`repflow.store.sql` (built by the same :mod:`repflow.store.codec`
functions, so timestamps come back in UTC and JSON values after a JSON round trip) and applies
the same rules: claims with leases, one lead and one conversation per thread, one deal per
lead, unique outbox keys (a replayed row is skipped, not an error), one message per claim key
and creator, key columns bounded as the SQL columns bound them (``codec.bounded_key``),
foreign keys (a deal or outbox row for an unknown lead, or any row of an unknown creator, is a
:class:`~repflow.store.exceptions.Conflict`) and per-creator scoping.

Every method runs without awaiting anything, so under asyncio each call is atomic, like a
transaction; :meth:`InMemoryStore.commit_turn` checks every rule before it writes anything.
Not thread-safe (one event loop).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from repflow.domain.models import Deal, Direction, Lead, new_id
from repflow.domain.profile import CreatorProfile
from repflow.domain.states import ConversationState
from repflow.mail.screen import Blocklist
from repflow.store.codec import (
    Row,
    as_utc,
    bounded_key,
    check_draft_status,
    check_repeat,
    check_turn,
    conversation_from_row,
    conversation_to_row,
    creator_from_row,
    creator_to_row,
    deal_from_row,
    deal_to_row,
    lead_from_row,
    lead_to_row,
    message_from_row,
    message_to_row,
    normalise_block,
    outbound_message_row,
    outbox_from_row,
    outbox_to_row,
)
from repflow.store.exceptions import Conflict, NotFound
from repflow.store.port import (
    LIVE_REPLY_STATUSES,
    ClaimStatus,
    DeskStore,
    OpenedTurn,
    OutboxItem,
    OutboxStatus,
    Store,
    StoredMessage,
    ThreadState,
    Turn,
    TurnReceipt,
    TurnRequest,
)
from repflow.store.turns import open_turn

__all__ = ["InMemoryStore"]

_CLAIMED = "claimed"
_DONE = "done"
_MIN = datetime.min.replace(tzinfo=UTC)


def _key(value: str) -> str:
    # Key columns hold bounded values (see codec.bounded_key); so are the keys they are found by.
    return bounded_key(value) or ""


def _utc(value: datetime) -> datetime:
    result = as_utc(value)
    assert result is not None
    return result


def _asc_nulls_last(value: datetime | None) -> tuple[bool, datetime]:
    return (value is None, value or _MIN)


class _Desc:
    """A sort key that orders its value descending inside an ascending sort."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value

    def __lt__(self, other: _Desc) -> bool:
        result: bool = other.value < self.value
        return result

    __hash__ = None  # type: ignore[assignment]


def _desc_nulls_last(value: datetime | None) -> tuple[bool, _Desc]:
    # Newest first, NULLs after every value (as ``DESC NULLS LAST``).
    return (value is None, _Desc(value or _MIN))


def _sorted(rows: Iterable[Row], *keys: Callable[[Row], Any]) -> list[Row]:
    return sorted(rows, key=lambda row: tuple(key(row) for key in keys))


class InMemoryStore:
    """A :class:`~repflow.store.port.Store` held in dictionaries (see the module docstring).

    Args:
        clock: The wall clock used for the rows' own ``created_at`` / ``updated_at``
            bookkeeping (the port's ``now`` arguments are used where the port has them).
    """

    def __init__(self, *, clock: Callable[[], datetime] | None = None) -> None:
        self._clock = clock or (lambda: datetime.now(UTC))
        self._creators: dict[str, Row] = {}
        self._addresses: dict[str, str] = {}
        self._blocked: dict[tuple[str, str], str] = {}
        self._claims: dict[str, Row] = {}
        self._messages: dict[str, Row] = {}
        self._message_ids: dict[tuple[str, str], str] = {}
        self._claim_keys: set[tuple[str, str]] = set()
        self._leads: dict[str, Row] = {}
        self._conversations: dict[str, Row] = {}
        self._deals: dict[str, Row] = {}
        self._outbox: dict[str, Row] = {}

    def _now(self) -> datetime:
        return _utc(self._clock())

    async def close(self) -> None:
        """Nothing to release (kept for symmetry with the SQL store)."""

    async def create_schema(self) -> None:
        """Nothing to create (kept for symmetry with the SQL store)."""

    # -- idempotency -------------------------------------------------------------------------
    async def claim(self, key: str, *, now: datetime, lease: timedelta) -> ClaimStatus:
        """Claim inbound message ``key`` under a lease.

        Returns:
            CLAIMED (ours now), IN_PROGRESS (a live lease elsewhere) or DONE.
        """
        now = _utc(now)
        key = _key(key)
        row = self._claims.get(key)
        if row is None:
            self._claims[key] = {
                "key": key,
                "status": _CLAIMED,
                "claimed_until": now + lease,
                "attempts": 1,
                "updated_at": now,
            }
            return ClaimStatus.CLAIMED
        if row["status"] == _DONE:
            return ClaimStatus.DONE
        if row["claimed_until"] is not None and row["claimed_until"] > now:
            return ClaimStatus.IN_PROGRESS
        row.update(claimed_until=now + lease, attempts=row["attempts"] + 1, updated_at=now)
        return ClaimStatus.CLAIMED

    async def release(self, key: str) -> None:
        """Give a live claim up so that a redelivery can take it at once (DONE stays DONE)."""
        row = self._claims.get(_key(key))
        if row is not None and row["status"] == _CLAIMED:
            row.update(claimed_until=None, updated_at=self._now())

    # -- turns (the coarse port) -------------------------------------------------------------
    async def begin_turn(self, request: TurnRequest) -> OpenedTurn:
        """Open a turn (:func:`repflow.store.turns.open_turn`; atomic: nothing here yields)."""
        return await open_turn(self, request)

    async def abort_turn(self, claim_key: str, lock_key: str | None) -> None:
        """Give up an open turn's message claim and thread lock."""
        await self.release(claim_key)
        if lock_key:
            await self.release(lock_key)

    async def creator_for(self, addresses: Sequence[str]) -> CreatorProfile | None:
        """The creator of the first of ``addresses`` that belongs to one."""
        for address in addresses:
            found = await self.find_creator_by_address(address)
            if found is not None:
                return found
        return None

    # -- creators and blocklist --------------------------------------------------------------
    async def upsert_creator(self, profile: CreatorProfile) -> None:
        """Insert or replace a creator profile; its addresses move to it (latest write wins)."""
        row = creator_to_row(profile, created_at=self._now())
        existing = self._creators.get(profile.id)
        if existing is not None:
            row["created_at"] = existing["created_at"]
        self._creators[profile.id] = row
        for address, owner in list(self._addresses.items()):
            if owner == profile.id:
                del self._addresses[address]
        for address in profile.addresses:
            if address:
                self._addresses[_key(address)] = profile.id

    async def get_creator(self, creator_id: str) -> CreatorProfile | None:
        """A creator by id, or None."""
        row = self._creators.get(creator_id)
        return None if row is None else creator_from_row(row)

    async def find_creator_by_address(self, address: str) -> CreatorProfile | None:
        """The creator an inbound address belongs to (compared in lower case), or None."""
        creator_id = self._addresses.get(_key(address.strip().lower()))
        return None if creator_id is None else await self.get_creator(creator_id)

    async def list_creators(self) -> list[CreatorProfile]:
        """All creators, by id."""
        return [creator_from_row(self._creators[key]) for key in sorted(self._creators)]

    async def get_blocklist(self, creator_id: str) -> Blocklist:
        """The creator's blocked addresses and domains (empty for an unknown creator)."""
        entries = [
            (kind, value) for (cid, value), kind in self._blocked.items() if cid == creator_id
        ]
        return Blocklist(
            addresses=frozenset(value for kind, value in entries if kind == "address"),
            domains=frozenset(value for kind, value in entries if kind == "domain"),
        )

    async def block(self, creator_id: str, value: str) -> None:
        """Block an address (contains ``@``) or a domain for a creator; twice is harmless.

        Raises:
            NotFound: no such creator.
            ValueError: ``value`` is blank.
        """
        kind, normalised = normalise_block(value)
        if creator_id not in self._creators:
            raise NotFound(f"no creator {creator_id!r}")
        self._blocked.setdefault((creator_id, normalised), kind)

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
        """The thread of the first known id in ``message_ids``, else a subject match.

        The subject fallback needs ``subject_key``, ``participant_key`` and ``at``: it answers
        the thread of the newest message (either direction) of this creator with the same
        subject and participant keys sent within ``window`` before or after ``at``.
        """
        for message_id in message_ids:
            row_id = self._message_ids.get((creator_id, _key(message_id))) if message_id else None
            if row_id is not None:
                thread_id: str = self._messages[row_id]["thread_id"]
                return thread_id
        if not subject_key or not participant_key or at is None:
            return None
        at = _utc(at)
        subject_key, participant_key = _key(subject_key), _key(participant_key)
        matches = [
            row
            for row in self._messages.values()
            if row["creator_id"] == creator_id
            and row["subject_key"] == subject_key
            and row["participant_key"] == participant_key
            and row["sent_at"] is not None
            and at - window <= row["sent_at"] <= at + window
        ]
        if not matches:
            return None
        newest = max(matches, key=lambda row: (row["sent_at"], row["created_at"], row["id"]))
        found: str = newest["thread_id"]
        return found

    async def load_thread(self, creator_id: str, thread_id: str) -> ThreadState:
        """Lead, conversation, deal, messages (oldest first) and outbox rows of a thread."""
        key = _key(thread_id)

        def of_thread(rows: dict[str, Row]) -> list[Row]:
            return [
                row
                for row in rows.values()
                if row["creator_id"] == creator_id and row["thread_id"] == key
            ]

        leads = of_thread(self._leads)
        conversations = of_thread(self._conversations)
        deals = _sorted(
            of_thread(self._deals),
            lambda row: _desc_nulls_last(row["created_at"]),
            lambda row: row["id"],
        )
        messages = _sorted(
            of_thread(self._messages),
            lambda row: _asc_nulls_last(row["sent_at"]),
            lambda row: row["created_at"],
            lambda row: row["id"],
        )
        outbox = _sorted(
            of_thread(self._outbox), lambda row: row["created_at"], lambda row: row["id"]
        )
        return ThreadState(
            thread_id=thread_id,
            lead=lead_from_row(leads[0]) if leads else None,
            conversation=conversation_from_row(conversations[0]) if conversations else None,
            deal=deal_from_row(deals[0]) if deals else None,
            messages=tuple(message_from_row(row) for row in messages),
            outbox=tuple(outbox_from_row(row) for row in outbox),
        )

    async def find_inbound(self, creator_id: str, claim_key: str) -> StoredMessage | None:
        """The inbound message this creator committed under ``claim_key``, or None."""
        rows = _sorted(
            (
                row
                for row in self._messages.values()
                if row["creator_id"] == creator_id
                and row["claim_key"] == _key(claim_key)
                and row["direction"] == Direction.INBOUND.value
            ),
            lambda row: row["created_at"],
            lambda row: row["id"],
        )
        return message_from_row(rows[0]) if rows else None

    async def commit_turn(self, turn: Turn) -> TurnReceipt:
        """Write a turn atomically, mark its claim done, release its thread lock (as SQL does).

        Raises:
            Conflict: a rule of the schema rejected the turn; nothing was written.
            ValueError: the turn's parts name different creators.
        """
        check_turn(turn)
        now = self._now()
        claim_key = _key(turn.claim_key)
        claim = self._claims.get(claim_key)
        if claim is not None and claim["status"] == _DONE:
            if turn.lock_key:
                await self.release(turn.lock_key)
            return TurnReceipt(written=False)
        inbound = message_to_row(turn.inbound, created_at=now)
        lead = lead_to_row(turn.lead) if turn.lead is not None else None
        conversation = (
            conversation_to_row(turn.conversation) if turn.conversation is not None else None
        )
        deal = deal_to_row(turn.deal) if turn.deal is not None else None
        outbox = outbox_to_row(turn.outbox) if turn.outbox is not None else None

        # Check everything first (in the order the SQL store writes), then write.
        self._check_creator(turn.creator_id)
        write_inbound = self._check_new_message(inbound)
        if lead is not None:
            self._check_upsert(self._leads, lead, "leads")
        if conversation is not None:
            self._check_upsert(self._conversations, conversation, "conversations")
        lead_ids = set(self._leads) | ({lead["id"]} if lead is not None else set())
        write_deal = False
        if deal is not None and not any(
            d["lead_id"] == deal["lead_id"] for d in self._deals.values()
        ):
            if deal["id"] in self._deals:
                raise Conflict(f"deals row {deal['id']} exists")
            if deal["lead_id"] not in lead_ids:
                raise Conflict(f"deal {deal['id']} names unknown lead {deal['lead_id']}")
            write_deal = True
        write_outbox = False
        if outbox is not None and not any(o["key"] == outbox["key"] for o in self._outbox.values()):
            if outbox["id"] in self._outbox:
                raise Conflict(f"outbox row {outbox['id']} exists")
            if outbox["lead_id"] is not None and outbox["lead_id"] not in lead_ids:
                raise Conflict(f"outbox row {outbox['id']} names unknown lead {outbox['lead_id']}")
            write_outbox = True

        self._claims[claim_key] = {
            "key": claim_key,
            "status": _DONE,
            "claimed_until": None,
            "attempts": claim["attempts"] if claim is not None else 0,
            "updated_at": now,
        }
        if write_inbound:
            self._insert_message(inbound)
        if lead is not None:
            self._leads[lead["id"]] = lead
        if conversation is not None:
            self._conversations[conversation["id"]] = conversation
        if deal is not None and write_deal:
            self._deals[deal["id"]] = deal
        if outbox is not None and write_outbox:
            self._outbox[outbox["id"]] = outbox
        if turn.lock_key:
            await self.release(turn.lock_key)
        return TurnReceipt(written=True, outbox_written=outbox is not None and write_outbox)

    def _check_creator(self, creator_id: str) -> None:
        if creator_id not in self._creators:
            raise Conflict(f"unknown creator {creator_id!r}")

    def _check_new_message(self, row: Row) -> bool:
        """Whether to insert ``row`` (False: a row of its claim key is stored already)."""
        if (row["creator_id"], row["claim_key"]) in self._claim_keys:
            return False
        if row["id"] in self._messages:
            raise Conflict(f"messages row {row['id']} exists")
        return True

    def _insert_message(self, row: Row) -> None:
        self._messages[row["id"]] = row
        self._claim_keys.add((row["creator_id"], row["claim_key"]))
        if row["message_id"] is not None:
            # Message-IDs are not unique (a reused one is a different email): the first wins.
            self._message_ids.setdefault((row["creator_id"], row["message_id"]), row["id"])

    @staticmethod
    def _check_upsert(table: dict[str, Row], row: Row, name: str) -> None:
        existing = table.get(row["id"])
        if existing is not None and existing["creator_id"] != row["creator_id"]:
            raise Conflict(f"{name} row {row['id']} belongs to another creator")
        for other in table.values():
            if (
                other["id"] != row["id"]
                and other["creator_id"] == row["creator_id"]
                and other["thread_id"] == row["thread_id"]
            ):
                raise Conflict(f"{name}: thread {row['thread_id']} already has row {other['id']}")

    # -- outbox ------------------------------------------------------------------------------
    async def pending_outbox(self, *, limit: int = 50) -> list[OutboxItem]:
        """PENDING rows of every creator, oldest first."""
        rows = _sorted(
            (r for r in self._outbox.values() if r["status"] == OutboxStatus.PENDING.value),
            lambda row: row["created_at"],
            lambda row: row["id"],
        )
        return [outbox_from_row(row) for row in rows[:limit]]

    async def mark_sent(self, outbox_id: str, *, provider_id: str | None, now: datetime) -> None:
        """Mark a PENDING row SENT and store it as an outbound message of its thread.

        Raises:
            NotFound: no such outbox row.
        """
        row = self._outbox.get(outbox_id)
        if row is None:
            raise NotFound(f"no outbox row {outbox_id!r}")
        if row["status"] != OutboxStatus.PENDING.value:
            return
        now = _utc(now)
        row.update(status=OutboxStatus.SENT.value, sent_at=now, provider_id=provider_id)
        item = outbox_from_row(row)
        subject_key, participant_key = self._thread_keys(item)
        message = outbound_message_row(
            item,
            message_id=new_id(),
            subject_key=subject_key,
            participant_key=participant_key,
            sent_at=now,
            provider_id=provider_id,
            created_at=self._now(),
        )
        if self._check_new_message(message):
            self._insert_message(message)
        # The brand has our answer: it is their turn, and the lead moved now.
        for conversation in self._conversations.values():
            if (
                conversation["creator_id"] == item.creator_id
                and conversation["thread_id"] == item.thread_id
                and conversation["state"] == ConversationState.AWAITING_CREATOR.value
            ):
                conversation["state"] = ConversationState.AWAITING_BRAND.value
        for lead in self._leads.values():
            if lead["creator_id"] == item.creator_id and lead["thread_id"] == item.thread_id:
                lead["updated_at"] = now

    def _thread_keys(self, item: OutboxItem) -> tuple[str, str]:
        if item.in_reply_to:
            row_id = self._message_ids.get((item.creator_id, _key(item.in_reply_to)))
            if row_id is not None:
                answered = self._messages[row_id]
                return answered["subject_key"], answered["participant_key"]
        rows = _sorted(
            (
                row
                for row in self._messages.values()
                if row["creator_id"] == item.creator_id and row["thread_id"] == item.thread_id
            ),
            lambda row: _desc_nulls_last(row["sent_at"]),
            lambda row: _Desc(row["created_at"]),
            lambda row: _Desc(row["id"]),
        )
        if not rows:
            return "", ""
        return rows[0]["subject_key"], rows[0]["participant_key"]

    async def mark_failed(self, outbox_id: str, *, error: str, give_up: bool) -> None:
        """Record a failed attempt of a PENDING row (attempts + 1); FAILED when ``give_up``.

        Raises:
            NotFound: no such outbox row.
        """
        row = self._outbox.get(outbox_id)
        if row is None:
            raise NotFound(f"no outbox row {outbox_id!r}")
        if row["status"] != OutboxStatus.PENDING.value:
            return
        row.update(attempts=row["attempts"] + 1, last_error=error)
        if give_up:
            row["status"] = OutboxStatus.FAILED.value

    def _own_outbox(self, creator_id: str, outbox_id: str) -> Row:
        row = self._outbox.get(outbox_id)
        if row is None or row["creator_id"] != creator_id:
            raise NotFound(f"no outbox row {outbox_id!r} for creator {creator_id!r}")
        return row

    async def get_outbox(self, creator_id: str, outbox_id: str) -> OutboxItem:
        """One outbox row of this creator.

        Raises:
            NotFound: no such row for this creator.
        """
        return outbox_from_row(self._own_outbox(creator_id, outbox_id))

    async def recent_replies(
        self, creator_id: str, *, to_address: str, since: datetime
    ) -> list[datetime]:
        """When replies to ``to_address`` (any case) were made at or after ``since``."""
        address, since = _key(to_address).lower(), _utc(since)
        live = {status.value for status in LIVE_REPLY_STATUSES}
        times = (
            row["turn_at"] or row["created_at"]
            for row in self._outbox.values()
            if row["creator_id"] == creator_id
            and row["status"] in live
            and row["to_address"].lower() == address
        )
        return sorted(time for time in times if time >= since)

    async def update_draft(
        self, creator_id: str, outbox_id: str, *, text: str | None, status: OutboxStatus
    ) -> OutboxItem:
        """Approve (PENDING), edit (DRAFT) or discard (DISCARDED) a DRAFT row of this creator.

        Raises:
            NotFound: no such row for this creator.
            Conflict: the row is no longer a draft.
            ValueError: ``status`` is not PENDING, DRAFT or DISCARDED.
        """
        check_draft_status(status)
        row = self._own_outbox(creator_id, outbox_id)
        if row["status"] != OutboxStatus.DRAFT.value:
            check_repeat(outbox_from_row(row), text=text, status=status)
            return outbox_from_row(row)
        row["status"] = status.value
        if text is not None:
            row["text"] = text
        return outbox_from_row(row)

    # -- reading -----------------------------------------------------------------------------
    async def list_leads(
        self, creator_id: str | None = None, *, state: str | None = None, limit: int = 200
    ) -> list[Lead]:
        """Leads, most recently updated first; every creator's when ``creator_id`` is None."""
        rows = _sorted(
            (
                row
                for row in self._leads.values()
                if (creator_id is None or row["creator_id"] == creator_id)
                and (state is None or row["state"] == state)
            ),
            lambda row: _desc_nulls_last(row["updated_at"]),
            lambda row: _desc_nulls_last(row["created_at"]),
            lambda row: row["id"],
        )
        return [lead_from_row(row) for row in rows[:limit]]

    async def list_deals(self, creator_id: str | None = None, *, limit: int = 200) -> list[Deal]:
        """Deals, newest first; every creator's when ``creator_id`` is None."""
        rows = _sorted(
            (
                row
                for row in self._deals.values()
                if creator_id is None or row["creator_id"] == creator_id
            ),
            lambda row: _desc_nulls_last(row["created_at"]),
            lambda row: row["id"],
        )
        return [deal_from_row(row) for row in rows[:limit]]

    async def update_lead(self, lead: Lead) -> None:
        """Save a lead changed from the dashboard or CLI (state, terms, flags, counterparty).

        Raises:
            NotFound: the creator has no lead with this id.
        """
        row = self._leads.get(lead.id)
        if row is None or row["creator_id"] != lead.creator_id:
            raise NotFound(f"no lead {lead.id!r} for creator {lead.creator_id!r}")
        new = lead_to_row(lead)
        row.update(
            {name: new[name] for name in ("state", "terms", "flags", "counterparty", "undo")}
        )
        row["updated_at"] = new["updated_at"]

    # -- the creator's own changes (DeskStore) -----------------------------------------------
    async def unblock(self, creator_id: str, value: str) -> bool:
        """Remove an address or domain from the creator's blocklist; False if it was not there.

        Raises:
            ValueError: ``value`` is blank.
        """
        _kind, normalised = normalise_block(value)
        return self._blocked.pop((creator_id, normalised), None) is not None

    async def set_conversation_state(self, creator_id: str, thread_id: str, state: str) -> None:
        """Set whose turn it is in a thread (nothing happens when it has no conversation)."""
        ConversationState(state)
        key = _key(thread_id)
        for row in self._conversations.values():
            if row["creator_id"] == creator_id and row["thread_id"] == key:
                row["state"] = state

    async def update_deal(self, deal: Deal) -> None:
        """Save a deal's stage and milestones.

        Raises:
            NotFound: the creator has no deal with this id.
        """
        row = self._deals.get(deal.id)
        if row is None or row["creator_id"] != deal.creator_id:
            raise NotFound(f"no deal {deal.id!r} for creator {deal.creator_id!r}")
        new = deal_to_row(deal)
        row.update(stage=new["stage"], milestones=new["milestones"])

    async def add_outbox(self, item: OutboxItem) -> None:
        """Insert a reply the creator wrote themselves.

        Raises:
            Conflict: its key or id exists, or its creator or lead does not.
        """
        row = outbox_to_row(item)
        self._check_creator(item.creator_id)
        if row["id"] in self._outbox or any(o["key"] == row["key"] for o in self._outbox.values()):
            raise Conflict(f"outbox row {item.id} exists")
        if row["lead_id"] is not None and row["lead_id"] not in self._leads:
            raise Conflict(f"outbox row {item.id} names unknown lead {row['lead_id']}")
        self._outbox[row["id"]] = row

    async def reopen_drafts(self, creator_id: str, outbox_ids: Sequence[str]) -> list[str]:
        """Put DISCARDED rows of this creator back to DRAFT; returns the ids reopened."""
        reopened = []
        for outbox_id in outbox_ids:
            row = self._outbox.get(outbox_id)
            if (
                row is not None
                and row["creator_id"] == creator_id
                and row["status"] == OutboxStatus.DISCARDED.value
            ):
                row["status"] = OutboxStatus.DRAFT.value
                reopened.append(outbox_id)
        return sorted(reopened)


if TYPE_CHECKING:

    def _implements_the_port(store: InMemoryStore) -> Store:
        return store

    def _implements_the_desk(store: InMemoryStore) -> DeskStore:
        return store
