"""What a draft reads as, whatever characters spell it: folding for the draft check.

Lookalike letters, invisible characters, full-width and other digits, and defanged or
spelled-out links and addresses ("example dot com", "name [at] host") are turned back into what
a reader sees, so the rules of :mod:`repflow.engine.draft_check` read the text, not its spelling.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["fold"]


#: Invisible format characters: removed before reading, and a problem of their own.
_INVISIBLE: Final = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)
_JOINERS: Final = re.compile("[\u200c\u200d]")
#: Cyrillic and Greek letters that look Latin, apostrophes, and dots that are not ASCII.
_LOOKALIKES: Final = str.maketrans(
    dict(
        zip(
            "аеорсухіјѕԁһӏոԛԝАВЕКМНОРСТХІЈЅοαικνρτυχεΑΒΕΖΗΙΚΜΝΟΡΤΥΧ’‘ʼ´。｡︒·‧∙⋅・",
            "aeopcyxijsdhlnqwABEKMHOPCTXIJSoaikvptuxeABEZHIKMNOPTYX" + "'" * 4 + "." * 8,
            strict=True,
        )
    )
)
_NON_ASCII_DIGIT: Final = re.compile(r"(?![0-9])\d")
#: ``O`` for ``0`` and ``l``/``I`` for ``1`` inside numbers ("$2,5OO", "+49 l51 ...").
_LETTER_ZEROS: Final = re.compile(r"(?:(?<=\d)|(?<=\d[,. -]))[oO]{1,12}(?![A-Za-z])")
_LETTER_ONES: Final = re.compile(r"(?<![A-Za-z])[lI](?=\d|[,.]\d)")


def fold(text: str) -> str:
    """``text`` as it reads: invisible characters dropped, NFKC, look-alikes made plain.

    Full-width and mathematical characters become ASCII (NFKC), every decimal digit becomes
    ``0``-``9``, Cyrillic and Greek look-alike letters become Latin, curly apostrophes become
    ``'`` and ideographic dots become ``.``.
    """
    text = _INVISIBLE.sub("", text)
    text = _JOINERS.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKES)
    text = _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), text)
    text = _LETTER_ZEROS.sub(lambda m: "0" * len(m.group()), text)
    return _LETTER_ONES.sub("1", text)


_DOT_WORDS: Final = "dot|punto|point|punkt|ponto|punt|kropka|nokta|titik|ドット"
_AT_WORDS: Final = "at|arroba|arobase|chez|bei|presso|chiocciola|apenstaartje|małpa|malpa|snabel-a"
#: TLDs that a spelled-out dot must precede ("evil dot xyz"): none that is also a common word
#: after "point"/"punto" in the product's languages ("point us", "el punto es").
_SPELLED_TLDS: Final = (
    "com|net|org|xyz|io|info|biz|co|app|ly|ru|cn|top|site|online|shop|store|link|click|live|"
    "dev|ai|tv|gg|uk|eu|fr|nl|br|pl|jp|club|pro|cc|ws|su|tk|ml|ga|cf|gq|pw|vip|win|bid|loan|"
    "work|me|ch|at|de|be|pt|it|se|ca|au|mx|ar|cl|tr|id|ro|cz|dk|fi|gr|hu|ie|in|kr|no|nz|za"
)
_SPELLED_DOT: Final = re.compile(
    rf"(?i)(?<=[a-z0-9])[ \t]{{0,3}}(?:{_DOT_WORDS})[ \t]{{0,3}}(?=(?:{_SPELLED_TLDS})\b)"
)
#: After words that are also ordinary words ("point de", "punto it"), these TLDs stay words.
_ORDINARY_DOT_WORDS: Final = frozenset({"point", "punto", "ponto", "punt"})
_SAFE_AFTER_WORD: Final = frozenset({"me", "at", "de", "be", "pt", "it", "se", "in", "no"})
_BRACKET_DOT: Final = re.compile(
    rf"(?i)[ \t]{{0,3}}[\[({{<][ \t]{{0,3}}(?:\.|{_DOT_WORDS})[ \t]{{0,3}}[\])}}>][ \t]{{0,3}}"
)
_BRACKET_AT: Final = re.compile(
    rf"(?i)[ \t]{{0,3}}[\[({{<][ \t]{{0,3}}(?:@|{_AT_WORDS})[ \t]{{0,3}}[\])}}>][ \t]{{0,3}}"
)
_BRACKET_COLON: Final = re.compile(r"[\[({]:[\])}]")
_SPACED_DOT: Final = re.compile(
    rf"(?<=[a-z0-9])[ \t]{{1,3}}\.[ \t]{{0,3}}(?=(?:{_SPELLED_TLDS})\b)"
)
_SPACED_AT: Final = re.compile(
    r"(?<=[\w.+-])[ \t]{1,3}@[ \t]{0,3}(?=[\w-])|(?<=[\w.+-])@[ \t]{1,3}"
)
#: "name at domain dot com": only with a spelled dot ("pay at evil.com" is a link, not an address).
_SPELLED_AT: Final = re.compile(
    rf"(?i)(?<=\w)[ \t]{{1,3}}(?:{_AT_WORDS})[ \t]{{1,3}}(?=[a-z0-9-]{{1,63}}"
    rf"(?:[ \t]{{1,3}}|[ \t]{{0,3}}[\[({{<][ \t]{{0,3}})(?:{_DOT_WORDS})\b)"
)
_HXXP: Final = re.compile(r"(?i)\bh(?:xx|\*\*|tt)p(s?)\b")


def _spelled_dot(match: re.Match[str]) -> str:
    word = match.group().strip().lower()
    tld = match.string[match.end() : match.end() + 3].lower()
    if word in _ORDINARY_DOT_WORDS and tld[:2] in _SAFE_AFTER_WORD and not tld[2:].isalpha():
        return match.group()
    return "."


def _defang(text: str) -> str:
    """Undo the usual ways of hiding a link in prose (``hxxp``, ``[.]``, ``evil dot com``)."""
    text = _HXXP.sub(r"http\1", text)
    text = _BRACKET_DOT.sub(".", text)
    text = _BRACKET_COLON.sub(":", text)
    text = _SPELLED_DOT.sub(_spelled_dot, text)
    return _SPACED_DOT.sub(".", text)


def _unhide_addresses(text: str) -> str:
    """Undo the usual ways of hiding an address (``jo [at] acme.com``, ``jo at acme dot com``)."""
    text = _defang(_SPELLED_AT.sub("@", text))
    text = _BRACKET_AT.sub("@", text)
    return _SPACED_AT.sub("@", text)
