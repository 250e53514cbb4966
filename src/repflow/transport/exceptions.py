"""Errors of the transport layer.

Hierarchy::

    RepflowError
    └── TransportError      (repflow.transport.exceptions) moving mail in or out failed
        ├── SourceError     a raw-mail source (path, directory, mbox, Maildir) cannot be read
        └── SendError       a mail transport (file, SMTP, SES) did not accept a message

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
