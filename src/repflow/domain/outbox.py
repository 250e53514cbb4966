"""A reply on its way out: its status and its row (what every layer passes around).

The outbox is the store's, but the row is plain data that the mail layer composes and the
pipeline, dispatcher and transports read, so it lives here, below them all
(:mod:`repflow.store.port` re-exports it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["LIVE_REPLY_STATUSES", "OutboxItem", "OutboxStatus"]


class OutboxStatus(StrEnum):
    """Where an outgoing reply stands."""

    PENDING = "pending"  # approved (or auto): the dispatcher sends it
    DRAFT = "draft"  # waits for the creator's approval
    SENT = "sent"
    DISCARDED = "discarded"
    FAILED = "failed"  # gave up after retries; visible to the creator


#: Outbox statuses of replies that went or may still go out (the rate limits count them).
LIVE_REPLY_STATUSES = frozenset({OutboxStatus.PENDING, OutboxStatus.DRAFT, OutboxStatus.SENT})


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A reply waiting to go out (or waiting for approval), keyed uniquely by its turn."""

    id: str
    key: str
    creator_id: str
    thread_id: str
    lead_id: str | None
    status: OutboxStatus
    from_address: str
    to_address: str
    subject: str
    text: str
    message_id: str
    in_reply_to: str | None
    references: tuple[str, ...]
    created_at: datetime
    attempts: int = 0
    sent_at: datetime | None = None
    provider_id: str | None = None
    last_error: str | None = None
    #: When the email this row answers reached us: the clock of the reply rate limits.
    #: ``created_at`` (the wall clock of the turn) stands in when it is None.
    turn_at: datetime | None = None

    @property
    def limit_time(self) -> datetime:
        """The time the reply rate limits count this row at."""
        return self.turn_at or self.created_at
