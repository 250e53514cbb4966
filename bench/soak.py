"""Soak and load: the ``process`` path over many messages, and the backend API under load.

(a) Soak: ``Pipeline.process`` (+ dispatch to a file outbox) over N messages (default 10,000)
on a fresh SQLite file with the heuristic engine. The inputs are ``examples/inbox`` and
``tests/corpus/labelled``, repeated with a fresh Message-ID each time. RSS (``VmRSS`` from
``/proc/self/status``) is sampled every 500 messages; the figure is messages/s and the RSS
growth per 1,000 messages after warm-up (a flat memory profile is ~0).

(b) Load: ``repflow.api.serve:app_from_env`` under uvicorn in a subprocess over SQLite, driven
over loopback by concurrent asyncio clients (HttpStore) doing the pipeline's commit-turn
traffic, ``claim`` + ``commit_turn`` + ``pending_outbox``, for ~20 s: requests/s and p50/p95
latency per request. ``GET /healthz`` with ``wrk`` too when ``wrk`` is installed.

Usage: ``python bench/soak.py [--messages N] [--seconds S] [--clients C]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2
from _results import ROOT, machine, write_section

from repflow.bootstrap import build_app, build_transport, open_sql_store, sync_creators
from repflow.config import Settings, load_config
from repflow.domain.models import Direction, new_id
from repflow.domain.profile import CreatorProfile
from repflow.pipeline.process import Delivery
from repflow.store.http import HttpStore
from repflow.store.port import OutboxItem, OutboxStatus, StoredMessage, Turn
from repflow.transport.sources import iter_raw_messages

SAMPLE_EVERY = 500
_MESSAGE_ID = re.compile(rb"^message-id:[^\n]*\n(?:[ \t][^\n]*\n)*", re.I | re.M)


def rss_kib() -> int:
    """This process's resident set size, in KiB (Linux ``/proc/self/status``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def templates() -> list[bytes]:
    paths = [ROOT / "examples" / "inbox", ROOT / "tests" / "corpus" / "labelled"]
    return [raw.data for raw in iter_raw_messages([p for p in paths if p.is_dir()])]


def with_message_id(data: bytes, n: int) -> bytes:
    """``data`` with its Message-ID replaced by a unique one (prepended as the first header)."""
    data = data.replace(b"\r\n", b"\n")
    head, sep, body = data.partition(b"\n\n")
    head = _MESSAGE_ID.sub(b"", head + b"\n").rstrip(b"\n")
    return b"Message-ID: <soak-%d@bench.repflow.invalid>\n" % n + head + sep + body


def slope_per_1000(samples: list[tuple[int, int]]) -> float:
    """Least-squares slope of RSS (KiB) against messages, per 1,000 messages."""
    xs = [x for x, _ in samples]
    ys = [y for _, y in samples]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return 0.0 if not var else 1000 * sum((x - mx) * (y - my) for x, y in samples) / var


