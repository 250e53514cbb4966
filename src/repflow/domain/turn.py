"""What one turn changes in a thread's lead, conversation and deal: pure rules, no I/O.

The pipeline decides (:func:`repflow.domain.decide.decide`) and then asks these for the rows
to commit, so that the rules of how a thread moves live with the other domain rules and are
tested without a store or an engine.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from enum import StrEnum

from repflow.domain.decide import Outcome
from repflow.domain.models import (
    Conversation,
    Deal,
    DealTerms,
    Decision,
    Flag,
    Lead,
    new_id,
)
from repflow.domain.states import ConversationState, LeadState, transition_conversation

__all__ = ["ReplyKind", "lead_for_review", "new_deal", "next_conversation", "next_lead"]


class ReplyKind(StrEnum):
    """What the turn's reply is, as the conversation sees it."""

    NONE = "none"  # no reply (rate limited, nothing to say, the draft check refused it)
    DRAFT = "draft"  # waits for the creator
    SENT = "sent"  # goes out on its own


def _new_lead(
    creator_id: str,
    thread_id: str,
    state: LeadState,
    terms: DealTerms,
    flags: tuple[str, ...],
    counterparty: str,
    now: datetime,
) -> Lead:
    return Lead(
        id=new_id(),
        creator_id=creator_id,
        thread_id=thread_id,
        state=state.value,
        terms=terms,
        flags=flags,
        counterparty=counterparty,
        created_at=now,
        updated_at=now,
    )


def next_lead(
    current: Lead | None,
    outcome: Outcome,
    *,
    creator_id: str,
    thread_id: str,
    counterparty: str,
    terms: DealTerms,
    now: datetime,
) -> Lead | None:
    """The thread's lead after a turn: created, moved on, or as it was.

    Args:
        current: The lead as stored (None: the thread has none yet).
        outcome: The turn's decision; its ``lead_state`` None leaves the lead alone.
        creator_id: The creator.
        thread_id: The thread.
        counterparty: Where a reply goes (a new lead remembers it).
        terms: The thread's terms after this email.
        now: The turn time.

    Returns:
        The lead to store, or None when there is none.
    """
    if outcome.lead_state is None:
        return current
    flags = tuple(sorted(set(current.flags if current else ()) | set(outcome.flags)))
    if current is None:
        return _new_lead(creator_id, thread_id, outcome.lead_state, terms, flags, counterparty, now)
    lead = replace(current, terms=terms, flags=flags, updated_at=now)
    lead.state = outcome.lead_state.value
    return lead


def next_conversation(
    current: Conversation | None,
    outcome: Outcome,
    reply: str,
    *,
    creator_id: str,
    thread_id: str,
    subject: str,
) -> Conversation | None:
    """Whose turn it is after this email, and what has been asked so far.

    A draft (or no reply) leaves the conversation awaiting the creator; a reply that goes out
    awaits the brand, and a decline closes it. Fields asked for in a reply that goes out or
    waits are remembered, so they are never asked twice.

    Args:
        current: The conversation as stored (None: none yet).
        outcome: The turn's decision.
        reply: A :class:`ReplyKind`.
        creator_id: The creator.
        thread_id: The thread.
        subject: The email's subject (a new conversation's).

    Returns:
        The conversation to store, or None when the thread has none and the turn makes no lead.
    """
    if current is None and outcome.lead_state is None:
        return None
    if reply != ReplyKind.SENT:
        target = ConversationState.AWAITING_CREATOR
    elif outcome.decision is Decision.DECLINE:
        target = ConversationState.CLOSED
    else:
        target = ConversationState.AWAITING_BRAND
    asked = current.asked_fields if current else ()
    if reply != ReplyKind.NONE and outcome.decision is Decision.ASK_INFO:
        asked = tuple(dict.fromkeys((*asked, *outcome.missing_fields)))
    if current is None:
        return Conversation(
            id=new_id(),
            creator_id=creator_id,
            thread_id=thread_id,
            state=target.value,
            subject=subject,
            asked_fields=asked,
        )
    conversation = replace(current, asked_fields=asked)
    conversation.state = transition_conversation(ConversationState(current.state), target).value
    return conversation


def new_deal(
    outcome: Outcome, lead: Lead | None, existing: Deal | None, terms: DealTerms, now: datetime
) -> Deal | None:
    """A qualified lead's Deal, once per thread (None when the turn makes none)."""
    if not outcome.create_deal or lead is None or existing is not None:
        return None
    return Deal(
        id=new_id(),
        creator_id=lead.creator_id,
        lead_id=lead.id,
        thread_id=lead.thread_id,
        stage="new",
        terms=terms,
        created_at=now,
    )


def lead_for_review(
    current: Lead | None,
    flag: Flag,
    *,
    creator_id: str,
    thread_id: str,
    counterparty: str,
    now: datetime,
) -> Lead:
    """The thread's lead sent to review with ``flag`` (a DMARC failure: a human looks)."""
    if current is None:
        review = LeadState.NEEDS_REVIEW
        return _new_lead(
            creator_id, thread_id, review, DealTerms(), (flag.value,), counterparty, now
        )
    lead = replace(current, flags=tuple(sorted({*current.flags, flag.value})), updated_at=now)
    lead.state = LeadState.NEEDS_REVIEW.value
    return lead
