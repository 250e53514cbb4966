"""Multilingual keyword tables of the heuristic engine.

Everything here is data: weighted regular expressions per feature, stop words per language for a
cheap language guess, number words for quantities, and the keyword map of product categories.
Patterns are matched case-insensitively against the email text unless a table says otherwise.
Weights are additive evidence; :mod:`repflow.engine.heuristic.classify` turns them into a
category and a confidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

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

#: Frequent short words per language; the language with most hits wins (ties: list order).
STOPWORDS: Final[Mapping[str, frozenset[str]]] = {
    "en": words(
        """
        the and you your we our with for would like to of is are this that please thanks hi
        hello be have will can could it in on an at from us my me
        """
    ),
    "es": words(
        """
        el los las que y con para por nuestro nuestra nuestros tu tus usted hola gracias una
        es del al muy pero como te nos estamos somos sería también
        """
    ),
    "fr": words(
        """
        le les des et vous nous votre vos notre nos avec pour est une bonjour merci du sur
        pas au aux ce cette je tu ton ta être serait
        """
    ),
    "de": words(
        """
        der die das und wir ihr dich dir mit für ist ein eine einen hallo danke nicht sie
        auf uns gerne ich du dein deine würden wäre bei von im
        """
    ),
    "pt": words(
        """
        o os as que e com para por nosso nossa você vocês olá obrigado obrigada uma é do da
        em não muito seu sua gostaríamos somos ao
        """
    ),
    "it": words(
        """
        il lo gli di che e con per nostro nostra tuo tua ciao grazie una è del della sono
        siamo vorremmo anche non mi ti al alla
        """
    ),
    "nl": words(
        """
        het een van wij jij jouw onze met voor hallo bedankt graag niet ons zijn zou willen
        ook naar jullie graag heel
        """
    ),
}

#: Hiragana / katakana: their presence means Japanese (kanji alone could be Chinese).
KANA: Final = re.compile(r"[\u3040-\u30ff]")
WORD: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

# --------------------------------------------------------------------------------------------
# Classification cues
# --------------------------------------------------------------------------------------------

#: A brand or agency proposing to work with the creator.
SPONSOR_INTENT: Final = _cues(
    # English
    (r"\b(?:partner|collaborate|collab|work|team up)(?:ing)? with you\b", 2.5),
    (r"\bsponsor(?:s|ing|ed)?\b(?! (?:by|of) )", 2.0),
    (r"\bsponsorship\b", 2.5),
    (
        r"\bpaid (?:partnership|collab(?:oration)?|campaign|post|promotion|integration|"
        r"opportunity|content|deal|feature)\b",
        3.0,
    ),
    (r"\bsponsored (?:video|post|content|segment|stream|reel|story|campaign|integration)\b", 2.5),
    (r"\b(?:brand )?collab(?:oration)?s?\b", 1.5),
    (r"\bpartnership\b", 1.5),
    (r"\bcampaign\b", 1.0),
    (r"\bbrand (?:ambassador|partner)s?\b|\bambassador(?:ship)? program\b", 2.5),
    (r"\bUGC\b|\buser[- ]generated content\b", 2.0),
    (r"\bwhitelist(?:ing)?\b|\bspark ads?\b", 1.5),
    (r"\b(?:send|ship|gift)(?:ing)? you (?:our|a|an|some|the|one|one of our|a few)\b", 2.0),
    (
        r"\bfeatur(?:e|ing) (?:it|us|them|our \w+|the \w+) (?:in|on) (?:a|an|one of your|your|"
        r"an upcoming|your next) (?:\w+ )?(?:video|reel|post|story|stream|episode|content)s?\b",
        2.0,
    ),
    (r"\b(?:promote|showcase|feature|review|try|test) our\b", 1.5),
    (r"\b(?:influencer|creator) (?:marketing|partnerships?|program|campaign|collab\w*)\b", 1.5),
    (r"\bon behalf of\b|\bour client\b|\bwe represent\b", 1.5),
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
    # Portuguese
    (r"\bparceria\b|\bpubli(?:s|post|cidade)?\b|\bpatrocínio\b|\bcolaboração\b", 2.0),
    (r"\bembaixador(?:a)?\b|\bcampanha\b", 1.5),
    # Italian
    (r"\bcollaborazione\b|\bsponsorizza\w*\b|\bcampagna\b", 2.0),
    # Dutch
    (r"\bsamenwerking\b|\bgesponsorde?\b|\bpartnerschap\b", 2.0),
    # Japanese
    (r"案件|PR依頼|タイアップ|スポンサー|コラボ|ご依頼|PR投稿|提供", 2.5),
)

#: The counterparty pays (or gives product to) the creator, or asks what the creator charges.
PAY_TO_CREATOR: Final = _cues(
    (r"\bbudget\b|\bpresupuesto\b|\borçamento\b|\bbudžet\b", 2.0),
    (
        r"\b(?:we|we'?d|we'?ll|we can|we could|we would|we will|we're able to|happy to|able to)"
        r" (?:\w+ ){0,2}(?:pay|compensate)\b",
        2.5,
    ),
    (r"\b(?:offer|pay)(?:ing)? (?:you )?(?:a )?(?:[$€£]|\d|usd|eur|gbp|flat|fixed|fee\b)", 2.5),
    (r"\bflat (?:fee|rate)\b|\bfixed fee\b|\bcompensat(?:ion|ed)\b|\bhonorari(?:um|a|os)\b", 2.5),
    (r"\bpaid\b", 1.0),
    (
        r"(?im)^[\s*•·-]*(?:fee|budget|compensation|rate|payment|pay|honorar|presupuesto|"
        r"rémunération|orçamento|compenso)\s*[:：]",
        2.5,
    ),
    (r"\bfee\b", 1.0),
    (
        r"\b(?:what(?:'s| is| are| would be)|share|send (?:us|me)|know) your (?:usual |current )?"
        r"(?:rates?|rate card|fees?|pricing|prices?|quote|media ?kit)\b",
        3.0,
    ),
    (r"\byour (?:rates?|rate card|media ?kit|fee)\b", 1.5),
    (r"\bper (?:video|post|reel|episode|deliverable|story|tiktok|integration)\b", 1.5),
    (r"\bfree (?:products?|samples?|units?)\b|\bPR (?:package|box)\b|\bgifted\b|\bseeding\b", 2.0),
    (r"\b(?:you'?d|you will|you'll|you) (?:get|earn|receive|make) (?:a |an )?(?:\d+ ?% )?", 0.5),
    (
        r"\b(?:you(?:'d|'ll| will| would| can)?|earn) (?:\w+ ){0,3}\d+ ?%|\b\d+ ?% (?:of (?:each|"
        r"every|all)? ?sales?|per sale|on (?:each|every) (?:sale|order))\b|"
        r"\baffiliate (?:link|code|"
        r"program)\b",
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
    (r"報酬|予算|謝礼|ギャラ", 2.5),
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
    (r"[$€£]\s?\d[\d,.]*\s?(?:/|per |a )(?:month|mo|week|hour|hr)\b", 2.0),
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
        r"\bwhat (?:camera|mic|microphone|lens|keyboard|desk|chair|setup|gear|software|editing "
        r"software|lights?|monitor) (?:do|did) you use\b|\bquestion about your (?:setup|video)\b",
        2.5,
    ),
    (
        r"\byour (?:videos?|content|channel|streams?|podcast|tutorials?|reviews?)\b[^.!?]{0,40}"
        r"\b(?:saved|helped|inspired|changed|taught|got me|made my)\b",
        3.0,
    ),
    (
        r"\bme encantan? tus (?:videos|vídeos|contenidos?)\b|\bgracias por (?:todo lo que|tus "
        r"videos)|\bj'adore tes vidéos\b|\bmerci pour tes vidéos\b|\bich liebe deine videos\b|"
        r"\bdanke für deine videos\b|\badoro (?:seus|teus|os seus) vídeos\b|\bobrigad[oa] pelos "
        r"(?:seus )?vídeos\b|\badoro i tuoi video\b|\bgrazie per i tuoi video\b",
        2.5,
    ),
    (r"\bsoy (?:tu|su) fan\b|\bfan de (?:tu|tus|vos|tes)\b|\bdein (?:größter )?fan\b", 3.0),
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

#: Number words by language (a/an/one are 1 and need no table; quantity defaults to 1).
NUMBER_WORDS: Final[Mapping[str, Mapping[str, int]]] = {
    "en": {
        "one": 1,
        "single": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "twelve": 12,
        "couple": 2,
        "pair": 2,
        "both": 2,
        "dozen": 12,
    },
    "es": {
        "un": 1,
        "una": 1,
        "uno": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
    },
    "fr": {
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
    },
    "de": {
        "ein": 1,
        "eine": 1,
        "einen": 1,
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
    },
    "pt": {
        "um": 1,
        "uma": 1,
        "dois": 2,
        "duas": 2,
        "três": 3,
        "quatro": 4,
        "cinco": 5,
        "seis": 6,
        "sete": 7,
        "oito": 8,
        "nove": 9,
        "dez": 10,
    },
    "it": {
        "un": 1,
        "uno": 1,
        "una": 1,
        "due": 2,
        "tre": 3,
        "quattro": 4,
        "cinque": 5,
        "sei": 6,
        "sette": 7,
        "otto": 8,
        "nove": 9,
        "dieci": 10,
    },
    "nl": {
        "een": 1,
        "één": 1,
        "twee": 2,
        "drie": 3,
        "vier": 4,
        "vijf": 5,
        "zes": 6,
        "zeven": 7,
        "acht": 8,
        "negen": 9,
        "tien": 10,
    },
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
)

#: Casual tone (short notes between people who know each other).
CASUAL: Final = _cues(
    (r"^\s*(?:hey|hiya|yo|heyy+|hi there)\b", 0.5),
    (r"!!|\?\?|:\)|:D|;\)|<3|😂|❤️|😘|🥰|🎉|😊", 0.5),
    (r"\b(?:saturday|sunday|tonight|tomorrow night|this evening)\b", 0.5),
)
