"""The backend API: the store port over HTTP, as JSON under ``/api/v1/`` (FastAPI).

:func:`create_app` is the composition point: it takes any :class:`~repflow.store.port.Store`
(``repflow serve`` passes a :class:`~repflow.store.sql.SqlStore`) and answers one route per
store operation. :class:`repflow.store.http.HttpStore` is the matching client, so the Lambda
pipeline runs against the API exactly as it runs against the database.

Rules every route follows:

* **Auth.** Every path under ``/api/`` (unknown ones included) needs
  ``Authorization: Bearer <API_AUTH_TOKEN>``, compared in constant time; otherwise 401 with
  ``WWW-Authenticate: Bearer``. ``GET /healthz`` and the OpenAPI document are open.
* **Scoping.** Creator-scoped routes take the creator id in the path
  (``/api/v1/creators/{creator_id}/...``) and pass it to the store, which filters every read
  and write by it; a body naming another creator is rejected (422), a row of another creator is
  not found (404). Routes without a creator (claims, the dispatcher's outbox, cross-creator
  lead and deal lists) are for the trusted pipeline and the admin token.
* **Errors.** ``{"error": {"code", "message"}}``: 401 ``unauthorized``, 404 ``not_found``
  (the store's NotFound) or ``no_such_route``, 405 ``method_not_allowed``, 409 ``conflict``,
  422 ``validation_error`` (the request does not parse; ``details`` lists the fields),
  ``invalid_request`` (the store rejected a value), ``creator_mismatch`` / ``id_mismatch``
  (the body names another creator or row than the path) or ``idempotency_key_reused``,
  503 ``store_unavailable`` (with ``Retry-After``), 500 ``internal_error``. A body over
  ``max_body_size`` gets FastAPI's own 413 (checked before anything else, auth included).
* **Idempotency.** Retrying any write is safe. Upserts, ``block``, ``release``, ``mark-sent``
  (only a pending row becomes sent), draft updates (a repeat that already took effect answers
  the row) and ``commit-turn`` (keyed by its claim key: once committed, a replay writes
  nothing) are idempotent by nature. The two writes that are not, ``claim`` (a repeat would
  find its own lease and answer ``in_progress``) and ``mark-failed`` (a repeat would count the
  attempt twice), honour an optional ``Idempotency-Key`` header: a repeat with the same key
  within :data:`IDEMPOTENCY_TTL_S` gets the first answer without running again. Other writes
  accept the header and need nothing from it. The replay memory is per process: behind a load
  balancer, route retries to the same instance or accept the (bounded) cases above.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Annotated, Any, TypeVar, cast

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from repflow.domain.profile import CreatorProfile, Preferences
from repflow.exceptions import ConfigError
from repflow.store.exceptions import (
    Conflict,
    InvalidData,
    NotFound,
    StoreError,
    StoreUnavailable,
)
from repflow.store.port import Store
from repflow.store.wire import (
    AbortTurnRequest,
    BeginTurnRequest,
    BlocklistModel,
    BlockRequest,
    ClaimRequest,
    ClaimResponse,
    CreatorLookup,
    DealModel,
    DraftUpdate,
    ErrorResponse,
    FindThreadRequest,
    FindThreadResponse,
    HealthResponse,
    InboundLookup,
    InboundResponse,
    LeadModel,
    MarkFailedRequest,
    MarkSentRequest,
    OpenedTurnModel,
    OutboxItemModel,
    RecentRepliesRequest,
    RecentRepliesResponse,
    ReleaseRequest,
    StoredMessageModel,
    ThreadStateModel,
    TurnModel,
    TurnReceiptModel,
)

__all__ = [
    "API_PREFIX",
    "IDEMPOTENCY_TTL_S",
    "IdempotencyCache",
    "IdempotencyKeyReused",
    "create_app",
]

log = logging.getLogger(__name__)

#: Where the versioned API lives.
API_PREFIX = "/api/v1"
#: The API documentation (only with ``create_app(docs=True)``, behind the bearer token).
OPENAPI_URL = "/openapi.json"
DOCS_URL = "/docs"
REDOC_URL = "/redoc"
#: How long an ``Idempotency-Key`` answer is replayed.
IDEMPOTENCY_TTL_S = 600.0
#: Seconds a client should wait after a 503.
RETRY_AFTER_S = 1

_CREATOR_ID_PATTERN = r"^[A-Za-z0-9_.-]+$"
_MAX_LIMIT = 10_000

T = TypeVar("T")

CreatorId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        pattern=_CREATOR_ID_PATTERN,
        description="The creator every read and write of the route is scoped to.",
    ),
]
#: The security scheme OpenAPI shows (the check itself is ours: 401, constant time).
_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="The API_AUTH_TOKEN the server was started with.",
)
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description=(
            "Optional. A repeat of a claim or mark-failed with the same key within 10 "
            "minutes answers the first result without running again; other writes are "
            "idempotent by nature and ignore it."
        ),
    ),
]


# --------------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------------


class ApiError(Exception):
    """An error answer the app raises itself (rendered as ``{"error": ...}``)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


