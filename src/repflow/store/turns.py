"""How a turn is opened, once for every store (:meth:`~repflow.store.port.TurnStore.begin_turn`).

Each adapter runs :func:`open_turn` over its own unit of work: the SQL store over one
transaction's connection, the in-memory store over itself (its calls never yield, so the whole
opening is atomic), and the backend API over the SQL store, so that the Lambda pays one request
for what used to take a dozen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from repflow.domain.profile import CreatorProfile
from repflow.mail.screen import Blocklist
from repflow.store.port import (
    ClaimStatus,
    OpenedTurn,
    StoredMessage,
    ThreadState,
    TurnRequest,
    TurnStatus,
)

__all__ = ["TurnOps", "lock_key", "open_turn"]


class TurnOps(Protocol):
    """The fine reads and writes :func:`open_turn` composes, inside one unit of work."""

    async def claim(self, key: str, *, now: datetime, lease: timedelta) -> ClaimStatus:
        """As :meth:`repflow.store.port.Store.claim`."""
        ...

    async def release(self, key: str) -> None:
        """As :meth:`repflow.store.port.Store.release`."""
        ...

    async def creator_for(self, addresses: Sequence[str]) -> CreatorProfile | None:
        """The creator of the first of ``addresses`` (lower case) that belongs to one."""
        ...

    async def get_creator(self, creator_id: str) -> CreatorProfile | None:
        """As :meth:`repflow.store.port.Store.get_creator`."""
        ...

    async def upsert_creator(self, profile: CreatorProfile) -> None:
        """As :meth:`repflow.store.port.Store.upsert_creator`."""
        ...

    async def find_inbound(self, creator_id: str, claim_key: str) -> StoredMessage | None:
        """As :meth:`repflow.store.port.Store.find_inbound`."""
        ...

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
        """As :meth:`repflow.store.port.Store.find_thread`."""
        ...

    async def load_thread(self, creator_id: str, thread_id: str) -> ThreadState:
        """As :meth:`repflow.store.port.Store.load_thread`."""
        ...

    async def get_blocklist(self, creator_id: str) -> Blocklist:
        """As :meth:`repflow.store.port.Store.get_blocklist`."""
        ...

    async def recent_replies(
        self, creator_id: str, *, to_address: str, since: datetime
    ) -> list[datetime]:
        """As :meth:`repflow.store.port.Store.recent_replies`."""
        ...


def lock_key(creator_id: str, thread_id: str) -> str:
    """The claim key that locks one thread of one creator while a turn of it runs."""
    return f"thread:{creator_id}:{thread_id}"


def own_addresses(extra: Sequence[str], creator: CreatorProfile) -> tuple[str, ...]:
    """The creator-side addresses: ``extra`` (from the config), the creator's, ``reply_from``."""
    addresses = [*extra, *creator.addresses]
    if creator.reply_from:
        addresses.append(creator.reply_from)
    return tuple(dict.fromkeys(addresses))


async def _creator(ops: TurnOps, request: TurnRequest) -> CreatorProfile:
    addresses = [a.strip().lower() for a in request.creator_addresses if a and a.strip()]
    found = await ops.creator_for(list(dict.fromkeys(addresses))) if addresses else None
    if found is not None:
        return found
    default = request.default_creator
    stored = await ops.get_creator(default.id)
    if stored is not None:
        return stored
    await ops.upsert_creator(default)
    return default


async def open_turn(ops: TurnOps, request: TurnRequest) -> OpenedTurn:
    """Open the turn of ``request`` (see :meth:`repflow.store.port.TurnStore.begin_turn`).

    Args:
        ops: The store's operations, bound to one unit of work.
        request: What to open.

    Returns:
        The opened turn, or why it cannot be opened now.
    """
    creator = await _creator(ops, request)
    status = await ops.claim(request.claim_key, now=request.now, lease=request.lease)
    if status is ClaimStatus.IN_PROGRESS:
        return OpenedTurn(TurnStatus.IN_PROGRESS, creator)
    if status is ClaimStatus.DONE:
        earlier = await ops.find_inbound(creator.id, request.claim_key)
        return OpenedTurn(TurnStatus.DONE, creator, earlier=earlier)
    legacy = (
        await ops.find_inbound(creator.id, request.legacy_key)
        if request.legacy_key and request.legacy_key != request.claim_key
        else None
    )
    query = request.thread
    if query is None:
        return OpenedTurn(TurnStatus.OPEN, creator, earlier=legacy)
    participant_key = query.participants.key(own_addresses(query.own_addresses, creator))
    fallback = query.subject_fallback and "|" in participant_key
    found = await ops.find_thread(
        creator.id,
        message_ids=query.message_ids,
        subject_key=query.subject_key if fallback else None,
        participant_key=participant_key,
        at=query.at,
        window=query.window,
    )
    thread_id = found or query.new_thread_id
    # One turn per thread at a time: two emails of one thread processed together would each
    # read the same lead, and the later commit would overwrite the earlier one's terms.
    lock = lock_key(creator.id, thread_id)
    if await ops.claim(lock, now=request.now, lease=request.lease) is not ClaimStatus.CLAIMED:
        await ops.release(request.claim_key)
        return OpenedTurn(TurnStatus.THREAD_BUSY, creator, thread_id=thread_id)
    recent: dict[str, tuple[datetime, ...]] = {}
    if request.replies_since is not None:
        for address in dict.fromkeys(a.lower() for a in request.reply_candidates if a):
            times = await ops.recent_replies(
                creator.id, to_address=address, since=request.replies_since
            )
            recent[address] = tuple(times)
    return OpenedTurn(
        TurnStatus.OPEN,
        creator,
        thread_id=thread_id,
        subject_key=query.subject_key,
        participant_key=participant_key,
        lock_key=lock,
        state=await ops.load_thread(creator.id, thread_id),
        blocklist=await ops.get_blocklist(creator.id),
        recent_replies=recent,
        earlier=legacy,
    )
