"""Messages per second of ``repflow process`` (SQLite, offline engine) against a bare parse.

The corpus is SpamAssassin-sized: every message of ``../shared/corpora``, ``examples/inbox`` and
``tests/corpus/labelled`` (503 here), then generated variants of each (a new Message-ID and a
numbered subject, so each is a new email to claim, thread and answer) up to ``TARGET`` messages.

* bare: ``email.message_from_bytes(data, policy=policy.default)`` and reading From, To,
  Subject, Date and Message-ID (what "a bare stdlib parse" costs with the modern policy);
* Repflow: the deal desk as ``repflow process`` runs it — parse, claim, screen, thread,
  assess, decide, draft, commit to a fresh SQLite file — with creators and blocklists read
  once per batch and the replies dispatched (written to an outbox folder) once at the end.

Then a profile of 500 messages splits the Repflow time between the store, the engine, the
parser and the rest of the pipeline. Writes "## Process (...)" in bench/RESULTS.md.
"""

from __future__ import annotations

import asyncio
import cProfile
import email
import pstats
import re
import sys
import tempfile
import time
from email import policy
from pathlib import Path

from _results import ROOT, machine, write_section
from tests.conftest import corpus_files

from repflow.bootstrap import build_app, build_transport, open_sql_store, sync_creators
from repflow.config import Settings, load_config
from repflow.pipeline.process import Delivery
from repflow.transport.sources import RawMessage, iter_raw_messages

TARGET = 6_000
PROFILED = 500
_MESSAGE_ID = re.compile(rb"^Message-ID:[^\n]*\n", re.IGNORECASE | re.MULTILINE)
_SUBJECT = re.compile(rb"^Subject:", re.IGNORECASE | re.MULTILINE)


def originals() -> list[RawMessage]:
    paths = [*corpus_files(), ROOT / "examples" / "inbox"]
    labelled = ROOT / "tests" / "corpus" / "labelled"
    if labelled.is_dir():
        paths.append(labelled)
    return list(iter_raw_messages(paths))


def inputs() -> list[RawMessage]:
    base = originals()
    out = list(base)
    n = 1
    while len(out) < TARGET:
        out.extend(
            RawMessage(
                source=f"{raw.source}#{n}",
                data=(
                    f"Message-ID: <variant-{n}-{i}@bench.example>\r\n".encode()
                    + _SUBJECT.sub(f"Subject: [{n}]".encode(), _MESSAGE_ID.sub(b"", raw.data, 1), 1)
                ),
            )
            for i, raw in enumerate(base)
        )
        n += 1
    return out[:TARGET]


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
        message = email.message_from_bytes(raw.data, policy=policy.default)
        for name in ("from", "to", "subject", "date", "message-id"):
            try:
                message.get(name)
            except Exception:
                continue
    return len(messages) / (time.perf_counter() - started)


_BUCKETS = (
    ("store (SQLAlchemy, aiosqlite)", ("sqlalchemy", "aiosqlite", "repflow/store/")),
    ("engine (heuristic reading, signals)", ("repflow/engine/",)),
    ("mail (parse, trim, screen, language)", ("repflow/mail/", "/email/", "inscriptis")),
)


def profile(messages: list[RawMessage], workdir: Path) -> list[tuple[str, float]]:
    """Self time by part of the code over ``messages`` (shares of the total)."""
    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(run_repflow(messages, workdir))
    profiler.disable()
    stats = pstats.Stats(profiler)
    totals: dict[str, float] = {}
    overall = 0.0
    for (path, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        overall += tottime
        bucket = next(
            (label for label, needles in _BUCKETS if any(n in path for n in needles)),
            "pipeline, event loop and the rest",
        )
        totals[bucket] = totals.get(bucket, 0.0) + tottime
    return sorted(((k, v / overall) for k, v in totals.items()), key=lambda kv: -kv[1])


def main() -> None:
    messages = inputs()
    with tempfile.TemporaryDirectory() as tmp:
        # A warm-up run pays the one-off imports (dateparser, regex compilation) outside the figure.
        asyncio.run(run_repflow(messages[:20], Path(tmp) / "warm"))
        repflow = asyncio.run(run_repflow(messages, Path(tmp) / "run"))
        shares = profile(messages[:PROFILED], Path(tmp) / "profile")
    bare = bare_rate(messages)
    rows = "\n".join(f"| {label} | {share:.0%} |" for label, share in shares)
    body = f"""
{len(messages):,} messages: the 503 of `../shared/corpora`, `examples/inbox` and
`tests/corpus/labelled`, then generated variants of each (new Message-ID, numbered subject)
({machine()}). One process; a fresh SQLite file; replies written to an outbox folder.

| | messages/s | relative to bare |
|---|---:|---:|
| bare `email.message_from_bytes(policy=default)` + main headers | {bare:,.0f} | 1.00 |
| `repflow process` before issue 16 (per-email creator and blocklist reads, dispatch after every email; measured on the 503) | 22 | 0.06 |
| `repflow process` now (SQLite, heuristic engine, file outbox) | {repflow:,.0f} | {repflow / bare:.3f} |

Ratio Repflow / bare: **{repflow / bare:.3f}** (issue 16 asks for 0.25, goal 0.5: not reached).
Store calls per email went from about 10 (creator lookup, claim, legacy check, thread lookup,
thread lock, load, blocklist, commit, release, dispatcher scan) to about 7.

Where the time goes now (self time, cProfile over {PROFILED} messages):

| part | share |
|---|---:|
{rows}
"""
    write_section("Process (repflow process, SQLite, heuristic engine)", body)
    print(body)


if __name__ == "__main__":
    sys.exit(main())
