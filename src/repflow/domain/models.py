"""Domain entities and value types: creators, leads, conversations, deals, messages.

Pure data and rules, no I/O. Every entity has exactly one identifier field, ``id``, a string
(UUID4 hex for entities we create; thread ids come from the mail layer).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


def new_id() -> str:
    """A fresh entity id (32 hex characters)."""
    return uuid.uuid4().hex


class PartnershipType(StrEnum):
    """How the creator is paid."""

    FLAT_FEE = "flat_fee"
    AFFILIATE = "affiliate"
    HYBRID = "hybrid"
    GIFTED = "gifted"
    UGC = "ugc"


class Platform(StrEnum):
    """Where the content runs (lower-case names, as in the JSON contract)."""

    YOUTUBE = "youtube"
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    TWITCH = "twitch"
    PODCAST = "podcast"
    NEWSLETTER = "newsletter"
    X = "x"
    FACEBOOK = "facebook"
    LINKEDIN = "linkedin"
    SNAPCHAT = "snapchat"
    PINTEREST = "pinterest"
    BLOG = "blog"
    KICK = "kick"


class DeliverableKind(StrEnum):
    """A unit of content a brand can buy; the rate card prices each one."""

    YOUTUBE_INTEGRATION = "youtube_integration"
    YOUTUBE_DEDICATED = "youtube_dedicated"
    YOUTUBE_SHORT = "youtube_short"
    INSTAGRAM_REEL = "instagram_reel"
    INSTAGRAM_STORY = "instagram_story"
    INSTAGRAM_POST = "instagram_post"
    TIKTOK_VIDEO = "tiktok_video"
    TWITCH_STREAM = "twitch_stream"
    PODCAST_READ = "podcast_read"
    NEWSLETTER_MENTION = "newsletter_mention"
    X_POST = "x_post"
    BLOG_POST = "blog_post"
    UGC_VIDEO = "ugc_video"
    OTHER = "other"


#: The platform each deliverable kind runs on (None: platform-neutral).
DELIVERABLE_PLATFORM: dict[DeliverableKind, Platform | None] = {
    DeliverableKind.YOUTUBE_INTEGRATION: Platform.YOUTUBE,
    DeliverableKind.YOUTUBE_DEDICATED: Platform.YOUTUBE,
    DeliverableKind.YOUTUBE_SHORT: Platform.YOUTUBE,
    DeliverableKind.INSTAGRAM_REEL: Platform.INSTAGRAM,
    DeliverableKind.INSTAGRAM_STORY: Platform.INSTAGRAM,
    DeliverableKind.INSTAGRAM_POST: Platform.INSTAGRAM,
    DeliverableKind.TIKTOK_VIDEO: Platform.TIKTOK,
    DeliverableKind.TWITCH_STREAM: Platform.TWITCH,
    DeliverableKind.PODCAST_READ: Platform.PODCAST,
    DeliverableKind.NEWSLETTER_MENTION: Platform.NEWSLETTER,
    DeliverableKind.X_POST: Platform.X,
    DeliverableKind.BLOG_POST: Platform.BLOG,
    DeliverableKind.UGC_VIDEO: None,
    DeliverableKind.OTHER: None,
}


@dataclass(frozen=True, slots=True)
class Deliverable:
    """``quantity`` pieces of one kind of content."""

    kind: DeliverableKind
    quantity: int = 1

    @property
    def platform(self) -> Platform | None:
        """The platform this deliverable runs on, if any."""
        return DELIVERABLE_PLATFORM[self.kind]


class Category(StrEnum):
    """What an inbound email is."""

    SPONSORSHIP = "sponsorship"
    DEAL_FOLLOW_UP = "deal_follow_up"
    VENDOR_PITCH = "vendor_pitch"
    SCAM = "scam"
    NEWSLETTER = "newsletter"
    PERSONAL = "personal"
    FAN_MAIL = "fan_mail"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    SPAM = "spam"
    OTHER = "other"


class Decision(StrEnum):
    """What Repflow does with a turn; chosen by code, never by the model."""

    ASK_INFO = "ask_info"
    CONTINUE = "continue"
    NEGOTIATE = "negotiate"
    DECLINE = "decline"
    REVIEW = "review"
    IGNORE = "ignore"


#: How a decision reads to people (tables, dashboard): ``continue`` is an offer that qualified.
#: The JSON contract keeps the values themselves.
DECISION_LABELS: dict[str, str] = {Decision.CONTINUE.value: "qualified"}


def decision_label(value: str | None) -> str:
    """The word people read for a decision value (``continue`` -> ``qualified``)."""
    return DECISION_LABELS.get(value or "", value or "")


class ReplyPolicy(StrEnum):
    """How much the creator lets Repflow send on its own (DESIGN.md §7)."""

    REVIEW = "review"
    ASSIST = "assist"
    AUTOPILOT = "autopilot"


class ReplyMode(StrEnum):
    """Whether a reply goes out now or waits for the creator."""

    AUTO = "auto"
    DRAFT = "draft"


class Flag(StrEnum):
    """Risk markers that force a human look."""

    SCAM = "scam"
    PROMPT_INJECTION = "prompt_injection"
    DMARC_FAIL = "dmarc_fail"
    LLM_FAILED = "llm_failed"
    LOW_CONFIDENCE = "low_confidence"
    UNVERIFIED_EXTRACTION = "unverified_extraction"
    BLOCKED_CATEGORY = "blocked_category"
    #: Risk signals below a scam verdict: still, nothing goes out without a human.
    SUSPICIOUS = "suspicious"
    #: The thread hit its reply rate limit (a loop or a flood): no reply, the creator looks.
    RATE_LIMITED = "rate_limited"
    #: An automatic reply was held back as a draft by the auto-send gate (reasons say why).
    HELD_FOR_APPROVAL = "held_for_approval"
    #: The sender failed SPF, DKIM or DMARC at the receiving server.
    AUTH_FAILED = "auth_failed"
    #: The engine's draft failed the outgoing-text checks; the template reply replaced it.
    DRAFT_REPLACED = "draft_replaced"


class Direction(StrEnum):
    """Whether a stored message came in or went out."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


