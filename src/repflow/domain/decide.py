"""The decision for one turn: pure code, from facts the engine found and the creator's rules.

The engine classifies and extracts; this module alone decides what happens next — which state
the lead moves to, whether a deal is created, whether a reply is written and whether it goes out
on its own. The model never influences any of it except through validated facts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from repflow.domain.models import (
    Category,
    DealTerms,
    Decision,
    Deliverable,
    Flag,
    PartnershipType,
    ReplyMode,
    ReplyPolicy,
)
from repflow.domain.money import Money, convert
from repflow.domain.pricing import Price, alternative_package, price_request, round_quote
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
    #: The day the message arrived: a deadline closer than ``rush_days`` is a rush.
    today: date | None = None


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
    #: The price of the requested package, answering "what's your rate?" (a NEGOTIATE).
    quote: Money | None = None
    #: What the brand's budget buys instead of the whole package (with a counter).
    alternative: tuple[Deliverable, ...] = ()


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
    """The offer's fee in the creator's currency (upper end of a range, times units).

    A gifted offer has no fee: the amount it names is the product's value, never a budget.
    """
    if terms.partnership_type is PartnershipType.GIFTED:
        return None
    amount = terms.budget_max if terms.budget_max is not None else terms.budget_min
    if amount is None:
        return None
    if terms.budget_per_unit in PER_DELIVERABLE_UNITS and terms.deliverables:
        amount *= sum(max(item.quantity, 1) for item in terms.deliverables)
    currency = terms.currency or prefs.currency
    if currency not in prefs.currency_rates or prefs.currency not in prefs.currency_rates:
        return None
    return convert(Money(amount, currency), prefs.currency, prefs.currency_rates)


def counter_offer(terms: DealTerms, prefs: Preferences, today: date | None = None) -> Money:
    """The price of the requested deliverables, never below the floor, as a round counter.

    Stated in the brand's currency (when the creator's table can convert to it), rounded up to a
    round figure, so the brand reads a number in the money it offered.
    """
    price = price_request(terms, prefs, today)
    return round_quote(price.amount, prefs, terms.currency)


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
        name = terms.partnership_type.value if terms.partnership_type else "unknown"
        return _outcome(
            Decision.DECLINE, LeadState.DECLINED, facts, prefs, f"{name} partnerships not accepted"
        )
    refused = prefs.refused_platforms(terms)
    if refused:  # issue #15: only on platforms the creator does not publish on
        named = ", ".join(platform.value for platform in refused)
        return _outcome(
            Decision.DECLINE, LeadState.DECLINED, facts, prefs, f"platform not accepted: {named}"
        )

    if facts.lead_state is LeadState.DEAL_CREATED:
        return _outcome(Decision.CONTINUE, LeadState.DEAL_CREATED, facts, prefs, "deal in progress")

    kind = terms.partnership_type
    unpaid = kind is PartnershipType.GIFTED or (
        kind is PartnershipType.AFFILIATE and terms.budget_min is None
    )
    asks_rate = terms.rate_requested and terms.budget_min is None and not unpaid
    missing = missing_fields(terms, prefs.required_fields)
    if asks_rate:
        # The brand asks for the price: the budget is ours to name, not to ask for.
        missing = tuple(name for name in missing if name != "budget")
        if not terms.deliverables and "deliverables" not in missing:
            missing = ("deliverables", *missing)
    if missing:
        unasked = tuple(name for name in missing if name not in facts.asked_fields)
        if asks_rate and "deliverables" not in missing:
            return _quote(facts, prefs, unasked)
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
            *(("rate asked before the scope is known",) if asks_rate else ()),
            "missing: " + ", ".join(unasked),
            missing_fields=unasked,
        )

    if unpaid:
        assert kind is not None
        note = " (the product's value is not a fee)" if terms.budget_min is not None else ""
        return _qualify(facts, prefs, f"{kind.value} offer accepted by preferences{note}")
    if asks_rate:
        return _quote(facts, prefs, ())

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
    return _judge(facts, prefs, value)


def _judge(facts: TurnFacts, prefs: Preferences, value: Money) -> Outcome:
    """Weigh an offer's fee against the price of what it asks for."""
    terms = facts.terms
    price = price_request(terms, prefs, facts.today)
    offered = f"offer {_n(value.amount)} {value.currency}"
    if value.amount >= price.amount:
        return _qualify(
            facts, prefs, *price.reasons, f"{offered} >= price {_n(price.amount)}: qualified"
        )
    reach = price.amount * prefs.negotiate_ratio
    if value.amount < reach and prefs.below_reach == "decline":
        return _outcome(
            Decision.DECLINE,
            LeadState.DECLINED,
            facts,
            prefs,
            *price.reasons,
            f"{offered} < {_n(prefs.negotiate_ratio)} x price = {_n(reach)}: declined",
        )
    comparison = (
        f"{offered} < price, >= {_n(prefs.negotiate_ratio)} x price = {_n(reach)}: countered"
        if value.amount >= reach
        else f"{offered} < {_n(prefs.negotiate_ratio)} x price = {_n(reach)}: countered "
        "(below_reach = counter)"
    )
    counter, note = _named_price(price, prefs, terms)
    alternative = alternative_package(terms, prefs, value.amount, facts.today) or ()
    extra = (
        ["budget buys instead: " + ", ".join(f"{d.quantity} x {d.kind.value}" for d in alternative)]
        if alternative
        else []
    )
    return _outcome(
        Decision.NEGOTIATE,
        LeadState.NEGOTIATING,
        facts,
        prefs,
        *price.reasons,
        comparison,
        *([note] if note else []),
        *extra,
        counter_offer=counter,
        alternative=alternative,
    )


