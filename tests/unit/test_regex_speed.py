"""No message is slow: no pattern on mail text backtracks over a long run at every position.

Two kinds of check, neither an absolute time bound (speed figures are measured in
``bench/regex_speed.py``):

* the linear scanners that replaced quadratic patterns give exactly what the patterns gave
  (``strip_urls`` against ``URL_PATTERN``; the HTML tokeniser and ``<style>`` finder of the
  signals, and the parser's script/style and tag removal, against their patterns), on random
  strings over the characters that matter;
* a doubling-ratio check: reading a 4x longer adversarial message costs well under 16x (what a
  quadratic pattern costs), measured on the best of a few runs.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repflow.engine.heuristic.textutil import URL_PATTERN, strip_urls
from repflow.engine.signals import hidden_html as html_signals
from repflow.mail import parse
from tests.unit.adversarial import HTML_SHAPES, TEXT_SHAPES, message, read

_URL_PIECES = [
    *"ab1-._+@/: wWhtpsKé",
    "\u017f",  # long s: matches "s" case-insensitively
    "\u212a",  # Kelvin sign: matches "k" case-insensitively
    "www.",
    "http://",
    "https://",
    ".com/",
    ".co.uk/",
    "@x.com",
    "..",
    "--",
    "lin\u212a/",
]
_HTML_PIECES = [
    *"<>\"'ab /!?-=x\n:",
    "<!--",
    "-->",
    "<a ",
    "<style>",
    "</style>",
    "<STYLE",
    "</\u017ftyle>",
]


def _joined(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=24).map("".join)


@settings(max_examples=3000)
@given(_joined(_URL_PIECES))
def test_strip_urls_is_the_url_pattern(text: str) -> None:
    assert strip_urls(text) == re.sub(URL_PATTERN, " ", text)


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=3000)
@given(_joined(_HTML_PIECES))
def test_html_tokens_are_the_token_pattern(html: str) -> None:
    assert _spans(html_signals._html_tokens(html)) == _spans(html_signals._TOKEN.finditer(html))
    assert _spans(html_signals._style_blocks(html)) == _spans(
        html_signals._STYLE_BLOCK.finditer(html)
    )


_SCRIPT_PIECES = [
    *"<>a /x\n",
    "<script>",
    "</script>",
    "<style",
    "</style >",
    "<STYLE>",
    "</Style>",
    "\u017ftyle",
    "<scriptx",
    "</script\t>",
]


@settings(max_examples=3000)
@given(_joined(_SCRIPT_PIECES))
def test_html_cleanup_is_its_patterns(html: str) -> None:
    assert parse._drop_script_style(html) == parse._SCRIPT_STYLE.sub(" ", html)
    assert parse._drop_tags(html) == parse._TAG.sub(" ", html)


def _best_time(data: bytes, rounds: int = 5) -> float:
    # CPU time of this process: other work on a loaded machine does not count against it.
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        read(data)
        best = min(best, time.process_time() - started)
    return best


#: Sizes of the doubling check: the engine reads at most 30,000 characters of new text and the
#: signals 100,000, so superlinear engine patterns show below those; the mail layer reads all.
_SMALL, _LARGE = 2_500, 10_000
_SHAPES = [(name, False) for name in TEXT_SHAPES] + [(name, True) for name in HTML_SHAPES]


@pytest.mark.parametrize(("name", "html"), _SHAPES, ids=[name for name, _ in _SHAPES])
def test_no_pattern_is_superlinear(name: str, html: bool) -> None:
    shape = (HTML_SHAPES if html else TEXT_SHAPES)[name]
    small_message = message(shape(_SMALL), html=html)
    large_message = message(shape(_LARGE), html=html)
    read(small_message)  # warm caches
    ratio = 0.0
    for _attempt in range(2):  # a busy machine gets a second measurement
        small = _best_time(small_message)
        large = _best_time(large_message)
        # Linear: 4x; quadratic: 16x. A floor of 10 ms keeps timer noise out of tiny runs.
        ratio = large / max(small, 0.01)
        if ratio < 10:
            break
    assert ratio < 10, f"{name}: {small:.4f}s -> {large:.4f}s"
