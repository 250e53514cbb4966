"""Parse raw RFC 5322 / MIME bytes into an immutable :class:`~repflow.mail.models.InboundEmail`.

Real mail is messy, so parsing is best-effort: every problem short of "this is not an email at
all" is decoded as well as possible and recorded as a stable snake_case name in
``InboundEmail.defects`` (stdlib defects become e.g. ``start_boundary_not_found``; our own are
``missing_message_id``, ``bad_date``, ``unknown_charset:x-foo`` ...).

**What the fields hold.** ``headers`` has every top-level header, unfolded and turned into text
(raw 8-bit bytes decoded) but *not* RFC 2047-decoded: use :func:`header_text` for display.
``subject``, display names and filenames are fully decoded. ``text`` is the first text/plain
body (format=flowed undone), else the HTML body as text; ``html`` is the HTML body verbatim
(hidden text included). ``part_types`` and ``attachments`` cover this message's own MIME tree:
the parts of an attached message (``message/rfc822``) are in its own ``InboundEmail`` in
``attached_messages`` (parsed down to ``MAX_ATTACHED_DEPTH`` levels).

**Defect names** (besides the stdlib's, e.g. ``start_boundary_not_found``,
``close_boundary_not_found``, ``missing_header_body_separator``, ``multipart_invariant_violation``,
``first_header_line_is_continuation``): ``no_headers``, ``leading_blank_lines``,
``missing_message_id``, ``missing_from``, ``multiple_from``, ``missing_date``, ``naive_date``,
``bad_date``, ``bad_address``, ``idna_error``, ``unknown_charset:<name>``,
``decode_error:<charset>`` (``us-ascii`` when undeclared 8-bit text is not UTF-8 either),
``bad_encoded_word``, ``bad_base64``, ``bad_quoted_printable``, ``bad_uuencode``,
``bad_filename``, ``unknown_transfer_encoding``, ``truncated`` (a multipart's closing boundary is
missing), ``header_value_truncated``, ``too_many_header_values``, ``too_many_headers``,
``too_many_parts``, ``nesting_too_deep``, ``html_truncated``, ``html_to_text_failed`` and
``parser_error:<ExceptionName>``.

**When is input not an email?** :class:`~repflow.mail.exceptions.MalformedEmail` is raised only
when, after dropping an mbox ``From`` line:

* the input is empty or whitespace only, or
* none of its first few non-blank lines is a header line (``Name: value``) *and* its first 8 KiB
  look binary (more than 5% control bytes other than TAB/LF/CR/FF/ESC, or more than 1% NULs).

Plain text without a header block (a pasted body) is an email with no headers: it comes back as
an ``InboundEmail`` whose text is the whole input, with the defect ``no_headers``. Any unexpected
failure inside the parser is recorded as ``parser_error:<ExceptionName>`` with best-effort output;
only if nothing at all could be read does it become ``MalformedEmail`` (chained ``from`` the cause).

**Why compat32 and not policy.default?** ``BytesParser(policy=policy.default)`` runs the header
registry on every ``Content-Type`` lookup the feed parser makes, which measured 3.5x slower
(median) than ``email.message_from_bytes`` on the shared corpora before we read a single field.
We parse with ``compat32`` and decode headers ourselves (RFC 2047 words, raw 8-bit headers,
charset aliases), which is both faster and more forgiving of broken input.
"""

from __future__ import annotations

import binascii
import codecs
import hashlib
import io
import re
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import collapse_rfc2231_value, getaddresses, parsedate_to_datetime
from functools import lru_cache
from types import MappingProxyType
from typing import TypeVar

from repflow.mail.exceptions import MalformedEmail
from repflow.mail.models import Address, Attachment, InboundEmail

__all__ = ["PLAUSIBLE_YEARS", "header_text", "is_plausible_date", "parse_date", "parse_email"]

_T = TypeVar("_T")

#: Attached messages (message/rfc822) are parsed down to this many levels below the top.
MAX_ATTACHED_DEPTH = 3
#: MIME nesting deeper than this is not walked (recursion bombs).
MAX_MIME_DEPTH = 64
#: Parts beyond this many are ignored (part-count bombs).
MAX_PARTS = 1000
#: Header values kept per header name, and characters kept per value, in ``headers``.
MAX_HEADER_VALUES = 50
MAX_HEADER_CHARS = 4000
#: Distinct header names kept in ``headers``.
MAX_HEADER_NAMES = 500
#: HTML larger than this is cut before conversion to text (inscriptis is not linear-cheap).
MAX_HTML_CHARS = 2_000_000

_PARSER = BytesParser(policy=compat32)

# ---------------------------------------------------------------------------------------------
# Defects


@dataclass(slots=True)
class _Defects:
    """An insertion-ordered set of defect names."""

    names: dict[str, None] = field(default_factory=dict)

    def add(self, name: str) -> None:
        self.names.setdefault(name, None)

    def add_stdlib(self, defects: Iterable[object]) -> None:
        for defect in defects:
            self.add(_defect_name(type(defect).__name__))

    def error(self, exc: BaseException) -> None:
        self.add(f"parser_error:{type(exc).__name__}")

    def as_tuple(self) -> tuple[str, ...]:
        return tuple(self.names)


_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@lru_cache(maxsize=128)
def _defect_name(class_name: str) -> str:
    """``StartBoundaryNotFoundDefect`` -> ``start_boundary_not_found``."""
    base = class_name.removesuffix("Defect") or class_name
    return _CAMEL_BOUNDARY.sub("_", base).lower()


def _guard(defects: _Defects, fn: Callable[[], _T], default: _T) -> _T:
    """Run one extraction step; a bug or hostile input there must not cost the whole message."""
    try:
        return fn()
    except Exception as exc:  # untrusted input: any failure becomes a defect
        defects.error(exc)
        return default


# ---------------------------------------------------------------------------------------------
# Charsets

