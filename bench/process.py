"""Messages per second of ``repflow process`` (SQLite, offline engine) against a bare parse.

The Repflow side runs the whole deal desk per message in one process — parse, claim, screen,
thread, assess, decide, draft, commit to a fresh SQLite file, and write replies to an outbox
folder — over the same bytes the bare side only hands to ``email.message_from_bytes``.
"""

from __future__ import annotations

import asyncio
import email
import sys
import tempfile
import time
from pathlib import Path

from _results import ROOT, machine, write_section
from tests.conftest import corpus_files

from repflow.bootstrap import build_app, build_transport, open_sql_store, sync_creators
from repflow.config import Settings, load_config
from repflow.pipeline.process import Delivery
from repflow.transport.sources import RawMessage, iter_raw_messages


def inputs() -> list[RawMessage]:
    paths = [*corpus_files(), ROOT / "examples" / "inbox"]
    labelled = ROOT / "tests" / "corpus" / "labelled"
    if labelled.is_dir():
        paths.append(labelled)
    return list(iter_raw_messages(paths))


async def run_repflow(messages: list[RawMessage], workdir: Path) -> float:
    config = load_config(ROOT / "examples" / "repflow.toml")
    workdir.mkdir(parents=True, exist_ok=True)
    store = await open_sql_store(str(workdir / "bench.db"))
    await sync_creators(store, config)
    app = build_app(store, config, transport=build_transport(Settings(), workdir / "outbox"))
    assert app.dispatcher is not None
    started = time.perf_counter()
    for raw in messages:
        await app.pipeline.process(raw.data, Delivery(source=raw.source))
        await app.dispatcher.run()
    elapsed = time.perf_counter() - started
    await store.close()
    return len(messages) / elapsed


def bare_rate(messages: list[RawMessage]) -> float:
    started = time.perf_counter()
    for raw in messages:
        email.message_from_bytes(raw.data)
    return len(messages) / (time.perf_counter() - started)


def main() -> None:
    messages = inputs()
    with tempfile.TemporaryDirectory() as tmp:
        # A warm-up run pays the one-off imports (dateparser, regex compilation) outside the figure.
        asyncio.run(run_repflow(messages[:20], Path(tmp) / "warm"))
        repflow = asyncio.run(run_repflow(messages, Path(tmp)))
    bare = bare_rate(messages)
    body = f"""
{len(messages)} messages: `../shared/corpora`, `examples/inbox` and `tests/corpus/labelled`
({machine()}). One process; a fresh SQLite file; replies written to an outbox folder.

| | messages/s | relative |
|---|---:|---:|
| bare `email.message_from_bytes` | {bare:,.0f} | 1.00 |
| `repflow process` (SQLite, heuristic engine, file outbox) | {repflow:,.0f} | {repflow / bare:.3f} |

Ratio Repflow / bare: **{repflow / bare:.3f}**. Each Repflow message is several SQLite
transactions (claim, turn commit, outbox dispatch) besides parsing and the engine.
"""
    write_section("Process (repflow process, SQLite, heuristic engine)", body)
    print(body)


if __name__ == "__main__":
    sys.exit(main())
