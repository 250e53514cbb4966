from datetime import UTC, datetime

from repflow.domain.models import Direction
from repflow.pipeline.process import format_history
from repflow.store.port import StoredMessage, ThreadState


def message(n: int, direction: Direction, text: str) -> StoredMessage:
    return StoredMessage(
        id=str(n),
        creator_id="c",
        thread_id="t",
        direction=direction,
        message_id=f"<{n}@x>",
        sender="a@x",
        recipients=("b@y",),
        subject="s",
        subject_key="s",
        participant_key="a@x|b@y",
        text=text,
        sent_at=datetime(2026, 1, n, tzinfo=UTC),
    )


def test_history_is_compact_newest_last_and_labelled():
    messages = tuple(
        message(n, Direction.INBOUND if n % 2 else Direction.OUTBOUND, f"line {n}\n\n  more   text")
        for n in range(1, 10)
    )
    lines = format_history(ThreadState(thread_id="t", messages=messages), limit=3, width=12)
    assert lines[0].startswith("brand: line 7")
    assert lines[1].startswith("creator: line 8")
    assert lines[2].startswith("brand: line 9")
    assert all(len(line.split(": ", 1)[1]) <= 12 for line in lines)
    assert all("\n" not in line for line in lines)


def test_history_of_empty_thread():
    assert format_history(ThreadState(thread_id="t")) == ()
