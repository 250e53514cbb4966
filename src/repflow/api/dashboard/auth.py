"""Dashboard sessions: a signed cookie, the secret it is signed with, and sign-in throttling.

The session is a small JSON document in one cookie, signed with HMAC-SHA256. It holds the
signed-in e-mail (or nothing, before sign-in), the per-session CSRF token (see
:mod:`repflow.api.dashboard.csrf`), when it was issued, a fingerprint of the account's password
hash, so that changing a password ends every session made with the old one, and a random
session id. The server keeps the SHA-256 of every signed-in session's id
(:func:`session_key`, the ``dashboard_sessions`` table): signing out deletes it, signing out
everywhere deletes all of an account's, and a cookie whose id is not there is signed out,
however well it is signed. The cookie is ``HttpOnly``, ``SameSite=Lax``, ``Secure`` when the
request came over HTTPS, and expires after :data:`SESSION_MAX_AGE_S` (checked from the signed
issue time, not only by the browser).

The key comes from ``REPFLOW_SECRET_KEY`` (at least 32 characters); without it, a random key is
made per process, so sessions end at every restart and are not shared between workers: fine
for development, logged as a warning.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from repflow.exceptions import ConfigError

__all__ = [
    "DEVICE_COOKIE",
    "DEVICE_MAX_AGE_S",
    "SECRET_ENV",
    "SESSION_COOKIE",
    "SESSION_MAX_AGE_S",
    "LoginThrottle",
    "Session",
    "SessionCodec",
    "new_session_id",
    "secret_key_from_env",
    "session_key",
]

log = logging.getLogger("repflow.dashboard")

#: The environment variable holding the signing key.
SECRET_ENV = "REPFLOW_SECRET_KEY"  # noqa: S105 - a variable name, not a secret
#: The session cookie's name.
SESSION_COOKIE = "repflow_session"
#: How long a session lasts (seconds).
SESSION_MAX_AGE_S = 7 * 24 * 3600
#: The known-device cookie's name: set at a successful sign-in, it exempts that browser from
#: the per-account sign-in lock (see :class:`LoginThrottle`).
DEVICE_COOKIE = "repflow_device"
#: How long a browser stays a known device after its last successful sign-in (seconds).
DEVICE_MAX_AGE_S = 180 * 24 * 3600
#: Shortest accepted ``REPFLOW_SECRET_KEY``.
MIN_SECRET_LENGTH = 32
_MAX_COOKIE = 4096


def secret_key_from_env(environ: Mapping[str, str] | None = None) -> bytes:
    """The session signing key: ``REPFLOW_SECRET_KEY``, else a random key for this process.

    Args:
        environ: Where to look (default: ``os.environ``).

    Returns:
        The key bytes.

    Raises:
        ConfigError: The variable is set but shorter than 32 characters.
    """
    env = os.environ if environ is None else environ
    value = env.get(SECRET_ENV, "").strip()
    if value:
        if len(value) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"{SECRET_ENV} must be at least {MIN_SECRET_LENGTH} characters "
                "(e.g. `openssl rand -hex 32`)"
            )
        return value.encode("utf-8")
    log.warning(
        "%s is not set: using a random key for this process (sessions end on restart and "
        "are not shared between workers)",
        SECRET_ENV,
    )
    return secrets.token_bytes(32)


def new_csrf_token() -> str:
    """A fresh CSRF token (32 random bytes, URL-safe)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class Session:
    """What the session cookie carries.

    Attributes:
        csrf: The per-session CSRF token every form must echo.
        email: The signed-in account, or None before sign-in.
        issued_at: Unix time the session was made (signed in or anonymous).
        password_tag: Fingerprint of the account's password hash at sign-in.
        sid: The signed-in session's id (empty before sign-in).
    """

    csrf: str = field(default_factory=new_csrf_token)
    email: str | None = None
    issued_at: int = field(default_factory=lambda: int(time.time()))
    password_tag: str = ""
    sid: str = ""


def new_session_id() -> str:
    """A fresh random session id (32 random bytes, URL-safe)."""
    return secrets.token_urlsafe(32)


