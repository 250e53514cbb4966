"""Coverage-guided fuzzing (atheris, libFuzzer) of the MIME parser and the money parser.

Targets (each runs in its own process, since libFuzzer exits the process when it stops):

* ``parse_email``: :func:`repflow.mail.parse.parse_email` on the raw bytes. The only exception
  allowed out is :class:`~repflow.mail.exceptions.MalformedEmail`; a parsed message's ``size``
  and ``sha256`` describe the input exactly (both promised by its docstring).
* ``money``: the bytes as text (UTF-8; invalid bytes become lone surrogates, still a ``str``)
  through :func:`~repflow.engine.reading.money.find_money`, :func:`~repflow.engine.reading.money.parse_budget`
  and :func:`~repflow.engine.reading.money.parse_amount`, without and with a default currency (chosen
  by the input's length). None may raise, and what they return keeps the module's promises:
  ``0 <= minimum <= maximum``, both finite; ``currency`` None (only without a default) or a
  three-letter upper-case code; ``text == text[start:end]``; a known ``kind``; ``bound``
  None, ``"up_to"`` or ``"at_least"``, and then ``minimum == maximum``; a budget is a
  ``"budget"`` mention above zero that :func:`find_money` also reports; an amount is finite
  and non-negative.

Seeds: a handful of messages from ``examples/inbox`` and ``tests/corpus/labelled``, read where
they are (``-seed_inputs``); new inputs go to a temporary corpus. An input slower than
``-timeout`` seconds counts as a crash (a regex gone quadratic would show up there).

Usage::

    python bench/fuzz_atheris.py [--seconds 60] [--target parse_email --target money]
    python bench/fuzz_atheris.py --run money CRASH_FILE    # replay one input

``make soak`` installs atheris (it is not a test dependency) and runs this; the figures go
to the "Fuzzing (atheris)" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from _results import ROOT, machine, write_section

TARGETS = ("parse_email", "money")
SEEDS = [
    ROOT / "examples" / "inbox" / name
    for name in (
        "01-complete-offer.eml",
        "08-scam-lookalike.eml",
        "14-bounce.eml",
        "16-spanish-offer.eml",
        "18-agency-offer-html.eml",
    )
] + [
    ROOT / "tests" / "corpus" / "labelled" / name
    for name in (
        "002-offer-range-eur-de-cp1252.eml",
        "006-offer-hybrid-usd-qp.eml",
        "009-offer-inr-lakh.eml",
        "010-offer-brl-pt-latin1.eml",
        "012-offer-mxn-es-base64.eml",
        "017-offer-agency-range-html.eml",
    )
]
#: libFuzzer's input size cap per target (the seeds are 0.4-6 KB).
MAX_LEN = {"parse_email": 16384, "money": 4096}
#: Default currencies the money target cycles through (None: no default).
DEFAULTS: tuple[str | None, ...] = (None, "USD", "EUR", "GBP", "CAD", "JPY", "INR", "SEK", "BRL")
_CODE = re.compile(r"[A-Z]{3}")
_KINDS = frozenset({"budget", "product_value", "creator_rate", "commission", "price", "other"})


# --------------------------------------------------------------------------------------------
# the targets (run in the child process, after atheris instrumented repflow)
# --------------------------------------------------------------------------------------------


def email_target() -> Callable[[bytes], None]:
    """The ``parse_email`` target: only MalformedEmail may escape; size and sha256 match."""
    from repflow.mail.exceptions import MalformedEmail
    from repflow.mail.parse import parse_email

    def test_one_input(data: bytes) -> None:
        try:
            email = parse_email(data, source="fuzz")
        except MalformedEmail:
            return
        assert email.size == len(data), (email.size, len(data))
        assert email.sha256 == hashlib.sha256(data).hexdigest()

    return test_one_input


def money_target() -> Callable[[bytes], None]:
    """The ``money`` target: the three parsers never raise and keep their invariants."""
    from repflow.engine.reading.money import MoneyMention, find_money, parse_amount, parse_budget

    def check_mention(text: str, m: MoneyMention, default: str | None) -> None:
        assert m.minimum.is_finite(), m
        assert m.maximum.is_finite(), m
        assert Decimal(0) <= m.minimum <= m.maximum, m
        if m.currency is None:
            assert default is None, m
        else:
            assert _CODE.fullmatch(m.currency), m
        assert 0 <= m.start <= m.end <= len(text), m
        assert text[m.start : m.end] == m.text, m
        assert m.kind in _KINDS, m
        assert m.bound in (None, "up_to", "at_least"), m
        if m.bound is not None:
            assert m.minimum == m.maximum, m

    def test_one_input(data: bytes) -> None:
        text = data.decode("utf-8", "surrogateescape")
        for default in (None, DEFAULTS[len(data) % len(DEFAULTS)]):
            mentions = find_money(text, default_currency=default)
            for mention in mentions:
                check_mention(text, mention, default)
            budget = parse_budget(text, default_currency=default)
            if budget is not None:
                assert budget.kind == "budget", budget
                assert budget.maximum > 0, budget
                assert budget in mentions, budget
        amount = parse_amount(text)
        if amount is not None:
            assert amount.is_finite(), amount
            assert amount >= 0, amount

    return test_one_input


def run_target(target: str, libfuzzer_args: list[str]) -> None:
    """Fuzz ``target`` in this process until libFuzzer stops (it exits the process)."""
    import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]

    with atheris.instrument_imports(include=["repflow"]):
        test_one_input = email_target() if target == "parse_email" else money_target()
    atheris.Setup([sys.argv[0], *libfuzzer_args], test_one_input)
    atheris.Fuzz()


# --------------------------------------------------------------------------------------------
# the driver
# --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one libFuzzer run reported."""

    target: str
    seconds: float
    executions: int = 0
    exec_per_s: float = 0.0
    coverage: int = 0
    features: int = 0
    corpus: int = 0
    new_units: int = 0
    peak_rss_mb: int = 0
    exit_code: int = 0
    crashes: list[Path] = field(default_factory=list)
    error: str = ""


