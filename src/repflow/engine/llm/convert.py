"""From the model's output to the port's types, checking everything on the way (OWASP LLM01).

The model reads hostile email, so nothing it returns is trusted as is. Here, in code:

* amounts become :class:`~decimal.Decimal` (non-negative, ordered); the currency must be an
  ISO 4217 code babel knows; the deadline a real ISO date between 2000 and 2100; platforms and
  deliverables members of their enums (unknown values are dropped); strings are stripped and
  capped; the confidence is clamped to 0..1;
* evidence snippets the email does not contain are dropped;
* ``injection_suspected`` adds the ``prompt_injection`` flag and ``scam_suspected`` the ``scam``
  flag (both send the turn to review: nothing is answered);
* an offer the model is unsure of, or one it cannot back with anything from the email
  (schema-valid but content-free output), is flagged ``low_confidence``, which also means review.

The pipeline then checks budget, brand and agency against the email text once more
(:func:`repflow.pipeline.safety.verify_terms`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Final

from repflow.domain.models import (
    DELIVERABLE_PLATFORM,
    Category,
    DealTerms,
    Deliverable,
    DeliverableKind,
    Flag,
    Platform,
)
from repflow.domain.states import LeadState
from repflow.engine.llm.schemas import AssessmentOut
from repflow.engine.port import Assessment, ThreadContext

__all__ = ["LOW_CONFIDENCE", "to_assessment"]

#: Below this confidence an offer (or a deal-thread message) is flagged ``low_confidence``.
LOW_CONFIDENCE: Final = 0.5
#: The confidence an offer keeps at most when nothing in the email backs it.
_UNBACKED_CONFIDENCE: Final = 0.4
_WITH_TERMS: Final = frozenset({Category.SPONSORSHIP, Category.DEAL_FOLLOW_UP, Category.SCAM})
_OFFER_CATEGORIES: Final = _WITH_TERMS
_DEAL_STATES: Final = frozenset(
    {
        LeadState.INFO_GATHERING,
        LeadState.QUALIFIED,
        LeadState.NEGOTIATING,
        LeadState.DEAL_CREATED,
    }
)
_EVIDENCE_FIELDS: Final = frozenset(
    {
        "category",
        "is_offer",
        "brand",
        "agency",
        "budget",
        "budget_min",
        "budget_max",
        "currency",
        "budget_per_unit",
        "partnership_type",
        "deliverables",
        "platforms",
        "deadline",
        "usage_rights",
        "exclusivity",
        "product_category",
        "scam",
        "scam_suspected",
        "injection",
        "injection_suspected",
    }
)
_UNIT: Final = re.compile(r"[a-z][a-z -]{0,29}")
_LANGUAGE: Final = re.compile(r"[a-z]{2,3}(?:-[a-z]{2,4})?")
_MAX_DELIVERABLES: Final = 10


@cache
def _currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _squash(text: str) -> str:
    return " ".join(text.casefold().split())


def _amount(value: float | None) -> Decimal | None:
    if value is None:
        return None
    amount = Decimal(str(value))
    if not amount.is_finite() or amount < 0:
        return None
    if amount == amount.to_integral_value():
        return Decimal(int(amount))
    return amount.quantize(Decimal("0.01"))


def _currency(value: str | None) -> str | None:
    code = (value or "").strip().upper()
    return code if len(code) == 3 and code in _currencies() else None


def _deadline(value: str | None) -> str | None:
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    return parsed.isoformat() if 2000 <= parsed.year <= 2100 else None


def _unit(value: str | None) -> str | None:
    unit = (value or "").strip().lower().removeprefix("per ").strip()
    return unit if unit and _UNIT.fullmatch(unit) else None


def _language(value: str | None) -> str | None:
    code = (value or "").strip().lower().replace("_", "-")
    return code if _LANGUAGE.fullmatch(code) else None


def _deliverables(out: AssessmentOut) -> tuple[Deliverable, ...]:
    counts: dict[DeliverableKind, int] = {}
    for item in out.deliverables:
        counts[item.kind] = min(100, counts.get(item.kind, 0) + item.quantity)
    return tuple(Deliverable(kind, qty) for kind, qty in counts.items())[:_MAX_DELIVERABLES]


def _platforms(out: AssessmentOut, items: tuple[Deliverable, ...]) -> tuple[Platform, ...]:
    from_items = (DELIVERABLE_PLATFORM[item.kind] for item in items)
    return tuple(dict.fromkeys([*out.platforms, *(p for p in from_items if p is not None)]))


def _terms(out: AssessmentOut) -> DealTerms:
    low, high = _amount(out.budget_min), _amount(out.budget_max)
    if low is None:
        low = high
    if high is None:
        high = low
    if low is not None and high is not None and low > high:
        low, high = high, low
    if low is not None and low == 0 and high == 0:
        low = high = None
    budget = low is not None
    items = _deliverables(out)
    return DealTerms(
        brand=out.brand,
        agency=out.agency if out.agency != out.brand else None,
        budget_min=low,
        budget_max=high,
        currency=_currency(out.currency) if budget else None,
        budget_per_unit=_unit(out.budget_per_unit) if budget else None,
        partnership_type=out.partnership_type,
        deliverables=items,
        platforms=_platforms(out, items),
        deadline=_deadline(out.deadline),
        usage_rights=out.usage_rights,
        exclusivity=out.exclusivity,
        product_category=(out.product_category or "").lower() or None,
        rush=out.rush,
        rate_requested=out.rate_requested and not budget,
    )


def _evidence(out: AssessmentOut, source_text: str) -> dict[str, str]:
    """The model's evidence, keeping only snippets that really occur in the email."""
    haystack = _squash(source_text)
    kept: dict[str, str] = {}
    for field, snippet in out.evidence.items():
        key = field.strip().lower()
        needle = _squash(snippet.strip(" \"'“”‘’…."))
        if key in _EVIDENCE_FIELDS and needle and needle in haystack:
            kept[key] = snippet
    return kept


