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

#: What :func:`strip_urls` removes, as one pattern (the reference its scanner is tested against):
#: a link (``https://``, ``www.``), a bare domain with a path, an email address. Matching it with
#: ``re`` is quadratic on long runs of dots and word characters, so it is never run on mail text.
URL_PATTERN: Final = (
    r"(?i)\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|co|me|ly|gg|tv|"
    r"app|shop|store|link|bio|de|fr|es|it|pt|nl|br|mx|jp|uk)/\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
#: A link start (first branch of URL_PATTERN): linear, it fails or succeeds at once.
_LINK: Final = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
#: The top-level domains of a bare domain with a path (second branch of URL_PATTERN).
_TLD: Final = re.compile(
    r"(?i)(?:com|net|org|io|co|me|ly|gg|tv|app|shop|store|link|bio|de|fr|es|it|pt|nl|br|mx|jp|uk)"
)
#: A whole dotted name (``a-b.c.d``: runs of ``[\w-]`` joined by single dots, with nothing of
#: the kind right before it) followed by ``/``: where a bare domain with a path can be.
_NAME_BEFORE_SLASH: Final = re.compile(r"(?<![\w-])(?<![\w-]\.)[\w-]++(?:\.[\w-]++)*+(?=/)")
_WORD_CHAR: Final = re.compile(r"\w")
#: An email address (third branch); possessive, which changes nothing here: no part can give
#: back characters the next part could use. The second form only starts a run of local-part
#: characters: every start inside one run reaches the same "@" and the same domain.
_ADDRESS: Final = re.compile(r"[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
_ADDRESS_FRESH: Final = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
#: A token that may hold something to strip (every branch needs "/", "@" or "www.").
_MAY_LINK: Final = re.compile(r"(?i)[/@]|www\.")
_TOKEN: Final = re.compile(r"\S+")
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
    """``text`` with URLs, bare domains with paths and email addresses replaced by a space.

    The same as ``re.sub(URL_PATTERN, " ", text)``, in linear time: every match lies inside one
    whitespace-free token, and in a token each branch of the pattern is found by a scan that
    reads each character a bounded number of times (see :func:`_strip_token`).
    """
    if _MAY_LINK.search(text) is None:
        return text
    return _TOKEN.sub(_strip_match, text)


def _strip_match(m: re.Match[str]) -> str:
    token = m.group()
    return _strip_token(token) if _MAY_LINK.search(token) else token


def _domain_at(token: str, pos: int) -> int | None:
    """Where the leftmost match of the second branch of URL_PATTERN at or after ``pos`` starts.

    Only a whole dotted name can match, from its first word character (a word boundary), which
    must come before the name's last dot; ``pos`` is never inside a dotted name.
    """
    for name in _NAME_BEFORE_SLASH.finditer(token, pos):
        dot = token.rfind(".", name.start(), name.end())
        if dot < 0 or _TLD.fullmatch(token, dot + 1, name.end()) is None:
            continue
        first = _WORD_CHAR.search(token, name.start(), dot)
        if first is not None:
            return first.start()
    return None


def _address_at(token: str, pos: int) -> tuple[int, int] | None:
    """The leftmost match of the third branch of URL_PATTERN at or after ``pos``."""
    found = _ADDRESS.match(token, pos) or _ADDRESS_FRESH.search(token, pos)
    return None if found is None else found.span()


def _strip_token(token: str) -> str:
    """``re.sub(URL_PATTERN, " ", token)`` for one whitespace-free token, in linear time.

    The leftmost match of any branch wins, the earlier branch on a tie; links and domains run
    to the end of the token, so only addresses let the scan go on.
    """
    link = _LINK.search(token)
    domain = _domain_at(token, 0)
    out: list[str] = []
    last = 0
    while last < len(token):
        if link is not None and link.start() < last:
            link = _LINK.search(token, last)
        if domain is not None and domain < last:
            domain = _domain_at(token, last)
        found: list[tuple[int, int, int]] = []
        if link is not None:
            found.append((link.start(), 0, len(token)))
        if domain is not None:
            found.append((domain, 1, len(token)))
        address = _address_at(token, last)
        if address is not None:
            found.append((address[0], 2, address[1]))
        if not found:
            break
        start, _, end = min(found)
        out.append(token[last:start])
        out.append(" ")
        last = end
    out.append(token[last:])
    return "".join(out)


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
