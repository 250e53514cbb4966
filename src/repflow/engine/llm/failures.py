"""Why a model request failed, and what to do about it: retry, move on, or give up.

A failed request is classified (:func:`classify`) into an :class:`LlmError` (a short code and a
text without mail content, reported as ``llm_error``) and what the engine does next: retry a
temporary failure, try the next output format when the server rejected the one asked for,
count it towards the server's circuit breaker.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Final

from pydantic import ValidationError

__all__ = ["LlmError", "classify"]


_RETRY_STATUS: Final = frozenset({408, 409, 425, 429})


#: A server error body that says the request itself is wrong (retrying it cannot help).
_INVALID_BODY: Final = re.compile(
    r"(?i)invalid|input should be|validation|not supported|unsupported|must alternate|"
    r"bad request|unrecognized|unknown (?:field|parameter|argument)|extra (?:fields|inputs)|"
    r"exceeds? (?:the )?(?:context|maximum)|context (?:length|window)|too long|template"
)


#: A rejection that is about the output format asked for (``auto`` then tries the next one).
_FORMAT_BODY: Final = re.compile(
    r"(?i)response_format|json_schema|json_object|'text'|\btools?\b|tool_choice|function"
)


#: What a rejection body may be summarised by (nothing else of it is kept: it may echo mail).
_HINTS: Final = (
    ("response_format", "response_format"),
    ("json_schema", "json_schema"),
    ("roles must alternate", "chat roles must alternate"),
    ("tool", "tools"),
    ("context", "context length"),
    ("max_tokens", "max_tokens"),
)


@dataclass(frozen=True, slots=True)
class LlmError:
    """Why a model call gave no usable answer: a short code and a text without mail content.

    Codes: ``timeout``, ``connection``, ``rate_limited``, ``server_error``, ``rejected`` (the
    server says the request is invalid), ``unsupported_output`` (no output format was
    accepted), ``invalid_output`` (the answer did not validate), ``budget`` (the email's time
    ran out), ``circuit_open`` (the server failed repeatedly; no request made), ``unusable``
    (the model could not be used at all).
    """

    code: str
    text: str

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


@dataclass(frozen=True, slots=True)
class _Failure:
    """One failed request, classified."""

    error: LlmError
    retry: bool = False
    #: The server rejected the output format (``auto`` tries the next one).
    format_rejected: bool = False
    #: Counts towards the circuit breaker (the server, not the request, is the problem).
    server_fault: bool = False


def _body_text(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if body is None:
        return ""
    try:
        return body if isinstance(body, str) else json.dumps(body, default=str)
    except (TypeError, ValueError):
        return str(body)


def _hint(body: str) -> str:
    lower = body.lower()
    found = [label for needle, label in _HINTS if needle in lower]
    return f" ({', '.join(dict.fromkeys(found))})" if found else ""


def classify(exc: BaseException) -> _Failure:
    """Classify a failed model request: what to tell, and whether to retry.

    Args:
        exc: What the request raised.

    Returns:
        The failure: its :class:`LlmError` (no body text is kept beyond a few known keywords)
        and whether a retry, the next output format or the circuit breaker applies.
    """
    import httpx2
    from pydantic_ai.exceptions import (
        ModelAPIError,
        ModelHTTPError,
        ModelQuotaExceededError,
        ModelRequestRejectedError,
        ModelRequestTimeout,
        ModelTimeoutError,
        UnexpectedModelBehavior,
    )

    if isinstance(exc, ModelHTTPError):
        status = exc.status_code
        body = _body_text(exc)
        if isinstance(exc, ModelQuotaExceededError):
            return _Failure(LlmError("rejected", f"HTTP {status}: quota exceeded"))
        if status == 429:
            return _Failure(
                LlmError("rate_limited", "HTTP 429: rate limited"), retry=True, server_fault=True
            )
        if status in _RETRY_STATUS or (status >= 500 and not _INVALID_BODY.search(body)):
            return _Failure(
                LlmError("server_error", f"HTTP {status} from the model server"),
                retry=True,
                server_fault=True,
            )
        fmt = bool(_FORMAT_BODY.search(body))
        return _Failure(
            LlmError(
                "unsupported_output" if fmt else "rejected",
                f"HTTP {status}: the server says the request is invalid{_hint(body)}",
            ),
            format_rejected=fmt,
        )
    timeouts = (ModelRequestTimeout, ModelTimeoutError, TimeoutError, httpx2.TimeoutException)
    if isinstance(exc, timeouts):
        return _Failure(
            LlmError("timeout", "no answer within the request timeout"),
            retry=True,
            server_fault=True,
        )
    if isinstance(exc, ModelRequestRejectedError):
        return _Failure(LlmError("rejected", f"the provider refused the request ({_name(exc)})"))
    if isinstance(exc, ModelAPIError | OSError | httpx2.TransportError):
        return _Failure(
            LlmError("connection", f"the model server could not be reached ({_name(exc)})"),
            retry=True,
            server_fault=True,
        )
    if isinstance(exc, UnexpectedModelBehavior):
        return _Failure(LlmError("invalid_output", "the answer did not match the schema"))
    return _Failure(LlmError("unusable", f"unexpected {_name(exc)}"))


def _name(exc: BaseException) -> str:
    return type(exc).__name__


def _feedback(exc: BaseException) -> str:
    """What to tell the model about its invalid answer (from the validation error behind it)."""
    from pydantic_ai import ModelRetry

    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            break
        if isinstance(seen, ValidationError):
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'object'}: {err['msg']}"
                for err in seen.errors(include_url=False)[:10]
            )
            return f"The assessment did not match the schema: {problems}"
        if isinstance(seen, ModelRetry):
            return seen.message
        seen = seen.__cause__ or seen.__context__
    return "Your answer was not one valid JSON object matching the schema."


def _retry_after(exc: BaseException) -> float | None:
    value = getattr(exc, "retry_after", None)
    return float(value) if isinstance(value, int | float) and value >= 0 else None
