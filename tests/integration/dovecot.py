"""A private Dovecot IMAP server and an SMTP receiver on loopback, for the mailbox tests.

Each :class:`Dovecot` has its own configuration, base_dir, state, log file, passwd-file and
Maildir under a temporary directory, listens on a free loopback port and is started with
``dovecot -F -c CONFIG`` (the system service is never used). Dovecot refuses to run its login
and mail processes as root: when the tests run as root, mail is stored as the ``dovecot`` user
and the login processes run as ``dovenull`` (both created by the Debian package); otherwise
everything runs as the current user.

When Dovecot is not installed the tests skip with the reason (``scripts/install_dovecot.sh``
installs it), and fail under ``CI=true``.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

#: The binary; REPFLOW_TEST_DOVECOT names another one.
DOVECOT = os.environ.get("REPFLOW_TEST_DOVECOT") or shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "maya"
PASSWORD = "s3cret-pass"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def require_dovecot() -> None:
    """Skip (or, under CI=true, fail) when Dovecot is missing."""
    if Path(DOVECOT).is_file() and os.access(DOVECOT, os.X_OK):
        return
    reason = f"Dovecot is not installed ({DOVECOT}): run scripts/install_dovecot.sh"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true)", pytrace=False)
    pytest.skip(reason)


def _users() -> tuple[str, str, int, int]:
    """(login user, internal user, mail uid, mail gid) for this process."""
    if os.getuid() != 0:
        me = pwd.getpwuid(os.getuid())
        return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid
    mail = pwd.getpwnam("dovecot")
    login = "dovenull" if _exists("dovenull") else "nobody"
    return login, "dovecot", mail.pw_uid, mail.pw_gid


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True


@dataclass
class Dovecot:
    """One private Dovecot instance (see the module docstring)."""

    root: Path
    port: int = field(default_factory=free_port)
    tls_port: int | None = None
    cert: Path | None = None
    ca: Path | None = None
    key: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    #: Overrides the capabilities announced after login (``imap_capability``), e.g. no IDLE.
    capabilities: str | None = None

    @property
    def config(self) -> Path:
        return self.root / "dovecot.conf"

    @property
    def log(self) -> Path:
        return self.root / "dovecot.log"

    @property
    def maildir(self) -> Path:
        return self.root / "home" / USER / "Maildir"

    def url(self, folder: str = "INBOX", *, password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"imap://{USER}{secret}@127.0.0.1:{self.port}/{folder}"

    def tls_url(self, folder: str = "INBOX") -> str:
        return f"imaps://{USER}:{PASSWORD}@localhost:{self.tls_port}/{folder}"

    def write_config(self) -> None:
        login, internal, uid, gid = _users()
        (self.root / "run").mkdir(exist_ok=True)
        (self.root / "state").mkdir(exist_ok=True)
        home = self.root / "home"
        home.mkdir(exist_ok=True)
        (home / USER).mkdir(exist_ok=True)
        for path in (home, home / USER):
            os.chown(path, uid, gid)
        passwd = self.root / "passwd"
        passwd.write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        passwd.chmod(0o644)
        ssl_lines = "ssl = no\n"
        imaps = "  inet_listener imaps {\n    port = 0\n  }\n"
        if self.cert is not None and self.key is not None and self.tls_port is not None:
            ssl_lines = f"ssl = yes\nssl_cert = <{self.cert}\nssl_key = <{self.key}\n"
            imaps = (
                "  inet_listener imaps {\n    address = 127.0.0.1\n"
                f"    port = {self.tls_port}\n    ssl = yes\n  }}\n"
            )
        self.config.write_text(
            f"""base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.log}
