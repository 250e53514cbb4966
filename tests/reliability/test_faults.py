"""A crash at each side-effect boundary of one email's path, then redelivery.

Whatever the boundary, the inbound message is stored exactly once and at most one reply goes
out. Faults are injected by composition (tests/reliability/faults.py), on every store backend.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import pytest

from repflow.api.app import create_app
from repflow.domain.models import Direction
from repflow.engine.heuristic import HeuristicEngine
from repflow.mail.parse import parse_email
from repflow.pipeline.delivery import claim_key
from repflow.pipeline.dispatch import Dispatcher
from repflow.pipeline.exceptions import RetryLater
from repflow.pipeline.process import Pipeline
from repflow.pipeline.result import ProcessResult
from repflow.store.exceptions import StoreUnavailable
from repflow.store.http import HttpStore
from repflow.store.port import OutboxStatus, Store
from repflow.store.sql import SqlStore
from repflow.transport.exceptions import SendError
from repflow.transport.file import FileTransport
from repflow.transport.port import RecordingTransport
from tests.api.server import TOKEN, ApiServer
from tests.integration.conftest import Backend, _empty
from tests.reliability.faults import Crash, FailingEngine, Fault, FaultyStore
from tests.reliability.helpers import CONFIG, CREATOR, Clock, mail, make, scripted, sent

MSG = "<offer-1@acme.com>"


@pytest.fixture
async def store(backend: Backend) -> Store:
    await backend.store.upsert_creator(CREATOR)
    return backend.store


async def inbound_count(store: Store, thread_id: str) -> int:
    state = await store.load_thread(CREATOR.id, thread_id)
    return sum(1 for m in state.messages if m.direction is Direction.INBOUND)


async def assert_one_reply(store: Store, result: ProcessResult, sent: int) -> None:
    assert result.thread_id is not None
    assert await inbound_count(store, result.thread_id) == 1
    state = await store.load_thread(CREATOR.id, result.thread_id)
    assert len(state.outbox) == 1
    assert sent == 1


async def test_crash_after_claim_engine_raises(store: Store) -> None:
    engine = FailingEngine(scripted(), assess_failures=1)
    pipeline, dispatcher = make(store, engine)
    with pytest.raises(Crash):
        await pipeline.process(mail(MSG))
    assert (await dispatcher.run()).sent == ()  # nothing was committed
    result = await pipeline.process(mail(MSG))  # redelivery: the released claim is taken again
    assert not result.duplicate
    await dispatcher.run()
    await assert_one_reply(store, result, len(sent(dispatcher)))


async def test_crash_after_assess_draft_raises(store: Store) -> None:
    engine = FailingEngine(scripted(), draft_failures=1)
    pipeline, dispatcher = make(store, engine)
    with pytest.raises(Crash):
        await pipeline.process(mail(MSG))
    assert (await dispatcher.run()).sent == ()
    result = await pipeline.process(mail(MSG))
    await dispatcher.run()
    await assert_one_reply(store, result, len(sent(dispatcher)))


async def test_crash_inside_commit_after_it_took_effect(store: Store) -> None:
    # The transaction committed but the worker died before hearing so: the redelivery is a replay.
    faulty = FaultyStore(store, {"commit_turn": Fault(error=Crash("after commit"), after=True)})
    pipeline, dispatcher = make(faulty)
    with pytest.raises(Crash):
        await pipeline.process(mail(MSG))
    result = await pipeline.process(mail(MSG))
    assert result.duplicate
    await dispatcher.run()
    await assert_one_reply(store, result, len(sent(dispatcher)))


async def test_crash_after_commit_before_dispatch(store: Store) -> None:
    pipeline, dispatcher = make(store)
    first = await pipeline.process(mail(MSG))  # ... and the worker dies before dispatching
    replay = await pipeline.process(mail(MSG))
    assert replay.duplicate
    assert replay.decision == first.decision
    assert len((await dispatcher.run()).sent) == 1
    assert (await dispatcher.run()).sent == ()
    await assert_one_reply(store, first, len(sent(dispatcher)))


async def test_transport_raises_then_next_dispatch_sends_once(store: Store) -> None:
    transport = RecordingTransport(fail_with=SendError("throttled", retryable=True))
    pipeline, dispatcher = make(store, transport=transport)
    first = await pipeline.process(mail(MSG))
    report = await dispatcher.run()
    assert report.sent == ()
    assert len(report.failed) == 1
    transport.fail_with = None
    await pipeline.process(mail(MSG))  # redelivery meanwhile: a replay
    assert len((await dispatcher.run()).sent) == 1
    assert (await dispatcher.run()).sent == ()
    await assert_one_reply(store, first, len(transport.sent))


async def test_worker_killed_holding_claim_is_taken_over_after_the_lease(store: Store) -> None:
    clock = Clock()
    pipeline, dispatcher = make(store, clock=clock)
    # A worker claimed the message and died without releasing it (no finally ran).
    await store.claim(claim_key(parse_email(mail(MSG))), now=clock(), lease=pipeline.lease)
    with pytest.raises(RetryLater):
        await pipeline.process(mail(MSG))
    clock.advance(pipeline.lease + timedelta(seconds=1))
    result = await pipeline.process(mail(MSG))
    assert not result.duplicate
    await dispatcher.run()
    await assert_one_reply(store, result, len(sent(dispatcher)))


async def test_crash_between_send_and_mark_sent_resends_same_message_id(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = tmp_path / "outbox"
    faulty = FaultyStore(store, {"mark_sent": Fault(error=Crash("died before marking sent"))})
    pipeline, _ = make(faulty)
    dispatcher = Dispatcher(store=faulty, transport=FileTransport(outbox))
    first = await pipeline.process(mail(MSG))
    with caplog.at_level(logging.ERROR, logger="repflow.dispatch"):
        crashed = await dispatcher.run()
    # The run goes on past the row (reported as an error, not as sent), and says why.
    assert (crashed.sent, len(crashed.errors)) == ((), 1)
    assert "duplicate window" in caplog.text
    assert first.thread_id is not None
    state = await store.load_thread(CREATOR.id, first.thread_id)
    assert [o.status for o in state.outbox] == [OutboxStatus.PENDING]  # sent, not recorded
    # Redelivery (a replay) and the next dispatch: the row is sent again, same Message-ID.
    assert (await pipeline.process(mail(MSG))).duplicate
    assert len((await dispatcher.run()).sent) == 1
    assert (await dispatcher.run()).sent == ()
    files = list(outbox.glob("*.eml"))
    assert len(files) == 1, files  # the file transport deduplicated the resend
    assert state.outbox[0].message_id.strip("<>") in files[0].name
    state = await store.load_thread(CREATOR.id, first.thread_id)
    assert [o.status for o in state.outbox] == [OutboxStatus.SENT]
    assert await inbound_count(store, first.thread_id) == 1


# -- API timeouts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(Fault(delay=0.6), id="slow-commit-lands-after-client-timeout"),
        pytest.param(Fault(error=StoreUnavailable("database down")), id="store-unavailable"),
    ],
)
async def test_api_timeout_then_redelivery_gives_one_reply(
    fault: Fault, sqlite_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "api.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    served = FaultyStore(SqlStore.from_url(url), {"commit_turn": fault})
    server = ApiServer(create_app(served, auth_token=TOKEN)).start()
    client = HttpStore(server.url, TOKEN, timeout=0.2, attempts=1)
    local = SqlStore.from_url(url)
    try:
        await client.upsert_creator(CREATOR)
        pipeline, dispatcher = make(client)
        with pytest.raises(StoreUnavailable):
            await pipeline.process(mail(MSG))
        result = await redeliver(pipeline, mail(MSG))
        await asyncio.sleep(fault.delay)  # let a slow commit land, if it was still running
        await dispatcher.run()
        assert served.injected == {"commit_turn": 1}
        assert (await dispatcher.run()).sent == ()
        await assert_one_reply(local, result, len(sent(dispatcher)))
    finally:
        await client.close()
        await local.close()
        server.stop()


async def redeliver(pipeline: Pipeline, data: bytes, attempts: int = 50) -> ProcessResult:
    """Deliver ``data`` until it is processed (SQS redelivers on RetryLater and on errors)."""
    for _ in range(attempts - 1):
        try:
            return await pipeline.process(data)
        except (RetryLater, StoreUnavailable):
            await asyncio.sleep(0.05)
    return await pipeline.process(data)


# -- database restarts -------------------------------------------------------------------------


async def _two_emails_across_a_restart(
    store: SqlStore, restart: Callable[[], Awaitable[None]]
) -> None:
    await store.upsert_creator(CREATOR)
    pipeline, dispatcher = make(store)
    first = await pipeline.process(mail(MSG))
    await restart()
    follow = await redeliver(
        pipeline,
        mail("<offer-2@acme.com>", "Budget is open, say $3,000.", in_reply_to=MSG),
    )
    assert follow.thread_id == first.thread_id
    assert first.thread_id is not None
    assert await inbound_count(store, first.thread_id) == 2
    await restart()
    assert (await redeliver(pipeline, mail(MSG))).duplicate
    await dispatcher.run()
    assert len(sent(dispatcher)) == len(
        (await store.load_thread(CREATOR.id, first.thread_id)).outbox
    )


async def test_sqlite_engine_disposed_mid_run(sqlite_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "restart.db"
    shutil.copyfile(sqlite_template, path)
    store = SqlStore.from_url(f"sqlite:///{path}")

    async def restart() -> None:
        await store.engine.dispose()

    try:
        await _two_emails_across_a_restart(store, restart)
    finally:
        await store.close()


async def _terminate_backends(url: str) -> int:
    admin = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        rows = await admin.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return len(rows)
    finally:
        await admin.close()


@pytest.mark.postgres
async def test_postgres_connections_terminated_mid_run(postgres_url: str) -> None:
    store = SqlStore.from_url(postgres_url)
    await _empty(store)
    terminated: list[int] = []

    async def restart() -> None:
        terminated.append(await _terminate_backends(postgres_url))

    try:
        await _two_emails_across_a_restart(store, restart)
        assert terminated[0] >= 1  # the store's pooled connection was killed
    finally:
        await store.close()


@pytest.mark.postgres
async def test_postgres_connections_terminated_just_before_commit(postgres_url: str) -> None:
    store = SqlStore.from_url(postgres_url)
    await _empty(store)

    async def kill() -> None:
        await _terminate_backends(postgres_url)

    faulty = FaultyStore(store, {"commit_turn": Fault(hook=kill)})
    try:
        await store.upsert_creator(CREATOR)
        pipeline, dispatcher = make(faulty)
        result = await redeliver(pipeline, mail(MSG))
        await dispatcher.run()
        assert faulty.injected == {"commit_turn": 1}
        await assert_one_reply(store, result, len(sent(dispatcher)))
    finally:
        await store.close()


async def test_heuristic_engine_crash_and_redelivery(store: Store) -> None:
    # The same boundary with the real offline engine on a realistic offer.
    engine = FailingEngine(HeuristicEngine(), assess_failures=1)
    pipeline = Pipeline(store=store, engine=engine, config=CONFIG, clock=Clock())
    with pytest.raises(Crash):
        await pipeline.process(mail(MSG))
    result = await pipeline.process(mail(MSG))
    assert result.thread_id is not None
    assert await inbound_count(store, result.thread_id) == 1
    assert len((await store.load_thread(CREATOR.id, result.thread_id)).outbox) <= 1
