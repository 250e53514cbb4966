"""The decision for one turn: pure code, from facts the engine found and the creator's rules.

The engine classifies and extracts; this module alone decides what happens next — which state
the lead moves to, whether a deal is created, whether a reply is written and whether it goes out
on its own. The model never influences any of it except through validated facts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from repflow.domain.models import (
    Category,
    DealTerms,
    Decision,
    Flag,
    PartnershipType,
    ReplyMode,
    ReplyPolicy,
)
from repflow.domain.money import Money, convert
from repflow.domain.profile import Preferences
from repflow.domain.states import LeadState, can_transition_lead

#: Flags under which nothing is ever sent: a human looks first.
REVIEW_FLAGS: frozenset[str] = frozenset(
    {
        Flag.SCAM,
        Flag.PROMPT_INJECTION,
        Flag.DMARC_FAIL,
        Flag.LLM_FAILED,
        Flag.LOW_CONFIDENCE,
        Flag.UNVERIFIED_EXTRACTION,
        Flag.SUSPICIOUS,
    }
)

#: Lead states in which a thread is a live deal conversation.
ACTIVE_STATES: frozenset[LeadState] = frozenset(
    {
        LeadState.NEW,
        LeadState.INFO_GATHERING,
        LeadState.QUALIFIED,
        LeadState.NEGOTIATING,
        LeadState.DEAL_CREATED,
    }
)


#: Per-unit budgets that scale with the number of deliverables ("$800 per video"); others
#: ("per month", "per hour", "CPM") cannot be totalled from the deliverables.
PER_DELIVERABLE_UNITS: frozenset[str | None] = frozenset(
    {
        "video",
        "post",
        "reel",
        "story",
        "deliverable",
        "short",
        "tiktok",
        "episode",
        "piece",
        "item",
        "content",
        "integration",
        "stream",
        "mention",
        "ad",
        "read",
        "article",
        "newsletter",
    }
)


@dataclass(frozen=True, slots=True)
class TurnFacts:
    """What is known about a thread after the engine read its newest inbound message.

    ``terms`` are the thread's terms merged with this message's; ``asked_fields`` what earlier
    replies already asked the brand for.
    """

    category: Category
    is_offer: bool
    confidence: float
    terms: DealTerms
    flags: frozenset[str] = frozenset()
    lead_state: LeadState | None = None
    asked_fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    """The decision for a turn and everything that follows from it."""

    decision: Decision
    lead_state: LeadState | None
    reply_mode: ReplyMode | None
    reasons: tuple[str, ...] = ()
    missing_fields: tuple[str, ...] = ()
    counter_offer: Money | None = None
    create_deal: bool = False
    flags: tuple[str, ...] = field(default=())


def missing_fields(terms: DealTerms, required: Collection[str]) -> tuple[str, ...]:
    """The required fields ``terms`` leave unanswered, in the order they were required.

    A gifted or affiliate-only offer has no budget to ask for, and a gift with no obligation to
    post has no deadline either.
    """
    unpaid = terms.partnership_type in (PartnershipType.GIFTED, PartnershipType.AFFILIATE)
    present = {
        "brand": terms.brand is not None,
        "budget": terms.budget_min is not None or unpaid,
        "deliverables": bool(terms.deliverables),
        "platforms": bool(terms.platforms) or bool(terms.deliverables),
        "deadline": terms.deadline is not None or terms.partnership_type is PartnershipType.GIFTED,
        "usage_rights": terms.usage_rights is not None,
        "partnership_type": terms.partnership_type is not None,
    }
    return tuple(name for name in required if not present.get(name, True))


def type_accepted(kind: PartnershipType | None, accepted: Collection[PartnershipType]) -> bool:
    """Whether the creator takes this kind of partnership (unknown kinds are not refused).

    A hybrid deal carries a fixed fee, so it is acceptable to a creator who takes flat fees.
    """
    if kind is None or kind in accepted:
        return True
    return kind is PartnershipType.HYBRID and PartnershipType.FLAT_FEE in accepted


def offer_value(terms: DealTerms, prefs: Preferences) -> Money | None:
    """The offer's total in the creator's currency (upper end of a range, times units)."""
    amount = terms.budget_max if terms.budget_max is not None else terms.budget_min
    if amount is None:
        return None
    if terms.budget_per_unit in PER_DELIVERABLE_UNITS and terms.deliverables:
        amount *= sum(max(item.quantity, 1) for item in terms.deliverables)
    currency = terms.currency or prefs.currency
    if currency not in prefs.currency_rates or prefs.currency not in prefs.currency_rates:
        return None
    return convert(Money(amount, currency), prefs.currency, prefs.currency_rates)


def counter_offer(terms: DealTerms, prefs: Preferences) -> Money:
    """A counter from the rate card for the requested deliverables, never below the floor.

    Stated in the brand's currency (when the creator's table can convert to it), rounded up to a
    round figure, so the brand reads a number in the money it offered.
    """
    priced = prefs.price(terms.deliverables) or Decimal(0)
    amount = max(priced, prefs.min_budget)
    target = terms.currency if terms.currency in prefs.currency_rates else prefs.currency
    money = convert(Money(amount, prefs.currency), target, prefs.currency_rates)
    step = Decimal(50) if money.amount < 5000 else Decimal(100)
    rounded = (money.amount / step).quantize(Decimal(1), rounding=ROUND_UP) * step
    return Money(rounded.quantize(Decimal(1), rounding=ROUND_HALF_UP), money.currency)


def reply_mode(decision: Decision, policy: ReplyPolicy) -> ReplyMode | None:
    """Whether a reply for ``decision`` goes out on its own under ``policy`` (DESIGN.md §7)."""
    if decision in (Decision.REVIEW, Decision.IGNORE):
        return None
    if policy is ReplyPolicy.REVIEW:
        return ReplyMode.DRAFT
    if policy is ReplyPolicy.AUTOPILOT:
        return ReplyMode.AUTO
    # assist: asking and politely declining commit the creator to nothing.
    if decision in (Decision.ASK_INFO, Decision.DECLINE):
        return ReplyMode.AUTO
    return ReplyMode.DRAFT


def _outcome(
    decision: Decision,
    target: LeadState | None,
    facts: TurnFacts,
    prefs: Preferences,
    *reasons: str,
    **extra: object,
) -> Outcome:
    if (
        target is not None
        and facts.lead_state is not None
        and not can_transition_lead(facts.lead_state, target)
    ):
        # The table forbids the move (e.g. a deal already created cannot be re-qualified):
        # a human decides rather than the code forcing a state.
        return Outcome(
            Decision.REVIEW,
            facts.lead_state
            if facts.lead_state is LeadState.NEEDS_REVIEW
            else LeadState.NEEDS_REVIEW,
            None,
            (*reasons, f"transition {facts.lead_state.value}->{target.value} needs a human"),
            flags=tuple(sorted(facts.flags)),
        )
    return Outcome(
        decision,
        target,
        reply_mode(decision, prefs.reply_policy),
        tuple(reasons),
        flags=tuple(sorted(facts.flags)),
        **extra,  # type: ignore[arg-type]
    )


def decide(facts: TurnFacts, prefs: Preferences) -> Outcome:
    """Decide what to do with one turn of a thread.

    Args:
        facts: the classified, extracted and validated facts of the turn.
        prefs: the creator's preferences.

    Returns:
        The outcome: decision, new lead state, reply mode and what the reply must contain.
    """
    in_deal_thread = facts.lead_state in ACTIVE_STATES and facts.lead_state is not LeadState.NEW
    if not facts.is_offer and not in_deal_thread:
        if facts.flags & {Flag.SCAM, Flag.PROMPT_INJECTION}:
            return _outcome(
                Decision.REVIEW, LeadState.NEEDS_REVIEW, facts, prefs, "risk flags on a non-offer"
            )
        return _outcome(
            Decision.IGNORE,
            None if facts.lead_state is None else facts.lead_state,
            facts,
            prefs,
            f"not an offer ({facts.category.value})",
        )

    risky = sorted(facts.flags & REVIEW_FLAGS)
    if risky:
        return _outcome(
            Decision.REVIEW, LeadState.NEEDS_REVIEW, facts, prefs, "flagged: " + ", ".join(risky)
        )
    if facts.confidence < prefs.min_confidence and not in_deal_thread:
        return _outcome(
            Decision.REVIEW,
            LeadState.NEEDS_REVIEW,
            facts,
            prefs,
            f"low confidence {facts.confidence:.2f}",
        )

    terms = facts.terms
    category = (terms.product_category or "").lower()
    if category and category in prefs.blocked_categories:
        return _outcome(
            Decision.DECLINE, LeadState.DECLINED, facts, prefs, f"blocked category {category}"
        )
    if not type_accepted(terms.partnership_type, prefs.accepted_types):
        kind = terms.partnership_type.value if terms.partnership_type else "unknown"
        return _outcome(
            Decision.DECLINE, LeadState.DECLINED, facts, prefs, f"{kind} partnerships not accepted"
        )
    refused = prefs.refused_platforms(terms)
    if refused:  # issue #15: only on platforms the creator does not publish on
        named = ", ".join(platform.value for platform in refused)
        return _outcome(
            Decision.DECLINE, LeadState.DECLINED, facts, prefs, f"platform not accepted: {named}"
        )

    if facts.lead_state is LeadState.DEAL_CREATED:
        return _outcome(Decision.CONTINUE, LeadState.DEAL_CREATED, facts, prefs, "deal in progress")

    missing = missing_fields(terms, prefs.required_fields)
    if missing:
        unasked = tuple(name for name in missing if name not in facts.asked_fields)
        if not unasked:
            # Already asked once and still unanswered: asking again would loop.
            return _outcome(
                Decision.REVIEW,
                LeadState.NEEDS_REVIEW,
                facts,
                prefs,
                "missing after asking: " + ", ".join(missing),
            )
        return _outcome(
            Decision.ASK_INFO,
            LeadState.INFO_GATHERING,
            facts,
            prefs,
            "missing: " + ", ".join(unasked),
            missing_fields=unasked,
        )

    if (
        terms.partnership_type in (PartnershipType.GIFTED, PartnershipType.AFFILIATE)
        and terms.budget_min is None
    ):
        return _qualify(
            facts, prefs, f"{terms.partnership_type.value} offer accepted by preferences"
        )

    value = offer_value(terms, prefs)
    if value is None:
        if terms.budget_min is None:
            return (
                _outcome(
                    Decision.ASK_INFO,
                    LeadState.INFO_GATHERING,
                    facts,
                    prefs,
                    "no budget stated",
                    missing_fields=("budget",),
                )
                if "budget" not in facts.asked_fields
                else _outcome(
                    Decision.REVIEW, LeadState.NEEDS_REVIEW, facts, prefs, "budget still unknown"
                )
            )
        return _outcome(
            Decision.REVIEW,
            LeadState.NEEDS_REVIEW,
            facts,
            prefs,
            f"cannot convert {terms.currency}",
        )
    floor = prefs.min_budget
    if value.amount >= floor:
        return _qualify(
            facts, prefs, f"offer {value.amount:.0f} {value.currency} >= floor {floor:.0f}"
        )
    if value.amount >= floor * prefs.negotiate_ratio:
        counter = counter_offer(terms, prefs)
        return _outcome(
            Decision.NEGOTIATE,
            LeadState.NEGOTIATING,
            facts,
            prefs,
            f"offer {value.amount:.0f} {value.currency} below floor, within reach",
            counter_offer=counter,
        )
    return _outcome(
        Decision.DECLINE,
        LeadState.DECLINED,
        facts,
        prefs,
        f"offer {value.amount:.0f} {value.currency} far below floor",
    )


def _qualify(facts: TurnFacts, prefs: Preferences, reason: str) -> Outcome:
    # QUALIFIED is passed through on the way to DEAL_CREATED in the same turn.
    current = facts.lead_state or LeadState.NEW
    if not can_transition_lead(current, LeadState.QUALIFIED):
        return _outcome(
            Decision.REVIEW,
            LeadState.NEEDS_REVIEW,
            facts,
            prefs,
            reason,
            "cannot qualify from " + current.value,
        )
    return Outcome(
        Decision.CONTINUE,
        LeadState.DEAL_CREATED,
        reply_mode(Decision.CONTINUE, prefs.reply_policy),
        (reason,),
        create_deal=True,
        flags=tuple(sorted(facts.flags)),
    )
