"""Mail that names content and money but is not an offer: job postings and unpaid requests.

The phrases are language data (``[classify]`` in ``engine/lang/<code>.toml``). Every text below
was written for these tests: none comes from a corpus, so the corpora stay a test of
generalisation. Each negative has a near twin that *is* an offer (a gift with no fee, a paid
campaign that "recruits" creators), so a rule that simply drops mail with these words fails.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from repflow.domain.models import Category
from repflow.domain.profile import CreatorProfile
from repflow.engine.heuristic import assess_email
from repflow.engine.heuristic.classify import Features, category_scores, compensation
from repflow.engine.port import Assessment
from tests.unit.engine_inputs import inbound_email, thread_context

CREATOR = CreatorProfile(id="maya", name="Maya Lopez", addresses=("maya@repflow.example",))
DATE = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def assess(body: str, *, subject: str, sender: str) -> Assessment:
    email = inbound_email(
        body, subject=subject, sender=sender, date=DATE, message_id="<variant@example.com>"
    )
    return assess_email(email, thread_context(body, creator=CREATOR, now=DATE))


JOB_POSTINGS = [
    pytest.param(
        "Hi Maya,\n\nWe're hiring a part-time social video editor for our furniture brand. "
        "You'd cut our YouTube tutorials and Instagram reels, 20 hours a week, remote.\n\n"
        "Salary: $28–32 per hour, paid time off included. Applications close on March 30.\n\n"
        "Would you, or someone you know, be interested?\n\nDana, People Team, Lumberly",
        "Part-time video editor role at Lumberly",
        id="en",
    ),
    pytest.param(
        "Hallo Maya,\n\nfür unser Team in Köln suchen wir eine Social-Media-Redakteurin in "
        "Vollzeit (unbefristet). Du betreust unseren YouTube-Kanal und Instagram.\n\n"
        "Gehalt: 48.000 € brutto im Jahr, 30 Tage Urlaub.\n\nBewerbungen bitte bis Ende März.\n\n"
        "Viele Grüße\nSven, Holzwerk Rhein GmbH",
        "Stellenanzeige: Social-Media-Redaktion",
        id="de",
    ),
    pytest.param(
        "Dzień dobry,\n\nszukamy osoby na stanowisko Video Content Specialist (pełny etat, "
        "umowa o pracę). Nagrywanie filmów na YouTube i Instagram.\n\nWynagrodzenie brutto: "
        "8 500 zł miesięcznie, pakiet medyczny.\n\nPozdrawiam,\nKasia, Meblarnia Wisła",
        "Oferta pracy – Video Content Specialist",
        id="pl",
    ),
    pytest.param(
        "Olá Maya,\n\nestamos contratando uma pessoa para cuidar do nosso canal no YouTube, "
        "tempo integral, regime CLT. Salário de R$ 6.500 por mês, vale-refeição e plano de "
        "saúde.\n\nAbraços,\nRenata, Marcenaria Ipê",
        "Vaga: criador(a) de conteúdo",
        id="pt",
    ),
]

UNPAID_REQUESTS = [
    pytest.param(
        "Hi Maya!\n\nI run a tiny soap shop (about 1,500 followers). Would you post a story "
        "about our new bar? We can't pay anything right now, but we'd tag you and share your "
        "latest video with our followers — great exposure for both of us!\n\nJo",
        "Story swap?",
        id="en",
    ),
    pytest.param(
        "Ciao Maya,\n\nsiamo un piccolo laboratorio di candele. Ti andrebbe di fare un reel "
        "con noi? Non possiamo pagare e nemmeno spedire prodotti, però ti menzioniamo sul "
        "nostro profilo: sarebbe visibilità per entrambe!\n\nGiulia",
        "Collaborazione?",
        id="it",
    ),
    pytest.param(
        "Hej Maya,\n\nvi är en liten keramikstudio och undrar om du vill göra en video "
        "tillsammans med oss. Vi har tyvärr ingen budget, men det blir bra synlighet för oss "
        "båda!\n\nHälsningar,\nElin",
        "Samarbete?",
        id="sv",
    ),
    pytest.param(
        "Merhaba Maya,\n\nküçük bir seramik atölyesiyiz. Birlikte bir video çekmek ister "
        "misin? Bütçemiz yok, ödeme yapamıyoruz ama karşılıklı tanıtım yaparız.\n\nSelin",
        "İş birliği?",
        id="tr",
    ),
]

GIFT_OFFERS = [
    pytest.param(
        "Hi Maya,\n\nWe're Oakhollow Tools. There's no budget for this one, but we'd love to "
        "send you our new 12-piece chisel set (retail $340) to keep, as a gift. In return we'd "
        "hope for one Instagram reel about it before April 20.\n\nThanks,\nPriya, Oakhollow",
        "Gifted collaboration: chisel set",
        id="en",
    ),
    pytest.param(
        "Hallo Maya,\n\nwir von Fräsenwerk haben leider kein Budget für Honorare, möchten dir "
        "aber unsere neue Oberfräse (UVP 420 €) schenken. Als Gegenleistung wünschen wir uns "
        "ein Instagram-Reel bis Ende April.\n\nBeste Grüße\nLena, Fräsenwerk",
        "Kooperation: Oberfräse",
        id="de",
    ),
]


@pytest.mark.parametrize(("body", "subject"), JOB_POSTINGS)
def test_a_job_posting_with_a_salary_is_not_an_offer(body: str, subject: str) -> None:
    got = assess(body, subject=subject, sender="People Team <jobs@lumberly-furniture.com>")
    assert not got.is_offer
    assert got.category is Category.OTHER


@pytest.mark.parametrize(("body", "subject"), UNPAID_REQUESTS)
def test_an_unpaid_request_offering_exposure_is_not_an_offer(body: str, subject: str) -> None:
    got = assess(body, subject=subject, sender="Shop <hello@smallshop-studio.com>")
    assert not got.is_offer


@pytest.mark.parametrize(("body", "subject"), GIFT_OFFERS)
def test_a_gift_offer_that_says_there_is_no_fee_stays_an_offer(body: str, subject: str) -> None:
    got = assess(body, subject=subject, sender="Partnerships <collabs@oakhollow-tools.com>")
    assert got.is_offer
    assert got.category is Category.SPONSORSHIP


def test_a_paid_campaign_that_recruits_creators_stays_an_offer() -> None:
    body = (
        "Hi Maya,\n\nWe're recruiting five DIY creators for Timberline Stain's spring "
        "campaign: one YouTube integration of 60–90 seconds, paid $2,000 flat, live by May 15."
        "\n\nInterested? Reply and I'll send the brief.\n\nOwen, Timberline Stain"
    )
    got = assess(body, subject="Paid spring campaign", sender="Owen <owen@timberlinestain.com>")
    assert got.is_offer


def test_a_gift_keeps_compensation_when_the_pay_words_are_refused() -> None:
    refused = Features(pay=2.0, no_pay=3.0)
    assert compensation(refused) == 0.0
    assert compensation(Features(pay=2.0, no_pay=3.0, gift=2.0)) == 2.0


def test_one_job_word_alone_does_not_sink_an_offer() -> None:
    offer = Features(intent=3.0, pay=3.0, deliverables=1, creator=2.0, brand=True, budget=True)
    with_word = Features(
        intent=3.0, pay=3.0, deliverables=1, creator=2.0, brand=True, budget=True, job=2.5
    )
    assert category_scores(with_word)[Category.SPONSORSHIP] == pytest.approx(
        category_scores(offer)[Category.SPONSORSHIP]
    )
    posting = Features(
        intent=3.0, pay=3.0, deliverables=1, creator=2.0, brand=True, budget=True, job=5.0
    )
    assert (
        category_scores(posting)[Category.SPONSORSHIP]
        < (category_scores(offer)[Category.SPONSORSHIP])
    )
