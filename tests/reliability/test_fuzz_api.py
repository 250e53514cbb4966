"""Fuzzing the backend API: random paths, queries and JSON bodies for every route it publishes.

Properties, for every route of ``app.openapi()``: the API never answers 5xx (bad input is a 4xx),
and never answers 2xx without the bearer token. The app runs in-process (Starlette's
TestClient) over a migrated SQLite store seeded with one creator. The MIME parser and the
money parser have their own property tests (tests/unit/test_parse_fuzz.py,
tests/unit/test_money.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from repflow.api.app import create_app
from repflow.store.sql import SqlStore
from tests.api.server import TOKEN
from tests.integration.conftest import run_async
from tests.reliability.helpers import CREATOR

OPEN_PATHS = {"/healthz", "/openapi.json", "/docs", "/docs/oauth2-redirect"}


def _app(store: Any) -> FastAPI:
    return create_app(store, auth_token=TOKEN)


def _routes(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    schema = app.openapi()
    return [
        (method.upper(), path, operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


def _body_fields(app: FastAPI, operation: dict[str, Any]) -> list[str]:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = body.get("schema", {}).get("$ref", "")
    component = app.openapi()["components"]["schemas"].get(ref.rpartition("/")[2], {})
    return sorted(component.get("properties", {}))


@pytest.fixture(scope="module")
def client(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"

    async def seed() -> None:
        store = SqlStore.from_url(url)
        try:
            await store.upsert_creator(CREATOR)
        finally:
            await store.close()

    run_async(seed)
    with TestClient(_app(SqlStore.from_url(url)), raise_server_exceptions=False) as test_client:
        yield test_client


ROUTES = _routes(_app(SqlStore.from_url("sqlite:///unused.db")))
BY_ID = {f"{method} {path}": (method, path, operation) for method, path, operation in ROUTES}

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(["maya", "", "\x00", "2026-11-16T12:00:00Z", "P1D", "pending", "-1"])
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)
segments = st.sampled_from(["maya", "nobody", "x" * 300, "%00", "..", "%2F"]) | st.text(
    min_size=1, max_size=30
).map(lambda s: quote(s, safe=""))


@st.composite
def requests(draw: st.DrawFn, route_ids: tuple[str, ...]) -> Any:
    """A request for one of the routes named ``"METHOD /path"`` (their ids, a short repr)."""
    method, template, operation = BY_ID[draw(st.sampled_from(route_ids))]
    path = template
    query: dict[str, str] = {}
    headers: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        name, where = parameter["name"], parameter["in"]
        if where == "path":
            path = path.replace("{" + name + "}", draw(segments))
        elif where == "query" and draw(st.booleans()):
            query[name] = draw(st.text(max_size=20) | st.integers().map(str))
        elif where == "header" and draw(st.booleans()):
            headers[name] = draw(
                st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=40)
            )
    body: Any = None
    if operation.get("requestBody"):
        fields = _body_fields(_FUZZ_APP, operation)
        body = draw(
            json_values | st.fixed_dictionaries({}, optional={f: json_values for f in fields})
        )
    return method, path, query, headers, body


_FUZZ_APP = _app(SqlStore.from_url("sqlite:///unused.db"))
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _send(client: TestClient, request: Any, token: str | None) -> int:
    method, path, query, headers, body = request
    if token is not None:
        headers = {**headers, "Authorization": f"Bearer {token}"}
    response = client.request(
        method, path, params=query, headers=headers, json=body if body is not None else None
    )
    return response.status_code


def test_every_route_is_fuzzed() -> None:
    assert len(ROUTES) >= 20
    assert {path for _, path, _ in ROUTES} - OPEN_PATHS


@FUZZ
@given(request=requests(tuple(BY_ID)))
def test_no_5xx_with_the_token(client: TestClient, request: Any) -> None:
    status = _send(client, request, TOKEN)
    assert status < 500, request


@FUZZ
@given(
    request=requests(tuple(i for i, r in BY_ID.items() if r[1] not in OPEN_PATHS)),
    token=st.none() | st.sampled_from(["", "wrong", TOKEN + "x", TOKEN[:-1], TOKEN.upper()]),
)
def test_no_2xx_without_the_token(client: TestClient, request: Any, token: str | None) -> None:
    status = _send(client, request, token)
    assert not 200 <= status < 300, request
    assert status < 500, request
