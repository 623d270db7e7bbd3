"""Every URL pattern and API operation must be declared in an access/isolation test case."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from organizations.testing import ApiAccessMixin, ViewAccessMixin

ROOT = Path(__file__).resolve().parent.parent

# Pages that must work without an account, and the API's own documentation.
PUBLIC_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "set_language",
}
PUBLIC_API = {("GET", "/api/v1/health")}


def _view_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "api":
                continue  # API operations are checked from the OpenAPI document
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _view_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def _test_classes() -> list[type]:
    classes: list[type] = []
    for test_dir in [*ROOT.glob("*/tests"), ROOT / "tests"]:
        if not (test_dir / "__init__.py").exists():
            continue
        package = ".".join(test_dir.relative_to(ROOT).parts)
        for module in pkgutil.iter_modules([str(test_dir)]):
            if module.name.startswith("test_"):
                mod = importlib.import_module(f"{package}.{module.name}")
                classes.extend(
                    cls
                    for _, cls in inspect.getmembers(mod, inspect.isclass)
                    if cls.__module__ == mod.__name__
                )
    return classes


def test_every_view_is_covered_by_the_access_mixins() -> None:
    covered = {
        case.url_name
        for cls in _test_classes()
        if issubclass(cls, ViewAccessMixin)
        for case in cls.view_cases
    }
    missing = _view_names(get_resolver()) - covered - PUBLIC_VIEWS
    assert not missing, f"views without permission/isolation cases: {sorted(missing)}"


def test_every_api_operation_is_covered_by_the_access_mixins() -> None:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = {
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    }
    covered = {
        (case.method.upper(), case.path)
        for cls in _test_classes()
        if issubclass(cls, ApiAccessMixin)
        for case in cls.api_cases
    }
    missing = operations - covered - PUBLIC_API
    assert not missing, f"API operations without permission/isolation cases: {sorted(missing)}"
    assert not covered - operations, (
        f"cases for operations that do not exist: {sorted(covered - operations)}"
    )