# Declared charset -> Python codecs to try, in order (supersets first: mailers label
# cp949 text as ks_c_5601, cp932 as shift_jis, windows-1252 as iso-8859-1 ...).
_CHARSET_ALIASES: dict[str, tuple[str, ...]] = {
    "ks_c_5601-1987": ("cp949",),
    "ks_c_5601": ("cp949",),
    "ksc5601": ("cp949",),
    "euc-kr": ("cp949",),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "x-gbk": ("gb18030",),
    "cp936": ("gb18030",),
    "euc-cn": ("gb18030",),
    "big5": ("cp950", "big5hkscs"),
    "shift_jis": ("cp932",),
    "shift-jis": ("cp932",),
    "x-sjis": ("cp932",),
    "sjis": ("cp932",),
    "windows-31j": ("cp932",),
    "euc-jp": ("euc_jp", "euc_jis_2004"),
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_2004"),
    "iso-8859-8-i": ("iso8859_8",),
    "iso-8859-8-e": ("iso8859_8",),
    "iso-8859-6-i": ("iso8859_6",),
    "iso-8859-6-e": ("iso8859_6",),
    "unicode-1-1-utf-7": ("utf_7",),
    "windows-874": ("cp874",),
    "tis-620": ("cp874",),
    "iso-8859-11": ("cp874",),
    "iso-8859-1": ("cp1252", "latin_1"),
    "latin1": ("cp1252", "latin_1"),
    "iso-8859-9": ("cp1254", "iso8859_9"),
    "x-mac-roman": ("mac_roman",),
    "x-mac-cyrillic": ("mac_cyrillic",),
    "cp-850": ("cp850",),
    "utf8": ("utf_8",),
}
# Codecs that are "text encodings" to Python but never a mail charset (or unsafe to run).
_BLOCKED_CODECS = frozenset(
    {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "mbcs", "oem"}
)
_CHARSET_SAFE = re.compile(r"[^a-z0-9_.:+-]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _normalise_charset(charset: str) -> str:
    name = charset.strip().strip("\"'").split("*", 1)[0].strip().lower()
    return _CHARSET_SAFE.sub("", name)[:40]


@lru_cache(maxsize=256)
def _codecs_for(charset: str) -> tuple[str, ...]:
    """Python codec names to try for a normalised declared charset; ``()`` if unknown."""
    found: list[str] = []
    for name in _CHARSET_ALIASES.get(charset, (charset,)):
        try:
            codec = codecs.lookup(name).name
            b"".decode(codec)  # LookupError for bytes-to-bytes codecs such as base64
        except (LookupError, ValueError):
            continue
        if codec not in _BLOCKED_CODECS:
            found.append(codec)
    return tuple(found)


def _scrub(text: str) -> str:
    """Drop lone surrogates (utf-7/utf-16 can yield them) so the text always encodes as UTF-8."""
    if text.isascii() or not _SURROGATES.search(text):
        return text
    return text.encode("utf-8", "replace").decode("utf-8")


def _utf8(raw: bytes) -> str | None:
    """UTF-8, tolerating a few damaged sequences (truncation, one bad byte) but not mojibake.

    Text in a single-byte charset almost never forms valid multibyte UTF-8 sequences, so we
    accept a lossy UTF-8 reading only when valid multibyte characters clearly outnumber errors.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    errors = text.count("\ufffd")
    # Extra bytes beyond one per character: 2 per U+FFFD, 1-3 per valid non-ASCII character.
    valid_extra = len(text.encode("utf-8")) - len(text) - 2 * errors
    return text if valid_extra >= 4 * errors else None


def _decode_bytes(raw: bytes, charset: str | None, defects: _Defects) -> str:
    """Decode ``raw`` as declared, then UTF-8, then a never-failing fallback; record trouble."""
    if not raw:
        return ""
    name = _normalise_charset(charset) if charset else ""
    candidates = _codecs_for(name) if name else ()
    if name and not candidates:
        defects.add(f"unknown_charset:{name}")
    for codec in candidates:
        try:
            return _scrub(raw.decode(codec))
        except (UnicodeError, ValueError, LookupError):
            continue
    if candidates:
        defects.add(f"decode_error:{name}")
    if (text := _utf8(raw)) is not None:
        return text
    if candidates:
        # Damaged text in a declared charset reads better than cp1252 mojibake; but mislabelled,
        # slightly broken UTF-8 is common too: keep whichever needs fewer replacements.
        readings = (raw.decode(codec, errors="replace") for codec in (candidates[0], "utf-8"))
        return _scrub(min(readings, key=lambda text: text.count("\ufffd")))
    if not name:
        defects.add("decode_error:us-ascii")  # RFC 2045 default charset, and not UTF-8 either
    return raw.decode("cp1252", errors="replace")


# ---------------------------------------------------------------------------------------------
# Header values

_FOLD = re.compile(r"\r?\n(?=[ \t])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")
_B64_JUNK = re.compile(rb"[^A-Za-z0-9+/]")


def _unsurrogate(value: str, fallback: str | None) -> str:
    """Turn raw 8-bit header bytes (surrogate-escaped by the parser) into text.

    RFC 6532 says UTF-8; older mailers use the body charset; cp1252 never fails.
    """
    if value.isascii() or not _SURROGATES.search(value):
        return value
    raw = value.encode("utf-8", "surrogateescape")
    if (text := _utf8(raw)) is not None:
        return text
    for codec in _codecs_for(_normalise_charset(fallback)) if fallback else ():
        try:
            return raw.decode(codec)
        except (UnicodeError, ValueError):
            continue
    return raw.decode("cp1252", errors="replace")


def _unfold(value: str) -> str:
    return _FOLD.sub("", value).replace("\r", " ").replace("\n", " ").replace("\x00", "")


def _encoded_word_bytes(encoding: str, text: str, defects: _Defects) -> bytes:
    data = text.encode("ascii", "ignore")
    if encoding in "qQ":
        return binascii.a2b_qp(data, header=True)
    cleaned = _B64_JUNK.sub(b"", data.rstrip(b"="))
    if len(cleaned) != len(data.rstrip(b"=")) or len(cleaned) % 4 == 1:
        defects.add("bad_encoded_word")
        cleaned = cleaned[: len(cleaned) - (len(cleaned) % 4 == 1)]
    return binascii.a2b_base64(cleaned + b"=" * (-len(cleaned) % 4))


def _decode_encoded_words(value: str, defects: _Defects) -> str:
    """RFC 2047 decoding that never raises.

    Adjacent words in one charset are joined as bytes before decoding, because mailers split
    multibyte characters across words; whitespace between encoded words is dropped (RFC 2047 6.2).
    """
    if "=?" not in value:
        return value
    pieces: list[str] = []
    pending = bytearray()
    pending_charset: str | None = None
    pos = 0

    def flush() -> None:
        nonlocal pending_charset
        if pending_charset is not None:
            pieces.append(_decode_bytes(bytes(pending), pending_charset, defects))
            pending.clear()
            pending_charset = None

    for match in _ENCODED_WORD.finditer(value):
        gap = value[pos : match.start()]
        if gap and not (pending_charset is not None and gap.isspace()):
            flush()
            pieces.append(gap)
        pos = match.end()
        charset = _normalise_charset(match.group(1))
        try:
            raw = _encoded_word_bytes(match.group(2), match.group(3), defects)
        except (binascii.Error, ValueError):
            defects.add("bad_encoded_word")
            flush()
            pieces.append(match.group(0))
            continue
        if charset != pending_charset:
            flush()
            pending_charset = charset
        pending.extend(raw)
    flush()
    pieces.append(value[pos:])
    return "".join(pieces)


def _clean_header_text(value: str, defects: _Defects, fallback: str | None = None) -> str:
    text = _decode_encoded_words(_unfold(_unsurrogate(value, fallback)), defects)
    return _CONTROL.sub("", " ".join(_scrub(text).split()))


def header_text(value: str | None, *, fallback_charset: str | None = None) -> str:
    """Decode a raw header value into readable text.

    Decodes RFC 2047 encoded words (also broken ones and unknown charsets), raw 8-bit bytes
    (UTF-8, else ``fallback_charset``, else cp1252), unfolds and collapses whitespace and drops
    control characters. Never raises.

    Args:
        value: A raw header value as found in ``InboundEmail.headers`` (or None).
        fallback_charset: Charset to try for raw 8-bit bytes that are not UTF-8.

    Returns:
        The decoded text, ``""`` for None.
    """
    if not value:
        return ""
    try:
        return _clean_header_text(value, _Defects(), fallback_charset)
    except Exception:  # pragma: no cover - defensive: a helper that must never raise
        return " ".join(value.split())


# ---------------------------------------------------------------------------------------------
# Message ids, dates, addresses

_ANGLE_ID = re.compile(r"<([^<>]*)>")


def _clean_id(inner: str) -> str | None:
    # Folding can put whitespace inside long ids; drop it so both spellings compare equal.
    compact = "".join(inner.split()).strip("<>")
    return f"<{compact}>" if compact else None


def _message_ids(value: str | None) -> list[str]:
    """Every id in a header, in order; bare tokens count when nothing is bracketed."""
    if not value:
        return []
    found = [i for m in _ANGLE_ID.finditer(value) if (i := _clean_id(m.group(1)))]
    if found or "<" in value:
        return found
    return [i for token in value.split() if (i := _clean_id(token))]


def _first_id(value: str | None) -> str | None:
    ids = _message_ids(value)
    return ids[0] if ids else None


def _references(value: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_message_ids(value)))


_COMMENT = re.compile(r"\([^()]*\)")


def _parse_date(value: str | None, defects: _Defects) -> datetime | None:
    if value is None or not value.strip():
        defects.add("missing_date")
        return None
    decommented = " ".join(_COMMENT.sub(" ", value).split())
    result: datetime | None = None
    for candidate in (value, decommented):
        try:
            result = parsedate_to_datetime(candidate)
            break
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
    if result is None:
        try:
            result = datetime.fromisoformat(decommented)
        except ValueError:
            defects.add("bad_date")
            return None
    if result.tzinfo is None:
        defects.add("naive_date")
        result = result.replace(tzinfo=UTC)
    if not is_plausible_date(result):
        defects.add("bad_date")
        return None
    return result


#: Dates outside these years are garbage (or an attack on date arithmetic: year 1 with an
#: offset cannot even be converted to UTC); they are treated as unreadable.
PLAUSIBLE_YEARS = range(1900, 9000)


def is_plausible_date(value: datetime) -> bool:
    """Whether ``value`` (naive taken as UTC) falls within :data:`PLAUSIBLE_YEARS` in UTC."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return aware.astimezone(UTC).year in PLAUSIBLE_YEARS
    except (OverflowError, ValueError):
        return False


def parse_date(value: str) -> datetime | None:
    """An RFC 5322 date (as in ``Date`` or after a ``Received`` header's ``;``), or None.

    A date without a zone is taken as UTC; one outside :data:`PLAUSIBLE_YEARS` is None.
    """
    try:
        result = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if result.tzinfo is None:
        result = result.replace(tzinfo=UTC)
    return result if is_plausible_date(result) else None


def _normalise_address(raw: str, defects: _Defects) -> str | None:
    """Lower-case, IDNA-encode the domain; None (and ``bad_address``) unless exactly one ``@``."""
    address = raw
    if "<" in address and (inner := _ANGLE_ID.search(address)):
        address = inner.group(1)
    address = address.strip().strip("<>").strip().lower()
    local, at, domain = address.rpartition("@")
    domain = domain.rstrip(".")
    spaced = any(ch.isspace() for ch in domain) or (
        not local.startswith('"') and any(ch.isspace() for ch in local)
    )
    if not at or "@" in local.strip('"') or not local or not domain or spaced:
        defects.add("bad_address")
        return None
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            defects.add("idna_error")
    return f"{local}@{domain}"


_BRACKETED_ADDRESS = re.compile(r"<([^<>@\s]+@[^<>@\s]+)>")


def _parse_addresses(values: Iterable[str], defects: _Defects) -> tuple[Address, ...]:
    result: dict[str, Address] = {}
    for value in values:
        try:
            pairs = getaddresses([value])
        except Exception as exc:  # the stdlib address parser has had crash bugs
            defects.error(exc)
            pairs = []
        found = False
        for name, raw in pairs:
            if not raw.strip():
                continue  # empty entries and groups such as "undisclosed-recipients:;"
            address = _normalise_address(raw, defects)
            if address is None:
                continue
            found = True
            result.setdefault(address, Address(_clean_header_text(name, defects), address))
        if not found:
            # Salvage only unambiguous <user@host> forms: a wrong guess could get mail answered
            # to somebody else.
            for match in _BRACKETED_ADDRESS.finditer(value):
                if address := _normalise_address(match.group(1), defects):
                    result.setdefault(address, Address("", address))
    return tuple(result.values())


# ---------------------------------------------------------------------------------------------
# Payloads

_QP_BAD_ESCAPE = re.compile(rb"=(?![0-9A-Fa-f]{2}|[ \t]*\r?\n|[ \t]*\Z)")
_CTE_ALIASES = {
    "": "",
    "7bit": "",
    "8bit": "",
    "binary": "",
    "quoted-printable": "quoted-printable",
    "base64": "base64",
    "x-uuencode": "uuencode",
    "uuencode": "uuencode",
    "x-uue": "uuencode",
    "uue": "uuencode",
}


def _transfer_encoding(raw: str, defects: _Defects) -> str:
    """The normalised Content-Transfer-Encoding: ``""``, ``base64``, ``quoted-printable``..."""
    cte = raw.strip().strip("\"';").lower()
    if cte in _CTE_ALIASES:
        return _CTE_ALIASES[cte]
    defects.add("unknown_transfer_encoding")
    # Tolerate near misses seen in the wild ("quoted printable", "base64;", "7-bit").
    for key in ("quoted", "base64", "uu"):
        if key in cte:
            return {"quoted": "quoted-printable", "uu": "uuencode"}.get(key, key)
    return ""


def _b64decode(data: bytes, defects: _Defects) -> bytes:
    compact = data.translate(None, b" \t\r\n")
    try:
        return binascii.a2b_base64(compact, strict_mode=True)
    except binascii.Error:
        defects.add("bad_base64")
    try:
        return binascii.a2b_base64(compact)
    except binascii.Error:
        pass
    cleaned = _B64_JUNK.sub(b"", compact)
    cleaned = cleaned[: len(cleaned) - (len(cleaned) % 4 == 1)]
    return binascii.a2b_base64(cleaned + b"=" * (-len(cleaned) % 4))


def _uudecode_lines(lines: Iterable[bytes], defects: _Defects) -> bytes:
    out = bytearray()
    for line in lines:
        if not line.strip() or line.strip() == b"`":
            continue
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:
            # Workaround for encoders that pad badly (as the stdlib does): trust the length byte.
            defects.add("bad_uuencode")
            nbytes = (((line[0] - 32) & 63) * 4 + 5) // 3
            try:
                out += binascii.a2b_uu(line[:nbytes])
            except binascii.Error:
                continue
    return bytes(out)


def _uudecode(data: bytes, defects: _Defects) -> tuple[bytes, str | None]:
    lines = data.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(b"begin ")), None)
    if start is None:
        defects.add("bad_uuencode")
        return data, None
    fields = lines[start].split(None, 2)  # begin <mode> <name>
    filename = fields[2].decode("utf-8", "replace").strip() if len(fields) == 3 else ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == b"end"), len(lines))
    return _uudecode_lines(lines[start + 1 : end], defects), filename or None


