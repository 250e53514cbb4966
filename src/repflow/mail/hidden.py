"""Text an HTML email hides from its reader: the classic carrier of prompt injections.

HTML comments with words in them, and elements styled ``display:none``, ``visibility:hidden``,
``font-size:0``, ``opacity:0`` or white text, that still contain text. A person reading the mail
never sees it; a model reading the markup or its text does. The automatic-send gate holds a
reply to such mail as a draft, whatever the engine made of it. Shapes of markup only: no
language is needed, and every pattern is bounded (linear on any input).
"""

from __future__ import annotations

import re

__all__ = ["hidden_text"]

_MAX_SCAN = 1_000_000
_COMMENT = re.compile(r"<!--(.{0,5000}?)-->", re.DOTALL)
#: Outlook's conditional comments carry markup, not words.
_CONDITIONAL = re.compile(r"^\s*\[(?:if|endif)", re.IGNORECASE)
_HIDING_STYLE = re.compile(
    r"""<([a-z][a-z0-9]{0,10})\b[^>]{0,2000}?\bstyle\s{0,5}=\s{0,5}(["'])([^"'>]{0,2000})\2"""
    r"""[^>]{0,2000}>([^<]{0,5000})""",
    re.IGNORECASE,
)
_HIDDEN_RULE = re.compile(
    r"display\s{0,5}:\s{0,5}none|visibility\s{0,5}:\s{0,5}hidden|"
    r"font-size\s{0,5}:\s{0,5}0(?:\.0{1,4})?(?:px|pt|em|rem|%)?\s{0,5}(?:;|$|!)|"
    r"opacity\s{0,5}:\s{0,5}0(?:\.0{1,4})?\s{0,5}(?:;|$|!)|"
    r"(?<![-\w])color\s{0,5}:\s{0,5}(?:#fff(?:fff)?\b|white\b|rgb\(\s{0,3}255\s{0,3},"
    r"\s{0,3}255\s{0,3},\s{0,3}255\s{0,3}\))",
    re.IGNORECASE,
)
#: ``<font color="#ffffff">``: white text the old way.
_WHITE_FONT = re.compile(
    r"""<font\b[^>]{0,2000}?\bcolor\s{0,5}=\s{0,5}["']?\s{0,3}(?:#fff(?:fff)?|white)\b"""
    r"""[^>]{0,2000}>([^<]{0,5000})""",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{2,}")


def _wordy(text: str) -> bool:
    # Three words (or a run of CJK text) is a message; a lone "&nbsp;" spacer is not.
    words = _WORD.findall(text)
    return len(words) >= 3 or any(len(word) >= 6 for word in words)


def hidden_text(html: str | None) -> tuple[str, ...]:
    """How ``html`` hides text from its reader, e.g. ``("an HTML comment", "display:none")``.

    Args:
        html: The email's HTML body, if any.

    Returns:
        The hiding techniques found with text in them; empty when none.
    """
    if not html:
        return ()
    html = html[:_MAX_SCAN]
    found: list[str] = []
    for match in _COMMENT.finditer(html):
        body = match.group(1)
        if not _CONDITIONAL.match(body) and _wordy(body):
            found.append("an HTML comment")
            break
    for match in _HIDING_STYLE.finditer(html):
        rule = _HIDDEN_RULE.search(match.group(3))
        if rule is not None and _wordy(match.group(4)):
            found.append(re.sub(r"\s+", "", rule.group(0).lower()).rstrip(";!"))
    for match in _WHITE_FONT.finditer(html):
        if _wordy(match.group(1)):
            found.append("white font")
            break
    return tuple(dict.fromkeys(found))
