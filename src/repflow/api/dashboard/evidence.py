"""Where an extracted deal field came from: the line of the thread that states it.

An engine that records evidence (field -> exact snippet; the LLM engine does) leaves it in the
turn's ``details["evidence"]``; that is used first. Otherwise the value is looked for in the
inbound messages, newest first: the brand's name, the budget's digits in the ways people write
them (``4,000``, ``4000``, ``4k``), the deadline's day and month, the platform, deliverable and
payment words. What is shown is the line it was found in, with the match marked; a value that
cannot be found verbatim says so rather than pointing at a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from repflow.domain.models import DealTerms, DeliverableKind, PartnershipType

__all__ = ["Evidence", "find_evidence", "snippet_evidence"]

_MAX_LINE = 220

#: Words that state a partnership type.
_TYPE_WORDS: dict[PartnershipType, str] = {
    PartnershipType.FLAT_FEE: r"flat[- ]?(?:fee|rate)|fixed (?:fee|price|rate)|one[- ]off fee",
    PartnershipType.AFFILIATE: r"affiliate|commission|rev(?:enue)?[- ]share|per sale",
    PartnershipType.HYBRID: r"plus (?:a )?commission|fee (?:\+|plus|and) (?:a )?commission",
    PartnershipType.GIFTED: r"gift(?:ed|ing)?|free (?:product|samples?|kit)|in exchange for",
    PartnershipType.UGC: r"\bugc\b|user[- ]generated",
}

#: Words that name a deliverable kind.
_KIND_WORDS: dict[DeliverableKind, str] = {
    DeliverableKind.YOUTUBE_INTEGRATION: r"integration|youtube|sponsored segment|mid-?roll",
    DeliverableKind.YOUTUBE_DEDICATED: r"dedicated",
    DeliverableKind.YOUTUBE_SHORT: r"shorts?\b",
    DeliverableKind.INSTAGRAM_REEL: r"reels?\b",
    DeliverableKind.INSTAGRAM_STORY: r"stor(?:y|ies)\b",
    DeliverableKind.INSTAGRAM_POST: r"instagram post|\bposts?\b|carousel",
    DeliverableKind.TIKTOK_VIDEO: r"tik ?tok",
    DeliverableKind.TWITCH_STREAM: r"twitch|stream",
    DeliverableKind.PODCAST_READ: r"podcast|ad read",
    DeliverableKind.NEWSLETTER_MENTION: r"newsletter",
    DeliverableKind.X_POST: r"tweet|\bx post",
    DeliverableKind.BLOG_POST: r"blog",
    DeliverableKind.UGC_VIDEO: r"\bugc\b|video",
    DeliverableKind.OTHER: r"deliverable",
}

_MONTHS = (
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
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A line of the thread with the part that states the value marked.

    Attributes:
        before: Text before the match.
        match: The matched text.
        after: Text after the match.
        message_index: Index of the message (in the thread's order) it was found in, or None
            when the engine recorded the snippet.
    """

    before: str
    match: str
    after: str
    message_index: int | None = None


