"""Schemathesis against the backend API's own OpenAPI document, in-process (ASGI, no network).

The schema is ``create_app(...).openapi()``, the document the app serves at ``/openapi.json``.
``schema.parametrize()`` makes one test per operation and property, and schemathesis generates
the requests from the schema (its examples, coverage and fuzzing phases: valid and invalid
path, query, header and body values). They go through schemathesis' ASGI transport to the app
over a migrated SQLite store seeded with one creator; an exception the app does not handle
propagates out of the call (a real server answers it with a 500 ``internal_error``).

Properties:

* **With the bearer token**, for every operation: never a 5xx (``not_a_server_error``, and no
  unhandled exception), every documented response conforms to its schema and content type
  (``response_schema_conformance``, ``content_type_conformance``), and an operation that
  declares the bearer scheme refuses the same request without it or with a wrong one
  (``ignored_auth``).
* **Without the token, or with a wrong one**, for every protected operation (those under
  ``/api/``; ``GET /healthz`` is open, as in ``test_fuzz_api.py``): 401 with
  ``WWW-Authenticate: Bearer``, never a 2xx and never a 5xx.

Checks left out on purpose (each fails on behaviour the API documents or chose, not on a
crash): ``positive_data_acceptance`` (rules beyond the schema: a body naming another creator
than the path is a 422 ``creator_mismatch``, ``nothing to block in ''`` ...),
``negative_data_rejection`` (FastAPI ignores unknown query parameters),
``status_code_conformance`` (a body that is not JSON gets FastAPI's 400, which the schema
does not list) and ``allow_header_conformance``: it found that Starlette's 405 named the
methods of the first matching route only (``OPTIONS /api/v1/creators/x`` answered
``Allow: GET``, not ``GET, PUT``), now fixed (``tests/api/test_api.py``); what remains is that
``/creators/{id}/threads/find`` is also a thread id for ``GET /creators/{id}/threads/{id}``, so
the server rightly allows GET there while the schema's path template lists only POST.

Found so far: a date-time within a day of ``datetime.min``/``max`` with a UTC offset
(``0001-01-01T00:00:00+01:00``), or one a lease or window pushed past them, made the store's
UTC conversion or date arithmetic raise ``OverflowError``, a 500, on six operations; wire
date-times are now bounded and leases and windows capped (a 422). ``test_edge_date_times``
keeps one request per case.

Bounded: ``max_examples`` per operation and property (the fuzzing phase; the examples and
coverage phases add a few deterministic cases each); ``REPFLOW_SCHEMATHESIS_EXAMPLES`` raises
it for a deeper local run. Under pytest 9, schemathesis (4.32) gives every item of one
parametrized test the same node id; the item names, shown in failure reports, carry the
operation (``test_no_2xx_without_the_token[GET /api/v1/leads]``): select with ``-k``.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import checks
from starlette.types import ASGIApp, Receive, Scope, Send

from repflow.api.app import API_PREFIX, create_app
from repflow.store.sql import SqlStore
from tests.api.server import TOKEN
from tests.integration.conftest import run_async
from tests.reliability.helpers import CREATOR

MAX_EXAMPLES = int(os.environ.get("REPFLOW_SCHEMATHESIS_EXAMPLES", "30"))
BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    # One app and one SQLite file serve every example of the module.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BEARER = {"Authorization": f"Bearer {TOKEN}"}
ApiCase = schemathesis.Case[Any]  # the operation type is deep in schemathesis

#: What a caller without the token may send (None: no Authorization header at all).
WRONG_AUTH: tuple[str | None, ...] = (
    None,
    "",
    "Bearer",
    "Bearer ",
    "Bearer wrong",
    f"Bearer {TOKEN}x",
    f"Bearer {TOKEN[:-1]}",
    f"Bearer {TOKEN.upper()}",
    f"Bearer {TOKEN} {TOKEN}",
    f"Token {TOKEN}",
    "Basic " + base64.b64encode(f"maya:{TOKEN}".encode()).decode(),
)

WITH_TOKEN_CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.content_type_conformance,
    checks.ignored_auth,
    checks.unsupported_method,
]
WITHOUT_TOKEN_CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.content_type_conformance,
]


class LateApp:
    """The ASGI app schemathesis calls, bound to the app under test once its fixture ran.

    The schema (and so the parametrized tests) exists at import time; the app's database
    comes from a fixture, so the schema is given this stand-in, which forwards every scope
    (lifespan included) to :attr:`target`.
    """

    def __init__(self) -> None:
        self.target: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Forward one ASGI call to the app under test."""
        if self.target is None:
            raise RuntimeError("the app under test is not set (the `app` fixture did not run)")
        await self.target(scope, receive, send)


