"""Property tests: no input makes parse_email raise anything but MalformedEmail.

Mutated messages come from the shared corpora (../shared/corpora, see its MANIFEST.md for the
sources and licences); the test is skipped when they are not there.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repflow.mail.exceptions import MalformedEmail
from repflow.mail.models import InboundEmail
from repflow.mail.parse import parse_email
from tests.conftest import corpus_files

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _samples(count: int = 20, max_size: int = 40_000) -> list[bytes]:
    """``count`` real messages (with a header block) spread over the corpora, small ones only."""
    messages = [
        data
        for path in corpus_files()
        if 200 < path.stat().st_size < max_size
        and re.match(rb"[!-9;-~]+:", data := path.read_bytes())
    ]
    step = max(1, len(messages) // count)
    return messages[::step][:count]


SAMPLES = _samples()

#: Fragments that steer mutations toward the parser's tricky paths.
SNIPPETS = [
    b"\n--",
    b"\r\n\r\n",
    b"=?utf-8?B?",
    b"=?x-unknown?Q?=FF?=",
    b"?=",
    b"Content-Type: multipart/mixed; boundary=x\n",
    b"\n--x\n",
    b"\n--x--\n",
    b"Content-Type: message/rfc822\n\n",
    b"Content-Transfer-Encoding: base64\n",
    b"Content-Transfer-Encoding: quoted-printable\n",
    b"Content-Type: text/html; charset=utf-7\n",
    b"filename*=bogus''%00%FF",
    b"begin 644 a.zip\n",
    b"\nend\n",
    b"PK\x03\x04\x01\x00\x01\x00",
    b"<html><style>",
    b"From: <@>\n",
    b"Date: 99 Foo 99999 99:99:99 +9999\n",
    b"\x00",
    b"\xff\xfe",
]

_position = st.integers(min_value=0, max_value=1_000_000)
_mutation = st.one_of(
    st.tuples(st.just("set"), _position, st.binary(min_size=1, max_size=1)),
    st.tuples(st.just("insert"), _position, st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("insert"), _position, st.sampled_from(SNIPPETS)),
    st.tuples(st.just("truncate"), _position, st.just(b"")),
    st.tuples(st.just("delete"), _position, st.binary(min_size=1, max_size=64)),
)


def _mutate(data: bytes, mutations: list[tuple[str, int, bytes]]) -> bytes:
    out = bytearray(data)
    for kind, where, chunk in mutations:
        pos = where % (len(out) + 1)
        if kind == "set" and out:
            out[min(pos, len(out) - 1)] = chunk[0]
        elif kind == "insert":
            out[pos:pos] = chunk
        elif kind == "truncate":
            del out[pos:]
        elif kind == "delete":
            del out[pos : pos + len(chunk)]  # the chunk only sets how much goes
    return bytes(out)


def _parse_or_malformed(data: bytes) -> InboundEmail | None:
    try:
        email = parse_email(data)
    except MalformedEmail:
        return None
    assert isinstance(email, InboundEmail)
    assert "\x00" not in email.text
    (email.text + email.subject + (email.html or "")).encode("utf-8")
    return email


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_only_raise_malformed(data: bytes) -> None:
    _parse_or_malformed(data)


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_after_a_header_line_are_an_email(data: bytes) -> None:
    assert _parse_or_malformed(b"Subject: fuzz\n" + data) is not None


@FUZZ
@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1).filter(str.strip))
def test_printable_text_is_always_an_email(text: str) -> None:
    assert _parse_or_malformed(text.encode("utf-8")) is not None


@FUZZ
@given(
    st.sampled_from(SAMPLES or [b"From: a@b.example\n\nbody\n"]),
    st.lists(_mutation, min_size=1, max_size=12),
)
def test_mutated_real_messages_only_raise_malformed(
    data: bytes, mutations: list[tuple[str, int, bytes]]
) -> None:
    _parse_or_malformed(_mutate(data, mutations))
