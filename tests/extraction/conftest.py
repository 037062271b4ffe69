"""Fixtures for the extraction tests: pure Python, no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.extraction.normalize import normalize_text
from claims.extraction.pipeline import extract

SEED_NAME = "000_a4cf5889f4568257.txt"
_SEED_PLACES = (
    Path(__file__).resolve().parents[2] / "seeds" / SEED_NAME,
    Path("/work/shared/seeds") / SEED_NAME,
)


@pytest.fixture(scope="session")
def seed_text() -> str:
    for path in _SEED_PLACES:
        if path.exists():
            return normalize_text(path.read_text(encoding="utf-8"))
    pytest.skip(f"seed article {SEED_NAME} not found")


@pytest.fixture(scope="session")
def seed_candidates(seed_text):
    return extract(seed_text)


@pytest.fixture(scope="session")
def by_start(seed_candidates):
    """The candidate whose text starts with a prefix."""

    def find(prefix: str):
        matches = [c for c in seed_candidates if c.text.startswith(prefix)]
        assert matches, f"no candidate starts with {prefix!r}"
        return matches[0]

    return find
