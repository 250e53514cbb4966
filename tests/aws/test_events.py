"""Reading the recorded SES, S3 and SQS events into inbound references."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from repflow.aws.events import (
    SES_SETUP_NOTIFICATION,
    EventError,
    EventKind,
    InboundRef,
    event_kind,
    event_time,
    refs_from_s3,
    refs_from_ses,
    refs_from_sqs_body,
    ses_message_id_from_key,
)
from repflow.mail.screen import SesVerdicts

from .conftest import load_event, s3_event, sns_envelope

SAMPLE_ID = "o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g81"
SAMPLE_BUCKET = "repflow-mail-123456789012-us-east-1"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("ses_receipt.json", EventKind.SES),
        ("s3_put.json", EventKind.S3),
        ("sqs_s3_batch.json", EventKind.SQS),
        ("sqs_s3_test_event.json", EventKind.SQS),
        ("sqs_sns_s3.json", EventKind.SQS),
    ],
)
def test_event_kind_of_each_fixture(name: str, kind: EventKind) -> None:
    assert event_kind(load_event(name)) is kind


@pytest.mark.parametrize(
    "event",
    [{}, {"Records": []}, {"Records": ["x"]}, {"Records": [{"eventSource": "aws:kinesis"}]}, []],
)
def test_event_kind_refuses_other_events(event: object) -> None:
    with pytest.raises(EventError):
        event_kind(event)  # type: ignore[arg-type]


def test_ses_receipt_event() -> None:
    [ref] = refs_from_ses(load_event("ses_receipt.json"), bucket="mail", prefix="inbound/")

    assert ref == InboundRef(
        bucket="mail",
        key=f"inbound/{SAMPLE_ID}",
        ses_message_id=SAMPLE_ID,
        verdicts=SesVerdicts(spam="PASS", virus="PASS", spf="PASS", dkim="PASS", dmarc="PASS"),
        recipients=("maya@creator.example",),
        received_at=datetime(2026, 11, 17, 9, 30, 1, tzinfo=UTC),
    )
    assert ref.source == f"s3://mail/inbound/{SAMPLE_ID}"


def test_ses_receipt_failed_verdicts_and_policy() -> None:
    event = load_event("ses_receipt.json")
    receipt = event["Records"][0]["ses"]["receipt"]
    receipt["dmarcVerdict"] = {"status": "FAIL"}
    receipt["dmarcPolicy"] = "REJECT"
    del receipt["virusVerdict"]

    [ref] = refs_from_ses(event, bucket="mail", prefix="")

    assert ref.key == SAMPLE_ID
    assert ref.verdicts is not None
    assert (ref.verdicts.dmarc, ref.verdicts.dmarc_policy, ref.verdicts.virus) == (
        "FAIL",
        "reject",
        None,
    )


def test_ses_record_without_message_id_is_refused() -> None:
    event = load_event("ses_receipt.json")
    del event["Records"][0]["ses"]["mail"]["messageId"]
    with pytest.raises(EventError):
        refs_from_ses(event, bucket="mail", prefix="")


def test_s3_put_event() -> None:
    [ref] = refs_from_s3(load_event("s3_put.json"), prefix="inbound/")

    assert ref == InboundRef(
        bucket=SAMPLE_BUCKET,
        key=f"inbound/{SAMPLE_ID}",
        ses_message_id=SAMPLE_ID,
        received_at=datetime(2026, 11, 17, 9, 30, 2, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-17T09:30:01.000Z", datetime(2026, 11, 17, 9, 30, 1, tzinfo=UTC)),
        ("2026-11-17T10:30:01+01:00", datetime(2026, 11, 17, 9, 30, 1, tzinfo=UTC)),
        ("2026-11-17T09:30:01", datetime(2026, 11, 17, 9, 30, 1, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (1763371801, None),
        (None, None),
    ],
)
def test_event_time(value: object, expected: datetime | None) -> None:
    assert event_time(value) == expected


def test_s3_key_is_url_decoded_and_not_an_ses_id() -> None:
    [ref] = refs_from_s3(s3_event("inbound/hello+world%21.eml"), prefix="inbound/")

    assert ref.key == "inbound/hello world!.eml"
    assert ref.ses_message_id is None


@pytest.mark.parametrize(
    "key", [f"inbound/{SES_SETUP_NOTIFICATION}", SES_SETUP_NOTIFICATION, "inbound/", ""]
)
def test_s3_setup_notification_and_folders_are_skipped(key: str) -> None:
    assert refs_from_s3(s3_event(key), prefix="inbound/") == []


def test_s3_removal_events_are_skipped() -> None:
    event = s3_event(f"inbound/{SAMPLE_ID}", event_name="ObjectRemoved:Delete")
    assert refs_from_s3(event, prefix="inbound/") == []


@pytest.mark.parametrize(
    ("key", "prefix", "expected"),
    [
        (f"inbound/{SAMPLE_ID}", "inbound/", SAMPLE_ID),
        (SAMPLE_ID, "", SAMPLE_ID),
        (f"other/{SAMPLE_ID}", "inbound/", None),
        ("inbound/Not-An-Id.eml", "inbound/", None),
        ("inbound/short", "inbound/", None),
        (f"inbound/x/{SAMPLE_ID}", "inbound/", None),
    ],
)
def test_ses_message_id_from_key(key: str, prefix: str, expected: str | None) -> None:
    assert ses_message_id_from_key(key, prefix) == expected


def test_sqs_bodies_of_the_fixtures() -> None:
    batch = load_event("sqs_s3_batch.json")["Records"][0]["body"]
    wrapped = load_event("sqs_sns_s3.json")["Records"][0]["body"]
    test = load_event("sqs_s3_test_event.json")["Records"][0]["body"]

    stored_at = datetime(2026, 11, 17, 9, 30, 2, tzinfo=UTC)
    expected = [InboundRef(SAMPLE_BUCKET, f"inbound/{SAMPLE_ID}", SAMPLE_ID, received_at=stored_at)]
    assert refs_from_sqs_body(batch, prefix="inbound/") == expected
    assert refs_from_sqs_body(wrapped, prefix="inbound/") == expected
    assert refs_from_sqs_body(test, prefix="inbound/") == []


def test_sqs_body_with_an_ses_sns_notification() -> None:
    notification = {
        "notificationType": "Received",
        "mail": {
            "messageId": SAMPLE_ID,
            "destination": ["maya@creator.example"],
            "timestamp": "2026-11-17T09:30:01.000Z",
        },
        "receipt": {
            "recipients": ["maya@creator.example"],
            "spamVerdict": {"status": "FAIL"},
            "action": {
                "type": "S3",
                "bucketName": "mail",
                "objectKeyPrefix": "inbound/",
                "objectKey": f"inbound/{SAMPLE_ID}",
            },
        },
    }

    [ref] = refs_from_sqs_body(sns_envelope(notification), prefix="inbound/")

    assert (ref.bucket, ref.key, ref.ses_message_id) == ("mail", f"inbound/{SAMPLE_ID}", SAMPLE_ID)
    assert ref.verdicts is not None
    assert ref.verdicts.spam == "FAIL"
    assert ref.recipients == ("maya@creator.example",)
    assert ref.received_at == datetime(2026, 11, 17, 9, 30, 1, tzinfo=UTC)


def test_sqs_body_sns_confirmation_is_ignored() -> None:
    body = json.dumps({"Type": "SubscriptionConfirmation", "Message": "confirm"})
    assert refs_from_sqs_body(body, prefix="") == []


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        json.dumps({"hello": "world"}),
        json.dumps({"Type": "Notification", "Message": "not json"}),
        json.dumps({"notificationType": "Received", "receipt": {"action": {"type": "Lambda"}}}),
    ],
)
def test_sqs_unreadable_bodies_are_refused(body: str) -> None:
    with pytest.raises(EventError):
        refs_from_sqs_body(body, prefix="")