def _named_price(price: Price, prefs: Preferences, terms: DealTerms) -> tuple[Money | None, str]:
    """The price as the brand may read it, or None when that would reveal the floor."""
    if price.floor_bound:
        return None, "price set by the floor: no amount named"
    money = round_quote(price.amount, prefs, terms.currency)
    if money.currency == prefs.currency and money.amount == prefs.min_budget:
        return None, "rounded price equals the floor: no amount named"
    note = f"named as {_n(money.amount)} {money.currency}"
    return money, note


def _quote(facts: TurnFacts, prefs: Preferences, missing: tuple[str, ...]) -> Outcome:
    """Answer "what's your rate?": the price of the package, or a question for scope and budget."""
    terms = facts.terms
    price = price_request(terms, prefs, facts.today)
    quote, note = _named_price(price, prefs, terms) if prefs.quote_rates else (None, "")
    if quote is None:
        why = note if prefs.quote_rates else "quoting is off (quote_rates = false)"
        ask = ("budget", *(name for name in missing if name != "budget"))
        unasked = tuple(name for name in ask if name not in facts.asked_fields)
        if not unasked:
            return _outcome(
                Decision.REVIEW,
                LeadState.NEEDS_REVIEW,
                facts,
                prefs,
                f"rate asked; {why}; budget already asked",
            )
        return _outcome(
            Decision.ASK_INFO,
            LeadState.INFO_GATHERING,
            facts,
            prefs,
            f"rate asked; {why}: asking for scope and budget",
            missing_fields=unasked,
        )
    return _outcome(
        Decision.NEGOTIATE,
        LeadState.NEGOTIATING,
        facts,
        prefs,
        *price.reasons,
        f"rate asked: quoted {_n(quote.amount)} {quote.currency}",
        *(("also asking: " + ", ".join(missing),) if missing else ()),
        quote=quote,
        missing_fields=missing,
    )


def _n(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _qualify(facts: TurnFacts, prefs: Preferences, *reasons: str) -> Outcome:
    # QUALIFIED is passed through on the way to DEAL_CREATED in the same turn.
    current = facts.lead_state or LeadState.NEW
    if not can_transition_lead(current, LeadState.QUALIFIED):
        return _outcome(
            Decision.REVIEW,
            LeadState.NEEDS_REVIEW,
            facts,
            prefs,
            *reasons,
            "cannot qualify from " + current.value,
        )
    return Outcome(
        Decision.CONTINUE,
        LeadState.DEAL_CREATED,
        reply_mode(Decision.CONTINUE, prefs.reply_policy),
        tuple(reasons),
        create_deal=True,
        flags=tuple(sorted(facts.flags)),
    )
