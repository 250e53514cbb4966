"""One pass over one email: classify it and extract its deal terms (the heuristic ``assess``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Final

from repflow.domain.models import Category, DealTerms, Deliverable
from repflow.engine.heuristic.brand import Parties, find_parties, same_party, sender_label
from repflow.engine.heuristic.classify import Classification, classify, features, in_deal_thread
from repflow.engine.heuristic.dates import find_deadline
from repflow.engine.heuristic.extract import (
    find_budget,
    find_deliverables,
    find_exclusivity,
    find_platforms,
    find_product_category,
    find_rate_request,
    find_rush,
    find_usage_rights,
    partnership_type,
)
from repflow.engine.heuristic.lexicon import WEBMAIL_DOMAINS
from repflow.engine.heuristic.textutil import detect_language, drop_footer_lines, strip_urls
from repflow.engine.port import Assessment, ThreadContext
from repflow.engine.reading.money import MoneyMention
from repflow.engine.signals import injection_signals, is_scam, scam_signals
from repflow.mail.language import detect_language as identify_language
from repflow.mail.models import Address, InboundEmail
from repflow.mail.trim import trim_body

log = logging.getLogger("repflow.engine.heuristic")

#: Categories whose terms are extracted and returned (a scam keeps them for the reviewer).
_WITH_TERMS: Final = frozenset({Category.SPONSORSHIP, Category.DEAL_FOLLOW_UP, Category.SCAM})
_MAX_TEXT: Final = 30_000
#: Extraction reads the first this many characters of the cleaned text (terms come early).
_EXTRACT_TEXT: Final = 12_000


@dataclass(frozen=True, slots=True)
class _Texts:
    """The parts of a message the engine reads."""

    subject: str
    #: New text plus forwarded text as the pipeline's own checks read them (signals).
    raw: str
    #: New text plus the forwarded message's own new text (its signature split off).
    body: str
    #: The same without URLs, addresses and social-link footers.
    clean: str
    #: The signature of whoever wrote the offer (the forwarded one when forwarded).
    signature: str
    #: Whoever wrote the offer.
    author: Address | None


def _texts(email: InboundEmail, thread: ThreadContext) -> _Texts:
    trimmed = thread.trimmed
    new_text = trimmed.new_text[:_MAX_TEXT]
    forwarded = trimmed.forwarded
    signature = trimmed.signature
    author = email.from_
    parts = [new_text]
    raw = new_text
    if forwarded is not None and forwarded.text.strip():
        raw = f"{new_text}\n\n{forwarded.text[:_MAX_TEXT]}"
        name = forwarded.from_.name if forwarded.from_ else None
        inner = trim_body(forwarded.text[:_MAX_TEXT], sender_name=name)
        parts.append(inner.new_text or forwarded.text[:_MAX_TEXT])
        signature = inner.signature
        author = forwarded.from_ or email.from_
    if email.attachment_text.strip():
        # A brief attached as plain text: the terms ("all conditions are in the attached file").
        brief = email.attachment_text[:_MAX_TEXT]
        parts.append(brief)
        raw = f"{raw}\n\n{brief}"
    body = "\n\n".join(part for part in parts if part.strip())
    clean = drop_footer_lines(strip_urls(body[:_EXTRACT_TEXT]))
    return _Texts(email.subject or "", raw, body, clean, signature, author)


def _base_time(email: InboundEmail, thread: ThreadContext) -> datetime:
    moment = email.date or thread.now or datetime.now(UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


#: Free-mail providers under any country domain (yahoo.com.br, hotmail.es, gmx.ch ...).
_WEBMAIL_LABELS: Final = frozenset(
    {"gmail", "googlemail", "yahoo", "ymail", "rocketmail", "hotmail", "outlook", "live", "msn",
     "aol", "icloud", "gmx", "protonmail", "yandex", "zoho", "libero", "uol", "bol", "terra",
     "rediffmail", "seznam", "naver", "hanmail"}
)  # fmt: skip


def _is_webmail(address: Address | None) -> bool:
    if address is None:
        return False
    domain = address.domain.lower()
    if domain in WEBMAIL_DOMAINS:
        return True
    labels = domain.split(".")
    # "yahoo.com.br", "hotmail.es": the provider's name right before a public suffix
    return (
        2 <= len(labels) <= 3
        and labels[0] in _WEBMAIL_LABELS
        and all(len(label) <= 3 for label in labels[1:])
    )


def _bulk(email: InboundEmail) -> bool:
    # List-Unsubscribe alone is not a mailing: outreach tools and influencer platforms add it to
    # one-to-one offers and campaign invites (as in mail/screen.py's bulk rule).
    precedence = (email.header("precedence") or "").lower()
    return bool(email.header("list-id")) or precedence in ("bulk", "list")


def assess_email(email: InboundEmail, thread: ThreadContext) -> Assessment:
    """Classify ``email`` and extract its deal terms, offline and deterministically.

    Args:
        email: The parsed message.
        thread: What is known of its thread (trimmed text, lead state, known terms, now).

    Returns:
        The assessment: category, is_offer, confidence, this message's terms with evidence,
        scam and injection signal codes, language and a one-line summary.
    """
    texts = _texts(email, thread)
    full = f"{texts.subject}\n{texts.clean}"
    if len(texts.body) > _EXTRACT_TEXT:
        full += "\n" + drop_footer_lines(strip_urls(texts.body[-2_000:]))
    # fastText's guess (176 languages) first; the stop-word guess where it has none.
    language = identify_language(f"{texts.subject}\n{texts.body}") or detect_language(
        f"{texts.subject}\n{texts.body}"
    )

    deliverables, deliverables_ev = find_deliverables(texts.clean, language)
    budget = find_budget(texts.body)
    parties = find_parties(
        text=texts.clean,
        subject=texts.subject,
        signature=texts.signature,
        sender=texts.author,
        creator_name=thread.creator.name,
    )
    named_brand = parties.brand is not None and not parties.brand_evidence.startswith(
        "sender domain"
    )
    feats = features(
        full,
        deliverables=len(deliverables),
        budget=budget is not None,
        brand=named_brand,
        webmail=_is_webmail(texts.author),
        bulk=_bulk(email),
    )
    scam = thread.scam_signals
    if scam is None:
        scam = tuple(scam_signals(email, texts.raw))
    injection = thread.injection_signals
    if injection is None:
        injection = tuple(injection_signals(email, texts.raw))
    known = thread.known_terms != DealTerms()
    result = classify(
        feats,
        deal_thread=in_deal_thread(thread.lead_state, known),
        scam=is_scam(scam),
    )

    terms = DealTerms()
    evidence: dict[str, str] = {}
    if result.category in _WITH_TERMS:
        try:
            terms, evidence = _terms(
                texts, language, deliverables, deliverables_ev, budget, parties, email, thread
            )
        except Exception:  # pragma: no cover - a bug in one extractor must not lose the email
            log.exception("heuristic extraction failed for %s", email.message_id)
    return Assessment(
        category=result.category,
        is_offer=result.is_offer,
        confidence=result.confidence,
        terms=terms,
        evidence=evidence,
        scam_signals=tuple(s.code for s in scam),
        injection_signals=tuple(s.code for s in injection),
        language=language,
        summary=summarise(result, terms, texts.author),
    )


def _terms(
    texts: _Texts,
    language: str | None,
    items: tuple[Deliverable, ...],
    deliverables_ev: str,
    mention: MoneyMention | None,
    parties: Parties,
    email: InboundEmail,
    thread: ThreadContext,
) -> tuple[DealTerms, dict[str, str]]:
    evidence: dict[str, str] = {}
    known = thread.known_terms
    if known.agency and known.brand and same_party(parties.brand, known.agency):
        # The agency of a known deal writes again and signs with its own name: that name is
        # the agency, not a new brand; the client brand stays the thread's.
        parties = Parties(None, known.agency, "", f"agency of this thread: {known.agency}")
    if parties.brand:
        evidence["brand"] = parties.brand_evidence
    if parties.agency:
        evidence["agency"] = parties.agency_evidence
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    currency: str | None = None
    per_unit: str | None = None
    if mention is not None:
        budget_min, budget_max = mention.minimum, mention.maximum
        currency, per_unit = mention.currency, mention.per_unit
        lo, hi = max(0, mention.start - 50), min(len(texts.body), mention.end + 50)
        evidence["budget"] = " ".join(texts.body[lo:hi].split())
    kind, kind_ev = partnership_type(texts.body, mention)
    if kind is not None:
        evidence["partnership_type"] = kind_ev
    if items:
        evidence["deliverables"] = deliverables_ev
    platforms = find_platforms(texts.clean, items)
    deadline, deadline_ev = find_deadline(
        texts.clean, language=language, base=_base_time(email, thread)
    )
    if deadline:
        evidence["deadline"] = deadline_ev
    usage, usage_ev = find_usage_rights(texts.clean)
    if usage:
        evidence["usage_rights"] = usage_ev
    exclusivity, exclusivity_ev = find_exclusivity(texts.clean)
    if exclusivity:
        evidence["exclusivity"] = exclusivity_ev
    rush, rush_ev = find_rush(texts.clean)
    if rush:
        evidence["rush"] = rush_ev
    rate_requested, rate_ev = find_rate_request(texts.clean)
    if rate_requested:
        evidence["rate_requested"] = rate_ev
    category, category_ev = find_product_category(
        f"{texts.subject}\n{texts.clean}", sender_label(texts.author)
    )
    if category:
        evidence["product_category"] = category_ev
    terms = DealTerms(
        brand=parties.brand,
        agency=parties.agency,
        budget_min=budget_min,
        budget_max=budget_max,
        currency=currency,
        budget_per_unit=per_unit,
        partnership_type=kind,
        deliverables=items,
        platforms=platforms,
        deadline=deadline,
        usage_rights=usage,
        exclusivity=exclusivity,
        product_category=category,
        rush=rush,
        rate_requested=rate_requested,
    )
    return terms, evidence


_LABELS: Final = {
    Category.VENDOR_PITCH: "Vendor pitch",
    Category.NEWSLETTER: "Newsletter",
    Category.PERSONAL: "Personal mail",
    Category.FAN_MAIL: "Fan mail",
    Category.OTHER: "Other",
    Category.AUTO_REPLY: "Auto-reply",
    Category.SCAM: "Likely scam",
}


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}".removesuffix(".00")


def summarise(result: Classification, terms: DealTerms, author: Address | None) -> str:
    """One line (at most 140 characters) describing the message.

    Args:
        result: The classification.
        terms: The extracted terms.
        author: Whoever wrote the offer.

    Returns:
        E.g. ``"Acme: 2 instagram_reel + 1 instagram_story, USD 3,000, flat_fee, by 2025-04-01"``.
    """
    who = terms.brand or terms.agency or (author.name or author.address if author else "") or ""
    if result.category not in (Category.SPONSORSHIP, Category.DEAL_FOLLOW_UP):
        label = _LABELS.get(result.category, result.category.value)
        line = f"{label} from {who}" if who else label
        if result.category is Category.SCAM and terms.budget_max is not None:
            line += f" promising {terms.currency or ''} {_amount(terms.budget_max)}".rstrip()
        return line[:140]
    parts: list[str] = []
    if terms.deliverables:
        parts.append(" + ".join(f"{d.quantity} {d.kind.value}" for d in terms.deliverables))
    if terms.budget_min is not None and terms.budget_max is not None:
        money = _amount(terms.budget_min)
        if terms.budget_max != terms.budget_min:
            money += f"-{_amount(terms.budget_max)}"
        if terms.currency:
            money = f"{terms.currency} {money}"
        if terms.budget_per_unit:
            money += f" per {terms.budget_per_unit}"
        parts.append(money)
    if terms.partnership_type is not None:
        parts.append(terms.partnership_type.value)
    if terms.deadline:
        parts.append(f"by {terms.deadline}")
    head = who or "Unknown brand"
    if result.category is Category.DEAL_FOLLOW_UP:
        head = f"Follow-up: {head}"
    line = f"{head}: {', '.join(parts)}" if parts else f"{head}: offer, terms not stated"
    if terms.agency and terms.brand:
        line += f" (via {terms.agency})"
    return line if len(line) <= 140 else line[:139] + "…"
