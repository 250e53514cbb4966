"""The wire format of the backend API: re-exported from :mod:`repflow.store.wire`.

The models live with the store, whose HTTP adapter speaks them, so that no import points up;
this module keeps the name the API and its clients have always imported.
"""

from __future__ import annotations

from repflow.store.wire import (
    BlocklistModel,
    BlockRequest,
    ClaimRequest,
    ClaimResponse,
    ConversationModel,
    DealModel,
    DealTermsModel,
    DeliverableModel,
    DraftUpdate,
    ErrorBody,
    ErrorResponse,
    FindThreadRequest,
    FindThreadResponse,
    HealthResponse,
    InboundResponse,
    LeadModel,
    MarkFailedRequest,
    MarkSentRequest,
    OutboxItemModel,
    ReleaseRequest,
    StoredMessageModel,
    ThreadStateModel,
    TurnModel,
)

__all__ = [
    "BlockRequest",
    "BlocklistModel",
    "ClaimRequest",
    "ClaimResponse",
    "ConversationModel",
    "DealModel",
    "DealTermsModel",
    "DeliverableModel",
    "DraftUpdate",
    "ErrorBody",
    "ErrorResponse",
    "FindThreadRequest",
    "FindThreadResponse",
    "HealthResponse",
    "InboundResponse",
    "LeadModel",
    "MarkFailedRequest",
    "MarkSentRequest",
    "OutboxItemModel",
    "ReleaseRequest",
    "StoredMessageModel",
    "ThreadStateModel",
    "TurnModel",
]
