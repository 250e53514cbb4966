"""Money as brands write it in email: find every amount, classify it, pick the budget.

Pure and deterministic: no I/O, no clock, no network. Every pattern is compiled once, at import.

How text is read
================

**Currency.** Written as a symbol or code before the number (``$``, ``US$``, ``C$``, ``A$``,
``NZ$``, ``R$``, ``MX$``, ``€``, ``£``, ``₹``, ``Rs.``, ``CHF``, ``kr``, ``USD`` ...) or as a
symbol, ISO 4217 code or word after it (``€``, ``USD``, ``kr``, ``zł``, ``円``, ``dollars``,
``bucks``, ``euros``, ``Canadian dollars`` ...). ISO codes are babel's (CLDR) list of codes in
current use, upper case only (a few common ones in any case), minus codes that are also
English words (``ALL``, ``TOP``, ``PEN``, ``CUP`` ...). A token several currencies share
resolves to a primary currency unless ``default_currency`` belongs to the same family:

* ``$``, ``dollars``, ``bucks`` → USD, or the default when that is a dollar currency (CAD,
  AUD, ...); ``C$``/``CA$`` → CAD, ``A$``/``AU$`` → AUD, ``NZ$`` → NZD, ``R$`` → BRL,
  ``MX$`` → MXN, ``S$`` → SGD, ``HK$`` → HKD.
* ``¥`` → JPY (or CNY); ``CN¥``, ``RMB``, ``元``, ``yuan`` → CNY; ``円``, ``yen`` → JPY.
* ``kr`` → SEK (or NOK, DKK, ISK when that is the default): Swedish brands are the most common
  senders and nothing in ``kr`` itself tells the three apart. ``kroner`` → NOK (or DKK).
* ``Rs``/``Rs.``/``rupees`` → INR (or PKR, LKR, NPR ...); ``£``/``pounds`` → GBP;
  ``pesos`` → MXN (or ARS, COP, CLP ...); ``R`` (attached: ``R2000``) → ZAR.
* An explicit code beats a generic symbol: ``$3,000 CAD`` and ``USD $3,000`` are CAD and USD.

**Digit grouping** (:func:`parse_amount`):

* Both ``.`` and ``,`` present: the last one is the decimal separator (``1.200,50`` →
  1200.50, ``1,200.50`` → 1200.50).
* One separator, several times: grouping (``1.000.000``, ``1,000,000``, and Indian
  ``5,00,000`` → 500000).
* One separator, once: exactly three digits after it and one to three non-zero-led digits
  before → grouping (``1.200`` and ``1,200`` → 1200, whatever the currency); otherwise a
  decimal (``1,5`` → 1.5, ``2.5`` → 2.5, ``2,50`` → 2.50, ``0.500`` → 0.5).
* Spaces (also no-break and narrow no-break spaces) and apostrophes group thousands
  (``1 200,00``, ``CHF 1'500``).
* Multipliers: ``k``/``K``/``thousand``/``grand`` (×1000), ``M``/``MM``/``million``/``Mio``
  (×10⁶), ``bn``/``billion``, ``lakh``, ``crore``, ``万``/``만`` (×10⁴), ``千``/``천``,
  ``億``; ``mil`` is a thousand for BRL, MXN, ARS, COP, CLP and EUR amounts (``R$ 5 mil``)
  and a million otherwise.
* English number words are read when a currency follows or a money word precedes them:
  ``five thousand dollars``, ``fifteen hundred dollars``, ``a thousand dollars``.

**Ranges.** ``£800-£1,200``, ``£800 - 1,200``, ``$5k–7k``, ``2,000-3,000 USD``,
``between $3,000 and $4,000``, ``from 2000 to 3000 EUR``. A multiplier written only on the
upper end applies to the lower end when that keeps the range ordered (``$5-7k`` → 5000-7000).
``and``/``und``/``y``... only join a range after ``between``/``zwischen``/``entre``.

**Bounds.** ``up to $4,000`` is ``minimum == maximum == 4000`` with ``bound="up_to"``;
``at least``/``from``/``starting at``/``$5,000+`` give ``bound="at_least"``. Both numbers
carry the amount as written, so callers comparing against a floor or ceiling read one field.

**Not money.** A number without a currency is money only when a money word precedes it in the
same sentence (``budget is 2000``, ``Honorar: 1500``) and nothing says it is a count, a year,
a date, a time or a percentage; its currency is then ``default_currency`` (``None`` when no
default is given). Follower and view counts (``100k followers``), percentages
(``15% commission``, ``20% off``), years, phone and order numbers, discount codes, times,
and numbers inside URLs and email addresses are never money. Percentages are not represented.
``$0`` is money (:func:`find_money` reports it) but never a budget (:func:`parse_budget`).

**Kinds.** Each amount is classified by the nearest cue around it in its sentence:
``product_value`` (``worth``, ``retail value``, ``valued at``, ``RRP``, ``MSRP``, ``gift card``,
``voucher``, ``store credit``, ``$300 worth of product`` — payment in kind, not cash),
``price`` (what the *creator* would pay a vendor: ``we charge``, ``our packages start at``,
``pricing starts from``, ``you only pay``, ``unsere Preise``, ``nuestros precios``, ``nos
tarifs``, an amount per minute of video, or ``from $150`` with no money word of the sender's
own in front — a seller's price list, never a budget),
``creator_rate`` (``your rate of``, ``you quoted``, ``your media kit``, ``my rate``, ``above
our budget``, and every amount on a ``>`` quoted line), ``commission`` (``commission``,
``affiliate``, ``per sale``), ``other`` (``off``, ``discount``, ``shipping``, ``raised``,
``revenue``, ``engagement rate`` ...) and ``budget`` (money words such as ``budget``, ``offer``,
``pay``, ``fee``, ``compensation``, ``rate``, ``honorarium``, ``Honorar``, ``Vergütung``,
``rémunération``, ``presupuesto``, ``pago``, ``compenso``, ``orçamento``, ``cachê``, ``予算``,
``бюджет`` ... — and any currency amount no other cue claims).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from types import MappingProxyType
from typing import Final, Literal

from babel.core import get_global
from babel.numbers import get_currency_precision

from repflow.exceptions import RepflowError

__all__ = [
    "DEFAULT_RATES_TO_USD",
    "CurrencyError",
    "Money",
    "MoneyBound",
    "MoneyKind",
    "MoneyMention",
    "convert",
    "find_money",
    "parse_amount",
    "parse_budget",
]

MoneyKind = Literal["budget", "product_value", "creator_rate", "commission", "price", "other"]
MoneyBound = Literal["up_to", "at_least"]

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


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """One money amount found in a text.

    Attributes:
        minimum: Lower end (the amount itself when it is not a range).
        maximum: Upper end; always ``>= minimum``.
        currency: ISO 4217 code; ``default_currency`` or ``None`` when none was written.
        per_unit: What the amount is paid per, normalised: ``"video"``, ``"post"``, ``"reel"``,
            ``"story"``, ``"short"``, ``"month"``, ``"week"``, ``"day"``, ``"hour"``,
            ``"year"``, ``"deliverable"`` (``each``, ``per piece``), ``"creator"``,
            ``"episode"``, ``"stream"``, ``"article"``, ``"newsletter"``, ``"mention"``,
            ``"integration"``, ``"cpm"``, or a sale-like unit (``"sale"``, ``"signup"`` ...).
        kind: ``"budget"``, ``"product_value"``, ``"creator_rate"``, ``"commission"`` or
            ``"other"`` (see the module docstring).
        start: Start of the matched span in the text.
        end: End of the matched span (exclusive).
        text: ``text[start:end]``: currency, number(s), multiplier, per-unit and trailing
            qualifiers such as ``+`` or ``max``; leading words (``up to``) are not included.
        written_out: The amount was written in words (``five thousand dollars``).
        bound: ``"up_to"`` (``up to``, ``max``), ``"at_least"`` (``from``, ``at least``,
            ``+``) or ``None``; minimum and maximum both hold the written amount.
        quoted: The amount is on a ``>`` quoted line.
    """

    minimum: Decimal
    maximum: Decimal
    currency: str | None
    per_unit: str | None
    kind: MoneyKind
    start: int
    end: int
    text: str
    written_out: bool
    bound: MoneyBound | None = None
    quoted: bool = False


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


# --------------------------------------------------------------------------------------------
# Currency tokens
# --------------------------------------------------------------------------------------------

_Entry = tuple[str, frozenset[str]]  # (primary code, codes the token may also mean)

_DOLLARS: Final = frozenset(
    [
        "USD",
        "CAD",
        "AUD",
        "NZD",
        "SGD",
        "HKD",
        "TWD",
        "MXN",
        "ARS",
        "CLP",
        "COP",
        "UYU",
        "DOP",
        "JMD",
        "TTD",
        "BSD",
        "BBD",
        "BZD",
        "BMD",
        "KYD",
        "FJD",
        "XCD",
        "LRD",
        "NAD",
        "SBD",
        "SRD",
        "GYD",
        "BND",
    ]
)
_YENS: Final = frozenset({"JPY", "CNY"})
_KRONAS: Final = frozenset({"SEK", "NOK", "DKK", "ISK"})
_KRONERS: Final = frozenset({"NOK", "DKK"})
_RUPEES: Final = frozenset({"INR", "PKR", "LKR", "NPR", "MUR", "SCR", "IDR"})
_POUNDS: Final = frozenset({"GBP", "EGP", "GIP", "FKP", "SHP", "LBP", "SYP", "SSP", "SDG"})
_PESOS: Final = frozenset({"MXN", "ARS", "CLP", "COP", "UYU", "DOP", "CUP", "PHP"})
_FRANCS: Final = frozenset({"CHF", "XOF", "XAF", "XPF"})
_RIYALS: Final = frozenset({"SAR", "QAR", "OMR", "YER"})
_DIRHAMS: Final = frozenset({"AED", "MAD"})
# Currencies whose speakers write "mil" for a thousand (R$ 5 mil = 5000).
_MIL_IS_THOUSAND: Final = frozenset({"BRL", "MXN", "ARS", "COP", "CLP", "UYU", "PEN", "EUR"})


def _one(code: str) -> _Entry:
    return (code, frozenset({code}))


def _amb(code: str, family: frozenset[str]) -> _Entry:
    return (code, family | {code})


# Symbols and abbreviations, matched case-sensitively.
_SYMBOLS: Final[dict[str, _Entry]] = {
    "$": _amb("USD", _DOLLARS),
    "US$": _one("USD"),
    "U$S": _one("USD"),
    "USD$": _one("USD"),
    "C$": _one("CAD"),
    "CA$": _one("CAD"),
    "CAD$": _one("CAD"),
    "Can$": _one("CAD"),
    "A$": _one("AUD"),
    "AU$": _one("AUD"),
    "AUD$": _one("AUD"),
    "NZ$": _one("NZD"),
    "NZD$": _one("NZD"),
    "R$": _one("BRL"),
    "MX$": _one("MXN"),
    "Mex$": _one("MXN"),
    "MXN$": _one("MXN"),
    "S$": _one("SGD"),
    "SG$": _one("SGD"),
    "SGD$": _one("SGD"),
    "HK$": _one("HKD"),
    "HKD$": _one("HKD"),
    "NT$": _one("TWD"),
    "AR$": _one("ARS"),
    "ARS$": _one("ARS"),
    "CL$": _one("CLP"),
    "COL$": _one("COP"),
    "RD$": _one("DOP"),
    "TT$": _one("TTD"),
    "J$": _one("JMD"),
    "EC$": _one("XCD"),
    "€": _one("EUR"),
    "Euro": _one("EUR"),
    "EURO": _one("EUR"),
    "£": _amb("GBP", _POUNDS),
    "E£": _one("EGP"),
    "¥": _amb("JPY", _YENS),
    "￥": _amb("JPY", _YENS),
    "JP¥": _one("JPY"),
    "円": _one("JPY"),
    "CN¥": _one("CNY"),
    "RMB": _one("CNY"),
    "元": _one("CNY"),
    "₹": _one("INR"),
    "Rs": _amb("INR", _RUPEES),
    "Rs.": _amb("INR", _RUPEES),
    "₨": _amb("INR", _RUPEES),
    "₩": _one("KRW"),
    "원": _one("KRW"),
    "₺": _one("TRY"),
    "TL": _one("TRY"),
    "₽": _one("RUB"),
    "руб": _one("RUB"),
    "руб.": _one("RUB"),
    "₴": _one("UAH"),
    "₱": _one("PHP"),
    "₦": _one("NGN"),
    "฿": _one("THB"),
    "₫": _one("VND"),
    "₪": _one("ILS"),
    "₸": _one("KZT"),
    "₾": _one("GEL"),
    "₼": _one("AZN"),
    "₵": _one("GHS"),
    "zł": _one("PLN"),
    "Zł": _one("PLN"),
    "Kč": _one("CZK"),
    "Ft": _one("HUF"),
    "lei": _one("RON"),
    "RM": _one("MYR"),
    "Rp": _one("IDR"),
    "Rp.": _one("IDR"),
    "kr": _amb("SEK", _KRONAS),
    "kr.": _amb("SEK", _KRONAS),
    "Kr": _amb("SEK", _KRONAS),
    "Kr.": _amb("SEK", _KRONAS),
    "Fr.": _amb("CHF", _FRANCS),
    "SFr.": _one("CHF"),
    "CHF": _one("CHF"),
    "R": _one("ZAR"),
    "KSh": _one("KES"),
    "Ksh": _one("KES"),
    "Dhs": _amb("AED", _DIRHAMS),
    "FCFA": _one("XAF"),
    "F\u202fCFA": _one("XOF"),
    "CFA": _amb("XOF", frozenset({"XAF"})),
    "CFPF": _one("XPF"),
}
# Symbols that only ever come after the number / only before it.
_SUFFIX_ONLY: Final = frozenset({"円", "元", "원", "Kč", "Ft", "lei", "руб", "руб.", "zł", "Zł"})
_PREFIX_ONLY: Final = frozenset(
    {"R", "Rp", "RM", "Dhs", "KSh", "Ksh"} | {k for k in _SYMBOLS if k.endswith("$") and k != "$"}
)
# Prefixes that must touch the digits (``R2000``, not ``R 2000``).
_ATTACHED_ONLY: Final = frozenset({"R"})
# Tokens that are too often something else unless the amount is sizeable.
_WEAK_TOKENS: Final = frozenset({"R", "PHP", "TL", "lei"})

# Currency names, matched case-insensitively (key in lower case).
_WORDS: Final[dict[str, _Entry]] = {
    "dollars": _amb("USD", _DOLLARS),
    "dollar": _amb("USD", _DOLLARS),
    "dólares": _amb("USD", _DOLLARS),
    "dolares": _amb("USD", _DOLLARS),
    "dólar": _amb("USD", _DOLLARS),
    "dollari": _amb("USD", _DOLLARS),
    "долларов": _amb("USD", _DOLLARS),
    "доллара": _amb("USD", _DOLLARS),
    "bucks": _amb("USD", _DOLLARS),
    "buck": _amb("USD", _DOLLARS),
    "euros": _one("EUR"),
    "euro": _one("EUR"),
    "евро": _one("EUR"),
    "pounds": _amb("GBP", _POUNDS),
    "pound": _amb("GBP", _POUNDS),
    "libras": _amb("GBP", _POUNDS),
    "quid": _one("GBP"),
    "sterling": _one("GBP"),
    "rupees": _amb("INR", _RUPEES),
    "rupee": _amb("INR", _RUPEES),
    "yen": _one("JPY"),
    "yuan": _one("CNY"),
    "renminbi": _one("CNY"),
    "won": _one("KRW"),
    "reais": _one("BRL"),
    "pesos": _amb("MXN", _PESOS),
    "peso": _amb("MXN", _PESOS),
    "francs": _amb("CHF", _FRANCS),
    "franc": _amb("CHF", _FRANCS),
    "franken": _one("CHF"),
    "kronor": _one("SEK"),
    "krona": _one("SEK"),
    "kroner": _amb("NOK", _KRONERS),
    "krone": _amb("NOK", _KRONERS),
    "kronur": _one("ISK"),
    "zlotys": _one("PLN"),
    "zloty": _one("PLN"),
    "złoty": _one("PLN"),
    "złotych": _one("PLN"),
    "zlotych": _one("PLN"),
    "rand": _one("ZAR"),
    "lira": _one("TRY"),
    "liras": _one("TRY"),
    "lire": _one("TRY"),
    "rubles": _one("RUB"),
    "roubles": _one("RUB"),
    "ruble": _one("RUB"),
    "rouble": _one("RUB"),
    "рублей": _one("RUB"),
    "рубля": _one("RUB"),
    "ringgit": _one("MYR"),
    "baht": _one("THB"),
    "rupiah": _one("IDR"),
    "dirhams": _amb("AED", _DIRHAMS),
    "dirham": _amb("AED", _DIRHAMS),
    "riyals": _amb("SAR", _RIYALS),
    "riyal": _amb("SAR", _RIYALS),
    "naira": _one("NGN"),
    "dong": _one("VND"),
    "shekels": _one("ILS"),
    "shekel": _one("ILS"),
    "forint": _one("HUF"),
    "koruna": _one("CZK"),
    "korun": _one("CZK"),
    "hryvnia": _one("UAH"),
    "hryvnias": _one("UAH"),
}
# Codes of everyday currencies also accepted in lower case (``usd 500``).
_LOWER_CODES: Final = frozenset(
    [
        "usd",
        "eur",
        "gbp",
        "cad",
        "aud",
        "nzd",
        "chf",
        "sek",
        "nok",
        "dkk",
        "pln",
        "czk",
        "huf",
        "brl",
        "mxn",
        "jpy",
        "cny",
        "krw",
        "inr",
        "sgd",
        "hkd",
        "aed",
        "zar",
        "idr",
        "myr",
        "ngn",
        "ars",
        "thb",
        "ils",
        "egp",
        "twd",
        "rmb",
    ]
)
# Case-insensitive prefixes (``Euro 2.000``, ``rs 500``, ``usd 300``).
_PREFIX_WORDS: Final = frozenset({"euro", "euros", "rs", "rs.", "kr", "kr."}) | _LOWER_CODES
# "Canadian dollars", "Swiss francs": the qualifier alone decides the currency.
_QUALIFIERS: Final[dict[str, str]] = {
    "us": "USD",
    "u.s.": "USD",
    "american": "USD",
    "canadian": "CAD",
    "australian": "AUD",
    "aussie": "AUD",
    "new zealand": "NZD",
    "kiwi": "NZD",
    "singapore": "SGD",
    "singaporean": "SGD",
    "hong kong": "HKD",
    "mexican": "MXN",
    "argentine": "ARS",
    "argentinian": "ARS",
    "colombian": "COP",
    "chilean": "CLP",
    "philippine": "PHP",
    "indian": "INR",
    "pakistani": "PKR",
    "swiss": "CHF",
    "brazilian": "BRL",
    "japanese": "JPY",
    "chinese": "CNY",
    "korean": "KRW",
    "south korean": "KRW",
    "swedish": "SEK",
    "norwegian": "NOK",
    "danish": "DKK",
    "icelandic": "ISK",
    "polish": "PLN",
    "turkish": "TRY",
    "south african": "ZAR",
    "british": "GBP",
    "egyptian": "EGP",
    "czech": "CZK",
    "hungarian": "HUF",
    "thai": "THB",
    "malaysian": "MYR",
    "indonesian": "IDR",
    "nigerian": "NGN",
    "saudi": "SAR",
    "emirati": "AED",
    "uae": "AED",
    "israeli": "ILS",
    "russian": "RUB",
    "ukrainian": "UAH",
    "taiwan": "TWD",
    "taiwanese": "TWD",
    "new taiwan": "TWD",
}
# ISO codes that are also English words or common product names.
_CODE_BLOCKLIST: Final = frozenset(
    [
        "ALL",
        "TOP",
        "CUP",
        "MOP",
        "BOB",
        "PEN",
        "SOS",
        "GEL",
        "MAD",
        "NAD",
        "CVE",
        "AMD",
        "BTN",
        "BAM",
        "ERN",
        "TMT",
        "XCG",
        "ZWG",
    ]
)


def _current_codes() -> frozenset[str]:
    """ISO codes of currencies that are legal tender somewhere today (CLDR, via babel)."""
    codes: set[str] = set()
    for entries in get_global("territory_currencies").values():
        for code, _start, end, tender in entries:
            if end is None and tender:
                codes.add(code)
    return frozenset(codes - _CODE_BLOCKLIST)


_ISO_CODES: Final = _current_codes()


def _build_symbols() -> dict[str, _Entry]:
    """The curated symbols plus every current ISO code (``CAD``, ``KES`` ...)."""
    table = dict(_SYMBOLS)
    for code in sorted(_ISO_CODES):
        table.setdefault(code, _one(code))
    return table


_ALL_SYMBOLS: Final = _build_symbols()
_PREFIX_EXACT: Final = {k: v for k, v in _ALL_SYMBOLS.items() if k not in _SUFFIX_ONLY}
_PREFIX_CI: Final[dict[str, _Entry]] = {
    w: (_WORDS.get(w) or _ALL_SYMBOLS.get(w.upper()) or _ALL_SYMBOLS[w.capitalize()])
    for w in _PREFIX_WORDS
}
_PREFIX_LAST_CHARS: Final = frozenset(
    {k[-1] for k in _PREFIX_EXACT} | {c for k in _PREFIX_CI for c in (k[-1], k[-1].upper())}
)
_MAX_PREFIX: Final = max(len(k) for k in (*_PREFIX_EXACT, *_PREFIX_CI))


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (``US$`` before ``$``)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_HS = r"[ \t\u00a0\u202f]"  # horizontal space, including no-break and narrow no-break
# Not followed by a letter, except of scripts written without spaces (円です).
_NOT_LETTER_AFTER = r"(?![^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff])"

# ISO codes are matched as [A-Z]{3} and looked up, which keeps these patterns small.
_SUFFIX: Final = re.compile(
    rf"{_HS}{{0,2}}(?:"
    rf"(?P<q>(?i:{_alternation(_QUALIFIERS)})){_HS}+(?P<qw>(?i:{_alternation(_WORDS)}))"
    rf"|(?P<x>{_alternation({k for k in _SYMBOLS if k not in _PREFIX_ONLY})}|[A-Z]{{3}})"
    rf"|(?P<w>(?i:{_alternation(set(_WORDS) | _LOWER_CODES)}))"
    rf"){_NOT_LETTER_AFTER}"
)
_PREFIX_FWD: Final = re.compile(
    rf"(?:(?P<x>{_alternation({k for k in _SYMBOLS if k not in _SUFFIX_ONLY})}|[A-Z]{{3}})"
    rf"|(?P<w>(?i:{_alternation(_PREFIX_CI)})))"
    rf"{_HS}{{0,2}}(?=\d)"
)

# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

_DIGIT: Final = re.compile(r"\d")
_UNSPACED: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_NUMBER: Final = re.compile(
    r"\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+(?:[.,]\d{1,2})?(?!\d)"  # 1 200,00  1'500
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?!\d)"  # Indian 5,00,000
    r"|\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?(?!\d)"  # 1,200.50  1.200,50
    r"|\d+(?:[.,]\d+)?(?!\d)"
)
_NUMBER_TAIL_JUNK: Final = re.compile(r"[.,:/]\d")  # dates, versions, times, fractions
_SKIP_TOKEN: Final = re.compile(r"(?:\w|[.,:/'’-](?=\w))*")
_PERCENT: Final = re.compile(
    rf"{_HS}?(?:%|٪|(?i:percent|per{_HS}?cent|pct|prozent|por{_HS}?ciento|pour{_HS}?cent)\b)"
)

_MULT_WORDS: Final[dict[str, Decimal]] = {
    "thousand": Decimal(1000),
    "thousands": Decimal(1000),
    "grand": Decimal(1000),
    "tausend": Decimal(1000),
    "tsd": Decimal(1000),
    "tsd.": Decimal(1000),
    "mille": Decimal(1000),
    "mila": Decimal(1000),
    "hundred": Decimal(100),
    "тыс": Decimal(1000),
    "тыс.": Decimal(1000),
    "млн": Decimal(10**6),
    "million": Decimal(10**6),
    "millions": Decimal(10**6),
    "mio": Decimal(10**6),
    "mio.": Decimal(10**6),
    "mln": Decimal(10**6),
    "millones": Decimal(10**6),
    "millón": Decimal(10**6),
    "milhões": Decimal(10**6),
    "milhão": Decimal(10**6),
    "milioni": Decimal(10**6),
    "milione": Decimal(10**6),
    "billion": Decimal(10**9),
    "mrd": Decimal(10**9),
    "mrd.": Decimal(10**9),
    "lakh": Decimal(10**5),
    "lakhs": Decimal(10**5),
    "lac": Decimal(10**5),
    "lacs": Decimal(10**5),
    "crore": Decimal(10**7),
    "crores": Decimal(10**7),
    "cr": Decimal(10**7),
    "cr.": Decimal(10**7),
    "mil": Decimal(10**6),  # or 1000, see _MIL_IS_THOUSAND
    "k": Decimal(1000),
    "m": Decimal(10**6),
    "mm": Decimal(10**6),
    "mn": Decimal(10**6),
    "bn": Decimal(10**9),
    "万": Decimal(10**4),
    "萬": Decimal(10**4),
    "만": Decimal(10**4),
    "千": Decimal(1000),
    "천": Decimal(1000),
    "億": Decimal(10**8),
    "亿": Decimal(10**8),
}
_MULT_LETTERS: Final = frozenset({"k", "m", "mm", "mn", "bn"})
_MULT_WORD_FORMS: Final = frozenset(
    w for w in _MULT_WORDS if w not in _MULT_LETTERS and not "\u3000" <= w[0] <= "\ud7ff"
)
_MULT: Final = re.compile(
    rf"(?P<a>[kK]|mm|MM|[mM]|mn|Mn|MN|bn|Bn|BN)(?:{_NOT_LETTER_AFTER}|(?=[A-Z]{{3}}\b))"
    rf"|{_HS}?(?P<w>(?i:{_alternation(_MULT_WORD_FORMS)})){_NOT_LETTER_AFTER}"
    r"|(?P<c>[万萬만千천億亿])"
)
_RANGE_SEP: Final = re.compile(
    rf"{_HS}*(?P<d>--?|[–—~〜～]){_HS}*"
    rf"|{_HS}+(?P<w>(?i:to|till|until|thru|through|bis|à|au|a|até|ate|hasta|al|tot|до|and|und|et|e|y)){_HS}+"
)
_JOINING_WORDS: Final = frozenset({"and", "und", "et", "e", "y"})
_BETWEEN_BEFORE: Final = re.compile(
    r"(?:between|betwixt|zwischen|entre|tra|fra|mellan|между|от)\s*(?:the\s+)?$"
)
_DE_BEFORE: Final = re.compile(r"(?:de|da|dai|desde|entre|from)\s*$")

_UNIT_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(
        [
            "video",
            "videos",
            "vid",
            "vids",
            "vlog",
            "vlogs",
            "tiktok",
            "tiktoks",
            "vidéo",
            "vidéos",
            "vídeo",
            "vídeos",
        ],
        "video",
    ),
    **dict.fromkeys(
        [
            "post",
            "posts",
            "carousel",
            "carousels",
            "tweet",
            "tweets",
            "pin",
            "pins",
            "beitrag",
            "beiträge",
            "publication",
            "publications",
            "publicación",
            "publicaciones",
            "publicação",
            "publicações",
        ],
        "post",
    ),
    **dict.fromkeys(["reel", "reels"], "reel"),
    **dict.fromkeys(["story", "stories"], "story"),
    **dict.fromkeys(["short", "shorts"], "short"),
    **dict.fromkeys(
        ["month", "months", "mo", "mos", "mth", "monat", "mois", "mes", "mês", "mese"], "month"
    ),
    **dict.fromkeys(["week", "weeks", "wk", "woche", "semaine", "semana"], "week"),
    **dict.fromkeys(["day", "days"], "day"),
    **dict.fromkeys(["hour", "hours", "hr", "hrs", "h", "stunde", "heure", "hora"], "hour"),
    **dict.fromkeys(
        ["minute", "minutes", "min", "mins", "minuto", "minutos", "minuten", "videominute"],
        "minute",
    ),
    **dict.fromkeys(["year", "years", "yr", "yrs", "annum"], "year"),
    **dict.fromkeys(
        [
            "deliverable",
            "deliverables",
            "piece",
            "pieces",
            "content",
            "asset",
            "assets",
            "item",
            "items",
        ],
        "deliverable",
    ),
    **dict.fromkeys(["creator", "creators", "influencer", "influencers"], "creator"),
    **dict.fromkeys(["integration", "integrations"], "integration"),
    **dict.fromkeys(["mention", "mentions"], "mention"),
    **dict.fromkeys(["episode", "episodes", "ep", "eps", "podcast", "podcasts"], "episode"),
    **dict.fromkeys(["stream", "streams", "livestream", "livestreams"], "stream"),
    **dict.fromkeys(["article", "articles", "blog", "blogs"], "article"),
    **dict.fromkeys(["newsletter", "newsletters", "email", "emails"], "newsletter"),
    **dict.fromkeys(["sale", "sales"], "sale"),
    **dict.fromkeys(["order", "orders"], "order"),
    **dict.fromkeys(["conversion", "conversions"], "conversion"),
    **dict.fromkeys(["signup", "signups", "sign-up", "sign-ups"], "signup"),
    **dict.fromkeys(["referral", "referrals"], "referral"),
    **dict.fromkeys(["install", "installs"], "install"),
    **dict.fromkeys(["lead", "leads"], "lead"),
    **dict.fromkeys(["acquisition", "acquisitions"], "acquisition"),
    **dict.fromkeys(["download", "downloads"], "download"),
    **dict.fromkeys(["purchase", "purchases"], "purchase"),
    **dict.fromkeys(["click", "clicks"], "click"),
}
_ADVERB_UNITS: Final = {
    "monthly": "month",
    "weekly": "week",
    "hourly": "hour",
    "daily": "day",
    "yearly": "year",
    "annually": "year",
}
_COMMISSION_UNITS: Final = frozenset(
    [
        "sale",
        "order",
        "conversion",
        "signup",
        "referral",
        "install",
        "lead",
        "acquisition",
        "download",
        "purchase",
        "click",
    ]
)
_PER_UNIT: Final = re.compile(
    rf"{_HS}*(?:"
    rf"(?P<cpm>(?:per|/){_HS}*(?:1[,.]?000|1k|thousand|mille){_HS}+(?:views|impressions|plays)"
    rf"|cpm)"
    rf"|(?:/{_HS}*|(?:per|a|an|each|every|for{_HS}+each|for{_HS}+every|pro|par|por|je|"
    rf"pour{_HS}+(?:une?|chaque)|cada|за){_HS}+)"
    rf"(?:(?:one|single|sponsored|dedicated|integrated|additional|extra|ig|instagram|tiktok|"
    rf"youtube|yt|fb|facebook|twitch|linkedin|pinterest|snapchat|twitter|x|feed|in-feed|"
    rf"short-form|long-form|blog|organic|piece{_HS}+of){_HS}+){{0,2}}"
    rf"(?P<u>{_alternation(_UNIT_WORDS)})"
    rf"|(?P<each>each|apiece|ea\.|a{_HS}+piece)"
    rf"|(?P<adv>{_alternation(_ADVERB_UNITS)})"
    rf"){_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
_BOUND_AFTER: Final = re.compile(
    rf"{_HS}*(?:(?P<up>max(?:imum)?\.?|tops|at{_HS}+most|or{_HS}+(?:less|below|under))"
    rf"|(?P<least>or{_HS}+(?:more|above|higher)|and{_HS}+(?:up|above)|minimum|min\.|"
    rf"at{_HS}+least)){_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
_UP_TO_BEFORE: Final = re.compile(
    r"(?:\bup\s+to|\bupto|\bmax(?:imum)?\.?(?:\s+of)?|\bat\s+(?:the\s+)?most|\bno\s+more\s+than"
    r"|\bnot\s+(?:to\s+)?exceed(?:ing)?|\bcapped\s+at|\bcap\s+of|\bunder|\bbelow|\bless\s+than"
    r"|\bbis\s+zu|\bmaximal|\bhöchstens|\bjusqu['’]?\s?[àa]|\bau\s+maximum|\bhasta"
    r"|\bcomo\s+máximo|\baté|\bno\s+máximo|\bfino\s+a|\bmassimo|\bдо)\s*[:(]?\s*$"
)
_AT_LEAST_BEFORE: Final = re.compile(
    r"(?:\bat\s+least|\bmin(?:imum)?\.?(?:\s+of)?|\bstarting\s+(?:at|from)|\bstarts\s+at"
    r"|\bfrom|\bno\s+less\s+than|\bupwards\s+of|\bover|\bmore\s+than|\bnorth\s+of"
    r"|\bin\s+excess\s+of|\bab|\bmindestens|\bà\s+partir\s+de|\bau\s+moins|\bdesde"
    r"|\ba\s+partir\s+de|\bpelo\s+menos|\balmeno|\ba\s+partire\s+da|\bот)\s*[:(]?\s*$"
)

# --------------------------------------------------------------------------------------------
# Context cues (matched on lower-cased text)
# --------------------------------------------------------------------------------------------


def _cue(latin: str, other: str = "") -> re.Pattern[str]:
    body = rf"\b(?:{latin})\b"
    return re.compile(f"{body}|(?:{other})" if other else body)


_BUDGET_STEMS = (
    r"budget(?:ed|s)?|budżet\w*|бюджет\w*|presupuesto|orçamento|bütçe\w*|begroting|budsjett"
    r"|budgettet|budgeten"
)
_BUDGET_CJK = r"予算|预算|예산"
_BUDGET_WORD: Final = re.compile(rf"{_BUDGET_STEMS}|{_BUDGET_CJK}")
_CUES: Final[dict[MoneyKind, re.Pattern[str]]] = {
    "creator_rate": _cue(
        r"your\s+(?:(?:usual|standard|normal|quoted|current|asking|proposed|listed|posted|base"
        r"|flat|typical|regular|going|original|requested|stated|initial)\s+)*"
        r"(?:rates?|fees?|price|pricing|quote|ask|asking\s+price|charge|counter(?:[- ]?offer)?"
        r"|proposal|media\s*kit|rate\s*card|number|figure|invoice)"
        r"|you\s+(?:(?:have|had|originally|initially)\s+)?(?:quoted|asked(?:\s+for)?|requested"
        r"|proposed|charge|mentioned|suggested|wanted|listed|countered|sent"
        r"|are\s+asking(?:\s+for)?|were\s+asking(?:\s+for)?)"
        r"|you['’]re\s+asking(?:\s+for)?|as\s+(?:you\s+)?quoted|as\s+per\s+your\s+\w+"
        r"|per\s+your\s+(?:rates?|quote|media\s*kit|rate\s*card)"
        r"|my\s+(?:(?:usual|standard|normal|current|base)\s+)?(?:rates?|fees?|price|pricing|quote)"
        r"|i\s+(?:usually\s+|typically\s+|normally\s+)?charge"
        r"|(?:outside|above|over|beyond|exceeds?|exceeding|more\s+than|higher\s+than|out\s+of)"
        r"\s+(?:of\s+)?(?:our|the)\s+(?:budget|price\s+range|range)"
        r"|(?:ihr|ihre|dein|deine)\s+(?:honorar|preis|gage|rate|angebot)"
        r"|(?:votre|ton)\s+(?:tarif|prix|cachet|devis)|(?:tu|su)\s+tarifa"
        r"|(?:sua|seu)\s+(?:tarifa|cachê|preço)|il\s+tuo\s+(?:compenso|prezzo)"
        r"|your(?=\s*$)"
    ),
    "other": _cue(
        r"off|discount(?:ed|s)?|save|saving|savings|coupon|promo(?:\s+code)?|code|shipping"
        r"|postage|delivery|tax(?:es)?|vat|raised|raise|funding|funded|revenue|revenues|sales"
        r"|sold|valuation|arr|mrr|gmv|turnover|spent|ad\s+spend|spend|prize|prizes|giveaway"
        r"|donat(?:e|ed|ion|ions)|refund(?:ed|s)?|fine|penalty|salary"
        r"|call|phone|tel|telephone|mobile|cell|whatsapp|fax|ext|dial|sms|order\s+(?:no|number)"
        r"|(?:engagement|conversion|open|click[- ]?through|growth|exchange|interest|retention"
        r"|completion|response|bounce|success|tax|frame|bit|churn)\s+rates?"
    ),
    "commission": _cue(
        r"commissions?|affiliate|cpa|rev(?:enue)?[\s-]*share|provision|comisión|comissão"
        r"|commissione|bonus\s+per|per\s+(?:sale|order|conversion|sign[- ]?up|referral|install"
        r"|lead|acquisition|download|purchase|click)"
    ),
    "price": _cue(
        r"we\s+(?:only\s+|just\s+)?charge|(?:our|my)\s+(?:(?:standard|basic|starter|monthly"
        r"|current|special|introductory)\s+)?(?:prices?|pricing|packages?|plans?|fees?"
        r"|subscriptions?)(?:\s+(?:start|starts|starting|begin|begins|are|is|from|at|only"
        r"|just|of))*"
        r"|(?:packages?|plans?|pricing|prices?|subscriptions?|services?)\s+(?:start(?:s|ing)?"
        r"|begin(?:s|ning)?)(?:\s+(?:at|from))?"
        r"|you\s+(?:only\s+|just\s+)?pay|(?:just|only)\s+pay"
        r"|unsere\s+preise|unser\s+preis|preis(?:e)?|nuestros\s+precios|nuestro\s+precio"
        r"|precios?|nos\s+(?:prix|tarifs)|prix|i\s+nostri\s+prezzi|prezz[io]|nossos\s+preços"
        r"|preços?|onze\s+prijzen|prijs"
    ),
    "product_value": _cue(
        r"worth|valued\s+at|value[ds]?|retail(?:s|ing)?(?:\s+(?:value|price|for|at))?|rrp|msrp"
        r"|srp|uvp|list\s+price|price[ds]?(?:\s+at)?|pricing|costs?|costing"
        r"|e-?gift\s*cards?|gift\s*cards?|gift\s+certificates?|vouchers?|store\s+credit|credits?"
        r"|(?:in|of)\s+(?:free\s+)?(?:products?|merch(?:andise)?|goods|credit|gear|items|stuff)"
        r"|warenwert|wert|gutschein|valeur|d['’]une\s+valeur|bon\s+d['’]achat|carte\s+cadeau"
        r"|valor|tarjeta\s+regalo|del\s+valore|buono"
    ),
    "budget": _cue(
        rf"{_BUDGET_STEMS}"
        r"|(?:collab(?:oration)?|partnership|deal|contract|campaign|sponsorship|agreement"
        r"|project)\s+(?:(?:is|would\s+be|will\s+be)\s+)?(?:worth|valued\s+at)"
        r"|offer(?:s|ed|ing)?|we\s+can\s+(?:do|go\s+up\s+to|pay|offer|provide)"
        r"|propos(?:e|ed|ing|al)|pay(?:s|ing|ment|ments|out|able)?|paid"
        r"|compensat(?:e|ed|ion|ing)|remunerat(?:e|ed|ion)|honorari(?:um|a)|honorare?"
        r"|stipend|fees?|flat\s+fee|rates?|sponsorship|sponsor(?:ed|ing)?"
        r"|vergütung|bezahlung|gage|vergüten|zahlen|bieten"
        r"|rémunération|rémunérer|rémunéré|cachet|tarifs?|payer|payé|offrons|proposons"
        r"|pagos?|pagar|pagamos|ofrecemos|ofrecer|remuneración|compensación|tarifa"
        r"|compenso|pagamento|retribuzione|offriamo"
        r"|cachê|remuneração|oferecemos"
        r"|wynagrodzenie|stawka|arvode|ersättning|vergoeding|betaling|ücret"
        r"|гонорар\w*|оплат\w*|вознаграждени\w*",
        rf"{_BUDGET_CJK}|報酬|謝礼|ギャラ|报酬|稿费|费用|보수",
    ),
}
# Kinds whose cue only counts when it governs the amount directly ("worth $300").
_LOCAL_KINDS: Final = frozenset({"product_value", "other", "commission"})
# Tie-break among cues at the same distance: the more specific claim wins.
_PRIORITY: Final[dict[MoneyKind, int]] = {
    "creator_rate": 0,
    "price": 1,
    "other": 1,
    "commission": 2,
    "product_value": 3,
    "budget": 4,
}
_LOCAL_GAP: Final = re.compile(
    r"[\s:=~≈(\-–—*\"']*(?:(?:of|at|is|was|are|around|about|approx\.?|approximately|roughly"
    r"|up\s+to|over|under|nearly|almost|just|only|est\.?|estimated|total(?:ing|ling)?|a|an|the"
    r"|for|ca\.?|circa|de|von|à|di|da|du|d['’]|um|ungefähr|etwa|worth|value|valued|in|with"
    r"|usd|eur|gbp|each|per|one|our|your)[\s:=~≈(\-–—*\"']*)*"
)
_AFTER_GAP: Final = re.compile(
    r"\W*(?:(?!(?:and|or|but|while|whereas|plus|und|oder|et|ou|y|o|e)\b)[^\W\d_]+\W*){0,3}"
)
_BARE_GAP: Final = re.compile(r"[\s:：=~≈(\-–*'\"]*(?:[^\W\d_][\w'’.-]*[\s:：,=~≈(\-–*'\"]*){0,6}")
_BREAK_CHAR: Final = re.compile(r"[.!?;。！？\n]")
_ABBREVIATIONS: Final = frozenset(
    [
        "approx",
        "appr",
        "ca",
        "e.g",
        "i.e",
        "vs",
        "etc",
        "incl",
        "excl",
        "no",
        "nr",
        "est",
        "max",
        "min",
        "mio",
        "tsd",
        "rs",
        "fr",
        "st",
        "mr",
        "mrs",
        "ms",
        "dr",
        "p.a",
    ]
)
_LINE_OPENER: Final = re.compile(
    r"[ \t>]*\n|[ \t]*(?:[-*•>]|[^\w\s$€£¥₹]{1,2}[ \t]|\d+[.)]\s|[^\W\d_][^\n:]{0,30}[:：])"
)
_WORD_ENDING: Final = re.compile(r"[\w.]+$")
_MONEY_STEM: Final = re.compile(
    r"budget|budż|бюджет|presupuest|orçament|bütçe|begroting|budsjett|offer|propos|pay|paid"
    r"|compens|remun|honorar|stipend|fee|rate|sponsor|vergüt|bezahl|gage|zahl|biet|rémun"
    r"|cachet|tarif|payé|offr|pago|pagar|pagam|ofrec|compenso|pagament|retribu|cachê|oferec"
    r"|wynagr|stawk|arvode|ersätt|vergoed|betal|ücret|гонорар|оплат|вознагр|予算|预算|예산"
    r"|報酬|謝礼|ギャラ|报酬|稿费|费用|보수|quot|charge|worth|valu|retail|rrp|msrp|price|cost"
    r"|gift|voucher|credit|wert|valor|valeur|can do|we can"
)
_LABEL: Final = re.compile(
    r"(?:[^\w\n]|_)*(?:(?:total|proposed|campaign|project|estimated|available|flat|creator"
    r"|influencer|our|max(?:imum)?|overall|approx\.?|approximate|indicative|sponsorship)\s+){0,2}"
    r"(?:budget(?:\s+range)?|fees?|compensation|payment|pay|rates?|honorarium|remuneration"
    r"|offer|honorar|vergütung|gage|rémunération|cachet|tarif|presupuesto|pago|remuneración"
    r"|compenso|retribuzione|orçamento|cachê|remuneração|wynagrodzenie|budżet|бюджет"
    r"|valor|valeur|wert|importe|betrag|honorári(?:o|os)|honorarios|montant|bedrag|importo"
    r"|гонорар|оплата|予算|報酬|预算|报酬|예산)"
    r"(?:\s*\([^)\n]{0,30}\))?[\s*_]*[:：][\s*_]*"
    r"(?:(?:approx\.?|approximately|around|about|ca\.?|~|up\s+to|between|from|roughly|max\.?"
    r"|usd|eur|gbp)\s*)*$"
)
_YEAR_PREPS: Final = frozenset(
    [
        "for",
        "in",
        "since",
        "until",
        "till",
        "by",
        "through",
        "during",
        "year",
        "fy",
        "q1",
        "q2",
        "q3",
        "q4",
        "of-year",
    ]
)
_BARE_NEXT_OK: Final = frozenset(
    [
        "for",
        "per",
        "a",
        "an",
        "each",
        "as",
        "total",
        "in",
        "flat",
        "all",
        "all-in",
        "gross",
        "net",
        "plus",
        "and",
        "or",
        "which",
        "that",
        "is",
        "but",
        "to",
        "including",
        "incl",
        "excluding",
        "excl",
        "budget",
        "fee",
        "max",
        "maximum",
        "min",
        "minimum",
        "tops",
        "upfront",
        "up",
        "if",
        "with",
        "inclusive",
        "exclusive",
        "vat",
        "covering",
        "overall",
        "approx",
        "ish",
        "only",
        "would",
        "will",
        "we",
        "you",
        "it",
        "this",
    ]
)
_FAILED_RANGE: Final = re.compile(r"\s*[-–—~/]\s*\d")
_MONTHS: Final = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ]
)
_URL_END: Final = frozenset("<>()\"'")
_PREV_WORD: Final = re.compile(r"([^\W\d_][\w-]*)\W*$")
_NEXT_WORD: Final = re.compile(rf"{_HS}*([^\W\d_][\w-]*)")

# --------------------------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------------------------

_SMALL: Final[dict[str, int]] = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS: Final[dict[str, int]] = {
    w: 10 * (i + 2)
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_SCALES: Final[dict[str, int]] = {
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
}
_NUMWORD = _alternation(set(_SMALL) | set(_TENS) | set(_SCALES))
_WRITTEN_SEQ: Final = re.compile(
    rf"\b(?:a|an|{_NUMWORD})(?:(?:[ \t]+|-)(?:and[ \t]+)?(?:{_NUMWORD}))*\b"
)
_WRITTEN_ANCHORS: Final = [
    "hundred",
    "thousand",
    "million",
    "billion",
    "dollar",
    "buck",
    "euro",
    "pound",
    "quid",
    "rupee",
    "yen",
    "yuan",
    "franc",
    "peso",
    "reais",
    "kron",
    "zlot",
    "rand",
    "lira",
    "ruble",
    "rouble",
]


def _words_value(seq: str) -> int | None:
    """Value of an English number phrase (``two thousand five hundred``), or None."""
    tokens = [t for t in re.split(r"[\s-]+", seq) if t and t != "and"]
    if not tokens:
        return None
    if tokens[0] in ("a", "an"):
        if len(tokens) < 2 or tokens[1] not in _SCALES:
            return None
        tokens[0] = "one"
    if tokens[0] in _SCALES:
        return None
    total = current = 0
    last: str | None = None  # "small", "tens" or "scale"
    for token in tokens:
        if token in _SMALL or token in _TENS:
            kind = "small" if token in _SMALL else "tens"
            value = _SMALL.get(token, 0) + _TENS.get(token, 0)
            if last == "small" or (last == "tens" and (kind == "tens" or value >= 10)):
                return None
            current += value
            last = kind
        else:
            scale = _SCALES[token]
            if scale == 100:
                if current >= 100 or (last == "scale" and current == 0):
                    return None
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
            last = "scale"
    return total + current


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------

_ONE: Final = Decimal(1)
_MAX_DIGITS: Final = 18


def _tidy(value: Decimal) -> Decimal:
    """Integral values without a fractional part (``2500.0`` → ``2500``)."""
    try:
        if value == value.to_integral_value():
            return value.quantize(_ONE)
    except InvalidOperation:
        pass
    return value


def _groups_ok(groups: list[str], indian: bool) -> bool:
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        if not indian:
            return False
        # Indian: 1-2 digits, then pairs, then a final group of three.
        return (
            0 < len(groups[0]) <= 2
            and len(groups[-1]) == 3
            and all(len(g) == 2 for g in groups[1:-1])
        )
    return True


def _parse_number(token: str) -> Decimal | None:
    """Parse digits as written (see the module docstring for the grouping rules)."""
    t = token
    for ch in " \u00a0\u202f'’":
        t = t.replace(ch, "")
    if not t or len(t) - t.count(".") - t.count(",") > _MAX_DIGITS:
        return None
    has_dot, has_comma = "." in t, "," in t
    integer, fraction = t, ""
    if has_dot and has_comma:
        dec = "." if t.rfind(".") > t.rfind(",") else ","
        group = "," if dec == "." else "."
        integer, _, fraction = t.rpartition(dec)
        if dec in integer or not _groups_ok(integer.split(group), group == ","):
            return None
        integer = integer.replace(group, "")
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        parts = t.split(sep)
        if len(parts) > 2:
            if not _groups_ok(parts, sep == ","):
                return None
            integer = "".join(parts)
        else:
            head, tail = parts
            if len(tail) == 3 and 1 <= len(head) <= 3 and head[0] != "0":
                integer = head + tail
            else:
                integer, fraction = head, tail
    if not integer:
        integer = "0"
    try:
        return Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:
        return None


def _resolve(entry: _Entry, default: str | None) -> str:
    primary, family = entry
    if default is not None and default in family:
        return default
    return primary


@dataclass(slots=True)
class _Part:
    """One number as written: its value, multiplier and currency token."""

    start: int
    end: int
    value: Decimal
    mult: Decimal | None
    mult_word: str | None
    currency: _Entry | None
    weak: bool


@dataclass(slots=True)
class _Raw:
    """A candidate amount before classification."""

    start: int
    end: int
    minimum: Decimal
    maximum: Decimal
    currency: str | None
    per_unit: str | None
    bound: MoneyBound | None
    written: bool
    bare: bool


@dataclass(slots=True)
class _Scan:
    """A text prepared for scanning."""

    text: str
    masked: str
    low: str
    default: str | None


def _masked_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and email addresses, whose digits are never money."""
    spans: list[tuple[int, int]] = []
    for marker in ("://", "www.", "WWW."):
        i = text.find(marker)
        while i != -1:
            lo = i
            while marker == "://" and lo > 0 and text[lo - 1].isalpha():
                lo -= 1
            hi = i + len(marker)
            while hi < len(text) and not text[hi].isspace() and text[hi] not in _URL_END:
                hi += 1
            spans.append((lo, hi))
            i = text.find(marker, hi)
    at = text.find("@")
    while at != -1:
        lo = at
        while lo > 0 and (text[lo - 1].isalnum() or text[lo - 1] in "._+-"):
            lo -= 1
        hi = at + 1
        while hi < len(text) and (text[hi].isalnum() or text[hi] in ".-"):
            hi += 1
        if lo < at and "." in text[at + 1 : hi]:
            spans.append((lo, hi))
        at = text.find("@", hi)
    return spans


