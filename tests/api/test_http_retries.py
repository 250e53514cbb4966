"""HttpStore's failure handling: what is retried, what is not, and why a retry cannot write twice.

Scripted answers come from ``httpx2.MockTransport``; the lost-answer cases use the real API on a
loopback uvicorn server behind a transport that drops the answer after the server committed.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
import pytest
from sqlalchemy import text

from repflow.api.app import create_app
from repflow.domain.profile import CreatorProfile
from repflow.exceptions import ConfigError
from repflow.store.exceptions import Conflict, NotFound, StoreError, StoreUnavailable
from repflow.store.http import HttpStore
from repflow.store.port import ClaimStatus, OutboxStatus
from repflow.store.sql import SqlStore

from .server import TOKEN, ApiServer
from .test_api import MAYA, make_turn

T0 = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
BASE = "http://api.test"


def fast_store(
    transport: httpx2.AsyncBaseTransport | None,
    *,
    attempts: int = 5,
    base_url: str = BASE,
    **options: Any,
) -> HttpStore:
    """An HTTP store with tiny backoffs."""
    waits: dict[str, Any] = {"wait_initial": 0.001, "wait_max": 0.01, "wait_jitter": 0.0}
    return HttpStore(base_url, TOKEN, attempts=attempts, transport=transport, **(waits | options))


class Script:
    """A MockTransport handler answering a scripted sequence (the last answer repeats)."""

    def __init__(
        self, *answers: int | httpx2.Response | Exception | Callable[[], httpx2.Response]
    ) -> None:
        self.answers = list(answers)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, int):
            return httpx2.Response(answer, json=_error_body(answer) if answer >= 400 else [])
        if callable(answer):
            return answer()
        return answer

    @property
    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self)


def _error_body(status: int) -> dict[str, Any]:
    codes = {404: "not_found", 409: "conflict", 422: "invalid_request", 400: "bad_request"}
    return {"error": {"code": codes.get(status, "error"), "message": f"status {status}"}}


# --------------------------------------------------------------------------------------------
# transient answers are retried
# --------------------------------------------------------------------------------------------


async def test_503_twice_then_200_succeeds_with_three_requests() -> None:
    script = Script(503, 503, 200)
    store = fast_store(script.transport)
    assert await store.list_creators() == []
    assert len(script.requests) == 3
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in script.requests)
    await store.close()


@pytest.mark.parametrize("status", [429, 502, 503, 504])
async def test_each_transient_status_is_retried(status: int) -> None:
    script = Script(status, 200)
    store = fast_store(script.transport)
    assert await store.list_creators() == []
    assert len(script.requests) == 2
    await store.close()


async def test_429_retry_after_is_honoured_but_capped() -> None:
    script = Script(
        httpx2.Response(429, headers={"Retry-After": "3600"}, json=_error_body(429)), 200
    )
    store = fast_store(script.transport, wait_max=0.05)
    started = time.monotonic()
    assert await store.list_creators() == []
    assert time.monotonic() - started < 60  # an hour was asked for; wait_max caps it
    assert len(script.requests) == 2
    await store.close()


async def test_a_retried_write_keeps_its_idempotency_key() -> None:
    script = Script(503, 503, httpx2.Response(200, json={"status": "claimed"}))
    store = fast_store(script.transport)
    assert await store.claim("ses-1", now=T0, lease=LEASE) is ClaimStatus.CLAIMED
    keys = {r.headers["idempotency-key"] for r in script.requests}
    assert len(script.requests) == 3
    assert len(keys) == 1
    assert await store.claim("ses-2", now=T0, lease=LEASE) is ClaimStatus.CLAIMED
    assert script.requests[-1].headers["idempotency-key"] not in keys  # one key per call
    await store.close()


@pytest.mark.parametrize(
    "error",
    [
        httpx2.ConnectError("refused"),
        httpx2.ConnectTimeout("slow connect"),
        httpx2.ReadTimeout("slow answer"),
        httpx2.RemoteProtocolError("Server disconnected without sending a response."),
        httpx2.ReadError("connection reset"),
    ],
)
async def test_transport_failures_are_retried(error: Exception) -> None:
    script = Script(error, 200)
    store = fast_store(script.transport)
    assert await store.list_creators() == []
    assert len(script.requests) == 2
    await store.close()


async def test_persistent_503_is_store_unavailable_after_every_attempt() -> None:
    script = Script(503)
    store = fast_store(script.transport, attempts=4)
    with pytest.raises(StoreUnavailable, match="503") as caught:
        await store.list_creators()
    assert len(script.requests) == 4
    assert caught.value.__cause__ is not None
    await store.close()


# --------------------------------------------------------------------------------------------
# other answers are not
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, ValueError),
        (422, ValueError),
        (404, NotFound),
        (409, Conflict),
        (401, StoreError),
        (403, StoreError),
        (500, StoreError),
    ],
)
async def test_other_answers_are_not_retried(status: int, error: type[Exception]) -> None:
    script = Script(status, 200)
    store = fast_store(script.transport)
    with pytest.raises(error):
        await store.get_outbox("maya", "o1")
    assert len(script.requests) == 1
    await store.close()


async def test_missing_creator_is_none_and_a_wrong_url_is_an_error() -> None:
    script = Script(404)
    store = fast_store(script.transport)
    assert await store.get_creator("nobody") is None
    assert len(script.requests) == 1
    wrong = Script(httpx2.Response(404, text="<html>nginx</html>"))
    misrouted = fast_store(wrong.transport)
    with pytest.raises(StoreError, match="API_BASE_URL"):
        await misrouted.get_creator("maya")
    assert len(wrong.requests) == 1
    await store.close()
    await misrouted.close()


async def test_connection_refused_is_store_unavailable_after_n_attempts() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there

    class Counting(httpx2.AsyncHTTPTransport):
        calls = 0

        async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
            Counting.calls += 1
            return await super().handle_async_request(request)

    store = fast_store(Counting(), attempts=3, base_url=f"http://127.0.0.1:{port}")
    with pytest.raises(StoreUnavailable, match="ConnectError") as caught:
        await store.claim("k", now=T0, lease=LEASE)
    assert isinstance(caught.value.__cause__, httpx2.ConnectError)
    assert Counting.calls == 3
    await store.close()


# --------------------------------------------------------------------------------------------
# construction, lifecycle
# --------------------------------------------------------------------------------------------


async def test_nothing_connects_before_the_first_call() -> None:
    store = HttpStore("http://db.invalid:1", TOKEN)
    assert "db.invalid" in repr(store)
    assert TOKEN not in repr(store)
    await store.close()  # never opened: harmless
    script = Script(200)
    store = fast_store(script.transport)
    await store.list_creators()
    await store.close()
    await store.list_creators()  # usable again after close
    assert len(script.requests) == 2
    await store.close()


def test_a_new_event_loop_gets_a_new_client() -> None:
    script = Script(200)
    store = fast_store(script.transport)
    asyncio.run(store.list_creators())
    asyncio.run(store.list_creators())  # e.g. the next Lambda invocation
    asyncio.run(store.close())  # from yet another loop: the client is dropped, not awaited
    asyncio.run(store.list_creators())
    asyncio.run(store.close())
    assert len(script.requests) == 3


def test_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="API_BASE_URL"):
        HttpStore.from_env({"API_AUTH_TOKEN": TOKEN})
    with pytest.raises(ConfigError, match="API_AUTH_TOKEN"):
        HttpStore.from_env({"API_BASE_URL": BASE})
    with pytest.raises(ConfigError, match="attempt"):
        HttpStore(BASE, TOKEN, attempts=0)
    assert (
        HttpStore.from_env({"API_BASE_URL": BASE + "/", "API_AUTH_TOKEN": TOKEN}).base_url == BASE
    )


# --------------------------------------------------------------------------------------------
# lost answers: the server did the work, the client never heard; the retry must not repeat it
# --------------------------------------------------------------------------------------------


class DropAnswers(httpx2.AsyncHTTPTransport):
    """Sends requests for real; for the first ``times`` matching ones, drops the answer."""

    def __init__(self, method: str, path_end: str, times: int = 1) -> None:
        super().__init__()
        self.method, self.path_end, self.left = method, path_end, times
        self.sent: list[str] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await super().handle_async_request(request)
        self.sent.append(f"{request.method} {request.url.path}")
        if self.left and request.method == self.method and request.url.path.endswith(self.path_end):
            self.left -= 1
            await response.aread()
            await response.aclose()  # the server answered (and committed)...
            raise httpx2.RemoteProtocolError("Server disconnected without sending a response.")
        return response


@pytest.fixture
async def served(tmp_path: Path, sql_url: str) -> AsyncIterator[tuple[str, SqlStore]]:
    """The real API over a SQLite file on a loopback port, and a direct store on that file."""
    server = ApiServer(create_app(SqlStore.from_url(sql_url), auth_token=TOKEN)).start()
    direct = SqlStore.from_url(sql_url)
    await direct.upsert_creator(MAYA)
    try:
        yield server.url, direct
    finally:
        await direct.close()
        server.stop()


async def count(store: SqlStore, table: str) -> int:
    async with store.engine.connect() as connection:
        return int((await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())


async def test_commit_turn_retried_after_a_lost_answer_writes_once(
    served: tuple[str, SqlStore],
) -> None:
    url, direct = served
    transport = DropAnswers("POST", "/turns")
    store = fast_store(transport, base_url=url)
    turn = make_turn("maya", outbox_status=OutboxStatus.PENDING, with_deal=True)
    assert await store.claim(turn.claim_key, now=T0, lease=LEASE) is ClaimStatus.CLAIMED
    await store.commit_turn(turn)  # first answer lost, retried, succeeds
    assert transport.sent.count("POST /api/v1/creators/maya/turns") == 2
    assert await count(direct, "messages") == 1
    assert await count(direct, "outbox") == 1
    assert await count(direct, "leads") == 1
    assert await count(direct, "deals") == 1
    state = await direct.load_thread("maya", "t1")
    assert state.messages == (turn.inbound,)
    assert await store.claim(turn.claim_key, now=T0, lease=LEASE) is ClaimStatus.DONE
    await store.close()


async def test_claim_retried_after_a_lost_answer_is_still_ours(
    served: tuple[str, SqlStore],
) -> None:
    url, direct = served
    transport = DropAnswers("POST", "/claims")
    store = fast_store(transport, base_url=url)
    # Without the Idempotency-Key replay the retry would meet its own lease: in_progress.
    assert await store.claim("ses-1", now=T0, lease=LEASE) is ClaimStatus.CLAIMED
    assert transport.sent.count("POST /api/v1/claims") == 2
    assert await store.claim("ses-1", now=T0, lease=LEASE) is ClaimStatus.IN_PROGRESS
    async with direct.engine.connect() as connection:
        attempts = await connection.scalar(
            text("SELECT attempts FROM processed_emails WHERE key = 'ses-1'")
        )
    assert attempts == 1
    await store.close()


async def test_mark_failed_and_mark_sent_retried_after_lost_answers_count_once(
    served: tuple[str, SqlStore],
) -> None:
    url, direct = served
    turn = make_turn("maya", outbox_status=OutboxStatus.PENDING)
    assert turn.outbox is not None
    await direct.commit_turn(turn)
    failing = DropAnswers("POST", "/failed")
    store = fast_store(failing, base_url=url)
    await store.mark_failed(turn.outbox.id, error="421 later", give_up=False)
    assert failing.sent.count(f"POST /api/v1/outbox/{turn.outbox.id}/failed") == 2
    assert (await direct.get_outbox("maya", turn.outbox.id)).attempts == 1
    await store.close()

    sending = DropAnswers("POST", "/sent")
    store = fast_store(sending, base_url=url)
    await store.mark_sent(turn.outbox.id, provider_id="ses-9", now=T0)
    assert sending.sent.count(f"POST /api/v1/outbox/{turn.outbox.id}/sent") == 2
    item = await direct.get_outbox("maya", turn.outbox.id)
    assert (item.status, item.provider_id) == (OutboxStatus.SENT, "ses-9")
    assert await count(direct, "messages") == 2  # the inbound and ONE outbound
    await store.close()


async def test_the_real_api_through_http_store_maps_errors(served: tuple[str, SqlStore]) -> None:
    url, _direct = served
    store = fast_store(None, base_url=url)
    with pytest.raises(NotFound):
        await store.get_outbox("maya", "nope")
    with pytest.raises(ValueError, match="nothing to block"):
        await store.block("maya", "   ")
    assert await store.get_creator("nobody") is None
    assert await store.get_creator("not a valid id!") is None
    wrong = HttpStore(url, "wrong-token", attempts=3)
    with pytest.raises(StoreError, match="refused the token"):
        await wrong.list_creators()
    await wrong.close()
    await store.close()


async def test_creator_profile_round_trips(served: tuple[str, SqlStore]) -> None:
    url, direct = served
    store = fast_store(None, base_url=url)
    leo = CreatorProfile(id="leo", name="Leo", addresses=("leo@x.example",))
    await store.upsert_creator(leo)
    assert await direct.get_creator("leo") == leo
    assert await store.list_creators() == [leo, MAYA]
    await store.close()
