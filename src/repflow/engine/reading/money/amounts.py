"""Numbers as brands write them: digit grouping, multipliers (``k``, ``Mio``, ``lakh``), ranges."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

from repflow.engine.reading.money.currencies import _HS, _NOT_LETTER_AFTER, _alternation, _Entry
from repflow.engine.reading.money.data import MULTIPLIERS, RANGE_TO

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
# A token to skip, which ends at a letter of a script written without spaces (３本で22万円).
_SKIP_TOKEN: Final = re.compile(
    r"(?:[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]|[.,:/'’-](?=\w))*"
)
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
# Multipliers of the language files (``[money] multipliers``: ``juta``, ``tysięcy`` ...).
for _word, _factor in MULTIPLIERS.items():
    _MULT_WORDS.setdefault(_word, Decimal(_factor))
_MULT_LETTERS: Final = frozenset({"k", "m", "mm", "mn", "bn"})
_MULT_WORD_FORMS: Final = frozenset(
    w for w in _MULT_WORDS if w not in _MULT_LETTERS and not "\u3000" <= w[0] <= "\ud7ff"
)
_MULT: Final = re.compile(
    rf"(?P<a>[kK]|mm|MM|[mM]|mn|Mn|MN|bn|Bn|BN)(?:{_NOT_LETTER_AFTER}|(?=[A-Z]{{3}}\b))"
    rf"|{_HS}?(?P<w>(?i:{_alternation(_MULT_WORD_FORMS)})){_NOT_LETTER_AFTER}"
    r"|(?P<c>[万萬만千천億亿])"
)
_RANGE_TO_WORDS: Final = f"|{_alternation(RANGE_TO)}" if RANGE_TO else ""
_RANGE_SEP: Final = re.compile(
    rf"{_HS}*(?P<d>--?|[–—~〜～]){_HS}*"
    rf"|{_HS}+(?P<w>(?i:to|till|until|thru|through|bis|à|au|a|até|ate|hasta|al|tot|до|and|und|et|e|y{_RANGE_TO_WORDS})){_HS}+"
)
_JOINING_WORDS: Final = frozenset({"and", "und", "et", "e", "y"})
_BETWEEN_BEFORE: Final = re.compile(
    r"(?:between|betwixt|zwischen|entre|tra|fra|mellan|между|от)\s*(?:the\s+)?$"
)
_DE_BEFORE: Final = re.compile(r"(?:de|da|dai|desde|entre|from)\s*$")

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
