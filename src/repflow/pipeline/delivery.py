"""What an email is known by, and when it arrived: its claim key and its turn time.

The delivery channel (:class:`Delivery`: SES's message id, verdicts, recipients and receipt
time) and the email itself decide both; nothing here reads a store.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from repflow.mail.models import InboundEmail
from repflow.mail.parse import parse_date
from repflow.mail.screen import SesVerdicts

__all__ = ["Delivery", "arrival_time", "claim_key", "content_digest", "trusted_received_date"]


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the delivery channel knows beyond the bytes (SES adds id, verdicts, recipients)."""

    source: str = ""
    ses_message_id: str | None = None
    verdicts: SesVerdicts | None = None
    recipients: tuple[str, ...] = ()
    #: When the channel received the message (SES's receipt timestamp): the turn time.
    received_at: datetime | None = None


def content_digest(email: InboundEmail) -> str:
    """SHA-256 (hex) of what an email says, not of how it travelled.

    Covers the addresses (From, Reply-To, To, Cc), the Date, the Subject, the decoded text and
    HTML bodies (line endings normalised), the attachments' names, types and sizes, and
    attached messages likewise; not the transport headers (``Received``, ``Return-Path``,
    ``DKIM-Signature``, ``X-*``...) nor the transfer encoding. A redelivery of one email gives
    the same digest; a different email reusing its Message-ID does not.
    """
    parts: list[str] = [
        email.from_.address if email.from_ else "",
        ",".join(a.address for a in email.reply_to),
        ",".join(a.address for a in email.to),
        ",".join(a.address for a in email.cc),
        email.date.isoformat() if email.date else "",
        email.subject,
        email.text.replace("\r\n", "\n"),
        (email.html or "").replace("\r\n", "\n"),
        *(f"{a.filename or ''}|{a.content_type}|{a.size}|{a.inline}" for a in email.attachments),
        *(content_digest(attached) for attached in email.attached_messages),
    ]
    material = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(material).hexdigest()


def claim_key(email: InboundEmail, delivery: Delivery | None = None) -> str:
    """The idempotency key an email is claimed under (DESIGN.md §5).

    * SES's message id when there is one: one per receipt, and a redelivery of the stored S3
      object carries the same id;
    * else the Message-ID plus 16 hex digits of :func:`content_digest`
      (``<id@host>#0123456789abcdef``), so that a different email reusing a Message-ID (a
      spoof, a broken mailer) is processed instead of being dropped as a duplicate, while a
      redelivery with other ``Received`` headers is still one;
    * else ``content:`` + the whole digest.

    The outbox key of the turn's reply is derived from it (``reply:<claim key>``).
    """
    if delivery is not None and delivery.ses_message_id:
        return delivery.ses_message_id
    digest = content_digest(email)
    if email.message_id:
        return f"{email.message_id}#{digest[:16]}"
    return f"content:{digest}"


def _short_key(key: str) -> str:
    """A claim key for a log line or an error: a hostile Message-ID may be 100 KB long."""
    return repr(key if len(key) <= 120 else f"{key[:60]}...{key[-40:]}")


def arrival_time(
    email: InboundEmail,
    delivery: Delivery | None,
    now: datetime,
    *,
    trusted_receivers: Sequence[str] = (),
) -> datetime:
    """When ``email`` reached us: the turn time its reply is rate-limited at.

    Only a receipt time the sender cannot write counts: the delivery channel's (SES's receipt
    timestamp, an IMAP server's arrival date), else the date stamp of the topmost ``Received``
    header when our own receiving server wrote it (:func:`trusted_received_date`). Otherwise the
    turn time is ``now``, when Repflow first saw the message: a ``Date`` header is the sender's
    word, and one forged far in the past must not open a new rate-limit window. Never later than
    ``now``: a skewed clock or a date in the future cannot escape the limits either.
    """
    for candidate in (
        delivery.received_at if delivery is not None else None,
        trusted_received_date(email, trusted_receivers),
    ):
        if candidate is not None:
            aware = candidate if candidate.tzinfo else candidate.replace(tzinfo=UTC)
            return min(aware, now)
    return now


#: Receiving servers whose ``Received`` stamp is trusted without configuration: SES's inbound
#: MTAs (``inbound-smtp.<region>.amazonaws.com``), which add the topmost header of SES mail.
_SES_INBOUND = re.compile(r"^inbound-smtp\.[a-z0-9-]{1,30}\.amazonaws\.com$")
_RECEIVED_BY = re.compile(r"\bby\s{1,10}([A-Za-z0-9.-]{1,253})", re.IGNORECASE)


def trusted_received_date(
    email: InboundEmail, trusted_receivers: Sequence[str] = ()
) -> datetime | None:
    """The date stamp of the topmost ``Received`` header, when our own server wrote it.

    The topmost header is the last hop's: the one our receiving server prepended. It counts only
    when its ``by`` host is SES's inbound MTA or a host under ``trusted_receivers`` (the
    ``trusted_receivers`` of ``repflow.toml``); a sender can write any ``Received`` header below
    it, or on top of a message that never passed through our server.
    """
    values = email.headers.get("received")
    if not values:
        return None
    top = values[0][:2000]
    match = _RECEIVED_BY.search(top)
    if match is None:
        return None
    host = match.group(1).lower().rstrip(".")
    trusted = _SES_INBOUND.match(host) is not None or any(
        host == entry or host.endswith("." + entry)
        for entry in (t.strip().lower().lstrip("@.") for t in trusted_receivers)
        if entry
    )
    if not trusted:
        return None
    _, semicolon, stamp = top.rpartition(";")
    return parse_date(stamp) if semicolon else None
