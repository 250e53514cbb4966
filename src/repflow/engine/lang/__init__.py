"""Per-language data of the heuristic engine: one TOML file per language, one loader.

A language is added by adding ``<code>.toml`` to this folder (``docs/languages.md`` shows an
example); no code changes. Each file holds the words the engine reads text of that language
with:

* ``code`` (ISO 639-1), ``name``, and ``rank``: ties in the language guess, and number words two
  languages share, go to the lower rank (a file without ``rank`` comes after the others);
* ``[detect] stopwords``: frequent short words (the language guess counts them);
* ``[numbers.words]``: quantity words of deliverables (``two reels``), and
  ``[numbers] only_in_this_language``: those that are ordinary words in other languages (Italian
  ``due``), read as numbers only in text of this language.

Files are read once (the first call), validated, and kept; a bad file raises
:class:`LanguageDataError` naming the file and the key at fault.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from repflow.engine.exceptions import EngineError

__all__ = ["Language", "LanguageDataError", "language", "languages", "load_languages"]

Word = Annotated[str, StringConstraints(min_length=1, pattern=r"^\S+$")]


class LanguageDataError(EngineError, ValueError):
    """A language data file is not valid TOML or does not have the expected keys and types."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Detect(_Model):
    """What the language guess reads."""

    stopwords: frozenset[Word] = frozenset()


class Numbers(_Model):
    """Quantity words."""

    words: dict[Word, Annotated[int, Field(ge=0, le=1000)]] = Field(default_factory=dict)
    only_in_this_language: frozenset[Word] = frozenset()


class Language(_Model):
    """The data of one language file."""

    code: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    name: str = Field(min_length=1)
    rank: int = 1000
    detect: Detect = Field(default_factory=Detect)
    numbers: Numbers = Field(default_factory=Numbers)


def _where(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


def _parse(name: str, text: str) -> Language:
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LanguageDataError(f"{name}: not valid TOML: {exc}") from exc
    try:
        lang = Language.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise LanguageDataError(f"{name}: {_where(first['loc'])}: {first['msg']}") from exc
    if f"{lang.code}.toml" != name:
        raise LanguageDataError(f"{name}: code: {lang.code!r} does not match the file name")
    unknown = lang.numbers.only_in_this_language - set(lang.numbers.words)
    if unknown:
        raise LanguageDataError(
            f"{name}: numbers.only_in_this_language: not in numbers.words: {sorted(unknown)}"
        )
    return lang


def load_languages(files: Mapping[str, str]) -> tuple[Language, ...]:
    """Validate language files (name -> TOML text), ordered by rank, then code.

    Raises:
        LanguageDataError: A file is not valid TOML, lacks a key, has a key of the wrong type,
            or its ``code`` does not match its name.
    """
    parsed = [_parse(name, text) for name, text in sorted(files.items())]
    return tuple(sorted(parsed, key=lambda lang: (lang.rank, lang.code)))


@functools.cache
def languages() -> tuple[Language, ...]:
    """Every language file of this package, ordered by rank (read once)."""
    folder = resources.files(__name__)
    files = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }
    return load_languages(files)


def language(code: str) -> Language | None:
    """The data of one language, or None when there is no file for it."""
    return next((lang for lang in languages() if lang.code == code), None)
