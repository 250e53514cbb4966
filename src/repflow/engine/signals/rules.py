"""Shared helpers of the signals: the analysed text, weighted rules and how they are matched."""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from repflow.engine.signals.verdicts import _MAX_TEXT, _SNIPPET, Signal


def _lower(text: str) -> str:
    """``text.lower()`` with the same length as ``text`` (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# --------------------------------------------------------------------------------------------
# Text helpers and the rule engine
# --------------------------------------------------------------------------------------------

_INVISIBLE_RE = re.compile(
    "[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u034f\u202a-\u202e\u2066-\u2069]"
)
_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
_SPLIT = str.maketrans(dict.fromkeys(string.punctuation + "“”‘’«»„‚‹›—–…·•¡¿§¶°€£¥", " "))


@dataclass(frozen=True, slots=True)
class _Text:
    """One text prepared for matching: normalised, lower-cased (same length) and its words."""

    text: str
    lower: str
    words: frozenset[str]


def _analyse(text: str, limit: int = _MAX_TEXT) -> _Text:
    text = text[:limit]
    if not text.isascii():
        text = _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text))
    lower = _lower(text)
    return _Text(text, lower, _words(lower))


def _words(lower: str) -> frozenset[str]:
    if lower.isascii():
        return frozenset(lower.translate(_SPLIT).split())
    return frozenset(_WORD.findall(lower))


def _snippet(text: str) -> str:
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


@dataclass(frozen=True, slots=True)
class _Rule:
    code: str
    weight: float
    pattern: re.Pattern[str]
    #: Each group is a set of words of which at least one must occur for the rule to run.
    gates: tuple[frozenset[str], ...] = ()
    negatable: bool = False
    label: str = ""
    #: Match the original text (case matters) instead of the lower-cased one.
    cased: bool = False
    #: A substring that must occur too (a cheap extra gate).
    substr: str = ""
    #: When set, the pattern is only searched in windows around these words (``back``
    #: characters before, ``ahead`` after): much faster for patterns whose start is a long
    #: alternation of common words.
    anchor: frozenset[str] = frozenset()
    back: int = 0
    ahead: int = 0


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _rule(
    code: str,
    weight: float,
    pattern: str,
    *gates: str,
    negatable: bool = False,
    label: str = "",
    cased: bool = False,
    substr: str = "",
    flags: int = 0,
    anchor: str = "",
    back: int = 120,
    ahead: int = 80,
) -> _Rule:
    """A rule whose ``pattern`` is written in lower case (it runs on lower-cased text)."""
    return _Rule(
        code,
        weight,
        re.compile(pattern, flags),
        tuple(frozenset(g.split()) for g in gates),
        negatable,
        label,
        cased,
        substr,
        frozenset(anchor.split()),
        back,
        ahead,
    )


_NEGATION = re.compile(
    r"(?:\b(?:no|not|never|without|free|don'?t|do not|won'?t|will not|zero|nor|"
    r"we(?:'ll|'d|'re| will| would| can| are)?(?: happy to| glad to| gladly)?|"
    r"brand will|our (?:team|company) will|reimburs\w*|refund\w*|cover\w*|waiv\w*|includ\w*|"
    r"no need to|shouldn'?t|should not|sin|nunca|pas de|sans|aucun\w*|jamais|kein\w*|ohne|nie|"
    r"niemals|sem|nenhum\w*|não|nao|gratis|gratuit\w*|kostenlos\w*|nosotros|nous|wir|nós)"
    # within the same sentence: "a ring for FREE! Just pay shipping" is not "free shipping"
    r"[^\w.!?;\n]+(?:\w+[^\w.!?;\n]+){0,2}$)"
)
_COVERED = re.compile(
    r"\W*(?:\w+\W+){0,3}?(?:is|are|will be|gets?)?\s*(?:covered|on us|paid by us|included|waived|"
    r"free)\b"
    # "reimbursed" only when it is what happens to the fee: "refunded with your first payment"
    # or "refunded after you post" still asks the creator to pay first
    r"|\W*(?:(?:is|are|will\s+be|gets?|get|fully|then)\s+)*(?:reimbursed|refunded)\b"
    r"(?!\s+(?:with|after|once|upon|from|in|on|when|at|as|against|by)\b)"
)


def _negated(lower: str, start: int, end: int) -> bool:
    """Whether a match is negated ("no registration fee") or taken on by the sender."""
    if _NEGATION.search(lower, max(0, start - 40), start) is not None:
        return True
    return _COVERED.match(lower, end, end + 40) is not None


_ZERO = Signal("", 0.0, "")


def _add(found: dict[str, Signal], signal: Signal) -> None:
    current = found.get(signal.code)
    if current is None or signal.weight > current.weight:
        found[signal.code] = signal


def _result(found: dict[str, Signal]) -> list[Signal]:
    return sorted(found.values(), key=lambda s: (-s.weight, s.code))


def _gated(t: _Text, gates: tuple[frozenset[str], ...]) -> bool:
    return not any(g.isdisjoint(t.words) for g in gates)


def _word_start(hay: str, start: int) -> bool:
    return start == 0 or not (hay[start - 1].isalnum() and hay[start].isalnum())


def _run_rules(rules: Iterable[_Rule], t: _Text, found: dict[str, Signal]) -> None:
    for rule in rules:
        if rule.weight <= found.get(rule.code, _ZERO).weight or not _gated(t, rule.gates):
            continue
        if rule.substr and rule.substr not in t.lower:
            continue
        hay = t.text if rule.cased else t.lower
        for m in _matches(rule, t, hay):
            if not _word_start(hay, m.start()):
                continue
            if rule.negatable and _negated(t.lower, m.start(), m.end()):
                continue
            prefix = f"{rule.label}: " if rule.label else ""
            _add(found, Signal(rule.code, rule.weight, f"{prefix}“{_snippet(m.group(0))}”"))
            break


def _matches(rule: _Rule, t: _Text, hay: str) -> Iterator[re.Match[str]]:
    if not rule.anchor:
        yield from rule.pattern.finditer(hay)
        return
    spans: list[tuple[int, int]] = []
    for word in rule.anchor & t.words:
        pos = hay.find(word)
        while pos >= 0 and len(spans) < 64:
            end = pos + len(word)
            if _word_start(hay, pos) and (end == len(hay) or not hay[end].isalnum()):
                spans.append((max(0, pos - rule.back), min(len(hay), end + rule.ahead)))
            pos = hay.find(word, end)
    seen = -1
    for lo, hi in sorted(spans):
        for m in rule.pattern.finditer(hay, lo, hi):
            if m.start() > seen:
                seen = m.start()
                yield m


_TLDS = (
    r"(?:com|net|org|io|co|me|app|xyz|info|biz|online|site|top|live|support|shop|store|link|"
    r"click|gg|tv|ru|cn|tk|ml|ga|cf|gq|pw|cc|ws|buzz|icu|vip|club|work|team|agency|media|"
    r"partners|promo|digital|global|email|services|company|pro|us|uk|de|fr|es|it|nl|pl|br|ly|"
    r"to|news|games|studio|ai|so|sh|la)"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'\)\]\}]+")
_DOT_TLD = re.compile(r"\." + _TLDS + r"(?![a-z0-9-])")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_FORWARD_FROM = re.compile(
    r"^[>\s]*\**(?:from|de|von|da|van|от|expéditeur|remitente)\**\s*:\s*[^\n]*?"
    r"([\w.+-]+@(?:[\w-]+\.)+[a-z]{2,})",
    re.MULTILINE,
)


def _bare_hosts(lower: str, limit: int = 60) -> list[str]:
    """Domains written without a scheme (``nordvpn-partners.com/login``), not e-mail domains."""
    hosts: list[str] = []
    for m in _DOT_TLD.finditer(lower):
        start = m.start()
        while start > 0 and lower[start - 1] in _HOST_CHARS:
            start -= 1
        host = lower[start : m.end()].strip(".-")
        if "." not in host or (start > 0 and lower[start - 1] in "@/\\:_"):
            continue
        hosts.append(host)
        if len(hosts) >= limit:
            break
    return hosts


def _url_host(url: str) -> str:
    if not url.lower().startswith(("http://", "https://")):
        url = "http://" + url
    try:
        return (urlsplit(url).hostname or "").lower().strip(".")
    except ValueError:
        return ""
