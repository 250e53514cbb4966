"""Multilingual keyword tables of the heuristic engine.

Everything here is data: weighted regular expressions per feature, stop words per language for a
cheap language guess and number words for quantities (both read from the language files of
:mod:`repflow.engine.lang`), and the keyword map of product categories.
Patterns are matched case-insensitively against the email text unless a table says otherwise.
Weights are additive evidence; :mod:`repflow.engine.heuristic.classify` turns them into a
category and a confidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

from repflow.engine.lang import languages

_I: Final = re.IGNORECASE


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (compact word tables)."""
    return frozenset(text.split())


#: One weighted cue: a compiled pattern and how much one match of it counts.
Cue = tuple[re.Pattern[str], float]


def _cues(*pairs: tuple[str, float]) -> tuple[Cue, ...]:
    return tuple((re.compile(pattern, _I), weight) for pattern, weight in pairs)


# --------------------------------------------------------------------------------------------
# Language guess
# --------------------------------------------------------------------------------------------

#: Frequent short words per language (``[detect] stopwords`` of ``engine/lang/<code>.toml``), in
#: rank order; the language with most hits wins (ties: this order).
STOPWORDS: Final[Mapping[str, frozenset[str]]] = {
    lang.code: lang.detect.stopwords for lang in languages() if lang.detect.stopwords
}

#: Hiragana / katakana: their presence means Japanese (kanji alone could be Chinese).
KANA: Final = re.compile(r"[\u3040-\u30ff]")
WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

# --------------------------------------------------------------------------------------------
# Classification cues
# --------------------------------------------------------------------------------------------

#: An amount of money as brands write it in a sentence ("$1k", "£800", "1.200 €", "USD 500").
MONEY: Final = (
    r"(?:(?:[$€£¥₹]|R\$|(?:usd|eur|gbp|cad|aud|inr|brl|mxn)\s?)\s?\d[\d,.]{0,40}(?:\s?k\b)?|"
    r"\d[\d,.]{0,40}\s?(?:k\s?)?(?:€|\$|£|usd\b|eur\b|gbp\b|euros?\b|dollars?\b|bucks\b))"
)
#: Content a creator publishes (the thing a brand pays for).
CONTENT: Final = (
    r"(?:tik ?toks?|reels?|videos?|v[ií]deos?|vidéos?|posts?|stor(?:y|ies)|storys|shorts?|"
    r"integrations?|(?:live)?streams?|episodes?|mentions?|tweets?|carousels?|newsletters?|"
    r"issues?|ad[- ]reads?|segments?|shout-?outs?|uploads?)"
)

#: A brand or agency proposing to work with the creator.
SPONSOR_INTENT: Final = _cues(
    # English
    (r"\b(?:partner|collaborate|collab|work|team up)(?:ing)? with you\b", 2.5),
    (
        r"\b(?:love|like|keen|want|hoping|hope|excited|thrilled|looking) to (?:partner|collaborate|"
        r"collab|team up|work together)\b|\b(?:partner|collaborate|team up) (?:on|for) (?:a|an|one|"
        r"\d+|two|three|our|this|the|your next|an upcoming)\b",
        2.5,
    ),
    (r"\bsponsor(?:s|ing|ed)?\b(?! (?:by|of) )", 2.0),
    (r"\bsponsorships?\b", 2.5),
    (
        r"\bpaid (?:partnership|collab(?:oration)?|campaign|post|promotion|integration|"
        r"opportunity|content|deal|feature)\b",
        3.0,
    ),
    (
        r"\bpaid (?:[\w-]+ ){0,2}(?:stor(?:y|ies)|reels?|videos?|tik ?toks?|mentions?|reviews?|"
        r"shorts?|segments?|placements?|spots?|streams?)\b",
        2.0,
    ),
    (r"\bsponsored (?:video|post|content|segment|stream|reel|story|campaign|integration)\b", 2.5),
    (r"\b(?:brand )?collab(?:oration)?s?\b", 1.5),
    (r"\bpartnership\b", 1.5),
    (r"\bcampaign\b", 1.0),
    (r"\bbrand (?:ambassador|partner)s?\b|\bambassador(?:ship)? program\b", 2.5),
    (r"\bUGC\b|\buser[- ]generated content\b", 2.0),
    (r"\bwhitelist(?:ing)?\b|\bspark ads?\b", 1.5),
    (
        r"\b(?:send|ship|gift)(?:ing)? you (?:our|a|an|some|one of our|a few|a couple of)\b"
        r"(?! ?(?:e-?mails?|messages?|invoices?|links?|reminders?|updates?|confirmations?|"
        r"notifications?|notes?|copy|quote|proposal|contract|text|sms|code|receipt|statement|"
        r"password|newsletter|survey|form|calendar|invite|invitation|list|pdf|file|document|"
        r"bill|bills|brief)\b)|"
        r"\b(?:send|ship|gift)(?:ing)? you (?:the|one) (?:new |latest )?(?:products?|kit|box|set|"
        r"samples?|collection|pair)\b",
        2.0,
    ),
    (
        r"\bfeatur(?:e|ing) (?:it|us|them|our \w+|the \w+) (?:in|on) (?:a|an|one of your|your|"
        r"an upcoming|your next) (?:\w+ )?(?:video|reel|post|story|stream|episode|content)s?\b",
        2.0,
    ),
    (r"\b(?:promote|showcase|feature|review|try|test) our\b", 1.5),
    (r"\b(?:influencer|creator) (?:marketing|partnerships?|programs?|campaigns?|collab\w*)\b", 1.5),
    (
        r"\b(?:we(?:'re| are)|i'?m|i am) (?:currently |now )?(?:looking for|searching for|casting|"
        r"recruiting) (?:\w+ )?(?:creators|influencers|youtubers|streamers|tiktokers)\b|"
        r"\b(?:have|get|bring) you on board\b",
        1.5,
    ),
    # "could you include a 30-second read for our VPN", "add a quick mention of our app"
    (
        r"\b(?:include|add|do|feature|place|run|record) (?:a|an|one|our) (?:[\w-]+ ){0,2}"
        r"(?:read|mention|segment|spot|shout-?out|plug|integration|ad)s? (?:for|about|of|on) "
        r"(?:our|us|the)\b",
        2.0,
    ),
    # "we represent 40+ creators" is a management pitch, not a brand's agency
    (
        r"\bon behalf of\b|\bour client\b|\bwe represent\b(?! (?:over |more than |about |some "
        r"|many |several |dozens of |hundreds of )?(?:\d+\+? )?(?:[\w-]+ )?(?:creators|talents?|"
        r"influencers|youtubers|streamers|artists|athletes)\b)",
        1.5,
    ),
    (r"\bwould you be (?:interested|open)\b|\bare you open to\b|\bopen to (?:a )?collab", 1.0),
    (r"\bbrief\b", 0.5),
    (r"\bintegrations?\b|\bdeliverables?\b|\bgo[- ]live\b", 1.0),
    # Spanish
    (r"\bcolaboraci[oó]n(?:es)?\b|\bcolaborar contigo\b", 2.0),
    (r"\bpatrocin(?:io|ar|ado|ada)\b|\bcontenido patrocinado\b", 2.5),
    (r"\bcampaña\b|\bembajador(?:a|es)? de (?:la )?marca\b", 1.5),
    # French
    (r"\bpartenariat\b|\bcollaboration rémunérée\b|\bcollaborer avec (?:vous|toi)\b", 2.5),
    (r"\bsponsoris\w*\b|\bplacement de produit\b|\bambassadeur|\bambassadrice", 2.0),
    (r"\bcampagne\b", 1.0),
    # German
    (r"\bkooperation\w*\b|\bzusammenarbeit\b|\bwerbepartnerschaft\b", 2.5),
    (r"\bbezahlte partnerschaft\b|\bgesponsert\w*\b|\bproduktplatzierung\b", 2.5),
    (r"\bmarkenbotschafter\w*\b|\bkampagne\b", 1.5),
    (
        r"\bpartnerprogramm\w*\b|\baffiliate-?programm\w*\b|\bprograma de afiliad[oa]s\b|"
        r"\bprogramme d'affiliation\b|\bprogramma di affiliazione\b|\bprograma de afiliados\b|"
        r"\bpartnerprogramma\b",
        2.0,
    ),
    # Portuguese
    (r"\bparceria\b|\bpubli(?:s|post|cidade)?\b|\bpatrocínio\b|\bcolaboração\b", 2.0),
    (r"\bembaixador(?:a)?\b|\bcampanha\b", 1.5),
    # Italian
    (r"\bcollaborazione\b|\bsponsorizza\w*\b|\bcampagna\b", 2.0),
    # Dutch
    (r"\bsamenwerking\b|\bgesponsorde?\b|\bpartnerschap\b", 2.0),
    # Swedish / Danish / Norwegian
    (
        r"\bsamarbet(?:e|et|a)\b|\bsamarbeid(?:et)?\b|\bsamarbejde(?:t)?\b|"
        r"\bsponsr(?:a|ar|ad|at|ade)\b|\bsponsorer(?:e|er|et|t)\b|\bsponsrat innehåll\b",
        2.5,
    ),
    (r"\bkampanj(?:en)?\b|\bkampanje(?:n)?\b|\bambassadör\w*|\bambassadør\w*", 1.5),
    # Japanese
    (r"案件|PR依頼|タイアップ|スポンサー|コラボ|ご依頼|PR投稿|提供", 2.5),
    # A piece of content asked for outright: "would you do a TikTok for us?", "could you make
    # two reels", "¿harías un vídeo...?"
    (
        rf"\b(?:would|could|can|will) you (?:be able to |be up for |like to |want to )?(?:do|make|"
        rf"create|film|shoot|post|record|run) (?:a|an|one|two|three|\d|some|a couple of|a few)"
        rf"\s+(?:[\w-]+\s+){{0,2}}?{CONTENT}\b",
        2.0,
    ),
    # "Our proposal: one Reel and two Stories", "our offer: ..."
    (r"\bour (?:proposal|offer)\s*(?:[:：]|is\b)|\bwe(?:'d| would) like to propose\b", 1.5),
)

