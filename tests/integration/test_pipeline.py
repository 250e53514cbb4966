"""Pipeline paths on every store backend, with a scripted engine and a recording transport."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from repflow.config import RepflowConfig
from repflow.domain.models import (
    Category,
    DealTerms,
    Deliverable,
    DeliverableKind,
    Direction,
    PartnershipType,
    ReplyPolicy,
)
from repflow.domain.profile import CreatorProfile, Preferences
from repflow.engine.exceptions import EngineUnavailable
from repflow.engine.fake import ScriptedEngine
from repflow.engine.heuristic import HeuristicEngine
from repflow.engine.port import Assessment, Draft, DraftRequest
from repflow.engine.templates import draft_from_templates
from repflow.mail.compose import body_with_signature
from repflow.mail.parse import parse_email
from repflow.pipeline.delivery import claim_key
from repflow.pipeline.dispatch import Dispatcher
from repflow.pipeline.process import Pipeline
from repflow.store.port import ClaimStatus, OutboxStatus
from repflow.transport.exceptions import SendError
from repflow.transport.port import RecordingTransport

CREATOR = CreatorProfile(
    id="maya",
    name="Maya",
    addresses=("maya@repflow.example",),
    preferences=Preferences(min_budget=Decimal(2000), signature="Maya\nyoutube.com/@maya"),
)
CONFIG = RepflowConfig(creators=(CREATOR,), own_domains=("repflow.example",))

FULL = DealTerms(
    brand="Acme",
    budget_min=Decimal(3000),
    budget_max=Decimal(3000),
    currency="USD",
    partnership_type=PartnershipType.FLAT_FEE,
    deliverables=(Deliverable(DeliverableKind.YOUTUBE_INTEGRATION),),
    deadline="2026-12-15",
)


#: A paid offer that still misses its budget and deadline: the reply asks for them, on its own
#: under ``assist`` (a company, an ask and a paid arrangement: enough evidence to send).
ASKING = DealTerms(
    brand="Acme",
    partnership_type=PartnershipType.FLAT_FEE,
    deliverables=FULL.deliverables,
)


def offer(terms: DealTerms = FULL, **kw) -> Assessment:
    return Assessment(
        category=Category.SPONSORSHIP, is_offer=True, confidence=0.9, terms=terms, **kw
    )


def mail(
    msgid: str,
    body: str = "Hi Maya, Acme would like to sponsor a video. Budget $3,000 by 2026-12-15.",
    *,
    sender: str = "jo@acme.com",
    subject: str = "Sponsorship",
    headers: str = "",
    in_reply_to: str | None = None,
) -> bytes:
    thread = f"In-Reply-To: {in_reply_to}\nReferences: {in_reply_to}\n" if in_reply_to else ""
    return (
        f"From: Jo <{sender}>\nTo: maya@repflow.example\nSubject: {subject}\n"
        f"Date: Mon, 16 Nov 2026 10:00:00 +0000\nMessage-ID: {msgid}\n{thread}{headers}"
        f"Content-Type: text/plain; charset=utf-8\n\n{body}\n"
    ).encode()


@pytest.fixture
async def store(backend):
    await backend.store.upsert_creator(CREATOR)
    return backend.store


def make(store, engine, transport=None):
    pipeline = Pipeline(
        store=store,
        engine=engine,
        config=CONFIG,
        clock=lambda: datetime(2026, 11, 16, 12, tzinfo=UTC),
    )
    dispatcher = Dispatcher(store=store, transport=transport or RecordingTransport())
    return pipeline, dispatcher


async def test_new_offer_missing_budget_asks_for_it(store):
    engine = ScriptedEngine(
        script={
            "<o1@acme.com>": offer(
                DealTerms(
                    brand="Acme",
                    partnership_type=PartnershipType.FLAT_FEE,
                    deliverables=FULL.deliverables,
                    deadline="2026-12-15",
                )
            )
        }
    )
    pipeline, dispatcher = make(store, engine)
    result = await pipeline.process(mail("<o1@acme.com>"))
    assert result.decision == "ask_info"
    assert result.lead_state == "info_gathering"
    assert result.reply is not None
    assert result.reply.mode == "auto"
    assert result.reply.to == "jo@acme.com"
    assert engine.drafted[0].missing_fields == ("budget",)
    report = await dispatcher.run()
    assert len(report.sent) == 1
    sent = dispatcher.transport.sent[0]
    assert sent["To"] == "jo@acme.com"
    assert sent["In-Reply-To"] == "<o1@acme.com>"
    assert sent["Auto-Submitted"] == "auto-replied"


async def test_already_processed_has_no_side_effects(store):
    engine = ScriptedEngine(script={"<o2@acme.com>": offer(ASKING)})
    pipeline, dispatcher = make(store, engine)
    first = await pipeline.process(mail("<o2@acme.com>"))
    await dispatcher.run()
    second = await pipeline.process(mail("<o2@acme.com>"))
    await dispatcher.run()
    assert not first.duplicate
    assert second.duplicate
    assert second.decision == first.decision
    assert len(dispatcher.transport.sent) == 1
    assert engine.assessed == ["<o2@acme.com>"]  # the replay never reached the engine


@pytest.mark.parametrize(
    ("sender", "headers", "reason"),
    [
        ("noreply@acme.com", "", "no_reply"),
        ("jo@acme.com", "Auto-Submitted: auto-replied\n", "auto_reply"),
        ("blocked@spam.example", "", "blocked"),
    ],
)
async def test_screened_mail_is_stored_not_answered(store, sender, headers, reason):
    await store.block("maya", "spam.example")
    engine = ScriptedEngine(default=offer())
    pipeline, dispatcher = make(store, engine)
    result = await pipeline.process(mail("<s1@x>", sender=sender, headers=headers))
    assert result.screened == reason
    assert result.reply is None
    assert engine.assessed == []  # no engine call for screened mail
    assert (
        await store.claim(
            claim_key(parse_email(mail("<s1@x>", sender=sender, headers=headers))),
            now=datetime(2026, 11, 16, tzinfo=UTC),
            lease=timedelta(minutes=5),
        )
        is ClaimStatus.DONE
    )
    state = await store.load_thread("maya", result.thread_id)
    assert [m.screen_reason for m in state.messages] == [reason]
    assert (await dispatcher.run()).sent == ()


async def test_qualified_offer_creates_deal_and_drafts(store):
    pipeline, dispatcher = make(store, ScriptedEngine(default=offer()))
    result = await pipeline.process(mail("<q1@acme.com>"))
    assert result.decision == "continue"
    assert result.lead_state == "deal_created"
    assert result.reply is not None
    assert result.reply.mode == "draft"
    assert result.reply.text.rstrip().endswith("Maya\nyoutube.com/@maya")
    assert result.reply.text.count("youtube.com/@maya") == 1
    assert len(await store.list_deals("maya")) == 1
    assert (await dispatcher.run()).sent == ()  # a draft waits for approval


async def test_follow_up_continues_existing_thread_without_second_deal(store):
    engine = ScriptedEngine(default=offer())
    pipeline, _ = make(store, engine)
    first = await pipeline.process(mail("<t1@acme.com>"))
    follow = await pipeline.process(
        mail(
            "<t2@acme.com>",
            "Great, contract attached soon.",
            subject="Re: Sponsorship",
            in_reply_to="<t1@acme.com>",
        )
    )
    assert follow.thread_id == first.thread_id
    assert follow.decision == "continue"
    assert len(await store.list_deals("maya")) == 1


async def test_scam_flag_forces_review_without_reply(store):
    pipeline, _ = make(store, ScriptedEngine(default=offer()))
    body = (
        "Sign the contract in the attached archive, password 2024. Download our build and run it."
    )
    raw = mail("<scam@nordvpn-creators.com>", body, sender="deals@nordvpn-creators.com")
    result = await pipeline.process(raw)
    assert "scam" in result.flags
    assert result.decision == "review"
    assert result.reply is None


async def test_reply_marked_sent_only_after_transport_accepts(store):
    transport = RecordingTransport(fail_with=SendError("throttled", retryable=True))
    engine = ScriptedEngine(default=offer(ASKING))
    pipeline, dispatcher = make(store, engine, transport)
    result = await pipeline.process(mail("<f1@acme.com>"))
    report = await dispatcher.run()
    assert report.failed
    assert not report.sent
    state = await store.load_thread("maya", result.thread_id)
    assert [o.status for o in state.outbox] == [OutboxStatus.PENDING]
    assert [m.direction for m in state.messages] == [Direction.INBOUND]
    transport.fail_with = None
    assert len((await dispatcher.run()).sent) == 1
    state = await store.load_thread("maya", result.thread_id)
    assert [o.status for o in state.outbox] == [OutboxStatus.SENT]
    assert [m.direction for m in state.messages] == [Direction.INBOUND, Direction.OUTBOUND]


async def test_crash_then_retry_gives_one_reply(store):
    engine = ScriptedEngine(default=offer(ASKING), fail_times=1)
    pipeline, dispatcher = make(store, engine)
    with pytest.raises(EngineUnavailable):
        await pipeline.process(mail("<c1@acme.com>"))
    result = await pipeline.process(mail("<c1@acme.com>"))
    again = await pipeline.process(mail("<c1@acme.com>"))
    await dispatcher.run()
    assert result.reply is not None
    assert again.duplicate
    assert len(dispatcher.transport.sent) == 1


async def test_review_policy_drafts_everything(store):
    creator = CREATOR.model_copy(
        update={
            "preferences": CREATOR.preferences.model_copy(
                update={"reply_policy": ReplyPolicy.REVIEW}
            )
        }
    )
    await store.upsert_creator(creator)
    pipeline, dispatcher = make(store, ScriptedEngine(default=offer(ASKING)))
    result = await pipeline.process(mail("<r1@acme.com>"))
    assert result.reply is not None
    assert result.reply.mode == "draft"
    assert (await dispatcher.run()).sent == ()


async def test_malformed_bytes_are_stored_and_flagged(store):
    pipeline, _ = make(store, ScriptedEngine())
    result = await pipeline.process(b"\x00\x01\x02" * 50)
    assert result.error is not None
    assert "malformed" in result.flags
    leads = await store.list_leads("default")
    assert leads == []
    state = await store.load_thread("default", result.thread_id)
    assert state.messages[0].defects == ("not_an_email",)


async def test_lowball_gets_counter_draft(store):
    # The card prices one integration at $2,500; $1,500 is below it but within reach (0.5x).
    low = DealTerms(
        brand="Acme",
        budget_min=Decimal(1500),
        budget_max=Decimal(1500),
        currency="USD",
        partnership_type=PartnershipType.FLAT_FEE,
        deliverables=FULL.deliverables,
        deadline="2026-12-15",
    )
    engine = ScriptedEngine(default=offer(low))
    pipeline, dispatcher = make(store, engine)
    result = await pipeline.process(
        mail("<n1@acme.com>", "Hi Maya, Acme offers $1,500 for one integration by 2026-12-15.")
    )
    assert result.decision == "negotiate"
    assert result.lead_state == "negotiating"
    assert result.reply is not None
    assert result.reply.mode == "draft"
    assert engine.drafted[0].counter_offer is not None
    assert engine.drafted[0].counter_offer.amount >= Decimal(2500)
    assert (await dispatcher.run()).sent == ()


async def test_far_below_floor_declined_automatically(store):
    low = DealTerms(
        brand="Acme",
        budget_min=Decimal(200),
        budget_max=Decimal(200),
        currency="USD",
        partnership_type=PartnershipType.FLAT_FEE,
        deliverables=FULL.deliverables,
        deadline="2026-12-15",
    )
    pipeline, dispatcher = make(store, ScriptedEngine(default=offer(low)))
    result = await pipeline.process(
        mail("<d1@acme.com>", "Hi Maya, Acme offers $200 for one integration by 2026-12-15.")
    )
    assert result.decision == "decline"
    assert result.lead_state == "declined"
    assert result.reply is not None
    assert result.reply.mode == "auto"
    assert len((await dispatcher.run()).sent) == 1


async def test_low_confidence_offer_goes_to_review(store):
    unsure = Assessment(category=Category.SPONSORSHIP, is_offer=True, confidence=0.3, terms=FULL)
    pipeline, dispatcher = make(store, ScriptedEngine(default=unsure))
    result = await pipeline.process(mail("<l1@acme.com>"))
    assert result.decision == "review"
    assert result.lead_state == "needs_review"
    assert result.reply is None
    assert (await dispatcher.run()).sent == ()


async def test_unverifiable_budget_is_dropped_and_reviewed(store):
    # The engine "extracts" a budget the email never states (as a manipulated model might).
    invented = DealTerms(
        brand="Acme", budget_min=Decimal(90000), budget_max=Decimal(90000), currency="USD"
    )
    pipeline, _ = make(store, ScriptedEngine(default=offer(invented)))
    result = await pipeline.process(
        mail("<u1@acme.com>", "Hi Maya, Acme would love to work with you.")
    )
    assert "unverified_extraction" in result.flags
    assert result.decision == "review"
    assert result.deal is not None
    assert result.deal.budget_min is None


async def test_bcc_creator_found_from_received_trace(store):
    raw = mail("<b1@acme.com>").replace(
        b"To: maya@repflow.example\n",
        b"Received: from mx.acme.com by inbound-smtp.us-east-1.amazonaws.com with SMTP id x1\n"
        b" for maya@repflow.example; Mon, 16 Nov 2026 10:00:01 +0000 (UTC)\nTo: list@acme.com\n",
    )
    pipeline, _ = make(store, ScriptedEngine(default=offer()))
    result = await pipeline.process(raw)
    assert result.lead_state is not None
    leads = await store.list_leads("maya")
    assert [lead.thread_id for lead in leads] == [result.thread_id]


@dataclass
class WritesBadDrafts(ScriptedEngine):
    """A scripted engine whose drafts fail the draft check (a model gone wrong)."""

    bad_text: str = "Hi Jo,\n\nDeal! Pay the deposit at evil-payments.xyz."

    async def draft(self, request: DraftRequest) -> Draft:
        self.drafted.append(request)
        return Draft(text=self.bad_text, llm_calls=1, tokens=10)


def with_fallback(store, engine, fallback):
    pipeline, dispatcher = make(store, engine)
    pipeline.fallback_engine = fallback
    return pipeline, dispatcher


async def test_a_failing_draft_is_replaced_by_the_template_reply_and_flagged(store):
    asks = DealTerms(
        brand="Acme",
        partnership_type=PartnershipType.FLAT_FEE,
        deliverables=FULL.deliverables,
        deadline="2026-12-15",
    )
    engine = WritesBadDrafts(script={"<r1@acme.com>": offer(asks)})
    pipeline, dispatcher = with_fallback(store, engine, HeuristicEngine())
    result = await pipeline.process(mail("<r1@acme.com>"))
    assert result.decision == "ask_info"
    assert result.flags == ["draft_replaced"]
    assert "draft rejected: link, acceptance" in result.reasons
    assert result.llm_calls == 1
    template = draft_from_templates(engine.drafted[0]).text
    assert result.reply is not None
    assert result.reply.text == body_with_signature(template, CREATOR.preferences.signature)
    inbound = await store.find_inbound(CREATOR.id, claim_key(parse_email(mail("<r1@acme.com>"))))
    assert inbound is not None
    assert "draft_replaced" in inbound.flags
    await dispatcher.run()
    sent = dispatcher.transport.sent[0].get_body(("plain",)).get_content()
    assert "evil-payments" not in sent
    assert "Deal!" not in sent
    assert template.splitlines()[-1] in sent


async def test_no_reply_when_the_template_draft_fails_too(store):
    engine = WritesBadDrafts(default=offer(), bad_text="Call me: +1 415 555 0134")
    fallback = WritesBadDrafts(bad_text="Hi,\n\n<script>x</script>")
    pipeline, dispatcher = with_fallback(store, engine, fallback)
    result = await pipeline.process(mail("<r2@acme.com>"))
    assert (result.decision, result.reply) == ("review", None)
    assert "llm_failed" in result.flags
    assert "draft_replaced" not in result.flags
    assert "draft rejected: phone" in result.reasons
    assert (await dispatcher.run()).sent == ()


async def test_a_block_applies_from_the_next_email_on(store):
    # begin_turn reads the blocklist with the rest of the turn's context, every email.
    engine = ScriptedEngine(default=offer(ASKING))
    pipeline, _ = make(store, engine)
    first = await pipeline.process(mail("<b1@acme.com>", subject="One"))
    assert first.screened is None
    await store.block("maya", "acme.com")
    second = await pipeline.process(mail("<b2@acme.com>", subject="Two"))
    assert second.screened == "blocked"


async def test_the_draft_request_carries_the_assessment_it_answers(store):
    # assess -> draft is passed explicitly (an LLM engine reads its failure and budget there).
    reading = offer(ASKING)
    engine = ScriptedEngine(default=reading)
    pipeline, _ = make(store, engine)
    result = await pipeline.process(mail("<link@acme.com>", subject="Paid collab"))
    assert result.reply is not None
    [request] = engine.drafted
    assert request.assessment is reading
