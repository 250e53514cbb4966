"""The watcher in-process: IDLE re-issued on schedule, stop honoured, totals reported."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from repflow.bootstrap import build_app, open_sql_store, sync_creators
from repflow.config import load_config
from repflow.pipeline.watch import MailboxWatcher, PassReport
from repflow.transport.imap import ImapMailbox, MailboxUrl
from tests.integration.dovecot import Dovecot
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
