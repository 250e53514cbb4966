"""The ``repflow`` command line: inspect, process, drafts, approve, leads, deals, thread, serve.

Every command answers an error with one line on stderr (``error: ...``) and a non-zero exit
status; ``repflow --debug COMMAND`` (or ``REPFLOW_DEBUG=1``) shows the traceback as well.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from repflow.exceptions import RepflowError

if TYPE_CHECKING:
    from repflow.bootstrap import CreatorDiff
    from repflow.store.port import OutboxItem
    from repflow.store.sql import SqlStore

app = typer.Typer(
    name="repflow",
    help="Repflow: an AI deal desk for creators' brand partnership email.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
)
err = Console(stderr=True)
out = Console()

#: The file ``--config`` defaults to when it exists in the working directory.
DEFAULT_CONFIG = Path("repflow.toml")
#: The first bytes of every SQLite database file.
_SQLITE_HEADER = b"SQLite format 3\x00"

PathsArg = Annotated[list[Path], typer.Argument(help="Files, directories, mbox files or Maildirs.")]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="sqlite:///path, postgresql://... or a path [default: ./repflow.db]."
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="repflow.toml with creator profiles [default: ./repflow.toml]."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON Lines, nothing else on stdout.")]
OutboxOpt = Annotated[Path, typer.Option("--outbox", help="Where replies are written.")]


def _debug() -> bool:
    return os.environ.get("REPFLOW_DEBUG", "").strip().lower() in ("1", "true", "yes", "on")


def _version(value: bool) -> None:
    if value:
        from repflow import __version__

        out.print(f"repflow {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_version
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show tracebacks (they may quote addresses and mail)."),
    ] = False,
) -> None:
    """Repflow: an AI deal desk for creators' brand partnership email."""
    if debug:
        os.environ["REPFLOW_DEBUG"] = "1"