def _raw_payload(part: Message) -> bytes:
    # Not get_payload(): for 8-bit text it decodes with the declared charset and errors=replace,
    # losing the original bytes before we could pick a better charset.
    payload = getattr(part, "_payload", None)
    if isinstance(payload, bytes):
        return payload
    if not isinstance(payload, str):
        return b""
    # BytesParser keeps 8-bit bytes as surrogate escapes; this restores them exactly.
    return payload.encode("utf-8", "surrogateescape")


def _decoded_payload(part: Message, cte: str, defects: _Defects) -> bytes:
    """The transfer-decoded bytes of a leaf part, best-effort (we decode: the stdlib may raise)."""
    data = _raw_payload(part)
    if cte == "base64":
        return _b64decode(data, defects)
    if cte == "quoted-printable":
        if _QP_BAD_ESCAPE.search(data):
            defects.add("bad_quoted_printable")
        return binascii.a2b_qp(data)
    if cte == "uuencode":
        return _uudecode(data, defects)[0]
    return data


def _serialize(part: Message) -> bytes:
    """A parsed message back as bytes, for the size and hash of attached messages.

    Not ``BytesGenerator``: it refolds headers (raising on some broken ones) and re-decodes
    8-bit payloads. This writes the raw headers and payloads back as they were parsed.
    """
    out = bytearray()
    _flatten(part, out, 0)
    return bytes(out)


