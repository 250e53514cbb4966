"""Template drafts: right content per decision, only the request's numbers, varied wording."""

from __future__ import annotations

import re
from decimal import Decimal

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
from repflow.engine.port import DraftRequest
from repflow.engine.reading.money import find_money
from repflow.engine.templates import SUPPORTED_LANGUAGES, draft_from_templates, format_amount
from repflow.pipeline.safety import check_draft

DRAFTED = (Decision.ASK_INFO, Decision.CONTINUE, Decision.NEGOTIATE, Decision.DECLINE)
TERMS = DealTerms(
    brand="Glossier",
    budget_min=Decimal(2000),
    budget_max=Decimal(3000),
    currency="USD",
    partnership_type=PartnershipType.FLAT_FEE,
    deliverables=(
        Deliverable(DeliverableKind.YOUTUBE_DEDICATED),
        Deliverable(DeliverableKind.INSTAGRAM_REEL, 3),
    ),
    platforms=(Platform.YOUTUBE, Platform.INSTAGRAM),
    deadline="2025-03-15",
)
COUNTER = Money(Decimal(4500), "USD")
#: A word or phrase that shows each field is asked for in English, and nowhere else.
FIELD_WORDS = {
    "budget": "budget",
    "deliverables": "deliverables",
    "deadline": "timeline",
    "usage_rights": "usage rights",
    "platforms": "platforms",
    "brand": "which brand",
    "partnership_type": "structured",
}
SIGN_OFF = re.compile(
    r"(?im)^\s*(?:best|regards|kind regards|cheers|sincerely|warmly|thanks|thank you|xoxo|"
    r"saludos|cordialement|viele grüße|un saluto|abraços|atenciosamente)[,!.]?\s*$"
)
CONTACT = re.compile(r"https?://|www\.|@|\+?\d[\d ()./-]{7,}\d")


def _without_amounts(text: str) -> str:
    for mention in sorted(find_money(text), key=lambda m: m.start, reverse=True):
        text = text[: mention.start] + " " + text[mention.end :]
    return text


def request(decision: Decision, **changes: object) -> DraftRequest:
    values: dict[str, object] = {
        "decision": decision,
        "thread_id": "t1",
        "subject": "Collab",
        "terms": TERMS,
        "creator_name": "Sam Rivera",
        "counterparty_name": "Sarah Johnson",
        "missing_fields": ("budget", "deadline") if decision is Decision.ASK_INFO else (),
        "counter_offer": COUNTER if decision is Decision.NEGOTIATE else None,
        "variant_seed": "seed-1",
    }
    values.update(changes)
    return DraftRequest(**values)  # type: ignore[arg-type]


def text_of(req: DraftRequest) -> str:
    return draft_from_templates(req).text


def amounts(text: str) -> set[Decimal]:
    return {v for m in find_money(text) for v in (m.minimum, m.maximum)}


# -- every decision ---------------------------------------------------------------------------


@pytest.mark.parametrize("decision", DRAFTED)
@pytest.mark.parametrize("seed", ["a", "b", "c", "d", "e", "f"])
def test_every_decision_gives_a_clean_draft(decision: Decision, seed: str) -> None:
    req = request(decision, variant_seed=seed)
    draft = draft_from_templates(req)
    assert draft.text.strip()
    assert draft.llm_calls == 0
    assert check_draft(draft.text, req, Preferences()) == []
    assert "Sam" not in draft.text  # never the creator's name: the composer signs
    assert not SIGN_OFF.search(draft.text)
    assert not CONTACT.search(draft.text)
    assert draft.text == draft.text.strip()


@pytest.mark.parametrize("decision", [Decision.REVIEW, Decision.IGNORE])
def test_no_draft_for_review_or_ignore(decision: Decision) -> None:
    with pytest.raises(ValueError, match=decision.value):
        draft_from_templates(request(decision))


