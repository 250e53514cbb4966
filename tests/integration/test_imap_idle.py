"""The watcher in-process: IDLE re-issued on schedule, stop honoured, totals reported."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from repflow.bootstrap import build_app, open_sql_store, sync_creators
from repflow.config import load_config
from repflow.pipeline.delivery import Delivery
from repflow.pipeline.result import ProcessResult
from repflow.pipeline.watch import MailboxWatcher, PassReport
from repflow.transport.imap import ImapMailbox, MailboxUrl
from tests.integration.dovecot import Dovecot, mail_variants
from tests.integration.test_imap_watch import EXAMPLES, config_with


async def eventually(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def test_idle_is_reissued_and_still_sees_new_mail(dovecot: Dovecot, tmp_path: Path) -> None:
    store = await open_sql_store(str(tmp_path / "repflow.db"))
    config = load_config(config_with(tmp_path, "review"))
    await sync_creators(store, config)
    application = build_app(store, config)
    mailbox = ImapMailbox(MailboxUrl.parse(dovecot.url(), {}), timeout=10)
    watcher = MailboxWatcher(mailbox=mailbox, store=store, pipeline=application.pipeline)
    stop = asyncio.Event()
    passes: list[PassReport] = []
    task = asyncio.create_task(watcher.run(stop, idle_renew=0.3, on_pass=passes.append))
    try:
        # Each IDLE ends (DONE) after 0.3 s and the watcher passes again before re-issuing it.
        await eventually(lambda: len(passes) >= 4, "several IDLE renewals")
        offer = (EXAMPLES / "inbox" / "01-complete-offer.eml").read_bytes()
        await asyncio.to_thread(dovecot.append, "INBOX", offer)
        await eventually(lambda: any(p.fetched for p in passes), "the new offer")
    finally:
        stop.set()
        totals = await asyncio.wait_for(task, timeout=15)
        await store.close()
    assert not mailbox.connected
    assert totals.fetched == 1
    assert totals.processed == 1
    assert totals.drafts_appended == 1
    drafts = await asyncio.to_thread(dovecot.messages, "Drafts")
    assert len(drafts) == 1


async def test_a_stop_inside_a_pass_keeps_the_cursor_at_the_last_processed_message(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    await asyncio.to_thread(dovecot.append_many, "INBOX", mail_variants(30))
    store = await open_sql_store(str(tmp_path / "repflow.db"))
    config = load_config(config_with(tmp_path, "review"))
    await sync_creators(store, config)
    application = build_app(store, config)
    url = MailboxUrl.parse(dovecot.url(), {})
    stop = asyncio.Event()
    process = application.pipeline.process
    calls = 0

    async def process_then_stop(data: bytes, delivery: Delivery | None = None) -> ProcessResult:
        nonlocal calls
        calls += 1
        if calls == 12:
            stop.set()  # SIGTERM arrives while the 12th message is being processed
        return await process(data, delivery)

    application.pipeline.process = process_then_stop  # type: ignore[method-assign]
    try:
        watcher = MailboxWatcher(
            mailbox=ImapMailbox(url, timeout=10), store=store, pipeline=application.pipeline
        )
        first = await asyncio.wait_for(watcher.run(stop), timeout=60)
        assert (first.processed, first.last_uid) == (12, 12)
        cursor = await store.get_mailbox_cursor(url.key)
        assert cursor is not None
        assert cursor.last_uid == 12
        # The next run goes on from there: every message once.
        application.pipeline.process = process  # type: ignore[method-assign]
        again = MailboxWatcher(
            mailbox=ImapMailbox(url, timeout=10), store=store, pipeline=application.pipeline
        )
        second = await asyncio.wait_for(again.run(asyncio.Event(), once=True), timeout=60)
        assert (second.fetched, second.processed, second.duplicates) == (18, 18, 0)
    finally:
        await store.close()
