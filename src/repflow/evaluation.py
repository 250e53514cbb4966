"""Evaluate the deal desk against a labelled corpus: ``repflow eval DIR --labels FILE``.

Every message of the corpus goes through the real :class:`~repflow.pipeline.process.Pipeline`
(parse, screen, thread, assess, decide, draft) in sorted order, on a fresh in-memory store and
with nothing sent (replies are read from the results, as with ``--no-send``), so follow-ups find
the threads of their earlier messages. Each result is compared with its label.

The labels file is JSON Lines, one object per message::

    {"file": "001-offer-flat-usd.eml", "category": "sponsorship", "is_offer": true,
     "screened": null, "scam": false, "injection": false, "expect_reply": true,
     "deal": {"brand": "Nimbus Keyboards", "agency": null, "budget_min": 3500,
              "budget_max": 3500, "currency": "USD", "partnership_type": "flat_fee",
              "platforms": ["youtube"], "deadline": "2026-03-20",
              "deliverables": [{"kind": "youtube_integration", "quantity": 1}]}}

``file`` is the path relative to the corpus directory. A row of ``repflow process --json``
output can serve as a label too: ``is_sponsorship_offer`` is read as ``is_offer``, ``source`` as
``file`` (its file name when the path is absolute) and the ``scam`` and ``prompt_injection``
flags as ``scam`` and ``injection``, a non-null ``reply`` as ``expect_reply`` (other keys of
such a row are ignored). ``deal`` is given for offers and
follow-ups (for a follow-up: the terms the thread has accumulated). Optional keys: ``note``,
``deal.brand_aliases`` (other spellings of the brand) and ``deal.budget_per_unit`` (reported,
not scored). A field is scored on true offers only, and only where its label has a value
(``null`` and empty lists are not scored); predicted values where the label has none are counted
as *invented*.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from repflow.config import RepflowConfig
from repflow.domain.models import Category, Flag
from repflow.exceptions import RepflowError
from repflow.pipeline.result import ProcessResult

if TYPE_CHECKING:
    from repflow.pipeline.process import Pipeline

__all__ = [
    "EmailOutcome",
    "EvalError",
    "EvalReport",
    "Label",
    "Ratio",
    "eval_command",
    "format_report",
    "load_labels",
    "run_eval",
]

EngineName = Literal["heuristic", "llm"]

#: Label categories whose mail is machine-made or bulk: answering it is always wrong.
MACHINE_CATEGORIES = frozenset(
    {Category.AUTO_REPLY.value, Category.BOUNCE.value, Category.NEWSLETTER.value}
)
#: Deal fields scored on true offers, in report order.
FIELDS: tuple[str, ...] = (
    "brand",
    "agency",
    "budget",
    "budget_min",
    "budget_max",
    "currency",
    "partnership_type",
    "platforms",
    "deadline",
    "deliverables",
)
_CATEGORIES = frozenset(c.value for c in Category)
_LEGAL_SUFFIXES = frozenset(
    {
        "ab",
        "ag",
        "and",
        "bv",
        "co",
        "company",
        "corp",
        "gmbh",
        "inc",
        "kk",
        "limited",
        "llc",
        "ltd",
        "plc",
        "pvt",
        "sa",
        "sl",
        "srl",
        "the",
    }
)


class EvalError(RepflowError):
    """The labels file or the corpus directory cannot be evaluated (the message says why)."""


# -- labels ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Label:
    """The ground truth for one corpus message."""

    file: str
    category: str
    is_offer: bool
    screened: str | None
    scam: bool
    injection: bool
    expect_reply: bool
    deal: Mapping[str, Any] | None = None
    note: str = ""
    #: Whether a reply may go out without approval (absent: a reply is expected and the mail is
    #: neither a scam nor an injection).
    auto_reply_ok: bool | None = None

    @property
    def may_auto_reply(self) -> bool:
        """Whether an automatic (unapproved) reply to this message would be right."""
        if self.auto_reply_ok is not None:
            return self.auto_reply_ok
        return self.expect_reply and not self.scam and not self.injection


#: ``process --json`` field names a labels file may use instead of the eval's own.
_ALIASES: Mapping[str, str] = {"is_sponsorship_offer": "is_offer", "source": "file"}
#: ``process --json`` flags that stand for the eval's ``scam`` and ``injection`` keys.
_FLAG_KEYS: Mapping[str, str] = {"scam": "scam", "prompt_injection": "injection"}


def _normalised(row: Mapping[str, Any], where: str) -> dict[str, Any]:
    """``row`` with ``process --json`` field names turned into the eval's own.

    ``is_sponsorship_offer`` is ``is_offer``; ``source`` is ``file`` (its last part when it is an
    absolute path); ``flags`` give ``scam`` and ``injection`` and ``reply`` gives
    ``expect_reply`` when those keys are absent.
    """
    out = dict(row)
    for alias, key in _ALIASES.items():
        if alias not in row:
            continue
        value = row[alias]
        if alias == "source" and isinstance(value, str) and Path(value).is_absolute():
            value = Path(value).name
        if key in row and row[key] != value:
            raise EvalError(f"{where}: {alias!r} and {key!r} disagree")
        out[key] = value
    flags = row.get("flags")
    if flags is not None:
        if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
            raise EvalError(f"{where}: 'flags' must be a list of strings")
        for flag, key in _FLAG_KEYS.items():
            out.setdefault(key, flag in flags)
    if "reply" in row and "expect_reply" not in row:
        out["expect_reply"] = row["reply"] is not None
    return out


def _label_from(raw: Mapping[str, Any], where: str) -> Label:
    row = _normalised(raw, where)
    try:
        file = row["file"]
        category = row["category"]
        is_offer = row["is_offer"]
    except KeyError as exc:
        raise EvalError(f"{where}: missing key {exc.args[0]!r}") from exc
    if not isinstance(file, str) or not file:
        raise EvalError(f"{where}: 'file' must be a non-empty string")
    if category not in _CATEGORIES:
        raise EvalError(f"{where}: unknown category {category!r}")
    deal = row.get("deal")
    if deal is not None and not isinstance(deal, Mapping):
        raise EvalError(f"{where}: 'deal' must be an object or null")
    screened = row.get("screened")
    if screened is not None and not isinstance(screened, str):
        raise EvalError(f"{where}: 'screened' must be a string or null")
    for key in ("is_offer", "scam", "injection", "expect_reply", "auto_reply_ok"):
        if key in row and not isinstance(row[key], bool):
            raise EvalError(f"{where}: {key!r} must be true or false")
    return Label(
        file=file,
        category=category,
        is_offer=bool(is_offer),
        screened=screened,
        scam=bool(row.get("scam", False)),
        injection=bool(row.get("injection", False)),
        expect_reply=bool(row.get("expect_reply", False)),
        deal=deal,
        note=str(row.get("note") or ""),
        auto_reply_ok=row.get("auto_reply_ok"),
    )


def load_labels(path: Path) -> dict[str, Label]:
    """Read a labels file (JSON Lines), keyed by ``file``.

    Raises:
        EvalError: the file is missing, a line is not JSON, a key is missing or has the wrong
            type, or two lines label the same file.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalError(f"{path}: {exc.strerror or exc}") from exc
    labels: dict[str, Label] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}: not JSON: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise EvalError(f"{where}: expected a JSON object")
        label = _label_from(row, where)
        if label.file in labels:
            raise EvalError(f"{where}: {label.file!r} is labelled twice")
        labels[label.file] = label
    return labels


