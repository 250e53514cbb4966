r"""A real mailbox over IMAP: read new mail, APPEND drafts and Sent copies, wait with IDLE.

:class:`MailboxUrl` parses ``imap://USER[:PASSWORD]@HOST[:PORT]/FOLDER`` (STARTTLS) and
``imaps://...`` (implicit TLS); :class:`ImapMailbox` is one connection to it. The connection is
blocking (:mod:`imapclient` over :mod:`imaplib`), so every call runs in a worker thread; the
calls of one mailbox are awaited one after the other, never concurrently.

What Repflow does to a mailbox, and nothing more:

* reads messages with ``UID FETCH ... BODY.PEEK[]`` (the ``\\Seen`` flag is never set);
* sets the keyword ``$Repflow`` on messages it processed, when the folder allows keywords
  (``PERMANENTFLAGS`` contains ``\\*``);
* APPENDs draft replies (flag ``\\Draft``) to Drafts and copies of the replies it sent (flag
  ``\\Seen``, as mail clients file them) to Sent, creating those folders only when missing;
* searches Drafts and Sent (read-only ``EXAMINE``) for the drafts it APPENDed.

It never deletes, moves, expunges or marks anything read.

Authentication: LOGIN with the URL's password or ``REPFLOW_IMAP_PASSWORD``; or SASL XOAUTH2 /
OAUTHBEARER (Gmail, Microsoft 365) with an access token printed by ``REPFLOW_IMAP_TOKEN_COMMAND``
or read from ``REPFLOW_IMAP_TOKEN_FILE``. ``REPFLOW_IMAP_CA_FILE`` names extra CA certificates
to trust (a self-hosted server with its own CA).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import imaplib
import logging
import os
import select
import shlex
import ssl
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from repflow.transport.exceptions import ImapError, MailboxUrlError

__all__ = [
    "DRAFT_FLAG",
    "KEYWORD",
    "FetchedMessage",
    "FolderInfo",
    "ImapMailbox",
    "MailboxUrl",
    "oauthbearer_string",
    "xoauth2_string",
]

log = logging.getLogger("repflow.imap")

T = TypeVar("T")

#: The keyword set on processed messages where the server allows keywords.
KEYWORD = b"$Repflow"
DRAFT_FLAG = b"\\Draft"
SEEN_FLAG = b"\\Seen"
DEFAULT_PORTS = {"imap": 143, "imaps": 993}
#: Messages fetched per UID FETCH.
FETCH_BATCH = 100
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})

AuthMechanism = Literal["login", "xoauth2", "oauthbearer"]


def _flag_set(values: Iterable[object]) -> frozenset[bytes]:
    return frozenset(
        (value if isinstance(value, bytes) else str(value).encode()).lower() for value in values
    )


@dataclass(frozen=True, slots=True)
class MailboxUrl:
    """Where a mailbox is and how to log in (the password is never shown).

    Attributes:
        scheme: ``imap`` (plain, upgraded with STARTTLS) or ``imaps`` (implicit TLS).
        host: Server name or address.
        port: Server port (143 and 993 by default).
        username: Login name (percent-decoded).
        folder: The folder to watch (``INBOX`` by default).
        password: LOGIN password (URL, else ``REPFLOW_IMAP_PASSWORD``); None with OAuth2.
        starttls: ``required`` (default; loopback servers: ``auto``), ``auto`` (when offered)
            or ``no`` (``?starttls=no``: plain text, for test servers only).
        auth: ``login``, ``xoauth2`` or ``oauthbearer`` (``?auth=``; OAuth2 by default when a
            token source is configured and there is no password).
        token_command: Shell command printing an OAuth2 access token.
        token_file: File holding an OAuth2 access token.
        ca_file: Extra CA certificates to trust (PEM).
    """

    scheme: Literal["imap", "imaps"]
    host: str
    port: int
    username: str
    folder: str = "INBOX"
    password: str | None = field(default=None, repr=False)
    starttls: Literal["required", "auto", "no"] = "required"
    auth: AuthMechanism = "login"
    token_command: str | None = field(default=None, repr=False)
    token_file: Path | None = None
    ca_file: Path | None = None

    @classmethod
    def parse(cls, url: str, env: Mapping[str, str] | None = None) -> MailboxUrl:
        """Parse a mailbox URL, completing it from ``REPFLOW_IMAP_*`` variables.

        Args:
            url: ``imap://USER@HOST:PORT/FOLDER`` or ``imaps://...``; a ``@`` in the user
                name is written ``%40``; query options ``starttls=required|auto|no`` and
                ``auth=login|xoauth2|oauthbearer``.
            env: The environment (default :data:`os.environ`).

        Returns:
            The parsed URL.

        Raises:
            MailboxUrlError: the URL is not a usable IMAP URL, or no credential is configured.
        """
        env = os.environ if env is None else env
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            raise MailboxUrlError(f"a mailbox URL starts with imap:// or imaps://, not {scheme!r}")
        try:
            port = parts.port or DEFAULT_PORTS[scheme]
        except ValueError as exc:
            raise MailboxUrlError(f"bad port in the mailbox URL: {exc}") from exc
        host = parts.hostname
        if not host:
            raise MailboxUrlError("the mailbox URL names no host")
        username = unquote(parts.username or "") or env.get("REPFLOW_IMAP_USER", "")
        if not username:
            raise MailboxUrlError("the mailbox URL names no user (imap://USER@HOST/FOLDER)")
        folder = unquote(parts.path.lstrip("/")) or "INBOX"
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        password = unquote(parts.password) if parts.password else env.get("REPFLOW_IMAP_PASSWORD")
        token_command = env.get("REPFLOW_IMAP_TOKEN_COMMAND") or None
        token_file = (
            Path(env["REPFLOW_IMAP_TOKEN_FILE"]) if env.get("REPFLOW_IMAP_TOKEN_FILE") else None
        )
        auth = query.get("auth", "").lower()
        if not auth:
            auth = "xoauth2" if (token_command or token_file) and not password else "login"
        if auth not in ("login", "xoauth2", "oauthbearer"):
            raise MailboxUrlError(f"auth must be login, xoauth2 or oauthbearer, not {auth!r}")
        if auth == "login" and not password:
            raise MailboxUrlError(
                "no IMAP password: put it in the URL or REPFLOW_IMAP_PASSWORD "
                "(or set REPFLOW_IMAP_TOKEN_COMMAND / REPFLOW_IMAP_TOKEN_FILE for OAuth2)"
            )
        if auth != "login" and not (token_command or token_file):
            raise MailboxUrlError(
                f"auth={auth} needs REPFLOW_IMAP_TOKEN_COMMAND or REPFLOW_IMAP_TOKEN_FILE"
            )
        default_tls = "auto" if host in _LOOPBACK else "required"
        starttls = query.get("starttls", default_tls).lower()
        if starttls not in ("required", "auto", "no"):
            raise MailboxUrlError(f"starttls must be required, auto or no, not {starttls!r}")
        ca = env.get("REPFLOW_IMAP_CA_FILE")
        return cls(
            scheme="imaps" if scheme == "imaps" else "imap",
            host=host,
            port=port,
            username=username,
            folder=folder,
            password=password,
            starttls=starttls,  # type: ignore[arg-type]  # checked above
            auth=auth,  # type: ignore[arg-type]  # checked above
            token_command=token_command,
            token_file=token_file,
            ca_file=Path(ca) if ca else None,
        )

    @property
    def key(self) -> str:
        """The folder's identity in the store: the URL without password or options."""
        return f"{self.scheme}://{self.username}@{self.host}:{self.port}/{self.folder}"

    def ssl_context(self) -> ssl.SSLContext:
        """TLS settings: the system's CAs (plus ``ca_file``), host name checked."""
        context = ssl.create_default_context()
        if self.ca_file is not None:
            context.load_verify_locations(cafile=str(self.ca_file))
        return context

    def access_token(self) -> str:
        """The OAuth2 access token, from the token command or the token file.

        Raises:
            ImapError: the command failed or printed nothing, or the file cannot be read.
        """
        if self.token_command:
            try:
                completed = subprocess.run(  # noqa: S603  # the operator's own command
                    shlex.split(self.token_command),
                    capture_output=True,
                    check=True,
                    timeout=60,
                    text=True,
                )
            except (OSError, subprocess.SubprocessError) as exc:
                raise ImapError(f"REPFLOW_IMAP_TOKEN_COMMAND failed: {type(exc).__name__}") from exc
            token = completed.stdout.strip()
        elif self.token_file is not None:
            try:
                token = self.token_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ImapError(f"cannot read the token file: {exc.strerror}") from exc
        else:
            raise ImapError("no OAuth2 token source configured")
        if not token:
            raise ImapError("the OAuth2 token source gave an empty token")
        return token


