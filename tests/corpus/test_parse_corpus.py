"""The parser against real-world fixtures of other mail libraries (../shared/corpora).

Sources (see ../shared/corpora/MANIFEST.md): CPython Lib/test/test_email/data (PSF), mikel/mail
(MIT), mailgun/flanker and mailgun/talon (Apache-2.0), SpamScope/mail-parser (Apache-2.0),
crisp-oss/email-reply-parser (MIT). Body-only reply fixtures must parse too (``no_headers``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import MappingProxyType

import pytest

from repflow.mail.exceptions import MalformedEmail
from repflow.mail.models import InboundEmail
from repflow.mail.parse import parse_email
from tests.conftest import CORPORA, corpus_files

FLANKER = "mailgun-flanker/tests/fixtures/messages/"
MIKEL = "mikel-mail/spec/fixtures/emails/"
SPAMSCOPE = "spamscope-mail-parser/tests/mails/"

#: The only fixtures that are not email at all: empty files and an Outlook .msg (OLE2 binary).
NOT_EMAIL = frozenset(
    {
        "mailgun-talon/tests/fixtures/signature/emails/stripped/camel_case_sender",
        "mailgun-talon/tests/fixtures/signature/emails/stripped/camel_case_signature",
        MIKEL + "sample_output_multipart",
        SPAMSCOPE + "mail_outlook_1",
    }
)

FILES = corpus_files()


def _name(path: Path) -> str:
    return path.relative_to(CORPORA).as_posix()


def parse(name: str) -> InboundEmail:
    path = CORPORA / name
    if not path.is_file():
        pytest.skip(f"corpus file missing: {name}")
    return parse_email(path.read_bytes(), source=name)


def _check_invariants(email: InboundEmail) -> None:
    assert isinstance(email.headers, MappingProxyType)
    assert "\x00" not in email.text
    assert "\r" not in email.text
    # Every string must be writable as UTF-8 (no lone surrogates from 8-bit input).
    strings = [email.text, email.subject, email.html or "", *email.defects]
    strings += [v for values in email.headers.values() for v in values]
    strings += [a.name + a.address for a in (email.from_, *email.to, *email.cc) if a]
    "".join(strings).encode("utf-8")
    for address in (email.from_, *email.reply_to, *email.to, *email.cc):
        if address is not None:
            assert address.address.count("@") == 1
            assert address.address == address.address.lower()
            assert address.domain.isascii()
    assert not [d for d in email.defects if d.startswith("parser_error")]
    for attached in email.attached_messages:
        _check_invariants(attached)


@pytest.mark.skipif(not FILES, reason="shared corpora not found")
@pytest.mark.parametrize("path", FILES, ids=_name)
def test_every_corpus_file_parses(path: Path) -> None:
    data = path.read_bytes()
    if _name(path) in NOT_EMAIL:
        with pytest.raises(MalformedEmail):
            parse_email(data)
        return
    email = parse_email(data, source=_name(path))

    assert email.size == len(data)
    assert email.sha256 == hashlib.sha256(data).hexdigest()
    _check_invariants(email)


def test_japanese_iso_2022_jp() -> None:
    email = parse(MIKEL + "multi_charset/japanese_iso_2022.eml")

    assert email.subject == "まみむめも"
    assert email.text == "すみません。"
    assert email.to[0].name == "みける"


def test_japanese_shift_jis_body() -> None:
    email = parse(MIKEL + "multi_charset/japanese_shift_jis.eml")

    assert email.text.startswith("あいうえお")
    assert not [d for d in email.defects if d.startswith("decode_error")]


def test_korean_ks_c_5601_body() -> None:
    email = parse(MIKEL + "multi_charset/ks_c_5601-1987.eml")

    assert email.text
    assert all("\uac00" <= ch <= "\ud7a3" for ch in email.text)  # Hangul syllables only
    assert email.defects == ()


def test_gb2312_subject_and_mislabelled_utf8_body() -> None:
    email = parse(SPAMSCOPE + "mail_test_12")

    assert email.subject == "代开各地增值税发票"
    assert email.from_ is not None
    assert email.from_.name == "张先生"
    assert "增值税发票" in email.text  # the body is UTF-8 although it says GB2312
    assert "decode_error:gb2312" in email.defects


def test_windows_1251_display_name() -> None:
    email = parse(MIKEL + "plain_emails/raw_email_bad_time.eml")

    assert email.from_ is not None
    assert email.from_.name == "Атиковa"


def test_cyrillic_html_only_newsletter() -> None:
    email = parse(SPAMSCOPE + "mail_test_6")

    assert email.subject == "Быстрее вкладывайте в золото!"
    assert "Профессионалы.ru" in email.text  # converted from the HTML part
    assert email.html is not None
    assert sum(a.inline for a in email.attachments) == 4


def test_raw_utf8_attachment_name() -> None:
    email = parse(FLANKER + "russian-attachment-yahoo.eml")

    (attachment,) = email.attachments
    assert attachment.filename is not None
    assert attachment.filename.startswith("Картинка с очень, очень длинным")
    assert attachment.content_type == "image/png"


def test_arf_complaint_structure() -> None:
    email = parse(FLANKER + "complaints/aol.eml")

    assert email.content_type == "multipart/report"
    assert "message/feedback-report" in email.part_types
    assert len(email.attached_messages) == 1


def test_dsn_bounce_structure() -> None:
    email = parse(FLANKER + "bounce/office365.eml")

    assert "message/delivery-status" in email.part_types
    assert email.in_reply_to == "<20171013111011.20866.254C2F3A4D7AA526@ninomail.com>"
    assert "couldn't be delivered" in email.text


def test_forwarded_message_attachment() -> None:
    email = parse(MIKEL + "attachment_emails/attachment_message_rfc822.eml")

    assert email.text == "This is the first part."
    assert [a.content_type for a in email.attachments] == ["message/rfc822"]
    assert len(email.attached_messages) == 1


def test_torture_message() -> None:
    email = parse(FLANKER + "torture.eml")

    assert email.subject == "Multi-media mail demonstration"
    assert len(email.attached_messages) >= 5
    assert "audio/basic" in {a.content_type for a in email.attachments}


def test_body_only_reply_fixture() -> None:
    email = parse("crisp-email-reply-parser/test/fixtures/email_1.txt")

    assert email.text.startswith("Hi folks")
    assert "no_headers" in email.defects
    assert email.from_ is None


def test_endless_enclosure_is_capped_quickly() -> None:
    email = parse(FLANKER + "enclosed-endless.eml")

    assert email.subject == "Wow"
    (attached,) = email.attached_messages
    assert "too_many_parts" in attached.defects
