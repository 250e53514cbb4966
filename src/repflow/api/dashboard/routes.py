"""The creator dashboard: server-rendered pages on the API's FastAPI app.

:func:`install_dashboard` adds everything to an existing app: the routes under ``prefix``
(``/dashboard``), its static files, its error handling and a redirect from ``/``. It does not
touch the JSON API under ``/api/`` (bearer token) and needs nothing from it.

Pages (``{c}`` a creator id, ``{t}`` a thread id, ``{o}`` an outbox row id)::

    GET  /dashboard/                       -> the signed-in user's inbox (or sign-in)
    GET  /dashboard/signin                 sign-in form          POST: sign in
    POST /dashboard/signout                sign out (this session ends on the server)
    POST /dashboard/signout/everywhere     end every session of the account
    GET  /dashboard/switch?creator={c}     admin: go to another creator
    GET  /dashboard/c/{c}/inbox            leads; ?state= &flag= &q=
    GET  /dashboard/c/{c}/threads/{t}      the conversation, fields, decision, drafts
    POST /dashboard/c/{c}/threads/{t}/drafts/{o}/approve   approve and send
    POST /dashboard/c/{c}/threads/{t}/drafts/{o}/send      edit (``text``) and send
    POST /dashboard/c/{c}/threads/{t}/drafts/{o}/discard   discard
    POST /dashboard/c/{c}/threads/{t}/reply                write and send a reply (``text``)
    POST /dashboard/c/{c}/threads/{t}/ignore               mark not an offer
    POST /dashboard/c/{c}/threads/{t}/unignore             undo "not an offer"
    POST /dashboard/c/{c}/threads/{t}/deal                 move the deal on (``stage``, ``on``,
                                                           ``amount``, ``currency``)
    POST /dashboard/c/{c}/threads/{t}/block                block the sender
    POST /dashboard/c/{c}/threads/{t}/unblock              unblock the sender
    GET  /dashboard/c/{c}/board            pipeline board + weekly chart
    GET  /dashboard/c/{c}/export/leads.csv leads as CSV (the inbox's filters apply)
    GET  /dashboard/c/{c}/export/deals.csv deals as CSV, with their stages
    GET  /dashboard/c/{c}/preferences      preferences form (and blocked senders)  POST: save
    POST /dashboard/c/{c}/blocklist/unblock            unblock one entry (``value``)

Rules:

* **Auth.** Every page but sign-in needs a signed-in session; without one a GET is redirected
  (303) to the sign-in page, which returns to it afterwards. A user sees only their own
  creator; another creator's pages, threads and drafts answer 404 (nothing is revealed). An
  admin may open every creator.
* **CSRF.** Every POST must carry the session's token (hidden ``csrf_token`` field, or the
  ``X-CSRF-Token`` header); otherwise 403 before anything runs (a router-wide dependency).
* **Without JavaScript** every page reads and every form works (POST, then 303 back to the
  page); htmx only narrows what is swapped (the inbox's rows, the thread's main column, the
  preferences form).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import FormData

from repflow.api.dashboard.auth import (
    DEVICE_COOKIE,
    DEVICE_MAX_AGE_S,
    SESSION_COOKIE,
    LoginThrottle,
    Session,
    SessionCodec,
    new_csrf_token,
    new_session_id,
    secret_key_from_env,
    session_key,
)
from repflow.api.dashboard.chart import offers_chart
from repflow.api.dashboard.compose import composed_reply, creator_text_problems, reply_route
from repflow.api.dashboard.csrf import CSRF_FIELD, CSRF_HEADER, csrf_ok
from repflow.api.dashboard.export import deals_csv, leads_csv
from repflow.api.dashboard.prefs_form import (
    POLICY_HELP,
    PrefsForm,
    summary,
    validate_contacts,
    validate_form,
)
from repflow.api.dashboard.templating import STATIC_DIR, Templates, Urls
from repflow.api.dashboard.users import (
    DashboardUser,
    UserStore,
    normalise_email,
    user_store_for,
)
from repflow.api.dashboard.views import (
    FLAG_FILTERS,
    STATE_ORDER,
    Flash,
    board_view,
    inbox_rows,
    thread_view,
)
from repflow.api.passwords import hash_password, needs_rehash, verify_password
from repflow.bootstrap import build_dispatcher
from repflow.domain.deals import DealStage, IllegalDealMove, advance_deal
from repflow.domain.exceptions import IllegalTransition
from repflow.domain.profile import CreatorProfile
from repflow.domain.states import (
    ConversationState,
    LeadState,
    can_transition_lead,
    restore_ignored,
)
from repflow.pipeline.contacts import learn_contact
from repflow.store.exceptions import Conflict, NotFound
from repflow.store.port import DeskStore, OutboxItem, OutboxStatus, ThreadState
from repflow.transport.exceptions import SendError
from repflow.transport.port import MailTransport

__all__ = ["DEFAULT_PREFIX", "Dashboard", "DashboardError", "install_dashboard"]

log = logging.getLogger("repflow.dashboard")

#: Where the dashboard is mounted by default.
DEFAULT_PREFIX = "/dashboard"
#: Largest request body a dashboard POST may have.
MAX_BODY_BYTES = 256 * 1024
#: Longest reply text a creator may send from the dashboard.
MAX_REPLY_CHARS = 20_000

_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

#: Notices after an action (``?done=<code>``): fixed texts, nothing reflected from the URL.
_NOTICES: dict[str, Flash] = {
    "sent": Flash("ok", "Reply approved and sent."),
    "queued": Flash(
        "error",
        "Reply approved, but sending failed (see its error under Replies). A temporary "
        "failure is retried by `repflow dispatch`.",
    ),
    "replied": Flash("ok", "Your reply was sent."),
    "discarded": Flash("ok", "Draft discarded."),
    "deal": Flash("ok", "Deal stage saved."),
    "ignored": Flash("ok", "Marked as not an offer; waiting drafts were discarded."),
    "unignored": Flash("ok", "Back as an offer: the lead and its drafts are as they were."),
    "blocked": Flash("ok", "Sender blocked: their mail is no longer answered."),
    "unblocked": Flash("ok", "Sender unblocked: their next email is answered as usual."),
    "handled": Flash("error", "That draft was already handled."),
    "saved": Flash("ok", "Preferences saved: they apply from the next email."),
    "unblocked_entry": Flash("ok", "Unblocked: their next email is answered as usual."),
}


class DashboardError(Exception):
    """An error page the dashboard answers with (403, 404, 413, 429, ...)."""

    def __init__(self, status: int, title: str, message: str = "") -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.message = message


class _Redirect(Exception):
    """Answer with a redirect (used by the auth check from inside a route)."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true" and "hx-boosted" not in request.headers


