"""The ingest Lambda: ``repflow.aws.handler.handler(event, context)`` (DESIGN.md §6).

It accepts the three ways SES-received mail is announced (see :mod:`repflow.aws.events`): SES
receipt events (the SES Lambda action), S3 notifications, and SQS batches of S3
notifications. For every message:

1. **read** the raw MIME from S3 (``get_object`` in a worker thread). A missing object (the
   notification outran the write: ``NoSuchKey``/404, or 403 without ``s3:ListBucket``) or any
   S3 error is a retryable failure raised *before* any side effect: nothing is claimed, stored
   or sent;
2. **process** it: ``Pipeline.process(raw, Delivery(source, ses_message_id, verdicts,
   recipients))`` — the SES verdicts and envelope recipients of an SES event feed screening and
   creator lookup; headers come from the stored MIME (the event's are cut at 10 KB). A claim
   held by a concurrent delivery raises :class:`~repflow.pipeline.exceptions.RetryLater`: a
   retryable failure of that message;
3. **send** the reply of that turn, if the creator's policy lets it go out: only the outbox row
   this turn committed (never other rows, which the scheduled dispatcher owns), through SES,
   marked sent after SES accepted it. A refused send leaves the row in the outbox (pending, or
   failed when SES said never) and does not fail the message: the turn is committed, so a
   redelivery could not send it anyway.

Failures: an SQS batch answers ``{"batchItemFailures": [...]}`` naming the failed records
(Powertools :class:`BatchProcessor`), after processing all of them; SES and S3 events process
every record, then raise when one failed, so that Lambda's asynchronous retry runs (the
records that went through are replays then: no side effects). Other events return a summary.

Records of one batch run one after the other on one event loop: two messages of one thread in
one batch are then seen in order, and a slow LLM call is bounded by the function's timeout
(a record is not started with less than :data:`MIN_REMAINING_MS` left).

Cold start: importing this module loads nothing heavy (no boto3, pydantic, SQLAlchemy, FastAPI
or engine); the settings, S3 client, store, engine and pipeline are built by the first
invocation (:mod:`repflow.aws.runtime`). Tests inject parts with :func:`configure` /
:func:`reset`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from repflow.aws.runtime import configure, get_runtime, reset, run
from repflow.pipeline.exceptions import RetryLater

if TYPE_CHECKING:
    from repflow.aws.events import EventKind, InboundRef
    from repflow.aws.runtime import Runtime
    from repflow.pipeline.result import ProcessResult

__all__ = [
    "MIN_REMAINING_MS",
    "MessagesFailed",
    "ObjectUnavailable",
    "configure",
    "handler",
    "read_object",
    "reset",
]

#: A record is not started with less time than this left (it is retried instead).
MIN_REMAINING_MS = 15_000
#: Model calls must end this long before the invocation does (time to commit and send).
LLM_MARGIN_MS = 10_000


class ObjectUnavailable(RetryLater):
    """The raw message cannot be read from S3 (yet): retry; nothing happened."""


class MessagesFailed(RetryLater):
    """Some messages of an SES or S3 event failed: Lambda retries the event (replays are no-ops).

    Attributes:
        failed: How many records failed.
    """

    def __init__(self, message: str, *, failed: int) -> None:
        super().__init__(message)
        self.failed = failed


@dataclass
class _Tally:
    """What one invocation did (the summary of SES/S3 events)."""

    records: int = 0
    processed: int = 0
    duplicates: int = 0
    replies_sent: int = 0
    failed: int = 0
    errors: list[BaseException] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """The counts returned for SES and S3 events."""
        return {
            "records": self.records,
            "processed": self.processed,
            "duplicates": self.duplicates,
            "replies_sent": self.replies_sent,
            "failed": self.failed,
        }


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The ingest function's entry point.

    Args:
        event: An SES receipt event, an S3 notification or an SQS batch.
        context: The Lambda context (None in tests).

    Returns:
        ``{"batchItemFailures": [...]}`` for SQS; a summary of counts otherwise.

    Raises:
        ConfigError: invalid settings (the message names the environment variables).
        EventError: not an event this function reads.
        MessagesFailed: an SES or S3 record failed and should be retried.
    """
    from repflow.aws.events import EventKind, event_kind
    from repflow.aws.observability import flush_metrics, log_keys

    runtime = get_runtime()
    logger = runtime.logger
    request_id = getattr(context, "aws_request_id", None)
    try:
        with log_keys(logger, request_id=request_id):
            kind = event_kind(event)
            if kind is EventKind.SQS:
                return _handle_sqs(runtime, event, context)
            return _handle_direct(runtime, event, kind, context)
    finally:
        flush_metrics()