protocols = imap
listen = 127.0.0.1
{ssl_lines}disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name}
default_login_user = {login}
first_valid_uid = {uid}
first_valid_gid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={home}/%u
}}
mail_location = maildir:~/Maildir
{f"imap_capability = {self.capabilities}" if self.capabilities else ""}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
{imaps}}}
service anvil {{
  chroot =
}}
"""
        )

    def start(self, timeout: float = 20) -> None:
        self.write_config()
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited at start:\n{self.log_text()}")
            if self._greets():
                return
            time.sleep(0.05)
        raise RuntimeError(f"dovecot did not answer on {self.port}:\n{self.log_text()}")

    def _greets(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                return sock.recv(64).startswith(b"* OK")
        except OSError:
            return False

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        # Children (imap, imap-login) exit with the master; wait for the port to be free.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self._greets():
            time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else "(no log)"

    # -- looking at the mailbox as a test -----------------------------------------------------
    @contextlib.contextmanager
    def client(self) -> Iterator[Any]:
        from imapclient import IMAPClient

        client = IMAPClient("127.0.0.1", self.port, ssl=False, timeout=10)
        try:
            client.login(USER, PASSWORD)
            yield client
        finally:
            try:
                client.logout()
            except Exception:
                client.shutdown()

    def append(self, folder: str, data: bytes, flags: tuple[bytes, ...] = ()) -> None:
        with self.client() as client:
            client.append(folder, data, flags=flags)

    def append_many(self, folder: str, messages: list[bytes]) -> None:
        with self.client() as client:
            for data in messages:
                client.append(folder, data)

    def messages(self, folder: str) -> list[tuple[int, tuple[bytes, ...], bytes]]:
        """(uid, flags, raw bytes) of every message in ``folder``, read without side effects.

        ``\\Recent`` is left out: it belongs to the session that saw the message first.
        """
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            uids = client.search(["ALL"])
            if not uids:
                return []
            data = client.fetch(uids, [b"FLAGS", b"BODY.PEEK[]"])
            return [
                (
                    int(uid),
                    tuple(f for f in data[uid][b"FLAGS"] if f != b"\\Recent"),
                    bytes(data[uid][b"BODY[]"]),
                )
                for uid in sorted(data)
            ]

    def uidvalidity(self, folder: str = "INBOX") -> int:
        with self.client() as client:
            return int(client.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"])


def make_tls_material(root: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for ``localhost`` signed by it."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Repflow test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = root / "ca.pem", root / "server.pem", root / "server.key"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    for path in (ca_path, cert_path, key_path):
        path.chmod(0o644)
    return ca_path, cert_path, key_path


@contextlib.contextmanager
def dovecot_instance(*, tls: bool = False, capabilities: str | None = None) -> Iterator[Dovecot]:
    """A started private Dovecot; stopped and removed afterwards."""
    require_dovecot()
    root = Path(tempfile.mkdtemp(prefix="repflow-dovecot-"))
    root.chmod(0o755)  # the login and mail processes run as other users
    server = Dovecot(root, capabilities=capabilities)
    if tls:
        server.ca, server.cert, server.key = make_tls_material(root)
        server.tls_port = free_port()
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


EXAMPLE_INBOX = Path(__file__).resolve().parents[2] / "examples" / "inbox"
#: Example mails that vary well (offers, an out-of-office, a newsletter, a scam, a bounce).
VARIANT_SOURCES = (
    "01-complete-offer.eml",
    "04-lowball.eml",
    "06-gifted.eml",
    "07-ugc.eml",
    "08-scam-lookalike.eml",
    "11-newsletter.eml",
    "13-vendor-pitch.eml",
    "14-bounce.eml",
)


def mail_variants(count: int) -> list[bytes]:
    """``count`` distinct messages made from the examples: own Message-ID, sender and subject.

    Each variant is its own thread (the subject and the sender's address carry the number),
    so no rate limit or thread merge folds them together.
    """
    import re

    sources = [(EXAMPLE_INBOX / name).read_bytes() for name in VARIANT_SOURCES]
    out = []
    for n in range(count):
        data = sources[n % len(sources)]
        data = re.sub(
            rb"^Message-ID: <([^@>]+)@", rb"Message-ID: <v%d-\1@" % n, data, count=1, flags=re.M
        )
        data = re.sub(rb"^(From: [^<\n]*<)([^@>]+)@", rb"\1\2+v%d@" % n, data, count=1, flags=re.M)
        data = re.sub(rb"^(Subject: [^\r\n]*)", rb"\1 (#%d)" % n, data, count=1, flags=re.M)
        out.append(data)
    return out


class RecordingSmtp:
    """aiosmtpd handler: accepts everything and keeps each envelope."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 2.0.0 Ok: queued as R3PF10W"


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    with dovecot_instance() as server:
        yield server


@pytest.fixture
def smtp_receiver() -> Iterator[tuple[int, RecordingSmtp]]:
    from aiosmtpd.controller import Controller

    handler = RecordingSmtp()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, handler
    finally:
        controller.stop()
