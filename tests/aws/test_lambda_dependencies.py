"""The Lambda ingest path runs on the core and ``repflow[lambda]`` alone.

``build/lambda.zip`` holds no server, SQL driver, CLI or numpy (``scripts/lambda_bundle.py``).
This runs the handler's imports and one email through the pipeline in a fresh interpreter
where importing any of those packages fails, so a new import of them on that path fails here
before it fails in a deployed Lambda.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Top-level packages that are not in the ingest bundle.
NOT_IN_BUNDLE = (
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "jinja2_fragments",
    "multipart",
    "sqlalchemy",
    "alembic",
    "asyncpg",
    "aiosqlite",
    "typer",
    "rich",
    "click",
    "numpy",
    "py3langid",
)

SCRIPT = """
import asyncio, importlib.abc, sys

BLOCKED = set(sys.argv[1].split(","))

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is not in the Lambda bundle")
        return None

sys.meta_path.insert(0, Block())

import repflow.aws.handler, repflow.aws.runtime, repflow.aws.events, repflow.aws.dispatcher
import repflow.store.http, repflow.transport.ses, repflow.bootstrap
from repflow.bootstrap import build_app
from repflow.config import RepflowConfig
from repflow.pipeline.delivery import Delivery
from repflow.store.memory import InMemoryStore
from repflow.transport.file import FileTransport

async def main() -> None:
    store = InMemoryStore()
    app = build_app(store, RepflowConfig(), transport=FileTransport(sys.argv[3]))
    result = await app.pipeline.process(open(sys.argv[2], "rb").read(), Delivery(source="t"))
    assert result.error is None, result.error
    assert result.language == "en", result.language
    print(result.category)

asyncio.run(main())
leaked = sorted({m.split(".")[0] for m in sys.modules} & BLOCKED)
assert not leaked, leaked
"""


def test_the_ingest_path_needs_no_server_sql_cli_or_numpy(tmp_path: Path) -> None:
    email = sorted((ROOT / "examples" / "inbox").glob("*.eml"))[0]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(NOT_IN_BUNDLE), str(email), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip()


def test_a_model_without_the_llm_extra_is_a_config_error_naming_the_extra() -> None:
    script = (
        "import importlib.abc, sys\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('pydantic_ai', 'openai'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from repflow.engine.llm.factory import build_model\n"
        "from repflow.exceptions import ConfigError\n"
        "try:\n"
        "    build_model('openai:gpt-4.1-mini')\n"
        "except ConfigError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "install repflow[llm]" in done.stdout
