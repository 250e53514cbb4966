"""Who is offering: the brand, and the agency when one writes on a brand's behalf.

Candidates come from the text ("I'm Jordan from Acme Audio", "on behalf of our client Velora",
"Brand: X" lines, "Acme x Maya" subjects, "Acme would love to..."), from the signature's company
line and from the sender's domain. Each has a score; a candidate that matches the sender's
domain ("Acme Audio" for ``acmeaudio.com``) scores more. A client named by an agency is the brand
and the agency is the sender's company.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from repflow.engine.heuristic.lexicon import (
    AGENCY_WORDS,
    NOT_A_BRAND,
    STOPWORDS,
    WEBMAIL_DOMAINS,
    words,
)
from repflow.mail.models import Address

_I: Final = re.IGNORECASE

_MULTI_SUFFIXES: Final = words(
    """
    co.uk org.uk ac.uk me.uk com.au net.au org.au co.nz com.br net.br com.mx com.ar com.co
    com.pe com.tr co.za co.in co.jp ne.jp or.jp co.kr com.sg com.hk com.cn com.tw co.il
    com.my com.ph co.id com.es com.pl
    """
)
#: Sending platforms and influencer-marketing tools: their domain is not the brand.
_PLATFORM_LABELS: Final = words(
    """
    mailchimp mcsv mandrillapp sendgrid hubspot hubspotemail salesforce amazonses mailgun
    sparkpost postmarkapp klaviyo grin aspireiq aspire creatoriq upfluence traackr tagger
    famebit openinfluence linktr linktree google youtube instagram tiktok facebook
    """
)
_AGENCY_LABEL_PARTS: Final = (
    "agency",
    "talent",
    "media",
    "mgmt",
    "management",
    "marketing",
    "influence",
    "collective",
    "partners",
    "pr",
    "digital",
    "network",
    "agencia",
    "agence",
    "agentur",
    "agenzia",
    "agencja",
    "influencer",
)
#: Words that mark an agency even inside a label (``influencerpros``, ``somosagencia``).
_AGENCY_SUBSTRINGS: Final = (
    "agency",
    "agencia",
    "agence",
    "agentur",
    "agenzia",
    "agencja",
    "talent",
    "management",
    "mgmt",
    "influence",
    "collective",
)
#: Affixes brands put around their name in a domain (getnordvpn, makenotion, tryacme, acmehq).
_LABEL_PREFIXES: Final = ("get", "try", "use", "join", "hello", "make", "go", "my", "shop", "drink")
_LABEL_SUFFIXES: Final = ("app", "hq", "inc", "co", "shop", "store", "official", "global", "usa")
_LEGAL_SUFFIX: Final = re.compile(
    r"[\s,]+(?:inc|inc\.|llc|l\.l\.c\.|ltd|ltd\.|limited|gmbh|ag|kg|ug|s\.?a\.?|s\.?l\.?|sas|"
    r"sarl|s\.?r\.?l\.?|s\.?p\.?a\.?|b\.?v\.?|n\.?v\.?|oy|ab|as|aps|pty(?: ltd)?|plc|corp\.?|"
    r"co\.|ltda\.?|k\.?k\.?|株式会社)$",
    _I,
)
_DEPARTMENT_SUFFIX: Final = re.compile(
    r"(?:\s+(?:creator|influencer|brand|marketing|social|partnerships?|pr|growth|affiliate|"
    r"collab(?:oration)?s?))*\s+(?:team|partnerships?|department|dept\.?|crew|squad)$",
    _I,
)
_CONNECTORS: Final = frozenset({"&", "and", "of", "de", "du", "des", "del", "la", "le", "+", "n'"})
_COMMON: Final = frozenset().union(*STOPWORDS.values()) | words(
    """
    would love like is are was were has have had here there just want wants make makes about
    also very really so if when what which who how why where looking reaching launching
    excited thrilled hope hoping writing brand team company working next our your their its
    can could should will shall may might must do does did get got let lets please i'm we're
    you're it's i'd we'd we'll i'll dear mr mrs ms not no yes ok okay sure
    """
)

#: Words that open a subject line without naming anyone ("Small collab?", "Paid partnership").
_SUBJECT_ADJECTIVES: Final = words(
    """
    small quick new exciting potential paid brand exclusive possible big great sponsored
    upcoming creator influencer youtube instagram tiktok summer winter spring fall holiday
    q1 q2 q3 q4 gifted free affiliate ugc
    """
)
#: Endings of (German) compound nouns that name a campaign or a request, never a brand.
_COMPOUND_NOT_BRAND: Final = re.compile(
    r"(?:kampagne|kampagnen|aktion|anfrage|kooperation|partnerschaft|zusammenarbeit|"
    r"kollektion|saison|angebot|vorschlag|projekt|werbung|launch)$",
    _I,
)
_WORDISH: Final = re.compile(r"[A-Za-z0-9À-ÿ][\w'’&+.-]*|&|\+")


@dataclass(frozen=True, slots=True)
class Parties:
    """The brand and agency of an offer, with the snippets they were read from."""

    brand: str | None = None
    agency: str | None = None
    brand_evidence: str = ""
    agency_evidence: str = ""


@dataclass(slots=True)
class _Candidate:
    name: str
    score: float
    source: str
    evidence: str
    client: bool = False


def registrable_label(domain: str) -> str:
    """The label of a domain just left of its public suffix (``mail.acme.co.uk`` → ``acme``).

    Args:
        domain: A host name.

    Returns:
        The label, lower-case; ``""`` when there is none.
    """
    parts = [p for p in domain.lower().strip(".").split(".") if p]
    if len(parts) < 2:
        return ""
    if len(parts) >= 3 and ".".join(parts[-2:]) in _MULTI_SUFFIXES:
        return parts[-3]
    return parts[-2]


def _squash(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold().replace("&", "and"))
    return re.sub(r"[^0-9a-z]", "", folded)


def same_party(a: str | None, b: str | None) -> bool:
    """Whether two names spell the same company ("Halcyon Creative" and "halcyon creative").

    Args:
        a: One name.
        b: The other.

    Returns:
        True when both are given and equal once case, accents and punctuation are folded.
    """
    return bool(a and b) and _squash(a or "") == _squash(b or "")


def is_agency_label(label: str) -> bool:
    """Whether a domain label names an agency / management company (``brightline-agency``)."""
    parts = label.split("-")
    if any(part in _AGENCY_LABEL_PARTS for part in parts):
        return True
    return any(word in label and len(label) > len(word) + 2 for word in _AGENCY_SUBSTRINGS)


def sender_label(sender: Address | None) -> str:
    """The sender's company domain label, or ``""`` for webmail and sending platforms."""
    if sender is None or not sender.domain:
        return ""
    domain = sender.domain.lower()
    if domain in WEBMAIL_DOMAINS:
        return ""
    label = registrable_label(domain)
    if label in _PLATFORM_LABELS:
        return ""
    return label


