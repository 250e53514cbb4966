"""The check every outgoing draft passes, template or model, in every language (OWASP LLM01/02).

A draft is sent in the creator's name, so nothing in it may do more than the decision code made:
:func:`draft_problems` runs a small set of rules over it and returns one :class:`Problem` per
rule that fails, each with a short :class:`Code`. A draft with any problem is not used (the
pipeline falls back to the template reply, or to review).

The rules, and what each lets through:

``control``
    NUL, C0/C1 control characters (tab and newline are fine), Unicode line separators, bidi
    overrides, zero-width and other invisible format characters (ZWJ/ZWNJ inside emoji excepted),
    and tag characters (invisible "ASCII smuggling").
``header``
    A bare carriage return, or a line that reads as a mail header (``Bcc:``, ``Subject:``,
    ``Betreff:``, ``X-...:``): what could matter if the body were ever pasted into a header.
``link``
    A URL scheme (``https:``, ``javascript:``, ``data:text/...``), ``www.``, an IP address,
    punycode, a markdown link, a social handle (``@name``), or any ``label.tld`` whose TLD is a
    real one (:data:`repflow.engine.tlds.TLDS`) — also defanged (``hxxp``, ``[.]``,
    ``(dot)``, ``evil dot com``, ``acme punto com``) and behind unicode tricks (full-width and
    ideographic dots, zero-width characters, Cyrillic and Greek look-alike letters). Ordinary
    abbreviations (``e.g.``, ``z. B.``, ``Mr.Smith``) and decimal amounts are not domains.
``email``
    An e-mail address other than the sender's, also written ``name [at] domain [dot] com`` or
    ``name at domain dot com``.
``phone``
    Seven to fifteen digits in a phone-like run (``+49 30 1234567``, ``(555) 123-4567``,
    ``06 12 34 56 78``), a number spelled out digit by digit, with homoglyph digits
    (full-width, Arabic-Indic, mathematical, ``O`` for ``0``) folded first; amounts, dates and
    deliverable counts are not phones.
``amount``
    An amount (every format :func:`~repflow.domain.money.find_money` reads, plus amounts
    written in words in the product's languages) other than the ones the decision allows: the
    brand's own budget, and under NEGOTIATE the counter offer or the quoted price ("what's your
    rate?"), each in its currency.
``private``
    The creator's floor (``min_budget``) or a rate-card value, unless the decision carries it;
    phrases that disclose a floor ("my minimum", "mein Mindesthonorar", "mon tarif plancher");
    and questions about a minimum ("What's your minimum amount?").
``acceptance``
    Acceptance or commitment ("count me in", "I accept", "confirmed", "Deal!", "abgemacht",
    "trato hecho", "affare fatto", "afgesproken", "お受けします" ...) unless the decision is
    CONTINUE; English, German, French, Spanish, Portuguese, Italian, Dutch, Polish, Swedish,
    Turkish, Indonesian and Japanese.
``markup``
    HTML tags and entities, ``<script>``, markdown (fences, inline code, headings, bold), JSON
    and code.
``placeholder``
    Template placeholders: ``[creator_name]``, ``{{name}}``, ``{name}``, ``<NAME>``, ``%s``,
    ``${x}``, ``TBD`` ...
``signature``
    A sign-off with a name, the creator's name as the last line, a ``-- `` delimiter or "Sent
    from my iPhone": the composer adds the signature.
``language``
    A draft of at least :data:`_LANGUAGE_MIN_WORDS` words plainly written (the whole text and
    each half of it) in another of the product's languages than the one the reply was asked in
    (English when none was, or when Repflow writes no replies in it): read by
    :func:`repflow.mail.language.detect_language` on the text without its greeting line.
``empty`` / ``length``
    Nothing to send, or more than :data:`MAX_DRAFT_CHARS` characters.

Every pattern is linear in the text: quantifiers are bounded or cannot overlap, and candidates
are found from fixed anchors (a dot, an ``@``, a digit) before anything is tried around them.
A draft longer than :data:`MAX_DRAFT_CHARS` is rejected for its length, and the rules read only
its first :data:`MAX_DRAFT_CHARS` characters, so a check costs milliseconds whatever comes in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Final

from repflow.domain.models import Decision
from repflow.domain.money import CurrencyError
from repflow.domain.profile import Preferences
from repflow.engine.draft_phrases import ACCEPTANCE_PHRASES
from repflow.engine.draft_text import _defang, _unhide_addresses, fold
from repflow.engine.port import DraftRequest
from repflow.engine.reading.money import MoneyMention, find_money, parse_amount
from repflow.engine.tlds import TLDS

__all__ = [
    "MAX_DRAFT_CHARS",
    "Code",
    "Problem",
    "check_draft",
    "draft_problems",
    "fold",
    "quotable",
]

#: Longer drafts are rejected (the LLM engine caps its drafts at 4,000 characters).
MAX_DRAFT_CHARS: Final = 8_000


class Code(StrEnum):
    """What is wrong with a draft (one code per rule)."""

    EMPTY = "empty"
    LENGTH = "length"
    CONTROL = "control"
    HEADER = "header"
    LINK = "link"
    EMAIL = "email"
    PHONE = "phone"
    AMOUNT = "amount"
    PRIVATE = "private"
    ACCEPTANCE = "acceptance"
    MARKUP = "markup"
    PLACEHOLDER = "placeholder"
    SIGNATURE = "signature"
    LANGUAGE = "language"


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a draft may not be sent: a code and what was found."""

    code: Code
    detail: str

    def __str__(self) -> str:
        return f"{self.code.value}: {self.detail}"


