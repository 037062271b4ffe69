"""claims/ uses only the public parts of Django, DRF, django-filter and drf-spectacular:
the private ones change without notice (and did: see issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

CLAIMS = Path(__file__).resolve().parents[1] / "claims"
FORBIDDEN = ["._perm_cache", "compiler.", "connection.__dict__", "_get_response_bodies"]


def _sources() -> list[Path]:
    return sorted(p for p in CLAIMS.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("text", FORBIDDEN)
def test_no_private_framework_part_is_used(text):
    found = [
        f"{path.relative_to(CLAIMS.parent)}:{number}"
        for path in _sources()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if text in line
    ]
    assert not found, f"{text!r} in {found}"


def test_the_check_reads_the_code():
    assert len(_sources()) > 50
