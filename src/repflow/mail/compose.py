"""Compose outgoing replies as proper MIME messages.

:func:`compose_reply` turns an :class:`~repflow.store.port.OutboxItem` into an
:class:`~email.message.EmailMessage` ready for any :class:`~repflow.transport.port.MailTransport`.
The message is built from the outbox row alone, so a retried send produces the same message
(same Message-ID, same threading headers); only ``Date`` reflects the time of the attempt.

Decisions worth knowing:

Recipients
    ``To`` is ``item.to_address`` and nothing else: one mailbox, never ``Cc`` or ``Bcc``. An
    address that is not exactly one mailbox raises :class:`ValueError`.

Headers
    Every header value is stripped of CR, LF and other control characters before it is set, so
    nothing taken from an inbound email (subject, ids) or a profile (sender name) can inject a
    header. Domains are written in IDNA (punycode) form; a non-ASCII *local part* would need
    SMTPUTF8 and raises :class:`ValueError`. ``References`` and ``In-Reply-To`` are folded at
    whitespace only (the stdlib would otherwise turn an overlong id into an RFC 2047 encoded
    word, which breaks threading). Replies carry ``Auto-Submitted: auto-replied`` (RFC 3834),
    ``X-Auto-Response-Suppress: All`` (no out-of-office storms back at us) and
    :data:`~repflow.mail.screen.OWN_MAIL_HEADER` with a hash of the outbox key, so our own mail
    is recognised if it ever comes back in.

Signature
    The composer, not the engine, appends the creator's signature, exactly once: body = text,
    a blank line, signature. When the text already ends with the signature (an edited draft
    where the creator pasted it; compared line by line, ignoring trailing whitespace and an
    optional ``-- `` delimiter line) nothing is added. When a signature is configured and the
    text ends with a different ``-- `` delimited block (RFC 3676; at most
    :data:`MAX_SIGNATURE_LINES` lines, e.g. a signature a model invented or an old one left in
    an edited draft), that block is *replaced* by the configured signature, so a reply never
    carries two signatures. With an empty signature the text is sent as it is.

Body
    ``multipart/alternative``: ``text/plain`` UTF-8 and a ``text/html`` rendering of the same
    text (HTML-escaped; blank lines separate paragraphs, runs of ``-``/``•``/``*`` lines become
    lists). Transfer encodings are the stdlib's choice under a 7-bit policy (quoted-printable
    or base64 for non-ASCII), so the message survives any SMTP hop.

Message-ID
    :func:`make_message_id` derives ``<sha256(seed)[:32]@domain>`` from the outbox key: a
    retried send (or a replayed turn) carries the same Message-ID, which the file transport and
    receiving systems use to collapse duplicates.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email import policy as email_policy
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING

from repflow.mail.screen import OWN_MAIL_HEADER

if TYPE_CHECKING:
    from email.policy import Policy

    from repflow.domain.outbox import OutboxItem

__all__ = [
    "MAX_REFERENCES",
    "MAX_SIGNATURE_LINES",
    "REPLY_POLICY",
    "body_with_signature",
    "compose_reply",
    "make_message_id",
    "render_html",
    "reply_subject",
]

#: At most this many ids go into ``References`` (the first one and the most recent others).
MAX_REFERENCES = 20
#: A trailing ``-- `` block longer than this is not treated as a signature.
MAX_SIGNATURE_LINES = 12

_FALLBACK_DOMAIN = "repflow.local"

#: Reply prefixes in the languages mail clients use ("Re:", "AW:", "SV:", "Antw:", ...).
_REPLY_PREFIX = re.compile(
    r"^\s*(?:re|aw|sv|vs|antw|antwort|odp|ynt|res|rif|r|ref|rv|atb|vá|回复|回覆|答复)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_SPACES = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*(?:[-*•])\s+(.*)$")


class _IdListHeader(UnstructuredHeader, BaseHeader):
    """``References`` / ``In-Reply-To``: folded at whitespace, never as encoded words."""

    def fold(self, *, policy: Policy) -> str:
        """Fold the id list between ids, one or more per line."""
        name = self.name
        limit = policy.max_line_length or 78
        lines: list[str] = []
        current = f"{name}:"
        for token in str(self).split():
            if len(current) + 1 + len(token) > limit and current.strip() not in ("", f"{name}:"):
                lines.append(current)
                current = ""
            current += " " + token
        lines.append(current)
        return policy.linesep.join(lines) + policy.linesep


def _header_registry() -> HeaderRegistry:
    registry = HeaderRegistry()
    registry.map_to_type("references", _IdListHeader)
    registry.map_to_type("in-reply-to", _IdListHeader)
    return registry


#: SMTP line endings, a 7-bit body encoding (qp/base64 chosen by the stdlib), safe id folding.
REPLY_POLICY = email_policy.SMTP.clone(cte_type="7bit", header_factory=_header_registry())


def _clean(value: str) -> str:
    """A header value on one line: control characters (CR, LF, NUL...) become single spaces."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", value)).strip()


