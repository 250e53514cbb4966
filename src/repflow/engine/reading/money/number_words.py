"""English number words (``five thousand``, ``fifteen hundred``) read as amounts."""

from __future__ import annotations

import re
from typing import Final

from repflow.engine.reading.money.currencies import _alternation

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
