"""The command line as a user (or another tool) runs it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from repflow.pipeline.inspect import INSPECT_KEYS
from tests.conftest import EXAMPLES

PROCESS_KEYS = {
    "source",
    "message_id",
    "thread_id",
    "screened",
    "category",
    "is_sponsorship_offer",
    "confidence",
    "deal",
    "lead_state",
    "decision",
    "reply",
    "flags",
    "llm_calls",
    "error",
}
DEAL_KEYS = {
    "brand",
    "agency",
    "budget_min",
    "budget_max",
    "currency",
    "partnership_type",
    "deliverables",
    "platforms",
    "deadline",
    "usage_rights",
}


def repflow(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "repflow.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_inspect_json_is_the_contract_and_nothing_else(tmp_path):
    run = repflow("inspect", "--json", str(EXAMPLES / "inbox"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    rows = json_lines(run.stdout)
    assert len(rows) == 20
    assert all(list(row) == list(INSPECT_KEYS) for row in rows)
    by_name = {Path(row["source"]).name: row for row in rows}
    assert by_name["10-ooo-in-deal-thread.eml"]["screen"] == "auto_reply"
    assert by_name["14-bounce.eml"]["screen"] == "bounce"
    assert by_name["11-newsletter.eml"]["screen"] == "bulk"
    assert by_name["01-complete-offer.eml"]["screen"] is None
    # the out-of-office threads with the offer it answers
    assert (
        by_name["10-ooo-in-deal-thread.eml"]["thread_id"]
        == by_name["01-complete-offer.eml"]["thread_id"]
    )
    forwarded = by_name["17-forwarded-by-manager.eml"]["forwarded"]
    assert forwarded["from"]["address"] == "oliver@fieldnotejournals.com"


def test_inspect_table_without_json(tmp_path):
    run = repflow("inspect", str(EXAMPLES / "inbox" / "01-complete-offer.eml"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "jordan.blake@acmeaudio.com" in run.stdout


def test_inspect_missing_path_is_a_clear_error(tmp_path):
    run = repflow("inspect", str(tmp_path / "nope"), cwd=tmp_path)
    assert run.returncode == 2
    assert "nope" in run.stderr


def test_process_json_contract_replies_and_store(tmp_path):
    db = tmp_path / "r.db"
    outbox = tmp_path / "outbox"
    args = [
        "--json",
        "--config",
        str(EXAMPLES / "repflow.toml"),
        "--db",
        str(db),
        "--outbox",
        str(outbox),
    ]
    run = repflow("process", str(EXAMPLES / "inbox"), *args, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    rows = json_lines(run.stdout)
    assert len(rows) == 20
    for row in rows:
        assert set(row) >= PROCESS_KEYS
        assert row["error"] is None
        if row["deal"] is not None:
            assert set(row["deal"]) == DEAL_KEYS
    by_name = {Path(row["source"]).name: row for row in rows}
    assert by_name["02-missing-budget.eml"]["decision"] == "ask_info"
    assert by_name["08-scam-lookalike.eml"]["reply"] is None
    assert "scam" in by_name["08-scam-lookalike.eml"]["flags"]
    auto = [row for row in rows if row["reply"] and row["reply"]["mode"] == "auto"]
    sent = sorted(outbox.glob("*.eml"))
    assert len(sent) == len(auto) > 0
    # replaying the same mail sends nothing more and reports the first decisions
    again = repflow("process", str(EXAMPLES / "inbox"), *args, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert [r["decision"] for r in json_lines(again.stdout)] == [r["decision"] for r in rows]
    assert sorted(outbox.glob("*.eml")) == sent
    leads = repflow("leads", "--json", "--db", str(db), cwd=tmp_path)
    assert leads.returncode == 0, leads.stderr
    assert {lead["state"] for lead in json_lines(leads.stdout)} >= {"deal_created", "needs_review"}
    deals = repflow("deals", "--json", "--db", str(db), cwd=tmp_path)
    assert len(json_lines(deals.stdout)) >= 5
    thread_id = by_name["01-complete-offer.eml"]["thread_id"]
    shown = repflow("thread", thread_id, "--db", str(db), "--creator", "maya", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Acme" in shown.stdout


def test_block_then_sender_is_screened(tmp_path):
    db = tmp_path / "r.db"
    config = str(EXAMPLES / "repflow.toml")
    blocked = repflow("block", "technova.io", "--db", str(db), "--creator", "maya", cwd=tmp_path)
    assert blocked.returncode != 0  # the creator does not exist until a config is loaded
    first = repflow(
        "process",
        str(EXAMPLES / "inbox" / "12-personal.eml"),
        "--json",
        "--config",
        config,
        "--db",
        str(db),
        "--no-send",
        cwd=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    assert (
        repflow(
            "block", "technova.io", "--db", str(db), "--creator", "maya", cwd=tmp_path
        ).returncode
        == 0
    )
    run = repflow(
        "process",
        str(EXAMPLES / "inbox" / "04-lowball.eml"),
        "--json",
        "--config",
        config,
        "--db",
        str(db),
        "--no-send",
        cwd=tmp_path,
    )
    assert json_lines(run.stdout)[0]["screened"] == "blocked"


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        (
            '[[creators]]\nid = "a"\n[creators.preferences]\nreply_policy = "yolo"\n',
            "creators.0.preferences.reply_policy",
        ),
        ("[defaults]\nmin_budgett = 5\n", "defaults.min_budgett"),
    ],
)
def test_invalid_config_names_the_key(tmp_path, toml, key):
    path = tmp_path / "bad.toml"
    path.write_text(toml)
    run = repflow(
        "process",
        str(EXAMPLES / "inbox" / "01-complete-offer.eml"),
        "--config",
        str(path),
        "--db",
        str(tmp_path / "r.db"),
        cwd=tmp_path,
    )
    assert run.returncode == 2
    assert key in run.stderr
    assert not (tmp_path / "outbox").exists()


def test_init_writes_a_valid_config_once(tmp_path):
    assert repflow("init", cwd=tmp_path).returncode == 0
    assert (tmp_path / "repflow.toml").exists()
    assert repflow("init", cwd=tmp_path).returncode == 2  # no silent overwrite
    run = repflow(
        "process",
        str(EXAMPLES / "inbox" / "12-personal.eml"),
        "--json",
        "--config",
        "repflow.toml",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "repflow.db").exists()  # the default database


def test_unknown_engine_is_rejected(tmp_path):
    run = repflow("process", str(EXAMPLES / "inbox"), "--engine", "magic", cwd=tmp_path)
    assert run.returncode == 2
    assert "heuristic or llm" in run.stderr