def clean_name(raw: str) -> str | None:
    """A brand name as written, without legal suffixes, trailing punctuation or department words.

    Args:
        raw: The candidate text.

    Returns:
        The cleaned name (at most five words), or None when nothing brand-like is left.
    """
    name = " ".join(raw.split()).strip(" \t-–—*•·,.;:!?'\"“”‘’()[]")
    name = re.sub(r"['’]s$", "", name)
    for _ in range(2):
        name = _LEGAL_SUFFIX.sub("", name).strip(" ,.")
        stripped = _DEPARTMENT_SUFFIX.sub("", name).strip(" ,.")
        if stripped != name:
            name = re.sub(r"^(?:the)\s+", "", stripped, flags=_I)
    words = name.split()
    if not words or len(words) > 5 or len(name) > 60:
        return None
    if len(words) == 1 and _COMPOUND_NOT_BRAND.search(name):
        return None  # "Frühjahrskampagne", "Kooperationsanfrage": German nouns, not names
    if all(w.lower().strip(".") in NOT_A_BRAND or w.lower() in _COMMON for w in words):
        return None
    if not any(ch.isalpha() for ch in name):
        return None
    return name


def _name_at(text: str, pos: int, *, allow_lower: bool = False) -> str | None:
    """The capitalised name starting at ``pos`` (up to five words, same line)."""
    end = text.find("\n", pos)
    line = text[pos : end if end != -1 else len(text)]
    words: list[str] = []
    index = 0
    for m in _WORDISH.finditer(line):
        between = line[index : m.start()]
        if not words:
            if between.strip(" \"“‘'*"):
                break
        elif between not in (" ", "-"):
            break
        index = m.end()
        token = m.group()
        bare = token.rstrip(".,;:!?")
        stop_after = bare != token
        if bare.endswith(("'s", "’s")):
            bare, stop_after = bare[:-2], True
        if not bare:
            break
        low = bare.lower()
        if words and low in _CONNECTORS:
            words.append(bare)
            continue
        capital = (
            bare[0].isupper()
            or bare[0].isdigit()
            or (len(bare) > 1 and bare[1].isupper())  # iFood, eBay
            or (allow_lower and not words)
        )
        if not capital or low in NOT_A_BRAND:
            break
        if low in _COMMON and (not words or (bare.isupper() and len(bare) > 1)):
            break
        words.append(bare)
        if stop_after or len(words) >= 5:
            break
    while words and words[-1].lower() in _CONNECTORS:
        words.pop()
    if not words:
        return None
    return clean_name(" ".join(words))


