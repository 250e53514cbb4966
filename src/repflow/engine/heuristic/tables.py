"""Extraction tables: number words, product categories, webmail domains, agency words."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

from repflow.engine.heuristic.cue_base import _I, words
from repflow.engine.lang import languages

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
