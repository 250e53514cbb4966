"""Shared fixtures: paths to the real-world corpora and this project's own examples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _find_corpora() -> Path:
    """``../shared/corpora`` beside the checkout; ``REPFLOW_CORPORA`` or /work/shared otherwise."""
    candidates = [ROOT.parent / "shared" / "corpora", Path("/work/shared/corpora")]
    if os.environ.get("REPFLOW_CORPORA"):
        candidates.insert(0, Path(os.environ["REPFLOW_CORPORA"]))
    return next((p.resolve() for p in candidates if p.is_dir()), candidates[0])


CORPORA = _find_corpora()
EXAMPLES = ROOT / "examples"


def corpus_files() -> list[Path]:
    """Every message-like file under ../shared/corpora (licence files and code excluded)."""
    if not CORPORA.is_dir():
        return []
    skip_names = {"LICENSE", "MANIFEST.md", "__init__.py", ".DS_Store"}
    return sorted(
        p
        for p in CORPORA.rglob("*")
        if p.is_file() and p.name not in skip_names and p.suffix not in {".py", ".md"}
    )


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA}")
    return CORPORA


def pytest_configure(config: pytest.Config) -> None:
    """In CI the real-world corpora must be there: their tests may not skip silently."""
    if os.environ.get("CI") == "true" and not CORPORA.is_dir():
        raise pytest.UsageError(
            f"the shared corpora are missing ({CORPORA}); set REPFLOW_CORPORA to their folder"
        )
