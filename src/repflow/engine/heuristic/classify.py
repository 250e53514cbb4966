r"""Classification of the heuristic engine: weighted cues -> category, is_offer, confidence.

Scoring, in short:

* every cue table of :mod:`.lexicon` gives a score (each pattern counts once, so a long email
  does not win by repetition);
* cues are read on the text with its hard-wrapped lines joined (plain-text mail breaks
  "promote\nyour account" over two lines);
* a sponsorship score adds intent ("partner with you"), payment to the creator ("budget", "your
  rates", "we pay"), deliverables, a named brand and a budget; a vendor score adds selling to
  the creator ("our packages start at $99/month", "grow your channel", "we dub your videos").
  Who pays whom decides between the two when both speak of "collaboration": the seller's own
  prices (:mod:`repflow.engine.reading.money` kind ``price``: "from $150 per video", "ab 0,90 € pro
  Minute", "we charge") are vendor evidence, and the sentences they sit in do not count as pay
  to the creator. Vendor evidence without pay to the creator damps the sponsorship score in
  proportion to its strength, so a pitch dressed as a "collab" loses, and a real offer that
  mentions a free trial for the audience does not;
* an invitation to speak or teach (a guest lecture with an honorarium) is OTHER unless content
  is asked for;
* an offer is about content: without a platform, an audience, a deliverable or creator-deal
  vocabulary, budget and collaboration words are business mail (OTHER), unless the offer is
  spelled out in full ("we'd love to partner with you, we can offer $1,500": an offer whose
  confidence stays at 0.5, so a person looks);
* in a known deal thread anything that is not an auto-reply, a newsletter or a scam is a
  DEAL_FOLLOW_UP;
* confidence grows with the margin over the runner-up; for a sponsorship it is also capped by
  how complete the offer is (intent, pay, deliverables, brand, budget): strong cues give 0.8+,
  a lone "open to a collab?" stays near 0.5.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from repflow.domain.models import Category
from repflow.domain.states import LeadState
from repflow.engine.heuristic import lexicon as lx
from repflow.engine.heuristic.lexicon import Cue
from repflow.engine.heuristic.textutil import unwrap
from repflow.engine.reading.money import find_money

#: Lead states of a live (or revivable) deal conversation.
DEAL_STATES: Final = frozenset(
    {
        LeadState.NEW,
        LeadState.INFO_GATHERING,
        LeadState.QUALIFIED,
        LeadState.NEGOTIATING,
        LeadState.DEAL_CREATED,
        LeadState.NEEDS_REVIEW,
        LeadState.DECLINED,
    }
)


#: How much of a long message the cue tables read: its head and its tail.
_HEAD: Final = 8_000
_TAIL: Final = 2_000


@dataclass(frozen=True, slots=True)
class Features:
    """Scored evidence about one message."""

    intent: float = 0.0
    pay: float = 0.0
    no_pay: float = 0.0
    vendor: float = 0.0
    newsletter: float = 0.0
    personal: float = 0.0
    fan: float = 0.0
    other: float = 0.0
    auto_reply: float = 0.0
    deal_talk: float = 0.0
    casual: float = 0.0
    appearance: float = 0.0
    #: What an unpaid request offers instead of a fee (exposure, a shout-out back, fun).
    exposure: float = 0.0
    #: A job posting: employment words, and an employee's salary.
    job: float = 0.0
    #: Payment in kind (a product sent as the payment).
    gift: float = 0.0
    #: A commission on sales (an affiliate offer).
    commission: float = 0.0
    #: Platforms, audience and creator-deal words: the message is about a creator's content.
    creator: float = 0.0
    #: Amounts the creator would pay (a seller's prices).
    prices: int = 0
    deliverables: int = 0
    budget: bool = False
    brand: bool = False
    webmail: bool = False
    bulk: bool = False
    words: int = 0
    hits: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Classification:
    """A category with its confidence and the scores behind it."""

    category: Category
    is_offer: bool
    confidence: float
    scores: Mapping[Category, float] = field(default_factory=dict)


def score(
    text: str, cues: tuple[Cue, ...], unwrapped: str | None = None
) -> tuple[float, list[str]]:
    """The summed weight of the cues found in ``text`` (each pattern counted once).

    Args:
        text: The text to scan.
        cues: Weighted patterns.
        unwrapped: The same text with hard-wrapped lines joined, searched instead when given.

    Returns:
        The score and the matched snippets.
    """
    total = 0.0
    hits: list[str] = []
    for pattern, weight in cues:
        # The unwrapped text: lookaheads ("we represent" not followed by "40+ creators")
        # must see the words that follow, not a line break.
        m = pattern.search(text if unwrapped is None else unwrapped)
        if m is not None:
            total += weight
            hits.append(m.group())
    return total, hits


_SENTENCE_BREAK: Final = re.compile(r"[.!?;。！？]\s|\n\s*\n|\n\s*(?:[-*•·]|\d+[.)])\s")


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or list item) around ``text[start:end]``."""
    lo = max(0, start - 300)
    for brk in _SENTENCE_BREAK.finditer(text, lo, start):
        lo = brk.end()
    stop = _SENTENCE_BREAK.search(text, end)
    return lo, (stop.start() + 1 if stop else len(text))


