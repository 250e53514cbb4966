"""Deal-term extraction of the heuristic engine: deliverables, platforms, money and conditions.

Each extractor reads cleaned message text (new text plus forwarded text, URLs and social-link
footers removed) and returns a value plus the snippet it was read from, for the evidence map.
Brand and agency live in :mod:`.brand`, the deadline in :mod:`.dates`, usage rights,
exclusivity and the product category in :mod:`.conditions` (importable from here too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from repflow.domain.models import (
    DELIVERABLE_PLATFORM,
    Deliverable,
    DeliverableKind,
    PartnershipType,
    Platform,
)
from repflow.engine.heuristic.conditions import (
    find_exclusivity,
    find_product_category,
    find_rate_request,
    find_rush,
    find_usage_rights,
)
from repflow.engine.heuristic.cue_base import lang_phrases
from repflow.engine.heuristic.lexicon import (
    LANGUAGE_ONLY_NUMBERS,
    NUMBER_WORDS,
    words,
)
from repflow.engine.reading.money import MoneyMention, parse_budget

__all__ = [
    "find_budget",
    "find_deliverables",
    "find_exclusivity",
    "find_platforms",
    "find_product_category",
    "find_rate_request",
    "find_rush",
    "find_usage_rights",
    "number_words",
    "partnership_type",
]

_I: Final = re.IGNORECASE
_K = DeliverableKind

# --------------------------------------------------------------------------------------------
# Deliverables
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DeliverablePattern:
    kind: DeliverableKind
    pattern: re.Pattern[str]
    #: Only counts when a quantity is written right before it ("3 TikTok", "two Stories").
    needs_count: bool = False
    #: Only counts when the message talks about Instagram somewhere.
    needs_instagram: bool = False
    #: Only counts when the message talks about a newsletter somewhere.
    needs_newsletter: bool = False


def _dp(
    kind: DeliverableKind,
    pattern: str,
    *,
    flags: int = _I,
    needs_count: bool = False,
    needs_instagram: bool = False,
    needs_newsletter: bool = False,
) -> _DeliverablePattern:
    return _DeliverablePattern(
        kind, re.compile(pattern, flags), needs_count, needs_instagram, needs_newsletter
    )


_AD_READ: Final = (
    r"(?:pre|mid|post)[- ]?rolls?|ad[- ]reads?|host[- ]read(?: ads?| spots?| reads?)?|"
    r"baked[- ]in (?:ads?|reads?)"
)

_DELIVERABLES: Final[Sequence[_DeliverablePattern]] = (
    _dp(
        _K.UGC_VIDEO,
        r"\bUGC[- ](?:videos?|clips?|ads?|content|assets|pieces|reels?)\b|"
        r"\buser[- ]generated (?:content )?videos?\b|\b(?:v[ií]deos?|vidéos?) UGC\b",
    ),
    _dp(
        _K.YOUTUBE_DEDICATED,
        r"\bdedicated (?:youtube |yt |review |long[- ]form |full |sponsored )?"
        r"(?:videos?|reviews?|episodes?|uploads?)\b|"
        r"\b(?:full|standalone|entire|whole) (?:youtube )?videos? "
        r"(?:about|on|dedicated|featuring)\b|"
        r"\b(?:series|serie) of \d+ (?:youtube )?videos\b|\b\d{1,2}-part (?:video )?series\b|"
        r"\bv[ií]deos? dedicad[oa]s?\b|\bvidéos? dédiée?s?\b|\bvideos? dedicat[oi]\b|"
        r"\b(?:dediziert\w*|eigen\w*) (?:youtube[- ])?videos?\b|\bdedicated\b",
    ),
    _dp(
        _K.PODCAST_READ,
        r"\bpodcast (?:ad(?:vert)?s?|reads?|spots?|mentions?|segments?|sponsorships?|"
        r"placements?|integrations?)\b|\bhost[- ]read(?: ads?| spots?| reads?| mentions?)?\b|"
        r"\b(?:ads?|spots?|mentions?|reads?) (?:on|in) (?:your|the|\w+'s) (?:podcast|show)\b|"
        r"\bbaked[- ]in (?:ads?|reads?)\b|\banuncios? en (?:tu|el) podcast\b|"
        r"\bpodcast-?werbung\b",
    ),
    _dp(
        _K.NEWSLETTER_MENTION,
        r"\bnewsletter (?:mentions?|placements?|features?|ads?|slots?|sponsorships?|spots?|"
        r"inserts?|issues?)\b|\b(?:mentions?|placements?|features?|ads?|slots?|spots?) in "
        r"(?:your|the) newsletter\b|\bsponsored newsletters?\b",
    ),
    # "sponsor 2 issues", "each of two editions" of a newsletter
    _dp(
        _K.NEWSLETTER_MENTION,
        r"\b(?:newsletter )?(?:issues|editions|sends|issue|edition)\b|"
        # "two sponsor slots", "two placements in the primary slot" of a newsletter
        r"\bsponsor(?:ed|ship)? (?:placements?|slots?|spots?)\b|"
        r"\b(?:placements?|slots?) in (?:the|your|each|every|our)\b",
        needs_count=True,
        needs_newsletter=True,
    ),
    _dp(
        _K.YOUTUBE_INTEGRATION,
        r"\b(?:youtube |yt |video |sponsored |paid )?integrations?\b|"
        r"\bintegrated (?:videos?|segments?|mentions?|ads?|spots?|sponsorships?)\b|"
        r"\bsponsored (?:segments?|mentions?|spots?|shout-?outs?)\b|"
        r"\b\d{2,3}[- ]?(?:s|sec|secs|second|seconds)\b[- ](?:mentions?|spots?|segments?|"
        r"ad[- ]reads?|integrations?|shout-?outs?|reads?|ads?|plugs?)\b|"
        r"\b(?:mention|shout-?out|plug|segment|spot) in (?:a|an|one|your|the) (?:upcoming |next )?"
        r"(?:youtube )?videos?\b|"
        rf"\b(?:{_AD_READ})\b|"
        r"\bintegraci[oó]n(?:es)?\b|\bintégrations?\b|\bintegraç(?:ão|ões)\b|\bintegrazion[ei]\b|"
        r"\bwerbe-?integration(?:en)?\b|\bintegratie\b",
    ),
    _dp(
        _K.YOUTUBE_SHORT,
        r"\b(?:[Yy]ou[Tt]ube|YOUTUBE|YT)[ -]?(?:[Ss]horts?|SHORTS?)\b|\b(?:Shorts|SHORTS)\b",
        flags=0,
    ),
    _dp(_K.YOUTUBE_SHORT, r"\b(?:Short|SHORT)\b", flags=0, needs_count=True),
    _dp(
        _K.INSTAGRAM_REEL,
        # "Reelu", "Reelsa", "Reelach": Polish and other inflected forms
        r"\b(?:instagram[ -]|ig[ -]|insta[ -])?reel(?:s|su|sa|u|a|e|i|y|ach|ów)?\b|"
        r"\b(?:instagram[ -])?reels? (?:de|en|auf|sur|no|su|op|na) instagram\b|リール",
    ),
    _dp(
        _K.INSTAGRAM_STORY,
        r"\b(?:instagram|ig|insta)[ -]?(?:stor(?:y|ies)|storys|storie)\b(?: (?:frames?|slides?|"
        r"sets?|posts?))?|\bstor(?:y|ies) (?:frames?|slides?|sets?)\b|"
        r"\b(?:historias?|stories|storys|storie|stories) (?:de |en |sur |auf |no |su |op )?"
        r"(?:instagram|ig|insta)\b",
    ),
    _dp(
        _K.INSTAGRAM_STORY,
        r"\b(?:[Ss]tor(?:y|ies)|STOR(?:Y|IES)|[Ss]torys|[Hh]istorias?|[Ss]torie)\b",
        flags=0,
        needs_instagram=True,
    ),
    _dp(
        _K.INSTAGRAM_POST,
        r"\b(?:in-?feed|feed|carousel|instagram|ig|insta|static) posts?\b|\bcarousels?\b|"
        r"\bposts? (?:on|in|to) (?:your )?(?:instagram|ig|insta|feed|grid)\b|"
        r"\bpublicaci[oó]n(?:es)? (?:en|de) instagram\b|\bfeed-?posts?\b|"
        r"\bpublicaci[oó]n(?:es)? (?:en|de) (?:el |tu |su )?feed\b|"
        r"\bpublica[çc](?:ão|ões) (?:no|em|de) (?:seu |teu )?feed\b|\bposts? (?:no|"
        r"em) (?:seu )?feed\b|"
        r"\bpublications? (?:dans|sur) (?:le |ton |votre )?(?:feed|fil)\b|"
        r"\bpost (?:nel|sul) (?:tuo )?feed\b|\bfeed-?beitr(?:a|ä)ge?\b|"
        r"\b(?:beitr(?:a|ä)ge?|posts?) (?:auf|bei|no|su|sur) instagram\b",
    ),
    _dp(
        _K.TIKTOK_VIDEO,
        r"\btik ?tok[ -](?:videos?|videosu|videoları|posts?|clips?|content pieces)\b|"
        r"\btik ?toks\b|"
        # "2 filmy na TikToku", "video TikTok", "konten TikTok"
        r"\b(?:v[ií]deos?|vidéos?|clips?|posts?|filmy|filmów|film|filmik\w*|konten) "
        r"(?:de |en |sur |auf |no |su |op |on |for |na |di )?(?:your )?tik ?tok\w*\b",
    ),
    _dp(_K.TIKTOK_VIDEO, r"\btik ?tok\b", needs_count=True),
    # "($45,000) for the TikTok and the Reel": a TikTok paid for, or listed with other content
    _dp(
        _K.TIKTOK_VIDEO,
        r"(?<=\bfor the )tik ?tok\b|(?<=\bpor el )tik ?tok\b|(?<=\bpour le )tik ?tok\b|"
        r"(?<=\bfür das )tik ?tok\b|(?<=\bfür den )tik ?tok\b|(?<=\bpelo )tik ?tok\b|"
        r"(?<=\bper il )tik ?tok\b|"
        r"\btik ?tok(?=\s+(?:y|and|e|et|und|\+|&)\s+(?:el |la |the |le |das |den |o |a |il |one |"
        r"un |una |an? )?(?:reels?|stor(?:y|ies)|posts?|videos?|shorts?|tweets?)\b)",
    ),
    _dp(
        _K.TWITCH_STREAM,
        r"\b(?:sponsored |live ?|twitch |kick |dedicated )?streams?\b|\blive-?streams?\b|"
        r"\bstream (?:integration|segment|takeover)s?\b|\b(?:directos?|transmisi[oó]n en vivo|"
        r"diretta|live-?übertragung|canlı (?:bir )?(?:\w+ )?yayın\w*|transmisj\w* na żywo|"
        r"siaran langsung|livesändning\w*)\b|ライブ配信",
    ),
    _dp(
        _K.X_POST,
        r"\btweets?\b|\btwitter (?:posts?|threads?)\b|\b(?:posts?|threads?) on (?:twitter)\b",
    ),
    _dp(_K.X_POST, r"\bX (?:posts?|threads?)\b|\b(?:posts?|threads?) on X\b", flags=0),
    # Japanese: "YouTube動画 1本", "インスタのリール2本", "TikTok動画", "ストーリーズ3回"
    _dp(_K.YOUTUBE_SHORT, r"(?:YouTube|YT|ユーチューブ)\s*(?:の)?\s*(?:ショート|Shorts)", flags=_I),
    _dp(_K.TIKTOK_VIDEO, r"(?:TikTok|ティックトック)\s*(?:での|の)?\s*(?:動画|投稿)", flags=_I),
    _dp(
        _K.YOUTUBE_INTEGRATION,
        r"(?:YouTube|YT|ユーチューブ)\s*(?:での|の|チャンネルでの)?\s*(?:動画|ビデオ)",
        flags=_I,
    ),
    _dp(_K.INSTAGRAM_REEL, r"リール"),
    _dp(_K.INSTAGRAM_STORY, r"ストーリーズ|ストーリー"),
    _dp(_K.INSTAGRAM_POST, r"フィード投稿"),
    # Posts on networks without a kind of their own: LinkedIn, Facebook, Threads, Pinterest...
    _dp(
        _K.OTHER,
        r"\b(?:linked ?in|facebook|fb|threads|pinterest|snapchat|bluesky|reddit|discord) "
        r"(?:posts?|videos?|articles?|stor(?:y|ies)|pins?|reels?|newsletters?|threads?)\b|"
        r"\b(?:a|an|one|\d{1,2}|two|three) (?:[\w-]+ )?(?:posts?|articles?) on (?:linked ?in|"
        r"facebook|threads|pinterest|bluesky|reddit)\b",
    ),
    _dp(
        _K.BLOG_POST,
        r"\bblog (?:posts?|articles?|reviews?|features?)\b|\b(?:article|post|review) on "
        r"(?:your|the) blog\b|\bsponsored (?:article|blog post)s?\b",
    ),
)

_INSTAGRAM_CONTEXT: Final = re.compile(r"\b(?:instagram|insta|ig|reels?)\b", _I)
_PODCAST_CONTEXT: Final = re.compile(r"\b(?:podcast\w*|episodes?|show|listeners)\b", _I)
#: A newsletter named as such, by its platform, or by what only newsletters have (an open
#: rate, a sponsor slot, a mailing list), since senders often just say "issues".
_NEWSLETTER_CONTEXT: Final = re.compile(
    r"\bnewsletters?\b|\bsubstack\b|\bbeehiiv\b|\bconvertkit\b|\bopen[- ]rates?\b|"
    r"\bsponsor(?:ed|ship)? (?:slot|placement|spot)s?\b|\b(?:mailing|email|e-mail) list\b|"
    r"\b(?:weekly|daily|monthly|sunday|morning) (?:issue|edition|email|digest|send)s?\b",
    _I,
)
_NEWSLETTER_SENTENCE: Final = re.compile(
    r"\bnewsletters?\b|\bissues?\b|\beditions?\b|\bsubscribers\b|\binbox(?:es)?\b", _I
)
_GENERIC_VIDEO: Final = re.compile(
    r"\b(?:sponsored |youtube |yt |review |unboxing |tutorial |branded )?(?:videos?|v[ií]deos?|"
    r"vidéos?)\b",
    _I,
)
_DEDICATED_HINT: Final = re.compile(
    r"\b(?:review|unboxing|tutorial|about our|featuring our|series)\b|\bdedicad|dédiée|dedicat",
    _I,
)
_PAST_VIDEO: Final = (
    r"\b(?:loved?|saw|seen|watched|enjoyed|liked|came across|found|recent|latest|last|"
    r"vimos|vu|gesehen|vimos|visto)\b[^.!?\n]*$"
)
_TOKEN: Final = re.compile(r"[\w'’.,×%$€£+-]+|[^\w\s]")
_STOP_TOKENS: Final = words(
    """
    for per of with in on at to by from and or plus + , ; : ( ) [ ] & / = y et und e o oder
    ou para por pour für con avec mit com per van voor met en og
    """
)
_UNITS: Final = words(
    """
    s sec secs second seconds min mins minute minutes hour hours day days week weeks month
    months % percent k segundos secondes sekunden secondi
    """
)
_RIGHT_COUNT: Final = re.compile(
    r"\s*\(?\s*[x×]\s?(\d{1,2})\b|\s*[:=]\s*(\d{1,2})\b(?![.,]\d)|"
    r"\s*(?:を|は|が|も)?\s*(\d{1,2})\s*(?:本|件|回|つ|個|投稿)"
)
_NUM_X: Final = re.compile(r"^(?:(\d{1,2})\s*[x×]|[x×]\s*(\d{1,2})|(\d{1,2}))$", _I)
_MAX_QUANTITY: Final = 30


def _count_before(text: str, start: int, words: dict[str, int]) -> int | None:
    """The quantity written just before a deliverable noun, if any."""
    left = text[max(0, start - 60) : start]
    tokens = _TOKEN.findall(left)
    skipped = 0
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token[-1:] in ".!?;:,":
            return None  # the previous sentence or list item
        low = token.lower().strip(".,")
        m = _NUM_X.match(low)
        if m is not None:
            value = int(next(g for g in m.groups() if g))
            nxt = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
            if nxt in _UNITS or nxt.startswith(("sec", "second", "minute")):
                skipped += 1
                continue
            return value if 0 < value <= _MAX_QUANTITY else None
        if low in words:
            return words[low]
        if (low in _STOP_TOKENS or not token[:1].isalpha()) and not re.fullmatch(
            r"\d{1,3}-\w+", low
        ):
            # Another deliverable's count, a price or a separator: not ours.
            return None
        skipped += 1
        if skipped > 3:
            return None
    return None


#: "a 60-second integration in each of two uploads", "a read across three episodes": one
#: deliverable repeated in several pieces of content.
_EACH_OF: Final = re.compile(
    r"[ \t\n]+(?:in|on|for|inside|within)[ \t\n]+(?:each|every[ \t\n]+one|all)[ \t\n]+of[ \t\n]+"
    r"(?:the[ \t\n]+|your[ \t\n]+|our[ \t\n]+)?(?P<n>\d{1,2}|[a-zà-ÿ]+)[ \t\n]+"
    r"(?:[\w-]+[ \t\n]+){0,2}?(?:videos?|uploads?|episodes?|streams?|issues?|editions?|posts?|"
    r"v[ií]deos?|vidéos?|folgen|afleveringen|episodi|episodios|epis[óo]dios)\b"
    r"|[ \t\n]+across[ \t\n]+(?:the[ \t\n]+|your[ \t\n]+)?(?P<m>\d{1,2}|[a-z]+)[ \t\n]+"
    r"(?:[\w-]+[ \t\n]+){0,2}?(?:videos|uploads|episodes|streams|issues|editions|posts)\b",
    _I,
)


def _each_of(text: str, end: int, words: dict[str, int]) -> int | None:
    """How many pieces of content one deliverable is repeated in ("in each of two videos")."""
    m = _EACH_OF.match(text, end)
    if m is None:
        return None
    raw = (m.group("n") or m.group("m") or "").lower()
    value = int(raw) if raw.isdigit() else words.get(raw)
    return value if value is not None and 1 < value <= _MAX_QUANTITY else None


def _count_after(text: str, end: int) -> int | None:
    m = _RIGHT_COUNT.match(text, end)
    if m is None:
        return None
    value = int(m.group(1) or m.group(2) or m.group(3))
    return value if 0 < value <= _MAX_QUANTITY else None


#: Number words that are ordinary words in another language ("due" date, "sei" = be).
_AMBIGUOUS_NUMBERS: Final = LANGUAGE_ONLY_NUMBERS


def number_words(language: str | None) -> dict[str, int]:
    """Number words of every language (emails mix them), ``language`` first on conflicts."""
    words: dict[str, int] = {}
    for table in NUMBER_WORDS.values():
        for word, value in table.items():
            if _AMBIGUOUS_NUMBERS.get(word, language) == language:
                words.setdefault(word, value)
    if language is not None and language in NUMBER_WORDS:
        words.update(NUMBER_WORDS[language])
    return words


def find_deliverables(text: str, language: str | None) -> tuple[tuple[Deliverable, ...], str]:
    """The deliverables ``text`` asks for, with quantities, and an evidence snippet.

    Overlapping matches keep the first pattern in table order (most specific first); a kind
    mentioned several times keeps its largest quantity ("two Reels ... the Reels").

    Args:
        text: Cleaned message text.
        language: The message language (for number words).

    Returns:
        The deliverables in order of first mention, and the sentence(s) they came from.
    """
    words = {**number_words(language), "a": 1, "an": 1}
    instagram = bool(_INSTAGRAM_CONTEXT.search(text))
    newsletter = bool(_NEWSLETTER_CONTEXT.search(text))
    taken: list[tuple[int, int]] = []
    found: dict[DeliverableKind, int] = {}
    first: dict[DeliverableKind, int] = {}
    spans: list[tuple[int, int]] = []
    for spec in _DELIVERABLES:
        if (spec.needs_instagram and not instagram) or (spec.needs_newsletter and not newsletter):
            continue
        for m in spec.pattern.finditer(text):
            s, e = m.span()
            if any(a < e and s < b for a, b in taken):
                continue
            inner = re.search(r"\bof (\d{1,2})\b|^(\d{1,2})-part", m.group())
            count = (
                int(inner.group(1) or inner.group(2)) if inner else _count_before(text, s, words)
            )
            if spec.needs_count and count is None:
                continue
            kind = _refine(spec.kind, text, s, e, m.group())
            if kind is None:
                continue
            count = count or _count_after(text, e) or 1
            if count == 1:
                count = _each_of(text, e, words) or 1
            taken.append((s, e))
            spans.append((s, e))
            first[kind] = min(first.get(kind, s), s)
            found[kind] = max(found.get(kind, 0), count)
    if not found:
        generic = _generic_video(text, words)
        if generic is not None:
            kind, count, span = generic
            found[kind] = count
            first[kind] = span[0]
            spans.append(span)
    order = sorted(found, key=lambda k: first[k])
    deliverables = tuple(Deliverable(kind, found[kind]) for kind in order)
    return deliverables, _snippet(text, spans)


def _sentence_around(text: str, s: int, e: int) -> str:
    lo = max(text.rfind("\n", 0, s), text.rfind(". ", 0, s) + 1, 0)
    hi_candidates = [i for i in (text.find("\n", e), text.find(". ", e)) if i != -1]
    hi = min(hi_candidates) if hi_candidates else len(text)
    return text[lo:hi]


def _refine(
    kind: DeliverableKind, text: str, s: int, e: int, matched: str
) -> DeliverableKind | None:
    """Adjust a kind by its sentence: an ad read on a podcast is a podcast read."""
    sentence = _sentence_around(text, s, e)
    low = matched.lower()
    if (
        kind is _K.YOUTUBE_INTEGRATION
        and re.search(_AD_READ, low)
        and _PODCAST_CONTEXT.search(sentence)
        and not re.search(r"youtube|video", sentence, _I)
    ):
        return _K.PODCAST_READ
    if (
        kind is _K.YOUTUBE_INTEGRATION
        and _NEWSLETTER_SENTENCE.search(sentence)
        and _NEWSLETTER_CONTEXT.search(text)
        and not re.search(r"youtube|video|\byt\b|channel|stream|podcast", sentence, _I)
    ):
        # "a sponsored mention in each of two issues" of a newsletter
        return _K.NEWSLETTER_MENTION
    if kind is _K.YOUTUBE_INTEGRATION and "integration" in low:
        # "API integration", "Shopify integration": not a video segment.
        before = text[max(0, s - 20) : s].lower()
        if re.search(r"\b(?:api|shopify|software|crm|zapier|app)\s*$", before):
            return None
    if kind is _K.TWITCH_STREAM and re.search(r"\b(?:revenue|income|cash)\s*$", text[:s], _I):
        return None
    if kind is _K.YOUTUBE_DEDICATED and low == "dedicated":
        after = text[e : e + 40].lower()
        if not re.match(r"\s+(?:\w+\s+){0,2}(?:video|review|episode|upload)", after):
            return None
    return kind


def _generic_video(
    text: str, words: dict[str, int]
) -> tuple[DeliverableKind, int, tuple[int, int]] | None:
    """A plain "(sponsored) video" when no specific deliverable was named."""
    ugc = _UGC.search(text) is not None
    for m in _GENERIC_VIDEO.finditer(text):
        sentence = _sentence_around(text, *m.span())
        if ugc:
            kind = _K.UGC_VIDEO
        elif re.search(r"\btik ?tok\b", sentence, _I):
            kind = _K.TIKTOK_VIDEO
        elif re.search(r"\b(?:instagram|ig|insta)\b", sentence, _I):
            kind = _K.INSTAGRAM_REEL
        elif re.search(r"\b(?:youtube|yt|channel|canal|kanal|chaîne)\b|sponsor", sentence, _I):
            kind = (
                _K.YOUTUBE_DEDICATED if _DEDICATED_HINT.search(sentence) else _K.YOUTUBE_INTEGRATION
            )
        else:
            continue
        # Past videos ("loved your desk setup video") are not deliverables.
        before = text[max(0, m.start() - 60) : m.start()].lower()
        if re.search(_PAST_VIDEO, before):
            continue
        count = _count_before(text, m.start(), words) or 1
        return kind, count, m.span()
    return None


def _snippet(text: str, spans: Sequence[tuple[int, int]], limit: int = 160) -> str:
    if not spans:
        return ""
    parts: list[str] = []
    for s, e in sorted(spans):
        sentence = " ".join(_sentence_around(text, s, e).split())
        if sentence and sentence not in parts:
            parts.append(sentence)
    return " | ".join(parts)[:limit]


# --------------------------------------------------------------------------------------------
# Platforms
# --------------------------------------------------------------------------------------------

_PLATFORMS: Final[Sequence[tuple[Platform, re.Pattern[str]]]] = (
    # (?![a-z0-9]) rather than \b: "YouTube動画" has no word boundary before the kanji
    (
        Platform.YOUTUBE,
        re.compile(r"\byou ?tube(?![a-z0-9])|\bYT\b|\byt (?:video|short|channel)|ユーチューブ", _I),
    ),
    (
        Platform.INSTAGRAM,
        re.compile(r"\binstagram(?![a-z0-9])|\binsta\b|\bIG\b|\breels?\b|インスタ", _I),
    ),
    (Platform.TIKTOK, re.compile(r"\btik ?toks?(?![a-z0-9])|ティックトック", _I)),
    (Platform.TWITCH, re.compile(r"\btwitch\b", _I)),
    (
        Platform.PODCAST,
        re.compile(
            r"\b(?:your|the|my|our|\w+'s) podcast\b|\bpodcast (?:episodes?|ads?|reads?|spots?|"
            r"sponsorships?|listeners)\b|\bhost[- ]read\b",
            _I,
        ),
    ),
    (
        Platform.NEWSLETTER,
        re.compile(
            r"\b(?:your|the) newsletter\b|\bnewsletter (?:mentions?|placements?|features?|ads?|"
            r"slots?|sponsorships?|spots?|issues?|subscribers|audience)\b",
            _I,
        ),
    ),
    (Platform.X, re.compile(r"\btwitter\b|\btweets?\b", _I)),
    (Platform.X, re.compile(r"\bX\b(?= (?:posts?|threads?|\(formerly))|\b(?:on|to|and|or) X\b")),
    (Platform.FACEBOOK, re.compile(r"\bfacebook\b|\bFB\b|\bmeta ads\b", _I)),
    (Platform.LINKEDIN, re.compile(r"\blinked ?in\b", _I)),
    (Platform.SNAPCHAT, re.compile(r"\bsnapchat\b|\bsnap stor", _I)),
    (Platform.PINTEREST, re.compile(r"\bpinterest\b", _I)),
    (Platform.BLOG, re.compile(r"\b(?:your|the) blog\b|\bblog (?:posts?|articles?)\b", _I)),
    (Platform.KICK, re.compile(r"\bkick\.com\b|\b(?:on|via) Kick\b|\bKick (?:streams?|channel)\b")),
)


def find_platforms(text: str, deliverables: Iterable[Deliverable]) -> tuple[Platform, ...]:
    """Platforms named in ``text`` plus those the deliverables run on, without duplicates.

    Args:
        text: Cleaned message text (signature, URLs and social footers removed).
        deliverables: The deliverables found.

    Returns:
        Platforms in order: named ones by first mention, then implied ones.
    """
    named: list[tuple[int, Platform]] = []
    for platform, pattern in _PLATFORMS:
        m = pattern.search(text)
        if m is not None:
            named.append((m.start(), platform))
    ordered = [platform for _, platform in sorted(named, key=lambda item: item[0])]
    kick = Platform.KICK in ordered and Platform.TWITCH not in ordered
    for item in deliverables:
        implied = DELIVERABLE_PLATFORM[item.kind]
        if implied is Platform.TWITCH and kick:
            continue
        if implied is not None:
            ordered.append(implied)
    return tuple(dict.fromkeys(ordered))


# --------------------------------------------------------------------------------------------
# Money and partnership type
# --------------------------------------------------------------------------------------------


_SOFT_BREAK: Final = re.compile(r"(?<=[\w,; \t])\n(?=[ \t]*[a-zà-ÿ])")


def find_budget(text: str) -> MoneyMention | None:
    """The budget the brand offers in ``text`` (kind ``budget`` only), if any.

    Args:
        text: Message text (new text plus forwarded text).

    Returns:
        The money mention, or None. No currency is invented: ``currency`` is None when the
        text states none.
    """
    # A hard-wrapped line breaks a range in two ("between 800\nand 1,200 dollars"): join lines
    # that continue in lower case, one character for one so offsets stay valid.
    mention = parse_budget(_SOFT_BREAK.sub(" ", text))
    if mention is None:
        return None
    window = text[max(0, mention.start - 60) : mention.start].lower()
    if re.search(r"\b(?:no|without|zero|kein\w*|sin|sans|sem|senza)\s+(?:\w+\s+)?budget", window):
        return None
    return mention


#: "commission" as pay: not the verb ("commission a series") nor a regulator ("Gambling
#: Commission", "Federal Trade Commission").
_COMMISSION: Final = (
    r"(?<!gambling )(?<!trade )(?<!european )(?<!exchange )(?<!electoral )(?<!securities )"
    r"(?<!communications )(?<!gaming )(?<!lottery )\bcommissions?\b"
    r"(?!\s+(?:a|an|the|you|your|some|one|two|three|four|five|\d+|several|new|content|videos?|"
    r"posts?|series|pieces?|work|artwork|art|creators?|from you)\b)"
)
_AFFILIATE: Final = re.compile(
    rf"\baffiliate\b|{_COMMISSION}|\brev(?:enue)?[- ]?share\b|\b\d+ ?% (?:of (?:each |every |all "
    r"|the )?(?:sales?|revenue|orders?)|per sale|on (?:each|every) (?:sale|order))\b|\bCPA\b|"
    r"\bper (?:sale|conversion|signup|sign-up|install|acquisition|order)\b|\bcomisi[oó]n\b|"
    r"\b\d+ ?% provision\b|\bprovision (?:auf|pro|für|von|je)\b|\bprovisionsbasis\b|"
    r"\bcommissione\b|\bcomissão\b|\bcommissie\b|\bunique (?:discount )?code\b.*"
    r"\b(?:earn|commission)",
    _I,
)
_GOODS: Final = (
    r"(?:products?|samples?|kit|box|set|bundle|collection|pair|items?|goodies|package|units?|"
    r"line|range)\b"
)
_GIFTED: Final = re.compile(
    r"\bgift(?:ed|ing)?\b(?! ?(?:certificates?|cards?|vouchers?))|"
    r"\bfree (?:products?|samples?|units?|pair|box)\b|"
    rf"\b(?:send|ship)(?:ing)? you (?:our|a|an|some|the|one of our) (?:[\w-]+ ){{0,5}}{_GOODS}|"
    r"\bPR (?:package|box|kit)\b|\bfor an? honest review\b|"
    r"\b(?:send|ship|gift)(?:ing)? you\b[^.!?\n]{0,80}?\b(?:worth|valued at|retail value|rrp)\b|"
    r"\bin exchange for (?:a |an |your )?(?:honest )?(?:post|review|story|mention|content|"
    r"feature)\b|\bno (?:budget|fee|payment|monetary compensation)\b|\bseeding\b|"
    r"\bproduct (?:only|seeding|exchange|collab\w*)\b|\bkostenlos zu\w+\b|\bregal(?:o|ar|amos)\b|"
    r"\bcadeau\b|\ben cadeau\b|\bomaggio\b|\bin regalo\b|\bgratis\b|\bgratuit\w*\b|"
    r"\bsin (?:coste|costo|cargo)\b|\bsem custo\b|\bsans frais\b|\bkostenfrei\b|"
    r"\b(?:enviar(?:te|le)|vous envoyer|t'envoyer|zu(?:zu)?schicken|zu(?:zu)?senden|te enviar|"
    r"inviarti)\b.{0,50}?\b(?:product\w*|produit\w*|produkt\w*|prodott\w*|produto\w*)",
    _I,
)
_UGC: Final = re.compile(
    r"\bUGC\b|\buser[- ]generated\b|\bcontent for (?:our|the brand'?s?) (?:paid )?"
    r"(?:instagram |tiktok |facebook |social |own )?(?:ads|"
    r"channels|social|socials|page|website|feed|account)\b|\braw footage\b|"
    r"\bwe(?:'ll| will| would)? (?:post|run|use) (?:it|them|the videos?) (?:on|in|as) our\b|"
    r"\byou (?:would|will|do)(?:n't| not)? (?:need to |have to )?(?:not )?post (?:them|it) on "
    r"your\b|\bnot post (?:them|it) on your\b|\bwhite-?label",
    _I,
)
_FEE_WORDS: Final = re.compile(
    r"\b(?:flat|fixed) (?:fee|rate)\b|\bpaid (?:partnership|collab\w*|campaign|post|integration|"
    r"promotion|sponsorship|opportunity)\b|\byour (?:rates?|fees?|pricing|rate card|quote)\b|"
    r"\bbezahlt\w*\b|\bhonorar\b|\bvergütung\b|\bpagad[ao]\b|\bremunerad[ao]\b|"
    r"\brémunér\w+\b|\bretribuit\w+\b|\bcompenso\b|\bbetaald\w*\b|\btarif(?:a|as|s)?\b|"
    r"\bcachê\b|\bpaid\b|"
    # "a sponsored campaign", "sponsor a video": a sponsorship is paid unless it says otherwise.
    r"\bsponsored (?:campaign|post|video|integration|content|segment|reel|story)\b|"
    r"\bsponsor (?:a|an|one|your|two|three)\b|\bsponsorship (?:deal|offer|opportunity)\b|"
    r"\bgesponsert\w*\b|\bpatrocinad[ao]s?\b|\bsponsorizzat[aoie]\b|\bgesponsord\w*\b|"
    r"\bsponsorowan\w*\b|\bsponsrad\w*\b|\bsponsorlu\b|\bbersponsor\b",
    _I,
)
_NO_FEE: Final = re.compile(
    r"\bno (?:fixed |upfront |flat )?(?:fee|budget|payment|cash)\b|\bunpaid\b|\bwithout (?:a )?"
    r"(?:fee|payment)\b|\bsin (?:pago|presupuesto)\b|\bsans (?:rémunération|budget)\b|"
    r"\bohne (?:honorar|budget|bezahlung)\b|\bsem (?:pagamento|cachê)\b|\bsenza compenso\b|"
    # "we can't offer a fee this time", "no podemos ofrecer remuneración económica", "nous ne
    # pouvons pas proposer de rémunération", "wir können leider kein Honorar zahlen"
    r"\b(?:can(?:'t|not| not)|unable to|not able to)\s+(?:\w+\s+){0,2}?(?:offer|pay|provide)\s+"
    r"(?:a\s+|any\s+)?(?:monetary\s+|financial\s+|cash\s+)?(?:compensation|payment|fee|budget)\b|"
    r"\bno (?:monetary|financial) compensation\b|"
    r"\bno (?:podemos|podr[ií]amos|puedo|tenemos)\s+(?:\w+\s+){0,2}?(?:ofrecer|pagar|dar)?\s*"
    r"(?:una\s+|ninguna\s+)?(?:remuneraci[oó]n|compensaci[oó]n|pago|presupuesto)\b|"
    r"\bsin (?:remuneraci[oó]n|compensaci[oó]n)\b|\bcolaboraci[oó]n (?:con|de) producto\b|"
    r"\bne (?:pouvons|peux|pourrons) pas (?:\w+\s+){0,2}?(?:offrir|proposer|verser|payer)\s+"
    r"(?:de\s+|une\s+)?(?:r[ée]mun[ée]ration|compensation|cachet)\b|\bsans r[ée]mun[ée]ration\b|"
    r"\bkein(?:e|en)? (?:honorar|vergütung|bezahlung)\b|\bohne vergütung\b|"
    r"\bnão (?:podemos|conseguimos|temos)\s+(?:\w+\s+){0,2}?(?:oferecer|pagar)?\s*(?:uma\s+)?"
    r"(?:remuneraç[ãa]o|cachê|pagamento|or[çc]amento)\b|\bsem remuneraç[ãa]o\b|\bpermuta\b|"
    r"\bnon (?:possiamo|possiamo) (?:\w+\s+){0,2}?(?:offrire|pagare)\s+(?:un\s+)?"
    r"(?:compenso|pagamento)\b|\bsenza (?:retribuzione|pagamento)\b|"
    r"\bgeen (?:vergoeding|betaling)\b",
    _I,
)


def _data_pattern(kind: str) -> re.Pattern[str]:
    """Every language file's ``[partnership]`` phrases of one kind, as one pattern."""
    return re.compile(lang_phrases("partnership", kind), _I)


