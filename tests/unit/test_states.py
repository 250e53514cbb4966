import pytest

from repflow.domain.exceptions import IllegalTransition
from repflow.domain.states import (
    LEAD_TRANSITIONS,
    ConversationState,
    LeadState,
    can_transition_lead,
    transition_conversation,
    transition_lead,
)


def test_every_state_has_a_row():
    assert set(LEAD_TRANSITIONS) == set(LeadState)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (LeadState.NEW, LeadState.INFO_GATHERING),
        (LeadState.INFO_GATHERING, LeadState.QUALIFIED),
        (LeadState.QUALIFIED, LeadState.DEAL_CREATED),
        (LeadState.NEGOTIATING, LeadState.QUALIFIED),
        (LeadState.DECLINED, LeadState.NEGOTIATING),
        (LeadState.NEEDS_REVIEW, LeadState.DEAL_CREATED),
        (LeadState.INFO_GATHERING, LeadState.INFO_GATHERING),
    ],
)
def test_allowed_lead_moves(current, target):
    assert transition_lead(current, target) is target


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (LeadState.NEW, LeadState.DEAL_CREATED),
        (LeadState.DEAL_CREATED, LeadState.QUALIFIED),
        (LeadState.DEAL_CREATED, LeadState.NEW),
        (LeadState.IGNORED, LeadState.DEAL_CREATED),
        (LeadState.NEEDS_REVIEW, LeadState.NEW),
    ],
)
def test_illegal_lead_moves_raise(current, target):
    assert not can_transition_lead(current, target)
    with pytest.raises(IllegalTransition, match=f"{current.value} -> {target.value}"):
        transition_lead(current, target)


def test_conversation_moves():
    assert (
        transition_conversation(ConversationState.AWAITING_BRAND, ConversationState.CLOSED)
        is ConversationState.CLOSED
    )
    assert (
        transition_conversation(ConversationState.CLOSED, ConversationState.AWAITING_BRAND)
        is ConversationState.AWAITING_BRAND
    )
