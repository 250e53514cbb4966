"""Split a plain-text email body into new text, quoted history, signature and forwarded message.

:func:`trim_body` is pure and deterministic, and never raises. It reads the body line by line,
top to bottom:

1. **Boundaries.** The first of these ends what the sender wrote. Everything from it on is
   quoted history, or a forwarded message:

   * an attribution line, possibly wrapped over up to three lines, in about 20 languages
     (``On <date>, <name> wrote:``, ``Am <date> schrieb <name>:``, ``Le <date>, <name> a écrit :``,
     ``<date> <name> <email>:`` ...). If ``>``-quoted lines follow it, only that quoted block is
     history and unquoted text after the block (a bottom-post or inline reply) is kept;
   * an Outlook-style header block (``From:`` / ``Sent:`` / ``To:`` / ``Subject:``, bold
     ``*From:*`` variants, and localised names such as ``Von``, ``De``, ``Da``, ``Van``, ``Från``,
     ``Fra``, ``От``, ``Od``), with any separator line just above it (``____``, ``----``);
   * an ``-----Original Message-----`` separator, in several languages;
   * a forward marker (``---------- Forwarded message ---------``, ``Begin forwarded message:``
     and localised variants). The forwarded header lines are parsed into a
     :class:`~repflow.mail.models.ForwardedMessage`, whose text is kept intact.

2. **Quote marks.** Blocks of ``>``-quoted lines with no attribution line are history too. A text
   line squeezed between two quoted lines is taken as a wrapped quoted line.

3. **Signature.** In the kept text, the first of these starts the signature, which runs to the end
   of the kept text: an RFC 3676 ``--`` delimiter line; a short underscore separator line; a
   ``Sent from my iPhone`` / ``Get Outlook for iOS`` line in any of several languages; a sign-off
   line (``Best regards,``, ``Cheers``, ``Mit freundlichen Grüßen``, ``Cordialement`` ... or
   ``Thanks,`` / ``Best,`` when a name follows); the sender's own name near the end; a trailing
   contact block (a name line followed by title/phone/email lines); a confidentiality notice.
   A bare closing such as ``Thanks!`` stays in the message.

``TrimmedText.markers`` lists which rules fired, in the order they fired: ``attribution``,
``outlook_header``, ``original_message``, ``quote_marks``, ``inline_reply``, ``forward``,
``sig_delimiter``, ``sig_separator``, ``sent_from``, ``sent_from_tail``, ``sign_off``,
``sender_name``, ``contact_block``, ``disclaimer``.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import getaddresses
from typing import Final

from repflow.mail.models import Address, ForwardedMessage, TrimmedText

__all__ = ["strip_quote_marks", "trim_body"]

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------

_I: Final = re.IGNORECASE

#: A line quoted with ``>`` (any depth, optional indentation).
_QUOTE_LINE: Final = re.compile(r"^[ \t]*>")
#: ``>>> http://example.com <<<``: decoration, not a quote.
_QUOTE_DECORATION: Final = re.compile(r"^[ \t]*>{2,}.*<{2,}[ \t]*$")
_ONE_QUOTE_LEVEL: Final = re.compile(r"^([ \t]*)> ?")
_ALL_QUOTE_LEVELS: Final = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_CODE_FENCE: Final = re.compile(r"^[ \t]*(?:```|~~~)")

_EMAIL: Final = re.compile(r"[\w.+'%-]+@[\w-]+(?:\.[\w-]+)+")
_DIGIT: Final = re.compile(r"\d")
#: A year, a clock time or a numeric date: enough to tell an attribution from a sentence.
_DATEISH: Final = re.compile(
    r"\b(?:19|20)\d{2}\b|\b\d{1,2}[:.h]\d{2}\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\d{4}年"
)

# Weekday names and abbreviations (en, fr, de, es, it, pt, nl, sv, da/no, fi, pl, ru, cs, tr).
_WEEKDAYS: Final = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|"
    r"sun|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim|montag|"
    r"dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so|lunes|martes|"
    r"miércoles|jueves|viernes|sábado|domingo|mié|jue|vie|sáb|dom|lunedì|martedì|mercoledì|"
    r"giovedì|venerdì|sabato|domenica|gio|segunda(?:-feira)?|terça(?:-feira)?|quarta(?:-feira)?|"
    r"quinta(?:-feira)?|sexta(?:-feira)?|seg|ter|qua|qui|sex|maandag|dinsdag|woensdag|donderdag|"
    r"vrijdag|zaterdag|zondag|ma|wo|vr|za|zo|måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|"
    r"mån|tis|ons|tor|fre|lör|sön|mandag|tirsdag|lørdag|søndag|man|tir|lør|søn|maanantai|tiistai|"
    r"keskiviikko|torstai|perjantai|lauantai|sunnuntai|ti|ke|to|pe|la|su|poniedziałek|wtorek|"
    r"środa|czwartek|piątek|sobota|niedziela|pon|wt|śr|czw|pt|sob|niedz|понедельник|вторник|"
    r"среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс|po|út|st|čt|pá|ne|"
    r"pazartesi|salı|çarşamba|perşembe|cuma|cumartesi|pazar"
)
#: How an attribution starts: a localised "On", a weekday, or a digit.
_INTRO: Final = re.compile(
    r"^(?:On|Le|El|Il|Em|Am|Op|Den|Dne|Dnia|W\s+dniu|In\s+data|Il\s+giorno|På|Na|На|Vào|Pada|"
    r"Tanggal|Quoting|在|\d|\(?(?:" + _WEEKDAYS + r")(?:\.,?|,)?(?:\s+\d|(?<=[.,])\s))",
    _I,
)
# Verbs that end an attribution ("... wrote:"), longest first within a language.
_WORD_VERBS: Final = (
    r"wrote|writes|sent|has\s+written|a\s+écrit|écrit|escribió|escribio|ha\s+escrito|"
    r"ha\s+scritto|scritto|scrisse|escreveu|het\s+volgende\s+geschreven|geschreven|schreef|"
    r"hat\s+geschrieben|geschrieben|schrieb|skrev|kirjoitti|napisał\(a\)|napisała|napisał|napisal|"
    r"pisze|nadesłał|написал\(а\)|написала|написал|написав|пишет|napsal\(a\)|napsala|napsal|"
    r"yazdı|írta|a\s+scris|έγραψε|menulis|đã\s+viết"
)
_CJK_VERBS: Final = (
    r"写道|寫道|のメッセージ|さんは書きました|は書きました|書きました|님이\s*작성|작성"
)
_VERB_FINAL: Final = re.compile(
    r"^(?P<pre>.+?)(?:\s+(?P<verb>" + _WORD_VERBS + r")|\s*(?P<cjk>" + _CJK_VERBS + r"))"
    r"\s*(?P<colon>[:：])?\s*$",
    _I,
)
_VERB_MIDDLE: Final = re.compile(
    r"^.+?\s(?:schrieb|schreef|skrev|kirjoitti|wrote|heeft|napisał|написал)\s.+[:：]\s*$", _I
)
#: "Max <max@x.de> schrieb am Mo., 1. Jan. 2024, 10:00:" - name first, then verb and date.
_NAME_VERB_DATE: Final = re.compile(
    r"^(?P<pre>.{1,160}?)\s+(?:schrieb\s+am|wrote\s+on|a\s+écrit\s+le|escribió\s+el|"
    r"ha\s+scritto\s+il|escreveu\s+em|schreef\s+op|skrev\s+(?:den|på)|napisał\(a\)|"
    r"написал\(а\))\s.+[:：]\s*$",
    _I,
)
#: A name with an optional quoted display name and an address in angle brackets.
_NAME_ADDR: Final = re.compile(
    r"(?:\"?(?P<name>[^\"<>,:]{1,80}?)\"?\s*)?<(?P<addr>[^<>\s]+@[^<>\s]+)>"
)
_NO_VERB_END: Final = re.compile(r"[>\])\"]\s*[:：]?\s*$")
#: Cheap test for "could this line end an attribution?".
_ATTR_TAIL: Final = re.compile(r"(?:" + _WORD_VERBS + r"|" + _CJK_VERBS + r"|[:：>\-])\s*$", _I)
#: "reply text On <date>, X wrote:" on one line (talon's "reply and splitter share a line").
_MIDLINE_ATTR: Final = re.compile(
    r"^(?P<pre>.*?\S)[\s-]*(?P<attr>(?:On|Le|Am|El|Il|Em|Op)\s.{6,300}?"
    r"(?:wrote|a\s+écrit|schrieb|escribió|ha\s+scritto|escreveu|schreef)\s*:)\s*$",
    _I,
)
_NAME_PARTICLES: Final = frozenset(
    {"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "al"}
)

# Header keys of Outlook-style blocks and forwarded headers, by kind.
_HEADER_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "from": (
        "from",
        "von",
        "de",
        "da",
        "van",
        "från",
        "fra",
        "от",
        "od",
        "kimden",
        "lähettäjä",
        "feladó",
        "afzender",
        "remetente",
        "expéditeur",
        "mittente",
        "absender",
        "від",
        "发件人",
        "寄件者",
        "差出人",
        "보낸 사람",
        "보낸사람",
    ),
    "to": (
        "to",
        "an",
        "à",
        "a",
        "para",
        "aan",
        "till",
        "til",
        "кому",
        "do",
        "kime",
        "vastaanottaja",
        "komu",
        "címzett",
        "destinatario",
        "destinataire",
        "empfänger",
        "收件人",
        "宛先",
        "받는 사람",
        "받는사람",
    ),
    "cc": ("cc", "kopie", "copie", "copie à", "kopia", "копия", "másolat", "抄送", "dw", "kopi"),
    "date": (
        "date",
        "datum",
        "data",
        "fecha",
        "dato",
        "дата",
        "tarih",
        "päivämäärä",
        "päiväys",
        "日期",
        "日付",
        "message du",
    ),
    "sent": (
        "sent",
        "gesendet",
        "envoyé",
        "envoyé le",
        "enviado",
        "enviada",
        "enviado el",
        "inviato",
        "verzonden",
        "skickat",
        "sendt",
        "отправлено",
        "wysłano",
        "odesláno",
        "gönderildi",
        "lähetetty",
        "elküldve",
        "发送时间",
        "送信日時",
        "보낸 날짜",
    ),
    "subject": (
        "subject",
        "betreff",
        "objet",
        "sujet",
        "asunto",
        "oggetto",
        "onderwerp",
        "ämne",
        "emne",
        "тема",
        "temat",
        "assunto",
        "konu",
        "aihe",
        "předmět",
        "tárgy",
        "主题",
        "主旨",
        "件名",
        "제목",
    ),
}
_KEY_KIND: Final[dict[str, str]] = {k: kind for kind, ks in _HEADER_KEYS.items() for k in ks}
_HEADER_LINE: Final = re.compile(
    r"^[ \t]*[*_]{0,2}[ \t]*(?P<key>"
    + "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _KEY_KIND), key=len)[::-1])
    + r")[ \t\xa0]*[*_]{0,2}[ \t\xa0]*[:：][ \t\xa0]*[*_]{0,2}(?P<value>.*)$",
    _I,
)

_ORIGINAL_MESSAGE: Final = re.compile(
    r"^[ \t]*[-=_*]{2,}[ \t]*(?:original\s+message|reply\s+message|ursprüngliche\s+nachricht|"
    r"originalnachricht|antwort\s+nachricht|message\s+d'origine|message\s+original|"
    r"oprindelig\s+(?:meddelelse|besked)|opprinnelig\s+melding|ursprungligt\s+meddelande|"
    r"originalmeddelande|mensaje\s+original|messaggio\s+originale|oorspronkelijk\s+bericht|"
    r"origineel\s+bericht|mensagem\s+original|alkuperäinen\s+viesti|wiadomość\s+oryginalna|"
    r"oryginalna\s+wiadomość|исходное\s+сообщение|původní\s+zpráva|orijinal\s+mesaj|"
    r"eredeti\s+üzenet|原始邮件|元のメッセージ)[ \t]*[-=_*]*[ \t]*$",
    _I,
)
_FORWARD_MARKER: Final = re.compile(
    r"^[ \t]*(?:[-=_*]{2,}[ \t]*(?:forwarded\s+(?:message|e-?mail)|weitergeleitete\s+nachricht|"
    r"message\s+transféré|mensaje\s+reenviado|messaggio\s+inoltrato|doorgestuurd\s+bericht|"
    r"mensagem\s+(?:encaminhada|reencaminhada)|пересылаемое\s+сообщение|пересланное\s+сообщение|"
    r"vidarebefordrat\s+meddelande|videresendt\s+(?:meddelelse|besked|melding)|"
    r"välitetty\s+viesti|przekazana\s+wiadomość|wiadomość\s+przekazana|přeposlaná\s+zpráva|"
    r"yönlendirilmiş\s+ileti|iletilen\s+mesaj|továbbított\s+üzenet|转发的邮件|転送された"
    r"メッセージ|전달된\s+메시지)[ \t]*[-=_*]*|(?:begin\s+forwarded\s+message|"
    r"anfang\s+der\s+weitergeleiteten\s+nachricht|début\s+du\s+message\s+(?:réexpédié|transféré)|"
    r"(?:inicio|comienzo)\s+del\s+mensaje\s+reenviado|inizio\s+messaggio\s+inoltrato|"
    r"begin\s+doorgestuurd\s+bericht|início\s+da\s+mensagem\s+(?:reencaminhada|encaminhada)|"
    r"vidarebefordrat\s+brev|start\s+på\s+videresendt\s+(?:besked|meddelelse)|"
    r"начало\s+переадресованного\s+сообщения|początek\s+przekazanej\s+wiadomości)[ \t]*[:：]?)"
    r"[ \t]*$",
    _I,
)
#: A line made of separator characters only (``----``, ``____``, ``====``), at least three.
_SEPARATOR: Final = re.compile(r"^[ \t]*(?:[-_=*~—–][ \t]*){3,}$")
_FORWARD_SUBJECT: Final = re.compile(
    r"^\s*(?:fwd?|fw|wg|tr|rv|enc|i|doorst|vs|vb|pd|trs|İlt|пересл|転送|转发)\s*:", _I
)
_FORWARD_HINT: Final = re.compile(
    r"\b(?:fwd?|forward(?:ed|ing)?|fyi|weitergeleitet|weiterleitung|transféré|reenv[ií]o|"
    r"reenviado|inoltr[oa]|doorgestuurd|encaminh[oa]|vidarebefordra[rt]?|videresend[te]?|"
    r"пересылаю)\b",
    _I,
)

# Signatures.
_SIG_DELIMITER: Final = re.compile(r"^--[ \t]?$")
_SIG_UNDERSCORES: Final = re.compile(r"^[ \t]*_{2,}[ \t]*$")
_SENT_FROM: Final = re.compile(
    r"^(?:sent\s+(?:from|with|via|using)|get\s+outlook\s+for|download\s+outlook\s+for|"
    r"envoyé\s+(?:de|depuis|à\s+partir\s+de|avec)|télécharger\s+outlook\s+pour|"
    r"von\s+meinem\s+.{1,40}\s+gesendet|gesendet\s+(?:von|mit|vom)|enviado\s+(?:desde|do|de|con)|"
    r"descargar\s+outlook\s+para|inviato\s+(?:da|dal|con)|scarica\s+outlook\s+per|"
    r"verzonden\s+(?:vanaf|met|van)|verstuurd\s+(?:vanaf|met)|skickat\s+från|sendt\s+fra|"
    r"lähetetty\s+(?:laitteesta|puhelimesta|iphonesta|androidista)|wysłano\s+z|"
    r"отправлено\s+(?:с|из)|odesláno\s+z|.{1,20}'?(?:dan|den)\s+gönderildi|"
    r"iphoneから送信|从我的.{1,20}发送|发自我的|내\s+.{1,20}에서\s+보냄)",
    _I,
)
_SENT_FROM_EXCUSE: Final = re.compile(r"excuse|pardon|typo|brev|brief|short|autocorrect|mobile", _I)
_STRONG_SIGN_OFFS: Final = (
    r"(?:[\w&]+[ \t]+){0,3}regards|best\s+wishes|warm(?:est)?\s+wishes|cheers|respectfully|"
    r"yours\s+(?:sincerely|faithfully|truly)|(?:bien\s+)?cordialement|bien\s+à\s+(?:vous|toi)|"
    r"bonne\s+(?:journée|soirée|fin\s+de\s+journée)|(?:meilleures|sincères)\s+salutations|"
    r"salutations(?:\s+distinguées)?|amicalement|mit\s+(?:freundlichen|besten|herzlichen|lieben)"
    r"\s+gr(?:ü|ue)(?:ß|ss)en|(?:freundliche|beste|viele|liebe|herzliche|schöne)\s+gr(?:ü|ue)"
    r"(?:ß|ss)e|mfg|lg|vg|(?:un\s+)?saludos?(?:\s+cordiales)?|atentamente|cordialmente|"
    r"un\s+(?:abrazo|saludo)|(?:cordiali|distinti)\s+saluti|un\s+saluto|saluti|"
    r"atenciosamente|cumprimentos|abraços?|saudações|(?:met\s+)?vriendelijke\s+groet(?:en)?|"
    r"hartelijke\s+groet(?:en)?|groet(?:en|jes)?|mvg|(?:med\s+)?vänliga\s+hälsningar|"
    r"bästa\s+hälsningar|hälsningar|(?:med\s+)?venn?lig(?:e)?\s+hilsen?|bedste\s+hilsner|"
    r"hilsen|mvh|ystävällisin\s+terveisin|parhain\s+terveisin|terveisin|pozdrawiam|"
    r"z\s+poważaniem|z\s+pozdrowieniami|serdecznie\s+pozdrawiam|с\s+уважением|"
    r"с\s+наилучшими\s+пожеланиями|всего\s+доброго|s\s+pozdravem|s\s+úctou|saygılarımla|"
    r"iyi\s+çalışmalar|よろしくお願い(?:いた)?します|此致|祝好"
)
_WEAK_SIGN_OFFS: Final = (
    r"thanks|thank\s+you|thanks\s+(?:so|very)\s+much|thanks\s+again|many\s+thanks|best|"
    r"all\s+the\s+best|sincerely|yours|talk\s+soon|speak\s+soon|take\s+care|xoxo?|warmly|"
    r"love|merci|danke|vielen\s+dank|gracias|grazie|obrigad[oa]|bedankt|tack|tak|kiitos|"
    r"dziękuję|спасибо|teşekkürler|best\s+of\s+luck|have\s+a\s+(?:great|nice|good)\s+(?:day|week)"
)
#: Trailing decoration after a sign-off: punctuation, emoji, dashes.
_SIGN_OFF_TAIL: Final = r"[^\w\n]{0,6}"
_STRONG_SIGN_OFF: Final = re.compile(r"^(?:" + _STRONG_SIGN_OFFS + r")" + _SIGN_OFF_TAIL + "$", _I)
_WEAK_SIGN_OFF: Final = re.compile(r"^(?:" + _WEAK_SIGN_OFFS + r")" + _SIGN_OFF_TAIL + "$", _I)
#: "Regards, Roman" / "Thanks, Jane": sign-off and name on one line.
_SIGN_OFF_WITH_NAME: Final = re.compile(
    r"^(?P<phrase>" + _STRONG_SIGN_OFFS + "|" + _WEAK_SIGN_OFFS + r")\s*[,.!-]\s*"
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w.'’-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’-]*){0,2})\s*$",
    _I,
)
_PHONE: Final = re.compile(r"(?:\+|\b)\d[\d\s().-]{6,}\d")
_URL: Final = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|io|co|net|org|de|fr|uk)\b", _I)
_DISCLAIMER: Final = re.compile(
    r"^[*\s]*(?:confidential(?:ity)?(?:\s+notice)?\s*:|disclaimer\s*:|this\s+(?:e-?mail|message)"
    r"(?:\s+and\s+any\s+(?:files|attachments)[^.]{0,80})?\s+(?:is|are|may\s+be|contains?)\s+"
    r"(?:confidential|intended|privileged)|the\s+information\s+(?:contained\s+)?in\s+this\s+"
    r"(?:e-?mail|message)|le\s+informazioni\s+contenute|ce\s+(?:message|courriel)\s+(?:et\s+"
    r"toutes|est\s+confidentiel)|diese\s+(?:e-?mail|nachricht)\s+(?:enthält|ist)\s+vertraulich)",
    _I,
)
#: How many following non-blank lines the signature rules look at (more than any rule's limit).
_AFTER_WINDOW: Final = 16
_NAME_WORD: Final = re.compile(r"^[A-ZÀ-ÖØ-ÞА-Я][\w.'’-]*$")


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def trim_body(
    text: str, *, sender_name: str | None = None, subject: str | None = None
) -> TrimmedText:
    """Split a plain-text email body into what the sender wrote now and what they carried along.

    Args:
        text: The decoded plain-text body (any line endings).
        sender_name: The sender's display name, if known. A line near the end holding this name
            (or its first word) starts the signature.
        subject: The message subject, if known. A ``Fwd:``/``FW:``/``WG:``-style subject makes an
            Outlook header block (which looks the same in a reply and in a forward) count as a
            forwarded message rather than quoted history.

    Returns:
        The split body. ``new_text`` holds only what this sender wrote now (no quoted history,
        no signature); ``quoted`` the history with its attribution line; ``signature`` the
        sign-off and signature block; ``forwarded`` the inline-forwarded message, if any;
        ``markers`` the rules that fired. Surrounding blank lines are removed from every part.
    """
    if not text:
        return TrimmedText(new_text="")
    try:
        return _Trimmer(text, sender_name=sender_name, subject=subject).run()
    except Exception:  # pragma: no cover - defensive: trimming must never break ingestion
        logger.exception("trim_body failed; returning the body untrimmed")
        return TrimmedText(new_text=text.strip(), markers=("error",))


def strip_quote_marks(text: str, *, all_levels: bool = False) -> str:
    """Remove ``>`` quote marks from the start of every line.

    Args:
        text: Quoted text, e.g. :attr:`TrimmedText.quoted`.
        all_levels: Remove every level (``> > >``) instead of only the outermost one.

    Returns:
        The text with the quote marks (and the one space after each) removed; lines without
        a quote mark are unchanged.
    """
    pattern = _ALL_QUOTE_LEVELS if all_levels else _ONE_QUOTE_LEVEL
    repl = "" if all_levels else r"\1"
    return "\n".join(pattern.sub(repl, line, count=1) for line in _split_lines(text))


# --------------------------------------------------------------------------------------------
# Implementation
# --------------------------------------------------------------------------------------------


def _split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _is_blank(line: str) -> bool:
    return not line.strip()


def _join(lines: Sequence[str], *, rstrip: bool = False) -> str:
    """Join lines, dropping blank lines at both ends (and trailing spaces when ``rstrip``)."""
    start, end = 0, len(lines)
    while start < end and _is_blank(lines[start]):
        start += 1
    while end > start and _is_blank(lines[end - 1]):
        end -= 1
    chosen = lines[start:end]
    if rstrip:
        return "\n".join(line.rstrip() for line in chosen).strip()
    return "\n".join(chosen).strip("\n")


@dataclass(slots=True)
class _Header:
    """A run of ``Key: value`` header lines."""

    start: int
    end: int  # exclusive
    fields: dict[str, str] = field(default_factory=dict)
    first_kind: str = ""
    has_email: bool = False


def _header_match(line: str) -> tuple[str, str] | None:
    """``(kind, value)`` when ``line`` is a ``Key: value`` header line of a known key."""
    if len(line) > 1000 or (":" not in line and "：" not in line):
        return None
    m = _HEADER_LINE.match(line)
    if m is None:
        return None
    key = " ".join(m.group("key").lower().split())
    kind = _KEY_KIND.get(key)
    if kind is None:
        return None
    return kind, m.group("value").strip().strip("*_").strip()


def _read_header(lines: Sequence[str], start: int, *, allow_gaps: bool = False) -> _Header | None:
    """Read the header lines starting at ``start``; None when ``start`` is no header line."""
    first = _header_match(lines[start])
    if first is None:
        return None
    kind, value = first
    header = _Header(start=start, end=start + 1, first_kind=kind)
    header.fields[kind] = value
    last_kind = kind
    continuations = 0
    i = start + 1
    n = len(lines)
    while i < n and i - start < 16:
        line = lines[i]
        if _is_blank(line):
            if not allow_gaps:
                break
            j = i + 1
            while j < n and _is_blank(lines[j]) and j - i < 2:
                j += 1
            nxt = _header_match(lines[j]) if j < n else None
            if nxt is None or nxt[0] in header.fields:
                break
            i = j
            continue
        matched = _header_match(line)
        if matched is not None:
            kind, value = matched
            if kind in header.fields and kind != "cc":
                break
            header.fields.setdefault(kind, value)
            last_kind = kind
            continuations = 0
            header.end = i + 1
            i += 1
            continue
        # A wrapped value: "<addr>" / "addr]" on its own line, or a line squeezed between headers.
        stripped = line.strip()
        nxt_is_header = i + 1 < n and _header_match(lines[i + 1]) is not None
        prev_value = header.fields.get(last_kind, "")
        wrapped = (
            stripped[:1] in "<[("
            or (_EMAIL.search(stripped) is not None and len(stripped) < 120)
            or prev_value.endswith((",", ";", "[mailto:", "<"))
            or nxt_is_header
        )
        if not wrapped or continuations >= 2 or len(stripped) > 200:
            break
        continuations += 1
        header.fields[last_kind] = f"{prev_value} {stripped}".strip()
        header.end = i + 1
        i += 1
    header.has_email = any(_EMAIL.search(v) for v in header.fields.values())
    return header


def _is_header_block(header: _Header, lines: Sequence[str]) -> bool:
    """Whether a header run is an Outlook-style quoted/forwarded message header."""
    kinds = set(header.fields)
    dated = bool(kinds & {"date", "sent"})
    if len(kinds) >= 2 and ("from" in kinds or dated):
        return header.has_email or (len(kinds) >= 3 and "from" in kinds)
    if kinds == {"from"} and _EMAIL.search(header.fields["from"]):
        # A lone "From: someone@example.com" line after a blank line, with content below it.
        before_ok = header.start == 0 or _is_blank(lines[header.start - 1])
        after = lines[header.end : header.end + 3]
        return before_ok and any(not _is_blank(x) for x in after)
    return False


@dataclass(slots=True)
class _Boundary:
    kind: str  # attribution | outlook_header | original_message | forward
    start: int
    end: int  # first line after the header/attribution
    header: _Header | None = None


class _Trimmer:
    """One trimming run over one body."""

    def __init__(self, text: str, *, sender_name: str | None, subject: str | None) -> None:
        lines = _split_lines(text.lstrip("\ufeff"))
        self.lines = _split_midline_attributions(lines)
        self.n = len(self.lines)
        self.sender_name = sender_name
        self.subject = subject
        self.fence = _fenced_lines(self.lines)
        self._attr_cache: dict[int, int | None] = {}
        self.markers: list[str] = []

    # -- line classes -------------------------------------------------------------------------

    def is_quote(self, i: int) -> bool:
        line = self.lines[i]
        return (
            not self.fence[i]
            and _QUOTE_LINE.match(line) is not None
            and _QUOTE_DECORATION.match(line) is None
        )

    def next_nonblank(self, i: int) -> int:
        while i < self.n and _is_blank(self.lines[i]):
            i += 1
        return i

    def _mark(self, marker: str) -> None:
        if marker not in self.markers:
            self.markers.append(marker)

    # -- attribution lines --------------------------------------------------------------------

    def attribution_start(self, end: int) -> int | None:
        """Start line of the attribution that ends on line ``end``, or None."""
        if end in self._attr_cache:
            return self._attr_cache[end]
        result = self._attribution_start(end)
        self._attr_cache[end] = result
        return result

    def _attribution_start(self, end: int) -> int | None:
        last = self.lines[end].strip()
        if not last or len(last) > 400 or self.fence[end]:
            return None
        if _ATTR_TAIL.search(last[-40:]) is None:
            return None
        nq = self.next_nonblank(end + 1)
        next_quoted = nq < self.n and self.is_quote(nq)
        best: int | None = None
        for start in range(end, max(end - 3, -1), -1):
            if start < end and not self._joinable(start):
                break
            candidate = self._joined(start, end)
            if len(candidate) > 450:
                break
            if _is_attribution(candidate, next_quoted=next_quoted):
                best = start
                break
        if best is None:
            return None
        head = _clean_attr(self.lines[best])
        if _INTRO.match(head) is None or head[:1].isdigit():
            # "John <j@x.com> wrote:" whose "On <date>," part sits on the line(s) above.
            for start in range(best - 1, max(end - 3, -1), -1):
                if not self._joinable(start):
                    break
                line = self.lines[start].strip()
                if len(line) > 120 or line.endswith((".", "!", "?")):
                    break
                if not (_DIGIT.search(line) or "@" in line or "<" in line):
                    break
                candidate = self._joined(start, end)
                if _INTRO.match(_clean_attr(candidate)) and _is_attribution(
                    candidate, next_quoted=next_quoted
                ):
                    best = start
        return best

    def _joinable(self, i: int) -> bool:
        return (
            i >= 0 and not _is_blank(self.lines[i]) and not self.is_quote(i) and not self.fence[i]
        )

    def _joined(self, start: int, end: int) -> str:
        return " ".join(self.lines[k].strip() for k in range(start, end + 1))

    # -- boundaries ---------------------------------------------------------------------------

    def boundary_at(self, i: int, kept_above: Sequence[int]) -> _Boundary | None:
        """The boundary starting at line ``i`` (which is not quoted), if any."""
        line = self.lines[i]
        if _FORWARD_MARKER.match(line):
            return self._forward_boundary(i, i + 1)
        if _ORIGINAL_MESSAGE.match(line):
            j = self.next_nonblank(i + 1)
            header = _read_header(self.lines, j, allow_gaps=True) if j < self.n else None
            end = header.end if header is not None else i + 1
            if header is not None and (
                header.first_kind == "subject" or self._looks_forward(kept_above, header)
            ):
                return _Boundary("forward", i, end, header)
            return _Boundary("original_message", i, end, header)
        for end in range(i, min(i + 3, self.n)):
            if end > i and _is_blank(self.lines[end]):
                break
            if self.attribution_start(end) == i:
                return _Boundary("attribution", i, end + 1)
        header = _read_header(self.lines, i)
        if header is not None and _is_header_block(header, self.lines):
            if self._looks_forward(kept_above, header):
                return _Boundary("forward", i, header.end, header)
            return _Boundary("outlook_header", i, header.end, header)
        return None

    def _forward_boundary(self, marker: int, after: int) -> _Boundary:
        j = self.next_nonblank(after)
        if j >= self.n:
            return _Boundary("forward", marker, after)
        header = _read_header(self.lines, j, allow_gaps=True)
        if header is not None:
            return _Boundary("forward", marker, header.end, header)
        # Some webmails (Yandex, Mail.ru) head the forwarded text with an attribution line.
        for end in range(j, min(j + 3, self.n)):
            if self.attribution_start(end) == j:
                header = _Header(start=j, end=end + 1, first_kind="from")
                joined = self._joined(j, end)
                found = _NAME_ADDR.search(joined)
                if found is not None:
                    name = (found.group("name") or "").strip()
                    header.fields["from"] = (
                        f'"{name}" <{found.group("addr")}>' if name else (found.group("addr"))
                    )
                return _Boundary("forward", marker, end + 1, header)
        return _Boundary("forward", marker, after)

    def _looks_forward(self, kept_above: Sequence[int], header: _Header) -> bool:
        if self.subject and _FORWARD_SUBJECT.match(self.subject):
            return True
        if _FORWARD_SUBJECT.match(header.fields.get("subject", "")):
            return True
        above = [self.lines[k].strip() for k in kept_above if k >= 0]
        above = [x for x in above if x and not _SEPARATOR.match(x)]
        above = [x for x in above if not _SENT_FROM.match(x)]
        if not above:
            return True
        text = " ".join(above)
        return len(above) <= 3 and len(text) <= 300 and _FORWARD_HINT.search(text) is not None

    # -- quote runs ---------------------------------------------------------------------------

    def quote_run_end(self, i: int) -> int:
        """End (exclusive) of the ``>`` block starting at or after line ``i``.

        Blank lines inside the block and single unquoted lines squeezed between two quoted lines
        (wrapped long quoted lines) belong to it; trailing blank lines do not.
        """
        j = i
        last_quoted = i - 1
        while j < self.n:
            if self.is_quote(j):
                last_quoted = j
                j += 1
            elif _is_blank(self.lines[j]) or (
                j > 0
                and self.is_quote(j - 1)
                and j + 1 < self.n
                and self.is_quote(j + 1)
                and not self.fence[j]
            ):
                j += 1
            else:
                break
        return last_quoted + 1

    # -- main loop ----------------------------------------------------------------------------

    def run(self) -> TrimmedText:
        lines = self.lines
        kept: list[int] = []  # indexes of lines the sender wrote now (-1 = paragraph break)
        quoted_blocks: list[tuple[int, int]] = []
        forwarded: ForwardedMessage | None = None
        i = 0
        while i < self.n:
            if self.fence[i]:
                kept.append(i)
                i += 1
                continue
            if self.is_quote(i):
                end = self.quote_run_end(i)
                quoted_blocks.append((i, end))
                self._mark("quote_marks")
                kept.append(-1)
                i = end
                continue
            if _is_blank(lines[i]):
                kept.append(i)
                i += 1
                continue
            boundary = self.boundary_at(i, kept)
            if boundary is None:
                kept.append(i)
                i += 1
                continue
            start = _drop_trailing_separators(kept, lines, i)
            if boundary.kind == "forward":
                self._mark("forward")
                forwarded = self._forwarded(boundary)
                break
            self._mark(boundary.kind)
            if boundary.kind == "attribution":
                nq = self.next_nonblank(boundary.end)
                if nq < self.n and self.is_quote(nq):
                    end = self.quote_run_end(nq)
                    quoted_blocks.append((start, end))
                    kept.append(-1)
                    i = end
                    continue
            quoted_blocks.append((start, self.n))
            break

        kept = _collapse_gaps(kept, lines)
        body = [lines[k] if k >= 0 else "" for k in kept]
        fence = [self.fence[k] if k >= 0 else False for k in kept]
        sig_start, tail_start = self._find_signature(body, fence)
        if quoted_blocks and any(
            k >= 0 and k > quoted_blocks[0][0] and not _is_blank(lines[k]) for k in kept[:sig_start]
        ):
            self._mark("inline_reply")
        new_lines = body[:sig_start]
        sig_lines = body[sig_start:tail_start]
        quoted_parts: list[str] = []
        if tail_start < len(body):
            quoted_parts.append(_join(body[tail_start:]))
        quoted_parts.extend(_join(lines[a:b]) for a, b in quoted_blocks)
        return TrimmedText(
            new_text=_join(new_lines, rstrip=True),
            quoted="\n\n".join(p for p in quoted_parts if p),
            signature=_join(sig_lines),
            forwarded=forwarded,
            markers=tuple(self.markers),
        )

    def _forwarded(self, boundary: _Boundary) -> ForwardedMessage:
        header = boundary.header
        fields = header.fields if header is not None else {}
        date = fields.get("date") or fields.get("sent") or None
        return ForwardedMessage(
            from_=_first_address(fields.get("from", "")),
            to=_addresses(fields.get("to", "")),
            date=date,
            subject=fields.get("subject") or None,
            text=_join(self.lines[boundary.end :]),
        )

    # -- signature ----------------------------------------------------------------------------

    def _find_signature(self, body: list[str], fence: list[bool]) -> tuple[int, int]:
        """``(signature start, quoted-tail start)`` indexes into ``body``.

        No signature: both equal ``len(body)``. The quoted tail is text found after a
        ``Sent from my phone`` line that is too long to be part of the signature.
        """
        n = len(body)
        nonblank = [k for k in range(n) if body[k].strip() and not fence[k]]
        if not nonblank:
            return n, n
        first = nonblank[0]
        for pos, k in enumerate(nonblank):
            line = body[k]
            s = line.strip()
            # A window is enough: every rule only asks about the next dozen lines or fewer.
            after = nonblank[pos + 1 : pos + 1 + _AFTER_WINDOW]
            rule: str | None = None
            if _SIG_DELIMITER.match(line) or _SIG_DELIMITER.match(s):
                rule = "sig_delimiter"
            elif _SIG_UNDERSCORES.match(line) and k != first:
                rule = "sig_separator"
            elif _SENT_FROM.match(s) and _sent_from_ok(s, is_last=not after):
                self._mark("sent_from")
                tail = _sent_from_tail(body, k, after)
                if tail < n:
                    self._mark("sent_from_tail")
                return k, tail
            elif k != first and self._is_sign_off(body, k, after):
                rule = "sign_off"
            elif k != first and _DISCLAIMER.match(s) and (k == 0 or _is_blank(body[k - 1])):
                rule = "disclaimer"
            elif k != first and self._is_sender_name(s, after, body):
                rule = "sender_name"
                k = _closing_above(body, k, first)
            if rule is not None:
                self._mark(rule)
                return k, n
        contact = _contact_block(body, first)
        if contact is not None:
            self._mark("contact_block")
            return contact, n
        return n, n

    def _is_sign_off(self, body: list[str], k: int, after: list[int]) -> bool:
        s = body[k].strip()
        if len(s) > 60:
            return False
        if _STRONG_SIGN_OFF.match(s):
            return _tail_fits(body, after, 12)
        if _WEAK_SIGN_OFF.match(s):
            return bool(after) and len(after) <= 6 and _is_name_line(body[after[0]].strip())
        m = _SIGN_OFF_WITH_NAME.match(s)
        if m is not None:
            if _STRONG_SIGN_OFF.match(m.group("phrase")):
                return _tail_fits(body, after, 12)
            return len(after) <= 4 and all(_is_contact_line(body[a].strip()) for a in after)
        return False

    def _is_sender_name(self, s: str, after: list[int], body: list[str]) -> bool:
        if not self.sender_name or len(after) > 7 or len(s) > 60:
            return False
        name = " ".join(self.sender_name.replace('"', " ").split()).casefold()
        if not name:
            return False
        candidates = {name, name.split()[0]}
        cleaned = s.lstrip("-–—~ ").rstrip(" ,.!").casefold()
        if cleaned not in candidates:
            return False
        return all(len(body[a].strip()) <= 100 for a in after)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _clean_attr(text: str) -> str:
    """Strip wrapper dashes, quote marks and bold markers around an attribution."""
    return text.strip().strip("-–—*_ \t").lstrip("> ").strip()


def _is_attribution(candidate: str, *, next_quoted: bool) -> bool:
    """Whether ``candidate`` (one to three joined lines) is a reply attribution line."""
    s = _clean_attr(candidate)
    if len(s) < 6 or len(s) > 400:
        return False
    has_digit = _DIGIT.search(s) is not None
    has_email = _EMAIL.search(s) is not None
    intro = _INTRO.match(s) is not None
    m = _VERB_FINAL.match(s)
    if m is not None:
        pre = m.group("pre").strip(" ,")
        if not pre:
            return False
        has_colon = m.group("colon") is not None
        if not next_quoted:
            # History follows unquoted: demand a real date or an address.
            if not (_DATEISH.search(s) or has_email):
                return False
        elif not (has_digit or has_email or next_quoted):
            return False
        if intro:
            return has_colon or has_digit
        if not has_colon and not next_quoted:
            return False
        return _is_name_ish(pre, next_quoted=next_quoted)
    if intro and _VERB_MIDDLE.match(s) and has_digit:
        return True
    m2 = _NAME_VERB_DATE.match(s)
    if m2 is not None and has_digit:
        return has_email or _is_name_ish(m2.group("pre"), next_quoted=next_quoted)
    return (
        intro
        and has_email
        and _DATEISH.search(s) is not None
        and _NO_VERB_END.search(s) is not None
        and (s.endswith((":", "：")) or next_quoted)
    )


def _is_name_ish(pre: str, *, next_quoted: bool) -> bool:
    """Whether the part before "wrote" looks like a name or an address (not a sentence)."""
    if "@" in pre:
        return True
    words = [w.strip("\"'()[]<>,") for w in pre.split()]
    words = [w for w in words if w]
    if not words or len(words) > 5:
        return False
    for w in words:
        if w.lower() in _NAME_PARTICLES:
            continue
        if not w[0].isupper():
            return next_quoted and len(words) == 1
    return True


def _split_midline_attributions(lines: list[str]) -> list[str]:
    """Put an attribution that follows reply text on the same line onto its own line."""
    out: list[str] = []
    n = len(lines)
    for idx, line in enumerate(lines):
        if "wrote" in line or "écrit" in line or "schrieb" in line or ":" in line:
            stripped = line.strip()
            if (
                len(stripped) < 400
                and not _QUOTE_LINE.match(line)
                and _INTRO.match(_clean_attr(stripped)) is None
            ):
                m = _MIDLINE_ATTR.match(stripped)
                nxt = idx + 1
                while nxt < n and _is_blank(lines[nxt]):
                    nxt += 1
                if (
                    m is not None
                    and nxt < n
                    and _QUOTE_LINE.match(lines[nxt])
                    and _DATEISH.search(m.group("attr"))
                ):
                    out.append(m.group("pre").rstrip(" -"))
                    out.append(m.group("attr"))
                    continue
        out.append(line)
    return out


def _fenced_lines(lines: Sequence[str]) -> list[bool]:
    """Per line: inside a Markdown code fence (fence lines included)?"""
    flags: list[bool] = []
    inside = False
    for line in lines:
        if _CODE_FENCE.match(line):
            flags.append(True)
            inside = not inside
            continue
        flags.append(inside)
    if inside:
        # An unclosed fence is no fence: do not shield the rest of the body.
        last_open = max(i for i, line in enumerate(lines) if _CODE_FENCE.match(line))
        for i in range(last_open, len(lines)):
            flags[i] = False
    return flags


def _collapse_gaps(kept: list[int], lines: Sequence[str]) -> list[int]:
    """Replace each removed quote block, with the blank lines around it, by one blank line."""
    out: list[int] = []
    pending_gap = False
    for k in kept:
        if k < 0 or _is_blank(lines[k]):
            if k < 0:
                pending_gap = True
                while out and (out[-1] < 0 or _is_blank(lines[out[-1]])):
                    out.pop()
            if not pending_gap:
                out.append(k)
            continue
        if pending_gap:
            if out:
                out.append(-1)
            pending_gap = False
        out.append(k)
    return out


def _drop_trailing_separators(kept: list[int], lines: Sequence[str], boundary: int) -> int:
    """Remove blank and separator lines (``____``, ``----``, ``====``) just above a boundary.

    Returns:
        Where the quoted history starts: the highest separator line removed, else ``boundary``.
    """
    start = boundary
    while kept and (
        kept[-1] < 0 or _is_blank(lines[kept[-1]]) or _SEPARATOR.match(lines[kept[-1]])
    ):
        k = kept.pop()
        if k >= 0 and not _is_blank(lines[k]):
            start = k
    return start


def _sent_from_ok(s: str, *, is_last: bool) -> bool:
    """Whether a ``Sent from ...`` line is a device signature rather than a sentence."""
    bare = re.sub(r"<[^>]*>|\([^)]*\)|\[[^\]]*\]", " ", s).strip()
    words = bare.split()
    if len(words) > 9:
        return False
    if "," in bare:
        head, _, rest = bare.partition(",")
        return _SENT_FROM_EXCUSE.search(rest) is not None and len(head.split()) <= 6
    return not (bare.endswith(".") and not is_last)


def _sent_from_tail(body: list[str], k: int, after: list[int]) -> int:
    """Where quoted-looking text starts after a ``Sent from`` line (``len(body)`` if none)."""
    if not after:
        return len(body)
    first = body[after[0]].strip()
    if _SIG_DELIMITER.match(first) or (len(after) == 1 and _is_name_line(first)):
        return len(body)
    return k + 1


def _tail_fits(body: list[str], after: list[int], limit: int) -> bool:
    """Whether the lines after a sign-off fit in a signature block."""
    if len(after) <= limit:
        return True
    for a in after[:8]:
        s = body[a].strip()
        if _SIG_DELIMITER.match(s) or _SEPARATOR.match(s) or _DISCLAIMER.match(s):
            return True
    return False


def _is_name_line(s: str) -> bool:
    """A short line that looks like a person's name ("Jane", "Jane Doe", "J. Doe")."""
    s = s.lstrip("-–—~ ").rstrip()
    if not s or len(s) > 40 or s.endswith(("!", "?", ":", ",")):
        return False
    words = s.split()
    significant = [w for w in words if w.lower() not in _NAME_PARTICLES]
    if not 1 <= len(significant) <= 3:
        return False
    return all(_NAME_WORD.match(w) or w.lower() in _NAME_PARTICLES for w in words)