#: "budget" as an adjective ("your budget build", "a budget-friendly pick") is not money.
_BUDGET_ADJECTIVE: Final = (
    r"(?:[-\s]friendly|(?:-|\s+)(?:build|builds|pc|pcs|rig|setup|option|options|version|pick|picks|"
    r"gear|camera|cameras|phone|phones|laptop|laptops|airline|airlines|hotel|hotels|travel|"
    r"trip|meals?|recipes?|tips|hacks?|alternatives?|brand|brands|tier|model|models|edition|"
    r"kitchen|vlog|challenge|microphone|mic|headphones|smartphone|car|cars|gaming|buy|buys|"
    r"upgrade|range of products|category|segment)\b)"
)

#: The counterparty pays (or gives product to) the creator, or asks what the creator charges.
PAY_TO_CREATOR: Final = _cues(
    (rf"\bbudget\b(?!{_BUDGET_ADJECTIVE})|\bpresupuesto\b|\borçamento\b|\bbudžet\b", 2.0),
    # "$1k for one TikTok", "£650 for three videos": money in exchange for content
    (
        rf"{MONEY}\s+(?:for|per|pour|für|por|para|per)\s+(?:(?:a|an|one|1|\d{{1,2}}|two|three|four|"
        rf"five|six|both|the|each|every|all|un|una|une|ein|eine|einen|zwei|drei|dos|tres|deux|"
        rf"trois)\s+)?(?:[\w-]+\s+){{0,2}}?{CONTENT}\b",
        2.0,
    ),
    # "one Reel and two Stories for EUR 1,500", "a TikTok for Kumo Matcha for $700": content
    # in exchange for money, content named first
    # ("30 Shorts a month for $999" is a subscription sold to the creator, not pay)
    (
        rf"(?<!your )\b{CONTENT}\b(?:(?!\s(?:a|an|per|each|every)\s+(?:month|week|year)\b)"
        rf"[^\n.!?;/]){{0,40}}?\s(?:for|at|pour|für|por|per|voor|för|à)\s+"
        rf"(?:(?:only|just|a total of|a flat|around|about|roughly|total)\s+)?{MONEY}",
        2.0,
    ),
    # "$700 fee", "a 1.500 € Honorar": a stated fee
    (
        rf"{MONEY}\s+(?:flat |fixed |one-off |total |all-in )?(?:fee|honorarium|honorar|cachet|"
        rf"cachê|compenso|stipend)\b",
        2.0,
    ),
    # "We can do £300", "we could stretch to $1,500"
    (
        rf"\bwe (?:can|could|would|'d|will|'ll) (?:do|offer|go (?:up )?to|stretch to|manage|"
        rf"budget|put aside|set aside|allocate) (?:about |around |up to |roughly )?{MONEY}",
        2.5,
    ),
    # "We have £800-£1,200 for this", "we've set aside $2k"
    (
        rf"\bwe(?:'ve| have)(?: got| set aside| allocated| earmarked)? (?:a budget of |budget of |"
        rf"around |about |roughly |up to |between |approximately )?{MONEY}",
        2.0,
    ),
    (
        r"\b(?:we|we'?d|we'?ll|we can|we could|we would|we will|we're able to|happy to|able to)"
        r" (?:\w+ ){0,2}(?:pay|compensate)\b",
        2.5,
    ),
    (r"\b(?:offer|pay)(?:ing)? (?:you )?(?:a )?(?:[$€£]|\d|usd|eur|gbp|flat|fixed|fee\b)", 2.5),
    (r"\bflat (?:fee|rate)\b|\bfixed fee\b|\bcompensat(?:ion|ed)\b|\bhonorari(?:um|a|os)\b", 2.5),
    (r"\bpaid\b", 1.0),
    (
        r"(?im)^[^\w\n]*(?:fee|budget|compensation|rate|payment|pay|honorar|presupuesto|"
        r"rémunération|orçamento|compenso|valor|valeur|wert|importe|betrag|honorário|"
        r"honorarios|montant|bedrag|importo|retribuzione|cachê|cachet|tarifa|ersättning|"
        r"arvode|vergoeding|betaling|vergütung)\s*[:：]",
        2.5,
    ),
    (r"\bfee\b", 1.0),
    (
        r"\b(?:what(?:'s| is| are| would be)|share|send (?:us|me)|know) your (?:usual |current )?"
        r"(?:rates?|rate card|fees?|pricing|prices?|quote|media ?kit)\b",
        3.0,
    ),
    (
        r"\bwhat (?:would|do|will) you (?:charge|ask|quote)\b|\bhow much (?:would|do|will) you "
        r"(?:charge|ask|need|want)\b|\bhow much (?:is|for) (?:a|an|one) (?:\w+ )?(?:video|post|"
        r"reel|story|tiktok|integration|mention)\b",
        3.0,
    ),
    (r"\byour (?:rates?|rate card|media ?kit|fee)\b", 1.5),
    (r"\bper (?:video|post|reel|episode|deliverable|story|tiktok|integration)\b", 1.5),
    (
        r"\bfree (?:products?|samples?|units?)\b|\bPR (?:package|box|list|mailer)\b|\bgifted\b|"
        r"\bseeding\b|\b(?:gifting|seeding) list\b",
        2.0,
    ),
    (r"\b(?:you'?d|you will|you'll|you) (?:get|earn|receive|make) (?:a |an )?(?:\d+ ?% )?", 0.5),
    (
        r"\b(?:you(?:'d|'ll| will| would| can)?|earn) (?:\w+ ){0,3}\d+ ?%|\b\d+ ?% (?:of (?:each|"
        r"every|all)? ?sales?|per sale|on (?:each|every) (?:sale|order))\b|"
        r"\baffiliate (?:link|code|"
        r"program)\b",
        2.0,
    ),
    (
        r"\b\d+ ?% (?:provision|comisi[oó]n|commissione|comissão|commissie|de commission)\b|"
        r"\bprovision (?:auf|pro|für) (?:jeden|jede|jedes|alle) (?:verkauf|bestellung|sale)\w*\b|"
        r"\bcomisi[oó]n (?:del? )?\d+ ?%|\bcommission de \d+ ?%|\bcommissione del \d+ ?%|"
        r"\bcomissão de \d+ ?%|\b(?:eigenen|persönlichen) rabattcode\b",
        2.0,
    ),
    (
        r"\bgift(?:ed|ing)?\b(?! ?(?:certificates?|cards?|vouchers?))|\bregalo\b|\bcadeau\b|"
        r"\bgeschenk\b|\bomaggio\b",
        1.5,
    ),
    # Spanish / French / German / Portuguese / Italian / Dutch / Japanese
    (r"\btarifas?\b|\bremunerad[ao]s?\b|\bpagad[ao]\b|\bpagarte\b|\bcompensación\b", 2.0),
    (r"\brémunér\w+\b|\btarifs?\b|\bcachet\b|\bvous payer\b|\bte payer\b", 2.0),
    (r"\bhonorar\b|\bvergütung\b|\bbezahlt\w*\b|\bgage\b|\bkostenlos zu\w*\b", 2.0),
    (r"\bcachê\b|\bremuneraç\w+\b|\bpago\b|\bpagamento\b|\bvalores\b", 1.5),
    (r"\bcompenso\b|\bretribuit\w+\b|\btariff[ae]\b", 2.0),
    (r"\bvergoeding\b|\bbetaald\w*\b|\btarie(?:f|ven)\b", 2.0),
    (
        r"\bersättning\w*\b|\barvode\w*\b|\bbetald(?:a)?\b|\bbetalt\b|\bbetaling\b|"
        r"\bgodtgørelse\b|\bhonorar\b|\bbetala dig\b|\bbetale deg\b|\bbetale dig\b",
        2.0,
    ),
    (r"報酬|予算|謝礼|ギャラ", 2.5),
)

