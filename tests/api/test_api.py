"""The backend API: auth on every route, error shapes, per-creator scoping, idempotency keys,
OpenAPI, and `repflow serve`'s app (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
import pytest

from repflow.api.app import API_PREFIX, IdempotencyCache, _bearer_matches, create_app
from repflow.api.schemas import OutboxItemModel, TurnModel
from repflow.api.serve import build_api_app, serve
from repflow.domain.models import Deal, Direction, Lead, new_id
from repflow.domain.profile import CreatorProfile, Preferences
from repflow.exceptions import ConfigError
from repflow.store.exceptions import StoreUnavailable
from repflow.store.http import HttpStore
from repflow.store.memory import InMemoryStore
from repflow.store.port import OutboxItem, OutboxStatus, StoredMessage, Turn
from repflow.store.sql import SqlStore

from .conftest import Api, asgi_client
from .server import TOKEN, ApiServer

T0 = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
MAYA = CreatorProfile(id="maya", name="Maya", addresses=("maya@repflow.example",))
LEO = CreatorProfile(id="leo", name="Leo", addresses=("leo@repflow.example",))


# --------------------------------------------------------------------------------------------
# builders
# --------------------------------------------------------------------------------------------


def make_turn(
    creator_id: str,
    *,
    thread_id: str = "t1",
    claim_key: str | None = None,
    message_id: str | None = None,
    outbox_status: OutboxStatus = OutboxStatus.DRAFT,
    with_deal: bool = False,
) -> Turn:
    key = claim_key or f"{creator_id}-{new_id()}"
    lead = Lead(
        id=new_id(),
        creator_id=creator_id,
        thread_id=thread_id,
        state="new",
        counterparty="jo@acme.com",
        created_at=T0,
        updated_at=T0,
    )
    inbound = StoredMessage(
        id=new_id(),
        creator_id=creator_id,
        thread_id=thread_id,
        direction=Direction.INBOUND,
        message_id=message_id or f"<{key}@acme.com>",
        sender="jo@acme.com",
        recipients=(f"{creator_id}@repflow.example",),
        subject=f"Collab for {creator_id}",
        subject_key="collab",
        participant_key=f"jo@acme.com|{creator_id}@repflow.example",
        text=f"secret offer for {creator_id}",
        sent_at=T0,
        claim_key=key,
    )
    outbox = OutboxItem(
        id=new_id(),
        key=f"reply:{key}",
        creator_id=creator_id,
        thread_id=thread_id,
        lead_id=lead.id,
        status=outbox_status,
        from_address=f"{creator_id}@repflow.example",
        to_address="jo@acme.com",
        subject="Re: Collab",
        text=f"draft of {creator_id}",
        message_id=f"<reply.{key}@repflow.example>",
        in_reply_to=inbound.message_id,
        references=(),
        created_at=T0,
    )
    deal = None
    if with_deal:
        deal = Deal(
            id=new_id(),
            creator_id=creator_id,
            lead_id=lead.id,
            thread_id=thread_id,
            stage="new",
            terms=lead.terms,
            created_at=T0,
        )
    return Turn(
        claim_key=key,
        creator_id=creator_id,
        thread_id=thread_id,
        inbound=inbound,
        lead=lead,
        deal=deal,
        outbox=outbox,
    )


def turn_json(turn: Turn) -> dict[str, Any]:
    return TurnModel.from_domain(turn).model_dump(mode="json")


def assert_error(response: httpx2.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    error: dict[str, Any] = body["error"]
    return error


def route_table(app: Any) -> list[tuple[str, str]]:
    """Every (method, path template) the app routes, included routers flattened."""
    try:  # FastAPI >= 0.16x keeps included routers nested in app.routes
        from fastapi.routing import iter_route_contexts
    except ImportError:  # pragma: no cover - older FastAPI: app.routes is flat
        contexts: Any = app.routes
    else:
        contexts = iter_route_contexts(app.routes)
    table = []
    for route in contexts:
        path, methods = getattr(route, "path", None), getattr(route, "methods", None) or ()
        if path:
            table.extend((method, path) for method in sorted(methods) if method != "HEAD")
    return table


def api_routes(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) of the app under /api/, path parameters filled in."""
    return [
        (method, re.sub(r"\{[^}]+\}", "x", path))
        for method, path in route_table(app)
        if path.startswith("/api/")
    ]