def _prepare(text: str, default: str | None) -> _Scan:
    masked = text
    spans = _masked_spans(text) if "@" in text or "ww." in text or "://" in text else []
    if spans:
        pieces: list[str] = []
        last = 0
        for lo, hi in sorted(spans):
            lo = max(lo, last)
            pieces += (text[last:lo], " " * max(0, hi - lo))
            last = max(last, hi)
        pieces.append(text[last:])
        masked = "".join(pieces)
    low = masked.lower()
    if len(low) != len(masked):  # a few characters (İ) grow when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in masked)
    return _Scan(text, masked, low, default)


def _prefix_before(t: str, p: int, floor: int) -> tuple[int, _Entry, str] | None:
    """A currency token written just before position ``p`` (not before ``floor``)."""
    j = p
    spaces = 0
    while spaces < 2 and j > floor and t[j - 1] in " \t\u00a0\u202f":
        j -= 1
        spaces += 1
    if j <= floor or t[j - 1] not in _PREFIX_LAST_CHARS:
        return None
    for length in range(min(_MAX_PREFIX, j - floor), 0, -1):
        start = j - length
        token = t[start:j]
        entry = _PREFIX_EXACT.get(token) or _PREFIX_CI.get(token.lower())
        if entry is None:
            continue
        if token[0].isalpha() and start > 0 and t[start - 1].isalpha():
            continue
        if token in _ATTACHED_ONLY and j != p:
            continue
        # "USD $3,000": an explicit code before a generic symbol decides.
        if len(entry[1]) > 1:
            k = start - 1 if start > floor and t[start - 1] == " " else start
            code = t[k - 3 : k] if k - 3 >= floor else ""
            if code in _ISO_CODES and (k - 3 == 0 or not t[k - 4].isalpha()):
                return k - 3, _one(code), code
        return start, entry, token
    return None


