"""Text helpers of the heuristic engine: unwrapping, sentences, URL and footer removal, language.

Plain-text email is hard-wrapped at ~72 columns and HTML-converted text comes with bullets and
odd spacing; the extractors want sentences. Nothing here knows about deals.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Final

from repflow.engine.heuristic.lexicon import KANA, STOPWORDS, WORD

_URL: Final = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|co|me|ly|gg|tv|"
    r"app|shop|store|link|bio|de|fr|es|it|pt|nl|br|mx|jp|uk)/\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_FOOTER_LINE: Final = re.compile(
    r"(?i)^\s*(?:follow us|find us|connect with us|join us on|socials?\s*:|s[ií]guenos|"
    r"suivez[- ]nous|folge[nt]? uns|siga[- ]nos|seguici|volg ons)\b"
)
_SOCIAL_ONLY: Final = re.compile(
    r"(?i)^[\s|•·,/-]*(?:(?:instagram|insta|ig|tiktok|youtube|twitter|x|facebook|fb|linkedin|"
    r"pinterest|snapchat|twitch|threads|discord|website|web)[\s|•·,/:-]*)+$"
)
_HANDLE_LINE: Final = re.compile(
    r"(?i)^[\s|•·,/-]*(?:(?:instagram|insta|ig|tiktok|youtube|yt|twitter|x|facebook|fb|linkedin|"
    r"pinterest|snapchat|twitch|threads)\s*[:|-]?\s*@[\w.]+[\s|•·,/-]*)+$"
)
_BULLET: Final = re.compile(r"^\s*(?:[-*•·–—>]|\d{1,2}[.)]|[a-z][.)])\s+")
_LABEL_LINE: Final = re.compile(r"^\s*[\w ./&-]{2,30}:\s")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?。！？])\s+(?=\S)")
#: A day written as an ordinal number ("15.", "3.") ends a part that goes on with its month:
#: German, Danish, Norwegian, Czech... write "bis spätestens 15. April 2026".
_ORDINAL_DAY_END: Final = re.compile(r"(?:^|[\s(])(?:[0-2]?\d|3[01])\.$")
_NEXT_IS_MONTH: Final = re.compile(
    r"(?i)(?:jan(?:uar|uary)?|feb(?:ruar|ruary)?|märz|mär|maerz|march|mar|apr(?:il)?|mai|may|"
    r"jun[ie]?|jul[iy]?|aug(?:ust)?|sep(?:t|tember)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|"
    r"dez(?:ember)?|dec(?:ember)?)\b"
)
_SPACES: Final = re.compile(r"[ \t\u00a0\u202f]+")


def strip_urls(text: str) -> str:
    """``text`` with URLs, bare domains with paths and email addresses replaced by a space."""
    return _URL.sub(" ", text)


def drop_footer_lines(text: str) -> str:
    """``text`` without "follow us on ..." lines and lines made only of social network names."""
    return "\n".join(
        line
        for line in text.splitlines()
        if not _FOOTER_LINE.match(line)
        and not (line.strip() and (_SOCIAL_ONLY.match(line) or _HANDLE_LINE.match(line)))
    )


def unwrap(text: str) -> str:
    """Join hard-wrapped lines of a paragraph; keep bullets, label lines and blank lines.

    Args:
        text: Plain text, possibly wrapped at a fixed width.

    Returns:
        The text with each wrapped paragraph on one line.
    """
    out: list[str] = []
    for raw in text.splitlines():
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            out.append("")
            continue
        if out and out[-1] and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _continues(previous: str, line: str) -> bool:
    if _BULLET.match(line) or _LABEL_LINE.match(line):
        return False
    if previous.endswith((":", "!", "?", ".", "。")):
        return False
    # A wrapped line is long, or the next one starts in lower case (mid-sentence).
    return len(previous) >= 45 or line[:1].islower()


def sentences(text: str) -> Iterator[str]:
    """The sentences of ``text`` (unwrapped first), one per line or sentence break.

    A period after a day number does not end the sentence when a month name follows
    ("15. April 2026").
    """
    for line in unwrap(text).splitlines():
        pending = ""
        for part in _SENTENCE_END.split(line):
            part = part.strip()
            if not part:
                continue
            if pending:
                if _NEXT_IS_MONTH.match(part):
                    part = f"{pending} {part}"
                else:
                    yield pending
                pending = ""
            if _ORDINAL_DAY_END.search(part):
                pending = part
                continue
            yield part
        if pending:
            yield pending


def detect_language(text: str) -> str | None:
    """A cheap ISO 639-1 guess from stop words (kana for Japanese).

    Args:
        text: Any text.

    Returns:
        ``en``, ``es``, ``fr``, ``de``, ``pt``, ``it``, ``nl`` or ``ja``; None when nothing
        matched.
    """
    if len(KANA.findall(text)) >= 3:
        return "ja"
    words = Counter(w.lower() for w in WORD.findall(text[:6000]))
    best: str | None = None
    best_score = 0
    for lang, stop in STOPWORDS.items():
        score = sum(count for word, count in words.items() if word in stop)
        if score > best_score:
            best, best_score = lang, score
    return best if best_score >= 2 else None
