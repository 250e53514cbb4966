"""Scam rules: fees, urgency, messengers, log-in links, private data, crypto, fraud stories."""

from __future__ import annotations

import re
from collections.abc import Iterator

from repflow.engine.signals.rules import (
    _add,
    _rule,
    _run_rules,
    _snippet,
    _Text,
    _word_set,
    _word_start,
)
from repflow.engine.signals.verdicts import Signal

# --------------------------------------------------------------------------------------------
# Scam rules (patterns are lower case: they run on lower-cased text)
# --------------------------------------------------------------------------------------------

_MONEY_RX = (
    r"(?:(?:[$€£]|us\$|usd|eur|gbp)\s?\d[\d,.' ]*\d?(?:\s?k\b)?"
    r"|\d[\d,.' ]*\s?(?:k\s?)?(?:usd|eur|gbp|dollars?|euros?|bucks|\$|€|£))"
)
_FEE_WORDS = "fee fees charge charges cost costs"
_FEE_KINDS = (
    "registration shipping delivery postage processing onboarding activation verification "
    "membership application handling admin administrative administration service enrolment "
    "enrollment enrolment customs clearance insurance setup set joining entry listing "
    "certification training contract release unlock unlocking transfer tax security"
)
_FEE_NOUN = (
    r"(?:registration|shipping|delivery|postage|processing|onboarding|activation|verification|"
    r"membership|application|handling|admin(?:istrative|istration)?|service|enrol?ment|"
    r"enrollment|customs|clearance|insurance|set-?up|joining|entry|listing|certification|"
    r"training|contract|release|unlock(?:ing)?|transfer|tax|security)\s+(?:fee|fees|charge|"
    r"charges|cost|costs)"
)
_SCAMMY_FEE_NOUN = (
    r"(?:registration|onboarding|activation|verification|membership|application|enrol?ment|"
    r"enrollment|joining|certification|release|unlock(?:ing)?|contract)\s+(?:fee|fees|charge)"
)
_PAY = r"(?:pay|paying|payment of|send|transfer|wire|deposit|settle)"
_PAY_WORDS = "pay paying payment send transfer wire deposit settle"