def _is_contact_line(s: str) -> bool:
    return bool(_PHONE.search(s) or _EMAIL.search(s) or _URL.search(s) or "|" in s) or (
        len(s) <= 60 and not s.endswith((".", "!", "?"))
    )


def _closing_above(body: list[str], k: int, first: int) -> int:
    """Move a signature start up over a closing line (``Thanks!``, ``Best,``) right above it."""
    j = k - 1
    if j > first and j >= 0:
        s = body[j].strip()
        if _WEAK_SIGN_OFF.match(s) or _STRONG_SIGN_OFF.match(s):
            return j
    return k


def _contact_block(body: list[str], first: int) -> int | None:
    """Start of a trailing "name / title / phone / email" paragraph, if the body ends with one."""
    end = len(body)
    while end > 0 and _is_blank(body[end - 1]):
        end -= 1
    start = end
    while start > 0 and not _is_blank(body[start - 1]):
        start -= 1
    if start <= first or not 2 <= end - start <= 6:
        return None
    block = [body[k].strip() for k in range(start, end)]
    if not _is_name_line(block[0]) or any(len(x) > 80 for x in block):
        return None
    rest = block[1:]
    if not any(_PHONE.search(x) or _EMAIL.search(x) or _URL.search(x) for x in rest):
        return None
    if any(x.endswith((".", "!", "?")) and not _URL.search(x) for x in rest):
        return None
    return _closing_above(body, start, first) if start >= 2 else start


