r"""``repflow serve``: the backend API over the SQL store, run by uvicorn.

The token comes from the environment (``API_AUTH_TOKEN``), never from the command line (where
``ps`` would show it). Without it the server refuses to start.

Besides :func:`serve` (what the CLI calls), :func:`app_from_env` is a factory for running the
same app under another process manager::

    API_AUTH_TOKEN=... REPFLOW_DB=postgresql://... \
        uvicorn repflow.api.serve:app_from_env --factory --workers 4
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable, Mapping

from fastapi import FastAPI

from repflow.api.app import create_app
from repflow.bootstrap import sql_store
from repflow.exceptions import ConfigError

__all__ = ["DOCS_ENV", "TOKEN_ENV", "app_from_env", "bind", "build_api_app", "serve"]

#: The environment variable holding the bearer token.
TOKEN_ENV = "API_AUTH_TOKEN"  # noqa: S105 - a variable name, not a secret
#: Set to ``1`` to serve the API documentation (``/docs``, ``/redoc``, ``/openapi.json``),
#: behind the same bearer token as the API.
DOCS_ENV = "REPFLOW_API_DOCS"
#: The environment variable :func:`app_from_env` reads the database URL from.
DB_ENV = "REPFLOW_DB"


def _token(environ: Mapping[str, str]) -> str:
    token = environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise ConfigError(
            f"{TOKEN_ENV} is not set: refusing to serve the API without authentication. "
            f"Set {TOKEN_ENV} to a long random secret (e.g. `openssl rand -hex 32`) and give "
            "the same value to the Lambda."
        )
    return token


def build_api_app(db: str | None, *, environ: Mapping[str, str] | None = None) -> FastAPI:
    """The API app over the SQL store at ``db``, migrated at startup, closed at shutdown.

    Nothing connects here.

    Args:
        db: ``sqlite:///path``, a bare path, ``postgresql://...``; None for ``./repflow.db``.
        environ: Where ``API_AUTH_TOKEN`` and ``REPFLOW_API_DOCS`` are read (default:
            ``os.environ``).

    Returns:
        The app.

    Raises:
        ConfigError: ``API_AUTH_TOKEN`` is missing or blank, or the database URL is not
            SQLite or PostgreSQL.
    """
    env = os.environ if environ is None else environ
    token = _token(env)
    from repflow.api.dashboard import install_dashboard

    store = sql_store(db)
    docs = env.get(DOCS_ENV, "").strip().lower() in {"1", "true", "yes", "on"}
    app = create_app(store, auth_token=token, migrate=True, close_store=True, docs=docs)
    install_dashboard(app, store)
    return app


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory``: database from ``REPFLOW_DB``, token from the env.

    Raises:
        ConfigError: as :func:`build_api_app`.
    """
    return build_api_app(os.environ.get(DB_ENV) or None)


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (not listening yet), for :func:`serve`.

    Binding before uvicorn starts turns a port in use into one clear error instead of a
    server log, and lets ``--port 0`` pick a free port that can be announced.

    Raises:
        ConfigError: the address is in use, not local, or not an address at all.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(
            f"--host {host}: not an address this machine has ({exc.strerror})"
        ) from exc
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"port {port} on {host} is in use: stop the other server or choose --port"
            ) from exc
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def serve(
    host: str,
    port: int,
    db: str | None,
    *,
    log_level: str = "info",
    announce: Callable[[str], None] | None = None,
) -> None:
    """Run the backend API until interrupted (``repflow serve --host H --port P --db URL``).

    Reads ``API_AUTH_TOKEN`` from the environment and refuses to start without it. The
    schema is migrated at startup (FastAPI lifespan); the store is closed at shutdown.
    ``GET /healthz`` answers without auth; every route under ``/api/`` needs
    ``Authorization: Bearer $API_AUTH_TOKEN``.

    Args:
        host: Interface to bind (``127.0.0.1``; ``0.0.0.0`` for every interface).
        port: TCP port (0: any free port).
        db: Database URL or path (see :func:`repflow.store.sql.database_url`).
        log_level: uvicorn's log level.
        announce: Called with the dashboard's address once the port is bound.

    Raises:
        ConfigError: ``API_AUTH_TOKEN`` is missing, the database URL is unsupported or the
            port cannot be bound (raised before anything listens or connects), or the server
            did not start.
    """
    import uvicorn

    _token(os.environ)  # before binding: a missing token is the first thing to hear about
    sock = bind(host, port)
    try:
        app = build_api_app(db)
    except BaseException:
        sock.close()
        raise
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    if announce is not None:
        announce(f"http://{shown}:{bound}/dashboard/")
    config = uvicorn.Config(
        app,
        host=host,
        port=bound,
        log_level=log_level,
        lifespan="on",
        proxy_headers=True,
        server_header=False,
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except SystemExit as exc:  # uvicorn exits 3 when the app's startup (migration) fails
        raise ConfigError(f"the server did not start (exit {exc.code}; the log says why)") from exc
    finally:
        sock.close()
