"""Shared helpers of the dashboard tests: seeding, a uvicorn server thread, offers, forms."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from repflow.bootstrap import build_app, sync_creators
from repflow.config import load_config
from repflow.domain.profile import CreatorProfile
from repflow.pipeline.delivery import Delivery
from repflow.pipeline.result import ProcessResult
from repflow.store.port import Store
from repflow.transport.file import FileTransport

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CONFIG = EXAMPLES / "repflow.toml"
SCREENSHOTS = ROOT / "docs" / "screenshots"

PASSWORD = "correct horse battery"
MAYA = "maya@example.com"
ADMIN = "admin@example.com"
OTHER = "sam@example.com"
OTHER_CREATOR = "other"

T = TypeVar("T")


def run_async(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine on a private loop in a worker thread (never pytest-asyncio's loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, factory()).result()


async def seed(store: Store, outbox: Path) -> None:
    """Run the real pipeline over examples/inbox with examples/repflow.toml (creator maya).

    Like ``repflow process``: creators synced from the file, each message processed, then the
    outbox dispatched through the file transport. A second creator, ``other``, has no mail.
    """
    config = load_config(CONFIG)
    await sync_creators(store, config)
    await store.upsert_creator(
        CreatorProfile(id=OTHER_CREATOR, name="Sam Other", addresses=("sam@repflow.example",))
    )
    app = build_app(store, config, transport=FileTransport(outbox))
    assert app.dispatcher is not None
    for path in sorted((EXAMPLES / "inbox").glob("*.eml")):
        await app.pipeline.process(path.read_bytes(), Delivery(source=str(path)))
        await app.dispatcher.run()


async def process(store: Store, raw: bytes) -> ProcessResult:
    """Process one more email with the real pipeline (the creator's profile from the store)."""
    app = build_app(store, load_config(CONFIG))
    return await app.pipeline.process(raw, Delivery(source="test"))


def offer(number: int, brand: str, domain: str, amount: str = "$3,000") -> bytes:
    """A complete brand offer to maya: one YouTube integration, flat fee, a deadline."""
    return f"""From: Nina Park <nina@{domain}>
To: maya@repflow.example
Subject: Paid partnership: {brand} x Maya
Date: Thu, 26 Nov 2026 10:00:00 +0000
Message-ID: <offer-{number}@{domain}>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hi Maya,

I'm Nina, partnerships lead at {brand}. We make travel backpacks and would love to
sponsor one YouTube integration in your next video. Our budget is {amount} as a flat fee,
and we'd like the video live by January 15, 2027.

Would that work for you?

Best,
Nina Park
{brand}
""".encode()


def csrf_of(html: str) -> str:
    """The CSRF token rendered into a page's forms."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def eml_files(outbox: Path) -> set[Path]:
    """The .eml files in an outbox directory."""
    return set(outbox.glob("*.eml")) if outbox.is_dir() else set()
