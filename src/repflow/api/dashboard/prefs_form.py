"""The preferences form: from a creator's Preferences to form fields and back.

Validation is :meth:`Preferences.model_validate` itself, fed with the current preferences
overlaid by what the form submitted, so the dashboard accepts exactly what ``repflow.toml``
and the API accept. A rejected value is reported next to its field, naming it
(``min_budget: Input should be greater than or equal to 0``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from repflow.domain.models import DeliverableKind, PartnershipType, Platform, ReplyPolicy
from repflow.domain.profile import ASKABLE_FIELDS, CreatorProfile, Preferences

__all__ = ["POLICY_HELP", "PRICING_FIELDS", "PrefsForm", "validate_form"]

#: The surcharges on the rate-card price (name, label, hint), shown as shares (0.1 = +10%).
PRICING_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("paid_usage_monthly", "Paid usage, per month", "Ads with your content: share per month."),
    ("paid_usage_perpetual", "Paid usage, perpetual", "Also the most monthly usage can cost."),
    ("whitelisting_fee", "Whitelisting", "Ads run from your account (Spark Ads)."),
    ("exclusivity_category_monthly", "Category exclusivity, per month", "No competitors."),
    ("exclusivity_full_monthly", "Full exclusivity, per month", "No other brands at all."),
    ("rush_fee", "Rush", "The brand asks for a rush, or the deadline is close."),
    ("rush_days", "Rush below (days)", "A deadline closer than this is a rush."),
)

#: What each reply policy lets Repflow send (DESIGN.md §7).
POLICY_HELP: dict[str, str] = {
    ReplyPolicy.REVIEW.value: "Every reply waits for your approval.",
    ReplyPolicy.ASSIST.value: (
        "Questions and polite declines go out; anything that commits you "
        "(accepting, counter-offers) waits for your approval."
    ),
    ReplyPolicy.AUTOPILOT.value: "Every reply goes out, except mail that needs a human look.",
}

#: The text fields of the form (name -> longest accepted input).
_TEXT_LIMITS = {
    "reply_policy": 32,
    "currency": 16,
    "min_budget": 32,
    "negotiate_ratio": 32,
    "blocked_categories": 2000,
    "signature": 2000,
    "contacts": 20000,
    "auto_send_min_confidence": 32,
    "below_reach": 16,
}


@dataclass
class PrefsForm:
    """The form's values as text (what the user typed, or the stored preferences)."""

    reply_policy: str = ReplyPolicy.ASSIST.value
    currency: str = "USD"
    min_budget: str = ""
    negotiate_ratio: str = ""
    rates: dict[str, str] = field(default_factory=dict)
    accepted_types: set[str] = field(default_factory=set)
    accepted_platforms: set[str] = field(default_factory=set)
    blocked_categories: str = ""
    required_fields: set[str] = field(default_factory=set)
    signature: str = ""
    #: The creator's own people, one address or ``@domain`` a line (a creator field).
    contacts: str = ""
    auto_send_min_confidence: str = ""
    #: The surcharges (see :data:`PRICING_FIELDS`), as typed.
    pricing: dict[str, str] = field(default_factory=dict)
    below_reach: str = "decline"
    quote_rates: bool = True
    errors: dict[str, list[str]] = field(default_factory=dict)

    pricing_fields: tuple[tuple[str, str, str], ...] = PRICING_FIELDS

    kinds: tuple[str, ...] = tuple(k.value for k in DeliverableKind)
    types: tuple[str, ...] = tuple(t.value for t in PartnershipType)
    platforms: tuple[str, ...] = tuple(p.value for p in Platform)
    askable: tuple[str, ...] = ASKABLE_FIELDS
    policies: tuple[str, ...] = tuple(p.value for p in ReplyPolicy)

    @classmethod
    def from_preferences(cls, prefs: Preferences, contacts: Sequence[str] = ()) -> PrefsForm:
        """The form showing stored preferences (and the creator's contacts)."""
        return cls(
            contacts="\n".join(contacts),
            auto_send_min_confidence=_number(prefs.auto_send_min_confidence),
            reply_policy=prefs.reply_policy.value,
            currency=prefs.currency,
            min_budget=_number(prefs.min_budget),
            negotiate_ratio=_number(prefs.negotiate_ratio),
            rates={kind.value: _number(rate) for kind, rate in prefs.rate_card.items()},
            accepted_types={t.value for t in prefs.accepted_types},
            accepted_platforms={p.value for p in prefs.accepted_platforms},
            blocked_categories=", ".join(sorted(prefs.blocked_categories)),
            required_fields=set(prefs.required_fields),
            signature=prefs.signature,
            pricing={name: _number(getattr(prefs, name)) for name, _, _ in PRICING_FIELDS},
            below_reach=prefs.below_reach,
            quote_rates=prefs.quote_rates,
        )

    @classmethod
    def from_form(cls, form: FormData) -> PrefsForm:
        """The form as submitted (every value kept as typed, for redisplay)."""

        def text(name: str) -> str:
            value = form.get(name)
            return value[: _TEXT_LIMITS.get(name, 64)] if isinstance(value, str) else ""

        return cls(
            reply_policy=text("reply_policy"),
            currency=text("currency").strip(),
            min_budget=text("min_budget").strip(),
            negotiate_ratio=text("negotiate_ratio").strip(),
            rates={
                kind.value: _text(form, f"rate_{kind.value}").strip() for kind in DeliverableKind
            },
            accepted_types={v for v in form.getlist("accepted_types") if isinstance(v, str)},
            accepted_platforms={
                v for v in form.getlist("accepted_platforms") if isinstance(v, str)
            },
            blocked_categories=text("blocked_categories"),
            required_fields={v for v in form.getlist("required_fields") if isinstance(v, str)},
            signature=text("signature").replace("\r\n", "\n"),
            contacts=text("contacts"),
            auto_send_min_confidence=text("auto_send_min_confidence").strip(),
            pricing={name: _text(form, name).strip() for name, _, _ in PRICING_FIELDS},
            below_reach=text("below_reach").strip(),
            quote_rates=form.get("quote_rates") is not None,
        )

    def error(self, name: str) -> list[str]:
        """The errors of one field (``rate_card.<kind>`` for a rate)."""
        return self.errors.get(name, [])


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value[:32] if isinstance(value, str) else ""


