"""Rate questions, rush requests and gift values read by the heuristic extractor."""

from __future__ import annotations

import pytest

from repflow.domain.models import PartnershipType
from repflow.engine.heuristic.extract import (
    find_budget,
    find_rate_request,
    find_rush,
    partnership_type,
)


@pytest.mark.parametrize(
    "text",
    [
        "What would your rate be for that package?",
        "Could you send us your rate card?",
        "How much do you charge for a dedicated video?",
        "Was wäre dein Preis für das Paket?",
        "Wie ist dein Honorar dafür?",
        "Quels seraient vos tarifs pour ce pack ?",
        "¿Cuál sería tu tarifa para ese paquete?",
        "Qual seria o seu valor para esse pacote?",
        "Qual è la tua tariffa per questo pacchetto?",
        "Wat is je tarief voor dit pakket?",
    ],
)
def test_rate_questions(text: str) -> None:
    found, evidence = find_rate_request(text)
    assert found
    assert evidence


@pytest.mark.parametrize(
    "text",
    [
        "Our budget is $5,000 for one video.",
        "We pay competitive rates to all our creators.",
        "Wir haben ein Budget von 3.000 €.",
    ],
)
def test_not_rate_questions(text: str) -> None:
    assert find_rate_request(text) == (False, "")


@pytest.mark.parametrize(
    "text",
    [
        "We need it ASAP.",
        "It's a rush job, live this Friday.",
        "Es ist leider dringend.",
        "Nous en avons besoin au plus vite.",
        "Lo necesitamos lo antes posible.",
        "Precisamos o quanto antes.",
        "Ci serve il prima possibile.",
        "We hebben het met spoed nodig.",
    ],
)
def test_rush(text: str) -> None:
    assert find_rush(text)[0]


@pytest.mark.parametrize(
    "text",
    ["No rush at all.", "It's not urgent.", "Es ist nicht dringend.", "Ce n'est pas urgent."],
)
def test_no_rush(text: str) -> None:
    assert find_rush(text) == (False, "")


@pytest.mark.parametrize(
    "text",
    [
        "We'd love to send you our new hiking boots, worth $250, for an honest review.",
        "TrailForge would like to gift you our $180 trail pack for one Reel.",
    ],
)
def test_a_gifts_value_is_not_a_fee(text: str) -> None:
    kind, _ = partnership_type(text, find_budget(text))
    assert kind is PartnershipType.GIFTED


def test_a_paid_offer_with_a_product_stays_paid() -> None:
    text = "We'll gift you our trail pack and pay a flat fee of $1,500 for one Reel."
    kind, _ = partnership_type(text, find_budget(text))
    assert kind is PartnershipType.FLAT_FEE
