"""Raw-mail sources: read message bytes from files, directories, mbox files and Maildirs.

Nothing here parses mail; it only finds messages and hands their bytes on, each with a ``source``
string saying where it came from:

* a file -> ``path``; an mbox file -> ``path#0``, ``path#1``, ... (in file order);
* a Maildir (a directory with ``cur/`` and ``new/``) -> ``path#<key>`` (sorted by key);
* any other directory -> read recursively in sorted order of the path string, skipping hidden
  entries and files that are not mail (``LICENSE*``, ``*.md``, ``*.py``, ``*.json``,
  ``*.jsonl``, ``*.toml``); a Maildir found inside is read as a Maildir.

Files named explicitly are always read, whatever their name.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from repflow.transport.exceptions import SourceError

__all__ = ["RawMessage", "iter_raw_messages"]

_SKIPPED_SUFFIXES = frozenset({".md", ".py", ".json", ".jsonl", ".toml"})


@dataclass(frozen=True, slots=True)
class RawMessage:
    """The bytes of one message and where they came from.

    Attributes:
        source: A path, ``path#N`` for the N-th message of an mbox, or ``path#key`` for Maildir.
        data: The raw message, exactly as stored.
    """

    source: str
    data: bytes


def iter_raw_messages(paths: Iterable[str | Path]) -> Iterator[RawMessage]:
    """Yield every message found under ``paths``, in order.

    Every path is checked before anything is read, so a typo fails fast instead of after half
    of the input was processed.

    Args:
        paths: Files (single messages or mbox), Maildirs or directories to read recursively.

    Returns:
        An iterator of messages; reading happens lazily.

    Raises:
        SourceError: A path does not exist (raised at call time), or a file or mailbox cannot
            be read (raised during iteration).
    """
    resolved = [Path(p) for p in paths]
    for path in resolved:
        if not path.exists():
            raise SourceError(f"no such file or directory: {path}")
    return _iterate(resolved)


def _iterate(paths: list[Path]) -> Iterator[RawMessage]:
    for path in paths:
        yield from _read_path(path)


def _read_path(path: Path) -> Iterator[RawMessage]:
    if path.is_dir():
        yield from _read_maildir(path) if _is_maildir(path) else _read_directory(path)
    elif path.is_file():
        yield from _read_file(path)
    else:
        raise SourceError(f"not a file or directory: {path}")


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _skipped(name: str) -> bool:
    return (
        name.startswith(".")
        or name.startswith("LICENSE")
        or os.path.splitext(name)[1].lower() in _SKIPPED_SUFFIXES
    )


def _read_directory(root: Path) -> Iterator[RawMessage]:
    # Collect first and sort by the full path string, so the order does not depend on the
    # file system and nested directories interleave exactly as their paths sort.
    found: list[tuple[str, Path, bool]] = []
    for current, dirnames, filenames in os.walk(root, onerror=_walk_error):
        here = Path(current)
        for name in list(dirnames):
            if name.startswith(".") or _is_maildir(here / name):
                dirnames.remove(name)  # hidden trees are skipped, Maildirs read as a whole
                if not name.startswith("."):
                    found.append((str(here / name), here / name, True))
        found.extend((str(here / n), here / n, False) for n in filenames if not _skipped(n))
    for _, path, is_maildir in sorted(found, key=lambda item: item[0]):
        if is_maildir:
            yield from _read_maildir(path)
        elif path.is_file():  # skips sockets, fifos and broken links
            yield from _read_file(path)


def _walk_error(exc: OSError) -> None:
    raise SourceError(f"cannot read directory {exc.filename}: {exc.strerror}") from exc


def _read_file(path: Path) -> Iterator[RawMessage]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if _is_mbox(data):
        yield from _read_mbox(path)
    else:
        yield RawMessage(source=str(path), data=data)


def _is_mbox(data: bytes) -> bool:
    # One "From " line alone is a single message saved with its envelope line (parse_email
    # strips it); a second separator makes it a mailbox.
    return data.startswith(b"From ") and b"\nFrom " in data


def _read_mbox(path: Path) -> Iterator[RawMessage]:
    try:
        box = mailbox.mbox(path, factory=None, create=False)
        try:
            for index, key in enumerate(box.iterkeys()):
                yield RawMessage(source=f"{path}#{index}", data=box.get_bytes(key))
        finally:
            box.close()
    except (OSError, mailbox.Error) as exc:
        raise SourceError(f"cannot read mbox {path}: {exc}") from exc


def _read_maildir(path: Path) -> Iterator[RawMessage]:
    try:
        box = mailbox.Maildir(path, factory=None, create=False)
        for key in sorted(box.iterkeys()):
            yield RawMessage(source=f"{path}#{key}", data=box.get_bytes(key))
    except (OSError, mailbox.Error) as exc:
        raise SourceError(f"cannot read Maildir {path}: {exc}") from exc