def _suffix_at(t: str, pos: int) -> tuple[int, _Entry, str] | None:
    m = _SUFFIX.match(t, pos)
    if m is None:
        return None
    if m.group("q"):
        return m.end(), _one(_QUALIFIERS[re.sub(r"\s+", " ", m.group("q").lower())]), m.group()
    token = m.group("x") or m.group("w") or ""
    entry = _ALL_SYMBOLS.get(token) or _WORDS.get(token.lower()) or _PREFIX_CI.get(token.lower())
    if entry is None:
        return None
    return m.end(), entry, token


def _read_part(s: _Scan, p: int, start: int, prefix: tuple[_Entry, str] | None) -> _Part | None:
    """Read number, multiplier and suffix currency at digit position ``p``."""
    t = s.masked
    m = _NUMBER.match(t, p)
    if m is None:
        return None
    end = m.end()
    if _NUMBER_TAIL_JUNK.match(t, end):
        return None
    value = _parse_number(m.group())
    if value is None:
        return None
    mult: Decimal | None = None
    mult_word: str | None = None
    mm = _MULT.match(t, end)
    if mm is not None:
        mult_word = (mm.group("a") or mm.group("w") or mm.group("c") or "").lower()
        mult = _MULT_WORDS.get(mult_word)
        if mult is not None:
            end = mm.end()
    if _PERCENT.match(t, end):
        return None
    currency: _Entry | None = prefix[0] if prefix else None
    weak = prefix is not None and prefix[1] in _WEAK_TOKENS
    suffix = _suffix_at(t, end)
    if suffix is not None:
        s_end, s_entry, s_token = suffix
        if currency is None or (len(currency[1]) > 1 and len(s_entry[1]) == 1):
            currency, weak = s_entry, s_token in _WEAK_TOKENS
            end = s_end
        elif s_entry[0] == currency[0] or s_entry[1] & currency[1]:
            end = s_end
    return _Part(start, end, value, mult, mult_word, currency, weak)


