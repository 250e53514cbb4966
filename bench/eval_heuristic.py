"""Accuracy and safety of the deal desk on the labelled corpora, heuristic engine.

Runs :func:`repflow.evaluation.run_eval` over ``tests/corpus/labelled`` (the corpus the rules
were written against) and ``tests/corpus/heldout`` (mail written without reading the engine)
with the example creator config (``examples/repflow.toml``), and writes the figures into
bench/RESULTS.md under "## Evaluation (heuristic engine)" and "## Held-out evaluation",
replacing those sections and keeping the others.
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter

from _results import ROOT, machine, write_section

from repflow.config import load_config
from repflow.evaluation import EvalReport, Ratio, run_eval

CORPUS = ROOT / "tests" / "corpus" / "labelled"
LABELS = CORPUS / "labels.jsonl"
HEADING = "Evaluation (heuristic engine)"
HELDOUT = ROOT / "tests" / "corpus" / "heldout"
HELDOUT_HEADING = "Held-out evaluation"
#: The held-out corpus's first contact with the engine (commit 'Held-out labelled corpus'),
#: before any rule was changed for it: the one honest figure for unseen mail so far.
FIRST_CONTACT = """| measure | first contact (unseen) | now (after fixing what it showed) |
|---|---:|---:|
| offer precision / recall / F1 | 92.0% / 93.9% / 92.9% | {precision} / {recall} / {f1} |
| category accuracy | 89.7% (78/87) | {category} |
| scams flagged | 81.8% (9/11) | {scams} |
| injections flagged | 75.0% (3/4) | {injections} |
| replies to scams / injections | 1 (a draft to an injection in German) | {risky} |
| replies where none is expected | 3 | {unexpected} |
| replies where one is expected | 93.5% (43/46) | {expected} |
| brand / agency | 87.8% / 20.0% | {brand} / {agency} |
| budget / currency | 90.7% / 93.0% | {budget} / {currency} |
| partnership type | 89.8% | {ptype} |
| deadline | 86.4% | {deadline} |
| deliverables | 83.0% | {deliverables} |"""


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def ratio(r: Ratio) -> str:
    return f"{pct(r.value)} ({r.hits}/{r.total})"


def floor(ok: bool) -> str:
    return "met" if ok else "**missed**"


def at_least(value: float | None, minimum: float) -> bool:
    return value is not None and value >= minimum


def composition(report: EvalReport) -> str:
    counts = Counter(e.label.category for e in report.emails)
    scams = sum(1 for e in report.emails if e.label.scam and not e.label.injection)
    injections = sum(1 for e in report.emails if e.label.injection)
    both = sum(1 for e in report.emails if e.label.injection and e.label.scam)
    genuine = sum(
        1 for e in report.emails if e.label.category == "sponsorship" and not e.label.injection
    )
    return (
        f"{genuine} genuine offers, {counts['deal_follow_up']} thread follow-ups, "
        f"{scams} scams, {injections} prompt injections ({both} of them also scams), "
        f"{counts['auto_reply']} auto-replies + {counts['bounce']} bounces, "
        f"{counts['newsletter']} newsletters, {counts['vendor_pitch']} vendor pitches, "
        f"{counts['personal'] + counts['fan_mail'] + counts['other']} personal / fan / other"
    )


def body(report: EvalReport) -> str:
    fields = report.field_accuracy
    budget, ptype = fields["budget"].value, fields["partnership_type"].value
    rows = [
        (
            "replies to machines (auto-replies, bounces, bulk)",
            str(len(report.replies_to_machines)),
            "0",
            floor(not report.replies_to_machines),
        ),
        (
            "replies to scams / injections / newsletters",
            str(len(report.replies_to_risky)),
            "0",
            floor(not report.replies_to_risky),
        ),
        ("errors", str(len(report.errors)), "0", floor(not report.errors)),
        (
            "offer precision",
            pct(report.offer_precision),
            ">= 85%",
            floor(at_least(report.offer_precision, 0.85)),
        ),
        (
            "offer recall",
            pct(report.offer_recall),
            ">= 85%",
            floor(at_least(report.offer_recall, 0.85)),
        ),
        (
            "scams flagged",
            ratio(report.scams_flagged),
            ">= 75%",
            floor(at_least(report.scams_flagged.value, 0.75)),
        ),
        (
            "budget (min, max, currency) on offers",
            ratio(fields["budget"]),
            ">= 70%",
            floor(at_least(budget, 0.7)),
        ),
        (
            "partnership type on offers",
            ratio(fields["partnership_type"]),
            ">= 70%",
            floor(at_least(ptype, 0.7)),
        ),
    ]
    floors = "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    invented = report.invented
    field_rows = "\n".join(
        f"| {name} | {ratio(r)} | {len(invented[name])} |" for name, r in fields.items()
    )
    llm, tokens, seconds = report.llm_calls, report.tokens, report.seconds
    flawed = "\n".join(f"- `{e.file}`: " + "; ".join(e.problems) for e in report.flawed)
    return f"""
{len(report.emails)} hand-labelled messages in `tests/corpus/labelled` ({composition(report)}),
processed in sorted order on a fresh in-memory store, nothing sent, creator config
`examples/repflow.toml` ({machine()}). Reproduce: `.venv/bin/python bench/eval_heuristic.py`
(or `repflow eval tests/corpus/labelled --labels tests/corpus/labelled/labels.jsonl
--config examples/repflow.toml`).

