"""A loopback stand-in for an OpenAI-compatible chat-completions server (the LLM engine's port).

A real HTTP server (stdlib ``http.server`` in a thread, 127.0.0.1, an ephemeral port) that reads
the request pydantic-ai sends and answers the way such servers do: a tool call when the request
offers tools, JSON content when it asks for a JSON response format (or the prompt is the
assessment's), plain text otherwise; as server-sent events when the request says ``stream``.
Every request is recorded, so tests count what reached the wire.

Its knobs reproduce what a small local server does (issue #18, llama-cpp-python 0.3.36 with a
small instruct model):

``reject_json_schema``
    ``response_format: json_schema`` is answered with HTTP 500 and the validation message
    ``Input should be 'text' or 'json_object'``; ``json_object`` (with a ``schema``) works.
    (``reject_json_object`` rejects that too, like a server that takes only ``text``.)
``ignore_tools``
    ``tools`` are accepted, but the chat template drops them: the model answers in prose.
``endless``
    Without ``max_tokens`` the model generates until its context is full: the answer takes
    ``endless_s`` seconds. One slot: requests are served one at a time, so a generation nobody
    waits for delays the next request, unless the client closes its connection (the stand-in
    then stops generating, as a streaming server does).
``alternate_roles``
    A ``system`` message anywhere but first, or two messages in a row with the same role, fails
    with the chat template's HTTP 500 (``Conversation roles must alternate ...``, Gemma 3's).
``mode``, ``garbage_next``
    ``"valid"``, ``"garbage"`` (unparseable content; ``garbage_next`` for the next N
    answers), ``"500"`` (a temporary server error),
    ``"invalid"`` (an HTTP 500 whose body says the request is invalid), ``"400"``, ``"429"``.
"""

from __future__ import annotations

import itertools
import json
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["DRAFT", "OFFER", "PERSONAL", "StandIn", "assessment_for"]

OFFER: dict[str, Any] = {
    "category": "sponsorship",
    "is_offer": True,
    "confidence": 0.93,
    "brand": "Acme Audio",
    "budget_min": 4000,
    "budget_max": 4000,
    "currency": "USD",
    "partnership_type": "flat_fee",
    "deliverables": [
        {"kind": "youtube_integration", "quantity": 1},
        {"kind": "youtube_short", "quantity": 1},
    ],
    "platforms": ["youtube"],
    "deadline": "2026-12-15",
    "usage_rights": "organic only, no paid ads",
    "language": "en",
    "summary": "Acme Audio offers USD 4,000 for a YouTube integration and a Short.",
    "evidence": {"budget": "Budget: $4,000 flat fee for both."},
}
#: What an obedient model makes of the injection example.
OBEYED: dict[str, Any] = {
    **OFFER,
    "brand": "PeakFuel",
    "budget_min": 250_000,
    "budget_max": 250_000,
    "confidence": 1.0,
    "evidence": {},
}
PERSONAL: dict[str, Any] = {
    "category": "personal",
    "is_offer": False,
    "confidence": 0.95,
    "language": "en",
}
DRAFT = (
    "Hi Jordan,\n\nThank you for the offer from Acme Audio, it sounds like a great fit. Maya "
    "will review the brief and the contract and get back to you shortly."
)
PROSE = "Thank you for your email! This looks like a sponsorship offer from a brand."
ROLES_ERROR = "Conversation roles must alternate user/assistant/user/assistant/..."
JSON_SCHEMA_ERROR = (
    "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
    "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}]"
)


def assessment_for(prompt: str) -> dict[str, Any]:
    """The assessment a well-behaved model returns for ``prompt``."""
    if "Acme Audio" in prompt:
        return OFFER
    if "PeakFuel" in prompt:
        return OBEYED
    return PERSONAL