def _clip(line: str, start: int, end: int) -> Evidence:
    """The line around ``[start, end)``, cut to a readable length."""
    left = max(0, start - (_MAX_LINE - (end - start)) // 2)
    right = min(len(line), left + _MAX_LINE)
    before = ("…" if left > 0 else "") + line[left:start]
    after = line[end:right] + ("…" if right < len(line) else "")
    return Evidence(before=before, match=line[start:end], after=after)


def _search(pattern: str, texts: Sequence[tuple[int, str]]) -> Evidence | None:
    regex = re.compile(pattern, re.IGNORECASE)
    for index, text in texts:
        for raw_line in text.splitlines():
            line = " ".join(raw_line.split())
            found = regex.search(line)
            if found and found.group(0).strip():
                clipped = _clip(line, found.start(), found.end())
                return Evidence(clipped.before, clipped.match, clipped.after, index)
    return None


def _amount_pattern(amount: Decimal) -> str:
    """A regex for an amount as people write it (``4,000``, ``4.000``, ``4 000``, ``4k``)."""
    whole = int(amount)
    digits = str(whole)
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    grouped = r"[,.\s\u00a0\u202f]?".join(groups)
    symbol = r"(?:[$€£¥₹]\s?)?"
    options = [rf"(?<![\d.,]){symbol}{grouped}(?:[.,]\d{{1,2}})?(?![\d])"]
    if whole >= 1000 and whole % 100 == 0:
        thousands = Decimal(whole) / 1000
        text = f"{thousands:f}".rstrip("0").rstrip(".")
        number = re.escape(text).replace("\\.", "[.,]")
        options.append(rf"(?<![\d.,]){symbol}{number}\s?k\b")
    return "|".join(options)


def _date_pattern(value: str) -> str | None:
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    month = _MONTHS[day.month - 1]
    short = month[:3]
    names = rf"(?:{month}|{short}\.?)"
    return (
        rf"\b{names}\s+{day.day}(?:st|nd|rd|th)?\b|\b{day.day}(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"{names}\b|{value[:10]}|\b0?{day.month}/0?{day.day}(?:/\d{{2,4}})?\b"
    )


def snippet_evidence(snippet: str, texts: Sequence[tuple[int, str]]) -> Evidence:
    """Evidence for a snippet an engine recorded: found in its line when possible.

    Args:
        snippet: The exact text the engine said the value was read from.
        texts: ``(message index, text)`` pairs to look in.

    Returns:
        The line holding the snippet with the snippet marked, or the snippet alone.
    """
    words = snippet.split()
    if words:
        found = _search(r"\s+".join(re.escape(w) for w in words), texts)
        if found is not None:
            return found
    return Evidence(before="", match=" ".join(words), after="")


def find_evidence(
    terms: DealTerms,
    texts: Sequence[tuple[int, str]],
    recorded: Iterable[tuple[str, str]] = (),
) -> dict[str, Evidence]:
    """Evidence for each known field of ``terms``.

    Args:
        terms: The deal terms as extracted.
        texts: ``(message index, text)`` of the inbound messages, newest first.
        recorded: ``(field, snippet)`` pairs an engine recorded (used first).

    Returns:
        Field name (``brand``, ``agency``, ``budget``, ``partnership_type``, ``deliverables``,
        ``platforms``, ``deadline``, ``usage_rights``, ``exclusivity``) -> evidence, for the
        fields whose source could be found.
    """
    found: dict[str, Evidence] = {}
    for name, snippet in recorded:
        key = "budget" if name in {"budget_min", "budget_max", "currency"} else name
        if snippet and key not in found:
            found[key] = snippet_evidence(snippet, texts)

    patterns: dict[str, str | None] = {}
    if terms.brand:
        patterns["brand"] = re.escape(terms.brand)
    if terms.agency:
        patterns["agency"] = re.escape(terms.agency)
    amounts = [a for a in (terms.budget_max, terms.budget_min) if a is not None]
    if amounts:
        patterns["budget"] = "|".join(_amount_pattern(a) for a in amounts)
    if terms.partnership_type is not None:
        patterns["partnership_type"] = _TYPE_WORDS.get(terms.partnership_type)
    if terms.deliverables:
        patterns["deliverables"] = "|".join(_KIND_WORDS[d.kind] for d in terms.deliverables)
    if terms.platforms:
        patterns["platforms"] = "|".join(
            r"tik ?tok" if p.value == "tiktok" else rf"\b{re.escape(p.value)}\b"
            for p in terms.platforms
        )
    if terms.deadline:
        patterns["deadline"] = _date_pattern(terms.deadline) or re.escape(terms.deadline)
    for name, value in (("usage_rights", terms.usage_rights), ("exclusivity", terms.exclusivity)):
        if value:
            words = value.split()[:6]
            patterns[name] = r"\s+".join(re.escape(w) for w in words)
    for name, pattern in patterns.items():
        if name in found or not pattern:
            continue
        evidence = _search(pattern, texts)
        if evidence is not None:
            found[name] = evidence
    return found
