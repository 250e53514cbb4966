"""The SMTP transport: hands replies to an SMTP relay with the standard library.

:mod:`smtplib` is blocking, so each send runs in a worker thread (:func:`asyncio.to_thread`)
on a fresh connection. The envelope recipient is the single mailbox of the ``To`` header; a
message with ``Cc``/``Bcc``/``Resent-*`` recipients, or with anything but one ``To`` mailbox,
is refused before connecting (Repflow replies go to exactly one person).

Failures map to :class:`~repflow.transport.exceptions.SendError`:

- retryable: connection refused or reset, timeouts, DNS failures, the server disconnecting,
  any SMTP ``4xx`` reply (greylisting, throttling, "try again later");
- permanent: any SMTP ``5xx`` reply (unknown user, policy rejection, authentication failure),
  a server without STARTTLS when it was asked for, TLS certificate errors, and messages that
  are not sendable at all.

Once the server has accepted the DATA, the send counts as done: a failing ``QUIT`` afterwards
is ignored rather than reported, since reporting it would make the dispatcher send twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import smtplib
import ssl
from email.headerregistry import Address, AddressHeader
from email.message import EmailMessage

from repflow.transport.exceptions import SendError

__all__ = ["SmtpTransport"]

_QUEUED_AS = re.compile(r"queued as\s+<?([\w.@=+-]+)>?", re.IGNORECASE)
_EXTRA_RECIPIENT_HEADERS = ("Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc")


def _error_from_code(code: int, detail: str) -> SendError:
    # smtplib uses -1 for "no valid reply"; treat it as transient.
    retryable = not 500 <= code < 600
    return SendError(f"SMTP {code}: {detail}", retryable=retryable)


def _decode(response: bytes | str) -> str:
    text = response.decode("utf-8", "replace") if isinstance(response, bytes) else response
    return " ".join(text.split())


def _single(message: EmailMessage, name: str) -> Address:
    header = message.get(name)
    addresses = header.addresses if isinstance(header, AddressHeader) else ()
    if len(message.get_all(name) or ()) != 1 or len(addresses) != 1:
        raise SendError(f"message needs exactly one {name} mailbox", retryable=False)
    return addresses[0]


class SmtpTransport:
    """Sends through an SMTP server (relay, submission port or a local MTA).

    Args:
        host: server name or address.
        port: server port (25, 587 for submission with STARTTLS, 465 for implicit TLS).
        username: login name; no AUTH when None.
        password: login password.
        starttls: upgrade the connection with STARTTLS before AUTH (port 587).
        use_tls: connect with implicit TLS (port 465); excludes ``starttls``.
        timeout: seconds for the connection and each command.
        ssl_context: TLS settings; default :func:`ssl.create_default_context` (verifies the
            certificate and host name).
        envelope_from: envelope sender (MAIL FROM, where bounces go); default the ``From``
            address.
        local_hostname: the name sent in EHLO; default the machine's FQDN.
    """

    name = "smtp"

    def __init__(
        self,
        host: str,
        port: int,
        *,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        use_tls: bool = False,
        timeout: float = 30,
        ssl_context: ssl.SSLContext | None = None,
        envelope_from: str | None = None,
        local_hostname: str | None = None,
    ) -> None:
        if starttls and use_tls:
            raise ValueError("starttls and use_tls are exclusive: pick one")
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.starttls = starttls
        self.use_tls = use_tls
        self.timeout = timeout
        self.ssl_context = ssl_context
        self.envelope_from = envelope_from
        self.local_hostname = local_hostname

    def __repr__(self) -> str:  # never show the password
        return f"SmtpTransport(host={self.host!r}, port={self.port!r}, user={self.username!r})"

    async def send(self, message: EmailMessage) -> str:
        """Send ``message`` to the mailbox in its ``To`` header.

        Args:
            message: a complete message with one ``From`` and one ``To`` mailbox.

        Returns:
            The server's queue id when its reply names one ("queued as ..."), else the
            message's Message-ID, else the server's reply text.

        Raises:
            SendError: the server or the network refused the message (see the module docstring
                for which errors are retryable).
        """
        return await asyncio.to_thread(self._send_sync, message)

    # -- blocking part, in a worker thread ---------------------------------------------------
    def _envelope(self, message: EmailMessage) -> tuple[str, str, bytes]:
        for name in _EXTRA_RECIPIENT_HEADERS:
            if name in message:
                raise SendError(f"refusing a message with a {name} header", retryable=False)
        recipient = _single(message, "To").addr_spec
        sender = self.envelope_from or _single(message, "From").addr_spec
        data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        return sender, recipient, data

    def _connect(self) -> smtplib.SMTP:
        context = self.ssl_context or ssl.create_default_context()
        if self.use_tls:
            return smtplib.SMTP_SSL(
                self.host,
                self.port,
                local_hostname=self.local_hostname,
                timeout=self.timeout,
                context=context,
            )
        smtp = smtplib.SMTP(
            self.host, self.port, local_hostname=self.local_hostname, timeout=self.timeout
        )
        try:
            if self.starttls:
                smtp.starttls(context=context)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _send_sync(self, message: EmailMessage) -> str:
        sender, recipient, data = self._envelope(message)
        try:
            smtp = self._connect()
        except (smtplib.SMTPException, OSError) as exc:
            raise self._translate(exc) from exc
        try:
            try:
                reply = self._transaction(smtp, sender, recipient, data)
            except (smtplib.SMTPException, OSError) as exc:
                raise self._translate(exc) from exc
            # Accepted already: a failed QUIT must not turn into an error (and a second send).
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()
        finally:
            smtp.close()
        queued = _QUEUED_AS.search(reply)
        if queued:
            return queued.group(1)
        return str(message.get("Message-ID") or "").strip() or reply

    def _transaction(self, smtp: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> str:
        """MAIL, RCPT, DATA on an open connection; returns the server's reply to DATA."""
        if self.username is not None:
            smtp.login(self.username, self.password or "")
        smtp.ehlo_or_helo_if_needed()
        options: list[str] = []
        if smtp.does_esmtp and smtp.has_extn("size"):
            options.append(f"SIZE={len(data)}")
        if not data.isascii() and smtp.has_extn("8bitmime"):
            options.append("BODY=8BITMIME")
        code, response = smtp.mail(sender, options)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, response, sender)
        code, response = smtp.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, response)})
        code, response = smtp.data(data)
        if code != 250:
            raise smtplib.SMTPDataError(code, response)
        return _decode(response)

    def _translate(self, exc: BaseException) -> SendError:
        where = f"{self.host}:{self.port}"
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            codes = [code for code, _ in exc.recipients.values()]
            detail = "; ".join(f"{r}: {_decode(m)}" for r, (_, m) in exc.recipients.items())
            code = max(codes) if codes else -1
            return _error_from_code(code, f"recipient refused by {where}: {detail}")
        if isinstance(exc, smtplib.SMTPResponseException):
            return _error_from_code(exc.smtp_code, f"{where}: {_decode(exc.smtp_error)}")
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return SendError(f"{where} disconnected: {exc}", retryable=True)
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return SendError(f"{where} does not support it: {exc}", retryable=False)
        if isinstance(exc, ssl.SSLCertVerificationError):
            return SendError(f"TLS certificate of {where} rejected: {exc}", retryable=False)
        if isinstance(exc, smtplib.SMTPException):
            return SendError(f"SMTP error with {where}: {exc}", retryable=True)
        # OSError: refused, reset, timeout, DNS, TLS handshake: transient.
        return SendError(f"cannot reach {where}: {exc}", retryable=True)