def seller_prices(text: str) -> tuple[int, str]:
    """How many of the amounts in ``text`` are a seller's prices, and ``text`` without them.

    The sentences that state only such prices are blanked out of the returned text: "I edit
    videos from $150 per video" says nothing about paying the creator.

    Args:
        text: The message text.

    Returns:
        The number of price amounts and the text left for pay cues.
    """
    mentions = find_money(text)
    prices = [m for m in mentions if m.kind == "price"]
    if not prices:
        return 0, text
    budgets = [m for m in mentions if m.kind == "budget"]
    spans: list[tuple[int, int]] = []
    for price in prices:
        lo, hi = _sentence_span(text, price.start, price.end)
        if not any(lo <= b.start < hi for b in budgets):
            spans.append((lo, hi))
    for lo, hi in sorted(spans, reverse=True):
        text = text[:lo] + " " * (hi - lo) + text[hi:]
    return len(prices), text


def features(
    text: str,
    *,
    deliverables: int,
    budget: bool,
    brand: bool,
    webmail: bool,
    bulk: bool,
) -> Features:
    """Score ``text`` (subject + new text + forwarded text) against every cue table.

    Args:
        text: The message text.
        deliverables: How many deliverable kinds were found.
        budget: Whether a budget was found.
        brand: Whether the text or signature names a brand.
        webmail: Whether the sender writes from a free webmail domain.
        bulk: Whether list / bulk headers are present.

    Returns:
        The features.
    """
    if len(text) > _HEAD + _TAIL:
        # Offers state themselves early; list footers ("unsubscribe") sit at the end.
        text = f"{text[:_HEAD]}\n{text[-_TAIL:]}"
    prices, pay_text = seller_prices(text)
    tables: dict[str, tuple[Cue, ...]] = {
        "intent": lx.SPONSOR_INTENT,
        "pay": lx.PAY_TO_CREATOR,
        "no_pay": lx.NO_PAY,
        "vendor": lx.VENDOR,
        "newsletter": lx.NEWSLETTER,
        "personal": lx.PERSONAL,
        "fan": lx.FAN,
        "other": lx.OTHER,
        "auto_reply": lx.AUTO_REPLY,
        "deal_talk": lx.DEAL_TALK,
        "casual": lx.CASUAL,
        "appearance": lx.APPEARANCE,
        "exposure": lx.EXPOSURE,
        "job": lx.JOB,
        "gift": lx.GIFT,
        "commission": lx.COMMISSION,
        "creator": lx.CREATOR_CONTEXT,
    }
    unwrapped = unwrap(text)
    pay_unwrapped = unwrapped if pay_text is text else unwrap(pay_text)
    values: dict[str, float] = {}
    hits: list[str] = []
    for name, cues in tables.items():
        if name in ("pay", "deal_talk"):
            values[name], found = score(pay_text, cues, pay_unwrapped)
        else:
            values[name], found = score(text, cues, unwrapped)
        hits.extend(f"{name}:{h}" for h in found[:4])
    if prices:
        hits.append(f"prices:{prices}")
    return Features(
        **values,
        prices=prices,
        deliverables=deliverables,
        budget=budget,
        brand=brand,
        webmail=webmail,
        bulk=bulk,
        words=len(text.split()),
        hits=tuple(hits),
    )


def in_deal_thread(lead_state: LeadState | None, has_known_terms: bool) -> bool:
    """Whether the thread is a known deal conversation."""
    if lead_state is not None:
        return lead_state in DEAL_STATES
    return has_known_terms


def _offer_evidence(f: Features) -> bool:
    """Whether a weak sponsorship score rests on more than one generic word ("campaign")."""
    return f.intent >= 2.0 or compensation(f) > 0 or f.deliverables > 0 or f.budget