def xoauth2_string(username: str, token: str) -> bytes:
    """The client response of SASL XOAUTH2 (Google, Microsoft): user, bearer token, ^A^A."""
    return f"user={username}\x01auth=Bearer {token}\x01\x01".encode()


def oauthbearer_string(username: str, token: str, host: str, port: int) -> bytes:
    """The client response of SASL OAUTHBEARER (RFC 7628): GS2 header, host, port, token."""
    authzid = username.replace("=", "=3D").replace(",", "=2C")
    return f"n,a={authzid},\x01host={host}\x01port={port}\x01auth=Bearer {token}\x01\x01".encode()


@dataclass(frozen=True, slots=True)
class FetchedMessage:
    """One message read from the server: its bytes and when the server received it."""

    data: bytes
    received_at: datetime | None


@dataclass(frozen=True, slots=True)
class FolderInfo:
    """What SELECT said about a folder."""

    name: str
    uidvalidity: int
    uidnext: int | None
    exists: int
    keywords_allowed: bool


#: Errors of the connection itself (the watcher reconnects): imaplib's abort, sockets, TLS.
_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (imaplib.IMAP4.abort, OSError, EOFError)


class ImapMailbox:
    """One IMAP connection to a mailbox (blocking calls, run in worker threads).

    Args:
        url: Where the mailbox is and how to log in.
        timeout: Seconds for connecting and for each command.
    """

    def __init__(self, url: MailboxUrl, *, timeout: float = 30) -> None:
        self.url = url
        self.timeout = timeout
        self._client: Any = None
        self._selected: str | None = None
        self._capabilities: frozenset[bytes] = frozenset()
        self._special: dict[bytes, str] | None = None

    def __repr__(self) -> str:  # never show the password
        return f"ImapMailbox({self.url.key!r})"

    @property
    def connected(self) -> bool:
        """Whether a logged-in connection is open."""
        return self._client is not None

    @property
    def capabilities(self) -> frozenset[bytes]:
        """The server's capabilities after login (upper-case)."""
        return self._capabilities

    async def _run(self, call: Callable[[], T], what: str) -> T:
        return await asyncio.to_thread(self._guarded, call, what)

    def _guarded(self, call: Callable[[], T], what: str) -> T:
        from imapclient.exceptions import IMAPClientError

        try:
            return call()
        except ssl.SSLCertVerificationError as exc:
            # Not a network hiccup: retrying cannot help until the configuration changes.
            self._drop()
            raise ImapError(f"{what}: TLS certificate of {self.url.host} rejected: {exc}") from exc
        except _CONNECTION_ERRORS as exc:
            self._drop()
            raise ImapError(
                f"{what}: connection to {self.url.host}:{self.url.port} lost: "
                f"{type(exc).__name__}: {exc}",
                connection=True,
            ) from exc
        except (IMAPClientError, imaplib.IMAP4.error) as exc:
            raise ImapError(f"{what}: {type(exc).__name__}: {exc}") from exc

    # -- connection ----------------------------------------------------------------------------
    async def connect(self) -> None:
        """Connect, secure (TLS or STARTTLS) and log in.

        Raises:
            ImapError: the server cannot be reached (``connection``), refuses the login, or
                offers no STARTTLS where it is required.
        """
        if self._client is not None:
            return
        await self._run(self._connect_sync, "connect")

    def _connect_sync(self) -> None:
        from imapclient import IMAPClient
        from imapclient.imapclient import SocketTimeout

        url = self.url
        implicit = url.scheme == "imaps"
        client = IMAPClient(
            url.host,
            url.port,
            ssl=implicit,
            ssl_context=url.ssl_context() if implicit else None,
            timeout=SocketTimeout(connect=self.timeout, read=self.timeout),
        )
        try:
            if not implicit and url.starttls != "no":
                offered = b"STARTTLS" in client.capabilities()
                if offered:
                    client.starttls(url.ssl_context())
                elif url.starttls == "required":
                    raise ImapError(
                        f"{url.host}:{url.port} offers no STARTTLS; use imaps:// or, for a "
                        "test server, ?starttls=no"
                    )
            self._login(client)
            self._capabilities = frozenset(bytes(c).upper() for c in client.capabilities())
        except BaseException:
            with contextlib.suppress(Exception):
                client.shutdown()
            raise
        self._client = client
        self._selected = None
        self._special = None
        log.info("imap connected", extra={"host": url.host, "port": url.port, "tls": implicit})

    def _login(self, client: Any) -> None:
        url = self.url
        if url.auth == "login":
            client.login(url.username, url.password or "")
            return
        token = url.access_token()
        if url.auth == "xoauth2":
            response = xoauth2_string(url.username, token)
        else:
            response = oauthbearer_string(url.username, token, url.host, url.port)
        client.sasl_login(url.auth.upper(), lambda _challenge: response)

    def _drop(self) -> None:
        client, self._client = self._client, None
        self._selected = None
        if client is not None:
            with contextlib.suppress(Exception):
                client.shutdown()

    async def close(self) -> None:
        """Log out and close the connection (errors are ignored: we are leaving)."""
        client, self._client = self._client, None
        self._selected = None
        if client is None:
            return

        def logout() -> None:
            try:
                client.logout()
            except Exception:
                with contextlib.suppress(Exception):
                    client.shutdown()

        await asyncio.to_thread(logout)

    def _require(self) -> Any:
        if self._client is None:
            raise ImapError("not connected", connection=True)
        return self._client

    # -- folders -------------------------------------------------------------------------------
    async def select(self, folder: str, *, readonly: bool = False) -> FolderInfo:
        r"""SELECT ``folder`` (EXAMINE with ``readonly``); BODY.PEEK[] leaves ``\\Seen`` alone."""
        return await self._run(
            lambda: self._select_sync(folder, readonly=readonly), f"select {folder}"
        )

    def _select_sync(self, folder: str, *, readonly: bool = False) -> FolderInfo:
        client = self._require()
        status = client.select_folder(folder, readonly=readonly)
        self._selected = None if readonly else folder
        permanent = _flag_set(status.get(b"PERMANENTFLAGS", ()))
        uidnext = status.get(b"UIDNEXT")
        return FolderInfo(
            name=folder,
            uidvalidity=int(status[b"UIDVALIDITY"]),
            uidnext=int(uidnext) if uidnext is not None else None,
            exists=int(status.get(b"EXISTS", 0)),
            keywords_allowed=b"\\*" in permanent,
        )

    async def special_folder(self, use: bytes, fallback: str, *, create: bool = True) -> str:
        r"""The folder with SPECIAL-USE ``use`` (``\\Drafts``, ``\\Sent``), else ``fallback``.

        A missing ``fallback`` folder is created when ``create`` is set.

        Raises:
            ImapError: the folder list cannot be read or the folder cannot be created.
        """
        return await self._run(
            lambda: self._special_folder_sync(use, fallback, create), f"find {fallback}"
        )

    def _special_folder_sync(self, use: bytes, fallback: str, create: bool) -> str:
        client = self._require()
        if self._special is None:
            special: dict[bytes, str] = {}
            names: dict[str, str] = {}
            for flags, _delimiter, name in client.list_folders():
                for flag in flags:
                    special.setdefault(bytes(flag).lower(), name)
                names.setdefault(str(name).lower(), str(name))
            special.update({b"name:" + k.encode(): v for k, v in names.items()})
            self._special = special
        found = self._special.get(use.lower()) or self._special.get(
            b"name:" + fallback.lower().encode()
        )
        if found is not None:
            return found
        if not create:
            return ""
        client.create_folder(fallback)
        self._special[b"name:" + fallback.lower().encode()] = fallback
        log.info("imap folder created", extra={"folder": fallback})
        return fallback

    async def folders(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every folder with its flags (for ``--check``)."""

        def listing() -> list[tuple[str, tuple[str, ...]]]:
            client = self._require()
            return [
                (str(name), tuple(bytes(flag).decode("ascii", "replace") for flag in flags))
                for flags, _delimiter, name in client.list_folders()
            ]

        return await self._run(listing, "list folders")

    # -- reading -------------------------------------------------------------------------------
    async def uids_after(self, folder: str, last_uid: int) -> list[int]:
        """UIDs above ``last_uid`` in ``folder`` (which must be selected), ascending."""

        def search() -> list[int]:
            client = self._require()
            if self._selected != folder:
                self._select_sync(folder)
            found = client.search(["UID", f"{last_uid + 1}:*"])
            # "N:*" always matches the highest UID, even one below N: filter.
            return sorted(int(uid) for uid in found if int(uid) > last_uid)

        return await self._run(search, f"search {folder}")

    async def fetch(self, uids: Sequence[int]) -> dict[int, FetchedMessage]:
        """The raw bytes and arrival dates of ``uids`` in the selected folder.

        ``BODY.PEEK[]`` leaves the messages unread; ``INTERNALDATE`` is when the server received
        each one (a time the sender cannot write).
        """

        def fetch() -> dict[int, FetchedMessage]:
            client = self._require()
            client.normalise_times = False  # keep INTERNALDATE's offset (aware datetimes)
            response = client.fetch(list(uids), [b"BODY.PEEK[]", b"INTERNALDATE"])
            out: dict[int, FetchedMessage] = {}
            for uid, data in response.items():
                body = data.get(b"BODY[]")
                if body is None:
                    continue
                arrived = data.get(b"INTERNALDATE")
                received_at = arrived if isinstance(arrived, datetime) else None
                if received_at is not None and received_at.tzinfo is None:
                    received_at = received_at.replace(tzinfo=UTC)
                out[int(uid)] = FetchedMessage(bytes(body), received_at)
            return out

        return await self._run(fetch, "fetch")

    async def add_keyword(self, uids: Sequence[int]) -> None:
        r"""Set :data:`KEYWORD` on ``uids`` of the selected folder (never ``\\Seen``)."""
        if not uids:
            return
        await self._run(
            lambda: self._require().add_flags(list(uids), [KEYWORD], silent=True), "store keyword"
        )

    async def message_ids(self, folder: str) -> set[str]:
        """The Message-IDs (lower-case, with angle brackets) of every message in ``folder``.

        The folder is EXAMINEd (read-only) and only the Message-ID header is fetched.
        """

        def collect() -> set[str]:
            client = self._require()
            info = self._select_sync(folder, readonly=True)
            if info.exists == 0:
                return set()
            found: set[str] = set()
            part = b"BODY[HEADER.FIELDS (MESSAGE-ID)]"
            uids = client.search(["ALL"])
            if not uids:
                return set()
            response = client.fetch(uids, [b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
            for data in response.values():
                header = bytes(data.get(part, b"")).decode("utf-8", "replace")
                _name, _colon, value = header.partition(":")
                value = " ".join(value.split()).lower()
                if value:
                    found.add(value)
            return found

        return await self._run(collect, f"list {folder}")

    async def find_message_ids(self, folder: str, headers: Mapping[str, str]) -> bool:
        """Whether ``folder`` (EXAMINEd, read-only) holds a message with any of these headers.

        Args:
            folder: The folder to search.
            headers: Header name -> value to match (``Message-ID``, ``In-Reply-To``); any match
                counts.
        """

        def search() -> bool:
            client = self._require()
            self._select_sync(folder, readonly=True)
            for name, value in headers.items():
                if value and client.search(["HEADER", name, value]):
                    return True
            return False

        return await self._run(search, f"search {folder}")

    # -- writing -------------------------------------------------------------------------------
    async def append(self, folder: str, data: bytes, flags: Sequence[bytes]) -> None:
        """APPEND ``data`` to ``folder`` with ``flags``.

        Raises:
            ImapError: the server refused it or the connection broke.
        """
        await self._run(
            lambda: self._require().append(folder, data, flags=tuple(flags)), f"append {folder}"
        )

    # -- waiting -------------------------------------------------------------------------------
    @property
    def can_idle(self) -> bool:
        """Whether the server offers IDLE."""
        return b"IDLE" in self._capabilities

    async def idle(
        self, folder: str, *, stop: asyncio.Event, max_wait: float, tick: float = 1.0
    ) -> bool:
        """Wait in IDLE on ``folder`` until new mail, ``stop``, or ``max_wait`` seconds.

        IDLE is ended (DONE) before returning, so a long wait re-issues it well before the
        server's ~29 minute limit when ``max_wait`` is below that.

        Returns:
            True when the server reported new mail (EXISTS or RECENT).

        Raises:
            ImapError: the connection broke (``connection`` set): the caller reconnects.
        """

        def begin() -> None:
            client = self._require()
            if self._selected != folder:
                self._select_sync(folder)
            client.idle()

        await self._run(begin, "idle")
        deadline = time.monotonic() + max_wait
        changed = False
        try:
            while not changed and not stop.is_set() and time.monotonic() < deadline:
                wait = min(tick, max(deadline - time.monotonic(), 0.0))
                changed = await self._run(functools.partial(self._idle_check, wait), "idle")
        finally:
            if self._client is not None:
                await self._run(lambda: self._require().idle_done(), "idle done")
        return changed

    def _idle_check(self, timeout: float) -> bool:
        """One wait of at most ``timeout`` seconds for an IDLE response; True on new mail.

        :meth:`imapclient.IMAPClient.idle_check` hides a closed connection (it answers an empty
        list forever), so the line is read here: imaplib raises ``abort`` at EOF.
        """
        client = self._require()
        sock = client.socket()
        pending = isinstance(sock, ssl.SSLSocket) and sock.pending() > 0
        if not pending:
            readable, _, _ = select.select([sock], [], [], timeout)
            if not readable:
                return False
        changed = False
        imap = client._imap  # see the docstring
        while True:
            line: bytes = imap._get_line()
            upper = line.upper()
            if upper.startswith(b"* BYE"):
                raise imaplib.IMAP4.abort("server said BYE")
            if upper.endswith((b" EXISTS", b" RECENT")):
                changed = True
            more = isinstance(sock, ssl.SSLSocket) and sock.pending() > 0
            if not more:
                readable, _, _ = select.select([sock], [], [], 0)
                more = bool(readable)
            if not more:
                return changed
