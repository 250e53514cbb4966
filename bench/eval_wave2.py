"""Who Repflow answers on its own, on the two wave-2 corpora written without reading the engine.

* ``tests/corpus/trust`` (issue 12): 166 emails in 13 languages to a creator on ``assist`` with
  a ``contacts`` list: the creator's own people, viewers, peers, publicists, recruiters,
  financial spam, vendors, scams, injections and genuine offers. Labels say whether an automatic
  reply would be right (``auto_reply_ok``).
* ``tests/corpus/fresh`` (issue 13, second round): 137 emails in 13 languages written after
  the multilingual corpus had been used for fixes.
* ``tests/corpus/multilingual`` (issue 13): 220 emails in 13 languages with real MIME, threads,
  forwards, relays and adversarial mail, to the example creator (``examples/repflow.toml``).

Writes "## Trust corpus", "## Multilingual corpus" and "## Fresh corpus" in bench/RESULTS.md, each with the
first-contact figures (measured once, before any rule was changed for the corpus, and kept here
as constants) beside the figures of the code as it is now.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path

from _results import ROOT, machine, write_section

from repflow.config import load_config
from repflow.evaluation import EvalReport, Ratio, run_eval

TRUST = ROOT / "tests" / "corpus" / "trust"
MULTI = ROOT / "tests" / "corpus" / "multilingual"
FRESH = ROOT / "tests" / "corpus" / "fresh"
FRESH2 = ROOT / "tests" / "corpus" / "fresh2"

#: First contact, trust corpus: the engine and pipeline before the send gate (commit 4aa2557,
#: contacts removed from the config since that code had none), then the gate's first version.
TRUST_FIRST = {
    "before": (
        "11 (2 lawyer, 1 manager, 2 peers, 1 recruiter, 1 vendor, 4 scams)",
        "84.4% (54/64)",
    ),
    "gate": ("2 (scams asking to download a 'press kit' and to log in)", "84.4% (54/64)"),
}
#: First contact, multilingual corpus (commit 4aa2557, before any change for it).
MULTI_FIRST = {
    "wrong": "11 (5 job offers / unpaid requests, 3 scams, 2 injections, 1 vendor)",
    "precision": "89.1%",
    "recall": "76.3%",
    "scams": "52.2% (12/23)",
    "injections": "61.1% (11/18)",
    "budget": "60.3% (70/116)",
    "ptype": "64.0% (89/139)",
    "expected": "72.4% (89/123)",
}

#: First contact, fresh corpus (commit 2eea095, after the multilingual fixes, before any change
#: for this corpus).
FRESH_FIRST = {
    "wrong": "2 (a P.S. injection in Portuguese, an Indonesian video-editing vendor)",
    "precision": "92.3%",
    "recall": "82.2%",
    "scams": "75.0% (12/16)",
    "injections": "84.6% (11/13)",
    "budget": "85.5% (53/62)",
    "ptype": "79.5% (58/73)",
    "expected": "81.0% (51/63)",
}

#: First contact, second fresh corpus (commit a862110, after every fix above).
FRESH2_FIRST = {
    "wrong": "0",
    "precision": "93.0%",
    "recall": "89.8%",
    "scams": "63.6% (7/11)",
    "injections": "100.0% (5/5)",
    "budget": "84.4% (38/45)",
    "ptype": "85.7% (48/56)",
    "expected": "88.1% (52/59)",
}


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def ratio(r: Ratio) -> str:
    return f"{pct(r.value)} ({r.hits}/{r.total})"


def languages(corpus: Path) -> dict[str, str]:
    rows = (json.loads(line) for line in (corpus / "labels.jsonl").read_text().splitlines())
    return {row["file"]: row.get("language", "?") for row in rows if row}


def by_language(report: EvalReport, corpus: Path) -> str:
    lang = languages(corpus)
    total: Counter[str] = Counter()
    offers: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    wrong: Counter[str] = Counter(lang[f] for f in report.wrong_auto_replies)
    for e in report.emails:
        code = lang.get(e.file, "?")
        total[code] += 1
        if e.label.expect_reply:
            offers[code] += 1
            answered[code] += e.replied
    rows = "\n".join(
        f"| {code} | {total[code]} | {answered[code]}/{offers[code]} | {wrong[code]} |"
        for code in sorted(total, key=lambda c: (-total[c], c))
    )
    return (
        "| language | emails | offers answered (reply or draft) | wrong automatic replies |\n"
        "|---|---:|---:|---:|\n" + rows
    )


def trust_section(report: EvalReport) -> str:
    wrong = report.wrong_auto_replies
    return f"""
{len(report.emails)} emails in `tests/corpus/trust`, written by a helper who never read the
engine (its README says what it read), to a creator on the default `assist` policy with a
`contacts` list (`tests/corpus/trust/repflow.toml`), heuristic engine, processed in order on a
fresh in-memory store ({machine()}). Reproduce: `.venv/bin/python bench/eval_wave2.py`.

