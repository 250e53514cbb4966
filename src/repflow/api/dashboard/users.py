"""Dashboard accounts: who may sign in, with which password, for which creator.

The store port has no users, and the pipeline never needs them, so accounts live behind their
own small port, :class:`UserStore`:

* :class:`SqlUserStore` keeps them in a table of their own, ``dashboard_users``, in the same
  database as the SQL store (through its engine). The store's migrations create it (revision
  0003); on a database nobody migrated, the account store creates it on first use;
* :class:`InMemoryUserStore` is the fake for tests and for stores without a database.

:func:`add_user` is what ``repflow creators add EMAIL --creator ID`` runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from repflow.api.passwords import hash_password
from repflow.store.port import Store
from repflow.store.tables import Base, DashboardSessionRow, DashboardUserRow

__all__ = [
    "DashboardUser",
    "InMemoryUserStore",
    "SqlUserStore",
    "UserStore",
    "add_user",
    "normalise_email",
    "user_store_for",
]

#: The accounts table; its schema belongs to the store's Alembic history (revision 0003).
dashboard_users = cast("Table", DashboardUserRow.__table__)
#: The signed-in sessions (revision 0006).
dashboard_sessions = cast("Table", DashboardSessionRow.__table__)


def normalise_email(email: str) -> str:
    """The form an e-mail address is stored and looked up in (trimmed, lower case).

    Args:
        email: As typed.

    Returns:
        The normalised address.

    Raises:
        ValueError: It does not look like ``local@domain``.
    """
    value = email.strip().lower()
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in value):
        raise ValueError(f"not an e-mail address: {email!r}")
    if len(value) > 320:
        raise ValueError("an e-mail address has at most 320 characters")
    return value


@dataclass(frozen=True, slots=True)
class DashboardUser:
    """One dashboard account.

    Attributes:
        email: The sign-in name (normalised, see :func:`normalise_email`).
        creator_id: The creator whose mail this user reads and answers.
        password_hash: See :mod:`repflow.api.passwords`.
        admin: Sees and acts for every creator.
        created_at: When the account was made.
        updated_at: When it last changed (password, creator, admin).
    """

    email: str
    creator_id: str
    password_hash: str
    admin: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def may_act_for(self, creator_id: str) -> bool:
        """Whether this user may read and act on ``creator_id``'s threads."""
        return self.admin or creator_id == self.creator_id


class UserStore(Protocol):
    """Persistence of dashboard accounts."""

    async def get_user(self, email: str) -> DashboardUser | None:
        """The account for ``email`` (normalised by the caller), or None."""
        ...

    async def upsert_user(self, user: DashboardUser) -> None:
        """Insert or replace an account (keyed by e-mail)."""
        ...

    async def list_users(self) -> list[DashboardUser]:
        """Every account, by e-mail."""
        ...

    async def add_session(self, session_key: str, email: str, expires_at: datetime) -> None:
        """Record a signed-in session (``session_key``: the SHA-256 of its id)."""
        ...

    async def session_active(self, session_key: str, email: str, now: datetime) -> bool:
        """Whether the session exists for ``email``, unrevoked and unexpired at ``now``."""
        ...

    async def revoke_session(self, session_key: str) -> None:
        """End one session (signing out); unknown keys are ignored."""
        ...

    async def revoke_sessions(self, email: str) -> int:
        """End every session of an account (signing out everywhere); returns how many."""
        ...


class InMemoryUserStore:
    """Accounts in a dict (tests; stores without a database). Not shared between processes."""

    def __init__(self, users: list[DashboardUser] | None = None) -> None:
        self._users: dict[str, DashboardUser] = {u.email: u for u in users or []}
        self._sessions: dict[str, tuple[str, datetime]] = {}

    async def get_user(self, email: str) -> DashboardUser | None:
        """The account for ``email``, or None."""
        return self._users.get(email)

    async def upsert_user(self, user: DashboardUser) -> None:
        """Insert or replace an account; ``created_at`` of an existing one is kept."""
        now = datetime.now(UTC)
        old = self._users.get(user.email)
        created = old.created_at if old is not None else (user.created_at or now)
        self._users[user.email] = replace(user, created_at=created, updated_at=now)

    async def list_users(self) -> list[DashboardUser]:
        """Every account, by e-mail."""
        return [self._users[k] for k in sorted(self._users)]

    async def add_session(self, session_key: str, email: str, expires_at: datetime) -> None:
        """Record a signed-in session."""
        self._sessions[session_key] = (email, expires_at)

    async def session_active(self, session_key: str, email: str, now: datetime) -> bool:
        """Whether the session exists for ``email`` and has not expired."""
        found = self._sessions.get(session_key)
        return found is not None and found[0] == email and found[1] > now

    async def revoke_session(self, session_key: str) -> None:
        """End one session."""
        self._sessions.pop(session_key, None)

    async def revoke_sessions(self, email: str) -> int:
        """End every session of an account."""
        keys = [k for k, (owner, _) in self._sessions.items() if owner == email]
        for key in keys:
            del self._sessions[key]
        return len(keys)


