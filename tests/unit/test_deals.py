"""Deal stage rules: one stage at a time, a date for each, an amount where it belongs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from repflow.domain.deals import (
    DealStage,
    IllegalDealMove,
    advance_deal,
    milestones_from_json,
    next_stage,
)
from repflow.domain.models import Deal, DealTerms

TODAY = date(2026, 12, 6)


def new_deal(currency: str | None = "USD") -> Deal:
    return Deal("d1", "maya", "l1", "t1", "new", DealTerms(brand="Acme", currency=currency))


def test_a_deal_goes_new_contracted_delivered_paid() -> None:
    deal, first = advance_deal(
        new_deal(), DealStage.CONTRACTED, on=date(2026, 11, 2), today=TODAY, amount=Decimal(4000)
    )
    assert (first.stage, first.amount, first.currency) == (DealStage.CONTRACTED, 4000, "USD")
    deal, _ = advance_deal(deal, DealStage.DELIVERED, on=date(2026, 11, 20), today=TODAY)
    deal, last = advance_deal(
        deal,
        DealStage.PAID,
        on=TODAY,
        today=TODAY,
        amount=Decimal("3999.50"),
        currency="eur",
    )
    assert deal.stage == "paid"
    assert last.currency == "EUR"
    assert [m.stage for m in milestones_from_json(list(deal.milestones))] == [
        DealStage.CONTRACTED,
        DealStage.DELIVERED,
        DealStage.PAID,
    ]
    assert next_stage(deal.stage) is None


@pytest.mark.parametrize(
    ("stage", "target", "message"),
    [
        ("new", DealStage.DELIVERED, "moves to contracted next, not to delivered"),
        ("new", DealStage.PAID, "moves to contracted next, not to paid"),
        ("new", DealStage.NEW, "moves to contracted next, not to new"),
        ("delivered", DealStage.CONTRACTED, "moves to paid next, not to contracted"),
        ("paid", DealStage.PAID, "cannot move on"),
        ("in_production", DealStage.DELIVERED, "cannot move on"),
    ],
)
def test_stages_cannot_be_skipped_or_reversed(stage: str, target: DealStage, message: str) -> None:
    deal = Deal("d1", "maya", "l1", "t1", stage, DealTerms(currency="USD"))
    with pytest.raises(IllegalDealMove, match=message):
        advance_deal(deal, target, on=TODAY, today=TODAY, amount=Decimal(1))


def test_amounts_belong_to_contracted_and_paid_only() -> None:
    with pytest.raises(IllegalDealMove, match="needs an amount"):
        advance_deal(new_deal(), DealStage.CONTRACTED, on=TODAY, today=TODAY)
    for bad in (Decimal(0), Decimal(-5), Decimal("1.001"), Decimal("1e12")):
        with pytest.raises(IllegalDealMove, match="positive, with at most two decimals"):
            advance_deal(new_deal(), DealStage.CONTRACTED, on=TODAY, today=TODAY, amount=bad)
    with pytest.raises(IllegalDealMove, match="three-letter currency"):
        advance_deal(
            new_deal(currency=None), DealStage.CONTRACTED, on=TODAY, today=TODAY, amount=Decimal(1)
        )
    contracted, _ = advance_deal(
        new_deal(), DealStage.CONTRACTED, on=TODAY, today=TODAY, amount=Decimal(1)
    )
    with pytest.raises(IllegalDealMove, match="takes no amount"):
        advance_deal(contracted, DealStage.DELIVERED, on=TODAY, today=TODAY, amount=Decimal(1))


def test_dates_are_not_in_the_future_nor_before_the_previous_stage() -> None:
    with pytest.raises(IllegalDealMove, match="in the future"):
        advance_deal(
            new_deal(), DealStage.CONTRACTED, on=date(2026, 12, 7), today=TODAY, amount=Decimal(1)
        )
    contracted, _ = advance_deal(
        new_deal(), DealStage.CONTRACTED, on=date(2026, 11, 20), today=TODAY, amount=Decimal(1)
    )
    with pytest.raises(IllegalDealMove, match=r"before the previous stage's \(2026-11-20\)"):
        advance_deal(contracted, DealStage.DELIVERED, on=date(2026, 11, 19), today=TODAY)


def test_unreadable_stored_milestones_are_skipped() -> None:
    stored = [
        {"stage": "contracted", "on": "2026-11-02", "amount": "10", "currency": "USD"},
        {"stage": "bogus", "on": "2026-11-02"},
        {"stage": "paid", "on": "not a date"},
        "junk",
    ]
    (only,) = milestones_from_json(stored)
    assert only.amount == Decimal(10)
    assert milestones_from_json("nope") == ()
