"""Authorization of the dashboard: sign-in, sessions, per-creator scoping and CSRF.

Every POST route of the dashboard router is enumerated (not listed by hand), so a new form
cannot skip the CSRF check or the creator scoping without failing here.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.routing import APIRoute

from repflow.api.dashboard.auth import SESSION_COOKIE
from repflow.api.passwords import hash_password
from repflow.store.port import OutboxStatus
from tests.dashboard.conftest import Dash
from tests.dashboard.helpers import ADMIN, MAYA, OTHER, OTHER_CREATOR, PASSWORD, eml_files


def routes(dash: Dash, method: str) -> list[str]:
    found = [
        route.path
        for route in dash.dashboard.router.routes
        if isinstance(route, APIRoute) and method in route.methods
    ]
    assert found
    return found


def fill(path: str, creator_id: str, thread_id: str, outbox_id: str) -> str:
    return (
        path.replace("{creator_id}", creator_id)
        .replace("{thread_id}", thread_id)
        .replace("{outbox_id}", outbox_id)
    )


async def assert_draft_untouched(dash: Dash, thread_id: str, outbox_id: str) -> None:
    item = await dash.store.get_outbox("maya", outbox_id)
    assert item.status is OutboxStatus.DRAFT
    assert not eml_files(dash.outbox)


def test_the_router_has_the_expected_forms(dash: Dash) -> None:
    posts = routes(dash, "POST")
    # signin, signout, signout everywhere, approve, send, discard, reply, ignore, unignore,
    # deal, block, unblock, prefs, blocklist unblock
    assert len(posts) == 14, posts


# -- unauthenticated ------------------------------------------------------------------------------


async def test_unauthenticated_pages_redirect_to_signin(dash: Dash) -> None:
    thread_id, outbox_id = await dash.thread_with_draft()
    pages = [p for p in routes(dash, "GET") if p != "/dashboard/signin"]
    for template in pages:
        path = fill(template, "maya", thread_id, outbox_id)
        response = await dash.client.get(path)
        assert response.status_code == 303, path
        location = urlsplit(response.headers["location"])
        assert location.path == "/dashboard/signin", path
        if template != "/dashboard/switch":
            assert parse_qs(location.query)["next"] == [path]


async def test_unauthenticated_forms_redirect_to_signin_and_do_nothing(dash: Dash) -> None:
    thread_id, outbox_id = await dash.thread_with_draft()
    token = await dash.csrf()  # a valid anonymous session: only the sign-in is missing
    for template in routes(dash, "POST"):
        if template in {"/dashboard/signin", "/dashboard/signout"}:
            continue
        path = fill(template, "maya", thread_id, outbox_id)
        response = await dash.client.post(path, data={"csrf_token": token, "text": "hi"})
        assert response.status_code == 303, path
        assert urlsplit(response.headers["location"]).path == "/dashboard/signin"
    await assert_draft_untouched(dash, thread_id, outbox_id)


async def test_root_redirects_to_the_dashboard(dash: Dash) -> None:
    response = await dash.client.get("/")
    assert response.status_code == 307
    assert response.headers["location"] == "/dashboard/"


async def test_healthz_and_api_are_untouched(dash: Dash) -> None:
    assert (await dash.client.get("/healthz")).status_code == 200
    assert (await dash.client.get("/api/v1/creators")).status_code == 401


# -- CSRF -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
async def test_every_form_rejects_a_missing_or_wrong_csrf_token(
    dash: Dash, token: str | None
) -> None:
    await dash.signin()
    thread_id, outbox_id = await dash.thread_with_draft()
    for template in routes(dash, "POST"):
        path = fill(template, "maya", thread_id, outbox_id)
        data = {"text": "hello", "email": MAYA, "password": PASSWORD, "min_budget": "1"}
        if token is not None:
            data["csrf_token"] = token
        response = await dash.client.post(path, data=data)
        assert response.status_code == 403, path
        assert "Forbidden" in response.text
    await assert_draft_untouched(dash, thread_id, outbox_id)
    # still signed in, preferences unchanged
    assert (await dash.client.get("/dashboard/c/maya/inbox")).status_code == 200
    creator = await dash.store.get_creator("maya")
    assert creator is not None
    assert creator.preferences.min_budget == 2000


async def test_a_token_of_another_session_is_rejected(dash: Dash) -> None:
    await dash.signin()
    thread_id, outbox_id = await dash.thread_with_draft()
    stolen = await dash.csrf()
    dash.client.cookies.clear()
    await dash.signin(ADMIN)
    path = f"/dashboard/c/maya/threads/{thread_id}/drafts/{outbox_id}/approve"
    response = await dash.client.post(path, data={"csrf_token": stolen})
    assert response.status_code == 403
    await assert_draft_untouched(dash, thread_id, outbox_id)


async def test_the_header_token_is_accepted_for_htmx(dash: Dash) -> None:
    await dash.signin()
    token = await dash.csrf()
    response = await dash.client.post(
        "/dashboard/signout", headers={"X-CSRF-Token": token, "HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/dashboard/signin"


async def test_signin_issues_a_new_csrf_token(dash: Dash) -> None:
    before = await dash.csrf()
    await dash.signin()
    after = await dash.csrf()
    assert before != after


# -- scoping --------------------------------------------------------------------------------------


async def test_a_creator_cannot_read_another_creators_pages(dash: Dash) -> None:
    thread_id, _ = await dash.thread_with_draft()
    await dash.signin(OTHER)
    for path in (
        "/dashboard/c/maya/inbox",
        f"/dashboard/c/maya/threads/{thread_id}",
        "/dashboard/c/maya/board",
        "/dashboard/c/maya/preferences",
        "/dashboard/switch?creator=maya",
    ):
        response = await dash.client.get(path)
        assert response.status_code == 404, path
        assert "Lumen" not in response.text
    # Through their own creator's URL the thread does not exist either.
    own = await dash.client.get(f"/dashboard/c/{OTHER_CREATOR}/threads/{thread_id}")
    assert own.status_code == 404
    inbox = await dash.client.get(f"/dashboard/c/{OTHER_CREATOR}/inbox")
    assert inbox.status_code == 200
    assert "0 leads" in inbox.text


async def test_a_creator_cannot_act_on_another_creators_threads_or_drafts(dash: Dash) -> None:
    thread_id, outbox_id = await dash.thread_with_draft()
    await dash.signin(OTHER)
    token = await dash.csrf()
    for template in routes(dash, "POST"):
        if "{creator_id}" not in template:
            continue
        for creator_id in ("maya", OTHER_CREATOR):
            if creator_id == OTHER_CREATOR and "{thread_id}" not in template:
                continue  # their own preferences: allowed
            path = fill(template, creator_id, thread_id, outbox_id)
            response = await dash.client.post(
                path, data={"csrf_token": token, "text": "pwned", "min_budget": "1"}
            )
            assert response.status_code == 404, path
    await assert_draft_untouched(dash, thread_id, outbox_id)
    state = await dash.store.load_thread("maya", thread_id)
    assert state.lead is not None
    assert state.lead.state != "ignored"
    assert not (await dash.store.get_blocklist("maya")).addresses
    creator = await dash.store.get_creator("maya")
    assert creator is not None
    assert creator.preferences.min_budget == 2000


async def test_a_draft_is_only_reachable_through_its_own_thread(dash: Dash) -> None:
    thread_id, outbox_id = await dash.thread_with_draft()
    other_thread = next(
        lead.thread_id
        for lead in await dash.store.list_leads("maya")
        if lead.thread_id != thread_id
    )
    await dash.signin()
    token = await dash.csrf()
    path = f"/dashboard/c/maya/threads/{other_thread}/drafts/{outbox_id}/approve"
    response = await dash.client.post(path, data={"csrf_token": token})
    assert response.status_code == 404
    await assert_draft_untouched(dash, thread_id, outbox_id)


async def test_an_admin_sees_every_creator(dash: Dash) -> None:
    await dash.signin(ADMIN)
    page = await dash.client.get("/dashboard/c/maya/inbox")
    assert page.status_code == 200
    assert 'name="creator"' in page.text
    assert f'value="{OTHER_CREATOR}"' in page.text
    switched = await dash.client.get(f"/dashboard/switch?creator={OTHER_CREATOR}")
    assert switched.status_code == 303
    assert switched.headers["location"] == f"/dashboard/c/{OTHER_CREATOR}/inbox"
    assert (await dash.client.get(f"/dashboard/c/{OTHER_CREATOR}/preferences")).status_code == 200
    assert (await dash.client.get("/dashboard/c/nobody/inbox")).status_code == 404


# -- sign-in and sessions -------------------------------------------------------------------------


async def test_signin_then_home_goes_to_the_own_inbox(dash: Dash) -> None:
    response = await dash.signin()
    assert response.status_code == 303
    assert response.headers["location"] == "/dashboard/c/maya/inbox"
    home = await dash.client.get("/dashboard/")
    assert home.headers["location"] == "/dashboard/c/maya/inbox"


async def test_signin_returns_to_a_local_next_only(dash: Dash) -> None:
    for next_url, expected in (
        ("/dashboard/c/maya/board", "/dashboard/c/maya/board"),
        ("https://evil.example/", "/dashboard/c/maya/inbox"),
        ("//evil.example/dashboard/", "/dashboard/c/maya/inbox"),
        ("/dashboard//evil.example", "/dashboard/c/maya/inbox"),
    ):
        dash.client.cookies.clear()
        response = await dash.client.post(
            "/dashboard/signin",
            data={
                "csrf_token": await dash.csrf(),
                "email": MAYA,
                "password": PASSWORD,
                "next": next_url,
            },
        )
        assert response.headers["location"] == expected, next_url


@pytest.mark.parametrize(
    ("email", "password", "status"),
    [
        (MAYA, "wrong password", 401),
        ("nobody@example.com", PASSWORD, 401),
        ("not an address", PASSWORD, 400),
        (MAYA.upper(), PASSWORD, 303),
    ],
)
async def test_signin_answers(dash: Dash, email: str, password: str, status: int) -> None:
    response = await dash.signin(email, password)
    assert response.status_code == status
    if status != 303:
        assert "Wrong e-mail address or password" in response.text or status == 400
        assert (await dash.client.get("/dashboard/c/maya/inbox")).status_code == 303


async def test_repeated_failures_are_throttled(dash: Dash) -> None:
    dash.dashboard.throttle._max = 3
    for _ in range(3):
        assert (await dash.signin(MAYA, "nope nope")).status_code == 401
    response = await dash.signin(MAYA, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.text


async def test_the_session_cookie_is_httponly_lax_and_signed(dash: Dash) -> None:
    response = await dash.signin()
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    lowered = cookie.lower()
    assert "httponly" in lowered
    assert "samesite=lax" in lowered
    assert "path=/" in lowered
    assert "secure" not in lowered  # plain HTTP in this test; HTTPS gets Secure
    value = dash.client.cookies[SESSION_COOKIE]
    payload, _, signature = value.partition(".")
    tampered = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature
    dash.client.cookies.clear()
    for cookie_value in (tampered, value):
        response = await dash.client.get(
            "/dashboard/c/maya/inbox", headers={"Cookie": f"{SESSION_COOKIE}={cookie_value}"}
        )
        assert response.status_code == (303 if cookie_value == tampered else 200)


async def test_https_requests_get_a_secure_cookie(dash: Dash) -> None:
    response = await dash.client.get("https://testserver/dashboard/signin")
    assert "secure" in response.headers["set-cookie"].lower()


async def test_a_password_change_ends_existing_sessions(dash: Dash) -> None:
    await dash.signin()
    assert (await dash.client.get("/dashboard/c/maya/inbox")).status_code == 200
    user = await dash.users.get_user(MAYA)
    assert user is not None
    await dash.users.upsert_user(replace(user, password_hash=hash_password("a new password")))
    assert (await dash.client.get("/dashboard/c/maya/inbox")).status_code == 303


async def test_signout_ends_the_session(dash: Dash) -> None:
    await dash.signin()
    token = await dash.csrf()
    response = await dash.client.post("/dashboard/signout", data={"csrf_token": token})
    assert response.status_code == 303
    assert (await dash.client.get("/dashboard/c/maya/inbox")).status_code == 303


async def test_pages_carry_security_headers(dash: Dash) -> None:
    await dash.signin()
    response = await dash.client.get("/dashboard/c/maya/inbox")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


async def test_oversized_posts_are_refused(dash: Dash) -> None:
    await dash.signin()
    token = await dash.csrf()
    response = await dash.client.post(
        "/dashboard/c/maya/preferences", data={"csrf_token": token, "signature": "x" * 300_000}
    )
    assert response.status_code == 413


async def test_an_admin_without_a_creator_lands_on_the_first_one(dash: Dash) -> None:
    user = await dash.users.get_user(ADMIN)
    assert user is not None
    await dash.users.upsert_user(replace(user, creator_id="operators"))
    await dash.signin(ADMIN)
    home = await dash.client.get("/dashboard/")
    first = (await dash.store.list_creators())[0].id
    assert home.headers["location"] == f"/dashboard/c/{first}/inbox"
    assert (await dash.client.get(home.headers["location"])).status_code == 200
