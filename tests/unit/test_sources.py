"""Tests of repflow.transport.sources: files, directories, mbox and Maildir."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from repflow.exceptions import RepflowError
from repflow.transport.exceptions import SourceError, TransportError
from repflow.transport.sources import RawMessage, iter_raw_messages


def message(n: int) -> bytes:
    return f"From: sender{n}@example.com\nSubject: message {n}\n\nbody {n}\n".encode()


def test_single_file(tmp_path: Path) -> None:
    path = tmp_path / "one.eml"
    path.write_bytes(message(1))

    assert list(iter_raw_messages([path])) == [RawMessage(str(path), message(1))]


def test_explicit_file_is_read_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(message(1))

    assert [m.data for m in iter_raw_messages([str(path)])] == [message(1)]


def test_directory_is_read_recursively_in_sorted_path_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "nested").mkdir()
    (tmp_path / ".hidden").mkdir()
    files = {
        "b/2.eml": message(2),
        "a.eml": message(1),
        "b/nested/3": message(3),
        "b-4.txt": message(4),
        ".hidden/x.eml": message(9),
        ".DS_Store": b"junk",
        "LICENSE.txt": b"licence",
        "README.md": b"# readme",
        "tool.py": b"print()",
        "cases.json": b"{}",
        "cases.jsonl": b"{}",
        "pyproject.toml": b"",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)

    sources = [m.source for m in iter_raw_messages([tmp_path])]

    # By path string: "b-4.txt" sorts before "b/..." because "-" < "/".
    assert sources == [str(tmp_path / n) for n in ("a.eml", "b-4.txt", "b/2.eml", "b/nested/3")]


def test_mbox_yields_each_message(tmp_path: Path) -> None:
    path = tmp_path / "archive.mbox"
    box = mailbox.mbox(path)
    for n in range(3):
        box.add(message(n))
    box.close()

    messages = list(iter_raw_messages([path]))

    assert [m.source for m in messages] == [f"{path}#0", f"{path}#1", f"{path}#2"]
    assert [m.data.splitlines()[0] for m in messages] == [
        b"From: sender0@example.com",
        b"From: sender1@example.com",
        b"From: sender2@example.com",
    ]


def test_single_message_with_envelope_line_is_not_an_mbox(tmp_path: Path) -> None:
    path = tmp_path / "one.eml"
    data = b"From sender@example.com Mon Jan  1 00:00:00 2024\n" + message(1)
    path.write_bytes(data)

    assert list(iter_raw_messages([path])) == [RawMessage(str(path), data)]


def _maildir(path: Path, count: int) -> list[str]:
    box = mailbox.Maildir(path)
    keys = [box.add(message(n)) for n in range(count)]
    box.close()
    return keys


def test_maildir_yields_cur_and_new_sorted(tmp_path: Path) -> None:
    path = tmp_path / "Maildir"
    keys = _maildir(path, 3)
    # Move one message to cur/, as a mail client does once it has seen it.
    new_file = next((path / "new").iterdir())
    new_file.rename(path / "cur" / f"{new_file.name}:2,S")

    messages = list(iter_raw_messages([path]))

    assert [m.source for m in messages] == [f"{path}#{k}" for k in sorted(keys)]
    assert sorted(m.data for m in messages) == sorted(message(n) for n in range(3))


def test_maildir_inside_a_directory_is_read_as_maildir(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(message(0))
    keys = _maildir(tmp_path / "box", 2)
    (tmp_path / "z.eml").write_bytes(message(9))

    sources = [m.source for m in iter_raw_messages([tmp_path])]

    box = tmp_path / "box"
    assert sources == [
        str(tmp_path / "a.eml"),
        *(f"{box}#{k}" for k in sorted(keys)),
        str(tmp_path / "z.eml"),
    ]


def test_missing_path_raises_source_error_before_reading(tmp_path: Path) -> None:
    existing = tmp_path / "a.eml"
    existing.write_bytes(message(1))

    with pytest.raises(SourceError, match="no such file"):
        iter_raw_messages([existing, tmp_path / "missing.eml"])


def test_source_error_hierarchy() -> None:
    assert issubclass(SourceError, TransportError)
    assert issubclass(TransportError, RepflowError)


def test_several_paths_keep_their_order(tmp_path: Path) -> None:
    first, second = tmp_path / "z.eml", tmp_path / "a.eml"
    first.write_bytes(message(1))
    second.write_bytes(message(2))

    assert [m.source for m in iter_raw_messages([first, second])] == [str(first), str(second)]
