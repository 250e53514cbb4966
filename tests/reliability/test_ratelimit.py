"""Loops and floods: the reply rate limits (gap, per thread, per address) and auto-responders."""

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
from repflow.domain.ratelimit import LimitReason, RateLimit, reply_allowed, within
from repflow.engine.fake import ScriptedEngine
from repflow.engine.heuristic import HeuristicEngine
from repflow.engine.port import Assessment
from repflow.mail.parse import parse_email
from repflow.pipeline.delivery import Delivery, arrival_time
from repflow.pipeline.dispatch import Dispatcher
from repflow.pipeline.process import Pipeline
from repflow.store.memory import InMemoryStore
from repflow.store.port import OutboxStatus, Store
from tests.integration.conftest import Backend
from tests.reliability.helpers import (
    CONFIG,
    CREATOR,
    OFFER_BODY,
    START,
    Clock,
    mail,
    make,
    sent,
)

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


MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
#: When the flood tests' emails were sent (the Date header); the clock reads START, later.
SENT = START - 2 * HOUR


# -- the rules (pure) -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("ages_minutes", "per_window", "allowed"),
    [
        ((), 3, True),
        ((1, 2), 3, True),
        ((1, 2, 3), 3, False),
        ((1, 2, 24 * 60), 3, True),  # exactly one window old: out of the window
        ((1, 2, 24 * 60 + 5), 3, True),
        ((-5, 1, 2), 3, False),  # a later reply counts (queues deliver out of order)
        ((-24 * 60, 1, 2), 3, True),  # ...unless it is a window away
        ((), 0, False),
    ],
)
def test_reply_allowed_counts_the_window_both_ways(
    ages_minutes: tuple[int, ...], per_window: int, allowed: bool
) -> None:
    times = [NOW - timedelta(minutes=m) for m in ages_minutes]
    assert reply_allowed(times, NOW, per_window=per_window, window=DAY) is allowed


def test_rate_limit_defaults() -> None:
    limit = RateLimit()
    assert (limit.per_thread, limit.per_sender, limit.window, limit.min_gap) == (
        3,
        5,
        DAY,
        2 * MINUTE,
    )
    assert limit.thread_allows([NOW] * 2, NOW)
    assert not limit.thread_allows([NOW] * 3, NOW)
    assert limit.sender_allows([NOW] * 4, NOW)
    assert not limit.sender_allows([NOW] * 5, NOW)
    assert within([NOW - 2 * MINUTE, NOW + MINUTE, NOW], NOW, 2 * MINUTE) == 2


def _ago(*minutes: int) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


@pytest.mark.parametrize(
    ("thread_minutes", "sender_minutes", "reason"),
    [
        ((), (), None),
        ((1,), (1,), LimitReason.THREAD_GAP),
        ((-1,), (), LimitReason.THREAD_GAP),  # a reply just after this one (out of order)
        ((), (1,), LimitReason.SENDER_GAP),  # answered on another thread a minute ago
        ((2,), (2,), None),  # two minutes apart is allowed
        ((10, 70, 130), (10, 70, 130), LimitReason.THREAD_WINDOW),
        ((10, 70), (10, 70, 130, 190, 250), LimitReason.SENDER_WINDOW),
        ((10, 70), (10, 70, 130, 190), None),
        ((24 * 60, 24 * 60 + 1, 24 * 60 + 2), (), None),
    ],
)
def test_check_names_the_rule_that_holds_a_reply_back(
    thread_minutes: tuple[int, ...], sender_minutes: tuple[int, ...], reason: LimitReason | None
) -> None:
    got = RateLimit().check(
        NOW, thread_replies=_ago(*thread_minutes), sender_replies=_ago(*sender_minutes)
    )
    assert got is reason


def test_a_zero_gap_and_zero_limits() -> None:
    assert (
        RateLimit(min_gap=timedelta(0)).check(NOW, thread_replies=[NOW], sender_replies=[]) is None
    )
    assert RateLimit(per_thread=0).check(NOW, thread_replies=[], sender_replies=[]) is (
        LimitReason.THREAD_WINDOW
    )