# -- the draft being checked ------------------------------------------------------------------


class _Draft:
    """One draft and the views of it the rules read."""

    def __init__(
        self, text: str, request: DraftRequest | None, prefs: Preferences | None, sender: str
    ) -> None:
        self.raw = text
        self.request = request
        self.prefs = prefs
        self.sender = sender.strip().lower()
        self.folded = fold(text)
        self.lower = self.folded.lower()

    @cached_property
    def defanged(self) -> str:
        """The folded text with defanged links made plain."""
        return _defang(self.folded)

    @cached_property
    def addressed(self) -> str:
        """The folded text with hidden links and addresses made plain."""
        return _unhide_addresses(self.folded)

    @cached_property
    def currency(self) -> str | None:
        """The currency amounts without one are read in."""
        request = self.request
        if request is None:
            return None
        if request.decision is Decision.NEGOTIATE and request.counter_offer is not None:
            return request.counter_offer.currency
        if request.decision is Decision.NEGOTIATE and request.quote is not None:
            return request.quote.currency
        return request.terms.currency

    @cached_property
    def money(self) -> list[MoneyMention]:
        """Every amount in the (folded) draft."""
        try:
            return find_money(self.folded, default_currency=self.currency)
        except CurrencyError:  # a currency an engine made up: read amounts without a default
            return find_money(self.folded)

    @cached_property
    def allowed(self) -> tuple[tuple[Decimal, str | None], ...]:
        """The amounts the decision allows, each with its currency."""
        request = self.request
        if request is None:
            return ()
        terms = request.terms
        pairs = [(v, terms.currency) for v in (terms.budget_min, terms.budget_max) if v is not None]
        if request.decision is Decision.NEGOTIATE and request.counter_offer is not None:
            pairs.append((request.counter_offer.amount, request.counter_offer.currency))
        if request.decision is Decision.NEGOTIATE and request.quote is not None:
            pairs.append((request.quote.amount, request.quote.currency))
        return tuple(pairs)

    def is_allowed(self, value: Decimal, currency: str | None = None) -> bool:
        """Whether the decision allows ``value`` (in ``currency``, when one was written)."""
        return any(
            value == amount and (currency is None or code is None or currency == code)
            for amount, code in self.allowed
        )

    @cached_property
    def private(self) -> frozenset[Decimal]:
        """The creator's floor and rate-card values that the decision does not carry."""
        if self.prefs is None:
            return frozenset()
        values = {self.prefs.min_budget, *self.prefs.rate_card.values()}
        return frozenset(v for v in values if v > 0 and not self.is_allowed(v))

    @cached_property
    def sentences(self) -> list[str]:
        """The folded text cut after each sentence end."""
        return re.split(r"(?<=[.!?。？！\n])", self.lower)


Rule = Callable[[_Draft], Iterator[Problem]]


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return _excerpt(match.group()) if match else None


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- control and header characters ------------------------------------------------------------

_CONTROL_CHARS: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_BARE_CR: Final = re.compile(r"\r(?!\n)")
_HEADER_LINE: Final = re.compile(
    r"(?im)^[ \t]{0,8}(?:to|cc|bcc|from|subject|reply-to|sender|return-path|content-type|"
    r"content-transfer-encoding|content-disposition|mime-version|message-id|in-reply-to|"
    r"references|received|dkim-signature|x-[a-z0-9-]{1,40}|betreff|asunto|objet|assunto|"
    r"oggetto|onderwerp|temat|ämne|konu|perihal|件名)[ \t]{0,4}:"
)


