"""The ingest Lambda against the real backend API: uvicorn on loopback over SQLite, HttpStore.

Nothing is injected but AWS (moto): the cold start builds the HttpStore from ``API_BASE_URL``
and ``API_AUTH_TOKEN``, the S3 client and the SES transport, as in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from repflow.api.serve import build_app
from repflow.aws import dispatcher as lambda_dispatcher
from repflow.aws import handler as lambda_handler
from repflow.aws.handler import handler
from repflow.aws.runtime import get_runtime
from tests.api.server import ApiServer

from .conftest import BRAND_ADDRESS, PREFIX, Aws, offer_mail, s3_event, ses_event, ses_id, sqs_event

TOKEN = "e2e-token-" + "z" * 24


@pytest.fixture
def api_url(aws: Aws, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    app = build_app(f"sqlite:///{tmp_path / 'api.db'}", environ={"API_AUTH_TOKEN": TOKEN})
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

    assert type(get_runtime().store.__dict__["_inner"]).__name__ == "HttpStore"
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