# -- the turn time ---------------------------------------------------------------------------
_DATE = "Mon, 16 Nov 2026 10:00:00 +0000"
_RECEIVED = (
    "Received: from mail.acme.com (mail.acme.com [192.0.2.1]) by inbound-smtp.us-east-1."
    "amazonaws.com with SMTP id abc; Mon, 16 Nov 2026 10:03:00 +0000\n"
    "Received: by mail.acme.com; Mon, 16 Nov 2026 09:00:00 +0000\n"
)


_UNTRUSTED = (
    "Received: from mail.acme.com by mx.acme.com with SMTP id abc; "
    "Mon, 16 Nov 2026 10:03:00 +0000\n"
)


@pytest.mark.parametrize(
    ("headers", "date", "received_at", "expected"),
    [
        # SES's own receipt time wins over anything the message says.
        (_RECEIVED, _DATE, NOW - HOUR, NOW - HOUR),
        # Else the topmost Received header when our server (SES's inbound MTA) wrote it.
        (_RECEIVED, _DATE, None, datetime(2026, 11, 16, 10, 3, tzinfo=UTC)),
        # A Received header from anybody else, or a Date, is the sender's word: first seen.
        (_UNTRUSTED, _DATE, None, NOW),
        ("", _DATE, None, NOW),
        ("Received: by mx without a date\n", _DATE, None, NOW),
        ("Received: by inbound-smtp.us-east-1.amazonaws.com; not a date\n", _DATE, None, NOW),
        # A date in the future cannot escape the limits: it is clamped to now.
        (
            "Received: by inbound-smtp.eu-west-1.amazonaws.com; Sat, 16 Nov 2030 10:00:00 +0000\n",
            _DATE,
            None,
            NOW,
        ),
        # A naive timestamp is taken as UTC.
        ("", _DATE, datetime(2026, 11, 16, 11, 0), datetime(2026, 11, 16, 11, tzinfo=UTC)),
    ],
)
def test_arrival_time(
    headers: str, date: str, received_at: datetime | None, expected: datetime
) -> None:
    email = parse_email(mail("<t@acme.com>", headers=headers, date=date))
    assert arrival_time(email, Delivery(received_at=received_at), NOW) == expected


def test_a_configured_receiving_server_is_trusted() -> None:
    email = parse_email(mail("<t@acme.com>", headers=_UNTRUSTED, date=_DATE))
    assert arrival_time(email, None, NOW, trusted_receivers=("acme.com",)) == datetime(
        2026, 11, 16, 10, 3, tzinfo=UTC
    )


def test_arrival_time_without_any_date_is_now() -> None:
    email = parse_email(b"From: jo@acme.com\nSubject: hi\n\nHello")
    assert arrival_time(email, None, NOW) == NOW


# -- floods and loops through the pipeline (every store backend) ------------------------------
@pytest.fixture
async def store(backend: Backend) -> Store:
    await backend.store.upsert_creator(CREATOR)
    return backend.store


async def test_a_brand_sending_fifty_emails_in_a_minute_gets_one_answer(store: Store) -> None:
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
            date=SENT + n * timedelta(seconds=1.2),
        )
        results.append(await pipeline.process(data))
        clock.advance(timedelta(seconds=1))
    assert {r.thread_id for r in results} == {results[0].thread_id}
    assert [n for n, r in enumerate(results) if r.reply is not None] == [0]
    assert results[0].reply is not None
    assert results[0].reply.mode == "auto"
    limited = results[1:]
    assert all(Flag.RATE_LIMITED.value in r.flags for r in limited)
    # The decision still says what each email asks for; only the reply is held back.
    assert {r.decision for r in limited} == {results[0].decision}
    assert all(
        "rate limited: this thread was answered less than 2 minutes before" in r.reasons
        for r in limited
    )
    assert len((await dispatcher.run()).sent) == 1
    assert len(sent(dispatcher)) == 1
    # An hour later the thread is answered again.
    clock.advance(HOUR)
    later = await pipeline.process(
        mail(
            "<flood-late@acme.com>",
            FULL_BODY,
            in_reply_to=first,
            subject="Re: Sponsorship",
            date=SENT + HOUR,
        )
    )
    assert Flag.RATE_LIMITED.value not in later.flags
    assert later.reply is not None