@pytest.mark.parametrize("decision", DRAFTED)
def test_same_seed_same_text_and_seeds_vary_wording(decision: Decision) -> None:
    assert text_of(request(decision)) == text_of(request(decision))
    texts = {text_of(request(decision, variant_seed=f"msg-{i}")) for i in range(12)}
    assert len(texts) >= 3


# -- ASK_INFO ---------------------------------------------------------------------------------


@settings(max_examples=80)
@given(
    fields=st.lists(st.sampled_from(ASKABLE_FIELDS), min_size=1, max_size=7, unique=True),
    seed=st.text(max_size=12),
)
def test_ask_info_asks_exactly_for_the_missing_fields(fields: list[str], seed: str) -> None:
    terms = DealTerms(brand="Glossier")
    text = text_of(
        request(Decision.ASK_INFO, terms=terms, missing_fields=tuple(fields), variant_seed=seed)
    ).lower()
    for name, word in FIELD_WORDS.items():
        assert (word in text) == (name in fields), (name, text)
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(bullets) == (len(fields) if len(fields) > 1 else 0)


def test_ask_info_single_field_is_a_question_not_a_list() -> None:
    text = text_of(request(Decision.ASK_INFO, missing_fields=("usage_rights",)))
    assert "the usage rights you need (paid ads/whitelisting, duration)" in text
    assert "\n- " not in text


def test_ask_info_field_phrasing() -> None:
    text = text_of(request(Decision.ASK_INFO, missing_fields=("budget", "deliverables")))
    assert "- your budget for this (and whether it's a flat fee)" in text
    assert "- which deliverables you have in mind (e.g. a dedicated video" in text


def test_ask_info_without_fields_still_asks_something() -> None:
    text = text_of(request(Decision.ASK_INFO, missing_fields=()))
    assert "?" in text or ":" in text


# -- CONTINUE ---------------------------------------------------------------------------------


def test_continue_summarises_terms_with_formatted_budget() -> None:
    text = text_of(request(Decision.CONTINUE))
    assert "$2,000–$3,000" in text
    assert ".00" not in text
    assert "Glossier" in text
    assert "one dedicated YouTube video and three Instagram Reels" in text
    assert "March 15, 2025" in text
    assert "flat fee" in text
    assert re.search(r"brief", text)
    assert re.search(r"contract", text)
    assert amounts(text) == {Decimal(2000), Decimal(3000)}


@pytest.mark.parametrize(
    ("low", "high", "currency", "expected"),
    [
        (Decimal(5000), Decimal(5000), "USD", "$5,000"),
        (Decimal("1200.50"), None, "EUR", "€1,200.50"),
        (None, Decimal(800), "GBP", "up to £800"),
        (Decimal(3000), None, "CHF", "CHF 3,000"),
        (Decimal(250000), None, "JPY", "¥250,000"),
    ],
)
def test_continue_budget_forms(
    low: Decimal | None, high: Decimal | None, currency: str, expected: str
) -> None:
    terms = DealTerms(brand="Acme", budget_min=low, budget_max=high, currency=currency)
    req = request(Decision.CONTINUE, terms=terms)
    text = text_of(req)
    assert expected in text
    assert check_draft(text, req, Preferences()) == []


def test_continue_per_unit_budget() -> None:
    terms = DealTerms(
        brand="Acme", budget_min=Decimal(700), currency="USD", budget_per_unit="video"
    )
    assert "$700 per video" in text_of(request(Decision.CONTINUE, terms=terms))


def test_continue_with_little_known_still_reads_well() -> None:
    req = request(Decision.CONTINUE, terms=DealTerms(), counterparty_name="")
    text = text_of(req)
    assert check_draft(text, req, Preferences()) == []
    assert "Brand:" not in text


