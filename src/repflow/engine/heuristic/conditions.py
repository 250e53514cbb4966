"""Conditions of a deal: usage rights, exclusivity, product category."""

from __future__ import annotations

import re
from typing import Final

from repflow.engine.heuristic.lexicon import (
    PRODUCT_CATEGORIES,
)
from repflow.engine.heuristic.textutil import sentences

_I: Final = re.IGNORECASE


# --------------------------------------------------------------------------------------------
# Usage rights and exclusivity
# --------------------------------------------------------------------------------------------

_USAGE_CUE: Final = re.compile(
    r"\busage (?:rights?|period|term|window|for|of)\b|\busage\s*:|\brights? to (?:use|run)\b|"
    r"\bwhitelist(?:ing|ed)?\b|\bpaid (?:usage|media|ads?|social)\b|"
    r"\blicen[cs](?:e|ing)\b|\bperpetu(?:al|ity)\b|\borganic(?: use| usage| only)\b|"
    r"\bspark ads?\b|\brun (?:it|them|the \w+) as (?:paid )?ads\b|"
    r"\bboost(?:ing)? (?:the )?posts?\b|"
    r"\b(?:as|in) (?:paid )?ads for\b|\bnutzungsrechte?\b|\bderechos? de (?:uso|imagen)\b|"
    r"\bdroits? d'(?:utilisation|usage|exploitation)\b|\bdireitos? de (?:uso|imagem)\b|"
    r"\bdiritti di (?:utilizzo|uso)\b|\bgebruiksrechten\b|\b二次利用\b",
    _I,
)
_DURATION: Final = re.compile(
    r"\b(\d{1,3}|one|two|three|six|twelve)[- ]?(days?|weeks?|months?|years?|días|jours|tage|"
    r"monate|meses|mois|mesi|giorni|dias|anos?|jahre?)\b",
    _I,
)
_UNIT_NAMES: Final = {
    "day": "days",
    "días": "days",
    "jours": "days",
    "tage": "days",
    "giorni": "days",
    "dias": "days",
    "week": "weeks",
    "month": "months",
    "monate": "months",
    "meses": "months",
    "mois": "months",
    "mesi": "months",
    "year": "years",
    "ano": "years",
    "anos": "years",
    "jahr": "years",
    "jahre": "years",
}
_DURATION_WORDS: Final = {"one": 1, "two": 2, "three": 3, "six": 6, "twelve": 12}


def _duration(text: str) -> str | None:
    m = _DURATION.search(text)
    if m is None:
        return None
    raw = m.group(1).lower()
    value = _DURATION_WORDS.get(raw, int(raw) if raw.isdigit() else 0)
    unit = m.group(2).lower()
    unit = _UNIT_NAMES.get(unit, unit if unit.endswith("s") else unit + "s")
    if value == 1:
        unit = unit[:-1]
    return f"{value} {unit}"


def find_usage_rights(text: str) -> tuple[str | None, str]:
    """A short normalised description of the usage rights asked for, and its snippet.

    Examples: ``"organic only"``, ``"paid usage 90 days"``, ``"paid usage 6 months,
    whitelisting"``, ``"paid usage perpetual"``. Every sentence about usage contributes (one
    may name the kind, another the duration). When the wording does not normalise, the first
    usage sentence itself (at most 80 characters).

    Args:
        text: Message text.

    Returns:
        The description (None when usage is not mentioned) and the snippet.
    """
    found = [s for s in sentences(text) if _USAGE_CUE.search(s)]
    if not found:
        return None, ""
    joined = " ".join(found).lower()
    duration = next((d for d in (_duration(s) for s in found) if d), None)
    organic = re.search(r"\borganic\b|\bno paid (?:ads|usage|media)\b", joined)
    perpetual = re.search(r"\bperpetu|\bin perpetuity\b|\bunlimited\b|\bforever\b", joined)
    paid = re.search(
        r"\bpaid (?:usage|media|ads?|social)\b|\bwhitelist|\bspark ads?\b|\bads?\b|\bboost|"
        r"\bpublicidad\b|\bpublicité\b|\bwerbe|\bpubblicit|\bpublicidade\b|\bpaid\b",
        re.sub(r"\bno paid (?:ads|usage|media)\b", "", joined),
    )
    whitelisting = re.search(r"\bwhitelist|\bspark ads?\b", joined)
    if organic and not paid:
        description = "organic only"
    elif perpetual:
        description = "paid usage perpetual" if paid else "perpetual"
    elif paid:
        description = "paid usage"
    elif re.search(r"\blicen[cs]", joined):
        description = "licensing"
    else:
        description = ""
    if description and duration and not perpetual:
        description = f"{description} {duration}"
    if description and whitelisting and description.startswith("paid usage"):
        description += ", whitelisting"
    evidence = " | ".join(_short(s, 100) for s in found[:2])
    return description or _short(found[0]), evidence[:160]


