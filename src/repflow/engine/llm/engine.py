"""The model-backed engine: one structured-output call to assess, one text call to draft.

Budget per email (hard caps, counted in code)
    ``assess`` makes at most ``1 + max_retries`` model requests (3 by default), whatever goes
    wrong: invalid output is retried by pydantic-ai with the validation error fed back, transport
    failures (timeouts, connection errors, HTTP 408/409/425/429/5xx) start a fresh attempt after a
    short backoff, and both draw on the same count. ``draft`` has the same cap, but invalid text is
    never retried (the pipeline checks the draft and falls back to templates). When ``assess``
    fails, ``draft`` for that thread does not call the model at all. With a healthy model an offer
    costs 2 requests and anything else at most 1; screened mail never reaches an engine.

Time
    Each request has ``timeout_s`` (pydantic-ai's ``request_timeout``, enforced for every model).
    Each email has ``total_budget_s`` from the start of ``assess``, shared with its ``draft``; a
    caller with a hard deadline (the Lambda) narrows it with :meth:`LlmEngine.with_deadline`
    (``time.monotonic()`` based, held in a context variable, so it applies per task).

Failure
    Nothing is raised for model problems. A failed ``assess`` returns the fallback (heuristic)
    engine's assessment with the ``llm_failed`` flag, which sends the turn to review, and the
    requests it made; a failed ``draft`` returns the fallback's template draft with the requests
    counted.

pydantic-ai is imported lazily, on the first call (``import repflow.engine.llm`` stays light).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import re
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar, get_args

from pydantic import ValidationError

from repflow.domain.models import Decision, Flag
from repflow.engine.llm.convert import to_assessment
from repflow.engine.llm.factory import MODEL_ENV, build_model
from repflow.engine.llm.prompts import (
    ASSESS_INSTRUCTIONS,
    DRAFT_INSTRUCTIONS,
    assess_prompt,
    draft_prompt,
    email_view,
)
from repflow.engine.llm.schemas import AssessmentOut
from repflow.engine.port import Assessment, Draft, DraftRequest, Engine, ThreadContext
from repflow.exceptions import ConfigError
from repflow.mail.models import InboundEmail

if TYPE_CHECKING:
    from pydantic_ai import Agent, AgentRun
    from pydantic_ai.models import Model
    from pydantic_ai.settings import ModelSettings

__all__ = ["LlmEngine", "OutputMode", "current_deadline", "llm_deadline"]

log = logging.getLogger("repflow.engine.llm")

T = TypeVar("T")

#: The name of the output tool the assessment is returned through.
OUTPUT_TOOL: Final = "final_result"

#: How the assessment is asked for: an output tool (text JSON also accepted), the API's native
#: JSON-schema response format, or the schema in the prompt (for servers without either).
OutputMode = Literal["tool", "native", "prompted"]

_DEADLINE: ContextVar[float | None] = ContextVar("repflow_llm_deadline", default=None)
#: Emails whose assess/draft pairing is remembered (by thread id), oldest dropped first.
_MAX_PENDING: Final = 1024
#: No model request is started with less time than this left (seconds).
_MIN_CALL_S: Final = 0.05
_MAX_DRAFT_CHARS: Final = 4_000
_DRAFTED: Final = frozenset(
    {Decision.ASK_INFO, Decision.CONTINUE, Decision.NEGOTIATE, Decision.DECLINE}
)
_RETRY_STATUS: Final = frozenset({408, 409, 425, 429})
_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")
_SIGN_OFF_TAIL = re.compile(
    r"(?is)\n\s*(?:best|best regards|kind regards|warm regards|regards|cheers|thanks|thank you|"
    r"sincerely|warmly|all the best|saludos|un saludo|cordialement|viele grüße|grazie|abraços|"
    r"atentamente|bien à vous|mit freundlichen grüßen)[,!.]?\s*\n\s*[^\n]{1,60}\s*$"
)


@contextmanager
def llm_deadline(deadline: float | None) -> Iterator[None]:
    """Within the block, model calls end by ``deadline`` (a ``time.monotonic()`` value).

    Args:
        deadline: The latest moment a model call may run to; None lifts an outer deadline.

    Yields:
        Nothing; the deadline applies to the current task (a context variable).
    """
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def current_deadline() -> float | None:
    """The deadline set by :func:`llm_deadline` for the current task, if any."""
    return _DEADLINE.get()


@dataclass(frozen=True, slots=True)
class _Outcome(Generic[T]):
    """What one budgeted model call produced."""

    output: T | None
    calls: int
    tokens: int
    error: str | None = None


@dataclass(slots=True)
class _Pending:
    """What ``assess`` leaves for the ``draft`` of the same email."""

    deadline: float
    failed: bool


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from exc
    if value < 0:
        raise ConfigError(f"{name} must not be negative")
    return value


def _env_mode() -> OutputMode:
    raw = os.environ.get("REPFLOW_LLM_OUTPUT", "").strip().lower() or "tool"
    for mode in get_args(OutputMode):
        if raw == mode:
            return mode  # type: ignore[no-any-return]
    raise ConfigError(
        f"REPFLOW_LLM_OUTPUT must be one of {', '.join(get_args(OutputMode))}, not {raw!r}"
    )


def _retryable(exc: BaseException) -> bool:
    """Whether ``exc`` is a transport failure worth one more attempt."""
    import httpx2
    from pydantic_ai.exceptions import (
        ModelAPIError,
        ModelHTTPError,
        ModelQuotaExceededError,
        ModelRequestRejectedError,
    )

    if isinstance(exc, ModelQuotaExceededError):
        return False
    if isinstance(exc, ModelHTTPError):
        return exc.status_code in _RETRY_STATUS or exc.status_code >= 500
    if isinstance(exc, ModelRequestRejectedError):
        return False
    return isinstance(exc, ModelAPIError | TimeoutError | OSError | httpx2.TransportError)


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _retry_after(exc: BaseException) -> float | None:
    value = getattr(exc, "retry_after", None)
    return float(value) if isinstance(value, int | float) and value >= 0 else None


def parse_assessment_text(text: str) -> AssessmentOut:
    """Read an assessment a model wrote as text (JSON, possibly fenced) instead of a tool call.

    Args:
        text: The model's text answer.

    Returns:
        The validated assessment.

    Raises:
        ModelRetry: the text is not a JSON object matching the schema; the message (fed back to
            the model) says why.
    """
    from pydantic_ai import ModelRetry

    body = _FENCE.sub("", text.strip())
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise ModelRetry(
            "Your answer was not JSON. Call the `final_result` tool, or answer with one "
            "JSON object with the assessment's fields and nothing else."
        )
    try:
        data = json.loads(body[start : end + 1])
        return AssessmentOut.model_validate(data)
    except json.JSONDecodeError as exc:
        raise ModelRetry(f"Your answer was not valid JSON ({exc}). Send one JSON object.") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'object'}: {err['msg']}"
            for err in exc.errors(include_url=False)[:10]
        )
        raise ModelRetry(f"The assessment did not match the schema: {problems}") from exc


def _clean_draft(text: str) -> str:
    """The model's draft as a plain body: unfenced, unwrapped from JSON, unsigned, capped."""
    body = _FENCE.sub("", text.strip()).strip()
    if body.startswith("{") and body.endswith("}"):
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            return ""
        found = data.get("text") or data.get("body") if isinstance(data, dict) else None
        body = found.strip() if isinstance(found, str) else ""
    if body.lower().startswith("subject:"):
        body = body.partition("\n")[2].strip()
    body = _SIGN_OFF_TAIL.sub("", body).rstrip()
    return body[:_MAX_DRAFT_CHARS]


