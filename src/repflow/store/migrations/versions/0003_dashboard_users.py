"""Dashboard accounts under Alembic: the ``dashboard_users`` table.

Databases that ran the dashboard before this revision already have the table (the account
store created it on first use, with the same columns); for them this revision changes nothing.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("dashboard_users"):
        return
    op.create_table(
        "dashboard_users",
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("creator_id", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("email", name=op.f("pk_dashboard_users")),
    )
    op.create_index(op.f("ix_dashboard_users_creator_id"), "dashboard_users", ["creator_id"])


def downgrade() -> None:
    op.drop_table("dashboard_users")
