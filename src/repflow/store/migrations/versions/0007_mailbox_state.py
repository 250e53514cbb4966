"""Mailbox state of ``repflow watch``: the ``mailbox_cursors`` and ``mailbox_drafts`` tables.

A cursor holds, per IMAP folder, the UIDVALIDITY and the last UID processed; a draft row
remembers which waiting reply was APPENDed to the creator's Drafts folder and what became of it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mailbox_cursors",
        sa.Column("mailbox", sa.String(), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("mailbox", name=op.f("pk_mailbox_cursors")),
    )
    op.create_table(
        "mailbox_drafts",
        sa.Column("mailbox", sa.String(), nullable=False),
        sa.Column("outbox_id", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("appended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('open', 'sent', 'deleted', 'superseded')",
            name=op.f("ck_mailbox_drafts_state"),
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["outbox.id"],
            name=op.f("fk_mailbox_drafts_outbox_id_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mailbox", "outbox_id", name=op.f("pk_mailbox_drafts")),
    )
    op.create_index(op.f("ix_mailbox_drafts_mailbox_state"), "mailbox_drafts", ["mailbox", "state"])


def downgrade() -> None:
    op.drop_table("mailbox_drafts")
    op.drop_table("mailbox_cursors")
