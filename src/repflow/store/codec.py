"""Conversions between domain objects and the rows both store adapters keep.

A *row* is a plain ``dict`` keyed by the column names of :mod:`repflow.store.tables`, holding
only JSON-able values, strings, numbers and timezone-aware UTC datetimes. The SQL adapter writes
rows into tables; the in-memory fake keeps the same rows in dictionaries, so both normalise
values (UTC timestamps, JSON round trips, tuples from lists) in exactly the same way.

:class:`~repflow.domain.models.DealTerms` is stored as JSON by :func:`terms_to_json`: amounts as
decimal strings (never floats), enums as their values, deliverables as ``{kind, quantity}``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from repflow.domain.models import (
    Conversation,
    Deal,
    DealTerms,
    Deliverable,
    DeliverableKind,
    Direction,
    Lead,
    PartnershipType,
    Platform,
)
from repflow.domain.profile import CreatorProfile, Preferences
from repflow.mail.screen import Blocklist
from repflow.store.exceptions import Conflict
from repflow.store.port import OutboxItem, OutboxStatus, StoredMessage, Turn

__all__ = [
    "KEY_DIGEST_PREFIX",
    "MAX_KEY_BYTES",
    "as_utc",
    "bounded_key",
    "check_draft_status",
    "check_repeat",
    "check_turn",
    "conversation_from_row",
    "conversation_to_row",
    "creator_from_row",
    "creator_to_row",
    "deal_from_row",
    "deal_to_row",
    "lead_from_row",
    "lead_to_row",
    "message_from_row",
    "message_to_row",
    "normalise_block",
    "outbound_message_row",
    "outbox_from_row",
    "outbox_to_row",
    "terms_from_json",
    "terms_to_json",
    "without_nul",
]

Row = dict[str, Any]
#: What a row is read from (a dict, or SQLAlchemy's ``RowMapping``).
RowLike = Mapping[Any, Any]


# --------------------------------------------------------------------------------------------
# scalars
# --------------------------------------------------------------------------------------------


def as_utc(value: datetime | None) -> datetime | None:
    """A timestamp as a timezone-aware UTC datetime.

    Naive values are taken to be UTC already (SQLite returns them that way).

    Args:
        value: Any datetime, or None.

    Returns:
        The same instant with ``tzinfo=UTC``, or None.
    """
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


#: Longest value, in UTF-8 bytes, an indexed text column holds as it is. PostgreSQL's btree
#: index rows are limited to about 2,700 bytes (a 3,000-character Subject used to crash a whole
#: batch); the widest index (creator, subject key, participant key, date) stays far below that.
MAX_KEY_BYTES = 255
#: What a longer value is stored as: this prefix and the SHA-256 of its UTF-8 bytes, in hex.
KEY_DIGEST_PREFIX = "sha256:"

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def without_nul(value: str | None) -> str | None:
    """``value`` with NUL characters and lone surrogates replaced by U+FFFD.

    PostgreSQL text cannot hold NUL, and no database driver can encode a lone surrogate (which
    Python's ``surrogateescape`` decoding leaves in strings) as UTF-8. Both adapters apply this
    to every string column they write and every string they look up, so a message whose bytes
    carried either is stored, and found, the same way everywhere.
    """
    if value is None or not _UNSTORABLE.search(value):
        return value
    return _UNSTORABLE.sub("\ufffd", value)


def bounded_key(value: str | None) -> str | None:
    """What an indexed text column stores for ``value``: itself, or its digest when too long.

    Values of at most :data:`MAX_KEY_BYTES` UTF-8 bytes (after :func:`without_nul`) are kept;
    longer ones become ``sha256:`` + 64 hex digits. Idempotent, and applied alike to written
    values and to the values rows are looked up by, so equality lookups still find them.

    Args:
        value: A key (claim key, Message-ID, thread id, subject or participant key, address).

    Returns:
        The value to store and compare, or None.
    """
    value = without_nul(value)
    if value is None:
        return None
    data = value.encode("utf-8")
    if len(data) <= MAX_KEY_BYTES:
        return value
    return KEY_DIGEST_PREFIX + hashlib.sha256(data).hexdigest()


def _bounded(row: Row, *names: str) -> Row:
    """``row`` with the key columns ``names`` bounded (see :func:`bounded_key`)."""
    for name in names:
        row[name] = bounded_key(row[name])
    return row


def _clean(row: Row) -> Row:
    """A row with NUL-free string columns (JSON columns escape NUL themselves)."""
    return {key: without_nul(v) if isinstance(v, str) else v for key, v in row.items()}


def _utc(value: datetime) -> datetime:
    result = as_utc(value)
    assert result is not None
    return result


def _decimal_to_json(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal_from_json(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _strings(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(str(item) for item in value)


def _json_value(value: Any) -> Any:
    """``value`` after a JSON round trip: what a JSON column gives back.

    Raises:
        TypeError: ``value`` holds something JSON cannot represent.
    """
    return json.loads(json.dumps(value))


# --------------------------------------------------------------------------------------------
# deal terms
# --------------------------------------------------------------------------------------------


def terms_to_json(terms: DealTerms) -> dict[str, Any]:
    """Deal terms as a JSON object.

    Args:
        terms: The terms.

    Returns:
        A dict with every :class:`DealTerms` field: amounts as decimal strings, enums as
        values, ``deliverables`` as a list of ``{"kind", "quantity"}`` objects and
        ``platforms`` as a list of platform names.
    """
    return {
        "brand": terms.brand,
        "agency": terms.agency,
        "budget_min": _decimal_to_json(terms.budget_min),
        "budget_max": _decimal_to_json(terms.budget_max),
        "currency": terms.currency,
        "budget_per_unit": terms.budget_per_unit,
        "partnership_type": terms.partnership_type.value if terms.partnership_type else None,
        "deliverables": [
            {"kind": item.kind.value, "quantity": item.quantity} for item in terms.deliverables
        ],
        "platforms": [platform.value for platform in terms.platforms],
        "deadline": terms.deadline,
        "usage_rights": terms.usage_rights,
        "exclusivity": terms.exclusivity,
        "product_category": terms.product_category,
        "rush": terms.rush,
        "rate_requested": terms.rate_requested,
    }


def _deliverable(item: Any) -> Deliverable | None:
    if not isinstance(item, Mapping):
        return None
    try:
        kind = DeliverableKind(str(item.get("kind")))
    except ValueError:
        kind = DeliverableKind.OTHER
    try:
        quantity = int(item.get("quantity", 1))
    except (TypeError, ValueError):
        quantity = 1
    return Deliverable(kind=kind, quantity=quantity)


def terms_from_json(data: Mapping[str, Any] | None) -> DealTerms:
    """Deal terms from :func:`terms_to_json` output.

    Lenient towards rows written by older versions: missing keys take their defaults, an
    unknown deliverable kind becomes ``other``, unknown platforms and partnership types are
    dropped.

    Args:
        data: The stored JSON object (None or empty for "nothing known").

    Returns:
        The terms.
    """
    if not data:
        return DealTerms()
    partnership: PartnershipType | None = None
    if data.get("partnership_type"):
        try:
            partnership = PartnershipType(data["partnership_type"])
        except ValueError:
            partnership = None
    platforms: list[Platform] = []
    for name in data.get("platforms") or ():
        try:
            platforms.append(Platform(name))
        except ValueError:
            continue
    deliverables = tuple(
        item
        for item in (_deliverable(raw) for raw in data.get("deliverables") or ())
        if item is not None
    )
    return DealTerms(
        brand=data.get("brand"),
        agency=data.get("agency"),
        budget_min=_decimal_from_json(data.get("budget_min")),
        budget_max=_decimal_from_json(data.get("budget_max")),
        currency=data.get("currency"),
        budget_per_unit=data.get("budget_per_unit"),
        partnership_type=partnership,
        deliverables=deliverables,
        platforms=tuple(platforms),
        deadline=data.get("deadline"),
        usage_rights=data.get("usage_rights"),
        exclusivity=data.get("exclusivity"),
        product_category=data.get("product_category"),
        rush=bool(data.get("rush")),
        rate_requested=bool(data.get("rate_requested")),
    )


# --------------------------------------------------------------------------------------------
# creators
# --------------------------------------------------------------------------------------------


def creator_to_row(profile: CreatorProfile, *, created_at: datetime) -> Row:
    """A creator profile as a ``creators`` row (preferences as JSON).

    Args:
        profile: The profile.
        created_at: When the row is first written.

    Returns:
        The row.
    """
    return _clean(
        {
            "id": profile.id,
            "name": profile.name,
            "addresses": list(profile.addresses),
            "reply_from": profile.reply_from,
            "contacts": list(profile.contacts),
            "preferences": profile.preferences.model_dump(mode="json"),
            "created_at": _utc(created_at),
        }
    )


def creator_from_row(row: RowLike) -> CreatorProfile:
    """A creator profile from a ``creators`` row.

    Args:
        row: The row.

    Returns:
        The validated profile.
    """
    return CreatorProfile(
        id=row["id"],
        name=row["name"] or "",
        addresses=_strings(row["addresses"]),
        reply_from=row["reply_from"],
        contacts=_strings(row.get("contacts") or ()),
        preferences=Preferences.model_validate(row["preferences"] or {}),
    )


# --------------------------------------------------------------------------------------------
# messages
# --------------------------------------------------------------------------------------------


def message_to_row(message: StoredMessage, *, created_at: datetime) -> Row:
    """A stored message as a ``messages`` row.

    Args:
        message: The message.
        created_at: When the row is written (orders messages with equal ``sent_at``).

    Returns:
        The row.

    Raises:
        TypeError: ``details`` holds a value JSON cannot represent.
    """
    row = _clean(
        {
            "id": message.id,
            "creator_id": message.creator_id,
            "thread_id": message.thread_id,
            "direction": message.direction.value,
            "message_id": message.message_id,
            "sender": message.sender,
            "recipients": list(message.recipients),
            "subject": message.subject,
            "subject_key": message.subject_key,
            "participant_key": message.participant_key,
            "text": message.text,
            "sent_at": as_utc(message.sent_at),
            "claim_key": message.claim_key,
            "screen_reason": message.screen_reason,
            "category": message.category,
            "flags": list(message.flags),
            "defects": list(message.defects),
            "source": message.source,
            "sha256": message.sha256,
            "details": _json_value(dict(message.details)),
            "llm_calls": message.llm_calls,
            "tokens": message.tokens,
            "created_at": _utc(created_at),
        }
    )
    return _bounded(row, "thread_id", "message_id", "subject_key", "participant_key", "claim_key")


def message_from_row(row: RowLike) -> StoredMessage:
    """A stored message from a ``messages`` row.

    Args:
        row: The row.

    Returns:
        The message (timestamps in UTC).
    """
    details = row["details"]
    return StoredMessage(
        id=row["id"],
        creator_id=row["creator_id"],
        thread_id=row["thread_id"],
        direction=Direction(row["direction"]),
        message_id=row["message_id"],
        sender=row["sender"],
        recipients=_strings(row["recipients"]),
        subject=row["subject"],
        subject_key=row["subject_key"],
        participant_key=row["participant_key"],
        text=row["text"],
        sent_at=as_utc(row["sent_at"]),
        claim_key=row["claim_key"],
        screen_reason=row["screen_reason"],
        category=row["category"],
        flags=_strings(row["flags"]),
        defects=_strings(row["defects"]),
        source=row["source"],
        sha256=row["sha256"],
        details=_json_value(details) if isinstance(details, dict) else {},
        llm_calls=row["llm_calls"],
        tokens=row["tokens"],
    )


# --------------------------------------------------------------------------------------------
# leads, conversations, deals
# --------------------------------------------------------------------------------------------


def lead_to_row(lead: Lead) -> Row:
    """A lead as a ``leads`` row."""
    return _bounded(
        _clean(
            {
                "id": lead.id,
                "creator_id": lead.creator_id,
                "thread_id": lead.thread_id,
                "state": lead.state,
                "terms": terms_to_json(lead.terms),
                "flags": list(lead.flags),
                "counterparty": lead.counterparty,
                "created_at": as_utc(lead.created_at),
                "updated_at": as_utc(lead.updated_at),
                "undo": None if lead.undo is None else dict(lead.undo),
            }
        ),
        "thread_id",
    )


def lead_from_row(row: RowLike) -> Lead:
    """A lead from a ``leads`` row."""
    return Lead(
        id=row["id"],
        creator_id=row["creator_id"],
        thread_id=row["thread_id"],
        state=row["state"],
        terms=terms_from_json(row["terms"]),
        flags=_strings(row["flags"]),
        counterparty=row["counterparty"],
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        undo=_mapping_or_none(row.get("undo")),
    )


def conversation_to_row(conversation: Conversation) -> Row:
    """A conversation as a ``conversations`` row."""
    return _bounded(
        _clean(
            {
                "id": conversation.id,
                "creator_id": conversation.creator_id,
                "thread_id": conversation.thread_id,
                "state": conversation.state,
                "subject": conversation.subject,
                "asked_fields": list(conversation.asked_fields),
            }
        ),
        "thread_id",
    )


def conversation_from_row(row: RowLike) -> Conversation:
    """A conversation from a ``conversations`` row."""
    return Conversation(
        id=row["id"],
        creator_id=row["creator_id"],
        thread_id=row["thread_id"],
        state=row["state"],
        subject=row["subject"],
        asked_fields=_strings(row["asked_fields"]),
    )


def deal_to_row(deal: Deal) -> Row:
    """A deal as a ``deals`` row."""
    return _bounded(
        _clean(
            {
                "id": deal.id,
                "creator_id": deal.creator_id,
                "lead_id": deal.lead_id,
                "thread_id": deal.thread_id,
                "stage": deal.stage,
                "terms": terms_to_json(deal.terms),
                "created_at": as_utc(deal.created_at),
                "milestones": [dict(m) for m in deal.milestones],
            }
        ),
        "thread_id",
    )


def deal_from_row(row: RowLike) -> Deal:
    """A deal from a ``deals`` row."""
    return Deal(
        id=row["id"],
        creator_id=row["creator_id"],
        lead_id=row["lead_id"],
        thread_id=row["thread_id"],
        stage=row["stage"],
        terms=terms_from_json(row["terms"]),
        created_at=as_utc(row["created_at"]),
        milestones=tuple(dict(m) for m in (row.get("milestones") or ()) if isinstance(m, Mapping)),
    )


def _mapping_or_none(value: object) -> dict[str, Any] | None:
    return dict(value) if isinstance(value, Mapping) else None


# --------------------------------------------------------------------------------------------
# outbox
# --------------------------------------------------------------------------------------------


def outbox_to_row(item: OutboxItem) -> Row:
    """An outbox item as an ``outbox`` row."""
    return _bounded(
        _clean(
            {
                "id": item.id,
                "key": item.key,
                "creator_id": item.creator_id,
                "thread_id": item.thread_id,
                "lead_id": item.lead_id,
                "status": item.status.value,
                "from_address": item.from_address,
                "to_address": item.to_address,
                "subject": item.subject,
                "text": item.text,
                "message_id": item.message_id,
                "in_reply_to": item.in_reply_to,
                "references": list(item.references),
                "created_at": _utc(item.created_at),
                "attempts": item.attempts,
                "sent_at": as_utc(item.sent_at),
                "provider_id": item.provider_id,
                "last_error": item.last_error,
                "turn_at": as_utc(item.turn_at),
            }
        ),
        "key",
        "thread_id",
    )


def outbox_from_row(row: RowLike) -> OutboxItem:
    """An outbox item from an ``outbox`` row."""
    return OutboxItem(
        id=row["id"],
        key=row["key"],
        creator_id=row["creator_id"],
        thread_id=row["thread_id"],
        lead_id=row["lead_id"],
        status=OutboxStatus(row["status"]),
        from_address=row["from_address"],
        to_address=row["to_address"],
        subject=row["subject"],
        text=row["text"],
        message_id=row["message_id"],
        in_reply_to=row["in_reply_to"],
        references=_strings(row["references"]),
        created_at=_utc(row["created_at"]),
        attempts=row["attempts"],
        sent_at=as_utc(row["sent_at"]),
        provider_id=row["provider_id"],
        last_error=row["last_error"],
        turn_at=as_utc(row.get("turn_at")),
    )


def outbound_message_row(
    item: OutboxItem,
    *,
    message_id: str,
    subject_key: str,
    participant_key: str,
    sent_at: datetime,
    provider_id: str | None,
    created_at: datetime,
) -> Row:
    """The ``messages`` row recording a sent outbox item as an outbound message.

    Args:
        item: The outbox row that was sent.
        message_id: Its new row id.
        subject_key: The thread's subject key (copied from the message it answers).
        participant_key: The thread's participant key (copied likewise).
        sent_at: When the transport accepted it.
        provider_id: The transport's id for it.
        created_at: When the row is written.

    Returns:
        The row.
    """
    return message_to_row(
        StoredMessage(
            id=message_id,
            creator_id=item.creator_id,
            thread_id=item.thread_id,
            direction=Direction.OUTBOUND,
            message_id=item.message_id,
            sender=item.from_address,
            recipients=(item.to_address,),
            subject=item.subject,
            subject_key=subject_key,
            participant_key=participant_key,
            text=item.text,
            sent_at=sent_at,
            claim_key=item.key,
            details={"outbox_id": item.id, "provider_id": provider_id},
        ),
        created_at=created_at,
    )


def normalise_block(value: str) -> tuple[str, str]:
    """The kind (``address`` or ``domain``) and normal form of a blocklist entry.

    Uses :class:`~repflow.mail.screen.Blocklist`'s own normalisation, so what is stored is what
    the screen compares.

    Args:
        value: An address (contains ``@``) or a domain.

    Returns:
        ``(kind, value)``.

    Raises:
        ValueError: ``value`` is empty once normalised, or longer than any address or domain
            can be (:data:`MAX_KEY_BYTES`: it could never match, and the column is indexed).
    """
    raw = value.strip()
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        raise ValueError(f"too long to be an address or a domain ({len(raw)} characters)")
    if "@" in raw.lstrip("@"):
        kind, normalised = "address", Blocklist(addresses=frozenset({raw})).addresses
    else:
        kind, normalised = "domain", Blocklist(domains=frozenset({raw})).domains
    item = next(iter(normalised), "")
    if not item:
        raise ValueError(f"nothing to block in {value!r}")
    return kind, item


# --------------------------------------------------------------------------------------------
# rules both adapters apply before touching storage
# --------------------------------------------------------------------------------------------


def check_turn(turn: Turn) -> None:
    """Reject a turn whose parts belong to different creators (a programming error).

    Raises:
        ValueError: a part of the turn names another creator than ``turn.creator_id``.
    """
    parts: list[Any] = [turn.inbound, turn.lead, turn.conversation, turn.deal, turn.outbox]
    for part in parts:
        if part is not None and part.creator_id != turn.creator_id:
            raise ValueError(
                f"{type(part).__name__} {part.id} belongs to {part.creator_id!r}, "
                f"not {turn.creator_id!r}"
            )


_DRAFT_TARGETS = frozenset({OutboxStatus.PENDING, OutboxStatus.DRAFT, OutboxStatus.DISCARDED})


def check_draft_status(status: OutboxStatus) -> None:
    """Reject a draft update to a status a creator cannot choose.

    Raises:
        ValueError: ``status`` is not PENDING (approve), DRAFT (edit) or DISCARDED.
    """
    if status not in _DRAFT_TARGETS:
        raise ValueError(f"a draft can become pending, draft or discarded, not {status.value}")


def check_repeat(current: OutboxItem, *, text: str | None, status: OutboxStatus) -> None:
    """Accept a repeated draft update that already took effect.

    Args:
        current: The row as stored (no longer a draft, or the update found nothing to do).
        text: The requested text, if any.
        status: The requested status.

    Raises:
        Conflict: the row is not a draft and the request differs from what it holds.
    """
    if current.status is status and (text is None or text == current.text):
        return
    raise Conflict(f"outbox row {current.id} is {current.status.value}, not a draft")
