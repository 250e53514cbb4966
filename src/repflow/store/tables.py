"""The SQL schema: typed declarative models of every table the SQL store writes.

The Alembic migrations in :mod:`repflow.store.migrations` create exactly this schema (a test
compares a migrated database with :data:`Base.metadata`); change both together.

Conventions: ids are strings (UUID4 hex, or the mail layer's thread ids); timestamps are
:class:`UtcDateTime` (timezone-aware UTC on every backend); structured values are JSON columns;
enum-like values are plain strings guarded by CHECK constraints where the set is closed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from repflow.store.codec import as_utc, bounded_key, without_nul

__all__ = [
    "Base",
    "BlocklistRow",
    "ConversationRow",
    "CreatorAddressRow",
    "CreatorRow",
    "DealRow",
    "KeyString",
    "LeadRow",
    "MessageRow",
    "OutboxRow",
    "ProcessedEmailRow",
    "SafeString",
    "SafeText",
    "UtcDateTime",
]

#: Constraint names are derived, so migrations (and SQLite batch operations) can name them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that always binds and returns timezone-aware UTC.

    SQLite keeps no offset (SQLAlchemy would silently drop it), so values are converted to UTC
    before they are written and UTC is re-attached when they are read. Naive values are taken
    to be UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC (and, on SQLite, drop the now redundant offset)."""
        value = as_utc(value)
        if value is not None and dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Re-attach UTC."""
        return as_utc(value)


class SafeString(TypeDecorator[str]):
    """``VARCHAR`` that never sends a NUL character or a lone surrogate.

    PostgreSQL text cannot hold NUL and no driver encodes a lone surrogate; both become
    U+FFFD, in written values and in compared parameters alike, so a message whose bytes
    carried one is stored (and found) instead of failing the whole turn.
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        """Replace NUL characters and lone surrogates."""
        return without_nul(value)


class SafeText(SafeString):
    """``TEXT`` without NUL characters (see :class:`SafeString`)."""

    impl = Text
    cache_ok = True


class KeyString(SafeString):
    """``VARCHAR`` of an indexed column: values over 255 UTF-8 bytes are stored as a digest.

    Bound values, written or compared, go through :func:`~repflow.store.codec.bounded_key`, so
    no hostile header can make an index row too large (PostgreSQL refuses btree rows over about
    2,700 bytes) and an equality lookup by the long value still finds its row. The full value,
    where it is worth showing, lives in a non-indexed column (``subject``, ``sender``,
    ``details``).
    """

    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        """Replace NUL characters and lone surrogates; digest values that are too long."""
        return bounded_key(value)


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CreatorRow(Base):
    """A creator profile; ``preferences`` is :class:`~repflow.domain.profile.Preferences`."""

    __tablename__ = "creators"

    id: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    name: Mapped[str] = mapped_column(SafeString, default="")
    addresses: Mapped[list[str]] = mapped_column(JSON)
    reply_from: Mapped[str | None] = mapped_column(SafeString)
    #: Addresses and ``@domain`` entries of the creator's own people (never auto-answered).
    contacts: Mapped[list[str] | None] = mapped_column(JSON)
    preferences: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CreatorAddressRow(Base):
    """Which creator an inbound address belongs to (lower-case)."""

    __tablename__ = "creator_addresses"

    address: Mapped[str] = mapped_column(KeyString, primary_key=True)
    creator_id: Mapped[str] = mapped_column(
        SafeString(64), ForeignKey("creators.id", ondelete="CASCADE"), index=True
    )


