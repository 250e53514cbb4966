"""The wire format of the backend API: pydantic request and response models.

It lives with the store because it is the HTTP store's protocol: the API (above) and the HTTP
store adapter (here) both speak it, and every import points down
(:mod:`repflow.api.schemas` re-exports it under its old name).

Both ends use these models: the FastAPI app (:mod:`repflow.api.app`) to validate requests and
describe them in OpenAPI, and the HTTP store adapter (:mod:`repflow.store.http`) to build
requests and read answers. This module depends on pydantic only (not on FastAPI), so the
Lambda can import the client without the server.

Entity models mirror the rows of :mod:`repflow.store.codec` field for field, and convert
through the codec functions, so an entity read over HTTP equals the one the SQL store returns:
timestamps are ISO 8601 in UTC, amounts decimal strings (never floats), enums their values.
Creator profiles travel as :class:`~repflow.domain.profile.CreatorProfile` itself.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from repflow.domain.models import (
    Conversation,
    Deal,
    DeliverableKind,
    Direction,
    Lead,
    PartnershipType,
    Platform,
)
from repflow.domain.profile import CreatorProfile
from repflow.mail.parse import PLAUSIBLE_YEARS, is_plausible_date
from repflow.mail.screen import Blocklist
from repflow.mail.thread import Participants
from repflow.store.codec import (
    conversation_from_row,
    conversation_to_row,
    deal_from_row,
    deal_to_row,
    lead_from_row,
    lead_to_row,
    message_from_row,
    message_to_row,
    outbox_from_row,
    outbox_to_row,
)
from repflow.store.port import (
    ClaimStatus,
    OpenedTurn,
    OutboxItem,
    OutboxStatus,
    StoredMessage,
    ThreadQuery,
    ThreadState,
    Turn,
    TurnReceipt,
    TurnRequest,
    TurnStatus,
)

__all__ = [
    "AbortTurnRequest",
    "BeginTurnRequest",
    "BlockRequest",
    "BlocklistModel",
    "ClaimRequest",
    "ClaimResponse",
    "ConversationModel",
    "CreatorLookup",
    "DealModel",
    "DealTermsModel",
    "DeliverableModel",
    "DraftUpdate",
    "ErrorBody",
    "ErrorResponse",
    "FindThreadRequest",
    "FindThreadResponse",
    "HealthResponse",
    "InboundLookup",
    "InboundResponse",
    "LeadModel",
    "MarkFailedRequest",
    "MarkSentRequest",
    "OpenedTurnModel",
    "OutboxItemModel",
    "RecentRepliesRequest",
    "ReleaseRequest",
    "StoredMessageModel",
    "ThreadStateModel",
    "TurnModel",
    "TurnReceiptModel",
]

#: Placeholder for the codec's ``created_at`` bookkeeping argument (not part of the wire).
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _plausible(value: datetime) -> datetime:
    """Reject date-times the store could not convert to UTC or shift by a lease or window."""
    if not is_plausible_date(value):
        first, last = PLAUSIBLE_YEARS[0], PLAUSIBLE_YEARS[-1]
        raise ValueError(f"date-time must fall within the years {first}-{last} (UTC)")
    return value


#: A date-time on the wire: any ISO 8601 form, naive taken as UTC, within plausible years.
WireDateTime = Annotated[datetime, AfterValidator(_plausible)]


def _pick(model: type[BaseModel], row: dict[str, Any]) -> dict[str, Any]:
    """The entries of a codec row that ``model`` declares."""
    return {name: value for name, value in row.items() if name in model.model_fields}


# --------------------------------------------------------------------------------------------
# errors and health
# --------------------------------------------------------------------------------------------


class ErrorBody(BaseModel):
    """What went wrong, in words a client can branch on (``code``) and show (``message``)."""

    code: str = Field(
        description=(
            "Stable, machine-readable reason: unauthorized, not_found, no_such_route, "
            "method_not_allowed, conflict, validation_error, invalid_request, "
            "creator_mismatch, id_mismatch, idempotency_key_reused, store_unavailable, "
            "internal_error."
        ),
        examples=["not_found"],
    )
    message: str = Field(description="Human-readable explanation.")
    details: list[dict[str, Any]] | None = Field(
        default=None, description="Per-field validation errors (validation_error only)."
    )


class ErrorResponse(BaseModel):
    """The body of every 4xx and 5xx answer."""

    error: ErrorBody


class HealthResponse(BaseModel):
    """The answer of ``GET /healthz``."""

    status: Literal["ok"] = "ok"


# --------------------------------------------------------------------------------------------
# entities
# --------------------------------------------------------------------------------------------


class DeliverableModel(BaseModel):
    """A unit of content and how many of it."""

    kind: DeliverableKind
    quantity: int = 1


class DealTermsModel(BaseModel):
    """Deal terms as :func:`repflow.store.codec.terms_to_json` writes them."""

    brand: str | None = None
    agency: str | None = None
    budget_min: str | None = Field(default=None, description="Decimal string.", examples=["2500"])
    budget_max: str | None = Field(default=None, description="Decimal string.")
    currency: str | None = Field(default=None, description="ISO 4217 code.", examples=["USD"])
    budget_per_unit: str | None = None
    partnership_type: PartnershipType | None = None
    deliverables: list[DeliverableModel] = Field(default_factory=list)
    platforms: list[Platform] = Field(default_factory=list)
    deadline: str | None = Field(default=None, description="ISO date when known.")
    usage_rights: str | None = None
    exclusivity: str | None = None
    product_category: str | None = None
    rush: bool = False
    rate_requested: bool = False


class StoredMessageModel(BaseModel):
    """A message of a thread (see :class:`repflow.store.port.StoredMessage`)."""

    id: str
    creator_id: str
    thread_id: str
    direction: Direction
    message_id: str | None
    sender: str
    recipients: list[str] = Field(default_factory=list)
    subject: str
    subject_key: str
    participant_key: str
    text: str
    sent_at: WireDateTime | None
    claim_key: str = ""
    screen_reason: str | None = None
    category: str | None = None
    flags: list[str] = Field(default_factory=list)
    defects: list[str] = Field(default_factory=list)
    source: str = ""
    sha256: str = ""
    details: dict[str, Any] = Field(default_factory=dict)
    llm_calls: int = 0
    tokens: int = 0

    @classmethod
    def from_domain(cls, message: StoredMessage) -> Self:
        """The wire form of a stored message (via the codec).

        Raises:
            TypeError: ``details`` holds a value JSON cannot represent.
        """
        return cls.model_validate(_pick(cls, message_to_row(message, created_at=_EPOCH)))

    def to_domain(self) -> StoredMessage:
        """The stored message this model describes."""
        return message_from_row(self.model_dump())


class LeadModel(BaseModel):
    """A lead (see :class:`repflow.domain.models.Lead`)."""

    id: str
    creator_id: str
    thread_id: str
    state: str
    terms: DealTermsModel = Field(default_factory=DealTermsModel)
    flags: list[str] = Field(default_factory=list)
    counterparty: str = ""
    created_at: WireDateTime | None = None
    updated_at: WireDateTime | None = None
    undo: dict[str, Any] | None = Field(
        default=None, description="What 'not an offer' replaced (the dashboard's undo)."
    )

    @classmethod
    def from_domain(cls, lead: Lead) -> Self:
        """The wire form of a lead."""
        return cls.model_validate(_pick(cls, lead_to_row(lead)))

    def to_domain(self) -> Lead:
        """The lead this model describes."""
        return lead_from_row(self.model_dump())


class ConversationModel(BaseModel):
    """A conversation (see :class:`repflow.domain.models.Conversation`)."""

    id: str
    creator_id: str
    thread_id: str
    state: str
    subject: str = ""
    asked_fields: list[str] = Field(default_factory=list)

    @classmethod
    def from_domain(cls, conversation: Conversation) -> Self:
        """The wire form of a conversation."""
        return cls.model_validate(_pick(cls, conversation_to_row(conversation)))

    def to_domain(self) -> Conversation:
        """The conversation this model describes."""
        return conversation_from_row(self.model_dump())


class DealModel(BaseModel):
    """A deal (see :class:`repflow.domain.models.Deal`)."""

    id: str
    creator_id: str
    lead_id: str
    thread_id: str
    stage: str
    terms: DealTermsModel = Field(default_factory=DealTermsModel)
    created_at: WireDateTime | None = None
    milestones: list[dict[str, Any]] = Field(
        default_factory=list, description="Stages reached after 'new': stage, on, amount."
    )

    @classmethod
    def from_domain(cls, deal: Deal) -> Self:
        """The wire form of a deal."""
        return cls.model_validate(_pick(cls, deal_to_row(deal)))

    def to_domain(self) -> Deal:
        """The deal this model describes."""
        return deal_from_row(self.model_dump())


class OutboxItemModel(BaseModel):
    """An outbox row (see :class:`repflow.store.port.OutboxItem`)."""

    id: str
    key: str
    creator_id: str
    thread_id: str
    lead_id: str | None
    status: OutboxStatus
    from_address: str
    to_address: str
    subject: str
    text: str
    message_id: str
    in_reply_to: str | None
    references: list[str] = Field(default_factory=list)
    created_at: WireDateTime
    attempts: int = 0
    sent_at: WireDateTime | None = None
    provider_id: str | None = None
    last_error: str | None = None
    turn_at: WireDateTime | None = Field(
        default=None, description="When the answered email reached us (rate-limit clock)."
    )

    @classmethod
    def from_domain(cls, item: OutboxItem) -> Self:
        """The wire form of an outbox row."""
        return cls.model_validate(_pick(cls, outbox_to_row(item)))

    def to_domain(self) -> OutboxItem:
        """The outbox row this model describes."""
        return outbox_from_row(self.model_dump())


class ThreadStateModel(BaseModel):
    """Everything stored about one thread of one creator."""

    thread_id: str
    lead: LeadModel | None = None
    conversation: ConversationModel | None = None
    deal: DealModel | None = None
    messages: list[StoredMessageModel] = Field(default_factory=list, description="Oldest first.")
    outbox: list[OutboxItemModel] = Field(default_factory=list, description="Oldest first.")

    @classmethod
    def from_domain(cls, state: ThreadState) -> Self:
        """The wire form of a thread."""
        return cls(
            thread_id=state.thread_id,
            lead=None if state.lead is None else LeadModel.from_domain(state.lead),
            conversation=(
                None
                if state.conversation is None
                else ConversationModel.from_domain(state.conversation)
            ),
            deal=None if state.deal is None else DealModel.from_domain(state.deal),
            messages=[StoredMessageModel.from_domain(m) for m in state.messages],
            outbox=[OutboxItemModel.from_domain(o) for o in state.outbox],
        )

    def to_domain(self) -> ThreadState:
        """The thread state this model describes."""
        return ThreadState(
            thread_id=self.thread_id,
            lead=None if self.lead is None else self.lead.to_domain(),
            conversation=None if self.conversation is None else self.conversation.to_domain(),
            deal=None if self.deal is None else self.deal.to_domain(),
            messages=tuple(m.to_domain() for m in self.messages),
            outbox=tuple(o.to_domain() for o in self.outbox),
        )


class TurnModel(BaseModel):
    """One processed inbound message's changes, committed atomically (see ``Turn``).

    Idempotent by ``claim_key``: once a turn of that key is committed, committing it (or any
    other turn of the key) again writes nothing.
    """

    claim_key: str
    creator_id: str
    thread_id: str
    inbound: StoredMessageModel
    lead: LeadModel | None = None
    conversation: ConversationModel | None = None
    deal: DealModel | None = None
    outbox: OutboxItemModel | None = None
    lock_key: str | None = Field(
        default=None, description="The thread lock from begin; released with the commit."
    )

    @classmethod
    def from_domain(cls, turn: Turn) -> Self:
        """The wire form of a turn.

        Raises:
            TypeError: the inbound message's ``details`` are not JSON-able.
        """
        return cls(
            claim_key=turn.claim_key,
            creator_id=turn.creator_id,
            thread_id=turn.thread_id,
            inbound=StoredMessageModel.from_domain(turn.inbound),
            lead=None if turn.lead is None else LeadModel.from_domain(turn.lead),
            conversation=(
                None
                if turn.conversation is None
                else ConversationModel.from_domain(turn.conversation)
            ),
            deal=None if turn.deal is None else DealModel.from_domain(turn.deal),
            outbox=None if turn.outbox is None else OutboxItemModel.from_domain(turn.outbox),
            lock_key=turn.lock_key,
        )

    def to_domain(self) -> Turn:
        """The turn this model describes."""
        return Turn(
            claim_key=self.claim_key,
            creator_id=self.creator_id,
            thread_id=self.thread_id,
            inbound=self.inbound.to_domain(),
            lead=None if self.lead is None else self.lead.to_domain(),
            conversation=None if self.conversation is None else self.conversation.to_domain(),
            deal=None if self.deal is None else self.deal.to_domain(),
            outbox=None if self.outbox is None else self.outbox.to_domain(),
            lock_key=self.lock_key,
        )


class BlocklistModel(BaseModel):
    """A creator's blocked addresses and domains (normalised, sorted)."""

    addresses: list[str] = Field(default_factory=list)
    domains: list[str] = Field(default_factory=list)

    @classmethod
    def from_domain(cls, blocklist: Blocklist) -> Self:
        """The wire form of a blocklist."""
        return cls(addresses=sorted(blocklist.addresses), domains=sorted(blocklist.domains))

    def to_domain(self) -> Blocklist:
        """The blocklist this model describes."""
        return Blocklist(addresses=frozenset(self.addresses), domains=frozenset(self.domains))


