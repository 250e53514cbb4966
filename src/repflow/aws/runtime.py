"""What a Lambda container builds once and reuses: settings, clients, store, engine, pipeline.

Nothing here runs at import time. The first invocation of a container (its cold start) builds
the parts it needs, under a lock, and caches them at module level for the following
invocations; the ingest function needs all of them, the scheduled dispatcher only the store and
the transport (it never builds an engine or an S3 client).

Tests inject parts with :func:`configure` and start over with :func:`reset`.

Event loop: each thread keeps one :class:`asyncio.Runner` (one loop) for the life of the
container instead of one ``asyncio.run`` per invocation, so loop-bound resources — the HTTP
store's connection pool, the LLM client, the SQL engine of the API function — survive from one
invocation to the next. Lambda runs one invocation at a time per container, on one thread.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from repflow.aws.settings import LambdaSettings
    from repflow.config import RepflowConfig
    from repflow.engine.port import Engine
    from repflow.pipeline.dispatch import Dispatcher
    from repflow.pipeline.process import Pipeline
    from repflow.store.port import Store
    from repflow.transport.port import MailTransport

__all__ = ["Runtime", "configure", "get_runtime", "reset", "run"]

T = TypeVar("T")


@dataclass
class _Overrides:
    store: Store | None = None
    engine: Engine | None = None
    transport: MailTransport | None = None
    s3_client: Any = None
    secrets_client: Any = None
    config: RepflowConfig | None = None


_lock = threading.RLock()
_overrides = _Overrides()
_runtime: Runtime | None = None
_local = threading.local()
_runners: list[asyncio.Runner] = []
_generation = 0


def configure(
    *,
    store: Store | None = None,
    engine: Engine | None = None,
    transport: MailTransport | None = None,
    s3_client: Any = None,
    secrets_client: Any = None,
    config: RepflowConfig | None = None,
) -> None:
    """Inject parts instead of building them from the settings (tests, local runs).

    Drops whatever was built before, so the next invocation is a cold start with these parts.

    Args:
        store: Used instead of ``HttpStore(API_BASE_URL, API_AUTH_TOKEN)``.
        engine: Used instead of the heuristic or LLM engine (the heuristic engine backs it up).
        transport: Used instead of ``SesTransport(SES_REGION)``.
        s3_client: Used instead of ``boto3.client("s3")``.
        secrets_client: Used instead of ``boto3.client("secretsmanager")``.
        config: Used instead of ``RepflowConfig()`` / ``REPFLOW_CONFIG``.
    """
    global _overrides, _runtime
    with _lock:
        previous = _runtime
        _overrides = _Overrides(store, engine, transport, s3_client, secrets_client, config)
        _runtime = None
    if previous is not None:
        previous.close()


def reset() -> None:
    """Forget every injected and built part and close the event loops (tests)."""
    global _overrides, _runtime, _generation
    with _lock:
        runtime = _runtime
        _overrides = _Overrides()
        _runtime = None
    if runtime is not None:
        runtime.close()
    with _lock:
        _generation += 1  # every thread gets a new loop on its next run()
    _close_runners()


def get_runtime() -> Runtime:
    """The container's runtime, created on first use (settings are validated then).

    Returns:
        The runtime.

    Raises:
        ConfigError: the settings are invalid (the message names the variables).
    """
    global _runtime
    with _lock:
        if _runtime is None:
            from repflow.aws.settings import load_settings

            _runtime = Runtime(load_settings(), _overrides)
        return _runtime


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on this thread's long-lived event loop.

    Args:
        coro: The coroutine.

    Returns:
        Its result.
    """
    runner: asyncio.Runner | None = getattr(_local, "runner", None)
    if runner is None or getattr(_local, "generation", None) != _generation:
        runner = asyncio.Runner()
        _local.runner = runner
        _local.generation = _generation
        with _lock:
            if not _runners:
                # Registering again is harmless (unregister first keeps it to one entry).
                atexit.unregister(_close_runners)
                atexit.register(_close_runners)
            _runners.append(runner)
    return runner.run(coro)


def _close_runners() -> None:
    """At interpreter exit: cancel what is still pending (the API's lifespan) and close."""
    with _lock:
        runners = list(_runners)
        _runners.clear()
    for runner in runners:
        with contextlib.suppress(Exception):
            runner.close()


