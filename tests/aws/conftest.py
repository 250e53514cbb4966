"""Fixtures of the Lambda tests: moto-backed S3 and SES, recorded events, an in-memory store."""

from __future__ import annotations

import asyncio
import copy
import io
import json
import secrets
import string
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_string, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from repflow.aws import handler as lambda_handler
from repflow.store.memory import InMemoryStore

EVENTS = Path(__file__).resolve().parent.parent / "events"
REGION = "us-east-1"
BUCKET = "repflow-mail-test"
PREFIX = "inbound/"
CREATOR_ADDRESS = "maya@creator.example"
BRAND_ADDRESS = "priya@lumenskincare.example"
TOKEN = "test-token-" + "x" * 20


def load_event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


def ses_id() -> str:
    """A fresh SES-style message id (40 lower-case letters and digits)."""
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(40))


# -- events ------------------------------------------------------------------------------------


def ses_event(
    message_id: str,
    *,
    recipients: tuple[str, ...] = (CREATOR_ADDRESS,),
    verdicts: dict[str, str] | None = None,
) -> dict[str, Any]:
    event = load_event("ses_receipt.json")
    record = event["Records"][0]["ses"]
    record["mail"]["messageId"] = message_id
    record["receipt"]["recipients"] = list(recipients)
    for name, status in (verdicts or {}).items():
        record["receipt"][f"{name}Verdict"] = {"status": status}
    return event


def s3_event(key: str, *, bucket: str = BUCKET, event_name: str = "ObjectCreated:Put") -> dict:
    event = load_event("s3_put.json")
    record = event["Records"][0]
    record["eventName"] = event_name
    record["s3"]["bucket"]["name"] = bucket
    record["s3"]["bucket"]["arn"] = f"arn:aws:s3:::{bucket}"
    record["s3"]["object"]["key"] = key
    return event


def sqs_event(*bodies: dict[str, Any] | str) -> dict[str, Any]:
    """An SQS batch, one record per body (an S3 notification dict or a raw string)."""
    template = load_event("sqs_s3_batch.json")["Records"][0]
    records = []
    for index, body in enumerate(bodies):
        record = copy.deepcopy(template)
        record["messageId"] = f"msg-{index}-{secrets.token_hex(4)}"
        record["body"] = body if isinstance(body, str) else json.dumps(body)
        records.append(record)
    return {"Records": records}


def sns_envelope(message: dict[str, Any]) -> str:
    """An SQS body as SNS delivers it (not raw): the notification JSON inside ``Message``."""
    fixture = load_event("sqs_sns_s3.json")
    envelope = json.loads(fixture["Records"][0]["body"])
    envelope["Message"] = json.dumps(message)
    return json.dumps(envelope)


# -- mail --------------------------------------------------------------------------------------


def offer_mail(
    message_id: str = "<lumen-001@lumenskincare.example>",
    *,
    sender: str = BRAND_ADDRESS,
    to: str = CREATOR_ADDRESS,
    subject: str = "Collaboration with Lumen Skincare",
    headers: str = "",
) -> bytes:
    """A first offer without a budget: the default profile (assist) asks for it, auto."""
    return (
        f"From: Priya Shah <{sender}>\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Date: Tue, 17 Nov 2026 09:30:00 +0000\r\nMessage-ID: {message_id}\r\n{headers}"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Hello Maya!\r\n\r\nWe are Lumen Skincare, a clean-beauty brand from Austin. We'd love "
        "to partner with you on a paid, sponsored campaign for our winter hydration line: two "
        "Instagram Reels showing your morning routine with our serum.\r\n\r\nWould you be "
        "interested? Happy to share more details.\r\n\r\nWarmly,\r\nPriya Shah\r\n"
        "Influencer Marketing, Lumen Skincare\r\n"
    ).encode()


