"""The outbox row's turn time: when the email it answers reached us (the reply rate limits).

Indexed with the creator: the per-address limit reads a creator's replies of the last day.

Rows written before this revision take their ``created_at``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("turn_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE outbox SET turn_at = created_at")
    op.create_index(op.f("ix_outbox_creator_id_turn_at"), "outbox", ["creator_id", "turn_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_creator_id_turn_at"), table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("turn_at")
