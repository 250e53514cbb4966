"""Messages per second of ``repflow inspect`` against a bare stdlib parse of the same files.

Both run in the same process on the same bytes: the bare side is ``email.message_from_bytes``
(which decodes nothing), the Repflow side is what ``repflow inspect`` does per message (parse,
decode, HTML to text, trim, thread, screen). The whole CLI, start-up included, is timed too.
"""

from __future__ import annotations

import email
import statistics
import subprocess
import sys
import time

from _results import CORPORA, ROOT, machine, write_section
from tests.conftest import corpus_files

from repflow.pipeline.inspect import Inspector
from repflow.transport.sources import RawMessage, iter_raw_messages

ROUNDS = 5


def best_rate(messages: list[RawMessage], run: object) -> float:
    rates = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        run(messages)  # type: ignore[operator]
        rates.append(len(messages) / (time.perf_counter() - started))
    return statistics.median(rates)


def bare(messages: list[RawMessage]) -> None:
    for raw in messages:
        email.message_from_bytes(raw.data)


def repflow(messages: list[RawMessage]) -> None:
    inspector = Inspector()
    for raw in messages:
        inspector.inspect(raw)


def main() -> None:
    files = corpus_files()
    messages = list(iter_raw_messages(files))
    total_bytes = sum(len(m.data) for m in messages)
    repflow(messages)  # warm imports and caches
    bare_rate = best_rate(messages, bare)
    repflow_rate = best_rate(messages, repflow)
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "repflow"), "inspect", "--json", str(CORPORA)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    cli_seconds = time.perf_counter() - started
    body = f"""
Corpus: every message under `../shared/corpora` ({len(messages)} messages, {total_bytes / 1e6:.1f} MB).
Median of {ROUNDS} rounds, same process, same bytes ({machine()}).

| | messages/s | relative |
|---|---:|---:|
| bare `email.message_from_bytes` | {bare_rate:,.0f} | 1.00 |
| `repflow inspect` per message (parse, decode, trim, thread, screen) | {repflow_rate:,.0f} | {repflow_rate / bare_rate:.2f} |

Ratio Repflow / bare: **{repflow_rate / bare_rate:.2f}** (bare parse decodes nothing; Repflow also decodes
charsets, converts HTML, trims quotes and signatures, threads and screens).
Whole CLI, start-up included (`repflow inspect --json` over the corpora): {cli_seconds:.2f} s.
"""
    write_section("Parse (repflow inspect)", body)
    print(body)


if __name__ == "__main__":
    sys.exit(main())