| measure | first contact, before the gate | first contact, gate v1 | now |
|---|---|---|---|
| automatic replies that needed approval | {TRUST_FIRST["before"][0]} | {TRUST_FIRST["gate"][0]} | {len(wrong)}{": " + ", ".join(wrong) if wrong else ""} |
| genuine offers with a reply or a draft | {TRUST_FIRST["before"][1]} | {TRUST_FIRST["gate"][1]} | {ratio(report.replies_expected)} |

Gate v1 held replies to contacts, free mailboxes, failed authentication, foreign `Reply-To`s and
offers without compensation evidence; the two scams it let through led to the `risky_link` rule
(sign-in and download links, read from URL shapes), then `hidden_text` and `language` came from
the multilingual corpus below. Offers missed at first contact were mostly the engine's reading
(Polish, Swedish and Turkish offers read as `other`); Polish, Turkish and Indonesian offer and
pay words and Scandinavian gift phrasing in the lexicon brought them in. Offer precision / recall
now
{pct(report.offer_precision)} / {pct(report.offer_recall)}; scams flagged
{ratio(report.scams_flagged)}; injections flagged {ratio(report.injections_flagged)}.

{by_language(report, TRUST)}
"""


def multi_section(report: EvalReport) -> str:
    wrong = report.wrong_auto_replies
    fields = report.field_accuracy
    mix = Counter(languages(MULTI).values())
    mix_text = ", ".join(f"{code} {n}" for code, n in sorted(mix.items(), key=lambda x: -x[1]))
    return f"""
{len(report.emails)} emails in `tests/corpus/multilingual` (languages: {mix_text}), written by
two helpers who never read the engine, to the example creator (`examples/repflow.toml`),
heuristic engine ({machine()}). The first-contact column was measured before any rule was
written for it. Since then its misses were fixed by general rules written as language data
(`engine/lang/<code>.toml`: scam and injection phrase families, money and partnership words in
13 languages) and tested on new variants, plus the send gate's structural `hidden_text`,
`language` and `recruiting` holds: the "now" column is therefore no longer a held-out figure.

| measure | first contact | now | issue 13 target |
|---|---|---|---|
| automatic replies that needed approval | {MULTI_FIRST["wrong"]} | {len(wrong)}{": " + ", ".join(wrong) if wrong else ""} | 0 |
| offer precision | {MULTI_FIRST["precision"]} | {pct(report.offer_precision)} | >= 95% |
| offer recall | {MULTI_FIRST["recall"]} | {pct(report.offer_recall)} | >= 95% |
| scams flagged | {MULTI_FIRST["scams"]} | {ratio(report.scams_flagged)} | >= 90% |
| injections flagged | {MULTI_FIRST["injections"]} | {ratio(report.injections_flagged)} | >= 90% |
| budget exact | {MULTI_FIRST["budget"]} | {ratio(fields["budget"])} | >= 90% |
| partnership type | {MULTI_FIRST["ptype"]} | {ratio(fields["partnership_type"])} | >= 90% |
| offers with a reply or a draft | {MULTI_FIRST["expected"]} | {ratio(report.replies_expected)} | |