def auto_reply_mail(message_id: str = "<ooo-1@lumenskincare.example>") -> bytes:
    return (
        f"From: Priya Shah <{BRAND_ADDRESS}>\r\nTo: {CREATOR_ADDRESS}\r\n"
        "Subject: Automatic reply: Collaboration\r\nAuto-Submitted: auto-replied\r\n"
        f"Date: Tue, 17 Nov 2026 09:31:00 +0000\r\nMessage-ID: {message_id}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "I am out of the office until Monday.\r\n"
    ).encode()


# -- the store ---------------------------------------------------------------------------------


class LockedStore:
    """The in-memory store made safe for handler calls from several threads.

    Every InMemoryStore method runs without suspending, so holding a thread lock around each
    call makes it atomic across threads, like a transaction of the real backend.
    """

    def __init__(self, inner: InMemoryStore) -> None:
        self.inner = inner
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not asyncio.iscoroutinefunction(attr):
            return attr

        async def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return await attr(*args, **kwargs)

        return locked


def run(coro: Any) -> Any:
    """Run a store coroutine from a sync test (the in-memory store is loop-agnostic)."""
    return asyncio.run(coro)


# -- AWS ---------------------------------------------------------------------------------------


@dataclass
class Aws:
    """The mocked account: clients and what SES sent."""

    s3: Any
    sesv2: Any

    def put(self, key: str, data: bytes) -> None:
        self.s3.put_object(Bucket=BUCKET, Key=key, Body=data)

    def sent(self) -> list[EmailMessage]:
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.ses.models import ses_backends

        backend = ses_backends[DEFAULT_ACCOUNT_ID][REGION]
        return [
            message_from_string(m.raw_data, policy=policy.default)  # type: ignore[misc]
            for m in backend.sent_messages
        ]


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Lambda's environment, with fake credentials (moto answers every call)."""
    for name in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "DEBUG"):
        monkeypatch.delenv(name, raising=False)
    values = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "S3_BUCKET": BUCKET,
        "S3_PREFIX": PREFIX,
        "API_BASE_URL": "https://api.repflow.invalid",
        "API_AUTH_TOKEN": TOKEN,
        "POWERTOOLS_SERVICE_NAME": "repflow",
        "POWERTOOLS_METRICS_NAMESPACE": "Repflow",
        "LOG_LEVEL": "INFO",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def aws(aws_env: None, request: pytest.FixtureRequest) -> Iterator[Aws]:
    """moto S3 (the mail bucket) and SESv2 (``creator.example`` verified, unless the test
    parametrizes this fixture indirectly with False)."""
    verified = getattr(request, "param", True)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET)
        sesv2 = boto3.client("sesv2", region_name=REGION)
        if verified:
            sesv2.create_email_identity(EmailIdentity="creator.example")
        yield Aws(s3=s3, sesv2=sesv2)


@pytest.fixture
def store() -> LockedStore:
    return LockedStore(InMemoryStore())


@pytest.fixture
def lam(aws: Aws, store: LockedStore) -> Iterator[Aws]:
    """The ingest handler over moto AWS and the in-memory store (S3 client and SES transport
    are the real ones the cold start builds)."""
    lambda_handler.configure(store=store)  # type: ignore[arg-type]
    try:
        yield aws
    finally:
        lambda_handler.reset()


# -- logs --------------------------------------------------------------------------------------


class LogSink(io.StringIO):
    """Where the Powertools logger writes during the tests (read by the log tests)."""

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.getvalue().splitlines() if line.strip()]

    def clear(self) -> None:
        self.seek(0)
        self.truncate()


LOG_SINK = LogSink()


@pytest.fixture(scope="session", autouse=True)
def _powertools_logger() -> None:
    """Create the service logger once, writing to :data:`LOG_SINK` (a stable stream)."""
    from aws_lambda_powertools import Logger

    Logger(service="repflow", stream=LOG_SINK)


@pytest.fixture
def logs() -> LogSink:
    LOG_SINK.clear()
    return LOG_SINK
