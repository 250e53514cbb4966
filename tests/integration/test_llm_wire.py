"""The LLM engine over real HTTP: a loopback stand-in for an OpenAI-compatible server.

The stand-in (stdlib ``http.server`` on 127.0.0.1, an ephemeral port) implements
``POST /v1/chat/completions`` the way such servers do: it reads the request pydantic-ai sends and
answers with a tool call when the request offers tools, JSON content when it asks for a JSON
schema response format, and plain text otherwise. Its modes inject garbage content, HTTP 500s
and slow answers. Every request is recorded, so the tests can count what reached the wire.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from repflow.config import RepflowConfig
from repflow.engine.heuristic import HeuristicEngine
from repflow.engine.llm import LlmEngine
from repflow.pipeline.process import Pipeline
from repflow.store.memory import InMemoryStore
from tests.conftest import EXAMPLES
from tests.integration.openai_standin import DRAFT, StandIn

INBOX = EXAMPLES / "inbox"
#: An offer, an injection attempt and personal mail.
CLI_EXAMPLES = ("01-complete-offer.eml", "09-injection.eml", "12-personal.eml")


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    server = StandIn().start()
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-stand-in")
    monkeypatch.delenv("REPFLOW_MODEL", raising=False)
    monkeypatch.delenv("REPFLOW_LLM_OUTPUT", raising=False)
    try:
        yield server
    finally:
        server.close()


def engine(**kw: Any) -> LlmEngine:
    kw.setdefault("backoff_s", 0.001)
    return LlmEngine.from_settings("openai:stand-in-model", HeuristicEngine(), **kw)


async def pipeline(llm: LlmEngine) -> Pipeline:
    return Pipeline(
        store=InMemoryStore(),
        engine=llm,
        config=RepflowConfig(own_domains=("repflow.example",)),
        fallback_engine=HeuristicEngine(),
        clock=lambda: datetime(2026, 11, 16, 12, tzinfo=UTC),
    )


async def test_assess_and_draft_over_the_wire(stand_in: StandIn) -> None:
    flow = await pipeline(engine(output_mode="tool"))
    result = await flow.process((INBOX / "01-complete-offer.eml").read_bytes())
    assert result.error is None
    assert result.llm_calls == 2
    assert len(stand_in.requests) == 2
    assert result.tokens == 2 * 340
    assert result.deal is not None
    assert result.deal.brand == "Acme Audio"
    assert str(result.deal.budget_max) == "4000"
    assert result.flags == []
    assert result.reply is not None
    assert result.reply.text.startswith(DRAFT)

    assess, draft = stand_in.requests
    assert assess["model"] == "stand-in-model"
    assert assess["tools"][0]["function"]["name"] == "final_result"
    assert assess["tool_choice"] == "auto"
    system, user = assess["messages"]
    assert system["role"] == "system"
    assert "untrusted DATA" in system["content"]
    assert user["role"] == "user"
    assert "<email>" in user["content"]
    assert "Budget: $4,000 flat fee for both." in user["content"]
    assert "tools" not in draft
    assert "<reply_data>" in draft["messages"][-1]["content"]
    assert "Budget: $4,000" not in draft["messages"][-1]["content"]  # no email text
    assert stand_in.headers[0]["authorization"] == "Bearer sk-stand-in"


async def test_a_non_offer_is_one_request(stand_in: StandIn) -> None:
    flow = await pipeline(engine())
    result = await flow.process((INBOX / "12-personal.eml").read_bytes())
    assert (result.error, result.decision, result.reply) == (None, "ignore", None)
    assert result.llm_calls == len(stand_in.requests) == 1


async def test_native_json_schema_mode_over_the_wire(stand_in: StandIn) -> None:
    flow = await pipeline(engine(output_mode="native"))
    result = await flow.process((INBOX / "01-complete-offer.eml").read_bytes())
    assert result.error is None
    assert result.llm_calls == len(stand_in.requests) == 2
    assert stand_in.requests[0]["response_format"]["type"] == "json_schema"
    assert "tools" not in stand_in.requests[0]
    assert result.deal is not None
    assert result.deal.brand == "Acme Audio"


@pytest.mark.parametrize(("mode", "cap"), [("garbage", 4), ("500", 6)])
async def test_an_unusable_server_falls_back_with_llm_failed(
    stand_in: StandIn, mode: str, cap: int
) -> None:
    stand_in.mode = mode
    flow = await pipeline(engine())
    result = await flow.process((INBOX / "01-complete-offer.eml").read_bytes())
    assert result.error is None
    assert "llm_failed" in result.flags
    assert result.decision == "review"
    assert result.reply is None
    assert len(stand_in.requests) == result.llm_calls == 3  # 1 + 2 retries, no draft call
    assert len(stand_in.requests) <= cap
    assert result.deal is not None  # the heuristic fallback's reading, for the reviewer
    assert result.deal.brand


async def test_a_slow_server_times_out_per_request(stand_in: StandIn) -> None:
    # The stand-in answers validly, but later than the client waits: every request times out
    # (no wall-clock assertion: a loaded machine must not fail this).
    stand_in.delay = 0.6
    flow = await pipeline(engine(timeout_s=0.15))
    result = await flow.process((INBOX / "12-personal.eml").read_bytes())
    assert result.error is None
    assert "llm_failed" in result.flags
    assert result.reply is None
    # A server that has never answered is not asked again after a timeout.
    assert result.llm_calls == 1
    assert result.llm_error is not None
    assert result.llm_error.startswith("timeout: ")


@pytest.mark.parametrize(("mode", "per_email"), [("valid", 2), ("garbage", 4), ("500", 6)])
def test_cli_process_with_the_llm_engine(
    stand_in: StandIn, tmp_path: Path, mode: str, per_email: int
) -> None:
    stand_in.mode = mode
    env = {
        **os.environ,
        "REPFLOW_MODEL": "openai:stand-in-model",
        "REPFLOW_LLM_BACKOFF": "0.01",
        "COLUMNS": "200",
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "repflow.cli",
            "process",
            "--json",
            "--engine",
            "llm",
            "--db",
            str(tmp_path / "repflow.db"),
            "--outbox",
            str(tmp_path / "outbox"),
            *(str(INBOX / name) for name in CLI_EXAMPLES),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(rows) == len(CLI_EXAMPLES)
    assert all(row["error"] is None for row in rows)
    assert sum(row["llm_calls"] for row in rows) == len(stand_in.requests)
    assert len(stand_in.requests) <= per_email * len(rows)
    by_name = {Path(row["source"]).name: row for row in rows}
    injection = by_name["09-injection.eml"]
    assert "prompt_injection" in injection["flags"]
    assert (injection["decision"], injection["reply"]) == ("review", None)
    if mode == "valid":
        offer = by_name["01-complete-offer.eml"]
        assert offer["deal"]["brand"] == "Acme Audio"
        assert offer["reply"] is not None
        assert offer["reply"]["text"].startswith(DRAFT)
        assert offer["llm_calls"] == 2
        assert by_name["12-personal.eml"]["llm_calls"] == 1
        assert all("llm_failed" not in row["flags"] for row in rows)
    else:
        assert all(row["reply"] is None for row in rows)
        assert all("llm_failed" in row["flags"] for row in rows)
        assert all(row["llm_error"] for row in rows)
        if mode == "garbage":
            assert all(row["llm_calls"] == 3 for row in rows)
            assert all(row["llm_error"].startswith("invalid_output") for row in rows)
        else:
            # Failed requests in a row open the circuit breaker: the rest of the batch
            # goes to the fallback without a request.
            first, *rest = rows
            assert first["llm_calls"] == 3
            assert first["llm_error"].startswith("server_error: HTTP 500")
            assert all(row["llm_calls"] == 0 for row in rest)
            assert all(row["llm_error"].startswith("circuit_open") for row in rest)
