"""What an amount is paid per (``per video``, ``/month``, ``CPM``) and its bounds (``up to``)."""

from __future__ import annotations

import re
from typing import Final

from repflow.engine.reading.money.currencies import _HS, _NOT_LETTER_AFTER, _alternation
from repflow.engine.reading.money.data import CPM_WORDS

_UNIT_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(
        [
            "video",
            "videos",
            "vid",
            "vids",
            "vlog",
            "vlogs",
            "tiktok",
            "tiktoks",
            "vidéo",
            "vidéos",
            "vídeo",
            "vídeos",
        ],
        "video",
    ),
    **dict.fromkeys(
        [
            "post",
            "posts",
            "carousel",
            "carousels",
            "tweet",
            "tweets",
            "pin",
            "pins",
            "beitrag",
            "beiträge",
            "publication",
            "publications",
            "publicación",
            "publicaciones",
            "publicação",
            "publicações",
        ],
        "post",
    ),
    **dict.fromkeys(["reel", "reels"], "reel"),
    **dict.fromkeys(["story", "stories"], "story"),
    **dict.fromkeys(["short", "shorts"], "short"),
    **dict.fromkeys(
        ["month", "months", "mo", "mos", "mth", "monat", "mois", "mes", "mês", "mese"], "month"
    ),
    **dict.fromkeys(["week", "weeks", "wk", "woche", "semaine", "semana"], "week"),
    **dict.fromkeys(["day", "days"], "day"),
    **dict.fromkeys(["hour", "hours", "hr", "hrs", "h", "stunde", "heure", "hora"], "hour"),
    **dict.fromkeys(
        ["minute", "minutes", "min", "mins", "minuto", "minutos", "minuten", "videominute"],
        "minute",
    ),
    **dict.fromkeys(["year", "years", "yr", "yrs", "annum"], "year"),
    **dict.fromkeys(
        [
            "deliverable",
            "deliverables",
            "piece",
            "pieces",
            "content",
            "asset",
            "assets",
            "item",
            "items",
        ],
        "deliverable",
    ),
    **dict.fromkeys(["creator", "creators", "influencer", "influencers"], "creator"),
    **dict.fromkeys(["integration", "integrations"], "integration"),
    **dict.fromkeys(["mention", "mentions"], "mention"),
    **dict.fromkeys(["episode", "episodes", "ep", "eps", "podcast", "podcasts"], "episode"),
    **dict.fromkeys(["stream", "streams", "livestream", "livestreams"], "stream"),
    **dict.fromkeys(["article", "articles", "blog", "blogs"], "article"),
    **dict.fromkeys(["newsletter", "newsletters", "email", "emails"], "newsletter"),
    **dict.fromkeys(["sale", "sales"], "sale"),
    **dict.fromkeys(["order", "orders"], "order"),
    **dict.fromkeys(["conversion", "conversions"], "conversion"),
    **dict.fromkeys(["signup", "signups", "sign-up", "sign-ups"], "signup"),
    **dict.fromkeys(["referral", "referrals"], "referral"),
    **dict.fromkeys(["install", "installs"], "install"),
    **dict.fromkeys(["lead", "leads"], "lead"),
    **dict.fromkeys(["acquisition", "acquisitions"], "acquisition"),
    **dict.fromkeys(["download", "downloads"], "download"),
    **dict.fromkeys(["purchase", "purchases"], "purchase"),
    **dict.fromkeys(["click", "clicks"], "click"),
}
_ADVERB_UNITS: Final = {
    "monthly": "month",
    "weekly": "week",
    "hourly": "hour",
    "daily": "day",
    "yearly": "year",
    "annually": "year",
}
_COMMISSION_UNITS: Final = frozenset(
    [
        "sale",
        "order",
        "conversion",
        "signup",
        "referral",
        "install",
        "lead",
        "acquisition",
        "download",
        "purchase",
        "click",
    ]
)
_CPM_WORDS: Final = f"|{_alternation(CPM_WORDS)}" if CPM_WORDS else ""
_PER_UNIT: Final = re.compile(
    rf"{_HS}*(?:"
    rf"(?P<cpm>(?:per|/){_HS}*(?:1[,.]?000|1k|thousand|mille){_HS}+(?:views|impressions|plays)"
    rf"|cpm{_CPM_WORDS})"
    rf"|(?:/{_HS}*|(?:per|a|an|each|every|for{_HS}+each|for{_HS}+every|pro|par|por|je|"
    rf"pour{_HS}+(?:une?|chaque)|cada|за){_HS}+)"
    rf"(?:(?:one|single|sponsored|dedicated|integrated|additional|extra|ig|instagram|tiktok|"
    rf"youtube|yt|fb|facebook|twitch|linkedin|pinterest|snapchat|twitter|x|feed|in-feed|"
    rf"short-form|long-form|blog|organic|piece{_HS}+of){_HS}+){{0,2}}"
    rf"(?P<u>{_alternation(_UNIT_WORDS)})"
    rf"|(?P<each>each|apiece|ea\.|a{_HS}+piece)"
    rf"|(?P<adv>{_alternation(_ADVERB_UNITS)})"
    rf"){_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
_BOUND_AFTER: Final = re.compile(
    rf"{_HS}*(?:(?P<up>max(?:imum)?\.?|tops|at{_HS}+most|or{_HS}+(?:less|below|under))"
    rf"|(?P<least>or{_HS}+(?:more|above|higher)|and{_HS}+(?:up|above)|minimum|min\.|"
    rf"at{_HS}+least)){_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
_UP_TO_BEFORE: Final = re.compile(
    r"(?:\bup\s+to|\bupto|\bmax(?:imum)?\.?(?:\s+of)?|\bat\s+(?:the\s+)?most|\bno\s+more\s+than"
    r"|\bnot\s+(?:to\s+)?exceed(?:ing)?|\bcapped\s+at|\bcap\s+(?:of|at)|\bunder|\bbelow|\bless\s+than"
    r"|\bbis\s+zu|\bmaximal(?:\s+(?:jedoch|aber))?|\bhöchstens|\bjusqu['’]?\s?[àa]|\bau\s+maximum|\bhasta"
    r"|\bcomo\s+máximo|\baté|\bno\s+máximo|\bfino\s+a|\bmassimo|\bдо)\s*[:(]?\s*$"
)
_AT_LEAST_BEFORE: Final = re.compile(
    r"(?:\bat\s+least|\bmin(?:imum)?\.?(?:\s+of)?|\bstarting\s+(?:at|from)|\bstarts\s+at"
    r"|\bfrom|\bno\s+less\s+than|\bupwards\s+of|\bover|\bmore\s+than|\bnorth\s+of"
    r"|\bin\s+excess\s+of|\bab|\bmindestens|\bà\s+partir\s+de|\bau\s+moins|\bdesde"
    r"|\ba\s+partir\s+de|\bpelo\s+menos|\balmeno|\ba\s+partire\s+da|\bот)\s*[:(]?\s*$"
)
