"""Reply wording from templates: the heuristic engine's drafts, with no network and no model.

:func:`draft_from_templates` words a decision that code has already made. It only ever states
what the request carries: the brand, the deliverables, the budget (``request.terms``), the
counter offer (``request.counter_offer``) and the quoted price (``request.quote``). It never
writes a signature or a sign-off name (the composer appends the creator's signature), never a
URL, an e-mail address or a phone number, and never a reason that would reveal the creator's
floor or rate card.

Wording varies with the case: each part of a reply (greeting, opening, body, closing) has
three or more phrasings and the choice is a stable hash of ``request.variant_seed`` and the
part's name, so the same case always gets the same text while different cases read
differently. It also fits the thread: a first contact thanks the brand for reaching out, a
follow-up (``request.follow_up``) thanks it for its answer and names what it answered
(``request.answered_fields``).

Languages: every decision is written in English, German, French, Spanish, Portuguese, Italian
and Dutch (``request.language``, e.g. ``"de"`` or ``"pt-BR"``); any other language gets
English (:func:`reply_language` says which one a request gets). The wording is data, one file
per language: ``src/repflow/engine/replies/<lang>.toml``.

Amounts are exact and never rounded: in English Babel's ``en_US`` style (``$2,500``,
``€1,200.50``, ``CHF 3,000``), in the other languages the locale's digits with ``€`` or the
ISO code (``9.800 €``, ``9 800 USD``, ``€ 9.800`` in Dutch).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from repflow.domain.models import DealTerms, Decision, Deliverable
from repflow.domain.money import Money
from repflow.engine.draft_check import quotable
from repflow.engine.port import Draft, DraftRequest
from repflow.engine.reading.money import find_money

__all__ = ["SUPPORTED_LANGUAGES", "draft_from_templates", "format_amount", "reply_language"]

#: Languages replies are written in (one wording file each in ``replies/``).
SUPPORTED_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "nl")

# -- safety of values taken from the email ----------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_UNSAFE_VALUE = re.compile(
    r"(?i)https?:|www\.|@|[\w-]+\.(?:com|net|org|io|co|me|ly|gg|tv|app|shop|store)\b"
    r"|\d[\d ()./-]{5,}\d|[$€£¥₹]|\b(?:usd|eur|gbp|cad|aud|chf|jpy|inr|brl|mxn)\b"
)
_NAME_SUFFIX = re.compile(r"\s+(?:from|at|via|of|@|\||-|–|—)\s+|\s*[(\[|/]", re.IGNORECASE)
_HUMAN_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*\.?$")
_TITLES = frozenset({"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "madam"})
_NOT_A_PERSON = frozenset(
    {
        "team", "teams", "partnerships", "partnership", "partner", "partners", "marketing",
        "info", "support", "hello", "hi", "admin", "brand", "brands", "collab", "collabs",
        "collaborations", "sales", "media", "pr", "press", "agency", "influencer",
        "influencers", "creator", "creators", "talent", "no-reply", "noreply", "office",
        "contact", "group", "inc", "llc", "ltd", "gmbh", "co", "corp", "corporation", "labs",
        "company", "studio", "studios", "digital", "games", "shop", "store", "global",
        "official", "newsletter", "notifications", "the", "via", "from", "campaigns",
        "campaign", "outreach", "social", "growth", "hq", "service", "services", "customer",
    }
)  # fmt: skip


def _clean(value: str | None, *, limit: int = 60, numbers: bool = False) -> str:
    """A value from the email that may be quoted back, or ``""`` when it may not.

    It must fit on one line within ``limit`` characters and carry no link, address, phone
    number, currency or anything :func:`find_money` reads as an amount, nor anything else the
    draft check refuses in any reply (:func:`~repflow.engine.draft_check.quotable`: markup,
    placeholders, acceptance wording, talk of a floor ...). Unless ``numbers`` is
    set it may not carry a number of two or more digits either: a brand such as "Acme 500"
    quoted after a money word ("thanks for the offer from Acme 500") would read as an amount.
    """
    if not value:
        return ""
    text = " ".join(_CONTROL.sub(" ", value).split())
    if not text or len(text) > limit or _UNSAFE_VALUE.search(text):
        return ""
    if (not numbers and re.search(r"\d\d", text)) or find_money(text) or not quotable(text):
        return ""
    return text


def first_name(name: str, brand: str) -> str:
    """The first name of a plausible human display name, else ``""``."""
    # "Sarah from Acme", "Sarah | Acme", "Sarah (Acme)" -> "Sarah"
    head = _NAME_SUFFIX.split(name.replace('"', " "), maxsplit=1)[0]
    cleaned = _clean(head.replace(",", " "), limit=60)
    words = cleaned.split()
    while words and words[0].rstrip(".").lower() in _TITLES:
        words = words[1:]
    if not words or len(words) > 4:
        return ""
    if any(w.lower().strip(".") in _NOT_A_PERSON for w in words):
        return ""
    if brand and any(w.lower() == brand.lower() for w in [*words, cleaned]):
        return ""
    first = words[0]
    if not _HUMAN_WORD.match(first) or first.endswith(".") or not 2 <= len(first) <= 20:
        return ""
    if first.isupper() and len(first) > 1 and not (len(words) > 1 and cleaned.isupper()):
        return ""  # "ACME Partners", "HQ": a company, not a person
    if first.islower() or first.isupper():
        first = "-".join(part[:1].upper() + part[1:].lower() for part in first.split("-"))
    return first


# -- variation --------------------------------------------------------------------------------


def _pick(options: Sequence[str], seed: str, part: str) -> str:
    """One of ``options``, chosen by a stable hash of the seed and the part name."""
    digest = hashlib.sha256(f"{seed}\x1f{part}".encode()).digest()
    return options[int.from_bytes(digest[:8], "big") % len(options)]


# -- numbers ----------------------------------------------------------------------------------


def format_amount(amount: Decimal, currency: str | None) -> str:
    """An amount as en_US text, exact, without needless ``.00``.

    Args:
        amount: the amount (never rounded: ``12500.5`` stays ``12,500.50``).
        currency: ISO 4217 code; None formats the bare number.

    Returns:
        e.g. ``$2,500``, ``€1,200.50``, ``CHF 3,000``, ``2,500``.
    """
    integral = amount == amount.to_integral_value()
    if not currency:
        return format_decimal(
            amount, format="#,##0" if integral else "#,##0.00####", locale="en_US"
        )
    text = format_currency(
        amount,
        currency,
        format="¤#,##0" if integral else "¤#,##0.00####",
        currency_digits=False,
        locale="en_US",
    )
    return re.sub(r"^([A-Z]{2,})(?=\d)", r"\1 ", text)  # "CHF3,000" -> "CHF 3,000"


# -- wording files ----------------------------------------------------------------------------

_REPLIES = Path(__file__).with_name("replies")


@cache
def _wording(lang: str) -> Mapping[str, Any]:
    """The wording of one language (``replies/<lang>.toml``), loaded once."""
    with (_REPLIES / f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _phrases(lang: str, *path: str) -> Any:
    node: Any = _wording(lang)
    for key in path:
        node = node[key]
    return node


def reply_language(language: str | None) -> str:
    """The language a reply to mail in ``language`` is written in (English when unsupported).

    Args:
        language: An ISO 639-1 code or a tag (``"pt-BR"``, ``"fr_CA"``), or None.

    Returns:
        One of :data:`SUPPORTED_LANGUAGES`.
    """
    code = (language or "en").strip().lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED_LANGUAGES else "en"


class _Words:
    """One reply's wording: the language's phrases, picked stably by the request's seed."""

    def __init__(self, request: DraftRequest) -> None:
        self.request = request
        self.lang = reply_language(request.language)
        self.seed = request.variant_seed

    def get(self, *path: str) -> Any:
        return _phrases(self.lang, *path)

    def pick(self, *path: str, **values: str) -> str:
        options = self.get(*path)
        return str(_pick(options, self.seed, ".".join(path))).format(**values)

    def about(self, brand: str) -> str:
        return str(self.get("about")).format(brand=brand) if brand else ""

    def join(self, items: Sequence[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self.get('and')} " + items[-1]

    # -- values ------------------------------------------------------------------------------

    def amount(self, amount: Decimal, currency: str | None) -> str:
        if self.lang == "en" or not currency:
            return format_amount(amount, currency)
        integral = amount == amount.to_integral_value()
        number = format_decimal(
            amount, format="#,##0" if integral else "#,##0.00####", locale=self.get("locale")
        )
        symbol = "€" if currency == "EUR" else currency
        return f"{symbol} {number}" if self.lang == "nl" else f"{number} {symbol}"

    def money(self, money: Money) -> str:
        return self.amount(money.amount, money.currency)

    def deliverable(self, item: Deliverable) -> str:
        entry = self.get("deliverables", item.kind.value)
        count = max(item.quantity, 1)
        if count == 1:
            return str(entry[0])
        feminine = len(entry) > 2 and entry[2] == "f"
        numbers = self.get("numbers_f") if feminine and "numbers_f" in _wording(self.lang) else None
        numbers = numbers or self.get("numbers")
        # Quantities are spelled out so they never read as amounts.
        return f"{numbers[count]} {entry[1]}" if count < len(numbers) else f"{count} {entry[1]}"

    def deliverables(self, items: Sequence[Deliverable]) -> str:
        return self.join([self.deliverable(d) for d in items])

    def budget(self, terms: DealTerms) -> str:
        low, high = terms.budget_min, terms.budget_max
        if low is None and high is None:
            return ""
        if low is not None and high is not None and low != high:
            text = f"{self.amount(low, terms.currency)}–{self.amount(high, terms.currency)}"
        elif low is not None:
            text = self.amount(low, terms.currency)
        else:
            assert high is not None
            text = str(self.get("up_to")).format(amount=self.amount(high, terms.currency))
        if terms.budget_per_unit:
            unit = _clean(terms.budget_per_unit, limit=30).lower().removeprefix("per ").strip()
            unit = unit if re.fullmatch(r"[a-z][a-z -]*", unit) else "deliverable"
            text += " " + str(self.get("per_unit")).format(unit=unit)
        return text

    def terms(self, value: str) -> str:
        """Usage rights or exclusivity as the extractor normalises them, in this language.

        ``"paid usage 30 days, whitelisting"`` becomes ``"bezahlte Nutzung 30 Tage,
        Whitelisting"``; any other wording (the brand's own) is kept as written.
        """
        table = _wording(self.lang).get("usage_terms")
        if not value or not table or not _NORMALISED_TERMS.fullmatch(value):
            return value
        return _TERM_WORDS.sub(lambda m: str(table.get(m.group(), m.group())), value)

    def deadline(self, terms: DealTerms) -> str:
        if not terms.deadline:
            return ""
        try:
            when = date.fromisoformat(terms.deadline)
        except ValueError:
            return ""
        return str(format_date(when, format="long", locale=self.get("locale")))


#: The descriptions :mod:`repflow.engine.heuristic.extract` writes for usage and exclusivity.
_NORMALISED_TERMS = re.compile(
    r"(?:paid usage|perpetual|organic only|licensing|category exclusivity|exclusivity)"
    r"(?: perpetual)?(?: \d{1,4} (?:days?|weeks?|months?|years?))?(?:, whitelisting)?"
)
_TERM_WORDS = re.compile(
    r"paid usage|organic only|category exclusivity|perpetual|licensing|exclusivity|whitelisting"
    r"|\b(?:days?|weeks?|months?|years?)\b"
)

_PLATFORM_NAMES = {
    "youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok", "twitch": "Twitch",
    "podcast": "Podcast", "newsletter": "Newsletter", "x": "X", "facebook": "Facebook",
    "linkedin": "LinkedIn", "snapchat": "Snapchat", "pinterest": "Pinterest", "blog": "Blog",
    "kick": "Kick",
}  # fmt: skip


def _greeting(words: _Words, brand: str) -> tuple[str, bool]:
    """The greeting line, and whether it already names the brand ("Hello Acme team,")."""
    name = first_name(words.request.counterparty_name, brand)
    if name:
        return words.pick("greet", "person", name=name), False
    if brand:
        return words.pick("greet", "brand", brand=brand), True
    return words.pick("greet", "anyone"), False


def _thanks(words: _Words, section: str, about: str) -> str:
    """The opening: thanks for reaching out (first contact) or for the answer (follow-up)."""
    request = words.request
    if not request.follow_up:
        return words.pick(section, "open", about=words.about(about))
    answered = [
        str(words.get("answered").get(name, name.replace("_", " ")))
        for name in dict.fromkeys(request.answered_fields)
    ]
    if answered:
        return words.pick("follow_up", "thanks_for", fields=words.join(answered))
    return words.pick("follow_up", "thanks")


def _asks(words: _Words, fields: Sequence[str], section: str) -> list[str]:
    """The question(s) for ``fields``: one sentence, or a lead-in and a bulleted list."""
    phrases = words.get("fields")
    english = _phrases("en", "fields")
    wanted = [phrases.get(f) or english.get(f) or f.replace("_", " ") for f in fields]
    if not wanted:
        return []
    if len(wanted) == 1:
        return [words.pick(section, "ask_one" if section == "quote" else "one", field=wanted[0])]
    bullets = "\n".join(f"- {w}" for w in wanted)
    return [words.pick(section, "ask_many" if section == "quote" else "many") + "\n" + bullets]


# -- assembly ---------------------------------------------------------------------------------


def _ask_info(words: _Words, about: str) -> list[str]:
    fields = list(dict.fromkeys(f for f in words.request.missing_fields if f))
    parts = [_thanks(words, "ask", about)]
    parts += _asks(words, fields, "ask") or [
        words.pick("ask", "one", field=str(words.get("generic_ask")))
    ]
    parts.append(words.pick("ask", "close"))
    return parts


def _decline(words: _Words, about: str) -> list[str]:
    first = _thanks(words, "decline", about)
    body = words.pick("decline", "body")
    return [f"{first} {body}", words.pick("decline", "close")]


def _summary_lines(words: _Words, brand: str) -> list[str]:
    terms = words.request.terms
    label = words.get("labels")
    types = words.get("types")
    lines: list[str] = []
    if brand:
        lines.append(f"- {label['brand']}: {brand}")
    if terms.deliverables:
        lines.append(f"- {label['deliverables']}: {words.deliverables(terms.deliverables)}")
    covered = {d.platform for d in terms.deliverables}
    if any(p not in covered for p in terms.platforms):
        names = [_PLATFORM_NAMES.get(str(p), str(p)) for p in terms.platforms]
        lines.append(f"- {label['platforms']}: {words.join(names)}")
    budget = words.budget(terms)
    kind = terms.partnership_type
    if budget:
        suffix = f" ({types[kind.value]})" if kind else ""
        lines.append(f"- {label['budget']}: {budget}{suffix}")
    elif kind:
        lines.append(f"- {label['structure']}: {types[kind.value]}")
    deadline = words.deadline(terms)
    if deadline:
        lines.append(
            f"- {label['timeline']}: " + str(label["timeline_value"]).format(date=deadline)
        )
    usage = words.terms(_clean(terms.usage_rights, limit=80, numbers=True))
    if usage:
        lines.append(f"- {label['usage']}: {usage}")
    exclusivity = words.terms(_clean(terms.exclusivity, limit=80, numbers=True))
    if exclusivity and terms.exclusivity != "none":
        lines.append(f"- {label['exclusivity']}: {exclusivity}")
    return lines


def _continue(words: _Words, brand: str, about: str) -> list[str]:
    if words.request.follow_up:
        parts = [f"{_thanks(words, 'continue', about)} {words.pick('continue', 'follow')}"]
    else:
        parts = [_thanks(words, "continue", about)]
    summary = _summary_lines(words, brand)
    if summary:
        parts.append(words.pick("continue", "summary") + "\n" + "\n".join(summary))
    parts.append(words.pick("continue", "next"))
    parts.append(words.pick("continue", "close"))
    return parts


def _negotiate(words: _Words, about: str) -> list[str]:
    request = words.request
    terms = request.terms
    deliverables = words.deliverables(terms.deliverables)
    scope = f" ({deliverables})" if deliverables else ""
    explain = words.pick("negotiate", "explain", scope=scope)
    offer = request.counter_offer
    if offer is not None:
        ask = words.pick("negotiate", "counter", counter=words.money(offer))
    else:
        ask = words.pick("negotiate", "no_counter")
    parts = [_thanks(words, "negotiate", about), f"{explain} {ask}"]
    budget = words.budget(terms) if not terms.budget_per_unit else ""
    if offer is not None and request.alternative and budget:
        package = words.deliverables(request.alternative)
        parts.append(words.pick("negotiate", "alternative", budget=budget, package=package))
    elif (period := _shorter_period(terms)) is not None:
        what = str(words.get("negotiate", "flex_what")[period])
        parts.append(words.pick("negotiate", "flex_usage", what=what))
    else:
        parts.append(words.pick("negotiate", "flex"))
    parts.append(words.pick("negotiate", "close"))
    return parts


def _shorter_period(terms: DealTerms) -> str | None:
    """Which period a shorter one would cheapen: ``usage``, ``exclusivity``, ``both`` or None."""
    usage = (terms.usage_rights or "").lower()
    exclusivity = (terms.exclusivity or "").lower()
    paid = bool(re.search(r"paid|ads?\b|whitelist|perpetu", usage))
    exclusive = bool(exclusivity) and exclusivity != "none"
    if paid and exclusive:
        return "both"
    if paid:
        return "usage"
    return "exclusivity" if exclusive else None


def _quote(words: _Words, about: str) -> list[str]:
    request = words.request
    assert request.quote is not None
    scope = words.deliverables(request.terms.deliverables) or words.pick("quote", "package")
    rate = words.pick("quote", "rate", scope=scope, quote=words.money(request.quote))
    parts = [_thanks(words, "quote", about), rate]
    parts += _asks(words, list(dict.fromkeys(request.missing_fields)), "quote")
    parts.append(words.pick("quote", "next"))
    parts.append(words.pick("quote", "close"))
    return parts


def draft_from_templates(request: DraftRequest) -> Draft:
    """Word a reply for a decision from templates.

    Args:
        request: the decision and everything the wording may use.

    Returns:
        The reply body (greeting and paragraphs, no signature or sign-off) and the language
        it is written in.

    Raises:
        ValueError: the decision is REVIEW or IGNORE (no reply is drafted for those).
    """
    decision = request.decision
    if decision not in _DRAFTED:
        raise ValueError(f"no reply is drafted for decision {decision.value!r}")
    words = _Words(request)
    brand = _clean(request.terms.brand, limit=40)
    greeting, greeted_brand = _greeting(words, brand)
    about = "" if greeted_brand else brand  # name the brand once, not in every line
    if decision is Decision.ASK_INFO:
        parts = _ask_info(words, about)
    elif decision is Decision.DECLINE:
        parts = _decline(words, about)
    elif decision is Decision.CONTINUE:
        parts = _continue(words, brand, about)
    elif request.quote is not None and request.counter_offer is None:
        parts = _quote(words, about)
    else:
        parts = _negotiate(words, about)
    return Draft(text="\n\n".join([greeting, *parts]), language=words.lang)


_DRAFTED = frozenset({Decision.ASK_INFO, Decision.CONTINUE, Decision.NEGOTIATE, Decision.DECLINE})
