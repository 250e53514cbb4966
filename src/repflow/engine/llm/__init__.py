"""The model-backed engine (``--engine llm``): pydantic-ai behind the same port as the heuristic.

:class:`LlmEngine` assesses an email with one structured-output model call
(:class:`~repflow.engine.llm.schemas.AssessmentOut`, checked in code by
:mod:`~repflow.engine.llm.convert`) and words a reply with one text call
(:mod:`~repflow.engine.llm.prompts`). Calls are capped, timed and retried in
:mod:`~repflow.engine.llm.engine`; when the model stays unusable the fallback (heuristic) engine
answers and the turn is flagged ``llm_failed``.

Importing this package does not import pydantic-ai: it is loaded on the first model call (or
when a model string is turned into a model object).
"""

from repflow.engine.llm.engine import (
    LlmEngine,
    LlmError,
    current_deadline,
    llm_deadline,
    reset_servers,
)

__all__ = ["LlmEngine", "LlmError", "current_deadline", "llm_deadline", "reset_servers"]
