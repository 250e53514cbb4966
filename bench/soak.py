"""Soak and load: the ``process`` path over many messages, and the backend API under load.

(a) Soak: ``Pipeline.process`` (+ dispatch to a file outbox) over N messages (default 10,000)
on a fresh SQLite file with the heuristic engine. The inputs are ``examples/inbox`` and
``tests/corpus/labelled``, repeated with a fresh Message-ID each time. RSS (``VmRSS`` from
``/proc/self/status``) is sampled every 500 messages; the figure is messages/s and the RSS
growth per 1,000 messages after warm-up (a flat memory profile is ~0).

(b) Load: ``repflow.api.serve:app_from_env`` under uvicorn in a subprocess over SQLite, driven
over loopback by concurrent asyncio clients (HttpStore) doing the pipeline's commit-turn
traffic, ``claim`` + ``commit_turn`` + ``pending_outbox``, for ~20 s: requests/s and p50/p95
latency per request.

(c) wrk: ``wrk -t2 -c32 -d10s --latency`` against the same server, once on ``GET /healthz``
(open) and once on ``GET /api/v1/outbox/pending?limit=10`` with the bearer token (10 pending
rows seeded first, so each answer carries 10 rows): requests/s, p50/p99 latency, non-2xx
answers and socket errors, parsed from wrk's output. Skipped, with a note, when ``wrk`` is
not installed (``make soak`` installs it: ``scripts/install_wrk.sh``).

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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2
from _results import ROOT, machine, write_section

from repflow.bootstrap import build_app, build_transport, open_sql_store, sync_creators
from repflow.config import Settings, load_config
from repflow.domain.models import Direction, new_id
from repflow.domain.profile import CreatorProfile
from repflow.pipeline.delivery import Delivery
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


def turn_for(
    creator_id: str,
    worker: int,
    n: int,
    now: datetime,
    *,
    status: OutboxStatus = OutboxStatus.DRAFT,
) -> Turn:
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
        status=status,
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


WRK_ARGS = ("-t2", "-c32", "-d10s", "--latency")
#: The authenticated read wrk drives: the dispatcher's poll, answering PENDING_ROWS rows.
PENDING_ROWS = 10
READ_PATH = f"/api/v1/outbox/pending?limit={PENDING_ROWS}"
_LATENCY = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.M)
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class WrkRun:
    """The figures of one wrk run, parsed from its output."""

    route: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    output: str


def parse_wrk(route: str, output: str) -> WrkRun:
    """Requests, requests/s, p50/p99 latency, non-2xx answers and socket errors of a run.

    Args:
        route: What was requested (for the report).
        output: wrk's standard output, run with ``--latency``.

    Returns:
        The parsed figures.

    Raises:
        ValueError: the output lacks the request count or the latency distribution.
    """
    total = re.search(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m),", output, re.M)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    latency = {p: float(v) * _UNIT_MS[u] for p, v, u in _LATENCY.findall(output)}
    if total is None or rps is None or "50" not in latency or "99" not in latency:
        raise ValueError(f"unexpected wrk output:\n{output}")
    non_2xx = re.search(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", output, re.M)
    errors = re.search(
        r"^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output, re.M
    )
    return WrkRun(
        route=route,
        requests=int(total.group(1)),
        seconds=float(total.group(2)) * _UNIT_MS[total.group(3)] / 1000,
        rps=float(rps.group(1)),
        p50_ms=latency["50"],
        p99_ms=latency["99"],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        output=output.strip(),
    )


def run_wrk(url: str, path: str, headers: dict[str, str] | None = None) -> WrkRun | None:
    """``wrk -t2 -c32 -d10s --latency`` on ``url + path``; None when wrk is not installed."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    command = [wrk, *WRK_ARGS]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run(
        [*command, f"{url}{path}"], capture_output=True, text=True, check=False, timeout=60
    )
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    return parse_wrk(f"GET {path}", result.stdout)


async def seed_pending(url: str, token: str, count: int) -> int:
    """Commit ``count`` turns whose reply is PENDING; how many rows the read route answers."""
    store = HttpStore(url, token)
    try:
        now = datetime.now(UTC)
        for n in range(count):
            turn = turn_for("maya", -1, n, now, status=OutboxStatus.PENDING)
            await store.claim(turn.claim_key, now=now, lease=timedelta(minutes=5))
            await store.commit_turn(turn)
        return len(await store.pending_outbox(limit=count))
    finally:
        await store.close()


def wrk_phase(url: str, token: str) -> tuple[list[WrkRun], int]:
    """wrk on the open health check, then on the authenticated read (after seeding it)."""
    if shutil.which("wrk") is None:
        return [], 0
    rows = asyncio.run(seed_pending(url, token, PENDING_ROWS))
    runs: list[WrkRun] = []
    for path, headers in (
        ("/healthz", None),
        (READ_PATH, {"Authorization": f"Bearer {token}"}),
    ):
        print(f"wrk: GET {path}", flush=True)
        run = run_wrk(url, path, headers)
        if run is not None:
            print(run.output, flush=True)
            runs.append(run)
    return runs, rows


def wrk_section(runs: list[WrkRun], rows: int) -> str:
    """The wrk part of the RESULTS.md section."""
    if not runs:
        return (
            "**wrk** — not installed on this machine: no figure "
            "(`bash scripts/install_wrk.sh`, which `make soak` runs, installs it)."
        )
    table = "\n".join(
        f"| `{r.route}` | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.requests:,} | "
        f"{r.non_2xx} | {r.socket_errors} |"
        for r in runs
    )
    return f"""**wrk** — `wrk {" ".join(WRK_ARGS)}` against the same server after the load
phase (wrk and uvicorn share the CPUs). `GET /healthz` is open; `{READ_PATH}` carries
`Authorization: Bearer …` and answers {rows} outbox rows (the dispatcher's poll).

| route | requests/s | p50 ms | p99 ms | requests | non-2xx | socket errors |
|---|---:|---:|---:|---:|---:|---:|
{table}"""


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
            runs, rows = wrk_phase(url, token)
        finally:
            process.terminate()
            process.wait(timeout=10)
    wrk_text = wrk_section(runs, rows)
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