#: Words that put a message in a creator's world: platforms, content, audience, creator-deal
#: vocabulary. Business mail about "the budget for the Q3 campaign" has none of them.
CREATOR_CONTEXT: Final = _cues(
    (
        r"\byou ?tube|\binstagram|\binsta\b|\bIG\b|\btik ?tok|\btwitch\b|\bpodcasts?\b|"
        r"\bsubstack\b|\bsnapchat\b|\bpinterest\b|\bkick\.com\b|\breels?\b|\bshorts\b|"
        r"\bstor(?:y|ies) (?:frames?|slides?|sets?|posts?)\b|\bvlogs?\b|\blive ?streams?\b|"
        r"ユーチューブ|インスタ|ティックトック",
        1.0,
    ),
    (
        r"\byour (?:\w+ )?(?:channel|audience|followers|following|subscribers|viewers|"
        r"content|videos?|"
        r"community|feed|profile|posts?|uploads?|listeners|readers|fans|stream|streams|vlogs?|"
        r"reels|page|newsletter|blog|podcast|recipes|tutorials|reviews)\b",
        1.0,
    ),
    (
        r"\bcreators?\b|\binfluencers?\b|\byoutubers?\b|\bstreamers?\b|\bugc\b|\bmedia ?kit\b|"
        r"\brate ?card\b|\bbrand (?:deals?|ambassadors?|partners?)\b|"
        # "sponsor a video", "a sponsorship", not "the sponsorship committee" of a charity gala
        r"(?<!event )(?<!corporate )\bsponsorships?\b(?! (?:committee|levels?|tiers?|packages?|"
        r"prospectus|deck|benefits|of (?:the|our) (?:event|gala|conference|tournament|team|race|"
        r"symphony|festival|fundraiser))\b)|"
        r"\bsponsor(?:s|ing|ed)? (?:a|an|one|two|three|\d+|your|the|this|my|our next|an upcoming|"
        r"you|some) (?:[\w-]+ )?(?:videos?|posts?|streams?|episodes?|channel|content|reels?|"
        r"stor(?:y|ies)|tik ?toks?|newsletters?|podcasts?|segments?|integrations?|issues?|"
        r"uploads?|vlogs?|shorts|creators?)\b|\bsponsored (?:videos?|posts?|content|segments?|"
        r"streams?|reels?|stor(?:y|ies)|integrations?|mentions?|tik ?toks?|collab\w*|"
        r"partnerships?)\b|\b(?:open to|interested in|looking for) (?:a |new )?sponsorships?\b|"
        r"\bsponsorship (?:deal|opportunit\w+|offer|proposal|inquiry|enquiry|request|"
        r"collab\w*)s?\b|"
        r"\bambassador\w*|\baffiliate (?:link|code|program\w*)\b|\b(?:discount|promo|"
        r"creator) code\b|"
        r"\bgift(?:ed|ing)?\b|\bpr (?:package|box|kit|list)\b|\bseeding\b|\bshout-?outs?\b|"
        r"\bcollabs?\b|\bpaid (?:partnership|post|collab\w*)\b|\bintegrations? (?:in|"
        r"into) (?:your|a|an|"
        r"one)\b|\bdedicated (?:video|review|episode)\b|\bwhitelist\w*|\bspark ads?\b|\bunboxing\b|"
        r"\bpubli(?:s|post|cidade)?\b|\bpatrocin\w*|\bsponsoris\w*|\bsponsorizza\w*|"
        r"\bgesponsert\w*|"
        r"\bwerbepartner\w*|\bproduktplatzierung\b|\bplacement de produit\b|\bcanal\b|\bchaîne\b|"
        r"\bkanal\b|\bcanale\b|\bseguidores\b|\babonnés\b|\bfollower\b|\bzuschauer\b|\binscritos\b|"
        r"\biscritti\b|\bvolgers\b|\bkooperation\w*|\bcolaboraci[oó]n\b|\bparceria\b|"
        r"\bkanalen\b|\bföljare\b|\bfølgere\b|\bprenumeranter\b|\bsamarbet\w*|"
        r"\bcollaborazione\b|\bpartenariat\b|\bsamenwerking\b|"
        r"案件|タイアップ|PR依頼|PR投稿|インフルエンサー|クリエイター|動画",
        1.0,
    ),
    (
        r"\bv[ií]d[ée]os?\b(?! ?(?:call|calls|conference|conferencing|meeting|meetings|chat|"
        r"interview|surveillance|card|game|games)\b)|\b(?:a|an|one|your|the|in a|in your) "
        r"(?:instagram |ig |quick |short )?stor(?:y|ies)\b|\btik ?toks?\b|\bepisodes?\b|"
        r"\bmention (?:us|it|them|our \w+)\b|\bfeatur(?:e|ed|ing) (?:it|us|them|"
        r"our \w+) (?:in|on)\b|"
        r"\b(?:send|ship|gift)(?:ing)? you (?:one|our|a pair|a free|some|a few|a couple|"
        r"a sample|a box)"
        r"\b|\bpaid (?:campaign|promotion|content|collab\w*|opportunity|feature|placement)\b|"
        r"\b(?:review|try|test|unbox) (?:it|them|our \w+) (?:on|in) (?:your|a|an)\b|"
        r"\byour (?:usual |current |standard )?(?:rates?|fees?|pricing|quote)\b|"
        r"\b(?:promote|showcase|feature|present) (?:our|the) (?:new |latest |upcoming )?(?:app|"
        r"product|brand|game|launch|service|collection|course|line|range|drink|snack)\b|"
        r"\b(?:honest |video |full |in-depth |product )?(?:reviews?|unboxing|walkthrough|haul|"
        r"giveaway) (?:of|for|featuring) (?:our|my) (?:new |latest |upcoming )?(?!(?:contract|"
        r"policy|proposal|report|budget|process|numbers|draft|document|plan|strategy|performance|"
        r"account|invoice|terms|agreement|application|case|request|code|paper|results)\b)\w+",
        1.0,
    ),
)

