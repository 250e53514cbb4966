"""The offline heuristic engine: keyword scoring and pattern extraction, no network, no model.

``assess`` classifies an email and extracts its deal terms in one deterministic pass
(:mod:`.assess`: :mod:`.classify` scores multilingual cues from :mod:`.lexicon`,
:mod:`.extract`, :mod:`.brand` and :mod:`.dates` read the terms). ``draft`` words a decision
from templates (:func:`repflow.engine.templates.draft_from_templates`).
"""

from __future__ import annotations

from repflow.engine.heuristic.assess import assess_email
from repflow.engine.port import Assessment, Draft, DraftRequest, ThreadContext
from repflow.engine.templates import draft_from_templates
from repflow.mail.models import InboundEmail

__all__ = ["HeuristicEngine", "assess_email"]


class HeuristicEngine:
    """The offline engine (``--engine heuristic``): fast, deterministic, no LLM calls."""

    name: str = "heuristic"

    async def assess(self, email: InboundEmail, thread: ThreadContext) -> Assessment:
        """Classify ``email`` and extract its deal terms and risk signals in one pass.

        Args:
            email: The parsed message.
            thread: What is known of its thread.

        Returns:
            The assessment (``llm_calls`` is always 0).
        """
        return assess_email(email, thread)

    async def draft(self, request: DraftRequest) -> Draft:
        """Word a reply for a decision already made, from templates.

        Args:
            request: The decision and everything the reply may state.

        Returns:
            The reply body.
        """
        return draft_from_templates(request)
