"""Who wrote a message, and who a reply may go to.

Registrable domains, shared mailbox providers, sender authentication and the one recipient a
reply is addressed to.

These are facts about the envelope, read without any engine; the automatic-send gate
(:mod:`repflow.domain.autosend`) decides with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from repflow.mail.models import InboundEmail

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

    from repflow.mail.screen import SesVerdicts

__all__ = [
    "AuthStatus",
    "RecipientChoice",
    "SenderAuth",
    "choose_recipient",
    "is_freemail",
    "matches_any",
    "recruiting_mailbox",
    "registrable_domain",
    "same_organisation",
    "sender_authentication",
]


@cache
def _freemail_domains() -> frozenset[str]:
    # Data, not code: one domain a line in freemail.txt beside this module.
    text = resources.files("repflow.mail").joinpath("freemail.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


_GROUP = re.compile(r'^(?:[^":<]|"[^"]*")*:(?:[^;]*);\s*$')
_SOURCE_ROUTE = re.compile(r"<\s*@")


@cache
def _suffix_list() -> PublicSuffixList:
    # The bundled list: no network; built once per process (about 0.1 s).
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable_domain(domain: str) -> str:
    """The registrable part of ``domain`` (``mail.brand.co.uk`` -> ``brand.co.uk``).

    A domain that is itself a public suffix, or has no dot, is returned as it is (lower-case).
    """
    domain = domain.strip().strip(".").lower()
    if not domain:
        return ""
    return _suffix_list().privatesuffix(domain) or domain


def same_organisation(first: str, second: str) -> bool:
    """Whether two addresses or domains share a registrable domain."""
    a = registrable_domain(first.rpartition("@")[2])
    b = registrable_domain(second.rpartition("@")[2])
    return bool(a) and a == b


def is_freemail(domain: str) -> bool:
    """Whether ``domain`` belongs to a mailbox provider anyone can sign up to."""
    domain = domain.strip().lower()
    known = _freemail_domains()
    return domain in known or registrable_domain(domain) in known


def matches_any(address: str, entries: Iterable[str]) -> bool:
    """Whether ``address`` is one of ``entries`` (addresses, or ``@domain`` for a whole domain).

    A domain entry also covers its subdomains: ``@lumen.example`` matches ``a@eu.lumen.example``.
    """
    address = address.strip().lower()
    domain = address.rpartition("@")[2]
    for entry in entries:
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry.startswith("@"):
            wanted = entry[1:]
            if domain == wanted or domain.endswith("." + wanted):
                return True
        elif entry == address:
            return True
    return False


#: Local parts of mailboxes that recruit staff: they write job offers, never brand offers.
_RECRUITING = re.compile(
    r"^(?:jobs?|careers?|recruit(?:ing|ment|er|ers)?|hiring|hr|talent-?acquisition|karriere|"
    r"bewerbung(?:en)?|jobs?-?de|emplois?|empleos?|vagas|carreiras?|lavor[oi]|vacatures?|"
    r"werken|rekrutacja|praca|kariyer|ik|rekrytering|jobb|lowongan|karir|saiyo|recrutement|"
    r"stellen(?:angebote)?)(?:[._+-].{0,40})?$",
    re.IGNORECASE,
)


def recruiting_mailbox(address: str) -> bool:
    """Whether ``address`` is a recruiting mailbox (``jobs@``, ``careers@``, ``karriere@``...)."""
    return _RECRUITING.match(address.rpartition("@")[0]) is not None


# -- authentication ---------------------------------------------------------------------------


class AuthStatus(StrEnum):
    """The sender-authentication verdict the auto-send gate reads."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class SenderAuth:
    """SPF, DKIM and DMARC results for one message, and where they came from."""

    status: AuthStatus
    failed: tuple[str, ...] = ()
    source: str = ""


_METHOD = re.compile(r"(?:^|[;\s])(spf|dkim|dmarc)\s{0,8}=\s{0,8}([a-z]{1,16})", re.IGNORECASE)
_FAILING = frozenset({"fail", "softfail", "permerror"})


def _from_results(results: Mapping[str, str], source: str) -> SenderAuth:
    if results.get("dmarc") == "pass":
        # DMARC passing means an aligned SPF or DKIM pass: a failed SPF hop (forwarding) or an
        # extra broken signature does not make the sender a forgery.
        return SenderAuth(AuthStatus.PASS, source=source)
    failed = tuple(sorted(m for m, r in results.items() if r in _FAILING))
    if failed:
        return SenderAuth(AuthStatus.FAIL, failed, source)
    if "pass" in results.values():
        return SenderAuth(AuthStatus.PASS, source=source)
    return SenderAuth(AuthStatus.UNKNOWN, source=source)