class Runtime:
    """The parts of one container, each built on first use and then kept.

    Args:
        settings: The validated settings.
        overrides: Parts injected by :func:`configure`.
    """

    def __init__(self, settings: LambdaSettings, overrides: _Overrides | None = None) -> None:
        self.settings = settings
        self._overrides = overrides or _Overrides()
        self._lock = threading.RLock()
        self._parts: dict[str, Any] = {}

    def _part(self, name: str, build: Any) -> Any:
        with self._lock:
            if name not in self._parts:
                self._parts[name] = build()
            return self._parts[name]

    @property
    def logger(self) -> Any:
        """The Powertools logger, at ``LOG_LEVEL``."""
        from repflow.aws.observability import get_logger

        return self._part("logger", lambda: get_logger(self.settings.log_level))

    @property
    def s3(self) -> Any:
        """The S3 client (reads raw mail)."""
        return self._part("s3", self._build_s3)

    @property
    def store(self) -> Store:
        """The store: the backend API over HTTP."""
        return cast("Store", self._part("store", self._build_store))

    @property
    def transport(self) -> MailTransport:
        """The mail transport: SES in ``SES_REGION``."""
        return cast("MailTransport", self._part("transport", self._build_transport))

    @property
    def config(self) -> RepflowConfig:
        """Defaults and own domains (``REPFLOW_CONFIG``, else empty)."""
        return cast("RepflowConfig", self._part("config", self._build_config))

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline over the store and the engine."""
        return cast("Pipeline", self._part("pipeline", self._build_pipeline))

    @property
    def dispatcher(self) -> Dispatcher:
        """The outbox dispatcher over the store and the transport."""
        from repflow.bootstrap import build_dispatcher

        return cast(
            "Dispatcher",
            self._part("dispatcher", lambda: build_dispatcher(self.store, self.transport)),
        )

    def close(self) -> None:
        """Close the store, on this thread's loop (tests; a container never closes it)."""
        with self._lock:
            store = self._parts.pop("store", None)
        if store is None:
            return
        try:
            run(store.close())
        except Exception as exc:  # closing is best effort
            import logging

            logging.getLogger("repflow.aws").warning("closing the store failed: %r", exc)

    # -- builders ----------------------------------------------------------------------------
    def _build_s3(self) -> Any:
        if self._overrides.s3_client is not None:
            return self._overrides.s3_client
        import boto3
        from botocore.config import Config

        return boto3.client("s3", config=Config(retries={"mode": "standard"}))

    def _token(self) -> str:
        token = self.settings.api_auth_token
        if token is not None and token.get_secret_value().strip():
            return token.get_secret_value().strip()
        arn = self.settings.api_auth_token_secret_arn or ""
        return read_secret(arn, client=self._overrides.secrets_client)

    def _build_store(self) -> Store:
        if self._overrides.store is not None:
            return self._overrides.store
        from repflow.bootstrap import http_store

        return http_store(self.settings.api_base_url, self._token())

    def _build_transport(self) -> MailTransport:
        if self._overrides.transport is not None:
            return self._overrides.transport
        from repflow.bootstrap import ses_transport

        return ses_transport(
            self.settings.region, configuration_set=self.settings.ses_configuration_set
        )

    def _build_config(self) -> RepflowConfig:
        if self._overrides.config is not None:
            return self._overrides.config
        from repflow.config import load_config

        return load_config(self.settings.repflow_config)

    def _build_pipeline(self) -> Pipeline:
        from repflow.bootstrap import build_app

        model = self.settings.repflow_model
        app = build_app(
            self.store,
            self.config,
            engine=self._overrides.engine or ("llm" if model else "heuristic"),
            model=model,
        )
        return app.pipeline


def read_secret(arn: str, *, client: Any = None) -> str:
    """The string value of a Secrets Manager secret (read once per cold start).

    Args:
        arn: The secret's ARN or name.
        client: A ``secretsmanager`` client (default: a new boto3 client).

    Returns:
        The secret string, stripped.

    Raises:
        ConfigError: the secret cannot be read or is empty.
    """
    from repflow.exceptions import ConfigError

    if not arn:
        raise ConfigError("no secret ARN given")
    if client is None:
        import boto3

        client = boto3.client("secretsmanager")
    try:
        value = client.get_secret_value(SecretId=arn).get("SecretString") or ""
    except Exception as exc:  # botocore errors: access denied, not found, network
        raise ConfigError(f"cannot read secret {arn}: {type(exc).__name__}: {exc}") from exc
    value = str(value).strip()
    if not value:
        raise ConfigError(f"secret {arn} is empty")
    return value
