"""Fixtures for the dashboard tests.

* ``dash``: the API app with the dashboard installed, over an in-memory store seeded by the real
  pipeline (examples/inbox + examples/repflow.toml), three accounts, a file transport in a temp
  outbox, and an httpx client on the ASGI app (fast; no server, no browser);
* ``served``: the same over a seeded SQLite file, served by uvicorn on 127.0.0.1 (for Playwright).

Seeding runs once per session (per xdist worker); each test gets its own copy.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest

from repflow.api.app import create_app
from repflow.api.dashboard import Dashboard, InMemoryUserStore, install_dashboard
from repflow.api.dashboard.users import DashboardUser, SqlUserStore, add_user_async
from repflow.api.passwords import hash_password
from repflow.store.memory import InMemoryStore
from repflow.store.sql import SqlStore
from repflow.transport.file import FileTransport
from tests.api.server import ApiServer
from tests.dashboard.helpers import (
    ADMIN,
    MAYA,
    OTHER,
    OTHER_CREATOR,
    PASSWORD,
    csrf_of,
    run_async,
    seed,
)

TOKEN = "dashboard-test-token-" + "x" * 16
SECRET = "dashboard-test-secret-" + "y" * 16
BASE = "http://testserver"


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture(scope="session")
def memory_template(tmp_path_factory: pytest.TempPathFactory) -> InMemoryStore:
    store = InMemoryStore()
    outbox = tmp_path_factory.mktemp("seed-outbox")

    async def run() -> None:
        await seed(store, outbox)

    run_async(run)
    return store


def accounts(password_hash: str) -> list[DashboardUser]:
    return [
        DashboardUser(MAYA, "maya", password_hash),
        DashboardUser(ADMIN, "maya", password_hash, admin=True),
        DashboardUser(OTHER, OTHER_CREATOR, password_hash),
    ]


@dataclass
class Dash:
    """The app under test and what it works on."""

    dashboard: Dashboard
    store: InMemoryStore
    users: InMemoryUserStore
    client: httpx2.AsyncClient
    outbox: Path

    async def signin(self, email: str = MAYA, password: str = PASSWORD) -> httpx2.Response:
        page = await self.client.get("/dashboard/signin")
        return await self.client.post(
            "/dashboard/signin",
            data={"csrf_token": csrf_of(page.text), "email": email, "password": password},
        )

    async def csrf(self) -> str:
        """The CSRF token of the client's current session (read from a page)."""
        page = await self.client.get("/dashboard/signin")
        return csrf_of(page.text)

    async def thread_with_draft(self, creator_id: str = "maya") -> tuple[str, str]:
        """(thread id, outbox id) of some thread with a draft waiting."""
        for lead in await self.store.list_leads(creator_id):
            state = await self.store.load_thread(creator_id, lead.thread_id)
            for item in state.outbox:
                if item.status.value == "draft":
                    return lead.thread_id, item.id
        raise AssertionError("no draft in the seeded store")


@pytest.fixture
async def dash(
    memory_template: InMemoryStore, password_hash: str, tmp_path: Path
) -> AsyncIterator[Dash]:
    store = copy.deepcopy(memory_template)
    users = InMemoryUserStore(accounts(password_hash))
    outbox = tmp_path / "outbox"
    app = create_app(store, auth_token=TOKEN)
    dashboard = install_dashboard(
        app, store, users=users, transport=FileTransport(outbox), secret_key=SECRET
    )
    client = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url=BASE)
    try:
        yield Dash(dashboard, store, users, client, outbox)
    finally:
        await client.aclose()


# -- served over SQLite, for the browser ---------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("dashboard-sqlite")
    path = directory / "seed.db"

    async def run() -> None:
        store = SqlStore.from_url(f"sqlite:///{path}")
        try:
            await store.create_schema()
            await seed(store, directory / "outbox")
            users = SqlUserStore(lambda: store.engine)
            await add_user_async(store, users, MAYA, "maya", PASSWORD)
            await add_user_async(store, users, ADMIN, "maya", PASSWORD, admin=True)
            await add_user_async(store, users, OTHER, OTHER_CREATOR, PASSWORD)
        finally:
            await store.close()

    run_async(run)
    return path


@dataclass
class Served:
    """The dashboard served by uvicorn over its own SQLite copy."""

    url: str
    db_url: str
    outbox: Path


@pytest.fixture
def served(sqlite_template: Path, tmp_path: Path) -> Iterator[Served]:
    path = tmp_path / "repflow.db"
    shutil.copyfile(sqlite_template, path)
    db_url = f"sqlite:///{path}"
    outbox = tmp_path / "outbox"
    store = SqlStore.from_url(db_url)
    app = create_app(store, auth_token=TOKEN)
    install_dashboard(app, store, transport=FileTransport(outbox), secret_key=SECRET)
    server = ApiServer(app, token=TOKEN).start()
    try:
        yield Served(server.url, db_url, outbox)
    finally:
        server.stop()