#: Someone selling a service TO the creator (growth, editing, management, loans...).
VENDOR: Final = _cues(
    (
        r"\b(?:grow|boost|skyrocket|scale|increase|explode|double|triple) (?:your )?"
        r"(?:youtube |instagram |tiktok )?(?:channel|audience|subscribers?|followers?|views?|"
        r"engagement|reach|revenue|income|sales)\b",
        2.5,
    ),
    (
        r"\b(?:more|real|organic|targeted|active|guaranteed|\d+k?\+?) (?:new )?"
        r"(?:subscribers|followers|views|likes|watch hours)\b",
        1.5,
    ),
    (r"\bbuy(?:ing)? (?:real )?(?:followers|subscribers|views|likes)\b", 3.0),
    (r"\bour (?:services?|packages?|plans?|pricing|solutions?|offerings?)\b", 2.0),
    (r"\b(?:packages?|plans?|pricing|prices?|rates?) (?:start(?:ing)?|from|begin)\b", 3.0),
    (r"\b(?:starting|only|just) (?:at|from)? ?[$€£]\s?\d", 2.0),
    (r"[$€£]\s?\d[\d,.]{0,40}\s?(?:/|per |a )(?:month|mo|week|hour|hr)\b", 2.0),
    (
        r"\bfree (?:channel )?(?:audit|trial|consultation|analysis|strategy (?:call|session)|"
        r"sample(?: edit)?|test edit|mockup)\b",
        2.5,
    ),
    (r"\bguarantee[ds]?\b", 1.5),
    (r"\b(?:video )?editing (?:services?|team|packages?)\b|\bedit(?:ing)? your videos\b", 3.0),
    (r"\bthumbnails? (?:design|designer|artist|services?)\b|\bdesign your thumbnails\b", 2.5),
    (r"\bSEO\b|\bsearch engine optimi[sz]ation\b", 2.0),
    (r"\bchannel (?:management|growth|audit|optimi[sz]ation|manager)\b", 2.5),
    (r"\bMCN\b|\bmulti-?channel network\b|\bjoin our (?:network|roster|agency|team of)\b", 3.0),
    (
        r"\b(?:we|i)(?:'d| would)? (?:love to |like to )?(?:represent|manage) you\b|"
        r"\b(?:represent|manage) (?:you|your (?:channel|brand|deals|partnerships|career))\b|"
        r"\bexclusive management\b|\bsign with us\b",
        3.0,
    ),
    (r"\bwe (?:take|charge|keep|only take|only charge) (?:only )?(?:a )?\d+ ?%", 3.0),
    (
        r"\b(?:on|work on) an? (?:\d+ ?% )?commission(?: basis)?\b|\bcommission-based\b|"
        r"\b(?:creator|talent|influencer) management\b|\bmanagement (?:agency|company|deal)\b",
        2.5,
    ),
    (r"\bour (?:commission|fee|cut)\b", 2.0),
    (
        r"\b(?:business |creator )?(?:loans?|financing|funding offer|cash advance|line of credit)"
        r"\b|\badvance on your (?:earnings|revenue|adsense)\b|\brevenue-based\b|\bno equity\b|"
        r"\bin capital\b|\bapply (?:now|today|in minutes)\b|\bpre-?approved\b|\bmortgage\b|"
        r"\brefinanc\w*|\bcredit score\b|\binterest rate\b|\bAPR\b",
        2.5,
    ),
    (
        r"\bweb ?(?:site)? ?(?:design|development)\b|\bapp development\b|\boutsourc\w+\b|"
        r"\bdevelopment team\b|\bdedicated developers\b",
        2.5,
    ),
    (
        r"\bpromot(?:e|ing) your (?:channel|videos?|content|music|account|page|brand|business)"
        r"\b|\bget your (?:videos?|channel|content) (?:in front|seen|viral)\b",
        3.0,
    ),
    (
        r"\b(?:we )?helps? (?:creators|youtubers|influencers|channels|streamers|podcasters)\b",
        3.0,
    ),
    (
        r"\b(?:we|i) repurpose your\b|\brepurpose your (?:long-form )?(?:videos|content)\b|"
        r"\bi run a (?:small )?team of (?:\w+ )?(?:editors|designers|developers|writers)\b|"
        r"\b(?:early users|new clients|first-time clients) get \d+ ?% off\b|"
        r"\b(?:show you|book) a (?:quick )?demo\b",
        3.0,
    ),
    (
        r"\bi'?m a (?:professional |freelance |full-time |experienced )?(?:video editor|editor|"
        r"thumbnail (?:artist|designer)|designer|graphic designer|developer|seo (?:expert|"
        r"specialist)|motion designer|scriptwriter|ghostwriter|growth (?:expert|hacker))\b|"
        r"\byour (?:thumbnails|titles|seo|editing|videos|channel) could (?:be improved|use|get|"
        r"perform)\b",
        3.0,
    ),
    (
        r"\b(?:try|start|get) (?:our|the) (?:\w+ )?(?:plan|trial|tool|app|software|platform)\b|"
        r"\bfree for \d+ days\b|\bfree trial\b|\bfirst (?:\w+ )?(?:is|are|one is) (?:on us|free)\b",
        2.5,
    ),
    (r"\bhelp you (?:grow|get|monetize|increase|reach|boost|scale|land|find)\b", 2.5),
    (r"\bbook a (?:call|demo)\b|\bschedule a demo\b|\b14-day trial\b", 1.0),
    (r"\b(?:land|get|find) (?:you )?(?:more )?(?:brand deals|sponsorships|sponsors)\b", 2.5),
    # Services sold TO the creator, whatever words of collaboration wrap them.
    (
        r"\b(?:i|we)(?:'d| would| can| could| will|'ll)? (?:also )?(?:edit|design|redesign|dub|"
        r"translate|subtitle|caption|script|film|shoot|animate|manage|run|optimi[sz]e|grow|boost|"
        r"localize|localise) (?:all )?(?:of )?your (?:long-form |short-form |next |last |"
        r"youtube |instagram |tiktok )?(?:videos?|thumbnails|channel|content|shorts|reels|"
        r"captions|subtitles|account|socials|pages?)\b|"
        r"\bi edit (?:long-form |short-form |youtube )?videos\b|"
        r"\btake (?:the )?(?:editing|posting|thumbnails|scheduling) off your plate\b",
        3.0,
    ),
    (
        r"\b(?:video )?editors? \((?:\d+|five|ten) years\b|\b\d{1,2} ?h(?:ours?)? turnaround\b|"
        r"\bfast turnaround\b|\bunlimited revisions\b|\bmy portfolio\b|\bportfolio\s*:",
        1.5,
    ),
    (
        r"\bi'?m (?:[A-Z]\w+, )?an? (?:professional |freelance |full-time |experienced )?"
        r"(?:video editor|thumbnail (?:artist|designer)|graphic designer|motion designer|"
        r"scriptwriter|ghostwriter|voice-?over artist|youtube (?:strategist|consultant|manager))\b",
        3.0,
    ),
    (
        r"\b(?:lift|boost|increase|improve|raise|double|triple) your (?:ctr|"
        r"click-?through(?: rate)?|"
        r"clicks|retention|watch ?time|avd)\b|\bredesign(?:ed)? (?:of )?your (?:last |latest )?"
        r"(?:\d+ |three |five )?thumbnails\b|\bthumbnail (?:design )?studio\b",
        2.5,
    ),
    (
        r"\bfirst (?:\d+|one|two|three|five) (?:[\w-]+ )?(?:is |are )?(?:free|on us|"
        r"on the house)\b|"
        r"\bfree (?:mock-?ups?|test (?:video|edit|dub|translation)|sample (?:thumbnail|video|"
        r"edit|dub))\b|\bsee the mock-?ups?\b",
        2.5,
    ),
    (
        r"\b(?:dubb?(?:ing|ed)?|voice-?overs?|subtit(?:les|ling)|closed captions|translation) "
        r"(?:of |for )?(?:all )?your (?:videos|content|channel)\b|\bai(?:-powered)? dubbing\b|"
        r"\bsynchroni[sz]ation\b|\bvertonen\b|\bvertonung\b|\bdoblaje\b|\bdublagem\b|"
        r"\bdoppiaggio\b|\bdoublage\b",
        2.5,
    ),
    # Prices per minute of video / per unit of merch: the creator is the one paying.
    (
        r"\d[\d,.]{0,40}\s?(?:€|\$|£|eur|usd|gbp)?\s?(?:/|per|pro|por|par)\s?(?:video-?)?"
        r"(?:minute|minuto|min)\b|\bpro videominute\b|\bper (?:finished )?minute\b|"
        r"\bat \d+ units\b|\bminimum order\b|\bMOQ\b|\bper unit\b(?! sold)",
        2.5,
    ),
    (
        r"\byou (?:only |just )?pay (?:per|for (?:the|each|what)|only|a|\$|€|£|\d)|"
        r"\b(?:you|and) keep (?:the|all the|100 ?% of the) (?:margin|profits?|profit margin)\b|"
        r"\bprint[- ]on[- ]demand\b|\b(?:your own|custom|branded) merch(?:andise)? "
        r"(?:line|store|shop|collection|drop)\b|\bmerch (?:line|manufactur\w*|production)\b|"
        r"\bwe handle (?:the )?(?:design|production|printing|fulfil\w*|manufacturing)\b",
        2.5,
    ),
    # Creator marketplaces and tools: the creator is the customer.
    (
        r"\b(?:marketplace|platform|network) (?:where|that connects?|connecting) "
        r"(?:\d[\d,.+k]{0,40} )?(?:brands|creators|influencers)\b|\bcreators (?:can )?apply\b|"
        r"\b(?:set up|create|claim|complete) your (?:free )?(?:creator )?profile\b|"
        r"\bcreating a profile is free\b",
        2.5,
    ),
    (
        r"\b(?:go|upgrade to|try|switch to) (?:our )?(?:pro|premium|plus|business) (?:plan|tier|"
        r"account|version)?\b|\bplatform fee\b|\bsubscription (?:fee|plan)\b",
        2.0,
    ),
    # Management / representation for a commission.
    (
        r"\bwe represent (?:over |more than |about |some |many |several )?(?:\d+\+? )?(?:[\w-]+ )?"
        r"(?:creators|talents?|influencers|youtubers|streamers)\b",
        3.0,
    ),
    (r"\btalent manager (?:at|with|for)\b|\btalent management (?:agency|company|firm)\b", 2.0),
    (
        r"\b(?:bring|get|make|earn) you (?:significantly |much |a lot |way )?more (?:sponsorship|"
        r"brand[- ]deal|partnership)s? ?(?:revenue|income|money)?\b",
        2.5,
    ),
    (
        r"\b(?:handle|manage|take care of) (?:all )?(?:of )?(?:your )?(?:inbound )?(?:brand deals|"
        r"negotiations?|sponsorships|sponsor outreach)\b",
        2.5,
    ),
    (r"\bfor an? \d+ ?% (?:commission|cut|fee)\b", 3.0),
    # Sponsor-matching services and marketplaces: they sell the creator access to brands.
    (
        r"\b(?:match|matches|matching|connect|connects|connecting|pair|pairs|introduce|"
        r"introduces)\s+(?:[\w-]+\s+){0,4}?(?:creators|influencers|"
        r"youtubers|streamers|podcasters|you)\s+(?:with|to)\s+(?:[\w-]+\s+){0,2}?(?:brands|"
        r"sponsors|advertisers|companies)\b|\bpitch you to (?:our |\w+ )?(?:brands?|sponsors|"
        r"partners|network)\b|\bour (?:brand|sponsor|advertiser|partner) network\b",
        3.0,
    ),
    # A cut of the creator's own deals: "take 12% of each deal", "we keep 15% of every booking"
    (
        r"\b(?:take|takes|keep|keeps|charge|charges) (?:only )?(?:a )?\d+ ?% (?:of|from|on) "
        r"(?:each|every|any|all|the|your) (?:\w+ )?(?:deals?|sponsorships?|bookings?|contracts?|"
        r"payouts?|partnerships?)\b",
        3.0,
    ),
    (
        r"\bnegotiate (?:\w+ )?on your behalf\b|\byou keep (?:the rest|\d+ ?%)|"
        r"\bcancel any ?time\b|\bmonthly (?:fee|subscription|membership|plan)\b|"
        r"\b(?:our|become a|paying) members?\b|\bjoin (?:[\w-]+ )?(?:pro|premium|plus)\b",
        2.0,
    ),
    # Follower / view panels, growth agencies.
    (
        r"\b\d[\d.,]{0,40}k?\s+(?:real\s+|reales\s+|active\s+)?(?:followers|seguidores|abonnés|"
        r"follower|abonnenten|views|likes|subscribers|suscriptores|visualizaciones|"
        r"visualizações|inscritos)\s+(?:por|for|pour|für|per|=|a|para)\s*(?:only\s+|solo\s+|"
        r"just\s+|nur\s+)?(?:[$€£]|us\$|usd|eur)?\s?\d|"
        r"\b(?:aumenta|aumentamos|incrementamos|multiplicamos|crecemos)\w* (?:tus|sus|vos|seus|"
        r"os seus|tes|vos) (?:seguidores|suscriptores|vistas|visualizaciones|inscritos|abonnés)\b|"
        r"\b(?:growth|crecimiento|croissance|wachstums|crescimento|crescita) ?(?:agency|agencia|"
        r"agence|agentur|agência|agenzia)\b|\bagencia de crecimiento\b|\bagenzia di crescita\b|"
        r"\b(?:theme|meme|fan|promo|shoutout) (?:pages|accounts)\b",
        3.0,
    ),
    (
        r"\b(?:te|le|les|vos) (?:damos|ofrecemos|regalamos) (?:un )?\d+ ?% de descuento\b|"
        r"\b(?:discount|rabatt|descuento|remise|sconto|desconto) (?:for|para|für|pour|per) "
        r"(?:you|ti|dich|vous|te|você)\b(?!r)|\b\d+ ?% off for you\b(?!r)|"
        r"\b(?:du )?erreichst neue (?:zuschauer|fans|abonnenten)\b|"
        r"\b(?:you(?:'ll| will| can)?|your (?:videos?|channel|content) (?:will|can)) reach "
        r"(?:new|more) (?:viewers|audiences?|subscribers|people)\b",
        2.0,
    ),
    (
        r"\bwir (?:vertonen|schneiden|bearbeiten|übersetzen|untertiteln|designen|gestalten|"
        r"produzieren|managen|betreuen) (?:deine|ihre|dein|ihr)\b|"
        r"\b(?:editamos|diseñamos|traducimos|doblamos|gestionamos|subtitulamos) (?:tus|tu|"
        r"sus|su)\b|"
        r"\bnous (?:montons|traduisons|doublons|gérons|sous-titrons|designons) (?:tes|vos|"
        r"ta|votre)\b|"
        r"\b(?:editamos|traduzimos|dublamos|gerenciamos|legendamos) (?:seus|teus|o seu|os seus)\b|"
        r"\b(?:montiamo|traduciamo|doppiamo|gestiamo) (?:i tuoi|il tuo)\b",
        3.0,
    ),
    # Spanish / French / German / Portuguese / Italian / Dutch
    (r"\bhacer crecer tu canal\b|\baumentar tus seguidores\b|\bnuestros servicios\b", 3.0),
    (
        r"\b(?:comprar|compra) seguidores\b|\bseguidores reales\b|\bacheter des (?:abonnés|"
        r"followers)\b|\bfollower kaufen\b|\becht(?:e)? follower\b|\bcomprar seguidores\b|"
        r"\bcomprare follower\b",
        3.0,
    ),
    (r"\baugmenter (?:vos|tes) abonnés\b|\bnos services\b|\bnos forfaits\b", 3.0),
    (r"\bunsere (?:dienstleistungen|leistungen|pakete)\b|\bmehr (?:follower|abonnenten)\b", 3.0),
    (r"\bnossos serviços\b|\baumentar seus seguidores\b|\bcrescer seu canal\b", 3.0),
    (r"\bi nostri servizi\b|\bpiù follower\b|\bfar crescere il tuo canale\b", 3.0),
    (r"\bonze diensten\b|\bmeer volgers\b", 3.0),
)

