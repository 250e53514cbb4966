"""Shared fixtures: paths to the real-world corpora and this project's own examples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = (ROOT.parent / "shared" / "corpora").resolve()
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
