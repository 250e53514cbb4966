"""Store backends for the contract suite: in-memory, SQLite, PostgreSQL, and both over HTTP.

PostgreSQL: each test session (each xdist worker) creates its own database
``repflow_test_<pid>_<random>`` on the server named by ``REPFLOW_TEST_PG`` (default
``postgresql://postgres@127.0.0.1:5432/test``), migrates it once, empties its tables before
every test and drops it at the end. When the server cannot be reached the PostgreSQL cases are
skipped, or fail when ``CI=true``.

HTTP (``http``: SQLite, ``http-postgres``: PostgreSQL): the real backend API
(:func:`repflow.api.app.create_app` over a :class:`SqlStore`) served by uvicorn on a free
loopback port in a background thread, and an :class:`HttpStore` talking to it. One server per
session serves every test (each test points it at its own database); a second instance
(:meth:`Backend.another`) is a second API server, with its own engine, on the same database.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy.engine import make_url

from repflow.api.app import create_app
from repflow.store.http import HttpStore
from repflow.store.memory import InMemoryStore
from repflow.store.port import Store
from repflow.store.sql import SqlStore
from repflow.store.tables import Base
from tests.api.server import TOKEN, ApiServer

PG_SERVER = os.environ.get("REPFLOW_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
PG_USERS = ("postgres", "root")

T = TypeVar("T")


def run_async(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion on a private loop in a worker thread.

    Session-scoped setup must not touch the event loop pytest-asyncio manages for the tests.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, factory()).result()


def _database_name() -> str:
    return f"repflow_test_{os.getpid()}_{secrets.token_hex(4)}"


async def _admin(user: str) -> Any:
    import asyncpg

    server = make_url(PG_SERVER)
    return await asyncpg.connect(
        host=server.host or "127.0.0.1",
        port=server.port or 5432,
        user=user,
        password=server.password,
        database=server.database or "test",
        timeout=5,
    )


async def _create_database(name: str) -> str:
    """Create ``name``; returns the user that could."""
    errors: list[str] = []
    server_user = make_url(PG_SERVER).username
    for user in dict.fromkeys(filter(None, (server_user, *PG_USERS))):
        try:
            connection = await _admin(user)
        except Exception as exc:  # asyncpg auth errors, OSError, timeouts
            errors.append(f"{user}: {type(exc).__name__}: {exc}")
            continue
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        return user
    raise ConnectionError("; ".join(errors))


async def _drop_database(name: str, user: str) -> None:
    connection = await _admin(user)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def _migrate(url: str) -> None:
    store = SqlStore.from_url(url)
    try:
        await store.create_schema()
    finally:
        await store.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated PostgreSQL database of this session (dropped afterwards)."""
    name = _database_name()
    try:
        user = run_async(lambda: _create_database(name))
    except Exception as exc:
        server = make_url(PG_SERVER)
        message = f"PostgreSQL not reachable at {server.host}:{server.port or 5432}: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = make_url(PG_SERVER)
    url = server.set(drivername="postgresql", username=user, database=name).render_as_string(
        hide_password=False
    )
    try:
        run_async(lambda: _migrate(url))
        yield url
    finally:
        run_async(lambda: _drop_database(name, user))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database file that each test copies."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    run_async(lambda: _migrate(f"sqlite:///{path}"))
    return path


def _http_store(url: str) -> HttpStore:
    return HttpStore(url, TOKEN, attempts=3, wait_initial=0.005, wait_max=0.05, wait_jitter=0.0)


class SwitchableStore:
    """The store behind the session's API server: each test switches it to its own database.

    Calls are delegated to :attr:`target`, a :class:`SqlStore` the server's event loop uses
    (and closes, when the test switches away from it).
    """

    def __init__(self) -> None:
        self.target: SqlStore | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or self.target is None:
            raise AttributeError(name)
        return getattr(self.target, name)

    async def create_schema(self) -> None:
        """Called by the app's lifespan (``migrate=True``): remember the server's loop."""
        self.loop = asyncio.get_running_loop()

    async def close(self) -> None:
        if self.target is not None:
            await self.target.close()

    def switch(self, target: SqlStore | None) -> None:
        """Serve ``target`` from now on; the previous store is closed on the server's loop."""
        old, self.target = self.target, target
        if old is not None and self.loop is not None:
            asyncio.run_coroutine_threadsafe(old.close(), self.loop).result(timeout=10)


