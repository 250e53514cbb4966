"""Read the events that announce inbound mail into :class:`InboundRef` items.

Three shapes reach the ingest function (DESIGN.md §6):

* an **SES receipt event** (``Records[].eventSource == "aws:ses"``, the SES *Lambda action*):
  the raw message is in ``S3_BUCKET`` under ``S3_PREFIX + mail.messageId`` (an S3 action of
  the same receipt rule put it there); the event brings the receipt verdicts and the
  envelope recipients, which the stored MIME does not have in a reliable form;
* an **S3 notification** (``Records[].eventSource == "aws:s3"``): bucket and key (URL-decoded:
  S3 sends keys ``application/x-www-form-urlencoded``); the SES messageId is the key minus
  ``S3_PREFIX`` when it looks like one, so both paths claim the same message under the same
  key and a message delivered through both is processed once;
* an **SQS batch** (``Records[].eventSource == "aws:sqs"``) whose bodies are S3 notifications,
  raw or wrapped in an SNS envelope (an S3 → SNS → SQS fan-out, or an SES *SNS action* with
  ``notificationType: Received``). S3's ``s3:TestEvent`` (sent once when a notification is
  configured), SNS subscription confirmations and SES's ``AMAZON_SES_SETUP_NOTIFICATION``
  object are ignored.

The Powertools event source data classes (:class:`S3Event`, :class:`SESEvent`) do the field
access; everything here is pure (no I/O), so it is tested on recorded sample events.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes import S3Event, SESEvent

from repflow.exceptions import RepflowError
from repflow.mail.screen import SesVerdicts

__all__ = [
    "SES_SETUP_NOTIFICATION",
    "EventError",
    "EventKind",
    "InboundRef",
    "event_kind",
    "refs_from_s3",
    "refs_from_ses",
    "refs_from_sqs_body",
    "ses_message_id_from_key",
]

#: The object SES writes when an S3 action is set up (not a message).
SES_SETUP_NOTIFICATION = "AMAZON_SES_SETUP_NOTIFICATION"

#: SES inbound message ids: lower-case letters and digits (40 of them in practice).
_SES_ID = re.compile(r"[a-z0-9]{20,100}")


class EventError(RepflowError):
    """An event (or an SQS message body) this function cannot read; it is not retried away."""


class EventKind(StrEnum):
    """Which event source invoked the function."""

    SES = "aws:ses"
    S3 = "aws:s3"
    SQS = "aws:sqs"


@dataclass(frozen=True, slots=True)
class InboundRef:
    """Where one inbound message is stored, and what its delivery channel knows about it.

    Attributes:
        bucket: The S3 bucket holding the raw message.
        key: Its object key (decoded).
        ses_message_id: The SES messageId (the claim key), when known.
        verdicts: The SES receipt verdicts (only SES events carry them; otherwise the
            pipeline reads the ``X-SES-*`` headers SES wrote into the stored MIME).
        recipients: The envelope recipients (only SES events carry them).
        received_at: When SES received the message (``mail.timestamp``) or, for an S3
            notification, when the object was stored (``eventTime``): the turn time the
            reply rate limits count in.
    """

    bucket: str
    key: str
    ses_message_id: str | None = None
    verdicts: SesVerdicts | None = None
    recipients: tuple[str, ...] = ()
    received_at: datetime | None = None

    @property
    def source(self) -> str:
        """``s3://bucket/key``: the ``source`` of the pipeline's report."""
        return f"s3://{self.bucket}/{self.key}"


def event_kind(event: Mapping[str, Any]) -> EventKind:
    """Which of the three supported shapes ``event`` is.

    Args:
        event: The Lambda event.

    Returns:
        The kind, from the first record's event source.

    Raises:
        EventError: not an event with ``Records`` from SES, S3 or SQS.
    """
    records = event.get("Records") if isinstance(event, Mapping) else None
    if not isinstance(records, list) or not records or not isinstance(records[0], Mapping):
        raise EventError("unsupported event: no Records")
    source = str(records[0].get("eventSource") or records[0].get("EventSource") or "")
    try:
        return EventKind(source)
    except ValueError:
        raise EventError(f"unsupported event source {str(source)[:40]!r}") from None


