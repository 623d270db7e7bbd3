"""The engine is a pure library: no Django, no project apps, no I/O or environment."""

import ast
from collections.abc import Callable
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent
PROJECT = ENGINE.parent
IO_PACKAGES = {
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
"""I/O, environment and process access."""


SETTINGS = PROJECT / "config" / "settings.py"


def installed_apps() -> list[str]:
    """``INSTALLED_APPS`` read from the settings file's source (the engine's tests import
    nothing of Django either)."""
    [value] = [
        node.value
        for node in ast.parse(SETTINGS.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign)
        and any(
            isinstance(target, ast.Name) and target.id == "INSTALLED_APPS"
            for target in node.targets
        )
    ]
    return list(ast.literal_eval(value))


def web_packages() -> set[str]:
    """Django, every installed app (project and third-party), the settings package and
    every other package of the project (e.g. ``knowledge``, which reads files)."""
    apps = {entry.split(".")[0] for entry in installed_apps()}
    project = {path.parent.name for path in PROJECT.glob("*/__init__.py")} - {ENGINE.name}
    return {"django", SETTINGS.parent.name} | apps | project


FORBIDDEN_PACKAGES = web_packages() | IO_PACKAGES
FORBIDDEN_CALLS = {"open", "input", "print", "eval", "exec", "__import__"}


def modules() -> list[Path]:
    """The engine's modules, packages included, without its tests."""
    return sorted(p for p in ENGINE.rglob("*.py") if "tests" not in p.relative_to(ENGINE).parts)


def test_engine_has_modules_to_check() -> None:
    names = {str(path.relative_to(ENGINE)) for path in modules()}
    expected = {"finance.py", "business_case.py", "strategy/ranking.py", "case_templates/reuse.py"}
    assert expected <= names


def test_forbidden_packages_come_from_the_installed_apps() -> None:
    assert {"django", "config", "core", "businesscases", "django_htmx", "knowledge"} <= (
        FORBIDDEN_PACKAGES
    )
    assert "engine" not in FORBIDDEN_PACKAGES


def test_the_package_lists_every_module() -> None:
    import engine

    public = {path.stem for path in ENGINE.glob("*.py") if not path.name.startswith("_")} | {
        path.parent.name for path in ENGINE.glob("*/__init__.py") if path.parent.name != "tests"
    }
    assert set(engine.__all__) - {"__version__"} == public
    assert all(f":mod:`engine.{name}`" in (engine.__doc__ or "") for name in public)


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


def offenders(scan: Callable[[str], list[str]]) -> dict[str, list[str]]:
    """What ``scan`` finds in each engine module, by module (modules without finds left out)."""
    return {
        str(path.relative_to(ENGINE)): found
        for path in modules()
        if (found := scan(path.read_text(encoding="utf-8")))
    }


def test_engine_imports_neither_django_nor_project_apps_nor_io() -> None:
    assert offenders(forbidden_imports) == {}


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
    assert offenders(forbidden_calls) == {}


def test_the_scanner_catches_io_calls() -> None:
    assert forbidden_calls("x = open('f')\nprint(x)\nlen(x)\n") == ["1:open", "2:print"]


def test_the_scanner_catches_forbidden_imports() -> None:
    sample = "import django.db\nfrom knowledge.loader import load\nfrom .money import ZERO\n"
    assert forbidden_imports(sample) == ["django.db", "knowledge.loader"]
