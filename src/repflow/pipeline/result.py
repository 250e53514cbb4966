"""The per-message result of ``repflow process``: the JSON Lines contract of DESIGN.md §6."""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from typing import Any

from repflow.domain.models import DealTerms
from repflow.domain.outbox import OutboxItem
from repflow.domain.profile import CreatorProfile


def terms_json(terms: DealTerms) -> dict[str, Any]:
    """The ``deal`` object of the contract: amounts as numbers in the stated currency."""

    def number(value: object) -> float | int | None:
        if value is None:
            return None
        as_float = float(str(value))
        return int(as_float) if as_float.is_integer() else as_float

    return {
        "brand": terms.brand,
        "agency": terms.agency,
        "budget_min": number(terms.budget_min),
        "budget_max": number(terms.budget_max),
        "currency": terms.currency,
        "partnership_type": terms.partnership_type.value if terms.partnership_type else None,
        "deliverables": [
            {"kind": item.kind.value, "quantity": item.quantity} for item in terms.deliverables
        ],
        "platforms": [platform.value for platform in terms.platforms],
        "deadline": terms.deadline,
        "usage_rights": terms.usage_rights,
    }


@dataclass(frozen=True, slots=True)
class ReplyView:
    """The reply a turn produced, as the brand would read it."""

    to: str
    subject: str
    text: str
    mode: str
    #: The language the reply is written in (ISO 639-1).
    language: str = "en"


@dataclass(slots=True)
class ProcessResult:
    """What happened to one inbound message."""

    source: str
    message_id: str | None = None
    thread_id: str | None = None
    screened: str | None = None
    category: str | None = None
    is_sponsorship_offer: bool = False
    confidence: float | None = None
    deal: DealTerms | None = None
    lead_state: str | None = None
    decision: str | None = None
    reply: ReplyView | None = None
    flags: list[str] = field(default_factory=list)
    llm_calls: int = 0
    tokens: int = 0
    error: str | None = None
    #: Why the model gave no usable answer (``"code: text"``, no mail content); None when fine.
    llm_error: str | None = None
    duplicate: bool = False
    reasons: list[str] = field(default_factory=list)
    #: ISO 639-1 code of the email's new text (DESIGN.md §6, wave 2).
    language: str | None = None
    #: Why the automatic-send gate held a reply back as a draft (``contact: ...``), if it did.
    held: list[str] = field(default_factory=list)
    #: The reply row this turn committed (pending: to send now; draft: awaits approval);
    #: None when the turn wrote none. Not part of the JSON report.
    outbox: OutboxItem | None = field(default=None, repr=False)
    #: The creator the email was delivered to (the sender of :attr:`outbox`).
    creator: CreatorProfile | None = field(default=None, repr=False)
    #: This turn created the thread's Deal.
    deal_created: bool = False

    @property
    def outbox_id(self) -> str | None:
        """The id of the reply row this turn committed, if any."""
        return None if self.outbox is None else self.outbox.id

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object with a few extras.

        The extras are ``duplicate``, ``tokens``, ``llm_error``, ``reasons`` and ``held``.
        """
        return {
            "source": self.source,
            "message_id": self.message_id,
            "thread_id": self.thread_id,
            "screened": self.screened,
            "category": self.category,
            "is_sponsorship_offer": self.is_sponsorship_offer,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "deal": terms_json(self.deal) if self.deal is not None else None,
            "lead_state": self.lead_state,
            "decision": self.decision,
            "reply": (
                None
                if self.reply is None
                else {
                    "to": self.reply.to,
                    "subject": self.reply.subject,
                    "text": self.reply.text,
                    "mode": self.reply.mode,
                    "language": self.reply.language,
                }
            ),
            "flags": sorted(set(self.flags)),
            "llm_calls": self.llm_calls,
            "tokens": self.tokens,
            "error": self.error,
            "llm_error": self.llm_error,
            "duplicate": self.duplicate,
            "reasons": self.reasons,
            "held": self.held,
            "language": self.language,
        }


_ADDRESS = re.compile(r"([^\s<>()\[\]\"',;:@]+)@([^\s<>()\[\]\"',;:@]+)")
#: The longest error text a result, a log line or a JSON row carries.
MAX_ERROR_LENGTH = 300


def mask_addresses(text: str) -> str:
    """``text`` with every email address masked: ``jane@brand.com`` -> ``j***@brand.com``."""
    return _ADDRESS.sub(lambda match: f"{match.group(1)[0]}***@{match.group(2)}", text)


def error_text(exc: BaseException, *, debug: bool = False) -> str:
    """What a result row or a log line may say about a failure.

    The exception's type and the first line of its message, addresses masked, cut at
    :data:`MAX_ERROR_LENGTH` characters: no body, no full address, no SQL parameters (the
    engines hide those anyway). With ``debug`` the first line is kept whole and unmasked.
    """
    lines = str(exc).strip().splitlines()
    first = lines[0] if lines else ""
    text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    if debug:
        return text
    return mask_addresses(text)[:MAX_ERROR_LENGTH]


def error_trace(exc: BaseException, *, limit: int = 8) -> list[str]:
    """Where a failure happened: ``file:line function`` of its innermost frames, no values.

    For logs that may not carry exception messages (they can quote mail); the causes'
    types follow (``caused by DBAPIError``).
    """
    frames = traceback.extract_tb(exc.__traceback__)[-limit:]
    trace = [f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in frames]
    cause = exc.__cause__ or exc.__context__
    while cause is not None and len(trace) < limit + 4:
        trace.append(f"caused by {type(cause).__name__}")
        cause = cause.__cause__ or cause.__context__
    return trace
