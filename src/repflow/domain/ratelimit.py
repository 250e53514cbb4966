"""Reply rate limits: loop and flood protection for the deal desk's automatic replies.

A brand's auto-responder, a mail loop or a flood of emails must not make the desk answer
without bound. Three rules, each over the replies (drafts included) already made to the same
thread and to the same address, on any thread:

* **a gap** — no reply within ``min_gap`` of another one to that thread or address. Fifty emails
  in a minute get one answer; two auto-responders facing each other stop after one exchange,
  because a machine answers within seconds and a person rarely within minutes;
* **a window** — at most ``per_thread`` replies per thread and ``per_sender`` per address within
  ``window`` of this one (a slow loop, or a brand opening thread after thread).

Times are *turn times*: when each answered email reached us (see
:func:`repflow.pipeline.process.arrival_time`), so mail replayed from an archive is limited by
when it arrived, not by how fast it is replayed. Windows count both ways, because an at-least-once
queue may deliver a later email before an earlier one. Pure functions and a plain dataclass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

__all__ = ["LimitReason", "RateLimit", "reply_allowed", "within"]


class LimitReason(StrEnum):
    """Which rule held a reply back (the pipeline reports it to the creator)."""

    THREAD_GAP = "thread_gap"
    SENDER_GAP = "sender_gap"
    THREAD_WINDOW = "thread_window"
    SENDER_WINDOW = "sender_window"


def within(reply_times: Sequence[datetime], at: datetime, span: timedelta) -> int:
    """How many of ``reply_times`` lie less than ``span`` away from ``at``, either way."""
    return sum(1 for time in reply_times if abs(time - at) < span)


def reply_allowed(
    recent_reply_times: Sequence[datetime], now: datetime, *, per_window: int, window: timedelta
) -> bool:
    """Whether one more reply at ``now`` fits the window.

    Args:
        recent_reply_times: When earlier replies were made (any order).
        now: The turn time of the reply asked for (same timezone awareness as the others).
        per_window: Replies allowed within ``window``; 0 or less allows none.
        window: How far apart, either way, two replies must be to not count together.

    Returns:
        True when fewer than ``per_window`` replies lie less than ``window`` away from ``now``.
    """
    if per_window <= 0:
        return False
    return within(recent_reply_times, now, window) < per_window


@dataclass(frozen=True, slots=True)
class RateLimit:
    """Reply limits per thread and per address (defaults: 2 minutes apart; 3 and 5 per day)."""

    per_thread: int = 3
    per_sender: int = 5
    window: timedelta = timedelta(hours=24)
    min_gap: timedelta = timedelta(minutes=2)

    def thread_allows(self, recent_reply_times: Sequence[datetime], now: datetime) -> bool:
        """Whether a thread with these replies may get one more within the window."""
        return reply_allowed(
            recent_reply_times, now, per_window=self.per_thread, window=self.window
        )

    def sender_allows(self, recent_reply_times: Sequence[datetime], now: datetime) -> bool:
        """Whether an address with these replies may get one more within the window."""
        return reply_allowed(
            recent_reply_times, now, per_window=self.per_sender, window=self.window
        )

    def check(
        self,
        at: datetime,
        *,
        thread_replies: Sequence[datetime],
        sender_replies: Sequence[datetime],
    ) -> LimitReason | None:
        """Why one more reply at ``at`` is not allowed, or None when it is.

        Args:
            at: The turn time of the reply asked for.
            thread_replies: Turn times of the thread's replies so far.
            sender_replies: Turn times of the replies to the same address, on any thread.

        Returns:
            The first rule that holds the reply back, gaps before windows.
        """
        if within(thread_replies, at, self.min_gap):
            return LimitReason.THREAD_GAP
        if within(sender_replies, at, self.min_gap):
            return LimitReason.SENDER_GAP
        if not self.thread_allows(thread_replies, at):
            return LimitReason.THREAD_WINDOW
        if not self.sender_allows(sender_replies, at):
            return LimitReason.SENDER_WINDOW
        return None
