"""No module imports upward: the package layers of ``docs/architecture.md``, checked on the code.

Every ``import repflow.x`` and ``from repflow.x import ...`` in ``src/repflow`` (at any depth,
including imports under ``TYPE_CHECKING`` and inside functions) must point to the importing
package's own layer or a lower one. The order, bottom first:

0. ``exceptions``
1. ``domain``
2. ``config``, ``mail``
3. ``engine``
4. ``store``, ``transport``
5. ``pipeline``
6. ``bootstrap``, ``evaluation``
7. ``api``, ``aws``, ``cli``, ``cli_watch`` (entry points)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "repflow"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("exceptions",),
    ("domain",),
    ("config", "mail"),
    ("engine",),
    ("store", "transport"),
    ("pipeline",),
    ("bootstrap", "evaluation"),
    ("api", "aws", "cli", "cli_watch"),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _package(module: str) -> str:
    """``repflow.store.sql`` -> ``store``; ``repflow`` itself -> ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "repflow" or node.module.startswith("repflow."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend(
                (node.lineno, alias.name)
                for alias in node.names
                if alias.name.startswith("repflow.")
            )
    return found


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def test_every_package_has_a_layer() -> None:
    packages = {p.relative_to(SRC).parts[0].removesuffix(".py") for p in _modules()}
    packages -= {"__init__", "__main__"}
    assert packages <= set(RANK), f"no layer for {sorted(packages - set(RANK))}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_imports_upward(path: Path) -> None:
    own = path.relative_to(SRC).parts[0].removesuffix(".py")
    if own in ("__init__", "__main__"):
        return
    upward = [
        f"line {line}: {module}"
        for line, module in _imports(path)
        if _package(module) and RANK[_package(module)] > RANK[own]
    ]
    assert not upward, f"{path.relative_to(SRC)} ({own}) imports upward: {upward}"
