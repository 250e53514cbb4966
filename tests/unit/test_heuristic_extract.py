"""Extraction by the heuristic engine: brand, agency, budget, type, deliverables, dates..."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from repflow.domain.models import Category, Deliverable, DeliverableKind, PartnershipType, Platform
from repflow.domain.profile import CreatorProfile
from repflow.engine.heuristic import assess_email
from repflow.engine.heuristic.brand import registrable_label
from repflow.engine.heuristic.dates import find_deadline
from repflow.engine.heuristic.extract import find_deliverables
from repflow.engine.heuristic.textutil import detect_language
from repflow.engine.port import Assessment, ThreadContext
from repflow.mail.models import ForwardedMessage
from tests.unit.engine_inputs import address, inbound_email, thread_context

CREATOR = CreatorProfile(id="maya", name="Maya Lopez", addresses=("maya@repflow.example",))
#: Monday 3 March 2025, 10:00 UTC: every relative date below counts from here.
DATE = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
K = DeliverableKind


def assess(
    body: str,
    *,
    subject: str = "Partnership",
    sender: str = "Jordan Blake <jordan@acmeaudio.com>",
    signature: str = "",
    forwarded: tuple[str, str, str] | None = None,
    date: datetime | None = DATE,
) -> Assessment:
    fwd = None
    if forwarded is not None:
        fwd = ForwardedMessage(
            from_=address(forwarded[0]), to=(), date=None, subject=forwarded[1], text=forwarded[2]
        )
    email = inbound_email(
        body, subject=subject, sender=sender, date=date, to_name="", message_id="<x@example.com>"
    )
    context = thread_context(
        body, creator=CREATOR, now=DATE, signature=signature, forwarded=fwd, thread_id="t"
    )
    return assess_email(email, context)


OFFER = "Hi Maya, we'd like to sponsor a paid partnership with you. "

# ------------------------------------------------------------------------------ brand


@pytest.mark.parametrize(
    ("body", "sender", "signature", "brand"),
    [
        (OFFER + "I'm Sam from TechNova, budget $1,000.", "Sam <sam@gmail.com>", "", "TechNova"),
        (
            "Hi Maya, I'm Jordan, creator partnerships lead at Acme Audio. We'd like to sponsor "
            "one integration.",
            "Jordan <j@gmail.com>",
            "",
            "Acme Audio",
        ),
        (
            OFFER + "We at Northwind Coffee love your channel.",
            "N <n@gmail.com>",
            "",
            "Northwind Coffee",
        ),
        (
            "Hi Maya! Fieldnote Journals would like to sponsor two host-read ads.",
            "Oliver <oliver@gmail.com>",
            "",
            "Fieldnote Journals",
        ),
        (
            OFFER + "\nBrand: Lumen Skincare\nBudget: $2,000",
            "A <a@gmail.com>",
            "",
            "Lumen Skincare",
        ),
        (
            OFFER + "Budget is $2,000 for one Reel.",
            "Jordan Blake <jordan@acmeaudio.com>",
            "Best,\nJordan Blake\nCreator Partnerships | Acme Audio",
            "Acme Audio",
        ),
        (
            OFFER + "Budget is $2,000 for one Reel.",
            "Priya <priya@acme-cosmetics.com>",
            "",
            "Acme Cosmetics",
        ),
        (
            "Hola Maya, soy Andrés, de Solmar Bebidas. Queremos una colaboración pagada.",
            "Andrés <andres@gmail.com>",
            "",
            "Solmar Bebidas",
        ),
        (
            "Hallo Maya, ich bin Hannah von Kaltwerk. Wir möchten eine bezahlte Kooperation.",
            "Hannah <h@web.de>",
            "Viele Grüße\nHannah Weber\nKaltwerk GmbH",
            "Kaltwerk",
        ),
        (
            "Bonjour Maya, je vous écris de la part de Maison Lumière pour un partenariat "
            "rémunéré.",
            "Claire <claire@orange.fr>",
            "",
            "Maison Lumière",
        ),
        (
            "HI MAYA, I'M TOM FROM GRIPFORCE. WE WOULD LOVE TO SPONSOR YOUR NEXT VIDEO.",
            "Tom <tom@gripforce.com>",
            "",
            "GRIPFORCE",
        ),
    ],
    ids=[
        "from-here",
        "title-at",
        "we-at",
        "brand-would-like",
        "label-line",
        "signature-company",
        "sender-domain-title-case",
        "es-soy-de",
        "de-signature-gmbh",
        "fr-de-la-part-de",
        "all-caps",
    ],
)
def test_brand(body: str, sender: str, signature: str, brand: str) -> None:
    result = assess(body, sender=sender, signature=signature)
    assert result.terms.brand == brand
    assert result.evidence.get("brand")


@pytest.mark.parametrize(
    ("body", "subject", "sender", "signature", "brand", "agency"),
    [
        (
            "Olá Maya! Sou a Camila, da agência Fala Digital, e estamos com uma campanha do "
            "iFood. Seria 1 reel + 3 stories, cachê de R$ 6.000. Topa?",
            "Campanha iFood",
            "Camila <camila@faladigital.com.br>",
            "",
            "iFood",
            "Fala Digital",
        ),
        (
            "Hi Maya,\n\nMy name is Laura and I work at Gleam Media on behalf of HelloFresh. We'd "
            "love to have you for a sponsored integration in March.",
            "HelloFresh x Maya",
            "Laura <laura@gleam-media.com>",
            "Laura Smith\nTalent Partnerships | Gleam Media",
            "HelloFresh",
            "Gleam Media",
        ),
        (
            "Hey Maya! We're working with Audible on their spring creator campaign and you'd be "
            "a perfect fit. Paid, 1 integration, $3k.",
            "Audible campaign",
            "Kai <kai@influencerpros.com>",
            "",
            "Audible",
            "Influencerpros",
        ),
        (
            "Hi Maya,\n\nThanks for your interest! Attached is the brief for the Ridge Wallet "
            "integration.",
            "Ridge Wallet sponsorship",
            "Sam <sam@ridge.com>",
            "",
            "Ridge Wallet",
            None,
        ),
        (
            "Hello Maya, my name is Tobias, I'm the marketing manager of Nordlicht Outdoor GmbH. "
            "We would like to offer you a paid collaboration.",
            "Kooperation",
            "Tobias <tobias@nordlicht-outdoor.de>",
            "",
            "Nordlicht Outdoor",
            None,
        ),
        (
            "Hi!\n\nWe're the team behind Notion. Would love to explore a sponsorship.",
            "",
            "Notion Team <creators@makenotion.com>",
            "",
            "Notion",
            None,
        ),
        (
            "Bonjour Maya, nous sommes Le Petit Ballon, et nous aimerions vous proposer un "
            "partenariat rémunéré.",
            "Partenariat",
            "Julie <julie@lepetitballon.com>",
            "",
            "Le Petit Ballon",
            None,
        ),
        (
            "Hi Maya, Acme Labs would love to sponsor your next video. Budget $2,000.",
            "",
            "Tom <tom@gmail.com>",
            "Tom Baker\nHead of Growth\nAcme Labs\nacme.com | @acmelabs",
            "Acme Labs",
            None,
        ),
        (
            "Hi Maya — reaching out from the partnerships team at Grammarly about a paid "
            "integration in April.",
            "",
            "Zoe <zoe@grammarly.com>",
            "",
            "Grammarly",
            None,
        ),
        (
            "Hola Maya, te contacto en representación de la marca Adidas para una campaña pagada "
            "en TikTok.",
            "Campaña Adidas",
            "Pablo <pablo@somosagencia.es>",
            "",
            "Adidas",
            "Somosagencia",
        ),
        (
            "Hi Maya,\nCompany: Bose\nDeliverable: 1 YouTube integration\nFee: $5,000",
            "Opportunity",
            "Ops <ops@creatorpartners.io>",
            "",
            "Bose",
            None,
        ),
        (
            "We are NordVPN and we want to sponsor your channel: $12,000 for one integration.",
            "NordVPN sponsorship",
            "NordVPN Partnerships <partnerships@nordvpn-partners.com>",
            "",
            "NordVPN",
            None,
        ),
        (
            "hi maya!! we're a tiny candle brand and would love to gift you a few candles.",
            "gift for you",
            "Wick & Co <hello@wickandco.com>",
            "",
            "Wick & Co",
            None,
        ),
    ],
    ids=[
        "pt-agency-campanha-do-camelcase",
        "agency-on-behalf",
        "agency-working-with",
        "the-x-integration",
        "marketing-manager-of-gmbh",
        "team-behind-display-name",
        "fr-nous-sommes",
        "signature-name-line-skipped",
        "reaching-out-from-team-at",
        "es-representacion-agencia",
        "label-company",
        "brand-partners-domain-not-agency",
        "company-display-name",
    ],
)
def test_brand_and_agency_held_out(
    body: str, subject: str, sender: str, signature: str, brand: str, agency: str | None
) -> None:
    result = assess(body, subject=subject, sender=sender, signature=signature)
    assert result.terms.brand == brand
    assert result.terms.agency == agency


def test_brand_never_from_webmail_domain() -> None:
    result = assess(OFFER + "Budget $1,000 for one Reel.", sender="Kim <kim.lee@gmail.com>")
    assert result.terms.brand is None


def test_agency_and_client() -> None:
    result = assess(
        "Hi Maya,\n\nI'm Rita from Brightline Agency. We're reaching out on behalf of our client "
        "Velora Travel about a paid campaign.",
        sender="Rita Okafor <rita@brightline-agency.com>",
        signature="Rita Okafor\nSenior Talent Manager, Brightline Agency",
    )
    assert result.terms.brand == "Velora Travel"
    assert result.terms.agency == "Brightline Agency"


def test_agency_from_domain_when_only_client_is_named() -> None:
    result = assess(
        "Hello Maya, we represent Glacier Water and would like to book a sponsored video, "
        "budget $3,000.",
        sender="Max <max@bluewave-media.com>",
    )
    assert result.terms.brand == "Glacier Water"
    assert result.terms.agency == "Bluewave Media"


def test_spanish_agency_client() -> None:
    result = assess(
        "Hola Maya, te escribimos en nombre de nuestro cliente Cerveza Andina para una campaña "
        "pagada en Instagram.",
        sender="Lucía <lucia@agenciaplus.com>",
    )
    assert result.terms.brand == "Cerveza Andina"


def test_forwarded_offer_brand_from_forwarded_sender_domain() -> None:
    result = assess(
        "Maya, forwarding this one, looks good.",
        subject="Fwd: Sponsorship",
        sender="Dana Kim <dana@northstar-talent.com>",
        forwarded=(
            "Oliver Grant <oliver@fieldnotejournals.com>",
            "Sponsorship",
            "Hi, we'd like to sponsor two podcast ad reads for $1,500 per episode.\n\n"
            "Best,\nOliver Grant\nPartnerships, Fieldnote Journals",
        ),
    )
    assert result.terms.brand == "Fieldnote Journals"
    assert result.terms.agency is None
    assert result.terms.budget_per_unit == "episode"


def test_registrable_label() -> None:
    assert registrable_label("mail.acme.co.uk") == "acme"
    assert registrable_label("acme-cosmetics.com") == "acme-cosmetics"
    assert registrable_label("localhost") == ""


# ------------------------------------------------------------------------------ budget


@pytest.mark.parametrize(
    ("text", "low", "high", "currency", "per_unit"),
    [
        ("Budget: $4,000 flat fee for both.", "4000", "4000", "USD", None),
        ("Our budget is $5k–7k depending on usage.", "5000", "7000", "USD", None),
        ("We can pay €1.500 per video.", "1500", "1500", "EUR", "video"),
        ("Nuestro presupuesto es de USD 9.500 en total.", "9500", "9500", "USD", None),
        ("Our budget is 2k for the Reel.", "2000", "2000", None, None),
        ("Budget: £800 - £1,200 for two Reels.", "800", "1200", "GBP", None),
    ],
    ids=["plain", "k-range", "eu-grouping-per-video", "es-usd", "no-currency", "gbp-range"],
)
def test_budget(text: str, low: str, high: str, currency: str | None, per_unit: str | None) -> None:
    result = assess(OFFER + text)
    terms = result.terms
    assert terms.budget_min == Decimal(low)
    assert terms.budget_max == Decimal(high)
    assert terms.currency == currency
    assert terms.budget_per_unit == per_unit
    assert result.evidence.get("budget")


def test_no_budget_is_not_invented() -> None:
    result = assess(OFFER + "We'd love to send you our new serum; there is no budget for this.")
    assert result.terms.budget_min is None
    assert result.terms.currency is None


# ------------------------------------------------------------------------------ partnership type


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We offer a $2,000 flat fee for one integration.", PartnershipType.FLAT_FEE),
        (
            "You'd earn a 20% commission on every sale via your affiliate link.",
            PartnershipType.AFFILIATE,
        ),
        (
            "We pay $1,000 upfront plus 10% commission on sales with your code.",
            PartnershipType.HYBRID,
        ),
        (
            "We'd love to send you our new ceramic set as a gifted collaboration, no fee.",
            PartnershipType.GIFTED,
        ),
        (
            "We need 3 UGC videos for our ads; we'll post them on our page. $900 total.",
            PartnershipType.UGC,
        ),
        ("Wir würden dir gerne unser Produkt kostenlos zuschicken.", PartnershipType.GIFTED),
        ("Te ofrecemos una comisión del 15% por cada venta.", PartnershipType.AFFILIATE),
    ],
    ids=["flat", "affiliate", "hybrid", "gifted", "ugc", "de-gifted", "es-affiliate"],
)
def test_partnership_type(text: str, kind: PartnershipType) -> None:
    result = assess(OFFER + text)
    assert result.terms.partnership_type == kind
    assert result.evidence.get("partnership_type")


def test_partnership_type_unknown_when_terms_say_nothing() -> None:
    result = assess("Hi Maya, we'd love to collaborate with you on a campaign for 2 Reels.")
    assert result.is_offer
    assert result.terms.partnership_type is None


# ------------------------------------------------------------------------------ deliverables


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We'd like two Instagram Reels and one Story.",
            {K.INSTAGRAM_REEL: 2, K.INSTAGRAM_STORY: 1},
        ),
        ("Deliverables: 3x TikToks", {K.TIKTOK_VIDEO: 3}),
        (
            "1 dedicated video + 2 Shorts",
            {K.YOUTUBE_DEDICATED: 1, K.YOUTUBE_SHORT: 2},
        ),
        ("a series of 3 videos about our app on your YouTube channel", {K.YOUTUBE_DEDICATED: 3}),
        ("one 60-second integration in your next YouTube video", {K.YOUTUBE_INTEGRATION: 1}),
        ("a 90s ad read in your next video", {K.YOUTUBE_INTEGRATION: 1}),
        ("two host-read mid-roll ads on your podcast", {K.PODCAST_READ: 2}),
        ("a newsletter mention and 2 tweets", {K.NEWSLETTER_MENTION: 1, K.X_POST: 2}),
        ("a sponsored stream on Twitch", {K.TWITCH_STREAM: 1}),
        ("4 UGC videos for our ads", {K.UGC_VIDEO: 4}),
        ("one feed post and a carousel", {K.INSTAGRAM_POST: 1}),
        (
            "un video dedicado en YouTube y dos historias de Instagram",
            {K.YOUTUBE_DEDICATED: 1, K.INSTAGRAM_STORY: 2},
        ),
        ("zwei Reels und drei Instagram-Stories", {K.INSTAGRAM_REEL: 2, K.INSTAGRAM_STORY: 3}),
        ("deux Reels et une intégration YouTube", {K.INSTAGRAM_REEL: 2, K.YOUTUBE_INTEGRATION: 1}),
        ("Instagram Reels x2", {K.INSTAGRAM_REEL: 2}),
        (
            "We're looking for 2x IG Reels, 4 story frames and one static post.",
            {K.INSTAGRAM_REEL: 2, K.INSTAGRAM_STORY: 4, K.INSTAGRAM_POST: 1},
        ),
        (
            "Deliverables:\n• 1 x YouTube dedicated review\n• 3 x YouTube Shorts",
            {K.YOUTUBE_DEDICATED: 1, K.YOUTUBE_SHORT: 3},
        ),
        (
            "Short notice, but could you do a 30s shoutout in your next video?",
            {K.YOUTUBE_INTEGRATION: 1},
        ),
        (
            "ONE DEDICATED VIDEO AND TWO SHORTS. BUDGET $8,000.",
            {K.YOUTUBE_DEDICATED: 1, K.YOUTUBE_SHORT: 2},
        ),
        ("Ideally a 3-part series on your channel.", {K.YOUTUBE_DEDICATED: 3}),
        (
            "We'd need raw footage for our ads, 3 videos, you don't need to post them.",
            {K.UGC_VIDEO: 3},
        ),
        (
            "$2,500 for 2 Reels, $4,000 if you add a TikTok",
            {K.INSTAGRAM_REEL: 2, K.TIKTOK_VIDEO: 1},
        ),
    ],
    ids=[
        "two-reels-one-story",
        "3x-tiktoks",
        "dedicated-plus-shorts",
        "series-of-3",
        "60-second-integration",
        "90s-ad-read",
        "podcast-host-read",
        "newsletter-and-tweets",
        "twitch-stream",
        "ugc-videos",
        "feed-post",
        "es-dedicado-historias",
        "de-zwei-drei",
        "fr-deux",
        "x2-suffix",
        "2x-ig-reels-story-frames-static",
        "bullets-1-x-3-x",
        "short-notice-is-not-a-short",
        "all-caps-number-words",
        "3-part-series",
        "ugc-raw-footage",
        "a-tiktok",
    ],
)
def test_deliverables(text: str, expected: dict[DeliverableKind, int]) -> None:
    result = assess(OFFER + text)
    found = {d.kind: d.quantity for d in result.terms.deliverables}
    assert found == expected


def test_deliverable_quantity_takes_largest_mention() -> None:
    found, evidence = find_deliverables(
        "We'd love two Reels. The Reels should show your routine.", "en"
    )
    assert found == (Deliverable(K.INSTAGRAM_REEL, 2),)
    assert "two Reels" in evidence


def test_price_is_not_a_quantity() -> None:
    found, _ = find_deliverables("We pay $5,000 for Reels and 30 days usage.", "en")
    assert found == (Deliverable(K.INSTAGRAM_REEL, 1),)


def test_past_video_is_not_a_deliverable() -> None:
    found, _ = find_deliverables("We loved your desk setup video on YouTube!", "en")
    assert found == ()


# ------------------------------------------------------------------------------ platforms


def test_platforms_from_text_and_deliverables() -> None:
    result = assess(OFFER + "One YouTube integration and 2 TikToks, also cross-post on Facebook.")
    assert result.terms.platforms == (Platform.YOUTUBE, Platform.TIKTOK, Platform.FACEBOOK)


def test_signature_and_footer_social_links_are_ignored() -> None:
    result = assess(
        OFFER + "We'd like one dedicated YouTube video for $3,000.\n\n"
        "Follow us on Instagram | TikTok | Pinterest\ninstagram.com/acmeaudio",
        signature="Jordan\nAcme Audio\nInstagram: @acmeaudio | TikTok: @acme",
    )
    assert result.terms.platforms == (Platform.YOUTUBE,)


def test_signature_leaking_into_body_does_not_add_platforms() -> None:
    result = assess(
        OFFER + "We'd like one dedicated YouTube video for $3,000.\n\nBest,\nJordan\n"
        "Instagram: @acmeaudio | TikTok: @acme\nwww.acmeaudio.com",
    )
    assert result.terms.platforms == (Platform.YOUTUBE,)


def test_gift_certificate_is_not_gifting() -> None:
    result = assess(
        "Complete our survey for a chance to win one of four $100 gift certificates!",
        subject="Reminder: your input is valuable",
        sender="Survey <survey@research-panel.com>",
    )
    assert not result.is_offer


def test_platform_aliases() -> None:
    result = assess(OFFER + "Posts on IG and X, plus a LinkedIn article and a Snapchat story.")
    assert set(result.terms.platforms) >= {
        Platform.INSTAGRAM,
        Platform.X,
        Platform.LINKEDIN,
        Platform.SNAPCHAT,
    }


# ------------------------------------------------------------------------------ deadline


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The video should go live by March 15.", "en", "2025-03-15"),
        ("Please publish before 15/03.", "en", "2025-03-15"),
        ("Deadline: 2025-04-01", "en", "2025-04-01"),
        ("We need it live in two weeks.", "en", "2025-03-17"),
        ("Go live by end of next month.", "en", "2025-04-30"),
        ("Veröffentlichung bis Ende März.", "de", "2025-03-31"),
        ("Publicación antes del 15 de marzo.", "es", "2025-03-15"),
        ("Mise en ligne avant le 15 mars.", "fr", "2025-03-15"),
        ("Prazo: 10 de abril de 2025.", "pt", "2025-04-10"),
        ("Pubblicazione entro il 30 aprile.", "it", "2025-04-30"),
        ("Timeline: videos due January 20, 2026.", "en", "2026-01-20"),
        ("Please post by Friday.", "en", "2025-03-07"),
        ("Launch is mid-April, ideally live by then.", "en", "2025-04-15"),
        ("公開は4月10日までにお願いします。", "ja", "2025-04-10"),
        ("Posting window: April 3–10.", "en", "2025-04-10"),
        ("Please go live by Friday, March 14.", "en", "2025-03-14"),
        ("Content live between April 14-30.", "en", "2025-04-30"),
        ("We need the draft by 3/20 and final by 3/27.", "en", "2025-03-27"),
        ("Live date: 20.03.2025", "en", "2025-03-20"),
        ("Please post by the end of the month.", "en", "2025-03-31"),
        ("Draft due March 10.\nGo live by March 20.", "en", "2025-03-20"),
    ],
    ids=[
        "en-month-day",
        "en-dmy-numeric",
        "iso",
        "relative-weeks",
        "end-of-next-month",
        "de-ende-maerz",
        "es-antes-del",
        "fr-avant-le",
        "pt-prazo",
        "it-entro",
        "explicit-year",
        "by-friday",
        "mid-month",
        "ja",
        "date-range-takes-end",
        "weekday-then-date",
        "between-range",
        "draft-vs-final",
        "dotted-dmy",
        "end-of-the-month",
        "draft-sentence-vs-live-sentence",
    ],
)
def test_deadline(text: str, language: str, expected: str) -> None:
    value, snippet = find_deadline(text, language=language, base=DATE)
    assert value == expected
    assert snippet


@pytest.mark.parametrize(
    "text",
    [
        "We'd run the ads for 90 days.",
        "The offer expires in 24 hours.",
        "We launched our brand in 2019.",
        "Our product has 60-90 second battery swaps.",
        "Thanks for the chat yesterday!",
    ],
    ids=["usage-duration", "hours", "past-year", "seconds", "no-cue"],
)
def test_not_a_deadline(text: str) -> None:
    assert find_deadline(text, language="en", base=DATE) == (None, "")


def test_deadline_in_assessment_uses_email_date() -> None:
    result = assess(OFFER + "2 Reels for $2,000, live within 10 days.")
    assert result.terms.deadline == "2025-03-13"
    assert "10 days" in result.evidence["deadline"]


def test_deadline_prefers_the_date_after_by() -> None:
    value, _ = find_deadline(
        "Our launch event is on March 5, please post by March 20.", language="en", base=DATE
    )
    assert value == "2025-03-20"


# ------------------------------------------------------------------------------ rights, category


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("Usage rights: organic only, no paid ads.", "organic only"),
        ("Usage rights: 6 months paid usage (whitelisting).", "paid usage 6 months, whitelisting"),
        ("We'd run them as ads for 90 days.", "paid usage 90 days"),
        ("We require usage rights in perpetuity.", "perpetual"),
        ("Nutzungsrechte: 3 Monate für Social Ads.", "paid usage 3 months"),
    ],
    ids=["organic", "whitelisting", "ads-90-days", "perpetual", "de-nutzungsrechte"],
)
def test_usage_rights(text: str, usage: str) -> None:
    result = assess(OFFER + "One Reel for $1,000. " + text)
    assert result.terms.usage_rights == usage
    assert len(result.terms.usage_rights or "") <= 80


@pytest.mark.parametrize(
    ("text", "exclusivity"),
    [
        ("We ask for exclusivity for 30 days.", "exclusivity 30 days"),
        ("30-day category exclusivity (no other audio brands).", "category exclusivity 30 days"),
        ("No exclusivity required.", "none"),
    ],
    ids=["plain", "category", "none"],
)
def test_exclusivity(text: str, exclusivity: str) -> None:
    result = assess(OFFER + "One Reel for $1,000. " + text)
    assert result.terms.exclusivity == exclusivity


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("We're an online casino and sportsbook.", "gambling"),
        ("We're launching a new crypto exchange token presale.", "crypto"),
        ("Our disposable vape flavours are new.", "vaping"),
        ("Our whey protein and pre-workout line.", "supplements"),
        ("Protect your privacy with our VPN.", "vpn"),
        ("Our clean skincare serum.", "beauty"),
        ("Our secret weapon for productivity is a great app.", "tech"),
    ],
    ids=["gambling", "crypto", "vaping", "supplements", "vpn", "beauty", "idiom-not-weapons"],
)
def test_product_category(text: str, category: str) -> None:
    result = assess(OFFER + "One integration for $2,000. " + text)
    assert result.terms.product_category == category


# ------------------------------------------------------------------------------ language, summary


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hi Maya, we would love to work with you on this campaign.", "en"),
        ("Hola Maya, nos encantaría trabajar contigo en una campaña para nuestra marca.", "es"),
        ("Bonjour Maya, nous aimerions travailler avec vous sur notre campagne.", "fr"),
        ("Hallo Maya, wir würden gerne mit dir eine Kooperation für unsere Marke machen.", "de"),
        ("Olá Maya, gostaríamos de fazer uma parceria com você para a nossa marca.", "pt"),
        ("Ciao Maya, vorremmo proporti una collaborazione per il nostro brand.", "it"),
        ("Hoi Maya, wij willen graag met jou samenwerken voor onze nieuwe campagne.", "nl"),
        ("こんにちは、新商品のPR案件のご相談です。", "ja"),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_summary_line() -> None:
    result = assess(
        "Hi Maya, I'm Jordan from Acme Audio. We'd like 2 Reels + 1 Story for a $3,000 flat "
        "fee, live by April 1.",
    )
    assert result.summary == (
        "Acme Audio: 2 instagram_reel + 1 instagram_story, USD 3,000, flat_fee, by 2025-04-01"
    )


def test_summary_is_short_for_long_terms() -> None:
    result = assess(
        OFFER + "I'm Jordan from Acme Audio Professional Studio Gear. 2 Reels, 3 Stories, 1 "
        "dedicated video, 2 Shorts, 4 TikToks, 1 tweet and a newsletter mention for $12,345.67 "
        "per deliverable, live by April 1.",
    )
    assert len(result.summary) <= 140


def test_non_offers_carry_no_terms() -> None:
    result = assess(
        "Hi Maya, our growth packages start at $99/month and we guarantee 10k subscribers.",
        sender="Kevin <kevin@tubeboost.com>",
    )
    assert result.category is Category.VENDOR_PITCH
    assert result.terms.budget_min is None
    assert result.summary.startswith("Vendor pitch")


def test_no_date_on_email_uses_thread_now() -> None:
    result = assess(OFFER + "One Reel for $1,000, live in 3 weeks.", date=None)
    assert result.terms.deadline == "2025-03-24"


# ------------------------------------------------------------------------------ example inbox

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "inbox"


def _example(name: str) -> Assessment:
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip("example inbox not present")
    from repflow.mail.parse import parse_email
    from repflow.mail.trim import trim_body

    email = parse_email(path.read_bytes())
    trimmed = trim_body(
        email.text, sender_name=email.from_.name if email.from_ else None, subject=email.subject
    )
    return assess_email(email, ThreadContext(thread_id="t", creator=CREATOR, trimmed=trimmed))


def test_example_complete_offer_terms() -> None:
    terms = _example("01-complete-offer.eml").terms
    assert terms.brand == "Acme Audio"
    assert (terms.budget_min, terms.currency) == (Decimal(4000), "USD")
    assert terms.deliverables == (
        Deliverable(K.YOUTUBE_INTEGRATION, 1),
        Deliverable(K.YOUTUBE_SHORT, 1),
    )
    assert terms.deadline == "2026-12-15"
    assert terms.usage_rights == "organic only"
    assert terms.partnership_type is PartnershipType.FLAT_FEE


def test_example_agency_html_offer_terms() -> None:
    terms = _example("18-agency-offer-html.eml").terms
    assert (terms.brand, terms.agency) == ("Velora Travel", "Brightline Agency")
    assert (terms.budget_min, terms.budget_max) == (Decimal(5000), Decimal(7000))
    assert terms.deliverables == (
        Deliverable(K.YOUTUBE_DEDICATED, 1),
        Deliverable(K.TIKTOK_VIDEO, 3),
    )
    assert terms.platforms == (Platform.YOUTUBE, Platform.TIKTOK)
    assert terms.deadline == "2027-02-01"
    assert terms.usage_rights == "paid usage 6 months, whitelisting"


def test_example_spanish_offer_terms() -> None:
    result = _example("16-spanish-offer.eml")
    assert result.language == "es"
    assert result.terms.brand == "Solmar Bebidas"
    assert result.terms.budget_min == Decimal(9500)
    assert result.terms.deadline == "2027-01-15"
    assert result.terms.deliverables == (
        Deliverable(K.YOUTUBE_DEDICATED, 1),
        Deliverable(K.INSTAGRAM_STORY, 2),
    )


def test_example_forwarded_and_ugc_and_gambling() -> None:
    forwarded = _example("17-forwarded-by-manager.eml").terms
    assert forwarded.brand == "Fieldnote Journals"
    assert forwarded.deliverables == (Deliverable(K.PODCAST_READ, 2),)
    ugc = _example("07-ugc.eml").terms
    assert ugc.partnership_type is PartnershipType.UGC
    assert ugc.usage_rights == "paid usage 90 days"
    assert _example("19-gambling.eml").terms.product_category == "gambling"


# ---------------------------------------------------------------------------------------------
# Dates written the German way, payment terms, events


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Online bis spätestens 3. Juni 2025, bitte.", "de", "2025-06-03"),
        ("Die Deadline ist der 12. Mai. Danke!", "de", "2025-05-12"),
        ("Abgabe: 18. April 2025", None, "2025-04-18"),
    ],
    ids=["de-bis-spaetestens", "de-deadline-ist-der", "ordinal-other-language"],
)
def test_deadline_with_day_ordinal(text: str, language: str | None, expected: str) -> None:
    assert find_deadline(text, language=language, base=DATE)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Invoice is paid within 30 days of posting. Videos go live by April 2.", "2025-04-02"),
        ("Remaining 50% due 14 days after publication; live date April 9.", "2025-04-09"),
        (
            "Script due March 20 so we can review before the 28 March go-live.",
            "2025-03-28",
        ),
    ],
    ids=["net-30-of-posting", "balance-after-publication", "event-after-date"],
)
def test_payment_terms_are_not_deadlines(text: str, expected: str) -> None:
    assert find_deadline(text, language="en", base=DATE)[0] == expected


def test_payment_term_alone_gives_no_deadline() -> None:
    assert find_deadline("We pay within 15 days of go-live.", language="en", base=DATE)[0] is None


# ---------------------------------------------------------------------------------------------
# Partnership type: "commission" as pay only


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We'd like to commission three Shorts. $1,800 in total.", PartnershipType.FLAT_FEE),
        (
            "We're licensed by the Malta Gaming Commission. Fee $2,000 for one stream.",
            PartnershipType.FLAT_FEE,
        ),
        ("The contract has a provision for usage rights. $900 per Reel.", PartnershipType.FLAT_FEE),
        ("Du erhältst 15 % Provision auf jede Bestellung.", PartnershipType.AFFILIATE),
        ("$500 plus a 10% commission on every sale.", PartnershipType.HYBRID),
    ],
    ids=["commission-verb", "regulator", "english-provision", "de-provision", "hybrid"],
)
def test_commission_means_pay_only_as_pay(text: str, kind: PartnershipType) -> None:
    assert assess(OFFER + text).terms.partnership_type == kind


# ---------------------------------------------------------------------------------------------
# Deliverables: Japanese counters, newsletter issues, feed posts, other networks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("・YouTube動画 2本（製品紹介）", {K.YOUTUBE_INTEGRATION: 2}),
        ("インスタのリール1本とストーリーズ3回", {K.INSTAGRAM_REEL: 1, K.INSTAGRAM_STORY: 3}),
        ("TikTok動画 1本をお願いします", {K.TIKTOK_VIDEO: 1}),
        (
            "We'd sponsor three issues of your newsletter: a top placement in each.",
            {K.NEWSLETTER_MENTION: 3},
        ),
        ("Two sponsored mentions in your weekly newsletter issues.", {K.NEWSLETTER_MENTION: 2}),
        (
            "2 stories de Instagram y 1 publicación en tu feed",
            {K.INSTAGRAM_STORY: 2, K.INSTAGRAM_POST: 1},
        ),
        ("1 publicação no feed e 2 reels", {K.INSTAGRAM_POST: 1, K.INSTAGRAM_REEL: 2}),
        ("1 Reel and 2 Facebook posts", {K.INSTAGRAM_REEL: 1, K.OTHER: 2}),
        ("$900 for the TikTok and the Reel", {K.TIKTOK_VIDEO: 1, K.INSTAGRAM_REEL: 1}),
    ],
    ids=[
        "ja-youtube-hon",
        "ja-reel-story",
        "ja-tiktok",
        "newsletter-issues",
        "newsletter-mentions",
        "es-feed",
        "pt-feed",
        "facebook-other",
        "for-the-tiktok",
    ],
)
def test_more_deliverables(text: str, expected: dict[DeliverableKind, int]) -> None:
    language = detect_language(text)
    items, _ = find_deliverables(text, language)
    assert {d.kind: d.quantity for d in items} == expected


@pytest.mark.parametrize(
    "text",
    [
        "I saw your TikTok about coffee, loved it.",
        "Our newsletter goes out weekly; issue 12 had a great open rate.",
        "We post on Facebook and LinkedIn every day.",
    ],
)
def test_platform_mentions_are_not_deliverables(text: str) -> None:
    items, _ = find_deliverables(text, "en")
    assert items == ()


def test_japanese_platform_without_word_boundary() -> None:
    result = assess(
        "TheoTests様\n\nタイアップのご相談です。YouTube動画 1本、謝礼は20万円です。"
        "2026年5月31日まで公開をお願いします。",
        subject="タイアップのご相談",
        sender="田中 <tanaka@bungu.co.jp>",
    )
    assert result.terms.platforms == (Platform.YOUTUBE,)
    assert result.terms.deadline == "2026-05-31"


# ---------------------------------------------------------------------------------------------
# Brands: Italian clients, German compound nouns, the subject of a reply


@pytest.mark.parametrize(
    ("body", "sender", "brand", "agency"),
    [
        (
            "Ciao Maya, ti scrivo per conto del nostro cliente Vento Bici per una campagna "
            "pagata: 1 Reel, budget 900 €.",
            "Giulia <giulia@stellare-media.it>",
            "Vento Bici",
            "Stellare Media",
        ),
        (
            "Ciao Maya, la nostra agenzia lavora per la nostra cliente Pasta Viva: 2 storie "
            "Instagram, compenso 400 €.",
            "Marco <marco@agenziablu.it>",
            "Pasta Viva",
            None,
        ),
    ],
    ids=["per-conto-del", "nostra-cliente"],
)
def test_italian_client(body: str, sender: str, brand: str, agency: str | None) -> None:
    result = assess(body, sender=sender)
    assert result.terms.brand == brand
    if agency is not None:
        assert result.terms.agency == agency


def test_german_compound_noun_in_subject_is_not_a_brand() -> None:
    result = assess(
        "Hallo Maya, kurzes Update: neue Deadline ist der 30. April. Budget bleibt gleich, "
        "1.500 € für die zwei Reels.",
        subject="AW: Anfrage Nordwind Surf – Sommerkampagne",
        sender="Lea <lea@nordwind-surf.de>",
    )
    assert result.terms.brand == "Nordwind Surf"


def test_subject_domain_phrase_is_only_a_fallback() -> None:
    result = assess(
        "Hi Maya, attached is the brief for the Ridge Wallet integration. $1,000 as agreed.",
        subject="Ridge Wallet sponsorship",
        sender="Sam <sam@ridge.com>",
    )
    assert result.terms.brand == "Ridge Wallet"


@pytest.mark.parametrize(
    "signature",
    [
        "Léa Martin\nChargée de partenariats influence – Atelier Soleil",
        "Lucía Gómez\nEncargada de Influencer Marketing | Atelier Soleil",
        "Paolo Rossi\nIncaricato partnership influencer, Atelier Soleil",
    ],
)
def test_job_title_in_signature_is_not_an_agency(signature: str) -> None:
    result = assess(
        OFFER + "1 Reel pour 900 €.", sender="Léa <lea@ateliersoleil.fr>", signature=signature
    )
    assert result.terms.agency is None
    assert result.terms.brand == "Atelier Soleil"
