"""Checks in code on everything an engine returns, before it is used (OWASP LLM01).

An engine — above all a model reading hostile email — may return values that are not in the
email, or a draft that promises, discloses or links more than the decision allows. Nothing here
trusts the engine: extracted values must be found in the source text, and drafts are checked
by :func:`check_draft` (:mod:`repflow.engine.draft_check`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from repflow.domain.models import DealTerms
from repflow.engine.draft_check import Code, Problem, check_draft, draft_problems
from repflow.engine.reading.money import find_money

__all__ = ["Code", "Problem", "check_draft", "draft_problems", "verify_terms"]


def _amounts(text: str) -> set[Decimal]:
    found: set[Decimal] = set()
    for mention in find_money(text):
        found.add(mention.minimum)
        found.add(mention.maximum)
    return found


def verify_terms(terms: DealTerms, source_text: str) -> tuple[DealTerms, tuple[str, ...]]:
    """Keep only the extracted values that the source text supports.

    Args:
        terms: what an engine extracted.
        source_text: the email (subject, new text, forwarded text) and the thread's earlier
            inbound text.

    Returns:
        The verified terms and the names of fields that were dropped.
    """
    dropped: list[str] = []
    haystack = source_text.casefold()
    if terms.budget_min is not None or terms.budget_max is not None:
        stated = _amounts(source_text)
        wanted = {v for v in (terms.budget_min, terms.budget_max) if v is not None}
        if not wanted <= stated:
            dropped.append("budget")
            terms = replace(
                terms, budget_min=None, budget_max=None, currency=None, budget_per_unit=None
            )
    if terms.brand and not _mentioned(terms.brand, haystack):
        dropped.append("brand")
        terms = replace(terms, brand=None)
    if terms.agency and not _mentioned(terms.agency, haystack):
        dropped.append("agency")
        terms = replace(terms, agency=None)
    if terms.deadline is not None:
        try:
            parsed = date.fromisoformat(terms.deadline)
        except ValueError:
            parsed = None
        if parsed is None or not 2000 <= parsed.year <= 2100:
            dropped.append("deadline")
            terms = replace(terms, deadline=None)
    return terms, tuple(dropped)


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _mentioned(name: str, haystack: str) -> bool:
    """Whether ``name`` occurs in the (case-folded) source, ignoring spacing and punctuation."""
    return name.casefold() in haystack or _squash(name) in _squash(haystack)
