"""The draft check, re-exported from :mod:`repflow.engine.draft_check`.

The check reads only text and the decision it answers, and the reply templates use it too, so
it lives in the engine layer (below the pipeline); this module keeps its old import path.
"""

from __future__ import annotations

from repflow.engine.draft_check import (
    MAX_DRAFT_CHARS,
    Code,
    Problem,
    check_draft,
    draft_problems,
    fold,
    quotable,
)

__all__ = [
    "MAX_DRAFT_CHARS",
    "Code",
    "Problem",
    "check_draft",
    "draft_problems",
    "fold",
    "quotable",
]
