"""The product's floors on the labelled corpus (tests/corpus/labelled), heuristic engine.

The corpus and its labels were written by hand as a talent manager would read each message (see
the ``note`` of a label for the judgement calls). The floors below are product requirements:
a floor the current engine misses is marked ``xfail(strict=True)`` with the measured value, so
the test starts failing (XPASS) the day the engine is fixed and the marker must go.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
from collections import Counter
from pathlib import Path

import pytest

from repflow.config import load_config
from repflow.domain.models import Category, DeliverableKind, PartnershipType, Platform
from repflow.evaluation import (
    EvalError,
    EvalReport,
    brand_matches,
    compare_field,
    format_report,
    load_labels,
    run_eval,
)
from tests.conftest import EXAMPLES

CORPUS = Path(__file__).resolve().parent / "labelled"
LABELS = CORPUS / "labels.jsonl"


@pytest.fixture(scope="module")
def report() -> EvalReport:
    config = load_config(EXAMPLES / "repflow.toml")
    return asyncio.run(run_eval(CORPUS, LABELS, engine="heuristic", config=config))


def _rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line]


# -- the corpus itself -------------------------------------------------------------------------


def test_every_message_is_labelled_once() -> None:
    files = sorted(p.name for p in CORPUS.glob("*.eml"))
    labelled = [str(row["file"]) for row in _rows()]
    assert len(files) >= 100
    assert sorted(labelled) == files
    assert len(set(labelled)) == len(labelled)


def test_composition_meets_the_brief() -> None:
    rows = _rows()
    categories = Counter(str(row["category"]) for row in rows)
    genuine = [r for r in rows if r["category"] == "sponsorship" and not r["injection"]]
    assert len(genuine) >= 40
    assert categories["deal_follow_up"] >= 8
    assert sum(1 for r in rows if r["scam"] and not r["injection"]) >= 12
    assert sum(1 for r in rows if r["injection"]) >= 6
    assert categories["auto_reply"] + categories["bounce"] >= 8
    assert categories["newsletter"] >= 8
    assert categories["vendor_pitch"] >= 8
    assert categories["personal"] + categories["fan_mail"] + categories["other"] >= 8
    currencies = {r["deal"]["currency"] for r in genuine if r["deal"]}
    assert {"USD", "EUR", "GBP", "CAD", "AUD", "INR", "BRL", "JPY", "MXN", "SEK"} <= currencies


def test_labels_are_consistent() -> None:
    kinds = {k.value for k in DeliverableKind}
    platforms = {p.value for p in Platform}
    types = {t.value for t in PartnershipType}
    for row in _rows():
        where = row["file"]
        assert row["category"] in {c.value for c in Category}, where
        if row["scam"]:
            assert row["category"] == "scam", where
            assert not row["is_offer"], where
        if row["is_offer"]:
            assert row["category"] in {"sponsorship", "deal_follow_up"}, where
            assert isinstance(row["deal"], dict), where
        else:
            assert row["deal"] is None, where
            assert not row["expect_reply"], where
        if row["screened"] is not None or row["scam"] or row["injection"]:
            assert not row["expect_reply"], where
        deal = row["deal"]
        if isinstance(deal, dict):
            assert deal["partnership_type"] in types | {None}, where
            assert set(deal["platforms"]) <= platforms, where
            assert {d["kind"] for d in deal["deliverables"]} <= kinds, where
            if deal["budget_min"] is not None:
                assert deal["currency"], where
                assert deal["budget_max"] >= deal["budget_min"], where


def test_messages_are_well_formed_and_unique() -> None:
    ids: list[str] = []
    for path in sorted(CORPUS.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for header in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version"):
            assert message[header], (path.name, header)
        assert message["To"].addresses[0].addr_spec in {
            "creator@repflow.example",
            "maya@repflow.example",
        }
        assert str(message["Date"].datetime.year) == "2026", path.name
        ids.append(str(message["Message-ID"]))
    assert len(set(ids)) == len(ids)


def test_follow_ups_sort_after_the_message_they_answer() -> None:
    order = {p.name: i for i, p in enumerate(sorted(CORPUS.glob("*.eml")))}
    by_id = {}
    for name in order:
        message = email.message_from_bytes((CORPUS / name).read_bytes())
        by_id[str(message["Message-ID"]).strip()] = name
    for name in order:
        message = email.message_from_bytes((CORPUS / name).read_bytes())
        for ref in str(message.get("References") or "").split():
            if ref in by_id:
                assert order[by_id[ref]] < order[name], (name, ref)


# -- the evaluator -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "got", "same"),
    [
        ("Glide Scooters", "Glide", True),
        ("Acme Audio", "ACME audio Inc.", True),
        ("Parcel Pilot", "ParcelPilot", True),
        ("Hearth & Hound", "hearth and hound", True),
        ("Café Serra Alta", "Cafe Serra Alta", True),
        ("Glide Scooters", "Scooters", False),
        ("Glide Scooters", None, False),
        ("Nimbus Keyboards", "Nimbus Audio", False),
    ],
)
def test_brand_matching(expected: str, got: str | None, same: bool) -> None:
    assert brand_matches(expected, got) is same


def test_field_comparisons() -> None:
    label = {
        "budget_min": 1500,
        "budget_max": 1500,
        "currency": "EUR",
        "platforms": ["youtube", "instagram"],
        "deliverables": [{"kind": "instagram_story", "quantity": 2}],
    }
    got = {
        "budget_min": 1500.0,
        "budget_max": 1500,
        "currency": "eur",
        "platforms": ["instagram", "youtube"],
        "deliverables": [{"kind": "instagram_story", "quantity": 1}],
    }
    assert compare_field("budget", label, got)
    assert compare_field("platforms", label, got)
    assert not compare_field("deliverables", label, got)
    assert not compare_field("budget", label, {**got, "budget_max": 2000})
    assert not compare_field("budget", label, None)


def test_bad_labels_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"file": "a.eml", "category": "spam-ish", "is_offer": false}\n')
    with pytest.raises(EvalError, match="unknown category"):
        load_labels(bad)
    bad.write_text('{"file": "a.eml", "category": "other", "is_offer": false}\n' * 2)
    with pytest.raises(EvalError, match="labelled twice"):
        load_labels(bad)


def test_labels_may_use_the_process_json_field_names(tmp_path: Path) -> None:
    labels = tmp_path / "labels.jsonl"
    rows = [
        {
            "source": "/somewhere/corpus/a.eml",
            "category": "sponsorship",
            "is_sponsorship_offer": True,
            "flags": ["prompt_injection"],
            "reply": {"text": "Hi"},
            "deal": {"brand": "Acme"},
            "llm_calls": 2,
        },
        {"file": "b.eml", "category": "scam", "is_offer": False, "flags": ["scam"], "reply": None},
    ]
    labels.write_text("".join(json.dumps(row) + "\n" for row in rows))
    loaded = load_labels(labels)
    assert sorted(loaded) == ["a.eml", "b.eml"]
    a, b = loaded["a.eml"], loaded["b.eml"]
    assert (a.is_offer, a.injection, a.scam, a.expect_reply) == (True, True, False, True)
    assert a.deal == {"brand": "Acme"}
    assert (b.is_offer, b.scam, b.expect_reply) == (False, True, False)
    # Both names for one field must agree.
    labels.write_text(
        json.dumps(
            {"file": "a.eml", "category": "other", "is_offer": True, "is_sponsorship_offer": False}
        )
        + "\n"
    )
    with pytest.raises(EvalError, match="disagree"):
        load_labels(labels)


def test_report_covers_the_whole_corpus(report: EvalReport) -> None:
    assert len(report.emails) == len(_rows())
    assert report.unlabelled == []
    assert report.missing == []
    data = report.to_json()
    assert json.loads(json.dumps(data))["emails"] == len(report.emails)
    text = format_report(report)
    assert "Offer detection" in text
    assert "Confusion matrix" in text


# -- the floors --------------------------------------------------------------------------------


def test_no_reply_to_machines(report: EvalReport) -> None:
    assert report.replies_to_machines == []


def test_no_reply_to_scams_injections_or_newsletters(report: EvalReport) -> None:
    assert report.replies_to_risky == []


def test_no_errors(report: EvalReport) -> None:
    assert report.errors == []


def test_offer_precision(report: EvalReport) -> None:
    assert report.offer_precision is not None
    assert report.offer_precision >= 0.85


def test_offer_recall(report: EvalReport) -> None:
    assert report.offer_recall is not None
    assert report.offer_recall >= 0.85


def test_scams_flagged(report: EvalReport) -> None:
    value = report.scams_flagged.value
    assert value is not None
    assert value >= 0.75


def test_budget_accuracy_on_offers(report: EvalReport) -> None:
    value = report.field_accuracy["budget"].value
    assert value is not None
    assert value >= 0.7


def test_partnership_type_accuracy_on_offers(report: EvalReport) -> None:
    value = report.field_accuracy["partnership_type"].value
    assert value is not None
    assert value >= 0.7