# -- NEGOTIATE --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["a", "b", "c", "d"])
def test_negotiate_states_the_counter_and_no_other_amount(seed: str) -> None:
    text = text_of(request(Decision.NEGOTIATE, variant_seed=seed))
    assert "$4,500" in text
    assert amounts(text) == {Decimal(4500)}
    assert "2,000" not in text
    assert "3,000" not in text


def test_negotiate_counter_in_brand_currency() -> None:
    req = request(Decision.NEGOTIATE, counter_offer=Money(Decimal(3200), "EUR"))
    text = text_of(req)
    assert "€3,200" in text
    assert check_draft(text, req, Preferences()) == []


def test_negotiate_without_counter_asks_for_flexibility() -> None:
    text = text_of(request(Decision.NEGOTIATE, counter_offer=None))
    assert amounts(text) == set()
    assert "budget" in text


# -- DECLINE ----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["a", "b", "c", "d"])
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_decline_has_no_amount_and_no_reasons(seed: str, language: str) -> None:
    req = request(Decision.DECLINE, variant_seed=seed, language=language)
    text = text_of(req)
    assert not re.search(r"\d", text)
    assert not re.search(r"(?i)budget|rate|floor|minimum|too low|presupuesto|tarif", text)
    assert check_draft(text, req, Preferences()) == []


# -- greetings and brand ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "brand", "expected"),
    [
        ("Sarah Johnson", "Glossier", "Sarah"),
        ("sarah", None, "Sarah"),
        ("Dr. Amy Lee", None, "Amy"),
        ("Sarah from Glossier", "Glossier", "Sarah"),
        ("Sarah | Glossier", "Glossier", "Sarah"),
        ("Jean-Luc Picard", None, "Jean-Luc"),
        ("María José", None, "María"),
    ],
)
def test_greets_people_by_first_name(name: str, brand: str | None, expected: str) -> None:
    req = request(Decision.DECLINE, counterparty_name=name, terms=DealTerms(brand=brand))
    first_line = text_of(req).splitlines()[0]
    assert re.fullmatch(rf"(?:Hi|Hello|Hey) {re.escape(expected)},", first_line)


@pytest.mark.parametrize(
    "name",
    ["Glossier Partnerships", "Glossier", "The Glossier Team", "noreply", "info@acme.com", "ACME"],
)
def test_greets_the_brand_team_when_the_name_is_not_a_person(name: str) -> None:
    req = request(Decision.DECLINE, counterparty_name=name)
    first_line = text_of(req).splitlines()[0]
    assert re.fullmatch(r"(?:Hi|Hello|Hello to the) Glossier team,", first_line)


def test_greets_anyone_when_nothing_is_known() -> None:
    lines = {
        text_of(
            request(Decision.DECLINE, counterparty_name="", terms=DealTerms(), variant_seed=str(i))
        ).splitlines()[0]
        for i in range(20)
    }
    assert lines <= {"Hi there,", "Hello,", "Hi,"}
    assert "Hi there," in lines


@pytest.mark.parametrize("decision", DRAFTED)
def test_brand_is_mentioned_when_known(decision: Decision) -> None:
    assert "Glossier" in text_of(request(decision))


@pytest.mark.parametrize(
    "brand",
    ["Acme https://evil.example", "www.acme.io", "acme.com", "Budget 500", "Acme $900", "x" * 80],
)
def test_unsafe_brand_values_are_not_quoted_back(brand: str) -> None:
    for decision in DRAFTED:
        req = request(decision, terms=DealTerms(brand=brand), counterparty_name="")
        text = text_of(req)
        assert brand not in text
        assert check_draft(text, req, Preferences()) == []


# -- languages --------------------------------------------------------------------------------

LANGUAGE_MARKERS = {
    "es": ("Hola", "gracias"),
    "fr": ("Bonjour", "merci"),
    "de": ("Hallo", "dank"),
    "pt": ("Olá", "agradeço"),
    "it": ("Ciao", "grazie"),
    "nl": ("Hallo", "bedankt"),
}