# --------------------------------------------------------------------------------------------
# auth
# --------------------------------------------------------------------------------------------


@pytest.fixture
def memory_app() -> Any:
    return create_app(InMemoryStore(), auth_token=TOKEN)


async def test_healthz_is_open_and_light(memory_app: Any) -> None:
    async with asgi_client(memory_app, token=None) as anon:
        response = await anon.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_healthz_does_not_touch_the_store() -> None:
    class Exploding:
        def __getattr__(self, name: str) -> Any:
            raise AssertionError(f"healthz used the store ({name})")

    app = create_app(Exploding(), auth_token=TOKEN, close_store=False)  # type: ignore[arg-type]
    async with asgi_client(app, token=None) as anon:
        assert (await anon.get("/healthz")).status_code == 200


async def test_every_api_route_needs_the_token(memory_app: Any) -> None:
    routes = api_routes(memory_app)
    assert len(routes) >= 24  # every store operation has a route
    async with (
        asgi_client(memory_app, token=None) as anon,
        asgi_client(memory_app, token="wrong-" + TOKEN) as wrong,
        asgi_client(memory_app, token=TOKEN[:-1]) as prefix,
    ):
        for method, path in routes:
            for client, challenge in ((anon, None), (wrong, "invalid_token"), (prefix, None)):
                response = await client.request(method, path, json={})
                error = assert_error(response, 401, "unauthorized")
                assert "Bearer" in error["message"]
                header = response.headers["www-authenticate"]
                assert header.startswith("Bearer")
                if challenge:
                    assert challenge in header
            basic = await anon.request(
                method, path, json={}, headers={"Authorization": f"Basic {TOKEN}"}
            )
            assert_error(basic, 401, "unauthorized")


async def test_unknown_api_paths_need_the_token_too(memory_app: Any) -> None:
    async with asgi_client(memory_app, token=None) as anon, asgi_client(memory_app) as client:
        assert_error(await anon.get("/api/v1/no/such/route"), 401, "unauthorized")
        assert_error(await anon.get("/api"), 401, "unauthorized")
        assert_error(await client.get("/api/v1/no/such/route"), 404, "no_such_route")
        # Unauthenticated garbage is refused before the body is even parsed.
        garbage = await anon.post(
            f"{API_PREFIX}/claims",
            content=b"{not json",
            headers={"content-type": "application/json"},
        )
        assert_error(garbage, 401, "unauthorized")


async def test_the_right_token_opens_every_route(memory_app: Any) -> None:
    async with asgi_client(memory_app) as client:
        for method, path in api_routes(memory_app):
            response = await client.request(method, path, json={})
            assert response.status_code != 401, (method, path)


def test_bearer_comparison() -> None:
    token = b"s3cret"
    assert _bearer_matches(b"Bearer s3cret", token)
    assert _bearer_matches(b"bearer s3cret", token)
    assert _bearer_matches(b"  Bearer   s3cret ", token)
    assert not _bearer_matches(None, token)
    assert not _bearer_matches(b"", token)
    assert not _bearer_matches(b"Bearer", token)
    assert not _bearer_matches(b"Bearer s3cre", token)
    assert not _bearer_matches(b"Bearer s3crett", token)
    assert not _bearer_matches(b"Basic s3cret", token)
    assert not _bearer_matches(b"s3cret", token)


def test_an_empty_token_is_refused() -> None:
    with pytest.raises(ConfigError, match="token"):
        create_app(InMemoryStore(), auth_token="  ")


# --------------------------------------------------------------------------------------------
# error shapes
# --------------------------------------------------------------------------------------------


