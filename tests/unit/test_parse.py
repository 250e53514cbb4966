"""Unit tests of repflow.mail.parse with small hand-written messages."""

from __future__ import annotations

import base64
import binascii
import io
import struct
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from textwrap import dedent

import pytest

from repflow.mail.exceptions import MalformedEmail
from repflow.mail.models import Address, Attachment
from repflow.mail.parse import (
    MAX_HEADER_CHARS,
    MAX_HEADER_VALUES,
    header_text,
    parse_date,
    parse_email,
)


def eml(text: str, *, encoding: str = "utf-8") -> bytes:
    """A message from an indented triple-quoted string (LF line endings)."""
    return dedent(text).lstrip("\n").encode(encoding)


PLAIN = eml(
    """
    From: "Brand Team" <Partnerships@Brand.Example>
    To: Creator <creator@example.com>, second@example.com
    Cc: Agent <AGENT@Agency.example>
    Reply-To: deals@brand.example
    Subject: Paid   partnership
     opportunity
    Date: Tue, 02 Jan 2024 10:30:00 +0100
    Message-ID:   <abc123@brand.example>
    In-Reply-To: <prev@example.com>
    References: <root@example.com> <prev@example.com>
    Auto-Submitted: no
    Content-Type: text/plain; charset=utf-8

    Hi there,   \r
    we'd love to work with you. Café?
    """
)


# --- plain messages and headers -----------------------------------------------------------------


