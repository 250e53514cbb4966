"""Currency symbols, codes and names as brands write them, and which currency each means."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from babel.core import get_global

from repflow.engine.reading.money.data import CURRENCY_WORDS

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
# Currency names of the language files (``[money] currencies``).
for _word, _code in CURRENCY_WORDS.items():
    _WORDS.setdefault(_word, _one(_code))
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
        # not "sek": Swedish and Polish for seconds ("15–30 sek")
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
