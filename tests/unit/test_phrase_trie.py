"""The phrase tries match what the flat, longest-first alternations they replaced matched."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repflow.engine.lang import all_phrases
from repflow.engine.lang.patterns import trie_pattern
from repflow.engine.reading.money.data import _CJK, _SPACED_LETTER, phrase_pattern
from repflow.engine.signals import lang_rules

CORPUS = Path(__file__).parents[1] / "corpus"
FAMILIES = {
    **{f"scam.{key}": ("scam", key) for key in ("fees", "pay", "free", "login", "secrets", "give")},
    **{f"injection.{key}": ("injection", key) for key in ("ai", "orders")},
    **{
        f"classify.{key}": ("classify", key)
        for key in ("no_pay", "exposure", "job", "salary", "vendor")
    },
}


def _phrases(section: str, key: str) -> frozenset[str]:
    return all_phrases(lambda lang: getattr(getattr(lang, section), key))


def _spaced(ch: str) -> bool:
    return ch.isalnum() and ord(ch) < 0x2E80


def flat_signal_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """The signals' phrase alternation as it was: each phrase on its own, longest first."""

    def word(w: str) -> str:
        if w.endswith("*"):
            return re.escape(w[:-1]) + r"\w*"
        return re.escape(w) + (r"(?!\w)" if _spaced(w[-1]) else "")

    def one(phrase: str) -> str:
        phrase = unicodedata.normalize("NFKC", phrase).lower()
        body = r"\s+".join(word(w) for w in phrase.split(" "))
        return (r"(?<!\w)" if _spaced(phrase[0]) else "") + body

    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return re.compile("|".join(one(p) for p in ordered))


def flat_cue_pattern(phrases: Iterable[str]) -> str:
    """The cue alternation as it was: phrases grouped by boundaries, longest first."""
    groups: dict[tuple[str, str], list[str]] = {}
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        head = (
            f"(?<!{_SPACED_LETTER})" if re.match(r"\w", phrase) and not _CJK.match(phrase) else ""
        )
        tail = (
            f"(?!{_SPACED_LETTER})"
            if re.search(r"\w$", phrase) and not _CJK.match(phrase[-1])
            else ""
        )
        groups.setdefault((head, tail), []).append(body)
    return "|".join(f"{h}(?:{'|'.join(b)}){t}" for (h, t), b in groups.items())


def _texts() -> list[str]:
    files = sorted(CORPUS.rglob("*.eml"))[:300]
    return [f.read_text(encoding="utf-8", errors="replace").lower() for f in files]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_the_tries_find_the_same_spans_on_real_mail(family: str) -> None:
    phrases = _phrases(*FAMILIES[family])
    signal_old, signal_new = flat_signal_pattern(phrases), lang_rules._compile(phrases)
    cue_old = re.compile(flat_cue_pattern(phrases), re.IGNORECASE)
    cue_new = re.compile(phrase_pattern(phrases), re.IGNORECASE)
    assert signal_new is not None
    for text in _texts():
        assert _spans(signal_new, text) == _spans(signal_old, text)
        assert _spans(cue_new, text) == _spans(cue_old, text)


_ALL = sorted(_phrases("scam", "fees") | _phrases("injection", "orders") | {"pay*", "payment"})


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_ALL),
            st.sampled_from(["", " ", "s", "ing ", "\n", "x", ".", "  ", "é", "日"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_tries_find_the_same_spans_on_phrase_soup(parts: list[tuple[str, str]]) -> None:
    text = "".join(f"{phrase}{glue}" for phrase, glue in parts)
    assert _spans(_SIGNAL_NEW, text) == _spans(_SIGNAL_OLD, text)
    assert _spans(_CUE_NEW, text) == _spans(_CUE_OLD, text)


_SIGNAL_OLD = flat_signal_pattern(_ALL)
_SIGNAL_NEW = re.compile(lang_rules._compile(_ALL).pattern)  # type: ignore[union-attr]
_CUE_OLD = re.compile(flat_cue_pattern(_ALL), re.IGNORECASE)
_CUE_NEW = re.compile(phrase_pattern(_ALL), re.IGNORECASE)


def test_a_longer_phrase_wins_over_its_prefix() -> None:
    pattern = re.compile(trie_pattern([("", list("fee"), ""), ("", list("fees due"), "")]))
    assert pattern.search("the fees due now").group() == "fees due"  # type: ignore[union-attr]
    assert re.compile(trie_pattern([])).search("anything") is None
