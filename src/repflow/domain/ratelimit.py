"""Reply rate limits: loop and flood protection for the deal desk's automatic replies.

A brand's auto-responder, a mail loop or a flood of emails must not make the desk answer
without bound. The rule is a sliding window: at most ``per_window`` replies within ``window``
before ``now``. Pure functions and a plain dataclass; the pipeline supplies the reply times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["RateLimit", "reply_allowed"]


def reply_allowed(
    recent_reply_times: Sequence[datetime], now: datetime, *, per_window: int, window: timedelta
) -> bool:
    """Whether one more reply fits in the sliding window ending at ``now``.

    Args:
        recent_reply_times: When earlier replies were made (any order; older ones are ignored).
        now: The current time (same timezone awareness as the reply times).
        per_window: Replies allowed within ``window``; 0 or less allows none.
        window: The length of the sliding window.

    Returns:
        True when fewer than ``per_window`` replies fall in ``(now - window, now]``.
    """
    if per_window <= 0:
        return False
    since = now - window
    recent = sum(1 for at in recent_reply_times if since < at <= now)
    return recent < per_window


@dataclass(frozen=True, slots=True)
class RateLimit:
    """Reply limits per thread and per sender address (defaults: 3 and 5 per 24 hours)."""

    per_thread: int = 3
    per_sender: int = 5
    window: timedelta = timedelta(hours=24)

    def thread_allows(self, recent_reply_times: Sequence[datetime], now: datetime) -> bool:
        """Whether a thread with these recent replies may get one more."""
        return reply_allowed(
            recent_reply_times, now, per_window=self.per_thread, window=self.window
        )

    def sender_allows(self, recent_reply_times: Sequence[datetime], now: datetime) -> bool:
        """Whether a sender address with these recent replies may get one more."""
        return reply_allowed(
            recent_reply_times, now, per_window=self.per_sender, window=self.window
        )
