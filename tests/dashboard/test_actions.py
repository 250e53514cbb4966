"""What the thread and inbox show right after each action; writing a reply; undoing actions."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from repflow.domain.models import Direction
from repflow.store.port import OutboxStatus
from tests.dashboard.conftest import Dash
from tests.dashboard.helpers import eml_files, offer, process
from tests.dashboard.test_pages import draft_of, lead_thread


async def post(dash: Dash, path: str, **data: str) -> tuple[int, str, str]:
    """POST a form with the session's CSRF token: (status, location, body)."""
    response = await dash.client.post(path, data={"csrf_token": await dash.csrf(), **data})
    return response.status_code, response.headers.get("location", ""), response.text


def activity_of(inbox_html: str, thread_id: str) -> datetime:
    """The Last activity the inbox shows for one thread."""
    rows = inbox_html.split("<tr")
    row = next(r for r in rows if f'/threads/{thread_id}"' in r)
    found = re.search(r'<time datetime="([^"]+)"', row)
    assert found, "no Last activity in the row"
    return datetime.fromisoformat(found.group(1))


def conversation_label(page_html: str) -> str:
    head = page_html.split('<header class="thread-head">', 1)[1].split("</header>", 1)[0]
    found = re.findall(r'<span class="muted">([^<]+)</span>', head)
    return found[-1] if found else ""


# -- 1. state and dates right after an action -----------------------------------------------------


