"""Scam and injection phrase families read from the language files (``engine/lang/*.toml``).

Each ``[scam]`` / ``[injection]`` list of every language file is compiled into one pattern per
family (an email can mix languages: a Turkish note in an English offer, Hinglish), and the
families are combined into the same signal codes the hand-written rules produce:

* ``fees`` (0.6 alone; 1.0 with a ``pay`` word within 80 characters or an amount within 30;
  nothing with a ``free`` word within 30) -> ``fee_requested``;
* ``login`` within 40 characters of a platform account (Google, Instagram...) ->
  ``login_to_accept`` 1.0;
* ``secrets`` with a ``give`` word within 80 characters -> ``personal_data_request`` 1.0;
* ``injection.ai`` -> ``ai_addressed`` 0.5, 1.0 when an ``injection.orders`` word follows within
  150 characters.

Adding a language's words is adding them to its file; see ``docs/languages.md``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from repflow.engine.lang import languages
from repflow.engine.lang.patterns import SPACES, WILDCARD, trie_pattern
from repflow.engine.signals.rules import _add, _negated, _snippet, _Text
from repflow.engine.signals.verdicts import Signal

_PLATFORM = re.compile(
    r"(?:google|gmail|youtube|instagram|facebook|tiktok|twitch|twitter|microsoft|"
    r"steam|discord|paypal)(?![a-z0-9])"
)
_DIGIT = re.compile(r"\d")
_MAX_HITS = 24


def _spaced(ch: str) -> bool:
    """Whether a letter or digit belongs to a script that separates words with spaces."""
    return ch.isalnum() and ord(ch) < 0x2E80


def _word_pattern(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    return re.escape(word) + (r"(?!\w)" if _spaced(word[-1]) else "")


def _phrase_pattern(phrase: str) -> str:
    phrase = unicodedata.normalize("NFKC", phrase).lower()
    body = r"\s+".join(_word_pattern(word) for word in phrase.split(" "))
    return (r"(?<!\w)" if _spaced(phrase[0]) else "") + body


def _entry(phrase: str) -> tuple[str, list[str], str]:
    r"""A phrase's trie entry: ``(?<!\w)`` before, pieces, ``(?!\w)`` after (spaced scripts)."""
    phrase = unicodedata.normalize("NFKC", phrase).lower()
    pieces: list[str] = []
    words = [word for word in phrase.split(" ") if word]
    for word in words:
        if pieces:
            pieces.append(SPACES)
        if word.endswith("*"):
            pieces.extend(re.escape(ch) for ch in word[:-1])
            pieces.append(WILDCARD)
        else:
            pieces.extend(re.escape(ch) for ch in word)
    if not words:
        return "", [], ""
    last = words[-1]
    tail = r"(?!\w)" if not last.endswith("*") and _spaced(last[-1]) else ""
    return (r"(?<!\w)" if _spaced(phrase[0]) else ""), pieces, tail


def _compile(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every phrase (a trie: see :mod:`repflow.engine.lang.patterns`)."""
    entries = [_entry(phrase) for phrase in set(phrases)]
    return re.compile(trie_pattern(entries)) if any(e[1] for e in entries) else None


@dataclass(frozen=True, slots=True)
class _Families:
    fees: re.Pattern[str] | None
    pay: re.Pattern[str] | None
    free: re.Pattern[str] | None
    login: re.Pattern[str] | None
    secrets: re.Pattern[str] | None
    give: re.Pattern[str] | None
    ai: re.Pattern[str] | None
    orders: re.Pattern[str] | None


@functools.cache
def _families() -> _Families:
    langs = languages()
    return _Families(
        fees=_compile(p for lang in langs for p in lang.scam.fees),
        pay=_compile(p for lang in langs for p in lang.scam.pay),
        free=_compile(p for lang in langs for p in lang.scam.free),
        login=_compile(p for lang in langs for p in lang.scam.login),
        secrets=_compile(p for lang in langs for p in lang.scam.secrets),
        give=_compile(p for lang in langs for p in lang.scam.give),
        ai=_compile(p for lang in langs for p in lang.injection.ai),
        orders=_compile(p for lang in langs for p in lang.injection.orders),
    )


def _hits(pattern: re.Pattern[str] | None, lower: str) -> Iterator[re.Match[str]]:
    if pattern is None:
        return
    for n, m in enumerate(pattern.finditer(lower)):
        if n >= _MAX_HITS:
            return
        yield m


def _near(pattern: re.Pattern[str] | None, lower: str, start: int, end: int, span: int) -> bool:
    return (
        pattern is not None and pattern.search(lower, max(0, start - span), end + span) is not None
    )


def lang_scam_signals(t: _Text, found: dict[str, Signal]) -> None:
    """Fees paid first, platform sign-ins and secrets asked for, in the languages' own words."""
    fam = _families()
    lower = t.lower
    for m in _hits(fam.fees, lower):
        # "bez opłat", "ücretsiz"; and the shared negations ("no registration fee", "waived")
        if _near(fam.free, lower, m.start(), m.end(), 30) or _negated(lower, m.start(), m.end()):
            continue
        paid = _near(fam.pay, lower, m.start(), m.end(), 80)
        amount = _DIGIT.search(lower, max(0, m.start() - 30), m.end() + 30) is not None
        weight = 1.0 if paid or amount else 0.6
        label = "creator asked to pay" if weight == 1.0 else "fee mentioned"
        window = lower[max(0, m.start() - 30) : m.end() + 30]
        _add(found, Signal("fee_requested", weight, f"{label}: “{_snippet(window)}”"))
        if weight == 1.0:
            break
    for m in _hits(fam.login, lower):
        platform = _PLATFORM.search(lower, m.end(), m.end() + 40) or _PLATFORM.search(
            lower, max(0, m.start() - 40), m.start()
        )
        if platform is not None:
            snippet = lower[min(m.start(), platform.start()) : max(m.end(), platform.end())]
            _add(
                found,
                Signal("login_to_accept", 1.0, f"platform sign-in: “{_snippet(snippet)}”"),
            )
            break
    for m in _hits(fam.secrets, lower):
        if _near(fam.give, lower, m.start(), m.end(), 80):
            window = lower[max(0, m.start() - 30) : m.end() + 30]
            _add(
                found,
                Signal(
                    "personal_data_request", 1.0, f"secret or ID asked for: “{_snippet(window)}”"
                ),
            )
            break


def lang_injection_hits(t: _Text, found: dict[str, Signal]) -> None:
    """Words that address an AI, and orders after them, in the languages' own words."""
    fam = _families()
    lower = t.lower
    for m in _hits(fam.ai, lower):
        order = fam.orders.search(lower, m.end(), m.end() + 150) if fam.orders else None
        if order is not None:
            snippet = lower[m.start() : order.end()]
            _add(found, Signal("ai_addressed", 1.0, f"orders an AI: “{_snippet(snippet)}”"))
            return
        _add(found, Signal("ai_addressed", 0.5, f"addresses an AI: “{_snippet(m.group(0))}”"))