def _control(d: _Draft) -> Iterator[Problem]:
    match = _CONTROL_CHARS.search(d.raw)
    if match:
        yield Problem(Code.CONTROL, f"control or invisible character U+{ord(match.group()):04X}")


def _header(d: _Draft) -> Iterator[Problem]:
    if _BARE_CR.search(d.raw):
        yield Problem(Code.HEADER, "bare carriage return")
        return
    found = _first(_HEADER_LINE, d.folded)
    if found:
        yield Problem(Code.HEADER, f"header line {found!r}")


# -- links and addresses ----------------------------------------------------------------------

_EMAIL_DOMAIN: Final = re.compile(r"@([\w-]{1,63}(?:\.[\w-]{1,63}){1,8})")
_SCHEME: Final = re.compile(
    r"(?i)\b(?:https?|ftps?|sftp|file|javascript|vbscript|livescript|mailto|whatsapp|tg|"
    r"skype|intent|ms-[a-z-]{1,20})[ \t]{0,2}:|\bdata:[a-z-]{1,30}/|\btel:[ \t]{0,2}\+?\d"
    r"|\b[a-z][a-z0-9+.-]{1,20}://|\bwww\d{0,3}\.|\bxn--[a-z0-9-]{1,59}|\blocalhost\b"
)
_IPV4: Final = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)")
_MD_LINK: Final = re.compile(r"\[[^\[\]\n]{0,200}\]\([^()\n]{0,500}\)")
_HANDLE: Final = re.compile(r"(?<![\w.@])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}")
_DOT_NAME: Final = re.compile(r"(?<=[^\W_])\.([^\W\d_]{2,24})(?![^\W_]|-)")
_HOST_PATH: Final = re.compile(r"(?i)(?<=[a-z0-9])\.[a-z]{2,24}/[\w/?#=&%~.-]")


def _emails(text: str) -> Iterator[tuple[int, int, str]]:
    """Every e-mail address in ``text``: start, end, address."""
    for match in _EMAIL_DOMAIN.finditer(text):
        start = at = match.start()
        while start > max(0, at - 64) and (text[start - 1].isalnum() or text[start - 1] in "._+-'"):
            start -= 1
        if text[start:at].strip(".'"):
            yield start, match.end(), text[start : match.end()]


def _email(d: _Draft) -> Iterator[Problem]:
    for _, _, address in _emails(d.addressed):
        if address.lower().strip(".") != d.sender:
            yield Problem(Code.EMAIL, f"address {_excerpt(address)!r}")
            return


def _without_emails(text: str) -> str:
    """``text`` with every address blanked (an address is the email rule's business)."""
    parts: list[str] = []
    pos = 0
    for start, end, _ in _emails(text):
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _link(d: _Draft) -> Iterator[Problem]:
    text = _without_emails(d.defanged)
    for pattern, view in (
        (_SCHEME, text),
        (_MD_LINK, text),
        (_IPV4, text),
        (_HOST_PATH, text),
        (_HANDLE, _without_emails(d.folded)),
    ):
        found = _first(pattern, view)
        if found:
            yield Problem(Code.LINK, f"link {found!r}")
            return
    for match in _DOT_NAME.finditer(text):
        if match.group(1).lower() in TLDS:
            start = max(0, match.start() - 30)
            label = re.search(r"[\w-]{1,63}$", text[start : match.start()])
            name = (label.group() if label else "") + match.group()
            yield Problem(Code.LINK, f"domain {_excerpt(name)!r}")
            return


# -- phone numbers ----------------------------------------------------------------------------

