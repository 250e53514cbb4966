"""Creator profiles and preferences: what a creator accepts, charges and lets Repflow send.

These are pydantic models (frozen, unknown keys forbidden) so that ``repflow.toml`` and the API
validate against the same definition and an invalid value is reported with its key path.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from repflow.domain.models import (
    DealTerms,
    DeliverableKind,
    PartnershipType,
    Platform,
    ReplyPolicy,
)
from repflow.domain.money import DEFAULT_RATES_TO_USD

#: Fields a lead can be asked for; ``required_fields`` must name some of these.
ASKABLE_FIELDS: tuple[str, ...] = (
    "brand",
    "budget",
    "deliverables",
    "platforms",
    "deadline",
    "usage_rights",
    "partnership_type",
)

#: A contact entry: ``name@domain`` or ``@domain`` (no spaces, one ``@``, a dotted domain).
_CONTACT = re.compile(r"[^@\s]{0,64}@[a-z0-9](?:[a-z0-9-]{0,62}\.){1,8}[a-z0-9-]{1,63}")

Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
#: A price on the rate card: zero (free) or more, never negative.
Price = Annotated[Decimal, Field(ge=0)]
#: The value of one unit of a currency: a multiplier, so strictly positive.
Rate = Annotated[Decimal, Field(gt=0)]


def _default_rate_card() -> dict[DeliverableKind, Decimal]:
    return {
        DeliverableKind.YOUTUBE_INTEGRATION: Decimal(2500),
        DeliverableKind.YOUTUBE_DEDICATED: Decimal(6000),
        DeliverableKind.YOUTUBE_SHORT: Decimal(800),
        DeliverableKind.INSTAGRAM_REEL: Decimal(1200),
        DeliverableKind.INSTAGRAM_STORY: Decimal(400),
        DeliverableKind.INSTAGRAM_POST: Decimal(900),
        DeliverableKind.TIKTOK_VIDEO: Decimal(1000),
        DeliverableKind.TWITCH_STREAM: Decimal(1500),
        DeliverableKind.PODCAST_READ: Decimal(1000),
        DeliverableKind.NEWSLETTER_MENTION: Decimal(600),
        DeliverableKind.X_POST: Decimal(300),
        DeliverableKind.BLOG_POST: Decimal(700),
        DeliverableKind.UGC_VIDEO: Decimal(500),
        DeliverableKind.OTHER: Decimal(1000),
    }


class Preferences(BaseModel):
    """How a creator wants offers weighed and answered."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    currency: Currency = "USD"
    min_budget: Decimal = Field(default=Decimal(1000), ge=0)
    #: An offer below the price of the request but at or above ``negotiate_ratio`` times it is
    #: countered at the price; below that, ``below_reach`` says what happens.
    negotiate_ratio: Decimal = Field(default=Decimal("0.5"), gt=0, le=1)
    #: What happens to an offer below ``negotiate_ratio`` times the price: a polite decline or
    #: a counter at the price all the same.
    below_reach: Literal["decline", "counter"] = "decline"
    #: Answer "what's your rate?" with the price of the requested package (else ask the brand
    #: for its scope and budget).
    quote_rates: bool = True
    #: Surcharges, as shares of the rate-card price of the deliverables (0.1 = +10%).
    #: Paid usage (ads) per month of usage; one month when the brand states no duration.
    paid_usage_monthly: Decimal = Field(default=Decimal("0.1"), ge=0, le=10)
    #: Paid usage without end (and the cap of the monthly surcharge).
    paid_usage_perpetual: Decimal = Field(default=Decimal("1"), ge=0, le=10)
    #: Whitelisting / Spark Ads (ads run from the creator's account).
    whitelisting_fee: Decimal = Field(default=Decimal("0.2"), ge=0, le=10)
    #: Exclusivity in the product's category, per month.
    exclusivity_category_monthly: Decimal = Field(default=Decimal("0.1"), ge=0, le=10)
    #: Exclusivity beyond one category, per month.
    exclusivity_full_monthly: Decimal = Field(default=Decimal("0.25"), ge=0, le=10)
    #: A rush: the brand asks for one, or the deadline is fewer than ``rush_days`` days away.
    rush_fee: Decimal = Field(default=Decimal("0.25"), ge=0, le=10)
    rush_days: int = Field(default=7, ge=0, le=365)
    #: Value of one unit of each currency in a common base (editable; see money.convert).
    currency_rates: dict[Currency, Rate] = Field(default_factory=lambda: dict(DEFAULT_RATES_TO_USD))
    #: Price per deliverable, in ``currency``.
    rate_card: dict[DeliverableKind, Price] = Field(default_factory=_default_rate_card)
    #: Where the creator publishes: an offer only for other platforms is declined.
    accepted_platforms: frozenset[Platform] = Field(default=frozenset(Platform), min_length=1)
    accepted_types: frozenset[PartnershipType] = frozenset(
        {PartnershipType.FLAT_FEE, PartnershipType.HYBRID, PartnershipType.UGC}
    )
    blocked_categories: frozenset[str] = frozenset(
        {"gambling", "crypto", "adult", "tobacco", "vaping", "weapons", "payday_loans"}
    )
    required_fields: tuple[str, ...] = ("budget", "deliverables", "deadline")
    reply_policy: ReplyPolicy = ReplyPolicy.ASSIST
    #: Below this classification confidence an offer goes to review.
    min_confidence: float = Field(default=0.55, ge=0, le=1)
    #: Below this offer-evidence confidence no reply goes out on its own (it waits as a draft;
    #: see :mod:`repflow.domain.autosend`).
    auto_send_min_confidence: float = Field(default=0.75, ge=0, le=1)
    signature: str = ""

    @field_validator("required_fields")
    @classmethod
    def _known_fields(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [name for name in value if name not in ASKABLE_FIELDS]
        if unknown:
            raise ValueError(f"unknown field(s) {unknown}; choose from {list(ASKABLE_FIELDS)}")
        return value

    @field_validator("blocked_categories")
    @classmethod
    def _lower_categories(cls, value: frozenset[str]) -> frozenset[str]:
        return frozenset(item.strip().lower() for item in value if item.strip())

    def refused_platforms(self, terms: DealTerms) -> tuple[Platform, ...]:
        """The offer's platforms when none of them is one the creator accepts, else ``()``.

        The platforms are the stated ones and those of the deliverables; an offer that names
        none, or names at least one accepted platform, is not refused for its platforms.
        """
        named = dict.fromkeys(terms.platforms)
        named.update(dict.fromkeys(p for p in (d.platform for d in terms.deliverables) if p))
        if not named or any(platform in self.accepted_platforms for platform in named):
            return ()
        return tuple(named)


class CreatorProfile(BaseModel):
    """A creator: who they are, where their mail arrives, and their preferences."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = ""
    #: Repflow inbound addresses of this creator (lower-case).
    addresses: tuple[str, ...] = ()
    #: The address replies are sent from (defaults to the first inbound address).
    reply_from: str | None = None
    #: The creator's own people (manager, editor, accountant): addresses, or ``@domain`` for a
    #: whole domain. Their mail is never answered on its own.
    contacts: tuple[str, ...] = ()
    preferences: Preferences = Field(default_factory=Preferences)

    @field_validator("addresses")
    @classmethod
    def _lower_addresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(item.strip().lower() for item in value)

    @field_validator("contacts")
    @classmethod
    def _valid_contacts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned: list[str] = []
        for item in value:
            entry = item.strip().lower()
            if not _CONTACT.fullmatch(entry):
                raise ValueError(f"{item!r} is neither an address nor @domain")
            cleaned.append(entry)
        return tuple(dict.fromkeys(cleaned))

    @property
    def sender_address(self) -> str | None:
        """The From address of this creator's replies."""
        return self.reply_from or (self.addresses[0] if self.addresses else None)


DEFAULT_CREATOR_ID = "default"
