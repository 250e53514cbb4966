"""Sessions end on the server: sign-out and sign-out everywhere revoke them, old cookies fail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from repflow.api.dashboard.auth import SESSION_COOKIE, session_key
from repflow.api.dashboard.users import SqlUserStore
from repflow.store.port import OutboxStatus
from repflow.store.sql import SqlStore
from tests.dashboard.conftest import Dash
from tests.dashboard.helpers import ADMIN, csrf_of, eml_files


async def signed_in_cookie(dash: Dash, email: str | None = None) -> tuple[str, str]:
    """Sign in afresh: (cookie value, CSRF token) of the new session."""
    dash.client.cookies.clear()
    response = await (dash.signin(email) if email else dash.signin())
    assert response.status_code == 303
    cookie = dash.client.cookies[SESSION_COOKIE]
    page = await dash.client.get("/dashboard/c/maya/inbox")
    assert page.status_code == 200
    return cookie, csrf_of(page.text)


async def with_cookie(
    dash: Dash, cookie: str, path: str, data: dict[str, str] | None = None
) -> int:
    """A request carrying only ``cookie`` (as a stolen or kept cookie would be replayed)."""
    dash.client.cookies.clear()
    headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"}
    if data is None:
        response = await dash.client.get(path, headers=headers)
    else:
        response = await dash.client.post(path, data=data, headers=headers)
    if response.status_code == 303:
        assert urlsplit(response.headers["location"]).path == "/dashboard/signin"
    return response.status_code


async def test_a_signed_out_cookie_no_longer_works_for_pages_or_forms(dash: Dash) -> None:
    thread_id, outbox_id = await dash.thread_with_draft()
    cookie, token = await signed_in_cookie(dash)
    assert await with_cookie(dash, cookie, "/dashboard/c/maya/inbox") == 200
    assert await with_cookie(dash, cookie, "/dashboard/signout", {"csrf_token": token}) == 303
    # the kept cookie is still validly signed, but the server ended its session
    assert await with_cookie(dash, cookie, "/dashboard/c/maya/inbox") == 303
    approve = f"/dashboard/c/maya/threads/{thread_id}/drafts/{outbox_id}/approve"
    assert await with_cookie(dash, cookie, approve, {"csrf_token": token}) == 303
    assert (await dash.store.get_outbox("maya", outbox_id)).status is OutboxStatus.DRAFT
    assert not eml_files(dash.outbox)


async def test_sign_out_everywhere_ends_every_session_of_the_account(dash: Dash) -> None:
    thread_id, outbox_id = await dash.thread_with_draft()
    laptop, laptop_token = await signed_in_cookie(dash)
    phone, _ = await signed_in_cookie(dash)
    admin, _ = await signed_in_cookie(dash, ADMIN)
    page = await dash.client.get("/dashboard/c/maya/inbox")
    assert "Sign out everywhere" in page.text
    status = await with_cookie(
        dash, phone, "/dashboard/signout/everywhere", {"csrf_token": csrf_of(page.text)}
    )
    assert status == 403  # the admin's page token is not the phone session's
    dash.client.cookies.clear()
    dash.client.cookies[SESSION_COOKIE] = phone
    phone_page = await dash.client.get("/dashboard/c/maya/inbox")
    response = await dash.client.post(
        "/dashboard/signout/everywhere", data={"csrf_token": csrf_of(phone_page.text)}
    )
    assert response.status_code == 303
    for cookie in (laptop, phone):
        assert await with_cookie(dash, cookie, "/dashboard/c/maya/inbox") == 303
    approve = f"/dashboard/c/maya/threads/{thread_id}/drafts/{outbox_id}/approve"
    assert await with_cookie(dash, laptop, approve, {"csrf_token": laptop_token}) == 303
    assert (await dash.store.get_outbox("maya", outbox_id)).status is OutboxStatus.DRAFT
    # another account's session is untouched
    assert await with_cookie(dash, admin, "/dashboard/c/maya/inbox") == 200
    # and signing in again works
    assert (await signed_in_cookie(dash))[0]


async def test_a_signed_cookie_without_a_server_session_is_refused(dash: Dash) -> None:
    from repflow.api.dashboard.auth import Session

    codec = dash.dashboard.codec
    user = await dash.users.get_user("maya@example.com")
    assert user is not None
    forged = codec.dumps(
        Session(email=user.email, password_tag=codec.password_tag(user.password_hash))
    )
    assert await with_cookie(dash, forged, "/dashboard/c/maya/inbox") == 303
    made_up = codec.dumps(
        Session(
            email=user.email, password_tag=codec.password_tag(user.password_hash), sid="made-up"
        )
    )
    assert await with_cookie(dash, made_up, "/dashboard/c/maya/inbox") == 303


async def test_sql_account_store_keeps_and_revokes_sessions(tmp_path: Path) -> None:
    store = SqlStore.from_url(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        await store.create_schema()
        users = SqlUserStore(lambda: store.engine)
        now = datetime.now(UTC)
        later = now + timedelta(days=1)
        await users.add_session(session_key("a"), "maya@example.com", later)
        await users.add_session(session_key("b"), "maya@example.com", later)
        await users.add_session(session_key("c"), "sam@example.com", later)
        await users.add_session(session_key("old"), "sam@example.com", now - timedelta(1))
        assert await users.session_active(session_key("a"), "maya@example.com", now)
        assert not await users.session_active(session_key("a"), "sam@example.com", now)
        assert not await users.session_active(session_key("old"), "sam@example.com", now)
        assert not await users.session_active(session_key("a"), "maya@example.com", later)
        await users.revoke_session(session_key("a"))
        assert not await users.session_active(session_key("a"), "maya@example.com", now)
        assert await users.revoke_sessions("maya@example.com") == 1
        assert not await users.session_active(session_key("b"), "maya@example.com", now)
        assert await users.session_active(session_key("c"), "sam@example.com", now)
    finally:
        await store.close()