_STAT = re.compile(r"^stat::(\w+):\s+(\d+)", re.M)
_STATUS = re.compile(r"^#\d+\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/", re.M)
_ERROR = re.compile(
    r"^\s*(=== Uncaught Python exception: ===.*?)(?:^MS: |^==\d+== |\Z)", re.M | re.S
)
_BASE64 = re.compile(r"^Base64: (\S*)$", re.M)


def parse_libfuzzer(outcome: Outcome, log: str) -> None:
    """Fill ``outcome`` from libFuzzer's output (``-print_final_stats=1``)."""
    stats = {name: int(value) for name, value in _STAT.findall(log)}
    outcome.executions = stats.get("number_of_executed_units", 0)
    outcome.exec_per_s = float(stats.get("average_exec_per_sec", 0))
    outcome.new_units = stats.get("new_units_added", 0)
    outcome.peak_rss_mb = stats.get("peak_rss_mb", 0)
    status = _STATUS.findall(log)
    if status:
        cov, ft, corp = status[-1]
        outcome.coverage, outcome.features, outcome.corpus = int(cov), int(ft), int(corp)
    error = _ERROR.search(log)
    if error:
        outcome.error = error.group(1).strip()
    elif "ERROR: libFuzzer" in log:
        outcome.error = log[log.index("ERROR: libFuzzer") :].strip()[:2000]
    unit = _BASE64.search(log)
    if unit and outcome.error:
        outcome.error += f"\ninput (base64): {unit.group(1)[:1000]}"