#: Bulk marketing and newsletter content.
NEWSLETTER: Final = _cues(
    (r"\bunsubscribe\b|\bopt[- ]out\b", 3.0),
    (r"\bview (?:this (?:email|message) )?(?:in|on) (?:your |a )?(?:browser|web)\b", 2.5),
    (r"\bmanage (?:your )?(?:email )?(?:preferences|subscription)\b", 2.5),
    (r"\byou(?:'re| are)? receiv(?:ing|ed) this (?:email|message)\b", 3.0),
    (r"\bthis (?:week|month)(?:'s)? (?:issue|edition|roundup|digest|newsletter)\b", 2.5),
    (r"\bissue #?\d+\b|#\d{2,4}\b", 1.0),
    (r"\bnewsletter\b", 0.5),
    (r"\bread (?:more|the full story)\b|\bcontinue reading\b", 1.0),
    (r"\ball rights reserved\b|©", 1.5),
    (r"\bshop now\b|\b\d+ ?% off\b|\blimited time\b|\bflash sale\b|\bblack friday\b", 1.5),
    (r"\bwebinar\b|\bregister now\b|\bsave your seat\b", 1.0),
    (r"\bdarse de baja\b|\bcancelar (?:la )?suscripción\b", 3.0),
    (r"\bse désabonner\b|\bse désinscrire\b|\bdésinscription\b", 3.0),
    (r"\babmelden\b|\bnewsletter abbestellen\b", 3.0),
    (r"\bcancelar inscrição\b|\bdescadastrar\b", 3.0),
    (r"\bannulla (?:l')?iscrizione\b|\bdisiscriviti\b", 3.0),
    (r"\bafmelden\b|\buitschrijven\b", 3.0),
    (r"配信停止|メルマガ", 3.0),
)