class IdempotencyKeyReused(ApiError):
    """An ``Idempotency-Key`` came back with a different request."""

    def __init__(self) -> None:
        super().__init__(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was used with a different request",
        )


def _error(
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or wrong bearer token."},
    422: {"model": ErrorResponse, "description": "The request is invalid."},
    503: {"model": ErrorResponse, "description": "The store is unavailable; retry."},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such row for this creator."}
}
_CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorResponse, "description": "A uniqueness rule rejected it."}
}


def _install_error_handlers(app: FastAPI) -> None:
    async def api_error(_request: Request, exc: Exception) -> JSONResponse:
        error = cast(ApiError, exc)
        return _error(error.status, error.code, error.message, headers=error.headers)

    async def store_error(_request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, NotFound):
            return _error(404, "not_found", str(exc) or "not found")
        if isinstance(exc, Conflict):
            return _error(409, "conflict", str(exc) or "conflict")
        if isinstance(exc, StoreUnavailable):
            log.warning("store unavailable: %s", exc)
            return _error(
                503,
                "store_unavailable",
                "the store is unavailable; retry later",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        if isinstance(exc, InvalidData):  # the database refused the values themselves
            return _error(422, "invalid_data", str(exc) or "invalid data")
        log.error("store error: %s", exc, exc_info=exc)
        return _error(500, "internal_error", "the store failed")

    async def value_error(_request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, ValidationError):  # a model the app built itself: our bug
            log.error("invalid response model", exc_info=exc)
            return _error(500, "internal_error", "internal error")
        return _error(422, "invalid_request", str(exc) or "invalid request")

    async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
        errors = cast(RequestValidationError, exc).errors()
        details = [
            {key: value for key, value in error.items() if key in {"loc", "msg", "type"}}
            for error in errors
        ]
        summary = "; ".join(
            f"{'.'.join(str(part) for part in d.get('loc', ()))}: {d.get('msg', '')}"
            for d in details[:5]
        )
        return _error(
            422,
            "validation_error",
            summary or "invalid request",
            details=jsonable_encoder(details),
        )

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        error = cast(StarletteHTTPException, exc)
        codes = {401: "unauthorized", 404: "no_such_route", 405: "method_not_allowed"}
        try:
            phrase = HTTPStatus(error.status_code).phrase
        except ValueError:
            phrase = "error"
        code = codes.get(error.status_code, phrase.lower().replace(" ", "_"))
        message = error.detail if isinstance(error.detail, str) else phrase
        headers = dict(error.headers) if error.headers else None
        if error.status_code == 405:
            # Starlette names the methods of the first route whose path matched; a path served
            # by several routes (GET and PUT /creators/{id}) allows all of theirs (RFC 9110).
            headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
        return _error(error.status_code, code, message, headers=headers)

    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc)
        return _error(500, "internal_error", "internal error")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(ValueError, value_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)


