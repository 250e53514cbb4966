"""Alembic environment of the SQL store.

Two ways in:

* :meth:`repflow.store.sql.SqlStore.create_schema` shares one of the store's own (sync-adapted)
  connections through ``config.attributes["connection"]``: migrations run inside the caller's
  transaction, with the store's SQLite settings.
* The ``alembic`` command line (``alembic -c src/repflow/store/alembic.ini upgrade head``)
  builds an async engine from ``config.attributes["url"]``, the ``REPFLOW_DB`` environment
  variable or ``sqlalchemy.url``, and runs the migrations on it with :func:`asyncio.run`.

SQLite needs ``render_as_batch`` for ALTERs (a table is rebuilt); PostgreSQL migrations take an
advisory lock so that processes starting together migrate one after the other.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import Connection, pool

from repflow.store.sql import database_url, make_engine
from repflow.store.tables import Base

config = context.config
target_metadata = Base.metadata

#: pg_advisory_xact_lock key of schema migrations ("repflow" in ASCII, as a bigint).
MIGRATION_LOCK = 0x7265_7066_6C6F_77


def _url() -> str:
    url = config.attributes.get("url") or os.environ.get("REPFLOW_DB")
    return database_url(url or config.get_main_option("sqlalchemy.url"))


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def do_run_migrations(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = make_engine(_url(), poolclass=pool.NullPool).execution_options(
        repflow_begin_immediate=True
    )
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    shared = config.attributes.get("connection")
    if shared is not None:
        do_run_migrations(shared)
    else:
        asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