def test_plain_message_fields() -> None:
    email = parse_email(PLAIN, source="inbox/1.eml")

    assert email.message_id == "<abc123@brand.example>"
    assert email.in_reply_to == "<prev@example.com>"
    assert email.references == ("<root@example.com>", "<prev@example.com>")
    assert email.date == datetime(2024, 1, 2, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert email.from_ == Address("Brand Team", "partnerships@brand.example")
    assert email.to == (
        Address("Creator", "creator@example.com"),
        Address("", "second@example.com"),
    )
    assert email.cc == (Address("Agent", "agent@agency.example"),)
    assert email.reply_to == (Address("", "deals@brand.example"),)
    assert email.subject == "Paid partnership opportunity"
    assert email.text == "Hi there,\nwe'd love to work with you. Café?"
    assert email.html is None
    assert email.attachments == ()
    assert email.defects == ()
    assert email.content_type == "text/plain"
    assert email.part_types == ("text/plain",)
    assert email.source == "inbox/1.eml"
    assert email.size == len(PLAIN)
    assert len(email.sha256) == 64


def test_headers_are_lowercase_complete_and_read_only() -> None:
    email = parse_email(PLAIN)

    assert email.headers["auto-submitted"] == ("no",)
    assert email.header("Auto-Submitted") == "no"
    # Raw (not RFC 2047 decoded) but unfolded.
    assert email.headers["subject"] == ("Paid   partnership opportunity",)
    assert email.headers["message-id"] == ("<abc123@brand.example>",)
    with pytest.raises(TypeError):
        email.headers["x-new"] = ("value",)  # type: ignore[index]


def test_header_values_are_capped_with_defects() -> None:
    received = "".join(f"Received: from hop{i}\n" for i in range(MAX_HEADER_VALUES + 10))
    data = f"From: a@b.example\nX-Long: {'x' * (MAX_HEADER_CHARS + 100)}\n{received}\nbody\n"
    email = parse_email(data.encode())

    assert len(email.headers["received"]) == MAX_HEADER_VALUES
    assert email.headers["received"][0] == "from hop0"
    assert len(email.headers["x-long"][0]) == MAX_HEADER_CHARS
    assert "too_many_header_values" in email.defects
    assert "header_value_truncated" in email.defects


def test_repeated_headers_keep_every_value_in_order() -> None:
    data = eml(
        """
        From: a@b.example
        X-Repflow-Tag: one
        X-Repflow-Tag: two

        body
        """
    )
    assert parse_email(data).headers["x-repflow-tag"] == ("one", "two")


# --- message ids and dates ----------------------------------------------------------------------


def test_ids_without_brackets_get_them_and_references_are_deduplicated() -> None:
    data = eml(
        """
        From: a@b.example
        Message-ID: bare-id@host
        In-Reply-To: Your message of Monday <first@x.example>
        References: <one@x.example>
         <two@x.example> <one@x.example>   <thr
         ee@x.example>

        body
        """
    )
    email = parse_email(data)

    assert email.message_id == "<bare-id@host>"
    assert email.in_reply_to == "<first@x.example>"
    assert email.references == ("<one@x.example>", "<two@x.example>", "<three@x.example>")


def test_missing_headers_are_defects() -> None:
    email = parse_email(b"Subject: hello\n\nbody\n")

    assert email.message_id is None
    assert email.from_ is None
    assert email.date is None
    assert {"missing_message_id", "missing_from", "missing_date"} <= set(email.defects)
    assert email.text == "body"


def test_naive_date_becomes_utc_with_defect() -> None:
    email = parse_email(b"From: a@b.example\nDate: Tue, 02 Jan 2024 10:30:00 -0000\n\nx\n")

    assert email.date == datetime(2024, 1, 2, 10, 30, tzinfo=UTC)
    assert "naive_date" in email.defects


def test_date_with_trailing_comment_parses() -> None:
    email = parse_email(b"From: a@b.example\nDate: 2 Jan 2024 10:30:00 +0000 (UTC)\n\nx\n")
    assert email.date == datetime(2024, 1, 2, 10, 30, tzinfo=UTC)
    assert email.defects == ("missing_message_id",)


def test_unparseable_date_is_none_with_defect() -> None:
    email = parse_email(b"From: a@b.example\nDate: the day after tomorrow\n\nx\n")

    assert email.date is None
    assert "bad_date" in email.defects


@pytest.mark.parametrize(
    "date",
    [
        b"0001-01-01T00:00:00+01:00",  # cannot even be converted to UTC
        b"Fri, 31 Dec 9999 23:59:59 -0100",
        b"Mon, 1 Jan 1000 00:00:00 +0000",
        b"Sun, 31 Dec 1899 23:00:00 +0000",
    ],
)
def test_implausible_date_is_none_with_defect(date: bytes) -> None:
    # Garbage years (and dates date arithmetic would overflow on) must not reach the store.
    email = parse_email(b"From: a@b.example\nDate: " + date + b"\n\nx\n")

    assert email.date is None
    assert "bad_date" in email.defects


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 16 Nov 2026 10:03:00 +0000", datetime(2026, 11, 16, 10, 3, tzinfo=UTC)),
        ("  Mon, 16 Nov 2026 11:03:00 +0100 ", datetime(2026, 11, 16, 10, 3, tzinfo=UTC)),
        ("16 Nov 2026 10:03:00 -0000", datetime(2026, 11, 16, 10, 3, tzinfo=UTC)),
        ("Fri, 31 Dec 9999 23:59:59 -0100", None),
        ("Tue, 1 Jan 01 00:00:00 +0000", datetime(2001, 1, 1, tzinfo=UTC)),  # RFC 5322 4.3
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_date(value: str, expected: datetime | None) -> None:
    assert parse_date(value) == expected


# --- addresses ----------------------------------------------------------------------------------


def test_idna_domain_and_encoded_display_name() -> None:
    data = eml(
        """
        From: =?utf-8?Q?J=C3=B6rg_M=C3=BCller?= <User@Bücher.Example>
        To: "Doe, Jane" <jane@example.com>

        x
        """
    )
    email = parse_email(data)

    assert email.from_ == Address("Jörg Müller", "user@xn--bcher-kva.example")
    assert email.from_.domain == "xn--bcher-kva.example"
    assert email.to == (Address("Doe, Jane", "jane@example.com"),)


def test_bad_and_empty_addresses_are_dropped() -> None:
    data = eml(
        """
        From: not-an-address
        To: undisclosed-recipients:;
        Cc: a@b@c.example, ok@example.com, OK@Example.com

        x
        """
    )
    email = parse_email(data)

    assert email.from_ is None
    assert email.to == ()
    assert email.cc == (Address("", "ok@example.com"),)  # deduplicated after normalising
    assert {"bad_address", "missing_from"} <= set(email.defects)


def test_group_syntax_and_multiple_from() -> None:
    data = eml(
        """
        From: first@example.com, second@example.com
        To: Team: a@example.com, b@example.com;

        x
        """
    )
    email = parse_email(data)

    assert email.from_ == Address("", "first@example.com")
    assert [a.address for a in email.to] == ["a@example.com", "b@example.com"]
    assert "multiple_from" in email.defects


# --- subjects and header_text -------------------------------------------------------------------


def test_iso_2022_jp_subject() -> None:
    word = base64.b64encode("まみむめも".encode("iso2022_jp")).decode()
    email = parse_email(f"From: a@b.example\nSubject: =?ISO-2022-JP?B?{word}?=\n\nx\n".encode())

    assert email.subject == "まみむめも"


def test_header_text_joins_multibyte_characters_split_across_words() -> None:
    raw = "日本".encode()
    first, second = base64.b64encode(raw[:4]).decode(), base64.b64encode(raw[4:]).decode()

    assert header_text(f"=?utf-8?B?{first}?=\n =?utf-8?B?{second}?= ok") == "日本 ok"


def test_header_text_tolerates_broken_words_and_unknown_charsets() -> None:
    assert header_text("=?x-unknown?Q?caf=C3=A9?=") == "café"  # falls back to UTF-8
    assert header_text("=?utf-8?B?SGVsbG8?=") == "Hello"  # missing padding
    assert header_text("=?utf-8?Q?a?= =?utf-8?Q?b?=") == "ab"  # RFC 2047 6.2
    assert header_text("plain  \t text") == "plain text"
    assert header_text(None) == ""


def test_unknown_charset_in_subject_is_recorded() -> None:
    email = parse_email(b"From: a@b.example\nSubject: =?x-bogus?Q?caf=E9?=\n\nx\n")

    assert email.subject == "café"  # not UTF-8, so cp1252
    assert "unknown_charset:x-bogus" in email.defects


def test_raw_8bit_subject_uses_the_body_charset() -> None:
    data = (
        "From: a@b.example\nSubject: Привет\n"
        "Content-Type: text/plain; charset=windows-1251\n\nПока\n"
    ).encode("cp1251")
    email = parse_email(data)

    assert email.subject == "Привет"
    assert email.text == "Пока"


# --- bodies -------------------------------------------------------------------------------------


def test_html_only_message_text_comes_from_html() -> None:
    html = (
        "<html><head><style>p {color: red}</style><script>alert('x')</script></head>"
        "<body><p>Hello <b>creator</b></p><div style='display:none'>hidden</div></body></html>"
    )
    data = f"From: a@b.example\nContent-Type: text/html; charset=utf-8\n\n{html}\n".encode()
    email = parse_email(data)

    assert "Hello creator" in email.text
    assert "color" not in email.text
    assert "alert" not in email.text
    assert email.html is not None
    assert "display:none'>hidden" in email.html  # kept as-is for screening


def test_alternative_prefers_plain_and_keeps_html() -> None:
    data = eml(
        """
        From: a@b.example
        Content-Type: multipart/alternative; boundary="alt"

        --alt
        Content-Type: text/plain; charset=utf-8

        Plain version
        --alt
        Content-Type: text/html; charset=utf-8

        <p>HTML version</p>
        --alt--
        """
    )
    email = parse_email(data)

    assert email.text == "Plain version"
    assert email.html == "<p>HTML version</p>"
    assert email.part_types == ("multipart/alternative", "text/plain", "text/html")
    assert email.attachments == ()


def test_quoted_printable_body() -> None:
    data = eml(
        """
        From: a@b.example
        Content-Type: text/plain; charset=iso-8859-1
        Content-Transfer-Encoding: quoted-printable

        Caf=E9 au lait, a long line that is =
        soft-wrapped.
        """
    )
    email = parse_email(data)

    assert email.text == "Café au lait, a long line that is soft-wrapped."
    assert email.defects == ("missing_message_id", "missing_date")


def test_bad_quoted_printable_is_decoded_best_effort() -> None:
    data = b"From: a@b.example\nContent-Transfer-Encoding: quoted-printable\n\n50=% off =E2=82=AC\n"
    email = parse_email(data)

    assert email.text == "50=% off €"
    assert "bad_quoted_printable" in email.defects


def test_base64_body() -> None:
    body = base64.encodebytes("Grüße aus Köln".encode()).decode()
    data = (
        "From: a@b.example\nContent-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: base64\n\n{body}"
    ).encode()
    email = parse_email(data)

    assert email.text == "Grüße aus Köln"
    assert "bad_base64" not in email.defects


def test_bad_base64_is_decoded_best_effort() -> None:
    good = base64.b64encode(b"Hello creator, this is a deal").decode()
    data = (
        f"From: a@b.example\nContent-Transfer-Encoding: base64\n\n{good[:12]}!!**{good[12:-2]}\n"
    ).encode()
    email = parse_email(data)

    assert email.text.startswith("Hello creator, this is a")
    assert "bad_base64" in email.defects


def test_unknown_charset_body_falls_back() -> None:
    data = "From: a@b.example\nContent-Type: text/plain; charset=x-martian\n\nnaïve\n".encode()
    email = parse_email(data)

    assert email.text == "naïve"
    assert "unknown_charset:x-martian" in email.defects


def test_declared_charset_that_does_not_fit_records_decode_error() -> None:
    data = b"From: a@b.example\nContent-Type: text/plain; charset=us-ascii\n\ncaf\xc3\xa9\n"
    email = parse_email(data)

    assert email.text == "café"
    assert "decode_error:us-ascii" in email.defects


@pytest.mark.parametrize(
    ("charset", "text"),
    [
        ("ks_c_5601-1987", "안녕하세요"),
        ("gb2312", "代开发票"),
        ("shift_jis", "テスト①"),  # ① is a cp932 extension to Shift_JIS
        ("x-sjis", "テスト"),
        ("windows-874", "สวัสดี"),
        ("unicode-1-1-utf-7", "Hi ☺"),
        ("iso-8859-8-i", "שלום"),
    ],
)
def test_charset_aliases(charset: str, text: str) -> None:
    codec = {
        "ks_c_5601-1987": "cp949",
        "gb2312": "gb18030",
        "shift_jis": "cp932",
        "x-sjis": "cp932",
        "windows-874": "cp874",
        "unicode-1-1-utf-7": "utf-7",
        "iso-8859-8-i": "iso8859_8",
    }[charset]
    data = f"From: a@b.example\nContent-Type: text/plain; charset={charset}\n\n".encode()
    email = parse_email(data + text.encode(codec))

    assert email.text == text
    assert not [d for d in email.defects if d.startswith(("decode_error", "unknown_charset"))]


def test_text_is_normalised() -> None:
    data = b"From: a@b.example\r\n\r\nline one  \r\nline\x00 two\t\rline three\r\n\r\n"
    assert parse_email(data).text == "line one\nline two\nline three"


def test_format_flowed_is_unwrapped() -> None:
    data = eml(
        """
        From: a@b.example
        Content-Type: text/plain; charset=utf-8; format=flowed

        This paragraph was\x20
        wrapped by the client.
        > quoted and\x20
        > wrapped too
        --\x20
        Sig
        """
    )
    email = parse_email(data)

    assert email.text.splitlines() == [
        "This paragraph was wrapped by the client.",
        "> quoted and wrapped too",
        "--",
        "Sig",
    ]


def test_body_only_text_is_an_email_without_headers() -> None:
    data = b"Thanks for reaching out!\n\nBest,\nSam\n"
    email = parse_email(data)

    assert email.text == "Thanks for reaching out!\n\nBest,\nSam"
    assert "no_headers" in email.defects
    assert email.headers == {}


# --- attachments --------------------------------------------------------------------------------


def _mixed(*parts: str) -> bytes:
    body = "".join(f"--mix\n{part}\n" for part in parts)
    return (
        f"From: a@b.example\nContent-Type: multipart/mixed; boundary=mix\n\n{body}--mix--\n"
    ).encode()


def test_rfc2231_and_rfc2047_filenames() -> None:
    cyrillic = base64.b64encode("Прайс.pdf".encode()).decode()
    data = _mixed(
        "Content-Type: text/plain\n\nSee attached.",
        "Content-Type: application/pdf\n"
        "Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf\n"
        "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQ=",
        f'Content-Type: application/pdf; name="=?utf-8?B?{cyrillic}?="\n\nxx',
        "Content-Type: text/plain\nContent-Disposition: attachment;\n"
        " filename*0*=utf-8''long%20;\n filename*1*=name.txt\n\nattached text",
    )
    email = parse_email(data)

    assert email.text == "See attached."
    assert email.attachments == (
        Attachment("résumé.pdf", "application/pdf", 8),
        Attachment("Прайс.pdf", "application/pdf", 2),
        Attachment("long name.txt", "text/plain", 13),
    )


def test_inline_image_in_related_is_an_inline_attachment() -> None:
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 8).decode()
    data = eml(
        f"""
        From: a@b.example
        Content-Type: multipart/related; boundary=rel

        --rel
        Content-Type: text/html; charset=utf-8

        <p>Logo: <img src="cid:logo"></p>
        --rel
        Content-Type: image/png
        Content-ID: <logo>
        Content-Transfer-Encoding: base64

        {png}
        --rel--
        """
    )
    email = parse_email(data)

    assert email.text == "Logo:"
    assert email.attachments == (Attachment(None, "image/png", 16, inline=True),)