#: Friends, family, colleagues: casual words, no business vocabulary.
PERSONAL: Final = _cues(
    (r"\b(?:mom|mum|mommy|dad|daddy|sis|bro|grandma|grandpa|granny|aunt|auntie|uncle)\b", 2.0),
    (r"\b(?:dinner|lunch|brunch|bbq|party|birthday|wedding|baby shower|sleepover)\b", 1.5),
    (r"\blove you\b|\bmiss you\b|\bxoxo\b|\bhugs\b", 2.0),
    (r"\blol\b|\bhaha\w*\b|\blmao\b|\bomg\b", 1.0),
    (
        r"\b(?:this|the|next) weekend\b|\bcatch up\b|\bhang out\b|\bgrab (?:a )?(?:coffee|drink)",
        1.5,
    ),
    (
        r"\bcan you (?:bring|pick up|call me|help me move)\b|\bsee you (?:soon|sunday|saturday)\b",
        1.5,
    ),
    (r"\bhappy birthday\b|\bcongrats on the baby\b", 2.0),
    (r"\bmamá\b|\bpapá\b|\bcena\b|\bcumpleaños\b|\bte quiero\b|\bbesos\b", 1.5),
    (r"\bmaman\b|\bpapa\b|\bdîner\b|\banniversaire\b|\bbisous\b|\bje t'aime\b", 1.5),
    (r"\bmama\b|\babendessen\b|\bgeburtstag\b|\bhab dich lieb\b|\bumarmung\b", 1.5),
    (r"\bmãe\b|\bpai\b|\bjantar\b|\baniversário\b|\bbeijos\b", 1.5),
    (
        r"\b(?:filha|filho|vovó|vovô|avó|avô|hija|hijo|abuela|abuelo|abuelita|ma fille|mon fils|"
        r"mamie|papi|tochter|sohn|oma|opa|figlia|figlio|nonna|nonno|grupo da família|"
        r"grupo de la familia|family group|family chat)\b",
        1.5,
    ),
    (r"\bmamma\b|\bpapà\b|\bcompleanno\b|\bbaci\b|\bti voglio bene\b", 1.5),
    (r"\bverjaardag\b|\betentje\b|\bliefs\b", 1.5),
)

#: Viewers writing to the creator.
FAN: Final = _cues(
    (r"\b(?:i'?m|i am) (?:a |such a )?(?:big|huge|longtime|long-time|massive) fan\b", 3.0),
    (r"\b(?:big|huge|longtime|biggest) fan\b", 2.0),
    (
        r"\bi (?:really |just |absolutely )?(?:love|loved|adore|enjoy) (?:your|watching your) "
        r"(?:videos?|content|channel|streams?|podcast|posts?|reels?)\b",
        2.5,
    ),
    (
        r"\byour (?:videos?|content|channel|streams?|podcast) (?:helped|inspired|changed|got me)\b",
        3.0,
    ),
    (r"\b(?:been )?watching (?:you|your (?:videos|channel|streams)) (?:since|for)\b", 2.5),
    (r"\bsubscribed (?:since|for)\b|\bsubscriber since\b", 2.0),
    (r"\bkeep up the (?:great|good|amazing|awesome) work\b|\bkeep (?:it up|going)\b", 1.5),
    (
        r"\bthank you (?:so much )?for (?:your|the|making|all the) (?:videos?|content|streams?)\b",
        2.5,
    ),
    (r"\byou(?:'re| are) (?:my|an?) (?:inspiration|role model|idol)\b|\byou inspire\b", 2.5),
    (r"\bi'?m \d{1,2} (?:years old|yo)\b|\bshout ?out\b|\bfan art\b", 1.5),
    (
        r"\b(?:want|wanna) (?:to )?be (?:a )?(?:youtuber|creator|streamer|influencer) like you\b|"
        r"\blike you when i grow up\b|\bany tips for (?:starting|growing|a new|my)\b",
        2.5,
    ),
    (
        r"\b(?:my )?fav(?:ou?rite)? (?:youtuber|creator|streamer|channel|influencer)\b|"
        r"\bsay hi to me\b|\bnotice me\b|\byour (?:biggest|number one|#1) fan\b",
        2.5,
    ),
    (
        r"\b(?:what|which) (?:camera|mic|microphone|lens|keyboard|desk|chair|setup|gear|software|"
        r"editing "
        r"software|lights?|monitor) (?:do|did) you use\b|\bquestion about your (?:setup|video)\b",
        2.5,
    ),
    (
        r"\byour (?:videos?|content|channel|streams?|podcast|tutorials?|reviews?)\b[^.!?]{0,40}"
        r"\b(?:saved|helped|inspired|changed|taught|got me|made my)\b",
        3.0,
    ),
    (
        r"\bme encantan? tus (?:videos|vídeos|contenidos?|reviews|reseñas|tutoriales|directos|"
        r"recetas|streams)\b|\bgracias por (?:todo lo que|tus "
        r"videos)|\bj'adore tes vidéos\b|\bmerci pour tes vidéos\b|\bich liebe deine videos\b|"
        r"\bdanke für deine videos\b|\badoro (?:seus|teus|os seus) vídeos\b|\bobrigad[oa] pelos "
        r"(?:seus )?vídeos\b|\badoro i tuoi video\b|\bgrazie per i tuoi video\b",
        2.5,
    ),
    (r"\bsoy (?:tu|su) fan\b|\bfan de (?:tu|tus|vos|tes)\b|\bdein (?:größter )?fan\b", 3.0),
    (
        r"\bte sigo desde\b|\bje te suis depuis\b|\bich folge dir seit\b|\bte acompanho desde\b|"
        r"\bti seguo da\b|\bsigue así\b|\bcontinue comme ça\b|\bmach weiter so\b|"
        r"\bcontinua assim\b|\bcontinua così\b",
        2.0,
    ),
    (
        r"(?:¿|\b)qu[ée] (?:micr[óo]fono|c[áa]mara|lente|objetivo|teclado|silla|luces|software|"
        r"programa|setup) (?:usas|utilizas|tienes)\b|\bquel (?:micro|appareil|objectif|clavier|"
        r"logiciel) (?:utilises|as)-tu\b|\bwelches? (?:mikrofon|kamera|objektiv|tastatur|"
        r"programm) (?:benutzt|nutzt|hast) du\b|\bqual (?:microfone|câmera|lente|teclado) "
        r"(?:você )?usa\b|\bche (?:microfono|fotocamera|obiettivo|tastiera) usi\b",
        2.5,
    ),
    (r"\bsou (?:seu|sua|teu) fã\b|\bsono (?:un |una )?(?:tuo|tua) fan\b|\bファンです", 3.0),
)

