"""Screening: decide, before any AI call or reply, whether a message must never be answered.

:func:`screen_email` returns a :class:`ScreenVerdict` for machine mail (our own replies, SES
spam/virus/DMARC failures, bounces, auto-replies, bulk mail, no-reply senders, blocklisted
senders) and ``None`` for mail a person wrote. A screened message is stored and marked IGNORED;
it is never answered. Screening is pure and fast: no I/O, no clock, precompiled patterns, and
bodies are only looked at in bounded slices.

Rules are checked in this order and the first hit wins: ``own_mail``, ``virus``, ``spam``,
``dmarc_fail``, ``bounce``, ``auto_reply``, ``bulk``, ``no_reply``, ``blocked``.

The product must never answer machines *and* never miss a real offer, so every rule below is
biased towards signals that machines set and people do not. Decisions worth knowing:

Own mail
    Our replies carry :data:`OWN_MAIL_HEADER` (any value). Mail from one of ``own_addresses``, or
    from ``own_domains`` (or a subdomain), is ours too. ``own_domains`` must only name domains
    that nobody but Repflow sends from: never a shared mailbox provider such as ``gmail.com``.

SES verdicts
    Only a ``FAIL`` verdict screens; ``GRAY`` and ``PROCESSING_FAILED`` do not (the engine still
    sees the message and the decision layer can send it to review). When no receipt verdicts
    are passed, the ``X-SES-*`` and ``Authentication-Results: amazonses.com`` headers SES adds to
    the stored MIME are read. A sender can forge those headers, but since only ``FAIL`` acts, a
    forger can only get their own message ignored.

Bounces and reports
    Structure first: ``multipart/report`` at the top level, any ``message/delivery-status`` /
    ``message/feedback-report`` part, ``X-Failed-Recipients``, ``X-MS-Exchange-Message-Is-Ndr``
    and Exchange 2003's ``X-MS-Embedded-Report``. Then the sender: a ``mailer-daemon`` /
    ``postmaster`` local part in any spelling (``Mailer_Daemon``, ``post_master``), a "Mail
    Delivery System" style display name, or, when the address parser could not read the From
    header at all (``From: mailer-daemon``, ``<MAILER-DAEMON>`` without a domain), the raw
    header. Then the subjects MTAs use for non-delivery reports, in many languages, anchored at
    the very start (the localized Outlook forms need their colon, so "Delivery failed for your
    PR package" from a brand is not a bounce).

    Many real reports have none of that (text-only qmail/Exim/Notes/X-MTA bounces, Japanese
    carrier notices, mangled headers), so the text is read too, with a threshold meant to
    never catch a person who quotes or forwards a bounce:

    * A sentence that only an MTA writes ("This is the qmail-send program", "I'm sorry to have
      to inform you that your message could not be delivered", "did not reach the following
      recipient(s)", "The original message was received at", their German/French/Spanish/...
      /Japanese/Russian forms, ARF prefaces) is a bounce on its own, but only in the first
      1,200 characters of the text and above any reply or forward marker (``>``, "On ...
      wrote:", "---------- Forwarded message", "-----Original Message-----"). A person who
      forwards a bounce writes those markers first; a report starts with the sentence.
    * Everything weaker needs a second, machine-only signal (a *hint*): a null or
      MAILER-DAEMON envelope sender, a machine-looking sender (``root@``, ``mailer@``,
      ``bounces@``, ``sysadmin@``, a "System Administrator" name...; not ``admin@`` or
      ``mail@``, which brands write from), ``Auto-Submitted`` / ``X-Loop``, or the returned
      message attached (``message/rfc822``, ``text/rfc822-headers``). A subject a person could
      also write ("Delivery failure", "Undeliverable", "配信", "Error en la entrega") is a
      bounce with any hint but the attachment (a brand may attach an old thread to "Delivery
      problem with your PR package"). Three or more RFC 3464 fields written inline
      (``Final-Recipient``, ``Action``, ``Status``, ``Diagnostic-Code``...) or SMTP detail in
      the head of the text ("user unknown", "550 5.1.1", "RCPT TO:", 「送信できませんでした」)
      are a bounce with any hint. Plain English ("could not be delivered", "undeliverable")
      only counts with a sender-side hint (null/daemon envelope or machine sender): a brand
      that attaches an old thread and writes that the parcel "could not be delivered" is a
      person. A pasted report with no hint at all is never screened by these rules.

    Amazon SES bounce/complaint notifications delivered as SNS JSON are bounces (``ses
    notification``). ARF abuse reports are bounces with detail ``arf``: besides
    ``message/feedback-report``, Microsoft's "complaint about message from <ip>" reports (an
    attached message, no report part), ``Feedback-Type`` fields written in the text, and Apple
    Mail's unsubscribe requests (``X-Apple-Unsubscribe: true``, detail ``arf opt-out``). An fml
    list server's own error notice (``X-MLServer`` from ``*-admin@``) is a bounce too. A read
    receipt (MDN, ``report-type=disposition-notification``) is machine mail but not a delivery
    failure: it is screened as ``auto_reply`` with detail ``mdn`` so that nothing downstream
    marks the correspondent's address as undeliverable. A null (or MAILER-DAEMON)
    ``Return-Path`` is only a fallback bounce signal, checked after the auto-reply rules,
    because RFC 3834 asks auto-responders to use the null sender too.

Auto-replies
    RFC 3834 ``Auto-Submitted`` other than ``no`` (``auto-forwarded`` is not standard and means
    the content is someone else's mail, so it does not count), the ``X-Autoreply`` family,
    ``Precedence: auto_reply``, Microsoft's inbox-rule headers when the rule ran in the sender's
    own mailbox and the message is not a rule-forward (a creator who forwards their Outlook inbox
    into Repflow makes every message carry ``X-MS-Exchange-Inbox-Rules-Loop``), Apple's
    ``X-Apple-Action: vacation``, out-of-office subjects (including Lotus Notes' upper-case
    "AUTO: ... is out of the office", AOL's "Re: ... (Automatic Response)" and bare "Vacation"
    / "Abwesend" labels; a mixed-case "Auto:" needs an absence word after it) and
    out-of-office bodies in 15 languages.

    ``X-Auto-Response-Suppress`` is deliberately *not* a signal on its own: it is a request to
    the recipient's server ("do not send me your OOF"), which Exchange puts on its own
    auto-replies but which helpdesks, CRMs and outreach tools also put on ordinary outbound
    mail; help desks that filtered on it lost real mail. When it names ``OOF``, ``AutoReply``
    or ``All`` it only lifts the body-length limit of the out-of-office body rule (Exchange
    OOFs with long disclaimers are still found).

    Subject rules are anchored at the very start of the subject (after ``[tag]`` markers only):
    responders put their label first ("Automatic reply: Re: Collab"), whereas "Re: Out of office
    merch collab" or "Re: Automatic reply: ..." is a person writing. A label must be followed by
    a colon, a dash, the end of the subject or a word like "reply"/"until", so a campaign called
    "Out of Office merch collab" is not screened. Body phrases only count in the first ~600
    characters of the text above any quoted history, and only when the whole text is short
    (< 1500 characters): a real offer that says "out of office" further down is never screened.

Bulk
    ``List-Id`` or ``Precedence: bulk|list|junk`` is bulk. ``List-Unsubscribe`` alone is *not*:
    outreach tools (Gmail mail-merge, HubSpot sequences, Lemlist, Mailshake, influencer
    platforms) add it to one-to-one brand outreach, and creators get real offers that way. It
    becomes bulk only together with a second, mass-mail signal: a marketing-ESP header
    (``X-Campaign``, Mailchimp ``X-MC-User``, Klaviyo, SendGrid ``X-SG-EID``, a newsletter
    ``X-Mailer``, ``X-CSA-Complaints``...), an ESP ``Feedback-ID``, a hidden or very long
    recipient list, or a newsletter footer ("view this email in your browser", "update your
    preferences", "unsubscribe from this list", "you are receiving this because you
    subscribed"). The bare word "unsubscribe" in the body is not a footer: cold outreach often
    offers "reply 'unsubscribe' and I won't follow up". A creator whose inbox *is* a list (a
    Google Group used as a shared inbox) passes its id as ``trusted_list_ids`` so its list
    headers are ignored. A newsletter that slips through is still classified by the engine,
    which does not answer what is not an offer; a real offer that is screened is lost, so the
    bias here is towards not screening.

No-reply senders
    The sender's local part is split into tokens on ``. _ - + =`` and consecutive tokens are
    joined, so ``noreply+abc@``, ``no-reply-xyz@``, ``do_not_reply@`` and ``notifications@``
    match while ``nora@`` or ``renotify@`` do not. ``marketing@`` is deliberately not a
    no-reply token: a brand's marketing team mailbox is one of the most likely senders of a real
    offer (marketing blasts are caught by the bulk rule). A no-reply ``From`` with a human
    ``Reply-To`` is *not* screened: brands and platforms send from a no-reply address with the
    account manager in Reply-To, and our reply goes to Reply-To anyway.

Blocked
    ``From`` or any ``Reply-To`` matches the creator's :class:`Blocklist` (domains include their
    subdomains).

Detail strings name the rule that fired, never the body or a full address.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from repflow.mail.models import Address, InboundEmail

__all__ = [
    "OWN_MAIL_HEADER",
    "SCREEN_HEADERS",
    "Blocklist",
    "ScreenReason",
    "ScreenVerdict",
    "SesVerdicts",
    "screen_email",
]

#: Header our own outbound replies carry (any value); mail with it is never answered.
OWN_MAIL_HEADER = "X-Repflow-Reply"


class ScreenReason(StrEnum):
    """Why a message must not be answered."""

    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    BULK = "bulk"
    NO_REPLY = "no_reply"
    BLOCKED = "blocked"
    SPAM = "spam"
    VIRUS = "virus"
    DMARC_FAIL = "dmarc_fail"
    OWN_MAIL = "own_mail"


@dataclass(frozen=True, slots=True)
class ScreenVerdict:
    """The outcome of screening a message that must not be answered.

    Attributes:
        reason: The rule family that fired.
        detail: A short, personal-data-free description of the signal, e.g.
            ``"header auto-submitted=auto-replied"``.
    """

    reason: ScreenReason
    detail: str


# --------------------------------------------------------------------------------------------
# SES verdicts
# --------------------------------------------------------------------------------------------

#: Authentication-Results method results mapped onto SES verdict statuses.
_AUTH_RESULT_STATUS = {
    "pass": "PASS",
    "fail": "FAIL",
    "hardfail": "FAIL",
    "softfail": "GRAY",
    "neutral": "GRAY",
    "none": "GRAY",
    "policy": "GRAY",
    "bestguesspass": "GRAY",
    "temperror": "PROCESSING_FAILED",
    "permerror": "PROCESSING_FAILED",
}

_AUTH_METHOD_RE = re.compile(r"(?:^|[;\s])(spf|dkim|dmarc)\s*=\s*([a-z_]+)", re.IGNORECASE)
_RECEIVED_SPF_RE = re.compile(r"^\s*([a-z]+)", re.IGNORECASE)


def _status(value: Any) -> str | None:
    """An SES status string upper-cased, or None when absent or not a string."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().upper()


