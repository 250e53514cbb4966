"""What the money reader finds: one amount, its kind and how it was written."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

MoneyKind = Literal["budget", "product_value", "creator_rate", "commission", "price", "other"]
MoneyBound = Literal["up_to", "at_least"]


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """One money amount found in a text.

    Attributes:
        minimum: Lower end (the amount itself when it is not a range).
        maximum: Upper end; always ``>= minimum``.
        currency: ISO 4217 code; ``default_currency`` or ``None`` when none was written.
        per_unit: What the amount is paid per, normalised: ``"video"``, ``"post"``, ``"reel"``,
            ``"story"``, ``"short"``, ``"month"``, ``"week"``, ``"day"``, ``"hour"``,
            ``"year"``, ``"deliverable"`` (``each``, ``per piece``), ``"creator"``,
            ``"episode"``, ``"stream"``, ``"article"``, ``"newsletter"``, ``"mention"``,
            ``"integration"``, ``"cpm"``, or a sale-like unit (``"sale"``, ``"signup"`` ...).
        kind: ``"budget"``, ``"product_value"``, ``"creator_rate"``, ``"commission"`` or
            ``"other"`` (see the module docstring).
        start: Start of the matched span in the text.
        end: End of the matched span (exclusive).
        text: ``text[start:end]``: currency, number(s), multiplier, per-unit and trailing
            qualifiers such as ``+`` or ``max``; leading words (``up to``) are not included.
        written_out: The amount was written in words (``five thousand dollars``).
        bound: ``"up_to"`` (``up to``, ``max``), ``"at_least"`` (``from``, ``at least``,
            ``+``) or ``None``; minimum and maximum both hold the written amount.
        quoted: The amount is on a ``>`` quoted line.
    """

    minimum: Decimal
    maximum: Decimal
    currency: str | None
    per_unit: str | None
    kind: MoneyKind
    start: int
    end: int
    text: str
    written_out: bool
    bound: MoneyBound | None = None
    quoted: bool = False