#: Support tickets, notifications, invoices, job applications, press and unpaid invitations.
OTHER: Final = _cues(
    (r"\bticket\s*#?\s*\d+|\bcase (?:number|#|id)\b|\bsupport (?:team|request)\b", 2.5),
    (r"\byour (?:request|inquiry|ticket|order|account|subscription|payment) (?:has|is|was)\b", 2.0),
    (r"\bpassword reset\b|\bverify your (?:email|account)\b|\bsecurity alert\b", 2.0),
    (r"\border #?\s?\d+|\btracking number\b|\bshipping confirmation\b|\bhas shipped\b", 2.0),
    (r"\binvoice\b|\breceipt\b|\bpayment (?:received|confirmation|failed|due)\b|\bbilling\b", 2.0),
    (
        r"\b(?:payout|deposit|transfer|refund)s? (?:of [^ ]+ )?(?:has|have) been\b|"
        r"\bbank account\b|"
        r"\b(?:in|to|on) your dashboard\b|\bview (?:the )?details\b",
        2.0,
    ),
    (
        r"\bnew (?:comment|subscriber|follower)s?\b|\bcopyright (?:claim|strike)\b|\b"
        r"community guidelines\b|\bmonetization\b|\bpassed [\d,]+ views\b|\bhas [\d,]+ views\b",
        2.0,
    ),
    (r"\bapply(?:ing)? for\b|\bjob (?:opening|posting|application)\b|\bposition\b", 1.5),
    (r"\b(?:resume|résumé|cv|curriculum vitae)\b|\bcover letter\b|\binternship\b", 2.5),
    (r"\bhire me\b|\bjoin your team\b|\blooking for (?:a )?(?:job|work|an? internship)\b", 2.5),
    (r"\binterview\b|\bjournalist\b|\breporter\b|\bmagazine\b|\bnewspaper\b|\bfor a story\b", 2.0),
    (r"\bpress (?:inquiry|request|release)\b|\bcomment for (?:an|our) article\b", 2.0),
    (
        r"\b(?:be|as|join us as) (?:a |our )?guest\b|\bguest (?:on|spot|appearance|episode)\b|\b"
        r"(?:join|come on|appear on) (?:us on )?(?:our|the|my) (?:podcast|show|panel|stream)\b",
        2.5,
    ),
    (r"\bspeak(?:er|ing)? (?:at|on) (?:our|the)\b|\bpanel(?:ist)?\b|\bkeynote\b", 1.5),
    (
        r"\bfellow (?:youtuber|creator|streamer|podcaster|tiktoker)\b|\bcollab video together\b|"
        r"\b(?:video|stream) together\b|\bi'?m also a (?:youtuber|creator|streamer)\b|"
        r"\bmy (?:channel|subscribers) (?:has|have|is)\b|\b\d+k subs\b",
        3.0,
    ),
    (r"\bunpaid\b|\bno (?:budget|compensation|payment) (?:for|is)\b|\bvolunteer\b", 1.0),
    # Another creator proposing a joint video: nobody pays anybody.
    (
        r"\bno brands? (?:involved|attached|deal)\b|\bjust for (?:fun|the fun of it)\b|"
        r"\bcross[- ]?promo(?:tion)?\b",
        2.5,
    ),
    (
        r"\bboth (?:of our |our )?channels\b|\b(?:my|your|their) (?:half|part) of the "
        r"(?:video|collab)\b|\bpost their half\b|\bcollab video\b|"
        r"\b(?:my|our) channels? (?:and|&|\+) yours\b",
        2.0,
    ),
    (
        r"\bchance to win\b|\bsweepstakes\b|\b(?:take|complete|fill out) (?:our|a|the|this) "
        r"(?:short )?(?:survey|questionnaire)\b|\bsurvey\b",
        2.0,
    ),
    (r"\bentrevista\b|\bperiodista\b|\binvitad[oa]\b|\bfactura\b", 2.0),
    (r"\binterview\b|\bjournaliste\b|\binvité\b|\bfacture\b", 2.0),
    (r"\bbewerbung\b|\blebenslauf\b|\brechnung\b|\bgast\b", 2.0),
    (r"\bentrevista\b|\bjornalista\b|\bconvidad[oa]\b|\bfatura\b|\bcurrículo\b", 2.0),
    (r"\bintervista\b|\bgiornalista\b|\bospite\b|\bfattura\b", 2.0),
    # Bookkeeping and taxes: an accountant names sponsors and amounts without offering a deal.
    (
        r"\b(?:tax|vat|gst|income) (?:return|filing|forms?|documents?|year|deadline|"
        r"extension)s?\b|\b1099(?:-\w+)?\b|\bw-?[289]\b|\breceipts\b|\bdepreciat\w+|"
        r"\bbookkeep\w*|\baccountant\b|\b(?:tax )?deductions?\b|\bdeductible\b|"
        r"\bestimated (?:tax|taxes|payments)\b|\bfiling (?:deadline|extension)\b|"
        r"\bsteuererklärung\b|\bdéclaration d'impôts?\b|\bdeclaraci[oó]n de la renta\b",
        2.5,
    ),
)

#: Invitations to speak, teach or judge: an appearance, not content a brand pays for.
APPEARANCE: Final = _cues(
    (
        r"\bguest (?:lecture|talk|speaker|lesson|class|session|seminar|lecturer)s?\b|"
        r"\b(?:keynote|conference|summit) (?:talk|speaker|session|slot)\b|"
        r"\bspeaker(?:'s)? (?:fee|honorarium|slot|line-?up)\b|\bspeaking (?:fee|engagement|slot|"
        r"invitation|gig)\b|"
        r"\b(?:conferencia|charla|ponencia|conférence|vortrag|gastvortrag|palestra|lezione|"
        r"clase magistral|masterclass)\b",
        2.5,
    ),
    (
        r"\b(?:give|deliver|hold|present|teach) (?:a |an |our |the )?(?:(?:\d+[- ]minute|short|"
        r"guest|virtual|in-person|live) )*(?:talk|lecture|keynote|workshop|masterclass|seminar|"
        r"presentation|class)\b|"
        r"\b(?:speak|talk) (?:to|with|in front of) (?:my|our|the) (?:students|class|attendees)\b|"
        r"\bjudge (?:at|for) (?:our|the)\b|\bon our (?:jury|judging panel)\b",
        2.0,
    ),
    (
        r"\b(?:my|our|the) students\b|\buniversit(?:y|ies|ät|é|à|ad|ade)\b|\bcollege\b|"
        r"\bstudent (?:\w+ )?(?:conference|event|society|club|union|festival|summit)\b|"
        r"\b(?:professor|lecturer|faculty|curriculum|syllabus|semester)\b|\bcase study\b",
        1.5,
    ),
)

#: An out-of-office or other automatic answer that slipped past screening.
AUTO_REPLY: Final = _cues(
    (r"\bout of (?:the )?office\b|\bautomatic reply\b|\bauto-?reply\b|\bon (?:annual )?leave\b", 3),
    (r"\blimited access to (?:my )?e-?mail\b|\bi will be back\b|\breturning on\b", 2),
    (r"\bfuera de la oficina\b|\babsent(?:e)? du bureau\b|\babwesend\b|\bnicht im büro\b", 3),
    (r"\bfora do escritório\b|\bfuori ufficio\b|\bafwezig\b|\b不在\b", 3),
)

#: Words that show a message is about business (a deal thread answer, an offer...).
DEAL_TALK: Final = _cues(
    (r"\bbudget\b|\brate\b|\bfee\b|\bprice\b|\bpayment\b|\binvoice\b|\bpaid\b", 1.5),
    (r"\bcontract\b|\bagreement\b|\bbrief\b|\bdeliverables?\b|\bdeadline\b|\btimeline\b", 1.5),
    (r"\bdraft\b|\bscript\b|\bconcept\b|\bapproval\b|\bgo[- ]live\b|\bpublish\w*\b", 1.0),
    (r"\bsounds good\b|\bagreed\b|\bdeal\b|\bconfirm\w*\b|\bcounter\b|\bnegotiat\w*\b", 1.0),
    (r"\busage\b|\bexclusivity\b|\bwhitelisting\b|\bshipping\b|\bproduct\b|\bsample\b", 1.0),
    (r"[$€£]\s?\d|\d\s?(?:k|usd|eur|gbp)\b", 1.5),
    (r"\bpresupuesto\b|\bcontrato\b|\bbudget\b|\bcontrat\b|\bvertrag\b|\bhonorar\b", 1.5),
    (r"\borçamento\b|\bcontratto\b|\bcompenso\b|\bcontract\b|\b契約\b|\b予算\b", 1.5),
)

# --------------------------------------------------------------------------------------------
# Extraction tables
# --------------------------------------------------------------------------------------------

#: Number words by language (``[numbers.words]`` of ``engine/lang/<code>.toml``), in rank order
#: (a/an/one are 1 and need no table; quantity defaults to 1).
NUMBER_WORDS: Final[Mapping[str, Mapping[str, int]]] = {
    lang.code: lang.numbers.words for lang in languages() if lang.numbers.words
}
#: Number words that are ordinary words in other languages ("due" date, "sei" = be) -> the
#: language they are numbers in (``[numbers] only_in_this_language``).
LANGUAGE_ONLY_NUMBERS: Final[Mapping[str, str]] = {
    word: lang.code for lang in languages() for word in lang.numbers.only_in_this_language
}

