r"""``repflow watch``: process a real mailbox exactly once, file drafts, wait for new mail.

One *pass* over the watched folder:

1. SELECT the folder; compare its UIDVALIDITY with the stored cursor. A changed UIDVALIDITY (a
   recreated folder, a migrated server) resets the cursor to 0: everything is read again, and
   the pipeline's claims (Message-ID plus a content digest) answer what was seen as duplicates,
   so nothing is answered twice.
2. ``UID SEARCH last+1:*`` and ``UID FETCH BODY.PEEK[]`` in batches (never ``\Seen``); each
   message goes through :meth:`~repflow.pipeline.process.Pipeline.process` in UID order. After
   each batch the processed messages get the ``$Repflow`` keyword (where the folder allows
   keywords) and the cursor moves to the last one. A crash inside a batch re-reads at most
   that batch, and the claims make the re-read a no-op.
3. The dispatcher sends approved and automatic replies through the transport (SMTP), which
   files a copy in Sent (:class:`SentCopyTransport`).
4. Replies waiting for approval are APPENDed to Drafts (``\Drafts`` special-use, else
   ``Drafts``) with the ``\Draft`` flag, once each (``mailbox_drafts`` remembers them, and a
   draft already in Drafts by its Message-ID is recorded, not APPENDed again).
5. Drafts APPENDed earlier that left Drafts are resolved: found in Sent (by Message-ID, or by
   In-Reply-To of the brand's email) -> sent by the creator; otherwise -> discarded. A draft
   approved or discarded in Repflow itself is left in the mailbox (nothing is deleted).

:meth:`MailboxWatcher.run` repeats passes, waiting in IDLE between them (polling where the
server has no IDLE), reconnecting with exponential backoff when the connection breaks, until
its stop event is set (SIGTERM / SIGINT in the CLI).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Protocol

from repflow.mail.compose import compose_reply
from repflow.pipeline.delivery import Delivery
from repflow.pipeline.dispatch import Dispatcher
from repflow.pipeline.exceptions import RetryLater
from repflow.pipeline.process import Pipeline
from repflow.pipeline.result import error_text, mask_addresses
from repflow.store.exceptions import StoreUnavailable
from repflow.store.port import (
    MailboxDraftState,
    MailboxStateStore,
    OutboxItem,
    OutboxStatus,
    Store,
)
from repflow.transport.exceptions import ImapError
from repflow.transport.imap import (
    DRAFT_FLAG,
    FETCH_BATCH,
    SEEN_FLAG,
    FetchedMessage,
    ImapMailbox,
)
from repflow.transport.port import MailTransport

__all__ = ["MailboxWatcher", "PassReport", "SentCopyTransport", "WatchStore"]

log = logging.getLogger("repflow.watch")

DRAFTS_USE = b"\\Drafts"
SENT_USE = b"\\Sent"
#: IDLE is ended and re-issued after this long (servers drop it after ~29 minutes).
IDLE_RENEW_SECONDS = 25 * 60


class WatchStore(Store, MailboxStateStore, Protocol):
    """The store ``repflow watch`` needs: the pipeline's and the mailbox state."""