def _apply_mult(part: _Part, mult: Decimal | None, word: str | None, code: str | None) -> Decimal:
    if mult is None:
        return part.value
    if word == "mil" and code in _MIL_IS_THOUSAND:
        mult = Decimal(1000)
    return _tidy(part.value * mult)


def _numeric_at(s: _Scan, p: int, floor: int) -> tuple[_Raw | None, int]:
    """A candidate amount whose first digit is at ``p``; also where scanning resumes."""
    t = s.masked
    skip = _SKIP_TOKEN.match(t, p)
    resume = skip.end() if skip is not None and skip.end() > p else p + 1
    prev = t[p - 1] if p > 0 else ""
    if prev and (prev in "#+@&_" or (prev in ".,:/" and p >= 2 and t[p - 2].isalnum())):
        return None, resume
    found = _prefix_before(t, p, floor)
    glued = prev.isalnum() and not _UNSPACED.match(prev)  # scripts written without spaces
    if glued and (found is None or not found[2][-1:].isalpha()):
        return None, resume  # SAVE20, Q3, v2
    if found is not None and prev.isalpha() and found[0] + len(found[2]) != p:
        return None, resume
    start = found[0] if found else p
    first = _read_part(s, p, start, (found[1], found[2]) if found else None)
    if first is None:
        return None, resume
    # A number without currency needs a money word nearby (checked fully in _classify);
    # without one, only a currency on the upper end of a range can still make it money.
    sep = _RANGE_SEP.match(t, first.end)
    if first.currency is None and sep is None:
        value = _apply_mult(first, first.mult, first.mult_word, None)
        if value < 10 or not _count_free(s.low, first.end):
            return None, resume
    money_word = first.currency is not None or (
        _MONEY_STEM.search(s.low, max(0, start - 70), start) is not None
    )
    default = s.default
    parts = [first]
    if not money_word and sep is None:
        return None, resume
    if sep is not None:
        second = _second_part(s, sep, first, start)
        if second is not None:
            parts.append(second)
    last = parts[-1]
    cur_entry = first.currency or last.currency
    if cur_entry is None and not money_word:
        return None, resume
    code = _resolve(cur_entry, default) if cur_entry else None
    if len(parts) == 2:
        lo_mult, lo_word = first.mult, first.mult_word
        if lo_mult is None and last.mult is not None and first.value <= last.value:
            lo_mult, lo_word = last.mult, last.mult_word
        low = _apply_mult(first, lo_mult, lo_word, code)
        high = _apply_mult(last, last.mult, last.mult_word, code)
        if low > high:
            parts, last = [first], first
            high = low = _apply_mult(first, first.mult, first.mult_word, code)
    else:
        low = high = _apply_mult(first, first.mult, first.mult_word, code)
    end = last.end
    if any(part.weak for part in parts) and high < 10:
        return None, resume
    bound: MoneyBound | None = None
    if end < len(t) and t[end] == "+" and not t[end + 1 : end + 2].isdigit():
        end += 1
        bound = "at_least"
    per_unit, end = _per_unit_at(t, end)
    bm = _BOUND_AFTER.match(t, end)
    if bm is not None:
        end = bm.end()
        bound = "up_to" if bm.group("up") else "at_least"
        if per_unit is None:
            per_unit, end = _per_unit_at(t, end)
    if len(parts) == 1 and bound is None:
        bound = _bound_before(s.low, start)
    raw = _Raw(
        start=start,
        end=end,
        minimum=low,
        maximum=high,
        currency=code if code else default,
        per_unit=per_unit,
        bound=bound,
        written=False,
        bare=cur_entry is None,
    )
    return raw, resume


