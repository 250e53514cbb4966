"""The dashboard's pages and actions, through the ASGI app (fast: no server, no browser)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email import message_from_bytes, policy
from email.message import EmailMessage

from repflow.domain.models import Direction
from repflow.store.port import OutboxStatus, StoredMessage, Turn
from repflow.transport.exceptions import SendError
from tests.dashboard.conftest import Dash
from tests.dashboard.helpers import eml_files, offer, process


async def lead_thread(dash: Dash, brand: str) -> str:
    for lead in await dash.store.list_leads("maya"):
        if lead.terms.brand == brand:
            return lead.thread_id
    raise AssertionError(f"no lead for {brand}")


async def draft_of(dash: Dash, thread_id: str) -> str:
    state = await dash.store.load_thread("maya", thread_id)
    return next(item.id for item in state.outbox if item.status is OutboxStatus.DRAFT)


# -- inbox ----------------------------------------------------------------------------------------


async def test_inbox_lists_leads_with_offer_state_flags_and_activity(dash: Dash) -> None:
    await dash.signin()
    page = await dash.client.get("/dashboard/c/maya/inbox")
    assert page.status_code == 200
    text = page.text
    assert "13 leads" in text
    assert "Acme Audio" in text
    assert "$4,000" in text
    assert "Velora Travel" in text
    assert "$5,000–$7,000" in text
    assert "2 × Instagram reel" in text
    assert "Flat fee" in text
    assert "Needs review" in text
    assert "Draft waiting" in text
    assert "Scam" in text
    assert "Prompt injection" in text
    assert "<time datetime=" in text


async def test_inbox_filters_by_state_and_flag_and_searches(dash: Dash) -> None:
    await dash.signin()

    async def brands(query: str) -> list[str]:
        page = await dash.client.get(f"/dashboard/c/maya/inbox?{query}")
        assert page.status_code == 200
        return re.findall(r'class="lead-link" href="[^"]+">([^<]+)</a>', page.text)

    # PeakFuel's hidden instructions ask for the creator's rate floor: a data grab, so a scam too.
    assert sorted(await brands("flag=scam")) == ["NordVPN", "PeakFuel"]
    assert await brands("flag=prompt_injection") == ["PeakFuel"]
    assert sorted(await brands("flag=needs_review")) == ["NordVPN", "PeakFuel"]
    assert sorted(await brands("state=declined")) == ["GlowGear", "LuckySpin Casino"]
    assert await brands("q=lumen") == ["Lumen Skincare"]
    assert await brands("q=Collaboration+with") == ["Lumen Skincare"]  # the subject
    assert await brands("state=declined&q=lumen") == []
    assert len(await brands("state=bogus&flag=bogus")) == 13  # unknown filters are ignored


async def test_inbox_filter_answers_only_the_rows_to_htmx(dash: Dash) -> None:
    await dash.signin()
    page = await dash.client.get(
        "/dashboard/c/maya/inbox?flag=scam", headers={"HX-Request": "true", "HX-Target": "leads"}
    )
    assert page.text.lstrip().startswith('<div id="leads">')
    assert "<html" not in page.text
    assert "NordVPN" in page.text


# -- thread ---------------------------------------------------------------------------------------


async def test_thread_shows_conversation_fields_evidence_decision_and_draft(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Lumen Skincare")
    page = await dash.client.get(f"/dashboard/c/maya/threads/{thread_id}")
    assert page.status_code == 200
    text = page.text
    # both directions of the conversation
    assert text.count('class="msg msg-in"') == 2
    assert text.count('class="msg msg-out"') == 1
    # fields with the line they came from
    assert "Budget" in text
    assert "$3,000" in text
    assert "<mark>$3,000</mark>" in text or "<mark>3,000</mark>" in text
    # the deadline's evidence (the engine's snippet, or the line that states it) is highlighted
    assert re.search(r"<mark>[^<]*January 20[^<]*</mark>", text)
    assert re.search(r"<mark>[^<]*flat fee[^<]*</mark>", text)
    # the decision and why
    # the price from the card and the comparison (judged against the price, not the floor)
    assert "card: 2 x instagram_reel at 1500 = 3000 USD" in text
    assert "offer 3000 USD &gt;= price 3000: qualified" in text
    assert "decision decision-continue" in text
    # the waiting draft and its actions
    assert "Draft reply waiting for you" in text
    assert "Approve &amp; send" in text
    assert "Discard" in text
    assert "Send edited reply" in text
    assert "Block sender" in text


async def test_quoted_history_is_folded(dash: Dash) -> None:
    # Ingest trims quotes away; what survives (or comes from another writer) is folded.
    body = "Sounds good, see below.\n\nOn Tue, Nov 17, 2026 at 10:02 AM Maya wrote:\n> Hi!"
    message = StoredMessage(
        id="m-quoted",
        creator_id="maya",
        thread_id="t_quoted",
        direction=Direction.INBOUND,
        message_id="<quoted@example.com>",
        sender="brand@example.com",
        recipients=("maya@repflow.example",),
        subject="Re: hello",
        subject_key="hello",
        participant_key="brand@example.com",
        text=body,
        sent_at=datetime(2026, 11, 20, tzinfo=UTC),
        claim_key="quoted-key",
    )
    await dash.store.claim("quoted-key", now=datetime.now(UTC), lease=timedelta(minutes=5))
    await dash.store.commit_turn(
        Turn(claim_key="quoted-key", creator_id="maya", thread_id="t_quoted", inbound=message)
    )
    await dash.signin()
    page = await dash.client.get("/dashboard/c/maya/threads/t_quoted")
    assert page.status_code == 200
    assert '<div class="body">Sounds good, see below.</div>' in page.text
    assert '<details class="quoted">' in page.text
    assert "&gt; Hi!" in page.text


async def test_flagged_thread_warns_and_has_no_draft(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "NordVPN")
    page = await dash.client.get(f"/dashboard/c/maya/threads/{thread_id}")
    assert "Repflow flagged this thread" in page.text
    assert "Draft reply waiting" not in page.text
    assert "Mark not an offer" in page.text


async def test_unknown_thread_is_404(dash: Dash) -> None:
    await dash.signin()
    page = await dash.client.get("/dashboard/c/maya/threads/t_00000000000000000000")
    assert page.status_code == 404
    assert "There is no such thread" in page.text


# -- draft actions --------------------------------------------------------------------------------


async def test_approve_sends_the_draft_through_the_outbox(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Lumen Skincare")
    outbox_id = await draft_of(dash, thread_id)
    token = await dash.csrf()
    base = f"/dashboard/c/maya/threads/{thread_id}"
    response = await dash.client.post(
        f"{base}/drafts/{outbox_id}/approve", data={"csrf_token": token}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{base}?done=sent"
    item = await dash.store.get_outbox("maya", outbox_id)
    assert item.status is OutboxStatus.SENT
    (eml,) = eml_files(dash.outbox)
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "priya@lumenskincare.co"
    assert "Budget: $3,000 (flat fee)" in message.get_body().get_content()
    assert "youtube.com/@mayamakes" in message.get_body().get_content()  # the signature
    page = await dash.client.get(response.headers["location"])
    assert "Reply approved and sent." in page.text
    assert "Draft reply waiting" not in page.text
    # a second approval of the same draft sends nothing more
    again = await dash.client.post(f"{base}/drafts/{outbox_id}/approve", data={"csrf_token": token})
    assert again.headers["location"] == f"{base}?done=handled"
    assert len(eml_files(dash.outbox)) == 1


async def test_edit_and_send_sends_the_creators_words(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Acme Audio")
    outbox_id = await draft_of(dash, thread_id)
    token = await dash.csrf()
    path = f"/dashboard/c/maya/threads/{thread_id}/drafts/{outbox_id}/send"
    empty = await dash.client.post(path, data={"csrf_token": token, "text": "   "})
    assert empty.status_code == 422
    assert "text: The reply is empty." in empty.text
    assert not eml_files(dash.outbox)
    # an edited draft is a reply the creator wrote: a left-over placeholder stops it
    slip = await dash.client.post(
        path, data={"csrf_token": token, "text": "Hi [brand_contact], deal!\n\n[creator_name]"}
    )
    assert slip.status_code == 422
    assert "placeholder:" in slip.text
    assert not eml_files(dash.outbox)
    assert (await dash.store.get_outbox("maya", outbox_id)).status is OutboxStatus.DRAFT
    response = await dash.client.post(
        path, data={"csrf_token": token, "text": "Hi Jordan,\r\n\r\nDeal! Send the brief."}
    )
    assert response.status_code == 303
    (eml,) = eml_files(dash.outbox)
    body = message_from_bytes(eml.read_bytes(), policy=policy.default).get_body().get_content()
    assert "Deal! Send the brief." in body
    item = await dash.store.get_outbox("maya", outbox_id)
    assert item.status is OutboxStatus.SENT
    assert item.text == "Hi Jordan,\n\nDeal! Send the brief."


async def test_htmx_approve_answers_the_thread_column(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "BrightBrew")
    outbox_id = await draft_of(dash, thread_id)
    token = await dash.csrf()
    response = await dash.client.post(
        f"/dashboard/c/maya/threads/{thread_id}/drafts/{outbox_id}/approve",
        data={"csrf_token": token},
        headers={"HX-Request": "true", "HX-Target": "thread-main"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="thread-main"')
    assert "Reply approved and sent." in response.text
    assert len(eml_files(dash.outbox)) == 1


async def test_discard_sends_nothing(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "TechNova")
    outbox_id = await draft_of(dash, thread_id)
    token = await dash.csrf()
    response = await dash.client.post(
        f"/dashboard/c/maya/threads/{thread_id}/drafts/{outbox_id}/discard",
        data={"csrf_token": token},
    )
    assert response.headers["location"].endswith("?done=discarded")
    assert (await dash.store.get_outbox("maya", outbox_id)).status is OutboxStatus.DISCARDED
    assert not eml_files(dash.outbox)


async def test_mark_not_an_offer_ignores_the_lead(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "NordVPN")
    token = await dash.csrf()
    path = f"/dashboard/c/maya/threads/{thread_id}/ignore"
    response = await dash.client.post(path, data={"csrf_token": token})
    assert response.headers["location"].endswith("?done=ignored")
    state = await dash.store.load_thread("maya", thread_id)
    assert state.lead is not None
    assert state.lead.state == "ignored"
    page = await dash.client.get("/dashboard/c/maya/inbox?state=ignored")
    assert "NordVPN" in page.text


async def test_mark_not_an_offer_respects_the_lead_state_machine(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Acme Audio")  # deal_created: cannot become ignored
    page = await dash.client.get(f"/dashboard/c/maya/threads/{thread_id}")
    assert "Mark not an offer" not in page.text
    token = await dash.csrf()
    response = await dash.client.post(
        f"/dashboard/c/maya/threads/{thread_id}/ignore", data={"csrf_token": token}
    )
    assert response.status_code == 409
    assert "cannot be marked not an offer" in response.text


async def test_block_sender_blocks_and_discards_drafts(dash: Dash) -> None:
    await dash.signin()
    thread_id = await lead_thread(dash, "Terracotta Home")
    outbox_id = await draft_of(dash, thread_id)
    token = await dash.csrf()
    response = await dash.client.post(
        f"/dashboard/c/maya/threads/{thread_id}/block", data={"csrf_token": token}
    )
    assert response.headers["location"].endswith("?done=blocked")
    blocklist = await dash.store.get_blocklist("maya")
    assert blocklist.matches("elena@terracotta-home.com")
    assert (await dash.store.get_outbox("maya", outbox_id)).status is OutboxStatus.DISCARDED
    # the next mail from that sender is screened, never answered
    raw = offer(9, "Terracotta Home", "terracotta-home.com").replace(
        b"nina@terracotta-home.com", b"elena@terracotta-home.com"
    )
    result = await process(dash.store, raw)
    assert result.screened == "blocked"
    assert result.reply is None


# -- board ----------------------------------------------------------------------------------------


async def test_board_shows_stages_totals_and_chart(dash: Dash) -> None:
    await dash.signin()
    page = await dash.client.get("/dashboard/c/maya/board")
    assert page.status_code == 200
    text = page.text
    assert "Deal · New" in text
    assert "Negotiating" in text
    assert "Gathering info" in text
    # deals: Acme 4000 + Lumen 3000 + BrightBrew 2400 + Fieldnote 1500 + Velora 7000 (USD),
    # Solmar 9500 MXN? -- whatever the currencies, each total names its currency
    assert re.search(r'<span class="total">\$[\d,]+</span>', text)
    assert '<svg class="chart"' in text
    assert "<polyline" in text
    assert "Offers per week" in text
    assert "acceptance rate" in text


# -- preferences ----------------------------------------------------------------------------------


async def test_preferences_show_the_stored_values(dash: Dash) -> None:
    await dash.signin()
    page = await dash.client.get("/dashboard/c/maya/preferences")
    assert 'name="min_budget" inputmode="decimal" value="2000"' in page.text
    assert 'value="assist" checked' in page.text
    assert 'name="rate_youtube_integration" inputmode="decimal" value="3000"' in page.text


async def test_invalid_preferences_are_reported_next_to_their_field(dash: Dash) -> None:
    await dash.signin()
    token = await dash.csrf()
    form = await preferences_form(dash)
    form.update(
        csrf_token=token,
        min_budget="-5",
        currency="dollars",
        rate_tiktok_video="lots",
    )
    response = await dash.client.post("/dashboard/c/maya/preferences", data=form)
    assert response.status_code == 422
    text = response.text
    assert 'id="err-min_budget">min_budget: Input should be greater than or equal to 0' in text
    assert 'id="err-currency">currency: String should match pattern' in text
    assert 'id="err-rate_card-tiktok_video">rate_card.tiktok_video:' in text
    assert 'value="-5"' in text  # what was typed is shown again
    creator = await dash.store.get_creator("maya")
    assert creator is not None
    assert creator.preferences.min_budget == 2000


async def preferences_form(dash: Dash) -> dict[str, str | list[str]]:
    """The preferences form as the browser would submit it unchanged."""
    page = (await dash.client.get("/dashboard/c/maya/preferences")).text
    form: dict[str, str | list[str]] = {}
    for name, value in re.findall(r'<input id="[^"]+" name="([^"]+)"[^>]*value="([^"]*)"', page):
        form[name] = value
    for name in ("accepted_types", "accepted_platforms", "required_fields"):
        form[name] = re.findall(rf'name="{name}" value="([^"]+)" checked', page)
    form["reply_policy"] = re.findall(r'name="reply_policy" value="([^"]+)" checked', page)[0]
    form["signature"] = re.search(r'name="signature"[^>]*>([^<]*)</textarea>', page).group(1)  # type: ignore[union-attr]
    form["contacts"] = re.search(r'name="contacts"[^>]*>([^<]*)</textarea>', page).group(1)  # type: ignore[union-attr]
    if re.search(r'name="quote_rates" value="1" checked', page):
        form["quote_rates"] = "1"
    form["below_reach"] = re.findall(r'<option value="([^"]+)" selected', page)[0]
    return form


async def test_contacts_are_edited_in_the_preferences(dash: Dash) -> None:
    await dash.signin()
    form = await preferences_form(dash)
    assert form["contacts"] == "@northstar-talent.com"  # from examples/repflow.toml
    form.update(
        csrf_token=await dash.csrf(),
        contacts="@northstar-talent.com\ntaxes@ledgerly.example",
        auto_send_min_confidence="0.9",
    )
    response = await dash.client.post("/dashboard/c/maya/preferences", data=form)
    assert response.status_code == 303
    creator = await dash.store.get_creator("maya")
    assert creator is not None
    assert creator.contacts == ("@northstar-talent.com", "taxes@ledgerly.example")
    assert creator.preferences.auto_send_min_confidence == 0.9
    # The accountant's mail is now the creator's own business: no lead, no reply.
    raw = offer(7, "Ledgerly", "ledgerly.example").replace(
        b"nina@ledgerly.example", b"taxes@ledgerly.example"
    )
    result = await process(dash.store, raw)
    assert result.reply is None
    assert result.lead_state is None


async def test_an_invalid_contact_is_reported_and_nothing_is_saved(dash: Dash) -> None:
    await dash.signin()
    form = await preferences_form(dash)
    form.update(csrf_token=await dash.csrf(), contacts="not an address", min_budget="9000")
    response = await dash.client.post("/dashboard/c/maya/preferences", data=form)
    assert response.status_code == 422
    assert "contacts: Value error, &#39;not an address&#39; is neither" in response.text
    creator = await dash.store.get_creator("maya")
    assert creator is not None
    assert creator.preferences.min_budget == 2000
    assert creator.contacts == ("@northstar-talent.com",)


async def test_saved_preferences_change_the_next_decision(dash: Dash) -> None:
    before = await process(dash.store, offer(1, "Brightpeak", "brightpeak.io"))
    assert before.decision == "continue"
    await dash.signin()
    form = await preferences_form(dash)
    form.update(csrf_token=await dash.csrf(), min_budget="5000")
    response = await dash.client.post("/dashboard/c/maya/preferences", data=form)
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/c/maya/preferences?done=saved"
    creator = await dash.store.get_creator("maya")
    assert creator is not None
    prefs = creator.preferences
    assert prefs.min_budget == 5000
    # everything else survived the round trip through the form
    assert prefs.signature.startswith("Best,\nMaya Lopez")
    assert prefs.rate_card["youtube_integration"] == 3000  # type: ignore[index]
    assert {t.value for t in prefs.accepted_types} == {"flat_fee", "hybrid", "ugc", "gifted"}
    assert "vaping" in prefs.blocked_categories
    assert prefs.quote_rates
    assert prefs.paid_usage_monthly == Decimal("0.05")
    after = await process(dash.store, offer(2, "Trailnest", "trailnest.co"))
    assert after.decision == "negotiate"


async def test_negative_prices_are_refused_by_the_dashboard(dash: Dash) -> None:
    await dash.signin()
    form = await preferences_form(dash)
    form.update(csrf_token=await dash.csrf(), rate_youtube_short="-900")
    response = await dash.client.post("/dashboard/c/maya/preferences", data=form)
    assert response.status_code == 422
    assert (
        'id="err-rate_card-youtube_short">rate_card.youtube_short: '
        "Input should be greater than or equal to 0" in response.text
    )
    creator = await dash.store.get_creator("maya")
    assert creator is not None
    assert creator.preferences.rate_card["youtube_short"] == 900  # type: ignore[index]


async def test_accepted_platforms_from_the_dashboard_decide_the_next_offer(dash: Dash) -> None:
    await dash.signin()
    form = await preferences_form(dash)
    assert "youtube" in form["accepted_platforms"]  # every platform by default
    form.update(csrf_token=await dash.csrf(), accepted_platforms=[])
    refused = await dash.client.post("/dashboard/c/maya/preferences", data=form)
    assert refused.status_code == 422  # publishing nowhere is not a preference
    assert "accepted_platforms: " in refused.text
    form.update(csrf_token=await dash.csrf(), accepted_platforms=["instagram", "tiktok"])
    saved = await dash.client.post("/dashboard/c/maya/preferences", data=form)
    assert saved.status_code == 303
    page = await dash.client.get("/dashboard/c/maya/preferences")
    assert 'name="accepted_platforms" value="tiktok" checked' in page.text
    assert 'name="accepted_platforms" value="youtube" checked' not in page.text
    result = await process(dash.store, offer(3, "Brightpeak", "brightpeak.io"))
    assert result.decision == "decline"  # a YouTube integration: not where Maya publishes
    assert result.reasons[0] == "platform not accepted: youtube"
    assert result.reply is not None  # declined politely


async def test_htmx_preferences_answer_the_form(dash: Dash) -> None:
    await dash.signin()
    form = await preferences_form(dash)
    form.update(csrf_token=await dash.csrf(), negotiate_ratio="2")
    response = await dash.client.post(
        "/dashboard/c/maya/preferences",
        data=form,
        headers={"HX-Request": "true", "HX-Target": "prefs-form"},
    )
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="prefs-form"')
    assert "negotiate_ratio: Input should be less than or equal to 1" in response.text


class FailingTransport:
    name = "failing"

    async def send(self, message: EmailMessage) -> str:
        raise SendError("421 try again later", retryable=True)


async def test_a_failed_send_keeps_the_reply_for_dispatch(dash: Dash) -> None:
    dash.dashboard._transport = FailingTransport()
    await dash.signin()
    thread_id = await lead_thread(dash, "Solmar Bebidas")
    outbox_id = await draft_of(dash, thread_id)
    response = await dash.client.post(
        f"/dashboard/c/maya/threads/{thread_id}/drafts/{outbox_id}/approve",
        data={"csrf_token": await dash.csrf()},
    )
    assert response.headers["location"].endswith("?done=queued")
    item = await dash.store.get_outbox("maya", outbox_id)
    assert item.status is OutboxStatus.PENDING
    assert item.attempts == 1
    page = await dash.client.get(response.headers["location"])
    assert "sending failed" in page.text
    assert "Last error: 421 try again later" in page.text
    assert item in await dash.store.pending_outbox()
