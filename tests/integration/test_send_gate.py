"""The automatic-send gate through the whole pipeline, on every store backend.

Each case is a reply the creator's ``assist`` policy would have sent on its own before the gate
(a paid offer missing its deadline: "could you share your timeline?"), sent by somebody Repflow
must not answer unasked. The gate turns it into a draft that names why; nothing goes out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from repflow.config import RepflowConfig
from repflow.domain.models import (
    Category,
    DealTerms,
    Deliverable,
    DeliverableKind,
    Flag,
    PartnershipType,
    ReplyPolicy,
)
from repflow.domain.profile import CreatorProfile, Preferences
from repflow.engine.fake import ScriptedEngine
from repflow.engine.port import Assessment
from repflow.pipeline.dispatch import Dispatcher
from repflow.pipeline.process import Pipeline
from repflow.store.port import OutboxStatus, Store
from repflow.transport.port import RecordingTransport

CREATOR = CreatorProfile(
    id="nadia",
    name="Nadia",
    addresses=("nadia@repflow.example",),
    contacts=("dana@northstar-talent.example", "@okafor-books.example"),
    preferences=Preferences(min_budget=Decimal(1000)),
)
CONFIG = RepflowConfig(creators=(CREATOR,), own_domains=("repflow.example",))
#: A paid offer missing its deadline: under ``assist`` the desk asks for it on its own.
PAID = Assessment(
    category=Category.SPONSORSHIP,
    is_offer=True,
    confidence=0.9,
    terms=DealTerms(
        brand="Acme",
        budget_min=Decimal(3000),
        budget_max=Decimal(3000),
        currency="USD",
        partnership_type=PartnershipType.FLAT_FEE,
        deliverables=(Deliverable(DeliverableKind.YOUTUBE_INTEGRATION),),
    ),
)
BODY = "Hi Nadia, Acme would pay $3,000 for one YouTube integration. Interested?"


def mail(sender: str, *, headers: str = "", body: str = BODY, msgid: str = "<g1@x>") -> bytes:
    return (
        f"From: {sender}\nTo: nadia@repflow.example\nSubject: Paid partnership\n"
        f"Date: Mon, 16 Nov 2026 10:00:00 +0000\nMessage-ID: {msgid}\n{headers}"
        f"Content-Type: text/plain; charset=utf-8\n\n{body}\n"
    ).encode()


@pytest.fixture
async def store(backend) -> Store:  # type: ignore[no-untyped-def]
    await backend.store.upsert_creator(CREATOR)
    return backend.store


def make(store: Store, assessment: Assessment = PAID) -> tuple[Pipeline, Dispatcher]:
    pipeline = Pipeline(
        store=store,
        engine=ScriptedEngine(default=assessment),
        config=CONFIG,
        clock=lambda: datetime(2026, 11, 16, 12, tzinfo=UTC),
    )
    return pipeline, Dispatcher(store=store, transport=RecordingTransport())


async def test_a_genuine_paid_offer_is_still_answered_on_its_own(store: Store) -> None:
    pipeline, dispatcher = make(store)
    result = await pipeline.process(mail("Jo <jo@acme.com>"))
    assert result.reply is not None
    assert result.reply.mode == "auto"
    assert result.held == []
    assert any(reason.startswith("sent on its own: offer evidence") for reason in result.reasons)
    assert len((await dispatcher.run()).sent) == 1


@pytest.mark.parametrize(
    ("sender", "headers", "body", "held"),
    [
        # The creator's own people: an address, and a whole domain.
        ("Dana <dana@northstar-talent.example>", "", BODY, "contact"),
        ("Books <office@okafor-books.example>", "", BODY, "contact"),
        # Failed sender authentication at our receiving server.
        (
            "Jo <jo@acme.com>",
            "Authentication-Results: mx.repflow.example; spf=fail; dkim=fail; dmarc=fail\n",
            BODY,
            "auth_failed",
        ),
        # A Reply-To outside the sender's organisation.
        ("Jo <jo@acme.com>", "Reply-To: billing@acme-payments.xyz\n", BODY, "recipient"),
        # Two senders.
        ("jo@acme.com, mo@acme.com", "", BODY, "recipient"),
        # A free mailbox: a brand name on it proves nothing.
        ("Acme Partnerships <acme.partners@gmail.com>", "", BODY, "weak_evidence"),
        # Asks to sign in or download.
        (
            "Jo <jo@acme.com>",
            "",
            BODY + "\nConfirm with your Instagram login: https://acme-collab.example/login",
            "risky_link",
        ),
    ],
)
async def test_the_gate_holds_the_reply_as_a_draft(
    store: Store, sender: str, headers: str, body: str, held: str
) -> None:
    pipeline, dispatcher = make(store)
    result = await pipeline.process(mail(sender, headers=headers, body=body))
    if held == "contact" and result.reply is None:
        # Mail from contacts is not a lead at all unless it forwards an offer.
        assert result.lead_state is None
        assert not result.is_sponsorship_offer
    else:
        assert result.reply is not None
        assert result.reply.mode == "draft"
        assert Flag.HELD_FOR_APPROVAL.value in result.flags
        assert any(reason.startswith(held) for reason in result.held), result.held
    assert (await dispatcher.run()).sent == ()
    assert dispatcher.transport.sent == []


async def test_a_draft_to_a_foreign_reply_to_names_both_addresses(store: Store) -> None:
    pipeline, _ = make(store)
    result = await pipeline.process(
        mail("Jo <jo@acme.com>", headers="Reply-To: billing@acme-payments.xyz\n")
    )
    assert result.reply is not None
    assert result.reply.to == "jo@acme.com"  # the sender, never the foreign Reply-To
    assert any(
        "billing@acme-payments.xyz" in reason and "jo@acme.com" in reason
        for reason in result.reasons
    )


async def test_mail_from_a_contact_is_not_a_lead(store: Store) -> None:
    pipeline, dispatcher = make(store)
    result = await pipeline.process(mail("Dana <dana@northstar-talent.example>"))
    assert result.reply is None
    assert result.lead_state is None
    assert not result.is_sponsorship_offer
    assert (await dispatcher.run()).sent == ()


async def test_an_offer_a_contact_forwards_becomes_a_draft(store: Store) -> None:
    forwarded = (
        "Nadia, this came to me, looks solid.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Jo <jo@acme.com>\nDate: Mon, 16 Nov 2026 09:00\nSubject: Paid partnership\n"
        "To: dana@northstar-talent.example\n\n" + BODY
    )
    pipeline, dispatcher = make(store)
    result = await pipeline.process(mail("Dana <dana@northstar-talent.example>", body=forwarded))
    assert result.is_sponsorship_offer
    assert result.reply is not None
    assert result.reply.mode == "draft"
    assert any(reason.startswith("contact") for reason in result.held)
    assert (await dispatcher.run()).sent == ()


async def test_autopilot_is_gated_too(store: Store) -> None:
    autopilot = CREATOR.model_copy(
        update={
            "preferences": CREATOR.preferences.model_copy(
                update={"reply_policy": ReplyPolicy.AUTOPILOT}
            )
        }
    )
    await store.upsert_creator(autopilot)
    pipeline, dispatcher = make(store)
    result = await pipeline.process(mail("Acme <acme.partners@gmail.com>"))
    assert result.reply is not None
    assert result.reply.mode == "draft"
    assert (await dispatcher.run()).sent == ()
    state = await store.load_thread("nadia", result.thread_id or "")
    assert [item.status for item in state.outbox] == [OutboxStatus.DRAFT]


async def test_contacts_round_trip_through_the_store(store: Store) -> None:
    stored = await store.get_creator("nadia")
    assert stored is not None
    assert stored.contacts == ("dana@northstar-talent.example", "@okafor-books.example")
