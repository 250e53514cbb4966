"""Scam signals of one email: senders, attachments, links, claims and the scam rules."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from urllib.parse import urlsplit

from repflow.engine.signals.brand_data import (
    _ARCHIVE_EXTS,
    _ARCHIVE_TYPES,
    _DECOY_EXTS,
    _EXECUTABLE_EXTS,
    _EXECUTABLE_TYPES,
    _FILE_HOSTS,
    _HTML_EXTS,
    _LINK_WRAPPERS,
    _MACRO_EXTS,
    _PLATFORMS,
    _SHORTENERS,
    KNOWN_BRANDS,
)
from repflow.engine.signals.hidden_html import _scan_html
from repflow.engine.signals.lang_rules import lang_scam_signals
from repflow.engine.signals.lookalikes import (
    _BrandIndex,
    _index_for,
    _is_webmail,
    _squash,
    registrable_domain,
)
from repflow.engine.signals.rules import (
    _FORWARD_FROM,
    _INVISIBLE_RE,
    _TLDS,
    _URL,
    _ZERO,
    _add,
    _analyse,
    _bare_hosts,
    _gated,
    _lower,
    _result,
    _run_rules,
    _snippet,
    _Text,
    _url_host,
    _word_set,
    _word_start,
)
from repflow.engine.signals.scam_rules import (
    _ARCHIVE_CONTEXT,
    _CRYPTO_RULES,
    _DOWNLOAD_WORDS,
    _GENERIC_LOGIN,
    _OVERPAYMENT_RULES,
    _PASSWORD,
    _PASSWORD_WORDS,
    _PLATFORM_LOGIN,
    _PRIVATE_DATA_RULES,
    _PRIVATE_WORD,
    _PURPOSE,
    _PURPOSE_WORDS,
    _SCAM_TEXT_RULES,
    _SENTENCE_SPLIT,
    _THIRD_PARTY,
    _URGENCY_RULES,
    _absurd_pay,
    _advance_fee,
)
from repflow.engine.signals.verdicts import _MAX_HEADER, Signal
from repflow.mail.models import Address, Attachment, InboundEmail

# --------------------------------------------------------------------------------------------
# Scam signals
# --------------------------------------------------------------------------------------------

_CORPORATE_WORD = re.compile(
    r"\b(?:team|partnerships?|partners?|marketing|official|support|collabs?|collaborations?|"
    r"creators?|influencers?|sponsorships?|sponsors?|pr|brand|hq|media|ambassadors?|inc|llc|"
    r"ltd|corp|careers|hr|recruit\w*|talent|campaigns?|studios?|games|gaming|affiliates?|ads|"
    r"business|global|group|department|rewards|payments?|billing|security|legal)\b",
    re.IGNORECASE,
)
_CLAIM_WORDS = _word_set(
    "behalf representing here writing reaching contacting emailing partnership partnerships "
    "marketing influencer creator collaboration collaborations sponsorship sponsorships brand "
    "pr talent social affiliate i im we this"
)
_CLAIM_PREFIX = re.compile(
    r"(?:on[ \t]+behalf[ \t]+of|representing|here[ \t]+at|writing[ \t]+(?:to[ \t]+you[ \t]+)?from"
    r"|(?:reaching[ \t]+out|writing|contacting[ \t]+you|emailing)[ \t]+(?:to[ \t]+you[ \t]+)?"
    r"(?:from|on[ \t]+behalf[ \t]+of)"
    r"|(?:partnerships?|marketing|influencer|creator|collaborations?|sponsorships?|brand|pr|"
    r"talent|social[ \t]+media|affiliate)[ \t]+(?:team[ \t]+|manager[ \t]+|lead[ \t]+|"
    r"director[ \t]+|department[ \t]+|coordinator[ \t]+|specialist[ \t]+|executive[ \t]+)?"
    r"(?:at|from|for|@)"
    r"|(?P<who>i[ \t]+am|i'm|i’m|we[ \t]+are|we're|we’re|this[ \t]+is)[ \t]+"
    r"(?P<between>(?:[\w.'’-]+[ \t]+){0,3}?)(?:from|at|with)"
    r"|(?P<we>we[ \t]+are|we're|we’re))"
    r"[ \t]+(?:(?:the|our[ \t]+client)[ \t]+)?"
)
_CLAIM_NAME = re.compile(r"[A-Z0-9][\w'&.’-]*(?:[ \t]+[A-Z0-9][\w'&.’-]*){0,3}")
_CLAIM_SUFFIX = re.compile(
    r"[ \t]+(?:(?:partnerships?|sponsorships?|collaborations)(?:[ \t]+(?:team|department|dept)\b"
    r"|[ \t]*(?=$|[|,–—-]))"
    r"|(?:marketing|influencer|creator|collab|brand|pr|affiliate)[ \t]+(?:team|department|dept)\b)",
    re.MULTILINE,
)
_NAME_BEFORE = re.compile(
    r"(?<![\w'&.’-])(?P<name>[A-Z0-9][\w'&.’-]*(?:[ \t]+[A-Z0-9][\w'&.’-]*){0,2})$"
)
_NOT_NAMES = frozenset(
    {"i", "we", "our", "the", "a", "an", "my", "hi", "hello", "dear", "this", "that", "you",
     "your", "creator", "brand", "team", "it", "me", "us", "paid", "new", "exclusive",
     "official", "global", "influencer"}
)  # fmt: skip
_DISPLAY_DOMAIN = re.compile(
    r"(?<![\w.-])((?:[a-z0-9-]+\.)+(?:com|net|org|io|co|me|app|xyz|info|biz|online|site|top|"
    r"live|support|shop|store|agency|media|studio|games|gg|tv|[a-z]{2}))(?![\w-])"
)


def _claims(t: _Text, index: _BrandIndex) -> tuple[set[str], str | None]:
    """Known brands the text claims to speak for, and one generic claimed name (if any)."""
    if t.words.isdisjoint(_CLAIM_WORDS):
        return set(), None
    text, lower = t.text, t.lower
    names: list[str] = []
    for m in _CLAIM_PREFIX.finditer(lower):
        if not _word_start(lower, m.start()):
            continue
        between = m.group("between")
        if (
            m.group("who")
            and between
            and not all(
                w[:1].isupper() for w in text[m.start("between") : m.end("between")].split()
            )
        ):
            continue  # "I'm a big fan of ..." is not "I'm Alex from ..."
        found_name = _CLAIM_NAME.match(text, m.end())
        if found_name is not None:
            names.append(found_name.group(0))
    if not t.words.isdisjoint(
        {
            "partnership",
            "partnerships",
            "sponsorship",
            "sponsorships",
            "collaborations",
            "team",
            "department",
            "dept",
        }
    ):
        for m in _CLAIM_SUFFIX.finditer(lower):
            before = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
            if before is not None:
                names.append(before.group("name"))
    known: set[str] = set()
    generic: str | None = None
    for raw in names:
        name = raw.strip(" .,'’")
        if not name or name.lower() in _NOT_NAMES:
            continue
        brands = index.mentions(name)
        if brands:
            known |= brands
        elif generic is None:
            generic = name
    return known, generic


def _display_brands(name: str, index: _BrandIndex) -> set[str]:
    """Brands a display name presents itself as (ambiguous names need a role word too)."""
    mentioned = index.mentions(name) if name else set()
    if not mentioned:
        return set()
    corporate = _CORPORATE_WORD.search(name) is not None
    return {b for b in mentioned if corporate or b not in index.ambiguous}


def _attachment_signals(
    attachments: Iterable[Attachment], t: _Text, found: dict[str, Signal]
) -> None:
    password: bool | None = None
    for att in attachments:
        raw_name = att.filename or ""
        clean = _INVISIBLE_RE.sub("", raw_name)
        name = clean.strip().lower().rstrip(". ")
        ctype = att.content_type.lower()
        shown = _snippet(clean) or ctype
        if "\u202e" in raw_name or "\u202d" in raw_name:
            _add(found, Signal("dangerous_attachment", 1.0, f"right-to-left override in “{shown}”"))
            continue
        parts = re.split(r"\s*\.\s*", name)
        ext = parts[-1] if len(parts) > 1 else ""
        prev = parts[-2] if len(parts) > 2 else ""
        if ext in _EXECUTABLE_EXTS or ctype in _EXECUTABLE_TYPES:
            kind = "double extension" if prev in _DECOY_EXTS else "executable"
            _add(found, Signal("dangerous_attachment", 1.0, f"{kind} “{shown}”"))
        elif ext in _ARCHIVE_EXTS or ctype in _ARCHIVE_TYPES:
            if password is None:
                password = _password_given(t)
            if att.encrypted:
                _add(
                    found, Signal("encrypted_archive", 1.0, f"password-protected archive “{shown}”")
                )
            elif password:
                _add(
                    found,
                    Signal(
                        "encrypted_archive", 1.0, f"archive “{shown}” with a password in the text"
                    ),
                )
            else:
                _add(found, Signal("dangerous_attachment", 0.3, f"archive “{shown}”"))
        elif ext in _MACRO_EXTS or "macroenabled" in ctype:
            _add(found, Signal("dangerous_attachment", 0.7, f"macro-enabled document “{shown}”"))
        elif ext in _HTML_EXTS or (ctype == "text/html" and raw_name and not att.inline):
            _add(found, Signal("dangerous_attachment", 0.5, f"HTML attachment “{shown}”"))
        elif att.encrypted:
            _add(found, Signal("encrypted_archive", 1.0, f"encrypted attachment “{shown}”"))


def _password_given(t: _Text) -> bool:
    """Whether the text hands out a password ("archive password: 2024", "pass: brand2024")."""
    if t.words.isdisjoint(_PASSWORD_WORDS) and "mot de passe" not in t.lower:
        return False
    for m in _PASSWORD.finditer(t.lower):
        if not _word_start(t.lower, m.start()):
            continue
        window = t.lower[max(0, m.start() - 120) : m.end() + 80]
        if any(ch.isdigit() for ch in m.group(1)) or _ARCHIVE_CONTEXT.search(window):
            return True
    return False


def _all_attachments(email: InboundEmail, depth: int = 0) -> Iterator[Attachment]:
    yield from email.attachments
    if depth < 3:
        for inner in email.attached_messages:
            yield from _all_attachments(inner, depth + 1)


_MESSENGER_HOSTS = frozenset({"t.me", "telegram.me", "wa.me", "chat.whatsapp.com", "wa.link"})
_CODE_HOSTS = frozenset({"github.com", "gitlab.com", "githubusercontent.com", "sourceforge.net"})
_TRACKING_SUBDOMAINS = frozenset(
    {"click", "clicks", "links", "link", "email", "trk", "track", "tracking", "go", "url", "r",
     "e", "t", "l", "lnk", "redirect", "mail", "em", "news", "info", "url9345"}
)  # fmt: skip


def _link_signals(
    email: InboundEmail,
    t: _Text,
    index: _BrandIndex,
    mentioned: set[str],
    found: dict[str, Signal],
) -> None:
    """File hosts, executable links, deceptive and lookalike links, link-text mismatches."""
    urls = [m.group(0) for m in _URL.finditer(t.lower)][:60]
    if email.html:
        for href, visible in _scan_html(email.html).links:
            lowered = href.strip().lower()
            if lowered.startswith(("http://", "https://")):
                urls.append(lowered)
            _link_text_mismatch(lowered, visible, index, found)
    hosts: dict[str, None] = {}
    downloading = not t.words.isdisjoint(_DOWNLOAD_WORDS)
    password: bool | None = None
    for url in list(dict.fromkeys(urls))[:120]:
        host = _url_host(url)
        if not host:
            continue
        hosts[host] = None
        authority = url.split("//", 1)[-1].split("/", 1)[0]
        if "@" in authority:
            _add(found, Signal("deceptive_link", 0.5, f"user-name trick in a link to {host}"))
        if _is_ip(host):
            _add(found, Signal("deceptive_link", 0.5, f"link to the bare IP address {host}"))
        path = urlsplit(url if "//" in url else "http://" + url).path.rstrip("/")
        last = path.rsplit("/", 1)[-1]
        ext = last.rsplit(".", 1)[-1] if "." in last else ""
        reg = registrable_domain(host)
        file_host = host in _FILE_HOSTS or reg in _FILE_HOSTS
        if ext in _EXECUTABLE_EXTS and ext not in {"com", "app", "url", "one", "inf", "img"}:
            _add(found, Signal("external_download", 1.0, f"link to an executable on {host}"))
            continue
        if reg in _CODE_HOSTS:
            if "/releases/" in path and downloading:
                _add(found, Signal("external_download", 0.4, f"release download on {host}"))
            continue
        shortened = host in _SHORTENERS or reg in _SHORTENERS
        if ext in _ARCHIVE_EXTS and (file_host or shortened):
            password = _password_given(t) if password is None else password
            _add(
                found,
                Signal("external_download", 1.0 if password else 0.6, f"archive link on {host}"),
            )
        elif (file_host or shortened) and downloading:
            password = _password_given(t) if password is None else password
            detail = "with a password " if password else ""
            _add(
                found,
                Signal(
                    "external_download",
                    1.0 if password else 0.4,
                    f"download {detail}from file host {host}",
                ),
            )
    for host in _bare_hosts(t.lower):
        hosts.setdefault(host, None)
    for host in list(hosts)[:80]:
        if host in _MESSENGER_HOSTS:
            _add(found, Signal("messenger_contact", 0.3, f"messenger link {host}"))
            continue
        hit = index.lookalike(host, mentioned, sender=False)
        if hit is not None:
            _add(
                found,
                Signal("lookalike_link", 1.0, f"link to {host} imitates {hit.domain} ({hit.kind})"),
            )


def _is_ip(host: str) -> bool:
    if not host or not (host[0].isdigit() or host.startswith("[")):
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _link_text_mismatch(
    href: str, visible: str, index: _BrandIndex, found: dict[str, Signal]
) -> None:
    """A link whose visible text is an address or URL other than where it goes."""
    visible = visible.strip().strip("<>").strip().lower()
    if not visible or " " in visible or "." not in visible or len(visible) > 300:
        return
    if href.startswith("mailto:"):
        shown = visible.removeprefix("mailto:")
        target = href[7:].split("?", 1)[0]
        if "@" in shown and "@" in target and shown != target:
            _add(
                found,
                Signal(
                    "link_text_mismatch",
                    0.6,
                    f"shows {_snippet(shown)} but writes to {_snippet(target)}",
                ),
            )
        return
    if not href.startswith(("http://", "https://")) or ("@" in visible and "/" not in visible):
        return
    shown_host = _url_host(visible)
    target_host = _url_host(href)
    if not re.fullmatch(r"[a-z0-9.-]+\." + _TLDS + r"|[a-z0-9.-]+\.[a-z]{2}", shown_host or ""):
        return
    shown_reg = registrable_domain(shown_host)
    target_reg = registrable_domain(target_host)
    if not target_reg or shown_reg == target_reg:
        return
    if target_reg in _LINK_WRAPPERS or target_host in _LINK_WRAPPERS:
        return
    if target_host.split(".", 1)[0] in _TRACKING_SUBDOMAINS:
        return
    owners = index.owners.get(shown_reg, set())
    if owners & index.owners.get(target_reg, set()):
        return
    strong = bool(owners) or _is_webmail(shown_reg)
    _add(
        found,
        Signal(
            "link_text_mismatch",
            1.0 if strong else 0.6,
            f"link shows {shown_host} but goes to {target_host}",
        ),
    )


_PLATFORM_BRAND = {"gmail": "google", "ig": "instagram", "outlook": "microsoft"}


def _login_signals(
    t: _Text, sender_domain: str, index: _BrandIndex, found: dict[str, Signal]
) -> None:
    """Sign-in / account connection asked for to get at an offer, contract or payment."""
    purpose = not t.words.isdisjoint(_PURPOSE_WORDS)
    lower = t.lower
    if _gated(t, _PLATFORM_LOGIN.gates):
        for m in _PLATFORM_LOGIN.pattern.finditer(lower):
            if not _word_start(lower, m.start()):
                continue
            platform = _PLATFORM_BRAND.get(m.group("platform"), m.group("platform"))
            if sender_domain and index.owns(platform, sender_domain):
                continue  # TikTok asking to link a TikTok account is how its marketplace works
            window = lower[max(0, m.start() - 200) : m.end() + 200]
            if purpose and _PURPOSE.search(window):
                _add(
                    found,
                    Signal(
                        "login_to_accept",
                        1.0,
                        f"account sign-in to get the offer: “{_snippet(m.group(0))}”",
                    ),
                )
                return
            _add(
                found,
                Signal("login_to_accept", 0.3, f"account connection: “{_snippet(m.group(0))}”"),
            )
    if not purpose or found.get("login_to_accept", _ZERO).weight >= 0.6:
        return
    if _gated(t, _GENERIC_LOGIN.gates):
        for m in _GENERIC_LOGIN.pattern.finditer(lower):
            if not _word_start(lower, m.start()):
                continue
            window = lower[max(0, m.start() - 120) : m.end() + 120]
            if _PURPOSE.search(window):
                _add(
                    found,
                    Signal(
                        "login_to_accept",
                        0.6,
                        f"sign-in to get the offer: “{_snippet(m.group(0))}”",
                    ),
                )
                return


def scam_signals(
    email: InboundEmail,
    text: str,
    *,
    known_brands: Mapping[str, Collection[str]] = KNOWN_BRANDS,
) -> list[Signal]:
    """Deterministic evidence that an email is a scam (impersonation, malware, phishing, fees).

    Args:
        email: the parsed message (senders, Reply-To, attachments and HTML are read).
        text: its readable body: new text plus forwarded text, without quoted history.
        known_brands: brand name -> registrable domains it legitimately uses.

    Returns:
        One :class:`Signal` per code that fired (the strongest), strongest first.
    """
    index = _index_for(known_brands)
    found: dict[str, Signal] = {}
    body = _analyse(text or "")
    subject = _analyse(email.subject or "", _MAX_HEADER)
    sender = email.from_
    sender_domain = sender.domain if sender else ""
    sender_reg = registrable_domain(sender_domain) if sender_domain else ""
    display = _analyse(sender.name, _MAX_HEADER).text if sender else ""
    webmail = _is_webmail(sender_domain)
    mentioned = index.mentions(display) | index.mentions(subject) | index.mentions(body)
    forwarded_from = _forwarded_senders(email, body)

    display_brands = _display_brands(display, index)
    lookalikes = _sender_lookalikes(email, forwarded_from, index, mentioned, display_brands, found)
    if sender is not None and webmail:
        _webmail_claims(sender, display_brands, body, subject, forwarded_from, index, found)
    elif sender is not None and sender_domain:
        foreign = {b for b in display_brands if not index.owns(b, sender_domain)}
        if foreign and " via " not in display.lower():
            _add(
                found,
                Signal(
                    "display_name_mismatch",
                    0.7,
                    f"display name names {', '.join(sorted(foreign))}, sender is {sender_reg}",
                ),
            )
    if sender is not None and "." in display and " via " not in display.lower():
        for m in _DISPLAY_DOMAIN.finditer(display.lower()):
            shown_reg = registrable_domain(m.group(1))
            if shown_reg and sender_reg and shown_reg != sender_reg:
                strong = bool(index.owners.get(shown_reg)) or _is_webmail(shown_reg)
                _add(
                    found,
                    Signal(
                        "display_name_mismatch",
                        1.0 if strong else 0.6,
                        f"display name shows {m.group(1)}, sender is {sender_reg}",
                    ),
                )
                break

    for addr in email.reply_to:
        reply_reg = registrable_domain(addr.domain) if addr.domain else ""
        if not reply_reg or not sender_reg or reply_reg == sender_reg:
            continue
        risky = _is_webmail(addr.domain) or webmail or bool(lookalikes & {reply_reg, sender_reg})
        _add(
            found,
            Signal(
                "reply_to_mismatch",
                0.7 if risky else 0.2,
                f"Reply-To {reply_reg} differs from sender {sender_reg}",
            ),
        )

    if sender is not None and webmail is False:
        _reply_to_webmail(email, sender, sender_reg, display, index, found)
    _attachment_signals(_all_attachments(email), body, found)
    _run_rules(_SCAM_TEXT_RULES, body, found)
    lang_scam_signals(body, found)
    _run_rules(_CRYPTO_RULES, body, found)
    _run_rules(_OVERPAYMENT_RULES, body, found)
    _private_data_signals(email, body, found)
    _advance_fee(body, found)
    if subject.text:
        _run_rules(_URGENCY_RULES, subject, found)
    _login_signals(body, sender_domain, index, found)
    _absurd_pay(body, found)
    _link_signals(email, body, index, mentioned, found)
    return _result(found)


#: Mail providers whose own notices ("Gmail Team" inviting a friend) reply to their webmail.
_MAIL_PROVIDERS = frozenset(
    {"google.com", "microsoft.com", "apple.com", "yahoo.com", "yahoo-inc.com", "aol.com",
     "proton.me", "protonmail.com", "zoho.com", "gmx.net", "gmx.de", "web.de", "mail.ru",
     "yandex.ru", "yandex.com", "fastmail.com", "icloud.com", "outlook.com", "hotmail.com"}
)  # fmt: skip


def _reply_to_webmail(
    email: InboundEmail,
    sender: Address,
    sender_reg: str,
    display: str,
    index: _BrandIndex,
    found: dict[str, Signal],
) -> None:
    """A company address that wants its answers at a free mailbox.

    A known brand's own domain, or a display name such as "Partnerships", with a Reply-To at
    gmail.com or outlook.com: the From is borrowed, the Reply-To is the scammer's.
    """
    if not sender_reg or _is_webmail(sender.domain) or sender_reg in _MAIL_PROVIDERS:
        return
    company = bool(index.owners.get(sender_reg)) or _CORPORATE_WORD.search(display) is not None
    if not company:
        return
    for addr in email.reply_to:
        if addr.domain and _is_webmail(addr.domain):
            reply_reg = registrable_domain(addr.domain)
            _add(
                found,
                Signal(
                    "reply_to_mismatch",
                    1.0,
                    f"company sender {sender_reg} wants replies at the free mailbox {reply_reg}",
                ),
            )
            return


def _private_data_signals(email: InboundEmail, body: _Text, found: dict[str, Signal]) -> None:
    """Requests for bank, identity or inbox data, on the visible text and on hidden HTML text."""
    texts = [body]
    joined = _unwrapped(body)
    if joined is not None:
        # plain-text mail is hard-wrapped: "reply with the full rate\n card and the phone
        # number" is one request, and the rules stop at line breaks
        texts.append(joined)
    if email.html and "data_theft" not in found:
        hidden = _scan_html(email.html)
        if hidden.hidden.strip():
            texts.append(_analyse(hidden.hidden))
    for t in texts:
        _run_rules(_PRIVATE_DATA_RULES, t, found)
    theft = found.get("data_theft")
    if theft is not None and theft.weight >= 1.0:
        return
    request = found.get("personal_data_request")
    if request is None:
        return
    # "antworte mit der IBAN ... des Creators": somebody else's private data, in one sentence
    for t in texts:
        for sentence in _SENTENCE_SPLIT.split(t.lower):
            if _PRIVATE_WORD.search(sentence) and _THIRD_PARTY.search(sentence):
                detail = f"asks for the creator's data: “{_snippet(sentence)}”"
                _add(found, Signal("data_theft", 1.0, detail))
                return


_WRAP = re.compile(r"(?<=[^\s.!?:;])[ \t]*\n[ \t]*(?=[\w(\"'“‘])")


def _unwrapped(t: _Text) -> _Text | None:
    """``t`` with hard-wrapped lines joined, or None when it has no wrapped line."""
    if "\n" not in t.text:
        return None
    text = _WRAP.sub(" ", t.text)
    if text == t.text:
        return None
    return _Text(text, _lower(text), t.words)


def _forwarded_senders(email: InboundEmail, body: _Text) -> list[str]:
    """Domains of the senders of forwarded messages (inline header blocks or attachments)."""
    domains = [m.group(1).rpartition("@")[2] for m in _FORWARD_FROM.finditer(body.lower)]
    full = (email.text or "")[:20_000]
    if full and full != body.text:
        domains += [m.group(1).rpartition("@")[2] for m in _FORWARD_FROM.finditer(full.lower())]
    domains += [m.from_.domain for m in email.attached_messages if m.from_ is not None]
    return list(dict.fromkeys(d for d in domains if d))[:10]


def _sender_lookalikes(
    email: InboundEmail,
    forwarded_from: list[str],
    index: _BrandIndex,
    mentioned: set[str],
    display_brands: set[str],
    found: dict[str, Signal],
) -> set[str]:
    """Lookalike From / Reply-To / forwarded-From domains; returns their registrable domains."""
    regs: set[str] = set()
    candidates: list[tuple[str, str]] = []
    if email.from_ is not None and email.from_.domain:
        candidates.append(("sender", email.from_.domain))
    candidates.extend(("Reply-To", a.domain) for a in email.reply_to if a.domain)
    candidates.extend(("forwarded sender", d) for d in forwarded_from)
    for role, domain in dict.fromkeys(candidates[:12]):
        hit = index.lookalike(domain, mentioned, sender=True)
        if hit is None and role == "sender":
            hit = index.fragment(domain, display_brands)
        if hit is not None:
            regs.add(registrable_domain(domain))
            _add(
                found,
                Signal(
                    "lookalike_domain",
                    1.0,
                    f"{role} domain {domain} imitates {hit.domain} ({hit.kind})",
                ),
            )
    return regs


def _webmail_claims(
    sender: Address,
    display_brands: set[str],
    body: _Text,
    subject: _Text,
    forwarded_from: list[str],
    index: _BrandIndex,
    found: dict[str, Signal],
) -> None:
    """A free-webmail sender that speaks for a brand (strong when it is a known brand)."""
    reg = registrable_domain(sender.domain)
    # a manager forwarding a brand's own mail: the claims in it belong to that brand's address
    forwarded_owned = {
        b for d in forwarded_from for b in index.owners.get(registrable_domain(d), set())
    }
    claimed, generic = _claims(body, index)
    subject_claimed, subject_generic = _claims(subject, index)
    strong = {
        b
        for b in ((claimed | subject_claimed) - forwarded_owned) | display_brands
        if not index.owns(b, sender.domain)
    }
    if strong:
        _add(
            found,
            Signal(
                "brand_from_free_webmail",
                1.0,
                f"claims to be {', '.join(sorted(strong))} from {reg}",
            ),
        )
        return
    local = _squash(sender.local_part)
    named = {
        b for squashed, b in index.by_squash.items() if len(squashed) >= 5 and squashed in local
    }
    named |= index.mentions(subject) - forwarded_owned
    named = {
        b
        for b in named
        if b not in index.ambiguous and b not in _PLATFORMS and not index.owns(b, sender.domain)
    }
    if named:
        _add(
            found,
            Signal("brand_from_free_webmail", 0.6, f"names {', '.join(sorted(named))} from {reg}"),
        )
    elif generic is not None or subject_generic is not None:
        _add(
            found,
            Signal(
                "brand_from_free_webmail",
                0.3,
                f"speaks for “{_snippet(generic or subject_generic or '')}” from {reg}",
            ),
        )
