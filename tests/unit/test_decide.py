from decimal import Decimal

import pytest

from repflow.domain.decide import (
    TurnFacts,
    counter_offer,
    decide,
    missing_fields,
    offer_value,
    reply_mode,
    type_accepted,
)
from repflow.domain.models import (
    Category,
    DealTerms,
    Decision,
    Deliverable,
    DeliverableKind,
    Flag,
    PartnershipType,
    ReplyMode,
    ReplyPolicy,
)
from repflow.domain.profile import Preferences
from repflow.domain.states import LeadState

PREFS = Preferences(
    currency="USD",
    min_budget=Decimal(2000),
    accepted_types=frozenset(
        {PartnershipType.FLAT_FEE, PartnershipType.GIFTED, PartnershipType.UGC}
    ),
    required_fields=("budget", "deliverables", "deadline"),
)
INTEGRATION = (Deliverable(DeliverableKind.YOUTUBE_INTEGRATION),)


def terms(**kw):
    base = dict(
        brand="Acme",
        budget_min=Decimal(3000),
        budget_max=Decimal(3000),
        currency="USD",
        partnership_type=PartnershipType.FLAT_FEE,
        deliverables=INTEGRATION,
        deadline="2026-12-15",
    )
    base.update(kw)
    return DealTerms(**base)


def facts(t=None, **kw):
    base = dict(category=Category.SPONSORSHIP, is_offer=True, confidence=0.9, terms=t or terms())
    base.update(kw)
    return TurnFacts(**base)


def test_complete_offer_at_the_price_creates_a_deal():
    # The card prices one integration at 2,500 (above the 2,000 floor): an offer at the floor
    # is no longer enough (issue #14); an offer at the price is.
    outcome = decide(facts(terms(budget_min=Decimal(2500), budget_max=Decimal(2500))), PREFS)
    assert outcome.decision is Decision.CONTINUE
    assert outcome.lead_state is LeadState.DEAL_CREATED
    assert outcome.create_deal
    assert outcome.reply_mode is ReplyMode.DRAFT  # accepting commits the creator: a draft


def test_missing_fields_ask_only_for_what_is_missing():
    outcome = decide(facts(terms(budget_min=None, budget_max=None, currency=None)), PREFS)
    assert outcome.decision is Decision.ASK_INFO
    assert outcome.missing_fields == ("budget",)
    assert outcome.lead_state is LeadState.INFO_GATHERING
    assert outcome.reply_mode is ReplyMode.AUTO


def test_never_asks_twice_for_the_same_field():
    t = terms(budget_min=None, budget_max=None, deadline=None)
    first = decide(facts(t, asked_fields=("budget",)), PREFS)
    assert first.missing_fields == ("deadline",)
    again = decide(
        facts(t, asked_fields=("budget", "deadline"), lead_state=LeadState.INFO_GATHERING), PREFS
    )
    assert again.decision is Decision.REVIEW
    assert again.reply_mode is None


def test_lowball_within_reach_gets_a_rate_card_counter():
    # within reach: at least negotiate_ratio (0.5) x the price (2,500), i.e. 1,250
    outcome = decide(facts(terms(budget_min=Decimal(1300), budget_max=Decimal(1300))), PREFS)
    assert outcome.decision is Decision.NEGOTIATE
    assert outcome.lead_state is LeadState.NEGOTIATING
    assert outcome.counter_offer is not None
    assert outcome.counter_offer.currency == "USD"
    # rate card integration (2500) is above the floor (2000)
    assert outcome.counter_offer.amount == Decimal(2500)


def test_far_below_floor_is_declined():
    outcome = decide(facts(terms(budget_min=Decimal(300), budget_max=Decimal(300))), PREFS)
    assert outcome.decision is Decision.DECLINE
    assert outcome.reply_mode is ReplyMode.AUTO


def test_affiliate_only_is_declined_when_not_accepted():
    t = terms(
        budget_min=None, budget_max=None, currency=None, partnership_type=PartnershipType.AFFILIATE
    )
    outcome = decide(facts(t), PREFS)
    assert outcome.decision is Decision.DECLINE
    assert "affiliate" in outcome.reasons[0]


def test_gifted_accepted_needs_no_budget():
    t = terms(
        budget_min=None, budget_max=None, currency=None, partnership_type=PartnershipType.GIFTED
    )
    outcome = decide(facts(t), PREFS)
    assert outcome.decision is Decision.CONTINUE


def test_blocked_category_declined():
    outcome = decide(facts(terms(product_category="gambling")), PREFS)
    assert outcome.decision is Decision.DECLINE


@pytest.mark.parametrize(
    "flag", [Flag.SCAM, Flag.PROMPT_INJECTION, Flag.DMARC_FAIL, Flag.LLM_FAILED]
)
def test_risk_flags_force_review_without_reply(flag):
    outcome = decide(facts(flags=frozenset({flag})), PREFS)
    assert outcome.decision is Decision.REVIEW
    assert outcome.reply_mode is None
    assert outcome.lead_state is LeadState.NEEDS_REVIEW