class StandIn:
    """A tiny OpenAI-compatible chat-completions server on loopback (see the module doc)."""

    def __init__(self) -> None:
        self.mode = "valid"
        self.delay = 0.0
        self.reject_json_schema = False
        self.reject_json_object = False
        #: How many of the next answers are garbage (then valid again).
        self.garbage_next = 0
        self.ignore_tools = False
        self.endless = False
        self.endless_s = 30.0
        self.alternate_roles = False
        self.draft_text = DRAFT
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        #: How each request ended: "ok", an HTTP status, or "cancelled" (the client went away).
        self.outcomes: list[str] = []
        self._lock = threading.Lock()
        self._slot = threading.Lock()
        self._stopping = threading.Event()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with stand_in._lock:
                    stand_in.requests.append(body)
                    stand_in.headers.append({k.lower(): v for k, v in self.headers.items()})
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": {"message": "not found"}})
                with stand_in._slot:  # one generation at a time, like a single-slot server
                    status, payload = stand_in.answer(body, self.connection)
                if status == 0:
                    stand_in._record("cancelled")
                    self.close_connection = True
                    return None
                stand_in._record("ok" if status == 200 else str(status))
                if status == 200 and body.get("stream"):
                    return self._stream(payload, body)
                return self._send(status, payload)

            def _stream(self, completion: dict[str, Any], body: dict[str, Any]) -> None:
                """Send ``completion`` as server-sent events, the way a streaming server does."""
                choice = completion["choices"][0]
                message = choice["message"]
                delta: dict[str, Any] = {"role": "assistant", "content": message.get("content")}
                if message.get("tool_calls"):
                    delta["tool_calls"] = [
                        {"index": i, **call} for i, call in enumerate(message["tool_calls"])
                    ]
                base = {k: completion[k] for k in ("id", "created", "model")}
                base["object"] = "chat.completion.chunk"
                events = [
                    {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
                    {
                        **base,
                        "choices": [
                            {"index": 0, "delta": {}, "finish_reason": choice["finish_reason"]}
                        ],
                    },
                ]
                if (body.get("stream_options") or {}).get("include_usage"):
                    events.append({**base, "choices": [], "usage": completion["usage"]})
                data = b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events)
                data += b"data: [DONE]\n\n"
                self.close_connection = True
                try:
                    self.send_response(200)
                    self.send_header("content-type", "text/event-stream")
                    self.send_header("connection", "close")
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    self.close_connection = True

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> StandIn:
        """Serve in a background thread."""
        self.thread.start()
        return self

    def close(self) -> None:
        """Stop serving, end any generation in progress and close the socket."""
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def llama_cpp(self) -> StandIn:
        """Behave like llama-cpp-python 0.3.36 with a small model (every knob on)."""
        self.reject_json_schema = True
        self.ignore_tools = True
        self.endless = True
        self.alternate_roles = True
        return self

    @property
    def base_url(self) -> str:
        """The ``OPENAI_BASE_URL`` of this server."""
        return f"http://127.0.0.1:{self.server.server_port}/v1"

    @property
    def cancelled(self) -> int:
        """How many generations ended because the client closed its connection."""
        return self.outcomes.count("cancelled")

    def _record(self, outcome: str) -> None:
        with self._lock:
            self.outcomes.append(outcome)

    # -- behaviour -------------------------------------------------------------------------------
    def answer(self, body: dict[str, Any], conn: socket.socket) -> tuple[int, dict[str, Any]]:
        """The status and JSON payload for one request (status 0: the client went away)."""
        if self.delay and not self._generate(self.delay, conn):
            return 0, {}
        if self.mode in ("500", "invalid", "400", "429"):
            return _error(self.mode)
        response_format = body.get("response_format") or {}
        if self.reject_json_schema and response_format.get("type") == "json_schema":
            return 500, {"error": {"message": JSON_SCHEMA_ERROR, "type": "internal_server_error"}}
        if self.reject_json_object and response_format.get("type") == "json_object":
            message = JSON_SCHEMA_ERROR.replace("'text' or 'json_object'", "'text'")
            return 500, {"error": {"message": message, "type": "internal_server_error"}}
        if self.alternate_roles and not _roles_alternate(body.get("messages", [])):
            return 500, {"error": {"message": ROLES_ERROR, "type": "internal_server_error"}}
        # Without max_tokens it generates to the end of the context: late, if anyone waits.
        if (
            self.endless
            and body.get("max_tokens") is None
            and not self._generate(self.endless_s, conn)
        ):
            return 0, {}
        return 200, self.completion(body)

    def _generate(self, seconds: float, conn: socket.socket) -> bool:
        """Spend ``seconds`` generating; False when the client closed its connection first."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and not self._stopping.is_set():
            readable, _, _ = select.select([conn], [], [], 0.02)
            if readable:
                try:
                    if conn.recv(1, socket.MSG_PEEK) == b"":
                        return False
                except OSError:
                    return False
        return not self._stopping.is_set()

    def completion(self, body: dict[str, Any]) -> dict[str, Any]:
        """A chat completion for ``body``."""
        messages = body.get("messages", [])
        prompt = "\n".join(str(m.get("content") or "") for m in messages)
        tools = body.get("tools") or []
        response_format = (body.get("response_format") or {}).get("type")
        message: dict[str, Any] = {"role": "assistant", "content": None}
        finish = "stop"
        garbage = self.mode == "garbage" or self.garbage_next > 0
        self.garbage_next = max(0, self.garbage_next - 1)
        if garbage:
            message["content"] = "Sure thing!! <<< not json at all >>>"
        elif tools and self.ignore_tools:
            message["content"] = PROSE
        elif tools:
            message["tool_calls"] = [
                {
                    "id": f"call_{len(self.requests)}",
                    "type": "function",
                    "function": {
                        "name": tools[0]["function"]["name"],
                        "arguments": json.dumps(assessment_for(prompt)),
                    },
                }
            ]
            finish = "tool_calls"
        elif response_format in ("json_schema", "json_object") or "intake analyst" in prompt:
            message["content"] = json.dumps(assessment_for(prompt))
        else:
            message["content"] = self.draft_text
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 1_790_000_000,
            "model": body.get("model", "stand-in"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 300, "completion_tokens": 40, "total_tokens": 340},
        }


def _roles_alternate(messages: list[dict[str, Any]]) -> bool:
    roles = [str(m.get("role")) for m in messages]
    if "system" in roles[1:]:
        return False
    rest = roles[1:] if roles and roles[0] == "system" else roles
    return all(a != b for a, b in itertools.pairwise(rest))


def _error(mode: str) -> tuple[int, dict[str, Any]]:
    if mode == "invalid":
        message = "Invalid request: 'messages' field is not valid for this model"
        return 500, {"error": {"message": message, "type": "invalid_request_error"}}
    if mode == "400":
        return 400, {"error": {"message": "bad request", "type": "invalid_request_error"}}
    if mode == "429":
        return 429, {"error": {"message": "slow down", "type": "rate_limit_error"}}
    return 500, {"error": {"message": "internal error", "type": "server_error"}}