@pytest.mark.parametrize("language", sorted(LANGUAGE_MARKERS))
@pytest.mark.parametrize("decision", [Decision.ASK_INFO, Decision.DECLINE])
def test_ask_info_and_decline_in_the_brands_language(language: str, decision: Decision) -> None:
    texts = [text_of(request(decision, language=language, variant_seed=str(i))) for i in range(6)]
    for text in texts:
        assert "Thanks" not in text
        assert "Thank you" not in text
    joined = " ".join(texts).lower()
    assert any(marker.lower() in joined for marker in LANGUAGE_MARKERS[language])


@pytest.mark.parametrize("language", sorted(LANGUAGE_MARKERS))
def test_localised_ask_info_lists_each_missing_field(language: str) -> None:
    text = text_of(
        request(
            Decision.ASK_INFO, language=language, missing_fields=("budget", "deadline", "brand")
        )
    )
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(bullets) == 3


@pytest.mark.parametrize("language", ["pt-BR", "ES", "fr_CA"])
def test_language_tags_are_normalised(language: str) -> None:
    text = text_of(request(Decision.DECLINE, language=language))
    assert not text.startswith(("Hi ", "Hello ", "Hey "))


@pytest.mark.parametrize("language", [None, "ja", "xx", ""])
def test_unknown_languages_fall_back_to_english(language: str | None) -> None:
    assert text_of(request(Decision.DECLINE, language=language)).startswith(("Hi ", "Hello "))


#: Words that show a reply is written in English (none may appear in another language's reply).
ENGLISH = re.compile(r"\b(?:Thanks|Thank you|Hello|Hey|could you|would be|Looking forward)\b")
QUOTE = Money(Decimal(9800), "USD")
ALL_REQUESTS = {
    "ask_info": {"decision": Decision.ASK_INFO},
    "decline": {"decision": Decision.DECLINE},
    "continue": {"decision": Decision.CONTINUE},
    "negotiate": {"decision": Decision.NEGOTIATE},
    "negotiate-alternative": {
        "decision": Decision.NEGOTIATE,
        "alternative": (Deliverable(DeliverableKind.YOUTUBE_DEDICATED),),
    },
    "negotiate-no-counter": {"decision": Decision.NEGOTIATE, "counter_offer": None},
    "quote": {"decision": Decision.NEGOTIATE, "counter_offer": None, "quote": QUOTE},
    "quote-and-ask": {
        "decision": Decision.NEGOTIATE,
        "counter_offer": None,
        "quote": QUOTE,
        "missing_fields": ("deadline", "usage_rights"),
    },
}


@pytest.mark.parametrize("language", [lang for lang in SUPPORTED_LANGUAGES if lang != "en"])
@pytest.mark.parametrize("case", sorted(ALL_REQUESTS))
@pytest.mark.parametrize("follow_up", [False, True])
def test_every_decision_in_the_brands_language(language: str, case: str, follow_up: bool) -> None:
    changes = dict(ALL_REQUESTS[case])
    decision = changes.pop("decision")
    req = request(
        decision,
        language=language,
        follow_up=follow_up,
        answered_fields=("budget",) if follow_up else (),
        **changes,
    )
    draft = draft_from_templates(req)
    assert draft.language == language
    assert not ENGLISH.search(draft.text), draft.text
    assert check_draft(draft.text, req, Preferences()) == [], draft.text


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_quote_states_the_price_and_nothing_else(language: str) -> None:
    req = request(Decision.NEGOTIATE, counter_offer=None, quote=QUOTE, language=language)
    text = text_of(req)
    assert amounts(text) == {Decimal(9800)}, text
    assert check_draft(text, req, Preferences()) == []
    # a quote is the only amount the check allows besides the brand's budget
    wrong = re.sub(r"9(\D?)800", r"9\g<1>900", text)
    assert wrong != text
    assert check_draft(wrong, req, Preferences()) != []


