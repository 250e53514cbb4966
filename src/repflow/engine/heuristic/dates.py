"""The deadline of an offer: dates in sentences that talk about timing.

Only sentences with a timeline cue ("go live by", "deadline", "bis zum", "antes del", "までに")
are read. Patterns read the common forms in EN/ES/FR/DE/PT/IT/NL/JA first (month names,
numeric and ISO dates, "in two weeks", "next Friday", "end of next month", "Ende März",
"mid-April", day ranges): they are exact, fast and never misread "We" as Wednesday, which
``dateparser.search.search_dates`` does. dateparser (slow to import and to call) is imported
lazily and only reads cue sentences in which the patterns found nothing, with the message
language, ``RELATIVE_BASE`` = the email date and ``PREFER_DATES_FROM="future"``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from repflow.engine.heuristic.textutil import sentences

_I: Final = re.IGNORECASE

_CUE: Final = re.compile(
    r"\b(?:deadline|due|go(?:es)?[- ]live|live (?:by|on|before|between|from)|publish\w*|"
    r"post(?:ed|ing)?(?: (?:by|on|before|window|date))?|launch\w*|timeline|timing|by|before|"
    r"until|till|no later than|deliver\w*|run by|dates?|window|between|"
    r"air(?:s|ed)? (?:by|on)|ready by|within|in (?:\w+ )?(?:weeks?|days?|months?)|end of|mid-|"
    r"fecha|plazo|antes del?|a más tardar|hasta el|publicar|publicación|entrega|"
    r"date limite|avant le|d'ici|au plus tard|publication|mise en ligne|livraison|"
    r"bis (?:zum|spätestens|ende)|bis|spätestens|veröffentlich\w*|live gehen|abgabe|ende|mitte|"
    r"prazo|até|publicação|data limite|entrega|"
    r"entro|scadenza|pubblicazione|consegna|uiterlijk|vóór|voor|publicatie|"
    # Swedish / Danish / Norwegian: "publicerad senast den 30 september", "senest 1. maj"
    r"senast|senest|publicer\w*|publiser\w*|innan|före|inden|klar till|klar til|"
    # Polish / Turkish / Indonesian / Hinglish: "najpóźniej do", "en geç", "paling lambat"
    r"najpóźniej|publikacj\w*|do dnia|termin\w*|do końca|"
    r"en geç|yayın\w*|tarih\w*|kadar|son gün|"
    r"paling lambat|tayang|sebelum|tanggal|batas|"
    r"tak|se pehle)\b|"
    r"締め切り|締切|までに|まで|期限|公開|納期|投稿日",
    _I,
)
#: A match of dateparser only counts as a date when it carries one of these.
_DATE_LIKE: Final = re.compile(
    r"\d{1,4}[./-]\d{1,2}|\d{1,2}(?:st|nd|rd|th)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec|ene|abr|ago|dic|janv|févr|mars|avr|mai|juin|juil|août|sept|déc|märz|mär|okt|"
    r"dez|fev|set|out|gen|mag|giu|lug|ott|mrt|mei|okt)\w*|\b(?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|tomorrow|week|weeks|month|months|semana|semanas|mes|"
    r"meses|semaine|semaines|mois|woche|wochen|monat|monate|settimana|settimane|mese|mesi|"
    r"weken|maand|days|day|días|jours|tage|giorni|dias)\b|月|日|"
    # Turkish, Polish and Indonesian month names
    r"\b(?:ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık|"
    r"stycz\w*|lut\w*|kwie\w*|maj[a]?|czerw\w*|lip\w*|sierp\w*|wrze\w*|paźdz\w*|listopad\w*|"
    r"grud\w*|januari|februari|maret|juni|juli|agustus|oktober|desember)\b",
    _I,
)
_NOT_DEADLINE: Final = re.compile(
    r"\b(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|horas|heures|stunden|ore)\b|^\d{1,4}$|"
    r"^\d{1,3}\s?(?:s|k|%)$",
    _I,
)
_DURATION_BEFORE: Final = re.compile(
    r"\b(?:for|durante|pendant|für|por|per|voor|last(?:s|ing)?|over)\s+(?:the\s+)?(?:next\s+)?$",
    _I,
)

MONTHS: Final[dict[str, int]] = {}
for _number, _names in enumerate(
    (
        "january enero janvier januar janeiro gennaio januari jan ene janv",
        "february febrero février februar fevereiro febbraio februari feb févr fev",
        "march marzo mars märz março marzo maart mar mär mrt",
        "april abril avril april aprile apr abr avr",
        "may mayo mai maio maggio mei mag maj",
        "june junio juin juni junho giugno jun juin giu",
        "july julio juillet juli julho luglio jul juil lug",
        "august agosto août august augustus augusti aug ago",
        "september septiembre septembre setembro settembre sep sept set",
        "october octubre octobre oktober outubro ottobre oct okt out ott",
        "november noviembre novembre novembro nov",
        "december diciembre décembre dezember dezembro dicembre dec dic déc dez",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS.setdefault(_name, _number)

_MONTH_ALT: Final = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_END_OF_MONTH_NAMED: Final = re.compile(
    rf"\b(?:(?:the )?end of|late|by the end of|ende|bis ende|fin(?:ales)? de|fin|fine|final de|"
    rf"eind|至)\s+(?P<month>{_MONTH_ALT})\b",
    _I,
)
_MID_MONTH: Final = re.compile(
    rf"\b(?:mid[- ]?|middle of |mitte |mediados de |mi-|metà |meados de |half )"
    rf"(?P<month>{_MONTH_ALT})\b",
    _I,
)
_END_OF_RELATIVE: Final = re.compile(
    r"\b(?:(?:by )?(?:the )?end of (?P<en>this|the|next) month|(?:ende|bis ende) (?P<de>des|"
    r"diesen|nächsten) monats|monatsende|fin (?P<fr>de ce|du|du mois prochain|de mois)|"
    r"(?:a )?finales de(?:l)? (?P<es>este mes|mes|próximo mes|mes que viene)|fine (?P<it>mese|"
    r"del mese|del prossimo mese)|final do (?P<pt>mês|próximo mês))\b",
    _I,
)


#: At most this many timeline sentences are read (deadlines sit near the top of an offer).
_MAX_SENTENCES: Final = 40


def _to_naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _future_month(base: date, month: int) -> int:
    """The year in which ``month`` next ends on or after ``base``."""
    return base.year if month >= base.month else base.year + 1


def _special(sentence: str, base: date) -> tuple[date, str] | None:
    m = _END_OF_RELATIVE.search(sentence)
    if m is not None:
        word = (next((g for g in m.groups() if g), "") or "").lower()
        nxt = any(
            w in word for w in ("next", "nächsten", "prochain", "próximo", "que viene", "prossimo")
        )
        month, year = base.month, base.year
        if nxt:
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        return _last_day(year, month), m.group()
    m = _END_OF_MONTH_NAMED.search(sentence)
    if m is not None:
        month = MONTHS[m.group("month").lower()]
        year = _explicit_year(sentence, m.end()) or _future_month(base, month)
        return _last_day(year, month), m.group()
    m = _MID_MONTH.search(sentence)
    if m is not None:
        month = MONTHS[m.group("month").lower()]
        year = _explicit_year(sentence, m.end()) or _future_month(base, month)
        return date(year, month, 15), m.group()
    return None


def _explicit_year(sentence: str, pos: int) -> int | None:
    m = re.match(r"\s*,?\s*(20\d\d)\b", sentence[pos:])
    return int(m.group(1)) if m else None


_WEEKDAYS: Final[dict[str, int]] = {}
for _number, _names in enumerate(
    (
        "monday lunes lundi montag segunda-feira segunda lunedì lunedi maandag",
        "tuesday martes mardi dienstag terça-feira terça martedì martedi dinsdag",
        "wednesday miércoles miercoles mercredi mittwoch quarta-feira quarta mercoledì woensdag",
        "thursday jueves jeudi donnerstag quinta-feira quinta giovedì giovedi donderdag",
        "friday viernes vendredi freitag sexta-feira sexta venerdì venerdi vrijdag",
        "saturday sábado sabado samedi samstag sabato zaterdag",
        "sunday domingo dimanche sonntag domenica zondag",
    )
):
    for _name in _names.split():
        _WEEKDAYS.setdefault(_name, _number)

_WEEKDAY_ALT: Final = "|".join(sorted((re.escape(w) for w in _WEEKDAYS), key=len, reverse=True))
_ORD: Final = r"(?:st|nd|rd|th|er|ème|º|ª|\.)?"
_NAMED_DATE: Final = re.compile(
    rf"(?:\b(?P<d1>\d{{1,2}}){_ORD}\s*(?:de\s+|of\s+|-)?)?"
    rf"\b(?P<month>{_MONTH_ALT})\b\.?"
    rf"(?:\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?![.,:]?\d{{3}})"
    rf"(?:\s*[-–—]\s*(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\b)?)?"
    rf"(?:\s*,?\s*(?:de(?:l)?\s+)?(?P<year>20\d\d)\b)?",
    _I,
)
_ISO: Final = re.compile(r"\b(20\d\d)-(\d{1,2})-(\d{1,2})\b")
_NUMERIC: Final = re.compile(
    r"(?<![\d$€£.,/-])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d%]|[.,]\d|\s?(?:k|m|%))"
)
_JAPANESE: Final = re.compile(r"(?:(20\d\d)年)?(\d{1,2})月(\d{1,2})日")
_UNITS: Final[dict[str, int]] = {}
for _days, _names in (
    (1, "day days día días dia dias jour jours tag tage tagen giorno giorni dag dagen"),
    (7, "week weeks semana semanas semaine semaines woche wochen settimana settimane weken"),
    (30, "month months mes meses mois monat monate monaten mês mese mesi maand maanden"),
):
    for _name in _names.split():
        _UNITS[_name] = _days
_UNIT_ALT: Final = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_RELATIVE: Final = re.compile(
    r"\b(?:in|within|en|dans|d'ici|innerhalb(?: von)?|binnen|em|dentro de|entro|tra|fra|"
    r"nos próximos|in den nächsten|dans les|en los próximos|over)\s+(?:the next\s+|"
    rf"(?:un|une|a|an)\s+)?(?P<n>\d{{1,2}}|[^\W\d_]+)?\s*(?P<unit>{_UNIT_ALT})\b",
    _I,
)
_NEXT_WEEK: Final = re.compile(
    r"\bnext week\b|\bla semana que viene\b|\bla próxima semana\b|\bla semaine prochaine\b|"
    r"\bnächste(?:n)? woche\b|\bpróxima semana\b|\b(?:la )?prossima settimana\b|"
    r"\bvolgende week\b",
    _I,
)
_TOMORROW: Final = re.compile(r"\btomorrow\b|\bdemain\b|\bamanhã\b|\bdomani\b", _I)
_WEEKDAY: Final = re.compile(rf"\b(?:next |this |coming )?(?P<day>{_WEEKDAY_ALT})\b", _I)
#: Words right before a date that make it the deadline rather than some other date.
_STRONG_BEFORE: Final = re.compile(
    r"(?:\bby|\bbefore|\buntil|\btill|\bno later than|\bdeadline|\bdue|\blive(?: on)?|"
    r"\b(?:post|publish|upload|air)(?:ed|s)? on|"
    r"\bantes del?|\bhasta el|\ba más tardar el|\bavant le|\bd'ici (?:le|au)|"
    r"\bau plus tard le|\bbis (?:zum|spätestens)|\bspätestens(?: am| bis)?|\baté|\bentro il|"
    r"\bentro|\buiterlijk|\bvóór|\bvoor|:)\s*(?:the\s+|el\s+|le\s+|am\s+|o\s+|il\s+)?$",
    _I,
)


#: A labelled deadline ("Go-live: 2026-06-26", "Deadline: 3/14"): it beats dates that only
#: explain it ("so it's up before the July 4th weekend").
_LABEL_BEFORE: Final = re.compile(
    r"\b(?:go[- ]?live(?: date)?|deadline|due date|live date|publish(?:ing)? date|posting date|"
    r"publication date|fecha (?:l[ií]mite|de publicaci[oó]n)|date (?:limite|de publication)|"
    r"stichtag|ver[öo]ffentlichung(?:sdatum)?|data (?:limite|de publica[çc][ãa]o)|scadenza|"
    r"deadline|publicatiedatum)\s*[:：]\s*$",
    _I,
)
#: The end of a window ("between launch day (14 May) and 24 May"): the last day it may run.
_WINDOW_END_BEFORE: Final = re.compile(
    r"\b(?:between|from|zwischen|vom|entre|du|tra|dal|tussen|van)\b[^.;\n]{1,50}?"
    r"\b(?:and|to|until|und|bis|y|et|e|a|au|al|en|tot)\s*(?:the\s+|el\s+|le\s+|il\s+)?$",
    _I,
)
_DATE_AFTER_WEEKDAY: Final = re.compile(rf"[\s,]*(?:the\s+)?(?:\d|(?:{_MONTH_ALT})\b)", _I)
#: Words that mark an intermediate step (a draft), not the go-live deadline.
_DRAFT_BEFORE: Final = re.compile(
    r"\b(?:drafts?|scripts?|concepts?|outlines?|first cut|preview|review|approval|contract|"
    r"brief|entwurf|borrador|brouillon|rascunho|bozza)\b[^.;]{0,25}$",
    _I,
)


#: A date right before the event it names ("before the 15 September go-live") is that event.
_EVENT_AFTER: Final = re.compile(
    r"\s*(?:go[- ]?live|launch|live\s+date|publication|release|posting\s+date|air\s+date|"
    r"veröffentlichung|lanzamiento|publicación|lancement|mise\s+en\s+ligne|lançamento)\b",
    _I,
)
#: "within 15 days of go-live", "30 days after posting": a payment or review term relative
#: to an event, not a date of its own.
_RELATIVE_TO_EVENT: Final = re.compile(
    r"\s+(?:of|after|from|following|upon|post)\s+(?:the\s+)?(?:go[- ]?live|posting|publication|"
    r"publishing|invoice|invoicing|receipt|delivery|signing|signature|approval|launch|"
    r"completion|content\s+going\s+live|(?:the\s+)?(?:video|post|content|campaign)\s+(?:going\s+)?"
    r"(?:live|published|posted))\b",
    _I,
)
_PAYMENT_BEFORE: Final = re.compile(
    r"\b(?:pay(?:ment|able|s)?|paid|invoice[sd]?|balance|net|remaining|remainder|settle\w*|"
    r"transfer|wire|zahlung|zahlbar|pago|paiement|pagamento|factur\w*|rechnung)\b[^.;]{0,40}$",
    _I,
)


@dataclass(frozen=True, slots=True)
class _Found:
    value: date
    start: int
    strong: bool
    draft: bool = False
    label: bool = False


def _year_for(month: int, day: int, today: date) -> int:
    for year in (today.year, today.year + 1):
        try:
            if date(year, month, day) >= today - timedelta(days=1):
                return year
        except ValueError:
            continue
    return today.year + 1


def _make(year: int | None, month: int, day: int | None, today: date) -> date | None:
    if not 1 <= month <= 12:
        return None
    if day is None:
        year = year or _future_month(today, month)
        return _last_day(year, month)
    if not 1 <= day <= 31:
        return None
    year = year or _year_for(month, day, today)
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _candidates(
    sentence: str, language: str | None, today: date, words: dict[str, int]
) -> list[_Found]:
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []

    def add(value: date | None, start: int, end: int) -> None:
        if value is None or any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        before = sentence[max(0, start - 30) : start]
        if _DURATION_BEFORE.search(before):
            return
        strong = bool(_STRONG_BEFORE.search(before)) or bool(
            _WINDOW_END_BEFORE.search(sentence[max(0, start - 60) : start])
        )
        draft = bool(_DRAFT_BEFORE.search(sentence[max(0, start - 40) : start]))
        label = bool(_LABEL_BEFORE.search(before))
        if _EVENT_AFTER.match(sentence, end):
            strong, draft = True, False
        found.append(_Found(value, start, strong, draft, label and not draft))

    for m in _ISO.finditer(sentence):
        add(_make(int(m.group(1)), int(m.group(2)), int(m.group(3)), today), *m.span())
    for m in _JAPANESE.finditer(sentence):
        year = int(m.group(1)) if m.group(1) else None
        add(_make(year, int(m.group(2)), int(m.group(3)), today), *m.span())
    for m in _NAMED_DATE.finditer(sentence):
        word = m.group("month").lower()
        if (
            len(word) <= 3
            and word not in ("may", "mai", "mei")
            and not m.group("d1")
            and not (m.group("d2"))
        ):
            continue  # "mar", "set", "out" alone are words, not months
        if word in ("may", "mai", "mei", "march", "mars", "set", "out") and not (
            m.group("d1") or m.group("d2") or m.group("year")
        ):
            # "may" and "march" are also verbs; "out"/"set" ordinary words.
            before = sentence[max(0, m.start() - 12) : m.start()].lower()
            if word in ("may", "set", "out") or not re.search(
                r"\b(?:in|by|of|end|mid)\s*$", before
            ):
                continue
        month = MONTHS[word]
        day_text = m.group("d3") or m.group("d1") or m.group("d2")
        year = int(m.group("year")) if m.group("year") else None
        add(_make(year, month, int(day_text) if day_text else None, today), *m.span())
    for m in _NUMERIC.finditer(sentence):
        a, b = int(m.group(1)), int(m.group(3))
        year_text = m.group(4)
        year = int(year_text) if year_text else None
        if m.group(2) == "." and year is None and language == "en":
            continue  # "1.5" in English text is a number
        month_first = language in (None, "en") and a <= 12
        month, day = (a, b) if month_first and b <= 31 else (b, a)
        if month > 12:
            month, day = day, month
        add(_make(year, month, day, today), *m.span())
    for m in _RELATIVE.finditer(sentence):
        if _RELATIVE_TO_EVENT.match(sentence, m.end()) or _PAYMENT_BEFORE.search(
            sentence[max(0, m.start() - 60) : m.start()]
        ):
            continue  # "balance within 15 days of go-live": a payment term
        raw = (m.group("n") or "1").lower()
        count = int(raw) if raw.isdigit() else words.get(raw)
        if count is None or not 0 < count <= 60:
            continue
        days = count * _UNITS[m.group("unit").lower()]
        add(today + timedelta(days=days), *m.span())
    for m in _NEXT_WEEK.finditer(sentence):
        add(today + timedelta(days=7), *m.span())
    for m in _TOMORROW.finditer(sentence):
        add(today + timedelta(days=1), *m.span())
    for m in _WEEKDAY.finditer(sentence):
        if _DATE_AFTER_WEEKDAY.match(sentence, m.end()):
            continue  # "Friday, March 14": the date says it
        target = _WEEKDAYS[m.group("day").lower()]
        ahead = (target - today.weekday()) % 7 or 7
        if m.group().lower().startswith("next ") and ahead < 7:
            ahead += 7 if ahead <= 2 else 0
        add(today + timedelta(days=ahead), *m.span())
    return found


def _number_words(language: str | None) -> dict[str, int]:
    from repflow.engine.heuristic.extract import number_words

    words = number_words(language)
    words.update({"a": 1, "an": 1, "couple": 2, "few": 3})
    return words


def _languages(language: str | None) -> list[str]:
    supported = {"en", "es", "fr", "de", "pt", "it", "nl", "ja", "pl", "tr", "id", "sv"}
    langs = [language] if language in supported else []
    if "en" not in langs:
        langs.append("en")
    return [lang for lang in langs if lang]


def find_deadline(
    text: str, *, language: str | None, base: datetime | None
) -> tuple[str | None, str]:
    """The go-live / delivery deadline stated in ``text``, as an ISO date.

    Only sentences with a timeline cue are read. Dates written with a month name, as numbers,
    ISO, or relative to the email ("in two weeks", "end of next month", "next Friday") are
    read by patterns; dateparser (imported on first use) reads what they miss. A date must fall
    between the email date and three years after it; a date right after "by", "before",
    "deadline", "bis", "antes del"... wins over other dates in the sentence, and durations
    ("for 90 days") are not deadlines.

    Args:
        text: Message text.
        language: The message language (ISO 639-1); English is always tried too.
        base: The email's date (relative expressions count from it); now when None.

    Returns:
        ``(YYYY-MM-DD, snippet)`` or ``(None, "")``.
    """
    candidates = [s for s in sentences(text) if _CUE.search(s)][:_MAX_SENTENCES]
    if not candidates:
        return None, ""
    words = _number_words(language)
    moment = _to_naive_utc(base) if base is not None else datetime.now(UTC).replace(tzinfo=None)
    today = moment.date()
    # Rank: not a draft step, then labelled ("Go-live: ..."), then strong ("by", "before",
    # "deadline"...), then the earliest sentence, then (within a sentence) the latest date:
    # "draft by 3/20, live by 3/27".
    best: tuple[tuple[bool, bool, bool, int, int], date, str] | None = None
    for index, sentence in enumerate(candidates):
        found: list[_Found] = []
        special = _special(sentence, today)
        if special is not None:
            # "bis Ende April", "by the end of May" set a deadline; "the tubes arrive at the
            # end of April" is only a date in a timeline sentence
            where = max(0, sentence.find(special[1]))
            strong = bool(
                _STRONG_BEFORE.search(sentence[max(0, where - 30) : where])
                or re.match(r"(?:by|bis|before|antes|avant|entro|uiterlijk|até)\b", special[1], _I)
            )
            found.append(_Found(special[0], where, strong))
            # the month inside "mid-April" is not a date of its own
            span = range(where, where + len(special[1]))
            found += [
                c for c in _candidates(sentence, language, today, words) if c.start not in span
            ]
        else:
            found += _candidates(sentence, language, today, words)
        for item in found:
            if not _plausible(item.value, today):
                continue
            key = (item.draft, not item.label, not item.strong, index, -item.value.toordinal())
            if best is None or key < best[0]:
                best = (key, item.value, sentence)
    if best is not None:
        return best[1].isoformat(), _short(best[2])
    for sentence in candidates[:4]:
        for _matched, value in _search(sentence, _languages(language), moment):
            if _plausible(value, today):
                return value.isoformat(), _short(sentence)
    return None, ""


def _plausible(value: date, today: date) -> bool:
    return today - timedelta(days=1) <= value <= today + timedelta(days=3 * 366)


def _search(sentence: str, languages: Sequence[str], base: datetime) -> list[tuple[str, date]]:
    from dateparser.search import search_dates  # slow import: only when patterns found nothing

    settings: dict[str, Any] = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "last",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if languages and languages[0] != "en":
        settings["DATE_ORDER"] = "DMY"
    try:
        results = search_dates(sentence, languages=list(languages), settings=settings)
    except Exception:  # pragma: no cover - dateparser must never break assessment
        return []
    out: list[tuple[str, date]] = []
    for matched, value in results or []:
        stripped = matched.strip()
        if not _DATE_LIKE.search(stripped) or _NOT_DEADLINE.search(stripped):
            continue
        where = sentence.find(matched)
        if where > 0 and _DURATION_BEFORE.search(sentence[:where]):
            continue
        if where >= 0 and (
            _RELATIVE_TO_EVENT.match(sentence, where + len(matched.rstrip()))
            or _PAYMENT_BEFORE.search(sentence[max(0, where - 60) : where])
        ):
            continue  # "paid within 15 days of go-live": a payment term
        out.append((stripped, value.date()))
    return out


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split()).strip(" -*•")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
