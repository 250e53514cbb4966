"""Loops and floods: the per-thread reply rate limit, and auto-responders facing each other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from repflow.domain.models import (
    Category,
    DealTerms,
    Deliverable,
    DeliverableKind,
    Flag,
    PartnershipType,
    ReplyPolicy,
)
from repflow.domain.ratelimit import RateLimit, reply_allowed
from repflow.engine.fake import ScriptedEngine
from repflow.engine.heuristic import HeuristicEngine
from repflow.engine.port import Assessment
from repflow.pipeline.process import Pipeline
from repflow.store.memory import InMemoryStore
from repflow.store.port import OutboxStatus, Store
from tests.integration.conftest import Backend
from tests.reliability.helpers import CONFIG, CREATOR, OFFER_BODY, Clock, mail, make, sent

NOW = datetime(2026, 11, 16, 12, tzinfo=UTC)
DAY = timedelta(hours=24)
#: A creator on autopilot: every reply of a live deal goes out on its own (the worst case).
AUTOPILOT = CREATOR.model_copy(
    update={
        "preferences": CREATOR.preferences.model_copy(
            update={"reply_policy": ReplyPolicy.AUTOPILOT}
        )
    }
)
#: A complete offer above the creator's floor: the thread becomes a deal, each turn "continue".
FULL_OFFER = Assessment(
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
        deadline="2026-12-15",
    ),
)
FULL_BODY = "Hi Maya, Acme offers $3,000 flat for one YouTube integration by 2026-12-15."


@pytest.mark.parametrize(
    ("ages_minutes", "per_window", "allowed"),
    [
        ((), 3, True),
        ((1, 2), 3, True),
        ((1, 2, 3), 3, False),
        ((1, 2, 24 * 60), 3, True),  # exactly one window old: out of the window
        ((1, 2, 24 * 60 + 5), 3, True),
        ((-5, 1, 2), 3, True),  # a future time does not count
        ((), 0, False),
    ],
)
def test_reply_allowed_sliding_window(
    ages_minutes: tuple[int, ...], per_window: int, allowed: bool
) -> None:
    times = [NOW - timedelta(minutes=m) for m in ages_minutes]
    assert reply_allowed(times, NOW, per_window=per_window, window=DAY) is allowed


def test_rate_limit_defaults() -> None:
    limit = RateLimit()
    assert (limit.per_thread, limit.per_sender, limit.window) == (3, 5, DAY)
    assert limit.thread_allows([NOW] * 2, NOW)
    assert not limit.thread_allows([NOW] * 3, NOW)
    assert limit.sender_allows([NOW] * 4, NOW)
    assert not limit.sender_allows([NOW] * 5, NOW)


@pytest.fixture
async def store(backend: Backend) -> Store:
    await backend.store.upsert_creator(CREATOR)
    return backend.store


async def test_flood_of_fifty_emails_in_a_minute_gets_at_most_three_replies(store: Store) -> None:
    await store.upsert_creator(AUTOPILOT)
    clock = Clock()
    pipeline, dispatcher = make(store, ScriptedEngine(default=FULL_OFFER), clock=clock)
    first = "<flood-0@acme.com>"
    results = []
    for n in range(50):
        data = mail(
            f"<flood-{n}@acme.com>",
            f"{FULL_BODY} Following up ({n}).",
            in_reply_to=first if n else None,
            subject="Sponsorship" if n == 0 else "Re: Sponsorship",
        )
        results.append(await pipeline.process(data))
        clock.advance(timedelta(seconds=1))
    assert {r.thread_id for r in results} == {results[0].thread_id}
    replies = [r for r in results if r.reply is not None]
    assert len(replies) == 3
    assert all(r.reply is not None and r.reply.mode == "auto" for r in replies)
    limited = [r for r in results if Flag.RATE_LIMITED.value in r.flags]
    assert limited
    assert all(r.decision == "review" and r.reply is None for r in limited)
    assert len((await dispatcher.run()).sent) == len(replies)
    # A day later the thread may be answered again.
    clock.advance(DAY)
    later = await pipeline.process(
        mail("<flood-late@acme.com>", FULL_BODY, in_reply_to=first, subject="Re: Sponsorship")
    )
    assert Flag.RATE_LIMITED.value not in later.flags
    assert later.reply is not None


async def test_repeated_ask_info_is_already_stopped_by_the_decision_rules(store: Store) -> None:
    # Without autopilot, the desk asks for a missing field once; a flood is then reviewed.
    clock = Clock()
    pipeline, _ = make(store, clock=clock)
    results = []
    for n in range(10):
        data = mail(f"<ask-{n}@acme.com>", in_reply_to="<ask-0@acme.com>" if n else None)
        results.append(await pipeline.process(data))
        clock.advance(timedelta(seconds=1))
    assert sum(r.reply is not None for r in results) == 1


async def test_flood_with_heuristic_engine_on_a_realistic_offer() -> None:
    store = InMemoryStore()
    await store.upsert_creator(CREATOR)
    clock = Clock()
    pipeline = Pipeline(store=store, engine=HeuristicEngine(), config=CONFIG, clock=clock)
    first = "<real-0@acme.com>"
    results = []
    for n in range(50):
        data = mail(f"<real-{n}@acme.com>", OFFER_BODY, in_reply_to=first if n else None)
        results.append(await pipeline.process(data))
        clock.advance(timedelta(seconds=1))
    assert results[0].reply is not None
    assert {r.thread_id for r in results} == {results[0].thread_id}
    assert results[0].thread_id is not None
    state = await store.load_thread(CREATOR.id, results[0].thread_id)
    assert len(state.outbox) <= 3
    assert sum(r.reply is not None for r in results) <= 3


async def test_our_reply_bounced_back_by_an_auto_responder_is_screened(store: Store) -> None:
    pipeline, dispatcher = make(store)
    first = await pipeline.process(mail("<loop-0@acme.com>"))
    assert first.reply is not None
    await dispatcher.run()
    ours = sent(dispatcher)[0]
    assert ours["Auto-Submitted"] == "auto-replied"
    # The brand's auto-responder answers our reply, quoting it (RFC 3834 marks it).
    bounced = mail(
        "<ooo-1@acme.com>",
        f"I am out of the office until Monday.\n\n> {first.reply.text.splitlines()[0]}",
        subject=f"Auto: {ours['Subject']}",
        headers="Auto-Submitted: auto-replied\nX-Autoreply: yes\n",
        in_reply_to=str(ours["Message-ID"]),
    )
    again = await pipeline.process(bounced)
    assert again.screened == "auto_reply"
    assert again.reply is None
    assert again.thread_id == first.thread_id
    # Our own message delivered back to us (a forwarding loop) is not answered either.
    echoed = await pipeline.process(ours.as_bytes())
    assert echoed.reply is None
    assert (await dispatcher.run()).sent == ()
    assert len(sent(dispatcher)) == 1  # one exchange only


async def test_auto_responder_without_rfc3834_headers_is_capped_by_the_rate_limit(
    store: Store,
) -> None:
    # A badly behaved auto-responder (no Auto-Submitted, no Precedence) answers every reply.
    await store.upsert_creator(AUTOPILOT)
    clock = Clock()
    pipeline, dispatcher = make(store, ScriptedEngine(default=FULL_OFFER), clock=clock)
    previous = "<naive-0@acme.com>"
    await pipeline.process(mail(previous, FULL_BODY))
    for n in range(1, 20):
        await dispatcher.run()
        ours = sent(dispatcher)
        reply_to = str(ours[-1]["Message-ID"]) if ours else previous
        previous = f"<naive-{n}@acme.com>"
        await pipeline.process(
            mail(previous, "Thanks for your email, we will get back to you.", in_reply_to=reply_to)
        )
        clock.advance(timedelta(seconds=30))
    await dispatcher.run()
    assert len(sent(dispatcher)) == 3
    leads = await store.list_leads(CREATOR.id)
    state = await store.load_thread(CREATOR.id, leads[0].thread_id)
    assert sum(o.status is OutboxStatus.SENT for o in state.outbox) <= 3
