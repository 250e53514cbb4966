"""The README's walkthrough, run as written in an empty directory (a stand-in for a clone)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT
from tests.integration.test_cli import announced

REPFLOW = ".venv/bin/repflow"


def walkthrough() -> list[str]:
    """The commands of the README's walkthrough block, comments stripped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Walkthrough\n.*?```sh\n(.*?)```", text, re.S)
    assert block, "the README has no walkthrough"
    commands = []
    for line in block.group(1).splitlines():
        command = line.split("  #", 1)[0].strip()
        if command:
            commands.append(command)
    return commands


def test_the_readme_walkthrough_runs_as_written(tmp_path):
    (tmp_path / "examples").symlink_to(EXAMPLES)
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('Hello', 'Hi there'))\n"
    )
    env = {
        **os.environ,
        "COLUMNS": "100",
        "EDITOR": f"{sys.executable} {editor}",
        "API_AUTH_TOKEN": "t" * 32,
    }
    ids: dict[str, str] = {}
    ran = []
    for command in walkthrough():
        # VAR=value and VAR=$(...) prefixes: set in env above
        words = shlex.split(re.sub(r"^(?:\w+=(?:\$\([^)]*\)|\S+)\s+)+", "", command))
        if words[:2] == ["make", "install"]:
            continue  # the venv is this test's interpreter
        assert words[0] == REPFLOW, command
        args = [ids.get(word, word) for word in words[1:]]
        argv = [sys.executable, "-m", "repflow.cli", *args]
        ran.append(args[0])
        if args[0] == "serve":
            serve([*argv, "--port", "0"], tmp_path, env)  # 8000 may be taken on a test machine
            continue
        run = subprocess.run(
            argv,
            cwd=tmp_path,
            input="a-long-enough-password\na-long-enough-password\n",
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
            env=env,
            start_new_session=True,  # no terminal: a password prompt reads stdin
        )
        assert run.returncode == 0, (command, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr
        if args[0] == "drafts":
            listed = subprocess.run(
                [*argv, "--json"], cwd=tmp_path, capture_output=True, text=True, check=True
            )
            drafts = [json.loads(line) for line in listed.stdout.splitlines()]
            assert len(drafts) >= 2
            ids.update(THREAD_ID=drafts[0]["thread_id"], DRAFT_ID=drafts[0]["id"])
        if args[0] == "approve":
            ids["DRAFT_ID"] = drafts[1]["id"]  # the next command discards another
    assert ran == [
        "init",
        "process",
        "leads",
        "drafts",
        "thread",
        "approve",
        "discard",
        "creators",
        "serve",
    ]
    sent = [p.read_text() for p in (tmp_path / "outbox").glob("*.eml")]
    assert any("Hi there" in text for text in sent)  # the edited draft went out


def serve(argv: list[str], cwd: Path, env: dict[str, str]) -> None:
    server = subprocess.Popen(
        argv, cwd=cwd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    try:
        address = announced(server, "Dashboard:").split()[1]
        assert address.startswith("http://127.0.0.1:")
        assert address.endswith("/dashboard/")
        for _ in range(100):
            try:
                with urllib.request.urlopen(address) as page:
                    assert page.status == 200
                    assert "Sign in" in page.read().decode()
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the dashboard never answered")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()  # the reader thread has seen EOF: no unclosed pipe left
