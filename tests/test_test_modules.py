"""Test modules stand alone: what tests share lives in conftest.py, the factories and helper
modules (tests/sign_in.py, tests/checks.py, tests/access_matrix.py), never in another test module,
whose tests would otherwise run again wherever it is imported and whose helpers hide there."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names += [node.module or ""]
            names += [f"{node.module or ''}.{alias.name}" for alias in node.names]
    return names


def test_no_test_module_imports_another():
    found = []
    for path in sorted(ROOT.rglob("test_*.py")):
        if {".venv", "node_modules"} & set(path.parts):
            continue
        for name in _imported_modules(ast.parse(path.read_text())):
            if name.rsplit(".", 1)[-1].startswith("test_"):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    assert found == []
