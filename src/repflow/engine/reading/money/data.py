"""The money words of the language files (``engine/lang/<code>.toml``, ``[money]``), merged.

The money reader does not know the language of the text: it reads every language's words at
once (a Polish currency name in a German email is still a currency).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from repflow.engine.lang import languages

_CJK: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# A letter or digit of a script written with spaces between words.
_SPACED_LETTER: Final = r"[^\W_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"


def phrase_pattern(phrases: Iterable[str]) -> str:
    """A regex alternation of lower-case ``phrases`` on whole words (none when empty).

    Spaces in a phrase match any run of spaces; a phrase's ends that are letters or digits of
    a spaced script must not touch another letter (``bin`` is not in ``binlerce``).
    """
    # Phrases are grouped by the boundaries they need, so each boundary class is written (and
    # compiled, which is slow for a Unicode class under IGNORECASE) once per group, not per
    # phrase: the same language, a fraction of the compile time.
    groups: dict[tuple[str, str], list[str]] = {}
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        body = r"\s+".join(re.escape(word) for word in phrase.split())
        head = (
            f"(?<!{_SPACED_LETTER})" if re.match(r"\w", phrase) and not _CJK.match(phrase) else ""
        )
        tail = (
            f"(?!{_SPACED_LETTER})"
            if re.search(r"\w$", phrase) and not _CJK.match(phrase[-1])
            else ""
        )
        groups.setdefault((head, tail), []).append(body)
    parts = [f"{head}(?:{'|'.join(bodies)}){tail}" for (head, tail), bodies in groups.items()]
    return "|".join(parts) if parts else r"(?!)"


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
