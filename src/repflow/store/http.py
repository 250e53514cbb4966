"""The store port over HTTP: :class:`HttpStore` calls the backend API (``repflow serve``).

The Lambda uses it in place of the SQL store; the pipeline cannot tell them apart. Requests
and answers are the pydantic models of :mod:`repflow.store.wire`, which the API validates
against too.

Failures:

* Transient ones are retried with exponential backoff and jitter (:mod:`stamina`): connection
  errors, timeouts, a connection dropped before the answer, and the answers 429, 502, 503 and
  504 (a ``Retry-After`` is honoured up to the longest backoff). When every attempt fails the
  call raises :class:`~repflow.store.exceptions.StoreUnavailable` (``from`` the last error).
* Nothing else is retried: 404 ``not_found`` raises NotFound, 409 raises Conflict, 400/422
  raise ValueError (the store's own answer to an invalid value), 401/403 and any other answer
  raise :class:`~repflow.store.exceptions.StoreError` (a configuration problem a retry will
  not fix).

Retrying is safe because every write is idempotent on the server: ``commit_turn`` by its claim
key (once committed, a replay writes nothing), ``mark_sent`` by outbox id (only a pending row
becomes sent), ``block`` is set-like, upserts and updates are keyed by id. ``claim`` and
``mark_failed``, which are not idempotent by nature, carry an ``Idempotency-Key`` (one per
call, the same on each retry) that the API uses to answer a retry with the first result.

Nothing connects at import or construction: the HTTP client is built on first use, on the
running event loop (a call from another loop, e.g. a later ``asyncio.run`` in the same Lambda
container, gets a fresh client).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar
from urllib.parse import quote

import httpx2
import stamina
from pydantic import BaseModel, TypeAdapter, ValidationError

from repflow.domain.models import Deal, Lead
from repflow.domain.profile import CreatorProfile
from repflow.exceptions import ConfigError
from repflow.mail.screen import Blocklist
from repflow.store.codec import bounded_key, check_draft_status, check_turn
from repflow.store.exceptions import (
    Conflict,
    InvalidData,
    NotFound,
    StoreError,
    StoreUnavailable,
)
from repflow.store.port import (
    ClaimStatus,
    OpenedTurn,
    OutboxItem,
    OutboxStatus,
    Store,
    StoredMessage,
    ThreadState,
    Turn,
    TurnReceipt,
    TurnRequest,
)
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
    FindThreadRequest,
    FindThreadResponse,
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
    ThreadStateModel,
    TurnModel,
    TurnReceiptModel,
)

__all__ = ["RETRY_STATUSES", "HttpStore"]

#: Answers that mean "not now": retried.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Transport failures that are retried (connect, timeouts, a dropped connection).
RETRY_ERRORS: tuple[type[Exception], ...] = (
    httpx2.TimeoutException,
    httpx2.NetworkError,
    httpx2.RemoteProtocolError,
)
_API = "/api/v1"

M = TypeVar("M", bound=BaseModel)

_CREATORS = TypeAdapter(list[CreatorProfile])
_LEADS = TypeAdapter(list[LeadModel])
_DEALS = TypeAdapter(list[DealModel])
_OUTBOX = TypeAdapter(list[OutboxItemModel])


def _segment(value: str) -> str:
    """``value`` as one URL path segment (every reserved character escaped)."""
    return quote(value, safe="")


def _retry_after(response: httpx2.Response) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or None."""
    raw = response.headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_of(response: httpx2.Response) -> tuple[str, str]:
    """The ``(code, message)`` of an API error answer (best effort for foreign answers)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        return str(error.get("code", "")), str(error.get("message", ""))
    text = response.text.strip().splitlines()
    return "", text[0][:200] if text else response.reason_phrase


class _TransientStatus(Exception):
    """An answer worth retrying (429, 502, 503, 504)."""

    def __init__(self, response: httpx2.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response
        self.retry_after = _retry_after(response)


class HttpStore:
    """The :class:`~repflow.store.port.Store` over the backend API (see the module docstring).

    Example::

        store = HttpStore("https://api.example.com", token=os.environ["API_AUTH_TOKEN"])
        try:
            status = await store.claim(key, now=now, lease=timedelta(minutes=5))
        finally:
            await store.close()

    Args:
        base_url: Where ``repflow serve`` answers (``https://host[:port][/prefix]``).
        token: The API's bearer token (``API_AUTH_TOKEN``).
        timeout: Seconds allowed for each of connect, read, write and pool acquisition.
        attempts: Requests per call at most (1 disables retries).
        transport: An httpx2 transport to use instead of the network (tests:
            ``httpx2.MockTransport``, ``httpx2.ASGITransport``).
        wait_initial: First backoff, in seconds.
        wait_max: Longest backoff (also caps a ``Retry-After``).
        wait_jitter: Largest random jitter added to each backoff.
        retry_timeout: Total seconds a call may spend retrying (None: attempts only).

    Raises:
        ConfigError: ``base_url`` or ``token`` is empty, or ``attempts`` is below 1.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 10.0,
        attempts: int = 5,
        transport: httpx2.AsyncBaseTransport | None = None,
        wait_initial: float = 0.1,
        wait_max: float = 5.0,
        wait_jitter: float = 0.5,
        retry_timeout: float | None = 60.0,
    ) -> None:
        if not base_url or not base_url.strip():
            raise ConfigError("the HTTP store needs the API's base URL (API_BASE_URL)")
        if not token or not token.strip():
            raise ConfigError("the HTTP store needs the API's token (API_AUTH_TOKEN)")
        if attempts < 1:
            raise ConfigError("the HTTP store needs at least one attempt per call")
        self._base_url = base_url.strip().rstrip("/")
        self._token = token.strip()
        self._timeout = timeout
        self._attempts = attempts
        self._transport = transport
        self._wait_initial = wait_initial
        self._wait_max = wait_max
        self._wait_jitter = wait_jitter
        self._retry_timeout = retry_timeout
        self._client: httpx2.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> HttpStore:
        """A store for ``API_BASE_URL`` and ``API_AUTH_TOKEN`` (the Lambda's settings).

        Args:
            environ: Where to read them (default: ``os.environ``).
            **options: Further constructor arguments.

        Returns:
            The store (not connected).

        Raises:
            ConfigError: a setting is missing.
        """
        env = os.environ if environ is None else environ
        return cls(env.get("API_BASE_URL", ""), env.get("API_AUTH_TOKEN", ""), **options)

    def __repr__(self) -> str:
        return f"HttpStore({self._base_url!r})"

    @property
    def base_url(self) -> str:
        """The API's base URL."""
        return self._base_url

    # -- plumbing ----------------------------------------------------------------------------
    def _http(self) -> httpx2.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is not None and (self._loop is not loop or self._client.is_closed):
            self._client = None  # built on another (finished) loop: its pool is unusable here
        if self._client is None:
            self._client = httpx2.AsyncClient(
                base_url=self._base_url,
                headers={
                    "Authorization": f"Bearer {self._token}",
                    "Accept": "application/json",
                    "User-Agent": "repflow-http-store/1",
                },
                timeout=httpx2.Timeout(self._timeout),
                transport=self._transport,
                follow_redirects=False,
            )
            self._loop = loop
        return self._client

    async def close(self) -> None:
        """Close the HTTP client; the next call builds a new one."""
        client, loop = self._client, self._loop
        self._client = self._loop = None
        if client is not None and loop is asyncio.get_running_loop():
            await client.aclose()
        # A client of another (finished) loop is dropped: its connections died with that loop.

    def _should_retry(self, exc: Exception) -> bool | float:
        """The backoff hook for stamina: retry transient failures only; honour ``Retry-After``."""
        if isinstance(exc, _TransientStatus):
            if exc.retry_after is not None:
                return min(exc.retry_after, self._wait_max)
            return True
        return isinstance(exc, RETRY_ERRORS)

    async def _send(
        self,
        method: str,
        path: str,
        *,
        body: BaseModel | None = None,
        params: Mapping[str, str | int] | None = None,
        idempotency_key: str | None = None,
    ) -> httpx2.Response:
        """One call, retried on transient failures; a non-2xx answer raises the port's error.

        Raises:
            StoreUnavailable: every attempt failed transiently.
            NotFound: 404 ``not_found``.
            Conflict: 409.
            InvalidData: 422 ``invalid_data`` (the database refused the values).
            ValueError: 400 or 422 (the request or a value in it is invalid).
            StoreError: any other answer (wrong token, wrong URL, server bug).
        """
        client = self._http()
        headers: dict[str, str] = {}
        content: bytes | None = None
        if body is not None:
            content = body.model_dump_json().encode("utf-8")
            headers["Content-Type"] = "application/json"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        query = {k: str(v) for k, v in params.items()} if params else None
        response: httpx2.Response | None = None
        try:
            async for attempt in stamina.retry_context(
                on=self._should_retry,
                attempts=self._attempts,
                timeout=self._retry_timeout,
                wait_initial=self._wait_initial,
                wait_max=self._wait_max,
                wait_jitter=self._wait_jitter,
            ):
                with attempt:
                    response = await client.request(
                        method, path, content=content, params=query, headers=headers
                    )
                    if response.status_code in RETRY_STATUSES:
                        raise _TransientStatus(response)
        except _TransientStatus as exc:
            code, message = _error_of(exc.response)
            raise StoreUnavailable(
                f"{method} {self._base_url}{path}: HTTP {exc.response.status_code}"
                f"{f' {code}' if code else ''}: {message} (gave up retrying)"
            ) from exc
        except RETRY_ERRORS as exc:
            raise StoreUnavailable(
                f"{method} {self._base_url}{path}: {type(exc).__name__}: {exc} (gave up retrying)"
            ) from exc
        except httpx2.HTTPError as exc:
            raise StoreError(
                f"{method} {self._base_url}{path}: {type(exc).__name__}: {exc}"
            ) from exc
        assert response is not None
        if response.is_success:
            return response
        self._raise_for(method, path, response)

    def _raise_for(self, method: str, path: str, response: httpx2.Response) -> NoReturn:
        status = response.status_code
        code, message = _error_of(response)
        if status == 404 and code == "not_found":
            raise NotFound(message)
        if status == 409:
            raise Conflict(message)
        if status == 422 and code == "invalid_data":
            raise InvalidData(message)
        if status in {400, 422}:
            raise ValueError(message)
        where = f"{method} {self._base_url}{path}"
        if status in {401, 403}:
            raise StoreError(f"{where}: the backend API refused the token (HTTP {status})")
        if status == 404:
            raise StoreError(f"{where}: no such route (HTTP 404): check API_BASE_URL")
        raise StoreError(f"{where}: HTTP {status} {code}: {message}".rstrip(": "))

    @staticmethod
    def _parse(model: type[M], response: httpx2.Response) -> M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise StoreError(f"unexpected answer from the backend API: {exc}") from exc

    @staticmethod
    def _parse_list(adapter: TypeAdapter[list[Any]], response: httpx2.Response) -> list[Any]:
        try:
            return adapter.validate_json(response.content)
        except ValidationError as exc:
            raise StoreError(f"unexpected answer from the backend API: {exc}") from exc

    @staticmethod
    def _key() -> str:
        return uuid.uuid4().hex

    # -- turns (the coarse port: what the pipeline uses) -------------------------------------
    async def begin_turn(self, request: TurnRequest) -> OpenedTurn:
        """Open a turn in one request (``POST /turns/begin``); a retry gets the first answer.

        Addresses travel in the body, never in the URL (access logs keep URLs).
        """
        response = await self._send(
            "POST",
            f"{_API}/turns/begin",
            body=BeginTurnRequest.from_domain(request),
            idempotency_key=self._key(),
        )
        return self._parse(OpenedTurnModel, response).to_domain()

    async def abort_turn(self, claim_key: str, lock_key: str | None) -> None:
        """Give up an open turn's claims (``POST /turns/abort``); idempotent."""
        await self._send(
            "POST",
            f"{_API}/turns/abort",
            body=AbortTurnRequest(claim_key=claim_key, lock_key=lock_key),
        )

    # -- idempotency -------------------------------------------------------------------------
    async def claim(self, key: str, *, now: datetime, lease: timedelta) -> ClaimStatus:
        """Claim inbound message ``key`` under a lease (``POST /claims``).

        Returns:
            CLAIMED, IN_PROGRESS or DONE (a retry after a lost answer gets the first answer).
        """
        response = await self._send(
            "POST",
            f"{_API}/claims",
            body=ClaimRequest(key=key, now=now, lease=lease),
            idempotency_key=self._key(),
        )
        return self._parse(ClaimResponse, response).status

    async def release(self, key: str) -> None:
        """Give a claim up (``POST /claims/release``)."""
        await self._send("POST", f"{_API}/claims/release", body=ReleaseRequest(key=key))

    # -- creators and blocklist --------------------------------------------------------------
    async def upsert_creator(self, profile: CreatorProfile) -> None:
        """Insert or replace a creator (``PUT /creators/{id}``)."""
        await self._send("PUT", f"{_API}/creators/{_segment(profile.id)}", body=profile)

    async def get_creator(self, creator_id: str) -> CreatorProfile | None:
        """A creator by id, or None (``GET /creators/{id}``)."""
        try:
            response = await self._send("GET", f"{_API}/creators/{_segment(creator_id)}")
        except NotFound:
            return None
        except ValueError:  # not a valid creator id: there is no such creator
            return None
        return self._parse(CreatorProfile, response)

    async def find_creator_by_address(self, address: str) -> CreatorProfile | None:
        """The creator owning an inbound address (``POST /creators/lookup``)."""
        address = bounded_key(address.strip().lower()) or ""  # as above, and as stored
        response = await self._send(
            "POST", f"{_API}/creators/lookup", body=CreatorLookup(address=address)
        )
        found: list[CreatorProfile] = self._parse_list(_CREATORS, response)
        return found[0] if found else None

    async def list_creators(self) -> list[CreatorProfile]:
        """All creators, by id (``GET /creators``)."""
        creators: list[CreatorProfile] = self._parse_list(
            _CREATORS, await self._send("GET", f"{_API}/creators")
        )
        return creators

    async def get_blocklist(self, creator_id: str) -> Blocklist:
        """The creator's blocklist (``GET /creators/{id}/blocklist``)."""
        response = await self._send("GET", f"{_API}/creators/{_segment(creator_id)}/blocklist")
        return self._parse(BlocklistModel, response).to_domain()

    async def block(self, creator_id: str, value: str) -> None:
        """Block an address or a domain (``POST /creators/{id}/blocklist``).

        Raises:
            NotFound: no such creator.
            ValueError: ``value`` is blank.
        """
        await self._send(
            "POST",
            f"{_API}/creators/{_segment(creator_id)}/blocklist",
            body=BlockRequest(value=value),
        )

    # -- threads -----------------------------------------------------------------------------
    async def find_thread(
        self,
        creator_id: str,
        *,
        message_ids: Sequence[str],
        subject_key: str | None,
        participant_key: str | None,
        at: datetime | None,
        window: timedelta,
    ) -> str | None:
        """The thread of an email (``POST /creators/{id}/threads/find``)."""
        response = await self._send(
            "POST",
            f"{_API}/creators/{_segment(creator_id)}/threads/find",
            body=FindThreadRequest(
                message_ids=list(message_ids),
                subject_key=subject_key,
                participant_key=participant_key,
                at=at,
                window=window,
            ),
        )
        return self._parse(FindThreadResponse, response).thread_id

    async def load_thread(self, creator_id: str, thread_id: str) -> ThreadState:
        """A thread's lead, conversation, deal, messages and outbox rows."""
        response = await self._send(
            "GET", f"{_API}/creators/{_segment(creator_id)}/threads/{_segment(thread_id)}"
        )
        return self._parse(ThreadStateModel, response).to_domain()

    async def find_inbound(self, creator_id: str, claim_key: str) -> StoredMessage | None:
        """The inbound message committed under ``claim_key`` (``POST .../inbound/find``)."""
        response = await self._send(
            "POST",
            f"{_API}/creators/{_segment(creator_id)}/inbound/find",
            # Bounded as the store keeps it: a hostile Message-ID stays a small request.
            body=InboundLookup(claim_key=bounded_key(claim_key) or ""),
        )
        message = self._parse(InboundResponse, response).message
        return None if message is None else message.to_domain()

    async def commit_turn(self, turn: Turn) -> TurnReceipt:
        """Commit a turn atomically (``POST /creators/{id}/turns``); safe to retry.

        A retry after a lost answer carries the same ``Idempotency-Key`` and gets the first
        answer (so the turn's reply is still reported as this turn's to send).

        Raises:
            Conflict: a rule of the schema rejected the turn (nothing was written).
            ValueError: the turn's parts name different creators.
        """
        check_turn(turn)
        response = await self._send(
            "POST",
            f"{_API}/creators/{_segment(turn.creator_id)}/turns",
            body=TurnModel.from_domain(turn),
            idempotency_key=self._key(),
        )
        return self._parse(TurnReceiptModel, response).to_domain()

    # -- outbox ------------------------------------------------------------------------------
    async def pending_outbox(self, *, limit: int = 50) -> list[OutboxItem]:
        """PENDING rows of every creator, oldest first (``GET /outbox/pending``)."""
        response = await self._send("GET", f"{_API}/outbox/pending", params={"limit": limit})
        items: list[OutboxItemModel] = self._parse_list(_OUTBOX, response)
        return [item.to_domain() for item in items]

    async def mark_sent(self, outbox_id: str, *, provider_id: str | None, now: datetime) -> None:
        """Record that the transport accepted a row (``POST /outbox/{id}/sent``); idempotent.

        Raises:
            NotFound: no such outbox row.
        """
        await self._send(
            "POST",
            f"{_API}/outbox/{_segment(outbox_id)}/sent",
            body=MarkSentRequest(provider_id=provider_id, now=now),
            idempotency_key=self._key(),
        )

    async def mark_failed(self, outbox_id: str, *, error: str, give_up: bool) -> None:
        """Record a failed attempt (``POST /outbox/{id}/failed``), counted once per call.

        Raises:
            NotFound: no such outbox row.
        """
        await self._send(
            "POST",
            f"{_API}/outbox/{_segment(outbox_id)}/failed",
            body=MarkFailedRequest(error=error, give_up=give_up),
            idempotency_key=self._key(),
        )

    async def get_outbox(self, creator_id: str, outbox_id: str) -> OutboxItem:
        """One outbox row of this creator (``GET /creators/{id}/outbox/{outbox_id}``).

        Raises:
            NotFound: no such row for this creator.
        """
        response = await self._send(
            "GET", f"{_API}/creators/{_segment(creator_id)}/outbox/{_segment(outbox_id)}"
        )
        return self._parse(OutboxItemModel, response).to_domain()

    async def recent_replies(
        self, creator_id: str, *, to_address: str, since: datetime
    ) -> list[datetime]:
        """When replies to ``to_address`` were made (``POST /creators/{id}/replies/recent``)."""
        response = await self._send(
            "POST",
            f"{_API}/creators/{_segment(creator_id)}/replies/recent",
            body=RecentRepliesRequest(to=to_address, since=since),
        )
        return self._parse(RecentRepliesResponse, response).times

    async def update_draft(
        self, creator_id: str, outbox_id: str, *, text: str | None, status: OutboxStatus
    ) -> OutboxItem:
        """Approve, edit or discard a draft (``PATCH /creators/{id}/outbox/{outbox_id}``).

        Raises:
            NotFound: no such row for this creator.
            Conflict: the row is no longer a draft.
            ValueError: ``status`` is not PENDING, DRAFT or DISCARDED.
        """
        check_draft_status(status)
        response = await self._send(
            "PATCH",
            f"{_API}/creators/{_segment(creator_id)}/outbox/{_segment(outbox_id)}",
            body=DraftUpdate(text=text, status=status),
            idempotency_key=self._key(),
        )
        return self._parse(OutboxItemModel, response).to_domain()

    # -- reading -----------------------------------------------------------------------------
    async def list_leads(
        self, creator_id: str | None = None, *, state: str | None = None, limit: int = 200
    ) -> list[Lead]:
        """Leads, newest activity first; every creator's when ``creator_id`` is None."""
        path = (
            f"{_API}/leads"
            if creator_id is None
            else (f"{_API}/creators/{_segment(creator_id)}/leads")
        )
        params: dict[str, str | int] = {"limit": limit}
        if state is not None:
            params["state"] = state
        leads: list[LeadModel] = self._parse_list(
            _LEADS, await self._send("GET", path, params=params)
        )
        return [lead.to_domain() for lead in leads]

    async def list_deals(self, creator_id: str | None = None, *, limit: int = 200) -> list[Deal]:
        """Deals, newest first; every creator's when ``creator_id`` is None."""
        path = (
            f"{_API}/deals"
            if creator_id is None
            else (f"{_API}/creators/{_segment(creator_id)}/deals")
        )
        deals: list[DealModel] = self._parse_list(
            _DEALS, await self._send("GET", path, params={"limit": limit})
        )
        return [deal.to_domain() for deal in deals]

    async def update_lead(self, lead: Lead) -> None:
        """Save a changed lead (``PUT /creators/{id}/leads/{lead_id}``).

        Raises:
            NotFound: the creator has no lead with this id.
        """
        await self._send(
            "PUT",
            f"{_API}/creators/{_segment(lead.creator_id)}/leads/{_segment(lead.id)}",
            body=LeadModel.from_domain(lead),
            idempotency_key=self._key(),
        )


if TYPE_CHECKING:

    def _implements_the_port(store: HttpStore) -> Store:
        return store