# --- anchors -------------------------------------------------------------------------------

_LABEL: Final = re.compile(
    r"(?im)^[\s*•·>-]*(?:brand|client|company|marca|marque|marke|cliente|klant|merk|empresa|"
    r"entreprise|unternehmen|azienda|ブランド|企業名)\s*[:：]\s*(?P<name>[^\n]{1,80})"
)
_CLIENT: Final = re.compile(
    r"\b(?:on behalf of|for|with|representing|represent|of)\s+(?:our|my|one of our)\s+"
    r"(?:clients?|partners?|brand partners?|customers?)(?:,\s*|\s+)(?:the brand\s+)?|"
    r"\bour (?:client|brand partner|partner brand)(?:,\s*|\s+)(?:the brand\s+)?|"
    r"\bwe (?:represent|work with|manage influencer campaigns for)\s+(?:the brand\s+)?|"
    # "We manage creator programmes for Helix", "we run the influencer marketing for Acme"
    r"\bwe(?:'re| are)? (?:manage|managing|run|running|handle|handling|lead|leading|look after|"
    r"looking after) (?:the |all |all of the )?(?:[\w-]+ ){0,2}?(?:programmes?|programs?|"
    r"campaigns?|partnerships?|marketing|outreach|seeding|social) for\s+(?:the brand\s+)?|"
    r"\bwe(?:'re| are) (?:the )?(?:agency|agency of record|media agency|pr agency) for\s+|"
    r"\bwe(?:'re| are) (?:working|partnering) with\s+(?:the brand\s+)?|"
    r"\b(?:on behalf of|for) (?:the brand|our partner)\s+|"
    r"\bon behalf of\s+(?:the brand\s+)?|"
    r"\ben (?:nombre|representación) de\s+(?:nuestro cliente\s+|la marca\s+)?|"
    r"\bnuestro cliente,?\s+|"
    r"\b(?:de la part|au nom|pour le compte) de\s+(?:notre client\s+|la marque\s+)?|"
    r"\bnotre client,?\s+|"
    r"\bim (?:auftrag|namen) (?:von\s+|unseres kunden\s+|unserer kundin\s+)(?:der marke\s+)?|"
    r"\bunser(?:es|em)? kunden?,?\s+|"
    r"\bem nome d[aoe]\s+(?:nosso cliente\s+|marca\s+)?|\bnosso cliente,?\s+|"
    r"\bper conto d(?:i|el|ella|ello)\s+(?:(?:un |il )?nostr[oa] client[ei],?\s+)?|"
    r"\b(?:il|del|al|dal|col|un)?\s?nostr[oa] client[ei],?\s+|"
    r"\bnamens\s+(?:onze klant\s+)?|\bonze klant,?\s+",
    _I,
)
_INTRO: Final = re.compile(
    r"\b(?:i'?m|i am|this is|my name is|me llamo|soy|je suis|je m'appelle|ich bin|mein name ist|"
    r"eu sou|sou|sono|mi chiamo|ik ben|hier ist|aquí)\s+[\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s*,?\s+"
    r"(?:(?:and |y |et |und |e )?(?:i'?m |i am |ich bin |soy |je suis )?(?:the |a |an |la |le |el "
    r"|die |der |il )?(?:[\w'’/&-]+\s+){0,5}?)(?:from|at|with|of|de|del|da|do|von|vom|bei|di|"
    r"della|dal|van|bij|chez|@)\s+(?:the team (?:at|of)\s+)?",
    _I,
)
_REACHING: Final = re.compile(
    r"\b(?:reaching out|writing(?: to you)?|contacting you|getting in touch|write to you|"
    r"le escribo|vous écris|schreibe (?:dir|ihnen))\s+(?:from|on behalf of|de la part de|"
    r"desde|von|da parte di)\s+(?:the team (?:at|of)\s+)?",
    _I,
)
_HERE: Final = re.compile(
    r"(?:^|[.!?]\s+|\n)\s*(?:(?:hey|hi|hello)[ ,!]+)?[A-Z][\w'’-]+ (?:from|at|with|of) "
    r"(?P<rest>[^\n.!?]{1,60}?) here\b"
)
_WE_ARE: Final = re.compile(
    r"\b(?:we are|we're|we at|here at|us at|the team at|the team from|the team behind|"
    r"the (?:founders?|makers?|creators?) of|somos|nous sommes|"
    r"wir sind|wir von|noi di|siamo|nós somos|wij zijn|we zijn)\s+(?:the team at\s+)?",
    _I,
)
_CAMPAIGN_OF: Final = re.compile(
    r"\b(?:campaign|campanha|campaña|campagne|kampagne|campagna|launch|lançamento|lanzamiento)"
    r" (?:for|of|do|da|de|del|für|pour|per|di|van)\s+(?:the brand\s+|a marca\s+|la marca\s+|"
    r"la marque\s+|der marke\s+)?",
    _I,
)
_WITH: Final = re.compile(
    r"\b(?:partnership|collaboration|collab|campaign|partnering|sponsorship|deal|kooperation|"
    r"zusammenarbeit|colaboración|partenariat|parceria|collaborazione|samenwerking|"
    r"opportunity)\s+(?:opportunity\s+)?(?:with|mit|con|avec|com|met|from|von|for)\s+",
    _I,
)
_BRAND_VERB: Final = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=,\s))\s*(?:(?:at|hey|hi|hello)[ ,]+)?"
    r"(?P<name>[A-Z0-9][\w'’&.+-]*"
    r"(?:[ -](?:&\s)?[A-Z0-9][\w'’&.+-]*){0,3})[, ]+(?:would (?:love|like)|is (?:looking|"
    r"launching|reaching|excited|thrilled|partnering|running|planning|hiring|an?|the|"
    r"a\s+\w+ brand)\b|wants to|makes|builds|creates|has (?:been|just)|are (?:looking|"
    r"launching|excited)|möchte|würde gerne|quiere|le gustaría|souhaite|aimerait|gostaria|"
    r"vorrebbe|wil graag|est une?|ist ein\w*|es una?|é uma?|è una?)\b"
)
_THE_BRAND_THING: Final = re.compile(
    r"\b(?:the|our|this|a|an|your) (?P<name>[A-Z][\w'’&+-]*(?: [A-Z][\w'’&+-]*){0,3}) "
    r"(?:integration|campaign|sponsorship|partnership|collab(?:oration)?|brief|launch|"
    r"ambassador program|creator program|affiliate program|deal)\b"
)
_SUBJECT_X: Final = re.compile(r"(?P<a>[^:|–—]+?)\s+[x×]\s+(?P<b>[^:|–—]+)")
_SUBJECT_TAIL: Final = re.compile(
    r"(?i:partnership|collaboration|collab|sponsorship|campaign|kooperation\w*|colaboración|"
    r"partenariat|parceria|collaborazione|opportunity)\b[^\n]*?(?:\s[-–—|:]\s*|\s(?i:with|for|mit|"
    r"con|avec|com)\s+)(?P<name>[A-Z][^\n:|]{1,50})$"
)
_SIGN_OFF: Final = re.compile(
    r"(?i)^(?:best|best regards|kind regards|warm regards|regards|cheers|thanks|thank you|"
    r"sincerely|warmly|all the best|talk soon|saludos|un saludo|atentamente|cordialement|"
    r"bien à vous|viele grüße|liebe grüße|beste grüße|mit freundlichen grüßen|lg|vg|"
    r"grazie|cordiali saluti|un saluto|abraços|atenciosamente|obrigad[oa]|groeten|"
    r"met vriendelijke groet|xoxo|love|sent from my \w+)\b[\s,!.]*$"
)
_CONTACT: Final = re.compile(
    r"@|https?://|www\.|\.(?:com|io|co|net|org)\b|\+?\d[\d ()./-]{6,}\d|^(?:t|m|p|tel|phone|"
    r"mobile|cell|fax|e|email|web)\s*[:.]",
    _I,
)
_TITLE_WORDS: Final = re.compile(
    r"\b(?:manager|managerin|lead|head|director|directora?|coordinator|specialist|founder|"
    r"co-?founder|ceo|cmo|cto|coo|associate|executive|officer|marketing|partnerships?|"
    r"influencers?|talent|pr|brand|growth|social|community|creators?|relations|intern|vp|"
    r"president|owner|strategist|producer|account|sales|business development|gerente|"
    r"responsable|directeur|directrice|leiter|leiterin|referent\w*|chef|jefe|jefa|"
    r"responsabile|gestor[a]?|analista|analyst|assistant|asistente|assistente|"
    r"charg[ée]e?|encargad[oa]|coordinador[a]?|coordinat(?:eur|rice)|gestionnaire|"
    r"beauftragte[rn]?|incaricat[oa]|addett[oa]|partenariats?|"
    r"campaign|campaigns|media|content|senior|junior|global|regional|team)\b",
    _I,
)
_SEPARATORS: Final = re.compile(r"\s*(?:\||,|\s@\s|\sat\s|\s[-–—·•]\s|\sbei\s|\schez\s)\s*")