# --------------------------------------------------------------------------------------------
# requests and small answers
# --------------------------------------------------------------------------------------------


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClaimRequest(_Request):
    """Claim an inbound message key under a lease."""

    key: str = Field(description="SES messageId, Message-ID or a hash of the bytes.")
    now: WireDateTime = Field(description="The caller's clock (a naive value is taken as UTC).")
    lease: timedelta = Field(
        description="How long the claim holds (ISO 8601 duration or seconds).",
        gt=timedelta(0),
        le=timedelta(days=366),
    )


class ClaimResponse(BaseModel):
    """The outcome of a claim."""

    status: ClaimStatus


class ReleaseRequest(_Request):
    """Give a claim up."""

    key: str


class BlockRequest(_Request):
    """Block an address (contains ``@``) or a domain."""

    value: str = Field(examples=["spam@example.com", "example.com"])


class FindThreadRequest(_Request):
    """Look a thread up by message ids, then by subject and participants."""

    message_ids: list[str] = Field(default_factory=list)
    subject_key: str | None = None
    participant_key: str | None = None
    at: WireDateTime | None = None
    window: timedelta = Field(
        description="ISO 8601 duration or seconds.", ge=timedelta(0), le=timedelta(days=3660)
    )


class FindThreadResponse(BaseModel):
    """The thread found, if any."""

    thread_id: str | None