def _second_part(s: _Scan, sep: re.Match[str], first: _Part, start: int) -> _Part | None:
    t = s.masked
    word = (sep.group("w") or "").lower()
    if word in _JOINING_WORDS and not _BETWEEN_BEFORE.search(s.low, max(0, start - 24), start):
        return None
    if word == "a" and not _DE_BEFORE.search(s.low, max(0, start - 12), start):
        return None
    q = sep.end()
    prefix: tuple[_Entry, str] | None = None
    pm = _PREFIX_FWD.match(t, q)
    if pm is not None:
        token = pm.group("x") or pm.group("w") or ""
        entry = _PREFIX_EXACT.get(token) or _PREFIX_CI.get(token.lower())
        if entry is not None:
            prefix = (entry, token)
            q = pm.end()
    if q >= len(t) or not t[q].isdigit():
        return None
    second = _read_part(s, q, q, prefix)
    if second is None:
        return None
    if sep.group("d") and re.match(r"-\d", t[second.end : second.end + 2]):
        return None  # 555-123-4567
    a, b = first.currency, second.currency
    if a is not None and b is not None and a[0] != b[0] and not (a[1] & b[1]):
        return None
    if b is None and second.mult is None and not _count_free(s.low, second.end):
        return None  # "$5 - 10 videos"
    return second