def _zip_bytes(*, encrypted: bool) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("invoice.exe", b"MZ not really a program")
    data = bytearray(buffer.getvalue())
    if encrypted:
        # Set general-purpose bit 0 in the local header (offset 6) and the central directory
        # entry (offset 8 of the "PK\1\2" record), as a password-protected archive has.
        data[6] |= 1
        central = data.find(b"PK\x01\x02")
        data[central + 8] |= 1
    return bytes(data)


@pytest.mark.parametrize("encrypted", [True, False])
def test_encrypted_zip_attachment_is_flagged(encrypted: bool) -> None:
    payload = _zip_bytes(encrypted=encrypted)
    data = _mixed(
        "Content-Type: text/plain\n\nInvoice attached, password 1234.",
        "Content-Type: application/zip; name=invoice.zip\n"
        "Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(payload).decode(),
    )
    (attachment,) = parse_email(data).attachments

    assert attachment == Attachment(
        "invoice.zip", "application/zip", len(payload), False, encrypted
    )


def _seven_zip(coder: bytes) -> bytes:
    # Signature header: magic, version, CRC, then the next header's offset and size.
    header = b"\x01\x04\x06\x00\x01\x09" + coder + b"\x00"
    return b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<IQQI", 0, 0, len(header), 0) + header


@pytest.mark.parametrize(
    ("archive", "encrypted"),
    [
        # RAR 4: marker block, then a main header (type 0x73) with MHD_PASSWORD (0x0080).
        (b"Rar!\x1a\x07\x00" + struct.pack("<HBHH", 0, 0x73, 0x0080, 13) + b"\x00" * 6, True),
        (b"Rar!\x1a\x07\x00" + struct.pack("<HBHH", 0, 0x73, 0x0000, 13) + b"\x00" * 6, False),
        # 7z: the AES-256 coder id (06 F1 07 01) in the (encoded) header.
        (_seven_zip(b"\x06\xf1\x07\x01"), True),
        (_seven_zip(b"\x03\x01\x01\x00"), False),  # LZMA only
    ],
)
def test_encrypted_rar_and_7z_attachments_are_flagged(archive: bytes, encrypted: bool) -> None:
    data = _mixed(
        "Content-Type: text/plain\n\nsee file",
        "Content-Type: application/octet-stream; name=archive\n"
        "Content-Transfer-Encoding: base64\n\n" + base64.b64encode(archive).decode(),
    )
    assert parse_email(data).attachments[0].encrypted is encrypted


