"""The ingest Lambda against the real backend API: uvicorn on loopback over SQLite, HttpStore.

Nothing is injected but AWS (moto): the cold start builds the HttpStore from ``API_BASE_URL``
and ``API_AUTH_TOKEN``, the S3 client and the SES transport, as in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from repflow.api.serve import build_api_app
from repflow.aws import dispatcher as lambda_dispatcher
from repflow.aws import handler as lambda_handler
from repflow.aws.handler import handler
from repflow.aws.runtime import get_runtime
from tests.api.server import ApiServer

from .conftest import (
    BRAND_ADDRESS,
    PREFIX,
    Aws,
    auto_reply_mail,
    offer_mail,
    s3_event,
    ses_event,
    ses_id,
    sqs_event,
)

TOKEN = "e2e-token-" + "z" * 24


@pytest.fixture
def api_url(aws: Aws, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    app = build_api_app(f"sqlite:///{tmp_path / 'api.db'}", environ={"API_AUTH_TOKEN": TOKEN})
    with ApiServer(app, token=TOKEN) as server:
        monkeypatch.setenv("API_BASE_URL", server.url)
        monkeypatch.setenv("API_AUTH_TOKEN", TOKEN)
        lambda_handler.reset()
        try:
            yield server.url
        finally:
            lambda_handler.reset()


def test_ses_event_through_the_real_api(aws: Aws, api_url: str) -> None:
    message_id = ses_id()
    aws.put(PREFIX + message_id, offer_mail())
    event = ses_event(message_id)

    first = handler(event, None)
    again = handler(event, None)
    via_sqs = handler(sqs_event(s3_event(PREFIX + message_id)), None)

    assert type(get_runtime().store).__name__ == "HttpStore"
    assert (first["processed"], first["replies_sent"]) == (1, 1)
    assert again["duplicates"] == 1
    assert via_sqs == {"batchItemFailures": []}
    [reply] = aws.sent()
    assert reply["To"] == BRAND_ADDRESS
    assert reply["In-Reply-To"] == "<lumen-001@lumenskincare.example>"


def test_missing_object_then_redelivery_through_the_real_api(aws: Aws, api_url: str) -> None:
    message_id = ses_id()
    event = sqs_event(s3_event(PREFIX + message_id))

    failed = handler(event, None)
    aws.put(PREFIX + message_id, offer_mail())
    retried = handler(event, None)

    assert failed["batchItemFailures"] == [{"itemIdentifier": event["Records"][0]["messageId"]}]
    assert retried == {"batchItemFailures": []}
    assert len(aws.sent()) == 1
    # The scheduled dispatcher finds nothing left to send.
    report = lambda_dispatcher.scheduled_handler({}, None)
    assert report["sent"] == 0


class _RequestLog:
    """ASGI middleware: the method, path and query string of every HTTP request the app gets."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.requests: list[tuple[str, str, str]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"").decode("latin-1")
            self.requests.append((scope["method"], scope["path"], query))
        await self.app(scope, receive, send)


@pytest.fixture
def counted_api(aws: Aws, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_RequestLog]:
    log = _RequestLog(
        build_api_app(f"sqlite:///{tmp_path / 'api.db'}", environ={"API_AUTH_TOKEN": TOKEN})
    )
    with ApiServer(log, token=TOKEN) as server:
        monkeypatch.setenv("API_BASE_URL", server.url)
        monkeypatch.setenv("API_AUTH_TOKEN", TOKEN)
        lambda_handler.reset()
        log.requests.clear()  # the server's warm-up request
        try:
            yield log
        finally:
            lambda_handler.reset()


def test_one_new_offer_costs_three_backend_requests(aws: Aws, counted_api: _RequestLog) -> None:
    # Begin the turn, commit it, mark its reply sent: nothing else reaches the backend, and no
    # address travels in a URL (access logs keep URLs).
    message_id = ses_id()
    aws.put(PREFIX + message_id, offer_mail())

    report = handler(ses_event(message_id), None)

    assert (report["processed"], report["replies_sent"]) == (1, 1)
    assert len(aws.sent()) == 1
    paths = [(method, path.rsplit("/", 2)[-2:]) for method, path, _ in counted_api.requests]
    assert [(m, p[-1]) for m, p in paths] == [
        ("POST", "begin"),
        ("POST", "turns"),
        ("POST", "sent"),
    ]
    assert not any("@" in path or "%40" in query for _, path, query in counted_api.requests)


def test_a_redelivered_offer_costs_one_backend_request(aws: Aws, counted_api: _RequestLog) -> None:
    message_id = ses_id()
    aws.put(PREFIX + message_id, offer_mail())
    handler(ses_event(message_id), None)
    counted_api.requests.clear()

    again = handler(ses_event(message_id), None)

    assert again["duplicates"] == 1
    assert [path.rsplit("/", 1)[-1] for _, path, _ in counted_api.requests] == ["begin"]
    assert len(aws.sent()) == 1


def test_a_screened_email_costs_two_backend_requests(aws: Aws, counted_api: _RequestLog) -> None:
    # An auto-reply: begin (which reads the blocklist) and commit; nothing to send.
    message_id = ses_id()
    aws.put(PREFIX + message_id, auto_reply_mail())

    report = handler(ses_event(message_id), None)

    assert report["processed"] == 1
    assert [path.rsplit("/", 1)[-1] for _, path, _ in counted_api.requests] == ["begin", "turns"]
    assert aws.sent() == []