async def test_not_found_shapes(api: Api) -> None:
    client = api.client
    assert_error(await client.get(f"{API_PREFIX}/creators/nobody"), 404, "not_found")
    assert_error(await client.get(f"{API_PREFIX}/creators/nobody/preferences"), 404, "not_found")
    assert_error(await client.get(f"{API_PREFIX}/creators/maya/outbox/nope"), 404, "not_found")
    sent = await client.post(
        f"{API_PREFIX}/outbox/nope/sent", json={"now": T0.isoformat(), "provider_id": None}
    )
    assert_error(sent, 404, "not_found")
    blocked = await client.post(f"{API_PREFIX}/creators/nobody/blocklist", json={"value": "x.com"})
    assert_error(blocked, 404, "not_found")


async def test_conflict_shape(api: Api) -> None:
    await api.store.upsert_creator(MAYA)
    first = make_turn("maya")
    assert (
        await api.client.post(f"{API_PREFIX}/creators/maya/turns", json=turn_json(first))
    ).status_code == 200
    second = make_turn("maya")  # a second lead for thread t1
    response = await api.client.post(f"{API_PREFIX}/creators/maya/turns", json=turn_json(second))
    assert_error(response, 409, "conflict")
    state = await api.store.load_thread("maya", "t1")
    assert state.lead == first.lead
    assert len(state.messages) == 1