@dataclass
class PassReport:
    """What one pass over the mailbox did (counts only: no addresses, no bodies)."""

    uidvalidity: int = 0
    reset: bool = False
    fetched: int = 0
    processed: int = 0
    duplicates: int = 0
    errors: int = 0
    flagged: int = 0
    replies: int = 0
    sent: int = 0
    send_failed: int = 0
    drafts_appended: int = 0
    drafts_sent_by_creator: int = 0
    drafts_deleted: int = 0
    last_uid: int = 0

    def add(self, other: PassReport) -> None:
        """Add ``other``'s counts to these (the totals of a long run)."""
        for name in (
            "fetched",
            "processed",
            "duplicates",
            "errors",
            "flagged",
            "replies",
            "sent",
            "send_failed",
            "drafts_appended",
            "drafts_sent_by_creator",
            "drafts_deleted",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.uidvalidity, self.last_uid = other.uidvalidity, other.last_uid
        self.reset = self.reset or other.reset


@dataclass
class SentCopyTransport:
    """Sends through ``inner`` (SMTP), then files a copy in the mailbox's Sent folder.

    The copy is best effort: once ``inner`` accepted the message it counts as sent, and a
    failed APPEND is logged, not raised (raising would make the dispatcher send it twice).
    """

    inner: MailTransport
    mailbox: ImapMailbox
    name: str = "smtp+imap-sent"
    copies: int = 0

    async def send(self, message: EmailMessage) -> str:
        r"""Send ``message`` with ``inner`` and APPEND a copy to Sent (flag ``\\Seen``).

        Raises:
            SendError: ``inner`` did not accept the message.
        """
        provider_id = await self.inner.send(message)
        try:
            folder = await self.mailbox.special_folder(SENT_USE, "Sent")
            data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
            await self.mailbox.append(folder, data, (SEEN_FLAG,))
            self.copies += 1
        except ImapError as exc:
            log.warning("sent, but no copy in Sent", extra={"error": error_text(exc)})
        return provider_id


@dataclass
class MailboxWatcher:
    """Processes one IMAP folder with a pipeline, exactly once per message.

    Attributes:
        mailbox: The IMAP connection (connected on demand).
        store: The store: the pipeline's, plus cursors and drafts.
        pipeline: Processes each new message.
        dispatcher: Sends approved and automatic replies (None: nothing is sent).
        clock: The current time.
        drafts: APPEND replies waiting for approval to Drafts.
    """

    mailbox: ImapMailbox
    store: WatchStore
    pipeline: Pipeline
    dispatcher: Dispatcher | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    drafts: bool = True
    _stop: asyncio.Event | None = field(default=None, init=False, repr=False)

    @property
    def key(self) -> str:
        """The watched folder's key in the store."""
        return self.mailbox.url.key

    # -- one pass ------------------------------------------------------------------------------
    async def run_pass(self) -> PassReport:
        """Process what is new, send, file drafts, resolve drafts; see the module docstring.

        Raises:
            ImapError: the mailbox failed (``connection`` set when the caller should reconnect).
            StoreUnavailable: the store cannot be reached (the cursor stays where it was).
        """
        await self.mailbox.connect()
        report = PassReport()
        await self._read_new(report)
        if self.dispatcher is not None:
            dispatched = await self.dispatcher.run()
            report.sent += len(dispatched.sent)
            report.send_failed += len(dispatched.failed) + len(dispatched.gave_up)
        if self.drafts:
            await self._resolve_drafts(report)
            await self._append_drafts(report)
        log.info(
            "mailbox pass",
            extra={
                "mailbox": mask_addresses(self.key),
                "fetched": report.fetched,
                "processed": report.processed,
                "duplicates": report.duplicates,
                "errors": report.errors,
                "sent": report.sent,
                "drafts_appended": report.drafts_appended,
                "uid_reset": report.reset,
            },
        )
        return report

    async def _read_new(self, report: PassReport) -> None:
        folder = self.mailbox.url.folder
        info = await self.mailbox.select(folder)
        cursor = await self.store.get_mailbox_cursor(self.key)
        last_uid = 0
        if cursor is not None and cursor.uidvalidity == info.uidvalidity:
            last_uid = cursor.last_uid
        elif cursor is not None:
            report.reset = True
            log.warning(
                "UIDVALIDITY changed: reading the folder again (claims prevent double answers)",
                extra={"mailbox": mask_addresses(self.key)},
            )
        if cursor is None or report.reset:
            await self.store.save_mailbox_cursor(
                self.key, uidvalidity=info.uidvalidity, last_uid=0, now=self.clock()
            )
        report.uidvalidity, report.last_uid = info.uidvalidity, last_uid
        uids = await self.mailbox.uids_after(folder, last_uid)
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            raw = await self.mailbox.fetch(batch)
            done: list[int] = []
            try:
                for uid in batch:
                    if self._stop is not None and self._stop.is_set():
                        break  # SIGTERM: the processed part of the batch is saved below
                    fetched = raw.get(uid)
                    if fetched is None:  # expunged meanwhile by the mail client
                        done.append(uid)
                        continue
                    report.fetched += 1
                    await self._process(uid, info.uidvalidity, fetched, report)
                    done.append(uid)
            finally:
                if done:
                    # The cursor first: a keyword that fails to stick costs nothing later.
                    report.last_uid = done[-1]
                    await self.store.save_mailbox_cursor(
                        self.key,
                        uidvalidity=info.uidvalidity,
                        last_uid=done[-1],
                        now=self.clock(),
                    )
                    if info.keywords_allowed:
                        await self._mark(done)
            if self._stop is not None and self._stop.is_set():
                return

    async def _mark(self, uids: list[int]) -> None:
        try:
            await self.mailbox.add_keyword(uids)
        except ImapError as exc:
            if exc.connection:
                raise
            log.warning("keyword refused", extra={"error": error_text(exc)})

    async def _process(
        self, uid: int, uidvalidity: int, fetched: FetchedMessage, report: PassReport
    ) -> None:
        """One message; transient failures propagate (the cursor stops before it).

        The server's arrival date (INTERNALDATE) is the turn time the reply limits count.
        """
        source = f"imap:{self.mailbox.url.folder}#{uidvalidity}:{uid}"
        delivery = Delivery(source=source, received_at=fetched.received_at)
        try:
            result = await self.pipeline.process(fetched.data, delivery)
        except (RetryLater, StoreUnavailable):
            raise
        except Exception as exc:  # a bug on one message must not stop the mailbox
            report.errors += 1
            log.error(
                "message not processed",
                extra={"uid": uid, "error": error_text(exc)},
                exc_info=False,
            )
            return
        if result.duplicate:
            report.duplicates += 1
        else:
            report.processed += 1
        if result.error:
            report.flagged += 1  # kept and flagged, not dropped (malformed, refused by the store)
        if result.reply is not None and not result.duplicate:
            report.replies += 1

    # -- drafts --------------------------------------------------------------------------------
    async def _append_drafts(self, report: PassReport) -> None:
        cursor = await self.store.get_mailbox_cursor(self.key)
        since = cursor.created_at if cursor is not None else self.clock()
        pending = await self.store.drafts_to_append(self.key, since=since)
        if not pending:
            return
        folder = await self.mailbox.special_folder(DRAFTS_USE, "Drafts")
        # APPEND, then record: a crash in between leaves a draft that is not recorded, which
        # the next pass finds here by its Message-ID and records without a second APPEND.
        already = await self.mailbox.message_ids(folder)
        for item in pending:
            if item.message_id.strip().lower() not in already:
                message = await self._compose(item)
                if message is None:
                    continue
                data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
                await self.mailbox.append(folder, data, (DRAFT_FLAG,))
                report.drafts_appended += 1
            await self.store.record_mailbox_draft(self.key, item, now=self.clock())

    async def _compose(self, item: OutboxItem) -> EmailMessage | None:
        creator = await self.store.get_creator(item.creator_id)
        try:
            return compose_reply(
                item,
                signature=creator.preferences.signature if creator else "",
                sender_name=creator.name if creator else "",
                now=self.clock(),
            )
        except ValueError as exc:
            log.warning("draft not composable", extra={"error": error_text(exc)})
            return None

    async def _resolve_drafts(self, report: PassReport) -> None:
        drafts = await self.store.open_mailbox_drafts(self.key)
        if not drafts:
            return
        drafts_folder = await self.mailbox.special_folder(DRAFTS_USE, "Drafts")
        sent_folder = ""
        in_drafts = await self.mailbox.message_ids(drafts_folder)
        for draft in drafts:
            item = draft.item
            if item.status != OutboxStatus.DRAFT:
                state = MailboxDraftState.SUPERSEDED
            elif item.message_id.strip().lower() in in_drafts:
                continue
            else:
                if not sent_folder:
                    sent_folder = await self.mailbox.special_folder(SENT_USE, "Sent", create=False)
                headers = {"Message-ID": item.message_id, "In-Reply-To": item.in_reply_to or ""}
                found = bool(sent_folder) and await self.mailbox.find_message_ids(
                    sent_folder, headers
                )
                state = MailboxDraftState.SENT if found else MailboxDraftState.DELETED
            await self.store.resolve_mailbox_draft(self.key, item.id, state, now=self.clock())
            if state is MailboxDraftState.SENT:
                report.drafts_sent_by_creator += 1
            elif state is MailboxDraftState.DELETED:
                report.drafts_deleted += 1

    # -- the long run --------------------------------------------------------------------------
    async def run(
        self,
        stop: asyncio.Event,
        *,
        once: bool = False,
        idle_renew: float = IDLE_RENEW_SECONDS,
        poll_interval: float = 60.0,
        backoff_start: float = 1.0,
        backoff_max: float = 60.0,
        on_pass: Callable[[PassReport], None] | None = None,
    ) -> PassReport:
        """Passes until ``stop`` is set (or one pass with ``once``), waiting for mail between.

        A broken connection (server restart, network drop) is retried with exponential backoff
        from ``backoff_start`` to ``backoff_max`` seconds; an unavailable store likewise. The
        cursor only moves past processed messages, so nothing is lost or answered twice.

        Args:
            stop: Set it to end the run (after the current message).
            once: One pass, then return (errors propagate).
            idle_renew: Seconds one IDLE lasts before it is re-issued.
            poll_interval: Seconds between passes where the server has no IDLE.
            backoff_start: First reconnection delay.
            backoff_max: Longest reconnection delay.
            on_pass: Called with each pass's report.

        Returns:
            The totals of every pass.

        Raises:
            ImapError: with ``once``, or a non-connection error (a refused login).
        """
        totals = PassReport()
        delay = backoff_start
        self._stop = stop
        try:
            while not stop.is_set():
                try:
                    report = await self.run_pass()
                    totals.add(report)
                    if on_pass is not None:
                        on_pass(report)
                    delay = backoff_start
                    if once:
                        break
                    await self._wait(stop, idle_renew, poll_interval)
                except (ImapError, StoreUnavailable, RetryLater) as exc:
                    if once or (isinstance(exc, ImapError) and not exc.connection):
                        raise
                    log.warning(
                        "mailbox unavailable, retrying",
                        extra={"error": error_text(exc), "retry_in": round(delay, 1)},
                    )
                    await self.mailbox.close()
                    await _sleep(stop, delay)
                    delay = min(delay * 2, backoff_max)
        finally:
            await self.mailbox.close()
        return totals

    async def _wait(self, stop: asyncio.Event, idle_renew: float, poll_interval: float) -> None:
        if self.mailbox.can_idle:
            await self.mailbox.idle(self.mailbox.url.folder, stop=stop, max_wait=idle_renew)
        else:
            await _sleep(stop, poll_interval)


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    """Sleep ``seconds`` or until ``stop`` is set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
