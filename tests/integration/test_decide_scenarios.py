"""Written brand mails through the whole pipeline (heuristic engine): each decision branch of
pricing a request from the rate card, in the brand's language (issue #14)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from repflow.config import RepflowConfig
from repflow.domain.models import DeliverableKind, PartnershipType
from repflow.domain.profile import CreatorProfile, Preferences
from repflow.engine.draft_check import fold
from repflow.engine.heuristic import HeuristicEngine
from repflow.engine.reading.money import find_money
from repflow.pipeline.process import Pipeline, ProcessResult
from repflow.store.memory import InMemoryStore

#: The issue's card: a dedicated video and two Shorts come to $9,800; an integration and two
#: Reels to $7,600.
CARD = {
    DeliverableKind.YOUTUBE_DEDICATED: Decimal(8200),
    DeliverableKind.YOUTUBE_SHORT: Decimal(800),
    DeliverableKind.YOUTUBE_INTEGRATION: Decimal(5200),
    DeliverableKind.INSTAGRAM_REEL: Decimal(1200),
}
PREFS = Preferences(
    min_budget=Decimal(1500),
    rate_card=CARD,
    required_fields=("budget", "deliverables"),
    signature="Maya",
)
NOW = datetime(2026, 11, 16, 12, tzinfo=UTC)

#: English words that must not appear in a reply written in another language.
ENGLISH = re.compile(r"\b(?:Thanks|Thank you|Hello|could you|would be|my rate|budget is)\b")


def mail(body: str, *, msgid: str = "<m1@trailforge.com>", in_reply_to: str | None = None) -> bytes:
    thread = f"In-Reply-To: {in_reply_to}\nReferences: {in_reply_to}\n" if in_reply_to else ""
    return (
        "From: Lena Graf <lena@trailforge.com>\nTo: maya@repflow.example\n"
        f"Subject: Partnership\nMessage-ID: {msgid}\n{thread}"
        "Date: Mon, 16 Nov 2026 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n"
        f"{body}\n"
    ).encode()


async def run(*bodies: str, prefs: Preferences = PREFS) -> list[ProcessResult]:
    """Process ``bodies`` as one thread (each answering the one before)."""
    creator = CreatorProfile(
        id="maya", name="Maya", addresses=("maya@repflow.example",), preferences=prefs
    )
    store = InMemoryStore()
    await store.upsert_creator(creator)
    config = RepflowConfig(creators=(creator,), own_domains=("repflow.example",))
    results = []
    for turn, body in enumerate(bodies):
        # Turns a day apart: the per-thread reply limit is not what these tests are about.
        at = NOW.replace(day=16 + turn)
        pipeline = Pipeline(
            store=store, engine=HeuristicEngine(), config=config, clock=lambda at=at: at
        )
        previous = f"<m{turn}@trailforge.com>" if turn else None
        results.append(
            await pipeline.process(
                mail(body, msgid=f"<m{turn + 1}@trailforge.com>", in_reply_to=previous)
            )
        )
    return results


def amounts(text: str) -> set[tuple[Decimal, str | None]]:
    return {(m.minimum, m.currency) for m in find_money(fold(text))}


def reply_of(result: ProcessResult) -> str:
    assert result.reply is not None, result.reasons
    assert "draft_replaced" not in result.flags
    return result.reply.text


# -- en -----------------------------------------------------------------------------------------

TRAILFORGE_EN = (
    "Hi Maya,\n\nI'm Lena from TrailForge, the outdoor gear brand. We'd love to sponsor one "
    "dedicated YouTube video and two YouTube Shorts about our new trail shoe. Our budget is "
    "{budget} flat fee.\n\nBest,\nLena"
)


async def test_en_below_the_card_is_countered_at_the_price_not_accepted():
    (result,) = await run(TRAILFORGE_EN.format(budget="$9,000"))
    assert result.decision == "negotiate"
    assert result.language == "en"
    assert result.reply is not None
    assert result.reply.language == "en"
    text = reply_of(result)
    assert "great fit" not in text
    assert "$9,800" in text
    # what the budget buys instead: the dedicated video and one Short
    assert "one dedicated YouTube video and one YouTube Short" in text
    assert amounts(text) == {(Decimal(9800), "USD"), (Decimal(9000), "USD")}
    assert "card: 1 x youtube_dedicated at 8200 + 2 x youtube_short at 800 = 9800 USD" in (
        result.reasons
    )
    assert any(r.startswith("offer 9000 USD < price") for r in result.reasons)


async def test_en_at_the_price_qualifies():
    (result,) = await run(TRAILFORGE_EN.format(budget="$10,000"))
    assert result.decision == "continue"
    assert result.lead_state == "deal_created"
    assert any(r.endswith("qualified") for r in result.reasons)


async def test_en_far_below_is_declined_politely_without_amounts():
    (result,) = await run(TRAILFORGE_EN.format(budget="$3,000"))
    assert result.decision == "decline"
    assert result.reply is not None
    assert result.reply.mode == "auto"
    assert not re.search(r"\d", reply_of(result).replace("Maya", ""))


async def test_en_far_below_is_countered_when_the_creator_prefers():
    (result,) = await run(
        TRAILFORGE_EN.format(budget="$3,000"),
        prefs=PREFS.model_copy(update={"below_reach": "counter"}),
    )
    assert result.decision == "negotiate"
    assert "$9,800" in reply_of(result)


RATE_EN = (
    "Hi Maya,\n\nTrailForge here. We'd like one dedicated YouTube video and two YouTube Shorts. "
    "What would your rate be for that package?\n\nThanks,\nLena"
)


async def test_en_rate_question_gets_the_price_of_the_package():
    (result,) = await run(RATE_EN)
    assert result.decision == "negotiate"
    text = reply_of(result)
    assert "$9,800" in text
    assert "your budget" not in text
    assert amounts(text) == {(Decimal(9800), "USD")}
    assert "rate asked: quoted 9800 USD" in result.reasons


async def test_en_rate_question_without_quoting_asks_for_scope_and_budget():
    (result,) = await run(RATE_EN, prefs=PREFS.model_copy(update={"quote_rates": False}))
    assert result.decision == "ask_info"
    text = reply_of(result)
    assert "your budget" in text
    assert amounts(text) == set()


async def test_en_gifted_only_is_declined_not_asked_for_a_budget():
    (result,) = await run(
        "Hi Maya,\n\nWe'd love to send you our new TrailForge hiking boots, worth $250, for an "
        "honest review in an Instagram Reel.\n\nLena"
    )
    assert result.deal is not None
    assert result.deal.partnership_type is PartnershipType.GIFTED
    assert result.decision == "decline"
    assert "budget" not in reply_of(result)


async def test_en_gift_value_is_not_a_fee_when_gifts_are_accepted():
    prefs = PREFS.model_copy(
        update={"accepted_types": frozenset({PartnershipType.GIFTED, PartnershipType.FLAT_FEE})}
    )
    (result,) = await run(
        "Hi Maya,\n\nTrailForge would like to gift you our $180 trail pack. In return we'd love "
        "one Instagram Reel.\n\nLena",
        prefs=prefs,
    )
    assert result.decision == "continue"
    assert any("not a fee" in r for r in result.reasons)


async def test_en_paid_usage_is_priced():
    (result,) = await run(
        "Hi Maya,\n\nTrailForge would like one YouTube integration for $5,200 flat fee, plus 30 "
        "days of paid usage for ads.\n\nLena"
    )
    assert result.decision == "negotiate"
    assert "paid usage 1 month(s) at +10%/month = +10%" in result.reasons
    assert "price 5720 USD" in result.reasons
    text = reply_of(result)
    assert "$5,800" in text
    assert "fewer" not in text  # one deliverable: nothing to drop


async def test_en_follow_up_acknowledges_the_answer_instead_of_thanking_for_reaching_out():
    first, second = await run(
        "Hi Maya,\n\nTrailForge would love to sponsor one dedicated YouTube video and two YouTube "
        "Shorts about our new trail shoe. Let us know if you're interested!\n\nLena",
        "Hi Maya,\n\nGreat! Our budget is $10,000 flat fee.\n\nLena",
    )
    assert first.decision == "ask_info"
    assert second.decision == "continue"
    text = reply_of(second)
    assert "reaching out" not in text
    assert "getting in touch" not in text
    assert "the budget" in text


# -- de -----------------------------------------------------------------------------------------


async def test_de_euro_offer_below_the_card_is_countered_in_german_and_euros():
    (result,) = await run(
        "Hallo Maya,\n\nich bin Lena von TrailForge. Wir möchten eine YouTube-Integration und "
        "zwei Instagram Reels buchen. Unser Budget liegt bei 5.000 €.\n\nViele Grüße\nLena"
    )
    assert result.decision == "negotiate"
    assert result.language == "de"
    assert result.reply is not None
    assert result.reply.language == "de"
    text = reply_of(result)
    assert not ENGLISH.search(text), text
    assert "7.100 €" in text  # 7,600 USD in euros, rounded up
    assert "eine YouTube-Integration" in text.split("7.100 €", 1)[1]  # what 5.000 € buys
    assert "offer 5400 USD < price, >= 0.5 x price = 3800: countered" in result.reasons


async def test_de_rate_question_is_quoted_in_german():
    (result,) = await run(
        "Hallo Maya,\n\nich bin Lena von TrailForge. Wir möchten eine bezahlte Kooperation: ein "
        "eigenes YouTube-Video und zwei YouTube Shorts. Was wäre dein Preis für das Paket?\n\n"
        "Viele Grüße\nLena"
    )
    assert result.decision == "negotiate"
    text = reply_of(result)
    assert not ENGLISH.search(text), text
    assert amounts(text) == {(Decimal(9800), "USD")}


async def test_de_far_below_is_declined_in_german():
    (result,) = await run(
        "Hallo Maya,\n\nich bin Lena von TrailForge. Wir möchten ein eigenes YouTube-Video und "
        "zwei YouTube Shorts buchen. Unser Budget liegt bei 2.000 €.\n\nViele Grüße\nLena"
    )
    assert result.decision == "decline"
    text = reply_of(result)
    assert result.reply is not None
    assert result.reply.language == "de"
    assert not ENGLISH.search(text)
    assert "absage" in text or "aus." in text or "absagen" in text


async def test_de_paid_usage_within_budget_qualifies_and_is_summarised_in_german():
    (result,) = await run(
        "Hallo Maya,\n\nich bin Lena von TrailForge. Wir möchten eine YouTube-Integration und "
        "zwei Instagram Reels buchen. Unser Budget liegt bei 9.000 €, dazu 30 Tage "
        "Nutzungsrechte für Paid Ads.\n\nViele Grüße\nLena"
    )
    assert result.decision == "continue"
    assert "price 8360 USD" in result.reasons
    text = reply_of(result)
    assert "bezahlte Nutzung 30 Tage" in text
    assert not ENGLISH.search(text)


# -- fr, es and more ----------------------------------------------------------------------------


async def test_fr_rate_question_is_quoted_in_french():
    (result,) = await run(
        "Bonjour Maya,\n\nLena de TrailForge. Nous aimerions une intégration YouTube et deux "
        "Reels Instagram. Quels seraient vos tarifs pour ce pack ?\n\nCordialement,\nLena"
    )
    assert result.decision == "negotiate"
    assert result.reply is not None
    assert result.reply.language == "fr"
    text = reply_of(result)
    assert not ENGLISH.search(text)
    assert amounts(text) == {(Decimal(7600), "USD")}


async def test_es_offer_at_the_price_qualifies_in_spanish():
    (result,) = await run(
        "Hola Maya:\n\nSoy Lena, de TrailForge. Queremos patrocinar un vídeo dedicado de YouTube "
        "y dos YouTube Shorts. Nuestro presupuesto es de 10.000 € por todo.\n\nSaludos,\nLena"
    )
    assert result.decision == "continue"
    assert result.reply is not None
    assert result.reply.language == "es"
    text = reply_of(result)
    assert "10.000 €" in text
    assert not ENGLISH.search(text)


async def test_es_rate_question_is_quoted_in_spanish():
    (result,) = await run(
        "Hola Maya:\n\nSoy Lena, de TrailForge. Nos interesa una integración en YouTube y dos "
        "Reels de Instagram. ¿Cuál sería tu tarifa para ese paquete?\n\nSaludos,\nLena"
    )
    assert result.decision == "negotiate"
    assert amounts(reply_of(result)) == {(Decimal(7600), "USD")}


@pytest.mark.parametrize(
    ("language", "body", "counter"),
    [
        (
            "nl",
            "Hoi Maya,\n\nIk ben Lena van TrailForge. We willen graag een YouTube-integratie en "
            "twee Instagram Reels. Ons budget is € 5.000.\n\nGroetjes,\nLena",
            "€ 7.100",
        ),
        (
            "it",
            "Ciao Maya,\n\nsono Lena di TrailForge. Vorremmo un'integrazione su YouTube e due "
            "Reel su Instagram. Il nostro budget è di 5.000 €.\n\nUn saluto,\nLena",
            "7.100 €",
        ),
        (
            "pt",
            "Olá Maya,\n\nSou a Lena, da TrailForge. Queremos uma integração no YouTube e dois "
            "Reels no Instagram. Nosso orçamento é de 5.000 €.\n\nAbraços,\nLena",
            "7.100 €",
        ),
    ],
)
async def test_counter_in_the_brands_language(language: str, body: str, counter: str):
    (result,) = await run(body)
    assert result.decision == "negotiate"
    assert result.reply is not None
    assert result.reply.language == language
    text = reply_of(result)
    assert counter in text
    assert not ENGLISH.search(text)


async def test_an_unsupported_language_gets_an_english_draft_flagged_for_the_creator():
    (result,) = await run(
        "マヤさん、こんにちは。YouTubeの専用動画1本とショート2本をお願いしたいです。予算は9,000ドルです。"
    )
    assert result.language == "ja"
    assert result.reply is not None
    assert result.reply.language == "en"
    assert result.reply.mode == "draft"
    assert "reply in English: none written in ja" in result.reasons