{by_language(report, MULTI)}
"""


def held_out_section(report: EvalReport, corpus: Path, first: dict[str, str], intro: str) -> str:
    """A held-out corpus's figures: first contact beside now, and the figures per language."""
    wrong = report.wrong_auto_replies
    fields = report.field_accuracy
    mix = Counter(languages(corpus).values())
    mix_text = ", ".join(f"{code} {n}" for code, n in sorted(mix.items(), key=lambda x: -x[1]))
    return f"""
{len(report.emails)} emails in `{corpus.relative_to(ROOT)}` (languages: {mix_text}), {intro}
({machine()}).

| measure | first contact | now | issue 13 target |
|---|---|---|---|
| automatic replies that needed approval | {first["wrong"]} | {len(wrong)}{": " + ", ".join(wrong) if wrong else ""} | 0 |
| offer precision | {first["precision"]} | {pct(report.offer_precision)} | >= 95% |
| offer recall | {first["recall"]} | {pct(report.offer_recall)} | >= 95% |
| scams flagged | {first["scams"]} | {ratio(report.scams_flagged)} | >= 90% |
| injections flagged | {first["injections"]} | {ratio(report.injections_flagged)} | >= 90% |
| budget exact | {first["budget"]} | {ratio(fields["budget"])} | >= 90% |
| partnership type | {first["ptype"]} | {ratio(fields["partnership_type"])} | >= 90% |
| offers with a reply or a draft | {first["expected"]} | {ratio(report.replies_expected)} | |

{by_language(report, corpus)}
"""


FRESH_INTRO = (
    "written this session by a helper who never read the engine, after the multilingual "
    "corpus was no longer held out. Heuristic engine, example creator. The first-contact column "
    "is the engine as it was when the corpus arrived (commit 2eea095). The general fixes it led "
    "to (text briefs in attachments, plain parts that only point to the HTML, commission and "
    "gifts as compensation, terms that make an offer in any language, vendor, crypto and "
    'AI-addressed phrases as language data) were tested on new variants; the "now" column is '
    "therefore no longer a held-out figure"
)
FRESH2_INTRO = (
    "written at the end of the session by a helper who had read neither the engine nor the "
    "earlier corpora. Its first contact (commit a862110, every fix above in place) is the "
    'current estimate of the offline engine on new mail; the "now" column includes fixes '
    "made after it and is then no longer held out"
)


def main() -> None:
    trust = asyncio.run(
        run_eval(TRUST, TRUST / "labels.jsonl", config=load_config(TRUST / "repflow.toml"))
    )
    write_section("Trust corpus", trust_section(trust))
    multi = asyncio.run(
        run_eval(
            MULTI, MULTI / "labels.jsonl", config=load_config(ROOT / "examples" / "repflow.toml")
        )
    )
    write_section("Multilingual corpus", multi_section(multi))
    fresh = asyncio.run(
        run_eval(
            FRESH, FRESH / "labels.jsonl", config=load_config(ROOT / "examples" / "repflow.toml")
        )
    )
    write_section("Fresh corpus", held_out_section(fresh, FRESH, FRESH_FIRST, FRESH_INTRO))
    fresh2 = asyncio.run(
        run_eval(
            FRESH2,
            FRESH2 / "labels.jsonl",
            config=load_config(ROOT / "examples" / "repflow.toml"),
        )
    )
    write_section(
        "Second fresh corpus", held_out_section(fresh2, FRESH2, FRESH2_FIRST, FRESH2_INTRO)
    )
    print(
        f"trust: {len(trust.wrong_auto_replies)} wrong automatic replies, "
        f"{ratio(trust.replies_expected)} offers answered"
    )
    print(
        f"multilingual: {len(multi.wrong_auto_replies)} wrong automatic replies, "
        f"offer P/R {pct(multi.offer_precision)}/{pct(multi.offer_recall)}"
    )


if __name__ == "__main__":
    main()