_FEE_RULES = (
    _rule(
        "fee_requested", 1.0,
        rf"{_PAY}\s+(?:for\s+)?(?:(?:a|an|the|our|your|this|small|tiny|one[- ]time|minimal|"
        rf"refundable|symbolic|nominal|low|only|just|{_MONEY_RX})\s+){{0,4}}{_FEE_NOUN}",
        _PAY_WORDS, _FEE_WORDS, _FEE_KINDS, negatable=True, label="creator asked to pay",
        anchor=_FEE_WORDS, back=160, ahead=10,
    ),
    _rule(
        "fee_requested", 1.0,
        rf"{_FEE_NOUN}(?:\s*[:=]|\s+(?:of|is|amounting to|total(?:l?ing)?|just|only))\s*"
        rf"(?:only\s+|just\s+)?{_MONEY_RX}",
        _FEE_WORDS, _FEE_KINDS, negatable=True, label="fee stated",
        anchor=_FEE_WORDS, back=40, ahead=60,
    ),
    _rule(
        "fee_requested", 1.0,
        r"(?:you|creators?|influencers?)\s+(?:(?!(?:never|not|no|don|won|needn)\b)\w+\s+){0,3}?"
        r"(?:cover|bear|handle|pay)\s+(?:for\s+)?(?:the\s+|a\s+|all\s+|any\s+)?(?:\w+\s+)?"
        + _FEE_NOUN,
        "you creator creators influencer influencers", "cover bear handle pay", _FEE_WORDS,
        _FEE_KINDS, label="creator asked to pay", anchor=_FEE_WORDS, back=120, ahead=10,
    ),
    _rule(
        "fee_requested", 1.0,
        rf"(?:pay|cover)\s+(?:for\s+)?(?:the\s+|a\s+|your\s+|just\s+|only\s+)?(?:{_MONEY_RX}\s+"
        r"(?:for\s+)?)?(?:shipping|postage|delivery|customs|s&h)\b"
        r"(?!\s+(?:fee|fees|cost|costs|charge|charges)\b)",
        "pay cover", "shipping postage delivery customs s h", negatable=True,
        label="creator asked to pay",
    ),
    # "a $39 onboarding fee applies": an amount the creator is charged
    _rule(
        "fee_requested", 1.0,
        rf"{_MONEY_RX}\s+(?:one[- ]time\s+|non-refundable\s+|refundable\s+|small\s+)?"
        rf"{_SCAMMY_FEE_NOUN}",
        _FEE_WORDS,
        "registration onboarding activation verification membership application enrolment "
        "enrollment joining certification release unlock unlocking contract",
        negatable=True, label="fee stated", anchor=_FEE_WORDS, back=60, ahead=10,
    ),
    _rule(
        "fee_requested", 0.6, _SCAMMY_FEE_NOUN,
        "fee fees charge",
        "registration onboarding activation verification membership application enrolment "
        "enrollment joining certification release unlock unlocking contract",
        negatable=True, label="fee mentioned", anchor=_FEE_WORDS, back=40, ahead=10,
    ),
    _rule(
        "fee_requested", 1.0,
        r"(?:buy|purchase|order|pay for)\s+(?:the|our|this|a|one|an)\s+(?:\w+\s+)?"
        r"(?:product|item|items|products|kit|package|bundle|sample|samples|device|unit|units)"
        r"\b(?:\s+\w+){0,6}?\s+(?:first|yourself|upfront|up front|in advance|with your own|"
        r"and (?:we|we'll|we will|you(?:'ll| will)) (?:\w+\s+){0,2}?(?:reimburse|refund|"
        r"pay you back|repay|be reimbursed|be refunded|get (?:a )?(?:full )?refund))",
        "buy purchase order pay",
        "product item items products kit package bundle sample samples device unit units",
        "first yourself upfront up advance own reimburse refund back repay reimbursed refunded",
        negatable=True, label="purchase first",
    ),
    # "Order any item from our shop, we refund 100% after you post"
    _rule(
        "fee_requested", 1.0,
        r"(?:buy|purchase|order|pay\s+for)\s+(?:any|an?|one|some|the|our|your\s+favou?rite)\s+"
        r"(?:\w+\s+){0,3}?(?:from\s+(?:our|the)\s+(?:shop|store|site|website|catalog(?:ue)?)\b)?"
        r"[^.!?\n]{0,40}?[,;:-]?\s*(?:and\s+|then\s+)?(?:we|we'?ll|we\s+will|you'?ll\s+(?:be|get))\s+"
        r"(?:\w+\s+){0,2}?(?:refund|reimburse|pay\s+you\s+back)",
        "buy purchase order pay", "refund reimburse back", negatable=True,
        label="purchase first",
    ),
    _rule(
        "fee_requested", 1.0,
        r"(?:we(?:'ll| will)?|you(?:'ll| will)? (?:be|get))\s+(?:\w+\s+){0,2}?"
        r"(?:reimburse|refund)\w*\s+(?:you\s+)?(?:\w+\s+){0,4}?(?:after|once|when)\s+"
        r"(?:you\s+)?(?:buy|purchase|order|pay)",
        "reimburse reimbursed reimbursement refund refunded refunds", "after once when",
        "buy purchase order pay", label="purchase first",
    ),
    # "a refundable activation deposit", "send us the small verification deposit": money the
    # creator hands over first, however it is qualified
    _rule(
        "fee_requested", 1.0,
        r"(?:refundable|security|good[- ]faith|returnable|activation|verification|registration|"
        r"onboarding|unlock(?:ing)?|wallet)\s+(?:[\w-]+\s+){0,2}?deposit\b"
        r"|(?:send|pay|make|transfer|wire)\s+(?:us\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
        r"deposit\b",
        "deposit", negatable=True, label="deposit",
    ),
    # "send 50 USDT to the address below from your wallet": crypto paid in before a payout; a
    # sponsor pays the creator and never needs coins sent to it first
    _rule(
        "fee_requested", 1.0,
        r"(?:send|transfer|deposit|pay|top\s+up)\s+(?:us\s+)?(?:a\s+|an\s+|the\s+)?"
        r"(?:[\w-]+\s+){0,3}?(?:\d[\d,.]*\s*)?(?:usdt|usdc|tether|btc|bitcoin|eth|ether|"
        r"ethereum|bnb|trx|sol|crypto)\b[^.!?\n]{0,60}?\bto\s+(?:the|this|our|my|a|following)\s+"
        r"(?:\w+\s+){0,2}?(?:address|wallet)\b",
        "send transfer deposit pay top", "usdt usdc tether btc bitcoin eth ether ethereum bnb "
        "trx sol crypto", "address wallet", negatable=True, label="crypto sent first",
    ),
    _rule(
        "fee_requested", 1.0,
        r"(?:buy|purchase|get|send|pay (?:with|in|via))\s+(?:us\s+|me\s+)?(?:a\s+|an\s+|some\s+|"
        r"\d+\s+)?(?:\$?\d+\s+)?(?:(?:google play|itunes|apple|steam|amazon|ebay|vanilla|visa|"
        r"razer gold|xbox|playstation|psn)\s+)?gift\s*cards?\b",
        "gift giftcard giftcards", "buy purchase get send pay",
        negatable=True, label="gift cards",
    ),
    # Spanish
    _rule(
        "fee_requested", 1.0,
        r"(?:pagar|pague|paga|abonar|abone|transferir|transfiera|depositar|deposite)(?:nos|me)?\s+"
        r"(?:\w+\s+){0,3}?(?:tarifa|cuota|tasa|comisi[oó]n|gastos|costo|coste|importe)\s+de\s+"
        r"(?:registro|inscripci[oó]n|env[ií]o|procesamiento|activaci[oó]n|verificaci[oó]n|"
        r"membres[ií]a|alta|tramitaci[oó]n|gesti[oó]n|aduana)"
        r"|dep[oó]sito\s+(?:reembolsable|de garant[ií]a)"
        r"|(?:pagar|pague|paga|abonar|abone)(?:nos|me)?\s+(?:\w+\s+){0,2}?(?:un\s+)?dep[oó]sito"
        r"|compr(?:ar|e|a)\s+(?:el|este|nuestro)\s+producto\s+(?:\w+\s+){0,3}?"
        r"(?:primero|por adelantado|con tu dinero|y (?:te|le|se lo) (?:reembols|devolv))",
        "pagar pague paga pagarnos páguenos abonar abone transferir transfiera depositar deposite "
        "depósito deposito comprar compre compra",
        negatable=True, label="pago solicitado",
    ),
    _rule(
        "fee_requested", 0.6,
        r"(?:tarifa|cuota|tasa)\s+de\s+(?:registro|inscripci[oó]n|activaci[oó]n|"
        r"verificaci[oó]n|alta)\b",
        "tarifa cuota tasa", negatable=True, label="tarifa",
    ),
    # French
    _rule(
        "fee_requested", 1.0,
        r"(?:payer|payez|r[ée]gler|r[ée]glez|verser|versez|virer|virez|avancer|avancez)\s+"
        r"(?:\w+\s+){0,3}?frais\s+(?:de\s+|d['’]\s?)(?:inscription|envoi|port|livraison|dossier|"
        r"traitement|activation|v[ée]rification|adh[ée]sion|douane|gestion)"
        r"|(?:d[ée]p[oô]t|caution)\s+(?:remboursable|de garantie)"
        r"|achet(?:er|ez)\s+(?:le|ce|notre)\s+produit\s+(?:\w+\s+){0,3}?(?:d['’]abord|en avance|"
        r"vous-m[êe]me|et (?:nous )?(?:vous )?(?:le )?rembours)",
        "payer payez régler réglez regler reglez verser versez virer virez avancer avancez dépôt "
        "depot caution acheter achetez",
        negatable=True, label="paiement demandé",
    ),
    _rule(
        "fee_requested", 0.6,
        r"frais\s+d['’]\s?(?:inscription|adh[ée]sion|activation)\b",
        "frais", negatable=True, label="frais",
    ),
    # German
    _rule(
        "fee_requested", 1.0,
        r"(?:anmelde|registrierungs|bearbeitungs|aktivierungs|verifizierungs|mitglieds|"
        r"einschreibe|versand|liefer|porto|service|freischaltungs)(?:geb[üu]hr|kosten)\w*\W+"
        r"(?:[\w€$.,]+\W+){0,6}?(?:zahlen|bezahlen|[üu]berweisen|begleichen|entrichten|"
        r"vorstrecken)"
        r"|(?:zahlen|bezahlen|[üu]berweisen|begleichen|entrichten|zahle|bezahle|[üu]berweise|"
        r"begleiche|zahlst|bezahlst)\W+(?:[\w€$.,]+\W+){0,6}?"
        r"(?:anmelde|registrierungs|bearbeitungs|aktivierungs|verifizierungs|mitglieds|"
        r"einschreibe|versand|liefer|porto|freischaltungs)(?:geb[üu]hr|kosten)"
        r"|r[üu]ckzahlbare\s+kaution|kaution\s+(?:\w+\s+){0,2}?(?:zahlen|[üu]berweisen|"
        r"hinterlegen)"
        r"|kauf(?:e|en sie|)\s+(?:das|dieses|unser)\s+produkt\s+(?:\w+\s+){0,3}?"
        r"(?:zuerst|vorab|selbst|und wir erstatten)",
        "zahlen bezahlen überweisen uberweisen begleichen entrichten vorstrecken kaution "
        "rückzahlbare kaufe kaufen kauf zahle bezahle überweise begleiche zahlst bezahlst",
        negatable=True, label="Zahlung verlangt",
    ),
    _rule(
        "fee_requested", 0.6,
        r"(?:anmelde|registrierungs|aktivierungs|verifizierungs|einschreibe|freischaltungs)"
        r"geb[üu]hr\w*",
        negatable=True, label="Gebühr", substr="gebühr",
    ),
    # Portuguese
    _rule(
        "fee_requested", 1.0,
        r"(?:pagar|pague|paga|transferir|transfira|depositar|deposite)\s+(?:\w+\s+){0,3}?"
        r"(?:taxa|tarifa|custo)\s+de\s+(?:inscri[çc][ãa]o|registro|cadastro|envio|"
        r"processamento|ativa[çc][ãa]o|verifica[çc][ãa]o|ades[ãa]o|libera[çc][ãa]o)"
        r"|(?:pagar|pague|paga)\s+(?:o\s+)?frete"
        r"|dep[óo]sito\s+(?:reembols[áa]vel|cau[çc][ãa]o)"
        r"|compr(?:ar|e)\s+(?:o|este|nosso)\s+produto\s+(?:\w+\s+){0,3}?"
        r"(?:primeiro|antes|adiantado|e (?:n[óo]s )?(?:te |lhe |a gente )?(?:reembols|devolv))",
        "pagar pague paga transferir transfira depositar deposite depósito deposito comprar "
        "compre",
        negatable=True, label="pagamento solicitado",
    ),
    _rule(
        "fee_requested", 0.6,
        r"taxa\s+de\s+(?:inscri[çc][ãa]o|cadastro|ativa[çc][ãa]o|ades[ãa]o|libera[çc][ãa]o)",
        "taxa", negatable=True, label="taxa",
    ),
)  # fmt: skip

