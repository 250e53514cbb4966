"""Issue #18: the LLM engine against a stand-in for a small local OpenAI-compatible server.

The stand-in (:mod:`tests.integration.openai_standin`, a real HTTP server on loopback) behaves
like llama-cpp-python 0.3.36 with a small instruct model: ``json_schema`` response formats are
rejected with an HTTP 500, tools are ignored, generation without ``max_tokens`` runs for ages on
a single slot, a second ``system`` message breaks the chat template, and some 500s say the
request is invalid. Each test here failed before the engine learnt to cope with one of these.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from repflow.config import RepflowConfig
from repflow.engine.heuristic import HeuristicEngine
from repflow.engine.llm import LlmEngine, reset_servers
from repflow.pipeline.process import Pipeline
from repflow.pipeline.result import ProcessResult
from repflow.store.memory import InMemoryStore
from tests.conftest import EXAMPLES
from tests.integration.openai_standin import DRAFT, StandIn

INBOX = EXAMPLES / "inbox"
OFFER = INBOX / "01-complete-offer.eml"
PERSONAL = INBOX / "12-personal.eml"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    stand_in = StandIn().llama_cpp().start()
    monkeypatch.setenv("OPENAI_BASE_URL", stand_in.base_url)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)  # a local server needs no key
    for name in (
        "REPFLOW_MODEL",
        "REPFLOW_LLM_OUTPUT",
        "REPFLOW_LLM_MAX_TOKENS",
        "REPFLOW_LLM_DRAFT_MAX_TOKENS",
        "REPFLOW_LLM_TIMEOUT",
        "REPFLOW_LLM_BUDGET",
        "REPFLOW_LLM_BREAKER_FAILURES",
        "REPFLOW_LLM_BREAKER_COOLDOWN",
    ):
        monkeypatch.delenv(name, raising=False)
    reset_servers()
    try:
        yield stand_in
    finally:
        stand_in.close()
        reset_servers()


def engine(**kw: Any) -> LlmEngine:
    kw.setdefault("backoff_s", 0.001)
    return LlmEngine.from_settings("openai:smollm2", HeuristicEngine(), **kw)


def pipeline(llm: LlmEngine) -> Pipeline:
    return Pipeline(
        store=InMemoryStore(),
        engine=llm,
        config=RepflowConfig(own_domains=("repflow.example",)),
        fallback_engine=HeuristicEngine(),
        clock=lambda: datetime(2026, 11, 16, 12, tzinfo=UTC),
    )


async def run(flow: Pipeline, path: Path) -> ProcessResult:
    return await flow.process(path.read_bytes())


def formats(server: StandIn) -> list[str | None]:
    return [(body.get("response_format") or {}).get("type") for body in server.requests]


# -- output formats -------------------------------------------------------------------------------


async def test_auto_moves_to_json_object_when_json_schema_is_rejected(server: StandIn) -> None:
    flow = pipeline(engine())
    result = await run(flow, OFFER)
    assert (result.error, result.llm_error) == (None, None)
    assert "llm_failed" not in result.flags
    assert result.deal is not None
    assert result.deal.brand == "Acme Audio"
    assert result.reply is not None
    assert result.reply.text.startswith(DRAFT)
    # The rejected json_schema request, the assessment in json_object, the draft.
    assert formats(server) == ["json_schema", "json_object", None]
    assert server.outcomes == ["500", "ok", "ok"]
    # The rejected json_schema request is the server's capability probe (once per server,
    # answered at once): not one of the email's model calls.
    assert result.llm_calls == 2
    schema = server.requests[1]["response_format"]["schema"]
    assert "is_offer" in schema["properties"]
    assert '"is_offer": boolean' in server.requests[1]["messages"][0]["content"]

    # What worked is remembered for this server: the next email goes straight to json_object.
    server.requests.clear()
    result = await run(flow, PERSONAL)
    assert result.llm_calls == 1
    assert formats(server) == ["json_object"]
    assert engine().current_output == "json_object"


async def test_a_server_that_ignores_tools_gets_prompted_json(server: StandIn) -> None:
    server.reject_json_object = True  # only "text": json_schema and json_object both rejected
    result = await run(pipeline(engine()), PERSONAL)
    assert (result.llm_error, result.flags) == (None, [])
    assert result.category == "personal"
    # Two format probes, the tool request answered in prose, then prompted JSON.
    assert formats(server) == ["json_schema", "json_object", None, None]
    assert "tools" in server.requests[2]
    assert "tools" not in server.requests[3]
    assert engine().current_output == "prompted"


async def test_forced_tool_output_explains_the_failure(server: StandIn) -> None:
    result = await run(pipeline(engine(output_mode="tool")), PERSONAL)
    assert "llm_failed" in result.flags
    assert result.llm_error is not None
    assert result.llm_error.startswith("invalid_output")


# -- bounds ---------------------------------------------------------------------------------------


async def test_every_request_is_bounded(server: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPFLOW_LLM_MAX_TOKENS", "300")
    monkeypatch.setenv("REPFLOW_LLM_DRAFT_MAX_TOKENS", "200")
    assert (engine().max_tokens, engine().draft_max_tokens) == (300, 200)
    result = await run(pipeline(engine()), OFFER)
    assert result.llm_error is None
    assess, draft = server.requests[1:]
    assert assess["max_tokens"] == 300
    assert draft["max_tokens"] == 200
    assert "max_completion_tokens" not in assess  # llama.cpp and friends read max_tokens
    assert assess["stream"] is True  # a closed connection then ends the generation
    assert assess["stop"]
    assert draft["stop"]
    assert assess["temperature"] == 0


async def test_default_caps_make_a_slow_server_answer(server: StandIn) -> None:
    # Without max_tokens the stand-in would generate for 30 s per request.
    started = time.monotonic()
    result = await run(pipeline(engine()), OFFER)
    assert result.llm_error is None
    assert all(body["max_tokens"] for body in server.requests)
    assert time.monotonic() - started < 20


async def test_a_timed_out_request_is_cancelled_on_the_server(server: StandIn) -> None:
    server.delay = 5.0  # every answer takes 5 s
    flow = pipeline(engine(timeout_s=0.3, total_budget_s=1.0))
    started = time.monotonic()
    result = await run(flow, PERSONAL)
    assert time.monotonic() - started < 4  # the email's budget holds (generous under load)
    assert result.llm_error is not None
    assert result.llm_error.startswith("timeout")
    # The client closed its connection: the generation ended instead of holding the one slot.
    for _ in range(100):
        if server.cancelled:
            break
        time.sleep(0.02)
    assert server.cancelled >= 1
    # The single slot is free again: the next email is answered at once, not after 5 s.
    server.delay = 0.0
    started = time.monotonic()
    after = await run(flow, INBOX / "13-vendor-pitch.eml")
    assert after.llm_error is None
    assert time.monotonic() - started < 4


# -- retries --------------------------------------------------------------------------------------


async def test_an_invalid_request_500_is_not_retried(server: StandIn) -> None:
    server.mode = "invalid"
    result = await run(pipeline(engine()), OFFER)
    assert len(server.requests) == result.llm_calls == 1
    assert "llm_failed" in result.flags
    assert result.llm_error is not None
    assert result.llm_error.startswith("rejected: HTTP 500: the server says the request is invalid")
    assert "messages" not in result.llm_error  # nothing of the body is repeated


async def test_the_llm_error_is_stored_with_the_message(server: StandIn) -> None:
    server.mode = "invalid"
    flow = pipeline(engine())
    result = await run(flow, OFFER)
    assert result.thread_id is not None
    creators = await flow.store.list_creators()
    state = await flow.store.load_thread(creators[0].id, result.thread_id)
    (inbound,) = state.messages
    assert inbound.details["llm_error"] == result.llm_error
    # The dashboard's "Why" lists the reasons: the model's failure is one.
    assert f"model: {result.llm_error}" in inbound.details["reasons"]
    assert "llm_failed" in inbound.flags


@pytest.mark.parametrize(("mode", "requests", "code"), [("400", 1, "rejected"), ("429", 3, "rate")])
async def test_client_errors_are_final_but_rate_limits_are_retried(
    server: StandIn, mode: str, requests: int, code: str
) -> None:
    server.reject_json_schema = False
    server.mode = mode
    result = await run(pipeline(engine()), PERSONAL)
    assert len(server.requests) == requests
    assert result.llm_error is not None
    assert result.llm_error.startswith(code)


async def test_retries_keep_one_system_message_and_alternating_roles(server: StandIn) -> None:
    server.garbage_next = 1  # the first json_object answer is not JSON
    result = await run(pipeline(engine()), PERSONAL)
    assert (result.llm_error, result.flags) == (None, [])
    assert server.outcomes == ["500", "ok", "ok"]  # the probe, the garbage, the valid answer
    retry = server.requests[2]["messages"]
    assert [m["role"] for m in retry] == ["system", "user"]
    assert "previous answer was rejected" in retry[1]["content"]
    assert result.llm_calls == 2  # the garbage and the valid answer (the probe is the server's)


@pytest.mark.parametrize(("breaker", "timeouts"), [(None, 2), (1, 1)])
async def test_a_hung_server_costs_a_timeout_or_two_per_batch(
    server: StandIn, monkeypatch: pytest.MonkeyPatch, breaker: int | None, timeouts: int
) -> None:
    # Accepts connections, never answers in time. Not retried (it never answered), and the
    # breaker opens after REPFLOW_LLM_BREAKER_FAILURES (2) failures in a row.
    if breaker is not None:
        monkeypatch.setenv("REPFLOW_LLM_BREAKER_FAILURES", str(breaker))
    server.delay = 5.0
    flow = pipeline(engine(timeout_s=0.2, total_budget_s=2.0))
    paths = (OFFER, PERSONAL, INBOX / "04-lowball.eml", INBOX / "13-vendor-pitch.eml")
    results = [await run(flow, path) for path in paths]
    assert len(server.requests) == timeouts
    assert [r.llm_calls for r in results] == [1] * timeouts + [0] * (len(paths) - timeouts)
    errors = [r.llm_error or "" for r in results]
    assert all(error.startswith("timeout") for error in errors[:timeouts])
    assert all(error.startswith("circuit_open") for error in errors[timeouts:])
    assert all("llm_failed" in r.flags for r in results)


async def test_the_breaker_lets_one_request_through_after_its_cooldown(
    server: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPFLOW_LLM_BREAKER_COOLDOWN", "0.3")
    server.reject_json_schema = False
    server.mode = "500"
    flow = pipeline(engine())
    first = await run(flow, OFFER)
    assert first.llm_calls == 3
    blocked = await run(flow, PERSONAL)
    assert (blocked.llm_error or "").startswith("circuit_open")
    time.sleep(0.35)
    server.mode = "valid"
    healed = await run(flow, INBOX / "13-vendor-pitch.eml")  # half open: one request, it works
    assert (healed.llm_error, healed.llm_calls) == (None, 1)


async def test_a_failing_server_opens_the_breaker_after_repeated_failures(
    server: StandIn,
) -> None:
    server.mode = "500"
    flow = pipeline(engine())
    results = [await run(flow, path) for path in (OFFER, PERSONAL, INBOX / "04-lowball.eml")]
    assert [r.llm_calls for r in results] == [3, 0, 0]
    assert len(server.requests) == 3


# -- the CLI says why -----------------------------------------------------------------------------


def _cli(server: StandIn, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "REPFLOW_MODEL": "openai:smollm2",
        "REPFLOW_LLM_BACKOFF": "0.01",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "repflow.cli",
            "process",
            "--engine",
            "llm",
            "--db",
            str(tmp_path / "repflow.db"),
            "--outbox",
            str(tmp_path / "outbox"),
            *args,
            str(OFFER),
            str(PERSONAL),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_cli_rows_and_lines_carry_the_llm_error(server: StandIn, tmp_path: Path) -> None:
    server.mode = "invalid"
    done = _cli(server, tmp_path, "--json")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["llm_error"][:12] for row in rows] == ["rejected: HT"] * 2
    assert "llm assess failed (rejected: HTTP 500" in done.stderr

    (tmp_path / "again").mkdir()
    table = _cli(server, tmp_path / "again")
    assert table.returncode == 0, table.stderr
    assert "model: rejected: HTTP 500" in table.stdout


def test_cli_with_defaults_against_the_llama_cpp_stand_in(server: StandIn, tmp_path: Path) -> None:
    done = _cli(server, tmp_path, "--json")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["llm_error"] for row in rows] == [None, None]
    assert all("llm_failed" not in row["flags"] for row in rows)
    # The json_schema probe once per batch (the server's, not an email's), then at most 2 calls
    # per email.
    assert [row["llm_calls"] for row in rows] == [2, 1]
    assert len(server.requests) == 1 + sum(row["llm_calls"] for row in rows)


# -- drafts that do not match the decision ------------------------------------------------------

NONSENSE = {
    "markup": '<html><body><p>Hi Jordan!</p><script>alert("hi")</script>'
    '<a href="javascript:alert(1)">Accept</a></body></html>',
    "code": "def reply(offer):\n    return 'yes'\n\nprint(reply(offer))",
    "placeholder": "Hi Jordan,\n\nThanks for reaching out to [creator_name]! We'll review it.",
    "private": "Hi Jordan,\n\nThanks for the offer from Acme Audio! What's your minimum amount?",
    "language": "Hola Jordan,\n\nGracias por la oferta de Acme Audio. Maya revisará el brief y el "
    "contrato y te responderá pronto.",
}


@pytest.mark.parametrize("problem", sorted(NONSENSE))
async def test_a_nonsense_model_draft_is_replaced_by_the_template(
    server: StandIn, problem: str
) -> None:
    server.draft_text = NONSENSE[problem]
    result = await run(pipeline(engine()), OFFER)
    assert result.decision == "continue"
    assert result.reply is not None
    assert NONSENSE[problem].splitlines()[-1] not in result.reply.text
    assert "draft_replaced" in result.flags
    assert "llm_failed" not in result.flags
    code = "markup" if problem == "code" else problem  # code is reported as markup
    assert any(r.startswith("draft rejected: ") and code in r for r in result.reasons)
