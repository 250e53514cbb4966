"""The building blocks of the keyword tables: word sets, weighted cues, money and content."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from repflow.engine.lang import Language, all_phrases, languages
from repflow.engine.reading.money.data import phrase_pattern

_I: Final = re.IGNORECASE


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (compact word tables)."""
    return frozenset(text.split())


#: One weighted cue: a compiled pattern and how much one match of it counts.
Cue = tuple[re.Pattern[str], float]


def lang_phrases(section: str, key: str) -> str:
    """Every language file's ``[section] key`` phrases as one regex alternation (whole words).

    For example ``lang_phrases("partnership", "gifted")``: "de regalo", "sebagai hadiah" ...
    """

    def pick(lang: Language) -> frozenset[str]:
        found: frozenset[str] = getattr(getattr(lang, section), key)
        return found

    return phrase_pattern(all_phrases(pick))


def _cues(*pairs: tuple[str, float]) -> tuple[Cue, ...]:
    return tuple((re.compile(pattern, _I), weight) for pattern, weight in pairs)


# --------------------------------------------------------------------------------------------
# Language guess
# --------------------------------------------------------------------------------------------

#: Frequent short words per language (``[detect] stopwords`` of ``engine/lang/<code>.toml``), in
#: rank order; the language with most hits wins (ties: this order).
STOPWORDS: Final[Mapping[str, frozenset[str]]] = {
    lang.code: lang.detect.stopwords for lang in languages() if lang.detect.stopwords
}

#: Hiragana / katakana: their presence means Japanese (kanji alone could be Chinese).
KANA: Final = re.compile(r"[\u3040-\u30ff]")
WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

# --------------------------------------------------------------------------------------------
# Classification cues
# --------------------------------------------------------------------------------------------

#: An amount of money as brands write it in a sentence ("$1k", "£800", "1.200 €", "USD 500").
MONEY: Final = (
    r"(?:(?:[$€£¥₹]|R\$|(?:usd|eur|gbp|cad|aud|inr|brl|mxn)\s?)\s?\d[\d,.]{0,40}(?:\s?k\b)?|"
    r"\d[\d,.]{0,40}\s?(?:k\s?)?(?:€|\$|£|usd\b|eur\b|gbp\b|euros?\b|dollars?\b|bucks\b))"
)
#: Content a creator publishes (the thing a brand pays for).
CONTENT: Final = (
    r"(?:tik ?toks?|reels?|videos?|v[ií]deos?|vidéos?|posts?|stor(?:y|ies)|storys|shorts?|"
    r"integrations?|(?:live)?streams?|episodes?|mentions?|tweets?|carousels?|newsletters?|"
    r"issues?|ad[- ]reads?|segments?|shout-?outs?|uploads?)"
)
