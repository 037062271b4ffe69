"""The code's shape: no module in claims/ over 450 lines (migrations excepted), no function
over 60 lines. Measured with `ast`, so a function's length is its `def` line to its last line
(docstring and comments included, decorators not)."""

from __future__ import annotations

import ast
from pathlib import Path

CLAIMS = Path(__file__).resolve().parent.parent / "claims"
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(
        p for p in CLAIMS.rglob("*.py") if "migrations" not in p.relative_to(CLAIMS).parts
    )


def _name(path: Path) -> str:
    return path.relative_to(CLAIMS).as_posix()


def module_lengths() -> dict[str, int]:
    return {_name(path): len(path.read_text().splitlines()) for path in _modules()}


def function_lengths(source: str) -> list[tuple[str, int, int]]:
    """(qualified name, first line, length) of every function and method in `source`."""
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                found.append((name, child.lineno, child.end_lineno - child.lineno + 1))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_function_lengths_are_measured_from_def_to_last_line():
    source = (
        "class A:\n    def f(self):\n        x = 1\n\n        return x\n\n\ndef g():\n    pass\n"
    )
    assert function_lengths(source) == [("A.f", 2, 4), ("g", 8, 2)]


def test_no_module_in_claims_is_over_the_limit():
    too_long = {name: lines for name, lines in module_lengths().items() if lines > MAX_MODULE_LINES}
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines: {too_long}"


def test_no_function_in_claims_is_over_the_limit():
    too_long = [
        f"{_name(path)}:{line} {name} ({length} lines)"
        for path in _modules()
        for name, line, length in function_lengths(path.read_text())
        if length > MAX_FUNCTION_LINES
    ]
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines: {too_long}"
