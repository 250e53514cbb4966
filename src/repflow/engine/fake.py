"""A scripted engine: the in-memory fake of the engine port, for tests and demos of the flow.

It answers ``assess`` from a script keyed by Message-ID (or a default), records every request,
and can be told to fail a number of times to exercise crash-and-retry paths.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from repflow.domain.models import Category
from repflow.engine.exceptions import EngineUnavailable
from repflow.engine.port import Assessment, Draft, DraftRequest, ThreadContext
from repflow.mail.models import InboundEmail


@dataclass
class ScriptedEngine:
    """Returns scripted assessments; drafts are a fixed sentence naming the decision."""

    script: Mapping[str, Assessment] = field(default_factory=dict)
    default: Assessment = field(
        default_factory=lambda: Assessment(category=Category.OTHER, is_offer=False, confidence=0.9)
    )
    #: Raise EngineUnavailable on this many assess calls before answering.
    fail_times: int = 0
    name: str = "scripted"
    assessed: list[str | None] = field(default_factory=list)
    drafted: list[DraftRequest] = field(default_factory=list)

    async def assess(self, email: InboundEmail, thread: ThreadContext) -> Assessment:
        """The scripted assessment for ``email.message_id`` (or the default)."""
        self.assessed.append(email.message_id)
        if self.fail_times > 0:
            self.fail_times -= 1
            raise EngineUnavailable("scripted failure")
        return self.script.get(email.message_id or "", self.default)

    async def draft(self, request: DraftRequest) -> Draft:
        """A fixed, safe sentence naming the decision and the fields asked for."""
        self.drafted.append(request)
        asked = ", ".join(request.missing_fields)
        text = f"Thanks for reaching out. Decision: {request.decision.value}."
        if asked:
            text += f" Could you share: {asked}?"
        return Draft(text=text)