async def test_after_approve_the_thread_awaits_the_brand_and_moved_now(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Lumen Skincare")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    before = await dash.client.get(base)
    assert conversation_label(before.text) == "Awaiting creator"
    started = datetime.now(UTC).replace(microsecond=0)
    status, location, _ = await post(
        dash, f"{base}/drafts/{await draft_of(dash, thread_id)}/approve"
    )
    assert status == 303
    page = await dash.client.get(location)
    assert "Reply approved and sent." in page.text
    assert conversation_label(page.text) == "Awaiting brand"
    state = await dash.store.load_thread("maya", thread_id)
    assert state.conversation is not None
    assert state.conversation.state == "awaiting_brand"
    inbox = await dash.client.get("/dashboard/c/maya/inbox")
    assert activity_of(inbox.text, thread_id) >= started
    # the thread just answered is the most recent activity of the inbox
    first = re.search(r'class="lead-link" href="[^"]+/threads/([^"]+)"', inbox.text)
    assert first is not None
    assert first.group(1) == thread_id


async def test_last_activity_never_uses_the_senders_date_header(dash: Dash) -> None:
    await dash.signin()
    started = datetime.now(UTC).replace(microsecond=0)
    future = offer(41, "Far Future Co", "farfuture.example").replace(
        b"Date: Thu, 26 Nov 2026 10:00:00 +0000", b"Date: Mon, 01 Jan 2035 10:00:00 +0000"
    )
    past = offer(42, "Long Ago Ltd", "longago.example").replace(
        b"Date: Thu, 26 Nov 2026 10:00:00 +0000", b"Date: Fri, 01 Jan 2010 10:00:00 +0000"
    )
    await process(dash.store, future)
    await process(dash.store, past)
    inbox = await dash.client.get("/dashboard/c/maya/inbox")
    for brand in ("Far Future Co", "Long Ago"):
        thread_id = await lead_thread(dash, brand)
        shown = activity_of(inbox.text, thread_id)
        # when Repflow received it: now, not 2035 and not 2010
        assert started <= shown <= datetime.now(UTC) + timedelta(seconds=1), brand
    # the message itself still shows the date its sender wrote
    page = await dash.client.get(
        f"/dashboard/c/maya/threads/{await lead_thread(dash, 'Far Future Co')}"
    )
    assert 'datetime="2035-01-01T10:00:00+00:00"' in page.text


async def test_after_discard_the_lead_moved_now(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "TechNova")
    started = datetime.now(UTC).replace(microsecond=0)
    await post(
        dash,
        f"/dashboard/c/maya/threads/{thread_id}/drafts/{await draft_of(dash, thread_id)}/discard",
    )
    inbox = await dash.client.get("/dashboard/c/maya/inbox")
    assert activity_of(inbox.text, thread_id) >= started


async def test_after_not_an_offer_and_block_the_thread_is_closed(dash: Dash) -> None:
    await dash.signin()
    ignored = await lead_thread(dash, "NordVPN")
    _, location, _ = await post(dash, f"/dashboard/c/maya/threads/{ignored}/ignore")
    page = await dash.client.get(location)
    assert conversation_label(page.text) == "Closed"
    assert "Awaiting creator" not in page.text
    blocked = await lead_thread(dash, "Terracotta Home")
    started = datetime.now(UTC).replace(microsecond=0)
    _, location, _ = await post(dash, f"/dashboard/c/maya/threads/{blocked}/block")
    page = await dash.client.get(location)
    assert conversation_label(page.text) == "Closed"
    assert "Awaiting creator" not in page.text
    inbox = await dash.client.get("/dashboard/c/maya/inbox")
    assert activity_of(inbox.text, blocked) >= started


# -- 2. a reply the creator writes ----------------------------------------------------------------


async def test_a_written_reply_is_checked_sent_to_the_threads_sender_and_recorded(
    dash: Dash,
) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Lumen Skincare")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    await post(dash, f"{base}/drafts/{await draft_of(dash, thread_id)}/discard")
    page = await dash.client.get(base)
    assert "Write a reply" in page.text
    assert "To priya@lumenskincare.co" in page.text
    text = "Hi Priya,\n\nThanks for the details. Could you share the brief for the video?"
    # the form cannot choose the recipient: a "to" field is ignored
    status, location, _ = await post(dash, f"{base}/reply", text=text, to="evil@attacker.example")
    assert status == 303
    assert location == f"{base}?done=replied"
    (eml,) = eml_files(dash.outbox)
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "priya@lumenskincare.co"
    assert "attacker" not in eml.read_text()
    assert message["Subject"].startswith("Re: ")
    assert message["In-Reply-To"]
    assert "Could you share the brief for the video?" in message.get_body().get_content()
    state = await dash.store.load_thread("maya", thread_id)
    written = [o for o in state.outbox if o.key.startswith("written:")]
    assert [(o.to_address, o.status) for o in written] == [
        ("priya@lumenskincare.co", OutboxStatus.SENT)
    ]
    outbound = [m for m in state.messages if m.direction is Direction.OUTBOUND]
    assert outbound[-1].text.startswith("Hi Priya,")
    assert state.conversation is not None
    assert state.conversation.state == "awaiting_brand"
    shown = await dash.client.get(location)
    assert "Your reply was sent." in shown.text
    assert "Could you share the brief for the video?" in shown.text


async def test_a_written_reply_that_fails_the_checks_is_not_sent(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Lumen Skincare")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    await post(dash, f"{base}/drafts/{await draft_of(dash, thread_id)}/discard")
    text = "Hi [brand_contact], <script>alert(1)</script> thanks!\n\n[creator_name]"
    status, _, body = await post(dash, f"{base}/reply", text=text)
    assert status == 422
    assert "fix what the check found" in body
    assert "placeholder:" in body
    assert "markup:" in body
    assert "[brand_contact]" in body  # the text is kept in the form
    assert not eml_files(dash.outbox)
    state = await dash.store.load_thread("maya", thread_id)
    assert not [o for o in state.outbox if o.key.startswith("written:")]
    empty = await post(dash, f"{base}/reply", text="   ")
    assert empty[0] == 422
    assert "text: The reply is empty." in empty[2]


async def test_what_the_creator_chooses_to_say_is_theirs(dash: Dash) -> None:
    # accepting, a price and a link to their own media kit: choices, not slips
    await dash.signin()
    thread_id = await lead_thread(dash, "Lumen Skincare")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    await post(dash, f"{base}/drafts/{await draft_of(dash, thread_id)}/discard")
    text = (
        "Hi Priya,\n\nDeal: $3,500 for the video works for me. My media kit: "
        "https://mayamakes.example/kit\n\nMaya"
    )
    status, location, _ = await post(dash, f"{base}/reply", text=text)
    assert status == 303, location
    (eml,) = eml_files(dash.outbox)
    body = message_from_bytes(eml.read_bytes(), policy=policy.default).get_body().get_content()
    assert "https://mayamakes.example/kit" in body
    assert "$3,500" in body


async def test_a_written_reply_needs_csrf_and_no_waiting_draft(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Lumen Skincare")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    forged = await dash.client.post(f"{base}/reply", data={"text": "Hello"})
    assert forged.status_code == 403
    status, _, body = await post(dash, f"{base}/reply", text="Hello there, thanks!")
    assert status == 409
    assert "A draft is waiting" in body
    assert not eml_files(dash.outbox)


async def test_a_written_reply_to_a_blocked_sender_is_refused(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Terracotta Home")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    await post(dash, f"{base}/block")
    status, _, body = await post(dash, f"{base}/reply", text="Hello there, thanks!")
    assert status == 409
    assert "This sender is blocked" in body
    assert not eml_files(dash.outbox)


async def test_another_creators_thread_cannot_be_answered(dash: Dash) -> None:
    await dash.signin("sam@example.com")
    thread_id = await lead_thread(dash, "Lumen Skincare")
    status, _, _ = await post(dash, f"/dashboard/c/maya/threads/{thread_id}/reply", text="Hi")
    assert status == 404
    assert not eml_files(dash.outbox)


# -- 3. unblock -------------------------------------------------------------------------------


async def test_unblock_lets_the_sender_be_answered_again(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Terracotta Home")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    await post(dash, f"{base}/block")
    page = await dash.client.get(base)
    assert "Unblock sender" in page.text
    assert "Block sender" not in page.text
    await dash.store.block("maya", "terracotta-home.com")  # a domain entry covering it too
    status, location, _ = await post(dash, f"{base}/unblock")
    assert status == 303
    assert location.endswith("?done=unblocked")
    blocklist = await dash.store.get_blocklist("maya")
    assert not blocklist.matches("elena@terracotta-home.com")
    page = await dash.client.get(location)
    assert "Sender unblocked" in page.text
    assert "Block sender" in page.text
    raw = offer(19, "Terracotta Home", "terracotta-home.com").replace(
        b"nina@terracotta-home.com", b"elena@terracotta-home.com"
    )
    result = await process(dash.store, raw)
    assert result.screened is None
    again = await post(dash, f"{base}/unblock")
    assert again[0] == 409
    assert "not blocked" in again[2]


# -- 4. undo "not an offer" ---------------------------------------------------------------------


async def test_undo_not_an_offer_restores_state_conversation_and_drafts(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Velora Travel")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    before = await dash.store.load_thread("maya", thread_id)
    assert before.lead is not None
    assert before.conversation is not None
    # a lead under review (which may be marked not an offer) with a draft waiting
    await dash.store.update_lead(replace(before.lead, state="needs_review"))
    draft = await draft_of(dash, thread_id)
    await post(dash, f"{base}/ignore")
    ignored = await dash.store.load_thread("maya", thread_id)
    assert ignored.lead is not None
    assert ignored.lead.state == "ignored"
    assert (await dash.store.get_outbox("maya", draft)).status is OutboxStatus.DISCARDED
    page = await dash.client.get(base)
    assert "Undo “not an offer”" in page.text
    status, location, _ = await post(dash, f"{base}/unignore")
    assert status == 303
    assert location.endswith("?done=unignored")
    after = await dash.store.load_thread("maya", thread_id)
    assert after.lead is not None
    assert after.conversation is not None
    assert after.lead.state == "needs_review"
    assert after.lead.undo is None
    assert after.conversation.state == before.conversation.state == "awaiting_creator"
    assert (await dash.store.get_outbox("maya", draft)).status is OutboxStatus.DRAFT
    page = await dash.client.get(location)
    assert "Back as an offer" in page.text
    assert "Draft reply waiting for you" in page.text
    assert "Undo “not an offer”" not in page.text
    assert "Mark not an offer" in page.text
    # nothing left to undo
    again = await post(dash, f"{base}/unignore")
    assert again[0] == 409
    assert "nothing to undo" in again[2]


async def test_undo_not_an_offer_returns_a_new_lead_to_new(dash: Dash) -> None:
    """NEW -> IGNORED -> NEW: undo goes back exactly, a move the lead table has no row for."""
    await dash.signin()
    thread_id = await lead_thread(dash, "NordVPN")
    lead = (await dash.store.load_thread("maya", thread_id)).lead
    assert lead is not None
    await dash.store.update_lead(replace(lead, state="new"))
    base = f"/dashboard/c/maya/threads/{thread_id}"
    await post(dash, f"{base}/ignore")
    inbox = await dash.client.get("/dashboard/c/maya/inbox?state=ignored")
    assert "NordVPN" in inbox.text
    await post(dash, f"{base}/unignore")
    restored = (await dash.store.load_thread("maya", thread_id)).lead
    assert restored is not None
    assert restored.state == "new"
    inbox = await dash.client.get("/dashboard/c/maya/inbox?state=ignored")
    assert "NordVPN" not in inbox.text


# -- 5. deal stages -----------------------------------------------------------------------------


async def test_a_deal_moves_contracted_delivered_paid_from_the_thread(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Acme Audio")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    page = await dash.client.get(base)
    assert "Mark contracted" in page.text
    assert "Contracted fee" in page.text
    today = datetime.now(UTC).date()
    status, location, _ = await post(
        dash, f"{base}/deal", stage="contracted", on=today.isoformat(), amount="4,500"
    )
    assert status == 303
    assert location.endswith("?done=deal")
    state = await dash.store.load_thread("maya", thread_id)
    assert state.deal is not None
    assert state.deal.stage == "contracted"
    assert state.deal.milestones == (
        {"stage": "contracted", "on": today.isoformat(), "amount": "4500", "currency": "USD"},
    )
    page = await dash.client.get(location)
    assert "Deal stage saved." in page.text
    assert "Mark delivered" in page.text
    assert "$4,500" in page.text
    board = await dash.client.get("/dashboard/c/maya/board")
    assert "Deal · Contracted" in board.text
    await post(dash, f"{base}/deal", stage="delivered", on=today.isoformat())
    await post(dash, f"{base}/deal", stage="paid", on=today.isoformat(), amount="4500")
    state = await dash.store.load_thread("maya", thread_id)
    assert state.deal is not None
    assert state.deal.stage == "paid"
    assert [m["stage"] for m in state.deal.milestones] == ["contracted", "delivered", "paid"]
    page = await dash.client.get(base)
    assert "Mark " not in page.text  # paid is final
    board = await dash.client.get("/dashboard/c/maya/board")
    assert "Deal · Paid" in board.text


async def test_an_invalid_deal_move_is_refused_with_a_clear_error(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Acme Audio")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    today = datetime.now(UTC).date()
    cases = [
        ({"stage": "paid", "on": today.isoformat(), "amount": "1"}, "not to paid"),
        ({"stage": "contracted", "on": today.isoformat()}, "needs an amount"),
        (
            {"stage": "contracted", "on": (today + timedelta(days=2)).isoformat(), "amount": "1"},
            "in the future",
        ),
        ({"stage": "contracted", "on": "yesterday", "amount": "1"}, "a date (YYYY-MM-DD)"),
        ({"stage": "signed", "on": today.isoformat(), "amount": "1"}, "Enter the stage"),
        ({"stage": "contracted", "on": today.isoformat(), "amount": "NaN"}, "amount in digits"),
    ]
    for data, message in cases:
        status, _, body = await post(dash, f"{base}/deal", **data)
        assert status == 422, data
        assert message in body, data
    state = await dash.store.load_thread("maya", thread_id)
    assert state.deal is not None
    assert state.deal.stage == "new"
    assert state.deal.milestones == ()
    no_deal = await lead_thread(dash, "NordVPN")
    status, _, _ = await post(dash, f"/dashboard/c/maya/threads/{no_deal}/deal", stage="contracted")
    assert status == 404


# -- 6. CSV exports -----------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


async def test_leads_export_is_escaped_and_formula_safe(dash: Dash) -> None:
    await dash.signin()
    hostile = offer(51, "Quill Labs", "quill.example").replace(
        b"Subject: Paid partnership: Quill Labs x Maya",
        b'Subject: =HYPERLINK("http://evil.example","Click"), "quoted"; +1 @x',
    )
    await process(dash.store, hostile)
    inbox = await dash.client.get("/dashboard/c/maya/inbox")
    assert 'href="/dashboard/c/maya/export/leads.csv"' in inbox.text
    response = await dash.client.get("/dashboard/c/maya/export/leads.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="repflow-leads-maya-'
    )
    rows = read_csv(response.text)
    assert len(rows) == 14
    quill = next(r for r in rows if r["counterparty"] == "nina@quill.example")
    # the cell reads back exactly, with an apostrophe that keeps it text
    assert quill["subject"] == '\'=HYPERLINK("http://evil.example","Click"), "quoted"; +1 @x'
    lumen = next(r for r in rows if r["brand"] == "Lumen Skincare")
    assert lumen["state"] == "deal_created"
    assert lumen["budget"] == "$3,000"
    assert lumen["draft_waiting"] == "yes"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    # the inbox's filters apply
    filtered = await dash.client.get("/dashboard/c/maya/export/leads.csv?state=needs_review")
    assert {r["brand"] for r in read_csv(filtered.text)} == {"PeakFuel", "NordVPN"}


async def test_deals_export_has_the_stages(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Acme Audio")
    today = datetime.now(UTC).date().isoformat()
    await post(
        dash,
        f"/dashboard/c/maya/threads/{thread_id}/deal",
        stage="contracted",
        on=today,
        amount="4000",
    )
    board = await dash.client.get("/dashboard/c/maya/board")
    assert 'href="/dashboard/c/maya/export/deals.csv"' in board.text
    response = await dash.client.get("/dashboard/c/maya/export/deals.csv")
    assert response.status_code == 200
    rows = read_csv(response.text)
    assert len(rows) == len(await dash.store.list_deals("maya"))
    acme = next(r for r in rows if r["brand"] == "Acme Audio")
    assert acme["stage"] == "contracted"
    assert (acme["contracted_on"], acme["contracted_amount"]) == (today, "4000")
    assert acme["contracted_currency"] == "USD"
    assert acme["paid_on"] == ""


async def test_exports_are_scoped_to_the_creator(dash: Dash) -> None:
    anonymous = await dash.client.get("/dashboard/c/maya/export/deals.csv")
    assert anonymous.status_code == 303
    await dash.signin("sam@example.com")
    for kind in ("leads", "deals"):
        response = await dash.client.get(f"/dashboard/c/maya/export/{kind}.csv")
        assert response.status_code == 404


def test_safe_cell() -> None:
    from repflow.api.dashboard.export import safe_cell

    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+1") == "'+1"
    assert safe_cell("-1") == "'-1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("plain, text") == "plain, text"
    assert safe_cell(None) == ""
    assert safe_cell(True) == "yes"


async def test_preferences_list_blocked_senders_and_unblock_them(dash: Dash) -> None:
    await dash.signin()
    page = await dash.client.get("/dashboard/c/maya/preferences")
    assert "Nobody is blocked." in page.text
    await dash.store.block("maya", "spam@junk.example")
    await dash.store.block("maya", "Junk.Example")
    page = await dash.client.get("/dashboard/c/maya/preferences")
    assert "spam@junk.example" in page.text
    assert "@junk.example" in page.text
    status, location, _ = await post(
        dash, "/dashboard/c/maya/blocklist/unblock", value="@junk.example"
    )
    assert status == 303
    assert location.endswith("/preferences?done=unblocked_entry")
    blocklist = await dash.store.get_blocklist("maya")
    assert blocklist.domains == frozenset()
    assert blocklist.addresses == frozenset({"spam@junk.example"})
    page = await dash.client.get(location)
    assert "Unblocked: their next email is answered as usual." in page.text
    again = await post(dash, "/dashboard/c/maya/blocklist/unblock", value="@junk.example")
    assert again[0] == 404
    blank = await post(dash, "/dashboard/c/maya/blocklist/unblock", value="  ")
    assert blank[0] == 404
    await dash.signin("sam@example.com")
    other = await post(dash, "/dashboard/c/maya/blocklist/unblock", value="spam@junk.example")
    assert other[0] == 404
    assert (await dash.store.get_blocklist("maya")).matches("spam@junk.example")


async def test_undo_of_a_lead_ignored_without_a_record_returns_it_to_review(dash: Dash) -> None:
    """Ignored before undo records were kept (or from elsewhere): back to review."""
    await dash.signin()
    thread_id = await lead_thread(dash, "PeakFuel")
    lead = (await dash.store.load_thread("maya", thread_id)).lead
    assert lead is not None
    await dash.store.update_lead(replace(lead, state="ignored", undo=None))
    await dash.store.set_conversation_state("maya", thread_id, "closed")
    base = f"/dashboard/c/maya/threads/{thread_id}"
    assert "Undo “not an offer”" in (await dash.client.get(base)).text
    status, _, _ = await post(dash, f"{base}/unignore")
    assert status == 303
    state = await dash.store.load_thread("maya", thread_id)
    assert state.lead is not None
    assert state.conversation is not None
    assert state.lead.state == "needs_review"
    assert state.conversation.state == "awaiting_creator"