def _normalise_address(addr: str) -> str:
    addr = addr.strip().strip("<>").lower()
    local, at, domain = addr.rpartition("@")
    if not at:
        return addr
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}"


def _addresses(value: str) -> tuple[Address, ...]:
    """Parse a header value (``Name <a@b>``, ``Name [mailto:a@b]``, lists) into addresses."""
    if not value:
        return ()
    cleaned = re.sub(r"\[mailto:([^\]]+)\]", r"<\1>", value, flags=_I)
    cleaned = re.sub(r"<\s*mailto:", "<", cleaned, flags=_I)
    cleaned = cleaned.replace(";", ",").replace("*", "")
    out: list[Address] = []
    seen: set[str] = set()
    for name, addr in getaddresses([cleaned]):
        if "@" not in addr:
            found = _EMAIL.search(name)
            addr = found.group(0) if found else ""
            if found:
                name = name.replace(addr, "").strip()
        name = name.strip().strip("\"'").strip()
        address = _normalise_address(addr) if addr else ""
        if _EMAIL.fullmatch(name.strip("<>")):
            if not address:
                address = _normalise_address(name)
            name = ""
        if address in seen and address:
            continue
        if not address and not name:
            continue
        seen.add(address)
        out.append(Address(name=name, address=address))
    if not out:
        found = _EMAIL.search(value)
        if found:
            out.append(Address(name="", address=_normalise_address(found.group(0))))
        elif value.strip():
            out.append(Address(name=value.strip().strip("\"'"), address=""))
    return tuple(out)


def _first_address(value: str) -> Address | None:
    found = _addresses(value)
    return found[0] if found else None