async def soak(count: int, workdir: Path) -> dict[str, float]:
    config = load_config(ROOT / "examples" / "repflow.toml")
    store = await open_sql_store(str(workdir / "soak.db"))
    await sync_creators(store, config)
    app = build_app(store, config, transport=build_transport(Settings(), workdir / "outbox"))
    assert app.dispatcher is not None
    sources = templates()
    samples: list[tuple[int, int]] = [(0, rss_kib())]
    started = time.perf_counter()
    for n in range(count):
        data = with_message_id(sources[n % len(sources)], n)
        await app.pipeline.process(data, Delivery(source=f"soak-{n}"))
        await app.dispatcher.run()
        if (n + 1) % SAMPLE_EVERY == 0:
            samples.append((n + 1, rss_kib()))
            print(f"  {n + 1:>6} messages  RSS {samples[-1][1] / 1024:7.1f} MiB", flush=True)
    elapsed = time.perf_counter() - started
    await store.close()
    # Skip the warm-up (imports, caches, the first SQLite pages): fit from 1,000 messages on.
    steady = samples[2:] if len(samples) > 4 else samples[1:]
    return {
        "messages": count,
        "templates": len(sources),
        "rate": count / elapsed,
        "seconds": elapsed,
        "rss_start": samples[1][1] / 1024 if len(samples) > 1 else samples[0][1] / 1024,
        "rss_end": samples[-1][1] / 1024,
        "growth_kib_per_1000": slope_per_1000(steady),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_api(db: Path, token: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "API_AUTH_TOKEN": token, "REPFLOW_DB": f"sqlite:///{db}"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "repflow.api.serve:app_from_env",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx2.get(f"{url}/healthz", timeout=1, trust_env=False).status_code == 200:
                return process, url
        except httpx2.HTTPError:
            pass
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError("the API did not start")


def turn_for(creator_id: str, worker: int, n: int, now: datetime) -> Turn:
    key = f"<load-{worker}-{n}@bench.repflow.invalid>"
    thread_id = f"load-{worker}-{n // 5}"
    inbound = StoredMessage(
        id=new_id(),
        creator_id=creator_id,
        thread_id=thread_id,
        direction=Direction.INBOUND,
        message_id=key,
        sender="jo@acme.com",
        recipients=("maya@repflow.example",),
        subject="Sponsorship",
        subject_key="sponsorship",
        participant_key="acme.com",
        text="Hi Maya, Acme would like to sponsor a video. Budget $3,000. " * 8,
        sent_at=now,
        claim_key=key,
        details={"decision": "ask_info", "flags": []},
    )
    outbox = OutboxItem(
        id=new_id(),
        key=f"reply:{key}",
        creator_id=creator_id,
        thread_id=thread_id,
        lead_id=None,
        status=OutboxStatus.DRAFT,
        from_address="maya@repflow.example",
        to_address="jo@acme.com",
        subject="Re: Sponsorship",
        text="Thanks for reaching out! Could you share your budget?",
        message_id=f"<reply-{worker}-{n}@repflow.example>",
        in_reply_to=key,
        references=(key,),
        created_at=now,
    )
    return Turn(key, creator_id, thread_id, inbound, outbox=outbox)


async def load(url: str, token: str, seconds: float, clients: int) -> dict[str, float]:
    creator = CreatorProfile(id="maya", name="Maya", addresses=("maya@repflow.example",))
    latencies: dict[str, list[float]] = {"claim": [], "commit_turn": [], "pending_outbox": []}
    errors = 0

    async def timed(name: str, call: Awaitable[object]) -> None:
        started = time.perf_counter()
        await call
        latencies[name].append(time.perf_counter() - started)

    async def worker(index: int, stop: float) -> None:
        nonlocal errors
        store = HttpStore(url, token, attempts=1, timeout=30)
        n = 0
        try:
            while time.perf_counter() < stop:
                now = datetime.now(UTC)
                turn = turn_for(creator.id, index, n, now)
                try:
                    await timed(
                        "claim", store.claim(turn.claim_key, now=now, lease=timedelta(minutes=5))
                    )
                    await timed("commit_turn", store.commit_turn(turn))
                    await timed("pending_outbox", store.pending_outbox(limit=10))
                except Exception:
                    errors += 1
                n += 1
        finally:
            await store.close()

    setup = HttpStore(url, token)
    await setup.upsert_creator(creator)
    await setup.close()
    started = time.perf_counter()
    await asyncio.gather(*(worker(i, started + seconds) for i in range(clients)))
    elapsed = time.perf_counter() - started
    every = sorted(x for values in latencies.values() for x in values)
    result = {"seconds": elapsed, "clients": clients, "errors": errors}
    result["rps"] = len(every) / elapsed
    result["turns_per_s"] = len(latencies["commit_turn"]) / elapsed
    for name, values in {"all": every, **latencies}.items():
        values = sorted(values)
        result[f"{name}_p50"] = 1000 * values[len(values) // 2]
        result[f"{name}_p95"] = 1000 * values[int(len(values) * 0.95)]
    return result


def wrk_healthz(url: str) -> str | None:
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    out = subprocess.run(
        [wrk, "-t2", "-c32", "-d10s", "--latency", f"{url}/healthz"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return out.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    token = "bench-" + "x" * 32
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        print(f"soak: {args.messages} messages", flush=True)
        s = asyncio.run(soak(args.messages, workdir))
        print(s, flush=True)
        process, url = start_api(workdir / "api.db", token)
        try:
            print(f"load: {args.clients} clients, {args.seconds:.0f} s", flush=True)
            ld = asyncio.run(load(url, token, args.seconds, args.clients))
            print(ld, flush=True)
            wrk = wrk_healthz(url)
        finally:
            process.terminate()
            process.wait(timeout=10)
    wrk_text = (
        f"`wrk -t2 -c32 -d10s GET /healthz`:\n\n```\n{wrk}\n```"
        if wrk
        else "`wrk` is not installed on this machine: no `GET /healthz` figure."
    )
    body = f"""
{machine()}, {os.cpu_count()} CPUs. `python bench/soak.py` (`make soak`).

**Soak** — `Pipeline.process` + dispatch to a file outbox, one process, fresh SQLite file,
heuristic engine; {s["messages"]:,.0f} messages ({s["templates"]:.0f} templates from
`examples/inbox` and `tests/corpus/labelled`, each repeat with a new Message-ID, so threads
grow and the reply rate limit applies).

| messages | messages/s | wall time | RSS after 500 | RSS at end | RSS growth per 1,000 messages |
|---:|---:|---:|---:|---:|---:|
| {s["messages"]:,.0f} | {s["rate"]:,.0f} | {s["seconds"]:,.0f} s | {s["rss_start"]:.1f} MiB | {s["rss_end"]:.1f} MiB | {s["growth_kib_per_1000"]:+.0f} KiB |

**Load** — `uvicorn repflow.api.serve:app_from_env` (1 worker process, SQLite) on loopback;
{ld["clients"]:.0f} concurrent asyncio clients (HttpStore), each repeating `claim` +
`commit_turn` (inbound message + outbox row) + `pending_outbox` for {ld["seconds"]:.0f} s;
errors: {ld["errors"]:.0f}.

| | requests/s | p50 ms | p95 ms |
|---|---:|---:|---:|
| all requests | {ld["rps"]:,.0f} | {ld["all_p50"]:.1f} | {ld["all_p95"]:.1f} |
| `POST /claims` | | {ld["claim_p50"]:.1f} | {ld["claim_p95"]:.1f} |
| `POST /creators/{{id}}/turns` | {ld["turns_per_s"]:,.0f} turns/s | {ld["commit_turn_p50"]:.1f} | {ld["commit_turn_p95"]:.1f} |
| `GET /outbox/pending` | | {ld["pending_outbox_p50"]:.1f} | {ld["pending_outbox_p95"]:.1f} |

{wrk_text}
"""
    write_section("Soak and load", body)
    print(body)


if __name__ == "__main__":
    main()