def sender_authentication(email: InboundEmail, verdicts: SesVerdicts | None) -> SenderAuth:
    """The sender's authentication as the receiving side saw it.

    SES receipt verdicts come first. Else the topmost ``Authentication-Results`` header: the
    one the receiving server added last (RFC 8601: lower ones may be forged by the sender, so
    they are never read).

    Args:
        email: The parsed message.
        verdicts: SES's verdicts for it, when it came through SES.

    Returns:
        ``FAIL`` with the failing methods, ``PASS``, or ``UNKNOWN`` when nothing was checked.
    """
    if verdicts is not None and any((verdicts.spf, verdicts.dkim, verdicts.dmarc)):
        ses = {
            name: value.lower()
            for name, value in (
                ("spf", verdicts.spf),
                ("dkim", verdicts.dkim),
                ("dmarc", verdicts.dmarc),
            )
            if value
        }
        return _from_results(ses, "ses")
    headers = email.headers.get("authentication-results", ())
    if not headers:
        return SenderAuth(AuthStatus.UNKNOWN)
    results: dict[str, str] = {}
    for method, result in _METHOD.findall(headers[0][:4000]):
        key, value = method.lower(), result.lower()
        # A fail anywhere in the header wins over a pass elsewhere (several DKIM signatures).
        if key not in results or value in _FAILING:
            results[key] = value
    return _from_results(results, "authentication-results")


# -- the reply's recipient --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecipientChoice:
    """The one address a reply goes to, and whether it may go there without approval.

    Attributes:
        address: The recipient, or None when no address can be answered at all.
        automatic: False when the reply must wait for the creator (``problem`` says why).
        problem: Why the recipient is not safe for an automatic reply.
    """

    address: str | None
    automatic: bool
    problem: str | None = None


def _deliverable(address: str) -> bool:
    # RFC 5321 caps a path at 256 octets (254 for the address): a longer one is no address.
    return "@" in address and len(address) <= 254


def _raw_addresses(email: InboundEmail, name: str) -> tuple[str, ...]:
    return email.headers.get(name, ())


def choose_recipient(
    email: InboundEmail, *, known_counterparties: Iterable[str] = ()
) -> RecipientChoice:
    """The reply's recipient: the sender (``From``), never an address the body names.

    ``Reply-To`` is used only when it is in the same registrable domain as ``From`` or belongs
    to a party the thread already corresponds with (``known_counterparties``: a relay or an
    agency); otherwise the reply goes to ``From`` as a draft that names both addresses. Group
    syntax, source routes and several addresses are never answered automatically.

    Args:
        email: The inbound message.
        known_counterparties: Addresses the thread already corresponds with.

    Returns:
        The recipient and whether it is safe for an automatic reply.
    """
    sender = (
        email.from_.address
        if email.from_ is not None and _deliverable(email.from_.address)
        else None
    )
    raw_from = _raw_addresses(email, "from")
    raw_reply_to = _raw_addresses(email, "reply-to")
    problems: list[str] = []
    if len(raw_from) > 1 or "multiple_from" in email.defects:
        problems.append("several From addresses")
    if any(_GROUP.match(value.strip()) for value in (*raw_from, *raw_reply_to)):
        problems.append("group address syntax")
    if any(_SOURCE_ROUTE.search(value) for value in (*raw_from, *raw_reply_to)):
        problems.append("source-routed address")
    if len(email.reply_to) > 1 or len(raw_reply_to) > 1:
        problems.append("several Reply-To addresses")
    if sender is None:
        lone = email.reply_to[0].address if len(email.reply_to) == 1 else None
        if lone is None or not _deliverable(lone):
            return RecipientChoice(None, False, "no sender address")
        return RecipientChoice(lone, False, "no From address; Reply-To " + lone)
    if len(email.reply_to) == 1 and not _deliverable(email.reply_to[0].address):
        problems.append("an undeliverable Reply-To")
    elif len(email.reply_to) == 1 and email.reply_to[0].address != sender:
        reply_to = email.reply_to[0].address
        known = tuple(known_counterparties)
        trusted = same_organisation(reply_to, sender) or any(
            reply_to == party
            or (not is_freemail(reply_to.rpartition("@")[2]) and same_organisation(reply_to, party))
            for party in known
            if party
        )
        if trusted and not problems:
            return RecipientChoice(reply_to, True)
        problems.append(f"Reply-To {reply_to} is not From {sender}")
    if problems:
        return RecipientChoice(sender, False, "; ".join(problems))
    return RecipientChoice(sender, True)