def test_quote_in_english_reads_as_an_answer_to_the_rate_question() -> None:
    text = text_of(
        request(Decision.NEGOTIATE, counter_offer=None, quote=QUOTE, missing_fields=("deadline",))
    )
    assert "$9,800" in text
    assert "one dedicated YouTube video and three Instagram Reels" in text
    assert "timeline" in text
    assert "budget is below" not in text


@pytest.mark.parametrize("seed", [str(i) for i in range(8)])
def test_counter_for_one_deliverable_never_suggests_fewer(seed: str) -> None:
    one = DealTerms(
        brand="Acme",
        budget_min=Decimal(1500),
        currency="USD",
        deliverables=(Deliverable(DeliverableKind.YOUTUBE_INTEGRATION),),
    )
    text = text_of(request(Decision.NEGOTIATE, terms=one, variant_seed=seed)).lower()
    assert "fewer" not in text
    assert "deliverables" not in text.split("$4,500", 1)[1]


def test_counter_says_what_the_budget_buys_instead() -> None:
    req = request(Decision.NEGOTIATE, alternative=(Deliverable(DeliverableKind.YOUTUBE_DEDICATED),))
    text = text_of(req)
    assert "one dedicated YouTube video" in text.split("$4,500", 1)[1]
    assert "$2,000–$3,000" in text
    assert check_draft(text, req, Preferences()) == []


@pytest.mark.parametrize("decision", DRAFTED)
def test_first_contact_thanks_the_brand_and_a_follow_up_acknowledges_the_answer(
    decision: Decision,
) -> None:
    for seed in ("a", "b", "c", "d"):
        first = text_of(request(decision, variant_seed=seed))
        later = text_of(
            request(
                decision, variant_seed=seed, follow_up=True, answered_fields=("budget", "deadline")
            )
        )
        assert (
            "reaching out" in first
            or "getting in touch" in first
            or "thinking of me" in (first)
            or "hear from you" in first
            or "for the details" in first
            or "for the offer" in first
        )
        assert "reaching out" not in later
        assert "getting in touch" not in later
        assert "the budget and the timeline" in later, later


def test_a_follow_up_without_answers_thanks_for_the_reply() -> None:
    text = text_of(request(Decision.DECLINE, follow_up=True, variant_seed="x"))
    assert re.search(r"Thanks for (?:getting back|the update)|Great to hear back", text)


def test_dutch_replies_exist_for_every_decision() -> None:
    for decision in DRAFTED:
        text = text_of(request(decision, language="nl"))
        assert text.startswith(("Hoi ", "Hallo ", "Beste ")), text


# -- amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal(2500), "USD", "$2,500"),
        (Decimal("2500.00"), "USD", "$2,500"),
        (Decimal("2500.5"), "USD", "$2,500.50"),
        (Decimal("0.125"), "EUR", "€0.125"),
        (Decimal(1234567), "GBP", "£1,234,567"),
        (Decimal(3000), "CHF", "CHF 3,000"),
        (Decimal("12500.5"), "JPY", "¥12,500.50"),
        (Decimal(2500), None, "2,500"),
    ],
)
def test_format_amount(amount: Decimal, currency: str | None, expected: str) -> None:
    assert format_amount(amount, currency) == expected


CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "INR", "BRL", "MXN", "SEK"]
amount_st = st.decimals(
    min_value=Decimal(50), max_value=Decimal(2_000_000), places=2, allow_nan=False
) | st.integers(min_value=50, max_value=2_000_000).map(Decimal)
deliverables_st = st.lists(
    st.builds(
        Deliverable, st.sampled_from(list(DeliverableKind)), st.integers(min_value=1, max_value=40)
    ),
    max_size=4,
    unique_by=lambda d: d.kind,
).map(tuple)


