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
  first, sign-in with a platform account, wallet secrets; words that address an AI and orders;
* ``[money]``: currency names, multipliers, amounts in words, range and CPM words, and the cue
  phrases around an amount (the money reader merges every language's);
* ``[partnership]``: the words of a paid deal, no fee, a gift, a commission, UGC and a rate
  request (``engine/heuristic/extract.py``);
* ``[classify]``: what makes a message that names content and money not an offer: a refusal to
  pay, exposure offered instead, a job posting and a salary, a service sold to the creator
  (``engine/heuristic/other_cues.py``).

Signal phrases are matched case-insensitively at a word start; a word ending in ``*`` also
matches longer words (``yatır*``: ``yatırın``, ``yatırmanız``). Phrases in scripts without
spaces (Japanese) match anywhere.

Files are read once (the first call), validated, and kept; a bad file raises
:class:`LanguageDataError` naming the file and the key at fault.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from repflow.engine.exceptions import EngineError

__all__ = [
    "Classify",
    "Injection",
    "Language",
    "LanguageDataError",
    "Scam",
    "all_phrases",
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


MoneyPhrase = Annotated[
    str, StringConstraints(min_length=1, max_length=60, pattern=r"^[^A-Z\s](?:[^A-Z\n]*[^A-Z\s])?$")
]
"""A lower-case word or phrase, matched case-insensitively on whole words."""

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class MoneyCues(_Model):
    """Words around an amount that say what it is (``engine/reading/money/cues.py``)."""

    #: The sender's money words: the amount is what they pay ("stawka", "ücret", "報酬").
    budget: frozenset[MoneyPhrase] = frozenset()
    #: A product's worth: payment in kind, not a fee ("im wert von", "t.w.v.", "senilai").
    product_value: frozenset[MoneyPhrase] = frozenset()
    #: The creator's own rate, quoted back ("ご提示の", "aapka").
    creator_rate: frozenset[MoneyPhrase] = frozenset()
    #: Right after an amount, it is the creator's rate the sender turns down
    #: ("können wir leider nicht", "är tyvärr över vår ram", "to niestety więcej").
    creator_rate_after: frozenset[MoneyPhrase] = frozenset()
    #: A commission, not a fee ("prowizji", "komisi").
    commission: frozenset[MoneyPhrase] = frozenset()
    #: Not a fee: discounts, codes, shipping ("rabatu", "indirim").
    other: frozenset[MoneyPhrase] = frozenset()


class MoneyWords(_Model):
    """How amounts are written in this language."""

    #: Currency names after an amount ("złotych", "rupiah"): name -> ISO 4217 code.
    currencies: dict[MoneyPhrase, CurrencyCode] = Field(default_factory=dict)
    #: Words after a number that multiply it ("5 juta", "120 tys."): word -> factor.
    multipliers: dict[MoneyPhrase, Annotated[int, Field(ge=10, le=10**9)]] = Field(
        default_factory=dict
    )
    #: Amounts in words ("pięć tysięcy złotych"): numbers added up (``pięć`` = 5, ``belas`` = 10).
    number_words: dict[Word, Annotated[int, Field(ge=0, le=999)]] = Field(default_factory=dict)
    #: Words that multiply the number before them within a group (``puluh`` = 10).
    number_factors: dict[Word, Annotated[int, Field(ge=10, le=100)]] = Field(default_factory=dict)
    #: Words that close a group (``tausend`` = 1000, ``juta`` = 10**6).
    number_scales: dict[Word, Annotated[int, Field(ge=1000, le=10**9)]] = Field(
        default_factory=dict
    )
    #: Words joining number words ("dois mil e quinhentos").
    number_joiners: frozenset[Word] = frozenset()
    #: Words for a price per thousand views, like ``CPM`` ("TKP").
    cpm: frozenset[MoneyPhrase] = frozenset()
    #: Words joining the two ends of a range ("od 3.500 do 5.000").
    range_to: frozenset[Word] = frozenset()
    cues: MoneyCues = Field(default_factory=MoneyCues)


class Partnership(_Model):
    """What says how the creator is paid (``engine/heuristic/extract.py``)."""

    #: A paid deal ("płatna współpraca", "ücretli").
    fee: frozenset[MoneyPhrase] = frozenset()
    #: Explicitly no fee ("nie mamy budżetu", "ingen budget", "tanpa bayaran").
    no_fee: frozenset[MoneyPhrase] = frozenset()
    #: Product sent as the payment ("hadiah", "ücretsiz gönder").
    gifted: frozenset[MoneyPhrase] = frozenset()
    #: Commission on sales ("prowizji", "komisi").
    affiliate: frozenset[MoneyPhrase] = frozenset()
    #: Content for the brand's own channels ("広告で使用").
    ugc: frozenset[MoneyPhrase] = frozenset()
    #: The brand asks for the creator's rate: a paid deal without a figure yet
    #: ("ihre konditionen", "tus tarifas").
    rate_request: frozenset[MoneyPhrase] = frozenset()


class Classify(_Model):
    """What says a message is not an offer, though it names content and money (``[classify]``).

    Each family counts once per message, whatever the number of its phrases found
    (``engine/heuristic/other_cues.py``).
    """

    #: The sender says it will not pay ("no podemos pagar", "nie możemy zapłacić").
    no_pay: frozenset[MoneyPhrase] = frozenset()
    #: What an unpaid request offers instead: exposure, a shout-out back, fun, "good for both
    #: of us" ("visibilidad", "voor de lol", "great exposure").
    exposure: frozenset[MoneyPhrase] = frozenset()
    #: A job posting: employment words ("full-time", "Stellenangebot", "oferta pracy").
    job: frozenset[MoneyPhrase] = frozenset()
    #: An employee's pay: salary words ("salary range", "brutto monatlich", "maaş").
    salary: frozenset[MoneyPhrase] = frozenset()
    #: A service sold to the creator: editing, growth, packages with prices ("jasa edit",
    #: "pakiety od", "essai gratuit").
    vendor: frozenset[MoneyPhrase] = frozenset()
    #: A vendor's terms: packages, starting prices, a free trial ("paket mulai", "prueba gratis").
    vendor_terms: frozenset[MoneyPhrase] = frozenset()


class Language(_Model):
    """The data of one language file."""

    code: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    name: str = Field(min_length=1)
    rank: int = 1000
    detect: Detect = Field(default_factory=Detect)
    numbers: Numbers = Field(default_factory=Numbers)
    scam: Scam = Field(default_factory=Scam)
    injection: Injection = Field(default_factory=Injection)
    money: MoneyWords = Field(default_factory=MoneyWords)
    partnership: Partnership = Field(default_factory=Partnership)
    classify: Classify = Field(default_factory=Classify)


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
    words = lang.money
    kinds = {
        "number_words": words.number_words,
        "number_factors": words.number_factors,
        "number_scales": words.number_scales,
    }
    seen: dict[str, str] = {}
    for key, table in kinds.items():
        for word in table:
            if word in seen:
                raise LanguageDataError(f"{name}: money.{key}.{word}: also in money.{seen[word]}")
            seen[word] = key
    return lang


def _paired(lang: Language, family: str) -> bool:
    """Families that only count together with another need that other list (or English's)."""
    partner = {
        "scam.fees": lang.scam.pay,
        "scam.secrets": lang.scam.give,
        "injection.ai": lang.injection.orders,
    }[family]
    return bool(partner)


def all_phrases(pick: Callable[[Language], frozenset[str]]) -> frozenset[str]:
    """One list of every language's data, merged (``pick`` chooses it)."""
    out: set[str] = set()
    for lang in languages():
        out |= pick(lang)
    return frozenset(out)


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