class Dashboard:
    """The dashboard's state (store, accounts, transport, session keys) and its router.

    Args:
        store: The deal-desk store.
        users: Where accounts are kept (default: :func:`user_store_for` ``store``).
        transport: How approved replies leave; default: built from the environment on first
            send (``REPFLOW_SMTP_HOST`` -> SMTP, else ``.eml`` files in ``REPFLOW_OUTBOX``).
        secret_key: The session signing key (default: ``REPFLOW_SECRET_KEY`` or random).
        prefix: Where the pages live.
        secure_cookies: Force the cookie's ``Secure`` flag on or off (default: on for HTTPS).
    """

    def __init__(
        self,
        store: DeskStore,
        *,
        users: UserStore | None = None,
        transport: MailTransport | None = None,
        secret_key: bytes | str | None = None,
        prefix: str = DEFAULT_PREFIX,
        secure_cookies: bool | None = None,
    ) -> None:
        self.store = store
        self.users = users if users is not None else user_store_for(store)
        self._transport = transport
        key = secret_key if secret_key is not None else secret_key_from_env()
        self.codec = SessionCodec(key.encode("utf-8") if isinstance(key, str) else key)
        self.prefix = prefix.rstrip("/")
        self.urls = Urls(self.prefix)
        self.templates = Templates()
        self.throttle = LoginThrottle()
        self.address_throttle = LoginThrottle(max_failures=30)
        self.secure_cookies = secure_cookies
        self._dummy_hash: str | None = None
        self.router = self._build_router()

    # -- plumbing ----------------------------------------------------------------------------
    @property
    def transport(self) -> MailTransport:
        """The mail transport (built from the environment on first use)."""
        if self._transport is None:
            from repflow.bootstrap import build_transport
            from repflow.config import Settings

            settings = Settings()
            self._transport = build_transport(settings, settings.outbox)
        return self._transport

    def _session(self, request: Request) -> Session:
        """The request's session; a fresh anonymous one when it has none (or a bad one)."""
        cached = getattr(request.state, "dashboard_session", None)
        if isinstance(cached, Session):
            return cached
        session = self.codec.loads(request.cookies.get(SESSION_COOKIE))
        request.state.dashboard_session_valid = session is not None
        if session is None:
            session = Session()
            request.state.dashboard_session_dirty = True
        request.state.dashboard_session = session
        return session

    def _set_session(self, request: Request, session: Session) -> None:
        request.state.dashboard_session = session
        request.state.dashboard_session_dirty = True

    def _finish(self, request: Request, response: Response) -> Response:
        """Add the security headers and (when it changed) the session cookie."""
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if getattr(request.state, "dashboard_session_dirty", False):
            session = self._session(request)
            secure = (
                self.secure_cookies
                if self.secure_cookies is not None
                else request.url.scheme == "https"
            )
            response.set_cookie(
                SESSION_COOKIE,
                self.codec.dumps(session),
                max_age=self.codec.max_age,
                path="/",
                secure=secure,
                httponly=True,
                samesite="lax",
            )
        device = getattr(request.state, "dashboard_device", None)
        if isinstance(device, str):
            response.set_cookie(
                DEVICE_COOKIE,
                device,
                max_age=DEVICE_MAX_AGE_S,
                path=self.prefix + "/",
                secure=self._secure(request),
                httponly=True,
                samesite="lax",
            )
        return response

    def _secure(self, request: Request) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return request.url.scheme == "https"

    def _html(
        self,
        request: Request,
        template: str,
        context: dict[str, Any],
        *,
        status: int = 200,
        block: str | None = None,
    ) -> Response:
        session = self._session(request)
        full = {
            "urls": self.urls,
            "csrf_field": CSRF_FIELD,
            "csrf_token": session.csrf,
            "user": None,
            "creator": None,
            "creators": (),
            "nav": "",
            "flash": None,
            **context,
        }
        body = self.templates.render(template, full, block=block)
        return self._finish(request, HTMLResponse(body, status_code=status))

    def _redirect(self, request: Request, location: str) -> Response:
        if _is_htmx(request):
            response: Response = Response(status_code=204, headers={"HX-Redirect": location})
        else:
            response = RedirectResponse(location, status_code=303)
        return self._finish(request, response)

    def _safe_next(self, value: object) -> str | None:
        if not isinstance(value, str) or not value.startswith(self.prefix + "/"):
            return None
        if "//" in value or "\\" in value or any(ord(c) < 32 for c in value):
            return None
        return value

    async def _user(self, request: Request) -> DashboardUser | None:
        """The signed-in account: a signed cookie whose session the server still holds."""
        cached = getattr(request.state, "dashboard_user", False)
        if cached is not False:
            return cast(DashboardUser | None, cached)
        session = self._session(request)
        user = None
        if session.email and session.sid:
            user = await self.users.get_user(session.email)
            if user is not None and (
                session.password_tag != self.codec.password_tag(user.password_hash)
                or not await self.users.session_active(
                    session_key(session.sid), user.email, datetime.now(UTC)
                )
            ):
                user = None
        request.state.dashboard_user = user
        return user

    async def _require_user(self, request: Request) -> DashboardUser:
        user = await self._user(request)
        if user is None:
            target = request.url.path
            if request.method != "GET":
                target = self.urls.home()
            elif request.url.query:
                target = f"{target}?{request.url.query}"
            raise _Redirect(self.urls.signin(self._safe_next(target)))
        return user

    async def _scope(
        self, request: Request, creator_id: str
    ) -> tuple[DashboardUser, CreatorProfile]:
        """The signed-in user and the creator they act for; 404 when they may not."""
        user = await self._require_user(request)
        if not user.may_act_for(creator_id):
            raise DashboardError(404, "Not found", "There is no such page.")
        creator = await self.store.get_creator(creator_id)
        if creator is None:
            raise DashboardError(404, "Not found", "There is no such creator.")
        return user, creator

    async def _base(self, user: DashboardUser, creator: CreatorProfile, nav: str) -> dict[str, Any]:
        creators: tuple[str, ...] = ()
        if user.admin:
            creators = tuple(c.id for c in await self.store.list_creators())
        return {"user": user, "creator": creator, "creators": creators, "nav": nav}

    async def _csrf_guard(self, request: Request) -> None:
        """Router-wide dependency: every POST must carry the session's CSRF token."""
        session = self._session(request)
        if request.method != "POST":
            return
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            raise DashboardError(413, "Request too large")
        form = await request.form(max_files=0, max_fields=200)
        expected = session.csrf if request.state.dashboard_session_valid else None
        if not csrf_ok(expected, form, request.headers.get(CSRF_HEADER)):
            raise DashboardError(
                403,
                "Forbidden",
                "This form has expired or did not come from this site. Reload the page and "
                "try again.",
            )

    async def handle_error(self, request: Request, exc: Exception) -> Response:
        """Render a :class:`DashboardError` or follow a redirect (app exception handler)."""
        if isinstance(exc, _Redirect):
            return self._redirect(request, exc.location)
        error = cast(DashboardError, exc)
        if _is_htmx(request):
            response = HTMLResponse(
                f'<p class="flash flash-error">{error.title}</p>', status_code=error.status
            )
            return self._finish(request, response)
        user = await self._user(request)
        return self._html(
            request,
            "error.html",
            {"title": error.title, "message": error.message, "status": error.status, "user": user},
            status=error.status,
        )

    # -- routes ------------------------------------------------------------------------------
    def _build_router(self) -> APIRouter:
        router = APIRouter(
            prefix=self.prefix,
            include_in_schema=False,
            dependencies=[Depends(self._csrf_guard)],
        )
        add = router.add_api_route
        add("/", self.home, methods=["GET"])
        add("/signin", self.signin_page, methods=["GET"])
        add("/signin", self.signin, methods=["POST"])
        add("/signout", self.signout, methods=["POST"])
        add("/signout/everywhere", self.signout_everywhere, methods=["POST"])
        add("/switch", self.switch, methods=["GET"])
        add("/c/{creator_id}/inbox", self.inbox, methods=["GET"])
        add("/c/{creator_id}/threads/{thread_id}", self.thread, methods=["GET"])
        add(
            "/c/{creator_id}/threads/{thread_id}/drafts/{outbox_id}/approve",
            self.approve,
            methods=["POST"],
        )
        add(
            "/c/{creator_id}/threads/{thread_id}/drafts/{outbox_id}/send",
            self.edit_and_send,
            methods=["POST"],
        )
        add(
            "/c/{creator_id}/threads/{thread_id}/drafts/{outbox_id}/discard",
            self.discard,
            methods=["POST"],
        )
        add("/c/{creator_id}/threads/{thread_id}/reply", self.compose, methods=["POST"])
        add("/c/{creator_id}/threads/{thread_id}/ignore", self.ignore, methods=["POST"])
        add("/c/{creator_id}/threads/{thread_id}/unignore", self.unignore, methods=["POST"])
        add("/c/{creator_id}/threads/{thread_id}/deal", self.advance_deal, methods=["POST"])
        add("/c/{creator_id}/threads/{thread_id}/block", self.block, methods=["POST"])
        add("/c/{creator_id}/threads/{thread_id}/unblock", self.unblock, methods=["POST"])
        add("/c/{creator_id}/board", self.board, methods=["GET"])
        add("/c/{creator_id}/export/leads.csv", self.export_leads, methods=["GET"])
        add("/c/{creator_id}/export/deals.csv", self.export_deals, methods=["GET"])
        add("/c/{creator_id}/preferences", self.preferences_page, methods=["GET"])
        add("/c/{creator_id}/preferences", self.save_preferences, methods=["POST"])
        add("/c/{creator_id}/blocklist/unblock", self.unblock_entry, methods=["POST"])
        return router

    async def home(self, request: Request) -> Response:
        """The signed-in user's inbox, or the sign-in page."""
        user = await self._require_user(request)
        creator_id = user.creator_id
        if user.admin and await self.store.get_creator(creator_id) is None:
            # An operator's account need not belong to a creator: open the first one.
            creators = await self.store.list_creators()
            creator_id = creators[0].id if creators else creator_id
        return self._redirect(request, self.urls.inbox(creator_id))

    async def signin_page(self, request: Request) -> Response:
        """The sign-in form."""
        next_url = self._safe_next(request.query_params.get("next"))
        return self._html(
            request, "signin.html", {"next": next_url or "", "email": "", "error": ""}
        )

    async def _check_password(self, user: DashboardUser | None, password: str) -> bool:
        if self._dummy_hash is None:
            self._dummy_hash = await asyncio.to_thread(hash_password, new_csrf_token())
        stored = user.password_hash if user is not None else self._dummy_hash
        ok = await asyncio.to_thread(verify_password, password, stored)
        return ok and user is not None

    async def signin(self, request: Request) -> Response:
        """Check e-mail and password; start a signed-in session."""
        form = await request.form()
        raw_email = _field(form, "email", 320)
        password = _field(form, "password", 1024)
        next_url = self._safe_next(form.get("next"))
        context = {"next": next_url or "", "email": raw_email}
        try:
            email = normalise_email(raw_email)
        except ValueError:
            return self._html(
                request,
                "signin.html",
                {**context, "error": "Enter your e-mail address and password."},
                status=400,
            )
        address = request.client.host if request.client is not None else "unknown"
        device = self.codec.known_device(request.cookies.get(DEVICE_COOKIE), email)
        known = device is not None
        # A known device answers for its own failures only; any other browser for its address
        # and for the account.
        keys: list[tuple[LoginThrottle, str]] = (
            [(self.throttle, f"device:{device}")]
            if device is not None
            else [(self.address_throttle, address), (self.throttle, email)]
        )
        if any(throttle.blocked(key) for throttle, key in keys):
            log.info("dashboard sign-in throttled", extra={"known_device": known})
            return self._html(
                request,
                "signin.html",
                {**context, "error": "Too many failed attempts. Try again in 15 minutes."},
                status=429,
            )
        user = await self.users.get_user(email)
        if not await self._check_password(user, password) or user is None:
            for throttle, key in keys:
                throttle.failed(key)
            log.info("dashboard sign-in failed", extra={"known_device": known})
            return self._html(
                request,
                "signin.html",
                {**context, "error": "Wrong e-mail address or password."},
                status=401,
            )
        # A known device signing in leaves the count of failures from elsewhere running.
        for throttle, key in keys:
            throttle.succeeded(key)
        request.state.dashboard_device = self.codec.device_cookie(user.email)
        if needs_rehash(user.password_hash):
            user = replace(user, password_hash=await asyncio.to_thread(hash_password, password))
            await self.users.upsert_user(user)
        # A new session (and CSRF token) at sign-in: no fixation of a pre-sign-in session.
        sid = new_session_id()
        expires = datetime.now(UTC) + timedelta(seconds=self.codec.max_age)
        await self.users.add_session(session_key(sid), user.email, expires)
        self._set_session(
            request,
            Session(
                email=user.email,
                password_tag=self.codec.password_tag(user.password_hash),
                sid=sid,
            ),
        )
        return self._redirect(request, next_url or self.urls.inbox(user.creator_id))

    async def signout(self, request: Request) -> Response:
        """End the session, on the server too: the old cookie no longer signs anyone in."""
        session = self._session(request)
        if session.sid:
            await self.users.revoke_session(session_key(session.sid))
        self._set_session(request, Session())
        return self._redirect(request, self.urls.signin())

    async def signout_everywhere(self, request: Request) -> Response:
        """End every session of the signed-in account (other browsers and devices too)."""
        user = await self._require_user(request)
        ended = await self.users.revoke_sessions(user.email)
        log.info("dashboard signed out everywhere", extra={"sessions": ended})
        self._set_session(request, Session())
        return self._redirect(request, self.urls.signin())

    async def switch(self, request: Request) -> Response:
        """Admin: open another creator's inbox (a GET form, works without JavaScript)."""
        creator_id = request.query_params.get("creator", "")
        await self._scope(request, creator_id)
        return self._redirect(request, self.urls.inbox(creator_id))

    async def inbox(self, request: Request, creator_id: str) -> Response:
        """The creator's leads, filtered by state and flag, searched by brand or subject."""
        user, creator = await self._scope(request, creator_id)
        params = request.query_params
        state = params.get("state") or ""
        state = state if state in {s.value for s in LeadState} else ""
        flag = params.get("flag") or ""
        flag = flag if flag in FLAG_FILTERS else ""
        query = (params.get("q") or "").strip()[:200]
        rows = await inbox_rows(self.store, creator_id, state=state, flag=flag, query=query)
        context = {
            **await self._base(user, creator, "inbox"),
            "rows": rows,
            "state": state,
            "flag": flag,
            "q": query,
            "states": [s.value for s in STATE_ORDER],
            "flags": FLAG_FILTERS,
        }
        block = (
            "rows" if _is_htmx(request) and request.headers.get("hx-target") == "leads" else None
        )
        return self._html(request, "inbox.html", context, block=block)

    async def _existing_thread(self, creator_id: str, thread_id: str) -> ThreadState:
        """The thread as stored; a 404 when the creator has no such thread."""
        state = await self.store.load_thread(creator_id, thread_id)
        if state.lead is None and not state.messages:
            raise DashboardError(404, "Not found", "There is no such thread.")
        return state

    async def _thread_page(
        self,
        request: Request,
        user: DashboardUser,
        creator: CreatorProfile,
        thread_id: str,
        *,
        flash: Flash | None = None,
        status: int = 200,
        edit_text: dict[str, str] | None = None,
        compose_text: str = "",
    ) -> Response:
        state = await self._existing_thread(creator.id, thread_id)
        view = thread_view(state)
        blocklist = await self.store.get_blocklist(creator.id)
        context = {
            **await self._base(user, creator, "inbox"),
            "t": view,
            "flash": flash,
            "edit_text": edit_text or {},
            "compose_text": compose_text,
            "recipient": reply_route(state, creator)[0] if not view.drafts else None,
            "sender_blocked": "@" in view.sender and blocklist.matches(view.sender),
            "today": datetime.now(UTC).date().isoformat(),
            "signature": creator.preferences.signature,
        }
        block = (
            "thread_main"
            if _is_htmx(request) and request.headers.get("hx-target") == "thread-main"
            else None
        )
        return self._html(request, "thread.html", context, status=status, block=block)

    async def thread(self, request: Request, creator_id: str, thread_id: str) -> Response:
        """One thread: conversation, extracted fields with evidence, decision, drafts."""
        user, creator = await self._scope(request, creator_id)
        notice = _NOTICES.get(request.query_params.get("done", ""))
        return await self._thread_page(request, user, creator, thread_id, flash=notice)

    async def _after_action(
        self,
        request: Request,
        user: DashboardUser,
        creator: CreatorProfile,
        thread_id: str,
        done: str,
    ) -> Response:
        """POST-redirect-GET; an htmx request gets the updated thread column at once."""
        if _is_htmx(request):
            return await self._thread_page(
                request, user, creator, thread_id, flash=_NOTICES.get(done)
            )
        return self._redirect(request, self.urls.thread(creator.id, thread_id, done=done))

    async def _own_draft(self, creator_id: str, thread_id: str, outbox_id: str) -> OutboxItem:
        try:
            item = await self.store.get_outbox(creator_id, outbox_id)
        except NotFound:
            raise DashboardError(404, "Not found", "There is no such draft.") from None
        if item.thread_id != thread_id:
            raise DashboardError(404, "Not found", "There is no such draft.")
        return item

    async def _send(
        self,
        request: Request,
        creator_id: str,
        thread_id: str,
        outbox_id: str,
        text: str | None,
    ) -> Response:
        user, creator = await self._scope(request, creator_id)
        await self._own_draft(creator_id, thread_id, outbox_id)
        try:
            item = await self.store.update_draft(
                creator_id, outbox_id, text=text, status=OutboxStatus.PENDING
            )
        except Conflict:
            return await self._after_action(request, user, creator, thread_id, "handled")
        if item.status is not OutboxStatus.PENDING:
            return await self._after_action(request, user, creator, thread_id, "handled")
        try:
            await build_dispatcher(self.store, self.transport).send(item, creator=creator)
        except SendError as exc:
            log.warning("dashboard send failed", extra={"thread_id": thread_id, "error": str(exc)})
            return await self._after_action(request, user, creator, thread_id, "queued")
        log.info("dashboard reply sent", extra={"thread_id": thread_id, "edited": text is not None})
        state = await self.store.load_thread(creator_id, thread_id)
        if await learn_contact(self.store, creator, state, item.to_address):
            log.info("contact learned from an approved reply", extra={"thread_id": thread_id})
        return await self._after_action(request, user, creator, thread_id, "sent")

    async def approve(
        self, request: Request, creator_id: str, thread_id: str, outbox_id: str
    ) -> Response:
        """Approve a draft as written and send it now (through the outbox and transport)."""
        return await self._send(request, creator_id, thread_id, outbox_id, None)

    async def edit_and_send(
        self, request: Request, creator_id: str, thread_id: str, outbox_id: str
    ) -> Response:
        """Replace a draft's text with the creator's and send it now."""
        form = await request.form()
        text = _field(form, "text", MAX_REPLY_CHARS + 1).replace("\r\n", "\n").strip()
        if not text or len(text) > MAX_REPLY_CHARS:
            user, creator = await self._scope(request, creator_id)
            await self._own_draft(creator_id, thread_id, outbox_id)
            message = (
                "The reply is empty."
                if not text
                else f"The reply is longer than {MAX_REPLY_CHARS:,} characters."
            )
            return await self._thread_page(
                request,
                user,
                creator,
                thread_id,
                flash=Flash("error", f"text: {message}"),
                status=422,
                edit_text={outbox_id: text},
            )
        # An edited draft is a reply the creator wrote: checked like one (compose).
        user, creator = await self._scope(request, creator_id)
        item = await self._own_draft(creator_id, thread_id, outbox_id)
        state = await self.store.load_thread(creator_id, thread_id)
        problems = creator_text_problems(text, state, creator, sender=item.from_address)
        if problems:
            return await self._thread_page(
                request,
                user,
                creator,
                thread_id,
                flash=_not_sent(problems),
                status=422,
                edit_text={outbox_id: text},
            )
        return await self._send(request, creator_id, thread_id, outbox_id, text)

    async def discard(
        self, request: Request, creator_id: str, thread_id: str, outbox_id: str
    ) -> Response:
        """Discard a draft (nothing is sent)."""
        user, creator = await self._scope(request, creator_id)
        await self._own_draft(creator_id, thread_id, outbox_id)
        try:
            await self.store.update_draft(
                creator_id, outbox_id, text=None, status=OutboxStatus.DISCARDED
            )
        except Conflict:
            return await self._after_action(request, user, creator, thread_id, "handled")
        await self._touch_lead(creator_id, thread_id)
        return await self._after_action(request, user, creator, thread_id, "discarded")

    async def _touch_lead(self, creator_id: str, thread_id: str) -> None:
        """Record the creator's action as the lead's latest activity (the action's time)."""
        lead = (await self.store.load_thread(creator_id, thread_id)).lead
        if lead is not None:
            await self.store.update_lead(replace(lead, updated_at=datetime.now(UTC)))

    async def _discard_drafts(self, creator_id: str, thread_id: str) -> list[str]:
        """Discard the thread's waiting drafts; returns the ids discarded."""
        state = await self.store.load_thread(creator_id, thread_id)
        discarded = []
        for item in state.outbox:
            if item.status is OutboxStatus.DRAFT:
                try:
                    await self.store.update_draft(
                        creator_id, item.id, text=None, status=OutboxStatus.DISCARDED
                    )
                except Conflict:  # handled meanwhile
                    continue
                discarded.append(item.id)
        return discarded

    async def ignore(self, request: Request, creator_id: str, thread_id: str) -> Response:
        """Mark the lead not an offer (state ``ignored``) and discard its waiting drafts."""
        user, creator = await self._scope(request, creator_id)
        state = await self.store.load_thread(creator_id, thread_id)
        lead = state.lead
        if lead is None:
            raise DashboardError(404, "Not found", "There is no lead in this thread.")
        current = LeadState(lead.state)
        if current is not LeadState.IGNORED:
            if not can_transition_lead(current, LeadState.IGNORED):
                flash = Flash(
                    "error",
                    f"A lead in state “{current.value}” cannot be marked not an offer.",
                )
                return await self._thread_page(
                    request, user, creator, thread_id, flash=flash, status=409
                )
            discarded = await self._discard_drafts(creator_id, thread_id)
            conversation = state.conversation.state if state.conversation else None
            undo = {"state": current.value, "conversation": conversation, "drafts": discarded}
            await self.store.update_lead(
                replace(
                    lead, state=LeadState.IGNORED.value, updated_at=datetime.now(UTC), undo=undo
                )
            )
            if conversation is not None:
                await self.store.set_conversation_state(
                    creator_id, thread_id, ConversationState.CLOSED.value
                )
        else:
            await self._discard_drafts(creator_id, thread_id)
        return await self._after_action(request, user, creator, thread_id, "ignored")

    async def unignore(self, request: Request, creator_id: str, thread_id: str) -> Response:
        """Undo "not an offer": the lead's state, whose turn it is and its drafts come back."""
        user, creator = await self._scope(request, creator_id)
        state = await self.store.load_thread(creator_id, thread_id)
        lead = state.lead
        if lead is None:
            raise DashboardError(404, "Not found", "There is no lead in this thread.")
        undo = lead.undo or {}
        # Marked before undo records were kept (or by hand): back to review, for the creator.
        previous = str(undo.get("state") or LeadState.NEEDS_REVIEW.value)
        if not undo:
            undo = {"conversation": ConversationState.AWAITING_CREATOR.value}
        try:
            restored = restore_ignored(LeadState(lead.state), previous)
        except IllegalTransition:
            flash = Flash("error", "This lead is not marked “not an offer”: nothing to undo.")
            return await self._thread_page(
                request, user, creator, thread_id, flash=flash, status=409
            )
        drafts = [str(d) for d in undo.get("drafts") or () if isinstance(d, str)]
        reopened = await self.store.reopen_drafts(creator_id, drafts)
        conversation = str(undo.get("conversation") or "")
        if reopened:
            conversation = ConversationState.AWAITING_CREATOR.value
        if conversation in {c.value for c in ConversationState}:
            await self.store.set_conversation_state(creator_id, thread_id, conversation)
        await self.store.update_lead(
            replace(lead, state=restored.value, updated_at=datetime.now(UTC), undo=None)
        )
        log.info("lead restored from not an offer", extra={"thread_id": thread_id})
        return await self._after_action(request, user, creator, thread_id, "unignored")

    async def block(self, request: Request, creator_id: str, thread_id: str) -> Response:
        """Block the thread's sender for this creator and discard its waiting drafts."""
        user, creator = await self._scope(request, creator_id)
        state = await self._existing_thread(creator_id, thread_id)
        sender = thread_view(state).sender
        if "@" not in sender:
            flash = Flash("error", "This thread has no sender address to block.")
            return await self._thread_page(
                request, user, creator, thread_id, flash=flash, status=409
            )
        await self.store.block(creator_id, sender)
        await self._discard_drafts(creator_id, thread_id)
        if state.conversation is not None:
            await self.store.set_conversation_state(
                creator_id, thread_id, ConversationState.CLOSED.value
            )
        await self._touch_lead(creator_id, thread_id)
        return await self._after_action(request, user, creator, thread_id, "blocked")

    async def advance_deal(self, request: Request, creator_id: str, thread_id: str) -> Response:
        """Move the thread's deal to its next stage with a date (and an amount where needed)."""
        user, creator = await self._scope(request, creator_id)
        form = await request.form()
        state = await self.store.load_thread(creator_id, thread_id)
        if state.deal is None:
            raise DashboardError(404, "Not found", "There is no deal in this thread.")
        fields = {name: _field(form, name, 40).strip() for name in ("stage", "on", "amount")}
        currency = _field(form, "currency", 8).strip()
        today = datetime.now(UTC).date()
        try:
            target = DealStage(fields["stage"])
            on = date.fromisoformat(fields["on"]) if fields["on"] else today
            amount = Decimal(fields["amount"].replace(",", "")) if fields["amount"] else None
            if amount is not None and not amount.is_finite():
                raise InvalidOperation
        except (ValueError, InvalidOperation):
            message = "Enter the stage, a date (YYYY-MM-DD) and an amount in digits."
            return await self._thread_page(
                request, user, creator, thread_id, flash=Flash("error", message), status=422
            )
        try:
            moved, _milestone = advance_deal(
                state.deal, target, on=on, today=today, amount=amount, currency=currency or None
            )
        except IllegalDealMove as exc:
            return await self._thread_page(
                request, user, creator, thread_id, flash=Flash("error", str(exc)), status=422
            )
        await self.store.update_deal(moved)
        await self._touch_lead(creator_id, thread_id)
        log.info("deal stage saved", extra={"thread_id": thread_id, "stage": target.value})
        return await self._after_action(request, user, creator, thread_id, "deal")

    async def unblock(self, request: Request, creator_id: str, thread_id: str) -> Response:
        """Unblock the thread's sender: their address, and any blocked domain that covers it."""
        user, creator = await self._scope(request, creator_id)
        state = await self._existing_thread(creator_id, thread_id)
        sender = thread_view(state).sender
        blocklist = await self.store.get_blocklist(creator_id)
        if "@" not in sender or not blocklist.matches(sender):
            flash = Flash("error", "This sender is not blocked.")
            return await self._thread_page(
                request, user, creator, thread_id, flash=flash, status=409
            )
        await self.store.unblock(creator_id, sender)
        domain = sender.rpartition("@")[2].lower()
        for entry in blocklist.domains:
            if domain == entry or domain.endswith("." + entry):
                await self.store.unblock(creator_id, entry)
        await self._touch_lead(creator_id, thread_id)
        log.info("sender unblocked", extra={"thread_id": thread_id})
        return await self._after_action(request, user, creator, thread_id, "unblocked")

    async def compose(self, request: Request, creator_id: str, thread_id: str) -> Response:
        """Send a reply the creator wrote: checked like every reply, to the address code chose.

        The recipient and sender are the thread's (:func:`reply_route`), never the form's; the
        text passes :func:`~repflow.api.dashboard.compose.creator_text_problems` (no left-over
        placeholder, markup, control or header characters: the creator's choices are theirs).
        The reply goes through the outbox and the transport like an approved draft and is then
        part of the thread.
        """
        user, creator = await self._scope(request, creator_id)
        form = await request.form()
        text = _field(form, "text", MAX_REPLY_CHARS + 1).replace("\r\n", "\n").strip()
        state = await self._existing_thread(creator_id, thread_id)

        async def refuse(message: str, status: int = 422) -> Response:
            return await self._thread_page(
                request,
                user,
                creator,
                thread_id,
                flash=Flash("error", message),
                status=status,
                compose_text=text,
            )

        to_address, from_address = reply_route(state, creator)
        if to_address is None or from_address is None:
            return await refuse("This thread has no address a reply can go to.", 409)
        if (await self.store.get_blocklist(creator_id)).matches(to_address):
            return await refuse("This sender is blocked: unblock them before you reply.", 409)
        if any(item.status is OutboxStatus.DRAFT for item in state.outbox):
            return await refuse(
                "A draft is waiting in this thread: approve, edit or discard it instead.", 409
            )
        if not text:
            return await refuse("text: The reply is empty.")
        if len(text) > MAX_REPLY_CHARS:
            return await refuse(f"text: The reply is longer than {MAX_REPLY_CHARS:,} characters.")
        problems = creator_text_problems(text, state, creator, sender=from_address)
        if problems:
            return await self._thread_page(
                request,
                user,
                creator,
                thread_id,
                flash=_not_sent(problems),
                status=422,
                compose_text=text,
            )
        item = composed_reply(state, creator, text, to_address, from_address)
        await self.store.add_outbox(item)
        try:
            await build_dispatcher(self.store, self.transport).send(item, creator=creator)
        except SendError as exc:
            log.warning("dashboard send failed", extra={"thread_id": thread_id, "error": str(exc)})
            return await self._after_action(request, user, creator, thread_id, "queued")
        await self.store.set_conversation_state(
            creator_id, thread_id, ConversationState.AWAITING_BRAND.value
        )
        log.info("dashboard reply written and sent", extra={"thread_id": thread_id})
        return await self._after_action(request, user, creator, thread_id, "replied")

    async def board(self, request: Request, creator_id: str) -> Response:
        """Deals by stage with totals per currency; offers per week and acceptance rate."""
        user, creator = await self._scope(request, creator_id)
        view = await board_view(self.store, creator_id)
        context = {
            **await self._base(user, creator, "board"),
            "board": view,
            "chart": offers_chart(view.weeks),
        }
        return self._html(request, "board.html", context)

    def _csv(self, request: Request, creator_id: str, kind: str, body: str) -> Response:
        stamp = datetime.now(UTC).date().isoformat()
        safe_id = "".join(c if c.isalnum() or c in "-_" else "_" for c in creator_id)[:64]
        response = Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": (
                    f'attachment; filename="repflow-{kind}-{safe_id}-{stamp}.csv"'
                )
            },
        )
        return self._finish(request, response)

    async def export_leads(self, request: Request, creator_id: str) -> Response:
        """The creator's leads as CSV; the inbox's filters (``state``, ``flag``, ``q``) apply."""
        await self._scope(request, creator_id)
        params = request.query_params
        state = params.get("state") or ""
        flag = params.get("flag") or ""
        body = await leads_csv(
            self.store,
            creator_id,
            state=state if state in {s.value for s in LeadState} else None,
            flag=flag if flag in FLAG_FILTERS else None,
            query=(params.get("q") or "").strip()[:200] or None,
        )
        return self._csv(request, creator_id, "leads", body)

    async def export_deals(self, request: Request, creator_id: str) -> Response:
        """The creator's deals as CSV, with the stages reached, their dates and amounts."""
        await self._scope(request, creator_id)
        return self._csv(request, creator_id, "deals", await deals_csv(self.store, creator_id))

    def _prefs_context(self, form: PrefsForm) -> dict[str, Any]:
        return {"form": form, "policy_help": POLICY_HELP, "errors": summary(form.errors)}

    async def _blocked(self, creator_id: str) -> list[str]:
        blocklist = await self.store.get_blocklist(creator_id)
        return sorted(blocklist.addresses) + sorted(f"@{d}" for d in blocklist.domains)

    async def unblock_entry(self, request: Request, creator_id: str) -> Response:
        """Remove one address or domain from the creator's blocklist (the preferences page)."""
        await self._scope(request, creator_id)
        form = await request.form()
        value = _field(form, "value", 400).strip()
        try:
            removed = await self.store.unblock(creator_id, value)
        except ValueError:
            removed = False
        if not removed:
            raise DashboardError(404, "Not found", "That sender is not blocked.")
        log.info("blocklist entry removed", extra={"creator_id": creator_id})
        return self._redirect(request, self.urls.preferences(creator_id, done="unblocked_entry"))

    async def preferences_page(self, request: Request, creator_id: str) -> Response:
        """The preferences form with the stored values."""
        user, creator = await self._scope(request, creator_id)
        notice = _NOTICES.get(request.query_params.get("done", ""))
        context = {
            **await self._base(user, creator, "preferences"),
            **self._prefs_context(
                PrefsForm.from_preferences(creator.preferences, creator.contacts)
            ),
            "flash": notice,
            "blocked": await self._blocked(creator_id),
        }
        return self._html(request, "preferences.html", context)

    async def save_preferences(self, request: Request, creator_id: str) -> Response:
        """Validate through Preferences and save with the store (effective on the next email)."""
        user, creator = await self._scope(request, creator_id)
        form = PrefsForm.from_form(await request.form())
        prefs = validate_form(creator.preferences, form)
        contacts = validate_contacts(form)
        htmx = _is_htmx(request) and request.headers.get("hx-target") == "prefs-form"
        base = {
            **await self._base(user, creator, "preferences"),
            "blocked": await self._blocked(creator_id),
        }
        if prefs is None or contacts is None:
            context = {
                **base,
                **self._prefs_context(form),
                "flash": Flash("error", "Nothing was saved: correct the fields marked below."),
            }
            return self._html(
                request,
                "preferences.html",
                context,
                status=422,
                block="prefs_form" if htmx else None,
            )
        updated = creator.model_copy(update={"preferences": prefs, "contacts": contacts})
        await self.store.upsert_creator(updated)
        log.info("preferences saved", extra={"creator_id": creator_id})
        if htmx:
            context = {
                **base,
                "creator": updated,
                **self._prefs_context(PrefsForm.from_preferences(prefs, contacts)),
                "flash": _NOTICES["saved"],
            }
            return self._html(request, "preferences.html", context, block="prefs_form")
        return self._redirect(request, self.urls.preferences(creator_id, done="saved"))