async def test_a_flood_across_fifty_threads_gets_one_answer(store: Store) -> None:
    await store.upsert_creator(AUTOPILOT)
    clock = Clock()
    pipeline, dispatcher = make(store, ScriptedEngine(default=FULL_OFFER), clock=clock)
    results = [
        await pipeline.process(
            mail(
                f"<spread-{n}@acme.com>",
                FULL_BODY,
                subject=f"Campaign #{n}: sponsorship",
                date=SENT + n * timedelta(seconds=1),
            )
        )
        for n in range(50)
    ]
    assert len({r.thread_id for r in results}) == 50
    assert [n for n, r in enumerate(results) if r.reply is not None] == [0]
    assert all(
        "rate limited: this sender was answered less than 2 minutes before" in r.reasons
        for r in results[1:]
    )
    # Another brand writing in the same minute is not held back by Acme's flood.
    other = await pipeline.process(
        mail("<other@globex.com>", FULL_BODY, sender="kim@globex.com", date=SENT + MINUTE)
    )
    assert other.reply is not None
    assert len((await dispatcher.run()).sent) == 2


async def test_one_sender_opening_thread_after_thread_is_capped_per_day(store: Store) -> None:
    await store.upsert_creator(AUTOPILOT)
    pipeline, _ = make(store, ScriptedEngine(default=FULL_OFFER))
    results = [
        await pipeline.process(
            mail(
                f"<t{n}@acme.com>",
                FULL_BODY,
                subject=f"Offer {n}",
                date=SENT - n * HOUR,
                received=True,
            )
        )
        for n in range(7)
    ]
    assert sum(r.reply is not None for r in results) == 5
    assert [r.reasons[-1] for r in results[5:]] == [
        "rate limited: this sender had 5 replies in 24 hours"
    ] * 2


async def test_one_thread_is_answered_three_times_a_day(store: Store) -> None:
    await store.upsert_creator(AUTOPILOT)
    pipeline, _ = make(store, ScriptedEngine(default=FULL_OFFER))
    first = "<day-0@acme.com>"
    results = [
        await pipeline.process(
            mail(
                f"<day-{n}@acme.com>",
                FULL_BODY,
                in_reply_to=first if n else None,
                subject="Re: Sponsorship" if n else "Sponsorship",
                date=SENT - 12 * HOUR + n * HOUR,
                received=True,
            )
        )
        for n in range(5)
    ]
    assert [r.reply is not None for r in results] == [True, True, True, False, False]
    assert results[3].reasons[-1] == "rate limited: this thread had 3 replies in 24 hours"


async def test_a_replayed_archive_is_limited_by_arrival_not_by_replay_speed(
    store: Store,
) -> None:
    # A real conversation (hours between emails) processed back to back: every turn answered.
    await store.upsert_creator(AUTOPILOT)
    pipeline, dispatcher = make(store, ScriptedEngine(default=FULL_OFFER))
    first = "<conv-0@acme.com>"
    results = [
        await pipeline.process(
            mail(
                f"<conv-{n}@acme.com>",
                FULL_BODY,
                in_reply_to=first if n else None,
                subject="Re: Sponsorship" if n else "Sponsorship",
                date=SENT - 9 * HOUR + 3 * n * HOUR,
                received=True,
            )
        )
        for n in range(3)
    ]
    assert all(r.reply is not None for r in results)
    assert all(Flag.RATE_LIMITED.value not in r.flags for r in results)
    assert len((await dispatcher.run()).sent) == 3


