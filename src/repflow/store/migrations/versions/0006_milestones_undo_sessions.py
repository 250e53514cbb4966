"""Deal stages after "new"; the undo of "not an offer"; server-side dashboard sessions.

``deals.milestones`` lists the stages a deal reached (contracted, delivered, paid), each with
its day and, for contracted and paid, an amount; ``leads.undo`` keeps what marking a lead "not
an offer" replaced. Rows written before this revision have no milestones (an empty list) and
nothing to undo (NULL). ``dashboard_sessions`` lists the signed-in sessions (by the SHA-256 of
their id), so that signing out ends a session on the server.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("deals", sa.Column("milestones", sa.JSON(), nullable=True))
    op.execute("UPDATE deals SET milestones = '[]'")
    op.add_column("leads", sa.Column("undo", sa.JSON(), nullable=True))
    # The account store creates the table itself on a database nobody migrated (like 0003).
    if sa.inspect(op.get_bind()).has_table("dashboard_sessions"):
        return
    op.create_table(
        "dashboard_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_sessions")),
    )
    op.create_index(op.f("ix_dashboard_sessions_email"), "dashboard_sessions", ["email"])


def downgrade() -> None:
    op.drop_index(op.f("ix_dashboard_sessions_email"), table_name="dashboard_sessions")
    op.drop_table("dashboard_sessions")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("undo")
    with op.batch_alter_table("deals") as batch:
        batch.drop_column("milestones")
