"""The engine is a pure library: no Django, no project apps, no I/O or environment."""

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent
FORBIDDEN_PACKAGES = {
    "django",
    "config",
    "core",
    "organizations",
    "accounts",
    "portfolio",
    "knowledge",
    "interop",
    "advisor",
    "businesscases",
    "roadmaps",
    "procurement",
    "governance",
    # I/O, environment and process access
    "os",
    "io",
    "pathlib",
    "shutil",
    "socket",
    "subprocess",
    "urllib",
    "http",
    "requests",
    "sqlite3",
    "tempfile",
    "yaml",
}
FORBIDDEN_CALLS = {"open", "input", "print", "eval", "exec", "__import__"}


def modules() -> list[Path]:
    return sorted(ENGINE.glob("*.py"))


def test_engine_has_modules_to_check() -> None:
    names = {path.name for path in modules()}
    assert {"finance.py", "business_case.py", "strategy.py", "templates.py"} <= names


def forbidden_imports(source: str) -> list[str]:
    """Absolute imports of a forbidden package in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else []
        else:
            continue
        found += [name for name in names if name.split(".")[0] in FORBIDDEN_PACKAGES]
    return found


def test_engine_imports_neither_django_nor_project_apps_nor_io() -> None:
    offenders = {
        path.name: found
        for path in modules()
        if (found := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def forbidden_calls(source: str) -> list[str]:
    """Calls of I/O or dynamic-code builtins in ``source``."""
    return [
        f"{node.lineno}:{node.func.id}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in FORBIDDEN_CALLS
    ]


def test_engine_calls_no_io_builtins() -> None:
    offenders = {
        path.name: found
        for path in modules()
        if (found := forbidden_calls(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_scanner_catches_io_calls() -> None:
    assert forbidden_calls("x = open('f')\nprint(x)\nlen(x)\n") == ["1:open", "2:print"]


def test_the_scanner_catches_forbidden_imports() -> None:
    sample = "import django.db\nfrom knowledge.loader import load\nfrom .money import ZERO\n"
    assert forbidden_imports(sample) == ["django.db", "knowledge.loader"]