async def test_validation_shapes(api: Api) -> None:
    client = api.client
    malformed = await client.post(
        f"{API_PREFIX}/claims", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert_error(malformed, 422, "validation_error")
    missing = await client.post(f"{API_PREFIX}/claims", json={"key": "k"})
    error = assert_error(missing, 422, "validation_error")
    assert {tuple(d["loc"]) for d in error["details"]} == {("body", "now"), ("body", "lease")}
    assert "now" in error["message"]
    negative = await client.post(
        f"{API_PREFIX}/claims", json={"key": "k", "now": T0.isoformat(), "lease": -5}
    )
    assert_error(negative, 422, "validation_error")
    extra = await client.post(f"{API_PREFIX}/claims/release", json={"key": "k", "oops": 1})
    assert_error(extra, 422, "validation_error")
    assert_error(await client.get(f"{API_PREFIX}/creators/bad%20id!"), 422, "validation_error")
    assert_error(await client.get(f"{API_PREFIX}/outbox/pending?limit=-1"), 422, "validation_error")
    # The store's own refusals of a value.
    await api.store.upsert_creator(MAYA)
    blank = await client.post(f"{API_PREFIX}/creators/maya/blocklist", json={"value": "  "})
    assert "nothing to block" in assert_error(blank, 422, "invalid_request")["message"]
    bad_status = await client.patch(
        f"{API_PREFIX}/creators/maya/outbox/x", json={"status": "sent", "text": None}
    )
    assert_error(bad_status, 422, "invalid_request")
    # A body naming another creator than the path.
    profile = await client.put(f"{API_PREFIX}/creators/maya", json=LEO.model_dump(mode="json"))
    assert_error(profile, 422, "creator_mismatch")


async def test_method_not_allowed_shape(memory_app: Any) -> None:
    async with asgi_client(memory_app) as client:
        response = await client.delete(f"{API_PREFIX}/creators")
        assert_error(response, 405, "method_not_allowed")
        assert response.headers["allow"] == "GET"
        # A path served by two routes (GET and PUT) allows both (RFC 9110 section 15.5.6).
        both = await client.request("OPTIONS", f"{API_PREFIX}/creators/maya")
        assert_error(both, 405, "method_not_allowed")
        assert both.headers["allow"] == "GET, PUT"


async def test_store_unavailable_is_503_with_retry_after() -> None:
    class Down(InMemoryStore):
        async def list_creators(self) -> list[CreatorProfile]:
            raise StoreUnavailable("postgresql://db: connection refused")

    async with asgi_client(create_app(Down(), auth_token=TOKEN)) as client:
        response = await client.get(f"{API_PREFIX}/creators")
    error = assert_error(response, 503, "store_unavailable")
    assert "connection refused" not in error["message"]  # no internals leak
    assert response.headers["retry-after"] == "1"


# --------------------------------------------------------------------------------------------
# a tour of the routes (through the real store)
# --------------------------------------------------------------------------------------------


async def test_creators_preferences_and_blocklist(api: Api) -> None:
    client = api.client
    body = MAYA.model_dump(mode="json")
    put = await client.put(f"{API_PREFIX}/creators/maya", json=body)
    assert CreatorProfile.model_validate(put.json()) == MAYA  # (sets: any order on the wire)
    got = await client.get(f"{API_PREFIX}/creators/maya")
    assert CreatorProfile.model_validate(got.json()) == MAYA
    # Addresses go in the body: access logs keep URLs.
    lookup = f"{API_PREFIX}/creators/lookup"
    found = await client.post(lookup, json={"address": "MAYA@repflow.example"})
    assert [c["id"] for c in found.json()] == ["maya"]
    none = await client.post(lookup, json={"address": "x@y.z"})
    assert none.json() == []

    prefs = Preferences(min_budget=1234, currency="EUR").model_dump(mode="json")
    updated = await client.put(f"{API_PREFIX}/creators/maya/preferences", json=prefs)
    assert updated.status_code == 200
    assert updated.json()["preferences"]["currency"] == "EUR"
    stored = await api.store.get_creator("maya")
    assert stored is not None
    assert stored.preferences.currency == "EUR"
    assert str(stored.preferences.min_budget) == "1234"
    assert (await client.get(f"{API_PREFIX}/creators/maya/preferences")).json()["currency"] == "EUR"
    invalid = await client.put(f"{API_PREFIX}/creators/maya/preferences", json={"currency": "euro"})
    assert_error(invalid, 422, "validation_error")

    for value in ("Spam@Example.com", "@junk.example", "junk.example"):
        response = await client.post(f"{API_PREFIX}/creators/maya/blocklist", json={"value": value})
        assert response.status_code == 204
    blocklist = (await client.get(f"{API_PREFIX}/creators/maya/blocklist")).json()
    assert blocklist == {"addresses": ["spam@example.com"], "domains": ["junk.example"]}


async def test_thread_turn_outbox_lead_and_deal_routes(api: Api) -> None:
    client = api.client
    await api.store.upsert_creator(MAYA)
    turn = make_turn("maya", with_deal=True, outbox_status=OutboxStatus.DRAFT)
    assert turn.outbox is not None
    assert turn.lead is not None
    committed = await client.post(f"{API_PREFIX}/creators/maya/turns", json=turn_json(turn))
    assert committed.json() == {"written": True, "outbox_written": True}
    # A replay (same claim key) is a no-op, also over HTTP, and says so.
    again = await client.post(f"{API_PREFIX}/creators/maya/turns", json=turn_json(turn))
    assert again.json() == {"written": False, "outbox_written": False}

    state = (await client.get(f"{API_PREFIX}/creators/maya/threads/t1")).json()
    assert state["lead"]["id"] == turn.lead.id
    assert [m["text"] for m in state["messages"]] == ["secret offer for maya"]
    messages = (await client.get(f"{API_PREFIX}/creators/maya/threads/t1/messages")).json()
    assert messages == state["messages"]
    found = await client.post(
        f"{API_PREFIX}/creators/maya/threads/find",
        json={"message_ids": [turn.inbound.message_id], "window": "P30D"},
    )
    assert found.json() == {"thread_id": "t1"}
    inbound = await client.post(
        f"{API_PREFIX}/creators/maya/inbound/find", json={"claim_key": turn.claim_key}
    )
    assert inbound.json()["message"]["id"] == turn.inbound.id

    row = f"{API_PREFIX}/creators/maya/outbox/{turn.outbox.id}"
    assert (await client.get(row)).json()["status"] == "draft"
    approved = await client.patch(row, json={"text": "Edited", "status": "pending"})
    assert approved.json()["status"] == "pending"
    pending = (await client.get(f"{API_PREFIX}/outbox/pending")).json()
    assert [item["id"] for item in pending] == [turn.outbox.id]
    assert OutboxItemModel.model_validate(pending[0]).to_domain().text == "Edited"
    sent = {"provider_id": "ses-1", "now": T0.isoformat()}
    for _ in range(2):  # idempotent
        ok = await client.post(f"{API_PREFIX}/outbox/{turn.outbox.id}/sent", json=sent)
        assert ok.status_code == 204
    stored = await api.store.get_outbox("maya", turn.outbox.id)
    assert (stored.status, stored.provider_id) == (OutboxStatus.SENT, "ses-1")
    assert len((await api.store.load_thread("maya", "t1")).messages) == 2
    assert_error(
        await client.patch(row, json={"text": None, "status": "discarded"}), 409, "conflict"
    )

    leads = (await client.get(f"{API_PREFIX}/creators/maya/leads")).json()
    assert [lead["id"] for lead in leads] == [turn.lead.id]
    assert (await client.get(f"{API_PREFIX}/creators/maya/leads?state=declined")).json() == []
    lead = leads[0] | {"state": "needs_review", "flags": ["scam"]}
    saved = await client.put(f"{API_PREFIX}/creators/maya/leads/{turn.lead.id}", json=lead)
    assert saved.status_code == 200
    assert (await api.store.list_leads("maya"))[0].state == "needs_review"
    wrong_id = await client.put(f"{API_PREFIX}/creators/maya/leads/other", json=lead)
    assert_error(wrong_id, 422, "id_mismatch")
    deals = (await client.get(f"{API_PREFIX}/creators/maya/deals")).json()
    assert [d["lead_id"] for d in deals] == [turn.lead.id]
    assert (await client.get(f"{API_PREFIX}/deals")).json() == deals
    assert [x["id"] for x in (await client.get(f"{API_PREFIX}/leads")).json()] == [turn.lead.id]


# --------------------------------------------------------------------------------------------
# per-creator scoping
# --------------------------------------------------------------------------------------------


async def test_a_creator_never_sees_another_creators_data(api: Api) -> None:
    client = api.client
    await api.store.upsert_creator(MAYA)
    await api.store.upsert_creator(LEO)
    mine = make_turn("maya", thread_id="t1", with_deal=True)
    theirs = make_turn("leo", thread_id="t1", with_deal=True)  # same thread id, other creator
    private = make_turn("leo", thread_id="t-leo", claim_key="leo-private")
    for turn in (mine, theirs, private):
        response = await client.post(
            f"{API_PREFIX}/creators/{turn.creator_id}/turns", json=turn_json(turn)
        )
        assert response.json()["written"] is True
    assert theirs.outbox is not None
    assert theirs.lead is not None
    maya = f"{API_PREFIX}/creators/maya"

    # Threads: only maya's messages, even under the same thread id; leo's own thread is empty.
    state = (await client.get(f"{maya}/threads/t1")).json()
    assert [m["text"] for m in state["messages"]] == ["secret offer for maya"]
    assert state["lead"]["creator_id"] == "maya"
    assert state["deal"]["creator_id"] == "maya"
    assert [o["creator_id"] for o in state["outbox"]] == ["maya"]
    empty = (await client.get(f"{maya}/threads/t-leo")).json()
    assert (empty["lead"], empty["messages"], empty["outbox"]) == (None, [], [])
    assert (await client.get(f"{maya}/threads/t-leo/messages")).json() == []
    lookup = await client.post(
        f"{maya}/threads/find",
        json={"message_ids": [private.inbound.message_id], "window": 86400},
    )
    assert lookup.json() == {"thread_id": None}
    inbound = await client.post(f"{maya}/inbound/find", json={"claim_key": private.claim_key})
    assert inbound.json() == {"message": None}

    # Outbox: leo's row does not exist for maya, and cannot be changed through her path.
    assert_error(await client.get(f"{maya}/outbox/{theirs.outbox.id}"), 404, "not_found")
    patched = await client.patch(
        f"{maya}/outbox/{theirs.outbox.id}", json={"text": "hijacked", "status": "pending"}
    )
    assert_error(patched, 404, "not_found")
    untouched = await api.store.get_outbox("leo", theirs.outbox.id)
    assert (untouched.status, untouched.text) == (OutboxStatus.DRAFT, "draft of leo")

    # Leads and deals: only maya's.
    leads = (await client.get(f"{maya}/leads")).json()
    assert {lead["creator_id"] for lead in leads} == {"maya"}
    deals = (await client.get(f"{maya}/deals")).json()
    assert {deal["creator_id"] for deal in deals} == {"maya"}
    # A lead of leo's cannot be written through maya's path, whatever the body claims.
    leo_lead = (await client.get(f"{API_PREFIX}/creators/leo/leads")).json()[0]
    forged = leo_lead | {"creator_id": "maya", "state": "declined"}
    assert_error(await client.put(f"{maya}/leads/{leo_lead['id']}", json=forged), 404, "not_found")
    assert_error(
        await client.put(f"{maya}/leads/{leo_lead['id']}", json=leo_lead),
        422,
        "creator_mismatch",
    )
    assert all(lead.state == "new" for lead in await api.store.list_leads("leo"))
    # Turns naming another creator than the path are refused.
    assert_error(
        await client.post(f"{maya}/turns", json=turn_json(make_turn("leo"))),
        422,
        "creator_mismatch",
    )
    # Blocklists are per creator.
    await client.post(f"{maya}/blocklist", json={"value": "spam.example"})
    leo_blocklist = (await client.get(f"{API_PREFIX}/creators/leo/blocklist")).json()
    assert leo_blocklist == {"addresses": [], "domains": []}


# --------------------------------------------------------------------------------------------
# idempotency keys
# --------------------------------------------------------------------------------------------


async def test_idempotency_key_replays_a_claim(api: Api) -> None:
    client = api.client
    body = {"key": "ses-1", "now": T0.isoformat(), "lease": "PT5M"}
    first = await client.post(f"{API_PREFIX}/claims", json=body, headers={"Idempotency-Key": "a"})
    again = await client.post(f"{API_PREFIX}/claims", json=body, headers={"Idempotency-Key": "a"})
    assert first.json() == again.json() == {"status": "claimed"}
    other = await client.post(f"{API_PREFIX}/claims", json=body, headers={"Idempotency-Key": "b"})
    assert other.json() == {"status": "in_progress"}
    plain = await client.post(f"{API_PREFIX}/claims", json=body)
    assert plain.json() == {"status": "in_progress"}
    reused = await client.post(
        f"{API_PREFIX}/claims", json=body | {"key": "ses-2"}, headers={"Idempotency-Key": "a"}
    )
    assert_error(reused, 422, "idempotency_key_reused")


async def test_idempotency_key_counts_a_failed_attempt_once(api: Api) -> None:
    await api.store.upsert_creator(MAYA)
    turn = make_turn("maya", outbox_status=OutboxStatus.PENDING)
    assert turn.outbox is not None
    await api.store.commit_turn(turn)
    url = f"{API_PREFIX}/outbox/{turn.outbox.id}/failed"
    body = {"error": "421 try later", "give_up": False}
    for _ in range(3):
        response = await api.client.post(url, json=body, headers={"Idempotency-Key": "f1"})
        assert response.status_code == 204
    assert (await api.store.get_outbox("maya", turn.outbox.id)).attempts == 1
    await api.client.post(url, json=body, headers={"Idempotency-Key": "f2"})
    assert (await api.store.get_outbox("maya", turn.outbox.id)).attempts == 2


async def test_idempotency_cache_waits_for_the_first_run_and_forgets_failures() -> None:
    import asyncio

    cache = IdempotencyCache(ttl=60)
    calls = 0
    gate = asyncio.Event()

    async def slow() -> int:
        nonlocal calls
        calls += 1
        await gate.wait()
        return calls

    first = asyncio.create_task(cache.run("k", "fp", slow))
    second = asyncio.create_task(cache.run("k", "fp", slow))
    await asyncio.sleep(0)
    gate.set()
    assert await asyncio.gather(first, second) == [1, 1]
    assert calls == 1

    async def boom() -> int:
        raise RuntimeError("db down")

    with pytest.raises(RuntimeError):
        await cache.run("k2", "fp", boom)
    assert await cache.run("k2", "fp", slow) == 2  # a failed run is not remembered

    now = [0.0]
    small = IdempotencyCache(ttl=10, max_entries=2, clock=lambda: now[0])
    for key in "abc":
        await small.run(key, "fp", slow)
    assert len(small) == 2
    now[0] = 11
    await small.run("d", "fp", slow)
    assert len(small) == 1


# --------------------------------------------------------------------------------------------
# OpenAPI
# --------------------------------------------------------------------------------------------


DOC_PATHS = ("/openapi.json", "/docs", "/redoc")


async def test_api_docs_are_off_by_default(memory_app: Any) -> None:
    for token in (None, TOKEN):
        async with asgi_client(memory_app, token=token) as client:
            for path in DOC_PATHS:
                assert (await client.get(path)).status_code == 404, (path, token)


async def test_api_docs_when_on_need_the_token() -> None:
    app = create_app(InMemoryStore(), auth_token=TOKEN, docs=True)
    async with asgi_client(app, token=None) as anon:
        for path in (*DOC_PATHS, "/docs/oauth2-redirect"):
            response = await anon.get(path)
            assert response.status_code == 401, path
            assert response.headers["www-authenticate"].startswith("Bearer")
            assert "paths" not in response.text
    async with asgi_client(app, token="wrong-" + TOKEN) as wrong:
        assert (await wrong.get("/openapi.json")).status_code == 401
    async with asgi_client(app) as authorised:
        schema = await authorised.get("/openapi.json")
        assert schema.status_code == 200
        assert f"{API_PREFIX}/claims" in schema.json()["paths"]
        for path in ("/docs", "/redoc"):
            page = await authorised.get(path)
            assert page.status_code == 200
            assert "/openapi.json" in page.text


def test_serve_turns_the_docs_on_from_the_environment(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'docs.db'}"
    routes = {
        getattr(r, "path", "") for r in build_api_app(db, environ={"API_AUTH_TOKEN": TOKEN}).routes
    }
    assert "/openapi.json" not in routes
    env = {"API_AUTH_TOKEN": TOKEN, "REPFLOW_API_DOCS": "1"}
    routes = {getattr(r, "path", "") for r in build_api_app(db, environ=env).routes}
    assert {"/openapi.json", "/docs", "/redoc"} <= routes


async def test_openapi_lists_every_route_with_its_security() -> None:
    app = create_app(InMemoryStore(), auth_token=TOKEN, docs=True)
    async with asgi_client(app) as client:
        response = await client.get("/openapi.json")
    memory_app = app
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    table = [
        (m, re.sub(r":\w+\}", "}", p))  # OpenAPI drops the ``:path`` convertors
        for m, p in route_table(memory_app)
        if p.startswith("/api/")
    ]
    assert len(table) >= 24
    for method, path in table:
        operation = paths[path][method.lower()]
        assert operation["security"] == [{"bearer": []}], path
        assert "401" in operation["responses"]
    assert "/healthz" in paths
    assert "security" not in paths["/healthz"]["get"]
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for name in ("TurnModel", "ThreadStateModel", "OutboxItemModel", "ErrorResponse"):
        assert name in schema["components"]["schemas"]
    assert {f"{API_PREFIX}/creators/{{creator_id}}/turns", f"{API_PREFIX}/claims"} <= set(paths)


# --------------------------------------------------------------------------------------------
# repflow serve
# --------------------------------------------------------------------------------------------


def test_serve_refuses_to_start_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("API_AUTH_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="API_AUTH_TOKEN is not set"):
        serve("127.0.0.1", 0, "sqlite:///never-created.db")
    monkeypatch.setenv("API_AUTH_TOKEN", "   ")
    with pytest.raises(ConfigError, match="API_AUTH_TOKEN"):
        serve("127.0.0.1", 0, "sqlite:///never-created.db")
    assert not Path("never-created.db").exists()


async def test_served_app_migrates_at_startup_and_answers(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"  # no schema yet: the lifespan creates it
    app = build_api_app(f"sqlite:///{db}", environ={"API_AUTH_TOKEN": TOKEN})
    server = ApiServer(app).start()
    store = HttpStore(server.url, TOKEN, attempts=1)
    try:
        async with httpx2.AsyncClient(base_url=server.url) as anon:
            assert (await anon.get("/healthz")).json() == {"status": "ok"}
            assert (await anon.get(f"{API_PREFIX}/creators")).status_code == 401
        await store.upsert_creator(MAYA)
        assert await store.list_creators() == [MAYA]
        assert await store.find_creator_by_address("maya@repflow.example") == MAYA
    finally:
        await store.close()
        server.stop()
    direct = SqlStore.from_url(f"sqlite:///{db}")
    try:
        assert await direct.get_creator("maya") == MAYA
    finally:
        await direct.close()


async def test_http_store_round_trips_through_the_app(api: Api) -> None:
    """The HTTP store over the in-process app gives back what the SQL store holds."""
    store = HttpStore(
        "http://testserver", TOKEN, transport=httpx2.ASGITransport(app=api.app), attempts=1
    )
    try:
        await store.upsert_creator(MAYA)
        turn = make_turn("maya", with_deal=True)
        await store.commit_turn(turn)
        assert await store.load_thread("maya", "t1") == await api.store.load_thread("maya", "t1")
        assert await store.list_leads() == await api.store.list_leads()
        assert await store.find_inbound("maya", turn.claim_key) == turn.inbound
        window = timedelta(days=1)
        assert (
            await store.find_thread(
                "maya",
                message_ids=[],
                subject_key="collab",
                participant_key=turn.inbound.participant_key,
                at=T0,
                window=window,
            )
            == "t1"
        )
    finally:
        await store.close()


async def test_awkward_thread_ids_and_keys_survive_the_url(api: Api) -> None:
    store = HttpStore(
        "http://testserver", TOKEN, transport=httpx2.ASGITransport(app=api.app), attempts=1
    )
    try:
        await store.upsert_creator(MAYA)
        for thread_id in ("a/b", "with space", "messages/x", "t?x=1#f", "ünï"):
            turn = make_turn("maya", thread_id=thread_id, claim_key=f"k {thread_id} &=?")
            await store.commit_turn(turn)
            state = await store.load_thread("maya", thread_id)
            assert state == await api.store.load_thread("maya", thread_id)
            assert [m.thread_id for m in state.messages] == [thread_id]
            assert await store.find_inbound("maya", turn.claim_key) == turn.inbound
        assert await store.find_inbound("maya", "") is None
    finally:
        await store.close()
    messages = await api.client.get(f"{API_PREFIX}/creators/maya/threads/a%2Fb/messages")
    assert [m["thread_id"] for m in messages.json()] == ["a/b"]


async def test_oversized_bodies_are_refused() -> None:
    app = create_app(InMemoryStore(), auth_token=TOKEN, max_body_size=1024)
    async with asgi_client(app) as client:
        response = await client.post(f"{API_PREFIX}/claims/release", json={"key": "x" * 4096})
    assert response.status_code == 413


async def test_the_route_dependency_checks_the_token_too() -> None:
    """Defense in depth: the routes refuse a bad token even without the middleware."""
    from starlette.requests import Request

    from repflow.api.app import ApiError, _token_dependency

    check = _token_dependency(TOKEN)

    def request(authorization: str | None) -> Request:
        headers = [] if authorization is None else [(b"authorization", authorization.encode())]
        return Request({"type": "http", "method": "GET", "path": "/", "headers": headers})

    await check(request(f"Bearer {TOKEN}"), None)
    for header in (None, "Bearer nope", f"Basic {TOKEN}"):
        with pytest.raises(ApiError) as caught:
            await check(request(header), None)
        assert caught.value.status == 401
        assert caught.value.headers is not None
        assert caught.value.headers["WWW-Authenticate"].startswith("Bearer")


def test_no_route_takes_an_address_or_a_message_id_in_its_url(tmp_path: Path) -> None:
    # Access logs keep URLs: addresses, Message-IDs and claim keys travel in bodies.
    app = build_api_app(f"sqlite:///{tmp_path / 'x.db'}", environ={"API_AUTH_TOKEN": TOKEN})
    spec = app.openapi()
    in_urls = {
        (path, parameter["name"])
        for path, operations in spec["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] in {"query", "path"}
    }
    names = {name for _, name in in_urls}
    assert names <= {"creator_id", "thread_id", "outbox_id", "lead_id", "deal_id", "limit", "state"}
