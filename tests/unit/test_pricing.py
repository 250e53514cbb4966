"""The price of a request (rate card + surcharges) and every branch of judging an offer by it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repflow.domain.decide import TurnFacts, decide
from repflow.domain.models import (
    Category,
    DealTerms,
    Decision,
    Deliverable,
    DeliverableKind,
    PartnershipType,
)
from repflow.domain.pricing import (
    alternative_package,
    exclusivity_share,
    months_in,
    price_request,
    usage_share,
)
from repflow.domain.profile import Preferences
from repflow.domain.states import LeadState

DEDICATED = Deliverable(DeliverableKind.YOUTUBE_DEDICATED)
SHORTS = Deliverable(DeliverableKind.YOUTUBE_SHORT, 2)
INTEGRATION = Deliverable(DeliverableKind.YOUTUBE_INTEGRATION)
REELS = Deliverable(DeliverableKind.INSTAGRAM_REEL, 2)

#: The issue's card: a dedicated video and two Shorts come to 9,800; an integration and two
#: Reels to 7,600.
CARD = {
    DeliverableKind.YOUTUBE_DEDICATED: Decimal(8200),
    DeliverableKind.YOUTUBE_SHORT: Decimal(800),
    DeliverableKind.YOUTUBE_INTEGRATION: Decimal(5200),
    DeliverableKind.INSTAGRAM_REEL: Decimal(1200),
}
PREFS = Preferences(
    currency="USD",
    min_budget=Decimal(1500),
    rate_card=CARD,
    accepted_types=frozenset({PartnershipType.FLAT_FEE, PartnershipType.HYBRID}),
    required_fields=("budget", "deliverables"),
)


def offer(amount: int | Decimal | None, *items: Deliverable, **kw: object) -> DealTerms:
    values: dict[str, object] = {
        "brand": "TrailForge",
        "budget_min": None if amount is None else Decimal(amount),
        "budget_max": None if amount is None else Decimal(amount),
        "currency": "USD" if amount is not None else None,
        "partnership_type": PartnershipType.FLAT_FEE,
        "deliverables": items or (DEDICATED, SHORTS),
    }
    values.update(kw)
    return DealTerms(**values)  # type: ignore[arg-type]


def decided(terms: DealTerms, prefs: Preferences = PREFS, **kw: object):
    values: dict[str, object] = {
        "category": Category.SPONSORSHIP,
        "is_offer": True,
        "confidence": 0.9,
        "terms": terms,
    }
    values.update(kw)
    return decide(TurnFacts(**values), prefs)  # type: ignore[arg-type]


# -- the price --------------------------------------------------------------------------------


def test_card_price_counts_quantities():
    price = price_request(offer(None), PREFS)
    assert price.amount == Decimal(9800)
    assert price.content == Decimal(9800)
    assert not price.floor_bound
    assert any("1 x youtube_dedicated at 8200" in r for r in price.reasons)
    assert any("2 x youtube_short at 800" in r for r in price.reasons)
    assert price.reasons[-1] == "price 9800 USD"


def test_thirty_days_paid_usage_is_priced():
    price = price_request(offer(None, usage_rights="paid usage 30 days"), PREFS)
    assert price.amount == Decimal(9800) * Decimal("1.1")
    assert any("paid usage 1 month(s)" in r for r in price.reasons)


@pytest.mark.parametrize(
    ("usage", "share"),
    [
        ("paid usage 90 days", Decimal("0.3")),
        ("paid usage 6 months, whitelisting", Decimal("0.8")),
        ("paid usage", Decimal("0.1")),  # no duration: one month
        ("paid usage perpetual", Decimal(1)),
        ("paid usage 3 years", Decimal(1)),  # capped at perpetual
        ("organic only", Decimal(0)),
        ("whitelisting", Decimal("0.3")),  # ads from the creator's account are paid usage
        (None, Decimal(0)),
    ],
)
def test_usage_shares(usage: str | None, share: Decimal):
    assert usage_share(usage, PREFS)[0] == share


@pytest.mark.parametrize(
    ("exclusivity", "share"),
    [
        ("category exclusivity 30 days", Decimal("0.1")),
        ("category exclusivity 3 months", Decimal("0.3")),
        ("exclusivity 2 months", Decimal("0.5")),
        ("exclusivity", Decimal("0.25")),
        ("none", Decimal(0)),
    ],
)
def test_exclusivity_shares(exclusivity: str, share: Decimal):
    assert exclusivity_share(exclusivity, PREFS)[0] == share


def test_months():
    assert months_in("paid usage 45 days") == Decimal(2)
    assert months_in("1 year") == Decimal(12)
    assert months_in("perpetual") is None


def test_rush_by_cue_and_by_deadline():
    assert price_request(offer(None, rush=True), PREFS).amount == Decimal(9800) * Decimal("1.25")
    near = offer(None, deadline="2026-03-05")
    assert price_request(near, PREFS, today=date(2026, 3, 1)).amount == Decimal(12250)
    assert price_request(near, PREFS, today=date(2026, 2, 1)).amount == Decimal(9800)
    assert price_request(near, PREFS).amount == Decimal(9800)  # no date known: no rush


def test_unknown_deliverables_fall_back_to_the_floor_and_are_named():
    terms = offer(None, Deliverable(DeliverableKind.TWITCH_STREAM), INTEGRATION)
    price = price_request(terms, PREFS)
    assert price.amount == Decimal(1500) + Decimal(5200)
    assert price.unknown == (DeliverableKind.TWITCH_STREAM,)
    assert any("not on the rate card: twitch_stream" in r for r in price.reasons)


def test_price_never_below_the_floor():
    cheap = Preferences(min_budget=Decimal(5000), rate_card=CARD)
    price = price_request(offer(None, INTEGRATION), cheap)
    assert price.amount == Decimal(5200)
    price = price_request(offer(None, Deliverable(DeliverableKind.YOUTUBE_SHORT)), cheap)
    assert price.amount == Decimal(5000)
    assert price.floor_bound


# -- judging an offer -------------------------------------------------------------------------


def test_issue_case_9000_for_9800_is_countered_at_the_price():
    outcome = decided(offer(9000))
    assert outcome.decision is Decision.NEGOTIATE
    assert outcome.counter_offer is not None
    assert (outcome.counter_offer.amount, outcome.counter_offer.currency) == (9800, "USD")
    assert any("offer 9000 USD < price" in r for r in outcome.reasons)
    # 9,000 buys the dedicated video and one Short (9,000): said instead of "fewer deliverables"
    assert outcome.alternative == (DEDICATED, Deliverable(DeliverableKind.YOUTUBE_SHORT, 1))


def test_issue_case_euro_integration_and_reels_is_not_accepted():
    terms = offer(5000, INTEGRATION, REELS, currency="EUR")
    outcome = decided(terms)
    assert outcome.decision is Decision.NEGOTIATE
    assert outcome.counter_offer is not None
    assert outcome.counter_offer.currency == "EUR"  # in the money the brand wrote in
    assert outcome.counter_offer.amount * Decimal("1.08") >= Decimal(7600)
    assert any("offer 5400 USD" in r for r in outcome.reasons)  # compared in the creator's


def test_offer_at_or_above_the_price_qualifies():
    outcome = decided(offer(9800))
    assert outcome.decision is Decision.CONTINUE
    assert outcome.create_deal
    assert any(">= price 9800: qualified" in r for r in outcome.reasons)


def test_far_below_declines_or_counters_per_preference():
    assert decided(offer(3000)).decision is Decision.DECLINE
    countering = PREFS.model_copy(update={"below_reach": "counter"})
    outcome = decided(offer(3000), countering)
    assert outcome.decision is Decision.NEGOTIATE
    assert outcome.counter_offer is not None


def test_single_deliverable_counter_offers_no_alternative():
    outcome = decided(offer(4000, INTEGRATION))
    assert outcome.decision is Decision.NEGOTIATE
    assert outcome.alternative == ()


def test_floor_bound_price_is_never_named():
    prefs = Preferences(min_budget=Decimal(2000), rate_card=CARD, required_fields=())
    outcome = decided(offer(1500, Deliverable(DeliverableKind.YOUTUBE_SHORT)), prefs)
    assert outcome.decision is Decision.NEGOTIATE
    assert outcome.counter_offer is None
    assert any("floor" in r for r in outcome.reasons)


def test_gifted_value_is_never_a_fee():
    gifted = offer(300, partnership_type=PartnershipType.GIFTED)
    assert decided(gifted).decision is Decision.DECLINE  # gifted not accepted
    taking = PREFS.model_copy(
        update={"accepted_types": frozenset({PartnershipType.GIFTED, PartnershipType.FLAT_FEE})}
    )
    outcome = decided(gifted, taking)
    assert outcome.decision is Decision.CONTINUE
    assert any("not a fee" in r for r in outcome.reasons)


@pytest.mark.parametrize("kind", [PartnershipType.AFFILIATE, PartnershipType.GIFTED])
def test_unpaid_types_follow_accepted_types(kind: PartnershipType):
    terms = offer(None, partnership_type=kind)
    assert decided(terms).decision is Decision.DECLINE
    taking = PREFS.model_copy(update={"accepted_types": frozenset({kind})})
    assert decided(terms, taking).decision is Decision.CONTINUE


def test_hybrid_is_judged_on_its_fee():
    hybrid = offer(9800, partnership_type=PartnershipType.HYBRID)
    assert decided(hybrid).decision is Decision.CONTINUE
    low = offer(6000, partnership_type=PartnershipType.HYBRID)
    assert decided(low).decision is Decision.NEGOTIATE
    only_fees = PREFS.model_copy(update={"accepted_types": frozenset({PartnershipType.UGC})})
    assert decided(hybrid, only_fees).decision is Decision.DECLINE


def test_blocked_category_declines():
    assert decided(offer(20000, product_category="crypto")).decision is Decision.DECLINE


# -- "what's your rate?" ----------------------------------------------------------------------


def test_rate_question_is_answered_with_the_price():
    outcome = decided(offer(None, rate_requested=True))
    assert outcome.decision is Decision.NEGOTIATE
    assert outcome.quote is not None
    assert (outcome.quote.amount, outcome.quote.currency) == (9800, "USD")
    assert outcome.counter_offer is None
    assert any("rate asked: quoted 9800 USD" in r for r in outcome.reasons)


def test_rate_question_with_missing_deadline_quotes_and_asks():
    prefs = PREFS.model_copy(update={"required_fields": ("budget", "deliverables", "deadline")})
    outcome = decided(offer(None, rate_requested=True), prefs)
    assert outcome.quote is not None
    assert outcome.missing_fields == ("deadline",)


def test_rate_question_without_quoting_asks_for_scope_and_budget():
    prefs = PREFS.model_copy(update={"quote_rates": False})
    outcome = decided(offer(None, rate_requested=True), prefs)
    assert outcome.decision is Decision.ASK_INFO
    assert outcome.quote is None
    assert "budget" in outcome.missing_fields


def test_rate_question_without_deliverables_asks_for_them():
    outcome = decided(offer(None, rate_requested=True, deliverables=()))
    assert outcome.decision is Decision.ASK_INFO
    assert outcome.missing_fields == ("deliverables",)


def test_rate_question_priced_at_the_floor_is_not_quoted():
    prefs = Preferences(min_budget=Decimal(5000), rate_card=CARD, required_fields=())
    terms = offer(None, Deliverable(DeliverableKind.YOUTUBE_SHORT), rate_requested=True)
    outcome = decided(terms, prefs)
    assert outcome.decision is Decision.ASK_INFO
    assert outcome.missing_fields == ("budget",)


def test_a_budget_answers_a_quote():
    quoted = decided(offer(9800), lead_state=LeadState.NEGOTIATING)
    assert quoted.decision is Decision.CONTINUE


# -- properties -------------------------------------------------------------------------------

kinds = st.sampled_from([k for k in DeliverableKind if k is not DeliverableKind.OTHER])
deliverables_st = st.lists(
    st.builds(Deliverable, kinds, st.integers(min_value=1, max_value=4)),
    min_size=1,
    max_size=3,
    unique_by=lambda d: d.kind,
).map(tuple)
usage_st = st.none() | st.sampled_from(
    ["paid usage 30 days", "paid usage 6 months, whitelisting", "organic only", "paid usage"]
)
exclusivity_st = st.none() | st.sampled_from(["category exclusivity 30 days", "exclusivity"])
RANK = {
    Decision.DECLINE: 0,
    Decision.NEGOTIATE: 1,
    Decision.CONTINUE: 2,
}


@settings(max_examples=200)
@given(
    items=deliverables_st,
    usage=usage_st,
    exclusivity=exclusivity_st,
    rush=st.booleans(),
    low=st.integers(min_value=0, max_value=60_000),
    raise_by=st.integers(min_value=0, max_value=60_000),
    currency=st.sampled_from(["USD", "EUR", "GBP"]),
    below_reach=st.sampled_from(["decline", "counter"]),
)
def test_raising_the_offer_never_worsens_the_decision(
    items, usage, exclusivity, rush, low, raise_by, currency, below_reach
):
    prefs = PREFS.model_copy(update={"below_reach": below_reach})

    def rank(amount: int) -> int:
        terms = offer(
            amount,
            *items,
            usage_rights=usage,
            exclusivity=exclusivity,
            rush=rush,
            currency=currency,
        )
        return RANK[decided(terms, prefs).decision]

    assert rank(low + raise_by) >= rank(low)


@settings(max_examples=200)
@given(
    items=deliverables_st,
    extra=st.builds(Deliverable, st.sampled_from(list(DeliverableKind)), st.integers(1, 3)),
    usage=usage_st,
    exclusivity=exclusivity_st,
    rush=st.booleans(),
)
def test_adding_a_deliverable_never_lowers_the_price(items, extra, usage, exclusivity, rush):
    terms = offer(None, *items, usage_rights=usage, exclusivity=exclusivity, rush=rush)
    more = offer(None, *items, extra, usage_rights=usage, exclusivity=exclusivity, rush=rush)
    assert price_request(more, PREFS).amount >= price_request(terms, PREFS).amount
    assert price_request(terms, PREFS).amount >= PREFS.min_budget


@settings(max_examples=100)
@given(items=deliverables_st, budget=st.integers(min_value=0, max_value=40_000))
def test_the_alternative_fits_the_budget_and_is_a_smaller_part(items, budget):
    terms = offer(None, *items)
    found = alternative_package(terms, PREFS, Decimal(budget))
    if found is None:
        return
    asked = {d.kind: d.quantity for d in items}
    assert all(d.kind in asked and 1 <= d.quantity <= asked[d.kind] for d in found)
    assert sum(d.quantity for d in found) < sum(asked.values())
    price = price_request(offer(None, *found), PREFS).amount
    assert budget * Decimal("0.75") <= price <= budget


def test_no_alternative_worth_far_less_than_the_budget():
    # 9,000 does not buy the dedicated video (8,200 + 10% usage): two Shorts are no offer
    terms = offer(9000, usage_rights="paid usage 30 days")
    assert alternative_package(terms, PREFS, Decimal(9000)) is None
    assert decided(terms).alternative == ()
