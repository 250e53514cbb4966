"""A real uvicorn server for tests: the app on 127.0.0.1, a free port, a background thread.

The listening socket is bound (port 0) before the thread starts, so the port is known at once
and never races with another xdist worker. The server runs its own event loop in the thread;
the app's lifespan (schema migration, store close) runs there too.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import httpx2
import uvicorn
from starlette.types import ASGIApp

TOKEN = "test-token-" + "x" * 24


class ApiServer:
    """Serve ``app`` until :meth:`stop` (also a context manager)."""

    def __init__(self, app: ASGIApp, *, token: str = TOKEN) -> None:
        self.app = app
        self.token = token
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> ApiServer:
        # proto=IPPROTO_TCP: asyncio sets TCP_NODELAY on accepted sockets only for those (a
        # proto 0 socket gets Nagle plus delayed ACKs: 40 ms per answer with a body).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            ws="none",
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock]},
            name=f"api-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not self._thread.is_alive():
                sock.close()
                raise RuntimeError("the API server did not start (see the log above)")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("the API server did not start in time")
            time.sleep(0.002)
        self._warm_up()
        return self

    def _warm_up(self) -> None:
        """Route one request, so that FastAPI builds its routes now.

        FastAPI builds route dependants on the first request, inside ``warnings.catch_warnings``
        blocks, which are not thread-safe: two servers (threads) of one process doing it at the
        same time can let a suppressed warning escape (and ``filterwarnings = error`` turns it
        into a 500). Production runs one server per process; tests start servers one by one.
        """
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx2.Client(base_url=self.url, headers=headers, trust_env=False) as client:
            client.get("/api/v1/-warm-up-")

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> ApiServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
