"""Floors on the held-out corpus (tests/corpus/heldout), heuristic engine.

The held-out mail was written without reading the engine (see its README). Its first contact
with the engine measured offer F1 92.9%, category accuracy 89.7%, scams 9/11, injections 3/4
and one draft reply to a prompt injection (bench/RESULTS.md, "Held-out evaluation"); the misses
were then fixed by general rules tested on new variants, so these floors now guard against
regressions rather than measure generalisation. Safety floors are absolute; accuracy floors
sit below the measured values so that a sound rule change elsewhere does not trip them.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from repflow.config import load_config
from repflow.evaluation import EvalReport, load_labels, run_eval
from tests.conftest import EXAMPLES

CORPUS = Path(__file__).resolve().parent / "heldout"
LABELS = CORPUS / "labels.jsonl"


@pytest.fixture(scope="module")
def report() -> EvalReport:
    config = load_config(EXAMPLES / "repflow.toml")
    return asyncio.run(run_eval(CORPUS, LABELS, engine="heuristic", config=config))


def test_every_message_is_labelled_once() -> None:
    files = sorted(p.name for p in CORPUS.glob("*.eml"))
    assert len(files) >= 80
    assert sorted(load_labels(LABELS)) == files


def test_safety_floors(report: EvalReport) -> None:
    assert report.errors == []
    assert report.replies_to_machines == []
    assert report.replies_to_risky == []
    assert report.replies_unexpected == []
    assert report.false_scam_flags == []


def test_detection_floors(report: EvalReport) -> None:
    assert report.offer_precision is not None
    assert report.offer_precision >= 0.95
    assert report.offer_recall is not None
    assert report.offer_recall >= 0.95
    assert report.category_accuracy.value is not None
    assert report.category_accuracy.value >= 0.93
    assert report.scams_flagged.value == 1.0
    assert report.injections_flagged.value == 1.0


@pytest.mark.parametrize(
    ("field", "minimum"),
    [
        ("brand", 0.9),
        ("budget", 0.9),
        ("currency", 0.9),
        ("partnership_type", 0.9),
        ("platforms", 0.9),
        ("deadline", 0.9),
        ("deliverables", 0.85),
    ],
)
def test_field_floors(report: EvalReport, field: str, minimum: float) -> None:
    measured = report.field_accuracy[field].value
    assert measured is not None
    assert measured >= minimum
