"""Money parsing: formats brands write, what is not money, kinds, budget choice, conversion."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from babel.core import get_global
from babel.numbers import get_currency_symbol
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from repflow.domain.money import DEFAULT_RATES_TO_USD, CurrencyError, Money, convert
from repflow.engine.reading.money import MoneyMention, find_money, parse_amount, parse_budget

D = Decimal


def only(text: str, **kwargs: str) -> MoneyMention:
    found = find_money(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------------------------
# Formats: every way of writing an amount the brief lists, inside a budget sentence
# --------------------------------------------------------------------------------------------

FORMATS = [
    # (as written, minimum, maximum, currency)
    ("$2,500", "2500", "2500", "USD"),
    ("2.5k", "2500", "2500", None),
    ("$2.5K", "2500", "2500", "USD"),
    ("USD 3000", "3000", "3000", "USD"),
    ("3000 USD", "3000", "3000", "USD"),
    ("US$3,000", "3000", "3000", "USD"),
    ("€1.200", "1200", "1200", "EUR"),
    ("€1.200,50", "1200.50", "1200.50", "EUR"),
    ("1 200 €", "1200", "1200", "EUR"),
    ("1\u00a0200 €", "1200", "1200", "EUR"),
    ("1\u202f200 €", "1200", "1200", "EUR"),
    ("1 200,00 €", "1200", "1200", "EUR"),
    ("3.000 €", "3000", "3000", "EUR"),
    ("£800-£1,200", "800", "1200", "GBP"),
    ("£800 - 1,200", "800", "1200", "GBP"),
    ("$5k–7k", "5000", "7000", "USD"),
    ("$5-7k", "5000", "7000", "USD"),
    ("between $3,000 and $4,000", "3000", "4000", "USD"),
    ("from 2000 to 3000 EUR", "2000", "3000", "EUR"),
    ("INR 40,000", "40000", "40000", "INR"),
    ("₹5,00,000", "500000", "500000", "INR"),
    ("Rs. 50,000", "50000", "50000", "INR"),
    ("C$1,800", "1800", "1800", "CAD"),
    ("A$2,000", "2000", "2000", "AUD"),
    ("AU$2,000", "2000", "2000", "AUD"),
    ("NZ$1,500", "1500", "1500", "NZD"),
    ("R$ 4.000", "4000", "4000", "BRL"),
    ("R$ 4.000,00", "4000", "4000", "BRL"),
    ("MX$9,000", "9000", "9000", "MXN"),
    ("¥50,000", "50000", "50000", "JPY"),
    ("CN¥3,000", "3000", "3000", "CNY"),
    ("RMB 3000", "3000", "3000", "CNY"),
    ("3000元", "3000", "3000", "CNY"),
    ("50万円", "500000", "500000", "JPY"),
    ("₩500,000", "500000", "500000", "KRW"),
    ("CHF 1'500", "1500", "1500", "CHF"),
    ("kr 5 000", "5000", "5000", "SEK"),
    ("5 000 kr", "5000", "5000", "SEK"),
    ("SEK 5000", "5000", "5000", "SEK"),
    ("800 zł", "800", "800", "PLN"),
    ("PLN 800", "800", "800", "PLN"),
    ("1,5k €", "1500", "1500", "EUR"),
    ("$1.5M", "1500000", "1500000", "USD"),
    ("2 thousand dollars", "2000", "2000", "USD"),
    ("$5 thousand", "5000", "5000", "USD"),
    ("1500 dollars", "1500", "1500", "USD"),
    ("500 bucks", "500", "500", "USD"),
    ("300 pounds", "300", "300", "GBP"),
    ("2000 euros", "2000", "2000", "EUR"),
    ("Euro 2.000", "2000", "2000", "EUR"),
    ("$2,500.00", "2500", "2500", "USD"),
    ("$ 2,500", "2500", "2500", "USD"),
    ("2,500$", "2500", "2500", "USD"),
    ("2,000-3,000 USD", "2000", "3000", "USD"),
    ("€2.500 - €3.000", "2500", "3000", "EUR"),
    ("$3,000 CAD", "3000", "3000", "CAD"),
    ("USD $3,000", "3000", "3000", "USD"),
    ("2,000 Canadian dollars", "2000", "2000", "CAD"),
    ("₹2.5 lakh", "250000", "250000", "INR"),
    ("R$ 5 mil", "5000", "5000", "BRL"),
    ("R2,000", "2000", "2000", "ZAR"),
    ("HK$8,000", "8000", "8000", "HKD"),
    ("S$1,200", "1200", "1200", "SGD"),
    ("₺2.000", "2000", "2000", "TRY"),
    ("₦50,000", "50000", "50000", "NGN"),
    ("RM 1,500", "1500", "1500", "MYR"),
    ("Rp 5.000.000", "5000000", "5000000", "IDR"),
    ("฿20,000", "20000", "20000", "THB"),
    ("₱15,000", "15000", "15000", "PHP"),
    ("AED 4,000", "4000", "4000", "AED"),
    ("1.000.000 COP", "1000000", "1000000", "COP"),
    ("de 500 a 1000 euros", "500", "1000", "EUR"),
]


@pytest.mark.parametrize(("written", "low", "high", "currency"), FORMATS)
def test_format_in_budget_sentence(written: str, low: str, high: str, currency: str | None):
    text = f"Our budget is {written} for the campaign."
    budget = parse_budget(text)
    assert budget is not None
    assert (budget.minimum, budget.maximum, budget.currency) == (D(low), D(high), currency)
    assert budget.kind == "budget"
    assert text[budget.start : budget.end] == budget.text
    assert find_money(text) == [budget]


@pytest.mark.parametrize(
    ("written", "value", "currency"),
    [
        ("five thousand dollars", "5000", "USD"),
        ("two thousand five hundred euros", "2500", "EUR"),
        ("fifteen hundred dollars", "1500", "USD"),
        ("a thousand dollars", "1000", "USD"),
        ("twenty-five hundred dollars", "2500", "USD"),
        ("one hundred and fifty thousand rupees", "150000", "INR"),
    ],
)
def test_written_out_amounts(written: str, value: str, currency: str):
    mention = only(f"We can pay {written} for the video.")
    assert (mention.minimum, mention.maximum, mention.currency) == (D(value), D(value), currency)
    assert mention.written_out
    assert mention.text == written


def test_written_out_after_budget_word_without_currency():
    mention = only("Our budget is five thousand for this.")
    assert (mention.minimum, mention.currency, mention.written_out) == (D(5000), None, True)


# --------------------------------------------------------------------------------------------
# Per unit, bounds, currency resolution
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("CAD 1,800 per video", "video"),
        ("$500/video", "video"),
        ("$500 a video", "video"),
        ("$500 each", "deliverable"),
        ("$2,000 per month", "month"),
        ("$2,000/mo", "month"),
        ("$50/hr", "hour"),
        ("$500 per reel", "reel"),
        ("$150 per story", "story"),
        ("$900 per IG post", "post"),
        ("$500 per TikTok", "video"),
        ("$800 per dedicated YouTube video", "video"),
        ("800 € pro Video", "video"),
        ("800 € par vidéo", "video"),
        ("$2,000 per creator", "creator"),
        ("$20 CPM", "cpm"),
        ("$2,000 monthly", "month"),
    ],
)
def test_per_unit(text: str, unit: str):
    mention = only(f"We offer {text}.")
    assert mention.per_unit == unit
    assert mention.text == text


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("up to $4,000", "up_to"),
        ("max $4k", "up_to"),
        ("$4k max", "up_to"),
        ("$4,000 tops", "up_to"),
        ("no more than $4,000", "up_to"),
        ("bis zu 4.000 €", "up_to"),
        ("at least $1,000", "at_least"),
        ("starting at $1,000", "at_least"),
        ("from €1,000 per month", "at_least"),
        ("$5,000+", "at_least"),
        ("$1k or more", "at_least"),
        ("$2,000", None),
    ],
)
def test_bounds_keep_the_written_amount_on_both_ends(text: str, bound: str | None):
    mention = only(f"Our budget: {text}.")
    assert mention.bound == bound
    assert mention.minimum == mention.maximum


def test_range_has_no_bound():
    mention = only("from 2000 to 3000 EUR")
    assert mention.bound is None
    assert (mention.minimum, mention.maximum) == (D(2000), D(3000))


@pytest.mark.parametrize(
    ("text", "default", "currency"),
    [
        ("We pay $500", None, "USD"),
        ("We pay $500", "CAD", "CAD"),
        ("We pay $500", "AUD", "AUD"),
        ("We pay $500", "EUR", "USD"),
        ("We pay C$500", "AUD", "CAD"),
        ("We pay ¥50,000", None, "JPY"),
        ("We pay ¥50,000", "CNY", "CNY"),
        ("We pay kr 5000", None, "SEK"),
        ("We pay kr 5000", "NOK", "NOK"),
        ("We pay kr 5000", "dkk", "DKK"),
        ("We pay 5000 kroner", None, "NOK"),
        ("We pay 5000 kroner", "DKK", "DKK"),
        ("We pay Rs 5000", "PKR", "PKR"),
        ("We pay 500 pesos", "ARS", "ARS"),
        ("Budget: 2000", None, None),
        ("Budget: 2000", "EUR", "EUR"),
    ],
)
def test_currency_resolution(text: str, default: str | None, currency: str | None):
    assert only(text, **({"default_currency": default} if default else {})).currency == currency


def test_bad_default_currency_raises():
    with pytest.raises(CurrencyError):
        find_money("$5", default_currency="dollars")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("1,5 €", "1.5", "1.5"),
        ("€1,5", "1.5", "1.5"),
        ("$1,000,000", "1000000", "1000000"),
        ("$1.000.000", "1000000", "1000000"),
        ("1.2 €", "1.2", "1.2"),
        ("€2,50", "2.50", "2.50"),
        ("$0.50", "0.50", "0.50"),
        ("₹1,50,00,000", "15000000", "15000000"),
        ("€1.234.567,89", "1234567.89", "1234567.89"),
    ],
)
def test_grouping_rules(text: str, low: str, high: str):
    mention = only(f"We pay {text}")
    assert (mention.minimum, mention.maximum) == (D(low), D(high))


# --------------------------------------------------------------------------------------------
# Not money
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I have 100k followers, 2M views and 50K subscribers.",
        "15% commission on every sale, 20% off with code ANNA20, 10% rev share.",
        "We launch in Q3 2025, ideally in 2025.",
        "Call me at +1 555-123-4567 or (512) 555-0147.",
        "To discuss pay call 555-1234.",
        "Your order #12345 shipped.",
        "Use discount code SAVE20 at checkout.",
        "See you at 10:30 on 12.05.2025, version 1.2.3.",
        "You made our top 10 list!",
        "Details: https://brand.com/collab/2500?fee=300 or mail pay2500@brand.com",
        "We would love to work with 3 creators on 2 videos each.",
        "Budget for 2025 is tight.",
        "Budget: TBD",
        "Payment within 30 days, net 30.",
        "Payment terms: Net 45",
        "Payment by July 15",
        "Our engagement rate of 12.5 beats the average.",
        "We offer 500 followers a free trial.",
        "Our rate is 10-15% of sales.",
        "PHP 8.2 on AMD 7800 chips",
    ],
)
def test_not_money(text: str):
    assert find_money(text) == []
    assert parse_budget(text) is None


def test_zero_is_found_but_never_a_budget():
    assert only("$0 budget for this one, sorry").minimum == 0
    assert parse_budget("$0 budget for this one, sorry") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The budget is 2000.", "2000"),
        ("Our budget is 2000 for 3 videos.", "2000"),
        ("Budget: 1500", "1500"),
        ("Honorar: 1500", "1500"),
        ("Total budget: 2.5k", "2500"),
        ("We can pay 500", "500"),
        ("Our budget for this campaign is around 3000", "3000"),
        ("budget of 2000", "2000"),
        ("бюджет 50 тыс", "50000"),
    ],
)
def test_bare_number_after_budget_word(text: str, value: str):
    budget = parse_budget(text)
    assert budget is not None
    assert (budget.minimum, budget.currency) == (D(value), None)
    assert parse_budget(text, default_currency="EUR") == MoneyMention(
        **{**_fields(budget), "currency": "EUR"}
    )


def test_bare_range_after_budget_word():
    budget = parse_budget("budget of 2,000-3,000")
    assert budget is not None
    assert (budget.minimum, budget.maximum, budget.currency) == (D(2000), D(3000), None)


def _fields(mention: MoneyMention) -> dict[str, object]:
    return {name: getattr(mention, name) for name in MoneyMention.__slots__}


# --------------------------------------------------------------------------------------------
# Kinds
# --------------------------------------------------------------------------------------------


def kinds(text: str) -> list[tuple[Decimal, str]]:
    return [(m.maximum, m.kind) for m in find_money(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'd send a product worth $300 and pay $500.", [(300, "product_value"), (500, "budget")]),
        (
            "The kit has a retail value of $250. Our budget is $1,000.",
            [(250, "product_value"), (1000, "budget")],
        ),
        (
            "Products valued at $400, plus a $600 flat fee.",
            [(400, "product_value"), (600, "budget")],
        ),
        ("RRP £120 per set; we can offer £700.", [(120, "product_value"), (700, "budget")]),
        ("MSRP $99. Compensation: $1,500", [(99, "product_value"), (1500, "budget")]),
        ("You'll get $300 worth of product and $800.", [(300, "product_value"), (800, "budget")]),
        ("We can add a $100 gift card.", [(100, "product_value")]),
        ("Our product costs $49.", [(49, "product_value")]),
        ("A partnership worth $5,000.", [(5000, "budget")]),
        (
            "Your rate of $5,000 is above our budget, but we can offer $3,000.",
            [(5000, "creator_rate"), (3000, "budget")],
        ),
        ("You quoted $3k, we can pay $2k.", [(3000, "creator_rate"), (2000, "budget")]),
        (
            "Your media kit says $2,000 per reel. We have $1,500.",
            [(2000, "creator_rate"), (1500, "budget")],
        ),
        ("Your $5k rate is too high.", [(5000, "creator_rate")]),
        ("$5,000 is outside our budget.", [(5000, "creator_rate")]),
        (
            "> My rate is $4,000 per video\nThanks! We can do $3,500.",
            [(4000, "creator_rate"), (3500, "budget")],
        ),
        ("We'll pay $10 per sale plus a $500 fee.", [(10, "commission"), (500, "budget")]),
        ("A $20 commission on each order.", [(20, "commission")]),
        ("We raised $5M in funding; our budget is $2,000.", [(5000000, "other"), (2000, "budget")]),
        ("Save $20 with our code.", [(20, "other")]),
        ("$20 off your first order.", [(20, "other")]),
        ("We'd love to work with you for $2,000 on one TikTok.", [(2000, "budget")]),
    ],
)
def test_kinds(text: str, expected: list[tuple[int, str]]):
    assert kinds(text) == [(D(v), k) for v, k in expected]


def test_quoted_lines_are_marked_and_never_the_budget():
    text = "> Budget: $2,000\n> Thanks"
    mention = only(text)
    assert mention.quoted
    assert mention.kind == "creator_rate"
    assert parse_budget(text) is None


# --------------------------------------------------------------------------------------------
# Choosing the budget
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("We usually pay $500 per post.\nBudget: $2,000\nThe kit is worth $300.", 2000),
        ("We usually pay $500 per post. Our budget for this is $1,200.", 1200),
        ("We have $1 and $5 and the budget is $3", 3),
        ("We'd love to work with you! $2,000 for one TikTok (plus a $150 gift card).", 2000),
        ("**Budget:** $2,000\nWe raised $3M last year.", 2000),
        ("- Fee: €1.500\n- Product value: €200", 1500),
        ("Unfortunately your rate of $5,000 is above our budget, but we can offer $3,000.", 3000),
        ("予算は50万円です", 500000),
        ("Mit einem Honorar von 1.500 € pro Video", 1500),
        ("Nous proposons une rémunération de 800 € par vidéo", 800),
        ("Ofrecemos un pago de 1.000 euros", 1000),
        ("O orçamento é de R$ 5 mil", 5000),
        ("Il compenso è di 700 euro", 700),
        ("Наш бюджет 50 000 ₽", 50000),
        ("we'd like to offer a flat fee of\n$2,000 for one video", 2000),
        ("Budget:\n$2,000", 2000),
    ],
)
def test_parse_budget_choice(text: str, value: int):
    budget = parse_budget(text)
    assert budget is not None
    assert budget.maximum == value


def test_parse_budget_range_label_wins():
    budget = parse_budget("Budget: $2,000-$2,500 USD depending on usage.\nWe pay $500 for stories.")
    assert budget is not None
    assert (budget.minimum, budget.maximum, budget.currency) == (D(2000), D(2500), "USD")
    assert budget.text == "$2,000-$2,500 USD"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hi Anna, we love your content!",
        "We can add a $100 gift card.",
        "> Budget: $2,000",
        "Your rate of $5,000 is too high for us.",
        "15% commission on every sale.",
    ],
)
def test_parse_budget_none(text: str):
    assert parse_budget(text) is None


def test_symbols_agree_with_babel():
    """Every English CLDR symbol of a current currency reads as that currency."""
    current = {
        code
        for entries in get_global("territory_currencies").values()
        for code, _start, end, tender in entries
        if end is None and tender
    }
    checked = 0
    for code in sorted(current - {"XCG"}):  # XCG (2025) has no settled symbol yet
        symbol = get_currency_symbol(code, "en")
        if symbol == code:
            continue
        mention = only(f"We pay {symbol}1,000 for it")
        assert (mention.currency, mention.maximum) == (code, 1000), symbol
        checked += 1
    assert checked >= 20


# --------------------------------------------------------------------------------------------
# parse_amount
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("2,500", "2500"),
        ("2.500", "2500"),
        ("1.200,50", "1200.50"),
        ("1,200.50", "1200.50"),
        ("1 200,00", "1200.00"),
        ("1'500", "1500"),
        ("1,5", "1.5"),
        ("2.5", "2.5"),
        ("0.500", "0.500"),
        ("2.5k", "2500"),
        ("$2.5K", "2500"),
        ("$1.5M", "1500000"),
        ("5,00,000", "500000"),
        ("₹5,00,000", "500000"),
        ("50万", "500000"),
        ("3000 USD", "3000"),
        ("five thousand", "5000"),
        ("fifteen hundred dollars", "1500"),
        ("  42  ", "42"),
    ],
)
def test_parse_amount(written: str, value: str):
    assert parse_amount(written) == D(value)


@pytest.mark.parametrize(
    "written", ["", "abc", "15%", "$2,000-$3,000", "2,500 for one", "1.2.3", "a", "1,2,3"]
)
def test_parse_amount_rejects(written: str):
    assert parse_amount(written) is None


# --------------------------------------------------------------------------------------------
# Money and convert
# --------------------------------------------------------------------------------------------


def test_money_validates_currency():
    assert Money(D(5), "EUR").currency == "EUR"
    with pytest.raises(CurrencyError):
        Money(D(5), "eur")
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(D(5), "EURO")


def test_convert_via_base():
    rates = {"USD": D(1), "EUR": D("1.08"), "JPY": D("0.0067")}
    assert convert(Money(D(1000), "EUR"), "USD", rates) == Money(D("1080.00"), "USD")
    assert convert(Money(D(1080), "USD"), "EUR", rates) == Money(D("1000.00"), "EUR")
    # JPY has no minor unit: rounded to whole yen.
    assert convert(Money(D(100), "USD"), "JPY", rates) == Money(D(14925), "JPY")
    assert convert(Money(D(100), "EUR"), "jpy", rates).currency == "JPY"


def test_convert_same_currency_is_identity():
    money = Money(D("12.345"), "USD")
    assert convert(money, "USD", {}) is money


def test_convert_errors():
    with pytest.raises(CurrencyError, match="GBP"):
        convert(Money(D(1), "USD"), "GBP", {"USD": D(1)})
    with pytest.raises(CurrencyError, match="positive"):
        convert(Money(D(1), "USD"), "EUR", {"USD": D(1), "EUR": D(0)})
    with pytest.raises(CurrencyError):
        convert(Money(D(1), "USD"), "euro", {"USD": D(1)})


def test_default_rates_cover_common_currencies():
    wanted = [
        "USD",
        "EUR",
        "GBP",
        "CAD",
        "AUD",
        "NZD",
        "INR",
        "BRL",
        "MXN",
        "JPY",
        "CNY",
        "KRW",
        "CHF",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "TRY",
        "ZAR",
        "SGD",
        "HKD",
        "AED",
        "SAR",
        "IDR",
        "PHP",
        "THB",
        "MYR",
        "NGN",
        "ARS",
    ]
    assert set(wanted) <= set(DEFAULT_RATES_TO_USD)
    assert DEFAULT_RATES_TO_USD["USD"] == 1
    assert all(rate > 0 for rate in DEFAULT_RATES_TO_USD.values())
    eur = convert(Money(D(100), "EUR"), "GBP", DEFAULT_RATES_TO_USD)
    assert D(75) < eur.amount < D(95)


# --------------------------------------------------------------------------------------------
# Speed
# --------------------------------------------------------------------------------------------

EMAIL = """Hi Anna,

