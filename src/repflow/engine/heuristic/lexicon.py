"""Multilingual keyword tables of the heuristic engine (one import place for all of them).

Everything here is data: weighted regular expressions per feature, stop words per language for a
cheap language guess and number words for quantities (both read from the language files of
:mod:`repflow.engine.lang`), and the keyword map of product categories.
Patterns are matched case-insensitively against the email text unless a table says otherwise.
Weights are additive evidence; :mod:`repflow.engine.heuristic.classify` turns them into a
category and a confidence.

The tables live in :mod:`.cue_base` (word sets, cues, money and content patterns),
:mod:`.offer_cues`, :mod:`.other_cues` and :mod:`.tables` (extraction tables).
"""

from __future__ import annotations

from repflow.engine.heuristic.cue_base import (
    CONTENT,
    KANA,
    MONEY,
    STOPWORDS,
    WORD,
    Cue,
    words,
)
from repflow.engine.heuristic.offer_cues import (
    CREATOR_CONTEXT,
    PAY_TO_CREATOR,
    SPONSOR_INTENT,
)
from repflow.engine.heuristic.other_cues import (
    APPEARANCE,
    AUTO_REPLY,
    CASUAL,
    COMMISSION,
    DEAL_TALK,
    EXPOSURE,
    FAN,
    GIFT,
    JOB,
    NEWSLETTER,
    NO_PAY,
    OTHER,
    PERSONAL,
    VENDOR,
)
from repflow.engine.heuristic.tables import (
    AGENCY_WORDS,
    LANGUAGE_ONLY_NUMBERS,
    NOT_A_BRAND,
    NUMBER_WORDS,
    PRODUCT_CATEGORIES,
    WEBMAIL_DOMAINS,
)

__all__ = [
    "AGENCY_WORDS",
    "APPEARANCE",
    "AUTO_REPLY",
    "CASUAL",
    "COMMISSION",
    "CONTENT",
    "CREATOR_CONTEXT",
    "DEAL_TALK",
    "EXPOSURE",
    "FAN",
    "GIFT",
    "JOB",
    "KANA",
    "LANGUAGE_ONLY_NUMBERS",
    "MONEY",
    "NEWSLETTER",
    "NOT_A_BRAND",
    "NO_PAY",
    "NUMBER_WORDS",
    "OTHER",
    "PAY_TO_CREATOR",
    "PERSONAL",
    "PRODUCT_CATEGORIES",
    "SPONSOR_INTENT",
    "STOPWORDS",
    "VENDOR",
    "WEBMAIL_DOMAINS",
    "WORD",
    "Cue",
    "words",
]