class LlmEngine:
    """Reads emails and words replies with a language model, behind the engine port.

    Args:
        model: A pydantic-ai model object (``FunctionModel``/``TestModel`` in tests) or a
            ``"provider:name"`` string (see :func:`repflow.engine.llm.factory.build_model`).
        fallback: The engine used when the model cannot answer (the heuristic engine).
        timeout_s: Deadline of one model request, in seconds.
        total_budget_s: Time budget of one email (assess and its draft), in seconds.
        max_retries: Extra requests allowed per call after the first (invalid output and
            transport failures together); the cap is ``1 + max_retries`` requests per call.
        backoff_s: First pause before retrying a transport failure (doubling, with jitter).
        max_backoff_s: Longest pause between attempts (also caps a server's ``Retry-After``).
        output_mode: How the structured assessment is requested (see :data:`OutputMode`):
            ``"tool"`` (default; a JSON text answer is accepted too), ``"native"`` (the API's
            JSON-schema response format) or ``"prompted"`` (the schema in the instructions).
    """

    name: str = "llm"

    def __init__(
        self,
        model: Model | str,
        fallback: Engine,
        *,
        timeout_s: float = 20.0,
        total_budget_s: float = 60.0,
        max_retries: int = 2,
        backoff_s: float = 0.5,
        max_backoff_s: float = 5.0,
        output_mode: OutputMode = "tool",
    ) -> None:
        if timeout_s <= 0 or total_budget_s <= 0:
            raise ConfigError("LLM timeouts must be positive")
        if max_retries < 0:
            raise ConfigError("LLM max_retries must not be negative")
        if output_mode not in get_args(OutputMode):
            raise ConfigError(
                f"REPFLOW_LLM_OUTPUT must be one of {', '.join(get_args(OutputMode))}, "
                f"not {output_mode!r}"
            )
        self.output_mode: OutputMode = output_mode
        self._model = build_model(model) if isinstance(model, str) else model
        self.fallback = fallback
        self.timeout_s = float(timeout_s)
        self.total_budget_s = float(total_budget_s)
        self.max_retries = int(max_retries)
        self.backoff_s = max(0.0, float(backoff_s))
        self.max_backoff_s = max(0.0, float(max_backoff_s))
        self._agents: tuple[Agent[None, AssessmentOut], Agent[None, str]] | None = None
        self._pending: OrderedDict[str, _Pending] = OrderedDict()

    @classmethod
    def from_settings(
        cls,
        model: str | None,
        fallback: Engine,
        *,
        timeout_s: float | None = None,
        total_budget_s: float | None = None,
        max_retries: int | None = None,
        backoff_s: float | None = None,
        output_mode: OutputMode | None = None,
    ) -> LlmEngine:
        """The engine for a model string, from the argument or ``REPFLOW_MODEL``.

        Unset limits come from ``REPFLOW_LLM_TIMEOUT`` (default 20 s per request),
        ``REPFLOW_LLM_BUDGET`` (60 s per email), ``REPFLOW_LLM_RETRIES`` (2),
        ``REPFLOW_LLM_BACKOFF`` (0.5 s) and ``REPFLOW_LLM_OUTPUT`` (``tool``).

        Args:
            model: ``"provider:name"``; None reads ``REPFLOW_MODEL``.
            fallback: The engine used when the model cannot answer.
            timeout_s: Deadline of one model request, in seconds.
            total_budget_s: Time budget of one email, in seconds.
            max_retries: Extra requests allowed per call after the first.
            backoff_s: First pause before retrying a transport failure.
            output_mode: How the structured assessment is requested.

        Returns:
            The engine (the model object is built, nothing is connected).

        Raises:
            ConfigError: no model is configured, or it cannot be built.
        """
        spec = (model or os.environ.get(MODEL_ENV, "")).strip()
        if not spec:
            raise ConfigError(
                f"--engine llm needs a model: set {MODEL_ENV} (e.g. 'openai:gpt-4.1-mini'; "
                "with OPENAI_BASE_URL for any OpenAI-compatible server)"
            )
        return cls(
            spec,
            fallback,
            timeout_s=timeout_s if timeout_s is not None else _env_float("REPFLOW_LLM_TIMEOUT", 20),
            total_budget_s=(
                total_budget_s
                if total_budget_s is not None
                else _env_float("REPFLOW_LLM_BUDGET", 60)
            ),
            max_retries=(
                max_retries
                if max_retries is not None
                else int(_env_float("REPFLOW_LLM_RETRIES", 2))
            ),
            backoff_s=(
                backoff_s if backoff_s is not None else _env_float("REPFLOW_LLM_BACKOFF", 0.5)
            ),
            output_mode=output_mode or _env_mode(),
        )

    @property
    def model(self) -> Model:
        """The pydantic-ai model this engine calls."""
        return self._model

    @property
    def max_requests(self) -> int:
        """The most model requests one ``assess`` or one ``draft`` makes."""
        return 1 + self.max_retries

    @staticmethod
    def with_deadline(deadline: float | None) -> AbstractContextManager[None]:
        """A block within which model calls end by ``deadline`` (``time.monotonic()`` based).

        Example::

            with engine.with_deadline(time.monotonic() + remaining_ms / 1000 - 5):
                await pipeline.process(data)

        Args:
            deadline: The latest moment a model call may run to.

        Returns:
            The context manager (see :func:`llm_deadline`).
        """
        return llm_deadline(deadline)

    # -- the port --------------------------------------------------------------------------------
    async def assess(self, email: InboundEmail, thread: ThreadContext) -> Assessment:
        """Classify ``email`` and extract its terms with one structured-output model call.

        Args:
            email: The parsed message.
            thread: What is known of its thread.

        Returns:
            The model's assessment checked in code, or, when the model stays unusable, the
            fallback engine's assessment flagged ``llm_failed``. Never raises for model
            problems.
        """
        deadline = self._deadline(time.monotonic() + self.total_budget_s)
        assess_agent, _ = self._build_agents()
        outcome: _Outcome[AssessmentOut] = await self._call(
            assess_agent, assess_prompt(email, thread), deadline, temperature=0.0
        )
        assessment: Assessment | None = None
        if outcome.output is not None:
            try:
                assessment = to_assessment(
                    outcome.output,
                    thread,
                    source_text=email_view(email, thread).source_text,
                    llm_calls=outcome.calls,
                    tokens=outcome.tokens,
                )
            except Exception:  # a bug in the conversion must not lose the email
                log.exception("llm assessment could not be converted")
        self._remember(thread.thread_id, _Pending(deadline, failed=assessment is None))
        if assessment is not None:
            return assessment
        log.warning(
            "llm assess failed, using the fallback engine",
            extra={"thread_id": thread.thread_id, "calls": outcome.calls, "error": outcome.error},
        )
        fallback = await self.fallback.assess(email, thread)
        flags = tuple(dict.fromkeys((*fallback.flags, Flag.LLM_FAILED.value)))
        return replace(
            fallback,
            flags=flags,
            llm_calls=fallback.llm_calls + outcome.calls,
            tokens=fallback.tokens + outcome.tokens,
        )

    async def draft(self, request: DraftRequest) -> Draft:
        """Word a reply for a decision already made, with one model call.

        Args:
            request: The decision and everything the reply may state.

        Returns:
            The model's body text (unsigned), or the fallback engine's template draft when the
            model fails, returns nothing usable or already failed on this email's ``assess``.
        """
        pending = self._pending.pop(request.thread_id, None)
        if request.decision not in _DRAFTED or (pending is not None and pending.failed):
            return await self.fallback.draft(request)
        start = time.monotonic()
        deadline = self._deadline(pending.deadline if pending else start + self.total_budget_s)
        _, draft_agent = self._build_agents()
        outcome: _Outcome[str] = await self._call(
            draft_agent, draft_prompt(request), deadline, temperature=None, output_retries=0
        )
        text = _clean_draft(outcome.output) if outcome.output is not None else ""
        if text:
            return Draft(text=text, llm_calls=outcome.calls, tokens=outcome.tokens)
        log.warning(
            "llm draft failed, using the fallback engine",
            extra={"thread_id": request.thread_id, "calls": outcome.calls, "error": outcome.error},
        )
        fallback = await self.fallback.draft(request)
        return replace(
            fallback,
            llm_calls=fallback.llm_calls + outcome.calls,
            tokens=fallback.tokens + outcome.tokens,
        )

    # -- internals -------------------------------------------------------------------------------
    def _deadline(self, budget_end: float) -> float:
        outer = _DEADLINE.get()
        return budget_end if outer is None else min(budget_end, outer)

    def _remember(self, thread_id: str, pending: _Pending) -> None:
        self._pending[thread_id] = pending
        self._pending.move_to_end(thread_id)
        while len(self._pending) > _MAX_PENDING:
            self._pending.popitem(last=False)

    def _build_agents(self) -> tuple[Agent[None, AssessmentOut], Agent[None, str]]:
        if self._agents is None:
            from pydantic_ai import Agent, NativeOutput, PromptedOutput, TextOutput, ToolOutput
            from pydantic_ai.output import OutputSpec

            output: OutputSpec[AssessmentOut]
            if self.output_mode == "native":
                output = NativeOutput(AssessmentOut, name="assessment")
            elif self.output_mode == "prompted":
                output = PromptedOutput(AssessmentOut, name="assessment")
            else:
                output = [
                    # pydantic-ai's default output tool name: what stand-ins and proxies expect.
                    ToolOutput(AssessmentOut, name=OUTPUT_TOOL),
                    TextOutput(parse_assessment_text),
                ]
            assess_agent: Agent[None, AssessmentOut] = Agent(
                self._model,
                output_type=output,
                instructions=ASSESS_INSTRUCTIONS,
                name="repflow-assess",
                retries={"output": self.max_retries, "tools": 0},
            )
            draft_agent: Agent[None, str] = Agent(
                self._model,
                output_type=str,
                instructions=DRAFT_INSTRUCTIONS,
                name="repflow-draft",
                retries={"output": 0, "tools": 0},
            )
            self._agents = (assess_agent, draft_agent)
        return self._agents

    def _settings(self, per_call: float, temperature: float | None) -> ModelSettings:
        settings: ModelSettings = {"request_timeout": per_call}
        if "max_retries" not in type(self._model).unsupported_settings:
            # The provider SDK must not retry on its own: every attempt is counted here.
            settings["max_retries"] = 0
        if temperature is not None:
            settings["temperature"] = temperature
        return settings

    def _backoff(self, attempt: int, exc: BaseException) -> float:
        delay = self.backoff_s * (2.0**attempt) * (0.5 + random.random() / 2)  # noqa: S311
        hinted = _retry_after(exc)
        if hinted is not None:
            delay = max(delay, hinted)
        return min(delay, self.max_backoff_s)

    async def _call(
        self,
        agent: Agent[None, T],
        prompt: str,
        deadline: float,
        *,
        temperature: float | None,
        output_retries: int | None = None,
    ) -> _Outcome[T]:
        """Run ``agent`` on ``prompt`` within the request cap and the deadline; never raises.

        The model is entered around the call, so an HTTP client the provider created for it is
        closed when the call ends (no connection outlives its event loop).

        Returns:
            The output (None when the model stayed unusable), the requests made (failed ones
            included) and the tokens used.
        """
        try:
            async with self._model:
                return await self._attempts(agent, prompt, deadline, temperature, output_retries)
        except Exception as exc:  # entering or leaving the model: nothing was sent
            log.warning("llm model could not be used: %s", _describe(exc))
            return _Outcome(None, 0, 0, _describe(exc))

    async def _attempts(
        self,
        agent: Agent[None, T],
        prompt: str,
        deadline: float,
        temperature: float | None,
        output_retries: int | None,
    ) -> _Outcome[T]:
        from pydantic_ai import Agent

        cap = self.max_requests
        calls = tokens = attempt = 0
        error: str | None = None
        while calls < cap:
            remaining = deadline - time.monotonic()
            if remaining < _MIN_CALL_S:
                error = error or "time budget exhausted"
                break
            current: AgentRun[None, T] | None = None
            try:
                async with asyncio.timeout(remaining):
                    async with agent.iter(
                        prompt,
                        model_settings=self._settings(min(self.timeout_s, remaining), temperature),
                        retries=None if output_retries is None else {"output": output_retries},
                    ) as run:
                        current = run
                        async for node in run:
                            if Agent.is_model_request_node(node):
                                if calls >= cap:
                                    break  # the cap holds whatever the run would do next
                                calls += 1
                        result = run.result
                tokens += _tokens(current)
                if result is not None:
                    return _Outcome(result.output, calls, tokens)
                error = f"no valid output after {calls} request(s)"
                break
            except Exception as exc:  # classified below: model errors never escape
                # A failed request was counted when its node came up (before it ran).
                tokens += _tokens(current)
                error = _describe(exc)
                if not _retryable(exc):
                    log.warning("llm call failed: %s", error)
                    break
                delay = self._backoff(attempt, exc)
                attempt += 1
                if calls >= cap or time.monotonic() + delay + _MIN_CALL_S >= deadline:
                    break
                log.info("llm call failed, retrying in %.2fs: %s", delay, error)
                await asyncio.sleep(delay)
        return _Outcome(None, calls, tokens, error)


def _tokens(run: AgentRun[None, Any] | None) -> int:
    if run is None:
        return 0
    try:
        usage = run.usage
        return int(usage.input_tokens or 0) + int(usage.output_tokens or 0)
    except Exception:  # usage is informational
        return 0