class InboundResponse(BaseModel):
    """The inbound message committed under a claim key, if any."""

    message: StoredMessageModel | None


class RecentRepliesResponse(BaseModel):
    """When a creator's replies to one address were made (the per-address rate limit)."""

    times: list[WireDateTime] = Field(
        description="Rate-limit times (``turn_at``, else ``created_at``) of the live outbox "
        "rows, oldest first."
    )


class MarkSentRequest(_Request):
    """The transport accepted an outbox row."""

    provider_id: str | None = None
    now: WireDateTime


class MarkFailedRequest(_Request):
    """A send attempt of an outbox row failed."""

    error: str
    give_up: bool = False


class DraftUpdate(_Request):
    """Approve (``pending``), edit (``draft``) or discard (``discarded``) a draft."""

    text: str | None = Field(default=None, description="New reply text; null keeps it.")
    status: OutboxStatus


class CreatorLookup(_Request):
    """Find the creator an inbound address belongs to (in the body: never in a URL)."""

    address: str


class InboundLookup(_Request):
    """Find the inbound message committed under a claim key (in the body: never in a URL)."""

    claim_key: str


class RecentRepliesRequest(_Request):
    """When a creator's replies to one address were made (in the body: never in a URL)."""

    to: str = Field(description="The recipient address (any case).")
    since: WireDateTime


