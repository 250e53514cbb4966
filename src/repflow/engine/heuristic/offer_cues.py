"""Cues of a brand offer: a sponsor's intent, pay to the creator, the creator's own work."""

from __future__ import annotations

from typing import Final

from repflow.engine.heuristic.cue_base import CONTENT, MONEY, _cues, lang_phrases

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
    # Polish
    (r"\bwspółprac\w*|\bsponsorowan\w*|\blokowani\w* produktu\b", 2.5),
    (r"\bkampani\w+|\bambasador\w*", 1.5),
    # Turkish
    (r"\biş ?birliğ\w*|\bsponsorluk\w*|\bürün yerleştirme\w*", 2.5),
    (r"\bkampanya\w*|\bmarka elçi\w*|\btanıtım\w*", 1.5),
    # Indonesian (and Malay)
    (r"\bkerja ?sama\b|\bkolaborasi\b|\bendorse(?:ment)?\b|\bpaid promote\b", 2.5),
    (r"\bkampanye\b|\bduta merek\b", 1.5),
    # Swedish / Norwegian / Danish gifts: "we'd like to send you a gift box"
    (
        r"\bskicka (?:dig|er) (?:ett|en|några)\b|\bpresentpaket\w*|\bsende deg\b|\bsende dig\b",
        2.0,
    ),
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
    # Polish / Turkish / Indonesian
    (r"\bwynagrodzeni\w*|\bhonorari\w*|\bbudżet\w*|\bpłatn\w*|\bzapłac\w*", 2.0),
    (r"\bücret\w*|\bbütçe\w*|\bödeme\w*|\bücretli\b", 2.0),
    (r"\bbayaran\b|\bhonor\b|\banggaran\b|\bimbalan\b|\bberbayar\b|\bdibayar\b", 2.0),
    (r"\bprezent\w*|\bhediye\w*|\bgratis\b|\bkado\b", 1.0),
    # The language files' words of a paid deal ([partnership] fee: "wir zahlen", "płacimy")
    (lang_phrases("partnership", "fee"), 2.0),
    # A request for the creator's rates: a paid deal without a figure yet ("vad tar du för")
    (lang_phrases("partnership", "rate_request"), 2.5),
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
