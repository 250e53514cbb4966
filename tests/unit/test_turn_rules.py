"""How one turn moves a thread's lead, conversation and deal (domain/turn.py): pure rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from repflow.domain.decide import Outcome
from repflow.domain.models import DealTerms, Decision, Flag, Lead, ReplyMode
from repflow.domain.states import ConversationState, LeadState
from repflow.domain.turn import (
    ReplyKind,
    lead_for_review,
    new_deal,
    next_conversation,
    next_lead,
)

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TERMS = DealTerms(brand="Acme", budget_min=Decimal(2000), currency="USD")
ASK = Outcome(
    Decision.ASK_INFO,
    LeadState.INFO_GATHERING,
    ReplyMode.AUTO,
    missing_fields=("deadline", "usage_rights"),
    flags=("held_for_approval",),
)
QUALIFIED = Outcome(Decision.CONTINUE, LeadState.QUALIFIED, ReplyMode.DRAFT, create_deal=True)
DECLINE = Outcome(Decision.DECLINE, LeadState.DECLINED, ReplyMode.AUTO)
IGNORE = Outcome(Decision.IGNORE, None, None)
WHERE = {"creator_id": "maya", "thread_id": "t1"}


def lead(outcome: Outcome = ASK, at: datetime = T0) -> Lead | None:
    return next_lead(None, outcome, counterparty="jo@acme.com", terms=TERMS, now=at, **WHERE)


def test_a_first_offer_makes_a_lead_and_a_later_one_moves_it_on() -> None:
    first = lead()
    assert first is not None
    assert (first.state, first.counterparty, first.terms) == (
        "info_gathering",
        "jo@acme.com",
        TERMS,
    )
    assert first.flags == ("held_for_approval",)
    richer = TERMS.merged_with(DealTerms(deadline="2026-12-20"))
    later = T0 + timedelta(hours=2)
    moved = next_lead(first, QUALIFIED, counterparty="x@y.z", terms=richer, now=later, **WHERE)
    assert moved is not None
    assert (moved.id, moved.state, moved.terms.deadline) == (first.id, "qualified", "2026-12-20")
    assert moved.counterparty == "jo@acme.com"  # who the thread answers does not drift
    assert (moved.created_at, moved.updated_at) == (T0, later)
    assert moved.flags == ("held_for_approval",)  # flags accumulate
    assert first.state == "info_gathering"  # the stored lead is not changed in place


def test_an_email_that_moves_nothing_leaves_the_lead_alone() -> None:
    assert lead(IGNORE) is None
    existing = lead()
    assert next_lead(existing, IGNORE, counterparty="", terms=DealTerms(), now=T0, **WHERE) is (
        existing
    )


def test_whose_turn_it_is_follows_the_reply() -> None:
    drafted = next_conversation(None, ASK, ReplyKind.DRAFT, subject="Collab", **WHERE)
    assert drafted is not None
    assert drafted.state == ConversationState.AWAITING_CREATOR.value
    assert drafted.asked_fields == ("deadline", "usage_rights")
    sent = next_conversation(drafted, ASK, ReplyKind.SENT, subject="Re: Collab", **WHERE)
    assert sent is not None
    assert (sent.id, sent.subject, sent.state) == (drafted.id, "Collab", "awaiting_brand")
    assert sent.asked_fields == ("deadline", "usage_rights")  # never asked twice
    closed = next_conversation(sent, DECLINE, ReplyKind.SENT, subject="", **WHERE)
    assert closed is not None
    assert closed.state == ConversationState.CLOSED.value


def test_no_reply_asks_nothing_and_waits_for_the_creator() -> None:
    quiet = next_conversation(None, ASK, ReplyKind.NONE, subject="Collab", **WHERE)
    assert quiet is not None
    assert (quiet.state, quiet.asked_fields) == ("awaiting_creator", ())
    assert next_conversation(None, IGNORE, ReplyKind.NONE, subject="Hi", **WHERE) is None


def test_a_deal_is_made_once_per_thread() -> None:
    qualified = lead(QUALIFIED)
    assert qualified is not None
    deal = new_deal(QUALIFIED, qualified, None, TERMS, T0)
    assert deal is not None
    assert (deal.lead_id, deal.stage, deal.terms) == (qualified.id, "new", TERMS)
    assert new_deal(QUALIFIED, qualified, deal, TERMS, T0) is None
    assert new_deal(ASK, qualified, None, TERMS, T0) is None


def test_a_dmarc_failure_sends_the_lead_to_review() -> None:
    fresh = lead_for_review(None, Flag.DMARC_FAIL, counterparty="jo@acme.com", now=T0, **WHERE)
    assert (fresh.state, fresh.flags) == ("needs_review", ("dmarc_fail",))
    existing = lead()
    assert existing is not None
    later = T0 + timedelta(minutes=5)
    reviewed = lead_for_review(existing, Flag.DMARC_FAIL, counterparty="", now=later, **WHERE)
    assert (reviewed.id, reviewed.state) == (existing.id, "needs_review")
    assert reviewed.flags == ("dmarc_fail", "held_for_approval")
    assert reviewed.updated_at == later