_URGENCY_RULES = (
    _rule(
        "urgency", 0.3,
        r"(?:within|in the next|in|before|expires? in)\s+(?:the\s+next\s+)?(?:24|48|12|6|2|1|"
        r"one|two|six|twelve|twenty-four)\s*(?:hours?|hrs?|h)\b",
        "within in before expire expires", "hours hour hrs hr h 24h 48h 12h 6h 2h 1h",
        label="pressure",
    ),
    _rule(
        "urgency", 0.3,
        r"urgent(?:ly)?\b|asap\b|dringend\b|urgente\b|as soon as possible\b",
        "urgent urgently asap dringend urgente soon", negatable=True, label="pressure",
    ),
    _rule(
        "urgency", 0.3,
        r"act (?:now|fast|quickly)\b|limited (?:spots?|slots?|places|seats?)\b"
        r"|only \d+ (?:spots?|slots?|places|seats?) (?:left|remaining)\b",
        "act limited spots spot slots slot places seats", label="pressure",
    ),
    _rule(
        "urgency", 0.3,
        r"(?:respond|reply|sign|confirm|accept)\s+(?:\w+\s+){0,2}?(?:immediately|right away|"
        r"asap|now)\b|sign (?:it |the contract |this )?today\b",
        "respond reply sign confirm accept", "immediately right asap now today",
        label="pressure",
    ),
    _rule(
        "urgency", 0.3,
        r"(?:offer|deal|invitation|opportunity)\s+(?:\w+\s+){0,2}?(?:expires?|ends?|closes?)\s+"
        r"(?:today|tonight|soon|in\s+\d+|within)"
        r"|or (?:the|this) (?:offer|deal|opportunity) (?:will )?(?:be )?(?:expires?|withdrawn|"
        r"cancell?ed|lost|goes)",
        "offer deal invitation opportunity", "expire expires end ends close closes or",
        label="pressure",
    ),
    _rule(
        "urgency", 0.3, r"last chance\b|final (?:notice|warning)\b",
        "chance notice warning", "last final", label="pressure",
    ),
    _rule(
        "urgency", 0.3,
        r"dans les 24 heures\b|innerhalb von 24 stunden\b|(?:en|nas?) (?:las )?pr[óo]ximas 24 horas"
        r"|em 24 horas\b|en 24 horas\b",
        "heures stunden horas", label="pressure",
    ),
)  # fmt: skip