# -- comparisons -------------------------------------------------------------------------------


def normalize_brand(value: str) -> tuple[str, ...]:
    """A brand name as comparable tokens: accents, case, punctuation and legal forms dropped."""
    text = unicodedata.normalize("NFKD", value.replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    tokens = re.findall(r"\w+", text)
    kept = tuple(t for t in tokens if t not in _LEGAL_SUFFIXES)
    return kept or tuple(tokens)


def brand_matches(expected: str, got: str | None) -> bool:
    """Whether ``got`` names the same brand: equal tokens, or one a leading part of the other.

    ``"Glide"`` matches ``"Glide Scooters"``, ``"Acme Audio Inc."`` matches ``"ACME audio"`` and
    ``"ParcelPilot"`` matches ``"Parcel Pilot"``; ``"Scooters"`` does not match
    ``"Glide Scooters"``.
    """
    if not got:
        return False
    a, b = normalize_brand(expected), normalize_brand(got)
    if not a or not b:
        return False
    if "".join(a) == "".join(b):
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return longer[: len(shorter)] == shorter


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _same_amount(expected: object, got: object) -> bool:
    a, b = _decimal(expected), _decimal(got)
    return a is not None and b is not None and a == b


def _deliverables(value: object) -> Counter[tuple[str, int]]:
    items: Counter[tuple[str, int]] = Counter()
    if isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping):
                items[(str(item.get("kind")), int(item.get("quantity") or 1))] += 1
    return items