def session_key(sid: str) -> str:
    """What the server stores of a session id: its SHA-256 (hex)."""
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionCodec:
    """Signs sessions into cookie values and reads them back.

    Args:
        key: The signing key (see :func:`secret_key_from_env`).
        max_age: Seconds a session stays valid after it was issued.
        clock: Unix time (tests pass their own).
    """

    def __init__(
        self,
        key: bytes,
        *,
        max_age: int = SESSION_MAX_AGE_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        # Separate keys per purpose, derived from the one secret.
        self._sign_key = hmac.new(key, b"repflow-dashboard-session", hashlib.sha256).digest()
        self._tag_key = hmac.new(key, b"repflow-dashboard-password-tag", hashlib.sha256).digest()
        self._device_key = hmac.new(key, b"repflow-dashboard-device", hashlib.sha256).digest()
        self.max_age = max_age
        self._clock = clock

    def device_cookie(self, email: str) -> str:
        """The signed known-device cookie value for ``email`` (which it does not reveal)."""
        document = {
            "a": self._account_tag(email),
            "d": secrets.token_urlsafe(12),
            "i": int(self._clock()),
        }
        payload = _b64(json.dumps(document, separators=(",", ":")).encode("utf-8"))
        return f"{payload}.{self._device_signature(payload)}"

    def known_device(self, value: str | None, email: str) -> str | None:
        """The device id of a valid, unexpired known-device cookie of ``email``, else None."""
        if not value or len(value) > 512:
            return None
        payload, dot, signature = value.partition(".")
        if not dot or not hmac.compare_digest(signature, self._device_signature(payload)):
            return None
        try:
            document = json.loads(_unb64(payload))
        except (ValueError, binascii.Error):
            return None
        if not isinstance(document, dict) or not isinstance(document.get("i"), int):
            return None
        account, device = document.get("a"), document.get("d")
        age = self._clock() - document["i"]
        if (
            -300 <= age <= DEVICE_MAX_AGE_S
            and isinstance(account, str)
            and isinstance(device, str)
            and device
            and hmac.compare_digest(account, self._account_tag(email))
        ):
            return device
        return None

    def _account_tag(self, email: str) -> str:
        digest = hmac.new(self._device_key, b"account:" + email.encode("utf-8"), hashlib.sha256)
        return _b64(digest.digest()[:16])

    def _device_signature(self, payload: str) -> str:
        digest = hmac.new(self._device_key, payload.encode("ascii"), hashlib.sha256)
        return _b64(digest.digest())

    def _signature(self, payload: str) -> str:
        return _b64(hmac.new(self._sign_key, payload.encode("ascii"), hashlib.sha256).digest())

    def password_tag(self, password_hash: str) -> str:
        """A short keyed fingerprint of a password hash (reveals nothing about it)."""
        digest = hmac.new(self._tag_key, password_hash.encode("utf-8"), hashlib.sha256)
        return _b64(digest.digest()[:12])

    def dumps(self, session: Session) -> str:
        """The signed cookie value of ``session``."""
        document = {"c": session.csrf, "u": session.email, "i": session.issued_at}
        if session.password_tag:
            document["p"] = session.password_tag
        if session.sid:
            document["s"] = session.sid
        payload = _b64(json.dumps(document, separators=(",", ":")).encode("utf-8"))
        return f"{payload}.{self._signature(payload)}"

    def loads(self, value: str | None) -> Session | None:
        """The session of a cookie value; None when missing, tampered with or expired."""
        if not value or len(value) > _MAX_COOKIE:
            return None
        payload, dot, signature = value.partition(".")
        if not dot or not hmac.compare_digest(signature, self._signature(payload)):
            return None
        try:
            document = json.loads(_unb64(payload))
        except (ValueError, binascii.Error):
            return None
        if not isinstance(document, dict):
            return None
        csrf, email, issued = document.get("c"), document.get("u"), document.get("i")
        tag = document.get("p", "")
        sid = document.get("s", "")
        if not isinstance(csrf, str) or not csrf or not isinstance(issued, int):
            return None
        if email is not None and not isinstance(email, str):
            return None
        if not isinstance(tag, str) or not isinstance(sid, str):
            return None
        age = self._clock() - issued
        if age > self.max_age or age < -300:
            return None
        return Session(csrf=csrf, email=email, issued_at=issued, password_tag=tag, sid=sid)


class LoginThrottle:
    """Refuses sign-in for a key after repeated failures (per process, in memory).

    The dashboard keys failures by account (e-mail) and by client address. A browser that
    signed in to the account before (a valid :data:`DEVICE_COOKIE`) is exempt from both, so
    wrong passwords typed elsewhere (even behind the same address) cannot lock the owner out;
    its own failures count against that device alone.

    Args:
        max_failures: Failures allowed within ``window`` seconds.
        window: Seconds a failure counts.
        clock: Monotonic seconds.
    """

    def __init__(
        self,
        *,
        max_failures: int = 10,
        window: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max = max_failures
        self._window = window
        self._clock = clock
        self._failures: dict[str, list[float]] = {}

    def _recent(self, key: str) -> list[float]:
        cutoff = self._clock() - self._window
        recent = [t for t in self._failures.get(key, []) if t > cutoff]
        if recent:
            self._failures[key] = recent
        else:
            self._failures.pop(key, None)
        return recent

    def blocked(self, key: str) -> bool:
        """Whether ``key`` (an e-mail or a client address) has used up its attempts."""
        return len(self._recent(key)) >= self._max

    def failed(self, key: str) -> None:
        """Count a failed attempt."""
        if len(self._failures) > 10_000:  # bound memory under a spray of addresses
            self._failures.clear()
        self._recent(key)
        self._failures.setdefault(key, []).append(self._clock())

    def succeeded(self, key: str) -> None:
        """Forget the failures of ``key``."""
        self._failures.pop(key, None)