class BlocklistRow(Base):
    """A blocked address or domain of one creator."""

    __tablename__ = "blocklist"
    __table_args__ = (CheckConstraint("kind IN ('address', 'domain')", name="kind"),)

    creator_id: Mapped[str] = mapped_column(
        SafeString(64), ForeignKey("creators.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[str] = mapped_column(KeyString, primary_key=True)
    kind: Mapped[str] = mapped_column(SafeString(16))


class ProcessedEmailRow(Base):
    """The idempotency claim of one inbound message key (DESIGN.md §5)."""

    __tablename__ = "processed_emails"
    __table_args__ = (CheckConstraint("status IN ('claimed', 'done')", name="status"),)

    key: Mapped[str] = mapped_column(KeyString, primary_key=True)
    status: Mapped[str] = mapped_column(SafeString(16))
    #: End of the live lease; NULL once released (or done).
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MessageRow(Base):
    """A stored inbound or outbound message of a thread."""

    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint("direction IN ('inbound', 'outbound')", name="direction"),
        # One row per claim (0004): a different email reusing a Message-ID is kept too.
        UniqueConstraint("creator_id", "claim_key"),
        Index(None, "creator_id", "message_id"),
        Index(None, "creator_id", "subject_key", "participant_key", "sent_at"),
        Index(None, "creator_id", "thread_id", "sent_at"),
    )

    id: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    creator_id: Mapped[str] = mapped_column(
        SafeString(64), ForeignKey("creators.id", ondelete="CASCADE")
    )
    thread_id: Mapped[str] = mapped_column(KeyString)
    direction: Mapped[str] = mapped_column(SafeString(16))
    message_id: Mapped[str | None] = mapped_column(KeyString)
    sender: Mapped[str] = mapped_column(SafeString)
    recipients: Mapped[list[str]] = mapped_column(JSON)
    subject: Mapped[str] = mapped_column(SafeText)
    subject_key: Mapped[str] = mapped_column(KeyString)
    participant_key: Mapped[str] = mapped_column(KeyString)
    text: Mapped[str] = mapped_column(SafeText)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claim_key: Mapped[str] = mapped_column(KeyString)
    screen_reason: Mapped[str | None] = mapped_column(SafeString)
    category: Mapped[str | None] = mapped_column(SafeString)
    flags: Mapped[list[str]] = mapped_column(JSON)
    defects: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(SafeText)
    sha256: Mapped[str] = mapped_column(SafeString)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    llm_calls: Mapped[int] = mapped_column(Integer, default=0)
    tokens: Mapped[int] = mapped_column(Integer, default=0)
    #: When the row was written: orders messages with equal ``sent_at``.
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LeadRow(Base):
    """One brand opportunity per thread."""

    __tablename__ = "leads"
    __table_args__ = (
        UniqueConstraint("creator_id", "thread_id"),
        Index(None, "creator_id", "updated_at"),
        Index(None, "updated_at"),
    )

    id: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    creator_id: Mapped[str] = mapped_column(
        SafeString(64), ForeignKey("creators.id", ondelete="CASCADE")
    )
    thread_id: Mapped[str] = mapped_column(KeyString)
    state: Mapped[str] = mapped_column(SafeString(32))
    terms: Mapped[dict[str, Any]] = mapped_column(JSON)
    flags: Mapped[list[str]] = mapped_column(JSON)
    counterparty: Mapped[str] = mapped_column(SafeString)
    created_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: What "not an offer" replaced, for the dashboard's undo (0006).
    undo: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ConversationRow(Base):
    """Whose turn it is in one thread."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("creator_id", "thread_id"),)

    id: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    creator_id: Mapped[str] = mapped_column(
        SafeString(64), ForeignKey("creators.id", ondelete="CASCADE")
    )
    thread_id: Mapped[str] = mapped_column(KeyString)
    state: Mapped[str] = mapped_column(SafeString(32))
    subject: Mapped[str] = mapped_column(SafeText)
    asked_fields: Mapped[list[str]] = mapped_column(JSON)


class DealRow(Base):
    """A deal: at most one per lead."""

    __tablename__ = "deals"
    __table_args__ = (Index(None, "creator_id", "created_at"),)

    id: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    creator_id: Mapped[str] = mapped_column(
        SafeString(64), ForeignKey("creators.id", ondelete="CASCADE")
    )
    lead_id: Mapped[str] = mapped_column(
        SafeString(64), ForeignKey("leads.id", ondelete="CASCADE"), unique=True
    )
    thread_id: Mapped[str] = mapped_column(KeyString)
    stage: Mapped[str] = mapped_column(SafeString(32))
    terms: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: The stages reached after ``new`` with their dates and amounts (0006).
    milestones: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)


class OutboxRow(Base):
    """A reply waiting to go out, keyed uniquely by the turn that wrote it."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'draft', 'sent', 'discarded', 'failed')", name="status"
        ),
        Index(None, "status", "created_at"),
        Index(None, "creator_id", "thread_id"),
        # The per-address rate limit reads a creator's replies of the last day (0002).
        Index(None, "creator_id", "turn_at"),
    )

    id: Mapped[str] = mapped_column(SafeString(64), primary_key=True)
    key: Mapped[str] = mapped_column(KeyString, unique=True)
    creator_id: Mapped[str] = mapped_column(
        SafeString(64), ForeignKey("creators.id", ondelete="CASCADE")
    )
    thread_id: Mapped[str] = mapped_column(KeyString)
    lead_id: Mapped[str | None] = mapped_column(
        SafeString(64), ForeignKey("leads.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(SafeString(16))
    from_address: Mapped[str] = mapped_column(SafeString)
    to_address: Mapped[str] = mapped_column(SafeString)
    subject: Mapped[str] = mapped_column(SafeText)
    text: Mapped[str] = mapped_column(SafeText)
    message_id: Mapped[str] = mapped_column(SafeString)
    in_reply_to: Mapped[str | None] = mapped_column(SafeString)
    references: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    provider_id: Mapped[str | None] = mapped_column(SafeString)
    last_error: Mapped[str | None] = mapped_column(SafeText)
    # When the answered email reached us: the reply rate limits' clock (0002).
    turn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DashboardUserRow(Base):
    """A dashboard account (read and written by :mod:`repflow.api.dashboard.users` only).

    The store port has no users; the table lives here so that Alembic owns every table of the
    database (0003). Plain ``DateTime`` columns: the account store converts them itself.
    """

    __tablename__ = "dashboard_users"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    creator_id: Mapped[str] = mapped_column(String(64), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DashboardSessionRow(Base):
    """A signed-in dashboard session (read and written by the account store only, 0006).

    The cookie carries a random session id; the table keeps its SHA-256, so signing out (or
    signing out everywhere) ends the session on the server and an old cookie stops working.
    """

    __tablename__ = "dashboard_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
