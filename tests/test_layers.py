"""The layers run one way: faces and tasks call services; services never import the tasks
(they enqueue by name through claims.queue), and no module dodges a cycle by importing late."""

import ast
from pathlib import Path

from celery import current_app

from claims import queue

CLAIMS = Path(__file__).resolve().parent.parent / "claims"


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, whether the import is inside a function) for each import in `path`."""
    found = []
    tree = ast.parse(path.read_text("utf-8"))
    for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.append((node.module, True))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, False))
    return found


def test_every_queued_task_name_is_a_registered_task():
    names = [v for k, v in vars(queue).items() if k.isupper() and isinstance(v, str)]
    assert names
    for name in names:
        assert name in current_app.tasks, name


def test_services_never_import_the_tasks():
    for path in (CLAIMS / "services").glob("*.py"):
        assert all(not module.startswith("claims.tasks") for module, _ in _imports(path)), path


def test_no_module_imports_the_tasks_or_services_inside_a_function():
    late = [
        (path.name, module)
        for path in CLAIMS.rglob("*.py")
        for module, inside in _imports(path)
        if inside and module.split(".")[:2] in (["claims", "tasks"], ["claims", "services"])
    ]
    assert late == [], late


def test_the_services_package_reexports_nothing():
    tree = ast.parse((CLAIMS / "services" / "__init__.py").read_text("utf-8"))
    assert [type(node).__name__ for node in tree.body] == ["Expr"]  # its docstring only
