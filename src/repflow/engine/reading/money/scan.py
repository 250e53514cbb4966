"""Reading one amount at a position: its currency, the number, a second end of a range."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from repflow.engine.reading.money.amounts import (
    _BETWEEN_BEFORE,
    _DE_BEFORE,
    _JOINING_WORDS,
    _MULT,
    _MULT_WORDS,
    _NUMBER,
    _NUMBER_TAIL_JUNK,
    _PERCENT,
    _RANGE_SEP,
    _SKIP_TOKEN,
    _UNSPACED,
    _parse_number,
    _resolve,
    _tidy,
)
from repflow.engine.reading.money.cues import _BARE_NEXT_OK, _MONEY_STEM, _NEXT_WORD, _URL_END
from repflow.engine.reading.money.currencies import (
    _ALL_SYMBOLS,
    _ATTACHED_ONLY,
    _ISO_CODES,
    _MAX_PREFIX,
    _MIL_IS_THOUSAND,
    _PREFIX_CI,
    _PREFIX_EXACT,
    _PREFIX_FWD,
    _PREFIX_LAST_CHARS,
    _QUALIFIERS,
    _SUFFIX,
    _WEAK_TOKENS,
    _WORDS,
    _Entry,
    _one,
)
from repflow.engine.reading.money.mention import MoneyBound
from repflow.engine.reading.money.units import (
    _ADVERB_UNITS,
    _AT_LEAST_BEFORE,
    _BOUND_AFTER,
    _PER_UNIT,
    _UNIT_WORDS,
    _UP_TO_BEFORE,
)


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


# Full-width digits and separators (￥２００，０００) read as ASCII, one character for one.
_FULL_WIDTH: Final = str.maketrans("０１２３４５６７８９，．", "0123456789,.")


def _prepare(text: str, default: str | None) -> _Scan:
    masked = text.translate(_FULL_WIDTH)
    spans = _masked_spans(text) if "@" in text or "ww." in text or "://" in text else []
    if spans:
        pieces: list[str] = []
        last = 0
        for lo, hi in sorted(spans):
            lo = max(lo, last)
            pieces += (masked[last:lo], " " * max(0, hi - lo))
            last = max(last, hi)
        pieces.append(masked[last:])
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
    if b is None and second.mult is None and not _range_end_free(s.low, second.end):
        return None  # "$5 - 10 videos"
    return second


#: Words after a number that count something else than money ("$5 - 10 videos").
_COUNTED: Final = re.compile(
    r"[^\S\n]*(?:videos?|v[ií]deos?|vidéos?|posts?|reels?|stor(?:y|ies)|storys|shorts?|"
    r"tik ?toks?|clips?|pieces?|items?|units?|followers?|subscribers?|subs|views?|likes?|"
    r"days?|weeks?|months?|hours?|minutes?|mins?|seconds?|secs?|people|creators?|"
    r"deliverables?|episodes?|streams?|times|x\b|%|percent|filmy?|beitr\w*|tage|wochen|"
    r"días|dias|jours|giorni|dagen|dni|gün|hari)\b"
)


def _range_end_free(low: str, end: int) -> bool:
    """Whether a range's bare upper end is money: not followed by what it counts."""
    return _count_free(low, end) or _COUNTED.match(low, end) is None


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
