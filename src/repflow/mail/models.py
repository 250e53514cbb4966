"""Immutable value objects the mail layer hands to the rest of the system."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox: display name plus a normalised address.

    ``address`` is lower-cased with the domain in IDNA (punycode) form, so two spellings of the
    same mailbox compare equal.
    """

    name: str
    address: str

    @property
    def domain(self) -> str:
        """The domain part of the address (after the last ``@``), or ``""``."""
        return self.address.rpartition("@")[2]

    @property
    def local_part(self) -> str:
        """The part before the last ``@``."""
        return self.address.rpartition("@")[0]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass(frozen=True, slots=True)
class Attachment:
    """Metadata of one attachment; its content is never executed or written anywhere."""

    filename: str | None
    content_type: str
    size: int
    inline: bool = False
    #: True for archives whose entries are password-protected (a classic malware carrier).
    encrypted: bool = False


@dataclass(frozen=True, slots=True)
class InboundEmail:
    """A parsed inbound message.

    Message ids are kept in their header form, with angle brackets (``<id@host>``).
    ``headers`` holds the headers screening and threading need, keyed by lower-case name, each
    with every value it appeared with, in order.
    """

    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    date: datetime | None
    from_: Address | None
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    subject: str
    text: str
    html: str | None
    attachments: tuple[Attachment, ...]
    headers: Mapping[str, tuple[str, ...]]
    size: int
    defects: tuple[str, ...]
    #: Top-level content type, e.g. ``multipart/report``.
    content_type: str = "text/plain"
    #: Content types of every MIME part, depth first (bounce and ARF detection look here).
    part_types: tuple[str, ...] = ()
    #: Messages attached as ``message/rfc822`` parts (forward-as-attachment), parsed the same way.
    attached_messages: tuple[InboundEmail, ...] = ()
    #: SHA-256 of the raw bytes: the idempotency key of last resort.
    sha256: str = ""
    #: Where the bytes came from (a path, ``mbox:path#3``, ``s3://...``); informational.
    source: str = ""
    #: The decoded text of small plain-text attachments (a brief with the terms), in order,
    #: bounded; read as the offer's text, never as the body the creator wrote to.
    attachment_text: str = ""

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        values = self.headers.get(name.lower())
        return values[0] if values else None


@dataclass(frozen=True, slots=True)
class ForwardedMessage:
    """A message forwarded inline: its own header block and the text under it."""

    from_: Address | None
    to: tuple[Address, ...]
    date: str | None
    subject: str | None
    text: str


@dataclass(frozen=True, slots=True)
class TrimmedText:
    """A body split into what the sender wrote now and what they carried along."""

    new_text: str
    quoted: str = ""
    signature: str = ""
    forwarded: ForwardedMessage | None = None
    #: Which rule split the body (``gmail``, ``outlook``, ``original_message``, ``quote_marks``...).
    markers: tuple[str, ...] = field(default=())