_RUN_VERB = (
    r"(?:download|install|run|launch|execute|open|unzip|extract|unpack|descarga\w*|"
    r"instala\w*|t[ée]l[ée]charge\w*|installe\w*|lade|laden|installier\w*|baix\w*)"
)
_RUN_WORDS = (
    "download install run launch execute open unzip extract unpack descarga descargar "
    "descargue instala instalar instale télécharger téléchargez telecharger installer "
    "installez lade laden installieren baixar baixe"
)
_MESSENGERS = "telegram whatsapp whats wechat signal kik viber tg wa"
_SCAM_TEXT_RULES = (
    *_FEE_RULES,
    *_URGENCY_RULES,
    _rule(
        "seed_phrase_request", 1.0,
        r"(?:send|share|enter|provide|give|type|paste|submit|confirm|verify|import|sync)\s+"
        r"(?:us\s+|me\s+)?(?:your\s+|the\s+)?(?:wallet'?s?\s+)?(?:(?:seed|recovery|secret|"
        r"mnemonic|backup)\s+(?:phrase|words?|key)|private\s+keys?|12[- ]word|24[- ]word)",
        "send share enter provide give type paste submit confirm verify import sync",
        "seed recovery secret mnemonic backup private 12 24",
        negatable=True, label="wallet secret requested",
    ),
    _rule(
        "crypto_payment", 0.4,
        r"(?:pay|paid|payment|send|transfer|deposit|wallet)\b[^.\n]{0,40}?\b(?:bitcoin|btc|"
        r"usdt|tether|ethereum|usdc|trc-?20|erc-?20|bep-?20|bnb|crypto(?:currency)?)\b"
        r"|(?:bitcoin|btc|usdt|tether|ethereum|eth|usdc|trc-?20|erc-?20)\s+(?:wallet\s+)?"
        r"(?:address|wallet)\b|0x[a-f0-9]{40}\b|bc1[a-z0-9]{25,60}\b",
        "bitcoin btc usdt tether ethereum eth usdc trc trc20 erc erc20 bep20 bnb crypto "
        "cryptocurrency wallet",
        label="crypto payment",
    ),
    _rule(
        "login_to_accept", 1.0,
        r"(?:enter|provide|send|share|confirm|type|give|submit|tell)\s+(?:us\s+|me\s+)?"
        r"(?:your\s+(?:account\s+|login\s+|google\s+|youtube\s+|instagram\s+|email\s+)?"
        r"(?:password|passcode|credentials|login details|login info(?:rmation)?)"
        r"|(?:your|the)\s+(?:\d[- ]digit\s+)?(?:2fa|two[- ]factor|verification|security|sign[- ]in|"
        r"login|backup|recovery|one[- ]time|otp)\s+(?:code|codes|password|pin))\b",
        "enter provide send share confirm type give submit tell",
        "password passcode credentials login code codes pin details information info",
        negatable=True, label="credentials requested",
    ),
    _rule(
        "login_to_accept", 1.0,
        r"(?:fill\s+in|enter|provide|send|share|submit|type|give|confirm|update)\s+(?:us\s+|me\s+)?"
        r"(?:with\s+)?your\s+(?:[\w-]+\s+){0,3}?(?:username|user\s+name|user\s+id|login|password|"
        r"passcode|pin|credentials)\s+(?:and|&|/)\s+(?:your\s+)?(?:password|passcode|pin|"
        r"credentials)\b",
        "fill enter provide send share submit type give confirm update",
        "username user login password passcode pin credentials",
        negatable=True, label="credentials requested",
    ),
    _rule(
        "login_to_accept", 0.6,
        r"verify\s+(?:your\s+)?(?:youtube\s+|instagram\s+|tiktok\s+|twitch\s+|creator\s+)?"
        r"(?:channel|account|identity)\b"
        r"|authori[sz]e\s+(?:our\s+|the\s+)?(?:app|application|access)\b"
        r"|grant\s+(?:us\s+)?(?:\w+\s+)?access\s+to\s+your\s+(?:channel|account|youtube|"
        r"instagram|google|tiktok)"
        r"|add\s+(?:us|me|our\s+\w+)\s+as\s+(?:a\s+|an\s+)?(?:channel\s+)?(?:manager|owner|"
        r"admin|editor)",
        "verify authorize authorise grant add",
        "channel account identity app application access manager owner admin editor",
        negatable=True, label="account access",
    ),
    _rule(
        "download_build", 0.6,
        rf"{_RUN_VERB}\s+(?:and\s+(?:install|run|launch|open|test)\s+)?(?:\w+\s+){{0,4}}?"
        r"(?:build|client|launcher|installer|setup(?:\s+file)?|beta(?:\s+build)?|"
        r"demo(?:\s+version|\s+build)|early\s+access\s+(?:build|version)|\.exe|exe\s+file|apk|"
        r"installation\s+file|cliente|instalador|lanceur|installateur|testversion)\b",
        _RUN_WORDS,
        "build client launcher installer setup beta demo exe apk installation cliente instalador "
        "lanceur installateur testversion",
        label="asks to run software",
        anchor="build client launcher installer setup beta demo exe apk installation cliente "
        "instalador lanceur installateur testversion",
        back=110, ahead=30,
    ),
    _rule(
        "download_build", 0.6,
        rf"{_RUN_VERB}\s+(?:and\s+(?:install|run|launch|open|test)\s+)?(?:\w+\s+){{0,4}}?"
        r"(?:game\s+files?|test\s+version|beta\s+version|versi[óo]n\s+de\s+prueba|"
        r"version\s+(?:test|b[êe]ta)|vers[ãa]o\s+de\s+teste)\b",
        _RUN_WORDS, "game test beta prueba teste", "files file version versión versão",
        label="asks to run software",
    ),
    _rule(
        "download_build", 0.6,
        r"run\s+the\s+(?:installer|setup|exe|program|file|application|game)\b",
        "run", "installer setup exe program file application game", label="asks to run software",
    ),
    # An archive with its password in the mail: what gets malware past mail scanners; a
    # brand's press kit is a link or a PDF, not a locked archive.
    _rule(
        "download_build", 1.0,
        r"\.(?:zip|rar|7z)\b[\s\S]{0,160}?(?:password|passwort|kennwort|senha|contraseña|"
        r"mot de passe|wachtwoord|hasło|haslo|şifre|sifre|kata sandi|lösenord|パスワード)"
        r"|(?:password|passwort|kennwort|senha|contraseña|mot de passe|wachtwoord|hasło|şifre|"
        r"kata sandi|lösenord|パスワード)[\s\S]{0,80}?\.(?:zip|rar|7z)\b",
        "zip rar 7z", label="locked archive",
    ),
    # A program file named in the mail ("Contrato_Assinatura.exe", "brief.scr"), in any
    # language: a sponsor sends a contract to sign, never a program to run.
    _rule(
        "download_build", 1.0,
        r"[\w-]{1,80}\.(?:exe|scr|bat|cmd|msi|apk|jar|vbs|ps1)\b",
        "exe scr bat cmd msi apk jar vbs ps1", label="names a program file",
    ),
    _rule(
        "download_build", 1.0,
        r"(?:turn off|disable|deactivate|pause|whitelist|allow .{0,20} in)\s+(?:your\s+)?"
        r"(?:antivirus|anti-virus|windows defender|defender|smartscreen|firewall|av)\b"
        r"|(?:antivirus|defender|smartscreen)\s+(?:may|might|will)\s+(?:flag|block|warn)",
        "antivirus anti defender smartscreen firewall av", label="disable antivirus",
    ),
    _rule(
        "messenger_contact", 0.5,
        r"(?:only|exclusively|solely)\s+(?:\w+\s+){0,2}?(?:on|via|through|over)\s+"
        r"(?:telegram|whats\s?app|signal|wechat|kik|viber)\b",
        "only exclusively solely", _MESSENGERS, label="off-platform only",
    ),
    _rule(
        "messenger_contact", 0.3,
        r"(?:contact|reach|message|text|add|write|dm|ping|hit|chat with|talk to)\s+(?:me|us)\s+"
        r"(?:\w+\s+){0,2}?(?:on|via|through|at|over)\s+(?:telegram|whats\s?app|signal|wechat|"
        r"kik|viber|line app)\b"
        r"|(?:telegram|whats\s?app|wechat|tg|wa)\s*(?::|@|id:|number:|\(|\s)\s*[@+]\s?\w",
        _MESSENGERS, label="messenger contact",
    ),
)  # fmt: skip

