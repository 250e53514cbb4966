"""The work behind ``repflow watch``: build the watcher, run it, report; and ``--check``.

Kept out of :mod:`repflow.cli` so that importing the CLI stays light (IMAP is imported only
when a mailbox is watched).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from repflow.pipeline.watch import PassReport

if TYPE_CHECKING:
    from repflow.bootstrap import CreatorDiff

__all__ = ["check_mailbox", "watch_mailbox"]


@contextlib.contextmanager
def _stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    """Set ``stop`` on SIGTERM and SIGINT while the block runs (the current message finishes)."""
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, Windows
            continue
        installed.append(sig)
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


async def watch_mailbox(
    url: str,
    *,
    once: bool,
    db: str | None,
    config_path: Path | None,
    engine: Literal["heuristic", "llm"],
    outbox: Path,
    poll_interval: float,
    max_backoff: float,
    as_json: bool,
    say: Callable[[str], None],
    note_differences: Callable[[list[CreatorDiff], Path | None], None] | None = None,
) -> PassReport:
    """Watch ``url`` until SIGTERM/SIGINT (or one pass with ``once``).

    Args:
        url: The mailbox URL (see :class:`repflow.transport.imap.MailboxUrl`).
        once: One pass, then return.
        db: ``--db``.
        config_path: ``repflow.toml``, if any.
        engine: The engine to decide with.
        outbox: Where replies go when no SMTP server is configured.
        poll_interval: Seconds between passes where the server has no IDLE.
        max_backoff: Longest wait between reconnection attempts.
        as_json: Print each pass's report as a JSON line on stdout.
        say: Prints one human line (stderr).
        note_differences: Reports stored profiles that differ from the file.

    Returns:
        The totals of every pass.

    Raises:
        RepflowError: a bad URL, a refused login, an unreachable store (with ``once``: any
            mailbox failure).
    """
    from repflow.bootstrap import build_app, build_transport, open_sql_store, sync_creators
    from repflow.config import Settings, load_config
    from repflow.pipeline.watch import MailboxWatcher, SentCopyTransport
    from repflow.transport.imap import ImapMailbox, MailboxUrl
    from repflow.transport.port import MailTransport

    settings = Settings()
    mailbox_url = MailboxUrl.parse(url)
    config = load_config(config_path)
    store = await open_sql_store(db)
    try:
        diffs = await sync_creators(store, config)
        if note_differences is not None:
            note_differences(diffs, config_path)
        mailbox = ImapMailbox(mailbox_url)
        transport: MailTransport = build_transport(settings, outbox)
        if settings.smtp_host:
            transport = SentCopyTransport(transport, mailbox)
        else:
            say(f"no REPFLOW_SMTP_HOST: automatic replies are written to {outbox}/ as .eml files")
        application = build_app(
            store, config, engine=engine, model=settings.model, transport=transport
        )
        watcher = MailboxWatcher(
            mailbox=mailbox,
            store=store,
            pipeline=application.pipeline,
            dispatcher=application.dispatcher,
        )

        def report(done: PassReport) -> None:
            if as_json:
                sys.stdout.write(json.dumps(asdict(done)) + "\n")
                sys.stdout.flush()
            if done.fetched or done.sent or done.drafts_appended or not as_json:
                say(
                    f"{done.fetched} new message(s): {done.processed} processed, "
                    f"{done.duplicates} seen before, {done.flagged} kept unreadable, "
                    f"{done.errors} error(s); "
                    f"{done.sent} repl(y/ies) sent, {done.drafts_appended} draft(s) filed in "
                    f"Drafts, {done.drafts_sent_by_creator} sent by you, "
                    f"{done.drafts_deleted} deleted by you"
                )

        stop = asyncio.Event()
        with _stop_on_signals(stop):
            if not once:
                say(f"watching {mailbox_url.folder} (SIGTERM or Ctrl-C stops)")
            return await watcher.run(
                stop,
                once=once,
                poll_interval=poll_interval,
                backoff_max=max_backoff,
                on_pass=report,
            )
    finally:
        await store.close()


async def check_mailbox(url: str, *, say: Callable[[str], None]) -> None:
    """Connect, log in, and say what the server and its folders look like; change nothing.

    Raises:
        RepflowError: the URL, the connection, the login or a folder failed.
    """
    from repflow.pipeline.watch import DRAFTS_USE, SENT_USE
    from repflow.transport.imap import ImapMailbox, MailboxUrl

    mailbox_url = MailboxUrl.parse(url)
    mailbox = ImapMailbox(mailbox_url)
    try:
        await mailbox.connect()
        security = "TLS" if mailbox_url.scheme == "imaps" else "STARTTLS"
        if mailbox_url.scheme == "imap" and b"STARTTLS" not in mailbox.capabilities:
            security = "plain text (no STARTTLS offered)"
        if mailbox_url.scheme == "imap" and mailbox_url.starttls == "no":
            security = "plain text (starttls=no)"
        say(f"server: {mailbox_url.host}:{mailbox_url.port}, {security}")
        say(f"login: {mailbox_url.auth} as {mailbox_url.username}: ok")
        wanted = ("IDLE", "UIDPLUS", "SPECIAL-USE", "CONDSTORE", "MOVE")
        has = [name for name in wanted if name.encode() in mailbox.capabilities]
        missing = [name for name in wanted if name.encode() not in mailbox.capabilities]
        say(
            "capabilities: "
            + (", ".join(has) or "none of note")
            + (f" (missing: {', '.join(missing)})" if missing else "")
        )
        if b"IDLE" not in mailbox.capabilities:
            say("no IDLE: watch polls every --poll-interval seconds")
        info = await mailbox.select(mailbox_url.folder, readonly=True)
        say(
            f"folder {mailbox_url.folder}: {info.exists} message(s), UIDVALIDITY "
            f"{info.uidvalidity} (examined read-only)"
        )
        for use, fallback in ((DRAFTS_USE, "Drafts"), (SENT_USE, "Sent")):
            found = await mailbox.special_folder(use, fallback, create=False)
            label = use.decode()
            say(
                f"{label} folder: {found}"
                if found
                else f"{label} folder: none ({fallback} will be created when first needed)"
            )
    finally:
        await mailbox.close()
