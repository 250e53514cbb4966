"""Unit tests of the dashboard's parts: passwords, sessions, accounts, evidence, chart, forms."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from starlette.datastructures import FormData

from repflow.api.dashboard.auth import LoginThrottle, Session, SessionCodec, secret_key_from_env
from repflow.api.dashboard.chart import offers_chart
from repflow.api.dashboard.csrf import csrf_ok
from repflow.api.dashboard.evidence import find_evidence
from repflow.api.dashboard.prefs_form import PrefsForm, validate_form
from repflow.api.dashboard.users import (
    DashboardUser,
    InMemoryUserStore,
    SqlUserStore,
    add_user,
    normalise_email,
)
from repflow.api.dashboard.views import (
    WeekStat,
    _weekly,
    budget_text,
    deliverables_text,
    humanise,
    split_quoted,
)
from repflow.api.passwords import hash_password, needs_rehash, verify_password
from repflow.domain.models import DealTerms, Deliverable, DeliverableKind, PartnershipType
from repflow.domain.profile import Preferences
from repflow.exceptions import ConfigError
from repflow.store.sql import SqlStore

# -- passwords ------------------------------------------------------------------------------------


def test_password_hash_format_and_verification() -> None:
    stored = hash_password("a long password")
    scheme, params, salt, key = stored.split("$")
    assert (scheme, params) == ("scrypt", "n=16384,r=8,p=1")
    assert len(salt) == 22
    assert len(key) == 43
    assert verify_password("a long password", stored)
    assert not verify_password("a long passwore", stored)
    assert hash_password("a long password") != stored  # a fresh salt each time
    assert not needs_rehash(stored)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "bcrypt$x$y$z",
        "scrypt$n=3,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$" + "A" * 43,  # n not a power of two
        "scrypt$n=1073741824,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$" + "A" * 43,  # n too large
        "scrypt$n=16384,r=8$AAAAAAAAAAAAAAAAAAAAAA$" + "A" * 43,
        "scrypt$n=16384,r=8,p=1$!!$" + "A" * 43,
    ],
)
def test_malformed_hashes_never_verify(stored: str) -> None:
    assert not verify_password("anything at all", stored)
    assert needs_rehash(stored)


def test_short_passwords_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 8"):
        hash_password("short")


# -- sessions and CSRF ----------------------------------------------------------------------------


def test_session_round_trip_tamper_and_expiry() -> None:
    now = [1_000_000.0]
    codec = SessionCodec(b"k" * 32, max_age=60, clock=lambda: now[0])
    session = Session(email="a@example.com", issued_at=int(now[0]), password_tag="tag")
    value = codec.dumps(session)
    assert codec.loads(value) == session
    assert SessionCodec(b"j" * 32, clock=lambda: now[0]).loads(value) is None  # another key
    payload, _, signature = value.partition(".")
    assert codec.loads(payload + "." + signature[::-1]) is None
    assert codec.loads("garbage") is None
    assert codec.loads(None) is None
    now[0] += 61
    assert codec.loads(value) is None


def test_password_tags_differ_per_hash_and_key() -> None:
    a, b = SessionCodec(b"a" * 32), SessionCodec(b"b" * 32)
    assert a.password_tag("h1") != a.password_tag("h2")
    assert a.password_tag("h1") != b.password_tag("h1")


def test_secret_key_from_env() -> None:
    assert secret_key_from_env({"REPFLOW_SECRET_KEY": "s" * 32}) == b"s" * 32
    with pytest.raises(ConfigError, match="at least 32"):
        secret_key_from_env({"REPFLOW_SECRET_KEY": "short"})
    first, second = secret_key_from_env({}), secret_key_from_env({})
    assert len(first) == 32
    assert first != second


def test_csrf_check() -> None:
    form = FormData({"csrf_token": "abc"})
    assert csrf_ok("abc", form, None)
    assert not csrf_ok("abd", form, None)
    assert not csrf_ok(None, form, None)
    assert not csrf_ok("abc", FormData({}), None)
    assert csrf_ok("abc", FormData({}), "abc")


def test_login_throttle_window() -> None:
    now = [0.0]
    throttle = LoginThrottle(max_failures=2, window=10, clock=lambda: now[0])
    throttle.failed("a")
    throttle.failed("a")
    assert throttle.blocked("a")
    assert not throttle.blocked("b")
    now[0] = 11
    assert not throttle.blocked("a")


# -- accounts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "no-at", "a@b", "a b@example.com", "@example.com"])
def test_bad_emails_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="e-mail"):
        normalise_email(bad)


def test_emails_are_normalised() -> None:
    assert normalise_email("  Maya@Example.COM ") == "maya@example.com"


async def test_sql_user_store(tmp_path: Path) -> None:
    store = SqlStore.from_url(f"sqlite:///{tmp_path / 'u.db'}")
    try:
        users = SqlUserStore(lambda: store.engine)
        assert await users.get_user("a@example.com") is None
        await users.upsert_user(DashboardUser("a@example.com", "maya", "h1"))
        first = await users.get_user("a@example.com")
        assert first is not None
        assert first.created_at is not None
        assert not first.admin
        await users.upsert_user(replace(first, password_hash="h2", admin=True))
        second = await users.get_user("a@example.com")
        assert second is not None
        assert (second.password_hash, second.admin, second.created_at) == (
            "h2",
            True,
            first.created_at,
        )
        assert [u.email for u in await users.list_users()] == ["a@example.com"]
    finally:
        await store.close()


async def test_in_memory_user_store() -> None:
    users = InMemoryUserStore()
    await users.upsert_user(DashboardUser("a@example.com", "maya", "h"))
    assert (await users.get_user("a@example.com")) is not None
    assert len(await users.list_users()) == 1


def test_add_user_writes_an_account_the_dashboard_accepts(tmp_path: Path) -> None:
    from tests.dashboard.helpers import run_async

    db = f"sqlite:///{tmp_path / 'cli.db'}"

    async def make_creator() -> None:
        from repflow.domain.profile import CreatorProfile

        store = SqlStore.from_url(db)
        await store.create_schema()
        await store.upsert_creator(CreatorProfile(id="maya"))
        await store.close()

    run_async(make_creator)
    add_user(db, "Maya@Example.com", "maya", "first password", False)
    add_user(db, "maya@example.com", "maya", "second password", False)  # updates
    add_user(db, "root@example.com", "nobody-yet", "admin password", True)
    with pytest.raises(ValueError, match="no creator 'ghost'"):
        add_user(db, "x@example.com", "ghost", "some password", False)
    with pytest.raises(ValueError, match="at least 8"):
        add_user(db, "x@example.com", "maya", "short", False)

    async def read() -> list[DashboardUser]:
        store = SqlStore.from_url(db)
        try:
            return await SqlUserStore(lambda: store.engine).list_users()
        finally:
            await store.close()

    accounts = run_async(read)
    assert [(u.email, u.creator_id, u.admin) for u in accounts] == [
        ("maya@example.com", "maya", False),
        ("root@example.com", "nobody-yet", True),
    ]
    assert verify_password("second password", accounts[0].password_hash)


# -- views, evidence, chart -----------------------------------------------------------------------


def test_text_formatting() -> None:
    terms = DealTerms(
        budget_min=Decimal(5000),
        budget_max=Decimal(7000),
        currency="EUR",
        deliverables=(
            Deliverable(DeliverableKind.TIKTOK_VIDEO, 3),
            Deliverable(DeliverableKind.UGC_VIDEO),
        ),
    )
    assert budget_text(terms) == "€5,000–€7,000"
    assert budget_text(DealTerms(budget_min=Decimal("900.5"), currency="CHF")) == "CHF 900.50"
    assert budget_text(DealTerms()) == ""
    assert deliverables_text(terms) == "3 × TikTok video, UGC video"
    assert humanise("needs_review") == "Needs review"
    assert humanise("youtube_integration") == "YouTube integration"
    assert humanise("ugc") == "UGC"


def test_evidence_points_at_the_line_that_states_each_value() -> None:
    text = (
        "Hi Maya,\n\nWe're Acme Audio. We'd pay $4,000 (flat fee) for one YouTube integration,\n"
        "live by March 3rd 2027. Usage rights: 30 days organic."
    )
    terms = DealTerms(
        brand="Acme Audio",
        budget_min=Decimal(4000),
        budget_max=Decimal(4000),
        currency="USD",
        partnership_type=PartnershipType.FLAT_FEE,
        deliverables=(Deliverable(DeliverableKind.YOUTUBE_INTEGRATION),),
        deadline="2027-03-03",
        usage_rights="30 days organic",
    )
    found = find_evidence(terms, [(0, text)])
    assert found["brand"].match == "Acme Audio"
    assert found["budget"].match == "$4,000"
    assert found["partnership_type"].match == "flat fee"
    assert found["deadline"].match == "March 3rd"
    assert found["usage_rights"].match == "30 days organic"
    assert found["budget"].message_index == 0
    assert "platforms" not in found


def test_evidence_for_amounts_written_differently() -> None:
    terms = DealTerms(budget_min=Decimal(2500), budget_max=Decimal(2500), currency="USD")
    assert find_evidence(terms, [(0, "budget is 2.5k")])["budget"].match == "2.5k"
    assert find_evidence(terms, [(0, "budget is 2 500 USD")])["budget"].match == "2 500"
    assert "budget" not in find_evidence(terms, [(0, "budget is 25,000")])


def test_recorded_evidence_wins() -> None:
    terms = DealTerms(brand="Acme")
    found = find_evidence(terms, [(1, "Acme here.\nbrand: ACME Inc")], [("brand", "ACME Inc")])
    assert found["brand"].match == "ACME Inc"
    assert found["brand"].message_index == 1


def test_split_quoted() -> None:
    assert split_quoted("Hi\n\nOn Mon, Nov 16, 2026 at 9:00 AM Maya wrote:\n> old") == (
        "Hi",
        "On Mon, Nov 16, 2026 at 9:00 AM Maya wrote:\n> old",
    )
    assert split_quoted("Just text\n") == ("Just text", "")
    assert split_quoted("> quoted first line is kept") == ("> quoted first line is kept", "")


def test_weekly_buckets() -> None:
    seen = {"a": date(2026, 11, 16), "b": date(2026, 11, 18), "c": date(2026, 11, 25)}
    weeks = _weekly(seen, {"b"}, 8)
    assert [w.start for w in weeks] == [
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]
    assert [(w.offers, w.accepted) for w in weeks] == [(0, 0), (0, 0), (2, 1), (1, 0)]
    assert weeks[2].rate == 0.5
    assert weeks[0].rate is None


def test_chart_is_plain_escaped_svg() -> None:
    weeks = [WeekStat(date(2026, 11, 16), 4, 1), WeekStat(date(2026, 11, 23), 2, 2)]
    svg = str(offers_chart(weeks))
    assert svg.startswith('<svg class="chart"')
    assert svg.endswith("</svg>")
    assert svg.count('<rect class="bar"') == 3  # two weeks + the legend
    assert "<polyline" in svg
    assert "style=" not in svg
    assert "<script" not in svg
    assert "6 offers over 2 weeks, 3 accepted" in svg
    assert str(offers_chart([])) == '<p class="muted">No offers yet.</p>'


# -- preferences form -----------------------------------------------------------------------------


def submitted(prefs: Preferences, **changes: str) -> PrefsForm:
    form = PrefsForm.from_preferences(prefs)
    for name, value in changes.items():
        setattr(form, name, value)
    return form


def test_an_unchanged_form_gives_the_same_preferences() -> None:
    prefs = Preferences()
    assert validate_form(prefs, PrefsForm.from_preferences(prefs)) == prefs


def test_form_errors_name_their_field() -> None:
    prefs = Preferences()
    form = submitted(prefs, min_budget="abc", currency="us", negotiate_ratio="0")
    form.rates["x_post"] = "lots"
    form.required_fields.add("shoe_size")
    assert validate_form(prefs, form) is None
    assert form.error("min_budget") == ["min_budget: Input should be a valid decimal"]
    assert form.error("currency")[0].startswith("currency: String should match pattern")
    assert form.error("negotiate_ratio") == ["negotiate_ratio: Input should be greater than 0"]
    assert form.error("required_fields")[0].startswith("required_fields: Value error, unknown")
    assert form.error("rate_card.x_post") == ["rate_card.x_post: Input should be a valid decimal"]


def test_form_values_are_normalised() -> None:
    prefs = Preferences()
    form = submitted(prefs, currency="eur", blocked_categories="Gambling,\n crypto ,,")
    form.rates = {"youtube_short": "750", "other": ""}
    form.accepted_types = {"affiliate"}
    result = validate_form(prefs, form)
    assert result is not None
    assert result.currency == "EUR"
    assert result.blocked_categories == frozenset({"gambling", "crypto"})
    assert dict(result.rate_card) == {DeliverableKind.YOUTUBE_SHORT: Decimal(750)}
    assert result.accepted_types == frozenset({PartnershipType.AFFILIATE})
    assert result.min_confidence == prefs.min_confidence  # not on the form: kept


def test_pricing_preferences_round_trip_and_report_their_field() -> None:
    prefs = Preferences()
    form = submitted(prefs, below_reach="counter")
    form.pricing["paid_usage_monthly"] = "0.2"
    form.quote_rates = False
    result = validate_form(prefs, form)
    assert result is not None
    assert result.paid_usage_monthly == Decimal("0.2")
    assert result.below_reach == "counter"
    assert result.quote_rates is False
    assert result.rush_days == prefs.rush_days  # shown unchanged, kept
    bad = submitted(prefs, below_reach="shrug")
    bad.pricing["rush_fee"] = "-1"
    assert validate_form(prefs, bad) is None
    assert bad.error("rush_fee") == ["rush_fee: Input should be greater than or equal to 0"]
    assert bad.error("below_reach")[0].startswith("below_reach: Input should be 'decline'")