_PHONE: Final = re.compile(
    r"(?<![\w+])(?:\+|00)?[ \t]{0,2}\(?[ \t]{0,2}\d(?:[ \t\-./()\u00a0]{0,3}\d){5,24}"
)
_DATE_LIKE: Final = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[.:]\d{2}[ \t]?[-–][ \t]?\d{1,2}[.:]\d{2}"
    r"|(?:19|20)\d\d[ \t]?[-–/][ \t]?(?:19|20)?\d\d"
)
_GROUPED: Final = re.compile(r"[1-9]\d{0,2}(?:[ .\u00a0]\d{3}){1,4}")
_COUNT_AFTER: Final = re.compile(
    r"(?i)[ \t]{0,2}(?:followers|subscribers|views|impressions|listeners|readers|downloads|"
    r"plays|likes|seguidores|suscriptores|visualizaciones|reproducciones|abonnés|vues|"
    r"follower|abonnenten|aufrufe|views|visualizzazioni|iscritti|visualizações|inscritos|"
    r"volgers|weergaven|abonnees|obserwujących|följare|takipçi|pengikut)\b"
)
_DIGIT_WORD: Final = (
    "zero|oh|one|two|three|four|five|six|seven|eight|nine|null|eins|zwei|drei|vier|fünf|"
    "sechs|sieben|acht|neun|zéro|un|deux|trois|quatre|cinq|sept|huit|neuf|cero|uno|dos|tres|"
    "cuatro|cinco|seis|siete|ocho|nueve|um|dois|três|quatro|sete|oito|nove|due|tre|quattro|"
    "cinque|sei|sette|otto|nul|een|twee|drie|vijf|zes|zeven|negen"
)
_SPELLED_PHONE: Final = re.compile(
    rf"(?i)\b(?:(?:{_DIGIT_WORD})\b[ \t,.-]{{1,3}}){{6,20}}(?:{_DIGIT_WORD})\b"
)


def _phone(d: _Draft) -> Iterator[Problem]:
    text = d.folded
    spans = [(m.start, m.end) for m in d.money]
    for match in _PHONE.finditer(text):
        candidate = match.group().strip()
        digits = sum(c.isdigit() for c in candidate)
        if not 7 <= digits <= 15:
            continue
        if any(s < match.end() and match.start() < e for s, e in spans):
            continue
        international = candidate.startswith(("+", "00"))
        if not international:
            undated = _DATE_LIKE.sub(" ", candidate)
            if sum(c.isdigit() for c in undated) < 7:
                continue
            if _GROUPED.fullmatch(candidate) and _COUNT_AFTER.match(text, match.end()):
                continue
        yield Problem(Code.PHONE, f"phone number {_excerpt(candidate)!r}")
        return
    found = _first(_SPELLED_PHONE, text)
    if found:
        yield Problem(Code.PHONE, f"phone number in words {found!r}")


# -- amounts and private numbers --------------------------------------------------------------

_NUMBER_WORDS: Final = (
    r"\w{0,12}(?:tausend|hundert|duizend|honderd|mila|cento|mille)|eins?|eine|zwei|drei|vier|"
    r"fünf|sechs|sieben|acht|neun|zehn|zwanzig|dreißig|fünfzig|millionen?|un|une|deux|trois|"
    r"quatre|cinq|six|sept|huit|neuf|dix|vingt|trente|cinquante|cents?|millions?|uno?|una|dos|"
    r"tres|cuatro|cinco|seis|siete|ocho|nueve|diez|veinte|treinta|cincuenta|cien|cientos?|"
    r"doscientos|quinientos|mil|millón|millones|uma|dois|duas|três|quatro|sete|oito|nove|dez|"
    r"vinte|trinta|cem|duzentos|quinhentos|milhão|milhões|due|tre|quattro|cinque|sei|sette|"
    r"otto|dieci|venti|trenta|milioni?|een|twee|drie|vijf|zes|zeven|negen|tien|twintig|"
    r"miljoen|tysiąc|tysiące|tysięcy|sto|dwa|trzy|pięć|tusen|hundra|bin|yüz|ribu|juta|ratus|"
    r"one|two|three|four|five|seven|eight|nine|ten|twenty|fifty|hundred|thousand|grand|million"
)
_CURRENCY_WORDS: Final = (
    r"euros?|eur|dollars?|dólares|dólar|dollari|dollaro|dollar|usd|pfund|livres|libras|sterline|"
    r"pounds?|gbp|franken|francs?|franchi|chf|reais|złotych|zł|kronor|kronen|kr|lire|lira|"
    r"rupiah|bucks"
)
_CURRENCY_WORD: Final = re.compile(rf"(?i)(?<!\w)(?:{_CURRENCY_WORDS})(?!\w)|[$€£]|円|ドル|ユーロ")
#: Read only in the 160 characters before a currency word (see :func:`_amount_in_words`).
_AMOUNT_IN_WORDS: Final = re.compile(
    rf"(?i)(?<!\w)(?:{_NUMBER_WORDS})"
    rf"(?:[ \t-]{{1,3}}(?:(?:{_NUMBER_WORDS})|und|e|y|et|en|i)){{0,8}}"
    rf"[ \t]{{0,3}}(?:{_CURRENCY_WORDS}|[$€£])(?!\w)"
    r"|[一二三四五六七八九十百千万億]{1,12}(?:円|ドル|ユーロ)"
)


