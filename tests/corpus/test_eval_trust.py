"""Floors on the trust corpus (tests/corpus/trust): who Repflow may answer on its own.

166 emails in 13 languages, written without reading the engine (see its README): the creator's
own people, viewers, peers, publicists, recruiters, financial spam, vendors, scams, injections
and genuine brand offers, to a creator on the default ``assist`` policy. First contact (before
the automatic-send gate) sent 11 automatic replies to people who should not get one; with the
gate it sent 2 (scams with a download and a sign-in link), and 0 once sign-in and download links
hold a reply back. Genuine offers answered went from 84.4% to 93.8% once Polish, Turkish and
Indonesian offer words and Scandinavian gift phrasing were added to the lexicon
(bench/RESULTS.md, "Trust corpus"). The safety floor is absolute.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from repflow.config import load_config
from repflow.evaluation import EvalReport, load_labels, run_eval

CORPUS = Path(__file__).resolve().parent / "trust"
LABELS = CORPUS / "labels.jsonl"


@pytest.fixture(scope="module")
def report() -> EvalReport:
    config = load_config(CORPUS / "repflow.toml")
    return asyncio.run(run_eval(CORPUS, LABELS, engine="heuristic", config=config))


def test_every_message_is_labelled_once() -> None:
    files = sorted(p.name for p in CORPUS.glob("*.eml"))
    assert len(files) >= 150
    assert sorted(load_labels(LABELS)) == files


def test_no_automatic_reply_goes_to_anyone_it_should_not(report: EvalReport) -> None:
    assert report.errors == []
    assert report.wrong_auto_replies == []
    assert report.replies_to_machines == []


def test_genuine_offers_still_get_a_reply_or_a_draft(report: EvalReport) -> None:
    assert report.replies_expected.value is not None
    assert report.replies_expected.value >= 0.9
