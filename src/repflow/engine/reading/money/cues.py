"""The words around an amount that say what it is (budget, product value, a seller's price ...)."""

from __future__ import annotations

import re
from typing import Final

from repflow.engine.reading.money.currencies import _HS
from repflow.engine.reading.money.data import cue_words, phrase_pattern
from repflow.engine.reading.money.mention import MoneyKind

# --------------------------------------------------------------------------------------------
# Context cues (matched on lower-cased text)
# --------------------------------------------------------------------------------------------


def _cue(latin: str, other: str = "") -> re.Pattern[str]:
    body = rf"\b(?:{latin})\b"
    return re.compile(f"{body}|(?:{other})" if other else body)


_BUDGET_STEMS = (
    r"budget(?:ed|s)?|budżet\w*|бюджет\w*|presupuesto|orçamento|bütçe\w*|begroting|budsjett"
    r"|budgettet|budgeten"
)
_BUDGET_CJK = r"予算|预算|예산"
_BUDGET_WORD: Final = re.compile(rf"{_BUDGET_STEMS}|{_BUDGET_CJK}")
_CUES: Final[dict[MoneyKind, re.Pattern[str]]] = {
    "creator_rate": _cue(
        r"your\s+(?:(?:usual|standard|normal|quoted|current|asking|proposed|listed|posted|base"
        r"|flat|typical|regular|going|original|requested|stated|initial)\s+)*"
        r"(?:rates?|fees?|price|pricing|quote|ask|asking\s+price|charge|counter(?:[- ]?offer)?"
        r"|proposal|media\s*kit|rate\s*card|number|figure|invoice)"
        r"|you\s+(?:(?:have|had|originally|initially)\s+)?(?:quoted|asked(?:\s+for)?|requested"
        r"|proposed|charge|mentioned|suggested|wanted|listed|countered|sent"
        r"|are\s+asking(?:\s+for)?|were\s+asking(?:\s+for)?)"
        r"|you['’]re\s+asking(?:\s+for)?|as\s+(?:you\s+)?quoted|as\s+per\s+your\s+\w+"
        r"|per\s+your\s+(?:rates?|quote|media\s*kit|rate\s*card)"
        r"|my\s+(?:(?:usual|standard|normal|current|base)\s+)?(?:rates?|fees?|price|pricing|quote)"
        r"|i\s+(?:usually\s+|typically\s+|normally\s+)?charge"
        r"|(?:outside|above|over|beyond|exceeds?|exceeding|more\s+than|higher\s+than|out\s+of)"
        r"\s+(?:of\s+)?(?:our|the)\s+(?:budget|price\s+range|range)"
        r"|(?:ihr|ihre|dein|deine)\s+(?:honorar|preis|gage|rate|angebot)"
        r"|(?:votre|ton)\s+(?:tarif|prix|cachet|devis)|(?:tu|su)\s+tarifa"
        r"|(?:sua|seu)\s+(?:tarifa|cachê|preço)|il\s+tuo\s+(?:compenso|prezzo)"
        r"|your(?=\s*$)"
    ),
    "other": _cue(
        # "$20 off", not "budget signed off: $3,500" nor "kick off"
        r"(?<!signed\s)(?<!signed-)(?<!sign-)(?<!kick\s)(?<!kicked\s)off"
        r"|discount(?:ed|s)?|save|saving|savings|coupon|promo(?:\s+code)?|code|shipping"
        r"|postage|delivery|tax(?:es)?|vat|raised|raise|funding|funded|revenue|revenues|sales"
        r"|sold|valuation|arr|mrr|gmv|turnover|spent|ad\s+spend|spend|prize|prizes|giveaway"
        r"|donat(?:e|ed|ion|ions)|refund(?:ed|s)?|fine|penalty|salary"
        r"|call|phone|tel|telephone|mobile|cell|whatsapp|fax|ext|dial|sms|order\s+(?:no|number)"
        r"|(?:engagement|conversion|open|click[- ]?through|growth|exchange|interest|retention"
        r"|completion|response|bounce|success|tax|frame|bit|churn)\s+rates?"
    ),
    "commission": _cue(
        r"commissions?|affiliate|cpa|rev(?:enue)?[\s-]*share|provision|comisión|comissão"
        r"|commissione|bonus\s+per|per\s+(?:sale|order|conversion|sign[- ]?up|referral|install"
        r"|lead|acquisition|download|purchase|click)"
    ),
    "price": _cue(
        r"we\s+(?:only\s+|just\s+)?charge|(?:our|my)\s+(?:(?:standard|basic|starter|monthly"
        r"|current|special|introductory)\s+)?(?:prices?|pricing|packages?|plans?|fees?"
        r"|subscriptions?)(?:\s+(?:start|starts|starting|begin|begins|are|is|from|at|only"
        r"|just|of))*"
        r"|(?:packages?|plans?|pricing|prices?|subscriptions?|services?)\s+(?:start(?:s|ing)?"
        r"|begin(?:s|ning)?)(?:\s+(?:at|from))?"
        r"|you\s+(?:only\s+|just\s+)?pay|(?:just|only)\s+pay"
        r"|unsere\s+preise|unser\s+preis|(?<!-)preis(?:e)?|nuestros\s+precios|nuestro\s+precio"
        r"|precios?|nos\s+(?:prix|tarifs)|prix|i\s+nostri\s+prezzi|prezz[io]|nossos\s+preços"
        r"|preços?|onze\s+prijzen|prijs"
    ),
    "product_value": _cue(
        r"worth|valued\s+at|value[ds]?|retail(?:s|ing)?(?:\s+(?:value|price|for|at))?|rrp|msrp"
        r"|srp|uvp|list\s+price|price[ds]?(?:\s+at)?|pricing|costs?|costing"
        r"|e-?gift\s*cards?|gift\s*cards?|gift\s+certificates?|vouchers?|store\s+credit|credits?"
        r"|(?:in|of)\s+(?:free\s+)?(?:products?|merch(?:andise)?|goods|credit|gear|items|stuff)"
        r"|warenwert|wert|gutschein|valeur|d['’]une\s+valeur|bon\s+d['’]achat|carte\s+cadeau"
        r"|valor|tarjeta\s+regalo|del\s+valore|buono"
    ),
    "budget": _cue(
        rf"{_BUDGET_STEMS}"
        r"|(?:collab(?:oration)?|partnership|deal|contract|campaign|sponsorship|agreement"
        r"|project)\s+(?:(?:is|would\s+be|will\s+be)\s+)?(?:worth|valued\s+at)"
        r"|offer(?:s|ed|ing)?|we\s+can\s+(?:do|go\s+up\s+to|pay|offer|provide)"
        r"|propos(?:e|ed|ing|al)|pay(?:s|ing|ment|ments|out|able)?|paid"
        r"|compensat(?:e|ed|ion|ing)|remunerat(?:e|ed|ion)|honorari(?:um|a)|honorare?"
        r"|stipend|fees?|flat\s+fee|rates?|sponsorship|sponsor(?:ed|ing)?"
        r"|vergütung|bezahlung|gage|vergüten|zahlen|bieten"
        r"|rémunération|rémunérer|rémunéré|cachet|tarifs?|payer|payé|offrons|proposons"
        r"|pagos?|pagar|pagamos|ofrecemos|ofrecer|remuneración|compensación|tarifa"
        r"|compenso|pagamento|retribuzione|offriamo"
        r"|cachê|remuneração|oferecemos"
        r"|wynagrodzenie|stawka|arvode|ersättning|vergoeding|betaling|ücret"
        r"|гонорар\w*|оплат\w*|вознаграждени\w*",
        rf"{_BUDGET_CJK}|報酬|謝礼|ギャラ|报酬|稿费|费用|보수",
    ),
}
# Each language file's cue phrases (``[money.cues]`` of ``engine/lang/<code>.toml``).
for _kind in ("budget", "product_value", "creator_rate", "commission", "other"):
    _extra = cue_words(_kind)
    if _extra:
        _CUES[_kind] = re.compile(f"{_CUES[_kind].pattern}|{phrase_pattern(_extra)}")