def _snippet(text: str, start: int, end: int, width: int = 40) -> str:
    return " ".join(text[max(0, start - width) : min(len(text), end + width)].split())


def _person_tokens(sender: Address | None, label: str) -> set[str]:
    """Words of the sender's display name that name a person (not the company in it)."""
    if sender is None or not sender.name:
        return set()
    squashed = _squash(label)
    tokens = {t.lower() for t in re.findall(r"[\w'’-]+", sender.name)}
    return {
        t
        for t in tokens
        if not (squashed and len(t) >= 3 and _squash(t) in squashed)
        and not _TITLE_WORDS.fullmatch(t)
        and t not in ("team", "the", "and", "&")
    }


def _from_text(text: str, subject: str) -> list[_Candidate]:
    found: list[_Candidate] = []

    def add(name: str | None, score: float, source: str, ev: str, client: bool = False) -> None:
        if name:
            found.append(_Candidate(name, score, source, ev, client))

    for m in _LABEL.finditer(text):
        raw = re.split(r"\s+[-–—(/]\s*|,\s|\s\(", m.group("name"))[0]
        add(clean_name(raw), 5.0, "label", _snippet(text, m.start(), m.end(), 0))
    for m in _CLIENT.finditer(text):
        add(_name_at(text, m.end()), 5.0, "client", _snippet(text, m.start(), m.end()), True)
    for pattern, score, source in (
        (_INTRO, 4.0, "intro"),
        (_REACHING, 4.0, "intro"),
        (_WE_ARE, 3.5, "we_are"),
        (_WITH, 3.0, "with"),
        (_CAMPAIGN_OF, 3.0, "campaign_of"),
    ):
        for m in pattern.finditer(text):
            add(_name_at(text, m.end()), score, source, _snippet(text, m.start(), m.end()))
    for m in _THE_BRAND_THING.finditer(f"{subject}\n{text}"):
        add(clean_name(m.group("name")), 2.5, "mention", m.group())
    lead = re.match(
        r"\s*(?P<name>[A-Z][\w'’&+-]*(?: [A-Z][\w'’&+-]*){0,3}) (?:sponsorship|partnership|"
        r"campaign|collab(?:oration)?|x)\b",
        re.sub(r"^(?:\s*(?:re|fwd?|fw|wg|aw|tr)\s*:\s*)+", "", subject, flags=_I),
    )
    if lead is not None and lead.group("name").split()[0].lower() not in _SUBJECT_ADJECTIVES:
        add(clean_name(lead.group("name")), 2.5, "subject", subject)
    for m in _HERE.finditer(text):
        add(_name_at(m.group("rest"), 0), 4.0, "here", _snippet(text, m.start(), m.end(), 0))
    for m in _BRAND_VERB.finditer(text):
        add(clean_name(m.group("name")), 3.0, "brand_verb", _snippet(text, m.start(), m.end(), 0))
    subject = re.sub(r"^(?:\s*(?:re|fwd?|fw|wg|aw|tr|rv|sv)\s*:\s*)+", "", subject, flags=_I)
    for part in re.split(r"\s*[:|]\s*", subject):
        pair = _SUBJECT_X.fullmatch(part.strip())
        if pair is not None:
            add(_name_at(pair.group("a"), 0, allow_lower=True), 3.0, "subject", subject)
            add(_name_at(pair.group("b"), 0, allow_lower=True), 1.0, "subject_b", subject)
    for m in _WITH.finditer(subject):
        add(_name_at(subject, m.end()), 3.0, "subject", subject)
    tail = _SUBJECT_TAIL.search(subject)
    if tail is not None:
        add(clean_name(tail.group("name")), 2.5, "subject", subject)
    return found