#: A "$" with no country letters before it: any dollar currency, whatever the reader guessed
#: ("CA$500 ... up to $600" does not make the $600 Canadian).
_BARE_DOLLAR: Final = re.compile(r"(?<![A-Za-z])\$")


def _amount(d: _Draft) -> Iterator[Problem]:
    stray = [
        value
        for mention in d.money
        for value in dict.fromkeys((mention.minimum, mention.maximum))
        if not d.is_allowed(value, None if _BARE_DOLLAR.search(mention.text) else mention.currency)
    ]
    if stray:
        yield Problem(Code.AMOUNT, "amounts the decision does not allow: " + _amounts(stray))
        return
    spans = [(m.start, m.end) for m in d.money]
    for start, end, words in _amounts_in_words(d.folded):
        if not any(s < end and start < e for s, e in spans):
            yield Problem(Code.AMOUNT, f"amount in words {_excerpt(words)!r}")
            return


def _amounts_in_words(text: str) -> Iterator[tuple[int, int, str]]:
    """Amounts written in words ("cinq mille euros"): start, end, text.

    Number words are looked for only just before a currency word, so a long run of number
    words with no currency costs nothing.
    """
    done = 0
    for currency in _CURRENCY_WORD.finditer(text):
        window = max(done, currency.start() - 160)
        for match in _AMOUNT_IN_WORDS.finditer(text, window, currency.end()):
            yield match.start(), match.end(), match.group()
        done = currency.end()


def _amounts(values: Iterable[Decimal]) -> str:
    return ", ".join(sorted({f"{v:f}" for v in values}))


_MIN_WORDS: Final = (
    r"minimum|minimal\w{0,3}|min\.|minimaal|minimale|mindest\w{0,12}|mínim[oa]s?|minim[oa]|"
    r"floor|lowest|bottom[ -]line|least you|walk[ -]away|plancher|untergrenze|ondergrens|"
    r"soglia|piso mínimo|lägsta|asgari|terendah|最低|下限"
)
_MIN_QUESTION: Final = re.compile(rf"(?i)(?:{_MIN_WORDS})")
_DISCLOSURE: Final = re.compile(
    r"(?i)\b(?:my|our)\s(?:\w{1,30}\s){0,2}(?:minimum|floor|rate[ -]?card|lowest|bottom[ -]line|"
    r"walk[ -]away)"
    r"|\b(?:below|under|beneath)\s(?:my|our)\s(?:\w{1,30}\s){0,2}(?:minimum|floor|rate|threshold)"
    r"|\b(?:i|we)\s(?:never|don't|do not|won't|will not|can't|cannot)\s(?:\w{1,30}\s){0,3}"
    r"(?:below|under|less than)\b"
    r"|\b(?:mein|meine|unser|unsere)[mnrs]?\s(?:\w{1,30}\s){0,2}(?:mindest\w{0,12}|untergrenze|"
    r"preisliste)|\bunter\s(?:meinem|meiner|unserem)\s(?:mindest|satz|preis|honorar|budget)"
    r"|\b(?:mon|ma|notre)\s(?:\w{1,30}\s){0,2}(?:minimum|plancher|grille tarifaire)"
    r"|\ben (?:dessous|deçà) de (?:mon|notre)"
    r"|\b(?:mi|nuestr[oa])\s(?:\w{1,30}\s){0,2}(?:mínim[oa]|tarifario)|\bpor debajo de mi"
    r"|\b(?:meu|minha|nosso)\s(?:\w{1,30}\s){0,2}(?:mínim[oa]|tabela de preços)"
    r"|\babaixo d[oa] (?:meu|minha)"
    r"|\b(?:il mio|la mia|il nostro)\s(?:\w{1,30}\s){0,2}(?:minimo|listino|soglia)|\bsotto il mio"
    r"|\b(?:mijn|onze)\s(?:\w{1,30}\s){0,2}(?:minimum|ondergrens|tarievenlijst|tariefkaart)"
    r"|\bonder mijn (?:minimum|tarief|ondergrens|prijs)"
    r"|\b(?:moje|moja|mój)\s(?:\w{1,30}\s){0,2}(?:minimum|minimaln\w{1,3}|cennik)"
    r"|\b(?:mitt|min)\s(?:\w{1,30}\s){0,2}(?:minimum|lägsta|prislista)"
    r"|\b(?:asgari|minimum) ücretim|\b(?:tarif|harga) minimum (?:saya|kami)"
    r"|最低料金|最低金額|料金表"
)
_RATE_WORD_NUMBER: Final = re.compile(
    rf"(?i)\b(?:{_MIN_WORDS}|rate|charge|usually|normally|normalerweise|honorar|tarif[ae]?|"
    r"tariffa|tarief|cachê|compenso|stawka|pris|ücret|harga)[^\d\n]{0,30}?"
    r"(\d{1,3}(?:[.,' \u00a0]\d{3}){1,3}(?:[.,]\d{1,2})?|\d{1,9}(?:[.,]\d{1,2})?)(\s?[kK]\b)?"
)


