"""Fixtures for the API tests: the app over SQLite and PostgreSQL, clients with and without auth.

The PostgreSQL database comes from the same fixture as the store contract suite (one database
per session and xdist worker; skipped when the server is unreachable, failing when
``CI=true``).
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from fastapi import FastAPI

from repflow.api.app import create_app
from repflow.store.sql import SqlStore
from tests.api.server import TOKEN
from tests.integration.conftest import (  # noqa: F401 - fixtures, shared with the contract suite
    _empty,
    postgres_url,
    sqlite_template,
)

BASE = "http://testserver"


@dataclass
class Api:
    """The app under test, its store and an authenticated client."""

    app: FastAPI
    store: SqlStore
    client: httpx2.AsyncClient
    backend: str


def asgi_client(app: FastAPI, *, token: str | None = TOKEN) -> httpx2.AsyncClient:
    """An in-process client of ``app`` (with the bearer token unless ``token`` is None)."""
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app), base_url=BASE, headers=headers
    )


@pytest.fixture
async def sql_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A migrated SQLite database of this test."""
    path = tmp_path / "api.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def api(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Api]:
    """The app over an empty, migrated SQL store: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "api.db"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
    store = SqlStore.from_url(url)
    if request.param == "postgres":
        await _empty(store)
    app = create_app(store, auth_token=TOKEN)
    client = asgi_client(app)
    try:
        yield Api(app, store, client, request.param)
    finally:
        await client.aclose()
        await store.close()