def _handle_direct(
    runtime: Runtime, event: dict[str, Any], kind: EventKind, context: Any
) -> dict[str, Any]:
    from repflow.aws.events import EventKind, refs_from_s3, refs_from_ses

    settings = runtime.settings
    if kind is EventKind.SES:
        refs = refs_from_ses(event, bucket=settings.s3_bucket, prefix=settings.s3_prefix)
    else:
        refs = refs_from_s3(event, prefix=settings.s3_prefix)
    tally = run(_process_refs(runtime, refs, context, stop_on_error=False))
    if tally.failed:
        first = tally.errors[0]
        raise MessagesFailed(
            f"{tally.failed} of {tally.records} messages failed and will be retried; first: "
            f"{type(first).__name__}: {_short(first)}",
            failed=tally.failed,
        ) from first
    return tally.summary()


def _handle_sqs(runtime: Runtime, event: dict[str, Any], context: Any) -> dict[str, Any]:
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        process_partial_response,
    )
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    from repflow.aws.events import refs_from_sqs_body
    from repflow.aws.observability import log_keys

    prefix = runtime.settings.s3_prefix
    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)

    def record_handler(record: SQSRecord) -> dict[str, int]:
        with log_keys(runtime.logger, sqs_message_id=record.message_id):
            _check_time(context)
            refs = refs_from_sqs_body(record.body, prefix=prefix)
            tally = run(_process_refs(runtime, refs, context, stop_on_error=True))
            if tally.errors:
                raise tally.errors[0]
            return tally.summary()

    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    failures = [item["itemIdentifier"] for item in response.get("batchItemFailures", [])]
    if failures:
        runtime.logger.warning(
            "batch items failed", extra={"failed": len(failures), "records": len(event["Records"])}
        )
    return dict(response)


