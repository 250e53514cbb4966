"""The engine port: what the pipeline asks of any engine, heuristic or model-backed.

``assess`` classifies AND extracts in one call; ``draft`` only words a decision already made in
code. Neither picks recipients nor sends anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from repflow.domain.models import Category, DealTerms, Decision, Deliverable
from repflow.domain.money import Money
from repflow.domain.profile import CreatorProfile
from repflow.domain.states import LeadState
from repflow.engine.signals import Signal
from repflow.mail.models import InboundEmail, TrimmedText


@dataclass(frozen=True, slots=True)
class ThreadContext:
    """What the engine may know about the thread an email belongs to (compact, not the history)."""

    thread_id: str
    creator: CreatorProfile
    trimmed: TrimmedText
    known_terms: DealTerms = field(default_factory=DealTerms)
    lead_state: LeadState | None = None
    asked_fields: tuple[str, ...] = ()
    #: Short summaries of earlier turns, newest last ("brand: ...", "creator: ...").
    history: tuple[str, ...] = ()
    #: Text of earlier inbound messages of the thread: extracted values may be found there too.
    thread_text: str = ""
    now: datetime | None = None
    #: The deterministic risk signals the pipeline already computed for this email (None: not
    #: computed), so an engine that uses them does not compute them twice.
    scam_signals: tuple[Signal, ...] | None = None
    injection_signals: tuple[Signal, ...] | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """One engine reading of one email: classification, terms and risk signals."""

    category: Category
    is_offer: bool
    confidence: float
    terms: DealTerms = field(default_factory=DealTerms)
    #: Field name -> the snippet of the email it was read from.
    evidence: Mapping[str, str] = field(default_factory=dict)
    scam_signals: tuple[str, ...] = ()
    injection_signals: tuple[str, ...] = ()
    language: str | None = None
    summary: str = ""
    #: Flags the engine itself raises (``llm_failed``, ``unverified_extraction``).
    flags: tuple[str, ...] = ()
    llm_calls: int = 0
    tokens: int = 0
    #: Why the model gave no usable answer (``"code: text"``, no mail content); None when fine.
    llm_error: str | None = None
    #: When this email's model budget ends (``time.monotonic()``): the reply's draft shares it.
    #: None for engines without a budget.
    budget_end: float | None = None


@dataclass(frozen=True, slots=True)
class DraftRequest:
    """Everything a reply's wording may draw on. Numbers come from here, never from the model."""

    decision: Decision
    thread_id: str
    subject: str
    terms: DealTerms
    creator_name: str
    counterparty_name: str = ""
    missing_fields: tuple[str, ...] = ()
    counter_offer: Money | None = None
    language: str | None = None
    #: Stable seed so that template choice varies by case but is repeatable.
    variant_seed: str = ""
    #: Under NEGOTIATE, the price of the requested package answering "what's your rate?"
    #: (the one amount, besides the brand's own budget, the reply may state).
    quote: Money | None = None
    #: Under NEGOTIATE with a counter: what the brand's budget buys instead (a smaller part of
    #: the same deliverables; empty when nothing can be dropped).
    alternative: tuple[Deliverable, ...] = ()
    #: The thread already has our reply: the reply follows up instead of greeting a newcomer.
    follow_up: bool = False
    #: Fields an earlier reply asked for that the brand has now answered.
    answered_fields: tuple[str, ...] = ()
    #: The assessment this reply answers, passed explicitly from ``assess`` to ``draft``: an
    #: LLM engine drafts with the template when its model failed the assessment, and within
    #: the email's remaining budget (:attr:`Assessment.budget_end`).
    assessment: Assessment | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """The wording of a reply body, without greeting-line signature (the composer adds it)."""

    text: str
    llm_calls: int = 0
    tokens: int = 0
    #: The language the text is written in (ISO 639-1); None: the request's language.
    language: str | None = None
    #: Why the model's draft was not used (``"code: text"``, no mail content); None when fine.
    llm_error: str | None = None


class Engine(Protocol):
    """Reads emails and words replies."""

    name: str

    async def assess(self, email: InboundEmail, thread: ThreadContext) -> Assessment:
        """Classify the email and extract its deal terms and risk signals in one call."""
        ...

    async def draft(self, request: DraftRequest) -> Draft:
        """Word a reply for a decision already made."""
        ...