def _flatten(part: Message, out: bytearray, depth: int) -> None:
    for name, value in part.raw_items():
        out += f"{name}: {value}\n".encode("utf-8", "surrogateescape")
    out += b"\n"
    payload = getattr(part, "_payload", None)
    if isinstance(payload, str):
        out += payload.encode("utf-8", "surrogateescape")
        return
    if not isinstance(payload, list) or depth >= MAX_MIME_DEPTH:
        return
    children = [child for child in payload if isinstance(child, Message)]
    if part.get_content_maintype() != "multipart":
        for child in children:  # message/*: the enclosed message or status blocks
            _flatten(child, out, depth + 1)
        return
    try:
        boundary_text = part.get_boundary() or "boundary"
    except Exception:  # e.g. ValueError for a NUL in an RFC 2231 boundary
        boundary_text = "boundary"
    boundary = f"--{boundary_text}".encode("utf-8", "surrogateescape")
    if isinstance(part.preamble, str):
        out += part.preamble.encode("utf-8", "surrogateescape") + b"\n"
    for child in children:
        out += boundary + b"\n"
        _flatten(child, out, depth + 1)
        out += b"\n"
    out += boundary + b"--\n"
    if isinstance(part.epilogue, str):
        out += part.epilogue.encode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------------------------
# Archives


_RAR4 = b"Rar!\x1a\x07\x00"
_RAR5 = b"Rar!\x1a\x07\x01\x00"
_SEVEN_ZIP = b"7z\xbc\xaf\x27\x1c"
_SEVEN_ZIP_AES = b"\x06\xf1\x07\x01"


def _zip_encrypted(data: bytes) -> bool:
    if len(data) >= 8 and data[6] & 1:  # general-purpose flag bit 0 of the first local header
        return True
    import zipfile  # lazy: only archives need it (and it pulls in bz2/lzma)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(info.flag_bits & 1 for info in archive.infolist())
    except Exception:  # truncated or hostile archives are simply "not known to be encrypted"
        return False


def _rar4_encrypted(data: bytes) -> bool:
    pos = len(_RAR4)
    for _ in range(64):  # the first blocks carry the flags we care about
        if pos + 7 > len(data):
            return False
        _crc, kind, flags, size = struct.unpack_from("<HBHH", data, pos)
        if (kind == 0x73 and flags & 0x0080) or (kind == 0x74 and flags & 0x0004):
            return True  # encrypted headers / password-protected file
        if size < 7:
            return False
        step = size
        if flags & 0x8000 and pos + 11 <= len(data):
            step += struct.unpack_from("<I", data, pos + 7)[0]
        pos += step
    return False


def _rar5_encrypted(data: bytes) -> bool:
    # The archive-encryption header (type 4) comes first when headers are encrypted. Per-file
    # encryption records are not looked for (not cheap).
    pos = len(_RAR5) + 4  # skip the header CRC32
    value = 0
    for _ in range(2):  # vint header size, then vint header type
        value = shift = 0
        while pos < len(data) and shift < 64:
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
    return value == 4


