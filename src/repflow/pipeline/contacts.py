"""Contacts the creator teaches Repflow by approving replies outside brand threads.

A creator who approves a reply to somebody whose thread is not a brand deal (a manager, an
editor, a friend) has shown that this is one of their people: their mail is then never answered
on its own (:mod:`repflow.domain.autosend`).
"""

from __future__ import annotations

from repflow.domain.models import Category, Direction
from repflow.domain.profile import CreatorProfile
from repflow.mail.senders import matches_any
from repflow.store.port import Store, ThreadState

__all__ = ["is_brand_thread", "learn_contact"]

_BRAND_CATEGORIES = frozenset({Category.SPONSORSHIP.value, Category.DEAL_FOLLOW_UP.value})


def is_brand_thread(state: ThreadState) -> bool:
    """Whether a thread is a brand deal: an inbound message in it was read as an offer."""
    return any(
        message.direction is Direction.INBOUND and message.category in _BRAND_CATEGORIES
        for message in state.messages
    )


async def learn_contact(store: Store, creator: CreatorProfile, state: ThreadState, to: str) -> bool:
    """Add ``to`` to the creator's contacts when the approved reply left a non-brand thread.

    Returns:
        Whether the contacts changed.
    """
    address = to.strip().lower()
    if not address or is_brand_thread(state) or matches_any(address, creator.contacts):
        return False
    fresh = await store.get_creator(creator.id) or creator
    updated = fresh.model_copy(update={"contacts": (*fresh.contacts, address)})
    await store.upsert_creator(updated)
    return True