def _receipt_status(verdict: Any) -> str | None:
    """The status of a receipt verdict object ``{"status": ...}``, or None when malformed."""
    return _status(verdict.get("status")) if isinstance(verdict, Mapping) else None


def _is_ses_authserv(value: str) -> bool:
    authserv = value.split(";", 1)[0].strip().lower()
    return authserv == "amazonses.com" or authserv.endswith(".amazonses.com")


@dataclass(frozen=True, slots=True)
class SesVerdicts:
    """Amazon SES receipt verdicts for one message.

    Each field is ``"PASS"``, ``"FAIL"``, ``"GRAY"``, ``"PROCESSING_FAILED"``, ``"DISABLED"``
    or None when unknown. Only ``FAIL`` makes :func:`screen_email` screen a message.

    Attributes:
        spam: Spam scan verdict.
        virus: Virus scan verdict.
        spf: SPF verdict.
        dkim: DKIM verdict.
        dmarc: DMARC verdict.
        dmarc_policy: The sender's DMARC policy (``none``, ``quarantine``, ``reject``); SES only
            reports it when DMARC failed.
    """

    spam: str | None = None
    virus: str | None = None
    spf: str | None = None
    dkim: str | None = None
    dmarc: str | None = None
    dmarc_policy: str | None = None

    @classmethod
    def from_receipt(cls, receipt: Mapping[str, Any]) -> SesVerdicts:
        """Read the verdicts of an SES receipt (``event.Records[].ses.receipt``).

        Args:
            receipt: The receipt mapping, with ``spamVerdict``, ``virusVerdict``, ``spfVerdict``,
                ``dkimVerdict`` and ``dmarcVerdict`` objects of the form ``{"status": ...}``.

        Returns:
            The verdicts; missing or malformed entries are None.
        """
        policy = receipt.get("dmarcPolicy")
        return cls(
            spam=_receipt_status(receipt.get("spamVerdict")),
            virus=_receipt_status(receipt.get("virusVerdict")),
            spf=_receipt_status(receipt.get("spfVerdict")),
            dkim=_receipt_status(receipt.get("dkimVerdict")),
            dmarc=_receipt_status(receipt.get("dmarcVerdict")),
            dmarc_policy=policy.strip().lower() if isinstance(policy, str) and policy else None,
        )

    @classmethod
    def from_headers(cls, email: InboundEmail) -> SesVerdicts:
        """Read the verdicts SES wrote into the stored MIME.

        SES prepends ``X-SES-Spam-Verdict``, ``X-SES-Virus-Verdict`` and an
        ``Authentication-Results: amazonses.com; spf=...; dkim=...; dmarc=...`` header to the
        message it stores. Authentication-Results headers of other servers are ignored; a
        ``Received-SPF`` header is only read for SPF when the message carries SES verdict
        headers.

        Args:
            email: The parsed message.

        Returns:
            The verdicts; all None for mail that did not come through SES.
        """
        spam = _status(email.header("x-ses-spam-verdict"))
        virus = _status(email.header("x-ses-virus-verdict"))
        found: dict[str, str] = {}
        for value in email.headers.get("authentication-results", ()):
            if not _is_ses_authserv(value):
                continue
            for method, result in _AUTH_METHOD_RE.findall(value):
                status = _AUTH_RESULT_STATUS.get(result.lower(), "GRAY")
                key = method.lower()
                # A FAIL anywhere wins over a PASS elsewhere.
                if key not in found or status == "FAIL":
                    found[key] = status
        if "spf" not in found and (spam or virus):
            received_spf = email.header("received-spf")
            match = _RECEIVED_SPF_RE.match(received_spf or "")
            if match:
                found["spf"] = _AUTH_RESULT_STATUS.get(match.group(1).lower(), "GRAY")
        return cls(
            spam=spam,
            virus=virus,
            spf=found.get("spf"),
            dkim=found.get("dkim"),
            dmarc=found.get("dmarc"),
        )


# --------------------------------------------------------------------------------------------
# Blocklist
# --------------------------------------------------------------------------------------------


def _normalise_domain(domain: str) -> str:
    domain = domain.strip().strip(".").lower().lstrip("@").lstrip("*").lstrip(".")
    if domain and not domain.isascii():
        with contextlib.suppress(UnicodeError):
            domain = domain.encode("idna").decode("ascii")
    return domain


def _normalise_address(address: str) -> str:
    local, at, domain = address.strip().strip("<>").rpartition("@")
    if not at:
        return address.strip().lower()
    return f"{local.lower()}@{_normalise_domain(domain)}"


def _domain_matches(domain: str, domains: Iterable[str]) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in domains if d)


@dataclass(frozen=True, slots=True)
class Blocklist:
    """Senders a creator never wants answered.

    Addresses and domains are normalised on construction (lower case, IDNA domains, a leading
    ``@`` or ``*.`` dropped), so ``Blocklist(frozenset({"Spam@Example.COM"}), frozenset())``
    matches ``spam@example.com``.

    Attributes:
        addresses: Exact mailboxes.
        domains: Domains; each also blocks its subdomains.
    """

    addresses: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "addresses", frozenset(_normalise_address(a) for a in self.addresses if a)
        )
        object.__setattr__(
            self, "domains", frozenset(d for d in map(_normalise_domain, self.domains) if d)
        )

    def matches(self, address: str) -> bool:
        """Whether ``address`` is blocked.

        Args:
            address: A bare mailbox (``local@domain``).

        Returns:
            True when the mailbox is listed, or its domain is a listed domain or one of its
            subdomains.
        """
        if not address:
            return False
        normalised = _normalise_address(address)
        if normalised in self.addresses:
            return True
        return _domain_matches(normalised.rpartition("@")[2], self.domains)


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def _values(email: InboundEmail, name: str) -> tuple[str, ...]:
    return email.headers.get(name, ())


def _has(email: InboundEmail, name: str) -> bool:
    return bool(email.headers.get(name))


def _first_token(value: str) -> str:
    match = re.match(r"\s*([^\s;(,]*)", value)
    return match.group(1).lower() if match else ""


_FALSY = frozenset({"", "no", "false", "0", "off", "none"})