_PLATFORM_LOGIN = _rule(
    "login_to_accept", 1.0,
    r"(?:log\s?in|sign\s?in|login|connect|link|verify|authori[sz]e|authenticate|confirm|"
    r"access)\b(?:\s+\w+){0,3}?\s+(?:with\s+|using\s+|via\s+|to\s+|through\s+)?(?:your\s+)?"
    r"(?P<platform>google|gmail|youtube|instagram|ig|facebook|meta|tiktok|twitch|twitter|apple|"
    r"microsoft|outlook|steam|discord|paypal)\s+(?:account|channel|login|credentials|profile|id|"
    r"business account|studio)\b",
    "log login sign signin connect link verify authorize authorise authenticate confirm access",
    "google gmail youtube instagram ig facebook meta tiktok twitch twitter apple microsoft "
    "outlook steam discord paypal",
    "account channel login credentials profile id studio",
)  # fmt: skip
_GENERIC_LOGIN = _rule(
    "login_to_accept",
    0.6,
    r"(?:log\s?in|sign\s?in|login|log on|sign on)\b",
    "log login sign signin logon",
    "in login signin on",
)
_PURPOSE_WORDS = _word_set(
    "contract offer agreement brief deal proposal document documents invoice payment payout "
    "sponsorship partnership campaign reward funds collab collaboration participation prize "
    "gift earnings commission spot invitation invite"
)
_PURPOSE = re.compile(
    r"(?:accept|view|sign|access|see|open|download|review|read|claim|receive|unlock|confirm|"
    r"activate|get)\s+(?:the\s+|our\s+|this\s+|your\s+|a\s+)?(?:\w+\s+)?(?:contract|offer|"
    r"agreement|brief|deal|proposal|document|documents|invoice|payment|payout|sponsorship|"
    r"partnership|campaign|collab\w*|reward|funds|participation|prize|gift|earnings|commission|"
    r"spot|invitation|invite)\b"
)
_DOWNLOAD_WORDS = _word_set(
    "download downloading descarga descargar descargue télécharger téléchargez telecharger "
    "herunterladen baixar baixe install installer unzip extract unpack"
)
_PASSWORD_WORDS = _word_set(
    "password passcode passwd pass pwd pw contraseña clave mdp passwort kennwort senha пароль passe"
)
_PASSWORD = re.compile(
    r"(?:password|passcode|passwd|pass|pwd|pw|contrase[ñn]a|clave|mot de passe|mdp|passwort|"
    r"kennwort|senha|пароль|密码)"
    r"(?:(?:\s+[^\s:=]{1,20}){0,3}?\s*[:=]|\s+(?:is|es|est|ist|é|lautet)|\s*[-–])"
    r"\s*[\"'«“‘]?([^\s\"'»”’,;]{3,32})"
)
_ARCHIVE_CONTEXT = re.compile(
    r"\b(?:archive|zip|rar|7z|file|files|attachment|attached|document|extract|unzip|open|"
    r"download|folder|build)\b"
)
_ABSURD_ENGAGEMENT = re.compile(
    r"\s*(?:per|for (?:each|every)|/|a|each|for a single|for one|for 1)\s*(?:single\s+)?"
    r"(?:like|view|follow(?:er)?|comment|share|click|retweet|repost|heart|save|subscriber|"
    r"reaction)s?\b"
)
_TRIVIAL = (
    r"(?:a|one|1|single|each|per)\s+(?:single\s+)?(?:(?:\d{1,2}[- ]?(?:second|sec|s)|quick|short|"
    r"simple|tiny)[ \t]+)?(?:instagram\s+|ig\s+|tiktok\s+|twitter\s+|x\s+|facebook\s+)?"
    r"(?:story|stories|like|comment|follow|share|retweet|repost|tweet|emoji|reaction|"
    r"shout-?out|mention)\b"
)
#: Money bound to a trivial unit: "$50,000 for ONE 10-second story", "one story for $5,000".
_TRIVIAL_AFTER = re.compile(
    r"\s*(?:usd|us dollars|dollars|eur|euros|gbp)?\s*(?:\(|,)?\s*(?:for|per|to post|for posting)\s+"
    r"(?:just\s+|only\s+)?" + _TRIVIAL
)
_TRIVIAL_BEFORE = re.compile(_TRIVIAL + r"\s+(?:for|=|pays?|gets?\s+you)\s*$")
#: Real work next to the trivial unit ("one story and two reels") makes the pay plausible.
_REAL_WORK = re.compile(
    r"\b(?:videos?|reels?|posts?|streams?|integrations?|episodes?|tiktoks?|shorts|campaign|"
    r"series|month|months|year|ambassador)\b"
)
_EASY_MONEY = _rule(
    "absurd_pay", 0.6,
    r"(?:earn|make|get paid|receive|paid)\s+(?:up to\s+|over\s+|at least\s+)?" + _MONEY_RX
    + r"\s*(?:/|per|a|every|each)\s*(?:day|hour|week|daily|hr)\b",
    "earn make paid receive", "day hour week daily hr", label="easy money",
)  # fmt: skip
# Money and data that flow the wrong way: an offer that needs the creator's wallet, bank
# details, ID or inbox, or money sent back out of an overpaid cheque.
_BANK_DATA = (
    r"(?:bank(?:ing)?\s+(?:account(?:\s+(?:number|details|info(?:rmation)?))?|details|info(?:rmation)?"
    r"|data|login)|iban|routing\s+(?:number|no)|account\s+number|sort\s+code|swift(?:\s+code)?"
    r"|bankverbindung|kontodaten|bankdaten|datos\s+bancarios|cuenta\s+bancaria"
    r"|coordonn[ée]es\s+bancaires|rib|dados\s+banc[áa]rios|conta\s+banc[áa]ria|coordinate\s+bancarie)"
)
_ID_DATA = (
    r"(?:(?:photo|picture|scan|copy|image|selfie)\s+(?:of|with)\s+(?:your\s+)?(?:government\s+)?"
    r"(?:id|id\s+card|passport|driver'?s\s+licen[cs]e|identity\s+card)|social\s+security\s+number"
    r"|ssn|national\s+insurance\s+number|(?:credit|debit)\s+card\s+(?:number|details)|cvv|cvc"
    r"|card\s+pin|online\s+banking\s+password|ausweis(?:kopie|foto)|personalausweis|reisepass"
    r"|foto\s+de\s+tu\s+(?:dni|pasaporte)|pi[èe]ce\s+d['’]identit[ée])"
)
#: What scams say bank data is for ("to claim your spot", "to release the first payment");
#: a brand paying an invoice says "so we can pay you", which is not here.
_PURPOSE_TO_GET = (
    r"(?:to|in\s+order\s+to|so\s+(?:that\s+)?(?:we|you)\s+can)\s+(?:claim|release|secure|unlock|"
    r"confirm|activate|verify|reserve)\s+(?:your\s+|the\s+|this\s+)?(?:\w+\s+)?"
    r"(?:spot|place|payment|payout|prize|reward|funds|money|offer|deal|advance|slot|"
    r"sponsorship|earnings|commission|gift|account|participation|selection|identity)"
)
_PRIVATE_DATA_RULES = (
    _rule(
        "personal_data_request", 1.0,
        rf"{_BANK_DATA}\b[^.!?\n]{{0,60}}?\b{_PURPOSE_TO_GET}\b"
        rf"|{_PURPOSE_TO_GET}\b[^.!?\n]{{0,80}}?\b{_BANK_DATA}\b",
        "bank banking iban routing account sort swift bankverbindung kontodaten bankdaten "
        "bancarios bancaria bancaires rib bancários bancarias bancarie",
        "claim release secure unlock confirm activate verify reserve",
        label="bank details to get paid",
    ),
    _rule(
        "personal_data_request", 1.0, _ID_DATA,
        "photo picture scan copy image selfie social ssn national credit debit cvv cvc card "
        "online ausweiskopie ausweisfoto personalausweis reisepass foto pièce piece",
        negatable=True, label="identity or card data",
    ),
    _rule(
        "personal_data_request", 0.3,
        rf"(?:send|provide|share|submit|give|enter|confirm|fill\s+in|complete|need|collect)\s+"
        rf"(?:us\s+|me\s+)?(?:with\s+)?(?:your\s+|the\s+)?(?:[\w,]+\s+){{0,6}}?{_BANK_DATA}\b",
        "bank banking iban routing account sort swift bankverbindung kontodaten bankdaten "
        "bancarios bancaria bancaires rib bancários bancarias bancarie",
        negatable=True, label="bank details",
    ),
    # Someone asks for the inbox itself: no brand ever needs other people's mail.
    _rule(
        "data_theft", 1.0,
        # "forward the three most recent signed contracts in this mailbox to ...": whatever
        # the mailbox holds (mail, contracts, invoices, attachments), it is not the sender's
        r"(?:forward|send|export|share|copy|dump|give|attach|upload)\s+(?:me\s+|us\s+)?"
        r"(?:all\s+|the\s+|every\s+|any\s+)?(?:of\s+the\s+)?(?:[\w-]+\s+){0,4}?"
        r"(?:(?:emails?|e-mails?|messages|mails|conversations|threads|contacts)\b[^.!?\n]{0,40}?"
        r"\b(?:in|from|of)\s+(?:this|the|your|her|his|their|the\s+creator'?s)\s+(?:inbox|mailbox|"
        r"account|e-?mail\s+account)"
        r"|(?:contracts|agreements|invoices|attachments|documents|files|pdfs)\b[^.!?\n]{0,40}?"
        r"\b(?:in|from|of)\s+(?:this|the|your|her|his|their|the\s+creator'?s)\s+(?:inbox|"
        r"mailbox|e-?mail\s+account))"
        r"|(?:leite|sende|schicke)\s+[^.!?\n]{0,40}?\be-?mails\s+[^.!?\n]{0,40}?(?:postfach|posteingang)"
        r"|(?:reenv[ií]a|env[ií]a)\s+[^.!?\n]{0,40}?\bcorreos\s+[^.!?\n]{0,40}?bandeja"
        r"|(?:transf[ée]re|envoie)\s+[^.!?\n]{0,40}?\be-?mails\s+[^.!?\n]{0,40}?bo[îi]te",
        "forward send export share copy dump give attach upload leite sende schicke reenvía "
        "reenvia envía envia transfère transfere envoie",
        "inbox mailbox account postfach posteingang bandeja boîte boite",
        label="asks for the inbox",
    ),
    # Private data asked for in the answer ("reply with Maya's home address"): weak alone, a
    # theft when it is somebody else's (see _THIRD_PARTY).
    _rule(
        "personal_data_request", 0.3,
        r"(?:reply|respond|answer|antworte|antworten|responde|r[ée]ponds|responda|rispondi)\s+"
        r"(?:to\s+this\s+(?:e-?mail|message)\s+|directly\s+)?(?:with|mit|con|avec|com)\s+"
        r"[^.!?\n]{0,100}?\b(?:iban|bank\w*|tax\s+(?:id|number)|steuernummer|steuer-id|"
        r"privatadresse|home\s+address|phone\s+number|telefonnummer|passport|social\s+security|"
        r"direcci[óo]n\s+(?:personal|particular)|adresse\s+personnelle|password|passwort|"
        r"contraseña|minimum\s+(?:acceptable\s+)?(?:budget|rate|price|fee)|lowest\s+"
        r"(?:acceptable\s+)?(?:rate|price|fee)|rate\s+floor)\b",
        "reply respond answer antworte antworten responde réponds reponds responda rispondi",
        "iban bank banking banküberweisung tax steuernummer steuer privatadresse home phone "
        "telefonnummer passport social dirección direccion adresse password passwort contraseña "
        "minimum lowest floor",
        label="asks for private data",
    ),
)  # fmt: skip
_THIRD_PARTY = re.compile(
    r"\b(?:the\s+creator|the\s+influencer|the\s+user|the\s+account\s+owner|des\s+creators|"
    r"der\s+creatorin|des\s+influencers|del\s+creador|de\s+la\s+creadora|du\s+cr[ée]ateur|"
    r"de\s+la\s+cr[ée]atrice|do\s+criador|da\s+criadora|del\s+creatore)\b"
    r"|\b(?!(?:brand|company|our|agency|client|team|shop|store|warehouse|courier|it)['’]s)"
    r"[a-z]+['’]s\s+"
    r"(?:complete\s+|full\s+|private\s+|personal\s+)?(?:rate|iban|bank|home|phone|tax|address|"
    r"passport|minimum|lowest)"
)
_PRIVATE_WORD = re.compile(
    r"\b(?:iban|bank\w*|kontodaten|tax\s+(?:id|number)|steuernummer|steuer-id|privatadresse"
    r"|home\s+address|phone\s+number|telefonnummer|passport|social\s+security|password|passwort"
    r"|contraseña|direcci[óo]n\s+(?:personal|particular)|adresse\s+personnelle"
    r"|minimum\s+(?:acceptable\s+)?(?:budget|rate|price|fee)|lowest\s+(?:acceptable\s+)?"
    r"(?:rate|price|fee)|rate\s+floor)\b"
)
_SENTENCE_SPLIT = re.compile(r"[.!?\n]+\s")
_CRYPTO_RULES = (
    _rule(
        "wallet_connect", 1.0,
        r"(?:connect|link|sync|import|verify)\s+(?:your\s+)?(?:crypto\s+|web3\s+|metamask\s+|"
        r"trust\s+|phantom\s+|ledger\s+|coinbase\s+)?wallet\b[^.!?\n]{0,60}?\b(?:to|and|for)\s+"
        r"(?:\w+\s+){0,2}?(?:receive|claim|get|collect|unlock|release|accept|verify)",
        "connect link sync import verify", "wallet", label="wallet connection to get paid",
    ),
    _rule(
        "wallet_connect", 0.6,
        r"(?:connect|link)\s+(?:your\s+)?(?:crypto\s+|web3\s+|metamask\s+|trust\s+|phantom\s+)?"
        r"wallet\b|sign\s+(?:the|a|this)\s+(?:transaction|message)\s+(?:in|with|from)\s+your\s+wallet",
        "connect link sign", "wallet", label="wallet connection",
    ),
    _rule(
        "crypto_promotion", 0.6,
        r"(?:token|coin)\s+(?:presale|pre-sale|ico|ido|airdrop|launch)\b|\bpresale\b|\bpre-sale\b"
        r"|\bmeme\s?coins?\b|\b(?:100|1000)x\s+(?:gains?|returns?|potential|gem)\b|\bico\b"
        r"|\b(?:token|crypto|nft|free)\s+airdrop\b|\bairdrop\s+(?:campaign|tokens?|rewards?)\b",
        "token coin presale pre sale memecoin meme coins 100x 1000x ico airdrop",
        label="token promotion",
    ),
)  # fmt: skip
_OVERPAYMENT_RULES = (
    _rule(
        "overpayment", 1.0,
        r"(?:deposit|cash|mobile\s+deposit)\s+(?:the|this|my|our|that)\s+(?:check|cheque)\b"
        r"[^!?\n]{0,160}?\b(?:send|transfer|wire|forward|refund|return|pay|zelle|venmo|cash\s?app)\b"
        r"|(?:send|transfer|wire|forward|return|refund)\s+(?:back\s+)?(?:the\s+)?(?:remaining|"
        r"difference|excess|extra|rest|balance|overpaid|surplus|\$\s?[\d,.]+|€\s?[\d,.]+|£\s?[\d,.]+)"
        r"\s+(?:(?!to\s+you\b)\w+\s+){0,4}?(?:to|via|by|through)\s+(?:(?:our|the|my|his|her|their)"
        r"\s+(?:\w+\s+)?(?:agent|designer|shipper|vendor|supplier|courier|logistics|manager|assistant|"
        r"photographer|contractor|partner|colleague|account)|zelle|venmo|cash\s?app|western\s+union"
        r"|moneygram|bitcoin|gift\s+cards?)\b",
        "check cheque", "send transfer wire forward refund return pay zelle venmo cashapp cash",
        negatable=True, label="overpayment",
    ),
)  # fmt: skip

