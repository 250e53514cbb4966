"""The SES transport against moto's SESv2 and against scripted client failures."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_string, policy
from email.message import EmailMessage
from typing import Any

import boto3
import pytest
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from moto import mock_aws

from repflow.mail.compose import compose_reply
from repflow.transport.exceptions import SendError
from repflow.transport.port import MailTransport
from repflow.transport.ses import SesTransport

REGION = "us-east-1"


def make_message(**headers: str) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = "Maya <maya@creator.example>"
    msg["To"] = "jo@acme.example"
    msg["Subject"] = "Re: Collab — café"
    msg["Message-ID"] = "<reply-1@creator.example>"
    msg["In-Reply-To"] = "<o1@acme.example>"
    msg["Auto-Submitted"] = "auto-replied"
    for name, value in headers.items():
        msg[name] = value
    msg.set_content("Hi Jo,\n\nThanks — happy to chat. Could you share the budget?\n")
    return msg


@pytest.fixture
def ses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("sesv2", region_name=REGION)
        yield client


def sent_messages() -> list[Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages)


def error(code: str, status: int = 400) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": code, "Message": f"{code} happened"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        "SendEmail",
    )


class ScriptedClient:
    """Raises the scripted errors in order, then accepts."""

    def __init__(self, *outcomes: BaseException) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[dict[str, Any]] = []

    def send_email(self, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        if self.outcomes:
            raise self.outcomes.pop(0)
        return {"MessageId": "ses-message-id-1"}


def scripted(*outcomes: BaseException, attempts: int = 4) -> tuple[SesTransport, ScriptedClient]:
    client = ScriptedClient(*outcomes)
    return SesTransport(REGION, client_factory=lambda: client, attempts=attempts, backoff=0), client


def test_is_a_mail_transport() -> None:
    transport: MailTransport = SesTransport(REGION)
    assert transport.name == "ses"


def test_client_is_built_on_first_send_only() -> None:
    built: list[int] = []

    def factory() -> ScriptedClient:
        built.append(1)
        return ScriptedClient()

    transport = SesTransport(REGION, client_factory=factory)
    assert built == []
    assert transport.client() is transport.client()
    assert built == [1]


async def test_sends_the_raw_mime_to_the_to_address_only(ses: Any) -> None:
    ses.create_email_identity(EmailIdentity="creator.example")
    transport = SesTransport(REGION)

    message_id = await transport.send(make_message())

    [sent] = sent_messages()
    assert message_id == sent.id
    assert sent.source == "maya@creator.example"
    assert "jo@acme.example" in sent.destinations
    parsed = message_from_string(sent.raw_data, policy=policy.default)
    assert parsed["Message-ID"] == "<reply-1@creator.example>"
    assert parsed["In-Reply-To"] == "<o1@acme.example>"
    assert parsed["Subject"] == "Re: Collab — café"
    assert "\r\n" in sent.raw_data  # CRLF on the wire


async def test_sends_a_composed_reply(ses: Any) -> None:
    from datetime import UTC, datetime

    from repflow.store.port import OutboxItem, OutboxStatus

    ses.create_email_identity(EmailIdentity="creator.example")
    item = OutboxItem(
        id="o1",
        key="reply:abc",
        creator_id="default",
        thread_id="t1",
        lead_id=None,
        status=OutboxStatus.PENDING,
        from_address="maya@creator.example",
        to_address="jo@acme.example",
        subject="Collab",
        text="Thanks! What budget do you have in mind?",
        message_id="<reply-abc@creator.example>",
        in_reply_to="<o1@acme.example>",
        references=("<o1@acme.example>",),
        created_at=datetime.now(UTC),
    )

    await SesTransport(REGION).send(compose_reply(item, signature="Maya"))

    [sent] = sent_messages()
    assert "X-Repflow-Reply" in sent.raw_data


async def test_unverified_sender_is_a_permanent_failure(ses: Any) -> None:
    with pytest.raises(SendError) as failure:
        await SesTransport(REGION).send(make_message())
    assert failure.value.retryable is False
    assert "MessageRejected" in str(failure.value)
    assert sent_messages() == []


async def test_configuration_set_is_passed() -> None:
    client = ScriptedClient()
    transport = SesTransport(REGION, client_factory=lambda: client, configuration_set="tracking")

    assert await transport.send(make_message()) == "ses-message-id-1"

    [call] = client.calls
    assert call["ConfigurationSetName"] == "tracking"
    assert call["Destination"] == {"ToAddresses": ["jo@acme.example"]}
    assert call["FromEmailAddress"] == "maya@creator.example"
    assert isinstance(call["Content"]["Raw"]["Data"], bytes)


@pytest.mark.parametrize(
    "code",
    ["TooManyRequestsException", "Throttling", "ThrottlingException", "LimitExceededException"],
)
async def test_throttling_is_retried_then_succeeds(code: str) -> None:
    transport, client = scripted(error(code, 429), error(code, 429))

    assert await transport.send(make_message()) == "ses-message-id-1"
    assert len(client.calls) == 3


async def test_5xx_is_retried() -> None:
    transport, client = scripted(error("ServiceUnavailable", 503), error("InternalFailure", 500))

    assert await transport.send(make_message()) == "ses-message-id-1"
    assert len(client.calls) == 3


async def test_persistent_throttling_becomes_a_retryable_error() -> None:
    transport, client = scripted(*[error("TooManyRequestsException", 429)] * 5, attempts=3)

    with pytest.raises(SendError) as failure:
        await transport.send(make_message())

    assert failure.value.retryable is True
    assert len(client.calls) == 3


@pytest.mark.parametrize(
    "code",
    [
        "MessageRejected",
        "MailFromDomainNotVerifiedException",
        "AccountSuspendedException",
        "BadRequestException",
        "NotFoundException",
        "SomethingNew",
    ],
)
async def test_permanent_errors_are_not_retried(code: str) -> None:
    transport, client = scripted(error(code))

    with pytest.raises(SendError) as failure:
        await transport.send(make_message())

    assert failure.value.retryable is False
    assert code in str(failure.value)
    assert len(client.calls) == 1


async def test_paused_sending_is_retryable_later_not_now() -> None:
    transport, client = scripted(error("SendingPausedException"))

    with pytest.raises(SendError) as failure:
        await transport.send(make_message())

    assert failure.value.retryable is True
    assert len(client.calls) == 1


async def test_connection_failure_is_retried() -> None:
    transport, client = scripted(EndpointConnectionError(endpoint_url="https://email.invalid"))

    assert await transport.send(make_message()) == "ses-message-id-1"
    assert len(client.calls) == 2


async def test_read_timeout_is_retryable_but_not_retried_here() -> None:
    # SES may have accepted the message: the dispatcher's next run decides.
    transport, client = scripted(ReadTimeoutError(endpoint_url="https://email.invalid"))

    with pytest.raises(SendError) as failure:
        await transport.send(make_message())

    assert failure.value.retryable is True
    assert len(client.calls) == 1


@pytest.mark.parametrize("header", ["Cc", "Bcc", "Resent-To"])
async def test_extra_recipients_are_refused_before_calling_ses(header: str) -> None:
    transport, client = scripted()

    with pytest.raises(SendError) as failure:
        await transport.send(make_message(**{header: "boss@acme.example"}))

    assert failure.value.retryable is False
    assert client.calls == []


async def test_two_to_mailboxes_are_refused() -> None:
    transport, client = scripted()
    message = make_message()
    message.replace_header("To", "jo@acme.example, amy@acme.example")

    with pytest.raises(SendError):
        await transport.send(message)
    assert client.calls == []


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="region"):
        SesTransport("")
    with pytest.raises(ValueError, match="attempts"):
        SesTransport(REGION, attempts=0)
    assert "eu-west-1" in repr(SesTransport("eu-west-1"))
