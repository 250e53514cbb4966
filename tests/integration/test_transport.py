"""File and SMTP transports against a real directory and a real (local) SMTP server."""

from __future__ import annotations

import asyncio
import pickle
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from repflow.transport.exceptions import SendError, TransportError
from repflow.transport.file import FileTransport, safe_message_id
from repflow.transport.port import MailTransport, RecordingTransport
from repflow.transport.smtp import SmtpTransport


def make_message(
    message_id: str = "<abc123@creator.example>",
    *,
    to: str = "jo@acme.com",
    body: str = "Hi Jo,\n\nThanks for reaching out — happy to chat.\n",
) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = "Sam Creator <sam@creator.example>"
    msg["To"] = to
    msg["Subject"] = "Re: Collab"
    msg["Message-ID"] = message_id
    msg["In-Reply-To"] = "<o1@acme.com>"
    msg["Auto-Submitted"] = "auto-replied"
    msg.set_content(body)
    return msg


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- file transport ---------------------------------------------------------------------------


async def test_file_transport_writes_one_parseable_file(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox" / "nested"
    transport = FileTransport(outbox)
    path = Path(await transport.send(make_message()))

    assert path.parent == outbox
    assert path.suffix == ".eml"
    assert path.name.endswith("-abc123@creator.example.eml")
    assert [p.name for p in outbox.iterdir()] == [path.name]  # no temp files left over
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert parsed["Message-ID"] == "<abc123@creator.example>"
    assert parsed["To"] == "jo@acme.com"
    assert parsed["Auto-Submitted"] == "auto-replied"
    assert "happy to chat" in parsed.get_content()


async def test_file_transport_is_idempotent_per_message_id(tmp_path: Path) -> None:
    transport = FileTransport(tmp_path)
    first = await transport.send(make_message())
    second = await transport.send(make_message(body="a retried send\n"))
    other = await transport.send(make_message("<other@creator.example>"))

    assert second == first
    assert other != first
    assert len(list(tmp_path.glob("*.eml"))) == 2
    assert "happy to chat" in Path(first).read_text()


async def test_file_transport_concurrent_sends_of_one_id_write_once(tmp_path: Path) -> None:
    transport = FileTransport(tmp_path)
    paths = await asyncio.gather(*(transport.send(make_message()) for _ in range(8)))
    assert len(set(paths)) == 1
    assert len(list(tmp_path.glob("*.eml"))) == 1


async def test_file_transport_does_not_confuse_ids_sharing_a_suffix(tmp_path: Path) -> None:
    transport = FileTransport(tmp_path)
    a = await transport.send(make_message("<y-x@creator.example>"))
    b = await transport.send(make_message("<x@creator.example>"))
    assert a != b


async def test_file_transport_unwritable_directory_is_retryable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(SendError) as info:
        await FileTransport(blocker / "outbox").send(make_message())
    assert info.value.retryable
    assert isinstance(info.value.__cause__, OSError)


@pytest.mark.parametrize(
    "message_id",
    ["<a/b\\c@x>", "<../../etc/passwd@x>", "<*?[]@x>", "<" + "z" * 400 + "@x>", "<>"],
)
def test_safe_message_id_is_a_plain_file_name(message_id: str) -> None:
    safe = safe_message_id(message_id)
    assert safe
    assert "/" not in safe
    assert "\\" not in safe
    assert not safe.startswith(".")
    assert not set("*?[]") & set(safe)
    assert len(safe) < 160


def test_safe_message_id_keeps_distinct_ids_distinct() -> None:
    assert safe_message_id("<a/b@x>") != safe_message_id("<a_b@x>")


# -- recording fake ---------------------------------------------------------------------------


async def test_recording_transport_records_and_fails_on_demand() -> None:
    transport: MailTransport = RecordingTransport()
    assert await transport.send(make_message()) == "<abc123@creator.example>"
    assert isinstance(transport, RecordingTransport)
    assert len(transport.sent) == 1

    transport.fail_with = SendError("throttled", retryable=True)
    with pytest.raises(SendError, match="throttled"):
        await transport.send(make_message())
    assert len(transport.sent) == 1


def test_send_error_hierarchy_and_pickling() -> None:
    error = SendError("rejected", retryable=False)
    assert isinstance(error, TransportError)
    restored = pickle.loads(pickle.dumps(error))
    assert str(restored) == "rejected"
    assert restored.retryable is False


# -- SMTP transport against aiosmtpd ----------------------------------------------------------


class RecordingHandler:
    """Accepts everything and remembers each envelope."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 2.0.0 Ok: queued as 4F2A9C1B"


class RefusingHandler:
    """Answers ``reply`` at RCPT (or at DATA)."""

    def __init__(self, reply: str, *, stage: str = "RCPT") -> None:
        self.reply = reply
        self.stage = stage

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.stage == "RCPT":
            return self.reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return self.reply


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, RecordingHandler]]:
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def serve(handler: object) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


async def test_smtp_delivers_to_the_to_address_only(
    smtp_server: tuple[Controller, RecordingHandler],
) -> None:
    controller, handler = smtp_server
    transport = SmtpTransport("127.0.0.1", controller.port, timeout=5)

    provider_id = await transport.send(make_message())

    assert provider_id == "4F2A9C1B"
    [envelope] = handler.envelopes
    assert envelope.mail_from == "sam@creator.example"
    assert envelope.rcpt_tos == ["jo@acme.com"]
    received = message_from_bytes(envelope.original_content, policy=policy.default)
    assert received["Auto-Submitted"] == "auto-replied"
    assert received["Message-ID"] == "<abc123@creator.example>"
    assert "happy to chat" in received.get_content()


async def test_smtp_envelope_from_override(
    smtp_server: tuple[Controller, RecordingHandler],
) -> None:
    controller, handler = smtp_server
    transport = SmtpTransport(
        "127.0.0.1", controller.port, timeout=5, envelope_from="bounces@creator.example"
    )
    await transport.send(make_message())
    assert handler.envelopes[0].mail_from == "bounces@creator.example"
    assert handler.envelopes[0].rcpt_tos == ["jo@acme.com"]


@pytest.mark.parametrize("header", ["Cc", "Bcc"])
async def test_smtp_refuses_extra_recipients_before_connecting(header: str) -> None:
    message = make_message()
    message[header] = "someone@else.example"
    transport = SmtpTransport("127.0.0.1", free_port(), timeout=5)
    with pytest.raises(SendError, match=header) as info:
        await transport.send(message)
    assert not info.value.retryable


async def test_smtp_refuses_two_to_mailboxes() -> None:
    transport = SmtpTransport("127.0.0.1", free_port(), timeout=5)
    with pytest.raises(SendError, match="exactly one To") as info:
        await transport.send(make_message(to="jo@acme.com, eve@evil.example"))
    assert not info.value.retryable


@pytest.mark.parametrize(
    ("reply", "stage", "retryable"),
    [
        ("451 4.7.1 Greylisted, try again later", "RCPT", True),
        ("550 5.1.1 No such user", "RCPT", False),
        ("452 4.3.1 Insufficient system storage", "DATA", True),
        ("554 5.7.1 Message rejected as spam", "DATA", False),
    ],
)
async def test_smtp_rejections_map_to_retryable_flag(
    reply: str, stage: str, retryable: bool
) -> None:
    controller = serve(RefusingHandler(reply, stage=stage))
    try:
        transport = SmtpTransport("127.0.0.1", controller.port, timeout=5)
        with pytest.raises(SendError) as info:
            await transport.send(make_message())
    finally:
        controller.stop()
    assert info.value.retryable is retryable
    assert reply.split()[0] in str(info.value)
    assert info.value.__cause__ is not None


async def test_smtp_connection_refused_is_retryable() -> None:
    transport = SmtpTransport("127.0.0.1", free_port(), timeout=5)
    with pytest.raises(SendError) as info:
        await transport.send(make_message())
    assert info.value.retryable
    assert isinstance(info.value.__cause__, OSError)


async def test_smtp_starttls_unsupported_is_permanent(
    smtp_server: tuple[Controller, RecordingHandler],
) -> None:
    controller, handler = smtp_server
    transport = SmtpTransport("127.0.0.1", controller.port, timeout=5, starttls=True)
    with pytest.raises(SendError) as info:
        await transport.send(make_message())
    assert not info.value.retryable
    assert handler.envelopes == []


async def test_smtp_server_that_hangs_up_is_retryable() -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def accept_and_close() -> None:
        conn, _ = listener.accept()
        conn.close()

    try:
        task = asyncio.create_task(asyncio.to_thread(accept_and_close))
        with pytest.raises(SendError) as info:
            await SmtpTransport("127.0.0.1", port, timeout=5).send(make_message())
        await task
    finally:
        listener.close()
    assert info.value.retryable


def test_smtp_options_are_validated_and_password_hidden() -> None:
    with pytest.raises(ValueError, match="exclusive"):
        SmtpTransport("h", 465, starttls=True, use_tls=True)
    assert "hunter2" not in repr(SmtpTransport("h", 587, username="u", password="hunter2"))


def test_process_sends_auto_replies_through_smtp_when_configured(
    smtp_server: tuple[Controller, RecordingHandler], tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import EXAMPLES

    controller, handler = smtp_server
    env = {
        **os.environ,
        "REPFLOW_SMTP_HOST": "127.0.0.1",
        "REPFLOW_SMTP_PORT": str(controller.port),
        "REPFLOW_SMTP_STARTTLS": "false",
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "repflow.cli",
            "process",
            "--json",
            str(EXAMPLES / "inbox" / "02-missing-budget.eml"),
            "--config",
            str(EXAMPLES / "repflow.toml"),
            "--db",
            str(tmp_path / "r.db"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert [envelope.rcpt_tos for envelope in handler.envelopes] == [["priya@lumenskincare.co"]]
    assert not (tmp_path / "outbox").exists()  # SMTP replaced the outbox folder
