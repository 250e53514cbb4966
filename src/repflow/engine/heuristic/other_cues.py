"""Cues of everything that is not an offer: vendors, newsletters, fans, refusals to pay."""

from __future__ import annotations

from typing import Final

from repflow.engine.heuristic.cue_base import Cue, _cues, lang_phrases

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
    # The language files' services sold to the creator ("jasa edit", "pakiety od").
    (lang_phrases("classify", "vendor"), 3.0),
    (lang_phrases("classify", "vendor_terms"), 3.0),
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
    # The language files' refusals to pay ("no podemos pagar", "nie mamy budżetu").
    (lang_phrases("classify", "no_pay"), 3.0),
)


#: What an unpaid request offers instead of a fee: exposure, a shout-out back, fun.
EXPOSURE: Final[tuple[Cue, ...]] = _cues((lang_phrases("classify", "exposure"), 2.5))
#: Payment in kind: a product sent as the payment ("gifted", "de regalo", "sebagai hadiah"). It
#: keeps a gift offer an offer when the sender also says there is no fee.
GIFT: Final[tuple[Cue, ...]] = _cues(
    (
        r"\bgift(?:ed|ing)?\b(?! ?(?:certificates?|cards?|vouchers?))|"
        r"\bfree (?:products?|samples?)\b|\bPR (?:package|box|kit)\b|"
        r"\b(?:send|ship)(?:ing)? you (?:our|one of our|a free|the new)\b|"
        r"\bregalo\b|\bcadeau\b|\bgeschenk\b|\bomaggio\b|\bpresente\b",
        2.0,
    ),
    (lang_phrases("partnership", "gifted"), 2.0),
)
#: A commission on sales: an affiliate offer pays the creator, even with "no fixed fee".
COMMISSION: Final[tuple[Cue, ...]] = _cues(
    (
        r"\b\d{1,2}(?:[.,]\d)? ?% (?:de |di |na |of )?(?:commission|comisi[oó]n|commissione|"
        r"comissão|commissie|provision|prowizji|komisyon|komisi)\b|"
        r"\b(?:commission|comisi[oó]n|commissione|comissão|commissie|provision|prowizj[ai]|"
        r"komisyon|komisi) (?:of |de |di |od |sebesar )?\d{1,2}(?:[.,]\d)? ?%|"
        r"\baffiliate (?:program(?:me)?|link|code|partnership|deal)\b",
        2.0,
    ),
    (lang_phrases("partnership", "affiliate"), 2.0),
)
#: A job posting: employment words, and an employee's salary (each family counts once).
JOB: Final[tuple[Cue, ...]] = _cues(
    (lang_phrases("classify", "job"), 2.5), (lang_phrases("classify", "salary"), 2.5)
)

#: Casual tone (short notes between people who know each other).
CASUAL: Final = _cues(
    (r"^\s*(?:hey|hiya|yo|heyy+|hi there)\b", 0.5),
    (r"!!|\?\?|:\)|:D|;\)|<3|😂|❤️|😘|🥰|🎉|😊", 0.5),
    (r"\b(?:saturday|sunday|tonight|tomorrow night|this evening)\b", 0.5),
)
