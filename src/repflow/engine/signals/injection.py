"""Injection signals of one email: visible text, hidden HTML, invisible and encoded text."""

from __future__ import annotations

import base64
import binascii
import unicodedata

from repflow.engine.signals.hidden_html import _scan_html
from repflow.engine.signals.injection_rules import (
    _AI_MENTION,
    _B64_RUN,
    _BIDI_OVERRIDE,
    _IMPERATIVE,
    _REDIRECT,
    _TAG_RUN,
    _ZW_IN_WORD,
    _injection_hits,
)
from repflow.engine.signals.lookalikes import registrable_domain
from repflow.engine.signals.rules import (
    _add,
    _analyse,
    _gated,
    _lower,
    _result,
    _snippet,
    _Text,
    _word_start,
    _words,
)
from repflow.engine.signals.verdicts import _MAX_HEADER, _MAX_TEXT, Signal
from repflow.mail.models import InboundEmail

# --------------------------------------------------------------------------------------------
# Injection signals
# --------------------------------------------------------------------------------------------


def injection_signals(email: InboundEmail, text: str) -> list[Signal]:
    """Deterministic evidence that an email tries to instruct the model (OWASP LLM01).

    Looks at the subject, the sender's display name, the readable body and the rest of the
    plain text, at HTML a reader cannot see, at invisible and tag characters and at base64 blobs.

    Args:
        email: the parsed message.
        text: its readable body: new text plus forwarded text.

    Returns:
        One :class:`Signal` per code that fired (the strongest), strongest first.
    """
    found: dict[str, Signal] = {}
    parts = [text or "", (email.subject or "")[:_MAX_HEADER]]
    if email.from_ is not None and email.from_.name:
        parts.append(email.from_.name[:_MAX_HEADER])
    full = email.text or ""
    if full.strip():
        # the rest of the plain text (quoted history, signature) can carry instructions too
        rest = full.replace(text, "", 1) if text and text in full else full
        if rest.strip() and rest.strip() != (text or "").strip():
            parts.append(rest)
    raw = "\n".join(p[:_MAX_TEXT] for p in parts if p)
    visible = _analyse(raw)
    for signal in _injection_hits(visible).values():
        _add(found, signal)
    _redirect_signals(email, visible, found)
    if not raw.isascii():
        _invisible_signals(raw, visible, found)
    if email.html:
        _hidden_html_signals(email.html, found)
    _encoded_signals(raw, found)
    return _result(found)


def _redirect_signals(email: InboundEmail, t: _Text, found: dict[str, Signal]) -> None:
    """Asks to send mail to an address of another domain: weak alone (people do ask it)."""
    if "@" not in t.lower or not _gated(t, _REDIRECT.gates):
        return
    sender_reg = registrable_domain(email.from_.domain) if email.from_ is not None else ""
    for m in _REDIRECT.pattern.finditer(t.lower):
        if _word_start(t.lower, m.start()) and registrable_domain(m.group(1)) != sender_reg:
            _add(
                found,
                Signal(
                    "redirect_reply", 0.5, f"asks to send mail elsewhere: “{_snippet(m.group(0))}”"
                ),
            )
            return


def _invisible_signals(raw: str, visible: _Text, found: dict[str, Signal]) -> None:
    """Zero-width characters inside words, Unicode tag characters, bidi overrides."""
    interleaved = len(_ZW_IN_WORD.findall(raw))
    if interleaved:
        seen = _injection_hits(_analyse_keep_invisible(raw))
        revealed = {c: s for c, s in _injection_hits(visible).items() if c not in seen}
        if any(s.weight >= 0.5 for s in revealed.values()):
            _add(
                found,
                Signal(
                    "obfuscated_instructions", 1.0, "instructions split by zero-width characters"
                ),
            )
        elif interleaved >= 3:
            _add(
                found,
                Signal(
                    "invisible_characters", 0.3, f"{interleaved} zero-width characters inside words"
                ),
            )
    for m in _TAG_RUN.finditer(raw):
        run = m.group(0)
        if m.start() > 0 and raw[m.start() - 1] == "\U0001f3f4" and len(run) <= 8:
            continue  # subdivision flag emoji (England, Scotland, Wales)
        decoded = "".join(chr(ord(c) - 0xE0000) for c in run if 0x20 <= ord(c) - 0xE0000 < 0x7F)
        if len(decoded.strip()) >= 4:
            _add(
                found,
                Signal(
                    "unicode_tag_smuggling",
                    1.0,
                    f"invisible tag characters spell “{_snippet(decoded)}”",
                ),
            )
            break
    if _BIDI_OVERRIDE.search(raw):
        _add(found, Signal("bidi_override", 0.4, "bidirectional override characters"))


def _analyse_keep_invisible(text: str) -> _Text:
    text = unicodedata.normalize("NFKC", text[:_MAX_TEXT])
    lower = _lower(text)
    return _Text(text, lower, _words(lower))


def _hidden_html_signals(html: str, found: dict[str, Signal]) -> None:
    """Instructions in HTML a reader cannot see; hidden text alone (preheaders) is fine."""
    hidden = _scan_html(html).hidden
    if not hidden or not any(ch.isalpha() for ch in hidden):
        return
    t = _analyse(hidden)
    hits = _injection_hits(t)
    strong = [s for s in hits.values() if s.weight >= 0.5]
    if strong:
        best = max(strong, key=lambda s: s.weight)
        _add(found, Signal("hidden_instructions", 1.0, f"hidden HTML: {best.detail}"))
        return
    ai = _AI_MENTION.search(t.lower)
    if ai and _IMPERATIVE.search(t.lower):
        start = max(0, ai.start() - 20)
        _add(
            found,
            Signal(
                "hidden_instructions",
                0.7,
                f"hidden HTML addresses an AI: “{_snippet(t.text[start:])}”",
            ),
        )
    elif hits:
        _add(
            found,
            Signal("hidden_instructions", 0.4, f"hidden HTML: {next(iter(hits.values())).detail}"),
        )
    if "@" in t.lower and _gated(t, _REDIRECT.gates):
        redirect = _REDIRECT.pattern.search(t.lower)
        if redirect:
            _add(
                found,
                Signal(
                    "hidden_instructions",
                    0.7,
                    f"hidden HTML redirects mail: “{_snippet(redirect.group(0))}”",
                ),
            )


def _encoded_signals(raw: str, found: dict[str, Signal]) -> None:
    """Long base64 runs that decode to instructions."""
    if len(raw) < 40:
        return
    for n, m in enumerate(_B64_RUN.finditer(raw)):
        if n >= 5:
            break
        blob = m.group(0)[:8192]
        try:
            plain = base64.b64decode(blob + "=" * (-len(blob) % 4)).decode("utf-8")
        except (binascii.Error, ValueError):
            continue
        if not plain or sum(ch.isprintable() or ch.isspace() for ch in plain) < 0.9 * len(plain):
            continue
        if any(s.weight >= 0.5 for s in _injection_hits(_analyse(plain)).values()):
            _add(
                found,
                Signal(
                    "encoded_instructions",
                    1.0,
                    f"base64 text decodes to instructions: “{_snippet(plain)}”",
                ),
            )
            return
