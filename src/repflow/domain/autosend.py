"""The automatic-send gate: whether a reply may go out without the creator's approval.

Pure code, independent of the engine that read the email. :func:`repflow.domain.decide.decide`
says what a reply is for and whether the creator's policy would let it go out on its own; this
gate then holds an automatic reply back as a draft unless every condition of trust holds:

* the turn is a genuine brand offer (or a reply in an established brand thread from the party
  the thread corresponds with), shown by positive evidence — a company making a promotional ask
  with compensation or a product — whose confidence (:func:`offer_evidence`) reaches the
  creator's ``auto_send_min_confidence``;
* the sender is not one of the creator's own people (``contacts``);
* no scam, injection or suspicion signal, and no failed sender authentication;
* the recipient is the sender, chosen without ambiguity.

When in doubt, draft: a held reply is never dropped, it waits for approval with its reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from repflow.domain.models import Category, DealTerms, Flag

__all__ = [
    "GATE_RISK_FLAGS",
    "Evidence",
    "GateFacts",
    "HoldReason",
    "hold_reasons",
    "offer_evidence",
]

#: Flags under which no reply goes out on its own (the decision may still draft one).
GATE_RISK_FLAGS: frozenset[str] = frozenset(
    {
        Flag.SCAM,
        Flag.PROMPT_INJECTION,
        Flag.SUSPICIOUS,
        Flag.DMARC_FAIL,
        Flag.LLM_FAILED,
        Flag.LOW_CONFIDENCE,
        Flag.UNVERIFIED_EXTRACTION,
        Flag.DRAFT_REPLACED,
    }
)

#: Categories in which a reply may go out on its own at all.
_OFFER_CATEGORIES = frozenset({Category.SPONSORSHIP, Category.DEAL_FOLLOW_UP})


class HoldReason(StrEnum):
    """Why an automatic reply was held back as a draft (shown to the creator)."""

    NOT_AN_OFFER = "not_an_offer"
    WEAK_EVIDENCE = "weak_evidence"
    CONTACT = "contact"
    RISK_FLAGS = "risk_flags"
    AUTH_FAILED = "auth_failed"
    RECIPIENT = "recipient"
    NEW_PARTY = "new_party"
    RISKY_LINK = "risky_link"
    HIDDEN_TEXT = "hidden_text"
    LANGUAGE = "language"
    RECRUITING = "recruiting"


_TEXTS: dict[HoldReason, str] = {
    HoldReason.NOT_AN_OFFER: "not a brand offer",
    HoldReason.WEAK_EVIDENCE: "too little evidence of a paid brand offer",
    HoldReason.CONTACT: "the sender is one of your contacts",
    HoldReason.RISK_FLAGS: "risk flags",
    HoldReason.AUTH_FAILED: "the sender failed authentication",
    HoldReason.RECIPIENT: "the recipient needs a look",
    HoldReason.NEW_PARTY: "a new party in this thread",
    HoldReason.RISKY_LINK: "it asks to sign in, download or run something",
    HoldReason.HIDDEN_TEXT: "it hides text from the reader",
    HoldReason.LANGUAGE: "Repflow does not write replies in this language yet",
    HoldReason.RECRUITING: "the sender is a recruiting mailbox",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """How strongly the facts show a company making a paid or gifted promotional ask.

    Attributes:
        confidence: 0..1, the weighted sum of the parts below.
        company: the sender is a company: a verified brand or agency, not a free mailbox.
        ask: deliverables (or at least platforms) are asked of the creator.
        compensation: a budget, or a stated paid, gifted, affiliate or UGC arrangement.
    """

    confidence: float
    company: float
    ask: float
    compensation: float

    def describe(self) -> str:
        """A reason line: ``offer evidence 0.95 (company 0.40, ask 0.30, pay 0.25)``."""
        return (
            f"offer evidence {self.confidence:.2f} (company {self.company:.2f}, "
            f"ask {self.ask:.2f}, pay {self.compensation:.2f})"
        )


def offer_evidence(terms: DealTerms, *, sender_is_company: bool) -> Evidence:
    """Score the positive evidence that ``terms`` are a genuine brand offer.

    Only verified terms (found in the email) should be passed in. The weights make every part
    necessary for the default threshold of 0.75: without an ask, without compensation, or from
    a free mailbox the score stays below it.

    Args:
        terms: The verified terms the thread has established.
        sender_is_company: The sender writes from a company domain (not a free mailbox).

    Returns:
        The evidence and its confidence.
    """
    named = terms.brand is not None or terms.agency is not None
    company = (0.4 if named else 0.3) if sender_is_company else (0.1 if named else 0.0)
    if terms.deliverables:
        ask = 0.3
    elif terms.platforms:
        ask = 0.2
    else:
        ask = 0.0
    if terms.budget_min is not None or terms.budget_max is not None:
        compensation = 0.3
    elif terms.partnership_type is not None:
        compensation = 0.25
    else:
        compensation = 0.0
    return Evidence(round(company + ask + compensation, 3), company, ask, compensation)


@dataclass(frozen=True, slots=True)
class GateFacts:
    """What the gate needs to know about one turn whose reply would go out on its own.

    Attributes:
        category: The turn's category after the safety checks.
        is_offer: Whether the turn is a genuine offer (scams already excluded).
        in_brand_thread: The thread is an established deal conversation (we answered before).
        sender_is_counterparty: The sender is the party the thread corresponds with (same
            address or same company domain).
        evidence: The offer evidence of the thread's verified terms.
        sender_is_contact: The sender is one of the creator's own people.
        flags: The turn's risk flags.
        auth_failed: The sender failed SPF, DKIM or DMARC.
        recipient_problem: Why the recipient is not safe for an automatic reply, if it is not.
        risky_links: Sign-in links, downloads or attachments that run something.
        hidden_text: How the HTML hides text from its reader (a prompt injection's carrier).
        language_unsupported: The email's language, when replies are not written in it.
        recruiting_sender: The sender is a recruiting mailbox (job offers, not brand deals).
    """

    category: Category
    is_offer: bool
    in_brand_thread: bool
    sender_is_counterparty: bool
    evidence: Evidence
    sender_is_contact: bool = False
    flags: frozenset[str] = frozenset()
    auth_failed: bool = False
    recipient_problem: str | None = None
    risky_links: tuple[str, ...] = ()
    hidden_text: tuple[str, ...] = ()
    language_unsupported: str | None = None
    recruiting_sender: bool = False


def hold_reasons(facts: GateFacts, min_confidence: float) -> tuple[str, ...]:
    """Why an automatic reply must wait for approval; empty when it may go out on its own.

    Args:
        facts: The turn's facts.
        min_confidence: The creator's ``auto_send_min_confidence``.

    Returns:
        Reason lines, each starting with a :class:`HoldReason` value.
    """
    reasons: list[str] = []

    def hold(reason: HoldReason, detail: str = "") -> None:
        text = _TEXTS[reason] + (f": {detail}" if detail else "")
        reasons.append(f"{reason.value}: {text}")

    if facts.sender_is_contact:
        hold(HoldReason.CONTACT)
    risky = sorted(facts.flags & GATE_RISK_FLAGS)
    if risky:
        hold(HoldReason.RISK_FLAGS, ", ".join(risky))
    if facts.auth_failed:
        hold(HoldReason.AUTH_FAILED)
    if facts.risky_links:
        hold(HoldReason.RISKY_LINK, ", ".join(facts.risky_links[:3]))
    if facts.hidden_text:
        hold(HoldReason.HIDDEN_TEXT, ", ".join(facts.hidden_text[:3]))
    if facts.recruiting_sender:
        hold(HoldReason.RECRUITING)
    if facts.language_unsupported:
        hold(HoldReason.LANGUAGE, facts.language_unsupported)
    if facts.recipient_problem:
        hold(HoldReason.RECIPIENT, facts.recipient_problem)
    if facts.category not in _OFFER_CATEGORIES or not (facts.is_offer or facts.in_brand_thread):
        hold(HoldReason.NOT_AN_OFFER, facts.category.value)
    elif facts.in_brand_thread and not facts.sender_is_counterparty:
        hold(HoldReason.NEW_PARTY)
    if facts.evidence.confidence + 1e-9 < min_confidence:
        hold(HoldReason.WEAK_EVIDENCE, facts.evidence.describe())
    return tuple(reasons)
