"""HTML: what a reader cannot see, and where links go."""

from __future__ import annotations

import bisect
import functools
import html as html_lib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from repflow.engine.signals.rules import _WS
from repflow.engine.signals.verdicts import _MAX_HTML, _MAX_TEXT

# --------------------------------------------------------------------------------------------
# HTML: what a reader cannot see, and where links go
# --------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"<!--(.*?)(?:-->|$)"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|<![^>]*>|<\?[^>]*>",
    re.DOTALL,
)
_ATTR = re.compile(r"([a-zA-Z_:][\w:.-]*)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.IGNORECASE | re.DOTALL)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr", "basefont", "frame", "keygen"}
)  # fmt: skip
_INVISIBLE_TAGS = frozenset({"script", "template", "title", "noscript", "xml", "object", "head"})
_HIDE_DECL = re.compile(
    r"display:none|visibility:(?:hidden|collapse)|opacity:0?\.?0*(?:[;!]|$)"
    r"|font-size:(?:0(?:px|pt|em|rem|%)?|[01](?:\.0+)?px|0?\.[0-3]\d*(?:em|rem))(?:[;!]|$)"
    r"|(?:max-)?height:0(?:px|pt|em|%)?(?:[;!]|$).*overflow:hidden"
    r"|overflow:hidden.*(?:max-)?height:0(?:px|pt|em|%)?(?:[;!]|$)"
    r"|(?:max-)?width:0(?:px)?(?:[;!]|$).*overflow:hidden"
    r"|overflow:hidden.*(?:max-)?width:0(?:px)?(?:[;!]|$)"
    r"|(?:left|top|right|bottom|margin-left|margin-top|text-indent):-\d{3,}"
    r"|clip:rect\(0(?:px)?,?0(?:px)?,?0(?:px)?,?0(?:px)?\)|clip-path:inset\((?:50|100)%"
    r"|transform:scale\(0\)|mso-hide:all"
)
_COLOR = re.compile(r"(?:^|;)color:([^;!]+)")
_BACKGROUND = re.compile(r"background(?:-color)?:([^;!]+)")
_WHITE = frozenset({"#fff", "#ffffff", "white", "rgb(255,255,255)", "#fefefe", "#fffffe",
                    "rgba(255,255,255,1)", "#ffffffff", "hsl(0,0%,100%)"})  # fmt: skip
