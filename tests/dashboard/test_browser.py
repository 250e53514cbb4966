"""The dashboard in a real browser: headless Debian Chromium against uvicorn on 127.0.0.1.

The app (API + dashboard) serves a temp SQLite database seeded by the real pipeline over
examples/inbox with examples/repflow.toml (creator ``maya``); replies leave through the file
transport into a temp outbox. Screenshots go to a temp directory, or to docs/screenshots/ when
``REPFLOW_SCREENSHOTS=1`` (``make screenshots``).

Skipped when /usr/bin/chromium is missing (``scripts/install_chromium.sh`` installs it), except
under ``CI=true``, where a missing browser fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from repflow.pipeline.result import ProcessResult
from repflow.store.sql import SqlStore
from tests.dashboard.conftest import Served
from tests.dashboard.helpers import (
    MAYA,
    PASSWORD,
    SCREENSHOTS,
    eml_files,
    offer,
    process,
    run_async,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

if not CHROMIUM.exists():
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"{CHROMIUM} is missing under CI=true: run scripts/install_chromium.sh",
            pytrace=False,
        )
    pytest.skip(
        f"Debian Chromium not found at {CHROMIUM} (run scripts/install_chromium.sh)",
        allow_module_level=True,
    )

from playwright.sync_api import BrowserContext, Page, Playwright, expect, sync_playwright  # noqa: E402

Context = Callable[..., BrowserContext]


@pytest.fixture
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture
def new_context(playwright: Playwright, tmp_path: Path) -> Iterator[Context]:
    """Open a browser with a fresh user data dir (options: viewport, JavaScript, ...)."""
    opened: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        profile = tmp_path / f"profile-{len(opened)}"
        options.setdefault("viewport", {"width": 1280, "height": 860})
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            **options,
        )
        context.set_default_timeout(10_000)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    if os.environ.get("REPFLOW_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path


def process_sql(db_url: str, raw: bytes) -> ProcessResult:
    """Process one email with the real pipeline on the served database."""

    async def run() -> ProcessResult:
        store = SqlStore.from_url(db_url)
        try:
            return await process(store, raw)
        finally:
            await store.close()

    return run_async(run)


def sign_in(page: Page, served: Served, start: str = "/dashboard/") -> None:
    page.goto(served.url + start)
    expect(page).to_have_url(re.compile(r"/dashboard/signin\?next="))
    page.fill("#email", MAYA)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")


def no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_sign_in_filter_open_a_thread_and_approve_a_draft(
    served: Served, new_context: Context, shots: Path
) -> None:
    page = new_context().new_page()
    sign_in(page, served)
    expect(page.locator("h1")).to_have_text("Inbox")
    expect(page.locator("#leads .count")).to_have_text("13 leads")
    page.screenshot(path=str(shots / "inbox.png"), full_page=True)

    # htmx: the filters swap the rows in place and keep the URL shareable
    page.select_option("select[name=flag]", "prompt_injection")
    expect(page.locator(".lead-link")).to_have_text(["PeakFuel"])
    expect(page).to_have_url(re.compile(r"flag=prompt_injection"))
    page.select_option("select[name=flag]", "")
    page.fill("#q", "lumen")
    expect(page.locator(".lead-link")).to_have_text(["Lumen Skincare"])

    page.click("a.lead-link:has-text('Lumen Skincare')")
    expect(page.locator("h1")).to_have_text("Collaboration with Lumen Skincare")
    expect(page.locator(".draft h2")).to_have_text("Draft reply waiting for you")
    expect(page.locator(".fields mark").first).to_be_visible()
    # judged against the price of what it asks for, from the rate card
    expect(page.locator(".reasons")).to_contain_text("offer 3000 USD >= price 3000: qualified")
    page.screenshot(path=str(shots / "thread.png"), full_page=True)

    before = eml_files(served.outbox)
    page.click("button:has-text('Approve & send')")
    expect(page.locator(".flash-ok")).to_have_text("Reply approved and sent.")
    expect(page.locator(".draft")).to_have_count(0)
    expect(page.locator(".outbox")).to_contain_text("Sent")
    sent = eml_files(served.outbox) - before
    assert len(sent) == 1
    message = message_from_bytes(sent.pop().read_bytes(), policy=policy.default)
    assert message["To"] == "priya@lumenskincare.co"
    assert message["Auto-Submitted"] == "auto-replied"
    assert "Budget: $3,000 (flat fee)" in message.get_body().get_content()


def test_pipeline_board(served: Served, new_context: Context, shots: Path) -> None:
    page = new_context().new_page()
    sign_in(page, served, "/dashboard/c/maya/board")
    expect(page).to_have_url(re.compile(r"/dashboard/c/maya/board$"))
    expect(page.locator("h1")).to_have_text("Pipeline")
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("svg.chart rect.bar").first).to_be_visible()
    expect(page.locator(".column").first).to_contain_text("New")
    expect(page.locator(".total").first).to_contain_text("$")
    page.screenshot(path=str(shots / "board.png"), full_page=True)


def test_preferences_change_the_next_decision(
    served: Served, new_context: Context, shots: Path
) -> None:
    before = process_sql(served.db_url, offer(1, "Brightpeak", "brightpeak.io"))
    assert before.decision == "continue"

    page = new_context().new_page()
    sign_in(page, served)
    page.click("nav >> text=Preferences")
    expect(page.locator("#min_budget")).to_have_value("2000")

    page.fill("#min_budget", "-1")
    page.click("button:has-text('Save preferences')")
    expect(page.locator("#err-min_budget")).to_have_text(
        "min_budget: Input should be greater than or equal to 0"
    )
    expect(page.locator("#min_budget")).to_have_attribute("aria-invalid", "true")

    page.fill("#min_budget", "5000")
    page.click("button:has-text('Save preferences')")
    expect(page.locator(".flash-ok")).to_contain_text("Preferences saved")
    expect(page.locator("#err-min_budget")).to_have_count(0)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "preferences.png"), full_page=True)

    after = process_sql(served.db_url, offer(2, "Trailnest", "trailnest.co"))
    assert after.decision == "negotiate"
    # the floor now sets the price; a counter that names no amount (the floor stays private)
    assert "price 5000 USD" in after.reasons
    assert "offer 3000 USD < price, >= 0.4 x price = 2000: countered" in after.reasons

    page.click("nav >> text=Inbox")
    row = page.locator("tr", has=page.locator("a.lead-link:has-text('Trailnest')"))
    expect(row).to_contain_text("Negotiating")


def test_everything_reads_and_acts_without_javascript(served: Served, new_context: Context) -> None:
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, served)
    expect(page.locator("h1")).to_have_text("Inbox")
    page.select_option("select[name=flag]", "draft_waiting")
    page.click("button:has-text('Filter')")
    expect(page).to_have_url(re.compile(r"flag=draft_waiting"))
    page.click("a.lead-link:has-text('Acme Audio')")
    expect(page.locator(".draft")).to_be_visible()

    page.click("summary:has-text('Edit before sending')")
    page.fill("textarea[name=text]", "Hi Jordan,\n\nDeal at $4,000. Send the brief?")
    before = eml_files(served.outbox)
    page.click("button:has-text('Send edited reply')")
    expect(page).to_have_url(re.compile(r"\?done=sent$"))
    expect(page.locator(".flash-ok")).to_have_text("Reply approved and sent.")
    (sent,) = eml_files(served.outbox) - before
    body = message_from_bytes(sent.read_bytes(), policy=policy.default).get_body()
    assert "Deal at $4,000. Send the brief?" in body.get_content()

    page.click("nav >> text=Board")
    expect(page.locator("svg.chart")).to_be_visible()


def test_pages_fit_a_phone(served: Served, new_context: Context, shots: Path) -> None:
    context = new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    sign_in(page, served)
    expect(page.locator("h1")).to_have_text("Inbox")
    assert no_horizontal_scroll(page), "inbox"
    page.screenshot(path=str(shots / "inbox-phone.png"))
    page.click("a.lead-link:has-text('Velora Travel')")
    expect(page.locator(".draft")).to_be_visible()
    assert no_horizontal_scroll(page), "thread"
    for name in ("Board", "Preferences"):
        page.click(f"nav >> text={name}")
        expect(page.locator("nav a[aria-current=page]")).to_have_text(name)
        assert no_horizontal_scroll(page), name


def test_write_a_reply_and_move_the_deal_on(
    served: Served, new_context: Context, shots: Path
) -> None:
    page = new_context().new_page()
    sign_in(page, served, "/dashboard/c/maya/inbox?q=lumen")
    page.click("a.lead-link:has-text('Lumen Skincare')")
    # while a draft waits, there is no free reply (the draft is the reply)
    expect(page.locator(".compose")).to_have_count(0)
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Discard')")
    expect(page.locator(".flash-ok")).to_have_text("Draft discarded.")

    # a reply the creator writes: the recipient is the thread's, shown, not typed
    expect(page.locator(".compose")).to_contain_text("To priya@lumenskincare.co")
    page.fill("#compose-text", "Hi [brand_contact],\n\nMy rates are attached.")
    page.click("button:has-text('Send reply')")
    expect(page.locator(".flash-error")).to_contain_text("fix what the check found")
    expect(page.locator(".flash-error .problems")).to_contain_text("placeholder:")
    expect(page.locator("#compose-text")).to_have_value(
        "Hi [brand_contact],\n\nMy rates are attached."
    )
    before = eml_files(served.outbox)
    page.fill("#compose-text", "Hi Priya,\n\nThanks! Could you send the product brief?")
    page.click("button:has-text('Send reply')")
    expect(page.locator(".flash-ok")).to_have_text("Your reply was sent.")
    expect(page.locator(".msg-out").last).to_contain_text("Could you send the product brief?")
    expect(page.locator(".thread-head")).to_contain_text("Awaiting brand")
    (sent,) = eml_files(served.outbox) - before
    message = message_from_bytes(sent.read_bytes(), policy=policy.default)
    assert message["To"] == "priya@lumenskincare.co"

    # the deal moves on: contracted (with the fee), delivered, paid
    expect(page.locator(".deal-card")).to_contain_text("New")
    page.fill("#deal-amount", "3000")
    page.click("button:has-text('Mark contracted')")
    expect(page.locator(".flash-ok")).to_have_text("Deal stage saved.")
    expect(page.locator(".milestones")).to_contain_text("Contracted")
    expect(page.locator(".milestones")).to_contain_text("$3,000")
    page.click("button:has-text('Mark delivered')")
    expect(page.locator(".milestones li")).to_have_count(2)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "thread-reply-deal.png"), full_page=True)
    page.fill("#deal-amount", "-5")
    page.click("button:has-text('Mark paid')")
    expect(page.locator(".flash-error")).to_contain_text("must be positive")
    expect(page.locator(".milestones li")).to_have_count(2)

    page.click("nav >> text=Board")
    expect(page.locator(".column", has_text="Deal · Delivered")).to_contain_text("Lumen")
    with page.expect_download() as download:
        page.click("a:has-text('Download deals (CSV)')")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("deal_id,thread_id,brand,stage")
    assert "Lumen Skincare,delivered" in text


def test_not_an_offer_and_block_can_be_undone(served: Served, new_context: Context) -> None:
    page = new_context().new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, served, "/dashboard/c/maya/inbox?q=nordvpn")
    page.click("a.lead-link:has-text('NordVPN')")
    expect(page.locator(".thread-head")).to_contain_text("Needs review")
    page.click("button:has-text('Mark not an offer')")
    expect(page.locator(".flash-ok")).to_contain_text("Marked as not an offer")
    expect(page.locator(".thread-head")).to_contain_text("Closed")
    page.click("button:has-text('Undo “not an offer”')")
    expect(page.locator(".flash-ok")).to_contain_text("Back as an offer")
    expect(page.locator(".thread-head")).to_contain_text("Needs review")
    expect(page.locator(".thread-head")).to_contain_text("Awaiting creator")

    page.click("button:has-text('Block sender')")
    expect(page.locator(".flash-ok")).to_contain_text("Sender blocked")
    page.click("button:has-text('Unblock sender')")
    expect(page.locator(".flash-ok")).to_contain_text("Sender unblocked")
    expect(page.locator("button:has-text('Block sender')")).to_be_visible()


def test_sign_out_everywhere_signs_out_other_browsers(served: Served, new_context: Context) -> None:
    first = new_context().new_page()
    second = new_context().new_page()
    sign_in(first, served)
    sign_in(second, served)
    expect(second.locator("h1")).to_have_text("Inbox")
    first.click("button:has-text('Sign out everywhere')")
    expect(first).to_have_url(re.compile(r"/dashboard/signin$"))
    second.reload()
    expect(second).to_have_url(re.compile(r"/dashboard/signin\?next="))