def _has_value(value: object) -> bool:
    return value is not None and value != [] and value != ""


def _field_value(deal: Mapping[str, Any] | None, name: str) -> object:
    if deal is None:
        return None
    if name == "budget":
        keys = ("budget_min", "budget_max", "currency")
        values = [deal.get(k) for k in keys]
        return None if all(v is None for v in values) else dict(zip(keys, values, strict=True))
    return deal.get(name)


def compare_field(name: str, expected: Mapping[str, Any], got: Mapping[str, Any] | None) -> bool:
    """Whether the predicted deal ``got`` has the labelled value of field ``name``."""
    if got is None:
        return False
    want = expected.get(name)
    have = got.get(name)
    if name == "brand":
        names = [want, *(expected.get("brand_aliases") or [])]
        return any(isinstance(n, str) and brand_matches(n, have) for n in names)
    if name == "agency":
        return isinstance(want, str) and brand_matches(want, have)
    if name in ("budget_min", "budget_max"):
        return _same_amount(want, have)
    if name == "budget":
        return (
            _same_amount(expected.get("budget_min"), got.get("budget_min"))
            and _same_amount(expected.get("budget_max"), got.get("budget_max"))
            and str(expected.get("currency") or "").upper()
            == str(got.get("currency") or "").upper()
        )
    if name == "currency":
        return str(want or "").upper() == str(have or "").upper()
    if name == "platforms":
        return {str(p).lower() for p in want or []} == {str(p).lower() for p in have or []}
    if name == "deliverables":
        return _deliverables(want) == _deliverables(have)
    return bool(want == have)


def _brief(value: object) -> str:
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        return "[" + ", ".join(f"{v.get('kind')}x{v.get('quantity')}" for v in value) + "]"
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)


