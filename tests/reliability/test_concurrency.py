"""Races: the same email delivered concurrently by several processes; two emails of one thread
arriving together.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pytest

from repflow.domain.models import Category, DealTerms, Direction
from repflow.engine.fake import ScriptedEngine
from repflow.engine.port import Assessment
from repflow.pipeline.exceptions import RetryLater
from repflow.pipeline.process import Pipeline
from repflow.pipeline.result import ProcessResult
from repflow.store.port import Store, Turn
from repflow.store.sql import SqlStore
from tests.integration.conftest import Backend, _empty
from tests.reliability.helpers import ASK_INFO, CREATOR, OFFER_BODY, mail, make
from tests.reliability.workers import deliver

MSG = "<race-1@acme.com>"


async def race(url: str, processes: int) -> list[tuple[Any, ...]]:
    """``processes`` spawned workers deliver the same bytes at the same instant."""
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    results = context.Queue()
    data = mail(MSG, OFFER_BODY)
    workers = [
        context.Process(target=deliver, args=(url, data, start, results), daemon=True)
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    await asyncio.sleep(0)
    start.set()
    outcomes = [await asyncio.to_thread(results.get, True, 60) for _ in workers]
    for worker in workers:
        await asyncio.to_thread(worker.join, 30)
    return outcomes


async def assert_exactly_once(store: Store, outcomes: list[tuple[Any, ...]]) -> None:
    assert all(o[0] == "ok" for o in outcomes), outcomes
    assert sorted(o[1] for o in outcomes) == [False] + [True] * (len(outcomes) - 1)
    leads = await store.list_leads(CREATOR.id)
    assert len(leads) == 1
    state = await store.load_thread(CREATOR.id, leads[0].thread_id)
    inbound = [m for m in state.messages if m.direction is Direction.INBOUND]
    assert [m.message_id for m in inbound] == [MSG]
    assert len(state.outbox) == 1
    _, dispatcher = make(store)
    assert len((await dispatcher.run()).sent) == 1
    assert (await dispatcher.run()).sent == ()


@pytest.mark.postgres
async def test_eight_processes_same_email_postgres(postgres_url: str) -> None:
    store = SqlStore.from_url(postgres_url)
    try:
        await _empty(store)
        await store.upsert_creator(CREATOR)
        outcomes = await race(postgres_url, 8)
        await assert_exactly_once(store, outcomes)
    finally:
        await store.close()


async def test_four_processes_same_email_sqlite(sqlite_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    store = SqlStore.from_url(url)
    try:
        await store.upsert_creator(CREATOR)
        outcomes = await race(url, 4)
        await assert_exactly_once(store, outcomes)
    finally:
        await store.close()


class RendezvousStore:
    """Delegates to ``inner``; ``commit_turn`` waits (up to ``timeout``) until ``parties`` turns
    are committing, so turns that overlap in time really interleave. Turns that the pipeline
    serialised never meet, and each goes on after the timeout."""

    def __init__(self, inner: Store, parties: int = 2, timeout: float = 0.5) -> None:
        self.inner = inner
        self.parties = parties
        self.timeout = timeout
        self.waiting = 0
        self.arrived = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def commit_turn(self, turn: Turn) -> None:
        self.waiting += 1
        if self.waiting >= self.parties:
            self.arrived.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.arrived.wait(), self.timeout)
        await self.inner.commit_turn(turn)


FIRST, DEADLINE, USAGE = "<t-1@acme.com>", "<t-2@acme.com>", "<t-3@acme.com>"


async def _redelivered(pipeline: Pipeline, data: bytes) -> ProcessResult:
    """Process ``data``, redelivering while its thread is busy (as SQS would)."""
    for _ in range(100):
        try:
            return await pipeline.process(data)
        except RetryLater:
            await asyncio.sleep(0.02)
    raise AssertionError("the thread never became free")


async def _follow_ups_terms(store: Store, *, together: bool) -> DealTerms:
    """Open a thread, then deliver two follow-ups (each adding a term) together or in turn."""
    await store.upsert_creator(CREATOR)
    engine = ScriptedEngine(
        script={
            FIRST: Assessment(
                category=Category.SPONSORSHIP,
                is_offer=True,
                confidence=0.9,
                terms=DealTerms(brand="Acme"),
            ),
            DEADLINE: ASK_INFO,  # deliverables and the deadline
        },
        default=Assessment(
            category=Category.SPONSORSHIP,
            is_offer=True,
            confidence=0.9,
            terms=DealTerms(usage_rights="30 days organic"),
        ),
    )
    pipeline, _ = make(store, engine)
    opened = await pipeline.process(mail(FIRST, "Hi Maya, Acme would like to work with you."))
    follow_ups = (
        mail(DEADLINE, "One YouTube integration, live by 2026-12-15.", in_reply_to=FIRST),
        mail(USAGE, "Usage rights: 30 days organic.", in_reply_to=FIRST, subject="Re: x"),
    )
    if together:
        pipeline.store = RendezvousStore(store)
        results = await asyncio.gather(*(_redelivered(pipeline, data) for data in follow_ups))
    else:
        results = [await pipeline.process(data) for data in follow_ups]
    assert {r.thread_id for r in results} == {opened.thread_id}
    assert opened.thread_id is not None
    state = await store.load_thread(CREATOR.id, opened.thread_id)
    inbound = [m.message_id for m in state.messages if m.direction is Direction.INBOUND]
    assert sorted(filter(None, inbound)) == sorted([FIRST, DEADLINE, USAGE])  # no inbound mail lost
    assert state.lead is not None
    assert len(await store.list_leads(CREATOR.id)) == 1
    return state.lead.terms


async def test_two_emails_of_one_thread_in_turn_merge_both_terms(backend: Backend) -> None:
    terms = await _follow_ups_terms(backend.store, together=False)
    assert (terms.brand, terms.deadline, terms.usage_rights) == (
        "Acme",
        "2026-12-15",
        "30 days organic",
    )


async def test_two_emails_of_one_thread_together_merge_both_terms(backend: Backend) -> None:
    terms = await _follow_ups_terms(backend.store, together=True)
    assert (terms.brand, terms.deadline, terms.usage_rights) == (
        "Acme",
        "2026-12-15",
        "30 days organic",
    )