#: The stock phrases of advance-fee fraud (inheritance, lottery, stranded funds): one may be
#: chance, two are the story.
_ADVANCE_FEE = re.compile(
    r"\b(?:next\s+of\s+kin|deceased\s+(?:client|customer|husband|wife|father|mother|investor|"
    r"partner)|unclaimed\s+(?:funds|inheritance|fortune|deposit|consignment)|inheritance\s+funds?"
    r"|transfer\s+(?:of\s+)?(?:the|these|this|said)\s+(?:funds?|sum)|barrister|foreign\s+"
    r"(?:beneficiary|partner)|compensation\s+fund|consignment\s+box|diplomatic\s+(?:courier|bag)"
    r"|you\s+(?:have|'ve)\s+won|won\s+(?:the\s+)?(?:sum|lottery|jackpot|draw)|lottery\s+"
    r"(?:winner|prize|draw)|claim\s+(?:your|the)\s+(?:prize|winnings|lottery)|winning\s+"
    r"(?:number|notification)|(?:\d+|thirty|forty|fifty)\s?%\s+of\s+the\s+(?:total\s+)?(?:funds?|sum)"
    r"|secret\s+(?:deal|transaction)|strictest\s+confidence|risk[- ]free\s+transaction)"
)


def _advance_fee(t: _Text, found: dict[str, Signal]) -> None:
    """Inheritance, lottery and stranded-funds stories."""
    hits = {m.group(0) for m in _ADVANCE_FEE.finditer(t.lower)}
    if hits:
        weight = 1.0 if len(hits) >= 2 else 0.3
        first = sorted(hits)[0]
        _add(found, Signal("advance_fee_story", weight, f"advance-fee story: “{_snippet(first)}”"))