_AGENCY_NOUN: Final = re.compile(
    r"\b(?:agency|agencia|agence|agentur|agenzia|media|management|mgmt|collective|partners|"
    r"group|studios?|network|pr|talent)$",
    _I,
)


def _is_company_part(name: str) -> bool:
    """Whether a signature segment is a company ("Gleam Media"), not a job title."""
    tokens = [w for w in name.split() if w.lower() not in _CONNECTORS]
    if tokens and all(_TITLE_WORDS.fullmatch(w) for w in tokens):
        return False  # "Growth Marketing", "Marketing de Influencers"
    return not _TITLE_WORDS.search(name) or bool(_AGENCY_NOUN.search(name))


def _from_signature(signature: str, persons: set[str]) -> list[_Candidate]:
    found: list[_Candidate] = []
    lines = [line.strip(" \t*_-–—") for line in signature.splitlines()]
    lines = [line for line in lines if line]
    seen_name = False
    for line in lines[:8]:
        if _SIGN_OFF.match(line) or _CONTACT.search(line):
            continue
        words = re.findall(r"[\w'’.&+-]+", line)
        lowered = {w.lower() for w in words}
        if not seen_name and (
            (lowered and (lowered <= persons or bool(lowered & persons)))
            or (len(words) <= 3 and not persons)
        ):
            seen_name = True
            if not _LEGAL_SUFFIX.search(" " + line):
                continue
        if lowered and lowered <= persons:
            continue
        parts = [p for p in _SEPARATORS.split(line) if p.strip()]
        if len(parts) > 1:
            # "Creator Partnerships | Acme Audio", "Acme Audio, Brand Team": keep company parts.
            for part in parts:
                name = clean_name(part)
                if name is None or {w.lower() for w in name.split()} <= persons:
                    continue
                if _is_company_part(name):
                    found.append(_Candidate(name, 2.0, "signature", line))
            continue
        stripped = _DEPARTMENT_SUFFIX.sub("", line)
        stripped = re.sub(r"\s+(?:partnerships?|marketing|team)$", "", stripped, flags=_I)
        if stripped != line:
            name = clean_name(stripped)
            if name and not _TITLE_WORDS.search(name):
                found.append(_Candidate(name, 2.0, "signature", line))
            continue
        if _TITLE_WORDS.search(line) and not AGENCY_WORDS.search(line.split()[-1]):
            continue
        if line[:1].isupper() and len(words) <= 5:
            name = clean_name(line)
            if name:
                found.append(_Candidate(name, 1.5, "signature", line))
    return found