def test_uuencoded_block_in_body_becomes_attachment() -> None:
    uu = f"begin 644 note.txt\n{binascii.b2a_uu(b'hi!').decode()}`\nend\n"
    data = f"From: a@b.example\n\nPlease see the file.\n{uu}Thanks\n".encode()
    email = parse_email(data)

    assert email.text == "Please see the file.\nThanks"
    assert email.attachments == (Attachment("note.txt", "text/plain", 3),)


def test_message_rfc822_is_parsed_and_counted_as_attachment() -> None:
    inner = "From: Original <orig@x.example>\nSubject: The original\n\nOriginal body"
    data = _mixed(
        "Content-Type: text/plain\n\nForwarding this.",
        f"Content-Type: message/rfc822\nContent-Disposition: attachment\n\n{inner}",
    )
    email = parse_email(data, source="fwd.eml")

    assert email.text == "Forwarding this."
    assert email.part_types == ("multipart/mixed", "text/plain", "message/rfc822")
    (attachment,) = email.attachments
    assert attachment.content_type == "message/rfc822"
    (attached,) = email.attached_messages
    assert attached.subject == "The original"
    assert attached.from_ == Address("Original", "orig@x.example")
    assert attached.text == "Original body"
    assert attached.source == "fwd.eml#attached0"
    assert attached.size == attachment.size > 0