_MONEY = re.compile(
    r"(?:(?:[$€£]|us\$|usd|eur|gbp)\s?(?P<a1>\d{1,3}(?:[,.' ]\d{3})+|\d+)(?:[.,]\d{1,2})?"
    r"(?:\s?(?P<k1>k)\b)?)"
    r"|(?:(?P<a2>\d{1,3}(?:[,.' ]\d{3})+|\d+)(?:[.,]\d{1,2})?\s?(?P<k2>k)?\s?"
    r"(?:usd|eur|gbp|dollars?|euros?|bucks|\$|€|£))"
)
_CURRENCY_WORDS = _word_set("usd eur gbp dollar dollars euro euros bucks")


_MONEY_ANCHOR = re.compile(r"[$€£]|usd|eur|gbp|dollar|euro|bucks")


def _money_matches(lower: str) -> Iterator[re.Match[str]]:
    """Amounts of money, found only around currency symbols and words."""
    seen = -1
    for n, a in enumerate(_MONEY_ANCHOR.finditer(lower)):
        if n >= 64:
            break
        for m in _MONEY.finditer(lower, max(0, a.start() - 24), a.end() + 24):
            if m.start() > seen and _word_start(lower, m.start()):
                seen = m.start()
                yield m


def _amount(m: re.Match[str]) -> float:
    raw = m.group("a1") or m.group("a2") or "0"
    value = float(re.sub(r"[,.' ]", "", raw) or 0)
    if m.group("k1") or m.group("k2"):
        value *= 1000
    return value