def _seven_zip_encrypted(data: bytes) -> bool:
    if len(data) < 32:
        return False
    offset, size = struct.unpack_from("<QQ", data, 12)
    start = 32 + offset
    return _SEVEN_ZIP_AES in data[start : start + min(size, 1 << 20)]


def _is_encrypted_archive(data: bytes) -> bool:
    """True for a ZIP/RAR/7z whose entries (or headers) are password-protected."""
    if data.startswith(b"PK\x03\x04"):
        return _zip_encrypted(data)
    if data.startswith(_RAR5):
        return _rar5_encrypted(data)
    if data.startswith(_RAR4):
        return _rar4_encrypted(data)
    if data.startswith(_SEVEN_ZIP):
        return _seven_zip_encrypted(data)
    return False


# ---------------------------------------------------------------------------------------------
# Text bodies

# uuencoded lines only use characters 0x20-0x60, which keeps this match linear.
_UU_BLOCK = re.compile(r"^begin [0-7]{3,4} ([^\n]+)\n((?:[\x20-\x60]*\n)*)end[ \t]*$\n?", re.M)
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_SCRIPT_STYLE_OPEN = re.compile(r"<(script|style)\b", re.I)
_TAG = re.compile(r"<[^>]*>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def _normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return "\n".join(line.rstrip(" \t") for line in text.split("\n")).strip("\n")


def _unflow(text: str, delsp: bool) -> str:
    """Undo RFC 3676 format=flowed soft line breaks (keeps quote depth)."""
    out: list[str] = []
    pending: str | None = None
    pending_depth = 0
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        soft = content.endswith(" ") and content != "-- "
        if soft and delsp:
            content = content[:-1]
        if pending is not None and depth == pending_depth:
            pending += content
        else:
            if pending is not None:
                out.append(pending)
            pending = (">" * depth + " " if depth else "") + content
            pending_depth = depth
        if not soft:
            out.append(pending)
            pending = None
    if pending is not None:
        out.append(pending)
    return "\n".join(out)


def _drop_script_style(html: str) -> str:
    """``_SCRIPT_STYLE.sub(" ", html)`` in linear time.

    Where the pattern fails at one ``<script``/``<style`` (no ``>``, or no closing tag of that
    spelling after it), it fails at every later opening spelt the same way, whose ``>`` and
    closing tag could only come later still: such openings are not tried again (retrying each
    costs the rest of the text).
    """
    out: list[str] = []
    last = 0
    dead: set[str] = set()
    for opening in _SCRIPT_STYLE_OPEN.finditer(html):
        if opening.start() < last or opening.group(1) in dead:
            continue
        m = _SCRIPT_STYLE.match(html, opening.start())
        if m is None:
            dead.add(opening.group(1))
            continue
        out.append(html[last : m.start()])
        out.append(" ")
        last = m.end()
    out.append(html[last:])
    return "".join(out)


def _drop_tags(text: str) -> str:
    """``_TAG.sub(" ", text)`` in linear time: no tag starts after the last ``>``."""
    cut = text.rfind(">") + 1
    return _TAG.sub(" ", text[:cut]) + text[cut:]


def _html_to_text(html: str, defects: _Defects) -> str:
    if len(html) > MAX_HTML_CHARS:
        defects.add("html_truncated")
        html = html[:MAX_HTML_CHARS]
    cleaned = _drop_script_style(html)
    if not cleaned.strip():
        return ""
    try:
        from inscriptis import get_text  # lazy: lxml + inscriptis cost ~100 ms to import

        return str(get_text(cleaned))
    except Exception:  # lxml rejects some documents; fall back to crude tag stripping
        defects.add("html_to_text_failed")
        import html as html_lib

        return html_lib.unescape(_drop_tags(cleaned))


# ---------------------------------------------------------------------------------------------
# MIME tree


_MIME_HEADERS = frozenset(
    {"content-type", "content-disposition", "content-transfer-encoding", "content-id"}
)


def _mime_headers(part: Message) -> dict[str, str]:
    """The first raw value of each MIME header we read, in one pass.

    ``Message.get`` scans every header on each call; parts are asked many questions.
    """
    found: dict[str, str] = {}
    for key, value in part.raw_items():
        name = key.lower()
        if name in _MIME_HEADERS and name not in found:
            found[name] = str(value)
    return found


@dataclass(frozen=True, slots=True)
class _PartInfo:
    """What one part's MIME headers say, read once per part."""

    content_type: str
    #: Content-Type parameters: lower-case names, RFC 2231 values collapsed.
    params: dict[str, str]
    disposition: str | None
    #: ``""``, ``base64``, ``quoted-printable`` or ``uuencode``.
    transfer_encoding: str
    filename: str | None
    content_id: bool

    @property
    def attachment_like(self) -> bool:
        """Marked as a file: never the body."""
        return (
            self.disposition == "attachment"
            or self.transfer_encoding == "uuencode"
            or self.filename is not None
        )

    @property
    def charset(self) -> str | None:
        value = self.params.get("charset", "")
        return value.lower() if value and value.isascii() else None


@dataclass(slots=True)
class _Context:
    """Per-message parse state: the defects found so far and each part's metadata."""

    defects: _Defects
    #: Charset for raw 8-bit header bytes that are not UTF-8 (the top-level body charset).
    fallback: str | None = None
    infos: dict[int, _PartInfo] = field(default_factory=dict)

    def info(self, part: Message) -> _PartInfo:
        # Keyed by id(): every part stays alive (in its tree) for the whole parse.
        found = self.infos.get(id(part))
        if found is None:
            found = self.infos[id(part)] = _read_part_info(part, self)
        return found


def _content_type(part: Message, raw: str | None) -> str:
    # The rules of compat32's get_content_type, so we agree with the parser's tree.
    if raw is None:
        return part.get_default_type()
    value = raw.split(";", 1)[0]
    words = value.split()
    if len(words) > 1 and words[0].count("/") == 1 and "=" in value:
        # A parameter without its ";" ("text/plain\n charset=x", seen in real bounces): the
        # type is the first word. The main type is unchanged, so the tree still agrees.
        maintype = words[0].split("/", 1)[0].lower()
        if maintype not in {"multipart", "message"}:
            words = words[:1]
    ctype = "".join(words).lower()
    return ctype if ctype.count("/") == 1 and ctype.isascii() else "text/plain"


def _content_params(shadow: Message) -> dict[str, str]:
    try:
        pairs = shadow.get_params(failobj=[])
    except Exception:  # malformed parameters: none are trusted
        return {}
    params: dict[str, str] = {}
    for key, value in pairs[1:]:  # the first pair is the type itself
        try:
            text = collapse_rfc2231_value(value) if isinstance(value, tuple) else value
        except (ValueError, TypeError, LookupError):  # e.g. a NUL in an RFC 2231 charset
            continue
        params.setdefault(str(key).strip().lower(), str(text).strip())
    return params


def _shadow(raw: dict[str, str], fallback: str | None) -> Message:
    """A message holding only a part's Content-Type and -Disposition, decoded to text.

    Parameter lookups on it are cheap (``Message.get`` scans every header of the real part),
    and compat32 would mangle raw 8-bit parameters that we decode here first.
    """
    shadow = Message()
    for name in ("content-type", "content-disposition"):
        if name in raw:
            shadow[name] = _unsurrogate(_unfold(raw[name]), fallback)
    return shadow


def _filename(shadow: Message, raw: dict[str, str], ctx: _Context) -> str | None:
    if "name" not in (raw.get("content-disposition", "") + raw.get("content-type", "")).lower():
        return None  # no filename= or name= parameter (the common case, checked cheaply)
    try:
        name = shadow.get_filename()
    except Exception:  # e.g. ValueError for a NUL in an RFC 2231 value
        ctx.defects.add("bad_filename")
        return None
    if not name:
        return None
    # Non-standard but common: RFC 2047 words inside a quoted filename parameter.
    return _clean_header_text(str(name), ctx.defects, ctx.fallback) or None


def _read_part_info(part: Message, ctx: _Context) -> _PartInfo:
    raw = _mime_headers(part)
    shadow = _shadow(raw, ctx.fallback)
    disposition = raw.get("content-disposition")
    return _PartInfo(
        content_type=_content_type(part, raw.get("content-type")),
        params=_content_params(shadow) if "content-type" in raw else {},
        disposition=(disposition.split(";", 1)[0].strip().strip("\"'").lower() or None)
        if disposition is not None
        else None,
        transfer_encoding=_transfer_encoding(raw.get("content-transfer-encoding", ""), ctx.defects),
        filename=_filename(shadow, raw, ctx),
        content_id="content-id" in raw,
    )


def _part_text(part: Message, ctx: _Context, *, html: bool) -> str:
    info = ctx.info(part)
    payload = _decoded_payload(part, info.transfer_encoding, ctx.defects)
    charset = info.charset
    if charset is None and html and (meta := _META_CHARSET.search(payload[:4096])):
        charset = meta.group(1).decode("ascii")
    return _decode_bytes(payload, charset, ctx.defects)


@dataclass(slots=True)
class _Body:
    plain: Message | None = None
    html: Message | None = None


def _select_body(part: Message, depth: int, ctx: _Context) -> _Body:
    """Find the main text parts the way a mail client would (cf. ``EmailMessage.get_body``).

    ``multipart/alternative`` offers plain and HTML; elsewhere the first child with a body wins;
    ``multipart/related`` is represented by its root; attachments and attached messages are
    never the body.
    """
    info = ctx.info(part)
    if depth > MAX_MIME_DEPTH or info.attachment_like:
        return _Body()
    ctype = info.content_type
    if ctype == "text/plain":
        return _Body(plain=part)
    if ctype == "text/html":
        return _Body(html=part)
    if ctype.startswith("message/"):
        return _Body()
    if not part.is_multipart():
        # A multipart with no usable boundary: its raw text is the best body we have.
        return _Body(plain=part) if ctype.startswith("multipart/") else _Body()
    children = [c for c in part.get_payload() if isinstance(c, Message)]
    if ctype == "multipart/alternative":
        found = _Body()
        for child in children:
            sub = _select_body(child, depth + 1, ctx)
            found.plain = found.plain or sub.plain
            found.html = found.html or sub.html
        return found
    if ctype == "multipart/related":
        children = children[:1]
    for child in children:
        sub = _select_body(child, depth + 1, ctx)
        if sub.plain is not None or sub.html is not None:
            return sub
    return _Body()


def _main_body(message: Message, ctx: _Context) -> _Body:
    body = _select_body(message, 0, ctx)
    if body.plain is None and body.html is None and not message.is_multipart():
        # A single-part text message is what the reader sees, even when it carries a filename
        # (MMS gateways, some scanners); only an explicit "attachment" makes it one.
        info = ctx.info(message)
        if info.disposition != "attachment" and info.content_type == "text/plain":
            return _Body(plain=message)
        if info.disposition != "attachment" and info.content_type == "text/html":
            return _Body(html=message)
    return body


@dataclass(slots=True)
class _Tree:
    """What one walk over a message's own MIME tree collects."""

    part_types: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    #: Decoded text of plain-text attachments (briefs), bounded by ``MAX_ATTACHMENT_TEXT``.
    attachment_text: list[str] = field(default_factory=list)
    #: message/rfc822 parts to parse as attached messages, with their serialized bytes.
    enclosed: list[tuple[Message, bytes]] = field(default_factory=list)


_ENCLOSED_TYPES = frozenset({"message/rfc822", "message/global"})
#: Attachment types whose text is kept (``InboundEmail.attachment_text``).
_BRIEF_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
#: At most this many characters of attachment text are kept per message.
MAX_ATTACHMENT_TEXT = 20_000


@dataclass(slots=True)
class _Walker:
    ctx: _Context
    body_parts: frozenset[int]
    tree: _Tree = field(default_factory=_Tree)

    def walk(self, part: Message, depth: int = 0, parent: str = "") -> None:
        defects = self.ctx.defects
        if len(self.tree.part_types) >= MAX_PARTS:
            defects.add("too_many_parts")
            return
        info = self.ctx.info(part)
        self.tree.part_types.append(info.content_type)
        defects.add_stdlib(part.defects)
        if depth > MAX_MIME_DEPTH:
            defects.add("nesting_too_deep")
            return
        if info.content_type in _ENCLOSED_TYPES:
            _guard(defects, lambda: self._enclosed(part, info), None)
        elif part.is_multipart() and not info.content_type.startswith("message/"):
            for child in part.get_payload():
                if isinstance(child, Message):
                    self.walk(child, depth + 1, info.content_type)
        elif id(part) not in self.body_parts:
            _guard(defects, lambda: self._leaf(part, info, parent), None)

    def _enclosed(self, part: Message, info: _PartInfo) -> None:
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if isinstance(inner, Message):
            raw = _serialize(inner)
            if info.transfer_encoding in {"base64", "quoted-printable"}:
                # Not allowed by RFC 2046, but sent: the stdlib parsed the still-encoded text
                # as a message; decode all of it and parse again.
                shadow = Message()
                shadow.set_payload(raw.decode("utf-8", "surrogateescape"))
                raw = _decoded_payload(shadow, info.transfer_encoding, self.ctx.defects)
                inner = _parse_message(raw, self.ctx.defects)
            self.tree.enclosed.append((inner, raw))
            size = len(raw)
        else:
            size = len(_raw_payload(part))
        inline = info.disposition == "inline"
        self.tree.attachments.append(Attachment(info.filename, info.content_type, size, inline))

    def _leaf(self, part: Message, info: _PartInfo, parent: str) -> None:
        ctype = info.content_type
        if ctype.startswith("multipart/"):
            return  # an unparsed multipart that was not chosen as the body: nothing to report
        if ctype.startswith("message/"):
            # delivery-status, feedback-report, disposition-notification: parsed by the stdlib
            # into header blocks; keep them as attachments so nothing is hidden.
            blocks = [p for p in part.get_payload() if isinstance(p, Message)]
            size = sum(len(_serialize(p)) for p in blocks)
            inline = info.disposition == "inline"
            self.tree.attachments.append(Attachment(info.filename, ctype, size, inline))
            return
        if not (info.attachment_like or not ctype.startswith("text/")):
            return  # an extra inline text part (footer, calendar...), not an attachment
        filename = info.filename
        if info.transfer_encoding == "uuencode":
            data, uu_name = _uudecode(_raw_payload(part), self.ctx.defects)
            filename = filename or uu_name
        else:
            data = _decoded_payload(part, info.transfer_encoding, self.ctx.defects)
        inline = info.disposition == "inline" or (
            info.disposition is None and (parent == "multipart/related" or info.content_id)
        )
        self.tree.attachments.append(
            Attachment(filename, ctype, len(data), inline, _is_encrypted_archive(data))
        )
        if ctype in _BRIEF_TYPES and not inline:
            self._brief(data, info)

    def _brief(self, data: bytes, info: _PartInfo) -> None:
        """Keep a plain-text attachment's text: brands send the terms as a text brief."""
        room = MAX_ATTACHMENT_TEXT - sum(len(t) for t in self.tree.attachment_text)
        if room <= 0 or len(data) > 4 * MAX_ATTACHMENT_TEXT:
            return
        text = _decode_bytes(data, info.charset, self.ctx.defects)
        if text.strip():
            self.tree.attachment_text.append(text[:room])


def _extract_uuencoded(text: str, defects: _Defects) -> tuple[str, list[Attachment]]:
    """Cut ``begin 644 name ... end`` blocks out of a text body; report them as attachments."""
    if "begin " not in text or "\nend" not in text:
        return text, []
    import mimetypes  # lazy: its type map is loaded on first use

    found: list[Attachment] = []

    def cut(match: re.Match[str]) -> str:
        body = match.group(2).encode("latin-1", "replace").splitlines()
        data = _uudecode_lines(body, defects)
        name = match.group(1).strip()
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        found.append(Attachment(name or None, ctype, len(data), False, _is_encrypted_archive(data)))
        return ""

    return _UU_BLOCK.sub(cut, text), found


# ---------------------------------------------------------------------------------------------
# Input checks

_HEADER_LINE = re.compile(rb"[!-9;-~]{1,200}:")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_BLANK_LINES = re.compile(rb"(?:[ \t]*\r?\n)+")
_SAMPLE = 8192
_HEADER_PROBE_LINES = 5


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control > 0.05 * len(sample) or sample.count(0) > 0.01 * len(sample)


def _has_header_line(data: bytes) -> bool:
    lines = [line for line in data[:_SAMPLE].splitlines() if line.strip()]
    return any(_HEADER_LINE.match(line) for line in lines[:_HEADER_PROBE_LINES])


def _email_bytes(data: bytes, defects: _Defects) -> bytes:
    """Strip an mbox ``From`` line and leading blank lines; raise if this is not an email."""
    body = data
    if body.startswith(b"From "):
        body = body.split(b"\n", 1)[1] if b"\n" in body else b""
    if not body.strip():
        raise MalformedEmail("empty input: no header and no body")
    has_headers = _has_header_line(body)
    if not has_headers and _looks_binary(body[:_SAMPLE]):
        raise MalformedEmail("binary data without a header block")
    blank = _BLANK_LINES.match(body)
    if blank and has_headers and _HEADER_LINE.match(body, blank.end()):
        # A blank first line would end the header block before it starts.
        defects.add("leading_blank_lines")
        body = body[blank.end() :]
    return body


# ---------------------------------------------------------------------------------------------
# Assembly


def _parse_message(body: bytes, defects: _Defects) -> Message:
    try:
        return _PARSER.parsebytes(body)
    except RecursionError as exc:  # absurd nesting
        defects.error(exc)
        defects.add("nesting_too_deep")
        message = _PARSER.parsebytes(body, headersonly=True)
        message.set_payload("")  # a nesting bomb: its raw text is no use as a body
        return message
    except Exception as exc:  # e.g. ValueError for a NUL in an RFC 2231 boundary
        defects.error(exc)
        # The unparsed body stays: _select_body reads an unparsed multipart as text.
        return _PARSER.parsebytes(body, headersonly=True)


#: Headers as collected: full unfolded values (for parsing) and the capped public map.
_Headers = tuple[dict[str, list[str]], dict[str, tuple[str, ...]]]


def _collect_headers(message: Message, defects: _Defects, fallback: str | None) -> _Headers:
    """All headers unfolded and decoded to text: full values (for parsing) and the capped map."""
    full: dict[str, list[str]] = {}
    capped: dict[str, tuple[str, ...]] = {}
    for name, value in message.raw_items():
        key = name.strip().lower()
        text = str(value)
        if not text.isascii() or "\n" in text or "\r" in text or "\x00" in text:
            text = _scrub(_unsurrogate(_unfold(text), fallback))
        full.setdefault(key, []).append(text)
        if key not in capped and len(capped) >= MAX_HEADER_NAMES:
            defects.add("too_many_headers")
            continue
        kept = capped.get(key, ())
        if len(kept) >= MAX_HEADER_VALUES:
            defects.add("too_many_header_values")
            continue
        if len(text) > MAX_HEADER_CHARS:
            defects.add("header_value_truncated")
            text = text[:MAX_HEADER_CHARS]
        capped[key] = (*kept, text)
    return full, capped


def _addresses(full: dict[str, list[str]], name: str, defects: _Defects) -> tuple[Address, ...]:
    no_addresses: tuple[Address, ...] = ()
    return _guard(defects, lambda: _parse_addresses(full.get(name, ()), defects), no_addresses)


def _top_charset(message: Message) -> str | None:
    try:
        return message.get_content_charset()
    except Exception:
        return None


@dataclass(slots=True)
class _Text:
    text: str = ""
    html: str | None = None
    uu_attachments: list[Attachment] = field(default_factory=list)


def _read_body(body: _Body, ctx: _Context) -> _Text:
    out = _Text()
    if body.html is not None:
        out.html = _part_text(body.html, ctx, html=True)
    if body.plain is not None:
        text = _part_text(body.plain, ctx, html=False).replace("\r\n", "\n")
        text, out.uu_attachments = _extract_uuencoded(text, ctx.defects)
        params = ctx.info(body.plain).params
        if params.get("format", "").lower() == "flowed":
            delsp = params.get("delsp", "").lower() == "yes"
            text = _unflow(text.replace("\r", "\n"), delsp)
        out.text = _normalise_text(text)
        if out.html is not None and len(out.text.split()) < _STUB_WORDS:
            # multipart/alternative whose plain part is a stub ("see the HTML version of this
            # email") while the HTML holds the message: read what a mail client would show.
            html_text = _normalise_text(_html_to_text(out.html, ctx.defects))
            plain_words, html_words = len(out.text.split()), len(html_text.split())
            if html_words >= 2 * plain_words and html_words >= plain_words + 20:
                out.text = html_text
    elif out.html is not None:
        out.text = _normalise_text(_html_to_text(out.html, ctx.defects))
    return out


#: A plain-text alternative shorter than this many words may be a stub of its HTML part.
_STUB_WORDS = 40


def _build(
    message: Message, raw: bytes, source: str, level: int, defects: _Defects
) -> InboundEmail:
    fallback = _top_charset(message)
    no_headers: _Headers = ({}, {})
    full, headers = _guard(
        defects, lambda: _collect_headers(message, defects, fallback), no_headers
    )
    if not full:
        defects.add("no_headers")

    def first(name: str) -> str | None:
        values = full.get(name)
        return values[0] if values else None

    message_id = _first_id(first("message-id"))
    if message_id is None:
        defects.add("missing_message_id")
    senders = _addresses(full, "from", defects)
    if not senders:
        defects.add("missing_from")
    elif len(senders) > 1:
        defects.add("multiple_from")

    ctx = _Context(defects, fallback)
    body = _guard(defects, lambda: _main_body(message, ctx), _Body())
    text = _guard(defects, lambda: _read_body(body, ctx), _Text())
    body_ids = frozenset(id(p) for p in (body.plain, body.html) if p is not None)
    walker = _Walker(ctx, body_ids)
    _guard(defects, lambda: walker.walk(message), None)
    if "close_boundary_not_found" in defects.names:
        defects.add("truncated")

    attached: list[InboundEmail] = []
    for inner, inner_raw in walker.tree.enclosed:
        if level >= MAX_ATTACHED_DEPTH:
            defects.add("nesting_too_deep")
            break
        inner_source = f"{source}#attached{len(attached)}"
        attached.append(_safe_build(inner, inner_raw, inner_source, level + 1, _Defects()))

    # Everything that can add a defect runs before the defects are frozen into the result.
    date = _guard(defects, lambda: _parse_date(first("date"), defects), None)
    reply_to = _addresses(full, "reply-to", defects)
    to = _addresses(full, "to", defects)
    cc = _addresses(full, "cc", defects)
    subject = _guard(defects, lambda: _clean_header_text(first("subject") or "", defects), "")
    return InboundEmail(
        message_id=message_id,
        in_reply_to=_first_id(first("in-reply-to")),
        references=_references(" ".join(full.get("references", ()))),
        date=date,
        from_=senders[0] if senders else None,
        reply_to=reply_to,
        to=to,
        cc=cc,
        subject=subject,
        text=text.text,
        html=text.html,
        attachments=(*walker.tree.attachments, *text.uu_attachments),
        headers=MappingProxyType(headers),
        size=len(raw),
        defects=defects.as_tuple(),
        content_type=_guard(defects, lambda: ctx.info(message).content_type, "text/plain"),
        part_types=tuple(walker.tree.part_types),
        attached_messages=tuple(attached),
        sha256=hashlib.sha256(raw).hexdigest(),
        source=source,
        attachment_text="\n\n".join(walker.tree.attachment_text),
    )


def _bare_email(raw: bytes, source: str, defects: _Defects) -> InboundEmail:
    """The last resort when building failed outright: an email that says so."""
    return InboundEmail(
        message_id=None,
        in_reply_to=None,
        references=(),
        date=None,
        from_=None,
        reply_to=(),
        to=(),
        cc=(),
        subject="",
        text="",
        html=None,
        attachments=(),
        headers=MappingProxyType({}),
        size=len(raw),
        defects=defects.as_tuple(),
        sha256=hashlib.sha256(raw).hexdigest(),
        source=source,
    )


def _safe_build(
    message: Message, raw: bytes, source: str, level: int, defects: _Defects
) -> InboundEmail:
    try:
        return _build(message, raw, source, level, defects)
    except Exception as exc:  # every step is guarded; this is belt and braces
        defects.error(exc)
        return _bare_email(raw, source, defects)


def parse_email(data: bytes, *, source: str = "") -> InboundEmail:
    """Parse raw message bytes into an :class:`InboundEmail`, best-effort.

    Tolerates an mbox ``From`` first line, broken MIME, unknown charsets, bad transfer
    encodings and missing headers; each problem is listed in ``defects``. ``size`` and
    ``sha256`` describe ``data`` exactly as given.

    Args:
        data: The raw RFC 5322 message.
        source: Where the bytes came from (informational, copied to ``source``).

    Returns:
        The parsed message.

    Raises:
        MalformedEmail: ``data`` is not an email at all (empty, or binary without a header
            block; see the module docstring). No other exception escapes for any input.
    """
    raw = bytes(data)
    defects = _Defects()
    try:
        body = _email_bytes(raw, defects)
        message = _parse_message(body, defects)
    except MalformedEmail:
        raise
    except Exception as exc:  # nothing at all could be read
        raise MalformedEmail(f"unreadable message ({type(exc).__name__})") from exc
    try:
        return _safe_build(message, raw, source, 0, defects)
    except Exception as exc:  # pragma: no cover - _safe_build already falls back
        raise MalformedEmail(f"unreadable message ({type(exc).__name__})") from exc
