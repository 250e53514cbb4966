"""A signal, its weight, and the verdicts summed weights reach (scam, injection, suspicion)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: Summed weight from which an email is treated as a scam.
SCAM_THRESHOLD = 1.0
#: Summed weight from which an email is treated as a prompt-injection attempt.
INJECTION_THRESHOLD = 1.0

#: Bodies are scanned up to this many characters (signals sit near the top in practice).
_MAX_TEXT = 100_000
#: Subjects and display names are scanned up to this many characters.
_MAX_HEADER = 1_000
#: HTML is scanned up to this many characters.
_MAX_HTML = 400_000
_SNIPPET = 60


@dataclass(frozen=True, slots=True)
class Signal:
    """One piece of deterministic evidence.

    Attributes:
        code: stable snake_case identifier (``lookalike_domain``, ``instruction_override``...).
        weight: contribution to the verdict; 1.0 alone reaches the threshold.
        detail: a short human explanation; quotes at most a 60-character snippet of the body.
    """

    code: str
    weight: float
    detail: str


#: Summed weight from which an email is suspicious: not a scam verdict, but nothing is sent on
#: its own — a person looks first.
SUSPICION_THRESHOLD = 0.5


def _reaches(signals: Iterable[Signal], threshold: float) -> bool:
    # Weights are decimals summed as floats (0.3 + 0.7 < 1.0): compare with a tolerance.
    return sum(signal.weight for signal in signals) >= threshold - 1e-9


def is_suspicious(signals: Iterable[Signal]) -> bool:
    """Whether scam and injection signals together are too strong to answer without a human.

    Args:
        signals: what :func:`scam_signals` and :func:`injection_signals` returned.

    Returns:
        True when their summed weight reaches :data:`SUSPICION_THRESHOLD`.
    """
    return _reaches(signals, SUSPICION_THRESHOLD)


def is_scam(signals: Iterable[Signal]) -> bool:
    """Whether scam signals add up to a scam verdict.

    Args:
        signals: what :func:`scam_signals` returned.

    Returns:
        True when the summed weight reaches :data:`SCAM_THRESHOLD`.
    """
    return _reaches(signals, SCAM_THRESHOLD)


def is_injection(signals: Iterable[Signal]) -> bool:
    """Whether injection signals add up to a prompt-injection verdict.

    Args:
        signals: what :func:`injection_signals` returned.

    Returns:
        True when the summed weight reaches :data:`INJECTION_THRESHOLD`.
    """
    return _reaches(signals, INJECTION_THRESHOLD)
