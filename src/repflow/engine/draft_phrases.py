"""Acceptance and commitment phrases per language, for the draft check's ``acceptance`` rule.

A draft that answers anything but an acceptance must not accept (``Deal!``, ``Machen wir!``,
``Fechado!``); these patterns are matched on the folded, lower-cased draft.
"""

from __future__ import annotations

from typing import Final

__all__ = ["ACCEPTANCE_PHRASES"]

#: Ends a short phrase: punctuation, or the end of the line ("I'm in.", "Machen wir!").
_END: Final = r"(?=[!.,;]|[ \t]{0,8}(?:\n|$))"
#: Starts a sentence ("Agreed.", "Fechado!").
_SENTENCE_START: Final = r"(?:^|(?<=[.!?\n])|(?<=[.!?][ \t])|(?<=[.!?][ \t]{2}))"
#: Acceptance and commitment, per language (matched on the folded, lower-cased draft).
ACCEPTANCE_PHRASES: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        r"\bcount (?:me|us) in\b",
        r"\b(?:i|we)(?:'ll|'d| will| would| can| shall)? (?:hereby |happily |gladly |gratefully "
        r"|formally )?(?:accept|agree to|commit to)\b",
        r"\b(?:happy|glad|delighted|pleased|thrilled|excited) to (?:accept|commit|sign)\b",
        r"\b(?:ok|okay|alright|fine|then),? deal\b|\bgood to go\b",
        r"\bi (?:hereby )?confirm\b",
        r"\bwe (?:hereby )?confirm (?:the|our|this) (?:deal|partnership|collab\w*|offer|booking)\b",
        r"\b(?:i'm|im|i am|we're|we are) (?:so |very |really )?(?:happy|glad|delighted|pleased|"
        r"thrilled|excited) to (?:accept|confirm|commit|go ahead|proceed|move forward|sign|do it|"
        r"take (?:it|this) on|say yes)\b",
        r"\b(?:offer|deal|proposal|terms) (?:is |are )?accepted\b",
        r"\baccepted[!.]",
        r"(?<!once )(?<!when )(?<!if )(?<!be )(?<!been )(?<!you )(?<!you've )(?<!have )"
        r"\bconfirmed\b",
        r"\bit'?s a deal\b",
        r"\bdeal ?!",
        r"\b(?:we|you)(?:'ve| have)? (?:got )?(?:a|yourself a) deal\b",
        r"\bdone deal\b|\bdeal done\b|\bconsider it done\b|\bsign me up\b",
        r"\blet'?s (?:do (?:it|this)|go (?:ahead|for it)|make it happen|lock (?:it|this) in|"
        r"get (?:it|this) done|move forward)\b",
        rf"\b(?:i'm|i am|we're|we are) (?:in{_END}|on board|game\b|all in\b)",
        rf"{_SENTENCE_START}agreed\b",
        r"\bsounds (?:good|great|perfect),? let'?s\b",
        r"\b(?:i|we)(?:'ll| will) (?:take (?:it|the deal|the offer|you up)|do it|sign)\b",
        r"\bworks for me\b|\bwe're all set\b|\byou have my word\b|\bi say yes\b|\blocked in\b",
        r"\byes to (?:the|your) (?:offer|deal|proposal)\b",
        r"\b(?:happy|glad|delighted|thrilled) to (?:do (?:it|this)|take (?:it|this) on)\b",
    ),
    "de": (
        r"\bich (?:akzeptiere|bestätige|sage zu|bin dabei|bin einverstanden|mache (?:es|das|mit)|"
        r"mach das|bin am start)\b",
        r"\b(?:nehme|nehmen) (?:das|euer|ihr|dein) ?(?:angebot )?(?:gerne? )?an\b",
        r"\babgemacht\b|\bgebongt\b|\bzugesagt\b|\bbestätigt\b",
        r"\b(?:bin|sind) (?:damit )?einverstanden\b|\beinverstanden[!.]",
        rf"\bmachen wir(?: das| es)?{_END}",
        r"\blass(?:t)? (?:es|uns) (?:machen|loslegen)\b",
        r"\bwir sind im geschäft\b|\bpasst für mich\b|\bzählt auf mich\b",
        r"\bsage (?:ich )?(?:gerne? )?zu\b",
    ),
    "fr": (
        r"\bj'?accepte\b|\bnous acceptons\b|\bje suis partant|\bmarché conclu\b",
        r"\bc'?est d'?accord\b|\bje suis d'?accord\b|\bd'?accord ?!",
        r"\bça marche\b|\bc'?est parti\b|\bje (?:confirme|valide|m'?engage)\b",
        r"\bconfirmée?\b|\bvalidé\b|\btope[zs]? là\b|\btopons là\b|\bcomptez sur moi\b",
        r"\ballons-y\b|\bfaisons-le\b|\bje dis oui\b|\bok pour moi\b|\bon fait ça\b",
    ),
    "es": (
        r"\bacepto\b|\baceptamos\b|\btrato hecho\b|\bcuenta[dn]? conmigo\b|\bme apunto\b",
        r"\bconfirmado\b|\bconfirmo\b|¡hecho|\bhecho ?!|\bvamos a ello\b|\bhagámoslo\b",
        rf"\blo hacemos{_END}",
        r"\bme comprometo\b|\bestoy dentro\b|\bde acuerdo,? (?:lo hago|acepto|adelante)\b",
        r"\bcerramos (?:el )?trato\b|\btenemos un trato\b|\bdigo que sí\b",
    ),
    "pt": (
        r"\baceito\b|\baceitamos\b|\bnegócio fechado\b|\btrato feito\b",
        rf"{_SENTENCE_START}(?:fechado|combinado)\b|\b(?:fechado|combinado) ?!",
        r"\b(?:tá|está) (?:fechado|combinado)\b",
        r"\bpode[m]? contar comigo\b|\bconte[m]? comigo\b|\beu topo\b|\btopo ?!",
        r"\bestou dentro\b|\btô dentro\b|\bvamos nessa\b|\bvamos fechar\b|\bfechou\b|\bbora\b",
        r"\bfechamos\b|\bme comprometo\b",
    ),
    "it": (
        r"\baccetto\b|\baccettiamo\b|\baffare fatto\b|\bcontate su di me\b|\bcontaci\b",
        rf"\bci sto{_END}",
        r"\bconfermato\b|\bconfermo\b|\bfacciamolo\b|\b(?:sono|siamo|sarei) d'?accordo\b",
        r"\bmi impegno\b|\bsono dentro\b|\bsi parte ?!|\b(?:ok|va bene),? lo faccio\b",
        r"\bdico di sì\b",
    ),
    "nl": (
        r"\bik (?:accepteer|ga akkoord|doe mee|ben erbij|neem (?:het|dit|je|jullie) "
        r"(?:aanbod )?aan|bevestig|zeg ja|ga ervoor|teken)\b",
        r"\bwe (?:accepteren|gaan akkoord)\b|\bakkoord[!.]|\bafgesproken\b",
        r"\bwe hebben een deal\b|\breken (?:maar )?op mij\b|\bbevestigd\b",
        r"\blaten we het doen\b|\bdoen we ?!|\bdat doen we\b|\bik ben van de partij\b",
    ),
    "pl": (
        r"\bakceptuję\b|\bprzyjmuję\b|\bwchodzę w to\b|\bumowa stoi\b|\bzgadzam się\b",
        r"\bpotwierdzam\b|\bpotwierdzone\b|\bzróbmy to\b|\bdobiliśmy targu\b|\bbiorę to\b",
    ),
    "sv": (
        r"\bjag (?:accepterar|tackar ja|är med|bekräftar|tar det)\b|\bvi kör\b|\bkör på\b",
        r"\bdet är en deal\b|\bbekräftat\b|\böverenskommet\b|\bvi har en deal\b",
    ),
    "tr": (
        r"\bkabul ediyorum\b|\bkabul ettim\b|\banlaştık\b|\bvar[iı]m\b|\bonayl[iı]yorum\b",
        r"\bonayland[iı]\b|\byapal[iı]m\b|\bteklifi kabul\b",
    ),
    "id": (
        r"\bsaya (?:terima|setuju|ambil|konfirmasi|ikut)\b|\bsepakat\b|\bdeal ya\b",
        r"\bdikonfirmasi\b|\bayo kita (?:lakukan|mulai)\b",
    ),
    "ja": (
        r"お受けします|お引き受けします|引き受けます|承諾します|契約成立|確定です|確定しました",
        r"ぜひやらせてください|やらせていただきます|同意します|決まりです|受諾します",
    ),
}
