"""Errors of the mail layer.

Hierarchy::

    RepflowError
    └── MailError
        └── MalformedEmail   the input bytes are not an email at all

Anything short of "not an email" (bad charset, broken boundary, bad base64, missing headers) is
decoded best-effort and recorded in :attr:`repflow.mail.models.InboundEmail.defects` instead.
"""

from repflow.exceptions import RepflowError


class MailError(RepflowError):
    """Base class of mail-layer errors."""


class MalformedEmail(MailError):
    """The bytes could not be read as an email message at all (empty, binary, no header block)."""