def event_time(value: Any) -> datetime | None:
    """An event's ISO 8601 timestamp (``2026-11-25T10:00:00.000Z``) as an aware datetime.

    None for a missing or unreadable value: the pipeline then reads the ``Received`` header.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def ses_message_id_from_key(key: str, prefix: str) -> str | None:
    """The SES messageId an object key was written under, if it looks like one.

    Args:
        key: The decoded object key.
        prefix: ``S3_PREFIX``: SES writes to ``prefix + messageId``.

    Returns:
        The id, or None when the key is outside the prefix or its rest is not an SES id.
    """
    if not key.startswith(prefix):
        return None
    rest = key[len(prefix) :]
    return rest if _SES_ID.fullmatch(rest) else None


def _ignored_key(key: str) -> bool:
    return not key or key.endswith("/") or key.rsplit("/", 1)[-1] == SES_SETUP_NOTIFICATION


def refs_from_ses(event: Mapping[str, Any], *, bucket: str, prefix: str) -> list[InboundRef]:
    """Read an SES receipt event (the SES Lambda action).

    Args:
        event: ``{"Records": [{"eventSource": "aws:ses", "ses": {...}}]}``.
        bucket: ``S3_BUCKET``, where the rule's S3 action stored the message.
        prefix: ``S3_PREFIX``, the S3 action's object key prefix.

    Returns:
        One reference per record.

    Raises:
        EventError: a record without a messageId.
    """
    refs = []
    for record in SESEvent(dict(event)).records:
        if record.event_source != EventKind.SES.value:
            raise EventError(f"mixed event: {str(record.event_source)[:40]!r} in an SES event")
        mail = record.ses.mail
        receipt = record.ses.receipt
        message_id = mail.get("messageId")
        if not isinstance(message_id, str) or not message_id:
            raise EventError("SES record without mail.messageId")
        refs.append(
            InboundRef(
                bucket=bucket,
                key=prefix + message_id,
                ses_message_id=message_id,
                verdicts=SesVerdicts.from_receipt(receipt.raw_event),
                recipients=tuple(str(r) for r in receipt.get("recipients") or ()),
                received_at=event_time(mail.get("timestamp")),
            )
        )
    return refs


def refs_from_s3(event: Mapping[str, Any], *, prefix: str) -> list[InboundRef]:
    """Read an S3 event notification.

    Only ``ObjectCreated:*`` records count; folder markers and SES's setup notification object
    are skipped.

    Args:
        event: ``{"Records": [{"eventSource": "aws:s3", "s3": {...}}]}``.
        prefix: ``S3_PREFIX``, to recognise the SES messageId in the key.

    Returns:
        One reference per new object.

    Raises:
        EventError: a record without bucket or key.
    """
    refs = []
    for record in S3Event(dict(event)).records:
        if record.get("eventSource") != EventKind.S3.value:
            raise EventError("mixed event: a non-S3 record in an S3 notification")
        if not str(record.get("eventName") or "").startswith("ObjectCreated:"):
            continue
        try:
            bucket = record.s3.bucket.name
            key = unquote_plus(record.s3.get_object.key)
        except (KeyError, TypeError) as exc:
            raise EventError(f"S3 record without bucket or key: {exc}") from exc
        if _ignored_key(key):
            continue
        refs.append(
            InboundRef(
                bucket=bucket,
                key=key,
                ses_message_id=ses_message_id_from_key(key, prefix),
                received_at=event_time(record.get("eventTime")),
            )
        )
    return refs


def _refs_from_ses_notification(message: Mapping[str, Any], prefix: str) -> list[InboundRef]:
    """An SES SNS-action notification whose receipt action stored the message in S3."""
    mail = message.get("mail") or {}
    receipt = message.get("receipt") or {}
    action = receipt.get("action") or {}
    if action.get("type") != "S3" or not action.get("bucketName") or not action.get("objectKey"):
        raise EventError("SES notification without an S3 action (the message is not stored)")
    message_id = mail.get("messageId") if isinstance(mail.get("messageId"), str) else None
    key = str(action["objectKey"])
    return [
        InboundRef(
            bucket=str(action["bucketName"]),
            key=key,
            ses_message_id=message_id or ses_message_id_from_key(key, prefix),
            verdicts=SesVerdicts.from_receipt(receipt),
            recipients=tuple(str(r) for r in receipt.get("recipients") or ()),
            received_at=event_time(mail.get("timestamp")),
        )
    ]


def _refs_from_message(message: Any, prefix: str, *, depth: int = 0) -> list[InboundRef]:
    if not isinstance(message, Mapping):
        raise EventError("message body is not a JSON object")
    if message.get("Event") == "s3:TestEvent":
        return []
    kind = message.get("Type")
    if kind in {"SubscriptionConfirmation", "UnsubscribeConfirmation"}:
        return []
    if kind == "Notification" and isinstance(message.get("Message"), str) and depth == 0:
        return _refs_from_message(_json(message["Message"]), prefix, depth=1)
    if message.get("notificationType") == "Received":
        return _refs_from_ses_notification(message, prefix)
    if isinstance(message.get("Records"), list):
        return refs_from_s3(message, prefix=prefix) if message["Records"] else []
    raise EventError("message body is neither an S3 nor an SES notification")


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError) as exc:
        raise EventError(f"message body is not JSON: {exc}") from exc


def refs_from_sqs_body(body: str, *, prefix: str) -> list[InboundRef]:
    """Read one SQS message body: an S3 notification, raw or in an SNS envelope.

    Args:
        body: The SQS record's ``body``.
        prefix: ``S3_PREFIX``.

    Returns:
        The references it announces (none for ``s3:TestEvent`` and SNS confirmations).

    Raises:
        EventError: the body is not JSON or not a notification this function reads.
    """
    return _refs_from_message(_json(body), prefix)