_EXCLUSIVITY: Final = re.compile(
    r"\bexclusivity\b|\bexclusive (?:partner(?:ship)?|rights|deal|period|for)\b|"
    r"\bnon-?compete\b|\bexklusivität\b|\bexclusividad\b|\bexclusivité\b|\bexclusividade\b|"
    r"\besclusiva\b|\bexclusiviteit\b|\b競合\b",
    _I,
)


def find_exclusivity(text: str) -> tuple[str | None, str]:
    """A short description of the exclusivity asked for (``"category exclusivity 30 days"``).

    Args:
        text: Message text.

    Returns:
        The description (``"none"`` when the text rules it out; None when not mentioned)
        and the snippet.
    """
    for sentence in sentences(text):
        m = _EXCLUSIVITY.search(sentence)
        if m is None:
            continue
        low = sentence.lower()
        if re.search(r"\bno (?:\w+ )?exclusiv|\bnon-exclusive\b|\bwithout exclusiv", low):
            return "none", _short(sentence, 160)
        scope = (
            "category exclusivity"
            if re.search(r"categor|competitor|compet", low)
            else ("exclusivity")
        )
        duration = _duration(sentence)
        description = f"{scope} {duration}" if duration else scope
        return description, _short(sentence, 160)
    return None, ""


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split()).strip(" -*•")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------------------------
# Product category
# --------------------------------------------------------------------------------------------


_BLOCKED_FIRST: Final = frozenset(
    {"gambling", "crypto", "adult", "tobacco", "vaping", "weapons", "payday_loans"}
)


def find_product_category(text: str, domain_label: str = "") -> tuple[str | None, str]:
    """The product category of the offer (lower-case single word) and its evidence.

    Categories creators commonly block (gambling, crypto, adult, tobacco, vaping, weapons,
    payday loans) are checked first; then the one with most keyword hits wins.

    Args:
        text: Message text.
        domain_label: The sender's registrable domain label (``luckyspin-casino``), which
            often names the trade.

    Returns:
        The category (None when nothing matched) and the matched word.
    """
    haystack = f"{text}\n{domain_label.replace('-', ' ')}"
    best: tuple[int, int, str, str] | None = None
    for rank, (name, pattern) in enumerate(PRODUCT_CATEGORIES):
        hits = pattern.findall(haystack)
        if not hits:
            continue
        if name in _BLOCKED_FIRST:
            # Categories creators commonly block win on one hit.
            return name, str(hits[0])
        score = (len(hits), -rank)
        if best is None or score > (best[0], best[1]):
            best = (score[0], score[1], name, str(hits[0]))
    if best is None:
        return None, ""
    return best[2], best[3]


# --------------------------------------------------------------------------------------------
# Rate questions and rush requests
# --------------------------------------------------------------------------------------------

