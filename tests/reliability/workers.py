"""Process entry points for the cross-process races (importable by ``spawn`` children)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from repflow.engine.heuristic import HeuristicEngine
from repflow.pipeline.exceptions import RetryLater
from repflow.pipeline.process import Pipeline
from repflow.store.sql import SqlStore
from tests.reliability.helpers import CONFIG


async def _deliver(url: str, data: bytes, start: Any) -> tuple[bool, int]:
    store = SqlStore.from_url(url)
    pipeline = Pipeline(store=store, engine=HeuristicEngine(), config=CONFIG)
    try:
        await store.get_creator("maya")  # connect before the start line, not after it
        start.wait(30)
        retries = 0
        while True:
            try:
                result = await pipeline.process(data)
            except RetryLater:
                retries += 1
                await asyncio.sleep(0.02)
                continue
            return result.duplicate, retries
    finally:
        await store.close()


def deliver(url: str, data: bytes, start: Any, results: Any) -> None:
    """Process ``data`` once ``start`` is set, retrying on RetryLater; report to ``results``."""
    started = time.monotonic()
    try:
        duplicate, retries = asyncio.run(_deliver(url, data, start))
        results.put(("ok", duplicate, retries, time.monotonic() - started))
    except BaseException as exc:
        results.put(("error", f"{type(exc).__name__}: {exc}", 0, 0.0))
        raise
