"""The command line as a user (or another tool) runs it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from decimal import Decimal
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


def repflow(*args: str, cwd: Path, columns: int = 200) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "repflow.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "COLUMNS": str(columns)},
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


# -- issue #15: the creator stays in control ----------------------------------------------------

CONFIG = EXAMPLES / "repflow.toml"
OFFER = EXAMPLES / "inbox" / "01-complete-offer.eml"


def announced(server: subprocess.Popen[str], marker: str, timeout: float = 60) -> str:
    """The first stderr line of ``server`` containing ``marker`` (fails after ``timeout``)."""
    import queue
    import threading

    lines: queue.Queue[str] = queue.Queue()
    assert server.stderr is not None
    stream = server.stderr
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        if marker in line:
            return line
        seen.append(line)
    raise AssertionError(f"no {marker!r} line from the server; it said: {''.join(seen)}")


def one_error_line(run: subprocess.CompletedProcess[str]) -> str:
    """The single line a failing command prints: no traceback, no log."""
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: "), run.stderr
    assert "Traceback" not in run.stderr
    return lines[0]


def stored(db: Path, creator_id: str, **changes: object) -> object:
    """Read a stored creator (and write ``changes`` into it first, as the dashboard does)."""
    import asyncio

    from repflow.store.sql import SqlStore

    async def run() -> object:
        store = SqlStore.from_url(str(db))
        try:
            profile = await store.get_creator(creator_id)
            assert profile is not None
            if changes:
                contacts = changes.pop("contacts", profile.contacts)
                prefs = profile.preferences.model_copy(update=changes)
                profile = profile.model_copy(update={"preferences": prefs, "contacts": contacts})
                await store.upsert_creator(profile)
            return profile
        finally:
            await store.close()

    return asyncio.run(run())


def test_version_and_short_help(tmp_path):
    version = repflow("--version", cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == "repflow 0.1.0"
    for args in (["-h"], ["process", "-h"], ["approve", "-h"], ["creators", "sync", "-h"]):
        run = repflow(*args, cwd=tmp_path)
        assert run.returncode == 0, (args, run.stderr)
        assert "Usage: repflow" in run.stdout
        assert "--help" in run.stdout


def test_process_reads_repflow_toml_in_the_working_directory(tmp_path):
    (tmp_path / "repflow.toml").write_text(CONFIG.read_text())
    run = repflow("process", str(OFFER), "--json", "--no-send", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    leads = json_lines(repflow("leads", "--json", cwd=tmp_path).stdout)
    assert [lead["creator_id"] for lead in leads] == ["maya"]  # not the default profile


def test_stored_preferences_win_over_repflow_toml_until_sync_overwrite(tmp_path):
    db = tmp_path / "r.db"
    toml = tmp_path / "repflow.toml"
    toml.write_text(CONFIG.read_text())
    first = repflow("process", str(OFFER), "--json", "--no-send", "--db", str(db), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    # the creator raises her floor on the dashboard; Repflow learns a contact
    stored(
        db,
        "maya",
        min_budget=Decimal(9000),
        contacts=("@northstar-talent.com", "ed@editors.example"),
    )
    again = repflow(
        "process",
        str(EXAMPLES / "inbox" / "04-lowball.eml"),
        "--json",
        "--no-send",
        "--config",
        str(toml),
        "--db",
        str(db),
        cwd=tmp_path,
    )
    assert again.returncode == 0, again.stderr
    assert "differs from the stored profile of 'maya' (contacts, min_budget)" in again.stderr
    maya = stored(db, "maya")
    assert maya.preferences.min_budget == 9000  # type: ignore[attr-defined]
    assert "ed@editors.example" in maya.contacts  # type: ignore[attr-defined]
    # sync shows what the file would change and changes nothing
    diff = repflow("creators", "sync", "--db", str(db), cwd=tmp_path)
    assert diff.returncode == 0, diff.stderr
    assert "maya: differs from repflow.toml" in diff.stdout
    assert "preferences.min_budget: 9000 (stored) -> 2000 (repflow.toml)" in diff.stdout
    assert "contacts: [@northstar-talent.com, ed@editors.example] (stored)" in diff.stdout
    assert stored(db, "maya").preferences.min_budget == 9000  # type: ignore[attr-defined]
    # a creator new to the file is added at once; --overwrite applies the file
    toml.write_text(
        CONFIG.read_text() + '\n[[creators]]\nid = "leo"\naddresses = ["leo@repflow.example"]\n'
    )
    applied = repflow("creators", "sync", "--overwrite", "--db", str(db), cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert "leo: added from repflow.toml" in applied.stdout
    assert "maya: updated from repflow.toml" in applied.stdout
    assert stored(db, "maya").preferences.min_budget == 2000  # type: ignore[attr-defined]
    assert stored(db, "leo").addresses == ("leo@repflow.example",)  # type: ignore[attr-defined]
    same = repflow("creators", "sync", "--db", str(db), cwd=tmp_path)
    assert "The stored creators match repflow.toml." in same.stdout


def processed(tmp_path: Path) -> tuple[Path, Path, list[dict]]:
    """The example inbox processed into tmp_path (./repflow.toml, ./repflow.db, ./outbox)."""
    (tmp_path / "repflow.toml").write_text(CONFIG.read_text())
    run = repflow("process", str(EXAMPLES / "inbox"), "--json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    return tmp_path / "repflow.db", tmp_path / "outbox", json_lines(run.stdout)


def _approve_with_editor(draft_id, editor, cwd):
    """`repflow approve ID --edit` with $EDITOR set to a script that rewrites the file."""
    return subprocess.run(
        [sys.executable, "-m", "repflow.cli", "approve", draft_id, "--edit"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "EDITOR": f"{sys.executable} {editor}", "COLUMNS": "200"},
    )


def test_drafts_approve_and_discard_from_the_command_line(tmp_path):
    db, outbox, rows = processed(tmp_path)
    sent_before = len(list(outbox.glob("*.eml")))
    listed = repflow("drafts", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    drafts = json_lines(listed.stdout)
    assert len(drafts) == sum(1 for r in rows if r["reply"] and r["reply"]["mode"] == "draft") > 2
    assert all(list(d) == ["id", "thread_id", "to", "subject", "text"] for d in drafts)
    acme = next(d for d in drafts if d["to"] == "jordan.blake@acmeaudio.com")
    table = repflow("drafts", cwd=tmp_path)
    assert acme["id"] in table.stdout  # whole, at 200 columns and below
    approved = repflow("approve", acme["id"], cwd=tmp_path)
    assert approved.returncode == 0, approved.stderr
    assert "sent to jordan.blake@acmeaudio.com" in approved.stdout
    sent = sorted(outbox.glob("*.eml"))
    assert len(sent) == sent_before + 1
    # approving twice is an error and sends nothing
    twice = repflow("approve", acme["id"], "--db", str(db), "--outbox", str(outbox), cwd=tmp_path)
    assert twice.returncode == 1
    assert one_error_line(twice) == f"error: draft {acme['id']} is already sent: nothing sent"
    assert sorted(outbox.glob("*.eml")) == sent
    # --edit sends what the creator leaves in $EDITOR
    other = next(d for d in drafts if d["id"] != acme["id"])
    slip = tmp_path / "slip.py"
    slip.write_text(
        "import sys, pathlib\n"
        "pathlib.Path(sys.argv[1]).write_text('Hi [brand_contact], sounds good!\\n')\n"
    )
    refused = _approve_with_editor(other["id"], slip, tmp_path)
    assert refused.returncode == 1
    assert "the edited reply is not sent: placeholder:" in one_error_line(refused)
    assert sorted(outbox.glob("*.eml")) == sent
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text('Thanks, happy to do it for the stated fee.\\n')\n"
    )
    edited = _approve_with_editor(other["id"], editor, tmp_path)
    assert edited.returncode == 0, edited.stderr
    newest = set(outbox.glob("*.eml")) - set(sent)
    assert len(newest) == 1
    assert "happy to do it for the stated fee" in newest.pop().read_text()
    # discard drops one; it is gone from the list and cannot be approved
    third = next(d for d in drafts if d["id"] not in (acme["id"], other["id"]))
    dropped = repflow("discard", third["id"], cwd=tmp_path)
    assert dropped.returncode == 0, dropped.stderr
    left = [d["id"] for d in json_lines(repflow("drafts", "--json", cwd=tmp_path).stdout)]
    assert left == [
        d["id"] for d in drafts if d["id"] not in (acme["id"], other["id"], third["id"])
    ]
    late = repflow("approve", third["id"], cwd=tmp_path)
    assert late.returncode == 1
    assert "is already discarded: nothing sent" in one_error_line(late)
    unknown = repflow("approve", "nope", cwd=tmp_path)
    assert unknown.returncode == 2
    assert "no draft 'nope'" in one_error_line(unknown)


def test_thread_finds_its_creator_and_prints_ids_whole(tmp_path):
    _, _, rows = processed(tmp_path)
    acme = next(r for r in rows if Path(r["source"]).name == "01-complete-offer.eml")
    drafts = json_lines(repflow("drafts", "--json", cwd=tmp_path).stdout)
    draft = next(d for d in drafts if d["thread_id"] == acme["thread_id"])
    shown = repflow("thread", acme["thread_id"], cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert f"Thread {acme['thread_id']}  creator: maya" in shown.stdout
    assert "Acme" in shown.stdout
    assert f"reply {draft['id']} draft" in shown.stdout
    assert "decision: qualified" in shown.stdout
    missing = repflow("thread", "t_0000", cwd=tmp_path)
    assert missing.returncode == 2
    assert "no thread 't_0000'" in one_error_line(missing)
    leads = repflow("leads", cwd=tmp_path, columns=80)
    assert acme["thread_id"] in leads.stdout


@pytest.mark.parametrize(
    "command",
    [["leads"], ["deals"], ["drafts"], ["thread", "t_x"], ["approve", "x"], ["discard", "x"]],
)
def test_read_commands_refuse_a_database_that_does_not_exist(tmp_path, command):
    run = repflow(*command, "--db", str(tmp_path / "nope.db"), cwd=tmp_path)
    assert run.returncode == 2
    assert "nope.db: no such database" in one_error_line(run)
    assert not (tmp_path / "nope.db").exists()
    assert list(tmp_path.iterdir()) == []


def test_bad_database_paths_are_one_clear_line(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database\n")
    run = repflow("leads", "--db", str(junk), cwd=tmp_path)
    assert run.returncode == 2
    assert one_error_line(run) == f"error: {junk} is not a Repflow database (not an SQLite file)"
    nowhere = tmp_path / "missing" / "dir" / "r.db"
    process = repflow("process", str(OFFER), "--db", str(nowhere), cwd=tmp_path)
    assert process.returncode == 2
    assert one_error_line(process) == (
        f"error: {nowhere}: the directory {nowhere.parent} does not exist"
    )
    assert not (tmp_path / "missing").exists()


def test_process_table_fits_80_columns_with_reasons_and_qualified(tmp_path):
    (tmp_path / "repflow.toml").write_text(CONFIG.read_text())
    run = repflow("process", str(EXAMPLES / "inbox"), "--no-send", cwd=tmp_path, columns=80)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if "decision" in line)
    assert "why" in header.split()
    acme = next(line for line in lines if line.strip().startswith("01-complete-offer"))
    assert "qualified" in acme
    assert "card:" in acme  # the why column starts with the price from the rate card
    assert "continue" not in run.stdout  # the JSON value; people read "qualified"
    gambling = next(line for line in lines if line.strip().startswith("19-gambling"))
    assert "decline" in gambling
    assert "blocked category" in gambling


def test_process_exits_non_zero_when_a_message_is_deferred(tmp_path):
    import asyncio
    from datetime import UTC, datetime, timedelta

    from repflow.mail.parse import parse_email
    from repflow.pipeline.delivery import claim_key
    from repflow.store.sql import SqlStore

    db = tmp_path / "r.db"

    async def hold() -> None:  # another worker is processing the offer right now
        store = SqlStore.from_url(str(db))
        await store.create_schema()
        key = claim_key(parse_email(OFFER.read_bytes()))
        await store.claim(key, now=datetime.now(UTC), lease=timedelta(hours=1))
        await store.close()

    asyncio.run(hold())
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("01-complete-offer.eml", "12-personal.eml"):
        (inbox / name).write_bytes((EXAMPLES / "inbox" / name).read_bytes())
    run = repflow("process", str(inbox), "--json", "--db", str(db), cwd=tmp_path)
    assert run.returncode == 1
    rows = json_lines(run.stdout)
    assert [bool(row["error"]) for row in rows] == [True, False]
    assert run.stderr.splitlines()[-1] == (
        "error: 1 of 2 message(s) not processed: "
        "1 deferred (another run holds them: run again later)"
    )


def test_serve_announces_the_dashboard_and_refuses_a_port_in_use(tmp_path):
    import urllib.request

    env = {**os.environ, "API_AUTH_TOKEN": "t" * 32, "COLUMNS": "200"}
    server = subprocess.Popen(
        [sys.executable, "-m", "repflow.cli", "serve", "--port", "0"],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        line = announced(server, "Dashboard:")
        assert line.startswith("Dashboard: http://127.0.0.1:"), line
        address = line.split()[1]
        port = int(address.split(":")[2].split("/")[0])
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as answer:
                    assert answer.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server never answered")
        taken = subprocess.run(
            [sys.executable, "-m", "repflow.cli", "serve", "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=env,
        )
        assert taken.returncode == 2
        assert one_error_line(taken) == (
            f"error: port {port} on 127.0.0.1 is in use: stop the other server or choose --port"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()  # the reader thread has seen EOF: no unclosed pipe left


def test_an_unexpected_failure_is_one_masked_line_unless_debug(tmp_path, monkeypatch, capsys):
    from repflow import cli

    def explode(paths):
        raise RuntimeError("boom reading jane.doe@brand.example\nsecond line")

    monkeypatch.setattr(cli, "_messages", explode)
    monkeypatch.delenv("REPFLOW_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["repflow", "inspect", str(tmp_path)])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1
    stderr = capsys.readouterr().err
    assert stderr.splitlines() == [
        "error: RuntimeError: boom reading j***@brand.example (`repflow --debug ...` shows more)"
    ]
    monkeypatch.setattr(sys, "argv", ["repflow", "--debug", "inspect", str(tmp_path)])
    with pytest.raises(RuntimeError, match=r"jane\.doe@brand\.example"):
        cli.main()
