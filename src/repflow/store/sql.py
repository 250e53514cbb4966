"""The SQL store: SQLAlchemy 2.0 (asyncio) over SQLite (aiosqlite) or PostgreSQL (asyncpg).

Exactly-once rules (DESIGN.md §5) rest on single atomic statements, not on read-then-write:

* :meth:`SqlStore.claim` is one ``INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE <lease
  expired or released> RETURNING key``. Only the statement that inserts or takes over the row
  gets a row back; every other concurrent caller (another coroutine, process or machine) gets
  none. PostgreSQL serialises the competing upserts on the row (a waiting upsert re-checks the
  WHERE clause against the committed row); SQLite serialises all writers on the database lock.
* :meth:`SqlStore.commit_turn` starts with the same kind of upsert, marking the claim ``done``
  only when it is not done yet, so of two workers committing the same key only the first
  writes; the rest of the turn follows in the same transaction (outbox rows with ``ON CONFLICT
  (key) DO NOTHING``).

SQLite connections run in WAL mode with foreign keys on and a busy timeout; SQLAlchemy (not the
``sqlite3`` module) emits ``BEGIN``, and write transactions use ``BEGIN IMMEDIATE`` so a writer
takes the database lock up front instead of failing to upgrade a read lock.

Nothing connects at import time or in the constructor: the engine is built on first use.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    StatementError,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import SingletonThreadPool
from sqlalchemy.sql import Executable

from repflow.domain.models import Deal, Lead, new_id
from repflow.domain.profile import CreatorProfile
from repflow.domain.states import ConversationState
from repflow.exceptions import ConfigError
from repflow.mail.screen import Blocklist
from repflow.store.codec import (
    RowLike,
    as_utc,
    bounded_key,
    check_draft_status,
    check_repeat,
    check_turn,
    conversation_from_row,
    conversation_to_row,
    creator_from_row,
    creator_to_row,
    deal_from_row,
    deal_to_row,
    lead_from_row,
    lead_to_row,
    message_from_row,
    message_to_row,
    normalise_block,
    outbound_message_row,
    outbox_from_row,
    without_nul,
)
from repflow.store.codec import outbox_to_row as _outbox_to_row
from repflow.store.exceptions import Conflict, InvalidData, NotFound, StoreUnavailable
from repflow.store.port import (
    ClaimStatus,
    DeskStore,
    MailboxCursor,
    MailboxDraft,
    MailboxDraftState,
    MailboxStateStore,
    OpenedTurn,
    OutboxItem,
    OutboxStatus,
    Store,
    StoredMessage,
    ThreadState,
    Turn,
    TurnReceipt,
    TurnRequest,
)
from repflow.store.sql_statements import Statements, statements
from repflow.store.tables import (
    Base,
    BlocklistRow,
    ConversationRow,
    CreatorAddressRow,
    CreatorRow,
    DealRow,
    LeadRow,
    MailboxCursorRow,
    MailboxDraftRow,
    MessageRow,
    OutboxRow,
)
from repflow.store.turns import open_turn

__all__ = [
    "DEFAULT_DATABASE",
    "MIGRATIONS_DIR",
    "SqlStore",
    "alembic_config",
    "database_url",
    "make_engine",
]

#: Where the embedded store lives when no ``--db`` is given.
DEFAULT_DATABASE = "./repflow.db"
#: The Alembic script directory.
MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
#: How long an SQLite connection waits for the write lock before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 15_000
#: Execution option asking the SQLite ``begin`` hook for ``BEGIN IMMEDIATE``.
_IMMEDIATE = "repflow_begin_immediate"
T = TypeVar("T")

#: Serialises Alembic runs in this process (see SqlStore.create_schema).
_MIGRATION_LOCK = threading.Lock()

_CLAIMED = "claimed"
_DONE = "done"


# --------------------------------------------------------------------------------------------
# URLs, engines, migrations
# --------------------------------------------------------------------------------------------


def database_url(raw: str | None) -> str:
    """The SQLAlchemy async URL for a ``--db`` value.

    * ``None`` or blank: ``./repflow.db``;
    * a bare path (no ``://``), ``sqlite:///path``, ``sqlite+<driver>:///path``:
      ``sqlite+aiosqlite:///path``;
    * ``postgresql://...``, ``postgres://...``, ``postgresql+<driver>://...``:
      ``postgresql+asyncpg://...`` (a libpq ``sslmode`` query parameter becomes asyncpg's
      ``ssl``).

    Already-async URLs pass through unchanged, so the function is idempotent.

    Args:
        raw: The value given on the command line or in settings.

    Returns:
        A URL for :func:`sqlalchemy.ext.asyncio.create_async_engine`.

    Raises:
        ConfigError: the URL names a database other than SQLite or PostgreSQL.
    """
    value = (raw or "").strip() or DEFAULT_DATABASE
    scheme, separator, rest = value.partition("://")
    if not separator:
        path = str(Path(value).expanduser()) if value.startswith("~") else value
        return f"sqlite+aiosqlite:///{path}"
    backend = scheme.lower().partition("+")[0]
    if backend == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    if backend in {"postgresql", "postgres", "pgsql"}:
        url = make_url(f"postgresql+asyncpg://{rest}")
        if "sslmode" in url.query:
            query = dict(url.query)
            sslmode = query.pop("sslmode")
            query.setdefault("ssl", sslmode)
            url = url.set(query=query)
        return url.render_as_string(hide_password=False)
    raise ConfigError(
        f"unsupported database URL scheme {scheme!r}: use sqlite:///PATH, a path or postgresql://"
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy, not the sqlite3 module, decides when a transaction begins (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, **options: Any) -> AsyncEngine:
    """An async engine for ``url`` with the store's connection settings.

    SQLite: WAL journal, ``foreign_keys=ON``, a busy timeout, and ``BEGIN IMMEDIATE`` for
    connections with the ``repflow_begin_immediate`` execution option. PostgreSQL: pre-ping
    pooled connections. Both: ``hide_parameters=True``, so no error (or log line, or
    traceback) carries a statement's parameters: mail bodies and addresses. No connection is
    opened here.

    Args:
        url: An async URL (see :func:`database_url`).
        **options: Further :func:`~sqlalchemy.ext.asyncio.create_async_engine` arguments.

    Returns:
        The engine.
    """
    parsed = make_url(url)
    options.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        engine = create_async_engine(parsed, **options)
        _configure_sqlite(engine.sync_engine)
        return engine
    options.setdefault("pool_pre_ping", True)
    return create_async_engine(parsed, **options)


def alembic_config(url: str | None = None) -> Any:
    """An Alembic :class:`~alembic.config.Config` for the store's migrations, built in code.

    Args:
        url: The database URL migrations run against when no connection is shared (the
            ``alembic`` command line); kept out of the ini options, so ``%`` needs no escaping.

    Returns:
        The config (typed ``Any`` to keep Alembic out of import-time dependencies).
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.attributes["url"] = url
    return config


