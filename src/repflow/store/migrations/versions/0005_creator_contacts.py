"""A creator's contacts: their own people, whose mail is never answered on its own.

Rows written before this revision have no contacts (an empty list).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("creators", sa.Column("contacts", sa.JSON(), nullable=True))
    op.execute("UPDATE creators SET contacts = '[]'")


def downgrade() -> None:
    with op.batch_alter_table("creators") as batch:
        batch.drop_column("contacts")