def _absurd_pay(t: _Text, found: dict[str, Signal]) -> None:
    """Pay wildly out of line with the work (per like, thousands for a story, easy money)."""
    if t.words.isdisjoint(_CURRENCY_WORDS) and not any(c in t.text for c in "$€£"):
        return
    lower = t.lower
    for m in _money_matches(lower):
        value = _amount(m)
        if value >= 1 and _ABSURD_ENGAGEMENT.match(lower, m.end(), m.end() + 40):
            window = lower[m.start() : m.end() + 30]
            _add(found, Signal("absurd_pay", 0.6, f"pay per engagement: “{_snippet(window)}”"))
            return
        if value >= 3000:
            bound = _TRIVIAL_AFTER.match(lower, m.end(), m.end() + 60) or _TRIVIAL_BEFORE.search(
                lower, max(0, m.start() - 60), m.start()
            )
            window = lower[max(0, m.start() - 40) : m.end() + 60]
            clause = re.split(r"[.!?;\n]", lower[m.end() : m.end() + 80], maxsplit=1)[0]
            if bound is not None and not _REAL_WORK.search(clause):
                _add(
                    found,
                    Signal("absurd_pay", 0.6, f"large pay for trivial work: “{_snippet(window)}”"),
                )
                return
    _run_rules((_EASY_MONEY,), t, found)
