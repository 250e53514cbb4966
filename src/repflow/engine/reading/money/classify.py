"""Classifying an amount by the nearest cue in its sentence (budget, price, product value ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from repflow.engine.reading.money.amounts import _DIGIT
from repflow.engine.reading.money.cues import (
    _ABBREVIATIONS,
    _AFTER_GAP,
    _BARE_GAP,
    _BREAK_CHAR,
    _BUDGET_WORD,
    _CREATOR_RATE_AFTER,
    _CUES,
    _FAILED_RANGE,
    _LABEL,
    _LINE_OPENER,
    _LOCAL_GAP,
    _LOCAL_KINDS,
    _MONEY_STEM,
    _MONTHS,
    _PREV_WORD,
    _PRIORITY,
    _WORD_ENDING,
    _YEAR_PREPS,
)
from repflow.engine.reading.money.mention import MoneyKind, MoneyMention
from repflow.engine.reading.money.scan import _count_free, _Raw, _Scan
from repflow.engine.reading.money.units import _COMMISSION_UNITS

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
    turned_down = _CREATOR_RATE_AFTER.match(
        low, e + len(low[e:stop]) - len(low[e:stop].lstrip(" \t\u00a0,"))
    )
    if turned_down is not None:
        hits.append(
            _Hit(
                "creator_rate", 0, turned_down.end() - turned_down.start(), turned_down.group(), ""
            )
        )
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


# A sentence addressed to an AI model (an injected instruction) states nobody's offer.
_AI_ADDRESSED: Final = re.compile(
    r"\b(?:ai|a\.i\.|llm)[ \t]+(?:model|assistant|agent|system)s?\b|\bdear[ \t]+(?:ai|assistant)\b"
    r"|\bsystem[ \t]+(?:note|prompt|message|instruction|override)s?\b|\blanguage[ \t]+models?\b"
)


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
    if kind == "budget" and _AI_ADDRESSED.search(low, ws, _sentence_stop(low, raw.end, len(low))):
        kind = "other"  # "SYSTEM NOTE FOR THE AI MODEL: ... a deal worth $9,000": not the sender's
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