# --------------------------------------------------------------------------------------------
# auth
# --------------------------------------------------------------------------------------------


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app serves at the request's path, sorted."""
    allowed = []
    for method in ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def _bearer_matches(header: bytes | None, token: bytes) -> bool:
    """Whether an ``Authorization`` header value carries ``token`` (constant-time compare)."""
    if not header:
        return False
    scheme, _, credentials = header.strip().partition(b" ")
    if scheme.lower() != b"bearer":
        return False
    return secrets.compare_digest(credentials.strip(), token)


def _unauthorized(header: bytes | None) -> JSONResponse:
    challenge = 'Bearer realm="repflow"'
    if header:
        challenge += ', error="invalid_token"'
    return _error(
        401,
        "unauthorized",
        "a valid 'Authorization: Bearer <token>' header is required",
        headers={"WWW-Authenticate": challenge},
    )


class BearerAuthMiddleware:
    """Refuse every request under ``/api/`` without the bearer token, before any routing.

    Runs ahead of routing and body parsing, so an unauthenticated caller learns nothing: not
    which routes exist, nor what a valid body looks like.

    Args:
        app: The wrapped ASGI app.
        token: The expected token.
        prefix: The protected path prefix.
        also: More protected paths (each with everything under it): the API documentation.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str,
        prefix: str = "/api",
        also: Sequence[str] = (),
    ) -> None:
        self.app = app
        self._token = token.encode("utf-8")
        self._prefixes = tuple(p.rstrip("/") for p in (prefix, *also) if p.rstrip("/"))

    def _protected(self, scope: Scope) -> bool:
        path: str = scope.get("path", "")
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        return any(path == p or path.startswith(p + "/") for p in self._prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the token of an HTTP request under the prefix, then pass it on."""
        if scope["type"] == "http" and self._protected(scope):
            header = next(
                (value for name, value in scope.get("headers", ()) if name == b"authorization"),
                None,
            )
            if not _bearer_matches(header, self._token):
                await _unauthorized(header)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _token_dependency(token: str) -> Callable[..., Awaitable[None]]:
    """A route dependency checking the token again and declaring the scheme in OpenAPI."""
    expected = token.encode("utf-8")

    async def require_token(request: Request, _credentials: BearerCredentials) -> None:
        raw = request.headers.get("authorization")
        header = None if raw is None else raw.encode("latin-1")
        if not _bearer_matches(header, expected):
            challenge = _unauthorized(header).headers["WWW-Authenticate"]
            raise ApiError(
                401,
                "unauthorized",
                "a valid 'Authorization: Bearer <token>' header is required",
                headers={"WWW-Authenticate": challenge},
            )

    return require_token


# --------------------------------------------------------------------------------------------
# idempotency keys
# --------------------------------------------------------------------------------------------


@dataclass
class _Entry:
    fingerprint: str
    expires: float
    finished: asyncio.Event = field(default_factory=asyncio.Event)
    ok: bool = False
    value: object = None