def _not_an_offer(
    ranked: list[tuple[Category, float]], scores: dict[Category, float]
) -> Classification:
    """The runner-up category when sponsorship led on words that do not make an offer."""
    runner_up, value = ranked[1]
    if value >= 2.0:
        return Classification(runner_up, False, 0.5, scores)
    return Classification(Category.OTHER, False, 0.5, scores)


def _margin_confidence(top: float, second: float) -> float:
    return 0.5 + 0.45 * math.tanh((top - second) / 4.0)


def compensation(f: Features) -> float:
    """What the sender offers the creator: pay words net of refusals to pay, a gift or a commission.

    A gift or affiliate offer often says there is no fee ("no budget, but we'd love to send you
    a chair", "no fixed fee, 12% commission on each sale"): the refusal cancels the pay words,
    not the product sent as the payment nor the commission.
    """
    return max(max(0.0, min(f.pay, 8.0) - f.no_pay), min(f.gift, 2.0), min(f.commission, 2.0))


def _sponsor_strength(f: Features, pay: float) -> float:
    strength = 0.42
    strength += 0.10 if f.intent >= 1.5 else 0.0
    strength += 0.16 if pay >= 2.0 else (0.06 if pay > 0 else 0.0)
    strength += 0.12 if f.deliverables else 0.0
    strength += 0.12 if f.brand else 0.0
    strength += 0.05 if f.budget else 0.0
    return min(strength, 0.96)


def offer_score(f: Features) -> float:
    """The sponsorship score before any damping by vendor, newsletter or appearance cues."""
    pay = compensation(f)
    sponsor = min(f.intent, 8.0) + pay + 1.5 * min(f.deliverables, 2)
    sponsor += (1.0 if f.brand else 0.0) + (1.5 if f.budget else 0.0)
    if f.intent + pay < 1.5 and not _terms_offer(f):
        # A budget, a brand or a deliverable word alone is not an offer ("your payout of $12").
        sponsor = min(sponsor, 1.0)
    return sponsor


def _terms_offer(f: Features) -> bool:
    """Whether the terms themselves make an offer, whatever words surround them.

    An amount to pay (the money reader's budget, not a seller's price) for content deliverables,
    from a company's mailbox (not a free one), is an offer in any language, even with no offer
    or pay word the cue tables know ("Reel 1 — 900 €", "1本あたり5万円"): the same evidence the
    send gate asks for.
    """
    return f.budget and f.deliverables > 0 and not f.prices and not f.webmail


def category_scores(f: Features) -> dict[Category, float]:
    """The score of each category for these features (higher is likelier)."""
    pay = compensation(f)
    sponsor = offer_score(f)
    vendor = min(f.vendor + 2.0 * min(f.prices, 2), 14.0)
    if vendor >= 2.5 and pay < 2.5:
        # "We'd love to collaborate" from someone whose prices are the only money in sight:
        # the more that is sold to the creator, the less the collaboration words count.
        sponsor *= max(0.35, 1.0 - vendor / 10.0)
    if vendor >= 2.5 and sponsor > 0:
        vendor += 0.5 * min(f.intent, 3.0)  # collaboration talk in a sales pitch
    if f.appearance >= 2.5 and not f.deliverables:
        # A talk, a lecture, a jury seat: paid or not, it is not content for a brand.
        sponsor *= 0.35
    if f.other >= 2.5 and pay == 0 and not f.deliverables:
        # Admin mail (taxes, support, invoices) that names sponsors or partners in passing: no
        # pay to the creator and no content asked for, so those words are not an offer.
        sponsor *= 0.35
    unpaid_request = f.no_pay >= 2.5 and f.exposure > 0 and pay == 0
    if unpaid_request:
        # "We can't pay, but you'd get exposure": content asked for, nothing paid or given.
        sponsor *= 0.35
    if f.job >= 5.0:
        # A job posting with a salary: employment, not a brand paying for content.
        sponsor *= 0.3
    newsletter = f.newsletter + (3.0 if f.bulk else 0.0)
    if newsletter >= 5.0 or (newsletter >= 3.0 and pay == 0 and not f.deliverables):
        # An industry newsletter talks about sponsorships without offering one; a mailing
        # that pays nobody and asks for no content is not an offer either.
        sponsor *= 0.6
    business = f.intent + f.pay + f.vendor + f.deal_talk + f.other
    personal = f.personal + f.casual
    if f.webmail and business < 1.5:
        personal += 1.0
    fan = f.fan
    if f.fan and f.webmail:
        fan += 0.5
    other = f.other + f.appearance + (f.job if f.job >= 5.0 else 0.5 * f.job)
    if unpaid_request:
        other += f.exposure
    if f.no_pay and other:
        other += 0.5 * f.no_pay
    return {
        Category.SPONSORSHIP: sponsor,
        Category.VENDOR_PITCH: vendor,
        Category.NEWSLETTER: newsletter,
        Category.PERSONAL: personal,
        Category.FAN_MAIL: fan,
        Category.OTHER: other,
        Category.AUTO_REPLY: f.auto_reply,
    }


