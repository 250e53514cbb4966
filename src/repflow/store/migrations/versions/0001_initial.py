"""The initial schema: creators, blocklist, claims, messages, leads, conversations, deals, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-16 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(64), nullable=False)


def _creator_id() -> sa.Column[str]:
    return sa.Column("creator_id", sa.String(64), nullable=False)


def _creator_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["creator_id"],
        ["creators.id"],
        name=op.f(f"fk_{table}_creator_id_creators"),
        ondelete="CASCADE",
    )


def _timestamp(name: str, *, nullable: bool) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "creators",
        _id(),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("addresses", sa.JSON(), nullable=False),
        sa.Column("reply_from", sa.String(), nullable=True),
        sa.Column("preferences", sa.JSON(), nullable=False),
        _timestamp("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creators")),
    )
    op.create_table(
        "creator_addresses",
        sa.Column("address", sa.String(), nullable=False),
        _creator_id(),
        _creator_fk("creator_addresses"),
        sa.PrimaryKeyConstraint("address", name=op.f("pk_creator_addresses")),
    )
    op.create_index(op.f("ix_creator_addresses_creator_id"), "creator_addresses", ["creator_id"])
    op.create_table(
        "blocklist",
        _creator_id(),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.CheckConstraint("kind IN ('address', 'domain')", name=op.f("ck_blocklist_kind")),
        _creator_fk("blocklist"),
        sa.PrimaryKeyConstraint("creator_id", "value", name=op.f("pk_blocklist")),
    )
    op.create_table(
        "processed_emails",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _timestamp("claimed_until", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _timestamp("updated_at", nullable=False),
        sa.CheckConstraint(
            "status IN ('claimed', 'done')", name=op.f("ck_processed_emails_status")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_processed_emails")),
    )
    op.create_table(
        "messages",
        _id(),
        _creator_id(),
        sa.Column("thread_id", sa.String(), nullable=False),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("message_id", sa.String(), nullable=True),
        sa.Column("sender", sa.String(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("subject_key", sa.String(), nullable=False),
        sa.Column("participant_key", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _timestamp("sent_at", nullable=True),
        sa.Column("claim_key", sa.String(), nullable=False),
        sa.Column("screen_reason", sa.String(), nullable=True),
        sa.Column("category", sa.String(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("defects", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("llm_calls", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=False),
        _timestamp("created_at", nullable=False),
        sa.CheckConstraint(
            "direction IN ('inbound', 'outbound')", name=op.f("ck_messages_direction")
        ),
        _creator_fk("messages"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint(
            "creator_id", "message_id", name=op.f("uq_messages_creator_id_message_id")
        ),
    )
    op.create_index(
        op.f("ix_messages_creator_id_subject_key_participant_key_sent_at"),
        "messages",
        ["creator_id", "subject_key", "participant_key", "sent_at"],
    )
    op.create_index(
        op.f("ix_messages_creator_id_thread_id_sent_at"),
        "messages",
        ["creator_id", "thread_id", "sent_at"],
    )
    op.create_index(
        op.f("ix_messages_creator_id_claim_key"), "messages", ["creator_id", "claim_key"]
    )
    op.create_table(
        "leads",
        _id(),
        _creator_id(),
        sa.Column("thread_id", sa.String(), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("counterparty", sa.String(), nullable=False),
        _timestamp("created_at", nullable=True),
        _timestamp("updated_at", nullable=True),
        _creator_fk("leads"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
        sa.UniqueConstraint("creator_id", "thread_id", name=op.f("uq_leads_creator_id_thread_id")),
    )
    op.create_index(op.f("ix_leads_creator_id_updated_at"), "leads", ["creator_id", "updated_at"])
    op.create_index(op.f("ix_leads_updated_at"), "leads", ["updated_at"])
    op.create_table(
        "conversations",
        _id(),
        _creator_id(),
        sa.Column("thread_id", sa.String(), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("asked_fields", sa.JSON(), nullable=False),
        _creator_fk("conversations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint(
            "creator_id", "thread_id", name=op.f("uq_conversations_creator_id_thread_id")
        ),
    )
    op.create_table(
        "deals",
        _id(),
        _creator_id(),
        sa.Column("lead_id", sa.String(64), nullable=False),
        sa.Column("thread_id", sa.String(), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        _timestamp("created_at", nullable=True),
        _creator_fk("deals"),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_deals_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deals")),
        sa.UniqueConstraint("lead_id", name=op.f("uq_deals_lead_id")),
    )
    op.create_index(op.f("ix_deals_creator_id_created_at"), "deals", ["creator_id", "created_at"])
    op.create_table(
        "outbox",
        _id(),
        sa.Column("key", sa.String(), nullable=False),
        _creator_id(),
        sa.Column("thread_id", sa.String(), nullable=False),
        sa.Column("lead_id", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("from_address", sa.String(), nullable=False),
        sa.Column("to_address", sa.String(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("in_reply_to", sa.String(), nullable=True),
        sa.Column("references", sa.JSON(), nullable=False),
        _timestamp("created_at", nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _timestamp("sent_at", nullable=True),
        sa.Column("provider_id", sa.String(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'draft', 'sent', 'discarded', 'failed')",
            name=op.f("ck_outbox_status"),
        ),
        _creator_fk("outbox"),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_outbox_lead_id_leads"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    op.create_index(op.f("ix_outbox_creator_id_thread_id"), "outbox", ["creator_id", "thread_id"])
    op.create_index(op.f("ix_outbox_status_created_at"), "outbox", ["status", "created_at"])


def downgrade() -> None:
    for table in (
        "outbox",
        "deals",
        "conversations",
        "leads",
        "messages",
        "processed_emails",
        "blocklist",
        "creator_addresses",
        "creators",
    ):
        op.drop_table(table)
