"""Send what the outbox holds, exactly once as far as the transport allows: the one send path.

Every sender goes through :class:`Dispatcher`: the pipeline's callers send a turn's own reply
with :meth:`Dispatcher.send` (the CLI, the Lambda, the mailbox watcher), the dashboard and
``repflow approve`` send an approved draft with it, and :meth:`Dispatcher.run` sends what is
left (retries, approved drafts; the scheduled Lambda passes ``older_than``). One rule decides
when a row is given up (:meth:`Dispatcher.gives_up`).

A row is marked sent only after the transport accepted it. The one duplicate window — the
transport accepted the message but marking it failed — is bounded: the row stays PENDING and
the next run sends it again with the SAME Message-ID, which the file transport deduplicates and
which receiving systems can use to collapse duplicates; the window is logged when it happens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from repflow.domain.outbox import OutboxItem, OutboxStatus
from repflow.domain.profile import CreatorProfile
from repflow.mail.compose import compose_reply
from repflow.store.port import OutboxQueue
from repflow.transport.exceptions import SendError
from repflow.transport.port import MailTransport

log = logging.getLogger("repflow.dispatch")


@dataclass(frozen=True, slots=True)
class DispatchReport:
    """What one dispatch run did.

    Attributes:
        sent: Rows the transport accepted.
        failed: Rows that failed and will be tried again.
        gave_up: Rows given up on (FAILED).
        waiting: Rows left for a later run (younger than ``older_than``).
        errors: Rows whose send or bookkeeping failed for another reason (the store was
            down, say); they stay PENDING.
    """

    sent: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    gave_up: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()


@dataclass
class Dispatcher:
    """Sends PENDING outbox rows through a transport and records the outcome."""

    store: OutboxQueue
    transport: MailTransport
    max_attempts: int = 5
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def gives_up(self, item: OutboxItem, error: SendError) -> bool:
        """Whether a failed send of ``item`` is its last (the one give-up rule)."""
        return not error.retryable or item.attempts + 1 >= self.max_attempts

    async def send(self, item: OutboxItem, *, creator: CreatorProfile | None = None) -> str:
        """Compose and send one PENDING row, then mark it sent; returns the provider id.

        Args:
            item: The row as committed (a turn's own reply) or as read from the store.
            creator: Its creator (signature, display name), when the caller has it; else it is
                read from the store.

        Raises:
            SendError: the transport refused it (the row records the failed attempt) or the
                row is not PENDING (nothing is sent).
        """
        if item.status is not OutboxStatus.PENDING:
            raise SendError(f"outbox row is {item.status.value}, not pending", retryable=False)
        if creator is None or creator.id != item.creator_id:
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
            give_up = self.gives_up(item, exc)
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

    async def run(self, *, limit: int = 100, older_than: timedelta | None = None) -> DispatchReport:
        """Send every PENDING row (up to ``limit``); failures are recorded, not raised.

        Args:
            limit: Rows per run at most; the next run takes the rest.
            older_than: Leave rows younger than this alone (``waiting``): the worker that
                committed them is probably sending them right now, and two senders of one row
                would be the one way to send a reply twice.

        Returns:
            What became of each row.
        """
        sent: list[str] = []
        failed: list[str] = []
        gave_up: list[str] = []
        waiting: list[str] = []
        errors: list[str] = []
        cutoff = None if older_than is None else self.clock() - older_than
        for item in await self.store.pending_outbox(limit=limit):
            created = (
                item.created_at if item.created_at.tzinfo else item.created_at.replace(tzinfo=UTC)
            )
            if cutoff is not None and created > cutoff:
                waiting.append(item.id)
                continue
            try:
                await self.send(item)
            except SendError as exc:
                (gave_up if self.gives_up(item, exc) else failed).append(item.id)
                continue
            except Exception as exc:  # the store failed: log, keep going with the other rows
                log.exception(
                    "dispatch failed", extra={"outbox_id": item.id, "error": type(exc).__name__}
                )
                errors.append(item.id)
                continue
            sent.append(item.id)
        return DispatchReport(
            tuple(sent), tuple(failed), tuple(gave_up), tuple(waiting), tuple(errors)
        )
