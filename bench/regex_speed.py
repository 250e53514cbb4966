"""No input is slow: adversarial messages against ordinary mail of the same size.

Each adversarial shape (``tests/unit/adversarial.py``: ``1.1.1.``, ``"1,"``, runs of ``a@``,
dots, digits with separators, brackets, long lines without spaces, HTML with many tags ...)
is read the way a message is read before the store (parse, trim, screen, thread keys, the
heuristic engine's ``assess``) at 10 KB, 100 KB and 1 MB, and its time is divided by the
median time of ordinary mail of the same size (five slices of the labelled corpus, as text and
as HTML). Writes "## Regex audit" in bench/RESULTS.md, keeping the figures measured before the
audit.
"""

from __future__ import annotations

import statistics
import time

from _results import machine, write_section
from tests.unit.adversarial import (
    HTML_SHAPES,
    TEXT_SHAPES,
    _ordinary_text,
    message,
    ordinary_html,
    read,
)

SIZES = (10_000, 100_000, 1_000_000)
HEADING = "Regex audit"
BEFORE = """Before the audit (same machine, whole read of one message; `>30 s` was stopped):

| shape | 10 KB | 40 KB |
|---|---:|---:|
| ordinary mail | 0.38 s | 0.60 s |
| `1.1.1.` repeated | 23.6 s | >30 s |
| `1,` repeated | 16.5 s | 16.6 s |
| `1.234,5` repeated | 16.2 s | 22.2 s |
| `9` repeated | >30 s | >30 s |
| `a.` repeated | 8.4 s | 11.6 s |
| `a-` repeated | 7.0 s | 6.1 s |
| `<a href="x" ` repeated (HTML) | 0.44 s | 7.9 s |
| `<style` repeated, 320 KB (HTML) | | 18.6 s |

The causes: the URL pattern of `strip_urls` (`\\b[\\w-]+(?:\\.[\\w-]+)*\\.(?:com|...)/` and
`[\\w.+-]+@...` retried a whole run of dots and word characters at every position), the digit
runs of the classifier's money cues (`\\d[\\d,.]*` before a currency, likewise), the signals'
HTML tokeniser (an unclosed tag's attributes scanned to the end of the text from every `<`), and
the parser's script/style removal (every unclosed `<style` scanned to the end)."""


def _best(data: bytes, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        read(data)
        best = min(best, time.perf_counter() - started)
    return best


def _ordinary_messages(n: int) -> list[bytes]:
    text = _ordinary_text()
    step = len(text) // 5
    out = []
    for k in range(5):
        rotated = text[k * step :] + "\n\n" + text[: k * step]
        body = (rotated * (n // len(rotated) + 1))[:n]
        out.append(message(body))
    out.append(message(ordinary_html(n), html=True))
    return out


def main() -> None:
    read(message("warm up"))
    rows: dict[str, list[float]] = {}
    medians = []
    for n in SIZES:
        median = statistics.median(_best(m) for m in _ordinary_messages(n))
        medians.append(median)
        for name, shape in TEXT_SHAPES.items():
            rows.setdefault(f"`{name!r}`", []).append(_best(message(shape(n)), 1) / median)
        for name, shape in HTML_SHAPES.items():
            ratio = _best(message(shape(n), html=True), 1) / median
            rows.setdefault(f"`{name!r}` (HTML)", []).append(ratio)
    worst = sorted(rows.items(), key=lambda item: -max(item[1]))[:12]
    lines = [
        "| shape | " + " | ".join(f"{n // 1000} KB" for n in SIZES) + " |",
        "|---|" + "---:|" * len(SIZES),
        "| ordinary mail (median, seconds) | " + " | ".join(f"{m:.2f} s" for m in medians) + " |",
    ]
    lines += [
        f"| {name} | " + " | ".join(f"{r:.1f}x" for r in ratios) + " |" for name, ratios in worst
    ]
    worst_ratio = max(max(r) for r in rows.values())
    body = f"""
{machine()}. `python bench/regex_speed.py`. Every adversarial shape of
`tests/unit/adversarial.py` ({len(rows)} shapes) read as a whole message (parse, trim, screen,
thread keys, heuristic `assess`), as a multiple of the median time of ordinary mail of the same
size; the twelve slowest shapes are listed. Slowest of all: {worst_ratio:.1f}x.

{chr(10).join(lines)}

What is left above a few times the median is linear work per line or per amount, not
backtracking: line-dense text (`--\\n`, `a\\n`, `From: a\\n`: trim looks at every line) and
amount-dense text (`$1` repeated: the money reader weighs the words around each amount). The
doubling-ratio check in `tests/unit/test_regex_speed.py` keeps every shape linear.

{BEFORE}
"""
    write_section(HEADING, body)
    print(body)


if __name__ == "__main__":
    main()
