"""The scheduled dispatcher Lambda: ``repflow.aws.dispatcher.scheduled_handler``.

An EventBridge schedule (every 5 minutes) runs it. It sends what the ingest function did not:
replies SES refused for a while (throttling, an outage), replies whose ingest run crashed
between commit and send, and drafts the creator approved in the dashboard. It works on the
outbox through the backend API (:class:`~repflow.store.http.HttpStore`) and sends through SES,
like the ingest function, and marks each row sent only after SES accepted it.

Rows younger than ``DISPATCH_GRACE_SECONDS`` (default 120) are left alone: the ingest function
that committed them is probably sending them right now, and two senders of one row would be
the one way to send a reply twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from repflow.aws.runtime import configure, get_runtime, reset, run

if TYPE_CHECKING:
    from repflow.aws.runtime import Runtime

__all__ = ["configure", "reset", "scheduled_handler"]

#: Rows per run at most; the next run takes the rest.
BATCH_LIMIT = 100


def scheduled_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Send the outbox's pending replies (older than the grace period).

    Args:
        event: The EventBridge scheduled event (not read).
        context: The Lambda context (None in tests).

    Returns:
        ``{"sent": n, "failed": n, "gave_up": n, "waiting": n}``: rows sent, rows that failed
        and will be retried, rows given up on (FAILED), young rows left for the next run.

    Raises:
        ConfigError: invalid settings.
    """
    from repflow.aws.observability import count, flush_metrics, log_keys

    runtime = get_runtime()
    try:
        with log_keys(runtime.logger, request_id=getattr(context, "aws_request_id", None)):
            report = run(dispatch_pending(runtime))
            count("replies_sent", report["sent"])
            count("send_failures", report["failed"] + report["gave_up"])
            runtime.logger.info("outbox dispatched", extra=report)
            return report
    finally:
        flush_metrics()


async def dispatch_pending(runtime: Runtime, *, now: datetime | None = None) -> dict[str, int]:
    """Send every PENDING row older than the grace period (up to :data:`BATCH_LIMIT`).

    Args:
        runtime: The container's runtime (store, transport).
        now: The current time (tests).

    Returns:
        Counts of rows sent, failed (retried later), given up, and left waiting.
    """
    dispatcher = runtime.dispatcher
    if now is not None:
        dispatcher = replace(dispatcher, clock=lambda: now)
    report = await dispatcher.run(
        limit=BATCH_LIMIT, older_than=timedelta(seconds=runtime.settings.dispatch_grace_seconds)
    )
    return {
        "sent": len(report.sent),
        "failed": len(report.failed) + len(report.errors),
        "gave_up": len(report.gave_up),
        "waiting": len(report.waiting),
    }