def test_attached_messages_stop_at_depth_limit() -> None:
    message = "From: level5@x.example\nSubject: level 5\n\ndeepest"
    for level in range(4, -1, -1):
        message = (
            f"From: level{level}@x.example\nSubject: level {level}\n"
            f"Content-Type: message/rfc822\n\n{message}"
        )
    email = parse_email(message.encode())

    subjects = []
    current = email
    while current.attached_messages:
        current = current.attached_messages[0]
        subjects.append(current.subject)
    assert subjects == ["level 1", "level 2", "level 3"]
    assert "nesting_too_deep" in current.defects


# --- structure defects and robustness -----------------------------------------------------------


def test_stdlib_defects_get_snake_case_names() -> None:
    data = b"From: a@b.example\nContent-Type: multipart/mixed; boundary=zzz\n\nno parts here\n"
    email = parse_email(data)

    assert "start_boundary_not_found" in email.defects


def test_missing_close_boundary_is_truncated() -> None:
    data = b"From: a@b.example\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n"
    email = parse_email(data)

    assert email.text == "hello"
    assert {"close_boundary_not_found", "truncated"} <= set(email.defects)


def test_nesting_bomb_does_not_escape() -> None:
    parts = [b"From: a@b.example\nContent-Type: multipart/mixed; boundary=b0\n\n"]
    parts += [
        b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1) for i in range(2000)
    ]
    email = parse_email(b"".join(parts) + b"--b2000\n\nhi\n")

    assert email.from_ == Address("", "a@b.example")
    assert "nesting_too_deep" in email.defects