# --------------------------------------------------------------------------------------------
# turns: the coarse port (one request to open a turn, one to commit it)
# --------------------------------------------------------------------------------------------


class ParticipantsModel(BaseModel):
    """The addresses an email's participant key is computed from."""

    model_config = ConfigDict(extra="forbid")

    sender: str = ""
    reply_to: list[str] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list, description="To, then Cc.")


class ThreadQueryModel(BaseModel):
    """How to find an email's thread once its creator is known (see ``ThreadQuery``)."""

    model_config = ConfigDict(extra="forbid")

    message_ids: list[str] = Field(default_factory=list)
    subject_key: str = ""
    subject_fallback: bool = False
    new_thread_id: str
    participants: ParticipantsModel = Field(default_factory=ParticipantsModel)
    own_addresses: list[str] = Field(default_factory=list)
    at: WireDateTime | None = None
    window: timedelta = Field(
        default=timedelta(days=30),
        description="ISO 8601 duration or seconds.",
        ge=timedelta(0),
        le=timedelta(days=3660),
    )


class BeginTurnRequest(_Request):
    """Open one inbound message's turn: creator, claim, thread, lock and context at once."""

    claim_key: str
    now: WireDateTime
    lease: timedelta = Field(gt=timedelta(0), le=timedelta(days=366))
    creator_addresses: list[str] = Field(default_factory=list, max_length=200)
    default_creator: CreatorProfile
    thread: ThreadQueryModel | None = None
    legacy_key: str | None = None
    reply_candidates: list[str] = Field(default_factory=list, max_length=10)
    replies_since: WireDateTime | None = None

    @classmethod
    def from_domain(cls, request: TurnRequest) -> Self:
        """The wire form of a turn request."""
        query = request.thread
        return cls(
            claim_key=request.claim_key,
            now=request.now,
            lease=request.lease,
            creator_addresses=list(request.creator_addresses),
            default_creator=request.default_creator,
            thread=None
            if query is None
            else ThreadQueryModel(
                message_ids=list(query.message_ids),
                subject_key=query.subject_key,
                subject_fallback=query.subject_fallback,
                new_thread_id=query.new_thread_id,
                participants=ParticipantsModel(
                    sender=query.participants.sender,
                    reply_to=list(query.participants.reply_to),
                    recipients=list(query.participants.recipients),
                ),
                own_addresses=list(query.own_addresses),
                at=query.at,
                window=query.window,
            ),
            legacy_key=request.legacy_key,
            reply_candidates=list(request.reply_candidates),
            replies_since=request.replies_since,
        )

    def to_domain(self) -> TurnRequest:
        """The turn request this model describes."""
        query = self.thread
        return TurnRequest(
            claim_key=self.claim_key,
            now=self.now,
            lease=self.lease,
            creator_addresses=tuple(self.creator_addresses),
            default_creator=self.default_creator,
            thread=None
            if query is None
            else ThreadQuery(
                message_ids=tuple(query.message_ids),
                subject_key=query.subject_key,
                subject_fallback=query.subject_fallback,
                new_thread_id=query.new_thread_id,
                participants=Participants(
                    sender=query.participants.sender,
                    reply_to=tuple(query.participants.reply_to),
                    recipients=tuple(query.participants.recipients),
                ),
                own_addresses=tuple(query.own_addresses),
                at=query.at,
                window=query.window,
            ),
            legacy_key=self.legacy_key,
            reply_candidates=tuple(self.reply_candidates),
            replies_since=self.replies_since,
        )


