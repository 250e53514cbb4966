"""The money words of the language files (``engine/lang/<code>.toml``, ``[money]``), merged.

The money reader does not know the language of the text: it reads every language's words at
once (a Polish currency name in a German email is still a currency).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from repflow.engine.lang import languages
from repflow.engine.lang.patterns import SPACES, trie_pattern

_CJK: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# A letter or digit of a script written with spaces between words.
_SPACED_LETTER: Final = r"[^\W_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"


def phrase_pattern(phrases: Iterable[str]) -> str:
    """A regex of lower-case ``phrases`` on whole words (never matches when empty).

    Spaces in a phrase match any run of spaces; a phrase's ends that are letters or digits of
    a spaced script must not touch another letter (``bin`` is not in ``binlerce``). Written as
    a trie (:mod:`repflow.engine.lang.patterns`): each boundary class is written once per
    group of phrases that need it, and shared beginnings once.
    """
    entries = []
    # Longest first, so that the groups come in the order a longest-first alternation had.
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        words = phrase.split()
        if not words:
            continue
        pieces: list[str] = []
        for word in words:
            if pieces:
                pieces.append(SPACES)
            pieces.extend(re.escape(ch) for ch in word)
        head = (
            f"(?<!{_SPACED_LETTER})" if re.match(r"\w", phrase) and not _CJK.match(phrase) else ""
        )
        tail = (
            f"(?!{_SPACED_LETTER})"
            if re.search(r"\w$", phrase) and not _CJK.match(phrase[-1])
            else ""
        )
        entries.append((head, pieces, tail))
    return trie_pattern(entries, tails_outside=True)


def _merged_dict(name: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for lang in reversed(languages()):  # the lower rank wins a shared word
        out.update(getattr(lang.money, name))
    return out


CURRENCY_WORDS: Final[dict[str, str]] = {
    word: code for lang in reversed(languages()) for word, code in lang.money.currencies.items()
}
MULTIPLIERS: Final[dict[str, int]] = _merged_dict("multipliers")
NUMBER_WORDS: Final[dict[str, int]] = _merged_dict("number_words")
NUMBER_FACTORS: Final[dict[str, int]] = _merged_dict("number_factors")
NUMBER_SCALES: Final[dict[str, int]] = _merged_dict("number_scales")
NUMBER_JOINERS: Final[frozenset[str]] = frozenset(
    w for lang in languages() for w in lang.money.number_joiners
)
CPM_WORDS: Final[frozenset[str]] = frozenset(w for lang in languages() for w in lang.money.cpm)
RANGE_TO: Final[frozenset[str]] = frozenset(w for lang in languages() for w in lang.money.range_to)


def cue_words(kind: str) -> frozenset[str]:
    """Every language's cue phrases of one kind (``budget``, ``product_value`` ...)."""
    return frozenset(w for lang in languages() for w in getattr(lang.money.cues, kind))
