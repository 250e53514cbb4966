"""The file transport: each reply becomes an ``.eml`` file in a directory (the outbox).

Files are named ``<UTC timestamp>-<safe Message-ID>.eml`` so a directory listing sorts by send
time and names the message. Writing is atomic (a hidden temporary file in the same directory,
fsynced, then :func:`os.replace`), so a reader never sees half a message. Sending is idempotent
per Message-ID: when a file for the same Message-ID is already there, its path is returned and
nothing is written. That check is serialised within one process; two processes sending the same
Message-ID at the same instant could both write (the dispatcher's duplicate window is far wider
than that race). Files use LF line endings, like mbox and Maildir; blocking I/O runs in a
worker thread, off the event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
import threading
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from repflow.transport.exceptions import SendError

__all__ = ["FileTransport", "safe_message_id"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._@+=-]+")
_MAX_NAME = 120


def safe_message_id(message_id: str) -> str:
    """A file-name-safe, glob-safe form of a Message-ID.

    Characters outside ``A-Z a-z 0-9 . _ @ + = -`` become ``_``; a long or altered id keeps a
    short hash of the original so two different ids never share a name.

    Args:
        message_id: the Message-ID header value, with or without angle brackets.

    Returns:
        A non-empty string usable in a file name.
    """
    raw = message_id.strip().strip("<>")
    safe = _UNSAFE.sub("_", raw).strip("._") or "message"
    if safe != raw or len(safe) > _MAX_NAME:
        digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:12]
        safe = f"{safe[:_MAX_NAME]}_{digest}"
    return safe


class FileTransport:
    """Writes each message as ``<directory>/<timestamp>-<safe message-id>.eml``.

    Args:
        directory: where the files go; created (with parents) on first send.
    """

    name = "file"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()

    async def send(self, message: EmailMessage) -> str:
        """Write ``message`` to a file, once per Message-ID.

        Args:
            message: the message to write. Without a Message-ID, a hash of its bytes stands in.

        Returns:
            The path of the file holding the message (the existing one for a repeated
            Message-ID).

        Raises:
            SendError: the file could not be written (retryable: a full disk or a permission
                problem can be fixed and the send retried).
        """
        data = message.as_bytes(policy=message.policy.clone(linesep="\n"))
        message_id = str(message.get("Message-ID") or "").strip()
        key = safe_message_id(message_id or "sha256-" + hashlib.sha256(data).hexdigest())
        return await asyncio.to_thread(self._write, key, data)

    def existing(self, key: str) -> Path | None:
        """The file already written for a safe Message-ID ``key``, if any."""
        if not self.directory.is_dir():
            return None
        wanted = f"{key}.eml"
        # The timestamp has no "-": the name after the first "-" must be the key exactly.
        matches = sorted(
            p for p in self.directory.glob(f"*-{key}.eml") if p.name.partition("-")[2] == wanted
        )
        return matches[0] if matches else None

    def _write(self, key: str, data: bytes) -> str:
        with self._lock:
            try:
                found = self.existing(key)
                if found is not None:
                    return str(found)
                self.directory.mkdir(parents=True, exist_ok=True)
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
                target = self.directory / f"{stamp}-{key}.eml"
                fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
                try:
                    with os.fdopen(fd, "wb") as handle:
                        handle.write(data)
                        handle.flush()
                        os.fsync(handle.fileno())
                    os.replace(tmp, target)
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)
                    raise
            except OSError as exc:
                raise SendError(
                    f"could not write to {self.directory}: {exc}", retryable=True
                ) from exc
            return str(target)