_DATA_FEE: Final = _data_pattern("fee")
_DATA_NO_FEE: Final = _data_pattern("no_fee")
_DATA_GIFTED: Final = _data_pattern("gifted")
_DATA_AFFILIATE: Final = _data_pattern("affiliate")
_DATA_UGC: Final = _data_pattern("ugc")
_RATE_REQUEST: Final = _data_pattern("rate_request")


def _first(text: str, *patterns: re.Pattern[str]) -> re.Match[str] | None:
    found = [m for m in (p.search(text) for p in patterns) if m is not None]
    return min(found, key=lambda m: m.start()) if found else None


def partnership_type(text: str, budget: MoneyMention | None) -> tuple[PartnershipType | None, str]:
    """How the creator would be paid, from the terms written (not from the budget alone).

    Args:
        text: Message text.
        budget: The budget found, if any.

    Returns:
        The partnership type (None when nothing says) and its evidence snippet.
    """
    no_fee = _first(text, _NO_FEE, _DATA_NO_FEE)
    fee = budget is not None and no_fee is None
    fee_words = _first(text, _FEE_WORDS, _DATA_FEE)
    ugc = _first(text, _UGC, _DATA_UGC)
    affiliate = _first(text, _AFFILIATE, _DATA_AFFILIATE)
    gifted = _first(text, _GIFTED, _DATA_GIFTED)
    if ugc is not None:
        return PartnershipType.UGC, _around(text, ugc)
    if affiliate is not None and not _negated(text, affiliate):
        if fee:
            return PartnershipType.HYBRID, _around(text, affiliate)
        return PartnershipType.AFFILIATE, _around(text, affiliate)
    request = _RATE_REQUEST.search(text) if budget is None and gifted is None else None
    if request is not None:
        # "no budget fixed yet: what are your rates?" asks for a fee, it does not refuse one
        return PartnershipType.FLAT_FEE, _around(text, request)
    if gifted is not None and not fee:
        return PartnershipType.GIFTED, _around(text, gifted)
    if (
        gifted is not None
        and budget is not None
        and fee_words is None
        and _product_value(text, budget)
    ):
        # "we'd love to gift you our $180 trail pack": the amount is what the gift is worth.
        return PartnershipType.GIFTED, _around(text, gifted)
    if fee and budget is not None:
        return PartnershipType.FLAT_FEE, budget.text
    if no_fee is not None:
        return PartnershipType.GIFTED, _around(text, no_fee)
    if fee_words is not None and not re.search(r"\bno paid\b", _around(text, fee_words), _I):
        return PartnershipType.FLAT_FEE, _around(text, fee_words)
    return None, ""


_VALUE_BEFORE: Final = re.compile(
    r"(?:\bworth|\bvalued? (?:at|of)|\bretail(?: value| price)?(?: of)?|\brrp|\bmsrp|"
    r"\bwert(?: von)?|\bvalor(?: de)?|\bvaleur(?: de)?|\bvalore(?: di)?|\bwaarde(?: van)?|"
    r"\bour|\bunsere[nm]?|"
    r"\bnotre|\bnuestr[oa]s?|\bnoss[oa]|\bnostr[oa]|\bonze)[ :(]{0,3}$",
    _I,
)


def _product_value(text: str, budget: MoneyMention) -> bool:
    """Whether the amount read as a budget is what a product is worth, not a fee.

    "worth $250", "our $180 trail pack", "im Wert von 250 €".
    """
    return _VALUE_BEFORE.search(text[max(0, budget.start - 30) : budget.start]) is not None


def _negated(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 20) : m.start()].lower()
    return bool(re.search(r"\b(?:no|not an?|without)\s+$", before))


def _around(text: str, m: re.Match[str], width: int = 50) -> str:
    lo = max(0, m.start() - width)
    hi = min(len(text), m.end() + width)
    return " ".join(text[lo:hi].split())
