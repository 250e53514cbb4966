"""Checks in code on everything an engine returns, before it is used (OWASP LLM01).

An engine — above all a model reading hostile email — may return values that are not in the
email, or a draft that promises, discloses or links more than the decision allows. Nothing here
trusts the engine: extracted values must be found in the source text, and drafts are scanned.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from repflow.domain.models import DealTerms, Decision
from repflow.domain.profile import Preferences
from repflow.engine.port import DraftRequest
from repflow.engine.reading.money import find_money

_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|net|org|io|co|me|ly|gg|tv)/\S*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w$€£¥₹])\+?\d[\d ()./-]{7,}\d(?![\w%])")
_ACCEPTANCE = re.compile(
    r"(?i)\b(?:i|we)(?:'m| am| are)?\s+(?:happy|glad|excited|thrilled)?\s*(?:to\s+)?"
    r"(?:accept|agree to|confirm (?:the|this|our) (?:deal|partnership|offer))\b"
    r"|\bit'?s a deal\b|\bdeal confirmed\b|\bconsider it done\b"
)
_SIGN_OFF = re.compile(
    r"(?im)^\s*(?:best|best regards|kind regards|regards|cheers|thanks|thank you|sincerely|"
    r"warmly|all the best|saludos|cordialement|viele grüße|grazie|abraços)[,!.]?"
    r"\s*\n\s*\S.{0,60}\s*$"
)


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


def check_draft(text: str, request: DraftRequest, prefs: Preferences) -> list[str]:
    """Problems that make a draft unusable; empty when it may be used.

    A draft may state only the amounts the decision carries, may not promise acceptance unless
    the decision is to go ahead, may not disclose the creator's floor or rate card, may not carry
    links, addresses or phone numbers, and may not carry a signature (the composer adds it).
    """
    problems: list[str] = []
    if not text.strip():
        return ["empty draft"]
    allowed = {v for v in (request.terms.budget_min, request.terms.budget_max) if v is not None}
    if request.counter_offer is not None:
        allowed.add(request.counter_offer.amount)
    stray = {amount for amount in _amounts(text) if amount not in allowed}
    if stray:
        problems.append("amounts not in the decision: " + ", ".join(sorted(str(a) for a in stray)))
    if request.decision is not Decision.CONTINUE and _ACCEPTANCE.search(text):
        problems.append("promises acceptance")
    private = {prefs.min_budget, *prefs.rate_card.values()} - allowed
    if any(amount in private for amount in _amounts(text)):
        problems.append("discloses private preferences")
    if _URL.search(text) or _EMAIL.search(text):
        problems.append("contains a link or address")
    if _PHONE.search(text):
        problems.append("contains a phone number")
    if _SIGN_OFF.search(text.rstrip()[-120:]):
        problems.append("carries a signature")
    return problems