def fuzz(target: str, seconds: int, workdir: Path) -> Outcome:
    """Run one target for ``seconds`` in a child process; its figures and crash files."""
    corpus = workdir / f"corpus-{target}"
    artifacts = workdir / f"artifacts-{target}"
    corpus.mkdir()
    artifacts.mkdir()
    seeds = [str(path) for path in SEEDS if path.is_file()]
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--run",
        target,
        f"-max_total_time={seconds}",
        f"-max_len={MAX_LEN[target]}",
        "-timeout=10",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
        f"-artifact_prefix={artifacts}/",
        f"-seed_inputs={','.join(seeds)}",
        str(corpus),
    ]
    print(f"fuzz {target}: {seconds} s, {len(seeds)} seeds", flush=True)
    result = subprocess.run(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        check=False,
        cwd=ROOT,
        timeout=seconds + 120,
    )
    (workdir / f"{target}.log").write_text(result.stdout, encoding="utf-8")
    outcome = Outcome(target=target, seconds=seconds, exit_code=result.returncode)
    parse_libfuzzer(outcome, result.stdout)
    outcome.crashes = sorted(
        path
        for path in artifacts.iterdir()
        if path.name.startswith(("crash-", "timeout-", "oom-", "leak-"))
    )
    if result.returncode != 0 and not outcome.crashes and not outcome.error:
        outcome.error = f"exit code {result.returncode}:\n" + result.stdout[-2000:]
    return outcome


def report(outcomes: list[Outcome], kept: Path | None) -> str:
    """The RESULTS.md section body."""
    import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]

    version = getattr(atheris, "__version__", None) or _dist_version("atheris")
    rows = "\n".join(
        f"| `{o.target}` | {o.seconds} s | {o.executions:,} | {o.exec_per_s:,.0f} | "
        f"{o.coverage:,} / {o.features:,} | {o.corpus:,} | {len(o.crashes)} |"
        for o in outcomes
    )
    text = f"""
{machine()}, {os.cpu_count()} CPUs, atheris {version} (libFuzzer).
`python bench/fuzz_atheris.py` (`make soak`): one process per target, `-max_total_time`
per target, {len([p for p in SEEDS if p.is_file()])} seed messages from `examples/inbox` and
`tests/corpus/labelled`, `-timeout=10` (a slower input counts as a crash).

* `parse_email`: raw bytes; only `MalformedEmail` may escape; `size` and `sha256` match.
* `money`: bytes as UTF-8 text (bad bytes as lone surrogates) through `find_money`,
  `parse_budget`, `parse_amount`, with and without a default currency; nothing raises;
  `0 <= minimum <= maximum`, currency a 3-letter code (None only without default),
  `text[start:end] == text`, bounds hold one amount, a budget is a found `budget` above 0.

| target | time | executions | exec/s | coverage (edges / features) | corpus | crashes |
|---|---:|---:|---:|---:|---:|---:|
{rows}
"""
    for o in outcomes:
        if o.crashes or o.error:
            text += f"\n**`{o.target}`**: exit code {o.exit_code}"
            if o.crashes:
                names = ", ".join(f"`{p.name}`" for p in o.crashes)
                text += f"; inputs kept in `{kept}`: {names}"
                text += f" (replay: `python bench/fuzz_atheris.py --run {o.target} FILE`)"
            text += f".\n\n```\n{o.error[:3000]}\n```\n"
    return text


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def main() -> int:
    """Run every target (or ``--run`` one in this process) and write bench/RESULTS.md."""
    if len(sys.argv) > 2 and sys.argv[1] == "--run":
        target = sys.argv[2]
        if target not in TARGETS:
            raise SystemExit(f"unknown target {target!r}; one of {', '.join(TARGETS)}")
        run_target(target, sys.argv[3:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="per target (default 60)")
    parser.add_argument("--target", action="append", choices=TARGETS, help="default: all")
    args = parser.parse_args()
    try:
        import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]  # noqa: F401
    except ImportError as exc:
        print(f"fuzz_atheris: atheris is not installed ({exc}); `make soak` installs it")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="repflow-fuzz-"))
    outcomes = [fuzz(target, args.seconds, workdir) for target in args.target or TARGETS]
    failed = any(o.crashes or o.error for o in outcomes)
    kept = workdir if failed else None
    body = report(outcomes, kept)
    write_section("Fuzzing (atheris)", body)
    print(body)
    if failed:
        print(f"fuzz_atheris: crash inputs and logs kept in {workdir}", file=sys.stderr)
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