def _upgrade_to_head(connection: Connection) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _now() -> datetime:
    return datetime.now(UTC)


def _is_file_database(url: str) -> bool:
    database = make_url(url).database
    return bool(database) and database != ":memory:" and not str(database).startswith("file:")


def _sync_sqlite_url(url: str) -> str:
    """The blocking (pysqlite) URL of the same SQLite file."""
    return make_url(url).set(drivername="sqlite").render_as_string(hide_password=False)


def _utc(value: datetime) -> datetime:
    result = as_utc(value)
    assert result is not None
    return result


#: SQLSTATE classes worth a retry: connection exceptions, transaction rollbacks (deadlocks,
#: serialisation failures), insufficient resources, operator intervention.
_TRANSIENT_SQLSTATE_CLASSES = frozenset({"08", "40", "53", "57"})


def _transient(exc: DBAPIError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return isinstance(sqlstate, str) and sqlstate[:2] in _TRANSIENT_SQLSTATE_CLASSES


def _describe(exc: DBAPIError) -> str:
    """A refused statement's error without its message, which may quote the values.

    (PostgreSQL writes values into some messages, ``invalid input syntax ...: "<value>"``, and
    triggers into any.) The driver's error class, the SQLSTATE or SQLite error name, and the
    table, column and constraint names when the driver reports them.
    """
    orig = exc.orig
    cause = getattr(orig, "__cause__", None) or orig
    parts = [type(cause).__name__ if cause is not None else type(exc).__name__]
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if code:
        parts.append(f"SQLSTATE {code}")
    name = getattr(cause, "sqlite_errorname", None)
    if name:
        parts.append(str(name))
    for attribute in ("table_name", "column_name", "constraint_name"):
        value = getattr(cause, attribute, None)
        if value:
            parts.append(f"{attribute.removesuffix('_name')} {value}")
    return ", ".join(parts)


def _first_line(exc: DBAPIError) -> str:
    text = str(exc.orig if exc.orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --------------------------------------------------------------------------------------------
# the store
# --------------------------------------------------------------------------------------------


class _SyncConnection:
    """A blocking SQLite connection behind the async methods the store's queries await.

    Its methods never suspend: a whole unit of work (:meth:`SqlStore.begin_turn`,
    :meth:`SqlStore.commit_turn`) runs in the store's SQLite thread as one call, instead of
    handing every statement to aiosqlite's thread and back (a dozen round trips per statement).
    """

    __slots__ = ("_connection",)

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def execute(self, statement: Any, parameters: Any = None) -> Any:
        return self._connection.execute(statement, parameters)

    async def scalar(self, statement: Any, parameters: Any = None) -> Any:
        return self._connection.scalar(statement, parameters)


def _drive(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never suspends to its end, without an event loop."""
    try:
        coroutine.send(None)
    except StopIteration as stop:
        result: T = stop.value
        return result
    coroutine.close()
    raise RuntimeError("a store step suspended inside a SQLite unit of work")


class SqlStore:
    """The :class:`~repflow.store.port.Store` over SQLAlchemy (SQLite or PostgreSQL).

    Example::

        store = SqlStore.from_url("postgresql://app@db/repflow")
        await store.create_schema()
        try:
            ...
        finally:
            await store.close()

    Args:
        url: An async SQLAlchemy URL (``sqlite+aiosqlite:///...`` or
            ``postgresql+asyncpg://...``); see :func:`database_url` for the forms users type.
        **engine_options: Extra :func:`~sqlalchemy.ext.asyncio.create_async_engine` arguments
            (``echo=True``, pool sizes...).
    """

    def __init__(self, url: str, **engine_options: Any) -> None:
        self._url = url
        self._engine_options = engine_options
        self._engine: AsyncEngine | None = None
        self._writer: AsyncEngine | None = None
        self._backend = make_url(url).get_backend_name()
        # The connection of the transaction a coarse call (begin_turn) runs its steps in: the
        # finer methods it calls use it instead of opening their own (one per task or thread).
        self._bound: ContextVar[AsyncConnection | None] = ContextVar(
            f"repflow_sql_bound_{id(self)}", default=None
        )
        # SQLite file databases run a unit of work in one thread of their own, on a blocking
        # engine over the same file (see _SyncConnection); ":memory:" keeps one connection.
        self._sqlite_file = self._backend == "sqlite" and _is_file_database(url)
        self._sync_engine: Engine | None = None
        self._sqlite_thread: ThreadPoolExecutor | None = None

    @classmethod
    def from_url(cls, url: str | None, **engine_options: Any) -> SqlStore:
        """A store for a user-facing URL or path (mapped by :func:`database_url`).

        The engine is built lazily, on first use; nothing connects here.

        Args:
            url: ``sqlite:///path``, a path, ``postgresql://...`` or an async URL; None for
                ``./repflow.db``.
            **engine_options: Extra engine arguments.

        Returns:
            The store.
        """
        return cls(database_url(url), **engine_options)

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return make_url(self._url).render_as_string(hide_password=True)

    @property
    def engine(self) -> AsyncEngine:
        """The async engine (built on first access)."""
        if self._engine is None:
            self._engine = make_engine(self._url, **self._engine_options)
        return self._engine

    @property
    def _sql(self) -> Statements:
        """The prepared hot statements of this store's dialect."""
        return statements(self._backend)

    @property
    def _write_engine(self) -> AsyncEngine:
        if self._writer is None:
            self._writer = self.engine.execution_options(**{_IMMEDIATE: True})
        return self._writer

    async def create_schema(self) -> None:
        """Migrate the database to the newest schema (Alembic ``upgrade head``).

        Runs on one of the store's own connections inside one transaction (SQLite:
        ``BEGIN IMMEDIATE``; PostgreSQL: transactional DDL under an advisory lock), so
        concurrent callers, in this process or others, do not race. Idempotent.

        Raises:
            StoreUnavailable: the database cannot be reached.
        """
        # Alembic keeps its migration context in module globals: one run at a time per
        # process (polled, so the event loop never blocks and cancellation cannot leak it).
        while not _MIGRATION_LOCK.acquire(blocking=False):
            await asyncio.sleep(0.01)
        try:
            with self._errors():
                async with self._write_engine.begin() as connection:
                    await connection.run_sync(_upgrade_to_head)
        finally:
            _MIGRATION_LOCK.release()

    async def close(self) -> None:
        """Close every pooled connection. The store may be used again afterwards."""
        if self._sqlite_thread is not None:
            thread, self._sqlite_thread = self._sqlite_thread, None
            sync_engine, self._sync_engine = self._sync_engine, None
            if sync_engine is not None:
                await asyncio.get_running_loop().run_in_executor(thread, sync_engine.dispose)
            thread.shutdown(wait=True)
        if self._engine is not None:
            engine, self._engine, self._writer = self._engine, None, None
            await engine.dispose()

    # -- plumbing ----------------------------------------------------------------------------
    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError as exc:
            raise Conflict(_first_line(exc)) from exc
        except (OperationalError, InterfaceError) as exc:
            raise StoreUnavailable(f"{self.url}: {_first_line(exc)}") from exc
        except DBAPIError as exc:
            if exc.connection_invalidated or _transient(exc):
                raise StoreUnavailable(f"{self.url}: {_first_line(exc)}") from exc
            # The database refused the statement itself (a value too long for an index or a
            # column, say): the same data fails the same way again.
            raise InvalidData(_describe(exc)) from exc
        except StatementError as exc:
            # Parameters the driver could not send (an encoding error, say); hidden as above.
            raise InvalidData(f"{type(exc.orig).__name__} binding a parameter") from exc
        except (OSError, TimeoutError) as exc:
            raise StoreUnavailable(f"{self.url}: {type(exc).__name__}: {exc}") from exc

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncConnection]:
        bound = self._bound.get()
        if bound is not None:
            yield bound
            return
        with self._errors():
            async with self.engine.connect() as connection:
                yield connection

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncConnection]:
        bound = self._bound.get()
        if bound is not None:
            yield bound
            return
        with self._errors():
            async with self._write_engine.begin() as connection:
                yield connection

    async def _unit(self, work: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Run ``work`` (finer methods of this store) in ONE write transaction.

        On a SQLite file the whole unit runs in the store's SQLite thread, on a blocking
        connection, as one hand-over; elsewhere the methods share one async connection.
        """
        if self._bound.get() is not None:
            return await work()  # already inside a unit of work
        if self._sqlite_file:
            if self._sqlite_thread is None:
                self._sqlite_thread = ThreadPoolExecutor(1, thread_name_prefix="repflow-sqlite")
            call = functools.partial(self._unit_in_thread, work)
            return await asyncio.get_running_loop().run_in_executor(self._sqlite_thread, call)
        async with self._write() as connection:
            token = self._bound.set(connection)
            try:
                return await work()
            finally:
                self._bound.reset(token)

    def _unit_in_thread(self, work: Callable[[], Coroutine[Any, Any, T]]) -> T:
        if self._sync_engine is None:
            self._sync_engine = create_engine(
                _sync_sqlite_url(self._url), hide_parameters=True, poolclass=SingletonThreadPool
            )
            _configure_sqlite(self._sync_engine)
        engine = self._sync_engine.execution_options(**{_IMMEDIATE: True})
        with self._errors(), engine.begin() as connection:
            # A duck-typed stand-in: the queries only await execute() and scalar().
            token = self._bound.set(cast("AsyncConnection", _SyncConnection(connection)))
            try:
                return _drive(work())
            finally:
                self._bound.reset(token)

    # -- turns (the coarse port) -------------------------------------------------------------
    async def begin_turn(self, request: TurnRequest) -> OpenedTurn:
        """Open a turn in one transaction (see :meth:`repflow.store.port.TurnStore.begin_turn`).

        Raises:
            StoreUnavailable: the database cannot be reached (nothing was claimed).
        """
        return await self._unit(lambda: open_turn(self, request))

    async def abort_turn(self, claim_key: str, lock_key: str | None) -> None:
        """Give up an open turn's message claim and thread lock, in one transaction."""

        async def work() -> None:
            await self.release(claim_key)
            if lock_key:
                await self.release(lock_key)

        await self._unit(work)

    async def creator_for(self, addresses: Sequence[str]) -> CreatorProfile | None:
        """The creator of the first of ``addresses`` that belongs to one (one query)."""
        wanted = [a.strip().lower() for a in addresses if a and a.strip()]
        if not wanted:
            return None
        async with self._read() as connection:
            found = await connection.execute(self._sql.creators_by_address, {"addresses": wanted})
            rows = found.mappings().all()
        by_address = {row["address"]: row for row in rows}
        for address in wanted:
            if address in by_address:
                return creator_from_row(by_address[address])
        return None

    def _insert(self, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
        if self._backend == "postgresql":
            return postgresql.insert(model)
        return sqlite.insert(model)

    # -- idempotency -------------------------------------------------------------------------
    async def claim(self, key: str, *, now: datetime, lease: timedelta) -> ClaimStatus:
        """Claim inbound message ``key`` under a lease (one atomic upsert).

        Args:
            key: The message key (SES messageId, Message-ID or a hash).
            now: The current time.
            lease: How long the claim holds before another worker may take it over.

        Returns:
            CLAIMED (ours now), IN_PROGRESS (a live lease elsewhere) or DONE.
        """
        now = _utc(now)
        sql = self._sql
        async with self._write() as connection:
            claimed = await connection.execute(
                sql.claim, {"b_key": key, "b_until": now + lease, "b_now": now}
            )
            if claimed.first() is not None:
                return ClaimStatus.CLAIMED
            status = await connection.scalar(sql.claim_status, {"b_key": key})
        return ClaimStatus.DONE if status == _DONE else ClaimStatus.IN_PROGRESS

    async def release(self, key: str) -> None:
        """Give a live claim up so that a redelivery can take it at once (DONE stays DONE).

        Args:
            key: The message key.
        """
        async with self._write() as connection:
            await connection.execute(self._sql.release, {"b_key": key, "b_now": _now()})

    async def upsert_creator(self, profile: CreatorProfile) -> None:
        """Insert or replace a creator profile and its inbound addresses.

        An address another creator had is moved to this one (the latest write wins).

        Args:
            profile: The profile.
        """
        row = creator_to_row(profile, created_at=_now())
        addresses = list(dict.fromkeys(a for a in profile.addresses if a))
        async with self._write() as connection:
            insert = self._insert(CreatorRow).values(row)
            await connection.execute(
                insert.on_conflict_do_update(
                    index_elements=[CreatorRow.id],
                    set_={
                        name: insert.excluded[name]
                        for name in ("name", "addresses", "reply_from", "contacts", "preferences")
                    },
                )
            )
            await connection.execute(
                delete(CreatorAddressRow).where(CreatorAddressRow.creator_id == profile.id)
            )
            if addresses:
                address_insert = self._insert(CreatorAddressRow).values(
                    [{"address": a, "creator_id": profile.id} for a in addresses]
                )
                await connection.execute(
                    address_insert.on_conflict_do_update(
                        index_elements=[CreatorAddressRow.address],
                        set_={"creator_id": address_insert.excluded.creator_id},
                    )
                )

    async def get_creator(self, creator_id: str) -> CreatorProfile | None:
        """A creator by id, or None."""
        async with self._read() as connection:
            found = await connection.execute(self._sql.creator_by_id, {"creator_id": creator_id})
            row = found.mappings().first()
        return None if row is None else creator_from_row(row)

    async def find_creator_by_address(self, address: str) -> CreatorProfile | None:
        """The creator an inbound address belongs to (compared in lower case), or None."""
        return await self.creator_for([address])

    async def list_creators(self) -> list[CreatorProfile]:
        """All creators, by id."""
        async with self._read() as connection:
            rows = (
                (await connection.execute(select(CreatorRow).order_by(CreatorRow.id)))
                .mappings()
                .all()
            )
        return [creator_from_row(row) for row in rows]

    async def get_blocklist(self, creator_id: str) -> Blocklist:
        """The creator's blocked addresses and domains (empty for an unknown creator)."""
        async with self._read() as connection:
            found = await connection.execute(self._sql.blocklist, {"creator_id": creator_id})
            rows = found.all()
        return Blocklist(
            addresses=frozenset(value for kind, value in rows if kind == "address"),
            domains=frozenset(value for kind, value in rows if kind == "domain"),
        )

    async def block(self, creator_id: str, value: str) -> None:
        """Block an address (contains ``@``) or a domain (and its subdomains) for a creator.

        Blocking twice is harmless.

        Raises:
            NotFound: no such creator.
            ValueError: ``value`` is blank.
        """
        kind, normalised = normalise_block(value)
        async with self._write() as connection:
            exists = await connection.scalar(
                select(CreatorRow.id).where(CreatorRow.id == creator_id)
            )
            if exists is None:
                raise NotFound(f"no creator {creator_id!r}")
            await connection.execute(
                self._insert(BlocklistRow)
                .values(creator_id=creator_id, value=normalised, kind=kind)
                .on_conflict_do_nothing(
                    index_elements=[BlocklistRow.creator_id, BlocklistRow.value]
                )
            )

    # -- threads -----------------------------------------------------------------------------
    async def find_thread(
        self,
        creator_id: str,
        *,
        message_ids: Sequence[str],
        subject_key: str | None,
        participant_key: str | None,
        at: datetime | None,
        window: timedelta,
    ) -> str | None:
        """The thread of the first known id in ``message_ids``, else a subject match.

        The subject fallback needs ``subject_key``, ``participant_key`` and ``at``: it answers
        the thread of the newest message (either direction) of this creator with the same
        subject and participant keys sent within ``window`` before or after ``at``.

        Returns:
            The thread id, or None.
        """
        # Bounded as the column stores them, so that the found ids can be matched below.
        ids = list(dict.fromkeys(bounded_key(i) or "" for i in message_ids if i))
        sql = self._sql
        async with self._read() as connection:
            if ids:
                rows = await connection.execute(
                    sql.threads_by_message_ids, {"creator_id": creator_id, "ids": ids}
                )
                known: dict[str, str] = {message_id: thread_id for message_id, thread_id in rows}
                for message_id in ids:
                    if message_id in known:
                        return known[message_id]
            if not subject_key or not participant_key or at is None:
                return None
            at = _utc(at)
            found: str | None = await connection.scalar(
                sql.thread_by_subject,
                {
                    "creator_id": creator_id,
                    "subject_key": subject_key,
                    "participant_key": participant_key,
                    "since": at - window,
                    "b_until": at + window,
                },
            )
            return found

    async def load_thread(self, creator_id: str, thread_id: str) -> ThreadState:
        """Lead, conversation, deal, messages (oldest first) and outbox rows of a thread.

        Read in one transaction (PostgreSQL: REPEATABLE READ), so the parts agree.
        """
        sql = self._sql
        where = {"creator_id": creator_id, "thread_id": thread_id}
        async with self._read() as connection:
            if self._backend == "postgresql" and self._bound.get() is None:
                # Inside begin_turn the thread is locked, so its parts cannot change meanwhile.
                await connection.execution_options(isolation_level="REPEATABLE READ")
            lead = (await connection.execute(sql.lead_of_thread, where)).mappings().first()
            conversation = (
                (await connection.execute(sql.conversation_of_thread, where)).mappings().first()
            )
            deal = (await connection.execute(sql.deal_of_thread, where)).mappings().first()
            messages = (await connection.execute(sql.messages_of_thread, where)).mappings().all()
            outbox = (await connection.execute(sql.outbox_of_thread, where)).mappings().all()
        return ThreadState(
            thread_id=thread_id,
            lead=None if lead is None else lead_from_row(lead),
            conversation=None if conversation is None else conversation_from_row(conversation),
            deal=None if deal is None else deal_from_row(deal),
            messages=tuple(message_from_row(row) for row in messages),
            outbox=tuple(outbox_from_row(row) for row in outbox),
        )

    async def find_inbound(self, creator_id: str, claim_key: str) -> StoredMessage | None:
        """The inbound message this creator committed under ``claim_key``, or None."""
        async with self._read() as connection:
            found = await connection.execute(
                self._sql.inbound_by_claim_key,
                {"creator_id": creator_id, "claim_key": claim_key},
            )
            row = found.mappings().first()
        return None if row is None else message_from_row(row)

    async def commit_turn(self, turn: Turn) -> TurnReceipt:
        """Write a turn in one transaction, mark its claim done and release its thread lock.

        See :meth:`_commit_turn`.
        """
        return await self._unit(lambda: self._commit_turn(turn))

    async def _commit_turn(self, turn: Turn) -> TurnReceipt:
        """Write a turn in one transaction, mark its claim done and release its thread lock.

        In order: the thread lock ``turn.lock_key`` is released; the claim becomes ``done``
        (if it already was, the turn is a replay and nothing is written); the inbound message
        is inserted unless this creator already has a message of its claim key (a different
        email reusing a Message-ID is kept); lead and conversation are upserted by id; the deal
        is inserted unless the lead has one; the outbox row is inserted unless its key exists.

        Returns:
            Whether the turn, and its outbox row, were written.

        Raises:
            Conflict: a constraint rejected the turn (e.g. a second lead for the thread, a
                deal for an unknown lead, an unknown creator); nothing was written and the
                claim is still held.
            ValueError: the turn's parts name different creators.
        """
        check_turn(turn)
        now = _now()
        sql = self._sql
        async with self._write() as connection:
            if turn.lock_key:
                await connection.execute(sql.release, {"b_key": turn.lock_key, "b_now": now})
            done = await connection.execute(sql.mark_done, {"b_key": turn.claim_key, "b_now": now})
            if done.first() is None:
                return TurnReceipt(written=False)  # already done: a replay writes nothing
            await connection.execute(
                sql.insert_message, message_to_row(turn.inbound, created_at=now)
            )
            if turn.lead is not None:
                await self._upsert(connection, sql.upsert_lead, "leads", lead_to_row(turn.lead))
            if turn.conversation is not None:
                await self._upsert(
                    connection,
                    sql.upsert_conversation,
                    "conversations",
                    conversation_to_row(turn.conversation),
                )
            if turn.deal is not None:
                await connection.execute(sql.insert_deal, deal_to_row(turn.deal))
            outbox_written = False
            if turn.outbox is not None:
                inserted = await connection.execute(sql.insert_outbox, _outbox_to_row(turn.outbox))
                outbox_written = inserted.first() is not None
        return TurnReceipt(written=True, outbox_written=outbox_written)

    async def _upsert(
        self, connection: AsyncConnection, statement: Executable, name: str, row: dict[str, Any]
    ) -> None:
        """Insert or replace a row by id; an id of another creator is a Conflict."""
        if (await connection.execute(statement, row)).first() is None:
            raise Conflict(f"{name} row {row['id']} belongs to another creator")

    # -- outbox ------------------------------------------------------------------------------
    async def pending_outbox(self, *, limit: int = 50) -> list[OutboxItem]:
        """PENDING rows of every creator, oldest first."""
        statement = (
            select(OutboxRow)
            .where(OutboxRow.status == OutboxStatus.PENDING.value)
            .order_by(OutboxRow.created_at, OutboxRow.id)
            .limit(limit)
        )
        async with self._read() as connection:
            rows = (await connection.execute(statement)).mappings().all()
        return [outbox_from_row(row) for row in rows]

    async def mark_sent(self, outbox_id: str, *, provider_id: str | None, now: datetime) -> None:
        """Mark a PENDING row SENT and store it as an outbound message of its thread.

        The outbound message carries the row's Message-ID, so the brand's answer (which cites
        it in In-Reply-To/References) finds the thread. A row that is not PENDING (already
        sent, say) is left alone.

        Raises:
            NotFound: no such outbox row.
        """
        async with self._write() as connection:
            await self._mark_sent(
                connection, outbox_id, provider_id, _utc(now), OutboxStatus.PENDING
            )

    async def _mark_sent(
        self,
        connection: AsyncConnection,
        outbox_id: str,
        provider_id: str | None,
        now: datetime,
        from_status: OutboxStatus,
    ) -> None:
        """Move a ``from_status`` row to SENT and store it as an outbound message."""
        statement = (
            update(OutboxRow)
            .where(OutboxRow.id == outbox_id, OutboxRow.status == from_status.value)
            .values(status=OutboxStatus.SENT.value, sent_at=now, provider_id=provider_id)
            .returning(*OutboxRow.__table__.columns)
        )
        row = (await connection.execute(statement)).mappings().first()
        if row is None:
            exists = await connection.scalar(select(OutboxRow.id).where(OutboxRow.id == outbox_id))
            if exists is None:
                raise NotFound(f"no outbox row {outbox_id!r}")
            return
        item = outbox_from_row(row)
        subject_key, participant_key = await self._thread_keys(connection, item)
        message = outbound_message_row(
            item,
            message_id=new_id(),
            subject_key=subject_key,
            participant_key=participant_key,
            sent_at=now,
            provider_id=provider_id,
            created_at=_now(),
        )
        await connection.execute(
            self._insert(MessageRow)
            .values(message)
            .on_conflict_do_nothing(index_elements=[MessageRow.creator_id, MessageRow.claim_key])
        )
        # The brand has our answer: it is their turn, and the lead moved now.
        await connection.execute(
            update(ConversationRow)
            .where(
                ConversationRow.creator_id == item.creator_id,
                ConversationRow.thread_id == item.thread_id,
                ConversationRow.state == ConversationState.AWAITING_CREATOR.value,
            )
            .values(state=ConversationState.AWAITING_BRAND.value)
        )
        await connection.execute(
            update(LeadRow)
            .where(LeadRow.creator_id == item.creator_id, LeadRow.thread_id == item.thread_id)
            .values(updated_at=now)
        )

    async def _thread_keys(self, connection: AsyncConnection, item: OutboxItem) -> tuple[str, str]:
        """Subject and participant keys for a sent reply: those of the message it answers."""
        columns = select(MessageRow.subject_key, MessageRow.participant_key).where(
            MessageRow.creator_id == item.creator_id
        )
        if item.in_reply_to:
            row = (
                await connection.execute(columns.where(MessageRow.message_id == item.in_reply_to))
            ).first()
            if row is not None:
                return row[0], row[1]
        row = (
            await connection.execute(
                columns.where(MessageRow.thread_id == item.thread_id)
                .order_by(
                    MessageRow.sent_at.desc().nulls_last(),
                    MessageRow.created_at.desc(),
                    MessageRow.id.desc(),
                )
                .limit(1)
            )
        ).first()
        return ("", "") if row is None else (row[0], row[1])

    async def mark_failed(self, outbox_id: str, *, error: str, give_up: bool) -> None:
        """Record a failed attempt of a PENDING row (attempts + 1); FAILED when ``give_up``.

        Raises:
            NotFound: no such outbox row.
        """
        values: dict[str, Any] = {"attempts": OutboxRow.attempts + 1, "last_error": error}
        if give_up:
            values["status"] = OutboxStatus.FAILED.value
        statement = (
            update(OutboxRow)
            .where(OutboxRow.id == outbox_id, OutboxRow.status == OutboxStatus.PENDING.value)
            .values(values)
            .returning(OutboxRow.id)
        )
        async with self._write() as connection:
            if (await connection.execute(statement)).first() is None:
                exists = await connection.scalar(
                    select(OutboxRow.id).where(OutboxRow.id == outbox_id)
                )
                if exists is None:
                    raise NotFound(f"no outbox row {outbox_id!r}")

    async def get_outbox(self, creator_id: str, outbox_id: str) -> OutboxItem:
        """One outbox row of this creator.

        Raises:
            NotFound: no such row for this creator.
        """
        async with self._read() as connection:
            row = await self._outbox_row(connection, creator_id, outbox_id)
        if row is None:
            raise NotFound(f"no outbox row {outbox_id!r} for creator {creator_id!r}")
        return outbox_from_row(row)

    @staticmethod
    async def _outbox_row(
        connection: AsyncConnection, creator_id: str, outbox_id: str
    ) -> RowLike | None:
        statement = select(OutboxRow).where(
            OutboxRow.id == outbox_id, OutboxRow.creator_id == creator_id
        )
        return (await connection.execute(statement)).mappings().first()

    async def recent_replies(
        self, creator_id: str, *, to_address: str, since: datetime
    ) -> list[datetime]:
        """When replies to ``to_address`` (any case) were made at or after ``since``."""
        parameters = {
            "creator_id": creator_id,
            "since": _utc(since),
            "to_address": (without_nul(to_address) or "").lower(),
        }
        async with self._read() as connection:
            rows = (await connection.execute(self._sql.recent_replies, parameters)).all()
        return sorted(_utc(turn_at or created_at) for turn_at, created_at in rows)

    async def update_draft(
        self, creator_id: str, outbox_id: str, *, text: str | None, status: OutboxStatus
    ) -> OutboxItem:
        """Approve (PENDING), edit (DRAFT) or discard (DISCARDED) a DRAFT row of this creator.

        ``text`` replaces the reply text when given. Repeating a request that already took
        effect (approving an approved row) answers the row unchanged.

        Raises:
            NotFound: no such row for this creator.
            Conflict: the row is no longer a draft (sent, discarded, approved otherwise).
            ValueError: ``status`` is not PENDING, DRAFT or DISCARDED.
        """
        check_draft_status(status)
        values: dict[str, Any] = {"status": status.value}
        if text is not None:
            values["text"] = text
        statement = (
            update(OutboxRow)
            .where(
                OutboxRow.id == outbox_id,
                OutboxRow.creator_id == creator_id,
                OutboxRow.status == OutboxStatus.DRAFT.value,
            )
            .values(values)
            .returning(*OutboxRow.__table__.columns)
        )
        async with self._write() as connection:
            row: RowLike | None = (await connection.execute(statement)).mappings().first()
            if row is None:
                row = await self._outbox_row(connection, creator_id, outbox_id)
                if row is None:
                    raise NotFound(f"no outbox row {outbox_id!r} for creator {creator_id!r}")
                check_repeat(outbox_from_row(row), text=text, status=status)
        return outbox_from_row(row)

    # -- the command line's lookups across creators ------------------------------------------
    async def list_outbox(
        self, status: OutboxStatus, *, creator_id: str | None = None, limit: int = 200
    ) -> list[OutboxItem]:
        """Outbox rows in ``status``, oldest first; every creator's when ``creator_id`` is None."""
        statement = select(OutboxRow).where(OutboxRow.status == status.value)
        if creator_id is not None:
            statement = statement.where(OutboxRow.creator_id == creator_id)
        statement = statement.order_by(OutboxRow.created_at, OutboxRow.id).limit(limit)
        async with self._read() as connection:
            rows = (await connection.execute(statement)).mappings().all()
        return [outbox_from_row(row) for row in rows]

    async def find_outbox(self, outbox_id: str) -> OutboxItem | None:
        """An outbox row by its id alone (ids are unique across creators), or None."""
        async with self._read() as connection:
            row = (
                (await connection.execute(select(OutboxRow).where(OutboxRow.id == outbox_id)))
                .mappings()
                .first()
            )
        return None if row is None else outbox_from_row(row)

    async def thread_creators(self, thread_id: str) -> list[str]:
        """The creators that have a lead, a message or a reply in thread ``thread_id``."""
        found: set[str] = set()
        async with self._read() as connection:
            for table in (LeadRow, MessageRow, OutboxRow):
                statement = select(table.creator_id).where(table.thread_id == thread_id).distinct()
                found.update((await connection.scalars(statement)).all())
        return sorted(found)

    # -- reading -----------------------------------------------------------------------------
    async def list_leads(
        self, creator_id: str | None = None, *, state: str | None = None, limit: int = 200
    ) -> list[Lead]:
        """Leads, most recently updated first; every creator's when ``creator_id`` is None."""
        statement = select(LeadRow)
        if creator_id is not None:
            statement = statement.where(LeadRow.creator_id == creator_id)
        if state is not None:
            statement = statement.where(LeadRow.state == state)
        statement = statement.order_by(
            LeadRow.updated_at.desc().nulls_last(),
            LeadRow.created_at.desc().nulls_last(),
            LeadRow.id,
        ).limit(limit)
        async with self._read() as connection:
            rows = (await connection.execute(statement)).mappings().all()
        return [lead_from_row(row) for row in rows]

    async def list_deals(self, creator_id: str | None = None, *, limit: int = 200) -> list[Deal]:
        """Deals, newest first; every creator's when ``creator_id`` is None."""
        statement = select(DealRow)
        if creator_id is not None:
            statement = statement.where(DealRow.creator_id == creator_id)
        statement = statement.order_by(DealRow.created_at.desc().nulls_last(), DealRow.id).limit(
            limit
        )
        async with self._read() as connection:
            rows = (await connection.execute(statement)).mappings().all()
        return [deal_from_row(row) for row in rows]

    async def update_lead(self, lead: Lead) -> None:
        """Save a lead changed from the dashboard or CLI (state, terms, flags, counterparty).

        Raises:
            NotFound: the creator has no lead with this id.
        """
        row = lead_to_row(lead)
        statement = (
            update(LeadRow)
            .where(LeadRow.id == lead.id, LeadRow.creator_id == lead.creator_id)
            .values(
                state=row["state"],
                terms=row["terms"],
                flags=row["flags"],
                counterparty=row["counterparty"],
                updated_at=row["updated_at"],
                undo=row["undo"],
            )
            .returning(LeadRow.id)
        )
        async with self._write() as connection:
            if (await connection.execute(statement)).first() is None:
                raise NotFound(f"no lead {lead.id!r} for creator {lead.creator_id!r}")

    # -- the creator's own changes (DeskStore) -----------------------------------------------
    async def unblock(self, creator_id: str, value: str) -> bool:
        """Remove an address or domain from the creator's blocklist.

        Returns:
            Whether it was blocked.

        Raises:
            ValueError: ``value`` is blank.
        """
        _kind, normalised = normalise_block(value)
        statement = (
            delete(BlocklistRow)
            .where(BlocklistRow.creator_id == creator_id, BlocklistRow.value == normalised)
            .returning(BlocklistRow.value)
        )
        async with self._write() as connection:
            return (await connection.execute(statement)).first() is not None

    async def set_conversation_state(self, creator_id: str, thread_id: str, state: str) -> None:
        """Set whose turn it is in a thread (nothing happens when it has no conversation)."""
        ConversationState(state)  # a ValueError for a state that does not exist
        statement = (
            update(ConversationRow)
            .where(ConversationRow.creator_id == creator_id, ConversationRow.thread_id == thread_id)
            .values(state=state)
        )
        async with self._write() as connection:
            await connection.execute(statement)

    # -- the mailbox watcher (repflow watch) -------------------------------------------------
    async def get_mailbox_cursor(self, mailbox: str) -> MailboxCursor | None:
        """The folder's cursor, or None before its first pass."""
        statement = select(MailboxCursorRow).where(MailboxCursorRow.mailbox == mailbox)
        async with self._read() as connection:
            row = (await connection.execute(statement)).mappings().first()
        if row is None:
            return None
        return MailboxCursor(
            mailbox=mailbox,
            uidvalidity=int(row["uidvalidity"]),
            last_uid=int(row["last_uid"]),
            created_at=_utc(row["created_at"]),
        )

    async def save_mailbox_cursor(
        self, mailbox: str, *, uidvalidity: int, last_uid: int, now: datetime
    ) -> None:
        """Insert or move the folder's cursor (its ``created_at`` stays)."""
        now = _utc(now)
        statement = (
            self._insert(MailboxCursorRow)
            .values(
                mailbox=mailbox,
                uidvalidity=uidvalidity,
                last_uid=last_uid,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_update(
                index_elements=[MailboxCursorRow.mailbox],
                set_={"uidvalidity": uidvalidity, "last_uid": last_uid, "updated_at": now},
            )
        )
        async with self._write() as connection:
            await connection.execute(statement)

    async def update_deal(self, deal: Deal) -> None:
        """Save a deal's stage and milestones.

        Raises:
            NotFound: the creator has no deal with this id.
        """
        row = deal_to_row(deal)
        statement = (
            update(DealRow)
            .where(DealRow.id == deal.id, DealRow.creator_id == deal.creator_id)
            .values(stage=row["stage"], milestones=row["milestones"])
            .returning(DealRow.id)
        )
        async with self._write() as connection:
            if (await connection.execute(statement)).first() is None:
                raise NotFound(f"no deal {deal.id!r} for creator {deal.creator_id!r}")

    async def add_outbox(self, item: OutboxItem) -> None:
        """Insert a reply the creator wrote themselves.

        Raises:
            Conflict: its key or id exists, or its creator or lead does not.
        """
        async with self._write() as connection:
            await connection.execute(self._insert(OutboxRow).values(_outbox_to_row(item)))

    async def reopen_drafts(self, creator_id: str, outbox_ids: Sequence[str]) -> list[str]:
        """Put DISCARDED rows of this creator back to DRAFT; returns the ids reopened."""
        if not outbox_ids:
            return []
        statement = (
            update(OutboxRow)
            .where(
                OutboxRow.creator_id == creator_id,
                OutboxRow.id.in_(list(outbox_ids)),
                OutboxRow.status == OutboxStatus.DISCARDED.value,
            )
            .values(status=OutboxStatus.DRAFT.value)
            .returning(OutboxRow.id)
        )
        async with self._write() as connection:
            return sorted((await connection.scalars(statement)).all())

    async def drafts_to_append(self, mailbox: str, *, since: datetime) -> list[OutboxItem]:
        """DRAFT rows made at or after ``since`` not APPENDed to ``mailbox`` yet, oldest first."""
        appended = select(MailboxDraftRow.outbox_id).where(MailboxDraftRow.mailbox == mailbox)
        statement = (
            select(OutboxRow)
            .where(
                OutboxRow.status == OutboxStatus.DRAFT.value,
                OutboxRow.created_at >= _utc(since),
                OutboxRow.id.not_in(appended),
            )
            .order_by(OutboxRow.created_at, OutboxRow.id)
        )
        async with self._read() as connection:
            rows = (await connection.execute(statement)).mappings().all()
        return [outbox_from_row(row) for row in rows]

    async def record_mailbox_draft(self, mailbox: str, item: OutboxItem, *, now: datetime) -> None:
        """Remember that ``item`` was APPENDed to the mailbox's Drafts (state OPEN)."""
        statement = (
            self._insert(MailboxDraftRow)
            .values(
                mailbox=mailbox,
                outbox_id=item.id,
                message_id=item.message_id,
                state=MailboxDraftState.OPEN.value,
                appended_at=_utc(now),
                resolved_at=None,
            )
            .on_conflict_do_nothing(
                index_elements=[MailboxDraftRow.mailbox, MailboxDraftRow.outbox_id]
            )
        )
        async with self._write() as connection:
            await connection.execute(statement)

    async def open_mailbox_drafts(self, mailbox: str) -> list[MailboxDraft]:
        """The mailbox's drafts in state OPEN with their outbox rows, oldest first."""
        statement = (
            select(OutboxRow)
            .join(MailboxDraftRow, MailboxDraftRow.outbox_id == OutboxRow.id)
            .where(
                MailboxDraftRow.mailbox == mailbox,
                MailboxDraftRow.state == MailboxDraftState.OPEN.value,
            )
            .order_by(MailboxDraftRow.appended_at, OutboxRow.id)
        )
        async with self._read() as connection:
            rows = (await connection.execute(statement)).mappings().all()
        return [
            MailboxDraft(mailbox=mailbox, state=MailboxDraftState.OPEN, item=outbox_from_row(row))
            for row in rows
        ]

    async def resolve_mailbox_draft(
        self, mailbox: str, outbox_id: str, state: MailboxDraftState, *, now: datetime
    ) -> None:
        """Close an OPEN draft and, for SENT and DELETED, its DRAFT outbox row, atomically.

        SENT marks the row sent by the creator (``provider_id`` ``mailbox``) and stores it as
        an outbound message of its thread; DELETED discards it; SUPERSEDED touches no outbox
        row. A row that is no longer a DRAFT is left as it is.
        """
        now = _utc(now)
        async with self._write() as connection:
            closed = await connection.execute(
                update(MailboxDraftRow)
                .where(
                    MailboxDraftRow.mailbox == mailbox,
                    MailboxDraftRow.outbox_id == outbox_id,
                    MailboxDraftRow.state == MailboxDraftState.OPEN.value,
                )
                .values(state=state.value, resolved_at=now)
                .returning(MailboxDraftRow.outbox_id)
            )
            if closed.first() is None:
                return
            if state is MailboxDraftState.SENT:
                await self._mark_sent(connection, outbox_id, "mailbox", now, OutboxStatus.DRAFT)
            elif state is MailboxDraftState.DELETED:
                await connection.execute(
                    update(OutboxRow)
                    .where(
                        OutboxRow.id == outbox_id,
                        OutboxRow.status == OutboxStatus.DRAFT.value,
                    )
                    .values(status=OutboxStatus.DISCARDED.value)
                )


if TYPE_CHECKING:

    def _implements_the_port(store: SqlStore) -> Store:
        return store

    def _implements_the_desk(store: SqlStore) -> DeskStore:
        return store

    def _implements_the_mailbox_port(store: SqlStore) -> MailboxStateStore:
        return store