def _number(value: object) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _categories(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,\n]", text) if item.strip()]


def _overlay(current: Preferences, submitted: PrefsForm) -> dict[str, Any]:
    data: dict[str, Any] = current.model_dump()
    data.update(
        reply_policy=submitted.reply_policy,
        currency=submitted.currency.upper(),
        min_budget=submitted.min_budget,
        negotiate_ratio=submitted.negotiate_ratio,
        rate_card={kind: rate for kind, rate in submitted.rates.items() if rate},
        accepted_types=sorted(submitted.accepted_types),
        accepted_platforms=sorted(submitted.accepted_platforms),
        blocked_categories=_categories(submitted.blocked_categories),
        required_fields=[f for f in ASKABLE_FIELDS if f in submitted.required_fields]
        + sorted(submitted.required_fields - set(ASKABLE_FIELDS)),
        signature=submitted.signature,
    )
    if submitted.auto_send_min_confidence:
        data["auto_send_min_confidence"] = submitted.auto_send_min_confidence
    data.update({name: value for name, value in submitted.pricing.items() if value})
    if submitted.below_reach:
        data["below_reach"] = submitted.below_reach
    data["quote_rates"] = submitted.quote_rates
    return data


def _field_name(loc: tuple[int | str, ...]) -> str:
    if not loc:
        return "preferences"
    head = str(loc[0])
    if head == "rate_card" and len(loc) > 1:
        return f"rate_card.{loc[1]}"
    return head


def validate_form(current: Preferences, submitted: PrefsForm) -> Preferences | None:
    """Validate a submitted form against :class:`Preferences`.

    Args:
        current: The stored preferences (fields the form does not show are kept).
        submitted: The submitted form; its ``errors`` are filled on failure.

    Returns:
        The new preferences, or None when a field is invalid (see ``submitted.errors``).
    """
    try:
        return Preferences.model_validate(_overlay(current, submitted))
    except ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            name = _field_name(tuple(error["loc"]))
            message = str(error["msg"])
            errors.setdefault(name, []).append(f"{name}: {message}")
        submitted.errors = errors
        return None


def validate_contacts(submitted: PrefsForm) -> tuple[str, ...] | None:
    """The submitted contacts, validated as :attr:`CreatorProfile.contacts` is.

    Returns:
        The contacts, or None when one is invalid (``submitted.errors["contacts"]`` says which).
    """
    entries = _categories(submitted.contacts)
    try:
        return CreatorProfile(id="check", contacts=tuple(entries)).contacts
    except ValidationError as exc:
        submitted.errors.setdefault("contacts", []).extend(
            f"contacts: {error['msg']}" for error in exc.errors()
        )
        return None


def summary(errors: Mapping[str, list[str]]) -> list[str]:
    """Every error message, for the summary above the form."""
    return [message for messages in errors.values() for message in messages]