def _fail(exc: Exception | str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    return typer.Exit(code=code)


def _config_path(config: Path | None) -> Path | None:
    """``--config``, else ``REPFLOW_CONFIG``, else ``./repflow.toml`` when it exists."""
    if config is not None:
        return config
    from repflow.config import Settings

    configured = Settings().config
    if configured is not None:
        return configured
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def _check_db(db: str | None, *, must_exist: bool) -> str:
    """The ``--db`` value to open, refused in one line when it cannot be a Repflow database.

    Args:
        db: ``--db`` as given (None: the default).
        must_exist: A read command: a database file that does not exist is an error (and is
            not created).

    Returns:
        The value to open.

    Raises:
        typer.Exit: with status 2 after one line on stderr.
    """
    from sqlalchemy.engine import make_url

    from repflow.config import Settings
    from repflow.store.sql import database_url

    value = db or Settings().db
    try:
        url = make_url(database_url(value))
    except (RepflowError, ValueError) as exc:
        raise _fail(exc) from exc
    name = url.database or ""
    if url.get_backend_name() != "sqlite" or name in ("", ":memory:") or name.startswith("file:"):
        return value
    path = Path(name)
    if path.is_dir():
        raise _fail(f"{path} is a directory, not a database file")
    if not path.exists():
        if must_exist:
            raise _fail(
                f"{path}: no such database (`repflow process` creates it; --db names another)"
            )
        if not path.parent.is_dir():
            raise _fail(f"{path}: the directory {path.parent} does not exist")
        return value
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise _fail(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    if head and head != _SQLITE_HEADER:
        raise _fail(f"{path} is not a Repflow database (not an SQLite file)")
    return value


def _messages(paths: list[Path]) -> Iterator[Any]:
    from repflow.transport.sources import iter_raw_messages

    return iter_raw_messages(paths)


def _write_json(row: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def _progress(enabled: bool) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not enabled,
    )


@app.command()
def inspect(paths: PathsArg, as_json: JsonOpt = False) -> None:
    """Show how the mail layer reads each message: addresses, new text, thread, screening."""
    from repflow.pipeline.inspect import Inspector

    inspector = Inspector()
    rows: list[dict[str, Any]] = []
    try:
        messages = list(_messages(paths))
    except RepflowError as exc:
        raise _fail(exc) from exc
    with _progress(not as_json and len(messages) > 50) as progress:
        task = progress.add_task("inspecting", total=len(messages))
        for raw in messages:
            row = inspector.inspect(raw)
            if as_json:
                _write_json(row)
            else:
                rows.append(row)
            progress.advance(task)
    if not as_json:
        _inspect_table(rows)


def _inspect_table(rows: list[dict[str, Any]]) -> None:
    table = Table(title=f"{len(rows)} message(s)", show_lines=False)
    for column in ("source", "from", "subject", "thread", "screen", "new text"):
        table.add_column(column, overflow="fold", max_width=40 if column != "new text" else 50)
    for row in rows:
        sender = (row.get("from") or {}).get("address", "") if row.get("from") else ""
        text = " ".join((row.get("new_text") or "").split())
        table.add_row(
            Path(str(row["source"])).name,
            sender,
            row.get("subject") or "",
            (row.get("thread_id") or "")[:14],
            row.get("screen") or ("[red]" + row["error"] + "[/red]" if row.get("error") else ""),
            text[:120],
        )
    out.print(table)


@app.command()
def process(
    paths: PathsArg,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
    engine: Annotated[str, typer.Option("--engine", help="heuristic or llm.")] = "heuristic",
    outbox: OutboxOpt = Path("outbox"),
    no_send: Annotated[
        bool, typer.Option("--no-send", help="Decide and store, send nothing.")
    ] = False,
) -> None:
    """Process mail end to end: screen, thread, classify, decide, store and answer.

    Exits 1 when a message could not be processed or was deferred (another run holds it).
    """
    if engine not in ("heuristic", "llm"):
        raise _fail(ValueError(f"--engine must be heuristic or llm, not {engine!r}"))
    db = _check_db(db, must_exist=False)
    try:
        tally = asyncio.run(
            _process(paths, as_json, db, _config_path(config), engine, outbox, no_send)
        )
    except RepflowError as exc:
        raise _fail(exc) from exc
    if tally.unsent:
        err.print(
            f"[yellow]warning:[/yellow] {tally.unsent} approved repl(y/ies) could not be sent "
            "yet; they stay in the outbox and `repflow dispatch` retries them",
            highlight=False,
        )
    if tally.errors or tally.deferred:
        parts = []
        if tally.errors:
            parts.append(f"{tally.errors} failed")
        if tally.deferred:
            parts.append(f"{tally.deferred} deferred (another run holds them: run again later)")
        err.print(
            f"[red]error:[/red] {tally.errors + tally.deferred} of {tally.total} message(s) "
            f"not processed: {', '.join(parts)}",
            highlight=False,
        )
        raise typer.Exit(code=1)  # every message was tried; some could not be processed


class _Tally:
    """How a ``process`` run went, for its exit status."""

    def __init__(self) -> None:
        self.total = 0
        self.errors = 0
        self.deferred = 0
        self.unsent = 0


async def _process(
    paths: list[Path],
    as_json: bool,
    db: str | None,
    config_path: Path | None,
    engine: str,
    outbox: Path,
    no_send: bool,
) -> _Tally:
    """Process every message; a failure of one is its row's ``error``, never the batch's.

    Returns:
        How many messages there were, failed, were deferred, and replies left unsent.
    """
    from repflow.bootstrap import build_app, build_transport, open_sql_store, sync_creators
    from repflow.config import Settings, load_config
    from repflow.pipeline.delivery import Delivery
    from repflow.pipeline.exceptions import RetryLater
    from repflow.pipeline.result import ProcessResult, error_text

    settings = Settings()
    debug = settings.debug or _debug()
    config = load_config(config_path)
    # Streamed: a mailbox of any size is read one message at a time (paths are checked now).
    messages = _messages(paths)
    store = await open_sql_store(db)
    tally = _Tally()
    try:
        _note_differences(await sync_creators(store, config), config_path)
        transport = None if no_send else build_transport(settings, outbox)
        application = build_app(
            store,
            config,
            engine="llm" if engine == "llm" else "heuristic",
            model=settings.model,
            transport=transport,
        )
        results = []  # kept for the summary table only (not with --json)
        with _progress(not as_json) as progress:
            task = progress.add_task("processing", total=None)
            for raw in messages:
                tally.total += 1
                try:
                    result = await application.pipeline.process(
                        raw.data, Delivery(source=raw.source)
                    )
                    if result.error:
                        # Kept and flagged but not processed (not an email, refused by the store).
                        tally.errors += 1
                        err.print(f"[red]error:[/red] {escape(f'{raw.source}: {result.error}')}")
                except Exception as exc:  # one message's failure; the next one still runs
                    # Masked, one line, no SQL parameters: no body or address on a terminal
                    # or in a CI log unless REPFLOW_DEBUG asks for them.
                    result = ProcessResult(source=raw.source, error=error_text(exc, debug=debug))
                    if isinstance(exc, RetryLater):
                        tally.deferred += 1
                    else:
                        tally.errors += 1
                    err.print(f"[red]error:[/red] {escape(f'{raw.source}: {result.error}')}")
                    if debug:
                        err.print_exception()
                row = result.to_json()
                if as_json:
                    _write_json(row)
                else:
                    results.append(row)
                progress.advance(task)
        if application.dispatcher is not None:
            # Once for the batch: the replies its turns committed (and any left from before).
            report = await application.dispatcher.run()
            tally.unsent += len(report.failed) + len(report.gave_up)
        if not as_json:
            _process_summary(results, None if no_send else outbox)
    finally:
        await store.close()
    return tally


def _note_differences(diffs: list[CreatorDiff], config_path: Path | None) -> None:
    """Say (on stderr) which stored creators the config file would change, without changing them."""
    if config_path is None:
        return  # no file to compare with: the stored profiles are simply used
    for diff in diffs:
        if diff.new or diff.applied:
            continue
        keys = [key.removeprefix("preferences.") for key, _, _ in diff.changes]
        shown = ", ".join(keys[:4]) + (f" and {len(keys) - 4} more" if len(keys) > 4 else "")
        err.print(
            f"note: {config_path} differs from the stored profile of "
            f"{diff.creator_id!r} ({shown}); the stored values are used. "
            "`repflow creators sync` shows the difference, `--overwrite` applies the file.",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )


def _why(row: dict[str, Any]) -> str:
    """The reasons column of the process table: why this decision, or what went wrong."""
    if row.get("error"):
        return "[red]" + escape(str(row["error"])) + "[/red]"
    if row.get("duplicate"):
        return "[dim]seen before: nothing new done[/dim]"
    if row.get("screened"):
        return escape(f"screened: {row['screened']}")
    parts = [
        str(reason)
        for reason in row.get("reasons") or []
        if not str(reason).startswith("sent on its own")
    ]
    if row.get("flags"):
        parts.append("flags: " + ", ".join(row["flags"]))
    return escape("; ".join(parts))


def _process_summary(rows: list[dict[str, Any]], outbox: Path | None) -> None:
    from repflow.domain.models import decision_label

    table = Table(title=f"{len(rows)} message(s) processed", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("message", no_wrap=True, overflow="ellipsis", max_width=18)
    table.add_column("what", no_wrap=True, overflow="ellipsis", max_width=11)
    table.add_column("decision", no_wrap=True, min_width=9)
    table.add_column("reply", no_wrap=True)
    table.add_column("why", overflow="fold", ratio=1, min_width=20)
    for row in rows:
        reply = row.get("reply")
        table.add_row(
            escape(Path(str(row.get("source", ""))).stem),
            f"[dim]{row['screened']}[/dim]" if row.get("screened") else row.get("category") or "",
            decision_label(row.get("decision")) or ("[red]error[/red]" if row.get("error") else ""),
            reply["mode"] if reply else "",
            _why(row),
        )
    out.print(table)
    held = [r for r in rows if r.get("held")]
    if held:
        # Why a reply that could have gone out waits for the creator instead (the send gate).
        out.print("[bold]Held for your approval[/bold] (the reply waits as a draft):")
        for row in held:
            name = Path(str(row.get("source", ""))).stem
            out.print(f"  {name}: " + "; ".join(row["held"]), markup=False, highlight=False)
    offers = sum(1 for r in rows if r.get("is_sponsorship_offer"))
    sent = sum(1 for r in rows if r.get("reply") and r["reply"]["mode"] == "auto")
    drafted = sum(1 for r in rows if r.get("reply") and r["reply"]["mode"] == "draft")
    flagged = sum(1 for r in rows if r.get("flags"))
    ignored = sum(1 for r in rows if r.get("screened") or r.get("decision") == "ignore")
    errors = sum(1 for r in rows if r.get("error"))
    summary = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("offers", "replies sent", "drafts waiting", "flagged", "ignored", "errors"):
        summary.add_column(column, justify="right")
    summary.add_row(*(str(n) for n in (offers, sent, drafted, flagged, ignored, errors)))
    out.print(summary)
    if outbox is not None:
        out.print(f"Replies sent are written to [bold]{escape(str(outbox))}/[/bold] as .eml files.")
    if drafted:
        out.print("`repflow drafts` lists the drafts; `repflow approve ID` sends one.")


@app.command()
def watch(
    url: Annotated[
        str,
        typer.Argument(
            help="imap://USER@HOST:PORT/FOLDER or imaps://...; the password from the URL or "
            "REPFLOW_IMAP_PASSWORD (OAuth2: REPFLOW_IMAP_TOKEN_COMMAND or _TOKEN_FILE)."
        ),
    ],
    once: Annotated[bool, typer.Option("--once", help="Process what is there, then exit.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Test the connection and folders; change nothing.")
    ] = False,
    db: DbOpt = None,
    config: ConfigOpt = None,
    engine: Annotated[str, typer.Option("--engine", help="heuristic or llm.")] = "heuristic",
    outbox: Annotated[
        Path,
        typer.Option("--outbox", help="Where replies are written when REPFLOW_SMTP_HOST is unset."),
    ] = Path("outbox"),
    poll_interval: Annotated[
        float,
        typer.Option("--poll-interval", min=0.1, help="Seconds between checks without IDLE."),
    ] = 60.0,
    max_backoff: Annotated[
        float,
        typer.Option("--max-backoff", min=0.1, help="Longest wait before reconnecting."),
    ] = 60.0,
    as_json: JsonOpt = False,
) -> None:
    """Watch a real mailbox over IMAP: each new email is processed exactly once.

    Drafts go to the mailbox's Drafts folder, automatic replies out through SMTP.

    Nothing is deleted or marked read. Without --once it waits for new mail (IDLE).
    """
    from repflow.cli_watch import check_mailbox, watch_mailbox

    def say(line: str) -> None:
        err.print(line, markup=False, highlight=False, soft_wrap=True)

    if check:
        try:
            asyncio.run(check_mailbox(url, say=say))
        except RepflowError as exc:
            raise _fail(exc) from exc
        return
    if engine not in ("heuristic", "llm"):
        raise _fail(ValueError(f"--engine must be heuristic or llm, not {engine!r}"))
    db = _check_db(db, must_exist=False)
    try:
        totals = asyncio.run(
            watch_mailbox(
                url,
                once=once,
                db=db,
                config_path=_config_path(config),
                engine="llm" if engine == "llm" else "heuristic",
                outbox=outbox,
                poll_interval=poll_interval,
                max_backoff=max_backoff,
                as_json=as_json,
                say=say,
                note_differences=_note_differences,
            )
        )
    except RepflowError as exc:
        raise _fail(exc) from exc
    if totals.errors:
        raise typer.Exit(code=1)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the example config.")] = Path(
        "repflow.toml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented example repflow.toml."""
    from repflow.config import EXAMPLE_CONFIG

    if path.exists() and not force:
        raise _fail(FileExistsError(f"{path} exists (use --force to overwrite)"))
    path.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    out.print(f"Wrote {path}")


def _run_store(db: str | None, action: Any, *, must_exist: bool = True) -> Any:
    """Run ``action(store)`` on the SQL store at ``db`` (a read command by default).

    A read command refuses a database file that does not exist rather than creating one.
    """
    value = _check_db(db, must_exist=must_exist)

    async def runner() -> Any:
        from repflow.bootstrap import open_sql_store

        store = await open_sql_store(value)
        try:
            return await action(store)
        finally:
            await store.close()

    try:
        return asyncio.run(runner())
    except RepflowError as exc:
        raise _fail(exc, getattr(exc, "code", 2)) from exc


@app.command()
def leads(
    db: DbOpt = None,
    state: Annotated[str | None, typer.Option("--state", help="Only leads in this state.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List leads, newest activity first."""
    from repflow.pipeline.result import terms_json

    rows = _run_store(db, lambda store: store.list_leads(None, state=state))
    if as_json:
        for lead in rows:
            _write_json(
                {
                    "id": lead.id,
                    "creator_id": lead.creator_id,
                    "thread_id": lead.thread_id,
                    "state": lead.state,
                    "flags": list(lead.flags),
                    "deal": terms_json(lead.terms),
                    "updated_at": lead.updated_at.isoformat() if lead.updated_at else None,
                }
            )
        return
    table = Table(title=f"{len(rows)} lead(s)", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("thread", no_wrap=True, min_width=22)  # ids are shown whole
    for column in ("creator", "brand", "budget", "type", "state", "flags"):
        table.add_column(column, overflow="fold")
    for lead in rows:
        terms = lead.terms
        budget = ""
        if terms.budget_min is not None:
            budget = f"{terms.budget_min:,.0f}"
            if terms.budget_max is not None and terms.budget_max != terms.budget_min:
                budget += f"-{terms.budget_max:,.0f}"
            budget += f" {terms.currency or ''}"
        table.add_row(
            lead.thread_id,
            lead.creator_id,
            terms.brand or "",
            budget,
            terms.partnership_type.value if terms.partnership_type else "",
            lead.state,
            ", ".join(lead.flags),
        )
    out.print(table)


@app.command()
def deals(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List deals, newest first."""
    from repflow.pipeline.result import terms_json

    rows = _run_store(db, lambda store: store.list_deals(None))
    if as_json:
        for deal in rows:
            _write_json(
                {
                    "id": deal.id,
                    "creator_id": deal.creator_id,
                    "thread_id": deal.thread_id,
                    "stage": deal.stage,
                    "deal": terms_json(deal.terms),
                }
            )
        return
    table = Table(title=f"{len(rows)} deal(s)", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("thread", no_wrap=True, min_width=22)  # ids are shown whole
    for column in ("creator", "brand", "budget", "currency", "stage"):
        table.add_column(column, overflow="fold")
    for deal in rows:
        terms = deal.terms
        table.add_row(
            deal.thread_id,
            deal.creator_id,
            terms.brand or "",
            f"{terms.budget_max or terms.budget_min or 0:,.0f}",
            terms.currency or "",
            deal.stage,
        )
    out.print(table)


@app.command()
def thread(
    thread_id: Annotated[str, typer.Argument(help="A thread id from `repflow leads`.")],
    db: DbOpt = None,
    creator: Annotated[
        str | None, typer.Option("--creator", help="Creator id (needed only when shared).")
    ] = None,
) -> None:
    """Show a thread: its lead, messages and replies."""
    from repflow.domain.models import decision_label
    from repflow.store.port import OutboxStatus

    async def action(store: SqlStore) -> Any:
        owners = [creator] if creator else await store.thread_creators(thread_id)
        if len(owners) > 1:
            raise LookupError(
                f"thread {thread_id!r} belongs to creators {', '.join(owners)}: add --creator"
            )
        if not owners:
            return None, None
        return owners[0], await store.load_thread(owners[0], thread_id)

    owner, state = _run_store(db, _lookup(action))
    if state is None or (state.lead is None and not state.messages and not state.outbox):
        where = f" for creator {creator!r}" if creator else ""
        raise _fail(f"no thread {thread_id!r}{where} (`repflow leads` lists the thread ids)")
    out.print(f"[bold]Thread[/bold] {thread_id}  creator: {escape(owner)}", highlight=False)
    if state.lead is not None:
        out.print(
            f"[bold]Lead[/bold] {state.lead.state}  flags: {', '.join(state.lead.flags) or '-'}"
        )
    for message in state.messages:
        arrow = "<-" if message.direction.value == "inbound" else "->"
        out.print(f"[bold]{arrow} {escape(message.sender)}[/bold]  {escape(message.subject)}")
        decision = message.details.get("decision") if message.details else None
        if decision:
            reasons = "; ".join(str(r) for r in message.details.get("reasons") or [])
            out.print(
                f"[dim]decision: {escape(decision_label(str(decision)))}"
                + (f" ({escape(reasons)})" if reasons else "")
                + "[/dim]"
            )
        out.print(escape(message.text.strip()[:2000]) + "\n")
    for item in state.outbox:
        out.print(
            f"[bold]reply {item.id}[/bold] {item.status.value} -> "
            f"{escape(item.to_address)}: {escape(item.subject)}",
            highlight=False,
        )
        out.print(escape(item.text) + "\n")
    if any(item.status is OutboxStatus.DRAFT for item in state.outbox):
        out.print("`repflow approve ID` sends a draft, `repflow discard ID` drops it.")


def _lookup(action: Any) -> Any:
    """``action`` with a failed lookup (LookupError) reported as a one-line error."""

    async def run(store: Any) -> Any:
        try:
            return await action(store)
        except LookupError as exc:
            raise _Refused(str(exc), code=2) from exc

    return run


class _Refused(RepflowError):
    """A command refused what it was asked (unknown id, a draft already handled)."""

    def __init__(self, message: str, *, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# -- drafts --------------------------------------------------------------------------------


@app.command()
def drafts(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List the replies waiting for your approval, oldest first."""
    from repflow.store.port import OutboxStatus

    async def action(store: SqlStore) -> list[OutboxItem]:
        return await store.list_outbox(OutboxStatus.DRAFT, limit=10_000)

    rows: list[OutboxItem] = _run_store(db, action)
    if as_json:
        for item in rows:
            _write_json(
                {
                    "id": item.id,
                    "thread_id": item.thread_id,
                    "to": item.to_address,
                    "subject": item.subject,
                    "text": item.text,
                }
            )
        return
    table = Table(title=f"{len(rows)} draft(s) waiting", box=box.SIMPLE_HEAD, pad_edge=False)
    several = len({item.creator_id for item in rows}) > 1
    table.add_column("id", no_wrap=True, min_width=32)  # ids are shown whole
    if several:
        table.add_column("creator", overflow="fold")
    table.add_column("to", overflow="fold")
    table.add_column("subject", overflow="fold")
    for item in rows:
        cells = [item.id, escape(item.to_address), escape(item.subject)]
        if several:
            cells.insert(1, escape(item.creator_id))
        table.add_row(*cells)
    out.print(table)
    if rows:
        out.print(
            "`repflow thread THREAD_ID` shows one in its conversation; "
            "`repflow approve ID [--edit]` sends it, `repflow discard ID` drops it."
        )


async def _draft(store: SqlStore, outbox_id: str, *, then: str = "") -> OutboxItem:
    """The DRAFT row ``outbox_id``; one clear line when it is unknown or already handled."""
    from repflow.store.port import OutboxStatus

    item = await store.find_outbox(outbox_id.strip())
    if item is None:
        raise _Refused(f"no draft {outbox_id!r} (`repflow drafts` lists them)", code=2)
    if item.status is not OutboxStatus.DRAFT:
        raise _Refused(f"draft {item.id} is already {item.status.value}{then}")
    return item


def _edited(text: str) -> str:
    """The reply as the creator leaves it in ``$EDITOR``."""
    import click

    from repflow.api.dashboard.routes import MAX_REPLY_CHARS

    try:
        edited = click.edit(text, extension=".txt", require_save=True)
    except click.ClickException as exc:
        raise _Refused(f"{exc.format_message()}: nothing sent") from exc
    if edited is None:
        raise _Refused("the draft was not saved in the editor: nothing sent")
    result = edited.replace("\r\n", "\n").strip()
    if not result:
        raise _Refused("the reply is empty: nothing sent")
    if len(result) > MAX_REPLY_CHARS:
        raise _Refused(f"the reply is longer than {MAX_REPLY_CHARS:,} characters: nothing sent")
    return result


async def _check_edited(store: SqlStore, item: OutboxItem, text: str) -> None:
    """An edited draft is a reply the creator wrote: checked like one (the dashboard's)."""
    from repflow.api.dashboard.compose import creator_text_problems

    creator = await store.get_creator(item.creator_id)
    if creator is None:
        return
    state = await store.load_thread(item.creator_id, item.thread_id)
    problems = creator_text_problems(text, state, creator, sender=item.from_address)
    if problems:
        reasons = "; ".join(problems)
        raise _Refused(f"the edited reply is not sent: {reasons}")


@app.command()
def approve(
    outbox_id: Annotated[
        str, typer.Argument(metavar="ID", help="A draft id from `repflow drafts`.")
    ],
    edit: Annotated[
        bool, typer.Option("--edit", help="Edit the text in $EDITOR before it is sent.")
    ] = False,
    db: DbOpt = None,
    outbox: OutboxOpt = Path("outbox"),
    config: ConfigOpt = None,
) -> None:
    """Send a draft now (through the outbox, as the dashboard's Approve does)."""
    from repflow.bootstrap import build_dispatcher, build_transport, sync_creators
    from repflow.config import Settings, load_config
    from repflow.pipeline.contacts import learn_contact
    from repflow.store.exceptions import Conflict
    from repflow.store.port import OutboxStatus
    from repflow.transport.exceptions import SendError

    try:
        repflow_config = load_config(_config_path(config))
    except RepflowError as exc:
        raise _fail(exc) from exc

    async def action(store: SqlStore) -> str:
        await sync_creators(store, repflow_config)  # seeds creators only; changes nothing stored
        item = await _draft(store, outbox_id, then=": nothing sent")
        text = _edited(item.text) if edit else None
        if text is not None:
            await _check_edited(store, item, text)
        try:
            item = await store.update_draft(
                item.creator_id, item.id, text=text, status=OutboxStatus.PENDING
            )
        except Conflict as exc:  # handled meanwhile (the dashboard, another approve)
            raise _Refused(f"draft {item.id} was handled meanwhile: nothing sent") from exc
        transport = build_transport(Settings(), outbox)
        try:
            await build_dispatcher(store, transport).send(item)
        except SendError as exc:
            return f"approved, but not sent yet ({exc}); `repflow dispatch` retries it"
        creator = await store.get_creator(item.creator_id)
        if creator is not None:
            state = await store.load_thread(item.creator_id, item.thread_id)
            if await learn_contact(store, creator, state, item.to_address):
                return f"sent to {item.to_address}; {item.to_address} is now one of your contacts"
        return f"sent to {item.to_address}"

    message = _run_store(db, action)
    out.print(escape(message), highlight=False)
    if message.startswith("approved, but not sent"):
        raise typer.Exit(code=1)


@app.command()
def discard(
    outbox_id: Annotated[
        str, typer.Argument(metavar="ID", help="A draft id from `repflow drafts`.")
    ],
    db: DbOpt = None,
) -> None:
    """Drop a draft: nothing is sent."""
    from repflow.store.exceptions import Conflict
    from repflow.store.port import OutboxStatus

    async def action(store: SqlStore) -> str:
        item = await _draft(store, outbox_id)
        try:
            await store.update_draft(
                item.creator_id, item.id, text=None, status=OutboxStatus.DISCARDED
            )
        except Conflict as exc:
            raise _Refused(f"draft {item.id} was handled meanwhile") from exc
        return item.id

    discarded = _run_store(db, action)
    out.print(f"Discarded {discarded}: nothing was sent.", highlight=False)


@app.command()
def block(
    value: Annotated[str, typer.Argument(help="An address (name@domain) or a domain.")],
    db: DbOpt = None,
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = "default",
) -> None:
    """Never answer an address or a domain again (its mail is stored, marked blocked)."""
    if not value.strip():
        raise _fail("nothing to block: give an address (name@domain) or a domain")
    _run_store(db, lambda store: store.block(creator, value.strip().lower()))
    out.print(f"Blocked {value} for {creator}")


@app.command()
def dispatch(
    db: DbOpt = None,
    outbox: Annotated[Path, typer.Option("--outbox", help="Where replies are written.")] = Path(
        "outbox"
    ),
) -> None:
    """Send every approved reply still waiting in the outbox."""
    from repflow.bootstrap import build_dispatcher, build_transport
    from repflow.config import Settings

    async def action(store: Any) -> Any:
        transport = build_transport(Settings(), outbox)
        return await build_dispatcher(store, transport).run()

    report = _run_store(db, action)
    out.print(
        f"sent {len(report.sent)}, failed {len(report.failed)}, gave up {len(report.gave_up)}"
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free).")] = 8000,
    db: DbOpt = None,
) -> None:
    """Run the backend API and the dashboard; every API route needs Bearer $API_AUTH_TOKEN."""
    from repflow.api.serve import serve as run_server

    if not 0 <= port <= 65535:
        raise _fail(f"--port {port}: not a TCP port (0-65535)")
    value = _check_db(db, must_exist=False)

    def announce(address: str) -> None:
        err.print(
            f"Dashboard: [bold]{escape(address)}[/bold]  (API under /api/; Ctrl-C stops)",
            highlight=False,
            soft_wrap=True,
        )

    try:
        run_server(host, port, value, announce=announce)
    except RepflowError as exc:
        raise _fail(exc) from exc


creators_app = typer.Typer(
    help="Creator profiles (repflow.toml and the store) and dashboard accounts.",
    no_args_is_help=True,
)
app.add_typer(creators_app, name="creators")


@creators_app.command("add")
def creators_add(
    email: Annotated[str, typer.Argument(help="The sign-in e-mail address.")],
    creator: Annotated[str, typer.Option("--creator", help="The creator id it signs in as.")] = "",
    password: Annotated[
        str | None, typer.Option("--password", help="Prompted for when not given.")
    ] = None,
    admin: Annotated[bool, typer.Option("--admin", help="Sees every creator.")] = False,
    db: DbOpt = None,
) -> None:
    """Create (or reset) a dashboard sign-in for a creator."""
    from repflow.api.dashboard import add_user
    from repflow.config import Settings

    if not creator and not admin:
        raise _fail(ValueError("--creator is required unless --admin is given"))
    value = _check_db(db, must_exist=True)
    secret = password or typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        add_user(value or Settings().db, email, creator or "default", secret, admin)
    except (ValueError, RepflowError) as exc:
        raise _fail(exc) from exc
    out.print(f"Dashboard account {email} ready for {'all creators' if admin else creator}")


@creators_app.command("sync")
def creators_sync(
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="Replace stored profiles with repflow.toml's."),
    ] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Compare repflow.toml with the stored creators; --overwrite applies the file.

    The store holds each creator's preferences (the dashboard edits them there): the file
    adds creators the store does not have yet, and changes an existing creator only here,
    with --overwrite, after showing what would change.
    """
    from repflow.bootstrap import sync_creators
    from repflow.config import load_config

    path = _config_path(config)
    if path is None:
        raise _fail("no repflow.toml here: give --config FILE (`repflow init` writes one)")
    try:
        repflow_config = load_config(path)
    except RepflowError as exc:
        raise _fail(exc) from exc

    async def action(store: SqlStore) -> list[CreatorDiff]:
        return await sync_creators(store, repflow_config, overwrite=overwrite)

    diffs: list[CreatorDiff] = _run_store(db, action, must_exist=False)
    differing = [diff for diff in diffs if not diff.new]
    for diff in diffs:
        if diff.new:
            out.print(f"{diff.creator_id}: added from {path}", markup=False, highlight=False)
            continue
        verb = "updated from" if diff.applied else "differs from"
        out.print(f"{diff.creator_id}: {verb} {path}", markup=False, highlight=False)
        for key, stored, configured in diff.changes:
            out.print(
                f"  {key}: {_shown(stored)} (stored) -> {_shown(configured)} ({path.name})",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
    if not diffs:
        out.print(f"The stored creators match {path}.", markup=False, highlight=False)
    elif differing and not overwrite:
        out.print(
            "Nothing changed for them: the stored values (the dashboard's) stay in use. "
            "`repflow creators sync --overwrite` replaces them with the file's.",
            highlight=False,
        )


def _shown(value: object) -> str:
    """A profile value as the diff shows it (sets sorted, numbers plain, none as ``-``)."""
    from decimal import Decimal
    from enum import Enum

    if value is None or value == "":
        return "-"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, frozenset | set):
        return "[" + ", ".join(sorted(_shown(item) for item in value)) + "]"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_shown(k)}: {_shown(v)}" for k, v in value.items()) + "}"
    return repr(value) if isinstance(value, str) and "\n" in value else str(value)


@app.command(name="eval")
def evaluate(
    directory: Annotated[Path, typer.Argument(help="A directory of labelled .eml files.")],
    labels: Annotated[Path, typer.Option("--labels", help="labels.jsonl for the directory.")],
    engine: Annotated[str, typer.Option("--engine", help="heuristic or llm.")] = "heuristic",
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Run the pipeline on a labelled corpus and report precision, recall and field accuracy."""
    from repflow.evaluation import eval_command

    raise typer.Exit(code=eval_command(directory, labels, engine, as_json, _config_path(config)))


def main() -> None:
    """Console-script entry point: an unexpected failure is one line unless --debug."""
    try:
        app(prog_name="repflow")
    except KeyboardInterrupt:
        err.print("interrupted")
        raise SystemExit(130) from None
    except Exception as exc:
        if _debug():
            raise
        from repflow.pipeline.result import error_text

        err.print(
            f"[red]error:[/red] {escape(error_text(exc))} (`repflow --debug ...` shows more)",
            highlight=False,
            soft_wrap=True,
        )
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