#: Leading ``[tag]`` markers some gateways add (``[EXT]``, ``[External]``) before the label.
_TAG_PREFIX = r"^\s*(?:\[[^\]]{0,40}\]\s*)*"

#: Reply/forward prefixes (used to recognise rule-forwards; threading has its own full list).
_FORWARD_SUBJECT_RE = re.compile(
    _TAG_PREFIX + r"(?:fwd?|wg|tr|rv|enc|doorst|vs|vl|pd|i|pfw)\s*:", re.IGNORECASE
)


def _text_head(email: InboundEmail, limit: int) -> str:
    return email.text[:limit] if email.text else ""


# Quote headers that start the history under a reply; body rules only read above them.
_QUOTE_START_RE = re.compile(
    r"^(?:>|-{2,}\s*original message|_{8,}|-{5,}|on .{0,200}wrote:|am .{0,200}schrieb|"
    r"le .{0,200}a écrit|el .{0,200}escribió|il .{0,200}scritto|em .{0,200}escreveu|"
    r"op .{0,200}schreef|(?:from|von|de|da|van|från|od|от|发件人|差出人)\s*[:：])",
    re.IGNORECASE | re.MULTILINE,
)


def _new_text_head(email: InboundEmail, limit: int) -> str:
    """The first ``limit`` characters of the text above any quoted history."""
    head = _text_head(email, limit * 3)
    match = _QUOTE_START_RE.search(head)
    if match:
        head = head[: match.start()]
    return head[:limit]


# --------------------------------------------------------------------------------------------
# Own mail
# --------------------------------------------------------------------------------------------


def _check_own(
    email: InboundEmail, own_addresses: Collection[str], own_domains: Collection[str]
) -> ScreenVerdict | None:
    if _has(email, OWN_MAIL_HEADER.lower()):
        return ScreenVerdict(ScreenReason.OWN_MAIL, f"header {OWN_MAIL_HEADER.lower()}")
    sender = email.from_.address if email.from_ else ""
    if not sender:
        return None
    if own_addresses and sender in {_normalise_address(a) for a in own_addresses}:
        return ScreenVerdict(ScreenReason.OWN_MAIL, "from own address")
    if own_domains and _domain_matches(
        sender.rpartition("@")[2], [_normalise_domain(d) for d in own_domains]
    ):
        return ScreenVerdict(ScreenReason.OWN_MAIL, "from own domain")
    return None


# --------------------------------------------------------------------------------------------
# Bounces and reports
# --------------------------------------------------------------------------------------------

_DSN_PARTS = frozenset({"message/delivery-status", "message/global-delivery-status"})
_MDN_PARTS = frozenset(
    {"message/disposition-notification", "message/global-disposition-notification"}
)
_ARF_PART = "message/feedback-report"
#: Parts that carry the returned message (or its header) inside a report.
_RETURNED_PARTS = frozenset(
    {"message/rfc822", "message/partial", "text/rfc822-headers", "text/rfc822-header"}
)

#: Sender local parts (``.``, ``_`` and ``-`` removed) that only mail servers use.
_DAEMON_LOCAL_PARTS = frozenset({"mailerdaemon", "maildaemon", "postmaster", "mailerdeamon"})
#: Sender local-part tokens that mark a machine mailbox. Not enough on their own, they only
#: corroborate a delivery-failure subject or body. ``admin@``, ``mail@`` and ``info@`` are not
#: here: brands write offers from those mailboxes.
_MACHINE_LOCAL_TOKENS = frozenset(
    {
        "mailerdaemon",
        "maildaemon",
        "postmaster",
        "mailer",
        "daemon",
        "mdaemon",
        "bounce",
        "bounces",
        "bouncer",
        "doublebounce",
        "nobody",
        "root",
        "sysadmin",
        "mailadmin",
        "dsn",
        "ndr",
        "mta",
        "smtp",
        "mailsystem",
        "mailerror",
        "noreply",
        "returns",
    }
)
# The raw From header, for senders the address parser could not read (``From: mailer-daemon``,
# ``"Mail Deliver System" <MAILER-DAEMON>``).
_RAW_DAEMON_RE = re.compile(r"(?<![\w.-])(?:mailer[-_]?daemon|post[-_]?master)(?![\w-])", re.I)
_DAEMON_NAME_RE = re.compile(
    r"^\s*(?:mailer[\s_-]?daemon|mail[\s_-]?daemon|post[\s_-]?master|"
    r"mail deliver(?:y|ing)? (?:sub)?system|mail delivery (?:service|subsystem)|"
    r"message delivery subsystem|internet mail delivery|mail administrator|microsoft outlook)"
    r"(?:\s+at\s+\S+)?\s*$",
    re.IGNORECASE,
)
# Display names of machine senders that only corroborate other signals.
_MACHINE_NAME_RE = re.compile(
    r"\b(?:mailer[\s_-]?daemon|postmaster|mail deliver|delivery (?:sub)?system|"
    r"system administrator|mail administrator|ndr|dsn|interscan|content[- ]filter|"
    r"mail server|mail system|e-?mail gateway)\b",
    re.IGNORECASE,
)

# Subjects of non-delivery reports that are enough on their own. Anchored at the very start
# (after ``[tag]`` markers), so "Fwd: Undeliverable: ..." from a person is not a bounce.
_BOUNCE_SUBJECT_RE = re.compile(
    _TAG_PREFIX + r"(?:"
    # Outlook/Exchange localized NDR labels: only with their colon.
    r"(?:undeliverable|unzustellbar|nicht zustellbar|non remis|non_remis|non recapitabile|"
    r"no se puede entregar|onbestelbaar|não é possível entregar|não entregue|"
    r"kan inte levereras|olevererbart|kan ikke leveres|nie można dostarczyć|"
    r"nem kézbesíthető|nedoručitelné|nedoručiteľné|ei voitu toimittaa|teslim edilemedi|"
    r"недоставлено|не доставлено|недоставленное сообщение|"
    r"不能送達|配信不能|无法投递|無法傳遞|undelivered)\s*[:：_]"
    r"|undeliverable (?:mail|message|e-?mail)\b"
    r"|undelivered (?:mail|message)\b"
    r"|non[- ]?deliverable (?:mail|message|e-?mail)\b"
    r"|nondelivery (?:report|notification)\b"
    r"|delivery status notification\b"
    r"|delivery (?:status )?notification:\s*(?:delivery has failed|failed|error)\b"
    r"|returned mail\s*:"
    r"|returned mail\s*$"
    r"|mail delivery (?:failed|failure)\b"
    r"|mail could not be delivered\b"
    r"|message could not be delivered\b"
    r"|(?:sorry,? )?your (?:e-?mail |mail )?message (?:could not|couldn't|can't|cannot) be "
    r"delivered\b"
    r"|delivery failure notification\b"
    r"|permanent delivery failure\b"
    r"|failure notice\s*(?:$|[:(\-])"
    r"|(?:delivery notification:\s*)?delivery has failed\b"
    r"|message delivery has failed\b"
    r"|warning: could not send message for past\b"
    r"|warning: message \S+ delayed\b"
    r"|delayed mail \(still being retried\)"
    r"|mail system error - returned mail\b"
    r"|message (?:not delivered|delivery failure)\s*(?:[:(-]|$)"
    r"|non[- ]delivery (?:report|notification)\b"
    r"|postmaster notify\s*:"
    r"|notice: mail delivery status\b"
    r"|\[bounce\]\s*$"
    r"|e-?mail delivery (?:failure|failed)\b"
    r"|(?:ваше )?(?:сообщение|письмо) не (?:было )?доставлено\b"
    r"|mail failed,\s"
    r"|(?:fehler bei der|unzustellbare) (?:nachrichtenübermittlung|nachricht)\b"
    r"|benachrichtigung zum übermittlungsstatus\b"
    r"|notification d'état de (?:remise|la distribution)\b"
    r"|rapport de non-remise\b"
    r"|impossible de remettre (?:le|votre) message\b"
    r"|notificación de estado de (?:entrega|la entrega)\b"
    r"|notifica sullo stato del recapito\b"
    r"|notificação de (?:status|estado) de entrega\b"
    r"|notificação de falha (?:na|de) entrega\b"
    r"|statusmeddelande om leverans\b"
    r"|(?:メール)?(?:配信|配送|送信)(?:エラー|失敗|不能)(?:通知|のお知らせ)?\s*(?:$|[:：(（\[【-])"
    r"|メールエラー通知|メール不達|不達(?:通知|のお知らせ|メール)|配信状態の通知|"
    r"メッセージを配信できません|配信できませんでした|"
    r"系统退信|退信|邮件(?:投递|发送)失败|傳送失敗|배달 (?:실패|되지 않음)|전송 실패"
    r")",
    re.IGNORECASE,
)
# Subjects that read like a bounce but that a person could also write ("Delivery failure on
# order 123"). They only count together with another machine signal (see _machine_hint).
_WEAK_BOUNCE_SUBJECT_RE = re.compile(
    _TAG_PREFIX + r"(?:"
    r"delivery failure\b|failure delivery\b|failed delivery\b|delivery failed\b"
    r"|delivery (?:status|problem|error|report)\b"
    r"|undeliverable\b|undelivered\b|returned mail\b|returned (?:e-?mail|message)\b"
    r"|mail (?:delivery|failure|returned|error)\b|message (?:delivery|returned|frozen)\b"
    r"|there was an error sending your mail\b|could not (?:send|deliver)\b"
    r"|(?:permanent|delivery) error\b|loop alert\b|warning\b"
    r"|error en la entrega\b|fallo en la entrega\b|falha na entrega\b|mancata consegna\b"
    r"|consegna non riuscita\b|échec de (?:la )?(?:remise|livraison|distribution)\b"
    r"|zustellung fehlgeschlagen\b|unzustellbar\b|nicht zustellbar\b|non remis\b"
    r"|non recapitabile\b|onbestelbaar\b|no entregado\b|não entregue\b"
    r"|ошибка доставки|доставка не удалась"
    r"|配信|送信|不達|エラー|返送|投递|投遞|退回|반송"
    r")",
    re.IGNORECASE,
)

