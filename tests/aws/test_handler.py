"""The ingest Lambda end to end over moto S3 and SES with the in-memory store."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from repflow.aws import dispatcher as lambda_dispatcher
from repflow.aws import handler as lambda_handler
from repflow.aws.handler import MessagesFailed, handler
from repflow.domain.profile import DEFAULT_CREATOR_ID
from repflow.exceptions import ConfigError
from repflow.pipeline.exceptions import RetryLater
from repflow.store.port import ClaimStatus, OutboxItem, OutboxStatus
from repflow.transport.exceptions import SendError
from repflow.transport.port import RecordingTransport

from .conftest import (
    BRAND_ADDRESS,
    BUCKET,
    CREATOR_ADDRESS,
    PREFIX,
    Aws,
    LockedStore,
    LogSink,
    auto_reply_mail,
    offer_mail,
    run,
    s3_event,
    ses_event,
    ses_id,
    sns_envelope,
    sqs_event,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "inbox"


def outbox_rows(store: LockedStore) -> list[OutboxItem]:
    rows: list[OutboxItem] = []
    for lead in run(store.list_leads()):
        rows.extend(run(store.load_thread(lead.creator_id, lead.thread_id)).outbox)
    return rows


def assert_untouched(store: LockedStore, key: str) -> None:
    """Nothing of message ``key`` was stored, and nobody holds its claim."""
    assert run(store.find_inbound(DEFAULT_CREATOR_ID, key)) is None
    assert run(store.list_leads()) == []
    assert run(store.pending_outbox()) == []


# -- the three event shapes --------------------------------------------------------------------


def test_ses_event_replies_once_threaded_to_the_sender(lam: Aws) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())

    summary = handler(ses_event(message_id), None)

    assert summary == {
        "records": 1,
        "processed": 1,
        "duplicates": 0,
        "replies_sent": 1,
        "failed": 0,
    }
    [reply] = lam.sent()
    assert reply["To"] == BRAND_ADDRESS
    assert CREATOR_ADDRESS in reply["From"]
    assert reply["In-Reply-To"] == "<lumen-001@lumenskincare.example>"
    assert "<lumen-001@lumenskincare.example>" in reply["References"]
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["Subject"] == "Re: Collaboration with Lumen Skincare"


def test_same_event_twice_sends_one_reply(lam: Aws, store: LockedStore) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())
    event = ses_event(message_id)

    first = handler(event, None)
    second = handler(event, None)

    assert (first["processed"], first["replies_sent"]) == (1, 1)
    assert (second["processed"], second["duplicates"], second["replies_sent"]) == (0, 1, 0)
    assert len(lam.sent()) == 1
    [row] = outbox_rows(store)
    assert row.status is OutboxStatus.SENT
    assert row.provider_id  # the SES MessageId


def test_s3_notification_and_ses_event_share_the_claim(lam: Aws) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())

    via_s3 = handler(s3_event(PREFIX + message_id), None)
    via_ses = handler(ses_event(message_id), None)

    assert via_s3["replies_sent"] == 1
    assert via_ses["duplicates"] == 1  # the key's SES id is the claim key of both paths
    assert len(lam.sent()) == 1


def test_s3_notification_key_is_url_decoded(lam: Aws) -> None:
    key = "manual uploads/offer (1).eml"
    lam.put(key, offer_mail())
    event = s3_event("manual+uploads/offer+%281%29.eml")

    assert handler(event, None)["replies_sent"] == 1


def test_sqs_batch_processes_every_record(lam: Aws) -> None:
    first, second = ses_id(), ses_id()
    lam.put(PREFIX + first, offer_mail("<a-1@lumenskincare.example>"))
    lam.put(
        PREFIX + second,
        offer_mail("<b-1@brand2.example>", sender="sam@brand2.example", subject="Partnership"),
    )

    response = handler(sqs_event(s3_event(PREFIX + first), s3_event(PREFIX + second)), None)

    assert response == {"batchItemFailures": []}
    assert sorted(m["To"] for m in lam.sent()) == [BRAND_ADDRESS, "sam@brand2.example"]


def test_sqs_sns_wrapped_notification(lam: Aws) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())

    response = handler(sqs_event(sns_envelope(s3_event(PREFIX + message_id))), None)

    assert response == {"batchItemFailures": []}
    assert len(lam.sent()) == 1


def test_sqs_s3_test_event_is_ignored(lam: Aws, store: LockedStore) -> None:
    from .conftest import load_event

    response = handler(load_event("sqs_s3_test_event.json"), None)

    assert response == {"batchItemFailures": []}
    assert lam.sent() == []
    assert run(store.list_leads()) == []


def test_recorded_fixture_events_are_accepted(lam: Aws, store: LockedStore) -> None:
    """The recorded samples as they are (bucket and key of the fixtures)."""
    from .conftest import load_event

    lam.s3.create_bucket(Bucket="repflow-mail-123456789012-us-east-1")
    lam.s3.put_object(
        Bucket="repflow-mail-123456789012-us-east-1",
        Key="inbound/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g81",
        Body=offer_mail(),
    )
    assert handler(load_event("sqs_s3_batch.json"), None) == {"batchItemFailures": []}
    assert handler(load_event("sqs_sns_s3.json"), None) == {"batchItemFailures": []}
    assert handler(load_event("s3_put.json"), None)["duplicates"] == 1
    assert len(lam.sent()) == 1


def test_auto_reply_through_sqs_gets_no_reply(
    lam: Aws, store: LockedStore, capsys: pytest.CaptureFixture[str]
) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, auto_reply_mail())

    response = handler(sqs_event(s3_event(PREFIX + message_id)), None)

    assert response == {"batchItemFailures": []}
    assert lam.sent() == []
    stored = run(store.find_inbound(DEFAULT_CREATOR_ID, message_id))
    assert stored is not None
    assert stored.screen_reason == "auto_reply"
    metrics = emf(capsys.readouterr().out)
    assert metrics["screened"] == 1
    assert metrics["screened_auto_reply"] == 1
    assert "replies_sent" not in metrics


def test_ses_spam_verdict_from_the_event_screens(lam: Aws, store: LockedStore) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())

    handler(ses_event(message_id, verdicts={"spam": "FAIL"}), None)

    assert lam.sent() == []
    stored = run(store.find_inbound(DEFAULT_CREATOR_ID, message_id))
    assert stored is not None
    assert stored.screen_reason == "spam"


def test_offer_that_commits_the_creator_is_drafted_not_sent(
    lam: Aws, store: LockedStore, capsys: pytest.CaptureFixture[str]
) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, (EXAMPLES / "01-complete-offer.eml").read_bytes())

    summary = handler(ses_event(message_id, recipients=("maya@repflow.example",)), None)

    assert (summary["processed"], summary["replies_sent"]) == (1, 0)
    assert lam.sent() == []
    [row] = outbox_rows(store)
    assert row.status is OutboxStatus.DRAFT
    metrics = emf(capsys.readouterr().out)
    assert metrics["replies_drafted"] == 1
    assert metrics["offers"] == 1


def test_bytes_that_are_not_mail_are_kept_and_not_answered(
    lam: Aws, store: LockedStore, capsys: pytest.CaptureFixture[str]
) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, b"")

    summary = handler(ses_event(message_id), None)

    assert (summary["processed"], summary["failed"]) == (1, 0)
    assert lam.sent() == []
    assert run(store.find_inbound(DEFAULT_CREATOR_ID, message_id)) is not None
    assert emf(capsys.readouterr().out)["malformed"] == 1


# -- failures and retries ----------------------------------------------------------------------


def test_missing_object_fails_the_sqs_record_then_redelivery_succeeds(
    lam: Aws, store: LockedStore
) -> None:
    message_id = ses_id()
    event = sqs_event(s3_event(PREFIX + message_id))
    record_id = event["Records"][0]["messageId"]

    response = handler(event, None)

    assert response == {"batchItemFailures": [{"itemIdentifier": record_id}]}
    assert lam.sent() == []
    assert_untouched(store, message_id)

    lam.put(PREFIX + message_id, offer_mail())
    assert handler(event, None) == {"batchItemFailures": []}
    assert len(lam.sent()) == 1


def test_missing_object_fails_an_ses_event_then_redelivery_succeeds(
    lam: Aws, store: LockedStore
) -> None:
    message_id = ses_id()
    event = ses_event(message_id)

    with pytest.raises(MessagesFailed) as failure:
        handler(event, None)

    assert isinstance(failure.value, RetryLater)
    assert "NoSuchKey" in str(failure.value)
    assert_untouched(store, message_id)
    assert lam.sent() == []

    lam.put(PREFIX + message_id, offer_mail())
    assert handler(event, None)["replies_sent"] == 1
    assert len(lam.sent()) == 1


def test_partial_batch_failure_names_only_the_missing_record(lam: Aws) -> None:
    present, missing = ses_id(), ses_id()
    lam.put(PREFIX + present, offer_mail())
    event = sqs_event(s3_event(PREFIX + present), s3_event(PREFIX + missing))
    missing_record = event["Records"][1]["messageId"]

    response = handler(event, None)

    assert response == {"batchItemFailures": [{"itemIdentifier": missing_record}]}
    assert len(lam.sent()) == 1


def test_unreadable_sqs_body_fails_its_record_only(lam: Aws) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())
    event = sqs_event("not json at all", s3_event(PREFIX + message_id))

    response = handler(event, None)

    assert response == {"batchItemFailures": [{"itemIdentifier": event["Records"][0]["messageId"]}]}
    assert len(lam.sent()) == 1


def test_claim_held_by_another_delivery_is_a_retryable_failure(
    lam: Aws, store: LockedStore
) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())
    now = datetime.now(UTC)
    assert run(store.claim(message_id, now=now, lease=timedelta(minutes=5))) is ClaimStatus.CLAIMED
    event = sqs_event(s3_event(PREFIX + message_id))

    response = handler(event, None)

    assert response["batchItemFailures"] == [{"itemIdentifier": event["Records"][0]["messageId"]}]
    assert lam.sent() == []


def test_five_concurrent_deliveries_send_one_reply(lam: Aws, store: LockedStore) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())
    event = ses_event(message_id)

    def deliver() -> str:
        try:
            summary = handler(event, None)
        except MessagesFailed:
            return "retry"  # the claim was held: Lambda would retry
        return "processed" if summary["processed"] else "duplicate"

    with ThreadPoolExecutor(max_workers=5) as pool:
        outcomes = list(pool.map(lambda _: deliver(), range(5)))

    assert outcomes.count("processed") == 1
    assert len(lam.sent()) == 1
    # The retries that follow are replays.
    assert handler(event, None)["duplicates"] == 1
    assert len(lam.sent()) == 1
    [row] = outbox_rows(store)
    assert row.status is OutboxStatus.SENT


@pytest.mark.parametrize("aws", [False], indirect=True)
def test_ses_rejection_leaves_the_reply_unsent_in_the_outbox(lam: Aws, store: LockedStore) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())

    summary = handler(ses_event(message_id), None)  # the message itself went through

    assert (summary["processed"], summary["replies_sent"], summary["failed"]) == (1, 0, 0)
    assert lam.sent() == []
    [row] = outbox_rows(store)
    assert row.status is OutboxStatus.FAILED  # MessageRejected: permanent, visible to the creator
    assert row.sent_at is None
    assert row.attempts == 1
    assert "MessageRejected" in (row.last_error or "")


def test_throttled_reply_stays_pending_and_the_scheduled_dispatcher_sends_it(
    lam: Aws, store: LockedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())
    throttled = RecordingTransport(fail_with=SendError("throttled", retryable=True))
    lambda_handler.configure(store=store, transport=throttled)  # type: ignore[arg-type]

    assert handler(ses_event(message_id), None)["replies_sent"] == 0
    [row] = run(store.pending_outbox())
    assert row.attempts == 1

    monkeypatch.setenv("DISPATCH_GRACE_SECONDS", "0")
    lambda_dispatcher.configure(store=store)  # type: ignore[arg-type]  # the real SES again
    report = lambda_dispatcher.scheduled_handler({"source": "aws.events"}, None)

    assert report == {"sent": 1, "failed": 0, "gave_up": 0, "waiting": 0}
    [reply] = lam.sent()
    assert reply["To"] == BRAND_ADDRESS
    assert run(store.pending_outbox()) == []


def test_scheduled_dispatcher_leaves_young_rows_to_the_ingest_function(
    lam: Aws, store: LockedStore
) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())
    lambda_handler.configure(
        store=store,  # type: ignore[arg-type]
        transport=RecordingTransport(fail_with=SendError("throttled", retryable=True)),
    )
    handler(ses_event(message_id), None)
    lambda_dispatcher.configure(store=store)  # type: ignore[arg-type]

    report = lambda_dispatcher.scheduled_handler({}, None)

    assert report == {"sent": 0, "failed": 0, "gave_up": 0, "waiting": 1}
    assert lam.sent() == []


def test_time_running_out_fails_the_record_before_it_starts(lam: Aws, store: LockedStore) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())
    event = sqs_event(s3_event(PREFIX + message_id))

    class AlmostOver:
        aws_request_id = "req-1"

        def get_remaining_time_in_millis(self) -> int:
            return 1_000

    response = handler(event, AlmostOver())

    assert response["batchItemFailures"] == [{"itemIdentifier": event["Records"][0]["messageId"]}]
    assert_untouched(store, message_id)


def test_unsupported_event_is_refused(lam: Aws) -> None:
    from repflow.aws.events import EventError

    with pytest.raises(EventError):
        handler({"source": "aws.events", "detail": {}}, None)


# -- settings ----------------------------------------------------------------------------------


def test_settings_error_names_the_missing_variables(
    aws_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("API_BASE_URL")
    monkeypatch.delenv("S3_BUCKET")
    lambda_handler.reset()
    try:
        with pytest.raises(ConfigError) as error:
            handler(ses_event(ses_id()), None)
    finally:
        lambda_handler.reset()

    assert "API_BASE_URL is not set" in str(error.value)
    assert "S3_BUCKET is not set" in str(error.value)


def test_token_can_come_from_secrets_manager(lam: Aws, monkeypatch: pytest.MonkeyPatch) -> None:
    from repflow.aws.runtime import get_runtime

    monkeypatch.delenv("API_AUTH_TOKEN")

    class Secrets:
        def get_secret_value(self, SecretId: str) -> dict[str, Any]:  # noqa: N803
            assert SecretId == "arn:aws:secretsmanager:us-east-1:123456789012:secret:tok"
            return {"SecretString": " from-the-secret \n"}

    monkeypatch.setenv(
        "API_AUTH_TOKEN_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:tok"
    )
    lambda_handler.configure(secrets_client=Secrets())
    runtime = get_runtime()

    assert runtime._token() == "from-the-secret"
    assert type(runtime.store).__name__ == "HttpStore"


# -- observability -----------------------------------------------------------------------------


def emf(stdout: str) -> dict[str, float]:
    """The metric values of the EMF objects printed on stdout."""
    values: dict[str, float] = {}
    for line in stdout.splitlines():
        if not line.startswith("{"):
            continue
        blob = json.loads(line)
        if "_aws" not in blob:
            continue
        [directive] = blob["_aws"]["CloudWatchMetrics"]
        assert directive["Namespace"] == "Repflow"
        for metric in directive["Metrics"]:
            value = blob[metric["Name"]]
            values[metric["Name"]] = sum(value) if isinstance(value, list) else value
    return values


def test_metrics_are_flushed_once_per_invocation(
    lam: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())

    handler(ses_event(message_id), None)
    first = emf(capsys.readouterr().out)
    handler(ses_event(message_id), None)
    second = emf(capsys.readouterr().out)

    assert first["processed"] == 1
    assert first["replies_sent"] == 1
    assert first["offers"] == 1
    assert "failures" not in first
    assert second == {"duplicates": 1}


def test_logs_mask_addresses_and_never_carry_bodies(lam: Aws, logs: LogSink) -> None:
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())

    handler(ses_event(message_id), None)

    text = logs.getvalue()
    assert BRAND_ADDRESS not in text
    assert CREATOR_ADDRESS not in text
    assert "winter hydration" not in text  # the body
    assert "Lumen Skincare" not in text  # nor the subject
    [processed] = [line for line in logs.lines() if line["message"] == "message processed"]
    assert processed["reply_to"] == "p***@lumenskincare.example"
    assert processed["service"] == "repflow"
    assert processed["thread_id"]
    assert processed["correlation_id"] == processed["thread_id"]
    assert processed["message_key"] == message_id
    assert processed["decision"] == "ask_info"
    # The keys of one record do not stick to later log lines.
    from repflow.aws.observability import get_logger

    get_logger().info("after the invocation")
    after = logs.lines()[-1]
    assert after["message"] == "after the invocation"
    assert not {"thread_id", "message_key", "correlation_id"} & set(after)


def test_debug_logs_show_full_addresses(
    lam: Aws, logs: LogSink, monkeypatch: pytest.MonkeyPatch, store: LockedStore
) -> None:
    monkeypatch.setenv("DEBUG", "true")
    lambda_handler.configure(store=store)  # type: ignore[arg-type]
    message_id = ses_id()
    lam.put(PREFIX + message_id, offer_mail())

    handler(ses_event(message_id), None)

    [processed] = [line for line in logs.lines() if line["message"] == "message processed"]
    assert processed["reply_to"] == BRAND_ADDRESS


def test_failures_are_logged_without_bodies(lam: Aws, logs: LogSink) -> None:
    message_id = ses_id()
    with pytest.raises(MessagesFailed):
        handler(ses_event(message_id), None)

    [line] = [line for line in logs.lines() if line["message"] == "message will be retried"]
    assert line["error"] == "ObjectUnavailable"
    assert line["message_key"] == message_id
    assert f"s3://{BUCKET}/{PREFIX}{message_id}" in line["detail"]


# -- cold start --------------------------------------------------------------------------------


def test_importing_the_handlers_loads_nothing_heavy() -> None:
    code = (
        "import json, sys\n"
        "import repflow.aws.handler, repflow.aws.dispatcher, repflow.aws.api_handler\n"
        "heavy = ['sqlalchemy', 'fastapi', 'pydantic_ai', 'dateparser', 'boto3', 'botocore',\n"
        "         'pydantic', 'httpx2', 'openai', 'babel', 'aws_lambda_powertools']\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert json.loads(out) == []
