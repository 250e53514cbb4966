"""Replies as MIME: headers, one recipient, the signature once, threading, injection safety."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repflow.mail.compose import (
    MAX_REFERENCES,
    body_with_signature,
    compose_reply,
    make_message_id,
    reply_subject,
)
from repflow.mail.screen import OWN_MAIL_HEADER
from repflow.store.port import OutboxItem, OutboxStatus

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
SIGNATURE = "Best,\nSam Rivera\nsamcreates.tv"


def item(**changes: Any) -> OutboxItem:
    base = OutboxItem(
        id="o1",
        key="reply:ses-123",
        creator_id="sam",
        thread_id="t1",
        lead_id="l1",
        status=OutboxStatus.PENDING,
        from_address="sam@creator.example",
        to_address="jo@acme.com",
        subject="Sponsorship for your channel",
        text="Hi Jo,\n\nThanks for reaching out! Could you share your budget?",
        message_id=make_message_id("creator.example", "reply:ses-123"),
        in_reply_to="<o1@acme.com>",
        references=("<root@acme.com>", "<o1@acme.com>"),
        created_at=NOW,
    )
    return replace(base, **changes)


def roundtrip(msg: EmailMessage) -> EmailMessage:
    parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def plain(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")  # canonical CRLF on the wire


def html_part(msg: EmailMessage) -> str:
    part = msg.get_body(("html",))
    assert part is not None
    return str(part.get_content())


# -- headers ----------------------------------------------------------------------------------


def test_headers_present_and_exact() -> None:
    msg = roundtrip(compose_reply(item(), signature=SIGNATURE, sender_name="Sam Rivera", now=NOW))

    assert msg["From"] == "Sam Rivera <sam@creator.example>"
    assert msg["To"] == "jo@acme.com"
    assert msg["Subject"] == "Re: Sponsorship for your channel"
    assert msg["Message-ID"] == make_message_id("creator.example", "reply:ses-123")
    assert msg["In-Reply-To"] == "<o1@acme.com>"
    assert msg["References"] == "<root@acme.com> <o1@acme.com>"
    assert msg["Date"] == "Fri, 14 Mar 2025 09:30:00 +0000"
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["MIME-Version"] == "1.0"
    assert msg[OWN_MAIL_HEADER]
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    for part in msg.iter_parts():
        assert part.get_content_charset() == "utf-8"
        assert "MIME-Version" not in part


def test_own_mail_header_is_a_hash_of_the_key_not_the_key() -> None:
    a = compose_reply(item(), signature="", now=NOW)
    b = compose_reply(item(key="reply:other"), signature="", now=NOW)
    assert a[OWN_MAIL_HEADER] != b[OWN_MAIL_HEADER]
    assert "ses-123" not in str(a[OWN_MAIL_HEADER])


def test_exactly_one_recipient_and_no_cc_or_bcc() -> None:
    msg = roundtrip(compose_reply(item(), signature=SIGNATURE, now=NOW))
    assert len(msg["To"].addresses) == 1
    for name in ("Cc", "Bcc", "Reply-To", "Resent-To"):
        assert name not in msg


@pytest.mark.parametrize(
    "to_address",
    ["jo@acme.com, eve@evil.example", "jo@acme.com;eve@evil.example", "not-an-address"],
)
def test_anything_but_one_mailbox_is_refused(to_address: str) -> None:
    with pytest.raises(ValueError, match="mailbox"):
        compose_reply(item(to_address=to_address), signature="", now=NOW)


def test_without_sender_name_from_is_the_bare_address() -> None:
    msg = roundtrip(compose_reply(item(), signature="", now=NOW))
    assert msg["From"] == "sam@creator.example"


def test_missing_message_id_is_derived_from_the_key() -> None:
    msg = compose_reply(item(message_id=""), signature="", now=NOW)
    assert msg["Message-ID"] == make_message_id("creator.example", "reply:ses-123")


def test_without_parent_there_are_no_threading_headers() -> None:
    msg = roundtrip(compose_reply(item(in_reply_to=None, references=()), signature="", now=NOW))
    assert "In-Reply-To" not in msg
    assert "References" not in msg


# -- message ids ------------------------------------------------------------------------------


def test_make_message_id_is_deterministic_and_seeded() -> None:
    a = make_message_id("creator.example", "reply:1")
    assert a == make_message_id("creator.example", "reply:1")
    assert a != make_message_id("creator.example", "reply:2")
    assert a.startswith("<")
    assert a.endswith("@creator.example>")


def test_make_message_id_idna_and_fallback_domain() -> None:
    assert make_message_id("Bücher.de", "x").endswith("@xn--bcher-kva.de>")
    assert make_message_id("", "x").endswith("@repflow.local>")
    assert "\n" not in make_message_id("evil\r\n.example", "x")


# -- subject ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Collab", "Re: Collab"),
        ("Re: Collab", "Re: Collab"),
        ("RE: Collab", "RE: Collab"),
        ("re:Collab", "re:Collab"),
        ("AW: Kooperation", "AW: Kooperation"),
        ("SV: Samarbete", "SV: Samarbete"),
        ("Antw: Samenwerking", "Antw: Samenwerking"),
        ("Re[2]: Collab", "Re[2]: Collab"),
        ("Fwd: Collab", "Re: Fwd: Collab"),
        ("Regarding the collab", "Re: Regarding the collab"),
        ("Resume review", "Re: Resume review"),
        ("  spaced   out  ", "Re: spaced out"),
        ("", "Re:"),
    ],
)
def test_reply_subject(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


@given(st.text(max_size=80))
def test_reply_subject_is_idempotent_and_one_line(subject: str) -> None:
    once = reply_subject(subject)
    assert reply_subject(once) == once
    assert "\r" not in once
    assert "\n" not in once
    assert not once.lower().startswith("re: re:")


def test_subject_not_doubled_in_composed_message() -> None:
    msg = compose_reply(item(subject="Re: Sponsorship"), signature="", now=NOW)
    assert msg["Subject"] == "Re: Sponsorship"


# -- references -------------------------------------------------------------------------------


def test_in_reply_to_is_appended_to_references_once() -> None:
    msg = compose_reply(
        item(references=("<root@acme.com>",), in_reply_to="<o2@acme.com>"), signature="", now=NOW
    )
    assert msg["References"] == "<root@acme.com> <o2@acme.com>"
    again = compose_reply(
        item(references=("<o2@acme.com>", "<root@acme.com>"), in_reply_to="<o2@acme.com>"),
        signature="",
        now=NOW,
    )
    assert again["References"] == "<root@acme.com> <o2@acme.com>"


def test_references_are_capped_keeping_the_first_and_the_parent() -> None:
    refs = tuple(f"<m{i}@acme.com>" for i in range(40))
    msg = roundtrip(
        compose_reply(item(references=refs, in_reply_to="<m40@acme.com>"), signature="")
    )
    ids = msg["References"].split()
    assert len(ids) == MAX_REFERENCES
    assert ids[0] == "<m0@acme.com>"
    assert ids[-1] == "<m40@acme.com>"
    assert ids[-2] == "<m39@acme.com>"


def test_long_ids_are_folded_without_encoded_words() -> None:
    long_id = "<DM6PR11MB1234567890ABCDEF0123456789ABCDEF@DM6PR11MB1234.namprd11.prod.outlook.com>"
    refs = tuple(f"<{'x' * 70}{i}@mail.gmail.com>" for i in range(5))
    msg = compose_reply(item(references=refs, in_reply_to=long_id), signature="", now=NOW)
    raw = msg.as_bytes()
    assert b"=?" not in raw.split(b"\r\n\r\n", 1)[0]
    parsed = roundtrip(msg)
    assert parsed["In-Reply-To"] == long_id
    assert parsed["References"].split() == [*refs, long_id]


# -- signature --------------------------------------------------------------------------------


def test_signature_appended_once() -> None:
    msg = roundtrip(compose_reply(item(), signature=SIGNATURE, now=NOW))
    text = plain(msg)
    assert text.count("Sam Rivera") == 1
    assert text.rstrip().endswith(SIGNATURE)
    assert "share your budget?\n\nBest,\nSam Rivera" in text


def test_signature_not_repeated_when_the_draft_already_ends_with_it() -> None:
    pasted = item(text="Hi Jo,\n\nSounds good.\n\nBest,  \r\nSam Rivera\r\nsamcreates.tv\n\n")
    text = plain(roundtrip(compose_reply(pasted, signature=SIGNATURE, now=NOW)))
    assert text.count("Sam Rivera") == 1
    assert text.count("samcreates.tv") == 1


def test_signature_with_delimiter_matches_draft_without_it() -> None:
    draft = item(text="Hi Jo,\n\nSounds good.\n\nBest,\nSam Rivera\nsamcreates.tv")
    text = plain(roundtrip(compose_reply(draft, signature="-- \n" + SIGNATURE, now=NOW)))
    assert text.count("Sam Rivera") == 1


def test_a_different_trailing_signature_block_is_replaced() -> None:
    draft = item(text="Hi Jo,\n\nSounds good.\n\n-- \nJohn Doe (AI assistant)")
    text = plain(roundtrip(compose_reply(draft, signature=SIGNATURE, now=NOW)))
    assert "John Doe" not in text
    assert text.rstrip().endswith(SIGNATURE)


def test_empty_signature_adds_nothing() -> None:
    draft = item(text="Hi Jo,\n\nSounds good.\n\n-- \nKept as written")
    text = plain(roundtrip(compose_reply(draft, signature="", now=NOW)))
    assert text.rstrip().endswith("Kept as written")
    assert body_with_signature("Hello", "") == "Hello\n"
    assert body_with_signature("Hello", "  \n ") == "Hello\n"


def test_signature_mentioned_mid_text_is_still_appended_at_the_end() -> None:
    body = body_with_signature(
        "As my card says: Best,\nSam Rivera\nsamcreates.tv\n\nP.S. hi", SIGNATURE
    )
    assert body.endswith(SIGNATURE + "\n")


# -- injection --------------------------------------------------------------------------------


def test_crlf_in_subject_and_name_cannot_inject_headers() -> None:
    evil = item(subject="Hello\r\nBcc: victim@evil.example\r\n\r\nbody")
    msg = compose_reply(evil, signature="", sender_name="Sam\r\nBcc: x@evil.example", now=NOW)
    raw = msg.as_bytes()
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\r\nBcc:" not in headers
    parsed = roundtrip(msg)
    assert "Bcc" not in parsed
    assert "\n" not in parsed["Subject"]
    assert parsed["Subject"].startswith("Re: Hello Bcc:")
    assert parsed["From"].addresses[0].addr_spec == "sam@creator.example"


def test_crlf_in_ids_cannot_inject_headers() -> None:
    evil = item(in_reply_to="<a@b>\r\nBcc: x@evil.example", references=("<r@b>\nX-Evil: 1",))
    parsed = roundtrip(compose_reply(evil, signature="", now=NOW))
    assert "Bcc" not in parsed
    assert "X-Evil" not in parsed


# -- unicode and IDNA -------------------------------------------------------------------------


def test_unicode_body_and_idna_domain_round_trip() -> None:
    text = "Hola María,\n\n¡Gracias! Präsentation — 日本語 ✓\n\n- Vídeo dedicado\n- Reels"
    msg = compose_reply(
        item(from_address="sam@bücher.de", to_address="ana@empresa.example", text=text),
        signature="Saludos,\nSäm",
        sender_name="Säm Rívera",
        now=NOW,
    )
    raw = msg.as_bytes()
    assert raw.isascii()  # 7-bit clean: quoted-printable/base64 bodies, encoded headers
    parsed = roundtrip(msg)
    assert parsed["From"].addresses[0].display_name == "Säm Rívera"
    assert parsed["From"].addresses[0].addr_spec == "sam@xn--bcher-kva.de"
    body = plain(parsed)
    assert "¡Gracias! Präsentation — 日本語 ✓" in body
    assert body.rstrip().endswith("Saludos,\nSäm")
    page = html_part(parsed)
    assert "日本語" in page
    assert "<li>Vídeo dedicado</li>" in page


def test_html_part_is_escaped() -> None:
    msg = compose_reply(item(text="Hi <script>alert(1)</script> & co"), signature="", now=NOW)
    page = html_part(roundtrip(msg))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "&amp; co" in page


def test_non_ascii_local_part_is_refused() -> None:
    with pytest.raises(ValueError, match="SMTPUTF8"):
        compose_reply(item(to_address="jösé@acme.com"), signature="", now=NOW)
