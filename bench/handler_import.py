"""Import cost of the Lambda handler module against ``import boto3`` (the cold-start budget).

Each figure is the median of ROUNDS fresh interpreters:

* ``-X importtime``: the cumulative import time of the top-level module (µs), which excludes
  the interpreter's own start-up;
* wall clock: the whole ``python -c "import ..."`` process, start-up included.

The budget (issue 16): importing ``repflow.aws.handler`` costs at most 1.5 x ``import boto3``. The first
invocation then imports what it needs (settings, boto3, the store client, the pipeline, the
engine); that cost is reported too, as "first invocation imports".
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time

from _results import machine, write_section

ROUNDS = 15
BUDGET = 1.5
FIRST_INVOCATION = (
    "import repflow.aws.handler, repflow.aws.settings, repflow.aws.events, boto3, "
    "repflow.store.http, repflow.bootstrap, repflow.engine.heuristic, repflow.transport.ses, "
    "aws_lambda_powertools.utilities.batch"
)
_LINE = re.compile(r"^import time:\s+\d+\s+\|\s+(\d+)\s+\|\s*(\S+)\s*$")


def importtime(module: str) -> int:
    """Cumulative import time (µs) of ``module`` in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in reversed(result.stderr.splitlines()):
        match = _LINE.match(line)
        if match and match.group(2) == module:
            return int(match.group(1))
    raise RuntimeError(f"no importtime line for {module}")


def wall(code: str) -> float:
    """Seconds for ``python -c code`` (interpreter start-up included)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    # Warm the OS file cache (and the .pyc files) first.
    for module in ("boto3", "repflow.aws.handler"):
        importtime(module)
    boto3_us = median([importtime("boto3") for _ in range(ROUNDS)])
    handler_us = median([importtime("repflow.aws.handler") for _ in range(ROUNDS)])
    bare_s = median([wall("pass") for _ in range(ROUNDS)])
    boto3_s = median([wall("import boto3") for _ in range(ROUNDS)])
    handler_s = median([wall("import repflow.aws.handler") for _ in range(ROUNDS)])
    first_s = median([wall(FIRST_INVOCATION) for _ in range(5)])
    ratio = handler_us / boto3_us

    print(
        f"import boto3                 {boto3_us / 1000:7.1f} ms (importtime)  {boto3_s:.3f} s wall"
    )
    print(
        f"import repflow.aws.handler   {handler_us / 1000:7.1f} ms (importtime)  {handler_s:.3f} s wall"
    )
    print(f"interpreter start-up only                          {bare_s:.3f} s wall")
    print(f"first invocation imports                           {first_s:.3f} s wall")
    print(f"ratio handler / boto3: {ratio:.2f} (budget {BUDGET})")

    write_section(
        "Lambda handler import",
        f"""
Median of {ROUNDS} fresh interpreters ({machine()}). `-X importtime` is the cumulative
import time of the module (interpreter start-up excluded); wall clock is the whole
`python -c "import ..."` process.

| | importtime | wall clock |
|---|---:|---:|
| `python -c pass` (start-up only) | | {bare_s * 1000:.0f} ms |
| `import boto3` | {boto3_us / 1000:.1f} ms | {boto3_s * 1000:.0f} ms |
| `import repflow.aws.handler` | {handler_us / 1000:.1f} ms | {handler_s * 1000:.0f} ms |
| first invocation's imports (settings, boto3, HttpStore, pipeline, heuristic engine, SES, batch) | | {first_s * 1000:.0f} ms |

Ratio handler / boto3 (importtime): **{ratio:.2f}** (budget: at most {BUDGET}). The handler
module imports only the standard library and two small Repflow modules; everything else is
imported by the first invocation of a container.
""",
    )
    if ratio > BUDGET:
        print("OVER BUDGET", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