_TRANSPARENT = frozenset({"transparent", "rgba(0,0,0,0)", "rgba(255,255,255,0)", "none"})
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_MEDIA = re.compile(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*(.*?)\*/", re.DOTALL)
_CLASS_SELECTOR = re.compile(r"\.([A-Za-z_][\w-]*)\s*$")
_CSS_SPACE = str.maketrans("", "", " \t\r\n")


_TAG_NAME = re.compile(r"/?[a-zA-Z][a-zA-Z0-9:-]*")
_STYLE_OPEN = re.compile(r"<style", re.IGNORECASE)
_STYLE_CLOSE = re.compile(r"</style>", re.IGNORECASE)


def _after(positions: list[int], at: int) -> int | None:
    """The first of the sorted ``positions`` at or after ``at``."""
    i = bisect.bisect_left(positions, at)
    return positions[i] if i < len(positions) else None


class _TagEnds:
    """Where the attributes of a tag end: the ``>`` that closes it, quotes skipped.

    ``_TOKEN`` reads a tag's attributes as any run of ``[^>"']`` and quoted strings; that run is
    the same whatever ``<`` it starts from once two runs meet, so each is followed once and
    remembered. Matching ``_TOKEN`` itself at every ``<`` costs the rest of the text each time
    a tag never closes (``<a href="x" <a href="x" ...``).
    """

    def __init__(self, html: str) -> None:
        self._html = html
        self._specials = [m.start() for m in re.finditer(r"[>\"']", html)]
        self._quotes = {q: [m.start() for m in re.finditer(q, html)] for q in "\"'"}
        self._memo: dict[int, int | None] = {}

    def close(self, start: int) -> int | None:
        """The index of the ``>`` that ends attributes read from ``start``; None: none does."""
        path: list[int] = []
        pos: int | None = start
        result: int | None = None
        while pos is not None:
            if pos in self._memo:
                result = self._memo[pos]
                break
            path.append(pos)
            special = _after(self._specials, pos)
            if special is None:
                result = None
                break
            char = self._html[special]
            if char == ">":
                result = special
                break
            closing = _after(self._quotes[char], special + 1)
            pos = None if closing is None else closing + 1
        for seen in path:
            self._memo[seen] = result
        return result


def _html_tokens(html: str) -> Iterator[re.Match[str]]:
    """``_TOKEN.finditer(html)``, in linear time: ``_TOKEN`` is only matched where it matches."""
    ends = _TagEnds(html)
    last_gt = html.rfind(">")
    pos = 0
    while (p := html.find("<", pos)) >= 0:
        pos = p + 1
        nxt = html[p + 1 : p + 2]
        if html.startswith("<!--", p):
            matches = True
        elif nxt in ("!", "?"):
            matches = last_gt >= p + 2
        else:
            name = _TAG_NAME.match(html, p + 1)
            matches = name is not None and ends.close(name.end()) is not None
        if matches:
            m = _TOKEN.match(html, p)
            if m is not None:
                yield m
                pos = m.end()


def _style_blocks(html: str) -> Iterator[re.Match[str]]:
    """``_STYLE_BLOCK.finditer(html)``, in linear time.

    An opening with no ``>`` and ``</style>`` after it is never matched, nor any after it.
    """
    gts = [m.start() for m in re.finditer(">", html)]
    closes = [m.start() for m in _STYLE_CLOSE.finditer(html)]
    pos = 0
    while (opening := _STYLE_OPEN.search(html, pos)) is not None:
        gt = _after(gts, opening.end())
        if gt is None or _after(closes, gt + 1) is None:
            return
        m = _STYLE_BLOCK.match(html, opening.start())
        if m is None:
            return
        yield m
        pos = m.end()


@dataclass(frozen=True, slots=True)
class _HtmlScan:
    hidden: str
    links: tuple[tuple[str, str], ...]


def _hidden_classes(css: str) -> set[str]:
    """Class names that ``<style>`` rules hide (rules inside ``@media`` blocks are ignored)."""
    hidden: set[str] = set()
    for m in _CSS_RULE.finditer(_CSS_MEDIA.sub(" ", css)):
        if _HIDE_DECL.search(m.group(2).lower().translate(_CSS_SPACE)):
            for selector in m.group(1).split(","):
                cm = _CLASS_SELECTOR.search(selector.strip())
                if cm:
                    hidden.add(cm.group(1).lower())
    return hidden


def _hides(attrs: Mapping[str, str], style: str, has_bg: bool, hidden_classes: set[str]) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
        return True
    if style and _HIDE_DECL.search(style):
        return True
    if hidden_classes and any(c.lower() in hidden_classes for c in attrs.get("class", "").split()):
        return True
    col = _COLOR.search(style) if style else None
    if col:
        colour = col.group(1).strip()
        bg = _BACKGROUND.search(style)
        if bg and colour == bg.group(1).strip():
            return True
        return colour in _WHITE and not has_bg
    # the old <font color="#ffffff"> attribute paints text like the CSS property
    font_colour = attrs.get("color", "").lower().replace(" ", "")
    return font_colour in _WHITE and not has_bg


@functools.lru_cache(maxsize=16)
def _scan_html(html: str) -> _HtmlScan:
    """Text a reader of ``html`` cannot see, and every link with its visible text."""
    html = html[:_MAX_HTML]
    hidden_parts: list[str] = []
    links: list[tuple[str, str]] = []
    hidden_classes: set[str] = set()
    for block in _style_blocks(html):
        hidden_classes |= _hidden_classes(block.group(1))
        hidden_parts.extend(c.group(1) for c in _CSS_COMMENT.finditer(block.group(1)))
    stack: list[tuple[str, bool, bool]] = []  # (tag, hidden, on a coloured background)
    anchor: tuple[str, list[str]] | None = None
    pos = 0
    raw_text_until = ""  # inside <style>/<script>: skip to the closing tag
    for m in _html_tokens(html):
        text = html[pos : m.start()]
        pos = m.end()
        tag = (m.group(3) or "").lower()
        if raw_text_until:
            if m.group(2) and tag == raw_text_until:
                if tag == "script":
                    hidden_parts.append(text)
                raw_text_until = ""
            continue
        if text:
            if "&" in text:
                text = html_lib.unescape(text)
            if stack and stack[-1][1]:
                hidden_parts.append(text)
            elif anchor is not None:
                anchor[1].append(text)
        if m.group(1) is not None:
            hidden_parts.append(m.group(1))
            continue
        if not tag:
            continue
        if m.group(2):  # end tag
            if tag == "a" and anchor is not None:
                links.append((anchor[0], "".join(anchor[1]).strip()))
                anchor = None
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == tag:
                    del stack[k:]
                    break
            continue
        attrs_raw = m.group(4) or ""
        if tag == "body":
            stack.clear()  # an unclosed <head> must not hide the body
        if tag in {"style", "script"} and not attrs_raw.rstrip().endswith("/"):
            raw_text_until = tag
            continue
        hidden = bool(stack and stack[-1][1]) or tag in _INVISIBLE_TAGS
        has_bg = bool(stack and stack[-1][2])
        href = None
        if attrs_raw.strip():
            attrs = {
                a.group(1).lower(): html_lib.unescape((a.group(2) or "").strip("\"'"))
                for a in _ATTR.finditer(attrs_raw)
            }
            style = attrs.get("style", "").lower().translate(_CSS_SPACE)
            bg = _BACKGROUND.search(style)
            bg_value = bg.group(1) if bg else attrs.get("bgcolor", "").lower().strip() or None
            if bg_value and bg_value not in _TRANSPARENT and not bg_value.startswith("url("):
                has_bg = bg_value not in _WHITE
            if not hidden:
                hidden = _hides(attrs, style, has_bg, hidden_classes)
            if tag == "a":
                href = attrs.get("href")
            elif tag == "input" and attrs.get("type", "").lower() == "hidden":
                hidden_parts.append(attrs.get("value", ""))
            elif tag == "img" and hidden:
                hidden_parts.append(attrs.get("alt", ""))
        if tag == "a" and href is not None and not hidden:
            if anchor is not None:
                links.append((anchor[0], "".join(anchor[1]).strip()))
            anchor = (href, [])
        if tag in _VOID or attrs_raw.rstrip().endswith("/"):
            continue
        stack.append((tag, hidden, has_bg))
        if len(stack) > 500:
            del stack[:100]
    if anchor is not None:
        links.append((anchor[0], "".join(anchor[1]).strip()))
    hidden_text = _WS.sub(" ", " ".join(p for p in hidden_parts if p and not p.isspace()))
    return _HtmlScan(hidden_text.strip()[:_MAX_TEXT], tuple(links[:500]))
