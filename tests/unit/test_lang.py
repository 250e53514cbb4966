"""The language data files (repflow.engine.lang): one loader, validated, a language is data."""

from __future__ import annotations

import pytest

from repflow.engine.heuristic.extract import number_words
from repflow.engine.heuristic.lexicon import NUMBER_WORDS, STOPWORDS
from repflow.engine.heuristic.textutil import detect_language
from repflow.engine.lang import LanguageDataError, language, languages, load_languages
from tests.conftest import ROOT


def test_every_shipped_language_loads_in_rank_order() -> None:
    codes = [lang.code for lang in languages()]
    # sv, pl, tr, id, ja and hi carry money, partnership, scam and injection words so far
    assert codes == ["en", "es", "fr", "de", "pt", "it", "nl", "sv", "pl", "tr", "id", "ja", "hi"]
    # Only the languages whose files have them (the others: money words only).
    assert list(STOPWORDS) == codes[:7]
    assert list(NUMBER_WORDS) == codes[:7]
    assert language("de") is not None
    assert language("xx") is None


def _documented_example() -> str:
    page = (ROOT / "docs" / "languages.md").read_text(encoding="utf-8")
    return page.split("```toml\n", 1)[1].split("```", 1)[0]


def test_the_documented_language_is_added_as_data(monkeypatch: pytest.MonkeyPatch) -> None:
    # docs/languages.md: a new file is all a language needs for the guess and quantities.
    (swedish,) = load_languages({"sv.toml": _documented_example()})
    assert (swedish.code, swedish.rank) == ("sv", 80)
    assert swedish.numbers.words["två"] == 2
    monkeypatch.setitem(STOPWORDS, "sv", swedish.detect.stopwords)  # type: ignore[index]
    monkeypatch.setitem(NUMBER_WORDS, "sv", swedish.numbers.words)  # type: ignore[index]
    assert detect_language("Hej! Vi skulle gärna samarbeta med dig") == "sv"
    assert number_words("sv")["två"] == 2


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("xx.toml", "code = ", "xx.toml: not valid TOML"),
        ("xx.toml", 'name = "X"', "xx.toml: code: Field required"),
        ("xx.toml", 'code = "xx"\nname = "X"\nrank = "first"', "xx.toml: rank: "),
        (
            "xx.toml",
            'code = "xx"\nname = "X"\n[detect]\nstopwords = "a b"',
            "xx.toml: detect.stopwords: ",
        ),
        ("xx.toml", 'code = "xx"\nname = "X"\ncolour = 1', "xx.toml: colour: Extra inputs"),
        ("xx.toml", 'code = "yy"\nname = "X"', "xx.toml: code: 'yy' does not match"),
        (
            "xx.toml",
            'code = "xx"\nname = "X"\n[numbers]\nonly_in_this_language = ["zz"]',
            "xx.toml: numbers.only_in_this_language: not in numbers.words: ['zz']",
        ),
    ],
)
def test_bad_data_names_the_file_and_key(name: str, text: str, message: str) -> None:
    with pytest.raises(LanguageDataError) as info:
        load_languages({name: text})
    assert str(info.value).startswith(message), str(info.value)


def test_the_tables_read_as_before() -> None:
    assert detect_language("Hallo, wir würden gerne mit dir arbeiten") == "de"
    assert number_words("it")["due"] == 2
    assert "due" not in number_words("en")
