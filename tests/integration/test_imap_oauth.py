"""OAuth2 for Gmail and Microsoft 365: the SASL strings, and AUTHENTICATE on the wire.

Dovecot can only check OAuth2 tokens with an introspection server, so the wire test uses a
loopback fake that speaks just enough IMAP (greeting, CAPABILITY, AUTHENTICATE, LOGOUT) and
records what the client sent.
"""

from __future__ import annotations

import base64
import socket
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from repflow.transport.exceptions import ImapError, MailboxUrlError
from repflow.transport.imap import ImapMailbox, MailboxUrl, oauthbearer_string, xoauth2_string

TOKEN = "ya29.a0-test-token"


def test_xoauth2_string_is_the_documented_format() -> None:
    # https://developers.google.com/gmail/imap/xoauth2-protocol
    assert xoauth2_string(
        "someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"
    ) == (
        b"user=someuser@example.com\x01auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"
        b"\x01\x01"
    )


def test_oauthbearer_string_follows_rfc_7628() -> None:
    assert oauthbearer_string(
        "user@example.com", "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==", "server.example.com", 143
    ) == (
        b"n,a=user@example.com,\x01host=server.example.com\x01port=143\x01"
        b"auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"
    )
    # "," and "=" in the authorization identity are escaped.
    assert oauthbearer_string("a,b=c", "t", "h", 1).startswith(b"n,a=a=2Cb=3Dc,\x01")


def test_urls_take_their_credentials_from_the_environment(tmp_path: Path) -> None:
    url = MailboxUrl.parse(
        "imaps://maya%40gmail.com@imap.gmail.com/INBOX", {"REPFLOW_IMAP_PASSWORD": "app-pass"}
    )
    assert (url.username, url.host, url.port, url.folder, url.auth) == (
        "maya@gmail.com",
        "imap.gmail.com",
        993,
        "INBOX",
        "login",
    )
    assert "app-pass" not in repr(url)
    assert url.key == "imaps://maya@gmail.com@imap.gmail.com:993/INBOX"
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    oauth = MailboxUrl.parse(
        "imaps://maya%40outlook.com@outlook.office365.com/INBOX",
        {"REPFLOW_IMAP_TOKEN_FILE": str(token_file)},
    )
    assert oauth.auth == "xoauth2"
    assert oauth.access_token() == TOKEN
    bearer = MailboxUrl.parse(
        "imap://u@mail.example.com/Brand%20deals?auth=oauthbearer",
        {"REPFLOW_IMAP_TOKEN_COMMAND": f"{sys.executable} -c 'print(\"{TOKEN}\")'"},
    )
    assert (bearer.auth, bearer.port, bearer.folder, bearer.starttls) == (
        "oauthbearer",
        143,
        "Brand deals",
        "required",
    )
    assert bearer.access_token() == TOKEN


@pytest.mark.parametrize(
    ("url", "env", "message"),
    [
        ("imap://u@h/INBOX", {}, "no IMAP password"),
        ("imap://u@h/INBOX?auth=xoauth2", {}, "needs REPFLOW_IMAP_TOKEN_COMMAND"),
        ("imap://u:p@h/INBOX?starttls=maybe", {}, "starttls must be"),
        ("imap://u:p@h:99999/INBOX", {}, "bad port"),
        ("http://u:p@h/INBOX", {}, "imap:// or imaps://"),
    ],
)
def test_unusable_urls_are_refused(url: str, env: dict[str, str], message: str) -> None:
    with pytest.raises(MailboxUrlError, match=message):
        MailboxUrl.parse(url, env)


def test_a_failing_token_command_is_an_imap_error() -> None:
    url = MailboxUrl.parse(
        "imaps://u@h/INBOX", {"REPFLOW_IMAP_TOKEN_COMMAND": f"{sys.executable} -c 'exit(3)'"}
    )
    with pytest.raises(ImapError, match="TOKEN_COMMAND failed"):
        url.access_token()


class FakeImap:
    """Accepts one connection; records the AUTHENTICATE command and its SASL response."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        self.lines: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.server.accept()
        with connection, connection.makefile("rb") as reader:
            send = connection.sendall
            send(b"* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 AUTH=OAUTHBEARER] fake ready\r\n")
            while line := reader.readline():
                self.lines.append(line)
                tag, _, rest = line.strip().partition(b" ")
                command = rest.split(b" ", 1)[0].upper()
                if command == b"CAPABILITY":
                    send(b"* CAPABILITY IMAP4rev1 IDLE AUTH=XOAUTH2 AUTH=OAUTHBEARER\r\n")
                    send(tag + b" OK done\r\n")
                elif command == b"AUTHENTICATE":
                    send(b"+ \r\n")
                    self.lines.append(reader.readline())
                    send(tag + b" OK authenticated\r\n")
                elif command == b"LOGOUT":
                    send(b"* BYE bye\r\n" + tag + b" OK done\r\n")
                    break
                else:
                    send(tag + b" BAD unknown\r\n")

    def close(self) -> None:
        self.thread.join(timeout=5)
        self.server.close()


@pytest.fixture
def fake_imap() -> Iterator[FakeImap]:
    server = FakeImap()
    try:
        yield server
    finally:
        server.close()


@pytest.mark.parametrize("mechanism", ["xoauth2", "oauthbearer"])
async def test_authenticate_sends_the_token(
    mechanism: str, fake_imap: FakeImap, tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    token_file.chmod(stat.S_IRUSR | stat.S_IWUSR)
    url = MailboxUrl.parse(
        f"imap://maya%40gmail.com@127.0.0.1:{fake_imap.port}/INBOX?auth={mechanism}&starttls=no",
        {"REPFLOW_IMAP_TOKEN_FILE": str(token_file)},
    )
    mailbox = ImapMailbox(url, timeout=5)
    await mailbox.connect()
    assert b"IDLE" in mailbox.capabilities
    await mailbox.close()
    fake_imap.thread.join(timeout=5)
    commands = [line for line in fake_imap.lines if b"AUTHENTICATE" in line.upper()]
    assert len(commands) == 1
    assert commands[0].split()[-1].upper() == mechanism.upper().encode()
    response = base64.b64decode(fake_imap.lines[fake_imap.lines.index(commands[0]) + 1].strip())
    if mechanism == "xoauth2":
        assert response == xoauth2_string("maya@gmail.com", TOKEN)
    else:
        assert response == oauthbearer_string("maya@gmail.com", TOKEN, "127.0.0.1", fake_imap.port)
    assert not any(b"LOGIN " in line.upper() for line in fake_imap.lines)