def _field(form: FormData, name: str, limit: int) -> str:
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def install_dashboard(
    app: FastAPI,
    store: DeskStore,
    *,
    transport: MailTransport | None = None,
    users: UserStore | None = None,
    secret_key: bytes | str | None = None,
    prefix: str = DEFAULT_PREFIX,
    secure_cookies: bool | None = None,
    redirect_root: bool = True,
) -> Dashboard:
    """Add the dashboard to ``app`` (routes, static files, error pages, ``/`` redirect).

    Args:
        app: The FastAPI app (``create_app(...)``).
        store: The store the app serves.
        transport: How approved replies leave (default: from the environment on first send).
        users: Dashboard accounts (default: a table in the store's database).
        secret_key: Session signing key (default: ``REPFLOW_SECRET_KEY``, else random).
        prefix: Where the pages live.
        secure_cookies: Force the cookie's ``Secure`` flag (default: on for HTTPS requests).
        redirect_root: Redirect ``GET /`` to the dashboard.

    Returns:
        The dashboard (also at ``app.state.dashboard``).

    Raises:
        repflow.exceptions.ConfigError: ``REPFLOW_SECRET_KEY`` is set but too short.
    """
    dashboard = Dashboard(
        store,
        users=users,
        transport=transport,
        secret_key=secret_key,
        prefix=prefix,
        secure_cookies=secure_cookies,
    )
    app.include_router(dashboard.router)
    app.mount(
        f"{dashboard.prefix}/static",
        StaticFiles(directory=str(STATIC_DIR)),
        name="dashboard-static",
    )
    handler = cast(Callable[[Request, Exception], Awaitable[Response]], dashboard.handle_error)
    app.add_exception_handler(DashboardError, handler)
    app.add_exception_handler(_Redirect, handler)
    if redirect_root and not any(getattr(r, "path", None) == "/" for r in app.router.routes):

        async def root() -> RedirectResponse:
            return RedirectResponse(f"{dashboard.prefix}/", status_code=307)

        app.add_api_route("/", root, methods=["GET"], include_in_schema=False)
    app.state.dashboard = dashboard
    return dashboard


def _not_sent(problems: list[str]) -> Flash:
    """The notice for a reply the creator wrote that the check stopped, with what it found."""
    flash = Flash("error", "Not sent: fix what the check found in your reply.")
    flash.extra.extend(problems)
    return flash