def _private(d: _Draft) -> Iterator[Problem]:
    leaked = {
        value
        for mention in d.money
        for value in (mention.minimum, mention.maximum)
        if value in d.private and not d.is_allowed(value, mention.currency)
    }
    for match in _RATE_WORD_NUMBER.finditer(d.folded):
        number = (match.group(1) + (match.group(2) or "")).replace(" ", "").replace("\u00a0", "")
        value = parse_amount(number)
        if value is not None and value in d.private:
            leaked.add(value)
    if leaked:
        yield Problem(Code.PRIVATE, "discloses the floor or rate card: " + _amounts(leaked))
        return
    found = _first(_DISCLOSURE, d.folded)
    if found:
        yield Problem(Code.PRIVATE, f"discloses a floor {found!r}")
        return
    for sentence in d.sentences:
        if sentence.rstrip().endswith(("?", "？")) and _MIN_QUESTION.search(sentence):
            yield Problem(Code.PRIVATE, f"asks about a minimum {_excerpt(sentence)!r}")
            return


# -- acceptance -------------------------------------------------------------------------------

#: Every phrase starts at the first letter of a word (Japanese has no word breaks: its phrases
#: are tried anywhere), so the pattern first rules out every other position.
_ACCEPTANCE: Final = re.compile(
    "(?<![\\w'])(?=[^\\W\\d_]|¡)(?:"
    + "|".join(p for lang, phrases in ACCEPTANCE_PHRASES.items() if lang != "ja" for p in phrases)
    + ")|"
    + "|".join(ACCEPTANCE_PHRASES["ja"])
)


def _acceptance(d: _Draft) -> Iterator[Problem]:
    if d.request is not None and d.request.decision is Decision.CONTINUE:
        return
    found = _first(_ACCEPTANCE, d.lower)
    if found:
        yield Problem(Code.ACCEPTANCE, f"accepts or commits {found!r}")


# -- markup, code and placeholders ------------------------------------------------------------

_MARKUP: Final = re.compile(
    r"</?[a-zA-Z][a-zA-Z0-9-]{0,30}(?:[\s/][^<>\n]{0,300})?>|<!--|-->|<!\[CDATA\[|<\?(?:php|xml)"
    r"|&(?:[a-zA-Z]{2,8}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});|```|~~~|`[^`\n]{1,200}`"
    r"|(?m:^[ \t]{0,3}#{1,6}[ \t])|\*\*[^*\n]{1,200}\*\*|(?<!\w)__[^_\n]{1,200}__(?!\w)"
    r"|(?m:^[ \t]{0,20}[{\[][ \t]{0,20}$)|[{\[,][ \t\n]{0,20}[\"'][^\"'\n]{1,60}[\"'][ \t]{0,5}:"
    r"|(?i:\bfunction[ \t]{0,3}\(|\bdef [a-z_]\w{0,40}\(|\bconsole\.log\b|\bdocument\.(?:cookie|"
    r"write|location)\b|\bwindow\.location\b|\beval[ \t]{0,3}\(|\bon(?:load|error|click|mouseover)"
    r"[ \t]{0,3}=|\b(?:var|let|const) [a-z_]\w{0,40}[ \t]{0,3}=|\bdrop table\b|\bunion select\b"
    r"|\bexec[ \t]{0,3}\(|\breturn [a-z_]\w{0,40};)"
    r"|=>|\$\(|<%|%>|#!/|\bSELECT [^;\n]{1,100} FROM\b|^[ \t\n]{0,20}[{\[]"
)


def _markup(d: _Draft) -> Iterator[Problem]:
    found = _first(_MARKUP, d.folded)
    if found:
        yield Problem(Code.MARKUP, f"markup or code {found!r}")