def _deadline(context: Any) -> float | None:
    """A ``time.monotonic()`` deadline for model calls: the time left minus a safety margin."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if not callable(remaining):
        return None
    left_ms = float(remaining())
    return time.monotonic() + max(left_ms - LLM_MARGIN_MS, 0.0) / 1000


def _check_time(context: Any) -> None:
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if callable(remaining) and remaining() < MIN_REMAINING_MS:
        raise RetryLater("too little time left in this invocation; retry the message")


async def _process_refs(
    runtime: Runtime, refs: list[InboundRef], context: Any, *, stop_on_error: bool
) -> _Tally:
    from repflow.aws.observability import count
    from repflow.engine.llm.engine import llm_deadline

    tally = _Tally(records=len(refs))
    for ref in refs:
        try:
            _check_time(context)
            # Model calls must end well before Lambda stops the invocation mid-turn.
            with llm_deadline(_deadline(context)):
                await _process_ref(runtime, ref, tally)
        except Exception as exc:
            tally.failed += 1
            tally.errors.append(exc)
            count("failures")
            _log_failure(runtime, ref, exc)
            if stop_on_error:
                break
    return tally


def _log_failure(runtime: Runtime, ref: InboundRef, exc: BaseException) -> None:
    """Log one record's failure: masked, one line, no traceback text unless ``DEBUG``.

    Exception messages and tracebacks can quote the mail (a driver error, a value in a
    ``ValueError``); without debug the line carries the masked first line and where it
    happened (file, line and function of the innermost frames, and the causes' types).
    """
    from repflow.pipeline.result import error_text, error_trace

    debug = runtime.settings.debug
    extra: dict[str, Any] = {
        "message_key": ref.ses_message_id or ref.key,
        "error": type(exc).__name__,
        "detail": error_text(exc, debug=debug),
    }
    if isinstance(exc, RetryLater):
        runtime.logger.warning("message will be retried", extra=extra)
    elif debug:
        runtime.logger.exception("message failed", extra=extra)
    else:
        runtime.logger.error("message failed", extra={**extra, "trace": error_trace(exc)})


def _short(exc: BaseException, limit: int = 300) -> str:
    """The first line of an exception's message, addresses masked, cut at ``limit``."""
    from repflow.pipeline.result import mask_addresses

    lines = str(exc).strip().splitlines()
    return mask_addresses(lines[0] if lines else "")[:limit]


async def _process_ref(runtime: Runtime, ref: InboundRef, tally: _Tally) -> None:
    from repflow.aws.observability import log_keys
    from repflow.pipeline.delivery import Delivery

    logger = runtime.logger
    with log_keys(logger, message_key=ref.ses_message_id or ref.key):
        raw = await read_object(runtime.s3, ref.bucket, ref.key)
        delivery = Delivery(
            source=ref.source,
            ses_message_id=ref.ses_message_id,
            verdicts=ref.verdicts,
            recipients=ref.recipients,
            received_at=ref.received_at,
        )
        result = await runtime.pipeline.process(raw, delivery)
        with log_keys(logger, thread_id=result.thread_id, correlation_id=result.thread_id):
            sent = await _send_reply(runtime, result)
            _account(runtime, result, sent, tally)


def _account(runtime: Runtime, result: ProcessResult, sent: int, tally: _Tally) -> None:
    from repflow.aws.observability import count, mask_address

    debug = runtime.settings.debug
    if result.duplicate:
        tally.duplicates += 1
        count("duplicates")
    else:
        tally.processed += 1
        count("processed")
    if result.screened and not result.duplicate:
        count("screened")
        count(f"screened_{result.screened}")
    if result.is_sponsorship_offer and not result.duplicate:
        count("offers")
    if result.error and not result.duplicate:
        count("malformed")
    count("deals_created", int(result.deal_created))
    tally.replies_sent += sent
    runtime.logger.info(
        "message processed",
        extra={
            "duplicate": result.duplicate,
            "screened": result.screened,
            "category": result.category,
            "decision": result.decision,
            "lead_state": result.lead_state,
            "flags": result.flags,
            "error": result.error,
            "reply_mode": result.reply.mode if result.reply else None,
            "reply_to": mask_address(result.reply.to if result.reply else None, debug=debug),
            "replies_sent": sent,
            "llm_calls": result.llm_calls,
            "llm_error": result.llm_error,
        },
    )


async def _send_reply(runtime: Runtime, result: ProcessResult) -> int:
    """Send the reply row this turn committed, if it may go out now; 1 when SES accepted it.

    Only this turn's own row (never other rows, which the scheduled dispatcher owns), with the
    creator the turn already read: one request to the backend, to mark it sent.
    """
    from repflow.aws.observability import count
    from repflow.store.port import OutboxStatus
    from repflow.transport.exceptions import SendError

    item = result.outbox
    if item is None:
        return 0
    if item.status is OutboxStatus.DRAFT:
        count("replies_drafted")
        return 0
    if item.status is not OutboxStatus.PENDING:
        return 0
    try:
        await runtime.dispatcher.send(item, creator=result.creator)
    except SendError as exc:
        count("send_failures")
        runtime.logger.warning(
            "reply not sent; it stays in the outbox",
            extra={"retryable": exc.retryable, "error": _short(exc)},
        )
        return 0
    except Exception as exc:  # the store is down, say: the scheduled dispatcher retries
        count("send_failures")
        runtime.logger.warning(
            "reply not sent; it stays in the outbox",
            extra={"error": f"{type(exc).__name__}: {_short(exc)}"},
        )
        return 0
    count("replies_sent")
    return 1


async def read_object(s3: Any, bucket: str, key: str) -> bytes:
    """The bytes of ``s3://bucket/key``, read in a worker thread.

    Args:
        s3: A boto3 S3 client.
        bucket: The bucket.
        key: The object key.

    Returns:
        The object's content.

    Raises:
        ObjectUnavailable: it does not exist (yet), access is denied, or S3 failed.
    """

    def get() -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response = s3.get_object(Bucket=bucket, Key=key)
            return bytes(response["Body"].read())
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = error.get("Code") or exc.response.get("ResponseMetadata", {}).get(
                "HTTPStatusCode"
            )
            raise ObjectUnavailable(f"cannot read s3://{bucket}/{key} ({code})") from exc
        except BotoCoreError as exc:
            raise ObjectUnavailable(
                f"cannot read s3://{bucket}/{key} ({type(exc).__name__})"
            ) from exc

    return await asyncio.to_thread(get)