# Sentences MTAs write at the top of a non-delivery report and people never write at the top of
# their own mail. One of them in the first lines of the new text (above any quote or forward
# marker) is a bounce on its own. Each is keyed by a word it contains, so only the few patterns
# whose word occurs in the (lower-cased) text are run: one alternation of them all cost ~0.5 ms
# per message.
_DSN_PHRASES: tuple[tuple[str, str], ...] = (
    ("mail system", r"this is the mail system at host\b"),
    ("mail system", r"the mail system (?:could not|was unable to) deliver"),
    ("to inform you", r"i'm sorry to have to inform you that (?:your|the) message"),
    ("qmail-send", r"this is the qmail-send program\b"),
    ("able to deliver", r"i'm afraid i wasn't able to deliver your message"),
    ("able to deliver", r"sorry,? (?:we were|i was) unable to deliver your message"),
    ("able to deliver", r"i was unable to deliver your message to the following address"),
    (
        "unable to deliver",
        r"unable to deliver (?:the |your )?message to the following "
        r"(?:address|recipient)",
    ),
    (
        "created automatically",
        r"this message was created automatically by mail delivery "
        r"software",
    ),
    (
        "created automatically",
        r"this message was created automatically by[\s\S]{0,300}"
        r"(?:could not be delivered|delivery (?:failed|failure|has failed))",
    ),
    (
        "could not be delivered",
        r"a message that you sent could not be delivered to one or "
        r"more of\s+its\s+recipients",
    ),
    (
        "could not be delivered",
        r"your (?:e-?mail |mail )?message (?:to the following "
        r"address(?:\(es\))? )?could not be delivered(?: to (?:the following|one or more))?",
    ),
    (
        "could not be delivered",
        r"message could not be delivered to (?:mobile|the following|"
        r"one or more)",
    ),
    ("could not be delivered", r"could not be delivered to one or more recipients"),
    ("could not be delivered", r"could not be delivered because of\b"),
    (
        "could not be delivered",
        r"an email that you attempted to send to the following "
        r"address could not be delivered",
    ),
    ("could not be delivered", r"your mail sent on:[\s\S]{0,120}could not be delivered to"),
    (
        "be delivered",
        r"your message (?:to \S+ )?(?:couldn't|could not|wasn't|was not|cannot|"
        r"can't) be delivered",
    ),
    (
        "addresses had",
        r"(?:the following|these) addresses had (?:permanent |transient )?"
        r"(?:fatal |delivery )?(?:errors|problems)",
    ),
    ("transcript of", r"-+ ?transcript of session follows ?-+"),
    ("transcript of", r"a transcript of the attempts to send the message follows"),
    ("original message", r"the original message was received at\b"),
    ("original message", r"original message follows\.?"),
    ("original message", r"the header of the original message is following"),
    ("original message", r"below is the header (?:from|of) the original message"),
    (
        "original message",
        r"----- ?(?:the following addresses|original message|unsent message|"
        r"returned message)[^\n]{0,40}follows?",
    ),
    (
        "follows",
        r"----- ?(?:the following addresses|unsent message|returned message)"
        r"[^\n]{0,40}follows?",
    ),
    (
        "follow",
        r"\|-+ ?(?:failed addresses|message log|message header|message text) "
        r"follows?:? ?-*\|",
    ),
    (
        "delivery to the following",
        r"delivery to the following recipients? (?:failed|"
        r"was aborted|has been delayed)",
    ),
    ("delivery has failed", r"delivery has failed to these recipients or groups"),
    (
        "intended recipients",
        r"your message did not reach some or all of the intended "
        r"recipients",
    ),
    ("did not reach", r"did not reach the following recipient\(s\)"),
    (
        "delivery status notification",
        r"this is an automatically generated delivery status "
        r"notification",
    ),
    ("delivery status notification", r"this is a delivery status notification\b"),
    ("trouble delivering", r"we had trouble delivering your message"),
    ("was undeliverable", r"the following message to <[^>]{1,200}> was undeliverable"),
    ("following reason", r"delivery failed for the following reason"),
    (
        "permanent failure",
        r"this has been a permanent failure\.?\s+no further delivery "
        r"attempts will be made",
    ),
    (
        "mail delivery",
        r"mail delivery (?:failed|failure)[.:]? (?:returning message to sender|"
        r"permanent)",
    ),
    ("copy of the", r"below this line is a copy of the message"),
    ("copy of the", r"this is a copy of the (?:original )?message,? including all the headers"),
    ("for administrators", r"diagnostic information for administrators"),
    ("message delivery to", r"message delivery to '[^']{1,200}' failed"),
    ("message details", r"error message below:[\s\S]{0,400}message details:"),
    (
        "automated",
        r"this is an automated (?:error|failure|delivery) (?:reply|report|notice|"
        r"message)",
    ),
    (
        "problems delivering",
        r"there were problems delivering your message to the following "
        r"recipient",
    ),
    ("delivery agent", r"this is the mail delivery agent at\b"),
    ("---", r"-{3,}\s*(?:failure reasons|returned message|non-delivered information)\s*-{3,}"),
    (
        "rejected by a remote",
        r"each of the following recipients was rejected by a remote mail "
        r"server",
    ),
    ("automatically rejected", r"your message to \S{1,200} was automatically rejected"),
    ("доставлено", r"ваше (?:письмо|сообщение) не (?:может быть |было )?доставлено"),
    ("создано автоматически", r"это письмо создано автоматически"),
    (
        "への",
        r"(?:以下の|次の)(?:メール)?(?:アドレス|あて先|宛先)への(?:送信|配信|メッセージ)"
        r"[^\n]{0,30}(?:失敗しました|できませんでした)",
    ),
    # ARF and DMARC failure report prefaces
    ("abuse", r"this is an? (?:[\w-]+ ){0,3}(?:e-?mail )?abuse (?:report|complaint)"),
    ("abuse", r"this is an autogenerated email abuse complaint"),
    ("failure report", r"this is an? (?:[\w/-]+ ){0,2}authentication[- ]failure report"),
    # German, French, Spanish, Italian, Portuguese, Dutch Exchange templates
    (
        "zustellung",
        r"die zustellung an (?:folgende|diese) empfänger(?: oder gruppen)? ist "
        r"fehlgeschlagen",
    ),
    (
        "zustell",
        r"dies ist eine automatisch erstellte benachrichtigung über den "
        r"zustell(?:ungs)?status",
    ),
    ("remise", r"la remise aux destinataires ou groupes suivants a échoué"),
    (
        "remise",
        r"ceci est une notification (?:d'état de remise|de non-remise) générée "
        r"automatiquement",
    ),
    ("entrega", r"error en la entrega a estos destinatarios o grupos"),
    ("entrega", r"falha na entrega para estes destinatários ou grupos"),
    ("recapito", r"recapito non riuscito per questi destinatari o gruppi"),
    ("bezorging", r"bezorging is mislukt voor deze ontvangers of groepen"),
)