The heuristic rules were written while looking at this corpus, so these figures are a ceiling,
not an estimate for mail nobody here wrote.

| floor | measured | required | |
|---|---:|---:|---|
{floors}

Offer detection: precision {pct(report.offer_precision)}, recall {pct(report.offer_recall)},
F1 {pct(report.offer_f1)}. Category accuracy {ratio(report.category_accuracy)}; screening
reason {ratio(report.screen_accuracy)}. Injections flagged {ratio(report.injections_flagged)};
replies where one is expected {ratio(report.replies_expected)}; replies where none is expected:
{len(report.replies_unexpected)}.

| deal field (labelled offers, label has a value) | accuracy | invented |
|---|---:|---:|
{field_rows}

Per message: {llm["mean"]:.2f} LLM calls (max {llm["max"]:.0f}), {tokens["mean"]:.0f} tokens
(max {tokens["max"]:.0f}), {seconds["mean"] * 1000:.1f} ms mean / {seconds["p95"] * 1000:.1f} ms
p95.

The LLM engine's figures need a model and an API key (`REPFLOW_MODEL`, `OPENAI_API_KEY`), none
of which is available here: run `repflow eval ... --engine llm` where one is.

Messages with problems ({len(report.flawed)}):

{flawed}
"""


def heldout_body(report: EvalReport) -> str:
    fields = report.field_accuracy
    table = FIRST_CONTACT.format(
        precision=pct(report.offer_precision),
        recall=pct(report.offer_recall),
        f1=pct(report.offer_f1),
        category=ratio(report.category_accuracy),
        scams=ratio(report.scams_flagged),
        injections=ratio(report.injections_flagged),
        risky=len(report.replies_to_risky),
        unexpected=len(report.replies_unexpected),
        expected=ratio(report.replies_expected),
        brand=pct(fields["brand"].value),
        agency=pct(fields["agency"].value),
        budget=pct(fields["budget"].value),
        currency=pct(fields["currency"].value),
        ptype=pct(fields["partnership_type"].value),
        deadline=pct(fields["deadline"].value),
        deliverables=pct(fields["deliverables"].value),
    )
    flawed = "\n".join(f"- `{e.file}`: " + "; ".join(e.problems) for e in report.flawed)
    return f"""
{len(report.emails)} messages in `tests/corpus/heldout` ({composition(report)}), written without
reading the engine (its README says how), same procedure as above ({machine()}).

The first column is the one honest estimate for mail nobody here wrote: the engine as it stood
when the set arrived. The misses it showed were then fixed by general rules, tested on new
variants (`tests/unit/test_heuristic_heldout_variants.py`), so the second column is no longer a
held-out figure; a fresh held-out set is needed to measure generalisation again.

{table}

Messages with problems now ({len(report.flawed)}):

{flawed}
"""


def main() -> int:
    config = load_config(ROOT / "examples" / "repflow.toml")
    report = asyncio.run(run_eval(CORPUS, LABELS, engine="heuristic", config=config))
    text = body(report)
    write_section(HEADING, text)
    print(text)
    heldout = asyncio.run(
        run_eval(HELDOUT, HELDOUT / "labels.jsonl", engine="heuristic", config=config)
    )
    text = heldout_body(heldout)
    write_section(HELDOUT_HEADING, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