@dataclass(frozen=True, slots=True)
class DealTerms:
    """The terms of an offer as far as they are known. Amounts are in ``currency``."""

    brand: str | None = None
    agency: str | None = None
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    currency: str | None = None
    budget_per_unit: str | None = None
    partnership_type: PartnershipType | None = None
    deliverables: tuple[Deliverable, ...] = ()
    platforms: tuple[Platform, ...] = ()
    deadline: str | None = None
    usage_rights: str | None = None
    exclusivity: str | None = None
    product_category: str | None = None
    #: The brand asks for a rush ("ASAP", "dringend", "urgente"): priced as a rush.
    rush: bool = False
    #: This message asks what the creator charges ("what's your rate?") rather than offering
    #: a budget. Not kept from earlier messages: it is a question of one turn.
    rate_requested: bool = False

    def merged_with(self, newer: DealTerms) -> DealTerms:
        """These terms updated by what a later message states (known values are kept)."""
        budget_known = newer.budget_min is not None or newer.budget_max is not None
        return DealTerms(
            brand=newer.brand or self.brand,
            agency=newer.agency or self.agency,
            budget_min=newer.budget_min if budget_known else self.budget_min,
            budget_max=newer.budget_max if budget_known else self.budget_max,
            currency=(newer.currency or self.currency) if budget_known else self.currency,
            budget_per_unit=newer.budget_per_unit if budget_known else self.budget_per_unit,
            partnership_type=newer.partnership_type or self.partnership_type,
            deliverables=newer.deliverables or self.deliverables,
            platforms=tuple(dict.fromkeys((*self.platforms, *newer.platforms))),
            deadline=newer.deadline or self.deadline,
            usage_rights=newer.usage_rights or self.usage_rights,
            exclusivity=newer.exclusivity or self.exclusivity,
            product_category=newer.product_category or self.product_category,
            rush=newer.rush or self.rush,
            rate_requested=newer.rate_requested,
        )


@dataclass(slots=True)
class Lead:
    """One brand opportunity, tied to one mail thread."""

    id: str
    creator_id: str
    thread_id: str
    state: str
    terms: DealTerms = field(default_factory=DealTerms)
    flags: tuple[str, ...] = ()
    counterparty: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    #: What "not an offer" replaced, so the creator can undo it: ``{"state": ..., "conversation":
    #: ..., "drafts": [outbox ids]}``; None when there is nothing to undo.
    undo: dict[str, Any] | None = None


@dataclass(slots=True)
class Conversation:
    """The back-and-forth of one thread with one counterparty."""

    id: str
    creator_id: str
    thread_id: str
    state: str
    subject: str = ""
    asked_fields: tuple[str, ...] = ()


@dataclass(slots=True)
class Deal:
    """A qualified lead the creator's backend tracks to completion."""

    id: str
    creator_id: str
    lead_id: str
    thread_id: str
    stage: str
    terms: DealTerms
    created_at: datetime | None = None
    #: The stages reached after ``new``, oldest first, as stored (see
    #: :mod:`repflow.domain.deals`): ``{"stage", "on", "amount", "currency"}``.
    milestones: tuple[dict[str, Any], ...] = ()
