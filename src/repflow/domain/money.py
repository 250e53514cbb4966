"""Money as a value: an amount in one currency, and conversion between currencies.

Pure and deterministic: no I/O, no clock, no network. Reading amounts out of text is the
engine's job (:mod:`repflow.engine.reading.money`); the decision code only compares and
converts :class:`Money`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from types import MappingProxyType
from typing import Final

from babel.numbers import get_currency_precision

from repflow.exceptions import RepflowError

__all__ = ["DEFAULT_RATES_TO_USD", "CurrencyError", "Money", "convert"]

_CODE_RE: Final = re.compile(r"[A-Z]{3}")


class CurrencyError(RepflowError, ValueError):
    """A currency code is malformed, or a conversion has no rate for it."""


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency.

    Attributes:
        amount: The amount, exact.
        currency: ISO 4217 code, upper case (``"USD"``).
    """

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not _CODE_RE.fullmatch(self.currency):
            raise CurrencyError(f"not an ISO 4217 code: {self.currency!r}")


# Approximate values of one unit of each currency in US dollars (2024-2025 averages). They
# only rank offers against a creator's floor; the creator edits them in their preferences.
DEFAULT_RATES_TO_USD: Final[Mapping[str, Decimal]] = MappingProxyType(
    {
        code: Decimal(value)
        for code, value in {
            "USD": "1",
            "EUR": "1.08",
            "GBP": "1.27",
            "CAD": "0.73",
            "AUD": "0.66",
            "NZD": "0.60",
            "INR": "0.012",
            "BRL": "0.18",
            "MXN": "0.055",
            "JPY": "0.0067",
            "CNY": "0.14",
            "KRW": "0.00073",
            "CHF": "1.13",
            "SEK": "0.095",
            "NOK": "0.093",
            "DKK": "0.145",
            "PLN": "0.25",
            "CZK": "0.043",
            "HUF": "0.0027",
            "RON": "0.22",
            "TRY": "0.029",
            "ZAR": "0.054",
            "SGD": "0.74",
            "HKD": "0.128",
            "TWD": "0.031",
            "AED": "0.2723",
            "SAR": "0.2667",
            "ILS": "0.27",
            "EGP": "0.020",
            "IDR": "0.000062",
            "PHP": "0.0175",
            "THB": "0.028",
            "MYR": "0.22",
            "VND": "0.000040",
            "NGN": "0.00065",
            "KES": "0.0077",
            "ARS": "0.0010",
            "CLP": "0.00105",
            "COP": "0.00025",
            "PKR": "0.0036",
            "UAH": "0.024",
        }.items()
    }
)


def convert(money: Money, to: str, rates: Mapping[str, Decimal]) -> Money:
    """Convert ``money`` into currency ``to`` through a common base.

    ``rates[c]`` is the value of one unit of ``c`` in the base currency (with
    :data:`DEFAULT_RATES_TO_USD` the base is USD: ``rates["EUR"] == Decimal("1.08")`` means
    1 EUR = 1.08 USD). The amount is converted to the base and then to ``to``, and rounded
    half-even to the target currency's minor unit (CLDR via babel: 2 decimals for EUR, none
    for JPY). Converting into the same currency returns ``money`` unchanged.

    Args:
        money: The amount to convert.
        to: Target ISO 4217 code.
        rates: Value of one unit of each currency in the base currency.

    Returns:
        The converted amount.

    Raises:
        CurrencyError: ``to`` is not a code, or a rate is missing or not positive.
    """
    target = to.strip().upper()
    if not _CODE_RE.fullmatch(target):
        raise CurrencyError(f"not an ISO 4217 code: {to!r}")
    if money.currency == target:
        return money
    source_rate = _rate(rates, money.currency)
    target_rate = _rate(rates, target)
    value = money.amount * source_rate / target_rate
    exponent = Decimal(1).scaleb(-get_currency_precision(target))
    return Money(value.quantize(exponent, rounding=ROUND_HALF_EVEN), target)


def _rate(rates: Mapping[str, Decimal], code: str) -> Decimal:
    rate = rates.get(code)
    if rate is None:
        raise CurrencyError(f"no exchange rate for {code}")
    rate = Decimal(rate)
    if not rate.is_finite() or rate <= 0:
        raise CurrencyError(f"exchange rate for {code} must be positive, got {rate}")
    return rate
