"""``repflow inspect``: the mail layer's view of each message (parse, trim, thread, screen)."""

from __future__ import annotations

from typing import Any

from repflow.mail.exceptions import MalformedEmail
from repflow.mail.models import Address, InboundEmail, TrimmedText
from repflow.mail.parse import parse_email
from repflow.mail.screen import SesVerdicts, screen_email
from repflow.mail.thread import InMemoryThreadIndex, assign_thread_id
from repflow.mail.trim import trim_body
from repflow.transport.sources import RawMessage

#: Keys of every ``inspect --json`` row, in order (DESIGN.md §6).
INSPECT_KEYS: tuple[str, ...] = (
    "source",
    "message_id",
    "in_reply_to",
    "references",
    "thread_id",
    "date",
    "from",
    "reply_to",
    "to",
    "cc",
    "subject",
    "new_text",
    "quoted",
    "signature",
    "forwarded",
    "attachments",
    "screen",
    "defects",
    "error",
)


def _address(address: Address | None) -> dict[str, str] | None:
    return None if address is None else {"name": address.name, "address": address.address}


def _addresses(addresses: tuple[Address, ...]) -> list[dict[str, str]]:
    return [{"name": a.name, "address": a.address} for a in addresses]


def _forwarded(trimmed: TrimmedText) -> dict[str, Any] | None:
    fwd = trimmed.forwarded
    if fwd is None:
        return None
    return {
        "from": _address(fwd.from_),
        "to": _addresses(fwd.to),
        "date": fwd.date,
        "subject": fwd.subject,
        "text": fwd.text,
    }


def inspect_row(
    email: InboundEmail, trimmed: TrimmedText, thread_id: str, screen: str | None
) -> dict[str, Any]:
    """The JSON row of one parsed message."""
    return {
        "source": email.source,
        "message_id": email.message_id,
        "in_reply_to": email.in_reply_to,
        "references": list(email.references),
        "thread_id": thread_id,
        "date": email.date.isoformat() if email.date else None,
        "from": _address(email.from_),
        "reply_to": _addresses(email.reply_to),
        "to": _addresses(email.to),
        "cc": _addresses(email.cc),
        "subject": email.subject,
        "new_text": trimmed.new_text,
        "quoted": trimmed.quoted,
        "signature": trimmed.signature,
        "forwarded": _forwarded(trimmed),
        "attachments": [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "inline": a.inline,
                "encrypted": a.encrypted,
            }
            for a in email.attachments
        ],
        "screen": screen,
        "defects": list(email.defects),
        "error": None,
    }


class Inspector:
    """Inspects a batch of messages, threading them against each other in arrival order."""

    def __init__(
        self, *, own_addresses: tuple[str, ...] = (), own_domains: tuple[str, ...] = ()
    ) -> None:
        self.index = InMemoryThreadIndex()
        self.own_addresses = own_addresses
        self.own_domains = own_domains

    def inspect(self, raw: RawMessage) -> dict[str, Any]:
        """One row; a message that is not an email at all gives a row with ``error`` set."""
        try:
            email = parse_email(raw.data, source=raw.source)
        except MalformedEmail as exc:
            row: dict[str, Any] = dict.fromkeys(INSPECT_KEYS)
            row.update(
                source=raw.source,
                references=[],
                reply_to=[],
                to=[],
                cc=[],
                attachments=[],
                defects=[],
            )
            row["error"] = f"malformed: {exc}"
            return row
        trimmed = trim_body(
            email.text, sender_name=email.from_.name if email.from_ else None, subject=email.subject
        )
        thread_id = assign_thread_id(email, self.index, own_addresses=self.own_addresses)
        verdict = screen_email(
            email,
            own_addresses=self.own_addresses,
            own_domains=self.own_domains,
            verdicts=SesVerdicts.from_headers(email),
        )
        return inspect_row(email, trimmed, thread_id, verdict.reason.value if verdict else None)
