"""The ``repflow`` command line: inspect, process, init, leads, deals, thread, block, dispatch."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from repflow.exceptions import RepflowError

app = typer.Typer(
    name="repflow",
    help="Repflow: an AI deal desk for creators' brand partnership email.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
out = Console()

PathsArg = Annotated[list[Path], typer.Argument(help="Files, directories, mbox files or Maildirs.")]
DbOpt = Annotated[
    str | None, typer.Option("--db", help="sqlite:///path, postgresql://... or a path.")
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="repflow.toml with creator profiles.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON Lines, nothing else on stdout.")]


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}")
    return typer.Exit(code=2)


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
    outbox: Annotated[Path, typer.Option("--outbox", help="Where replies are written.")] = Path(
        "outbox"
    ),
    no_send: Annotated[
        bool, typer.Option("--no-send", help="Decide and store, send nothing.")
    ] = False,
) -> None:
    """Process mail end to end: screen, thread, classify, decide, store and answer."""
    if engine not in ("heuristic", "llm"):
        raise _fail(ValueError(f"--engine must be heuristic or llm, not {engine!r}"))
    try:
        errors = asyncio.run(_process(paths, as_json, db, config, engine, outbox, no_send))
    except RepflowError as exc:
        raise _fail(exc) from exc
    if errors:
        raise typer.Exit(code=1)  # every message was tried; some could not be processed


async def _process(
    paths: list[Path],
    as_json: bool,
    db: str | None,
    config_path: Path | None,
    engine: str,
    outbox: Path,
    no_send: bool,
) -> int:
    """Process every message; a failure of one is its row's ``error``, never the batch's.

    Returns:
        How many rows have an ``error``.
    """
    from repflow.bootstrap import build_app, build_transport, open_sql_store, sync_creators
    from repflow.config import Settings, load_config
    from repflow.pipeline.process import Delivery
    from repflow.pipeline.result import ProcessResult, error_text

    settings = Settings()
    debug = settings.debug
    config = load_config(config_path or settings.config)
    store = await open_sql_store(db or settings.db)
    try:
        await sync_creators(store, config)
        transport = None if no_send else build_transport(settings, outbox)
        application = build_app(
            store,
            config,
            engine="llm" if engine == "llm" else "heuristic",
            model=settings.model,
            transport=transport,
        )
        messages = list(_messages(paths))
        results = []
        with _progress(not as_json) as progress:
            task = progress.add_task("processing", total=len(messages))
            for raw in messages:
                try:
                    result = await application.pipeline.process(
                        raw.data, Delivery(source=raw.source)
                    )
                except Exception as exc:  # one message's failure; the next one still runs
                    # Masked, one line, no SQL parameters: no body or address on a terminal
                    # or in a CI log unless REPFLOW_DEBUG asks for them.
                    result = ProcessResult(source=raw.source, error=error_text(exc, debug=debug))
                    err.print(f"[red]error:[/red] {escape(f'{raw.source}: {result.error}')}")
                    if debug:
                        err.print_exception()
                row = result.to_json()
                if application.dispatcher is not None:
                    await application.dispatcher.run()
                results.append(row)
                if as_json:
                    _write_json(row)
                progress.advance(task)
        if not as_json:
            _process_summary(results, None if no_send else outbox)
    finally:
        await store.close()
    return sum(1 for row in results if row.get("error"))


def _process_summary(rows: list[dict[str, Any]], outbox: Path | None) -> None:
    table = Table(title=f"{len(rows)} message(s) processed")
    for column, width in (
        ("message", 14),
        ("what", 12),
        ("decision", 9),
        ("lead", 14),
        ("reply", 12),
        ("flags", 8),
    ):
        table.add_column(
            column, no_wrap=True, overflow="ellipsis", min_width=width, max_width=max(width, 26)
        )
    for row in rows:
        reply = row.get("reply")
        table.add_row(
            Path(str(row.get("source", ""))).stem,
            f"[dim]{row['screened']}[/dim]" if row.get("screened") else row.get("category") or "",
            row.get("decision") or ("[red]error[/red]" if row.get("error") else ""),
            row.get("lead_state") or "",
            f"{reply['mode']} -> {reply['to']}" if reply else "",
            ", ".join(row.get("flags") or []),
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
    summary = Table(show_header=True)
    for column in ("offers", "replies sent", "drafts waiting", "flagged", "ignored", "errors"):
        summary.add_column(column, justify="right")
    summary.add_row(*(str(n) for n in (offers, sent, drafted, flagged, ignored, errors)))
    out.print(summary)
    if outbox is not None:
        out.print(f"Replies sent are written to [bold]{outbox}/[/bold] as .eml files.")


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


def _run_store(db: str | None, action: Any) -> Any:
    async def runner() -> Any:
        from repflow.bootstrap import open_sql_store
        from repflow.config import Settings

        store = await open_sql_store(db or Settings().db)
        try:
            return await action(store)
        finally:
            await store.close()

    try:
        return asyncio.run(runner())
    except RepflowError as exc:
        raise _fail(exc) from exc


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
    table = Table(title=f"{len(rows)} lead(s)")
    for column in ("thread", "creator", "brand", "budget", "type", "state", "flags"):
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
    table = Table(title=f"{len(rows)} deal(s)")
    for column in ("thread", "creator", "brand", "budget", "currency", "stage"):
        table.add_column(column)
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
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = "default",
) -> None:
    """Show a thread: its lead, messages and replies."""
    state = _run_store(db, lambda store: store.load_thread(creator, thread_id))
    if state.lead is None and not state.messages:
        raise _fail(LookupError(f"no thread {thread_id!r} for creator {creator!r}"))
    if state.lead is not None:
        out.print(
            f"[bold]Lead[/bold] {state.lead.state}  flags: {', '.join(state.lead.flags) or '-'}"
        )
    for message in state.messages:
        arrow = "<-" if message.direction.value == "inbound" else "->"
        out.print(f"[bold]{arrow} {message.sender}[/bold]  {message.subject}")
        out.print(message.text.strip()[:2000] + "\n")
    for item in state.outbox:
        out.print(f"[bold]outbox[/bold] {item.status.value} -> {item.to_address}: {item.subject}")
        out.print(item.text + "\n")


@app.command()
def block(
    value: Annotated[str, typer.Argument(help="An address (name@domain) or a domain.")],
    db: DbOpt = None,
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = "default",
) -> None:
    """Never answer an address or a domain again (its mail is stored, marked blocked)."""
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
    from repflow.bootstrap import build_transport
    from repflow.config import Settings
    from repflow.pipeline.dispatch import Dispatcher

    async def action(store: Any) -> Any:
        transport = build_transport(Settings(), outbox)
        return await Dispatcher(store=store, transport=transport).run()

    report = _run_store(db, action)
    out.print(
        f"sent {len(report.sent)}, failed {len(report.failed)}, gave up {len(report.gave_up)}"
    )


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    db: DbOpt = None,
) -> None:
    """Run the backend API (and dashboard); every API route needs Bearer $API_AUTH_TOKEN."""
    from repflow.api.serve import serve as run_server
    from repflow.config import Settings

    try:
        run_server(host, port, db or Settings().db)
    except RepflowError as exc:
        raise _fail(exc) from exc


creators_app = typer.Typer(help="Dashboard accounts of creators.", no_args_is_help=True)
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
    secret = password or typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        add_user(db or Settings().db, email, creator or "default", secret, admin)
    except (ValueError, RepflowError) as exc:
        raise _fail(exc) from exc
    out.print(f"Dashboard account {email} ready for {'all creators' if admin else creator}")


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

    raise typer.Exit(code=eval_command(directory, labels, engine, as_json, config))


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
