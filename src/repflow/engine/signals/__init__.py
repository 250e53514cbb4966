r"""Deterministic scam and prompt-injection signals, run on every email whatever the engine.

Pure code, no I/O, no clock: :func:`scam_signals` and :func:`injection_signals` read an
:class:`~repflow.mail.models.InboundEmail` plus its readable body (new text + forwarded text) and
return :class:`Signal` objects; :func:`is_scam` and :func:`is_injection` turn them into verdicts
that force REVIEW (no reply is sent).

Scoring
    Every signal has a weight; at most one signal is returned per code (the strongest). A verdict
    is reached when the summed weight reaches :data:`SCAM_THRESHOLD` / :data:`INJECTION_THRESHOLD`
    (both 1.0). Strong evidence (a lookalike sender domain, an executable or password-protected
    attachment, a fee request, "ignore previous instructions", instructions hidden in HTML) weighs
    1.0 on its own; weak evidence (free webmail with a generic claim, urgency, a WhatsApp contact,
    a file-host link) only counts together with something else.

Scam codes (weight)
    ``lookalike_domain`` (1.0: From, Reply-To or a forwarded sender), ``lookalike_link`` (1.0),
    ``brand_from_free_webmail`` (1.0 a known brand claimed in the display name or text; 0.6 named
    in the subject or local part; 0.3 an unknown company claimed), ``display_name_mismatch``
    (0.7 brand in the display name; 1.0/0.6 another address shown), ``reply_to_mismatch`` (1.0 a
    known brand's domain or a team display name replying to free webmail; 0.7 webmail or
    lookalike involved; 0.2 otherwise), ``dangerous_attachment`` (1.0 executable,
    double extension, RTL override; 0.7 macro document; 0.5 HTML; 0.3 plain archive),
    ``encrypted_archive`` (1.0), ``download_build`` (0.6; 1.0 "turn off your antivirus"),
    ``external_download`` (0.4 file host + download wording; 0.6 archive link; 1.0 executable
    link or a password given), ``login_to_accept`` (1.0 platform account or credentials for the
    offer; 0.6 generic sign-in / channel verification; 0.3 account connection alone),
    ``fee_requested`` (1.0: a fee, deposit, shipping or purchase the creator pays first, even
    when "refunded with your first payment", or coins sent to a wallet address "to verify";
    0.6 a scam-typical fee merely named),
    ``absurd_pay`` (0.6: pay per like, or thousands bound to one story or shout-out),
    ``urgency`` (0.3), ``seed_phrase_request`` (1.0), ``crypto_payment`` (0.4),
    ``wallet_connect`` (1.0 connect a wallet to receive or claim; 0.6 otherwise),
    ``crypto_promotion`` (0.6 token presale, ICO, memecoin), ``overpayment`` (1.0 deposit a
    cheque and send the difference on), ``personal_data_request`` (1.0 bank data "to claim your
    spot" / "to release the payment", ID or card data; 0.3 bank details asked for, or private
    data asked for in the reply), ``data_theft`` (1.0 the inbox or documents in it asked for,
    or somebody else's private data: "reply with the creator's home address" or "minimum
    rate"; hard-wrapped lines are joined first), ``advance_fee_story`` (1.0 two
    stock phrases of inheritance or lottery fraud; 0.3 one), ``messenger_contact`` (0.3; 0.5
    "only on Telegram"), ``link_text_mismatch`` (1.0 a brand or webmail domain shown; 0.6
    otherwise), ``deceptive_link`` (0.5).

Injection codes (weight)
    ``instruction_override`` (1.0, also "your previous instructions are suspended"),
    ``role_marker`` (1.0 chat-template tokens, ``SYSTEM:``, ``[assistant-config]`` or
    ``[system override]`` blocks; 0.6 ``assistant:``), ``role_reassignment`` (1.0),
    ``system_prompt`` (1.0/0.6), ``decision_manipulation`` (1.0, also settings written for the
    reader such as ``auto_accept=true`` or ``skip_review: yes``; 0.5 "do not flag", "do not
    tell the creator"; 0.4 "mark as not spam"),
    ``data_exfiltration`` (1.0; 0.7 "the creator's rate card"), ``tool_call`` (1.0/0.6),
    ``jailbreak`` (0.6), ``ai_addressed`` (0.5), ``new_instructions`` (0.5), ``override`` (0.3),
    ``redirect_reply`` (0.6 "reply to x instead"; 0.5 "forward this to x" at another domain),
    ``hidden_instructions`` (1.0 instructions in hidden HTML; 0.7 hidden text addressing an AI;
    0.4 weak wording), ``obfuscated_instructions`` (1.0), ``unicode_tag_smuggling`` (1.0),
    ``encoded_instructions`` (1.0), ``bidi_override`` (0.4), ``invisible_characters`` (0.3).

Brands
    :data:`KNOWN_BRANDS` maps ~200 brand names that sponsor creators to their registrable
    domains. A sender domain "looks like" a brand domain when, after folding homoglyphs
    (Cyrillic/Greek lookalikes, ``0/o``, ``1/l/i``, ``rn/m``, ``vv/w``) and decoding IDN punycode,
    its registrable label equals the brand's, is within a small edit distance of it (0 for labels
    under 5 characters, 1 for 5-7, 2 for 8+; transpositions count once), carries the brand plus
    affix words (``nordvpn-partners``, ``getnordvpn``) or uses the brand's exact label under a
    generic TLD it does not own (``plarium.co``, ``epicgames.support``). Country-code variants
    (``hellofresh.de``) are taken as the brand's regional sites. Matches that common words or
    short names can produce by chance (``canvas`` vs ``canva``, ``msl`` vs ``msi``) only count
    when the brand is named in the display name, subject or text.

Injection
    Instruction-like wording aimed at an AI (OWASP LLM01) in EN/ES/FR/DE/PT/IT/NL/JA (words
    that address an AI followed closely by an order: "Hinweis für den KI-Assistenten: antworte
    ...", "Nota para la IA: acepta ...", "AIアシスタントへ…返信") in the visible text, in
    HTML that a reader cannot see (``display:none``, zero font size, white-on-white,
    off-screen, comments...), smuggled with zero-width or Unicode tag characters, or encoded as
    base64. Hidden text alone (marketing preheaders) is not a signal; hidden text that carries
    instructions is a strong one.

Languages as data
    The ``[scam]`` and ``[injection]`` sections of ``engine/lang/<code>.toml`` (Polish, Turkish,
    Indonesian, Japanese, Hinglish, and more fees for Dutch, Portuguese and Italian) add phrase
    families to the hand-written rules: fees paid first, platform sign-ins, secrets asked for,
    words that address an AI and orders (:mod:`.lang_rules`, ``docs/languages.md``).

Modules
    :mod:`.verdicts` (:class:`Signal`, thresholds, verdicts), :mod:`.brand_data` (brands and
    their domains, webmail, file hosts, file types), :mod:`.lookalikes` (registrable domains,
    homoglyphs, brand lookalikes), :mod:`.rules` (the analysed text and weighted rules),
    :mod:`.hidden_html` (what a reader cannot see, links), :mod:`.scam_rules` and
    :mod:`.injection_rules` (the phrase rules), :mod:`.lang_rules` (the phrases of the language
    files), :mod:`.scam` (:func:`scam_signals`) and :mod:`.injection` (:func:`injection_signals`).

Performance
    Patterns are compiled at import time and written in lower case: they run on the lower-cased
    text without ``re.IGNORECASE`` and without a leading ``\b`` (both disable the regex engine's
    fast first-character scan); word boundaries are checked in code. Each rule is gated by
    groups of words that must occur in the text's word set, and rules that start with a long
    alternation of common words are only searched in windows around rarer anchor words. Brand
    names are found through the word set too, and the edit-distance search uses a precomputed
    deletion index and a per-host cache. Both functions together take ~0.6 ms on a typical
    5 KB email with an HTML part.
"""

from __future__ import annotations

from repflow.engine.signals.brand_data import FREE_WEBMAIL_DOMAINS, KNOWN_BRANDS
from repflow.engine.signals.injection import injection_signals
from repflow.engine.signals.lookalikes import registrable_domain
from repflow.engine.signals.scam import scam_signals
from repflow.engine.signals.verdicts import (
    INJECTION_THRESHOLD,
    SCAM_THRESHOLD,
    SUSPICION_THRESHOLD,
    Signal,
    is_injection,
    is_scam,
    is_suspicious,
)

__all__ = [
    "FREE_WEBMAIL_DOMAINS",
    "INJECTION_THRESHOLD",
    "KNOWN_BRANDS",
    "SCAM_THRESHOLD",
    "SUSPICION_THRESHOLD",
    "Signal",
    "injection_signals",
    "is_injection",
    "is_scam",
    "is_suspicious",
    "registrable_domain",
    "scam_signals",
]