def _as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _user_from_row(row: Any) -> DashboardUser:
    return DashboardUser(
        email=row["email"],
        creator_id=row["creator_id"],
        password_hash=row["password_hash"],
        admin=bool(row["admin"]),
        created_at=_as_utc(row["created_at"]),
        updated_at=_as_utc(row["updated_at"]),
    )


class SqlUserStore:
    """Accounts in the ``dashboard_users`` table of the store's database.

    Args:
        engine: The engine, or a callable answering it (``lambda: store.engine``, so a store
            that was closed and rebuilt its engine is followed).
    """

    def __init__(self, engine: AsyncEngine | Callable[[], AsyncEngine]) -> None:
        self._engine_source = engine
        self._ready: set[int] = set()
        self._lock = asyncio.Lock()

    @property
    def engine(self) -> AsyncEngine:
        """The current engine."""
        source = self._engine_source
        return source if isinstance(source, AsyncEngine) else source()

    async def create_schema(self) -> None:
        """Create the table when it is missing (idempotent; safe with concurrent callers)."""
        engine = self.engine
        if id(engine) in self._ready:
            return
        async with self._lock:
            if id(engine) in self._ready:
                return
            for attempt in range(3):
                try:
                    async with engine.begin() as connection:
                        await connection.run_sync(
                            Base.metadata.create_all,
                            tables=[dashboard_users, dashboard_sessions],
                            checkfirst=True,
                        )
                    break
                except SQLAlchemyError:
                    # Another process created it between our check and our CREATE.
                    if attempt == 2:
                        raise
                    await asyncio.sleep(0.05 * (attempt + 1))
            self._ready.add(id(engine))

    async def get_user(self, email: str) -> DashboardUser | None:
        """The account for ``email``, or None."""
        await self.create_schema()
        statement = select(dashboard_users).where(dashboard_users.c.email == email)
        async with self.engine.connect() as connection:
            row = (await connection.execute(statement)).mappings().first()
        return None if row is None else _user_from_row(row)

    async def upsert_user(self, user: DashboardUser) -> None:
        """Insert or replace an account; ``created_at`` of an existing one is kept."""
        await self.create_schema()
        engine = self.engine
        now = datetime.now(UTC)
        values = {
            "email": user.email,
            "creator_id": user.creator_id,
            "password_hash": user.password_hash,
            "admin": user.admin,
            "created_at": user.created_at or now,
            "updated_at": now,
        }
        insert = (
            postgresql.insert(dashboard_users)
            if engine.dialect.name == "postgresql"
            else sqlite.insert(dashboard_users)
        )
        statement = insert.values(values).on_conflict_do_update(
            index_elements=[dashboard_users.c.email],
            set_={
                "creator_id": values["creator_id"],
                "password_hash": values["password_hash"],
                "admin": values["admin"],
                "updated_at": now,
            },
        )
        async with engine.begin() as connection:
            await connection.execute(statement)

    async def list_users(self) -> list[DashboardUser]:
        """Every account, by e-mail."""
        await self.create_schema()
        statement = select(dashboard_users).order_by(dashboard_users.c.email)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(statement)).mappings().all()
        return [_user_from_row(row) for row in rows]

    async def add_session(self, session_key: str, email: str, expires_at: datetime) -> None:
        """Record a signed-in session (expired ones of the account are dropped meanwhile)."""
        await self.create_schema()
        now = datetime.now(UTC)
        async with self.engine.begin() as connection:
            await connection.execute(
                delete(dashboard_sessions).where(
                    dashboard_sessions.c.email == email, dashboard_sessions.c.expires_at <= now
                )
            )
            await connection.execute(
                insert(dashboard_sessions).values(
                    id=session_key, email=email, created_at=now, expires_at=expires_at
                )
            )

    async def session_active(self, session_key: str, email: str, now: datetime) -> bool:
        """Whether the session exists for ``email`` and has not expired."""
        await self.create_schema()
        statement = select(dashboard_sessions.c.email, dashboard_sessions.c.expires_at).where(
            dashboard_sessions.c.id == session_key
        )
        async with self.engine.connect() as connection:
            row = (await connection.execute(statement)).first()
        if row is None:
            return False
        expires = _as_utc(row[1])
        return row[0] == email and expires is not None and expires > now

    async def revoke_session(self, session_key: str) -> None:
        """End one session."""
        await self.create_schema()
        async with self.engine.begin() as connection:
            await connection.execute(
                delete(dashboard_sessions).where(dashboard_sessions.c.id == session_key)
            )

    async def revoke_sessions(self, email: str) -> int:
        """End every session of an account."""
        await self.create_schema()
        async with self.engine.begin() as connection:
            result = await connection.execute(
                delete(dashboard_sessions).where(dashboard_sessions.c.email == email)
            )
        return int(result.rowcount or 0)