# Said right after an amount: the creator's rate turned down ("2.400 € können wir leider nicht").
_CREATOR_RATE_AFTER: Final = re.compile(phrase_pattern(cue_words("creator_rate_after")))
# Kinds whose cue only counts when it governs the amount directly ("worth $300").
_LOCAL_KINDS: Final = frozenset({"product_value", "other", "commission"})
# Tie-break among cues at the same distance: the more specific claim wins.
_PRIORITY: Final[dict[MoneyKind, int]] = {
    "creator_rate": 0,
    "price": 1,
    "other": 1,
    "commission": 2,
    "product_value": 3,
    "budget": 4,
}
_LOCAL_GAP: Final = re.compile(
    r"[\s:=~≈(\-–—*\"']*(?:(?:of|at|is|was|are|around|about|approx\.?|approximately|roughly"
    r"|up\s+to|over|under|nearly|almost|just|only|est\.?|estimated|total(?:ing|ling)?|a|an|the"
    r"|for|ca\.?|circa|de|von|à|di|da|du|d['’]|um|ungefähr|etwa|worth|value|valued|in|with"
    r"|usd|eur|gbp|each|per|one|our|your)[\s:=~≈(\-–—*\"']*)*"
)
_AFTER_GAP: Final = re.compile(
    r"\W*(?:(?!(?:and|or|but|while|whereas|plus|und|oder|et|ou|y|o|e)\b)[^\W\d_]+\W*){0,3}"
)
_BARE_GAP: Final = re.compile(r"[\s:：=~≈(\-–*'\"]*(?:[^\W\d_][\w'’.-]*[\s:：,=~≈(\-–*'\"]*){0,6}")
_BREAK_CHAR: Final = re.compile(r"[.!?;。！？\n]")
_ABBREVIATIONS: Final = frozenset(
    [
        "approx",
        "appr",
        "ca",
        "e.g",
        "i.e",
        "vs",
        "etc",
        "incl",
        "excl",
        "no",
        "nr",
        "est",
        "max",
        "min",
        "mio",
        "tsd",
        "rs",
        "fr",
        "st",
        "mr",
        "mrs",
        "ms",
        "dr",
        "p.a",
    ]
) | {
    p[:-1]
    for kind in ("budget", "product_value", "creator_rate", "commission", "other")
    for p in cue_words(kind)
    if p.endswith(".")
}  # "t.w.v."
_LINE_OPENER: Final = re.compile(
    r"[ \t>]*\n|[ \t]*(?:[-*•>]|[^\w\s$€£¥₹]{1,2}[ \t]|\d+[.)]\s|[^\W\d_][^\n:]{0,30}[:：])"
)
_WORD_ENDING: Final = re.compile(r"[\w.]+$")
_MONEY_STEM: Final = re.compile(
    r"budget|budż|бюджет|presupuest|orçament|bütçe|begroting|budsjett|offer|propos|pay|paid"
    r"|compens|remun|honorar|stipend|fee|rate|sponsor|vergüt|bezahl|gage|zahl|biet|rémun"
    r"|cachet|tarif|payé|offr|pago|pagar|pagam|ofrec|compenso|pagament|retribu|cachê|oferec"
    r"|wynagr|stawk|arvode|ersätt|vergoed|betal|ücret|гонорар|оплат|вознагр|予算|预算|예산"
    r"|報酬|謝礼|ギャラ|报酬|稿费|费用|보수|quot|charge|worth|valu|retail|rrp|msrp|price|cost"
    r"|gift|voucher|credit|wert|valor|valeur|can do|we can"
    rf"|{phrase_pattern(cue_words('budget') | cue_words('product_value'))}"
)
_LABEL: Final = re.compile(
    r"(?:[^\w\n]|_)*(?:(?:total|proposed|campaign|project|estimated|available|flat|creator"
    r"|influencer|our|max(?:imum)?|overall|approx\.?|approximate|indicative|sponsorship)\s+){0,2}"
    r"(?:budget(?:\s+range)?|fees?|compensation|payment|pay|rates?|honorarium|remuneration"
    r"|offer|honorar|vergütung|gage|rémunération|cachet|tarif|presupuesto|pago|remuneración"
    r"|compenso|retribuzione|orçamento|cachê|remuneração|wynagrodzenie|budżet|бюджет"
    r"|valor|valeur|wert|importe|betrag|honorári(?:o|os)|honorarios|montant|bedrag|importo"
    r"|гонорар|оплата|予算|報酬|预算|报酬|예산"
    # a price list's total line ("Total: 1.600 €") is the offer, not its first item
    r"|total|totaal|gesamt(?:betrag|summe)?|totale|totalt|łącznie|razem|toplam|合計|総額)"
    r"(?:\s*\([^)\n]{0,30}\))?[\s*_]*[:：][\s*_]*"
    r"(?:(?:approx\.?|approximately|around|about|ca\.?|~|up\s+to|between|from|roughly|max\.?"
    r"|usd|eur|gbp)\s*)*$"
)
_YEAR_PREPS: Final = frozenset(
    [
        "for",
        "in",
        "since",
        "until",
        "till",
        "by",
        "through",
        "during",
        "year",
        "fy",
        "q1",
        "q2",
        "q3",
        "q4",
        "of-year",
    ]
)
_BARE_NEXT_OK: Final = frozenset(
    [
        "for",
        "per",
        "a",
        "an",
        "each",
        "as",
        "total",
        "in",
        "flat",
        "all",
        "all-in",
        "gross",
        "net",
        "plus",
        "and",
        "or",
        "which",
        "that",
        "is",
        "but",
        "to",
        "including",
        "incl",
        "excluding",
        "excl",
        "budget",
        "fee",
        "max",
        "maximum",
        "min",
        "minimum",
        "tops",
        "upfront",
        "up",
        "if",
        "with",
        "inclusive",
        "exclusive",
        "vat",
        "covering",
        "overall",
        "approx",
        "ish",
        "only",
        "would",
        "will",
        "we",
        "you",
        "it",
        "this",
    ]
)
_FAILED_RANGE: Final = re.compile(r"\s*[-–—~/]\s*\d")
_MONTHS: Final = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ]
)
_URL_END: Final = frozenset("<>()\"'")
_PREV_WORD: Final = re.compile(r"([^\W\d_][\w-]*)\W*$")
_NEXT_WORD: Final = re.compile(rf"{_HS}*([^\W\d_][\w-]*)")
