"""The model-backed engine: one structured-output call to assess, one text call to draft.

Budget per email (hard caps, counted in code)
    ``assess`` makes at most ``1 + max_retries`` model requests (3 by default), whatever goes
    wrong: invalid output is retried with the validation error appended to the prompt (a fresh
    two-message conversation each time, so roles always alternate and there is one system
    message), temporary failures (timeouts, connection errors, HTTP 408/409/425/429, a 5xx that
    does not say the request is invalid) start a fresh attempt after a short backoff, and both
    draw on the same count. A request the server calls invalid (4xx, or a 5xx whose body says
    so) is not retried; when it rejects the output format, ``auto`` moves to the next format (see
    below) for this and every later call to that server. ``draft`` has the same cap, but invalid
    text is never retried (the pipeline checks the draft and falls back to templates). When
    ``assess`` fails, ``draft`` for that thread does not call the model at all. With a healthy
    model an offer costs 2 requests and anything else at most 1.

Output formats (``REPFLOW_LLM_OUTPUT``)
    ``native`` (``response_format: json_schema``), ``json_object`` (``response_format:
    json_object`` with the schema in the request and in the instructions: llama.cpp constrains
    generation with it), ``tool`` (an output tool; a JSON text answer is accepted too) and
    ``prompted`` (the schema in the instructions, no response format). ``auto`` (the default)
    uses, for an OpenAI-compatible server, the first of native, json_object, tool, prompted that
    the server has not rejected, remembering per server (base URL and model) what it rejected and
    what worked; other providers (Anthropic, Bedrock ...) get ``tool``.

Bounds
    Every request carries ``max_tokens`` (``max_tokens`` for the assessment, ``draft_max_tokens``
    for the reply) and the JSON and draft requests a stop sequence, so a server that would
    generate to the end of its context stops early. Each request has ``timeout_s``; each email
    has ``total_budget_s`` from the start of ``assess``, shared with its ``draft`` (the
    assessment carries the budget's end, :attr:`Assessment.budget_end`, and the pipeline hands
    the assessment to the draft in :attr:`DraftRequest.assessment`); a caller with
    a hard deadline (the Lambda) narrows it with :meth:`LlmEngine.with_deadline`. A request that
    runs out of time is cancelled, which closes its HTTP connection (the client is closed after
    every call); requests to OpenAI-compatible servers are streamed, so that the server stops
    generating when the connection closes (llama-cpp-python finishes a non-streamed one). A
    timeout is retried only on a server that has answered before in this process, and the
    retry may use the rest of the email's budget: a slow local server has then read the prompt
    once, and its prompt cache makes the second attempt quicker.

Circuit breaker
    After ``breaker_failures`` failed requests in a row to one server (timeouts, connection
    errors, 5xx, 429), calls to it are not made for ``breaker_cooldown_s``: the emails go to the
    fallback at once (``llm_error`` ``circuit_open``); then one call is tried, without retries.

Failure
    Nothing is raised for model problems. A failed ``assess`` returns the fallback (heuristic)
    engine's assessment with the ``llm_failed`` flag and an ``llm_error`` (a short code and text,
    never mail content), which sends the turn to review; a failed ``draft`` returns the fallback's
    template draft with its ``llm_error``.

pydantic-ai is imported lazily, on the first call (``import repflow.engine.llm`` stays light).
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar, get_args

from repflow.domain.models import Decision, Flag
from repflow.engine.llm.convert import to_assessment
from repflow.engine.llm.factory import MODEL_ENV, build_model
from repflow.engine.llm.failures import (
    LlmError,
    _Failure,
    _feedback,
    _name,
    _retry_after,
    classify,
)
from repflow.engine.llm.output import (
    _JSON_INSTRUCTIONS,
    _clean_draft,
    parse_assessment_text,
    schema_outline,
)
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

__all__ = [
    "LlmEngine",
    "LlmError",
    "OutputMode",
    "current_deadline",
    "llm_deadline",
    "reset_servers",
]

log = logging.getLogger("repflow.engine.llm")

T = TypeVar("T")

#: The name of the output tool the assessment is returned through.
OUTPUT_TOOL: Final = "final_result"

#: How the assessment is asked for (see the module doc); ``auto`` picks one per server.
OutputMode = Literal["auto", "native", "json_object", "tool", "prompted"]
_Concrete = Literal["native", "json_object", "tool", "prompted"]
#: The order ``auto`` tries the formats in, on an OpenAI-compatible server.
_LADDER: Final[tuple[_Concrete, ...]] = ("native", "json_object", "tool", "prompted")

_DEADLINE: ContextVar[float | None] = ContextVar("repflow_llm_deadline", default=None)
#: No model request is started with less time than this left (seconds).
_MIN_CALL_S: Final = 0.05
_MAX_DRAFT_CHARS: Final = 4_000
#: Default output caps (tokens): an assessment is a few hundred tokens of JSON, a draft ~150 words.
DEFAULT_MAX_TOKENS: Final = 400
DEFAULT_DRAFT_MAX_TOKENS: Final = 300
#: Ends a generation stuck on blank lines (a JSON grammar allows endless whitespace).
_STOP: Final = ("\n\n\n\n",)
_DRAFTED: Final = frozenset(
    {Decision.ASK_INFO, Decision.CONTINUE, Decision.NEGOTIATE, Decision.DECLINE}
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
    error: LlmError | None = None


@dataclass(slots=True)
class _Server:
    """What this process knows of one model server (base URL and model)."""

    rejected: set[str] = field(default_factory=set)
    worked: str | None = None
    answered: bool = False
    failures: int = 0
    open_until: float = 0.0


_SERVERS: dict[str, _Server] = {}


def reset_servers() -> None:
    """Forget what was learnt about servers (output formats, circuit breakers); for tests."""
    _SERVERS.clear()


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
    raw = os.environ.get("REPFLOW_LLM_OUTPUT", "").strip().lower() or "auto"
    for mode in get_args(OutputMode):
        if raw == mode:
            return mode  # type: ignore[no-any-return]
    raise ConfigError(
        f"REPFLOW_LLM_OUTPUT must be one of {', '.join(get_args(OutputMode))}, not {raw!r}"
    )


def _is_openai_chat(model: Model) -> bool:
    from pydantic_ai.models.openai import OpenAIChatModel

    return isinstance(model, OpenAIChatModel)


def _server_key(model: Model) -> str | None:
    """What identifies the server behind ``model`` (None for an in-process model)."""
    base_url = getattr(model, "base_url", None)
    if not base_url:
        return None
    return f"{base_url}|{model.model_name}"


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
        output_mode: How the structured assessment is requested (see :data:`OutputMode`).
        max_tokens: Most tokens the model may generate for an assessment.
        draft_max_tokens: Most tokens the model may generate for a draft.
        breaker_failures: Failed requests in a row to one server that open its circuit breaker.
        breaker_cooldown_s: How long an open breaker stops calls to that server, in seconds.
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
        output_mode: OutputMode = "auto",
        max_tokens: int = DEFAULT_MAX_TOKENS,
        draft_max_tokens: int = DEFAULT_DRAFT_MAX_TOKENS,
        breaker_failures: int = 2,
        breaker_cooldown_s: float = 30.0,
    ) -> None:
        if timeout_s <= 0 or total_budget_s <= 0:
            raise ConfigError("LLM timeouts must be positive")
        if max_retries < 0:
            raise ConfigError("LLM max_retries must not be negative")
        if max_tokens < 1 or draft_max_tokens < 1:
            raise ConfigError("REPFLOW_LLM_MAX_TOKENS must be a positive number of tokens")
        if breaker_failures < 1:
            raise ConfigError("REPFLOW_LLM_BREAKER_FAILURES must be at least 1")
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
        self.max_tokens = int(max_tokens)
        self.draft_max_tokens = int(draft_max_tokens)
        self.breaker_failures = int(breaker_failures)
        self.breaker_cooldown_s = max(0.0, float(breaker_cooldown_s))
        self._assess_agents: dict[str, Agent[None, AssessmentOut]] = {}
        self._draft_agent: Agent[None, str] | None = None
        self._own_server = _Server()

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
        ``REPFLOW_LLM_BACKOFF`` (0.5 s), ``REPFLOW_LLM_OUTPUT`` (``auto``),
        ``REPFLOW_LLM_MAX_TOKENS`` (400 for an assessment), ``REPFLOW_LLM_DRAFT_MAX_TOKENS``
        (300 for a draft), ``REPFLOW_LLM_BREAKER_FAILURES`` (2) and
        ``REPFLOW_LLM_BREAKER_COOLDOWN`` (30 s).

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
            max_tokens=int(_env_float("REPFLOW_LLM_MAX_TOKENS", DEFAULT_MAX_TOKENS)),
            draft_max_tokens=int(
                _env_float("REPFLOW_LLM_DRAFT_MAX_TOKENS", DEFAULT_DRAFT_MAX_TOKENS)
            ),
            breaker_failures=int(_env_float("REPFLOW_LLM_BREAKER_FAILURES", 2)),
            breaker_cooldown_s=_env_float("REPFLOW_LLM_BREAKER_COOLDOWN", 30),
        )

    @property
    def model(self) -> Model:
        """The pydantic-ai model this engine calls."""
        return self._model

    @property
    def max_requests(self) -> int:
        """The most model requests one ``assess`` or one ``draft`` makes."""
        return 1 + self.max_retries

    @property
    def current_output(self) -> str:
        """The output format the next assessment is asked in (``auto`` resolved)."""
        return self._mode() or "prompted"

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
            fallback engine's assessment flagged ``llm_failed`` with its ``llm_error``. Never
            raises for model problems.
        """
        deadline = self._deadline(time.monotonic() + self.total_budget_s)
        outcome: _Outcome[AssessmentOut] = await self._call(
            "assess", assess_prompt(email, thread), deadline
        )
        assessment: Assessment | None = None
        error = outcome.error
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
                error = LlmError("invalid_output", "the assessment could not be converted")
        if assessment is not None:
            # The draft of this email shares the budget: it is passed on with the assessment.
            return replace(assessment, budget_end=deadline)
        error = error or LlmError("invalid_output", "no usable answer")
        log.warning(
            "llm assess failed (%s), using the fallback engine",
            error,
            extra={"thread_id": thread.thread_id, "calls": outcome.calls, "error": str(error)},
        )
        fallback = await self.fallback.assess(email, thread)
        flags = tuple(dict.fromkeys((*fallback.flags, Flag.LLM_FAILED.value)))
        return replace(
            fallback,
            budget_end=deadline,
            flags=flags,
            llm_calls=fallback.llm_calls + outcome.calls,
            tokens=fallback.tokens + outcome.tokens,
            llm_error=str(error),
        )

    async def draft(self, request: DraftRequest) -> Draft:
        """Word a reply for a decision already made, with one model call.

        Args:
            request: The decision and everything the reply may state.

        Returns:
            The model's body text (unsigned), or the fallback engine's template draft when the
            model fails, returns nothing usable or already failed on this email's ``assess``
            (then with the ``llm_error`` of this call, if it made one).
        """
        reading = request.assessment
        model_failed = reading is not None and Flag.LLM_FAILED.value in reading.flags
        if request.decision not in _DRAFTED or model_failed:
            return await self.fallback.draft(request)
        budget_end = reading.budget_end if reading is not None else None
        deadline = self._deadline(
            budget_end if budget_end is not None else time.monotonic() + self.total_budget_s
        )
        outcome: _Outcome[str] = await self._call("draft", draft_prompt(request), deadline)
        text = _clean_draft(outcome.output) if outcome.output is not None else ""
        if text:
            return Draft(text=text, llm_calls=outcome.calls, tokens=outcome.tokens)
        error = outcome.error or LlmError("invalid_output", "the draft was empty")
        log.warning(
            "llm draft failed (%s), using the fallback engine",
            error,
            extra={"thread_id": request.thread_id, "calls": outcome.calls, "error": str(error)},
        )
        fallback = await self.fallback.draft(request)
        return replace(
            fallback,
            llm_calls=fallback.llm_calls + outcome.calls,
            tokens=fallback.tokens + outcome.tokens,
            llm_error=str(error),
        )

    # -- internals -------------------------------------------------------------------------------
    def _deadline(self, budget_end: float) -> float:
        outer = _DEADLINE.get()
        return budget_end if outer is None else min(budget_end, outer)

    @property
    def _server(self) -> _Server:
        key = _server_key(self._model)
        # In-process models (tests) have no server to share: their state stays with the engine.
        return self._own_server if key is None else _SERVERS.setdefault(key, _Server())

    def _mode(self) -> _Concrete | None:
        """The output format for the next assessment; None when the server rejected every one."""
        if self.output_mode != "auto":
            return self.output_mode
        if not _is_openai_chat(self._model):
            return "tool"  # Anthropic, Bedrock, Gemini ...: output tools are their strong suit
        server = self._server
        return next((mode for mode in _LADDER if mode not in server.rejected), None)

    def _assess_agent(self, mode: _Concrete) -> Agent[None, AssessmentOut]:
        agent = self._assess_agents.get(mode)
        if agent is None:
            from pydantic_ai import Agent, NativeOutput, TextOutput, ToolOutput
            from pydantic_ai.output import OutputSpec

            output: OutputSpec[AssessmentOut]
            instructions = ASSESS_INSTRUCTIONS
            if mode == "native":
                output = NativeOutput(AssessmentOut, name="assessment")
            elif mode == "tool":
                output = [
                    # pydantic-ai's default output tool name: what stand-ins and proxies expect.
                    ToolOutput(AssessmentOut, name=OUTPUT_TOOL),
                    TextOutput(parse_assessment_text),
                ]
            else:
                # The schema goes into the one system message (pydantic-ai's PromptedOutput
                # would add a second one, which strict chat templates reject).
                output = TextOutput(parse_assessment_text)
                outline, required = schema_outline(AssessmentOut.model_json_schema())
                instructions = ASSESS_INSTRUCTIONS + _JSON_INSTRUCTIONS.format(
                    outline=outline, required=required
                )
            agent = Agent(
                self._model,
                output_type=output,
                instructions=instructions,
                name=f"repflow-assess-{mode}",
                retries={"output": 0, "tools": 0},
            )
            self._assess_agents[mode] = agent
        return agent

    def _drafter(self) -> Agent[None, str]:
        if self._draft_agent is None:
            from pydantic_ai import Agent

            self._draft_agent = Agent(
                self._model,
                output_type=str,
                instructions=DRAFT_INSTRUCTIONS,
                name="repflow-draft",
                retries={"output": 0, "tools": 0},
            )
        return self._draft_agent

    def _settings(self, kind: str, mode: _Concrete | None, per_call: float) -> ModelSettings:
        settings: ModelSettings = {"request_timeout": per_call}
        if "max_retries" not in type(self._model).unsupported_settings:
            # The provider SDK must not retry on its own: every attempt is counted here.
            settings["max_retries"] = 0
        settings["max_tokens"] = self.draft_max_tokens if kind == "draft" else self.max_tokens
        if kind == "assess":
            settings["temperature"] = 0.0
        if _is_openai_chat(self._model):
            if kind == "draft" or mode in ("json_object", "prompted"):
                settings["stop_sequences"] = list(_STOP)
            if mode == "json_object":
                # llama.cpp (and others) constrain generation with a schema given here.
                settings["extra_body"] = {
                    "response_format": {
                        "type": "json_object",
                        "schema": AssessmentOut.model_json_schema(),
                    }
                }
        return settings

    def _backoff(self, attempt: int, exc: BaseException) -> float:
        delay = self.backoff_s * (2.0**attempt) * (0.5 + random.random() / 2)  # noqa: S311
        hinted = _retry_after(exc)
        if hinted is not None:
            delay = max(delay, hinted)
        return min(delay, self.max_backoff_s)

    async def _call(self, kind: str, prompt: str, deadline: float) -> _Outcome[Any]:
        """Run one ``assess`` or ``draft`` call within the caps and the deadline; never raises.

        The model is entered around the call, so an HTTP client the provider created for it is
        closed when the call ends (no connection outlives its event loop, and a cancelled
        request's connection is closed).

        Returns:
            The output (None when the model stayed unusable), the requests made (failed ones
            included), the tokens used and, on failure, why.
        """
        server = self._server
        now = time.monotonic()
        cap = self.max_requests
        if server.open_until:
            if now < server.open_until:
                return _Outcome(
                    None,
                    0,
                    0,
                    LlmError(
                        "circuit_open",
                        f"{server.failures} failed requests in a row; no request for "
                        f"{server.open_until - now:.0f} s",
                    ),
                )
            cap = 1  # half open: one request decides
        try:
            async with self._model:
                return await self._attempts(kind, prompt, deadline, cap)
        except Exception as exc:  # entering or leaving the model: nothing was sent
            log.warning("llm model could not be used: %s", _name(exc))
            return _Outcome(None, 0, 0, LlmError("unusable", f"model not usable ({_name(exc)})"))

    def _failed(self, failure: _Failure) -> None:
        server = self._server
        if failure.server_fault:
            server.failures += 1
            if server.failures >= self.breaker_failures:
                server.open_until = time.monotonic() + self.breaker_cooldown_s
        else:
            server.answered = True  # it answered, if only to say no
            server.failures = 0

    def _succeeded(self, mode: str | None) -> None:
        server = self._server
        server.answered = True
        server.failures = 0
        server.open_until = 0.0
        if mode is not None:
            server.worked = mode

    async def _attempts(self, kind: str, prompt: str, deadline: float, cap: int) -> _Outcome[Any]:
        from pydantic_ai import Agent

        stream = _is_openai_chat(self._model)
        calls = tokens = attempt = 0
        # Requests the server rejected for their output format (answered at once, nothing
        # generated): outside the cap, at most one per format and server.
        probes = 0
        error: LlmError | None = None
        feedback = ""
        # After a timeout the retry gets the rest of the budget: a slow local server has read the
        # prompt once, and its prompt cache makes the second attempt quicker.
        waited_out = False
        while calls - probes < cap:
            remaining = deadline - time.monotonic()
            if remaining < _MIN_CALL_S:
                error = error or LlmError("budget", "the email's time budget ran out")
                break
            mode = self._mode() if kind == "assess" else None
            if kind == "assess" and mode is None:
                error = LlmError("unsupported_output", "the server rejected every output format")
                break
            agent: Agent[None, Any] = (
                self._assess_agent(mode) if mode is not None else self._drafter()
            )
            text = f"{prompt}\n\n{feedback}" if feedback else prompt
            per_call = remaining if waited_out else min(self.timeout_s, remaining)
            current: AgentRun[None, Any] | None = None
            try:
                async with asyncio.timeout(remaining):
                    async with agent.iter(
                        text,
                        model_settings=self._settings(kind, mode, per_call),
                    ) as run:
                        current = run
                        async for node in run:
                            if Agent.is_model_request_node(node):
                                if calls - probes >= cap:
                                    break  # the cap holds whatever the run would do next
                                calls += 1
                                if stream:
                                    # Streamed, so that closing the connection on a timeout
                                    # ends the generation on the server too.
                                    async with node.stream(run.ctx) as events:
                                        async for _event in events:
                                            pass
                        result = run.result
                tokens += _tokens(current)
                if result is not None:
                    self._succeeded(mode)
                    return _Outcome(result.output, calls - probes, tokens)
                error = LlmError("invalid_output", f"no valid output after {calls} request(s)")
                break
            except Exception as exc:  # classified below: model errors never escape
                # A failed request was counted when its node came up (before it ran).
                tokens += _tokens(current)
                failure = classify(exc)
                error = failure.error
                waited_out = failure.error.code == "timeout"
                self._failed(failure)
                if failure.error.code == "invalid_output":
                    if (
                        mode == "tool"
                        and self.output_mode == "auto"
                        and not _called_a_tool(current)
                    ):
                        # The chat template dropped the tools: ask for prompted JSON instead.
                        self._server.rejected.add("tool")
                        log.info("llm server ignores tools; output format now %s", self._mode())
                    if kind == "assess":
                        feedback = (
                            "NOTE: your previous answer was rejected. "
                            f"{_feedback(exc)} Answer again with one JSON object only."
                        )
                        continue
                    break
                if failure.format_rejected and mode is not None and self.output_mode == "auto":
                    self._server.rejected.add(mode)
                    probes += 1
                    log.info(
                        "llm server capability probe: output format %s rejected; trying %s",
                        mode,
                        self._mode(),
                    )
                    continue
                if not failure.retry or (
                    failure.error.code == "timeout" and not self._server.answered
                ):
                    log.warning("llm call failed: %s", error)
                    break
                delay = self._backoff(attempt, exc)
                attempt += 1
                if calls - probes >= cap or time.monotonic() + delay + _MIN_CALL_S >= deadline:
                    break
                log.info("llm call failed, retrying in %.2fs: %s", delay, error)
                await asyncio.sleep(delay)
        if error is not None and error.code in ("timeout", "server_error", "connection"):
            error = replace(error, text=f"{error.text} ({calls} request(s))")
        # A request the server turned down for its output format (answered at once, nothing
        # generated) is the server's capability probe, made once per server, not the email's.
        return _Outcome(None, calls - probes, tokens, error)


def _called_a_tool(run: AgentRun[None, Any] | None) -> bool:
    if run is None:
        return False
    from pydantic_ai.messages import ModelResponse, ToolCallPart

    try:
        messages = run.all_messages()
    except Exception:  # informational
        return True
    return any(
        isinstance(part, ToolCallPart)
        for message in messages
        if isinstance(message, ModelResponse)
        for part in message.parts
    )


def _tokens(run: AgentRun[None, Any] | None) -> int:
    if run is None:
        return 0
    try:
        usage = run.usage
        return int(usage.input_tokens or 0) + int(usage.output_tokens or 0)
    except Exception:  # usage is informational
        return 0