class OpenedTurnModel(BaseModel):
    """An opened turn: the creator, the thread and its context (see ``OpenedTurn``)."""

    status: TurnStatus
    creator: CreatorProfile
    thread_id: str = ""
    subject_key: str = ""
    participant_key: str = ""
    lock_key: str | None = None
    state: ThreadStateModel
    blocklist: BlocklistModel = Field(default_factory=BlocklistModel)
    recent_replies: dict[str, list[WireDateTime]] = Field(default_factory=dict)
    earlier: StoredMessageModel | None = None

    @classmethod
    def from_domain(cls, opened: OpenedTurn) -> Self:
        """The wire form of an opened turn."""
        return cls(
            status=opened.status,
            creator=opened.creator,
            thread_id=opened.thread_id,
            subject_key=opened.subject_key,
            participant_key=opened.participant_key,
            lock_key=opened.lock_key,
            state=ThreadStateModel.from_domain(opened.state),
            blocklist=BlocklistModel.from_domain(opened.blocklist),
            recent_replies={k: list(v) for k, v in opened.recent_replies.items()},
            earlier=None
            if opened.earlier is None
            else StoredMessageModel.from_domain(opened.earlier),
        )

    def to_domain(self) -> OpenedTurn:
        """The opened turn this model describes."""
        return OpenedTurn(
            status=self.status,
            creator=self.creator,
            thread_id=self.thread_id,
            subject_key=self.subject_key,
            participant_key=self.participant_key,
            lock_key=self.lock_key,
            state=self.state.to_domain(),
            blocklist=self.blocklist.to_domain(),
            recent_replies={k: tuple(v) for k, v in self.recent_replies.items()},
            earlier=None if self.earlier is None else self.earlier.to_domain(),
        )


class AbortTurnRequest(_Request):
    """Give up an open turn's claims."""

    claim_key: str
    lock_key: str | None = None


class TurnReceiptModel(BaseModel):
    """What a commit wrote."""

    written: bool
    outbox_written: bool = False

    @classmethod
    def from_domain(cls, receipt: TurnReceipt) -> Self:
        """The wire form of a receipt."""
        return cls(written=receipt.written, outbox_written=receipt.outbox_written)

    def to_domain(self) -> TurnReceipt:
        """The receipt this model describes."""
        return TurnReceipt(written=self.written, outbox_written=self.outbox_written)
