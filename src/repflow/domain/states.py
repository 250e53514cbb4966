"""Lead and conversation state machines: one explicit transition table each."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from repflow.domain.exceptions import IllegalTransition


class LeadState(StrEnum):
    """Where a brand opportunity stands."""

    NEW = "new"
    INFO_GATHERING = "info_gathering"
    QUALIFIED = "qualified"
    NEGOTIATING = "negotiating"
    DEAL_CREATED = "deal_created"
    DECLINED = "declined"
    NEEDS_REVIEW = "needs_review"
    IGNORED = "ignored"


class ConversationState(StrEnum):
    """Whose turn it is in a thread."""

    AWAITING_BRAND = "awaiting_brand"
    AWAITING_CREATOR = "awaiting_creator"
    CLOSED = "closed"


_L = LeadState
#: Allowed lead moves. Staying in the same state is always allowed (a turn that changes nothing).
LEAD_TRANSITIONS: Mapping[LeadState, frozenset[LeadState]] = {
    _L.NEW: frozenset(
        {_L.INFO_GATHERING, _L.QUALIFIED, _L.NEGOTIATING, _L.DECLINED, _L.NEEDS_REVIEW, _L.IGNORED}
    ),
    _L.INFO_GATHERING: frozenset(
        {_L.QUALIFIED, _L.NEGOTIATING, _L.DECLINED, _L.NEEDS_REVIEW, _L.IGNORED}
    ),
    _L.QUALIFIED: frozenset({_L.DEAL_CREATED, _L.NEGOTIATING, _L.DECLINED, _L.NEEDS_REVIEW}),
    _L.NEGOTIATING: frozenset({_L.QUALIFIED, _L.DEAL_CREATED, _L.DECLINED, _L.NEEDS_REVIEW}),
    _L.DEAL_CREATED: frozenset({_L.NEEDS_REVIEW, _L.DECLINED}),
    # A brand may come back with a better offer after a decline.
    _L.DECLINED: frozenset({_L.INFO_GATHERING, _L.QUALIFIED, _L.NEGOTIATING, _L.NEEDS_REVIEW}),
    # The creator (or a later clean turn after review) can move a reviewed lead anywhere but NEW.
    _L.NEEDS_REVIEW: frozenset(set(_L) - {_L.NEW, _L.NEEDS_REVIEW}),
    # Marked "not an offer": only the creator can bring it back, through review.
    _L.IGNORED: frozenset({_L.NEEDS_REVIEW, _L.INFO_GATHERING, _L.QUALIFIED, _L.NEGOTIATING}),
}

_C = ConversationState
CONVERSATION_TRANSITIONS: Mapping[ConversationState, frozenset[ConversationState]] = {
    _C.AWAITING_BRAND: frozenset({_C.AWAITING_CREATOR, _C.CLOSED}),
    _C.AWAITING_CREATOR: frozenset({_C.AWAITING_BRAND, _C.CLOSED}),
    _C.CLOSED: frozenset({_C.AWAITING_BRAND, _C.AWAITING_CREATOR}),
}


def can_transition_lead(current: LeadState, target: LeadState) -> bool:
    """Whether the lead table allows ``current -> target``."""
    return current == target or target in LEAD_TRANSITIONS[current]


def transition_lead(current: LeadState, target: LeadState) -> LeadState:
    """Return ``target`` if the move is allowed.

    Raises:
        IllegalTransition: when the table forbids the move.
    """
    if not can_transition_lead(current, target):
        raise IllegalTransition("lead", current.value, target.value)
    return target


def transition_conversation(
    current: ConversationState, target: ConversationState
) -> ConversationState:
    """Return ``target`` if the conversation table allows the move.

    Raises:
        IllegalTransition: when the table forbids the move.
    """
    if current != target and target not in CONVERSATION_TRANSITIONS[current]:
        raise IllegalTransition("conversation", current.value, target.value)
    return target


def restore_ignored(current: LeadState, previous: str) -> LeadState:
    """The state a lead marked "not an offer" goes back to when the creator undoes it.

    Undo is the one way out of IGNORED that the table does not list: it returns exactly to
    the recorded ``previous`` state (which may be NEW), whatever that was.

    Args:
        current: The lead's state now.
        previous: The state recorded when it was marked not an offer.

    Returns:
        The state to restore.

    Raises:
        IllegalTransition: the lead is not IGNORED, or ``previous`` is no state to go back to.
    """
    try:
        target = LeadState(previous)
    except ValueError:
        raise IllegalTransition("lead", current.value, previous or "?") from None
    if current is not LeadState.IGNORED or target is LeadState.IGNORED:
        raise IllegalTransition("lead", current.value, target.value)
    return target