@pytest.fixture(scope="session")
def api_server() -> Iterator[tuple[ApiServer, SwitchableStore]]:
    """The session's API server (one per xdist worker) and the store it serves."""
    store = SwitchableStore()
    server = ApiServer(create_app(store, auth_token=TOKEN, migrate=True)).start()  # type: ignore[arg-type]
    try:
        yield server, store
    finally:
        server.stop()


@dataclass
class Backend:
    """One store under test, and a way to open more instances on the same database."""

    name: str
    store: Store
    url: str | None = None
    opened: list[Store] = field(default_factory=list)
    tmp_path: Path | None = None
    created: list[tuple[str, str]] = field(default_factory=list)
    servers: list[ApiServer] = field(default_factory=list)

    @property
    def is_sql(self) -> bool:
        return self.url is not None

    @property
    def is_http(self) -> bool:
        return self.name.startswith("http")

    def open_http(self) -> HttpStore:
        """A new API server over this backend's database, and an HTTP store talking to it."""
        assert self.url is not None
        app = create_app(SqlStore.from_url(self.url), auth_token=TOKEN)
        server = ApiServer(app).start()
        self.servers.append(server)
        store = _http_store(server.url)
        self.opened.append(store)
        return store

    async def another(self) -> Store:
        """A second store instance (its own engine and pool) on the same database."""
        if self.url is None:
            pytest.skip("the in-memory store has no second instance")
        if self.is_http:
            return self.open_http()
        store = SqlStore.from_url(self.url)
        self.opened.append(store)
        return store

    async def fresh_url(self) -> str:
        """The URL of a new, empty database of this backend (removed after the test)."""
        if self.url is None:
            pytest.skip("the in-memory store has no database")
        if self.is_http:
            pytest.skip("schema creation is the SQL store's concern (sqlite/postgres cover it)")
        if self.name == "sqlite":
            assert self.tmp_path is not None
            return f"sqlite:///{self.tmp_path / f'fresh-{secrets.token_hex(4)}.db'}"
        name = _database_name()
        user = await _create_database(name)
        self.created.append((name, user))
        return make_url(self.url).set(database=name, username=user).render_as_string(False)

    async def close(self) -> None:
        for opened in self.opened:
            await opened.close()
        for server in self.servers:
            server.stop()
        for database, user in self.created:
            await _drop_database(database, user)


async def _empty(store: SqlStore) -> None:
    async with store.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())


@pytest.fixture(
    params=[
        "memory",
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        "http",
        pytest.param("http-postgres", marks=pytest.mark.postgres),
    ],
)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    """Each store implementation in turn, empty and migrated."""
    name: str = request.param
    if name == "memory":
        yield Backend(name, InMemoryStore())
        return
    if name in {"sqlite", "http"}:
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "store.db"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
    sql = SqlStore.from_url(url)
    backend = Backend(name, sql, url, [sql], tmp_path)
    switchable: SwitchableStore | None = None
    try:
        await sql.create_schema()  # already at head: a no-op, checked on every test
        if name in {"postgres", "http-postgres"}:
            await _empty(sql)
        if backend.is_http:
            server, switchable = request.getfixturevalue("api_server")
            switchable.switch(SqlStore.from_url(url))
            backend.store = _http_store(server.url)
            backend.opened.append(backend.store)
        yield backend
    finally:
        await backend.close()
        if switchable is not None:
            switchable.switch(None)


# The mailbox tests' private Dovecot and SMTP receiver (tests/integration/test_imap_*.py).
from tests.integration.dovecot import dovecot, smtp_receiver  # noqa: E402

__all__ = ["dovecot", "smtp_receiver"]