_PLACEHOLDER: Final = re.compile(
    r"\{\{|\}\}|\{%|%\}|\$\{[^}\n]{0,60}\}|\{[A-Za-z_][\w .-]{0,40}\}|<<[^<>\n]{1,40}>>"
    r"|<[A-Z][A-Z0-9_ ]{1,40}>|%\([a-z_]{1,30}\)[sd]|(?<![\w%])%[sd](?!\w)"
    r"|__[A-Za-z][A-Za-z0-9_]{1,40}__"
    r"|\b(?:XXX+|TBD|TODO|FIXME|INSERT[ _][A-Z]{2,}|YOUR[ _](?:NAME|BRAND|COMPANY|EMAIL))\b"
    r"|(?i:lorem ipsum)"
)
_BRACKETED: Final = re.compile(r"\[([^\[\]\n]{1,80})\]")


def _placeholder(d: _Draft) -> Iterator[Problem]:
    found = _first(_PLACEHOLDER, d.folded)
    if found is None:
        found = next(
            (m.group() for m in _BRACKETED.finditer(d.folded) if re.search(r"[^\W\d_]", m[1])),
            None,
        )
    if found:
        yield Problem(Code.PLACEHOLDER, f"placeholder {_excerpt(found)!r}")


# -- signature --------------------------------------------------------------------------------

_SIGN_OFF: Final = (
    r"best|best regards|best wishes|kind regards|warm regards|warmest regards|regards|cheers|"
    r"thanks|thank you|many thanks|sincerely|yours sincerely|yours truly|yours|warmly|"
    r"all the best|talk soon|xoxo|xo|love|take care|with gratitude|saludos|un saludo|"
    r"un abrazo|abrazos|atentamente|cordialmente|cordialement|bien à vous|bien cordialement|"
    r"amitiés|à bientôt|bises|viele grüße|liebe grüße|beste grüße|herzliche grüße|"
    r"mit freundlichen grüßen|lg|vg|mfg|grazie|cordiali saluti|un saluto|saluti|a presto|"
    r"abraços|abraço|atenciosamente|beijos|met vriendelijke groet(?:en)?|"
    r"vriendelijke groet(?:en)?|hartelijke groet(?:en)?|groetjes|groeten|pozdrawiam|"
    r"z poważaniem|med vänliga hälsningar|vänliga hälsningar|hälsningar|mvh|saygılarımla|"
    r"sevgiler|salam|hormat saya|terima kasih|よろしくお願いします|よろしくお願いいたします"
)
_SIGN_OFF_LINE: Final = re.compile(
    rf"(?i)[ \t]{{0,8}}(?=[^\W\d_])(?:{_SIGN_OFF})[ \t]{{0,4}}[,!.]?[ \t]{{0,8}}"
)
_SIGN_OFF_NAME: Final = re.compile(
    rf"(?i)[ \t]{{0,8}}(?=[^\W\d_])(?:{_SIGN_OFF})[ \t]{{0,4}}[,—–-][ \t]{{0,4}}([^\n]{{1,40}})"
)
_NAME: Final = re.compile(
    r"[ \t]{0,8}[-—–~]?[ \t]{0,4}([^\W\d_][\w'-]{0,30}(?:[ \t][^\W\d_][\w'-]{0,30}){0,2})[ \t]{0,8}"
)
_DELIMITER: Final = re.compile(r"(?m)^--[ \t]?$|^[-_=]{3,80}[ \t]{0,8}$")
_SENT_FROM: Final = re.compile(
    r"(?i)\bsent from my\b|\benviado desde mi\b|\bvon meinem \w{1,20} gesendet\b"
    r"|\benvoyé de mon\b|\benviado do meu\b|\binviato da\b|\bverzonden (?:vanaf|met) mijn\b"
)


def _is_name(text: str) -> bool:
    """Whether ``text`` reads as a name: one to three capitalised words."""
    match = _NAME.fullmatch(text)
    return match is not None and all(word[0].isupper() for word in match.group(1).split())


