"""Per-language data of the heuristic engine: one TOML file per language, one loader.

A language is added by adding ``<code>.toml`` to this folder (``docs/languages.md`` shows an
example); no code changes. Each file holds the words the engine reads text of that language
with:

* ``code`` (ISO 639-1), ``name``, and ``rank``: ties in the language guess, and number words two
  languages share, go to the lower rank (a file without ``rank`` comes after the others);
* ``[detect] stopwords``: frequent short words (the language guess counts them);
* ``[numbers.words]``: quantity words of deliverables (``two reels``), and
  ``[numbers] only_in_this_language``: those that are ordinary words in other languages (Italian
  ``due``), read as numbers only in text of this language;
* ``[scam]`` and ``[injection]``: phrase families the scam and prompt-injection signals read
  (:mod:`repflow.engine.signals.lang_rules`) in every email, whatever its language: fees paid
  first, sign-in with a platform account, wallet secrets; words that address an AI and orders.

Phrases are matched case-insensitively at a word start; a word ending in ``*`` also matches
longer words (``yatır*``: ``yatırın``, ``yatırmanız``). Phrases in scripts without spaces
(Japanese) match anywhere.

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

__all__ = [
    "Injection",
    "Language",
    "LanguageDataError",
    "Scam",
    "language",
    "languages",
    "load_languages",
]

Word = Annotated[str, StringConstraints(min_length=1, pattern=r"^\S+$")]
#: A phrase of the signal families: words separated by single spaces, lower case (the text is
#: lower-cased before matching), optionally ending in ``*`` (a word prefix).
Phrase = Annotated[
    str,
    StringConstraints(min_length=2, max_length=60, pattern=r"^[^\s*A-Z]+\*?(?: [^\s*A-Z]+\*?)*$"),
]
Phrases = frozenset[Phrase]


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


class Scam(_Model):
    """Phrase families of scams (``[scam]``): what a sponsor never asks a creator for."""

    #: fees and deposits a creator is asked to pay first ("opłata rejestracyjna"): weak alone,
    #: strong with a ``pay`` word or an amount close by, nothing with a ``free`` word close by
    fees: Phrases = frozenset()
    #: paying, transferring, depositing ("zapłać", "yatır*", "振込")
    pay: Phrases = frozenset()
    #: words that cancel a fee next to them ("bez opłat", "ücretsiz", "無料")
    free: Phrases = frozenset()
    #: signing in; strong when a platform account (Google, Instagram...) follows closely
    login: Phrases = frozenset()
    #: wallet recovery phrases, one-time codes, ID numbers: strong when asked for
    secrets: Phrases = frozenset()
    #: asking for something ("wyślij", "gönder", "enter karein"), close to a secret
    give: Phrases = frozenset()


class Injection(_Model):
    """Phrase families of prompt injection (``[injection]``)."""

    #: words that address an AI reading the mail ("asystent ai", "yapay zeka asistan*")
    ai: Phrases = frozenset()
    #: orders; right after words that address an AI they make an instruction ("zaakceptuj")
    orders: Phrases = frozenset()


class Language(_Model):
    """The data of one language file."""

    code: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    name: str = Field(min_length=1)
    rank: int = 1000
    detect: Detect = Field(default_factory=Detect)
    numbers: Numbers = Field(default_factory=Numbers)
    scam: Scam = Field(default_factory=Scam)
    injection: Injection = Field(default_factory=Injection)


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
    for family, phrases in (
        ("scam.fees", lang.scam.fees),
        ("scam.secrets", lang.scam.secrets),
        ("injection.ai", lang.injection.ai),
    ):
        if phrases and not _paired(lang, family):
            raise LanguageDataError(f"{name}: {family}: needs its partner list too")
    unknown = lang.numbers.only_in_this_language - set(lang.numbers.words)
    if unknown:
        raise LanguageDataError(
            f"{name}: numbers.only_in_this_language: not in numbers.words: {sorted(unknown)}"
        )
    return lang


def _paired(lang: Language, family: str) -> bool:
    """Families that only count together with another need that other list (or English's)."""
    partner = {
        "scam.fees": lang.scam.pay,
        "scam.secrets": lang.scam.give,
        "injection.ai": lang.injection.orders,
    }[family]
    return bool(partner)


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