def user_store_for(store: Store) -> UserStore:
    """The account store to pair with ``store``: its database when it has one, else memory.

    Args:
        store: The deal-desk store the dashboard serves.

    Returns:
        A :class:`SqlUserStore` over ``store.engine`` (the SQL store), otherwise an
        :class:`InMemoryUserStore` (accounts then last as long as the process).
    """
    if hasattr(type(store), "engine"):
        return SqlUserStore(lambda: store.engine)  # type: ignore[attr-defined]
    return InMemoryUserStore()


async def add_user_async(
    store: Store,
    users: UserStore,
    email: str,
    creator_id: str,
    password: str,
    admin: bool = False,
) -> DashboardUser:
    """Create or update a dashboard account (see :func:`add_user`).

    Args:
        store: The deal-desk store (the creator must exist there unless ``admin``).
        users: Where the account is kept.
        email: The sign-in address.
        creator_id: The creator the account acts for.
        password: The plain password (hashed here; never stored).
        admin: Whether the account sees every creator.

    Returns:
        The stored account.

    Raises:
        ValueError: Bad e-mail, too short a password, or an unknown creator.
    """
    address = normalise_email(email)
    if not admin and await store.get_creator(creator_id) is None:
        raise ValueError(
            f"no creator {creator_id!r} in the store: add it to repflow.toml and run "
            "`repflow creators sync` (or `repflow process`) first"
        )
    password_hash = await asyncio.to_thread(hash_password, password)
    user = DashboardUser(
        email=address, creator_id=creator_id, password_hash=password_hash, admin=admin
    )
    await users.upsert_user(user)
    return user


def add_user(db_url: str | None, email: str, creator_id: str, password: str, admin: bool) -> None:
    """Create a dashboard account, or update it (password, creator, admin) when it exists.

    The synchronous entry point for ``repflow creators add EMAIL --creator ID [--password P]
    [--admin]``: opens the SQL store at ``db_url`` (migrating it), writes the account into
    the ``dashboard_users`` table of the same database and closes the store.

    Args:
        db_url: ``sqlite:///path``, a bare path, ``postgresql://...``; None for
            ``./repflow.db``.
        email: The sign-in address (stored lower case).
        creator_id: The creator whose mail the account reads and answers. Must exist in the
            store, except for an admin account.
        password: The plain password, at least 8 characters.
        admin: Whether the account sees and acts for every creator.

    Raises:
        ValueError: Bad e-mail, too short a password, or an unknown creator.
        repflow.store.exceptions.StoreUnavailable: The database cannot be reached.
    """
    from repflow.store.sql import SqlStore

    async def run() -> None:
        store = SqlStore.from_url(db_url)
        try:
            await store.create_schema()
            await add_user_async(
                store, SqlUserStore(lambda: store.engine), email, creator_id, password, admin
            )
        finally:
            await store.close()

    asyncio.run(run())