async def test_forged_past_dates_open_no_new_windows(store: Store) -> None:
    # 20 offers from one address, each dated a day before the next, all arriving now: without a
    # trusted receipt time each turn is timed when Repflow first saw it, so the old dates cannot
    # spread them over 20 fresh 24-hour windows (at most the documented 5 replies; in fact the
    # 2-minute gap lets only the first through).
    await store.upsert_creator(AUTOPILOT)
    pipeline, dispatcher = make(store, ScriptedEngine(default=FULL_OFFER))
    results = [
        await pipeline.process(
            mail(
                f"<past-{n}@acme.com>",
                FULL_BODY,
                subject=f"Offer {n}",
                date=START - (20 - n) * DAY,
            )
        )
        for n in range(20)
    ]
    replies = sum(r.reply is not None for r in results)
    assert 1 <= replies <= RateLimit().per_sender
    assert len((await dispatcher.run()).sent) == replies


async def test_future_dates_cannot_dodge_the_gap(store: Store) -> None:
    await store.upsert_creator(AUTOPILOT)
    pipeline, _ = make(store, ScriptedEngine(default=FULL_OFFER))
    results = [
        await pipeline.process(
            mail(
                f"<future-{n}@acme.com>",
                FULL_BODY,
                subject=f"Deal {n}",
                date=START + (n + 1) * DAY,  # each "sent" a day later, all in the future
            )
        )
        for n in range(5)
    ]
    assert sum(r.reply is not None for r in results) == 1


async def test_repeated_ask_info_is_already_stopped_by_the_decision_rules(store: Store) -> None:
    # Without autopilot, the desk asks for a missing field once; hours apart, no limit applies,
    # and the brand is still not asked again.
    clock = Clock()
    pipeline, _ = make(store, clock=clock)
    results = []
    for n in range(10):
        data = mail(
            f"<ask-{n}@acme.com>",
            in_reply_to="<ask-0@acme.com>" if n else None,
            date=SENT - 20 * HOUR + n * HOUR,
        )
        results.append(await pipeline.process(data))
    assert sum(r.reply is not None for r in results) == 1
    assert not any(Flag.RATE_LIMITED.value in r.flags for r in results)


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
    assert len(state.outbox) == 1
    assert sum(r.reply is not None for r in results) == 1


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


async def face_an_auto_responder(store: Store, delay: timedelta) -> Dispatcher:
    """Play a badly behaved auto-responder (no Auto-Submitted, no Precedence) against the desk.

    It answers each of our replies ``delay`` after it, until we stop replying (at most 19
    rounds); the creator is on autopilot, so the desk would answer every answer. Returns the
    dispatcher, whose transport recorded what we sent.
    """
    await store.upsert_creator(AUTOPILOT)
    clock = Clock()
    pipeline, dispatcher = make(store, ScriptedEngine(default=FULL_OFFER), clock=clock)
    await pipeline.process(mail("<auto-0@acme.com>", FULL_BODY, date=clock.now))
    answered = 0
    for n in range(1, 20):
        await dispatcher.run()
        ours = sent(dispatcher)
        if len(ours) == answered:
            break  # we did not answer the last auto-reply: the loop is over
        answered = len(ours)
        clock.advance(delay)
        await pipeline.process(
            mail(
                f"<auto-{n}@acme.com>",
                "Thanks for your email, we will get back to you.",
                in_reply_to=str(ours[-1]["Message-ID"]),
                date=clock.now,
            )
        )
    return dispatcher


async def test_two_auto_responders_without_rfc3834_headers_stop_after_one_exchange(
    store: Store,
) -> None:
    dispatcher = await face_an_auto_responder(store, timedelta(seconds=30))
    assert len(sent(dispatcher)) == 1
    leads = await store.list_leads(CREATOR.id)
    state = await store.load_thread(CREATOR.id, leads[0].thread_id)
    assert [o.status for o in state.outbox] == [OutboxStatus.SENT]
    assert sorted(m.direction.value for m in state.messages) == ["inbound", "inbound", "outbound"]


async def test_a_slow_auto_responder_is_stopped_by_the_thread_limit(store: Store) -> None:
    # One that waits 10 minutes (past the gap) gets the thread's 3 replies of the day.
    dispatcher = await face_an_auto_responder(store, timedelta(minutes=10))
    assert len(sent(dispatcher)) == 3
