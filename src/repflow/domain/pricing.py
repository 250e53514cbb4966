"""The price of a request: what the creator charges for exactly what a brand asks for.

Pure code, no I/O. The price is built from the creator's rate card (each requested deliverable
times its quantity) and surcharges on that content price, all per creator in
:class:`~repflow.domain.profile.Preferences`:

- paid usage (ads, whitelisting): a share of the content price per month of paid usage (the
  duration the brand stated; one month when none), capped at the share for perpetual usage,
  plus a share for whitelisting (running the ads from the creator's account);
- exclusivity: a share per month, for a product category or (higher) for full exclusivity;
- rush: a share when the brand asks for a rush, or the deadline is closer than ``rush_days``.

A deliverable the card does not price (or an unidentified one) is priced at the floor
(``min_budget``) and named in the reasons; the price never falls below the floor.
Every step is written to :attr:`Price.reasons`, so a creator can check the arithmetic.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Final

from repflow.domain.models import DealTerms, Deliverable, DeliverableKind
from repflow.domain.money import Money, convert
from repflow.domain.profile import Preferences

__all__ = [
    "Price",
    "alternative_package",
    "exclusivity_share",
    "months_in",
    "price_request",
    "round_quote",
    "rush_requested",
    "usage_share",
]

_DURATION: Final = re.compile(r"(\d{1,4})\s?(day|week|month|year)s?\b")
_PERPETUAL: Final = re.compile(r"perpetu|unlimited|forever|in perpetuity|indefinite")
_PAID: Final = re.compile(r"\bpaid\b|\bads?\b|whitelist|spark|boost|advert|media buy")
_WHITELISTING: Final = re.compile(r"whitelist|spark ads?|allowlist|creator licens")
_NONE: Final = re.compile(r"^(?:none|no|organic(?: only)?|n/a)$|\bno (?:paid|exclusiv)|non-excl")
_CATEGORY: Final = re.compile(r"categor|competit")

#: Longest package the alternative search enumerates exhaustively (units of content).
_MAX_COMBINATIONS: Final = 4096
#: An alternative is offered only when it is worth at least this share of the brand's budget
#: (two Shorts for a budget meant for a dedicated video is no offer a manager would make).
ALTERNATIVE_MIN_SHARE: Final = Decimal("0.75")


@dataclass(frozen=True, slots=True)
class Price:
    """The price of one request in the creator's currency, and how it was reached.

    Attributes:
        amount: What the creator charges: never below the floor.
        currency: The creator's currency.
        content: The rate-card price of the deliverables alone.
        surcharge: The share added on top of ``content`` (0.35 = +35%).
        floor_bound: True when the floor, not the card, sets ``amount`` (then the amount is
            private: it is never written in a reply).
        unknown: Deliverable kinds the card does not price (priced at the floor).
        reasons: Each step, in words.
    """

    amount: Decimal
    currency: str
    content: Decimal
    surcharge: Decimal
    floor_bound: bool
    unknown: tuple[DeliverableKind, ...]
    reasons: tuple[str, ...]


def _n(value: Decimal) -> str:
    """A decimal for a reason: ``9800``, ``0.25``, ``1234.5``."""
    text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def months_in(text: str) -> Decimal | None:
    """The duration in ``text`` in months (30 days a month, rounded up), or None.

    >>> months_in("paid usage 90 days")
    Decimal('3')
    >>> months_in("category exclusivity 2 weeks")
    Decimal('1')
    """
    match = _DURATION.search(text.lower())
    if match is None:
        return None
    count, unit = int(match.group(1)), match.group(2)
    days = {"day": 1, "week": 7, "month": 30, "year": 360}[unit] * count
    return Decimal(max(1, math.ceil(days / 30)))


def usage_share(usage: str | None, prefs: Preferences) -> tuple[Decimal, list[str]]:
    """The surcharge share for the usage rights asked for, and its reasons.

    Organic use (or none stated) costs nothing extra; paid usage costs ``paid_usage_monthly``
    per month (one month when no duration is stated), at most ``paid_usage_perpetual``;
    perpetual paid usage costs ``paid_usage_perpetual``; whitelisting adds
    ``whitelisting_fee``.
    """
    if not usage:
        return Decimal(0), []
    low = usage.lower()
    if _NONE.search(low) and not _WHITELISTING.search(low):
        return Decimal(0), [f"usage {usage!r}: no surcharge"]
    share = Decimal(0)
    reasons: list[str] = []
    paid = bool(_PAID.search(low))
    if _PERPETUAL.search(low):
        share = prefs.paid_usage_perpetual
        reasons.append(f"usage {usage!r}: perpetual +{_n(share * 100)}%")
    elif paid:
        months = months_in(low)
        stated = months is not None
        months = months or Decimal(1)
        share = min(prefs.paid_usage_monthly * months, prefs.paid_usage_perpetual)
        when = f"{_n(months)} month(s)" if stated else "1 month (no duration stated)"
        reasons.append(
            f"paid usage {when} at +{_n(prefs.paid_usage_monthly * 100)}%/month"
            f" = +{_n(share * 100)}%"
        )
    if _WHITELISTING.search(low):
        share += prefs.whitelisting_fee
        reasons.append(f"whitelisting +{_n(prefs.whitelisting_fee * 100)}%")
    if not reasons:
        reasons.append(f"usage {usage!r}: no paid usage found, no surcharge")
    return share, reasons


def exclusivity_share(exclusivity: str | None, prefs: Preferences) -> tuple[Decimal, list[str]]:
    """The surcharge share for the exclusivity asked for, and its reasons.

    Category exclusivity costs ``exclusivity_category_monthly`` per month, any other
    exclusivity ``exclusivity_full_monthly`` per month (one month when no duration is stated).
    """
    if not exclusivity:
        return Decimal(0), []
    low = exclusivity.lower()
    if _NONE.search(low):
        return Decimal(0), []
    category = bool(_CATEGORY.search(low))
    monthly = prefs.exclusivity_category_monthly if category else prefs.exclusivity_full_monthly
    months = months_in(low)
    when = f"{_n(months)} month(s)" if months is not None else "1 month (no duration stated)"
    share = monthly * (months or Decimal(1))
    scope = "category exclusivity" if category else "exclusivity"
    return share, [f"{scope} {when} at +{_n(monthly * 100)}%/month = +{_n(share * 100)}%"]


def rush_requested(terms: DealTerms, prefs: Preferences, today: date | None) -> str | None:
    """Why the request is a rush (None when it is not)."""
    if terms.rush:
        return "the brand asks for a rush"
    if today is None or not terms.deadline:
        return None
    try:
        deadline = date.fromisoformat(terms.deadline)
    except ValueError:
        return None
    days = (deadline - today).days
    if 0 <= days < prefs.rush_days:
        return f"deadline in {days} day(s) (< {prefs.rush_days})"
    return None


def _content(
    deliverables: Sequence[Deliverable], prefs: Preferences
) -> tuple[Decimal, list[str], tuple[DeliverableKind, ...]]:
    total = Decimal(0)
    lines: list[str] = []
    unknown: list[DeliverableKind] = []
    for item in deliverables:
        quantity = max(item.quantity, 1)
        rate = prefs.rate_card.get(item.kind) if item.kind is not DeliverableKind.OTHER else None
        if rate is None:
            rate = prefs.min_budget
            unknown.append(item.kind)
            lines.append(f"{quantity} x {item.kind.value} (not on the card) at the floor")
        else:
            lines.append(f"{quantity} x {item.kind.value} at {_n(rate)}")
        total += rate * quantity
    return total, lines, tuple(dict.fromkeys(unknown))


def price_request(terms: DealTerms, prefs: Preferences, today: date | None = None) -> Price:
    """The price of what ``terms`` ask for, in the creator's currency.

    Args:
        terms: The offer's terms (deliverables, usage rights, exclusivity, rush, deadline).
        prefs: The creator's rate card, surcharges and floor.
        today: The day the offer arrived (for a deadline-based rush); None: no such rush.

    Returns:
        The price, never below ``prefs.min_budget``, with the reasons for each step.
    """
    content, lines, unknown = _content(terms.deliverables, prefs)
    reasons: list[str] = []
    if lines:
        reasons.append(f"card: {' + '.join(lines)} = {_n(content)} {prefs.currency}")
    else:
        reasons.append("no deliverables stated: priced at the floor")
    if unknown:
        reasons.append("not on the rate card: " + ", ".join(k.value for k in unknown))
    usage, usage_reasons = usage_share(terms.usage_rights, prefs)
    exclusive, exclusive_reasons = exclusivity_share(terms.exclusivity, prefs)
    surcharge = usage + exclusive
    reasons += usage_reasons + exclusive_reasons
    rush = rush_requested(terms, prefs, today)
    if rush is not None:
        surcharge += prefs.rush_fee
        reasons.append(f"rush ({rush}) +{_n(prefs.rush_fee * 100)}%")
    total = content * (1 + surcharge)
    if surcharge:
        reasons.append(f"{_n(content)} x {_n(1 + surcharge)} = {_n(total)} {prefs.currency}")
    floor_bound = total < prefs.min_budget or not terms.deliverables
    amount = max(total, prefs.min_budget)
    if floor_bound and terms.deliverables:
        reasons.append("below the floor: priced at the floor")
    reasons.append(f"price {_n(amount)} {prefs.currency}")
    return Price(
        amount=amount,
        currency=prefs.currency,
        content=content,
        surcharge=surcharge,
        floor_bound=floor_bound,
        unknown=unknown,
        reasons=tuple(reasons),
    )


def round_quote(amount: Decimal, prefs: Preferences, currency: str | None) -> Money:
    """A price from ``prefs.currency`` into ``currency`` (when convertible), rounded up.

    Rounded up to 50 below 5,000 and to 100 above, so the brand reads a round number in the
    money it wrote in.
    """
    target = currency if currency in prefs.currency_rates else prefs.currency
    money = convert(Money(amount, prefs.currency), target, prefs.currency_rates)
    step = Decimal(50) if money.amount < 5000 else Decimal(100)
    rounded = (money.amount / step).quantize(Decimal(1), rounding=ROUND_UP) * step
    return Money(rounded.quantize(Decimal(1), rounding=ROUND_HALF_UP), money.currency)


def alternative_package(
    terms: DealTerms, prefs: Preferences, budget: Decimal, today: date | None = None
) -> tuple[Deliverable, ...] | None:
    """The most the brand's budget buys out of what it asked for, or None.

    Only for a package of more than one deliverable: the result is a smaller, non-empty part
    of the same deliverables, with the same usage, exclusivity and rush, whose price (floor
    included, and not set by the floor) fits ``budget`` (in the creator's currency) and is worth
    at least :data:`ALTERNATIVE_MIN_SHARE` of it. Among those, the one with the highest price;
    ties keep more units.
    """
    items = [d for d in terms.deliverables if max(d.quantity, 1) > 0]
    if sum(max(d.quantity, 1) for d in items) < 2:
        return None
    ranges = [range(max(d.quantity, 1) + 1) for d in items]
    if math.prod(len(r) for r in ranges) > _MAX_COMBINATIONS:
        return None
    full = tuple(max(d.quantity, 1) for d in items)
    best: tuple[Decimal, int, tuple[Deliverable, ...]] | None = None
    for counts in itertools.product(*ranges):
        if counts == full or not any(counts):
            continue
        package = tuple(Deliverable(d.kind, n) for d, n in zip(items, counts, strict=True) if n > 0)
        price = price_request(replace(terms, deliverables=package), prefs, today)
        if price.floor_bound or price.amount > budget:
            continue
        if price.amount < budget * ALTERNATIVE_MIN_SHARE:
            continue
        key = (price.amount, sum(counts), package)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best is not None else None