def _digest(seed: str) -> str:
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]


def _idna(domain: str) -> str:
    """``domain`` in lower-case IDNA (punycode) form.

    Raises:
        ValueError: the domain cannot be encoded (empty label, label too long...).
    """
    domain = domain.strip().rstrip(".").lower()
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError(f"domain cannot be IDNA-encoded: {domain!r}") from exc


def _address(addr_spec: str, display_name: str = "") -> Address:
    """One mailbox as a header :class:`Address`, domain in IDNA form.

    Raises:
        ValueError: ``addr_spec`` is not exactly one ``local@domain`` mailbox, or its local part
            is not ASCII (which would need SMTPUTF8).
    """
    spec = _clean(addr_spec).strip("<>").strip()
    local, at, domain = spec.rpartition("@")
    if not at or not local or not domain:
        raise ValueError(f"not a mailbox address: {addr_spec!r}")
    if not local.isascii():
        raise ValueError(f"non-ASCII local part needs SMTPUTF8: {addr_spec!r}")
    if any(c in spec for c in ",;<>") or " " in spec:
        raise ValueError(f"exactly one mailbox expected: {addr_spec!r}")
    try:
        return Address(display_name=_clean(display_name), username=local, domain=_idna(domain))
    except (ValueError, IndexError) as exc:  # headerregistry rejects unparsable specs
        raise ValueError(f"not a mailbox address: {addr_spec!r}") from exc


def _msg_id(value: str) -> str:
    """A message id in header form: no whitespace or control characters, in angle brackets."""
    token = _SPACES.sub("", _CONTROL.sub("", value)).strip("<>")
    return f"<{token}>" if token else ""


def make_message_id(domain: str, seed: str) -> str:
    """A deterministic Message-ID for an outgoing reply.

    Args:
        domain: the sending domain (unicode or IDNA; empty gives ``repflow.local``).
        seed: what identifies the reply, normally its outbox key; the same seed always gives
            the same id, so a retried send carries the same Message-ID.

    Returns:
        ``<32 hex digits of sha256(seed)@domain>``.
    """
    cleaned = _SPACES.sub("", _CONTROL.sub("", domain)).strip("<>@.")
    try:
        host = _idna(cleaned) if cleaned else _FALLBACK_DOMAIN
    except ValueError:
        host = _FALLBACK_DOMAIN
    return f"<{_digest(seed)}@{host or _FALLBACK_DOMAIN}>"


def reply_subject(subject: str) -> str:
    """The subject of a reply: ``Re:`` added once.

    A subject that already starts with a reply prefix (``Re:``, ``RE:``, ``AW:``, ``SV:``,
    ``Antw:``, ``Re[2]:``...) is kept as it is, so replies never read "Re: Re:". Anything else
    (including ``Fwd:`` subjects) gets ``Re: `` in front. Control characters are removed and
    whitespace collapsed, so the result is a safe one-line header value.

    Args:
        subject: the subject of the message being answered.

    Returns:
        The reply subject (``"Re:"`` for an empty subject).
    """
    cleaned = _clean(subject)
    if _REPLY_PREFIX.match(cleaned):
        return cleaned
    return f"Re: {cleaned}" if cleaned else "Re:"