def _per_unit_at(t: str, end: int) -> tuple[str | None, int]:
    m = _PER_UNIT.match(t, end)
    if m is None:
        return None, end
    if m.group("cpm"):
        return "cpm", m.end()
    if m.group("u"):
        return _UNIT_WORDS[m.group("u").lower()], m.end()
    if m.group("adv"):
        return _ADVERB_UNITS[m.group("adv").lower()], m.end()
    return "deliverable", m.end()


def _bound_before(low: str, start: int) -> MoneyBound | None:
    lo = max(0, start - 32)
    if _UP_TO_BEFORE.search(low, lo, start):
        return "up_to"
    if _AT_LEAST_BEFORE.search(low, lo, start):
        return "at_least"
    return None


def _count_free(low: str, end: int) -> bool:
    """Whether the word after a bare number leaves it free to be an amount (not "2 videos")."""
    m = _NEXT_WORD.match(low, end)
    return m is None or m.group(1) in _BARE_NEXT_OK


# --------------------------------------------------------------------------------------------
# Classification
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    kind: MoneyKind
    distance: int
    length: int
    text: str
    gap: str


def _is_break(low: str, i: int) -> bool:
    """Whether the character at ``i`` ends a sentence (or a list item, label or paragraph).

    A lone newline does not: plain-text mail wraps sentences at 72 columns.
    """
    ch = low[i]
    if ch == "\n":
        return _LINE_OPENER.match(low, i + 1) is not None
    if ch in "。！？":
        return True
    nxt = low[i + 1 : i + 2]
    if nxt and not nxt.isspace():
        return False  # 2.5, e.g.x
    if ch == ".":
        word = _WORD_ENDING.search(low, max(0, i - 8), i)
        if word is not None and word.group() in _ABBREVIATIONS:
            return False
    return True