@st.composite
def terms_st(draw: st.DrawFn) -> DealTerms:
    low = draw(st.none() | amount_st)
    high = draw(st.none() | amount_st)
    if low is not None and high is not None and high < low:
        low, high = high, low
    return DealTerms(
        brand=draw(st.none() | st.text(min_size=1, max_size=30)),
        budget_min=low,
        budget_max=high,
        currency=draw(st.sampled_from(CURRENCIES)),
        budget_per_unit=draw(st.none() | st.sampled_from(["video", "post", "per reel"])),
        partnership_type=draw(st.none() | st.sampled_from(list(PartnershipType))),
        deliverables=draw(deliverables_st),
        platforms=tuple(draw(st.lists(st.sampled_from(list(Platform)), max_size=3, unique=True))),
        deadline=draw(st.none() | st.dates().map(lambda d: d.isoformat()) | st.text(max_size=12)),
        usage_rights=draw(
            st.none() | st.sampled_from(["30 days paid usage", "organic only", "fee 500"])
        ),
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    terms=terms_st(),
    decision=st.sampled_from(DRAFTED),
    counter=st.none() | st.builds(Money, amount_st, st.sampled_from(CURRENCIES)),
    name=st.text(max_size=30),
    seed=st.text(max_size=16),
    language=st.none() | st.sampled_from([*SUPPORTED_LANGUAGES, "ja"]),
    quote=st.none() | st.builds(Money, amount_st, st.sampled_from(CURRENCIES)),
    alternative=deliverables_st,
    follow_up=st.booleans(),
    answered=st.lists(st.sampled_from(ASKABLE_FIELDS), max_size=3, unique=True).map(tuple),
)
def test_no_amount_that_is_not_in_the_request(
    terms: DealTerms,
    decision: Decision,
    counter: Money | None,
    name: str,
    seed: str,
    language: str | None,
    quote: Money | None,
    alternative: tuple[Deliverable, ...],
    follow_up: bool,
    answered: tuple[str, ...],
) -> None:
    negotiating = decision is Decision.NEGOTIATE
    quoting = negotiating and quote is not None and counter is None
    req = request(
        decision,
        terms=terms,
        counter_offer=counter if negotiating else None,
        quote=quote if quoting else None,
        alternative=alternative if negotiating else (),
        follow_up=follow_up,
        answered_fields=answered if follow_up else (),
        counterparty_name=name,
        variant_seed=seed,
        language=language,
        missing_fields=("budget", "usage_rights")
        if decision is Decision.ASK_INFO
        else (("deadline",) if quoting else ()),
    )
    text = text_of(req)
    allowed = {v for v in (terms.budget_min, terms.budget_max) if v is not None}
    if quoting:
        assert quote is not None
        allowed = {quote.amount}
    elif negotiating:
        allowed = {counter.amount} if counter is not None else set()
        if counter is not None and alternative and not terms.budget_per_unit:
            allowed |= {v for v in (terms.budget_min, terms.budget_max) if v is not None}
    elif decision is not Decision.CONTINUE:
        allowed = set()
    assert amounts(text) <= allowed, text
    assert check_draft(text, req, Preferences()) == [], text
    # Allowed amounts ("1.000.000 USD") are not phone numbers: take them out first.
    assert not CONTACT.search(_without_amounts(text)), text


@pytest.mark.parametrize("seed", [str(i) for i in range(6)])
def test_counter_offers_to_shorten_only_a_period_the_brand_asked_for(seed: str) -> None:
    usage = DealTerms(
        brand="Acme",
        budget_min=Decimal(1500),
        currency="USD",
        deliverables=(Deliverable(DeliverableKind.YOUTUBE_INTEGRATION),),
        usage_rights="paid usage 30 days",
    )
    text = text_of(request(Decision.NEGOTIATE, terms=usage, variant_seed=seed))
    assert "usage period" in text
    assert "exclusivity" not in text
    plain = text_of(request(Decision.NEGOTIATE, variant_seed=seed))
    assert "usage" not in plain
    assert "exclusivity" not in plain