def _references(references: Iterable[str], in_reply_to: str | None) -> list[str]:
    """The References chain: deduplicated, ``in_reply_to`` last, capped at MAX_REFERENCES."""
    parent = _msg_id(in_reply_to) if in_reply_to else ""
    chain = [i for i in dict.fromkeys(_msg_id(r) for r in references) if i and i != parent]
    if parent:
        chain.append(parent)
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1) :]]
    return chain


def _lines(text: str) -> list[str]:
    """Lines with normalised endings and trailing whitespace removed (``-- `` is kept)."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        out.append(line if line == "-- " else line.rstrip())
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


def _is_delimiter(line: str) -> bool:
    return line.rstrip() == "--"


def _strip_delimiter(lines: list[str]) -> list[str]:
    if lines and _is_delimiter(lines[0]):
        return _lines("\n".join(lines[1:]))
    return lines


def _ends_with(lines: list[str], tail: list[str]) -> bool:
    if not tail or len(tail) > len(lines):
        return False
    return [x.rstrip() for x in lines[-len(tail) :]] == [x.rstrip() for x in tail]


def body_with_signature(text: str, signature: str) -> str:
    """The reply body: ``text``, a blank line and ``signature``, the signature exactly once.

    See the module docstring for the rules (already present -> not added; a different trailing
    ``-- `` block -> replaced; empty signature -> text unchanged).

    Args:
        text: the reply text (a draft, possibly edited by the creator).
        signature: the creator's signature (may be empty, may start with a ``-- `` line).

    Returns:
        The body text, ending with a newline.
    """
    body = _lines(text)
    sig = _lines(signature)
    if not sig:
        return "\n".join(body) + "\n"
    if _ends_with(body, sig) or _ends_with(body, _strip_delimiter(sig)):
        return "\n".join(body) + "\n"
    for index in range(len(body) - 1, -1, -1):
        if _is_delimiter(body[index]):
            if len(body) - index - 1 <= MAX_SIGNATURE_LINES:
                body = _lines("\n".join(body[:index]))
            break
    head = "\n".join(body)
    return (f"{head}\n\n" if head else "") + "\n".join(sig) + "\n"


def render_html(text: str) -> str:
    """A small, safe HTML rendering of plain text: escaped paragraphs, line breaks and lists.

    Args:
        text: plain text.

    Returns:
        A complete HTML document.
    """
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in paragraph.split("\n") if line.strip()]
        if not lines:
            continue
        bullets = [_BULLET.match(line) for line in lines]
        if all(bullets):
            items = "".join(f"<li>{html.escape(m.group(1))}</li>" for m in bullets if m is not None)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>")
    body = "\n".join(blocks)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
        f'<body style="font-family: sans-serif;">\n{body}\n</body></html>\n'
    )


def compose_reply(
    item: OutboxItem,
    *,
    signature: str,
    sender_name: str = "",
    now: datetime | None = None,
) -> EmailMessage:
    """Build the MIME message for an outbox row.

    Args:
        item: the reply to send (addresses, subject, text, threading ids).
        signature: the creator's signature, appended exactly once (may be empty).
        sender_name: display name for ``From`` (the creator's name; may be empty).
        now: the ``Date`` of the message (default: the current time, UTC).

    Returns:
        A ``multipart/alternative`` message (plain text + HTML) with one recipient.

    Raises:
        ValueError: ``from_address`` or ``to_address`` is not exactly one usable mailbox.
    """
    sender = _address(item.from_address, sender_name)
    recipient = _address(item.to_address)

    msg = EmailMessage(policy=REPLY_POLICY)
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = reply_subject(item.subject)
    msg["Date"] = format_datetime(now or datetime.now(UTC))
    message_id = _msg_id(item.message_id) or make_message_id(sender.domain, item.key)
    msg["Message-ID"] = message_id
    parent = _msg_id(item.in_reply_to) if item.in_reply_to else ""
    if parent:
        msg["In-Reply-To"] = parent
    chain = _references(item.references, item.in_reply_to)
    if chain:
        msg["References"] = " ".join(chain)
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg[OWN_MAIL_HEADER] = _digest(item.key)

    body = body_with_signature(item.text, signature)
    msg.set_content(body, subtype="plain", charset="utf-8")
    msg.add_alternative(render_html(body), subtype="html", charset="utf-8")
    for part in msg.iter_parts():
        del part["MIME-Version"]  # only the top level carries it
    return msg
