"""The money reader's entry points: every amount in a text, the budget, one amount as written."""

from __future__ import annotations

import dataclasses
import functools
import re
from decimal import Decimal
from typing import Final

from repflow.domain.money import CurrencyError
from repflow.engine.lang import languages
from repflow.engine.reading.money.amounts import (
    _DIGIT,
    _MULT,
    _MULT_WORDS,
    _NUMBER,
    _parse_number,
    _resolve,
    _tidy,
)
from repflow.engine.reading.money.classify import _classify
from repflow.engine.reading.money.currencies import _PREFIX_CI, _PREFIX_EXACT, _PREFIX_FWD
from repflow.engine.reading.money.data import (
    NUMBER_FACTORS,
    NUMBER_JOINERS,
    NUMBER_SCALES,
    NUMBER_WORDS,
)
from repflow.engine.reading.money.mention import MoneyMention
from repflow.engine.reading.money.number_words import (
    _SCALES,
    _WRITTEN_ANCHORS,
    _WRITTEN_SEQ,
    _words_value,
)
from repflow.engine.reading.money.scan import (
    _bound_before,
    _numeric_at,
    _per_unit_at,
    _prepare,
    _Raw,
    _Scan,
    _suffix_at,
)

# --------------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------------

_CODE_RE: Final = re.compile(r"[A-Z]{3}")


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


# Amounts in words in the language files' words (``[money] number_words`` ...).
_ML_ADD: Final[dict[str, int]] = {
    **{w: v for lang in languages() for w, v in lang.numbers.words.items() if 0 < v < 1000},
    **NUMBER_WORDS,
}
_ML_ANCHOR: Final = re.compile(
    "|".join(re.escape(w) for w in sorted({*NUMBER_SCALES, *NUMBER_FACTORS}, key=len, reverse=True))
    or r"(?!)"
)
_ML_TOKEN: Final = re.compile(r"[^\W\d_]+")
_ML_GAP: Final = re.compile(r"[ \t\u00a0-]+")
_ML_WRAP: Final = re.compile(r"[ \t]*\r?\n[ \t]*(?=[^\W\d_])")
_ML_KNOWN: Final = frozenset({*_ML_ADD, *NUMBER_FACTORS, *NUMBER_SCALES})


@functools.lru_cache(maxsize=4096)
def _ml_split(token: str) -> tuple[str, ...] | None:
    """A token as number words, compounds split (``dreitausend`` -> drei, tausend)."""
    if token in _ML_KNOWN:
        return (token,)
    for cut in range(len(token) - 1, 1, -1):
        head = token[:cut]
        if head in _ML_KNOWN:
            rest = _ml_split(token[cut:])
            if rest is not None:
                return (head, *rest)
    return None


def _ml_value(words: list[str]) -> int | None:
    total = current = 0
    sized = False
    for word in words:
        if word in NUMBER_SCALES:
            total += max(current, 1) * NUMBER_SCALES[word]
            current, sized = 0, True
        elif word in NUMBER_FACTORS:
            current = max(current, 1) * NUMBER_FACTORS[word]
            sized = True
        else:
            current += _ML_ADD[word]
    value = total + current
    return value if sized or value >= 100 else None


def _written_languages(s: _Scan, taken: list[tuple[int, int]]) -> list[_Raw]:
    """Amounts written in the words of a language file (``pięć tysięcy złotych``)."""
    low = s.low
    out: list[_Raw] = []
    done = 0
    for anchor in _ML_ANCHOR.finditer(low):
        if anchor.start() < done:
            continue
        tokens = list(_ML_TOKEN.finditer(low, max(0, anchor.start() - 80), anchor.end() + 80))
        at = next((i for i, t in enumerate(tokens) if t.start() <= anchor.start() < t.end()), None)
        if at is None or _ml_split(tokens[at].group()) is None:
            continue
        lo = hi = at
        while lo > 0 and _ML_GAP.fullmatch(low[tokens[lo - 1].end() : tokens[lo].start()]):
            word = tokens[lo - 1].group()
            if _ml_split(word) is None and not (word in NUMBER_JOINERS and lo - 1 > 0):
                break
            lo -= 1
        while hi + 1 < len(tokens) and _ML_GAP.fullmatch(
            low[tokens[hi].end() : tokens[hi + 1].start()]
        ):
            if (
                _ml_split(tokens[hi + 1].group()) is None
                and tokens[hi + 1].group() not in NUMBER_JOINERS
            ):
                break
            hi += 1
        while hi > lo and tokens[hi].group() in NUMBER_JOINERS:
            hi -= 1
        while lo < hi and tokens[lo].group() in NUMBER_JOINERS:
            lo += 1
        start, stop = tokens[lo].start(), tokens[hi].end()
        done = stop
        if any(a < stop and start < b for a, b in taken):
            continue
        words = [
            part
            for t in tokens[lo : hi + 1]
            if t.group() not in NUMBER_JOINERS
            for part in _ml_split(t.group()) or ()
        ]
        value = _ml_value(words)
        if not value:
            continue
        suffix = _suffix_at(s.masked, stop)
        wrap = _ML_WRAP.match(s.masked, stop)
        if suffix is None and wrap is not None:  # hard-wrapped: "pięć tysięcy\nzłotych"
            suffix = _suffix_at(s.masked, wrap.end())
        if suffix is None:  # "tusen tack" is thanks, not a thousand
            continue
        code = _resolve(suffix[1], s.default)
        end = suffix[0]
        per_unit, end = _per_unit_at(s.masked, end)
        amount = Decimal(value)
        out.append(
            _Raw(
                start=start,
                end=end,
                minimum=amount,
                maximum=amount,
                currency=code,
                per_unit=per_unit,
                bound=_bound_before(low, start),
                written=True,
                bare=False,
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
    raws += _written_languages(s, [(r.start, r.end) for r in raws])
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
    budgets = [
        (mention, score)
        for mention, score in _scan(text, default_currency)
        if mention.kind == "budget" and mention.maximum > 0
    ]
    for mention, score in budgets:
        if best is None or score > best[0]:
            best = (score, mention)
    if best is not None and best[1].per_unit == "cpm":
        return _cpm_budget(best[1], [mention for mention, _score in budgets])
    return best[1] if best else None


def _cpm_budget(rate: MoneyMention, budgets: list[MoneyMention]) -> MoneyMention:
    """A CPM offer's budget: its guaranteed minimum to its cap, when it states them."""
    same = [m for m in budgets if m.per_unit is None and m.currency == rate.currency]
    floor = next((m for m in same if m.bound == "at_least"), None)
    cap = next((m for m in same if m.bound == "up_to"), None)
    if floor is not None and cap is not None and floor.minimum <= cap.maximum:
        return dataclasses.replace(floor, maximum=cap.maximum, bound=None)
    return cap or floor or rate


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
