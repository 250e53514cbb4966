"""The Amazon SES transport: hands replies to SES (API v2 ``SendEmail`` with raw MIME).

The message goes out exactly as :func:`repflow.mail.compose.compose_reply` built it (the raw
MIME, CRLF line endings), with the envelope sender taken from its single ``From`` mailbox and
the one envelope recipient from its single ``To`` mailbox; a message with ``Cc``/``Bcc``/
``Resent-*`` recipients, or with anything but one ``From`` and one ``To`` mailbox, is refused
before SES is called (Repflow replies go to exactly one person).

The boto3 client is built on first use (never at import or construction) and every call runs
in a worker thread (:func:`asyncio.to_thread`): boto3 is blocking. botocore's own retries are
switched off so that this module alone decides what is retried:

- **retried here, with exponential backoff and jitter** (``attempts`` calls at most), then
  reported as a retryable :class:`~repflow.transport.exceptions.SendError`: throttling
  (``TooManyRequestsException``, ``Throttling``, ``ThrottlingException``,
  ``LimitExceededException``), any 5xx answer (``ServiceUnavailable``, ``InternalFailure``...)
  and failures to connect at all. In each case SES did not accept the message, so a retry
  cannot send it twice.
- **retryable, not retried here**: a read timeout or a connection dropped after the request
  was written. SES may have accepted the message, so the dispatcher's next run retries it,
  with the same Message-ID (the dispatcher's documented duplicate window); and
  ``SendingPausedException`` (sending is paused for the account or configuration set until
  someone acts).
- **permanent** (``retryable=False``): ``MessageRejected``, ``MailFromDomainNotVerified``,
  ``AccountSuspended``, ``BadRequest``, ``NotFound`` (e.g. an unknown configuration set) and
  any other 4xx answer.

The return value is the SES ``MessageId``; the dispatcher records it on the outbox row, which
is marked sent only after SES accepted the message.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Callable
from email.headerregistry import Address, AddressHeader
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from repflow.transport.exceptions import SendError

if TYPE_CHECKING:
    from mypy_boto3_sesv2 import SESV2Client

__all__ = ["PERMANENT_CODES", "THROTTLING_CODES", "SesTransport"]

#: Error codes that mean "slow down": retried with backoff (SES did not accept the message).
THROTTLING_CODES = frozenset(
    {
        "TooManyRequestsException",
        "Throttling",
        "ThrottlingException",
        "LimitExceededException",
        "RequestLimitExceeded",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "InternalFailure",
        "InternalServerError",
    }
)
#: Error codes that mean "never": a retry cannot succeed.
PERMANENT_CODES = frozenset(
    {
        "MessageRejected",
        "MailFromDomainNotVerified",
        "MailFromDomainNotVerifiedException",
        "AccountSuspended",
        "AccountSuspendedException",
        "BadRequest",
        "BadRequestException",
        "NotFoundException",
        "InvalidParameterValue",
    }
)
#: Retryable, but not now: someone must resume sending first.
_PAUSED_CODES = frozenset({"SendingPausedException", "SendingPaused"})
_EXTRA_RECIPIENT_HEADERS = ("Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc")


def _single(message: EmailMessage, name: str) -> Address:
    header = message.get(name)
    addresses = header.addresses if isinstance(header, AddressHeader) else ()
    if len(message.get_all(name) or ()) != 1 or len(addresses) != 1:
        raise SendError(f"message needs exactly one {name} mailbox", retryable=False)
    return addresses[0]


def _default_client_factory(region: str) -> Callable[[], Any]:
    def factory() -> Any:
        import boto3
        from botocore.config import Config

        config = Config(
            retries={"total_max_attempts": 1, "mode": "standard"},
            connect_timeout=5,
            read_timeout=20,
        )
        return boto3.client("sesv2", region_name=region, config=config)

    return factory


class SesTransport:
    """Sends replies through Amazon SES (``sesv2:SendEmail``, raw content).

    Args:
        region: The SES region (where the sending identity is verified).
        client_factory: Builds the SESv2 client (tests: a stub or a moto-backed client);
            default ``boto3.client("sesv2", region_name=region)`` without botocore retries.
        configuration_set: An SES configuration set for event publishing (bounces,
            complaints, deliveries); none by default.
        attempts: SES calls per message at most, for throttling and 5xx answers.
        backoff: The first backoff in seconds; doubled after each attempt, with up to 50 %
            random jitter, capped at ``max_backoff``.
        max_backoff: The longest single backoff in seconds.
    """

    name = "ses"

    def __init__(
        self,
        region: str,
        *,
        client_factory: Callable[[], Any] | None = None,
        configuration_set: str | None = None,
        attempts: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
    ) -> None:
        if not region:
            raise ValueError("the SES transport needs a region (SES_REGION)")
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.region = region
        self.configuration_set = configuration_set or None
        self.attempts = attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._factory = client_factory or _default_client_factory(region)
        self._client_instance: SESV2Client | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"SesTransport(region={self.region!r}, configuration_set={self.configuration_set!r})"

    def client(self) -> SESV2Client:
        """The SESv2 client, built on first use and cached (thread-safe).

        Returns:
            The client every send uses.
        """
        with self._lock:
            if self._client_instance is None:
                self._client_instance = self._factory()
            return self._client_instance

    def request(self, message: EmailMessage) -> dict[str, Any]:
        """The ``SendEmail`` parameters for ``message`` (checked, not sent).

        Args:
            message: A complete message with one ``From`` and one ``To`` mailbox.

        Returns:
            Keyword arguments for ``sesv2.send_email``.

        Raises:
            SendError: (not retryable) the message has other recipients or not exactly one
                ``From``/``To`` mailbox.
        """
        for name in _EXTRA_RECIPIENT_HEADERS:
            if name in message:
                raise SendError(f"refusing a message with a {name} header", retryable=False)
        sender = _single(message, "From").addr_spec
        recipient = _single(message, "To").addr_spec
        data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        params: dict[str, Any] = {
            "FromEmailAddress": sender,
            "Destination": {"ToAddresses": [recipient]},
            "Content": {"Raw": {"Data": data}},
        }
        if self.configuration_set:
            params["ConfigurationSetName"] = self.configuration_set
        return params

    async def send(self, message: EmailMessage) -> str:
        """Send ``message`` to the mailbox in its ``To`` header.

        Args:
            message: A complete message with one ``From`` and one ``To`` mailbox.

        Returns:
            The SES MessageId of the accepted message.

        Raises:
            SendError: SES did not accept the message; ``retryable`` as the module docstring
                describes.
        """
        params = self.request(message)
        for attempt in range(1, self.attempts + 1):
            try:
                response = await asyncio.to_thread(self._call, params)
            except _Retry as retry:
                if attempt >= self.attempts:
                    raise SendError(
                        f"SES still refusing after {attempt} attempts: {retry}", retryable=True
                    ) from retry.__cause__
                await asyncio.sleep(self._delay(attempt))
                continue
            message_id = response.get("MessageId")
            if not isinstance(message_id, str) or not message_id:
                raise SendError("SES answered without a MessageId", retryable=True)
            return message_id
        raise AssertionError("unreachable")  # pragma: no cover

    # -- blocking part, in a worker thread ---------------------------------------------------
    def _call(self, params: dict[str, Any]) -> dict[str, Any]:
        from botocore.exceptions import (
            BotoCoreError,
            ClientError,
            ConnectTimeoutError,
            EndpointConnectionError,
        )

        try:
            return dict(self.client().send_email(**params))
        except ClientError as exc:
            raise _translate(exc) from exc
        except (EndpointConnectionError, ConnectTimeoutError) as exc:
            # Never connected: SES cannot have the message; safe to try again now.
            raise _Retry(f"cannot reach SES in {self.region}: {exc}") from exc
        except BotoCoreError as exc:
            # Read timeouts, dropped connections: SES may have accepted it. Not retried here.
            raise SendError(
                f"SES call failed: {type(exc).__name__}: {exc}", retryable=True
            ) from exc

    def _delay(self, attempt: int) -> float:
        base = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        return base * (1 + random.random() / 2)  # noqa: S311 - jitter, not cryptography


class _Retry(Exception):
    """Internal: SES did not take the message and asked us to come back (throttling, 5xx)."""


def _translate(exc: Any) -> Exception:
    error = exc.response.get("Error", {}) if isinstance(exc.response, dict) else {}
    code = str(error.get("Code") or "")
    detail = str(error.get("Message") or exc)
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    if code in THROTTLING_CODES or (isinstance(status, int) and status >= 500):
        return _Retry(f"{code or status}: {detail}")
    if code in _PAUSED_CODES:
        return SendError(f"SES sending is paused ({code}): {detail}", retryable=True)
    if code in PERMANENT_CODES:
        return SendError(f"SES rejected the message ({code}): {detail}", retryable=False)
    return SendError(f"SES refused the message ({code or status}): {detail}", retryable=False)