class IdempotencyCache:
    """The answers of recent writes by ``Idempotency-Key``, so a retry does not run twice.

    A request with a known key waits for the first one (when it is still running) and gets its
    answer; if the first failed, the repeat runs itself. A key reused with a different request
    is refused (:class:`IdempotencyKeyReused`). Entries live ``ttl`` seconds; at most
    ``max_entries`` are kept (the oldest finished ones go first). One event loop, one process.

    Args:
        ttl: Seconds an answer is replayed.
        max_entries: Bound on the memory used.
        clock: Monotonic seconds (tests pass their own).
    """

    def __init__(
        self,
        *,
        ttl: float = IDEMPOTENCY_TTL_S,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def _evict(self, *, room: int = 0) -> None:
        """Drop expired answers, then the oldest finished ones until ``room`` more fit."""
        now = self._clock()
        for key in [k for k, e in self._entries.items() if e.finished.is_set() and e.expires < now]:
            del self._entries[key]
        while len(self._entries) + room > self._max:
            oldest = next((k for k, e in self._entries.items() if e.finished.is_set()), None)
            if oldest is None:
                break
            del self._entries[oldest]

    async def run(self, key: str, fingerprint: str, compute: Callable[[], Awaitable[T]]) -> T:
        """The answer of ``compute()``, computed once per ``key``.

        Args:
            key: The scoped idempotency key (route and header value).
            fingerprint: A digest of the request; a reused key must bring the same one.
            compute: Runs the operation.

        Returns:
            The first successful answer under ``key``.

        Raises:
            IdempotencyKeyReused: ``key`` was used with another request.
        """
        while True:
            self._evict()
            entry = self._entries.get(key)
            if entry is not None:
                if not secrets.compare_digest(entry.fingerprint, fingerprint):
                    raise IdempotencyKeyReused()
                await entry.finished.wait()
                if entry.ok:
                    return cast(T, entry.value)
                continue  # the first run failed and was forgotten: run it now
            self._evict(room=1)
            entry = _Entry(fingerprint=fingerprint, expires=self._clock() + self._ttl)
            self._entries[key] = entry
            try:
                value = await compute()
            except BaseException:
                if self._entries.get(key) is entry:
                    del self._entries[key]
                entry.finished.set()
                raise
            entry.ok, entry.value = True, value
            entry.expires = self._clock() + self._ttl
            entry.finished.set()
            return value


def _fingerprint(route: str, path_args: dict[str, str], body: BaseModel) -> str:
    payload = json.dumps(
        {"route": route, "path": path_args, "body": body.model_dump(mode="json")},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# routes
# --------------------------------------------------------------------------------------------


def _same_creator(path_id: str, body_id: str, what: str) -> None:
    if path_id != body_id:
        raise ApiError(
            422,
            "creator_mismatch",
            f"the {what} belongs to creator {body_id!r}, not to {path_id!r} named in the path",
        )


def _router(store: Store, cache: IdempotencyCache) -> APIRouter:
    router = APIRouter()

    async def once(
        idempotency_key: str | None,
        route: str,
        path_args: dict[str, str],
        body: BaseModel,
        compute: Callable[[], Awaitable[T]],
    ) -> T:
        if not idempotency_key:
            return await compute()
        return await cache.run(
            f"{route}:{idempotency_key}", _fingerprint(route, path_args, body), compute
        )

    # -- claims ------------------------------------------------------------------------------
    @router.post(
        "/claims",
        tags=["claims"],
        summary="Claim an inbound message key under a lease",
        response_model=ClaimResponse,
    )
    async def claim(body: ClaimRequest, idempotency_key: IdempotencyKey = None) -> ClaimResponse:
        """Claim a key: ``claimed``, ``in_progress`` (a live lease) or ``done``.

        A missing key is claimed and an expired lease taken over. Send an ``Idempotency-Key``
        so that a retry after a lost answer gets ``claimed`` back, not its own
        ``in_progress``.
        """

        async def run() -> ClaimResponse:
            status = await store.claim(body.key, now=body.now, lease=body.lease)
            return ClaimResponse(status=status)

        return await once(idempotency_key, "claim", {}, body, run)

    @router.post(
        "/claims/release",
        tags=["claims"],
        summary="Give a claim up (a redelivery can take it at once)",
        status_code=204,
    )
    async def release(body: ReleaseRequest, idempotency_key: IdempotencyKey = None) -> None:
        """Idempotent; a finished claim stays finished."""
        await store.release(body.key)

    # -- turns: the coarse port ---------------------------------------------------------------
    @router.post(
        "/turns/begin",
        tags=["turns"],
        summary="Open an inbound message's turn: creator, claim, thread lock and context",
        response_model=OpenedTurnModel,
    )
    async def begin_turn(
        body: BeginTurnRequest, idempotency_key: IdempotencyKey = None
    ) -> OpenedTurnModel:
        """Open a turn in one transaction.

        The creator the message was delivered to, the message's claim, its thread (found and
        locked), the thread's state, the blocklist and recent replies.

        ``status`` is ``open`` (go on; commit with the ``lock_key``, or abort),
        ``in_progress`` or ``thread_busy`` (retry later) or ``done`` (processed before;
        ``earlier`` is what was stored). Send an ``Idempotency-Key`` so that a retry after a
        lost answer gets the first answer, not its own ``in_progress``.
        """

        async def run() -> OpenedTurnModel:
            return OpenedTurnModel.from_domain(await store.begin_turn(body.to_domain()))

        return await once(idempotency_key, "begin_turn", {}, body, run)

    @router.post(
        "/turns/abort",
        tags=["turns"],
        summary="Give up an open turn's claims (a redelivery can take them at once)",
        status_code=204,
    )
    async def abort_turn(body: AbortTurnRequest) -> None:
        """Idempotent; a finished claim stays finished."""
        await store.abort_turn(body.claim_key, body.lock_key)

    # -- creators ----------------------------------------------------------------------------
    @router.get(
        "/creators",
        tags=["creators"],
        summary="All creators",
        response_model=list[CreatorProfile],
    )
    async def list_creators() -> list[CreatorProfile]:
        """Creators by id."""
        return await store.list_creators()

    @router.post(
        "/creators/lookup",
        tags=["creators"],
        summary="The creator owning an inbound address (0 or 1)",
        response_model=list[CreatorProfile],
    )
    async def find_creator(body: CreatorLookup) -> list[CreatorProfile]:
        """The creator whose inbound addresses include ``address``.

        The address travels in the body, not the URL, so access logs never hold it.
        """
        found = await store.find_creator_by_address(body.address)
        return [] if found is None else [found]

    @router.get(
        "/creators/{creator_id}",
        tags=["creators"],
        summary="One creator",
        response_model=CreatorProfile,
        responses=_NOT_FOUND,
    )
    async def get_creator(creator_id: CreatorId) -> CreatorProfile:
        """The creator's profile (404 ``not_found`` when there is none)."""
        profile = await store.get_creator(creator_id)
        if profile is None:
            raise NotFound(f"no creator {creator_id!r}")
        return profile

    @router.put(
        "/creators/{creator_id}",
        tags=["creators"],
        summary="Insert or replace a creator",
        response_model=CreatorProfile,
    )
    async def upsert_creator(
        creator_id: CreatorId, body: CreatorProfile, idempotency_key: IdempotencyKey = None
    ) -> CreatorProfile:
        """Idempotent by id; inbound addresses move to the creator written last."""
        _same_creator(creator_id, body.id, "profile")
        await store.upsert_creator(body)
        return body

    @router.get(
        "/creators/{creator_id}/preferences",
        tags=["creators"],
        summary="A creator's preferences",
        response_model=Preferences,
        responses=_NOT_FOUND,
    )
    async def get_preferences(creator_id: CreatorId) -> Preferences:
        """The preferences of the creator (404 when there is no such creator)."""
        profile = await store.get_creator(creator_id)
        if profile is None:
            raise NotFound(f"no creator {creator_id!r}")
        return profile.preferences

    @router.put(
        "/creators/{creator_id}/preferences",
        tags=["creators"],
        summary="Replace a creator's preferences",
        response_model=CreatorProfile,
        responses=_NOT_FOUND,
    )
    async def put_preferences(
        creator_id: CreatorId, body: Preferences, idempotency_key: IdempotencyKey = None
    ) -> CreatorProfile:
        """Replace the preferences and answer the whole profile (last write wins)."""
        profile = await store.get_creator(creator_id)
        if profile is None:
            raise NotFound(f"no creator {creator_id!r}")
        updated = profile.model_copy(update={"preferences": body})
        await store.upsert_creator(updated)
        return updated

    @router.get(
        "/creators/{creator_id}/blocklist",
        tags=["creators"],
        summary="A creator's blocked addresses and domains",
        response_model=BlocklistModel,
    )
    async def get_blocklist(creator_id: CreatorId) -> BlocklistModel:
        """Empty for a creator without entries (or an unknown creator)."""
        return BlocklistModel.from_domain(await store.get_blocklist(creator_id))

    @router.post(
        "/creators/{creator_id}/blocklist",
        tags=["creators"],
        summary="Block an address or a domain",
        status_code=204,
        responses=_NOT_FOUND,
    )
    async def block(
        creator_id: CreatorId, body: BlockRequest, idempotency_key: IdempotencyKey = None
    ) -> None:
        """Set-like: blocking twice is harmless. 422 for a blank value."""
        await store.block(creator_id, body.value)

    # -- threads -----------------------------------------------------------------------------
    @router.post(
        "/creators/{creator_id}/threads/find",
        tags=["threads"],
        summary="Find the thread of an email",
        response_model=FindThreadResponse,
    )
    async def find_thread(creator_id: CreatorId, body: FindThreadRequest) -> FindThreadResponse:
        """By the first known message id, else by subject and participants near ``at``."""
        thread_id = await store.find_thread(
            creator_id,
            message_ids=body.message_ids,
            subject_key=body.subject_key,
            participant_key=body.participant_key,
            at=body.at,
            window=body.window,
        )
        return FindThreadResponse(thread_id=thread_id)

    # Thread ids are opaque: ``:path`` lets one hold a ``/`` (the messages route goes first).
    @router.get(
        "/creators/{creator_id}/threads/{thread_id:path}/messages",
        tags=["threads"],
        summary="The messages of a thread, oldest first",
        response_model=list[StoredMessageModel],
    )
    async def thread_messages(creator_id: CreatorId, thread_id: str) -> list[StoredMessageModel]:
        """The thread's inbound and outbound messages."""
        state = await store.load_thread(creator_id, thread_id)
        return [StoredMessageModel.from_domain(message) for message in state.messages]

    @router.get(
        "/creators/{creator_id}/threads/{thread_id:path}",
        tags=["threads"],
        summary="Load a thread",
        response_model=ThreadStateModel,
    )
    async def load_thread(creator_id: CreatorId, thread_id: str) -> ThreadStateModel:
        """Lead, conversation, deal, messages and outbox rows (empty for an unknown thread)."""
        return ThreadStateModel.from_domain(await store.load_thread(creator_id, thread_id))

    @router.post(
        "/creators/{creator_id}/inbound/find",
        tags=["threads"],
        summary="The inbound message committed under a claim key",
        response_model=InboundResponse,
    )
    async def find_inbound(creator_id: CreatorId, body: InboundLookup) -> InboundResponse:
        """``message`` is null when this creator committed nothing under the key.

        The key (a Message-ID, which may name a person) travels in the body, not the URL.
        """
        found = await store.find_inbound(creator_id, body.claim_key)
        return InboundResponse(
            message=None if found is None else StoredMessageModel.from_domain(found)
        )

    @router.post(
        "/creators/{creator_id}/turns",
        tags=["turns"],
        summary="Commit a turn atomically (idempotent by claim key)",
        response_model=TurnReceiptModel,
        responses=_CONFLICT,
    )
    async def commit_turn(
        creator_id: CreatorId, body: TurnModel, idempotency_key: IdempotencyKey = None
    ) -> TurnReceiptModel:
        """Write a turn in one transaction, mark its claim done, release its thread lock.

        The inbound message, lead, conversation, deal and outbox row. A turn whose claim is
        already done writes nothing (``written`` false, so a retry is safe; with the same
        ``Idempotency-Key`` a retry gets the first answer); 409 when a rule of the schema
        rejects it (nothing is written and the claims stay held).
        """
        _same_creator(creator_id, body.creator_id, "turn")

        async def run() -> TurnReceiptModel:
            return TurnReceiptModel.from_domain(await store.commit_turn(body.to_domain()))

        return await once(idempotency_key, "commit_turn", {"creator_id": creator_id}, body, run)

    # -- outbox ------------------------------------------------------------------------------
    @router.get(
        "/creators/{creator_id}/outbox/{outbox_id}",
        tags=["outbox"],
        summary="One outbox row of a creator",
        response_model=OutboxItemModel,
        responses=_NOT_FOUND,
    )
    async def get_outbox(creator_id: CreatorId, outbox_id: str) -> OutboxItemModel:
        """404 when the row does not exist or belongs to another creator."""
        return OutboxItemModel.from_domain(await store.get_outbox(creator_id, outbox_id))

    @router.post(
        "/creators/{creator_id}/replies/recent",
        tags=["outbox"],
        summary="When this creator's replies to one address were made (rate limit)",
        response_model=RecentRepliesResponse,
    )
    async def recent_replies(
        creator_id: CreatorId, body: RecentRepliesRequest
    ) -> RecentRepliesResponse:
        """Pending, draft and sent rows to ``to`` (any case), made at or after ``since``."""
        times = await store.recent_replies(creator_id, to_address=body.to, since=body.since)
        return RecentRepliesResponse(times=times)

    @router.patch(
        "/creators/{creator_id}/outbox/{outbox_id}",
        tags=["outbox"],
        summary="Approve, edit or discard a draft",
        response_model=OutboxItemModel,
        responses={**_NOT_FOUND, **_CONFLICT},
    )
    async def update_draft(
        creator_id: CreatorId,
        outbox_id: str,
        body: DraftUpdate,
        idempotency_key: IdempotencyKey = None,
    ) -> OutboxItemModel:
        """Update a draft of this creator.

        A repeat that already took effect answers the row; 409 once it is no longer a draft;
        422 for a status a creator cannot choose.
        """
        item = await store.update_draft(creator_id, outbox_id, text=body.text, status=body.status)
        return OutboxItemModel.from_domain(item)

    @router.get(
        "/outbox/pending",
        tags=["outbox"],
        summary="Rows waiting to be sent, oldest first (every creator)",
        response_model=list[OutboxItemModel],
    )
    async def pending_outbox(
        limit: Annotated[int, Query(ge=0, le=_MAX_LIMIT)] = 50,
    ) -> list[OutboxItemModel]:
        """The dispatcher's queue."""
        return [
            OutboxItemModel.from_domain(item) for item in await store.pending_outbox(limit=limit)
        ]

    @router.post(
        "/outbox/{outbox_id}/sent",
        tags=["outbox"],
        summary="Record that the transport accepted a row",
        status_code=204,
        responses=_NOT_FOUND,
    )
    async def mark_sent(
        outbox_id: str, body: MarkSentRequest, idempotency_key: IdempotencyKey = None
    ) -> None:
        """Idempotent: only a pending row becomes sent; a repeat leaves it as it is."""
        await store.mark_sent(outbox_id, provider_id=body.provider_id, now=body.now)

    @router.post(
        "/outbox/{outbox_id}/failed",
        tags=["outbox"],
        summary="Record a failed send attempt",
        status_code=204,
        responses=_NOT_FOUND,
    )
    async def mark_failed(
        outbox_id: str, body: MarkFailedRequest, idempotency_key: IdempotencyKey = None
    ) -> None:
        """Count a failed attempt (FAILED when ``give_up``).

        Send an ``Idempotency-Key`` so that a retry after a lost answer does not count the
        attempt twice.
        """

        async def run() -> None:
            await store.mark_failed(outbox_id, error=body.error, give_up=body.give_up)

        await once(idempotency_key, "mark_failed", {"outbox_id": outbox_id}, body, run)

    # -- leads and deals ---------------------------------------------------------------------
    @router.get(
        "/creators/{creator_id}/leads",
        tags=["leads"],
        summary="A creator's leads, newest activity first",
        response_model=list[LeadModel],
    )
    async def list_leads(
        creator_id: CreatorId,
        state: str | None = None,
        limit: Annotated[int, Query(ge=0, le=_MAX_LIMIT)] = 200,
    ) -> list[LeadModel]:
        """Optionally only leads in ``state``."""
        leads = await store.list_leads(creator_id, state=state, limit=limit)
        return [LeadModel.from_domain(lead) for lead in leads]

    @router.put(
        "/creators/{creator_id}/leads/{lead_id}",
        tags=["leads"],
        summary="Save a lead the creator changed",
        response_model=LeadModel,
        responses=_NOT_FOUND,
    )
    async def update_lead(
        creator_id: CreatorId,
        lead_id: str,
        body: LeadModel,
        idempotency_key: IdempotencyKey = None,
    ) -> LeadModel:
        """State, terms, flags and counterparty; 404 when the creator has no such lead."""
        _same_creator(creator_id, body.creator_id, "lead")
        if body.id != lead_id:
            raise ApiError(422, "id_mismatch", f"the body is lead {body.id!r}, not {lead_id!r}")
        await store.update_lead(body.to_domain())
        return body

    @router.get(
        "/creators/{creator_id}/deals",
        tags=["deals"],
        summary="A creator's deals, newest first",
        response_model=list[DealModel],
    )
    async def list_deals(
        creator_id: CreatorId, limit: Annotated[int, Query(ge=0, le=_MAX_LIMIT)] = 200
    ) -> list[DealModel]:
        """The creator's deals."""
        return [DealModel.from_domain(d) for d in await store.list_deals(creator_id, limit=limit)]

    @router.get(
        "/leads",
        tags=["leads"],
        summary="Leads of every creator, newest activity first",
        response_model=list[LeadModel],
    )
    async def list_all_leads(
        state: str | None = None,
        limit: Annotated[int, Query(ge=0, le=_MAX_LIMIT)] = 200,
    ) -> list[LeadModel]:
        """For the admin token: every creator's leads."""
        leads = await store.list_leads(None, state=state, limit=limit)
        return [LeadModel.from_domain(lead) for lead in leads]

    @router.get(
        "/deals",
        tags=["deals"],
        summary="Deals of every creator, newest first",
        response_model=list[DealModel],
    )
    async def list_all_deals(
        limit: Annotated[int, Query(ge=0, le=_MAX_LIMIT)] = 200,
    ) -> list[DealModel]:
        """For the admin token: every creator's deals."""
        return [DealModel.from_domain(d) for d in await store.list_deals(None, limit=limit)]

    return router


# --------------------------------------------------------------------------------------------
# the app
# --------------------------------------------------------------------------------------------


def create_app(
    store: Store,
    *,
    auth_token: str,
    migrate: bool = False,
    close_store: bool = True,
    docs: bool = False,
    idempotency: IdempotencyCache | None = None,
    max_body_size: int = 16 * 1024 * 1024,
) -> FastAPI:
    """The backend API over ``store``.

    Nothing connects here: the store is used from the first request on (and migrated at
    startup when ``migrate``).

    Args:
        store: Any store (``repflow serve``: the SQL store).
        auth_token: The bearer token every ``/api/`` request must carry.
        migrate: Run the store's ``create_schema()`` at startup (lifespan).
        close_store: Close the store at shutdown (lifespan).
        docs: Serve the API documentation, ``/openapi.json``, ``/docs`` and ``/redoc``, behind
            the same bearer token as ``/api/`` (off by default: the routes do not exist).
        idempotency: The ``Idempotency-Key`` memory (a fresh one by default).
        max_body_size: Largest request body in bytes (FastAPI answers 413 beyond it, in
            its own plain shape: the limit is enforced outside the app's error handlers).

    Returns:
        The ASGI app.

    Raises:
        ConfigError: ``auth_token`` is empty.
    """
    if not auth_token or not auth_token.strip():
        raise ConfigError("the API needs a non-empty auth token (API_AUTH_TOKEN)")
    token = auth_token.strip()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if migrate:
            create_schema = getattr(store, "create_schema", None)
            if callable(create_schema):
                await create_schema()
        try:
            yield
        finally:
            if close_store:
                await store.close()

    app = FastAPI(
        title="Repflow backend API",
        version="1",
        summary="The Repflow store over HTTP: claims, creators, threads, turns, outbox.",
        lifespan=lifespan,
        openapi_url=OPENAPI_URL if docs else None,
        docs_url=DOCS_URL if docs else None,
        redoc_url=REDOC_URL if docs else None,
        max_body_size=max_body_size,
    )
    app.state.store = store
    _install_error_handlers(app)

    @app.get("/healthz", tags=["health"], summary="Liveness", response_model=HealthResponse)
    async def healthz() -> HealthResponse:
        """200 while the process serves requests; checks nothing else (no auth)."""
        return HealthResponse()

    app.include_router(
        _router(store, idempotency or IdempotencyCache()),
        prefix=API_PREFIX,
        dependencies=[Depends(_token_dependency(token))],
        responses=_ERROR_RESPONSES,
    )
    app.add_middleware(
        BearerAuthMiddleware,
        token=token,
        also=(OPENAPI_URL, DOCS_URL, REDOC_URL) if docs else (),
    )
    return app
