"""Deal stages after "new": contracted, delivered, paid, each recorded with its date.

A deal is made by the pipeline in stage ``new``; the creator moves it on by hand, one stage at
a time (:data:`DEAL_TRANSITIONS`). Every move records a :class:`Milestone`: the day it happened
and, for ``contracted`` (the contracted fee) and ``paid`` (what was received), an amount. The
rules are pure: :func:`advance_deal` returns the moved deal or raises
:class:`IllegalDealMove` with a sentence the dashboard shows as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from repflow.domain.exceptions import DomainError
from repflow.domain.models import Deal

__all__ = [
    "AMOUNT_STAGES",
    "DEAL_TRANSITIONS",
    "DealStage",
    "IllegalDealMove",
    "Milestone",
    "advance_deal",
    "milestones_from_json",
    "milestones_to_json",
    "next_stage",
]


class DealStage(StrEnum):
    """Where a deal stands once it exists."""

    NEW = "new"
    CONTRACTED = "contracted"
    DELIVERED = "delivered"
    PAID = "paid"


#: The one stage each stage may move to (``paid`` is final).
DEAL_TRANSITIONS: Mapping[DealStage, DealStage | None] = {
    DealStage.NEW: DealStage.CONTRACTED,
    DealStage.CONTRACTED: DealStage.DELIVERED,
    DealStage.DELIVERED: DealStage.PAID,
    DealStage.PAID: None,
}
#: Stages whose milestone carries an amount (the contracted fee, the payment received).
AMOUNT_STAGES = frozenset({DealStage.CONTRACTED, DealStage.PAID})
_LARGEST = Decimal("1000000000")


class IllegalDealMove(DomainError):
    """A deal stage change the rules refuse; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class Milestone:
    """One stage a deal reached.

    Attributes:
        stage: The stage reached.
        on: The day it happened.
        amount: The contracted fee (``contracted``) or the payment received (``paid``).
        currency: ISO 4217 code of ``amount``.
    """

    stage: DealStage
    on: date
    amount: Decimal | None = None
    currency: str | None = None


def next_stage(stage: str) -> DealStage | None:
    """The stage a deal in ``stage`` may move to; None when final or unknown."""
    try:
        return DEAL_TRANSITIONS[DealStage(stage)]
    except ValueError:
        return None


def advance_deal(
    deal: Deal,
    target: DealStage,
    *,
    on: date,
    today: date,
    amount: Decimal | None = None,
    currency: str | None = None,
) -> tuple[Deal, Milestone]:
    """Move ``deal`` to ``target`` and record the milestone.

    Args:
        deal: The deal as stored.
        target: The stage to move to: the one after the deal's stage.
        on: The day it happened: not after ``today``, not before the previous milestone.
        today: The current day (the caller's clock).
        amount: Required for ``contracted`` and ``paid`` (positive), refused otherwise.
        currency: The amount's currency (three letters); default: the deal terms' currency.

    Returns:
        The moved deal (its ``milestones`` extended) and the new milestone.

    Raises:
        IllegalDealMove: the move skips or reverses a stage, the date or amount is wrong.
    """
    expected = next_stage(deal.stage)
    if expected is None:
        raise IllegalDealMove(f"A deal that is {deal.stage} cannot move on.")
    if target is not expected:
        raise IllegalDealMove(
            f"A {deal.stage} deal moves to {expected.value} next, not to {target.value}."
        )
    if on > today:
        raise IllegalDealMove("The date cannot be in the future.")
    previous = [m.on for m in milestones_from_json(deal.milestones)]
    if previous and on < max(previous):
        raise IllegalDealMove(
            f"The date cannot be before the previous stage's ({max(previous).isoformat()})."
        )
    if target in AMOUNT_STAGES:
        if amount is None:
            raise IllegalDealMove(f"A {target.value} deal needs an amount.")
        if amount <= 0 or amount >= _LARGEST or amount.as_tuple().exponent not in range(-2, 1):
            raise IllegalDealMove("The amount must be positive, with at most two decimals.")
        code = (currency or deal.terms.currency or "").strip().upper()
        if len(code) != 3 or not code.isascii() or not code.isalpha():
            raise IllegalDealMove("The amount needs a three-letter currency code (USD, EUR).")
    elif amount is not None:
        raise IllegalDealMove(f"A {target.value} deal takes no amount.")
    else:
        code = ""
    milestone = Milestone(target, on, amount, code or None)
    moved = replace(
        deal,
        stage=target.value,
        milestones=(*deal.milestones, milestone_to_json(milestone)),
    )
    return moved, milestone


def milestone_to_json(milestone: Milestone) -> dict[str, Any]:
    """A milestone as stored (JSON)."""
    return {
        "stage": milestone.stage.value,
        "on": milestone.on.isoformat(),
        "amount": None if milestone.amount is None else str(milestone.amount),
        "currency": milestone.currency,
    }


def milestones_to_json(milestones: tuple[Milestone, ...]) -> list[dict[str, Any]]:
    """Milestones as stored (JSON)."""
    return [milestone_to_json(m) for m in milestones]


def milestones_from_json(values: object) -> tuple[Milestone, ...]:
    """Milestones from their stored form; entries that do not read are skipped."""
    found: list[Milestone] = []
    if not isinstance(values, list | tuple):
        return ()
    for value in values:
        if not isinstance(value, Mapping):
            continue
        try:
            amount = value.get("amount")
            found.append(
                Milestone(
                    DealStage(str(value.get("stage"))),
                    date.fromisoformat(str(value.get("on"))),
                    None if amount is None else Decimal(str(amount)),
                    value.get("currency") or None,
                )
            )
        except (ValueError, ArithmeticError):
            continue
    return tuple(found)