def test_low_confidence_goes_to_review():
    outcome = decide(facts(confidence=0.3), PREFS)
    assert outcome.decision is Decision.REVIEW


def test_not_an_offer_is_ignored():
    outcome = decide(facts(category=Category.PERSONAL, is_offer=False, confidence=0.9), PREFS)
    assert outcome.decision is Decision.IGNORE
    assert outcome.lead_state is None


def test_follow_up_in_deal_thread_continues_without_second_deal():
    outcome = decide(facts(lead_state=LeadState.DEAL_CREATED), PREFS)
    assert outcome.decision is Decision.CONTINUE
    assert not outcome.create_deal


def test_brand_accepting_counter_qualifies():
    outcome = decide(facts(lead_state=LeadState.NEGOTIATING), PREFS)
    assert outcome.decision is Decision.CONTINUE
    assert outcome.create_deal


def test_currency_conversion_uses_creator_table():
    prefs = PREFS.model_copy(update={"currency_rates": {"USD": Decimal(1), "EUR": Decimal(2)}})
    value = offer_value(
        terms(budget_min=Decimal(1500), budget_max=Decimal(1500), currency="EUR"), prefs
    )
    assert value is not None
    assert value.amount == Decimal(3000)
    assert decide(
        facts(terms(budget_min=Decimal(1500), budget_max=Decimal(1500), currency="EUR")), prefs
    ).create_deal


def test_per_unit_budget_multiplies_by_quantity():
    t = terms(
        budget_min=Decimal(800),
        budget_max=Decimal(800),
        budget_per_unit="video",
        deliverables=(Deliverable(DeliverableKind.TIKTOK_VIDEO, 3),),
    )
    assert offer_value(t, PREFS).amount == Decimal(2400)


def test_counter_offer_in_brand_currency_rounded():
    prefs = PREFS.model_copy(update={"currency_rates": {"USD": Decimal(1), "EUR": Decimal("1.1")}})
    money = counter_offer(terms(currency="EUR"), prefs)
    assert money.currency == "EUR"
    assert money.amount % 50 == 0
    assert money.amount >= Decimal(2500) / Decimal("1.1")


def test_missing_fields_ignores_budget_for_gifted():
    t = DealTerms(partnership_type=PartnershipType.GIFTED)
    assert missing_fields(t, ("budget", "deliverables")) == ("deliverables",)


def test_hybrid_accepted_with_flat_fee():
    assert type_accepted(PartnershipType.HYBRID, {PartnershipType.FLAT_FEE})
    assert not type_accepted(PartnershipType.AFFILIATE, {PartnershipType.FLAT_FEE})


@pytest.mark.parametrize(
    ("decision", "policy", "expected"),
    [
        (Decision.ASK_INFO, ReplyPolicy.ASSIST, ReplyMode.AUTO),
        (Decision.DECLINE, ReplyPolicy.ASSIST, ReplyMode.AUTO),
        (Decision.NEGOTIATE, ReplyPolicy.ASSIST, ReplyMode.DRAFT),
        (Decision.CONTINUE, ReplyPolicy.ASSIST, ReplyMode.DRAFT),
        (Decision.ASK_INFO, ReplyPolicy.REVIEW, ReplyMode.DRAFT),
        (Decision.NEGOTIATE, ReplyPolicy.AUTOPILOT, ReplyMode.AUTO),
        (Decision.REVIEW, ReplyPolicy.AUTOPILOT, None),
        (Decision.IGNORE, ReplyPolicy.AUTOPILOT, None),
    ],
)
def test_reply_mode_by_policy(decision, policy, expected):
    assert reply_mode(decision, policy) == expected


def test_offer_only_on_platforms_the_creator_does_not_accept_is_declined_with_the_reason():
    from repflow.domain.models import Platform

    youtube_only = PREFS.model_copy(update={"accepted_platforms": frozenset({Platform.YOUTUBE})})
    tiktok = terms(deliverables=(Deliverable(DeliverableKind.TIKTOK_VIDEO),))
    outcome = decide(facts(tiktok), youtube_only)
    assert outcome.decision is Decision.DECLINE
    assert outcome.lead_state is LeadState.DECLINED
    assert outcome.reasons == ("platform not accepted: tiktok",)
    assert outcome.reply_mode is ReplyMode.AUTO  # a polite decline, as for any other decline
    # one accepted platform among them, no platform named, or the default (all): not refused
    both = terms(platforms=(Platform.TIKTOK, Platform.YOUTUBE))
    assert decide(facts(both), youtube_only).decision is Decision.CONTINUE
    assert decide(facts(terms(deliverables=())), youtube_only).decision is not Decision.DECLINE
    assert decide(facts(tiktok), PREFS).decision is Decision.CONTINUE
