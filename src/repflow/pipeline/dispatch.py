"""Send what the outbox holds, exactly once as far as the transport allows.

A row is marked sent only after the transport accepted it. The one duplicate window — the
transport accepted the message but marking it failed — is bounded: the row stays PENDING and
the next run sends it again with the SAME Message-ID, which the file transport deduplicates and
which receiving systems can use to collapse duplicates; the window is logged when it happens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from repflow.mail.compose import compose_reply
from repflow.store.port import OutboxItem, Store
from repflow.transport.exceptions import SendError
from repflow.transport.port import MailTransport

log = logging.getLogger("repflow.dispatch")


@dataclass(frozen=True, slots=True)
class DispatchReport:
    """What one dispatch run did."""

    sent: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    gave_up: tuple[str, ...] = ()


@dataclass
class Dispatcher:
    """Sends PENDING outbox rows through a transport and records the outcome."""

    store: Store
    transport: MailTransport
    max_attempts: int = 5
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    async def send_one(self, item: OutboxItem) -> str:
        """Compose and send one row, then mark it sent; returns the provider id.

        Raises:
            SendError: the transport refused it (the row records the failed attempt).
        """
        creator = await self.store.get_creator(item.creator_id)
        signature = creator.preferences.signature if creator else ""
        try:
            message = compose_reply(
                item, signature=signature, sender_name=creator.name if creator else ""
            )
        except ValueError as exc:
            # An unsendable row (bad address) must not block the rest of the outbox.
            await self.store.mark_failed(item.id, error=str(exc)[:500], give_up=True)
            raise SendError(f"cannot compose: {exc}", retryable=False) from exc
        try:
            provider_id = await self.transport.send(message)
        except SendError as exc:
            give_up = not exc.retryable or item.attempts + 1 >= self.max_attempts
            await self.store.mark_failed(item.id, error=str(exc)[:500], give_up=give_up)
            log.warning(
                "send failed",
                extra={"thread_id": item.thread_id, "retryable": exc.retryable, "gave_up": give_up},
            )
            raise
        try:
            await self.store.mark_sent(item.id, provider_id=provider_id, now=self.clock())
        except Exception:
            # The duplicate window: sent, not recorded. The next run resends with the same
            # Message-ID; say so loudly so an operator can reconcile.
            log.error(
                "sent but not marked sent: duplicate window",
                extra={"thread_id": item.thread_id, "outbox_id": item.id},
            )
            raise
        log.info(
            "reply sent", extra={"thread_id": item.thread_id, "transport": self.transport.name}
        )
        return provider_id

    async def run(self, *, limit: int = 100) -> DispatchReport:
        """Send every PENDING row (up to ``limit``); failures are recorded, not raised."""
        sent: list[str] = []
        failed: list[str] = []
        gave_up: list[str] = []
        for item in await self.store.pending_outbox(limit=limit):
            try:
                await self.send_one(item)
            except SendError as exc:
                (
                    failed if exc.retryable and item.attempts + 1 < self.max_attempts else gave_up
                ).append(item.id)
                continue
            sent.append(item.id)
        return DispatchReport(tuple(sent), tuple(failed), tuple(gave_up))