APP = LateApp()
DOCUMENT = create_app(SqlStore.from_url("sqlite:///unused.db"), auth_token=TOKEN).openapi()
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = APP
#: The protected operations, fuzzing phase only: the Authorization header is drawn by
#: Hypothesis (``given``), which the examples and coverage phases cannot do.
protected = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=schemathesis.Config.from_dict(
        {"phases": {"examples": {"enabled": False}, "coverage": {"enabled": False}}}
    ),
).include(path_regex=f"^{API_PREFIX}/")
protected.app = APP


@pytest.fixture(scope="module", autouse=True)
def app(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The app under test: a migrated SQLite copy with one creator; bound to :data:`APP`."""
    path = tmp_path_factory.mktemp("schemathesis") / "api.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"

    async def seed() -> None:
        store = SqlStore.from_url(url)
        try:
            await store.upsert_creator(CREATOR)
        finally:
            await store.close()

    run_async(seed)
    api = create_app(SqlStore.from_url(url), auth_token=TOKEN)
    APP.target = api
    try:
        yield api
    finally:
        APP.target = None


def test_the_schema_covers_the_api() -> None:
    """Every API route is in the schema; exactly those under /api/ declare the bearer scheme."""
    paths = DOCUMENT["paths"]
    assert len(paths) >= 15
    assert {"/healthz", f"{API_PREFIX}/claims", f"{API_PREFIX}/outbox/pending"} <= set(paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            secured = any("bearer" in requirement for requirement in operation.get("security", []))
            assert secured == path.startswith(f"{API_PREFIX}/"), f"{method.upper()} {path}"


@schema.parametrize()
@BOUNDED
def test_no_5xx_and_conformant_responses_with_the_token(case: ApiCase) -> None:
    case.call_and_validate(headers=BEARER, checks=WITH_TOKEN_CHECKS)


@protected.parametrize()
@protected.given(auth=st.sampled_from(WRONG_AUTH))
@BOUNDED
def test_no_2xx_without_the_token(case: ApiCase, auth: str | None) -> None:
    case.headers.pop("Authorization", None)  # a generated one (case-insensitive dict)
    if auth is not None:
        case.headers["Authorization"] = auth
    response = case.call()
    case.validate_response(response, checks=WITHOUT_TOKEN_CHECKS)
    status = response.status_code
    assert not 200 <= status < 300, f"{status} with Authorization={auth!r}"
    assert status == 401, f"{status} with Authorization={auth!r}: {response.text[:200]}"
    # schemathesis' Response: lower-case header names, a list of values each
    assert response.headers.get("www-authenticate", [""])[0].startswith("Bearer ")


# -- date-times at the edge of the datetime range (they were 500s: OverflowError) -------------

LOW = "0001-01-01T00:00:00+01:00"  # 0000-12-31T23:00:00Z: before datetime.min in UTC
HIGH = "9999-12-31T23:59:59-01:00"  # 10000-01-01T00:59:59Z: after datetime.max in UTC


def _turn(sent_at: str) -> dict[str, Any]:
    key = f"<st-{sent_at}@example.com>"
    return {
        "claim_key": key,
        "creator_id": CREATOR.id,
        "thread_id": "st-thread",
        "inbound": {
            "id": f"st-{sent_at}",
            "creator_id": CREATOR.id,
            "thread_id": "st-thread",
            "direction": "inbound",
            "message_id": key,
            "sender": "jo@acme.com",
            "recipients": ["maya@repflow.example"],
            "subject": "Hi",
            "subject_key": "hi",
            "participant_key": "acme.com",
            "text": "Hello",
            "sent_at": sent_at,
            "claim_key": key,
        },
    }


def _lead(created_at: str) -> dict[str, Any]:
    return {
        "id": "st-lead",
        "creator_id": CREATOR.id,
        "thread_id": "st-thread",
        "state": "new",
        "terms": {"currency": "USD", "budget_min": "2500"},
        "counterparty": "acme.com",
        "created_at": created_at,
        "updated_at": created_at,
    }


_CREATOR = {"creator_id": CREATOR.id}
_FIND = {"subject_key": "hi", "participant_key": "acme.com"}
_CLAIMS = f"POST {API_PREFIX}/claims"
_FIND_THREAD = f"POST {API_PREFIX}/creators/{{creator_id}}/threads/find"
#: (operation label, path parameters, query, body) of one edge date-time request each.
EDGE_DATE_TIMES = [
    pytest.param(_CLAIMS, {}, None, {"key": "k1", "now": LOW, "lease": "PT1S"}, id="claim-now-low"),
    pytest.param(
        _CLAIMS, {}, None, {"key": "k2", "now": HIGH, "lease": "PT1S"}, id="claim-now-high"
    ),
    pytest.param(
        _CLAIMS,
        {},
        None,
        {"key": "k3", "now": "9999-12-31T23:59:59Z", "lease": "P1D"},
        id="claim-now-plus-lease",
    ),
    pytest.param(
        _CLAIMS,
        {},
        None,
        {"key": "k4", "now": "2026-11-16T12:00:00Z", "lease": "P999999999D"},
        id="claim-huge-lease",
    ),
    pytest.param(
        _FIND_THREAD, _CREATOR, None, {**_FIND, "at": LOW, "window": "PT1S"}, id="find-at-low"
    ),
    pytest.param(
        _FIND_THREAD,
        _CREATOR,
        None,
        {**_FIND, "at": "0001-01-01T00:00:00Z", "window": "P1D"},
        id="find-at-minus-window",
    ),
    pytest.param(
        _FIND_THREAD,
        _CREATOR,
        None,
        {**_FIND, "at": "2026-11-16T12:00:00Z", "window": "P999999999D"},
        id="find-huge-window",
    ),
    pytest.param(
        f"POST {API_PREFIX}/outbox/{{outbox_id}}/sent",
        {"outbox_id": "x"},
        None,
        {"now": LOW},
        id="mark-sent-now-low",
    ),
    pytest.param(
        f"POST {API_PREFIX}/creators/{{creator_id}}/turns",
        _CREATOR,
        None,
        _turn(HIGH),
        id="turn-sent-at-high",
    ),
    pytest.param(
        f"PUT {API_PREFIX}/creators/{{creator_id}}/leads/{{lead_id}}",
        {**_CREATOR, "lead_id": "st-lead"},
        None,
        _lead(LOW),
        id="lead-created-at-low",
    ),
    pytest.param(
        f"POST {API_PREFIX}/creators/{{creator_id}}/replies/recent",
        _CREATOR,
        None,
        {"to": "jo@acme.com", "since": LOW},
        id="replies-since-low",
    ),
    pytest.param(
        f"POST {API_PREFIX}/turns/begin",
        {},
        None,
        {
            "claim_key": "k-begin",
            "now": "2026-11-16T12:00:00Z",
            "lease": "PT5M",
            "default_creator": {"id": "default"},
            "thread": {"new_thread_id": "t_edge", "at": LOW},
            "reply_candidates": ["jo@acme.com"],
            "replies_since": LOW,
        },
        id="begin-replies-since-low",
    ),
]


@pytest.mark.parametrize(("label", "path_parameters", "query", "body"), EDGE_DATE_TIMES)
def test_edge_date_times(
    label: str, path_parameters: dict[str, str], query: dict[str, str] | None, body: Any
) -> None:
    """A date-time the store cannot convert or shift is a 422, not an OverflowError (500)."""
    method, _, path = label.partition(" ")
    kwargs: dict[str, Any] = {"path_parameters": path_parameters, "headers": dict(BEARER)}
    if query is not None:
        kwargs["query"] = query
    if body is not None:
        kwargs["body"] = body
    case = schema[path][method].Case(**kwargs)
    response = case.call()
    case.validate_response(response, checks=WITH_TOKEN_CHECKS)
    assert response.status_code == 422, response.text[:300]
    assert response.json()["error"]["code"] == "validation_error"
