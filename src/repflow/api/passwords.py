"""Password hashing for dashboard sign-in: scrypt from the standard library.

The stored form is one ASCII string::

    scrypt$n=16384,r=8,p=1$<salt, base64url>$<32-byte key, base64url>

* ``n=2**14, r=8, p=1``: about 16 MiB and some 50 ms per hash on a small machine (the
  interactive-login parameters of RFC 7914 §2 and the OWASP password storage cheat sheet);
* a fresh 16-byte salt from :func:`secrets.token_bytes` per password;
* the comparison is constant-time (:func:`hmac.compare_digest`).

The parameters travel with each hash, so they can be raised later: :func:`needs_rehash` tells
when a stored hash is weaker than today's and should be replaced at the next sign-in. Parsed
parameters are bounded, so a crafted hash cannot make verification allocate without limit.

Only :func:`hash_password` and :func:`verify_password` are the interface: swapping in argon2id
(``argon2-cffi`` or ``pwdlib``) later means a new prefix and a branch in :func:`verify_password`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "SCRYPT_N",
    "SCRYPT_P",
    "SCRYPT_R",
    "hash_password",
    "needs_rehash",
    "verify_password",
]

#: CPU/memory cost (a power of two).
SCRYPT_N = 2**14
#: Block size.
SCRYPT_R = 8
#: Parallelism.
SCRYPT_P = 1
#: Bytes of salt per password.
SALT_BYTES = 16
#: Bytes of derived key stored.
KEY_BYTES = 32
#: Shortest password :func:`hash_password` accepts.
MIN_PASSWORD_LENGTH = 8
#: Longest password accepted (longer input is refused, not truncated).
MAX_PASSWORD_LENGTH = 1024

_PREFIX = "scrypt"
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # maxmem: 128 * r * n bytes for the work area, plus slack.
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=128 * r * n * p + 2**20,
        dklen=length,
    )


def hash_password(password: str) -> str:
    """Hash ``password`` for storage.

    Args:
        password: The plain password (at least :data:`MIN_PASSWORD_LENGTH` characters).

    Returns:
        ``scrypt$n=...,r=...,p=...$<salt>$<key>``.

    Raises:
        ValueError: The password is too short or too long.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValueError(f"a password may have at most {MAX_PASSWORD_LENGTH} characters")
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    params = f"n={SCRYPT_N},r={SCRYPT_R},p={SCRYPT_P}"
    return f"{_PREFIX}${params}${_b64encode(salt)}${_b64encode(key)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != _PREFIX:
        return None
    try:
        params = dict(item.split("=", 1) for item in parts[1].split(","))
        n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
        salt, key = _b64decode(parts[2]), _b64decode(parts[3])
    except (ValueError, KeyError, binascii.Error):
        return None
    if not (1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= _MAX_R and 0 < p <= _MAX_P):
        return None
    if len(salt) < 8 or not 16 <= len(key) <= 64:
        return None
    return n, r, p, salt, key


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the stored hash (constant-time comparison).

    Args:
        password: What the user typed.
        stored: A value made by :func:`hash_password`.

    Returns:
        True on a match; False on a mismatch, an over-long password or a malformed hash.
    """
    parsed = _parse(stored)
    if parsed is None or len(password) > MAX_PASSWORD_LENGTH:
        return False
    n, r, p, salt, key = parsed
    candidate = _derive(password, salt, n, r, p, len(key))
    return hmac.compare_digest(candidate, key)


def needs_rehash(stored: str) -> bool:
    """Whether a stored hash uses other parameters than today's (rehash at next sign-in).

    Args:
        stored: A stored hash.

    Returns:
        True when it is malformed or its parameters differ from the current ones.
    """
    parsed = _parse(stored)
    if parsed is None:
        return True
    n, r, p, salt, key = parsed
    return (n, r, p, len(salt), len(key)) != (SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES)
