"""The mail transport port: how a composed reply leaves Repflow.

Adapters: :class:`repflow.transport.file.FileTransport` (``.eml`` files, the default),
:class:`repflow.transport.smtp.SmtpTransport` (any SMTP relay) and the SES transport.
:class:`RecordingTransport` below is the in-memory fake the tests use.

A transport sends exactly the message it is given, to the mailbox in its ``To`` header; it
never adds recipients. Failures are reported as :class:`~repflow.transport.exceptions.SendError`
whose ``retryable`` flag tells the dispatcher whether to try again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

from repflow.transport.exceptions import SendError

__all__ = ["MailTransport", "RecordingTransport"]


class MailTransport(Protocol):
    """Hands a composed message to a mail system."""

    #: Short name for logs and reports (``file``, ``smtp``, ``ses``...).
    name: str

    async def send(self, message: EmailMessage) -> str:
        """Send ``message`` to the recipient in its ``To`` header.

        Args:
            message: a complete message (see :func:`repflow.mail.compose.compose_reply`).

        Returns:
            The provider's id for the accepted message: a file path, an SMTP queue id, an SES
            MessageId.

        Raises:
            SendError: the message was not accepted; ``retryable`` says whether to try again.
        """
        ...


@dataclass
class RecordingTransport:
    """In-memory fake: records what it is asked to send, or fails on demand.

    Attributes:
        sent: every accepted message, in order (duplicates included, so tests can see them).
        fail_with: when set, every ``send`` raises this error instead (set it back to None to
            let sends through again).
        name: the transport name reported in logs.
    """

    sent: list[EmailMessage] = field(default_factory=list)
    fail_with: SendError | None = None
    name: str = "recording"

    async def send(self, message: EmailMessage) -> str:
        """Record ``message`` and return its Message-ID (or a sequence id) as provider id.

        Raises:
            SendError: ``fail_with`` is set.
        """
        if self.fail_with is not None:
            raise self.fail_with.with_traceback(None)
        self.sent.append(message)
        return str(message.get("Message-ID") or f"recorded-{len(self.sent)}")