def _sentence_start(low: str, s: int) -> int:
    lo = max(0, s - 160)
    breaks = [m.start() for m in _BREAK_CHAR.finditer(low, lo, s)]
    for i in reversed(breaks):
        if _is_break(low, i):
            return i + 1
    return lo


def _sentence_stop(low: str, e: int, limit: int) -> int:
    for m in _BREAK_CHAR.finditer(low, e, limit):
        if _is_break(low, m.start()):
            return m.start()
    return limit


def _best(hits: list[_Hit]) -> _Hit | None:
    if not hits:
        return None
    return min(hits, key=lambda h: (h.distance, -h.length, _PRIORITY[h.kind]))


def _cue_before(low: str, ws: int, s: int) -> _Hit | None:
    hits: list[_Hit] = []
    for kind, rx in _CUES.items():
        last: re.Match[str] | None = None
        for m in rx.finditer(low, ws, s):
            gap = low[m.end() : s]
            if kind in _LOCAL_KINDS and not _LOCAL_GAP.fullmatch(gap):
                continue
            last = m
        if last is not None:
            gap = low[last.end() : s]
            hits.append(_Hit(kind, s - last.end(), last.end() - last.start(), last.group(), gap))
    return _best(hits)


def _cue_after(low: str, e: int) -> _Hit | None:
    stop = _sentence_stop(low, e, min(len(low), e + 40))
    digit = _DIGIT.search(low, e, stop)
    if digit is not None:
        stop = digit.start()
    hits: list[_Hit] = []
    for kind, rx in _CUES.items():
        m = rx.search(low, e, stop)
        if m is None or m.group() == "your":
            continue
        gap = low[e : m.start()]
        if not _AFTER_GAP.fullmatch(gap):
            continue
        hits.append(_Hit(kind, m.start() - e, m.end() - m.start(), m.group(), gap))
    return _best(hits)


def _bare_ok(s: _Scan, raw: _Raw, before: _Hit | None, ws: int) -> bool:
    """Whether a number without currency reads as money in its context."""
    if before is None or before.kind in ("other", "commission"):
        return False
    gap = before.gap
    if len(gap) > 48 or not _BARE_GAP.fullmatch(gap):
        return False
    if raw.maximum < 10 or not _count_free(s.low, raw.end):
        return False
    token = s.masked[raw.start : raw.end]
    if raw.minimum == raw.maximum and re.fullmatch(r"(?:19|20|21)\d\d", token):
        prev = _PREV_WORD.search(s.low, ws, raw.start)
        if (
            not gap.strip(" \t")
            or (prev is not None and prev.group(1) in _YEAR_PREPS)
            or re.match(r"\s*[:/]", s.masked[raw.end : raw.end + 3])
        ):
            return False
    if _FAILED_RANGE.match(s.masked, raw.end):
        return False  # 10-15%, 555-1234-...
    prev = _PREV_WORD.search(s.low, max(ws, raw.start - 12), raw.start)
    return not (prev is not None and (prev.group(1) == "net" or prev.group(1) in _MONTHS))