def _signature(d: _Draft) -> Iterator[Problem]:
    lines = [line for line in d.folded.rstrip().splitlines()[-4:] if line.strip()]
    if not lines:
        return
    creator = d.request.creator_name.strip().lower() if d.request else ""
    names = {creator, *creator.split()[:1]} - {""}
    last = lines[-1]
    bare = last.strip(" \t-—–~*_").strip().lower()
    sign_off = _SIGN_OFF_NAME.fullmatch(last)
    if (
        bare in names
        or (sign_off is not None and _is_name(sign_off.group(1)))
        or (len(lines) >= 2 and _SIGN_OFF_LINE.fullmatch(lines[-2]) and _is_name(last))
        or _DELIMITER.search("\n".join(lines))
        or _SENT_FROM.search(d.folded)
    ):
        yield Problem(Code.SIGNATURE, f"carries a signature {_excerpt(last)!r}")


# -- language ---------------------------------------------------------------------------------

#: The languages a draft is told apart in (the product's; any other reading is not trusted).
_KNOWN_LANGUAGES: Final = frozenset(
    {"en", "de", "fr", "es", "pt", "it", "nl", "pl", "sv", "tr", "id", "ja", "hi"}
)
#: Shorter drafts are not judged by language (a greeting and a name mislead the detector).
_LANGUAGE_MIN_WORDS: Final = 12
_GREETING_LINE: Final = re.compile(r"^[^\n]{0,60}[,!:]?[ \t]*\n")


def _language(d: _Draft) -> Iterator[Problem]:
    if d.request is None:
        return
    from repflow.mail.language import REPLY_LANGUAGES, detect_language

    wanted = (d.request.language or "en").lower().replace("_", "-").split("-")[0]
    # Where Repflow writes no replies in the asked language, English is the reply's language.
    allowed = {wanted} if wanted in REPLY_LANGUAGES else {wanted, "en"}
    body = _GREETING_LINE.sub("", d.folded.strip(), count=1)
    words = list(re.finditer(r"[^\W\d_]{2,}", body))
    if len(words) < _LANGUAGE_MIN_WORDS:
        return
    found = detect_language(body)
    if found not in _KNOWN_LANGUAGES or found in allowed:
        return
    # Plainly written in it: each half of the text reads as that language too (a sentence
    # quoting another language, or a mixed list of examples, is not a reply in it).
    middle = words[len(words) // 2].start()
    if detect_language(body[:middle]) == found == detect_language(body[middle:]):
        yield Problem(Code.LANGUAGE, f"written in {found}, asked for {wanted}")


# -- assembly ---------------------------------------------------------------------------------

#: The rules of a draft, in the order their problems are reported.
RULES: Final[tuple[Rule, ...]] = (
    _control,
    _header,
    _link,
    _email,
    _phone,
    _amount,
    _private,
    _acceptance,
    _markup,
    _placeholder,
    _signature,
    _language,
)
#: The rules that hold for any value quoted into a draft, whatever the decision.
_VALUE_RULES: Final[tuple[Rule, ...]] = (
    _control,
    _header,
    _link,
    _email,
    _phone,
    _private,
    _acceptance,
    _markup,
    _placeholder,
)


def draft_problems(
    text: str, request: DraftRequest, prefs: Preferences, *, sender: str = ""
) -> tuple[Problem, ...]:
    """Everything that makes a draft unusable; empty when it may be sent.

    Args:
        text: The reply body (without the signature, which the composer adds).
        request: The decision and the values the reply may state.
        prefs: The creator's preferences (floor and rate card are private).
        sender: The address the reply goes out from: the one address the text may name.

    Returns:
        One problem per failing rule, in the order of :data:`RULES`.
    """
    if not text.strip():
        return (Problem(Code.EMPTY, "empty draft"),)
    draft = _Draft(text[:MAX_DRAFT_CHARS], request, prefs, sender)
    problems = [problem for rule in RULES for problem in rule(draft)]
    if len(text) > MAX_DRAFT_CHARS:
        problems.insert(0, Problem(Code.LENGTH, f"{len(text)} characters"))
    return tuple(problems)


def check_draft(
    text: str, request: DraftRequest, prefs: Preferences, *, sender: str = ""
) -> list[str]:
    """Problems that make a draft unusable, as ``"code: detail"`` texts; empty when usable.

    See :func:`draft_problems` for the arguments.
    """
    return [str(problem) for problem in draft_problems(text, request, prefs, sender=sender)]


def quotable(value: str) -> bool:
    """Whether a value taken from an email may be quoted into a draft of any decision.

    No link, address, phone number, markup, placeholder, header or control character,
    acceptance wording or talk of a floor. Amounts are the caller's business.
    """
    if len(value) > MAX_DRAFT_CHARS:
        return False
    draft = _Draft(value, None, None, "")
    return not any(True for rule in _VALUE_RULES for _ in rule(draft))