#: Product categories: (category, pattern). Blocked-by-default categories come first so that a
#: casino that also mentions "gaming" is reported as gambling.
PRODUCT_CATEGORIES: Final[Sequence[tuple[str, re.Pattern[str]]]] = tuple(
    (name, re.compile(pattern, _I))
    for name, pattern in (
        (
            "gambling",
            r"\b(?:casinos?|sportsbooks?|sports ?betting|betting|bookmakers?|online slots|"
            r"slot machines?|"
            r"slots (?:bonus|games?)|poker|roulette|"
            r"blackjack|gambling|igaming|wager\w*|apuestas|casas? de apuestas|paris sportifs|"
            r"sportwetten|wettanbieter|glücksspiel|apostas|scommesse|gokken)\b",
        ),
        (
            "crypto",
            r"\b(?:crypto\w*|bitcoin|btc|ethereum|nfts?|web3|blockchain|defi|altcoins?|memecoin|"
            r"token (?:sale|launch|presale)|presale|crypto exchange|forex|trading (?:app|platform|"
            r"bot|signals))\b|仮想通貨|暗号資産",
        ),
        (
            "adult",
            r"\b(?:onlyfans|adult (?:content|site|entertainment)|xxx|nsfw|porn\w*|cam ?site)\b",
        ),
        ("tobacco", r"\b(?:tobacco|cigars?|cigarettes?|hookah|shisha|snus|nicotine pouch\w*)\b"),
        ("vaping", r"\b(?:vape|vapes|vaping|e-?cig\w*|e-?liquids?|vaporizer)\b"),
        (
            "weapons",
            r"\b(?:firearms?|handguns?|rifles?|shotguns?|ammunition|ammo|weapons|gun (?:shop|store|"
            r"range|owners?)|tactical knives)\b",
        ),
        (
            "payday_loans",
            r"\b(?:payday loans?|cash advances?|instant loans?|quick loans?|short-term loans?)\b",
        ),
        ("loans", r"\b(?:loans?|lending|préstamos?|prêts?|kredit|empréstimos?|prestiti)\b"),
        (
            "alcohol",
            r"\b(?:beer|wine|vodka|whisk(?:e)?y|gin|rum|tequila|spirits|brewery|distillery|"
            r"alcohol\w*|cerveza|vino|bière|vin|bier|wein|cerveja|birra|hard seltzer)\b",
        ),
        ("cbd", r"\b(?:cbd|hemp|cannabis|thc|delta-?8)\b"),
        (
            "supplements",
            r"\b(?:supplements?|protein powder|whey|vitamins?|pre-?workout|creatine|collagen|"
            r"nootropics?|gummies|electrolytes?|suplementos?|nahrungsergänzung\w*|integratori)\b",
        ),
        ("vpn", r"\bvpns?\b"),
        (
            "gaming",
            r"\b(?:video ?games?|mobile games?|gaming|esports|game studio|mmorpg|rpg|steam "
            r"(?:page|key)|videojuegos?|jeu vidéo|videospiele?)\b",
        ),
        (
            "beauty",
            r"\b(?:skin ?care|makeup|make-up|cosmetics?|serum|moisturi[sz]er|beauty|haircare|"
            r"fragrance|perfume|nail polish|lipstick|maquillaje|cosmétiques?|kosmetik|"
            r"hautpflege|maquiagem|cosmetici|trucco|スキンケア|コスメ)\b",
        ),
        (
            "fashion",
            r"\b(?:fashion|apparel|clothing|streetwear|sneakers|shoes|jewel(?:le)?ry|watches|"
            r"handbags?|sunglasses|moda|ropa|vêtements|kleidung|roupas|abbigliamento)\b",
        ),
        (
            "finance",
            r"\b(?:fintech|bank(?:ing)?|credit cards?|investing|investment app|budgeting app|"
            r"insurance|neobank|stock trading|brokerage|tax software)\b",
        ),
        (
            "tech",
            r"\b(?:earbuds|headphones|laptops?|smartphones?|gadgets?|keyboards?|monitors?|"
            r"software|saas|apps?|productivity|ai tool|webcam|microphones?|smart ?watch|"
            r"tecnología|technologie|technik|tecnologia)\b",
        ),
        (
            "food",
            r"\b(?:snacks?|coffee|tea|food|beverages?|drinks?|meal kits?|restaurant|chocolate|"
            r"bebidas?|comida|boissons?|nourriture|getränke?|lebensmittel|comida|cibo|bevande|"
            r"cold brew|energy drinks?)\b",
        ),
        (
            "travel",
            r"\b(?:travel|hotels?|airlines?|flights?|vacation|resorts?|viajes?|voyages?|reisen)\b",
        ),
        ("fitness", r"\b(?:fitness|gym|workout|yoga|athletic|sportswear|activewear)\b"),
        (
            "home",
            r"\b(?:home decor|furniture|mattress(?:es)?|kitchenware|ceramic|cookware|bedding)\b",
        ),
        ("education", r"\b(?:online courses?|e-?learning|language app|tutoring|bootcamp)\b"),
    )
)

#: Free webmail domains: a sender there is a person, not a company.
WEBMAIL_DOMAINS: Final = words(
    """
    gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.fr yahoo.es yahoo.de ymail.com
    hotmail.com hotmail.co.uk hotmail.fr hotmail.es hotmail.de hotmail.it outlook.com
    outlook.fr outlook.de outlook.es live.com live.fr live.de msn.com aol.com icloud.com
    me.com mac.com proton.me protonmail.com pm.me gmx.com gmx.de gmx.net gmx.at web.de
    t-online.de freenet.de mail.com mail.ru yandex.com yandex.ru zoho.com zohomail.com
    fastmail.com tutanota.com hey.com orange.fr free.fr laposte.net sfr.fr wanadoo.fr
    libero.it virgilio.it tiscali.it alice.it uol.com.br bol.com.br terra.com.br ig.com.br
    qq.com 163.com naver.com daum.net yahoo.co.jp docomo.ne.jp ezweb.ne.jp ziggo.nl
    kpnmail.nl telenet.be
    """
)

#: Words that mark a company as an agency / management / marketing intermediary.
AGENCY_WORDS: Final = re.compile(
    r"\b(?:agency|agencies|talent|management|mgmt|media|marketing|influence|influencer|"
    r"collective|partners|pr|communications|comms|digital|network|studios?|group|"
    r"agencia|agence|agentur|agência|agenzia|bureau)\b",
    _I,
)

#: Words a brand name never consists of (greetings, pronouns, months, platforms...).
NOT_A_BRAND: Final = words(
    """
    hi hello hey dear we i our us you your the a an this that they he she it team thanks
    thank best regards cheers hola bonjour hallo ciao olá hoi sir madam mr mrs ms youtube
    instagram tiktok twitch twitter x facebook linkedin snapchat pinterest kick podcast
    google amazon gmail outlook monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    partnership partnerships collaboration sponsorship brand marketing influencer creator
    creators ugc usd eur gbp budget deliverables re fwd fw wg aw
    """
)

#: The counterparty says it will not pay (an unpaid invitation, "for exposure").
NO_PAY: Final = _cues(
    (
        r"\b(?:can(?:no|')t|cannot|unable to|not able to|don'?t|do not|won'?t|aren'?t able to)"
        r" (?:\w+ ){0,2}(?:pay|compensate|offer (?:any )?(?:payment|compensation|a fee))\b",
        3.0,
    ),
    (r"\bunpaid\b|\bno (?:budget|compensation|payment|fee)\b|\bpro bono\b|\bfor exposure\b", 2.5),
    (
        r"\bsin (?:pago|remuneración|compensación)\b|\bsans (?:rémunération|contrepartie)\b|"
        r"\bunbezahlt\b|\bohne (?:bezahlung|honorar|vergütung)\b|\bsem (?:remuneração|pagamento)\b|"
        r"\bnon retribuit\w+\b|\bsenza compenso\b|\bonbetaald\b|\b無償\b",
        2.5,
    ),
    (
        r"\bno (?:manejamos|ofrecemos|tenemos|hay|podemos ofrecer) (?:un )?(?:pago|presupuesto|"
        r"remuneración|compensación)\b|\bnão (?:temos|oferecemos|há) (?:um )?(?:pagamento|"
        r"orçamento|cachê)\b|\bkein (?:budget|honorar)\b|\bpas de (?:budget|rémunération)\b",
        2.5,
    ),
)

#: Casual tone (short notes between people who know each other).
CASUAL: Final = _cues(
    (r"^\s*(?:hey|hiya|yo|heyy+|hi there)\b", 0.5),
    (r"!!|\?\?|:\)|:D|;\)|<3|😂|❤️|😘|🥰|🎉|😊", 0.5),
    (r"\b(?:saturday|sunday|tonight|tomorrow night|this evening)\b", 0.5),
)
