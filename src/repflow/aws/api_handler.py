"""The backend API on Lambda behind a function URL: ``repflow.aws.api_handler.handler``.

A function URL invokes the function with an API Gateway HTTP API payload (format 2.0) and
expects the same format back. :class:`AsgiAdapter` turns that into one ASGI ``http`` request
for the FastAPI app of :mod:`repflow.api` and the app's answer back into the payload (Mangum
does the same; it is not a dependency, and this is all that function URLs need):

* request: ``rawPath`` (percent-decoded into ``path``), ``rawQueryString``, ``headers``
  (lower-case; repeated headers arrive comma-joined), ``cookies`` (folded back into one
  ``cookie`` header), ``body`` (base64-decoded when ``isBase64Encoded``), the client address
  from ``requestContext.http.sourceIp``;
* response: the status, the headers (repeated ones comma-joined, ``set-cookie`` as the
  ``cookies`` list), the body as text for textual content types, else base64;
* the ASGI lifespan runs once per container, before the first request (the API migrates the
  schema at startup); its state is shared with every request, like uvicorn does.

Cold start: the database URL comes from ``REPFLOW_DB`` or from the Secrets Manager secret
named by ``DATABASE_URL_SECRET_ARN`` (a plain URL, or JSON with ``url``, or an RDS-style
``{engine, host, port, username, password, dbname}``); the bearer token from
``API_AUTH_TOKEN`` or the secret named by ``API_AUTH_TOKEN_SECRET_ARN``. Both are read once
per container. The function URL's ``AuthType`` is ``NONE``: the app itself requires
``Authorization: Bearer`` on every ``/api/`` route (``/healthz`` is open).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote, unquote

from repflow.aws.runtime import read_secret, run

__all__ = ["AsgiAdapter", "database_url_from_secret", "handler", "reset"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
AsgiApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Content types sent back as text (everything else is base64).
_TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/xml")
_TEXT_SUFFIXES = ("+json", "+xml")


class AsgiAdapter:
    """Serves Lambda function URL events (payload 2.0) with an ASGI app.

    Args:
        app: The ASGI application.
        lifespan: Run the ASGI lifespan startup before the first request (an app that does
            not speak the lifespan protocol is served anyway).
    """

    def __init__(self, app: AsgiApp, *, lifespan: bool = True) -> None:
        self.app = app
        self.lifespan = lifespan
        self.state: dict[str, Any] = {}
        self._started = not lifespan
        self._lifespan_task: asyncio.Task[None] | None = None
        self._lifespan_queue: asyncio.Queue[Message] | None = None

    def __call__(self, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
        """Answer one function URL event (on the container's long-lived event loop)."""
        return run(self.handle(event))

    async def startup(self) -> None:
        """Run the app's lifespan startup once (again after a failed attempt).

        Raises:
            RuntimeError: the app reported ``lifespan.startup.failed``.
        """
        if self._started:
            return
        loop = asyncio.get_running_loop()
        started: asyncio.Future[None] = loop.create_future()
        queue: asyncio.Queue[Message] = asyncio.Queue()

        async def receive() -> Message:
            return await queue.get()

        async def send(message: Message) -> None:
            kind = message.get("type")
            if kind == "lifespan.startup.complete" and not started.done():
                started.set_result(None)
            elif kind == "lifespan.startup.failed" and not started.done():
                started.set_exception(
                    RuntimeError(f"API startup failed: {message.get('message', '')}")
                )

        async def main() -> None:
            scope = {
                "type": "lifespan",
                "asgi": {"version": "3.0", "spec_version": "2.0"},
                "state": self.state,
            }
            try:
                await self.app(scope, receive, send)
            except Exception:
                # Failing before startup completed without saying so: the app does not speak
                # the lifespan protocol; serve it anyway (uvicorn's "auto"). After a
                # "startup.failed" the error was reported through ``started`` already.
                if not started.done():
                    started.set_result(None)
            finally:
                if not started.done():
                    started.set_result(None)

        await queue.put({"type": "lifespan.startup"})
        task = loop.create_task(main())
        await started
        self._lifespan_task = task
        self._lifespan_queue = queue
        self._started = True

    async def shutdown(self) -> None:
        """Run the lifespan shutdown (tests; Lambda just freezes the container)."""
        if self._lifespan_task is None or self._lifespan_queue is None:
            return
        await self._lifespan_queue.put({"type": "lifespan.shutdown"})
        try:
            await asyncio.wait_for(self._lifespan_task, timeout=10)
        finally:
            self._lifespan_task = None
            self._started = not self.lifespan

    async def handle(self, event: dict[str, Any]) -> dict[str, Any]:
        """Answer one function URL event.

        Args:
            event: The payload (format 2.0).

        Returns:
            The response payload.
        """
        await self.startup()
        scope = self._scope(event)
        body = _request_body(event)
        response_started = False
        response_done = asyncio.Event()
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        request_sent = False

        async def receive() -> Message:
            nonlocal request_sent
            if not request_sent:
                request_sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await response_done.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            nonlocal response_started, status, headers
            kind = message.get("type")
            if kind == "http.response.start":
                response_started = True
                status = int(message["status"])
                headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
            elif kind == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    response_done.set()

        try:
            await self.app(scope, receive, send)
        except Exception:
            from repflow.aws.observability import get_logger

            get_logger().exception("API request failed", extra={"path": scope["path"]})
            if not response_started or not response_done.is_set():
                return _error_response()
        finally:
            response_done.set()
        if not response_started:
            return _error_response()
        return _response(status, headers, b"".join(chunks))

    def _scope(self, event: dict[str, Any]) -> Scope:
        context = event.get("requestContext") or {}
        http = context.get("http") or {}
        raw_path = str(event.get("rawPath") or http.get("path") or "/")
        headers = [
            (str(name).lower().encode("latin-1"), str(value).encode("latin-1"))
            for name, value in (event.get("headers") or {}).items()
        ]
        cookies = event.get("cookies") or []
        if cookies:
            headers = [h for h in headers if h[0] != b"cookie"]
            headers.append((b"cookie", "; ".join(cookies).encode("latin-1")))
        host = str((event.get("headers") or {}).get("host") or context.get("domainName") or "")
        return {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": str(http.get("protocol", "HTTP/1.1")).removeprefix("HTTP/") or "1.1",
            "method": str(http.get("method") or "GET").upper(),
            "scheme": "https",
            "path": unquote(raw_path),
            "raw_path": quote(raw_path, safe="/%:@!$&'()*+,;=-._~").encode("ascii"),
            "query_string": str(event.get("rawQueryString") or "").encode("latin-1"),
            "root_path": "",
            "headers": headers,
            "client": (str(http.get("sourceIp") or "0.0.0.0"), 0),  # noqa: S104 - not a bind
            "server": (host, 443),
            "state": dict(self.state),
        }


def _request_body(event: dict[str, Any]) -> bytes:
    body = event.get("body")
    if not body:
        return b""
    if event.get("isBase64Encoded"):
        return base64.b64decode(body)
    return str(body).encode("utf-8")


def _is_text(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith(_TEXT_TYPES) or media.endswith(_TEXT_SUFFIXES)


def _response(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> dict[str, Any]:
    joined: dict[str, str] = {}
    cookies: list[str] = []
    for raw_name, raw_value in headers:
        name = raw_name.decode("latin-1").lower()
        value = raw_value.decode("latin-1")
        if name == "set-cookie":
            cookies.append(value)
        elif name in joined:
            joined[name] = f"{joined[name]},{value}"
        else:
            joined[name] = value
    payload: dict[str, Any] = {"statusCode": status, "headers": joined}
    if cookies:
        payload["cookies"] = cookies
    if _is_text(joined.get("content-type", "")):
        try:
            payload["body"] = body.decode("utf-8")
            payload["isBase64Encoded"] = False
            return payload
        except UnicodeDecodeError:
            pass
    if not body:
        payload["body"] = ""
        payload["isBase64Encoded"] = False
    else:
        payload["body"] = base64.b64encode(body).decode("ascii")
        payload["isBase64Encoded"] = True
    return payload


def _error_response() -> dict[str, Any]:
    return {
        "statusCode": 500,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"error": {"code": "internal", "message": "Internal Server Error"}}),
        "isBase64Encoded": False,
    }


def database_url_from_secret(value: str) -> str:
    """The database URL a secret holds.

    Args:
        value: A URL, JSON with ``url`` (or ``DATABASE_URL``), or RDS-style JSON with
            ``engine``, ``host``, ``port``, ``username``, ``password`` and ``dbname``.

    Returns:
        The URL (``postgresql://...``).

    Raises:
        ConfigError: the secret holds none of these.
    """
    from repflow.exceptions import ConfigError

    text = value.strip()
    if not text.startswith("{"):
        return text
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ConfigError("the database secret is neither a URL nor JSON") from exc
    for name in ("url", "DATABASE_URL", "database_url"):
        if isinstance(data.get(name), str) and data[name].strip():
            return str(data[name]).strip()
    try:
        user = quote(str(data["username"]), safe="")
        password = quote(str(data["password"]), safe="")
        host = str(data["host"])
    except KeyError as exc:
        raise ConfigError(f"the database secret has no url and no {exc.args[0]!r}") from exc
    port = data.get("port") or 5432
    name = data.get("dbname") or data.get("dbName") or "postgres"
    return f"postgresql://{user}:{password}@{host}:{port}/{name}"


_lock = threading.Lock()
_adapter: AsgiAdapter | None = None


def _setting(name: str, secret_env: str, *, convert: Callable[[str], str] = str) -> str:
    from repflow.exceptions import ConfigError

    value = os.environ.get(name, "").strip()
    if value:
        return value
    arn = os.environ.get(secret_env, "").strip()
    if not arn:
        raise ConfigError(f"{name} is not set (nor {secret_env})")
    return convert(read_secret(arn))


def build_adapter() -> AsgiAdapter:
    """The adapter around the API app, configured from the environment (see the docstring).

    Returns:
        The adapter (nothing connects before the first request).

    Raises:
        ConfigError: the database URL or the token is missing.
    """
    from repflow.api.serve import build_api_app

    database = _setting("REPFLOW_DB", "DATABASE_URL_SECRET_ARN", convert=database_url_from_secret)
    token = _setting("API_AUTH_TOKEN", "API_AUTH_TOKEN_SECRET_ARN")
    app = build_api_app(database, environ={"API_AUTH_TOKEN": token})
    return AsgiAdapter(app)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The API function's entry point (function URL events).

    Args:
        event: The function URL payload (format 2.0).
        context: The Lambda context.

    Returns:
        The response payload.
    """
    global _adapter
    with _lock:
        if _adapter is None:
            _adapter = build_adapter()
        adapter = _adapter
    return adapter(event, context)


def reset() -> None:
    """Forget the cached app (tests)."""
    global _adapter
    with _lock:
        _adapter = None