#: A number glued to a unit word by a hyphen ("60-second", "3-part", "30-day") is a measure.
_HYPHEN_UNIT: Final = re.compile(r"[-‐‑][^\W\d_]")
#: "from" right before an amount: a seller's price list unless a money word of the sender's
#: own comes first ("we pay from $500" is a budget, "videos from $150" is a price).
_FROM_BEFORE: Final = re.compile(
    r"(?:\bfrom|\bstarting\s+(?:at|from)|\bstarts\s+(?:at|from)|\bab|\bdesde|\bà\s+partir\s+de"
    r"|\ba\s+partir\s+de|\ba\s+partire\s+da|\bvanaf|\bdès)\s*[:(]?\s*$"
)
_GAP_WORD: Final = re.compile(r"[^\W\d_]+")
#: "from $500 for a Reel": the amount pays for content the creator makes, not a price list.
_FOR_CONTENT_AFTER: Final = re.compile(
    r"\s*(?:for|pour|für|por|para|per)\s+(?:a|an|one|each|every|the|\d+|un|une|una|ein|eine)\s+"
    r"(?:[^\W\d_]+\s+)?(?:reels?|videos?|vídeos?|vidéos?|posts?|stor(?:y|ies)|tiktoks?|shorts?|"
    r"integrations?|streams?|episodes?|mentions?)\b"
)


def _seller_price(low: str, ws: int, start: int, end: int, hit: _Hit | None) -> bool:
    """Whether an amount reads as what a seller charges ("edits from $150", "ab 0,90 €")."""
    m = _FROM_BEFORE.search(low, max(ws, start - 24), start)
    if m is None or _FOR_CONTENT_AFTER.match(low, end):
        return False
    if hit is None or hit.kind != "budget":
        return True
    # "we pay (creators) from $500", "budgets start at $2k": the sender's own money word
    between = hit.gap[: max(0, len(hit.gap) - (start - m.start()))]
    return len(_GAP_WORD.findall(between)) > 2


def _classify(s: _Scan, raw: _Raw) -> tuple[MoneyMention, int] | None:
    """Kind and budget score of a candidate, or None when a bare number is not money."""
    low = s.low
    if raw.bare and (
        raw.maximum < 10
        or not _count_free(low, raw.end)
        or _HYPHEN_UNIT.match(s.masked, raw.end) is not None
        or _MONEY_STEM.search(low, max(0, raw.start - 70), raw.start) is None
    ):
        return None
    line_start = s.masked.rfind("\n", 0, raw.start) + 1
    quoted = s.masked[line_start : raw.start].lstrip().startswith(">")
    ws = max(line_start if quoted else 0, _sentence_start(low, raw.start))
    before = _cue_before(low, ws, raw.start)
    if raw.bare and not _bare_ok(s, raw, before, ws):
        return None
    after = None if raw.bare else _cue_after(low, raw.end)
    hit = before
    if after is not None and (
        hit is None
        or after.distance < hit.distance
        or (after.distance == hit.distance and _PRIORITY[after.kind] < _PRIORITY[hit.kind])
    ):
        hit = after
    label = (
        not quoted
        and raw.start - line_start <= 80
        and _LABEL.match(low, line_start, raw.start) is not None
    )
    kind: MoneyKind
    if raw.per_unit in _COMMISSION_UNITS:
        kind = "commission"
    elif label:
        kind = "budget"
    elif raw.per_unit == "minute":
        kind = "price"  # "€0.90 per minute of video": a dubbing or editing price list
    elif hit is not None:
        kind = hit.kind
    else:
        kind = "budget"
    if kind == "budget" and not label and _seller_price(low, ws, raw.start, raw.end, before):
        kind = "price"
    if quoted and kind == "budget":
        kind = "creator_rate"
    score = 0
    if kind == "budget":
        if label:
            score = 100
        elif hit is not None and hit.kind == "budget":
            score = 50 + (10 if _BUDGET_WORD.search(hit.text) else 0)
        else:
            score = 10
        if not raw.bare:
            score += 1  # a written currency beats a bare number under the same money word
    mention = MoneyMention(
        minimum=raw.minimum,
        maximum=raw.maximum,
        currency=raw.currency,
        per_unit=raw.per_unit,
        kind=kind,
        start=raw.start,
        end=raw.end,
        text=s.text[raw.start : raw.end],
        written_out=raw.written,
        bound=raw.bound,
        quoted=quoted,
    )
    return mention, score


# --------------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------------


def _written(s: _Scan, taken: list[tuple[int, int]]) -> list[_Raw]:
    """Amounts written in English words."""
    low = s.low
    windows: list[tuple[int, int]] = []
    for anchor in _WRITTEN_ANCHORS:
        i = low.find(anchor)
        while i != -1:
            if i == 0 or not low[i - 1].isalpha():  # "rand", not "brand"
                windows.append((max(0, i - 90), min(len(low), i + 40)))
            i = low.find(anchor, i + 1)
    if not windows:
        return []
    windows.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in windows:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    out: list[_Raw] = []
    for lo, hi in merged:
        for m in _WRITTEN_SEQ.finditer(low, lo, hi):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            value = _words_value(m.group())
            if value is None or value == 0:
                continue
            suffix = _suffix_at(s.masked, m.end())
            bare = suffix is None
            if bare and (value < 100 or not any(w in m.group() for w in _SCALES)):
                continue
            code = _resolve(suffix[1], s.default) if suffix else s.default
            end = suffix[0] if suffix else m.end()
            per_unit, end = _per_unit_at(s.masked, end)
            amount = Decimal(value)
            out.append(
                _Raw(
                    start=m.start(),
                    end=end,
                    minimum=amount,
                    maximum=amount,
                    currency=code,
                    per_unit=per_unit,
                    bound=_bound_before(low, m.start()),
                    written=True,
                    bare=bare,
                )
            )
    return out


def _scan(text: str, default_currency: str | None) -> list[tuple[MoneyMention, int]]:
    default = _normalise_default(default_currency)
    if not text:
        return []
    s = _prepare(text, default)
    t = s.masked
    raws: list[_Raw] = []
    pos = floor = 0
    while True:
        m = _DIGIT.search(t, pos)
        if m is None:
            break
        raw, resume = _numeric_at(s, m.start(), floor)
        if raw is not None:
            raws.append(raw)
            pos = floor = raw.end
        else:
            pos = resume
    raws += _written(s, [(r.start, r.end) for r in raws])
    found: list[tuple[MoneyMention, int]] = []
    for raw in sorted(raws, key=lambda r: r.start):
        classified = _classify(s, raw)
        if classified is not None:
            found.append(classified)
    return found


def _normalise_default(default_currency: str | None) -> str | None:
    if default_currency is None:
        return None
    code = default_currency.strip().upper()
    if not _CODE_RE.fullmatch(code):
        raise CurrencyError(f"not an ISO 4217 code: {default_currency!r}")
    return code


def find_money(text: str, *, default_currency: str | None = None) -> list[MoneyMention]:
    """Every money amount in ``text``, in order, each classified.

    Args:
        text: Free text (an email body, a subject line ...).
        default_currency: The currency of amounts written without one (``budget is 2000``),
            and the preferred reading of shared symbols (``$`` with ``"CAD"`` is CAD).

    Returns:
        The amounts found, ordered by position.

    Raises:
        CurrencyError: ``default_currency`` is not a three-letter code.
    """
    return [mention for mention, _score in _scan(text, default_currency)]


def parse_budget(text: str, *, default_currency: str | None = None) -> MoneyMention | None:
    """The budget the brand most likely offers in ``text``, if any.

    Only ``kind == "budget"`` amounts above zero qualify. A label line (``Budget: $2,000``)
    wins; then amounts governed by a money word (``our budget is``, ``we can offer``,
    ``flat fee``, ``Honorar``, ``presupuesto`` ...), the word ``budget`` itself first; then
    any other currency amount. Ties go to the earliest amount.

    Args:
        text: Free text (an email body).
        default_currency: As in :func:`find_money`.

    Returns:
        The chosen amount, or None.

    Raises:
        CurrencyError: ``default_currency`` is not a three-letter code.
    """
    best: tuple[int, MoneyMention] | None = None
    for mention, score in _scan(text, default_currency):
        if mention.kind != "budget" or mention.maximum <= 0:
            continue
        if best is None or score > best[0]:
            best = (score, mention)
    return best[1] if best else None


def parse_amount(s: str) -> Decimal | None:
    """Parse one amount as written, ignoring any currency around it.

    ``"2,500"`` → 2500, ``"1.200,50"`` → 1200.50, ``"2.5k"`` → 2500, ``"$1.5M"`` → 1500000,
    ``"₹5,00,000"`` → 500000, ``"50万"`` → 500000, ``"five thousand"`` → 5000. Ranges,
    percentages and anything else that is not exactly one amount give None.

    Args:
        s: The amount (a number, optionally with multiplier and currency).

    Returns:
        The value, or None.
    """
    t = s.strip()
    if not t:
        return None
    if not _DIGIT.search(t):
        words = _WRITTEN_SEQ.match(t.lower())
        if words is None:
            return None
        tail = _suffix_at(t, words.end())
        if t[tail[0] if tail else words.end() :].strip():
            return None
        count = _words_value(words.group())
        return Decimal(count) if count is not None else None
    prefix = _PREFIX_FWD.match(t)
    pos = 0
    if prefix is not None:
        token = prefix.group("x") or prefix.group("w") or ""
        if _PREFIX_EXACT.get(token) or _PREFIX_CI.get(token.lower()):
            pos = prefix.end()
    number = _NUMBER.match(t, pos)
    if number is None:
        return None
    value = _parse_number(number.group())
    if value is None:
        return None
    end = number.end()
    mult = _MULT.match(t, end)
    if mult is not None:
        factor = _MULT_WORDS.get((mult.group("a") or mult.group("w") or mult.group("c")).lower())
        if factor is not None:
            value = _tidy(value * factor)
            end = mult.end()
    suffix = _suffix_at(t, end)
    if suffix is not None:
        end = suffix[0]
    return None if t[end:].strip() else value
