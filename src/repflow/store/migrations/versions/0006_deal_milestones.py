"""Deal stages after "new" with their dates and amounts; the undo of "not an offer".

``deals.milestones`` lists the stages a deal reached (contracted, delivered, paid), each with
its day and, for contracted and paid, an amount; ``leads.undo`` keeps what marking a lead "not
an offer" replaced. Rows written before this revision have no milestones (an empty list) and
nothing to undo (NULL).

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


def downgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("undo")
    with op.batch_alter_table("deals") as batch:
        batch.drop_column("milestones")
