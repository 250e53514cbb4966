"""Adversarial mail bodies for the regex-speed test and bench: shapes that make a backtracking
pattern retry a long run at every position, and ordinary mail of the same size to compare with.

One reader (:func:`read`) runs what a message meets before any store call: the mail layer
(parse, trim, screen, thread keys) and the heuristic engine's ``assess`` (which runs the scam
and injection signals and the money reader).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path

from repflow.domain.profile import CreatorProfile
from repflow.engine.heuristic.assess import assess_email
from repflow.engine.port import ThreadContext
from repflow.mail.parse import parse_email
from repflow.mail.screen import screen_email
from repflow.mail.thread import thread_keys
from repflow.mail.trim import trim_body

LABELLED = Path(__file__).resolve().parents[1] / "corpus" / "labelled"


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


@cache
def _ordinary_text() -> str:
    texts = [parse_email(p.read_bytes()).text for p in sorted(LABELLED.glob("*.eml"))]
    return "\n\n".join(texts)


def ordinary(n: int) -> str:
    """``n`` characters of real offers, scams and replies (the labelled corpus, repeated)."""
    return _repeat(_ordinary_text())(n)


#: Plain-text bodies: name -> body of about n characters.
TEXT_SHAPES: dict[str, Callable[[int], str]] = {
    "1.1.1.": _repeat("1.1.1."),
    "1,": _repeat("1,"),
    "a@": _repeat("a@"),
    "a.a@": _repeat("a.a@"),
    "dots": _repeat("."),
    "spaces": lambda n: "x" + " " * n + "x",
    "digits": _repeat("9"),
    "1.234,5": _repeat("1.234,5"),
    "1 234.567,89 ": _repeat("1 234.567,89 "),
    "$1": _repeat("$1"),
    "$5k-": _repeat("$5k-"),
    "1%": _repeat("1%"),
    "1'": _repeat("1'"),
    "((()))": lambda n: "(" * (n // 2) + ")" * (n // 2),
    "[[]]": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "<<<": _repeat("<"),
    "aaa": _repeat("a"),
    "a-": _repeat("a-"),
    "a.": _repeat("a."),
    "a.b-": _repeat("a.b-"),
    "a/": _repeat("a/"),
    "-.-/": _repeat("-.-/"),
    "x@a.com/": _repeat("x@a.com/"),
    "___": _repeat("_"),
    "---": _repeat("-"),
    "a:": _repeat("a:"),
    "a\\n": _repeat("a\n"),
    "--\\n": _repeat("--\n"),
    "> hi\\n": _repeat("> hi\n"),
    "From: a\\n": _repeat("From: a\n"),
    "www.": _repeat("www."),
    "http://": _repeat("http://"),
    "a. ": _repeat("a. "),
    "a\u200b": _repeat("a\u200b"),
    "ignore ": _repeat("ignore "),
    "QUJD": _repeat("QUJD"),
}
#: HTML bodies (sent as text/html).
HTML_SHAPES: dict[str, Callable[[int], str]] = {
    "<div>": _repeat("<div>"),
    "<b>x</b>": _repeat("<b>x</b>"),
    '<a href="x" ': _repeat('<a href="x" '),
    '<div style="display:none">x': _repeat('<div style="display:none">x'),
    "<style>a{": lambda n: "<style>" + "a{" * (n // 2),
    "<style><style": _repeat("<style"),
    "<!--": _repeat("<!--"),
    "<!": _repeat("<!"),
}


def ordinary_html(n: int) -> str:
    """Ordinary mail of about ``n`` characters as HTML paragraphs."""
    lines = ordinary(n).splitlines()
    return "<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>"


def message(body: str, *, html: bool = False) -> bytes:
    """A complete message from a brand to the creator with ``body`` as its only part."""
    head = (
        "From: Brand Team <team@brand.example>\nTo: Maya <maya@repflow.example>\n"
        "Subject: Collab\nDate: Mon, 02 Mar 2026 10:00:00 +0000\n"
        "Message-ID: <x@brand.example>\nMIME-Version: 1.0\n"
        f"Content-Type: text/{'html' if html else 'plain'}; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n\n"
    )
    return head.encode() + body.encode("utf-8")


CREATOR = CreatorProfile(id="maya", name="Maya Lopez", addresses=("maya@repflow.example",))


def read(data: bytes) -> None:
    """Everything a message meets before the store: the mail layer and the heuristic engine."""
    email = parse_email(data)
    trimmed = trim_body(email.text, sender_name="Brand Team", subject=email.subject)
    screen_email(email, own_addresses=CREATOR.addresses)
    thread_keys(email)
    thread = ThreadContext(
        thread_id="t", creator=CREATOR, trimmed=trimmed, now=datetime(2026, 3, 1)
    )
    assess_email(email, thread)