def _phrase_table(
    phrases: tuple[tuple[str, str], ...],
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    grouped: dict[str, list[str]] = {}
    for trigger, pattern in phrases:
        grouped.setdefault(trigger, []).append(pattern)
    return tuple(
        (trigger, re.compile("|".join(patterns), re.IGNORECASE))
        for trigger, patterns in grouped.items()
    )


_DSN_PHRASE_TABLE = _phrase_table(_DSN_PHRASES)


def _dsn_phrase(lowered: str) -> bool:
    """Whether a lower-cased text holds one of the report sentences."""
    return any(t in lowered and rx.search(lowered) for t, rx in _DSN_PHRASE_TABLE)


# Wording a report shares with people, which only counts with another machine signal. SMTP
# detail ("user unknown", reply codes) is rare in a person's own words; plain English ("could
# not be delivered") is common, so it needs a machine sender rather than just an attachment.
_DSN_TECHNICAL_RE = re.compile(
    r"\b(?:user unknown|unknown user|no such user|mailbox (?:is )?(?:full|unavailable)|"
    r"recipient address rejected|host unknown|mailbox not found|"
    r"rcpt to:|smtp (?:error|server)|remote host said|sent <<<|received >>>|"
    r"[45]\d\d[ -][245]\.\d{1,3}\.\d{1,3})\b"
    r"|(?:配信|配送|送信|お届け)(?:でき|出来)ませんでした|宛先(?:不明|が見つかりません)|"
    r"メールボックスが(?:一杯|いっぱい)|未送達|投递失败|退信",
    re.IGNORECASE,
)
_DSN_GENERIC_RE = re.compile(
    r"\b(?:(?:could not|couldn't|cannot|can't|was not|wasn't) be delivered|"
    r"delivery (?:has )?failed|permanent(?:ly)? (?:error|failure|failed)|undeliverable)\b",
    re.IGNORECASE,
)
# RFC 3464 per-recipient fields written inline in the text of a report.
_DSN_FIELD_RE = re.compile(
    r"^[ \t]*(final-recipient|original-recipient|action|status|diagnostic-code|reporting-mta|"
    r"remote-mta|received-from-mta|arrival-date|last-attempt-date|x-postfix-queue-id|"
    r"x-actual-recipient|feedback-type|source-ip|original-mail-from|original-rcpt-to)"
    r"[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)
_DSN_KEY_FIELDS = frozenset({"final-recipient", "diagnostic-code", "action", "feedback-type"})
_ARF_FIELDS = frozenset({"feedback-type", "source-ip", "original-mail-from", "original-rcpt-to"})
# Amazon SES bounce/complaint notifications delivered by SNS e-mail as JSON.
_SES_JSON_RE = re.compile(r"\\?\"notificationType\\?\"\s*:\s*\\?\"(Bounce|Complaint)\\?\"")
_ARF_SUBJECT_RE = re.compile(
    r"^\s*(?:complaint about message from\b|(?:email )?abuse report\b|"
    r"email feedback report\b|abuse-report\b|fbl\b|feedback loop\b|report domain:)",
    re.IGNORECASE,
)

_DSN_HEAD_SCAN = 1200
_DSN_BODY_SCAN = 6000

# A person's reply or forward starts here (reports use dashed lines and "From:" lines of their
# own, so the reply-trimming markers of _QUOTE_START_RE would cut them too early).
_REPORT_QUOTE_RE = re.compile(
    r"^(?:>|-{2,}\s*(?:original message|forwarded message|mensaje original|message d'origine|"
    r"ursprüngliche nachricht|messaggio originale|mensagem original)|begin forwarded message|"
    r"on .{0,200}wrote:|am .{0,200}schrieb|le .{0,200}a écrit|el .{0,200}escribió)",
    re.IGNORECASE | re.MULTILINE,
)


def _report_head(text: str) -> str:
    """The first characters of a text, above any reply or forward of someone else's mail."""
    head = text[:_DSN_HEAD_SCAN]
    match = _REPORT_QUOTE_RE.search(head)
    return head[: match.start()] if match else head


def _report_type(email: InboundEmail) -> str:
    content_type = email.header("content-type") or ""
    match = re.search(r"report-type\s*=\s*\"?([\w.-]+)", content_type, re.IGNORECASE)
    return match.group(1).lower() if match else ""


def _local_key(address: Address) -> str:
    return re.sub(r"[._\-]+", "", address.local_part.lower())


def _daemon_sender(email: InboundEmail) -> str | None:
    """``mailer-daemon``, ``postmaster`` (any separators) or a mail-system display name."""
    sender = email.from_
    if sender is not None:
        key = _local_key(sender)
        if key in _DAEMON_LOCAL_PARTS:
            return f"sender {'postmaster' if key == 'postmaster' else 'mailer-daemon'}"
        if sender.name and _DAEMON_NAME_RE.match(sender.name):
            return "sender name mail delivery system"
        return None
    # The parser could not read the From header (no domain, broken syntax): read it raw.
    for value in _values(email, "from"):
        match = _RAW_DAEMON_RE.search(value)
        if match:
            key = re.sub(r"[-_]", "", match.group(0).lower())
            return f"sender {'postmaster' if key == 'postmaster' else 'mailer-daemon'}"
    return None


def _machine_sender(email: InboundEmail) -> bool:
    """A weak signal: the sender mailbox or display name looks like a mail system's."""
    sender = email.from_
    if sender is None:
        # Reports without a readable From are machine-made; a person's broken From header
        # usually still comes with a Reply-To we can answer.
        return not email.reply_to
    tokens = [t for t in _LOCAL_SPLIT_RE.split(sender.local_part.lower()) if t]
    joined = {"".join(tokens[i : i + 2]) for i in range(len(tokens))} | set(tokens)
    if joined & _MACHINE_LOCAL_TOKENS:
        return True
    return bool(sender.name and _MACHINE_NAME_RE.search(sender.name))


def _envelope_daemon(email: InboundEmail) -> str | None:
    """A null or MAILER-DAEMON envelope sender (Return-Path / X-Envelope-From)."""
    for name in ("return-path", "x-envelope-from"):
        value = email.header(name)
        if value is None:
            continue
        stripped = value.strip()
        if stripped in {"<>", ""}:
            return name
        if _RAW_DAEMON_RE.search(stripped.strip("<>").partition("@")[0]):
            return name
    return None


def _has_returned_part(email: InboundEmail) -> bool:
    return bool(email.attached_messages) or any(
        p.lower() in _RETURNED_PARTS for p in email.part_types
    )


def _dsn_fields(text: str) -> set[str]:
    """Distinct RFC 3464 / ARF field names written at line starts (quoted lines excluded)."""
    return {m.group(1).lower() for m in _DSN_FIELD_RE.finditer(text)}


def _machine_hint(email: InboundEmail) -> str | None:
    """A second machine signal that corroborates a weak bounce subject or body."""
    if _envelope_daemon(email):
        return "null sender"
    if _machine_sender(email):
        return "machine sender"
    if _auto_submitted(email) or _has(email, "x-loop"):
        return "auto-submitted"
    if _has_returned_part(email):
        return "returned message"
    return None


def _check_report_body(email: InboundEmail, subject_weak: bool) -> ScreenVerdict | None:
    """Reports whose MIME structure says nothing: read the first lines of the text."""
    text = email.text or ""
    if not text and not subject_weak:
        return None
    body = unicodedata.normalize("NFC", text[:_DSN_BODY_SCAN]).lower()
    head = _report_head(body)
    if head.lstrip().startswith("{") and _SES_JSON_RE.search(text[:2000]):
        return ScreenVerdict(ScreenReason.BOUNCE, "ses notification")
    if "feedback-type" in body:
        fields = _dsn_fields(body)
        if "feedback-type" in fields and len(fields & _ARF_FIELDS) >= 2:
            return ScreenVerdict(ScreenReason.BOUNCE, "arf")
    if _dsn_phrase(head):
        return ScreenVerdict(ScreenReason.BOUNCE, "body delivery report")
    hint = _machine_hint(email)
    if hint is None and not subject_weak:
        return None  # a person who pastes an error report into their own mail
    fields = _dsn_fields(body) if ":" in body else set()
    has_fields = bool(fields & _DSN_KEY_FIELDS)
    if subject_weak:
        # An attachment alone does not corroborate a subject: a brand may attach an old thread
        # to "Delivery problem with your PR package".
        subject_hint = hint if hint != "returned message" else None
        if subject_hint is None and len(fields) >= 2 and has_fields:
            subject_hint = "dsn fields"
        if subject_hint:
            return ScreenVerdict(ScreenReason.BOUNCE, f"subject delivery failure + {subject_hint}")
    if hint is None:
        return None
    if len(fields) >= 3 and has_fields:
        return ScreenVerdict(ScreenReason.BOUNCE, f"dsn fields + {hint}")
    if _DSN_TECHNICAL_RE.search(head) or (
        hint in {"null sender", "machine sender"} and _DSN_GENERIC_RE.search(head)
    ):
        return ScreenVerdict(ScreenReason.BOUNCE, f"body delivery failure + {hint}")
    return None


def _check_arf(email: InboundEmail, parts: set[str], report_type: str) -> ScreenVerdict | None:
    content_type = email.content_type.lower()
    if _ARF_PART in parts or content_type == _ARF_PART or report_type == "feedback-report":
        return ScreenVerdict(ScreenReason.BOUNCE, "arf")
    if _first_token(email.header("x-apple-unsubscribe") or "") == "true":
        return ScreenVerdict(ScreenReason.BOUNCE, "arf opt-out")
    if _ARF_SUBJECT_RE.match(email.subject or "") and (
        _has_returned_part(email) or "feedback-type:" in (email.text or "")[:4000].lower()
    ):
        return ScreenVerdict(ScreenReason.BOUNCE, "arf")
    return None


def _check_bounce(email: InboundEmail) -> ScreenVerdict | None:
    content_type = email.content_type.lower()
    parts = {p.lower() for p in email.part_types}
    report_type = _report_type(email)

    verdict = _check_arf(email, parts, report_type)
    if verdict:
        return verdict
    if (
        parts & _MDN_PARTS
        or content_type in _MDN_PARTS
        or report_type == "disposition-notification"
    ):
        return ScreenVerdict(ScreenReason.AUTO_REPLY, "mdn")
    if content_type == "multipart/report":
        kind = report_type or "delivery-status"
        return ScreenVerdict(ScreenReason.BOUNCE, f"multipart/report {kind}")
    if content_type in _DSN_PARTS or parts & _DSN_PARTS:
        return ScreenVerdict(ScreenReason.BOUNCE, "message/delivery-status part")
    for name in ("x-failed-recipients", "x-ms-exchange-message-is-ndr", "x-ms-embedded-report"):
        if _has(email, name):
            return ScreenVerdict(ScreenReason.BOUNCE, f"header {name}")
    daemon = _daemon_sender(email)
    if daemon:
        return ScreenVerdict(ScreenReason.BOUNCE, daemon)
    subject = unicodedata.normalize("NFC", email.subject or "")
    if _BOUNCE_SUBJECT_RE.match(subject):
        return ScreenVerdict(ScreenReason.BOUNCE, "subject delivery failure")
    if _has(email, "x-mlserver") and re.search(
        r"-(?:admin|owner|request)$", email.from_.local_part if email.from_ else ""
    ):
        return ScreenVerdict(ScreenReason.BOUNCE, "list server notice")
    return _check_report_body(email, bool(_WEAK_BOUNCE_SUBJECT_RE.match(subject)))


# --------------------------------------------------------------------------------------------
# Auto-replies
# --------------------------------------------------------------------------------------------

#: Headers whose mere presence (with a value other than no/false/0) marks an auto-reply.
_AUTO_PRESENCE_HEADERS = (
    "x-autoreply",
    "x-autorespond",
    "x-autoresponder",
    "x-autogenerated",
    "x-auto-generated",
    "x-autoreply-from",
    "x-mail-autoreply",
    "x-fc-machinegenerated",
    "x-vacation",
)

_SUPPRESS_AUTO_TOKENS = frozenset({"oof", "autoreply", "all"})

# Out-of-office labels responders put at the start of the subject. A label must be followed by
# a colon, a dash, the end of the subject or one of the continuation words.
_OOF_LABELS = (
    # English
    r"auto(?:matic)?[\s-]?(?:reply|response|answer|responder)",
    r"autoreply",
    r"out[\s-]of[\s-](?:the[\s-])?office",
    r"ooo",
    r"(?:vacation|holiday|absence|away|leave|oof)\s+(?:reply|response|notice|message|notification)",
    r"away from (?:the )?office",
    # German
    r"abwesenheitsnotiz",
    r"abwesenheit",
    r"automatische antwort",
    r"au(?:ß|ss)er haus",
    r"nicht im büro",
    # French
    r"réponse automatique",
    r"reponse automatique",
    r"absence du bureau",
    r"message d'absence",
    r"absent(?:e)? du bureau",
    # Spanish
    r"respuesta automática",
    r"respuesta automatica",
    r"fuera de (?:la )?oficina",
    # Italian
    r"risposta automatica",
    r"fuori sede",
    r"fuori ufficio",
    # Portuguese
    r"resposta automática",
    r"resposta automatica",
    r"ausência temporária",
    r"ausencia temporaria",
    r"fora do escritório",
    # Dutch
    r"automatisch antwoord",
    r"afwezig(?:heid)?",
    r"niet op kantoor",
    # Swedish / Danish / Norwegian / Finnish
    r"autosvar",
    r"automatiskt svar",
    r"automatisk svar",
    r"frånvaro(?:meddelande)?",
    r"frånvarande",
    r"fravær",
    r"automaattinen vastaus",
    # Polish / Czech / Turkish
    r"automatyczna odpowiedź",
    r"poza biurem",
    r"nieobecność",
    r"automatická odpověď",
    r"otomatik (?:yanıt|cevap)",
    # Russian
    r"автоматический ответ",
    r"автоответ",
    r"вне офиса",
)
_OOF_CONTINUATIONS = (
    r"reply|response|notice|notification|message|until|till|from|through|re|"
    r"bis|jusqu|hasta|fino|até|tot|till|до|do"
)
# CJK labels carry no spaces, so they are matched as a prefix without a terminator.
_OOF_CJK_LABELS = (
    r"自動返信",
    r"自動応答",
    r"自動回覆",
    r"自动回复",
    r"自动答复",
    r"不在",
    r"不在办公室",
    r"外出中",
    r"자동\s*회신",
    r"자동\s*응답",
    r"부재중",
)
# Whole sentences that an auto-responder uses as its subject.
_OOF_SUBJECT_SENTENCES = (
    r"(?:i am|i'm|im)\s+(?:currently\s+)?(?:out of (?:the )?office|away|on (?:vacation|holiday|"
    r"(?:annual |parental |maternity |sick )?leave))",
    r"ich bin\b.{0,40}\bnicht im büro",
    r"je suis absente?\b",
    r"estoy fuera de (?:la )?oficina",
    r"sono fuori (?:ufficio|sede)",
    r"estou fora do escritório",
    r"ik ben niet op kantoor",
    r"jag är inte på kontoret",
)

_OOF_SUBJECT_RE = re.compile(
    _TAG_PREFIX
    + r"(?:"
    + r"(?:"
    + "|".join(_OOF_LABELS)
    + r")(?=\s*(?:$|[:：\-–—|(\[/])|\s+(?:"
    + _OOF_CONTINUATIONS
    + r")\b)"
    + r"|(?:"
    + "|".join(_OOF_CJK_LABELS)
    + r")"
    + r"|(?:"
    + "|".join(_OOF_SUBJECT_SENTENCES)
    + r")"
    + r")",
    re.IGNORECASE,
)

# Out-of-office sentences in bodies (first ~600 characters of a short message only).
_OOF_BODY_PATTERNS = (
    # English
    r"\b(?:i am|i'm|i’m)\s+(?:currently\s+|presently\s+)?(?:out of (?:the )?office|"
    r"away\b|on (?:vacation|holiday|leave|annual leave|parental leave|maternity leave|"
    r"paternity leave|sick leave)|travell?ing with limited)",
    r"\bi (?:will|shall) be (?:out of (?:the )?office|away from (?:the )?office|on leave)",
    r"\bon (?:vacation|holiday) until\b",
    r"\bon annual leave\b",
    r"\bout of (?:the )?office (?:until|till|from|through)\b",
    r"\blimited access to (?:my )?e-?mail",
    r"\bthis is an auto(?:matic|mated)?[\s-]?(?:reply|response|generated)",
    # German
    r"\bich bin (?:bis|vom|ab|derzeit|zurzeit|momentan|leider)\b.{0,60}"
    r"\b(?:nicht im büro|abwesend|im urlaub|außer haus|ausser haus|nicht erreichbar)",
    r"\bau(?:ß|ss)er haus\b",
    r"\babwesenheitsnotiz\b",
    r"\b(?:dies ist eine|ist eine) automatische antwort\b",
    # French
    r"\bje suis (?:actuellement |absente? |en congés?|en vacances)",
    r"\b(?:ceci est|il s'agit d') ?une réponse automatique\b",
    r"\babsente? du bureau\b",
    # Spanish
    r"\bestoy fuera de (?:la )?oficina\b",
    r"\b(?:esta es|es) una respuesta automática\b",
    r"\bestoy de vacaciones\b",
    # Italian
    r"\bsono fuori (?:ufficio|sede)\b",
    r"\b(?:questa è|è) una risposta automatica\b",
    r"\bsono in ferie\b",
    # Portuguese
    r"\bestou fora do escritório\b",
    r"\b(?:esta é|é) uma resposta automática\b",
    r"\bestou de férias\b",
    # Dutch
    r"\bik ben (?:niet op kantoor|afwezig|met vakantie)\b",
    r"\bdit is een automatisch (?:antwoord|bericht)\b",
    # Swedish
    r"\bjag är (?:inte på kontoret|ledig|på semester|tjänstledig)\b",
    r"\bautosvar\b",
    # Polish
    r"\bautomatyczna odpowiedź\b",
    r"\bjestem (?:poza biurem|na urlopie)\b",
    # Russian
    r"\bавтоматический ответ\b",
    r"\bя (?:нахожусь )?(?:в отпуске|вне офиса)\b",
    # Japanese / Chinese
    r"自動返信",
    r"自動応答",
    r"不在にして",
    r"自动回复",
    r"自動回覆",
    r"不在办公室",
)
_OOF_BODY_RE = re.compile("|".join(_OOF_BODY_PATTERNS), re.IGNORECASE)

# More responder subjects: Lotus Notes "AUTO: Jane is out of the office (returning ...)", AOL's
# "Re: Collab (Automatic Response)" and bare "Vacation" / "Abwesend" labels. "Auto:" in mixed
# case only counts with an absence word after it ("Auto: EV campaign with Ford" is a person).
_OOF_SUBJECT_EXTRA_RE = re.compile(
    _TAG_PREFIX + r"(?:AUTO\s*:"
    r"|(?i:auto\s*:.*\b(?:out of (?:the )?office|away|vacation|holiday|absent|returning|"
    r"abwesend|urlaub|congés?|vacaciones|ferie|leave)\b)"
    r"|(?i:(?:on )?vacation\s*(?::|$))"
    r"|(?i:abwesend\s*(?::|$|\s+(?:bis|vom|ab)\b))"
    r"|(?i:.{0,200}\((?:auto(?:matic)?[\s-]?(?:response|reply)|out of office)\)\s*$))"
)

_OOF_BODY_SCAN = 600
_OOF_BODY_MAX_TEXT = 1500


def _auto_submitted(email: InboundEmail) -> str | None:
    for value in _values(email, "auto-submitted"):
        token = _first_token(value)
        if token and token not in {"no", "auto-forwarded"}:
            return token
    return None


def _ms_rule_generated(email: InboundEmail) -> str | None:
    """Microsoft inbox-rule headers, when they mean the sender's own mailbox answered."""
    loop = email.header("x-ms-exchange-inbox-rules-loop")
    source = email.header("x-ms-exchange-generated-message-source")
    if loop is None and source is None:
        return None
    if _FORWARD_SUBJECT_RE.match(email.subject or ""):
        return None  # an Outlook forward-by-rule carries someone else's message
    if loop is not None:
        sender = email.from_.address if email.from_ else ""
        loop_addr = _normalise_address(loop.split(",")[0])
        if not sender or loop_addr != sender:
            return None  # a rule in another mailbox (e.g. the creator's own forward) ran
        return "x-ms-exchange-inbox-rules-loop"
    return "x-ms-exchange-generated-message-source"


def _check_auto_reply(email: InboundEmail) -> ScreenVerdict | None:
    token = _auto_submitted(email)
    if token:
        return ScreenVerdict(ScreenReason.AUTO_REPLY, f"header auto-submitted={token[:30]}")
    for name in _AUTO_PRESENCE_HEADERS:
        values = _values(email, name)
        if values and any(_first_token(v) not in _FALSY or not v.strip() for v in values):
            # X-Autogenerated: Forward/Mirror marks an automatic forward of someone's mail.
            if name == "x-autogenerated" and _first_token(values[0]) in {"forward", "mirror"}:
                continue
            return ScreenVerdict(ScreenReason.AUTO_REPLY, f"header {name}")
    for name in ("precedence", "x-precedence"):
        if any(_first_token(v) in {"auto_reply", "auto-reply"} for v in _values(email, name)):
            return ScreenVerdict(ScreenReason.AUTO_REPLY, f"header {name}=auto_reply")
    if _first_token(email.header("x-apple-action") or "") == "vacation":
        return ScreenVerdict(ScreenReason.AUTO_REPLY, "header x-apple-action=vacation")
    ms = _ms_rule_generated(email)
    if ms:
        return ScreenVerdict(ScreenReason.AUTO_REPLY, f"header {ms}")
    subject = unicodedata.normalize("NFC", email.subject or "")
    if _OOF_SUBJECT_RE.match(subject) or _OOF_SUBJECT_EXTRA_RE.match(subject):
        return ScreenVerdict(ScreenReason.AUTO_REPLY, "subject out-of-office")
    suppress = {
        t.strip().lower()
        for v in _values(email, "x-auto-response-suppress")
        for t in re.split(r"[,\s]+", v)
    }
    long_ok = bool(suppress & _SUPPRESS_AUTO_TOKENS)
    text = email.text or ""
    if (long_ok or len(text) < _OOF_BODY_MAX_TEXT) and _OOF_BODY_RE.search(
        unicodedata.normalize("NFC", _new_text_head(email, _OOF_BODY_SCAN))
    ):
        return ScreenVerdict(ScreenReason.AUTO_REPLY, "body out-of-office")
    return None


# --------------------------------------------------------------------------------------------
# Bulk
# --------------------------------------------------------------------------------------------

#: Headers that marketing ESPs put on campaign mail (not on one-to-one sends).
_MARKETING_HEADERS = (
    "x-campaign",
    "x-campaign-id",
    "x-campaignid",
    "x-mc-user",
    "x-mailchimp-campaign",
    "x-report-abuse",
    "x-kmail-relay",
    "x-kmail-account",
    "x-klaviyo-message-id",
    "x-sg-eid",
    "x-sg-id",
    "x-mailgun-mailing-list-id",
    "x-csa-complaints",
    "x-newsletter",
    "x-newsletter-id",
    "x-listmember",
    "x-mailer-recptid",
    "x-marketoid",
    "x-sfmc-stack",
    "x-hs-campaign",
    "x-mailjet-campaign",
    "x-sib-id",
    "x-mailin-campaign",
    "x-cmae-analysis",
)
_NEWSLETTER_MAILER_RE = re.compile(
    r"mailchimp|sendinblue|brevo|klaviyo|campaign monitor|createsend|constant ?contact|"
    r"mailerlite|convertkit|activecampaign|getresponse|aweber|substack|beehiiv|buttondown|"
    r"phplist|mailpoet|acymailing|emarsys|exacttarget|salesforce marketing cloud|"
    r"sailthru|iterable|customer\.io|omnisend|moosend|newsletter",
    re.IGNORECASE,
)
_NEWSLETTER_FOOTER_RE = re.compile(
    r"view (?:this|the|our)? ?(?:e-?mail|message|newsletter|issue|version)? ?"
    r"(?:online|in (?:your|a|the) (?:web )?browser|as a web ?page)"
    r"|(?:update|manage|change|edit) (?:your )?(?:e-?mail |subscription |mailing |"
    r"notification |communication |marketing )?(?:preferences|settings|subscriptions?)"
    r"|e-?mail preferences"
    r"|unsubscribe from (?:this|our|the|all) (?:list|mailing|e-?mails?|newsletters?|"
    r"marketing|communications)"
    r"|you(?:'re| are) receiving this (?:e-?mail|message|newsletter)? ?because you "
    r"(?:(?:have )?(?:subscribed|signed up|opted in|registered|joined)|are (?:a )?"
    r"(?:subscribed|subscriber|member|customer))"
    r"|you (?:have )?received this (?:e-?mail|message|newsletter) because you "
    r"(?:(?:have )?(?:subscribed|signed up|opted in|registered|joined)|are (?:a )?"
    r"(?:subscribed|subscriber|member|customer))"
    # The same in other languages: unsubscribing from a list or newsletter, not a bare
    # "se désabonner" (platforms put that under one-to-one campaign invites too).
    r"|(?:vom newsletter abmelden|newsletter abbestellen|von (?:diesem|unserem) newsletter|"
    r"(?:se désabonner|vous désinscrire|désinscri(?:re|vez)-vous) (?:de|à) (?:cette|la|notre|nos) "
    r"(?:liste|newsletter|lettre|communications)|"
    r"darse de baja de (?:esta|la|nuestra) (?:lista|newsletter)|"
    r"annulla (?:l')?iscrizione (?:alla|dalla) (?:newsletter|lista)|"
    r"cancelar (?:a )?inscrição (?:da|na) (?:newsletter|lista)|"
    r"afmelden voor (?:deze|de|onze) nieuwsbrief|avsluta prenumeration(?:en)? på nyhetsbrev)",
    re.IGNORECASE,
)
_TAG_RE = re.compile(r"<[^>]*>")
_WS_RE = re.compile(r"\s+")

_FOOTER_SCAN = 20_000
_MANY_RECIPIENTS = 10


def _list_id(email: InboundEmail) -> str:
    value = email.header("list-id") or ""
    match = re.search(r"<([^>]+)>", value)
    return (match.group(1) if match else value).strip().lower()


def _newsletter_footer(email: InboundEmail) -> bool:
    text = email.text or ""
    chunks = [text[:_FOOTER_SCAN], text[-_FOOTER_SCAN:]] if text else []
    if email.html:
        html = email.html
        for piece in (html[: _FOOTER_SCAN * 2], html[-_FOOTER_SCAN * 2 :]):
            chunks.append(_WS_RE.sub(" ", _TAG_RE.sub(" ", piece)))
    return any(_NEWSLETTER_FOOTER_RE.search(_WS_RE.sub(" ", c)) for c in chunks)


def _check_bulk(email: InboundEmail, trusted_list_ids: Collection[str]) -> ScreenVerdict | None:
    list_id = _list_id(email)
    trusted = bool(list_id) and list_id in {t.strip().strip("<>").lower() for t in trusted_list_ids}
    if trusted:
        return None
    if list_id or _has(email, "list-id"):
        return ScreenVerdict(ScreenReason.BULK, "header list-id")
    for value in _values(email, "precedence"):
        token = _first_token(value)
        if token in {"bulk", "list", "junk"}:
            return ScreenVerdict(ScreenReason.BULK, f"header precedence={token}")
    if not _has(email, "list-unsubscribe"):
        return None
    # List-Unsubscribe alone is not enough: one-to-one outreach tools add it too.
    for name in _MARKETING_HEADERS:
        if _has(email, name):
            return ScreenVerdict(ScreenReason.BULK, f"list-unsubscribe + header {name}")
    mailer = email.header("x-mailer") or ""
    if _NEWSLETTER_MAILER_RE.search(mailer):
        return ScreenVerdict(ScreenReason.BULK, "list-unsubscribe + newsletter x-mailer")
    if _has(email, "feedback-id"):
        return ScreenVerdict(ScreenReason.BULK, "list-unsubscribe + header feedback-id")
    recipients = len(email.to) + len(email.cc)
    if recipients == 0 or recipients >= _MANY_RECIPIENTS:
        kind = "hidden" if recipients == 0 else "many"
        return ScreenVerdict(ScreenReason.BULK, f"list-unsubscribe + {kind} recipients")
    if _newsletter_footer(email):
        return ScreenVerdict(ScreenReason.BULK, "list-unsubscribe + newsletter footer")
    return None


# --------------------------------------------------------------------------------------------
# No-reply senders
# --------------------------------------------------------------------------------------------

_NO_REPLY_TOKENS = frozenset(
    {
        "noreply",
        "donotreply",
        "dontreply",
        "donotrespond",
        "noresponse",
        "notifications",
        "notification",
        "notify",
        "notifier",
        "alerts",
        "alert",
        "mailer",
        "bounce",
        "bounces",
        "newsletter",
        "newsletters",
        "news",
        "automated",
        "automailer",
        "system",
        "daemon",
        "mailerdaemon",
        "nobody",
    }
)
_LOCAL_SPLIT_RE = re.compile(r"[._\-+=]+")
_NO_REPLY_NAME_RE = re.compile(r"\b(?:no[\s._-]?reply|do[\s._-]?not[\s._-]?reply)\b", re.I)


def _no_reply_token(address: Address) -> str | None:
    tokens = [t for t in _LOCAL_SPLIT_RE.split(address.local_part.lower()) if t]
    for size in (1, 2, 3):
        for start in range(len(tokens) - size + 1):
            joined = "".join(tokens[start : start + size])
            if joined in _NO_REPLY_TOKENS:
                return joined
    return None


def _is_no_reply(address: Address) -> str | None:
    token = _no_reply_token(address)
    if token:
        return f"sender local part token {token}"
    if address.name and _NO_REPLY_NAME_RE.search(address.name):
        return "sender name no-reply"
    return None


def _check_no_reply(email: InboundEmail) -> ScreenVerdict | None:
    if email.from_ is None:
        return None
    detail = _is_no_reply(email.from_)
    if detail is None:
        return None
    # A human Reply-To rescues a no-reply From: brands send from no-reply with the account
    # manager in Reply-To, and our answer goes to Reply-To.
    if any(r.address and _is_no_reply(r) is None for r in email.reply_to):
        return None
    return ScreenVerdict(ScreenReason.NO_REPLY, detail)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _verdict_checks(verdicts: SesVerdicts) -> ScreenVerdict | None:
    if verdicts.virus == "FAIL":
        return ScreenVerdict(ScreenReason.VIRUS, "ses virus=FAIL")
    if verdicts.spam == "FAIL":
        return ScreenVerdict(ScreenReason.SPAM, "ses spam=FAIL")
    if verdicts.dmarc == "FAIL":
        policy = f" policy={verdicts.dmarc_policy}" if verdicts.dmarc_policy else ""
        return ScreenVerdict(ScreenReason.DMARC_FAIL, f"ses dmarc=FAIL{policy}")
    return None


def screen_email(
    email: InboundEmail,
    *,
    own_addresses: Collection[str] = (),
    own_domains: Collection[str] = (),
    verdicts: SesVerdicts | None = None,
    blocklist: Blocklist | None = None,
    trusted_list_ids: Collection[str] = (),
) -> ScreenVerdict | None:
    """Decide whether ``email`` must never be answered.

    Rules run in order (our own reply header, bounce, own mail, virus, spam, DMARC failure,
    auto-reply, bulk, no-reply, blocked) and the first hit wins; see the module docstring.

    Args:
        email: The parsed message.
        own_addresses: Addresses Repflow sends from; mail from them is our own.
        own_domains: Domains only Repflow sends from (subdomains included).
        verdicts: SES receipt verdicts; when None they are read from the ``X-SES-*`` and
            ``Authentication-Results: amazonses.com`` headers, if any.
        blocklist: The creator's blocked senders, checked against From and Reply-To.
        trusted_list_ids: List-Ids of lists that *are* the creator's inbox (a Google Group
            used as a shared address); their list headers do not make mail bulk.

    Returns:
        A verdict for machine or unwanted mail, None for mail a person wrote.
    """
    # A delivery report from our own domain's mail server is a bounce first and foremost.
    verdict = (
        None if _has(email, OWN_MAIL_HEADER.lower()) else _check_bounce(email)
    ) or _check_own(email, own_addresses, own_domains)
    if verdict:
        return verdict
    verdict = _verdict_checks(verdicts if verdicts is not None else SesVerdicts.from_headers(email))
    if verdict:
        return verdict
    # _check_bounce already ran above (and found nothing) unless our own header was present,
    # in which case _check_own returned.
    verdict = _check_auto_reply(email)
    if verdict:
        return verdict
    null_sender = _envelope_daemon(email)
    if null_sender:
        return ScreenVerdict(ScreenReason.BOUNCE, f"null {null_sender}")
    verdict = _check_bulk(email, trusted_list_ids) or _check_no_reply(email)
    if verdict:
        return verdict
    if blocklist is not None:
        if email.from_ is not None and blocklist.matches(email.from_.address):
            return ScreenVerdict(ScreenReason.BLOCKED, "from matches blocklist")
        if any(blocklist.matches(r.address) for r in email.reply_to):
            return ScreenVerdict(ScreenReason.BLOCKED, "reply-to matches blocklist")
    return None


#: Every header (lower-case) screening reads; a parser that keeps only some headers must keep
#: these, and threading needs ``message-id``, ``in-reply-to`` and ``references`` besides.
SCREEN_HEADERS: frozenset[str] = frozenset(
    {
        OWN_MAIL_HEADER.lower(),
        "x-ses-spam-verdict",
        "x-ses-virus-verdict",
        "authentication-results",
        "received-spf",
        "content-type",
        "from",
        "x-failed-recipients",
        "x-ms-exchange-message-is-ndr",
        "x-ms-embedded-report",
        "x-apple-unsubscribe",
        "x-loop",
        "x-mlserver",
        "return-path",
        "x-envelope-from",
        "auto-submitted",
        *_AUTO_PRESENCE_HEADERS,
        "precedence",
        "x-precedence",
        "x-apple-action",
        "x-ms-exchange-inbox-rules-loop",
        "x-ms-exchange-generated-message-source",
        "x-auto-response-suppress",
        "list-id",
        "list-unsubscribe",
        *_MARKETING_HEADERS,
        "x-mailer",
        "feedback-id",
    }
)