def _domain_phrases(text: str, label: str) -> list[tuple[str, int, int]]:
    """Capitalised phrases in ``text`` that spell the domain label ("Acme Audio": acmeaudio)."""
    if not label:
        return []
    targets = [_squash(label)]
    head = label.split("-")[0]
    if head != label and len(head) >= 4:
        targets.append(_squash(head))
    tokens = list(re.finditer(r"[A-Za-z0-9À-ÿ][\w'’&+]*", text))
    hits: list[tuple[str, int, int]] = []
    for i, first in enumerate(tokens):
        if not (first.group()[:1].isupper() or first.group()[:1].isdigit()):
            continue
        acc = ""
        longest: tuple[str, int, int] | None = None
        for j in range(i, min(i + 4, len(tokens))):
            if j > i and text[tokens[j - 1].end() : tokens[j].start()] not in (" ", "-", ""):
                break
            acc += _squash(tokens[j].group())
            if acc in targets:
                longest = (text[first.start() : tokens[j].end()], first.start(), tokens[j].end())
            if not any(t.startswith(acc) for t in targets):
                break
        if longest is not None:
            hits.append(longest)
    return hits


def _title_from_label(label: str) -> str:
    return " ".join(part.capitalize() for part in label.split("-") if part)


def _label_match(name: str, label: str) -> float:
    """How well a name spells the domain label: 1 exactly, 0.5 as a prefix, else 0."""
    if not label:
        return 0.0
    sq, lab = _squash(name), _squash(label)
    if not sq or len(sq) < 3:
        return 0.0
    if sq == lab:
        return 1.0
    for prefix in _LABEL_PREFIXES:
        if lab == prefix + sq:
            return 1.0
    for suffix in _LABEL_SUFFIXES:
        if lab == sq + suffix:
            return 1.0
    if len(sq) >= 4 and (lab.startswith(sq) or sq.startswith(lab) or lab.endswith(sq)):
        return 0.5
    return 0.0


