"""What the pipeline hands an engine, built from plain text: the heuristic tests' inputs.

One builder for the classification, extraction and held-out-variant tests, so that every
field the engine may read is set the same way in each.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from repflow.domain.models import DealTerms
from repflow.domain.profile import CreatorProfile
from repflow.domain.states import LeadState
from repflow.engine.port import ThreadContext
from repflow.mail.models import Address, ForwardedMessage, InboundEmail, TrimmedText


def address(value: str) -> Address:
    """``Name <addr>`` (or a bare address) as an :class:`Address`, the address lower-cased."""
    name, addr = parseaddr(value)
    return Address(name=name, address=addr.lower())


def inbound_email(
    body: str,
    *,
    subject: str,
    sender: str,
    date: datetime | None,
    to_name: str = "Maya Lopez",
    message_id: str = "<test@example.com>",
    headers: dict[str, tuple[str, ...]] | None = None,
) -> InboundEmail:
    """A plain-text email from ``sender`` to Maya (maya@repflow.example)."""
    return InboundEmail(
        message_id=message_id,
        in_reply_to=None,
        references=(),
        date=date,
        from_=address(sender),
        reply_to=(),
        to=(Address(to_name, "maya@repflow.example"),),
        cc=(),
        subject=subject,
        text=body,
        html=None,
        attachments=(),
        headers=headers or {},
        size=len(body),
        defects=(),
    )


def thread_context(
    body: str,
    *,
    creator: CreatorProfile,
    now: datetime,
    signature: str = "",
    forwarded: ForwardedMessage | None = None,
    known: DealTerms | None = None,
    lead_state: LeadState | None = None,
    thread_id: str = "t1",
) -> ThreadContext:
    """The context of a first (or, with ``known``/``lead_state``, a later) email of a thread."""
    return ThreadContext(
        thread_id=thread_id,
        creator=creator,
        trimmed=TrimmedText(new_text=body, signature=signature, forwarded=forwarded),
        known_terms=known or DealTerms(),
        lead_state=lead_state,
        now=now,
    )