def test_mbox_from_line_is_stripped() -> None:
    data = b"From sender@example.com Mon Jan  1 00:00:00 2024\nFrom: sender@example.com\n\nhi\n"
    email = parse_email(data)

    assert email.from_ == Address("", "sender@example.com")
    assert list(email.headers) == ["from"]
    assert email.size == len(data)  # size and hash describe the input as given


def test_leading_blank_line_before_headers_is_tolerated() -> None:
    email = parse_email(b"\r\nFrom: a@b.example\r\nSubject: hi\r\n\r\nbody\r\n")

    assert email.subject == "hi"
    assert "leading_blank_lines" in email.defects


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \r\n\t\n",
        b"\x00" * 64,
        bytes(range(256)) * 4,
        b"\xd0\xcf\x11\xe0" + b"\x00\xff" * 500,
    ],
)
def test_not_an_email(data: bytes) -> None:
    with pytest.raises(MalformedEmail):
        parse_email(data)


def test_binary_with_a_header_line_is_still_an_email() -> None:
    data = b"Subject: junk\n\n" + bytes(range(256)) * 4
    email = parse_email(data)

    assert email.subject == "junk"
    assert "\x00" not in email.text


def test_single_part_text_with_a_filename_is_still_the_body() -> None:
    data = b'From: a@b.example\nContent-Type: text/plain; name="text_0.txt"\n\nHello from MMS\n'
    email = parse_email(data)

    assert email.text == "Hello from MMS"
    assert email.attachments == ()


def test_single_part_attachment_has_no_body() -> None:
    data = (
        b"From: a@b.example\nContent-Type: text/plain\n"
        b'Content-Disposition: attachment; filename="notes.txt"\n\nfile content\n'
    )
    email = parse_email(data)

    assert email.text == ""
    assert email.attachments == (Attachment("notes.txt", "text/plain", 13),)


def test_parameter_names_are_case_insensitive() -> None:
    data = _mixed(
        "Content-Type: TEXT/PLAIN; CHARSET=ISO-8859-1\n\ncaf\xe9",
        'Content-Type: Application/PDF; NAME="Offer.pdf"\n\n%PDF',
    )
    email = parse_email(data.decode("utf-8").encode("latin-1"))

    assert email.text == "café"
    assert email.attachments == (Attachment("Offer.pdf", "application/pdf", 4),)


def test_content_type_parameter_without_semicolon_keeps_the_type() -> None:
    # Some MTAs fold a parameter onto the next line without its ";" (a real bounce shape):
    # the first part is still the text/plain body, not an unknown "text/plaincharset=..." type.
    data = eml(
        """
        From: Mail Delivery <daemon@mx.example>
        Subject: Returned Mail: User unknown
        Content-Type: multipart/mixed; boundary="B"

        --B
        Content-Type: text/plain
           charset="us-ascii"

        The original message was received at Thu, 29 Apr 2011 23:34:45 +0900

        --B
        Content-Type: text/plain

        returned message

        --B--
        """
    )
    email = parse_email(data)

    assert email.part_types == ("multipart/mixed", "text/plain", "text/plain")
    assert email.text.startswith("The original message was received at")


def test_multipart_parameter_without_semicolon_is_read_as_the_parser_reads_it() -> None:
    # Only non-container types are repaired: a multipart without a usable boundary stays the
    # single text leaf compat32 makes of it, so part_types and the body agree with its tree.
    data = b"From: a@b.example\nContent-Type: multipart/mixed boundary=X\n\n--X\n\nhi\n--X--\n"
    email = parse_email(data)

    assert not email.content_type.startswith("text/")
    assert "hi" in email.text