def find_parties(
    *,
    text: str,
    subject: str,
    signature: str,
    sender: Address | None,
    creator_name: str = "",
) -> Parties:
    """The brand and agency of an offer.

    Args:
        text: The offer's text (new text plus forwarded text), URLs and addresses removed.
        subject: The email subject.
        signature: The signature block of whoever wrote the offer.
        sender: Whoever wrote the offer (the forwarded message's sender when forwarded).
        creator_name: The creator's name, never a brand.

    Returns:
        The parties; each is None when nothing names it.
    """
    label = sender_label(sender)
    persons = _person_tokens(sender, label)
    creator = {t.lower() for t in re.findall(r"[\w'’-]+", creator_name)}
    # "meridiansocial.agency": the top-level domain says it too
    agency_domain = bool(label) and (
        is_agency_label(label) or (sender is not None and sender.domain.lower().endswith(".agency"))
    )
    candidates = _from_text(text, subject) + _from_signature(signature, persons)
    in_text = _domain_phrases(text, label)
    for phrase, start, end in in_text:
        candidates.append(_Candidate(phrase, 2.0, "domain", _snippet(text, start, end)))
    in_signature = _domain_phrases(signature, label)
    for phrase, _start, _end in in_signature:
        candidates.append(_Candidate(phrase, 1.5, "domain", phrase))
    if not in_text and not in_signature:
        # A reply whose body never names the company: the subject may ("AW: Anfrage Acme
        # Outdoor – Frühjahrskampagne"), spelled as the sender's domain.
        for phrase, _start, _end in _domain_phrases(subject, label):
            candidates.append(_Candidate(phrase, 1.5, "domain", f"Subject: {subject}"))
    if sender is not None and sender.name and _label_match(sender.name, label) > 0:
        # "Wick & Co <hello@wickandco.com>": a company display name.
        candidates.append(_Candidate(sender.name, 1.5, "display_name", f"From: {sender.name}"))

    kept: list[_Candidate] = []
    for cand in candidates:
        cleaned = clean_name(cand.name)
        if cleaned is None:
            continue
        words = {w.lower() for w in re.findall(r"[\w'’-]+", cleaned)}
        if words and (words <= persons or words <= creator):
            continue
        cand.name = cleaned
        cand.score += 3.0 * _label_match(cleaned, label)
        kept.append(cand)

    # Merge duplicates (case-insensitive), summing evidence weight.
    merged: dict[str, _Candidate] = {}
    for cand in kept:
        key = _squash(cand.name)
        if key in merged:
            best = merged[key]
            best.score += 0.5 * min(best.score, cand.score)
            best.client = best.client or cand.client
            if cand.source in ("label", "client", "intro") and best.source not in (
                "label",
                "client",
                "intro",
            ):
                best.name, best.evidence, best.source = cand.name, cand.evidence, cand.source
        else:
            merged[key] = _Candidate(cand.name, cand.score, cand.source, cand.evidence, cand.client)
    # "Solmar" (domain head) inside "Solmar Bebidas" (the full label): one candidate.
    for short_key, short in list(merged.items()):
        for long_key, long in merged.items():
            if (
                long_key != short_key
                and long_key.startswith(short_key)
                and long.name.lower().startswith(short.name.lower() + " ")
                and _label_match(long.name, label) >= max(_label_match(short.name, label), 0.5)
            ):
                long.score += short.score
                long.client = long.client or short.client
                del merged[short_key]
                break
    ranked = sorted(merged.values(), key=lambda c: -c.score)

    def agency_like(cand: _Candidate) -> bool:
        if cand.client:
            return False
        if AGENCY_WORDS.search(cand.name):
            return True
        return agency_domain and _label_match(cand.name, label) == 1.0

    clients = [c for c in ranked if c.client and not agency_like(c)]
    agencies = [c for c in ranked if agency_like(c)]
    others = [c for c in ranked if not c.client and not agency_like(c)]
    agency_name: str | None = None
    agency_ev = ""
    if agencies:
        agency_name, agency_ev = agencies[0].name, agencies[0].evidence
    elif agency_domain:
        agency_name, agency_ev = _title_from_label(label), f"sender domain {label}"

    if not agencies and agency_name is not None:
        # "nordvpn-partners.com" with "NordVPN" in the text: the brand's own domain.
        head = clients[0] if clients else (others[0] if others else None)
        if head is not None and _label_match(head.name, label) > 0:
            agency_name, agency_ev = None, ""
    if clients:
        brand = clients[0]
        if agency_name is None and _label_match(brand.name, label) == 0:
            # A company that writes on behalf of a named client is that client's agency,
            # whatever its name: the sender's own company ("Halcyon Creative" for
            # halcyoncreative.co) is the agency.
            own = [c for c in others if _label_match(c.name, label) == 1.0]
            if own:
                agency_name, agency_ev = own[0].name, own[0].evidence
        return Parties(brand.name, agency_name, brand.evidence, agency_ev)
    if agency_name is not None:
        brand_cands = [c for c in others if c.score >= 3.0]
        if brand_cands:
            brand = brand_cands[0]
            return Parties(brand.name, agency_name, brand.evidence, agency_ev)
        return Parties(None, agency_name, "", agency_ev)
    if others:
        brand = others[0]
        return Parties(brand.name, None, brand.evidence, "")
    if label:
        return Parties(_title_from_label(label), None, f"sender domain {label}", "")
    return Parties()
