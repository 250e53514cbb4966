"""Bounded index keys, and one message row per claim instead of one per Message-ID.

* Every indexed text column (claim keys, Message-IDs, thread ids, subject and participant
  keys, outbox keys, creator addresses, blocklist entries) now holds at most 255 UTF-8 bytes:
  a longer value is stored as ``sha256:`` + the hex SHA-256 of its UTF-8 bytes
  (:func:`repflow.store.codec.bounded_key`; the store applies the same function to the values
  it looks rows up by). PostgreSQL refuses btree index rows over about 2,700 bytes, so one
  email with a 3,000-character Subject used to fail every run of its batch. Rows written before
  this revision with longer values (SQLite never refused them; PostgreSQL took them up to the
  index limit) are rewritten here the same way.
* ``messages``: the unique constraint moves from (creator, Message-ID) to (creator, claim key);
  (creator, Message-ID) keeps a plain index for threading. A different email reusing a
  Message-ID (claimed under its own key since this release) is stored instead of being
  dropped. Should two rows of one creator share a claim key already (no release wrote that),
  the later ones get ``#<row id>`` appended to theirs, so the constraint can be created.

Downgrading restores the old constraint, which fails when a creator has two messages with one
Message-ID; digests are not turned back into the values they replaced.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 00:00:00
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: A frozen copy of repflow.store.codec.MAX_KEY_BYTES / bounded_key (migrations do not change
#: when the code does).
_MAX_KEY_BYTES = 255

#: (table, primary key columns, key columns) whose values this revision bounds.
_KEY_COLUMNS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("processed_emails", ("key",), ("key",)),
    ("creator_addresses", ("address",), ("address",)),
    ("blocklist", ("creator_id", "value"), ("value",)),
    (
        "messages",
        ("id",),
        ("thread_id", "message_id", "subject_key", "participant_key", "claim_key"),
    ),
    ("leads", ("id",), ("thread_id",)),
    ("conversations", ("id",), ("thread_id",)),
    ("deals", ("id",), ("thread_id",)),
    ("outbox", ("id",), ("key", "thread_id")),
)


def _bounded(value: str) -> str:
    data = value.encode("utf-8")
    if len(data) <= _MAX_KEY_BYTES:
        return value
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _bound_column(
    connection: sa.Connection, table: str, primary_key: tuple[str, ...], column: str
) -> None:
    """Rewrite the values of ``table.column`` longer than the bound (in place)."""
    names = (*primary_key, column)
    rows = sa.table(table, *(sa.column(name, sa.String()) for name in names))
    # A value over 255 bytes has over 63 characters (at most 4 bytes each).
    found = connection.execute(
        sa.select(*(rows.c[name] for name in names)).where(sa.func.length(rows.c[column]) > 63)
    ).all()
    for *key, value in found:
        bounded = _bounded(value)
        if bounded != value:
            condition = sa.and_(
                *(rows.c[name] == part for name, part in zip(primary_key, key, strict=True))
            )
            connection.execute(sa.update(rows).where(condition).values({column: bounded}))


def _separate_shared_claim_keys(connection: sa.Connection) -> None:
    """Give the later of two rows of one creator sharing a claim key a key of their own."""
    rows = sa.table(
        "messages",
        sa.column("id", sa.String()),
        sa.column("creator_id", sa.String()),
        sa.column("claim_key", sa.String()),
        sa.column("created_at", sa.DateTime()),
    )
    shared = (
        sa.select(rows.c.creator_id, rows.c.claim_key)
        .group_by(rows.c.creator_id, rows.c.claim_key)
        .having(sa.func.count() > 1)
    )
    for creator_id, claim_key in connection.execute(shared).all():
        ids = connection.execute(
            sa.select(rows.c.id)
            .where(rows.c.creator_id == creator_id, rows.c.claim_key == claim_key)
            .order_by(rows.c.created_at, rows.c.id)
        ).scalars()
        for row_id in list(ids)[1:]:
            connection.execute(
                sa.update(rows)
                .where(rows.c.id == row_id)
                .values(claim_key=_bounded(f"{claim_key}#{row_id}"))
            )


def upgrade() -> None:
    connection = op.get_bind()
    for table, primary_key, columns in _KEY_COLUMNS:
        for column in columns:
            _bound_column(connection, table, primary_key, column)
    _separate_shared_claim_keys(connection)
    op.drop_index(op.f("ix_messages_creator_id_claim_key"), table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint(op.f("uq_messages_creator_id_message_id"), type_="unique")
        batch.create_unique_constraint(
            op.f("uq_messages_creator_id_claim_key"), ["creator_id", "claim_key"]
        )
    op.create_index(
        op.f("ix_messages_creator_id_message_id"), "messages", ["creator_id", "message_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_messages_creator_id_message_id"), table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint(op.f("uq_messages_creator_id_claim_key"), type_="unique")
        batch.create_unique_constraint(
            op.f("uq_messages_creator_id_message_id"), ["creator_id", "message_id"]
        )
    op.create_index(
        op.f("ix_messages_creator_id_claim_key"), "messages", ["creator_id", "claim_key"]
    )