I lead creator partnerships at Glowful (https://glowful.com/collab?id=2025). We loved your
morning routine video (1.2M views!) and think our serum fits your 350k followers. We'd send
our kit (retail value of $250) and would like one 60-90 second TikTok plus 3 story frames,
live in Q3 2025, between July 15 and August 1, with 30 days of usage on paid social.

Budget: $2,000-$2,500 USD depending on usage.
Affiliate: 15% commission on every sale with code ANNA15.

> On Mon, Jun 3, 2025 at 10:30 AM Anna wrote:
> My rate for a TikTok is $3,000 and $500 per story.

Call me on +1 (555) 123-4567.
Best,
Julia
"""


def test_five_kilobyte_email_budget():
    text = (EMAIL * 8)[:5000]
    budget = parse_budget(text)
    assert budget is not None
    assert budget.maximum == 2500


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

# currency -> (prefixes, suffixes) as brands write them
STYLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "USD": (("$", "US$", "USD ", "USD", "$ "), (" USD", "USD", " dollars", "$")),
    "EUR": (("€", "EUR ", "Euro ", "€ "), (" €", "€", " EUR", " euros", " Euro")),
    "GBP": (("£", "GBP "), (" GBP", " pounds")),
    "CAD": (("C$", "CA$", "CAD "), (" CAD", " Canadian dollars")),
    "AUD": (("A$", "AU$", "AUD "), (" AUD",)),
    "NZD": (("NZ$",), (" NZD",)),
    "BRL": (("R$ ", "R$", "BRL "), (" BRL", " reais")),
    "MXN": (("MX$",), (" MXN", " pesos")),
    "INR": (("₹", "Rs. ", "Rs ", "INR "), (" INR", " rupees")),
    "JPY": (("¥", "JPY "), ("円", " JPY", " yen")),
    "CNY": (("CN¥", "RMB "), ("元", " CNY", " yuan")),
    "KRW": (("₩",), ("원", " KRW")),
    "CHF": (("CHF ", "Fr. "), (" CHF", " francs")),
    "SEK": (("kr ", "SEK "), (" kr", " SEK", " kronor")),
    "PLN": (("PLN ",), (" zł", " PLN")),
    "ZAR": (("R",), (" ZAR", " rand")),
    "TRY": (("₺",), (" TRY", " TL")),
    "NGN": (("₦",), (" NGN",)),
}
# (group separator, decimal separator)
GROUPINGS = [
    (",", "."),
    (".", ","),
    (" ", ","),
    ("\u00a0", ","),
    ("\u202f", ","),
    ("'", "."),
    ("", "."),
    ("", ","),
]


def group(integer: int, sep: str, indian: bool = False) -> str:
    digits = str(integer)
    if not sep:
        return digits
    if indian and len(digits) > 3:
        head, tail = digits[:-3], digits[-3:]
        pairs = []
        while len(head) > 2:
            pairs.insert(0, head[-2:])
            head = head[:-2]
        return ",".join([head, *pairs, tail])
    return f"{integer:,}".replace(",", sep)


def k_able(value: Decimal) -> bool:
    return value >= 1000 and value % 100 == 0 and value < 10**6


@st.composite
def written_number(draw: st.DrawFn, value: Decimal, k: bool | None = None) -> str:
    """``value`` as brands write it; ``k`` forces (True) or forbids (False) the k form."""
    sep, dec = draw(st.sampled_from(GROUPINGS))
    integer = int(value)
    cents = int((value - integer) * 100)
    if k_able(value) and (k if k is not None else draw(st.booleans())):
        thousands = Decimal(integer) / 1000
        text = f"{thousands.normalize():f}".replace(".", dec)
        return text + draw(st.sampled_from(["k", "K"]))
    indian = sep == "," and draw(st.booleans())
    text = group(integer, sep, indian)
    if cents or (draw(st.booleans()) and value == integer and sep != dec):
        text += f"{dec}{cents:02d}"
    return text


amounts = st.one_of(
    st.integers(min_value=10, max_value=9_999_999).map(Decimal),
    st.integers(min_value=1000, max_value=999_999_99).map(lambda c: Decimal(c) / 100),
    st.integers(min_value=1, max_value=9_999).map(lambda n: Decimal(n * 100)),  # round: 2.5k
)


@st.composite
def budget_sentence(draw: st.DrawFn) -> tuple[str, Decimal, Decimal, str]:
    code = draw(st.sampled_from(sorted(STYLES)))
    prefixes, suffixes = STYLES[code]
    low = draw(amounts)
    is_range = draw(st.booleans())
    high = draw(amounts.filter(lambda h: h > low)) if is_range else low
    assume(high >= low)
    if not is_range:
        first = draw(written_number(low))
        if draw(st.booleans()):
            return draw(st.sampled_from(prefixes)) + first, low, high, code
        return first + draw(st.sampled_from(suffixes)), low, high, code
    # Both ends in k or neither: "$10 - $17.9k" reads as 10k-17.9k (see the module docs).
    both_k = k_able(low) and k_able(high) and draw(st.booleans())
    first = draw(written_number(low, k=both_k))
    second = draw(written_number(high, k=both_k))
    thousands = low % 1000 == 0 and high % 1000 == 0 and high < 10**6
    if thousands and draw(st.booleans()):  # "$5-7k": the k of the upper end covers both
        first, second = f"{int(low) // 1000}", f"{int(high) // 1000}k"
    sep = draw(st.sampled_from(["-", " - ", "–", " – ", " to "]))
    place = draw(st.sampled_from(["prefix both", "prefix first", "suffix last"]))
    if place == "suffix last":
        return first + sep + second + draw(st.sampled_from(suffixes)), low, high, code
    prefix = draw(st.sampled_from(prefixes))
    second_prefix = prefix if place == "prefix both" else ""
    return prefix + first + sep + second_prefix + second, low, high, code


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(budget_sentence())
@example(("$5-7k", D(5000), D(7000), "USD"))
@example(("1 200,00 €", D(1200), D(1200), "EUR"))
def test_property_formatted_budget_round_trips(case: tuple[str, Decimal, Decimal, str]):
    written, low, high, code = case
    budget = parse_budget(f"Our budget is {written} for the campaign.")
    assert budget is not None, written
    assert (budget.minimum, budget.maximum, budget.currency) == (low, high, code), written


@settings(max_examples=1500)
@given(st.text())
def test_property_find_money_never_raises(text: str):
    for mention in find_money(text):
        assert mention.minimum <= mention.maximum
        assert text[mention.start : mention.end] == mention.text
    parse_budget(text)
    parse_amount(text)


MONEYISH = st.lists(
    st.sampled_from(
        [
            *"0123456789 .,'-–$€£¥₹kKmM%/+:#\n>",
            "USD",
            "EUR",
            "kr",
            "R$",
            "budget",
            "pay ",
            " to ",
            " and ",
            "between ",
            "thousand",
            "five",
            "hundred",
            "dollars",
            " per video",
            " up to ",
            "\u00a0",
            "\u202f",
            "万",
            "円",
            "lakh",
            " mil",
            "@",
            "http://",
            "www.",
            "your rate ",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=1500)
@given(MONEYISH)
def test_property_money_like_text_is_consistent(text: str):
    for mention in find_money(text):
        assert mention.minimum <= mention.maximum
        assert text[mention.start : mention.end] == mention.text
    budget = parse_budget(text)
    assert budget is None or (budget.kind == "budget" and budget.maximum > 0)


NUMBER_WORDS = re.compile(
    r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion)\b"
)


@settings(max_examples=1000)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs"))))
def test_property_no_budget_without_digits_or_number_words(text: str):
    assume(not NUMBER_WORDS.search(text))
    assert find_money(text) == []
    assert parse_budget(text) is None


def to_words(n: int) -> str:
    small = [
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
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    def below_thousand(k: int) -> list[str]:
        words: list[str] = []
        if k >= 100:
            words += [small[k // 100], "hundred"]
            k %= 100
        if k >= 20:
            words.append(tens[k // 10 - 2] + (f"-{small[k % 10]}" if k % 10 else ""))
        elif k:
            words.append(small[k])
        return words

    words: list[str] = []
    if n >= 1000:
        words += [*below_thousand(n // 1000), "thousand"]
    words += below_thousand(n % 1000)
    return " ".join(words)


@settings(max_examples=500)
@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(["dollars", "euros", "pounds"]))
def test_property_written_out_round_trips(n: int, word: str):
    mention = only(f"We can pay {to_words(n)} {word} for it.")
    assert mention.minimum == mention.maximum == n
    assert mention.written_out


@settings(max_examples=1000)
@given(amounts.flatmap(lambda v: st.tuples(st.just(v), written_number(v))))
def test_property_parse_amount_round_trips(case: tuple[Decimal, str]):
    value, written = case
    assert parse_amount(written) == value, written


# --------------------------------------------------------------------------------------------
# Prices a seller charges the creator, measures glued to units, budget labels
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We charge $80 per thumbnail.", [(80, "price")]),
        ("Our packages start at $199 a month.", [(199, "price")]),
        ("Pricing starts from €49 per edit.", [(49, "price")]),
        ("I cut long-form videos from $120 per video.", [(120, "price")]),
        ("Unsere Preise beginnen bei 50 € pro Video.", [(50, "price")]),
        ("Nuestros precios desde 30 USD por video.", [(30, "price")]),
        ("Dubbing: 1,20 € per minute of video.", [(D("1.20"), "price")]),
        ("You only pay $11 per unit and keep the margin.", [(11, "price")]),
        # the sender's own money word governs "from": a budget
        ("We pay from $500 per video depending on usage.", [(500, "budget")]),
        ("Budget from $2,000, more with usage rights.", [(2000, "budget")]),
        ("Compensation starts at $800.", [(800, "budget")]),
        # a brand's terse offer: from an amount for content the creator makes
        ("Paid collab: starting at $500 for a Reel.", [(500, "budget")]),
    ],
)
def test_seller_prices(text: str, expected: list[tuple[Decimal, str]]) -> None:
    assert kinds(text) == [(D(v), k) for v, k in expected]


@pytest.mark.parametrize(
    "text",
    [
        "Editing from $150 per video, Shorts from $40.",
        "Our plans start at $29/month.",
        "Precio: a partir de 0,90 € por minuto.",
    ],
)
def test_seller_prices_are_never_the_budget(text: str) -> None:
    assert parse_budget(text) is None


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("We'd like to sponsor a 60-second integration for $2,500.", 2500, "USD"),
        ("Our budget covers a 3-part series at $4,000.", 4000, "USD"),
        ("Budget for the 30-day campaign: €1.200", 1200, "EUR"),
    ],
)
def test_number_glued_to_a_unit_is_a_measure_not_money(
    text: str, value: int, currency: str
) -> None:
    budget = parse_budget(text)
    assert budget is not None
    assert (budget.maximum, budget.currency) == (D(value), currency)


def test_measure_alone_is_not_a_budget() -> None:
    assert parse_budget("We'd sponsor a 90-second segment in your next upload.") is None


@pytest.mark.parametrize(
    "text",
    ["Our budget is 1500, so $1,500 for the Reel.", "We can pay 800 - so $800 for the Reel."],
)
def test_written_currency_beats_bare_number_under_one_money_word(text: str) -> None:
    budget = parse_budget(text)
    assert budget is not None
    assert budget.currency == "USD"


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("Entrega: 1 vídeo\nValor: R$ 2.500,00", 2500, "BRL"),
        ("👉 Valor: R$ 1.800", 1800, "BRL"),
        ("Betrag: 750 €\nProdukt: Stirnlampe", 750, "EUR"),
        ("Importe: 300 €", 300, "EUR"),
        ("Valeur : 600 €", 600, "EUR"),
        ("Honorário: R$ 900", 900, "BRL"),
    ],
)
def test_budget_labels_in_other_languages(text: str, value: int, currency: str) -> None:
    budget = parse_budget(text)
    assert budget is not None
    assert (budget.maximum, budget.currency, budget.kind) == (D(value), currency, "budget")
