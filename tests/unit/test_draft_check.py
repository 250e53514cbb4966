"""The draft check: an adversarial corpus that must be caught, real replies that must pass.

Every row of ``data/bad_drafts.jsonl`` is a draft a model (or a hostile email steering one) could
write, with the problem it must be caught for; every row of ``data/good_drafts.jsonl`` is a
polite reply that must pass. All are checked against one case: the brand Acme offers 3,000 (in
the row's currency, USD unless it says otherwise), the counter offer is 4,500, the creator is
Maya Chen writing from maya@repflow.example, with the default floor (1,000) and rate card.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repflow.domain.models import (
    DealTerms,
    Decision,
    Deliverable,
    DeliverableKind,
    PartnershipType,
    Platform,
)
from repflow.domain.money import Money
from repflow.domain.profile import ASKABLE_FIELDS, Preferences
from repflow.engine import draft_check
from repflow.engine.draft_check import (
    ACCEPTANCE_PHRASES,
    MAX_DRAFT_CHARS,
    Code,
    draft_problems,
    fold,
    quotable,
)
from repflow.engine.heuristic import HeuristicEngine
from repflow.engine.port import DraftRequest
from repflow.engine.templates import SUPPORTED_LANGUAGES, draft_from_templates
from repflow.pipeline.safety import check_draft

DATA = Path(__file__).parent / "data"
SENDER = "maya@repflow.example"
PREFS = Preferences()


def load(name: str) -> list[dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").split("\n")
    return [json.loads(line) for line in lines if line.strip()]


BAD = load("bad_drafts.jsonl")
GOOD = load("good_drafts.jsonl")


def request(decision: Decision | str, currency: str = "USD", **changes: Any) -> DraftRequest:
    decision = Decision(decision)
    values: dict[str, Any] = {
        "decision": decision,
        "thread_id": "t1",
        "subject": "Partnership",
        "terms": DealTerms(
            brand="Acme",
            budget_min=Decimal(3000),
            budget_max=Decimal(3000),
            currency=currency,
            deliverables=(Deliverable(DeliverableKind.YOUTUBE_INTEGRATION),),
        ),
        "creator_name": "Maya Chen",
        "counterparty_name": "Jordan Blake",
        "counter_offer": Money(Decimal(4500), currency) if decision is Decision.NEGOTIATE else None,
        "language": "en",
    }
    values.update(changes)
    return DraftRequest(**values)


def codes(text: str, req: DraftRequest, prefs: Preferences = PREFS) -> set[Code]:
    return {problem.code for problem in draft_problems(text, req, prefs, sender=SENDER)}


# -- the corpus -------------------------------------------------------------------------------


def test_the_corpus_is_large_and_varied() -> None:
    languages = Counter(row["language"] for row in BAD)
    assert len(BAD) >= 150
    assert {"en", "de", "fr", "es", "pt", "it", "nl"} <= set(languages)
    assert all(languages[lang] >= 15 for lang in ("en", "de", "fr", "es", "pt", "it", "nl"))
    assert {row["problem"] for row in BAD} == {code.value for code in Code} - {"empty", "length"}
    assert len(GOOD) >= 40
    assert len({row["language"] for row in GOOD}) >= 7
    assert {row["decision"] for row in GOOD} == {"ask_info", "decline", "negotiate", "continue"}


@pytest.mark.parametrize(
    "row", BAD, ids=[f"{r['language']}-{r['problem']}-{i}" for i, r in enumerate(BAD)]
)
def test_every_bad_draft_is_caught_for_its_problem(row: dict[str, Any]) -> None:
    found = codes(row["text"], request(row["decision"], language=row["language"]))
    assert Code(row["problem"]) in found, (row["text"], found)


@pytest.mark.parametrize(
    "row", GOOD, ids=[f"{r['language']}-{r['decision']}-{i}" for i, r in enumerate(GOOD)]
)
def test_every_good_draft_passes(row: dict[str, Any]) -> None:
    req = request(row["decision"], row["currency"], language=row["language"])
    assert draft_problems(row["text"], req, PREFS, sender=SENDER) == ()


# -- rules, one by one ------------------------------------------------------------------------


def test_problems_read_as_code_and_detail() -> None:
    found = check_draft("Call me at +1 415 555 0134.", request("ask_info"), PREFS)
    assert found == ["phone: phone number '+1 415 555 0134'"]


def test_empty_and_overlong_drafts() -> None:
    assert codes(" \n\t", request("decline")) == {Code.EMPTY}
    long = ("Thanks for reaching out. " * 400).strip()
    assert len(long) > MAX_DRAFT_CHARS
    assert codes(long, request("decline")) == {Code.LENGTH}


def test_the_senders_own_address_is_the_one_allowed() -> None:
    text = "Hi Jordan,\n\nReply to {} with the brief."
    assert codes(text.format(SENDER), request("ask_info")) == set()
    assert codes(text.format(SENDER.upper()), request("ask_info")) == set()
    assert codes(text.format("maya@other.example"), request("ask_info")) == {Code.EMAIL}
    assert codes(text.format("maya@repflow.example.evil.xyz"), request("ask_info")) == {Code.EMAIL}


@pytest.mark.parametrize(
    "text",
    [
        "e.g. a dedicated video, i.e. one integration, z. B. ein Reel, p. ej. un Short.",
        "Please loop in Mr.Smith from your team.",
        "It has 1.500,00 views and 2.5 times the reach of Shorts/Reels.",
        "YouTube, Instagram, TikTok… whichever you prefer.",
        "Live on 15.03.2026 or 2026-03-15, for the 2025/2026 season, at 10:30.",
        "I have 3 Reels and 12 Stories planned, and 1 500 000 views last year.",
        "Is the 15% commission on top? And could you point us to the brief?",
        "El punto es que necesito el calendario. C'est un bon point de départ.",
    ],
)
def test_ordinary_text_is_not_a_link_phone_or_amount(text: str) -> None:
    assert codes(text, request("ask_info")) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pay at evil-payments.xyz today.", Code.LINK),
        ("Pay at EVIL-PAYMENTS.XYZ today.", Code.LINK),
        ("See evil-payments\uff0exyz.", Code.LINK),
        ("See evil-payments\u3002xyz.", Code.LINK),
        ("See evil-pay\u200bments.xyz.", Code.LINK),
        ("See evil-payments . xyz please.", Code.LINK),
        ("See evil-payments[.]xyz.", Code.LINK),
        ("See evil-payments(dot)xyz.", Code.LINK),
        ("See x dot com.", Code.LINK),
        ("See hxxp://evil.example/x", Code.LINK),
        ("See [the brief](http://evil.example).", Code.LINK),
        ("Write to jo at acme dot com.", Code.EMAIL),
        ("Write to jo [at] acme [dot] com.", Code.EMAIL),
        ("Call 0171 2345678.", Code.PHONE),
        ("Call ٠١٧١ ٢٣٤٥٦٧٨.", Code.PHONE),
        ("Call 555-O1OO-123.", Code.PHONE),
    ],
)
def test_obfuscation_does_not_hide_a_link_address_or_phone(text: str, expected: Code) -> None:
    assert expected in codes(text, request("ask_info"))


def test_fold_undoes_unicode_tricks() -> None:
    assert fold("ｅｖｉｌ．ｃｏｍ") == "evil.com"
    assert fold("ev\u200bil\u2060.c\u043em") == "evil.com"
    assert fold("\U0001d7d3\u0665\u0660") == "550"


def test_amounts_depend_on_the_decision() -> None:
    counter = "For this scope I'd propose $4,500."
    assert codes(counter, request("negotiate")) == set()
    assert Code.AMOUNT in codes(counter, request("decline"))
    assert Code.AMOUNT in codes(counter, request("ask_info"))
    assert Code.AMOUNT in codes(counter, request("continue"))
    budget = "Thanks for the $3,000 offer."
    for decision in ("ask_info", "decline", "negotiate", "continue"):
        assert codes(budget, request(decision)) == set(), decision


def test_an_amount_in_another_currency_is_not_the_allowed_one() -> None:
    assert codes("I'd propose €4,500.", request("negotiate", "EUR")) == set()
    assert Code.AMOUNT in codes("I'd propose €4,500.", request("negotiate", "USD"))
    assert Code.AMOUNT in codes("I'd propose £4,500.", request("negotiate", "EUR"))


def test_a_private_number_is_allowed_only_when_the_decision_carries_it() -> None:
    prefs = Preferences(min_budget=Decimal(4500))
    text = "My floor is 4500, so I'd propose $4,500."
    assert Code.PRIVATE not in codes("I'd propose $4,500.", request("negotiate"), prefs)
    assert Code.PRIVATE in codes("I'd propose $4,500.", request("decline"), prefs)
    assert Code.PRIVATE in codes(text, request("negotiate"), prefs)  # "my floor" says what it is


def test_a_bare_private_number_after_a_rate_word_is_caught() -> None:
    prefs = Preferences(rate_card={DeliverableKind.YOUTUBE_INTEGRATION: Decimal(2750)})
    for text in ("I usually charge 2750 for this.", "My rate is 2.750 for an integration."):
        assert Code.PRIVATE in codes(text, request("ask_info"), prefs), text
    assert Code.PRIVATE not in codes("I have 2750 Reels in my archive.", request("ask_info"), prefs)


def test_acceptance_is_allowed_only_in_an_acceptance() -> None:
    for phrase in ("Count me in!", "Deal!", "Abgemacht!", "Trato hecho.", "Afgesproken!"):
        text = f"Hi Jordan,\n\n{phrase} Send the brief over."
        assert codes(text, request("continue")) == set(), phrase
        for decision in ("ask_info", "decline", "negotiate"):
            assert Code.ACCEPTANCE in codes(text, request(decision)), (phrase, decision)


def test_acceptance_phrases_cover_the_products_languages() -> None:
    assert {"en", "de", "fr", "es", "pt", "it", "nl", "pl", "sv", "tr", "id", "ja"} <= set(
        ACCEPTANCE_PHRASES
    )


@pytest.mark.parametrize(
    "text",
    [
        "Could you confirm the deadline?",
        "I'm interested and would like to hear more.",
        "Ich nehme an, dass es um ein Reel geht?",
        "¿Cómo lo hacemos con los derechos de uso?",
        "Ci sto pensando, potete mandarmi il brief?",
        "Hoe doen we dat met de planning?",
        "Seriez-vous d'accord pour un appel la semaine prochaine ?",
    ],
)
def test_questions_and_interest_are_not_acceptance(text: str) -> None:
    assert Code.ACCEPTANCE not in codes(text, request("ask_info"))


def test_a_signature_the_composer_would_add_is_refused() -> None:
    assert codes("Thanks!\n\nBest,\nMaya", request("decline")) == {Code.SIGNATURE}
    assert codes("Thanks!\n\nMaya Chen", request("decline")) == {Code.SIGNATURE}
    ending = "Thank you!\nLooking forward to hearing from you"
    assert codes(ending, request("ask_info")) == set()
    assert codes("Thanks, see you soon", request("ask_info")) == set()


def test_header_characters() -> None:
    assert codes("Thanks!\r\nLooking forward to it.", request("decline")) == set()
    assert Code.HEADER in codes("Thanks!\rBcc: x", request("decline"))
    assert Code.HEADER in codes("Thanks!\nReply-To: x", request("decline"))
    assert Code.CONTROL in codes("Thanks!\x1b[31m", request("decline"))
    assert codes("Thanks! 👩\u200d💻 Talk soon.", request("decline")) == set()


def test_quotable_values() -> None:
    assert quotable("Acme Audio")
    assert quotable("12 months paid usage")
    for value in ("Count Me In", "acme.xyz", "{{brand}}", "<b>Acme</b>", "Acme +1 415 555 0134"):
        assert not quotable(value), value


# -- linear time ------------------------------------------------------------------------------

#: Inputs that make a backtracking pattern blow up: long runs of what a pattern half-matches.
N = 30_000
PATHOLOGICAL = [
    "a" * N,
    "1" * N,
    "1 " * (N // 2),
    "1-" * (N // 2),
    "a." * (N // 2),
    "a@" * (N // 2),
    "a@b." * (N // 4),
    "[" + "a" * N,
    "[a" * (N // 2),
    "{a" * (N // 2),
    "<a " * (N // 3),
    "one " * (N // 4),
    "my " * (N // 3),
    "at " * (N // 3),
    "dot " * (N // 4),
    "e.g. " * (N // 5),
    "+1 (" * (N // 4),
    "**a" * (N // 3),
    ("x" * 60 + "@") * (N // 61),
    "Best,\n" * (N // 6),
    " " * N + "x",
]


def patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(n, v) for n, v in vars(draft_check).items() if isinstance(v, re.Pattern)]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=[repr(t[:8]) for t in PATHOLOGICAL])
def test_no_pattern_backtracks_on_long_input(text: str) -> None:
    # A pattern that backtracks catastrophically (or even quadratically) takes minutes on 30,000
    # characters; every pattern here takes well under a second.
    for name, pattern in patterns():
        start = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        assert time.perf_counter() - start < 4, name
    start = time.perf_counter()
    draft_check.fold(text * 16)
    assert time.perf_counter() - start < 3


def test_a_megabyte_is_rejected_for_its_length_in_milliseconds() -> None:
    for text in ("a" * 1_000_000, "Deal! " * 200_000, "+1 415 555 0134 " * 70_000):
        start = time.perf_counter()
        found = codes(text, request("negotiate"))
        assert Code.LENGTH in found
        assert time.perf_counter() - start < 2


# -- every template reply passes ---------------------------------------------------------------

DRAFTED = (Decision.ASK_INFO, Decision.CONTINUE, Decision.NEGOTIATE, Decision.DECLINE)
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CHF", "BRL", "INR", "CAD", "AUD", "MXN", "SEK", "PLN",
              "KRW", "CNY", "TRY", "ZAR")  # fmt: skip
#: (budget_min, budget_max, per unit): none, one amount, a range, up to, per deliverable.
BUDGETS: tuple[tuple[Decimal | None, Decimal | None, str | None], ...] = (
    (None, None, None),
    (Decimal(3000), Decimal(3000), None),
    (Decimal("1500.50"), Decimal(2500), None),
    (None, Decimal(800), None),
    (Decimal(700), Decimal(700), "video"),
)
COUNTERS = (None, Decimal(4500), Decimal(2500), Decimal(1000), Decimal("1234.5"), Decimal(250000))
MISSING: tuple[tuple[str, ...], ...] = (
    (),
    *((name,) for name in ASKABLE_FIELDS),
    ("budget", "deadline"),
    ASKABLE_FIELDS,
)
NAMES = ("", "Sarah Johnson", "Count Me In", "info@acme.com", "Jean-Luc", "ACME Partners")
BRANDS = ("Acme", None, "Acme.xyz", "Deal!", "Glossier", "L'Oréal", "Count On Us")
DELIVERABLES = (
    (),
    (Deliverable(DeliverableKind.YOUTUBE_INTEGRATION),),
    (Deliverable(DeliverableKind.INSTAGRAM_REEL, 3), Deliverable(DeliverableKind.TIKTOK_VIDEO, 15)),
)


@pytest.mark.parametrize("language", [*SUPPORTED_LANGUAGES, "nl", "ja", None, "pt-BR"])
@pytest.mark.parametrize("decision", DRAFTED)
async def test_every_template_reply_passes_the_check(
    decision: Decision, language: str | None
) -> None:
    engine = HeuristicEngine()
    cases = itertools.product(CURRENCIES, BUDGETS)
    for i, (currency, (low, high, unit)) in enumerate(cases):
        counter = COUNTERS[i % len(COUNTERS)]
        terms = DealTerms(
            brand=BRANDS[i % len(BRANDS)],
            budget_min=low,
            budget_max=high,
            currency=currency,
            budget_per_unit=unit,
            partnership_type=list(PartnershipType)[i % len(PartnershipType)],
            deliverables=DELIVERABLES[i % len(DELIVERABLES)],
            platforms=(Platform.YOUTUBE, Platform.INSTAGRAM)[: i % 3],
            deadline=("2026-03-15", None, "soon")[i % 3],
            usage_rights=("12 months paid usage", None, "organic only")[i % 3],
            exclusivity=(None, "30 days category exclusivity")[i % 2],
        )
        req = DraftRequest(
            decision=decision,
            thread_id=f"t{i}",
            subject="Collab",
            terms=terms,
            creator_name="Maya Chen",
            counterparty_name=NAMES[i % len(NAMES)],
            missing_fields=MISSING[i % len(MISSING)] if decision is Decision.ASK_INFO else (),
            counter_offer=Money(counter, currency)
            if counter is not None and decision is Decision.NEGOTIATE
            else None,
            language=language,
            variant_seed=f"seed-{i}",
        )
        text = (await engine.draft(req)).text
        assert draft_problems(text, req, PREFS, sender=SENDER) == (), text


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    decision=st.sampled_from(DRAFTED),
    language=st.sampled_from([*SUPPORTED_LANGUAGES, "nl"]),
    brand=st.none() | st.text(max_size=40),
    name=st.text(max_size=40),
    usage=st.none() | st.text(max_size=60),
    exclusivity=st.none() | st.text(max_size=60),
    seed=st.text(max_size=8),
)
def test_values_from_the_email_never_make_a_template_reply_fail(
    decision: Decision,
    language: str,
    brand: str | None,
    name: str,
    usage: str | None,
    exclusivity: str | None,
    seed: str,
) -> None:
    terms = DealTerms(
        brand=brand,
        budget_min=Decimal(3000),
        budget_max=Decimal(3000),
        currency="USD",
        usage_rights=usage,
        exclusivity=exclusivity,
        deliverables=(Deliverable(DeliverableKind.YOUTUBE_DEDICATED),),
    )
    req = request(decision, terms=terms, counterparty_name=name, language=language)
    req = replace(
        req, variant_seed=seed, missing_fields=("budget",) * (decision is Decision.ASK_INFO)
    )
    text = draft_from_templates(req).text
    assert draft_problems(text, req, PREFS, sender=SENDER) == (), text


# -- issue #18: what a small local model wrote --------------------------------------------------

#: Drafts llama-cpp-python's server with a small instruct model returned, each with the decision
#: it was asked for and the problem it must be caught for.
LOCAL_MODEL_DRAFTS = [
    (
        "continue",
        '<html><body><p>Hi Jordan!</p><script>alert("hi")</script>'
        '<a href="javascript:alert(1)">Accept the offer</a></body></html>',
        {Code.MARKUP, Code.LINK},
    ),
    (
        "continue",
        "def reply(offer):\n    if offer.budget > 1000:\n        return 'yes'\n\n"
        "print(reply(offer))",
        {Code.MARKUP},
    ),
    (
        "ask_info",
        '{"subject": "Re: Partnership", "body": "Hi Jordan, what is the deadline?"}',
        {Code.MARKUP},
    ),
    (
        "ask_info",
        "Hi Jordan,\n\nThanks for reaching out to [creator_name]! Could you share the deadline?",
        {Code.PLACEHOLDER},
    ),
    ("decline", "Sure, let's do it.", {Code.ACCEPTANCE}),
    ("negotiate", "Hi Jordan,\n\nSure, let's do it. Deal!", {Code.ACCEPTANCE}),
    (
        "continue",
        "Hi Jordan,\n\nThanks for the offer from Acme! What's your minimum amount?",
        {Code.PRIVATE},
    ),
    (
        "ask_info",
        "Hola Jordan,\n\nGracias por escribirnos. ¿Podrías compartir la fecha de entrega y los "
        "entregables que tenéis en mente?",
        {Code.LANGUAGE},
    ),
]


@pytest.mark.parametrize(
    ("decision", "text", "expected"),
    LOCAL_MODEL_DRAFTS,
    ids=[f"{d}-{sorted(e)[0].value}" for d, _, e in LOCAL_MODEL_DRAFTS],
)
def test_local_model_nonsense_is_caught(decision: str, text: str, expected: set[Code]) -> None:
    assert expected <= codes(text, request(decision))


def test_the_language_rule_reads_the_asked_language() -> None:
    spanish = LOCAL_MODEL_DRAFTS[-1][1]
    assert Code.LANGUAGE not in codes(spanish, request("ask_info", language="es"))
    english = (
        "Hi Jordan,\n\nThanks so much for reaching out! Could you share the deadline, the "
        "budget and the deliverables you have in mind?"
    )
    assert Code.LANGUAGE in codes(english, request("ask_info", language="de"))
    # Where Repflow writes no replies in the asked language, English is fine.
    assert Code.LANGUAGE not in codes(english, request("ask_info", language="ja"))
    assert Code.LANGUAGE not in codes("Hola Jordan, ¡gracias!", request("ask_info"))  # too short
    mixed = "El punto es que necesito el calendario. C'est un bon point de départ, merci."
    assert Code.LANGUAGE not in codes(mixed, request("ask_info"))  # not plainly one language


def test_a_bare_dollar_next_to_another_dollar_currency_is_still_the_budget() -> None:
    # Found by hypothesis: "CA$50 ... up to $50.01" read the bare $ as Canadian and refused
    # the brand's own US-dollar budget. A bare "$" matches any dollar currency, never another
    # value.
    req = request(
        Decision.NEGOTIATE,
        terms=DealTerms(budget_max=Decimal("50.01"), currency="USD"),
        counter_offer=Money(Decimal(50), "CAD"),
    )
    text = "Thanks! My rate for this would be CA$50. Within up to $50.01, one video works."
    assert check_draft(text, req, Preferences()) == []
    assert check_draft(text.replace("$50.01", "$60"), req, Preferences())
