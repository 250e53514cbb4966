"""Errors of the transport layer.

Hierarchy::

    RepflowError
    └── TransportError      (repflow.transport.exceptions) moving mail in or out failed
        ├── SourceError     a raw-mail source (path, directory, mbox, Maildir) cannot be read
        ├── SendError       a mail transport (file, SMTP, SES) did not accept a message
        └── ImapError       an IMAP mailbox refused a command or the connection broke
            └── MailboxUrlError  a mailbox URL (or its credentials) is unusable

A message that *was* read but is not an email is not a transport problem: that is
:class:`repflow.mail.exceptions.MalformedEmail`.
"""

from repflow.exceptions import RepflowError


class TransportError(RepflowError):
    """Base class of transport-layer errors (sources and mail transports)."""


class SourceError(TransportError):
    """A path given as a mail source is missing, unreadable or not a readable mailbox."""


class SendError(TransportError):
    """A transport refused or failed to send a message.

    Attributes:
        retryable: True when trying again later may succeed (throttling, a timeout, a
            temporary 4xx SMTP reply); False for permanent refusals.
    """

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class ImapError(TransportError):
    """An IMAP server refused a command, or the connection to it broke.

    Attributes:
        connection: True when the connection is gone (refused, reset, timed out, closed by
            the server): ``repflow watch`` reconnects with backoff. False when the server
            answered NO/BAD (a login refused, a folder that cannot be created).
    """

    def __init__(self, message: str, *, connection: bool = False) -> None:
        super().__init__(message)
        self.connection = connection


class MailboxUrlError(ImapError):
    """A mailbox URL is malformed, or no password or OAuth2 token source is configured."""
