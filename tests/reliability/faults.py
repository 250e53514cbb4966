"""Fault injection by composition: wrappers that fail at a chosen boundary, once.

No monkeypatching: a :class:`FaultyStore` delegates every call to a real store and injects a
fault (an exception, a delay, or a hook such as "terminate the database connections") the first
time(s) a chosen method is called; a :class:`FailingEngine` does the same for an engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from repflow.engine.port import Assessment, Draft, DraftRequest, Engine, ThreadContext
from repflow.mail.models import InboundEmail


class Crash(RuntimeError):
    """An injected crash (a worker dying at a side-effect boundary)."""


@dataclass
class Fault:
    """What to do when the faulty method is called."""

    #: Raised before (or, with ``after``, after) delegating; None: no exception.
    error: BaseException | None = None
    #: Seconds slept before delegating (a slow database, an API timeout).
    delay: float = 0.0
    #: Awaited before delegating (e.g. terminate the database's connections).
    hook: Callable[[], Awaitable[None]] | None = None
    #: Delegate first, then raise ``error`` (the call took effect but its caller never knew).
    after: bool = False
    #: How many calls the fault applies to.
    times: int = 1


class FaultyStore:
    """A store that delegates to ``inner`` and injects ``faults[method]`` ``times`` times."""

    def __init__(self, inner: Any, faults: dict[str, Fault] | None = None) -> None:
        self.inner = inner
        self.faults: dict[str, Fault] = dict(faults or {})
        self.calls: dict[str, int] = {}
        self.injected: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.inner, name)
        if name.startswith("_") or not callable(target):
            return target

        async def call(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            fault = self.faults.get(name)
            if fault is None or fault.times <= 0:
                return await target(*args, **kwargs)
            fault.times -= 1
            self.injected[name] = self.injected.get(name, 0) + 1
            if fault.hook is not None:
                await fault.hook()
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.error is not None and not fault.after:
                raise fault.error
            result = await target(*args, **kwargs)
            if fault.error is not None:
                raise fault.error
            return result

        return call


@dataclass
class FailingEngine:
    """An engine that raises ``error`` on the first ``assess_failures`` assessments and the
    first ``draft_failures`` drafts, answering from ``inner`` otherwise."""

    inner: Engine
    assess_failures: int = 0
    draft_failures: int = 0
    error: BaseException = field(default_factory=lambda: Crash("injected engine crash"))
    name: str = "failing"

    async def assess(self, email: InboundEmail, thread: ThreadContext) -> Assessment:
        if self.assess_failures > 0:
            self.assess_failures -= 1
            raise self.error
        return await self.inner.assess(email, thread)

    async def draft(self, request: DraftRequest) -> Draft:
        if self.draft_failures > 0:
            self.draft_failures -= 1
            raise self.error
        return await self.inner.draft(request)