_RATE_QUESTION: Final = re.compile(
    # en
    r"\bwhat(?:'s| is| are| would be| would| will) (?:be )?your (?:rates?|fees?|pricing|price|"
    r"quote|charge)\b|\bwhat do you charge\b|\bhow much (?:do|would|will) you charge\b|"
    r"\b(?:send|share|provide|let us know|tell us)(?: us| me)? your (?:rates?|rate card|pricing|"
    r"fees?|quote)\b|\byour (?:rates?|rate card|pricing|fees?) for (?:th(?:is|at|ese)|a|an|one|"
    r"the)\b|\bwhat would (?:it|that|this) cost\b|"
    # de
    r"\bwas (?:kostet|würde|wäre|nimmst|verlangst|berechnest)\b[^.?!\n]{0,40}\?|"
    r"\b(?:dein|deine|ihr|ihre|euer|eure)[mnrs]? (?:preis|preise|honorar|satz|konditionen|"
    r"preisvorstellung)\b|\bwie viel (?:würdest|verlangst|nimmst|berechnest) du\b|"
    # fr
    r"\bquel(?:s|le|les)? (?:serait|serai(?:en)?t|est|sont|seraient) (?:votre|vos|ton|tes) "
    r"(?:tarifs?|prix|conditions)\b|\b(?:vos|tes) tarifs\b|\bvotre tarif\b|"
    r"\bcombien (?:demandez|prenez|factureriez|facturez|prends|factures|demandes)\b|"
    # es
    r"\bcu[aá]l(?:es)? (?:ser[ií]a|es|son|ser[ií]an) (?:tu|tus|su|sus|vuestra) (?:tarifas?|"
    r"precios?)\b|\b(?:tus|sus) tarifas\b|\btu tarifa\b|\bcu[aá]nto (?:cobras|cobrar[ií]as|"
    r"cobra|cobrar[ií]a)\b|"
    # pt
    r"\bqual (?:seria|é|e) (?:o |a )?(?:seu|sua|teu|tua) (?:valor|cachê|preço|tabela)\b|"
    r"\bquanto (?:você |vc )?(?:cobra|cobraria)\b|\b(?:seu|teu) cachê\b|"
    # it
    r"\bqual(?:e)? (?:è|sarebbe|sono|sarebbero) (?:la tua|le tue|il tuo|la sua|le sue) "
    r"(?:tariff[ae]|compenso|prezz[oi])\b|\ble tue tariffe\b|\bla tua tariffa\b|"
    r"\bquanto (?:chiedi|chiederesti|prendi|prenderesti)\b|"
    # nl
    r"\bwat (?:is|zijn|zou|zouden|wordt) (?:je|jouw|uw|jullie) (?:tarief|tarieven|prijs|"
    r"prijzen)\b|\b(?:je|jouw|uw) tarie(?:f|ven)\b|\bwat (?:reken|vraag) je\b|"
    r"\bhoeveel (?:reken|vraag|zou) je\b",
    _I,
)


def find_rate_request(text: str) -> tuple[bool, str]:
    """Whether the brand asks what the creator charges ("what's your rate?"), and where.

    Args:
        text: Message text.

    Returns:
        True and the snippet when the text asks for the creator's price; False and ``""``.
    """
    m = _RATE_QUESTION.search(text)
    if m is None:
        return False, ""
    return True, _snippet(text, m)


_RUSH: Final = re.compile(
    r"\brush(?:ed)?\b|\basap\b|\bas soon as possible\b|\burgent(?:ly|e|es)?\b|"
    r"\b(?:tight|quick|fast|short) (?:turnaround|deadline|timeline)\b|"
    r"\bdringend\b|\beilig\b|\bso schnell wie möglich\b|\bschnellstmöglich\b|"
    r"\bau plus vite\b|\bdès que possible\b|\blo antes posible\b|\bcuanto antes\b|"
    r"\bcon urgencia\b|\bo quanto antes\b|\bo mais rápido possível\b|\bcom urgência\b|"
    r"\bal più presto\b|\bil prima possibile\b|\bcon urgenza\b|\bspoed\b|"
    r"\bzo snel mogelijk\b|\bzsm\b",
    _I,
)
_NOT_RUSH: Final = re.compile(
    r"\b(?:no|not|nicht|kein|keine|pas|sin|sem|nessuna|non|geen|niet)\b[ \w]{0,12}$", _I
)


def find_rush(text: str) -> tuple[bool, str]:
    """Whether the brand asks for a rush ("ASAP", "dringend", "urgente"), and where.

    "No rush", "nicht dringend", "pas urgent" are not rushes.

    Args:
        text: Message text.

    Returns:
        True and the snippet for a rush; False and ``""``.
    """
    for m in _RUSH.finditer(text):
        if _NOT_RUSH.search(text[max(0, m.start() - 16) : m.start()]):
            continue
        return True, _snippet(text, m)
    return False, ""


def _snippet(text: str, m: re.Match[str], width: int = 50) -> str:
    lo = max(0, m.start() - width)
    hi = min(len(text), m.end() + width)
    return " ".join(text[lo:hi].split())