def to_assessment(
    out: AssessmentOut,
    thread: ThreadContext,
    *,
    source_text: str,
    llm_calls: int,
    tokens: int,
) -> Assessment:
    """The port's assessment for the model's (schema-valid) output, checked in code.

    Args:
        out: What the model returned.
        thread: The thread the email belongs to (a deal thread changes what is unsure).
        source_text: Everything the model saw of the email (evidence must come from it).
        llm_calls: Model requests made for this assessment.
        tokens: Tokens those requests used.

    Returns:
        The assessment, with ``prompt_injection``, ``scam`` and ``low_confidence`` flags where
        the output calls for them.
    """
    category = out.category
    is_offer = out.is_offer
    confidence = min(1.0, max(0.0, float(out.confidence)))
    terms = _terms(out) if (is_offer or category in _WITH_TERMS) else DealTerms()
    evidence = _evidence(out, source_text)
    flags: list[str] = []
    scam_signals: tuple[str, ...] = ()
    injection_signals: tuple[str, ...] = ()
    if out.injection_suspected:
        flags.append(Flag.PROMPT_INJECTION.value)
        injection_signals = ("model_suspected_injection",)
    if out.scam_suspected:
        flags.append(Flag.SCAM.value)
        scam_signals = ("model_suspected_scam",)
    in_deal_thread = thread.lead_state in _DEAL_STATES
    if is_offer:
        unbacked = not in_deal_thread and not evidence and terms == DealTerms()
        contradictory = category not in _OFFER_CATEGORIES
        if unbacked or contradictory:
            # Schema-valid but content-free (or self-contradicting) output: never answered.
            confidence = min(confidence, _UNBACKED_CONFIDENCE)
    if (is_offer or in_deal_thread) and confidence < LOW_CONFIDENCE:
        flags.append(Flag.LOW_CONFIDENCE.value)
    return Assessment(
        category=category,
        is_offer=is_offer,
        confidence=round(confidence, 4),
        terms=terms,
        evidence=evidence,
        scam_signals=scam_signals,
        injection_signals=injection_signals,
        language=_language(out.language),
        summary=out.summary,
        flags=tuple(flags),
        llm_calls=llm_calls,
        tokens=tokens,
    )
