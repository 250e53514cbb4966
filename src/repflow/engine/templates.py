"""Reply wording from templates: the heuristic engine's drafts, with no network and no model.

:func:`draft_from_templates` words a decision that code has already made. It only ever states
what the request carries: the brand, the deliverables, the budget (``request.terms``) and the
counter offer (``request.counter_offer``). It never writes a signature or a sign-off name (the
composer appends the creator's signature), never a URL, an e-mail address or a phone number,
and never a reason that would reveal the creator's floor or rate card.

Wording varies with the case: each part of a reply (greeting, opening, body, closing) has
three or more phrasings and the choice is a stable hash of ``request.variant_seed`` and the
part's name, so the same case always gets the same text while different cases read
differently.

Languages: ``ASK_INFO`` and ``DECLINE`` are written in English, Spanish, French, German,
Portuguese and Italian (``request.language``, e.g. ``"es"`` or ``"pt-BR"``). ``CONTINUE`` and
``NEGOTIATE`` commit the creator to terms and amounts, so they stay in English, which the
creator can review; any other language also falls back to English.

Amounts are formatted with Babel in ``en_US`` style (``$2,500``, ``€1,200.50``, ``CHF 3,000``):
no needless ``.00``, never rounded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from repflow.domain.models import DealTerms, Decision, Deliverable, DeliverableKind, PartnershipType
from repflow.engine.port import Draft, DraftRequest
from repflow.engine.reading.money import find_money
from repflow.pipeline.draft_check import quotable

__all__ = ["SUPPORTED_LANGUAGES", "draft_from_templates", "format_amount"]

#: Languages with their own ASK_INFO and DECLINE templates.
SUPPORTED_LANGUAGES = ("en", "es", "fr", "de", "pt", "it")

# -- safety of values taken from the email ----------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_UNSAFE_VALUE = re.compile(
    r"(?i)https?:|www\.|@|[\w-]+\.(?:com|net|org|io|co|me|ly|gg|tv|app|shop|store)\b"
    r"|\d[\d ()./-]{5,}\d|[$€£¥₹]|\b(?:usd|eur|gbp|cad|aud|chf|jpy|inr|brl|mxn)\b"
)
_NAME_SUFFIX = re.compile(r"\s+(?:from|at|via|of|@|\||-|–|—)\s+|\s*[(\[|/]", re.IGNORECASE)
_HUMAN_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*\.?$")
_TITLES = frozenset({"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "madam"})
_NOT_A_PERSON = frozenset(
    {
        "team", "teams", "partnerships", "partnership", "partner", "partners", "marketing",
        "info", "support", "hello", "hi", "admin", "brand", "brands", "collab", "collabs",
        "collaborations", "sales", "media", "pr", "press", "agency", "influencer",
        "influencers", "creator", "creators", "talent", "no-reply", "noreply", "office",
        "contact", "group", "inc", "llc", "ltd", "gmbh", "co", "corp", "corporation", "labs",
        "company", "studio", "studios", "digital", "games", "shop", "store", "global",
        "official", "newsletter", "notifications", "the", "via", "from", "campaigns",
        "campaign", "outreach", "social", "growth", "hq", "service", "services", "customer",
    }
)  # fmt: skip


def _clean(value: str | None, *, limit: int = 60, numbers: bool = False) -> str:
    """A value from the email that may be quoted back, or ``""`` when it may not.

    It must fit on one line within ``limit`` characters and carry no link, address, phone
    number, currency or anything :func:`find_money` reads as an amount, nor anything else the
    draft check refuses in any reply (:func:`~repflow.pipeline.draft_check.quotable`: markup,
    placeholders, acceptance wording, talk of a floor ...). Unless ``numbers`` is
    set it may not carry a number of two or more digits either: a brand such as "Acme 500"
    quoted after a money word ("thanks for the offer from Acme 500") would read as an amount.
    """
    if not value:
        return ""
    text = " ".join(_CONTROL.sub(" ", value).split())
    if not text or len(text) > limit or _UNSAFE_VALUE.search(text):
        return ""
    if (not numbers and re.search(r"\d\d", text)) or find_money(text) or not quotable(text):
        return ""
    return text


def first_name(name: str, brand: str) -> str:
    """The first name of a plausible human display name, else ``""``."""
    # "Sarah from Acme", "Sarah | Acme", "Sarah (Acme)" -> "Sarah"
    head = _NAME_SUFFIX.split(name.replace('"', " "), maxsplit=1)[0]
    cleaned = _clean(head.replace(",", " "), limit=60)
    words = cleaned.split()
    while words and words[0].rstrip(".").lower() in _TITLES:
        words = words[1:]
    if not words or len(words) > 4:
        return ""
    if any(w.lower().strip(".") in _NOT_A_PERSON for w in words):
        return ""
    if brand and any(w.lower() == brand.lower() for w in [*words, cleaned]):
        return ""
    first = words[0]
    if not _HUMAN_WORD.match(first) or first.endswith(".") or not 2 <= len(first) <= 20:
        return ""
    if first.isupper() and len(first) > 1 and not (len(words) > 1 and cleaned.isupper()):
        return ""  # "ACME Partners", "HQ": a company, not a person
    if first.islower() or first.isupper():
        first = "-".join(part[:1].upper() + part[1:].lower() for part in first.split("-"))
    return first


# -- variation --------------------------------------------------------------------------------


def _pick(options: Sequence[str], seed: str, part: str) -> str:
    """One of ``options``, chosen by a stable hash of the seed and the part name."""
    digest = hashlib.sha256(f"{seed}\x1f{part}".encode()).digest()
    return options[int.from_bytes(digest[:8], "big") % len(options)]


# -- numbers ----------------------------------------------------------------------------------


def format_amount(amount: Decimal, currency: str | None) -> str:
    """An amount as en_US text, exact, without needless ``.00``.

    Args:
        amount: the amount (never rounded: ``12500.5`` stays ``12,500.50``).
        currency: ISO 4217 code; None formats the bare number.

    Returns:
        e.g. ``$2,500``, ``€1,200.50``, ``CHF 3,000``, ``2,500``.
    """
    integral = amount == amount.to_integral_value()
    if not currency:
        return format_decimal(
            amount, format="#,##0" if integral else "#,##0.00####", locale="en_US"
        )
    text = format_currency(
        amount,
        currency,
        format="¤#,##0" if integral else "¤#,##0.00####",
        currency_digits=False,
        locale="en_US",
    )
    return re.sub(r"^([A-Z]{2,})(?=\d)", r"\1 ", text)  # "CHF3,000" -> "CHF 3,000"


def _budget(terms: DealTerms) -> str:
    low, high = terms.budget_min, terms.budget_max
    if low is None and high is None:
        return ""
    if low is not None and high is not None and low != high:
        text = f"{format_amount(low, terms.currency)}–{format_amount(high, terms.currency)}"
    elif low is not None:
        text = format_amount(low, terms.currency)
    else:
        assert high is not None
        text = "up to " + format_amount(high, terms.currency)
    if terms.budget_per_unit:
        unit = _clean(terms.budget_per_unit, limit=30).lower().removeprefix("per ").strip()
        unit = unit if re.fullmatch(r"[a-z][a-z -]*", unit) else "deliverable"
        text += f" per {unit}"
    return text


_NUMBERS_EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
               "ten", "eleven", "twelve")  # fmt: skip

_DELIVERABLE_EN: dict[DeliverableKind, tuple[str, str]] = {
    DeliverableKind.YOUTUBE_INTEGRATION: ("YouTube integration", "YouTube integrations"),
    DeliverableKind.YOUTUBE_DEDICATED: ("dedicated YouTube video", "dedicated YouTube videos"),
    DeliverableKind.YOUTUBE_SHORT: ("YouTube Short", "YouTube Shorts"),
    DeliverableKind.INSTAGRAM_REEL: ("Instagram Reel", "Instagram Reels"),
    DeliverableKind.INSTAGRAM_STORY: ("Instagram Story", "Instagram Stories"),
    DeliverableKind.INSTAGRAM_POST: ("Instagram post", "Instagram posts"),
    DeliverableKind.TIKTOK_VIDEO: ("TikTok video", "TikTok videos"),
    DeliverableKind.TWITCH_STREAM: ("Twitch stream", "Twitch streams"),
    DeliverableKind.PODCAST_READ: ("podcast ad read", "podcast ad reads"),
    DeliverableKind.NEWSLETTER_MENTION: ("newsletter mention", "newsletter mentions"),
    DeliverableKind.X_POST: ("X post", "X posts"),
    DeliverableKind.BLOG_POST: ("blog post", "blog posts"),
    DeliverableKind.UGC_VIDEO: ("UGC video", "UGC videos"),
    DeliverableKind.OTHER: ("custom piece of content", "custom pieces of content"),
}

_PLATFORM_EN = {
    "youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok", "twitch": "Twitch",
    "podcast": "podcast", "newsletter": "newsletter", "x": "X", "facebook": "Facebook",
    "linkedin": "LinkedIn", "snapchat": "Snapchat", "pinterest": "Pinterest", "blog": "blog",
    "kick": "Kick",
}  # fmt: skip

_TYPE_EN = {
    PartnershipType.FLAT_FEE: "flat fee",
    PartnershipType.AFFILIATE: "affiliate",
    PartnershipType.HYBRID: "fee plus commission",
    PartnershipType.GIFTED: "gifted product",
    PartnershipType.UGC: "UGC, content for your own channels",
}


def _join(items: Sequence[str], conjunction: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _deliverable(item: Deliverable) -> str:
    one, many = _DELIVERABLE_EN[item.kind]
    count = max(item.quantity, 1)
    if count == 1:
        return f"one {one}"
    # Quantities are spelled out so they never read as amounts.
    return f"{_NUMBERS_EN[count]} {many}" if count < len(_NUMBERS_EN) else f"{count} {many}"


def _deliverables(terms: DealTerms) -> str:
    return _join([_deliverable(d) for d in terms.deliverables])


def _platforms(terms: DealTerms) -> str:
    return _join([_PLATFORM_EN.get(str(p), str(p)) for p in terms.platforms])


def _deadline(terms: DealTerms) -> str:
    if not terms.deadline:
        return ""
    try:
        when = date.fromisoformat(terms.deadline)
    except ValueError:
        return ""
    return str(format_date(when, format="long", locale="en_US"))


# -- languages --------------------------------------------------------------------------------


def _language(request: DraftRequest) -> str:
    code = (request.language or "en").strip().lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED_LANGUAGES else "en"


_GREET_PERSON = {
    "en": ("Hi {name},", "Hello {name},", "Hey {name},"),
    "es": ("Hola, {name}:", "Hola {name},", "¡Hola, {name}!"),
    "fr": ("Bonjour {name},", "Bonjour {name},", "Salut {name},"),
    "de": ("Hallo {name},", "Hi {name},", "Hallo {name},"),
    "pt": ("Olá, {name}!", "Oi, {name},", "Olá {name},"),
    "it": ("Ciao {name},", "Buongiorno {name},", "Salve {name},"),
}
_GREET_BRAND = {
    "en": ("Hello {brand} team,", "Hi {brand} team,", "Hello to the {brand} team,"),
    "es": ("Hola, equipo de {brand}:", "Hola equipo de {brand},", "¡Hola, equipo de {brand}!"),
    "fr": (
        "Bonjour à l'équipe {brand},",
        "Bonjour l'équipe {brand},",
        "Bonjour à toute l'équipe {brand},",
    ),
    "de": ("Hallo {brand}-Team,", "Hallo liebes {brand}-Team,", "Hi {brand}-Team,"),
    "pt": ("Olá, equipe {brand}!", "Olá equipe {brand},", "Oi, pessoal da {brand},"),
    "it": ("Ciao team {brand},", "Buongiorno team {brand},", "Salve team {brand},"),
}
_GREET_ANYONE = {
    "en": ("Hi there,", "Hello,", "Hi,"),
    "es": ("Hola:", "Hola,", "¡Hola!"),
    "fr": ("Bonjour,", "Bonjour à vous,", "Bonjour,"),
    "de": ("Hallo,", "Guten Tag,", "Hallo zusammen,"),
    "pt": ("Olá!", "Olá,", "Oi,"),
    "it": ("Ciao,", "Buongiorno,", "Salve,"),
}


def _greeting(request: DraftRequest, lang: str, brand: str) -> tuple[str, bool]:
    """The greeting line, and whether it already names the brand ("Hello Acme team,")."""
    name = first_name(request.counterparty_name, brand)
    seed = request.variant_seed
    if name:
        return _pick(_GREET_PERSON[lang], seed, "greet").format(name=name), False
    if brand:
        return _pick(_GREET_BRAND[lang], seed, "greet").format(brand=brand), True
    return _pick(_GREET_ANYONE[lang], seed, "greet"), False


# ASK_INFO: what to ask for, per field and language.
_FIELD_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "budget": "your budget for this (and whether it's a flat fee)",
        "deliverables": "which deliverables you have in mind (e.g. a dedicated video, an "
        "integration, Shorts/Reels)",
        "deadline": "your timeline — when you'd want the content live",
        "usage_rights": "the usage rights you need (paid ads/whitelisting, duration)",
        "platforms": "which platforms you'd like the content on (YouTube, Instagram, TikTok…)",
        "brand": "which brand this is for",
        "partnership_type": "how the partnership would be structured (flat fee, affiliate, "
        "product)",
    },
    "es": {
        "budget": "el presupuesto que tenéis para esto (y si es una tarifa fija)",
        "deliverables": "qué contenidos tenéis en mente (p. ej. un vídeo dedicado, una "
        "integración, Shorts/Reels)",
        "deadline": "vuestros plazos: cuándo querríais el contenido publicado",
        "usage_rights": "los derechos de uso que necesitáis (anuncios pagados/whitelisting, "
        "duración)",
        "platforms": "en qué plataformas queréis el contenido (YouTube, Instagram, TikTok…)",
        "brand": "para qué marca es",
        "partnership_type": "cómo se estructuraría la colaboración (tarifa fija, afiliación, "
        "producto)",
    },
    "fr": {
        "budget": "votre budget pour ce projet (et s'il s'agit d'un forfait)",
        "deliverables": "les contenus que vous envisagez (par ex. une vidéo dédiée, une "
        "intégration, des Shorts/Reels)",
        "deadline": "votre calendrier : quand le contenu devrait être en ligne",
        "usage_rights": "les droits d'utilisation dont vous avez besoin (publicité/whitelisting, "
        "durée)",
        "platforms": "les plateformes visées (YouTube, Instagram, TikTok…)",
        "brand": "la marque concernée",
        "partnership_type": "la structure du partenariat (forfait, affiliation, produit)",
    },
    "de": {
        "budget": "euer Budget dafür (und ob es ein Festpreis ist)",
        "deliverables": "die gewünschten Inhalte (z. B. ein eigenes Video, eine Integration, "
        "Shorts/Reels)",
        "deadline": "euren Zeitplan – wann die Inhalte online gehen sollen",
        "usage_rights": "die benötigten Nutzungsrechte (Paid Ads/Whitelisting, Dauer)",
        "platforms": "die gewünschten Plattformen (YouTube, Instagram, TikTok …)",
        "brand": "die Marke, um die es geht",
        "partnership_type": "die geplante Form der Kooperation (Festpreis, Affiliate, Produkt)",
    },
    "pt": {
        "budget": "o orçamento para isso (e se é um valor fixo)",
        "deliverables": "quais entregas vocês têm em mente (ex.: um vídeo dedicado, uma "
        "integração, Shorts/Reels)",
        "deadline": "o cronograma — quando querem o conteúdo no ar",
        "usage_rights": "os direitos de uso de que precisam (anúncios pagos/whitelisting, duração)",
        "platforms": "em quais plataformas querem o conteúdo (YouTube, Instagram, TikTok…)",
        "brand": "para qual marca é",
        "partnership_type": "como a parceria seria estruturada (valor fixo, afiliado, produto)",
    },
    "it": {
        "budget": "il vostro budget (e se si tratta di un compenso fisso)",
        "deliverables": "quali contenuti avete in mente (ad es. un video dedicato, "
        "un'integrazione, Shorts/Reels)",
        "deadline": "le vostre tempistiche: quando vorreste il contenuto online",
        "usage_rights": "i diritti d'uso di cui avete bisogno (ads/whitelisting, durata)",
        "platforms": "su quali piattaforme vorreste il contenuto (YouTube, Instagram, TikTok…)",
        "brand": "per quale marchio è",
        "partnership_type": "come sarebbe strutturata la collaborazione (compenso fisso, "
        "affiliazione, prodotto)",
    },
}

#: What to ask for when the decision names no field.
_GENERIC_ASK = {
    "en": "a bit more about what you have in mind",
    "es": "un poco más sobre lo que tenéis en mente",
    "fr": "un peu plus ce que vous avez en tête",
    "de": "noch ein paar Details zu eurer Idee",
    "pt": "um pouco mais sobre o que vocês têm em mente",
    "it": "qualcosa in più su cosa avete in mente",
}

_ASK_OPEN = {
    "en": (
        "Thanks for reaching out{about}! It sounds interesting, and I'd love to learn a bit more.",
        "Thanks so much for getting in touch{about} — I'm interested and would like to hear more.",
        "Great to hear from you{about}, and thanks for thinking of me! This could be a fun one.",
    ),
    "es": (
        "¡Gracias por escribirme{about}! Suena interesante y me gustaría saber un poco más.",
        "Muchas gracias por contactarme{about}; me interesa y quiero conocer más detalles.",
        "¡Qué bueno recibir vuestra propuesta{about}! Gracias por pensar en mí.",
    ),
    "fr": (
        "Merci pour votre message{about} ! Cela semble intéressant et j'aimerais en savoir plus.",
        "Merci beaucoup pour votre prise de contact{about} ; le projet m'intéresse et "
        "j'aimerais en savoir davantage.",
        "Quel plaisir de recevoir votre proposition{about}, et merci d'avoir pensé à moi !",
    ),
    "de": (
        "Danke für eure Nachricht{about}! Das klingt spannend und ich würde gern mehr erfahren.",
        "Vielen Dank für eure Anfrage{about} – ich bin interessiert und möchte gern mehr wissen.",
        "Schön, von euch zu hören, und danke für die Anfrage{about}!",
    ),
    "pt": (
        "Agradeço o contato{about}! Parece interessante e eu gostaria de saber um pouco mais.",
        "Agradeço muito a mensagem{about} — tenho interesse e quero entender melhor.",
        "Que bom receber a proposta{about}! Agradeço por pensar em mim.",
    ),
    "it": (
        "Grazie per avermi scritto{about}! Sembra interessante e mi piacerebbe saperne di più.",
        "Grazie mille per avermi contattato{about}: la proposta mi interessa e vorrei qualche "
        "dettaglio in più.",
        "Che bello ricevere la vostra proposta{about}, e grazie per aver pensato a me!",
    ),
}
_ABOUT = {
    "en": " about {brand}",
    "es": " sobre {brand}",
    "fr": " au sujet de {brand}",
    "de": " zu {brand}",
    "pt": " sobre a {brand}",
    "it": " riguardo a {brand}",
}
_ASK_ONE = {
    "en": (
        "Could you share {field}?",
        "Before I take a proper look, could you let me know {field}?",
        "To see whether it works on my side, could you tell me {field}?",
    ),
    "es": (
        "¿Podríais indicarme {field}?",
        "Antes de verlo con calma, ¿me podríais contar {field}?",
        "Para ver si encaja, ¿me podéis decir {field}?",
    ),
    "fr": (
        "Pourriez-vous me préciser {field} ?",
        "Avant d'aller plus loin, pourriez-vous m'indiquer {field} ?",
        "Pour voir si cela peut fonctionner de mon côté, pouvez-vous me dire {field} ?",
    ),
    "de": (
        "Könntet ihr mir noch {field} nennen?",
        "Bevor ich es mir genauer anschaue: Könnt ihr mir {field} mitteilen?",
        "Damit ich das einschätzen kann, schickt mir bitte noch {field}.",
    ),
    "pt": (
        "Vocês poderiam me informar {field}?",
        "Antes de avaliar com calma, podem me dizer {field}?",
        "Para ver se funciona do meu lado, poderiam me contar {field}?",
    ),
    "it": (
        "Potreste indicarmi {field}?",
        "Prima di valutare con calma, potreste farmi sapere {field}?",
        "Per capire se può funzionare, mi dite {field}?",
    ),
}
_ASK_MANY = {
    "en": (
        "Could you share a few details?",
        "Before I take a proper look, could you send over a few details?",
        "To see whether it works on my side, it would help to know:",
    ),
    "es": (
        "¿Podríais darme algunos detalles?",
        "Antes de verlo con calma, ¿me podríais enviar algunos detalles?",
        "Para ver si encaja, me ayudaría saber:",
    ),
    "fr": (
        "Pourriez-vous me donner quelques précisions ?",
        "Avant d'aller plus loin, pourriez-vous m'envoyer quelques détails ?",
        "Pour voir si cela peut fonctionner de mon côté, il me faudrait :",
    ),
    "de": (
        "Könntet ihr mir noch ein paar Details schicken?",
        "Bevor ich es mir genauer anschaue, bräuchte ich noch ein paar Infos:",
        "Damit ich das einschätzen kann, wäre hilfreich zu wissen:",
    ),
    "pt": (
        "Vocês poderiam me passar alguns detalhes?",
        "Antes de avaliar com calma, podem me enviar alguns detalhes?",
        "Para ver se funciona do meu lado, seria ótimo saber:",
    ),
    "it": (
        "Potreste darmi qualche dettaglio in più?",
        "Prima di valutare con calma, mi servirebbero alcuni dettagli:",
        "Per capire se può funzionare, mi aiuterebbe sapere:",
    ),
}
_ASK_CLOSE = {
    "en": (
        "Once I have that, I'll get back to you quickly.",
        "With that I can take a proper look and come back to you soon.",
        "As soon as I hear back, I'll follow up with next steps.",
    ),
    "es": (
        "En cuanto lo tenga, os respondo enseguida.",
        "Con eso podré verlo bien y responderos pronto.",
        "En cuanto me contestéis, os digo los próximos pasos.",
    ),
    "fr": (
        "Dès que j'ai ces informations, je reviens vers vous rapidement.",
        "Avec cela, je pourrai regarder en détail et vous répondre vite.",
        "Dès votre retour, je vous propose la suite.",
    ),
    "de": (
        "Sobald ich das habe, melde ich mich schnell zurück.",
        "Damit kann ich es mir genau anschauen und mich bald melden.",
        "Sobald ich von euch höre, melde ich mich mit den nächsten Schritten.",
    ),
    "pt": (
        "Assim que tiver essas informações, respondo rapidinho.",
        "Com isso consigo avaliar direito e retorno em breve.",
        "Assim que vocês responderem, sigo com os próximos passos.",
    ),
    "it": (
        "Appena ho queste informazioni, vi rispondo subito.",
        "Così posso valutare con calma e tornare da voi a breve.",
        "Appena mi rispondete, vi propongo i prossimi passi.",
    ),
}

# DECLINE: polite, brief, no reasons that reveal preferences; the door stays open.
_DECLINE_OPEN = {
    "en": (
        "Thank you for reaching out{about} and for thinking of me.",
        "Thanks so much for getting in touch{about} — I really appreciate it.",
        "I appreciate you reaching out{about}.",
    ),
    "es": (
        "Muchas gracias por escribirme{about} y por pensar en mí.",
        "Gracias por contactarme{about}; lo agradezco de verdad.",
        "Os agradezco mucho el mensaje{about}.",
    ),
    "fr": (
        "Merci beaucoup pour votre message{about} et d'avoir pensé à moi.",
        "Merci pour votre prise de contact{about}, je l'apprécie vraiment.",
        "Je vous remercie pour votre proposition{about}.",
    ),
    "de": (
        "Vielen Dank für eure Nachricht{about} und dass ihr an mich gedacht habt.",
        "Danke für eure Anfrage{about} – das freut mich sehr.",
        "Herzlichen Dank für euer Angebot{about}.",
    ),
    "pt": (
        "Agradeço o contato{about} e a lembrança.",
        "Fico feliz com o contato{about}, de verdade.",
        "Agradeço muito a mensagem{about}.",
    ),
    "it": (
        "Grazie mille per avermi scritto{about} e per aver pensato a me.",
        "Grazie per avermi contattato{about}, lo apprezzo davvero.",
        "Vi ringrazio per la proposta{about}.",
    ),
}
_DECLINE_BODY = {
    "en": (
        "After giving it some thought, it isn't the right fit for my channel right now, so I'll "
        "pass on this one.",
        "I've thought it over, and this one isn't quite the right fit for my channel at the "
        "moment, so I'll have to pass.",
        "Unfortunately it isn't something I can take on right now, so I'll sit this one out.",
    ),
    "es": (
        "Lo he pensado y ahora mismo no encaja con mi canal, así que esta vez voy a pasar.",
        "Después de pensarlo, no es el momento adecuado para mi canal, así que lo dejaré pasar.",
        "Por ahora no es algo que pueda asumir, así que en esta ocasión no participaré.",
    ),
    "fr": (
        "Après réflexion, ce n'est pas le bon moment pour ma chaîne, je vais donc décliner.",
        "J'y ai réfléchi et cela ne correspond pas à ma chaîne pour l'instant, je vais donc "
        "passer mon tour.",
        "Malheureusement, ce n'est pas quelque chose que je peux prendre en charge en ce moment.",
    ),
    "de": (
        "Nach kurzem Überlegen passt es gerade nicht zu meinem Kanal, deshalb muss ich absagen.",
        "Ich habe es mir überlegt, aber im Moment passt es nicht ganz zu meinem Kanal – ich "
        "setze diesmal aus.",
        "Leider kann ich das gerade nicht übernehmen, deshalb sage ich dieses Mal ab.",
    ),
    "pt": (
        "Pensei bem e, no momento, não combina com o meu canal, então vou passar desta vez.",
        "Depois de pensar, não é o momento certo para o meu canal, então vou recusar.",
        "Infelizmente não consigo assumir isso agora, então desta vez vou ficar de fora.",
    ),
    "it": (
        "Ci ho pensato e al momento non è adatto al mio canale, quindi questa volta passo.",
        "Dopo averci riflettuto, non è il momento giusto per il mio canale, quindi devo "
        "rinunciare.",
        "Purtroppo al momento non riesco a prenderlo in carico, quindi questa volta rinuncio.",
    ),
}
_DECLINE_CLOSE = {
    "en": (
        "I'd be glad to hear about future campaigns, and I wish you the best with this one.",
        "Please do keep me in mind for future projects — I'd be happy to hear from you again.",
        "Feel free to reach out again down the line; I'd love to stay in touch.",
    ),
    "es": (
        "Me encantará saber de futuras campañas, y os deseo mucho éxito con esta.",
        "Tenedme en cuenta para próximos proyectos; será un placer volver a hablar.",
        "No dudéis en escribirme más adelante; me encantaría seguir en contacto.",
    ),
    "fr": (
        "Vos prochaines campagnes m'intéressent, et je vous souhaite plein de succès avec "
        "celle-ci.",
        "N'hésitez pas à penser à moi pour de futurs projets.",
        "Au plaisir d'échanger à nouveau sur un prochain projet.",
    ),
    "de": (
        "Bei zukünftigen Kampagnen höre ich gern wieder von euch – viel Erfolg mit dieser!",
        "Denkt gern bei künftigen Projekten an mich, ich freue mich auf eure Nachricht.",
        "Meldet euch gern wieder, wenn etwas Neues ansteht.",
    ),
    "pt": (
        "Vou adorar saber de campanhas futuras, e desejo muito sucesso com esta.",
        "Lembrem de mim para projetos futuros; vou gostar de conversar de novo.",
        "Fiquem à vontade para me procurar mais adiante; adoraria manter contato.",
    ),
    "it": (
        "Sarò felice di sentire di campagne future, e vi auguro il meglio per questa.",
        "Tenetemi presente per progetti futuri: mi farà piacere risentirvi.",
        "Scrivetemi pure più avanti, mi piacerebbe restare in contatto.",
    ),
}

# CONTINUE and NEGOTIATE (English only: they state terms and amounts).
_CONTINUE_OPEN = (
    "Thanks so much for reaching out{about} — this sounds like a great fit, and I'd love to "
    "explore it with you.",
    "Thanks for the details{about}! I'm excited about this and keen to move forward.",
    "Really appreciate you thinking of me{about}. This looks like a great match for my "
    "audience, and I'm interested in working together.",
)
_CONTINUE_SUMMARY = (
    "Just so we're on the same page, here's what I have so far:",
    "To recap what I understand from your message:",
    "Here's my understanding of the scope so far:",
)
_CONTINUE_NEXT = (
    "As next steps, could you send over the creative brief and a draft contract? Once I've "
    "reviewed them, we can lock in the timeline.",
    "If that all looks right, the next step would be the brief and the contract; after that we "
    "can agree on a production timeline.",
    "Could you share the campaign brief and your contract terms? From there I'll put together "
    "a timeline that works for both of us.",
)
_CONTINUE_CLOSE = (
    "Looking forward to it!",
    "Excited to hear more.",
    "Talk soon!",
)
_NEGOTIATE_OPEN = (
    "Thanks so much for reaching out{about} — I really appreciate you thinking of me.",
    "Thank you for the offer{about}; it sounds like a fun campaign.",
    "I appreciate you getting in touch{about}, and the project sounds interesting.",
)
_NEGOTIATE_EXPLAIN = (
    "Having looked at the scope{scope}, the proposed budget is below what this kind of work "
    "usually costs on my end.",
    "For what's involved{scope}, the budget is a bit under what these deliverables usually "
    "come to for me.",
    "Looking at the deliverables{scope}, the current budget doesn't quite cover what this "
    "usually takes to produce.",
)
_NEGOTIATE_COUNTER = (
    "My rate for this would be {counter}.",
    "I could do it for {counter}.",
    "For this scope I'd propose {counter}.",
)
_NEGOTIATE_NO_COUNTER = (
    "Is there any flexibility on the budget?",
    "Would there be room to revisit the budget?",
    "Could we look at the budget again?",
)
_NEGOTIATE_FLEX = (
    "If that doesn't fit your budget, I'm open to adjusting the scope — for example fewer "
    "deliverables or a shorter usage window — to find something that works.",
    "If that's more than you planned, we could also adjust the scope to make it work.",
    "I'm also open to tweaking the deliverables if that helps us meet in the middle.",
)
_NEGOTIATE_CLOSE = (
    "Let me know what you think!",
    "Happy to jump on a quick call to talk it through.",
    "Looking forward to hearing your thoughts.",
)


# -- assembly ---------------------------------------------------------------------------------


def _about(lang: str, brand: str) -> str:
    return _ABOUT[lang].format(brand=brand) if brand else ""


def _ask_info(request: DraftRequest, lang: str, about: str) -> list[str]:
    seed = request.variant_seed
    phrases = _FIELD_PHRASES[lang]
    fields = list(dict.fromkeys(f for f in request.missing_fields if f))
    wanted = [phrases.get(f) or _FIELD_PHRASES["en"].get(f) or f.replace("_", " ") for f in fields]
    parts = [_pick(_ASK_OPEN[lang], seed, "ask-open").format(about=_about(lang, about))]
    if not wanted:
        wanted = [_GENERIC_ASK[lang]]
    if len(wanted) == 1:
        parts.append(_pick(_ASK_ONE[lang], seed, "ask-one").format(field=wanted[0]))
    elif wanted:
        bullets = "\n".join(f"- {w}" for w in wanted)
        parts.append(_pick(_ASK_MANY[lang], seed, "ask-many") + "\n" + bullets)
    parts.append(_pick(_ASK_CLOSE[lang], seed, "ask-close"))
    return parts


def _decline(request: DraftRequest, lang: str, about: str) -> list[str]:
    seed = request.variant_seed
    first = _pick(_DECLINE_OPEN[lang], seed, "decline-open").format(about=_about(lang, about))
    body = _pick(_DECLINE_BODY[lang], seed, "decline-body")
    return [f"{first} {body}", _pick(_DECLINE_CLOSE[lang], seed, "decline-close")]


def _summary_lines(terms: DealTerms, brand: str) -> list[str]:
    lines: list[str] = []
    if brand:
        lines.append(f"- Brand: {brand}")
    if terms.deliverables:
        lines.append(f"- Deliverables: {_deliverables(terms)}")
    covered = {d.platform for d in terms.deliverables}
    if any(p not in covered for p in terms.platforms):
        lines.append(f"- Platforms: {_platforms(terms)}")
    budget = _budget(terms)
    if budget:
        kind = f" ({_TYPE_EN[terms.partnership_type]})" if terms.partnership_type else ""
        lines.append(f"- Budget: {budget}{kind}")
    elif terms.partnership_type:
        lines.append(f"- Structure: {_TYPE_EN[terms.partnership_type]}")
    deadline = _deadline(terms)
    if deadline:
        lines.append(f"- Timeline: live by {deadline}")
    usage = _clean(terms.usage_rights, limit=80, numbers=True)
    if usage:
        lines.append(f"- Usage rights: {usage}")
    exclusivity = _clean(terms.exclusivity, limit=80, numbers=True)
    if exclusivity:
        lines.append(f"- Exclusivity: {exclusivity}")
    return lines


def _continue(request: DraftRequest, brand: str, about: str) -> list[str]:
    seed = request.variant_seed
    parts = [_pick(_CONTINUE_OPEN, seed, "continue-open").format(about=_about("en", about))]
    summary = _summary_lines(request.terms, brand)
    if summary:
        parts.append(_pick(_CONTINUE_SUMMARY, seed, "continue-summary") + "\n" + "\n".join(summary))
    parts.append(_pick(_CONTINUE_NEXT, seed, "continue-next"))
    parts.append(_pick(_CONTINUE_CLOSE, seed, "continue-close"))
    return parts


def _negotiate(request: DraftRequest, about: str) -> list[str]:
    seed = request.variant_seed
    deliverables = _deliverables(request.terms)
    scope = f" ({deliverables})" if deliverables else ""
    first = _pick(_NEGOTIATE_OPEN, seed, "negotiate-open").format(about=_about("en", about))
    explain = _pick(_NEGOTIATE_EXPLAIN, seed, "negotiate-explain").format(scope=scope)
    offer = request.counter_offer
    if offer is not None:
        counter = format_amount(offer.amount, offer.currency)
        ask = _pick(_NEGOTIATE_COUNTER, seed, "negotiate-counter").format(counter=counter)
    else:
        ask = _pick(_NEGOTIATE_NO_COUNTER, seed, "negotiate-counter")
    return [
        first,
        f"{explain} {ask}",
        _pick(_NEGOTIATE_FLEX, seed, "negotiate-flex"),
        _pick(_NEGOTIATE_CLOSE, seed, "negotiate-close"),
    ]


def draft_from_templates(request: DraftRequest) -> Draft:
    """Word a reply for a decision from templates.

    Args:
        request: the decision and everything the wording may use.

    Returns:
        The reply body: greeting and paragraphs, no signature or sign-off.

    Raises:
        ValueError: the decision is REVIEW or IGNORE (no reply is drafted for those).
    """
    decision = request.decision
    if decision not in _DRAFTED:
        raise ValueError(f"no reply is drafted for decision {decision.value!r}")
    brand = _clean(request.terms.brand, limit=40)
    lang = _language(request) if decision in (Decision.ASK_INFO, Decision.DECLINE) else "en"
    greeting, greeted_brand = _greeting(request, lang, brand)
    about = "" if greeted_brand else brand  # name the brand once, not in every line
    if decision is Decision.ASK_INFO:
        parts = _ask_info(request, lang, about)
    elif decision is Decision.DECLINE:
        parts = _decline(request, lang, about)
    elif decision is Decision.CONTINUE:
        parts = _continue(request, brand, about)
    else:
        parts = _negotiate(request, about)
    return Draft(text="\n\n".join([greeting, *parts]))


_DRAFTED = frozenset({Decision.ASK_INFO, Decision.CONTINUE, Decision.NEGOTIATE, Decision.DECLINE})