def classify(
    f: Features,
    *,
    deal_thread: bool = False,
    scam: bool = False,
) -> Classification:
    """The category of a message from its features.

    Args:
        f: The scored features.
        deal_thread: Whether the message belongs to a known deal thread.
        scam: Whether the deterministic scam signals reached a verdict.

    Returns:
        The classification.
    """
    scores = category_scores(f)
    if scam:
        return Classification(Category.SCAM, False, 0.85, scores)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    top_cat, top = ranked[0]
    second = ranked[1][1]

    if f.auto_reply >= 3.0 and (
        f.auto_reply >= top - 1.0 or (not f.deliverables and not f.budget and f.words < 80)
    ):
        return Classification(Category.AUTO_REPLY, False, 0.8, scores)
    if deal_thread and not (top_cat is Category.NEWSLETTER and top >= 5.0):
        talk = f.deal_talk + min(f.pay, 4.0) + (2.0 if f.budget else 0.0) + f.deliverables
        confidence = min(0.95, 0.65 + 0.06 * talk)
        return Classification(Category.DEAL_FOLLOW_UP, True, round(confidence, 3), scores)

    sponsor = scores[Category.SPONSORSHIP]
    pay = compensation(f)
    # An offer is about content: a platform, an audience, a deliverable or creator-deal words.
    # Budget and collaboration words without any of them are business mail ("the budget for
    # the Q3 campaign is $20k"), unless the offer is spelled out in full ("we'd love to partner
    # with you, we can offer $1,500"), and then a person decides.
    # A commission on sales through the creator's link is about their audience too.
    about_content = bool(f.creator or f.deliverables or f.commission)
    if top_cat is Category.SPONSORSHIP and top >= 3.0:
        if about_content or (f.intent >= 2.5 and pay >= 2.5):
            confidence = min(_sponsor_strength(f, pay), _margin_confidence(top, second))
            if second >= top * 0.75:
                confidence = min(confidence, 0.6)
            if scores[Category.VENDOR_PITCH] >= top * 0.6 and pay < 2.5:
                # Offer or sales pitch, and no money clearly going to the creator: unsure, so
                # a person decides rather than a reply going out.
                confidence = min(confidence, 0.5)
            if not about_content:
                confidence = min(confidence, 0.5)
            return Classification(Category.SPONSORSHIP, True, round(confidence, 3), scores)
        return _not_an_offer(ranked, scores)

    if (
        top_cat is Category.VENDOR_PITCH
        and about_content
        and pay >= 1.0
        and not f.prices
        and f.vendor <= 5.0
        and offer_score(f) >= top
        and f.appearance < 2.5
    ):
        # As much offer as sales pitch ("we'd sponsor a video, and we can grow your channel"):
        # unsure, so an offer at low confidence that a person reviews, not a flip to vendor.
        return Classification(Category.SPONSORSHIP, True, 0.5, scores)

    if top < 2.0:
        # Little evidence either way.
        if f.webmail and f.words <= 150 and f.deal_talk < 1.5 and sponsor < 2.0:
            return Classification(Category.PERSONAL, False, 0.5, scores)
        if sponsor >= 1.5 and f.intent + f.pay >= 1.5 and _offer_evidence(f) and about_content:
            return Classification(Category.SPONSORSHIP, True, 0.45, scores)
        return Classification(Category.OTHER, False, 0.45, scores)

    if top_cat is Category.SPONSORSHIP:
        # A weak sponsorship score that still leads: ambiguous.
        if _offer_evidence(f) and about_content:
            return Classification(Category.SPONSORSHIP, True, 0.5, scores)
        # One generic word ("campaign", "on behalf of") is not an offer.
        return _not_an_offer(ranked, scores)
    confidence = _margin_confidence(top, second)
    if top < 3.0:
        confidence = min(confidence, 0.62)
    return Classification(top_cat, False, round(confidence, 3), scores)