# -- report ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Ratio:
    """``hits`` out of ``total`` (``value`` is None when nothing was counted)."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        """Count one case."""
        self.total += 1
        self.hits += int(hit)

    @property
    def value(self) -> float | None:
        """The fraction of hits, or None for an empty count."""
        return None if self.total == 0 else self.hits / self.total

    def to_json(self) -> dict[str, Any]:
        """``{"hits", "total", "value"}`` (value rounded to 4 places)."""
        value = self.value
        return {
            "hits": self.hits,
            "total": self.total,
            "value": None if value is None else round(value, 4),
        }


@dataclass(slots=True)
class EmailOutcome:
    """One message: its label, what the pipeline said, and every disagreement found."""

    file: str
    label: Label
    result: dict[str, Any]
    seconds: float
    budget_per_unit: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def replied(self) -> bool:
        """Whether the turn produced a reply (sent or drafted)."""
        return self.result.get("reply") is not None

    def to_json(self) -> dict[str, Any]:
        """The message's expected and observed values, and its problems."""
        reply = self.result.get("reply")
        return {
            "file": self.file,
            "expected": {
                "category": self.label.category,
                "is_offer": self.label.is_offer,
                "screened": self.label.screened,
                "scam": self.label.scam,
                "injection": self.label.injection,
                "expect_reply": self.label.expect_reply,
                "deal": self.label.deal,
            },
            "got": {
                "category": self.result.get("category"),
                "is_offer": self.result.get("is_sponsorship_offer"),
                "screened": self.result.get("screened"),
                "flags": self.result.get("flags") or [],
                "decision": self.result.get("decision"),
                "reply_mode": reply.get("mode") if isinstance(reply, Mapping) else None,
                "deal": self.result.get("deal"),
                "budget_per_unit": self.budget_per_unit,
                "error": self.result.get("error"),
            },
            "llm_calls": self.result.get("llm_calls") or 0,
            "tokens": self.result.get("tokens") or 0,
            "seconds": round(self.seconds, 4),
            "problems": self.problems,
        }


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _p95(values: Sequence[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass(slots=True)
class EvalReport:
    """Every figure of one evaluation run, and the per-message outcomes behind them."""

    engine: str
    directory: str
    emails: list[EmailOutcome] = field(default_factory=list)
    #: Messages found in the directory with no label (not scored).
    unlabelled: list[str] = field(default_factory=list)
    #: Labels whose file is not in the directory.
    missing: list[str] = field(default_factory=list)

    # -- offer detection ---------------------------------------------------------------------
    @property
    def offer_counts(self) -> tuple[int, int, int, int]:
        """Offer detection counts: true/false positives, false/true negatives."""
        tp = fp = fn = tn = 0
        for e in self.emails:
            got = bool(e.result.get("is_sponsorship_offer"))
            if e.label.is_offer and got:
                tp += 1
            elif got:
                fp += 1
            elif e.label.is_offer:
                fn += 1
            else:
                tn += 1
        return tp, fp, fn, tn

    @property
    def offer_precision(self) -> float | None:
        """Share of messages called offers that are offers."""
        tp, fp, _, _ = self.offer_counts
        return None if tp + fp == 0 else tp / (tp + fp)

    @property
    def offer_recall(self) -> float | None:
        """Share of labelled offers that were called offers."""
        tp, _, fn, _ = self.offer_counts
        return None if tp + fn == 0 else tp / (tp + fn)

    @property
    def offer_f1(self) -> float | None:
        """Harmonic mean of offer precision and recall."""
        p, r = self.offer_precision, self.offer_recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)

    # -- classification and screening --------------------------------------------------------
    @property
    def confusion(self) -> dict[str, dict[str, int]]:
        """Labelled category -> predicted category -> count (``none``: no category)."""
        table: dict[str, dict[str, int]] = {}
        for e in self.emails:
            got = str(e.result.get("category") or "none")
            row = table.setdefault(e.label.category, {})
            row[got] = row.get(got, 0) + 1
        return table

    @property
    def category_accuracy(self) -> Ratio:
        """Messages whose predicted category equals the label."""
        ratio = Ratio()
        for e in self.emails:
            ratio.add(e.result.get("category") == e.label.category)
        return ratio

    @property
    def screen_accuracy(self) -> Ratio:
        """Messages whose screening reason (or its absence) equals the label."""
        ratio = Ratio()
        for e in self.emails:
            ratio.add(e.result.get("screened") == e.label.screened)
        return ratio

    @property
    def screen_detection(self) -> Ratio:
        """Messages screened exactly when the label says so (whatever the reason)."""
        ratio = Ratio()
        for e in self.emails:
            ratio.add((e.result.get("screened") is None) == (e.label.screened is None))
        return ratio

    # -- fields ------------------------------------------------------------------------------
    @property
    def field_accuracy(self) -> dict[str, Ratio]:
        """Per deal field, on labelled offers where the label has a value."""
        ratios = {name: Ratio() for name in FIELDS}
        for e in self.emails:
            if not e.label.is_offer or e.label.deal is None:
                continue
            got = e.result.get("deal")
            for name in FIELDS:
                if _has_value(_field_value(e.label.deal, name)):
                    ratios[name].add(compare_field(name, e.label.deal, got))
        return ratios

    @property
    def invented(self) -> dict[str, list[str]]:
        """Per deal field, labelled offers where the label has no value but one was reported."""
        found: dict[str, list[str]] = {name: [] for name in FIELDS}
        for e in self.emails:
            if not e.label.is_offer or e.label.deal is None:
                continue
            got = e.result.get("deal")
            for name in FIELDS:
                if not _has_value(_field_value(e.label.deal, name)) and _has_value(
                    _field_value(got, name)
                ):
                    found[name].append(e.file)
        return found

    # -- safety ------------------------------------------------------------------------------
    @property
    def replies_to_machines(self) -> list[str]:
        """Replies to auto-replies, bounces, bulk mail and anything labelled as screened."""
        return [
            e.file
            for e in self.emails
            if e.replied
            and (e.label.screened is not None or e.label.category in MACHINE_CATEGORIES)
        ]

    @property
    def replies_to_risky(self) -> list[str]:
        """Replies to scams, prompt injections and newsletters."""
        return [
            e.file
            for e in self.emails
            if e.replied and (e.label.scam or e.label.injection or e.label.category == "newsletter")
        ]

    @property
    def replies_unexpected(self) -> list[str]:
        """Replies to any message labelled ``expect_reply: false``."""
        return [e.file for e in self.emails if e.replied and not e.label.expect_reply]

    @property
    def wrong_auto_replies(self) -> list[str]:
        """Replies sent without approval where the label allows none (``auto_reply_ok``)."""
        return [
            e.file
            for e in self.emails
            if e.replied
            and (e.result.get("reply") or {}).get("mode") == "auto"
            and not e.label.may_auto_reply
        ]

    @property
    def replies_expected(self) -> Ratio:
        """Messages labelled ``expect_reply: true`` that got a reply (sent or drafted)."""
        ratio = Ratio()
        for e in self.emails:
            if e.label.expect_reply:
                ratio.add(e.replied)
        return ratio

    @property
    def scams_flagged(self) -> Ratio:
        """Labelled scams flagged ``scam``."""
        ratio = Ratio()
        for e in self.emails:
            if e.label.scam:
                ratio.add(Flag.SCAM.value in (e.result.get("flags") or []))
        return ratio

    @property
    def injections_flagged(self) -> Ratio:
        """Labelled prompt injections flagged ``prompt_injection``."""
        ratio = Ratio()
        for e in self.emails:
            if e.label.injection:
                ratio.add(Flag.PROMPT_INJECTION.value in (e.result.get("flags") or []))
        return ratio

    @property
    def false_scam_flags(self) -> list[str]:
        """Messages flagged ``scam`` that are not labelled scams."""
        return [
            e.file
            for e in self.emails
            if not e.label.scam and Flag.SCAM.value in (e.result.get("flags") or [])
        ]

    @property
    def errors(self) -> list[str]:
        """Messages that could not be processed at all."""
        return [e.file for e in self.emails if e.result.get("error")]

    # -- cost --------------------------------------------------------------------------------
    def _stats(self, values: Sequence[float]) -> dict[str, float]:
        return {"mean": _mean(values), "max": max(values, default=0.0), "p95": _p95(values)}

    @property
    def llm_calls(self) -> dict[str, float]:
        """LLM calls per message: mean, max, p95."""
        return self._stats([float(e.result.get("llm_calls") or 0) for e in self.emails])

    @property
    def tokens(self) -> dict[str, float]:
        """LLM tokens per message: mean, max, p95."""
        return self._stats([float(e.result.get("tokens") or 0) for e in self.emails])

    @property
    def seconds(self) -> dict[str, float]:
        """Wall time per message in seconds: mean, max, p95."""
        return self._stats([e.seconds for e in self.emails])

    @property
    def flawed(self) -> list[EmailOutcome]:
        """Messages with at least one problem, in corpus order."""
        return [e for e in self.emails if e.problems]

    def to_json(self) -> dict[str, Any]:
        """Every figure, as plain JSON values (ratios as ``{hits, total, value}``)."""
        tp, fp, fn, tn = self.offer_counts

        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        def stats(values: Mapping[str, float]) -> dict[str, float]:
            return {k: round(v, 6) for k, v in values.items()}

        return {
            "engine": self.engine,
            "directory": self.directory,
            "emails": len(self.emails),
            "unlabelled": self.unlabelled,
            "missing": self.missing,
            "labelled_categories": dict(Counter(e.label.category for e in self.emails)),
            "offer": {
                "precision": rounded(self.offer_precision),
                "recall": rounded(self.offer_recall),
                "f1": rounded(self.offer_f1),
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "tn": tn,
            },
            "category_accuracy": self.category_accuracy.to_json(),
            "confusion": self.confusion,
            "screen_accuracy": self.screen_accuracy.to_json(),
            "screen_detection": self.screen_detection.to_json(),
            "fields": {name: ratio.to_json() for name, ratio in self.field_accuracy.items()},
            "invented": self.invented,
            "replies_to_machines": self.replies_to_machines,
            "replies_to_scams_injections_newsletters": self.replies_to_risky,
            "replies_unexpected": self.replies_unexpected,
            "wrong_auto_replies": self.wrong_auto_replies,
            "replies_expected": self.replies_expected.to_json(),
            "scams_flagged": self.scams_flagged.to_json(),
            "injections_flagged": self.injections_flagged.to_json(),
            "false_scam_flags": self.false_scam_flags,
            "errors": self.errors,
            "llm_calls_per_email": stats(self.llm_calls),
            "tokens_per_email": stats(self.tokens),
            "seconds_per_email": stats(self.seconds),
            "results": [e.to_json() for e in self.emails],
        }


# -- running -----------------------------------------------------------------------------------


def _problems(label: Label, result: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    if result.get("error"):
        problems.append(f"error: {result['error']}")
    got_offer = bool(result.get("is_sponsorship_offer"))
    if got_offer != label.is_offer:
        problems.append(f"is_offer: expected {label.is_offer}, got {got_offer}")
    if result.get("category") != label.category:
        problems.append(f"category: expected {label.category}, got {result.get('category')}")
    if result.get("screened") != label.screened:
        problems.append(f"screened: expected {label.screened}, got {result.get('screened')}")
    flags = result.get("flags") or []
    if label.scam and Flag.SCAM.value not in flags:
        problems.append("scam not flagged")
    if not label.scam and Flag.SCAM.value in flags:
        problems.append("flagged scam but is not one")
    if label.injection and Flag.PROMPT_INJECTION.value not in flags:
        problems.append("prompt injection not flagged")
    replied = result.get("reply") is not None
    if replied and not label.expect_reply:
        problems.append(f"replied ({result['reply'].get('mode')}) but no reply is expected")
    if label.expect_reply and not replied:
        problems.append(f"no reply (decision {result.get('decision')}) but one is expected")
    if label.is_offer and label.deal is not None:
        got = result.get("deal")
        for name in FIELDS:
            if name in ("budget_min", "budget_max", "currency"):
                continue  # reported once, as "budget"
            want = _field_value(label.deal, name)
            if _has_value(want) and not compare_field(name, label.deal, got):
                have = _field_value(got, name)
                problems.append(f"{name}: expected {_brief(want)}, got {_brief(have)}")
    return problems


async def run_eval(
    directory: Path,
    labels: Path,
    *,
    engine: EngineName = "heuristic",
    config: RepflowConfig | None = None,
    model: str | None = None,
) -> EvalReport:
    """Run the pipeline over every message under ``directory`` and score it against ``labels``.

    Messages are processed in sorted order on a fresh in-memory store; nothing is sent.

    Args:
        directory: The corpus (read like ``repflow process DIR``: recursively, sorted; the
            labels file may live inside it).
        labels: The JSON Lines labels file.
        engine: ``heuristic`` (offline) or ``llm`` (``REPFLOW_MODEL`` or ``model``).
        config: Creator profiles and defaults (None: an empty config).
        model: The LLM model string, overriding ``REPFLOW_MODEL``.

    Returns:
        The report: figures and per-message outcomes.

    Raises:
        EvalError: the labels file is invalid or the directory does not exist.
        ConfigError: the LLM engine is asked for but not configured.
    """
    from repflow.bootstrap import build_app, sync_creators
    from repflow.store.memory import InMemoryStore

    if not directory.is_dir():
        raise EvalError(f"{directory}: not a directory")
    truth = load_labels(labels)
    config = config or RepflowConfig()
    store = InMemoryStore()
    try:
        await sync_creators(store, config)
        app = build_app(store, config, engine=engine, model=model)
        report = EvalReport(engine=engine, directory=str(directory))
        await _score_all(app.pipeline, directory, truth, report)
    finally:
        await store.close()
    return report


def _corpus_date(data: bytes) -> datetime | None:
    from repflow.mail.parse import parse_date

    match = re.search(rb"(?im)^date:[ \t]*([^\r\n]{1,200})", data[:65536])
    return parse_date(match.group(1).decode("latin-1")) if match else None


async def _score_all(
    pipeline: Pipeline, directory: Path, truth: Mapping[str, Label], report: EvalReport
) -> None:
    from repflow.pipeline.delivery import Delivery
    from repflow.transport.sources import iter_raw_messages

    seen: set[str] = set()
    for raw in iter_raw_messages([directory]):
        name = _relative(raw.source, directory)
        label = truth.get(name)
        if label is None:
            report.unlabelled.append(name)
            continue
        seen.add(name)
        started = time.perf_counter()
        try:
            # A corpus stands for mail that arrived over weeks: its Date headers play the
            # receipt times a mail server would have stamped, so the reply rate limits see the
            # conversation's real pace rather than the speed of the evaluation.
            delivery = Delivery(source=raw.source, received_at=_corpus_date(raw.data))
            processed = await pipeline.process(raw.data, delivery)
            result = processed.to_json()
            per_unit = _per_unit(processed)
        except Exception as exc:  # one bad message must not end the evaluation
            result = {"source": raw.source, "error": f"{type(exc).__name__}: {exc}"}
            per_unit = None
        elapsed = time.perf_counter() - started
        outcome = EmailOutcome(
            file=name, label=label, result=result, seconds=elapsed, budget_per_unit=per_unit
        )
        outcome.problems = _problems(label, result)
        report.emails.append(outcome)
    report.missing = sorted(set(truth) - seen)


def _per_unit(result: ProcessResult) -> str | None:
    return result.deal.budget_per_unit if result.deal is not None else None


def _relative(source: str, directory: Path) -> str:
    path = Path(source)
    try:
        return path.relative_to(directory).as_posix()
    except ValueError:
        return path.name


# -- formatting --------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _ratio(ratio: Ratio) -> str:
    return f"{_pct(ratio.value)} ({ratio.hits}/{ratio.total})"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    body = [list(header), *[list(r) for r in rows]]
    widths = [max(len(row[i]) for row in body) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    return [line(body[0]), "  ".join("-" * w for w in widths), *(line(r) for r in body[1:])]


def _files(files: Sequence[str]) -> str:
    return "none" if not files else f"{len(files)}: " + ", ".join(files)


def format_report(report: EvalReport, *, details: bool = True) -> str:
    """The report as plain text: summary figures, confusion matrix, fields and problems.

    Args:
        report: What :func:`run_eval` returned.
        details: Also list every message with a problem, and why.
    """
    tp, fp, fn, tn = report.offer_counts
    out: list[str] = [
        f"Evaluation of {len(report.emails)} message(s) in {report.directory} "
        f"(engine: {report.engine})",
        "",
        "Offer detection",
        f"  precision {_pct(report.offer_precision)}   recall {_pct(report.offer_recall)}   "
        f"F1 {_pct(report.offer_f1)}   (tp {tp}, fp {fp}, fn {fn}, tn {tn})",
        f"  category accuracy  {_ratio(report.category_accuracy)}",
        f"  screen accuracy    {_ratio(report.screen_accuracy)}  "
        f"(screened or not: {_ratio(report.screen_detection)})",
        "",
        "Safety",
        f"  replies to machines (auto-replies, bounces, bulk): "
        f"{_files(report.replies_to_machines)}",
        f"  replies to scams / injections / newsletters:       {_files(report.replies_to_risky)}",
        f"  replies where none is expected:                    {_files(report.replies_unexpected)}",
        f"  automatic replies that needed approval:            {_files(report.wrong_auto_replies)}",
        f"  replies where one is expected:  {_ratio(report.replies_expected)}",
        f"  scams flagged:                  {_ratio(report.scams_flagged)}",
        f"  injections flagged:             {_ratio(report.injections_flagged)}",
        f"  false scam flags:               {_files(report.false_scam_flags)}",
        f"  errors:                         {_files(report.errors)}",
        "",
        "Deal fields on labelled offers (where the label has a value)",
    ]
    invented = report.invented
    out.extend(
        "  " + line
        for line in _table(
            ("field", "accuracy", "hits", "scored", "invented"),
            (
                (name, _pct(r.value), str(r.hits), str(r.total), str(len(invented[name])))
                for name, r in report.field_accuracy.items()
            ),
        )
    )
    confusion = report.confusion
    predicted = sorted({p for row in confusion.values() for p in row})
    out += ["", "Confusion matrix (rows: label, columns: predicted)"]
    out.extend(
        "  " + line
        for line in _table(
            ("label \\ got", *predicted),
            (
                (category, *(str(confusion[category].get(p, 0) or ".") for p in predicted))
                for category in sorted(confusion)
            ),
        )
    )
    llm, tokens, seconds = report.llm_calls, report.tokens, report.seconds
    out += [
        "",
        "Cost per message",
        f"  LLM calls  mean {llm['mean']:.2f}  max {llm['max']:.0f}",
        f"  tokens     mean {tokens['mean']:.0f}  max {tokens['max']:.0f}",
        f"  time       mean {seconds['mean'] * 1000:.1f} ms  p95 {seconds['p95'] * 1000:.1f} ms",
    ]
    if report.unlabelled or report.missing:
        out += [
            "",
            f"Unlabelled messages (not scored): {_files(report.unlabelled)}",
            f"Labels without a message: {_files(report.missing)}",
        ]
    if details:
        flawed = report.flawed
        out += ["", f"Messages with problems ({len(flawed)})"]
        for e in flawed:
            out.append(f"  {e.file}  [{e.label.category}]")
            out.extend(f"      - {p}" for p in e.problems)
    return "\n".join(out) + "\n"


def eval_command(
    directory: Path, labels: Path, engine: str, as_json: bool, config: Path | None
) -> int:
    """``repflow eval DIR --labels FILE [--engine heuristic|llm] [--json] [--config FILE]``.

    Prints the report (text, or one JSON object with ``--json``) to stdout and problems with the
    arguments to stderr.

    Args:
        directory: The labelled corpus.
        labels: The JSON Lines labels file.
        engine: ``heuristic`` or ``llm``.
        as_json: Print :meth:`EvalReport.to_json` instead of the text report.
        config: A ``repflow.toml`` with creator profiles (None: an empty config).

    Returns:
        0 when the run is clean; 1 when any message errored or a machine, scam, injection or
        newsletter got a reply; 2 when the evaluation could not run (bad arguments or labels,
        LLM engine not configured).
    """
    from repflow.config import Settings, load_config

    if engine not in ("heuristic", "llm"):
        sys.stderr.write(f"error: --engine must be heuristic or llm, not {engine!r}\n")
        return 2
    try:
        settings = Settings()
        loaded = load_config(config or settings.config)
        report = asyncio.run(
            run_eval(
                directory,
                labels,
                engine="llm" if engine == "llm" else "heuristic",
                config=loaded,
                model=settings.model,
            )
        )
    except RepflowError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, default=str) + "\n")
    else:
        sys.stdout.write(format_report(report))
    unsafe = (
        report.errors
        or report.replies_to_machines
        or report.replies_to_risky
        or report.wrong_auto_replies
    )
    return 1 if unsafe else 0
