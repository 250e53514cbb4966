"""Structured logs and CloudWatch metrics of the Lambda functions (Powertools).

* :func:`get_logger` — the Powertools :class:`Logger` for service ``repflow``: JSON lines on
  stdout. Its logger *is* the ``repflow`` logger, so the pipeline's, the dispatcher's and the
  HTTP store's records (``repflow.*``) come out as the same JSON, with the keys appended per
  record (``thread_id``, ``message_key``).
* :func:`count` / :func:`flush_metrics` — EMF counters in namespace ``Repflow`` (dimension
  ``service``), printed once per invocation: ``processed``, ``duplicates``, ``screened`` and
  ``screened_<reason>``, ``offers``, ``replies_sent``, ``replies_drafted``, ``deals_created``,
  ``malformed``, ``send_failures``, ``failures``.
* :func:`mask_address` — what logs show of an address: ``j***@brand.com``, unless ``DEBUG``.

Logs never carry message bodies. Both objects are created on first use, not at import.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger, Metrics

__all__ = [
    "NAMESPACE",
    "SERVICE",
    "count",
    "flush_metrics",
    "get_logger",
    "log_keys",
    "mask_address",
]

SERVICE = "repflow"
NAMESPACE = "Repflow"

_lock = threading.Lock()
_logger: Logger | None = None
_metrics: Metrics | None = None


def get_logger(level: str | None = None) -> Logger:
    """The service's Powertools logger (created on first call).

    Args:
        level: A log level to apply (``LOG_LEVEL``); None keeps the current one.

    Returns:
        The logger.
    """
    global _logger
    with _lock:
        if _logger is None:
            from aws_lambda_powertools import Logger

            _logger = Logger(service=SERVICE, level=level or "INFO")
        elif level:
            _logger.setLevel(level)
        return _logger


@contextmanager
def log_keys(logger: Logger, **keys: Any) -> Iterator[None]:
    """Add ``keys`` to every log line inside the ``with`` block (then remove them).

    Args:
        logger: The Powertools logger.
        **keys: Keys and values; None values are left out.

    Yields:
        Nothing.
    """
    present = {name: value for name, value in keys.items() if value is not None}
    logger.append_keys(**present)
    try:
        yield
    finally:
        logger.remove_keys(list(present))


def _get_metrics() -> Metrics:
    global _metrics
    with _lock:
        if _metrics is None:
            from aws_lambda_powertools import Metrics

            _metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
        return _metrics


def count(name: str, value: int = 1) -> None:
    """Add ``value`` to the counter ``name`` of this invocation.

    Args:
        name: A metric name (letters, digits, underscores).
        value: How much to add (nothing happens for 0).
    """
    if value:
        from aws_lambda_powertools.metrics import MetricUnit

        _get_metrics().add_metric(name=name, unit=MetricUnit.Count, value=value)


def flush_metrics() -> None:
    """Print this invocation's metrics as one EMF object (nothing when there are none)."""
    metrics = _get_metrics()
    if metrics.metric_set:
        metrics.flush_metrics()
    # With POWERTOOLS_METRICS_DISABLED set, flushing prints nothing and keeps the values.
    metrics.clear_metrics()


def mask_address(address: str | None, *, debug: bool = False) -> str:
    """What a log line may show of an email address.

    Args:
        address: An address (``jane@brand.com``) or None.
        debug: Show it whole (``DEBUG=true``).

    Returns:
        ``j***@brand.com``; ``***`` for anything that is not an address; ``""`` for None.
    """
    if not address:
        return ""
    if debug:
        return address
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or not domain:
        return "***"
    return f"{local[0]}***@{domain}"
