"""No dead code in claims/ and factcheck/: vulture, configured in pyproject.toml
([tool.vulture]); the names only frameworks use are listed in vulture_whitelist.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def vulture(*paths: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vulture", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_vulture_finds_no_dead_code():
    found = vulture()
    assert found.returncode == 0, (
        f"dead code (delete it, or whitelist a framework name):\n{found.stdout}{found.stderr}"
    )


def test_the_check_would_catch_an_unused_function(tmp_path):
    module = tmp_path / "leftover.py"
    module.write_text("def used():\n    return 1\n\n\ndef never_called():\n    return used()\n")
    found = vulture("claims", str(module))
    assert found.returncode != 0
    assert "unused function 'never_called'" in found.stdout
