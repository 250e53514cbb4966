"""A reply the creator writes in a thread: who it goes to, what it is checked against, its row.

Nothing here comes from the form but the text. The recipient is the one code chose for the
thread (:func:`reply_route`), the text is checked by the draft check of every reply
(:func:`repflow.engine.draft_check.draft_problems`) against the thread's last decision and
terms (:func:`creator_text_problems`), and the row threads like a drafted reply
(``In-Reply-To`` the newest inbound message).

A reply the creator writes or edits is theirs: what they choose to say (accepting, a price, a
link to their media kit, their phone number) is not second-guessed. What the check still
refuses is what nobody means to send: a left-over placeholder (``[creator_name]``), markup or
code, invisible or control characters, header characters, an empty or oversized text. The
same check serves the dashboard's "Write a reply" and "Edit & send" and ``repflow approve
--edit``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from repflow.domain.models import DealTerms, Decision, Direction, new_id
from repflow.domain.profile import CreatorProfile
from repflow.engine.draft_check import Code, draft_problems
from repflow.engine.port import DraftRequest
from repflow.mail.compose import make_message_id, reply_subject
from repflow.store.port import OutboxItem, OutboxStatus, ThreadState

__all__ = ["composed_reply", "creator_text_problems", "draft_request", "reply_route"]

#: The draft-check problems that stop a reply the creator wrote: slips, never choices.
CREATOR_TEXT_CODES = frozenset(
    {Code.EMPTY, Code.LENGTH, Code.CONTROL, Code.HEADER, Code.MARKUP, Code.PLACEHOLDER}
)


def creator_text_problems(
    text: str, state: ThreadState, creator: CreatorProfile, *, sender: str
) -> list[str]:
    """What stops a reply the creator wrote or edited, as ``"code: detail"`` texts.

    Args:
        text: The creator's text.
        state: The thread it answers.
        creator: The creator.
        sender: The address it goes out from.

    Returns:
        The problems (empty when it may be sent).
    """
    request = draft_request(state, creator)
    return [
        str(problem)
        for problem in draft_problems(text, request, creator.preferences, sender=sender)
        if problem.code in CREATOR_TEXT_CODES
    ]


def reply_route(state: ThreadState, creator: CreatorProfile) -> tuple[str | None, str | None]:
    """``(to, from)`` of a reply the creator writes in this thread.

    The recipient is the one the pipeline chose for the thread
    (:func:`repflow.mail.senders.choose_recipient`): that of the thread's newest reply row,
    else the lead's counterparty (chosen the same way from the first email). The sender is the
    address the thread's replies went out from, else the creator's reply address.

    Args:
        state: The thread.
        creator: Its creator.

    Returns:
        The addresses; None where there is none.
    """
    rows = sorted(state.outbox, key=lambda item: item.created_at)
    to_address = rows[-1].to_address if rows else None
    if not to_address and state.lead is not None and "@" in state.lead.counterparty:
        to_address = state.lead.counterparty
    from_address = rows[-1].from_address if rows else None
    return to_address or None, from_address or creator.sender_address or None


def _last_decision(state: ThreadState) -> Decision:
    for message in reversed(state.messages):
        value = message.details.get("decision") if message.details else None
        if message.direction is Direction.INBOUND and value:
            try:
                return Decision(str(value))
            except ValueError:
                break
    return Decision.REVIEW


def draft_request(state: ThreadState, creator: CreatorProfile) -> DraftRequest:
    """What a written reply is checked against: the thread's last decision and its terms."""
    subject = state.conversation.subject if state.conversation else ""
    if not subject and state.messages:
        subject = state.messages[0].subject
    return DraftRequest(
        decision=_last_decision(state),
        thread_id=state.thread_id,
        subject=subject,
        terms=state.lead.terms if state.lead is not None else DealTerms(),
        creator_name=creator.name,
    )


def composed_reply(
    state: ThreadState, creator: CreatorProfile, text: str, to_address: str, from_address: str
) -> OutboxItem:
    """The outbox row (PENDING) of a reply the creator wrote, threaded to the newest email.

    Args:
        state: The thread.
        creator: Its creator.
        text: The checked reply text.
        to_address: From :func:`reply_route`.
        from_address: From :func:`reply_route`.

    Returns:
        The row, ready for :meth:`~repflow.store.port.DeskStore.add_outbox`.
    """
    inbound = [m for m in state.messages if m.direction is Direction.INBOUND]
    last = inbound[-1] if inbound else (state.messages[-1] if state.messages else None)
    references = tuple(dict.fromkeys(m.message_id for m in state.messages if m.message_id))
    subject = state.conversation.subject if state.conversation else ""
    if not subject and last is not None:
        subject = last.subject
    row_id = new_id()
    key = f"written:{row_id}"
    domain = from_address.rpartition("@")[2] or "repflow.local"
    return OutboxItem(
        id=row_id,
        key=key,
        creator_id=creator.id,
        thread_id=state.thread_id,
        lead_id=state.lead.id if state.lead is not None else None,
        status=OutboxStatus.PENDING,
        from_address=from_address,
        to_address=to_address,
        subject=reply_subject(subject),
        text=text,
        message_id=make_message_id(domain, key),
        in_reply_to=last.message_id if last is not None else None,
        references=references[-20:],
        created_at=datetime.now(UTC),
        turn_at=datetime.now(UTC),
    )
