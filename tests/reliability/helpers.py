"""Shared pieces of the reliability tests: a creator, emails, engines and a movable clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from email.utils import format_datetime

from repflow.config import RepflowConfig
from repflow.domain.models import (
    Category,
    DealTerms,
    Deliverable,
    DeliverableKind,
    PartnershipType,
)
from repflow.domain.profile import CreatorProfile, Preferences
from repflow.engine.fake import ScriptedEngine
from repflow.engine.port import Assessment, Engine
from repflow.pipeline.dispatch import Dispatcher
from repflow.pipeline.process import Pipeline
from repflow.store.port import Store
from repflow.transport.port import MailTransport, RecordingTransport

CREATOR = CreatorProfile(
    id="maya",
    name="Maya",
    addresses=("maya@repflow.example",),
    preferences=Preferences(min_budget=Decimal(2000), signature="Maya"),
)
CONFIG = RepflowConfig(creators=(CREATOR,), own_domains=("repflow.example",))
START = datetime(2026, 11, 16, 12, tzinfo=UTC)

#: A paid offer without a budget: the desk auto-replies asking for it (a PENDING outbox row).
ASK_INFO = Assessment(
    category=Category.SPONSORSHIP,
    is_offer=True,
    confidence=0.9,
    terms=DealTerms(
        brand="Acme",
        partnership_type=PartnershipType.FLAT_FEE,
        deliverables=(Deliverable(DeliverableKind.YOUTUBE_INTEGRATION),),
        deadline="2026-12-15",
    ),
)

#: A realistic first offer the heuristic engine reads as a paid sponsorship missing its deadline
#: (the desk asks for it, on its own: a company, an ask and a fee).
OFFER_BODY = (
    "Hi Maya,\n\nI'm Jo, partnerships lead at Acme. We'd love to pay you to sponsor a "
    "dedicated YouTube integration in one of your next videos. Our budget is a $9,000 flat fee. "
    "When could it go live?\n\nBest,\nJo\nAcme Partnerships"
)


def mail(
    msgid: str,
    body: str = "Hi Maya, Acme would like to sponsor a video by 2026-12-15. What is your rate?",
    *,
    sender: str = "jo@acme.com",
    subject: str = "Sponsorship",
    headers: str = "",
    in_reply_to: str | None = None,
    date: str | datetime = "Mon, 16 Nov 2026 10:00:00 +0000",
    received: bool = False,
) -> bytes:
    """A plain-text email from a brand to the creator (``date`` may be a datetime).

    ``received`` puts SES's inbound ``Received`` stamp on top, dated ``date``: a trusted arrival
    time, as for mail that really came through our receiving server. Without it the turn time
    is when Repflow first saw the email (the ``Date`` header is the sender's word).
    """
    thread = f"In-Reply-To: {in_reply_to}\nReferences: {in_reply_to}\n" if in_reply_to else ""
    if isinstance(date, datetime):
        date = format_datetime(date)
    stamp = (
        "Received: from mx.acme.com by inbound-smtp.us-east-1.amazonaws.com with SMTP id x; "
        f"{date}\n"
        if received
        else ""
    )
    return (
        f"{stamp}From: Jo <{sender}>\nTo: maya@repflow.example\nSubject: {subject}\n"
        f"Date: {date}\nMessage-ID: {msgid}\n{thread}{headers}"
        f"Content-Type: text/plain; charset=utf-8\n\n{body}\n"
    ).encode()


@dataclass
class Clock:
    """A clock the test moves by hand (to expire claim leases)."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def scripted() -> ScriptedEngine:
    """An engine that reads every email as an offer missing its budget."""
    return ScriptedEngine(default=ASK_INFO)


def sent(dispatcher: Dispatcher) -> list[EmailMessage]:
    """What the dispatcher's recording transport accepted (duplicates included)."""
    transport = dispatcher.transport
    assert isinstance(transport, RecordingTransport)
    return transport.sent


def make(
    store: Store,
    engine: Engine | None = None,
    transport: MailTransport | None = None,
    clock: Clock | None = None,
) -> tuple[Pipeline, Dispatcher]:
    """A pipeline and a dispatcher over ``store``."""
    pipeline = Pipeline(
        store=store, engine=engine or scripted(), config=CONFIG, clock=clock or Clock()
    )
    dispatcher = Dispatcher(store=store, transport=transport or RecordingTransport())
    return pipeline, dispatcher
