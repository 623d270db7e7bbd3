"""The access tests prove what they claim: every page, on every HTTP method its view
accepts, and every API operation is declared in an access/isolation case of a test class
pytest runs, with the mixins' checks unchanged, and every exception is listed with its
reason (``organizations.testing.EXEMPTIONS``, printed at the end of the run).

The rules are plain functions of their inputs (URL patterns, classes, exemptions), so the
tests at the end show each of them failing on a small synthetic example.
"""

from __future__ import annotations

import fnmatch
import importlib
import inspect
import pkgutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponse
from django.urls import URLResolver, path
from django.urls.resolvers import RegexPattern
from django.views import View

from config.api import api
from core.testing import ApiCase, ViewCase, accepted_methods, url_patterns
from organizations.testing import (
    EXEMPTIONS,
    ApiAccessMixin,
    Exemption,
    ViewAccessMixin,
)

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
    # Single sign-on: starting a login, the provider's answer (OIDC redirect, SAML POST)
    # and Styrbar's SAML metadata for the provider come before any account exists here;
    # logout ends whatever session there is (sso/tests/test_oidc.py, test_saml.py).
    "sso:login",
    "sso:oidc_callback",
    "sso:saml_acs",
    "sso:saml_metadata",
    "sso:logout",
    # Prometheus scrapes without an account; the view itself refuses every address outside
    # STYRBAR_METRICS_ALLOWED (loopback by default) with 403 (core/tests/test_observability).
    "metrics",
}
# Liveness and readiness are asked by load balancers and monitoring without an account;
# they say only whether the databases and the task queue answer (no organization's data).
PUBLIC_API = {("GET", "/api/v1/health"), ("GET", "/api/v1/ready")}
CHECKS = {"isolation", "list"}  # what an exemption may be from (see EXEMPTIONS)


def _test_classes() -> list[type]:
    """Every class defined in a ``test_*`` module of a ``tests`` package."""
    classes: list[type] = []
    for test_dir in [*sorted(ROOT.glob("*/tests")), ROOT / "tests"]:
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


def _view_cases(cls: type) -> tuple[ViewCase, ...]:
    return tuple(cls.view_cases) if issubclass(cls, ViewAccessMixin) else ()


def _api_cases(cls: type) -> tuple[ApiCase, ...]:
    return tuple(cls.api_cases) if issubclass(cls, ApiAccessMixin) else ()


def _holds_cases(cls: type) -> bool:
    return bool(_view_cases(cls) or _api_cases(cls))


# Rules -----------------------------------------------------------------------------------


def collected(cls: type, python_classes: Iterable[str] = ("Test",)) -> bool:
    """Would pytest collect the class as tests (its name matches ``python_classes``, it
    has no ``__init__`` and is not marked ``__test__ = False``)?"""
    name_matches = any(
        fnmatch.fnmatch(cls.__name__, pattern)
        if any(c in pattern for c in "*?[")
        else cls.__name__.startswith(pattern)
        for pattern in python_classes
    )
    return name_matches and getattr(cls, "__test__", True) and "__init__" not in vars(cls)


def collection_problems(
    classes: Iterable[type],
    python_classes: Iterable[str] = ("Test",),
    testpaths: Iterable[str] | None = None,
) -> list[str]:
    """Classes holding cases that pytest never runs: not collected themselves and not
    inherited by a collected class, or in a directory outside ``testpaths``."""
    classes, patterns = list(classes), tuple(python_classes)
    run = [cls for cls in classes if collected(cls, patterns)]
    problems = [
        f"{cls.__module__}.{cls.__name__} holds cases but pytest never collects it "
        f"(name it Test…, python_classes = {list(patterns)})"
        for cls in classes
        if _holds_cases(cls)
        and not collected(cls, patterns)
        and not any(issubclass(other, cls) for other in run)
    ]
    if testpaths is not None:
        paths = set(testpaths)
        problems += [
            f"{cls.__module__}.{cls.__name__}: {cls.__module__.split('.')[0]} is not in "
            "pytest's testpaths (pyproject.toml), so a plain pytest run skips it"
            for cls in run
            if _holds_cases(cls) and cls.__module__.split(".")[0] not in paths
        ]
    return problems


def _mixin_checks(mixin: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in vars(mixin).items()
        if name.startswith("test_") or name == "pytest_generate_tests"
    }


def override_problems(classes: Iterable[type]) -> list[str]:
    """Classes with cases that replace a check of the mixin (e.g. a narrower
    ``test_roles``): their cases would be counted without being checked."""
    problems = []
    for cls in classes:
        for mixin in (ViewAccessMixin, ApiAccessMixin):
            if not issubclass(cls, mixin) or not _holds_cases(cls):
                continue
            for name, check in _mixin_checks(mixin).items():
                if getattr(cls, name) is not check:
                    problems.append(
                        f"{cls.__module__}.{cls.__name__}.{name} overrides the mixin's check; "
                        "write a test of another name for anything more"
                    )
    return problems


def view_coverage_problems(
    patterns: Mapping[str, Any], classes: Iterable[type], public: Iterable[str] = ()
) -> list[str]:
    """Every (URL name, method the view accepts) has a case, and each case is of a page and
    method that exist; a case of a URL with an object argument names its object."""
    required: set[tuple[str, str]] = set()
    problems = []
    for name, (pattern, _args) in patterns.items():
        if name in public:
            continue
        methods = accepted_methods(pattern.callback)
        if methods is None:
            problems.append(
                f"{name}: a function view that declares no methods "
                "(use require_http_methods/require_POST or a class-based view)"
            )
            continue
        required |= {(name, method) for method in methods}
    cases = [case for cls in classes if collected(cls) for case in _view_cases(cls)]
    covered = {(case.url_name, case.method) for case in cases}
    problems += [
        f"{name} {method.upper()}: no access case" for name, method in sorted(required - covered)
    ]
    problems += [
        f"{name} {method.upper()}: a case for a page or method that does not exist"
        for name, method in sorted(covered - required)
        if name not in public
    ]
    for case in cases:
        args = patterns[case.url_name][1] if case.url_name in patterns else frozenset()
        object_args = {a for a in args if a == "pk" or a.endswith(("_pk", "_id"))}
        if object_args and not case.obj:
            problems.append(
                f"{case.test_id}: the URL takes {sorted(object_args)} but the case names no "
                "object (obj=…), so no other organization's object is tried"
            )
    return problems


def api_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return {
        (method.upper(), route)
        for route, methods in schema["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    }


def api_coverage_problems(
    operations: set[tuple[str, str]], classes: Iterable[type], public: Iterable[Any] = ()
) -> list[str]:
    covered = {
        (case.method.upper(), case.path)
        for cls in classes
        if collected(cls)
        for case in _api_cases(cls)
    }
    missing = operations - covered - set(public)
    return [f"{method} {route}: no access case" for method, route in sorted(missing)] + [
        f"{method} {route}: a case for an operation that does not exist"
        for method, route in sorted(covered - operations)
    ]


def exemption_problems(
    exemptions: Mapping[tuple[str, str], Exemption], classes: Iterable[type]
) -> list[str]:
    """Each exemption has a reason, is from a known check and matches a declared case."""
    classes = list(classes)
    ids = {case.test_id for cls in classes for case in _view_cases(cls)}
    ids |= {case.test_id for cls in classes for case in _api_cases(cls)}
    problems = []
    for (check, case_id), exemption in exemptions.items():
        if not exemption.reason.strip():
            problems.append(f"{check} {case_id}: an exemption without a reason")
        if check not in CHECKS:
            problems.append(f"{check} {case_id}: no such check (one of {sorted(CHECKS)})")
        if case_id not in ids:
            problems.append(f"{check} {case_id}: exempts a case nobody declares")
    return problems


def exemption_report(exemptions: Mapping[tuple[str, str], Exemption]) -> str:
    lines = [f"Access-test exemptions ({len(exemptions)}, organizations.testing.EXEMPTIONS):"]
    for (check, case_id), exemption in sorted(exemptions.items()):
        effect = (
            "not run"
            if exemption.foreign is None
            else f"another organization gets {list(exemption.foreign)} instead of 404"
        )
        lines.append(f"- {check} {case_id}: {effect}. {exemption.reason}")
    return "\n".join(lines)


# The real code ---------------------------------------------------------------------------


def test_every_view_and_method_is_covered_by_the_access_mixins() -> None:
    problems = view_coverage_problems(url_patterns(), _test_classes(), PUBLIC_VIEWS)
    assert not problems, "\n".join(problems)


def test_every_api_operation_is_covered_by_the_access_mixins() -> None:
    problems = api_coverage_problems(api_operations(), _test_classes(), PUBLIC_API)
    assert not problems, "\n".join(problems)


def test_every_class_with_cases_is_run_by_pytest(pytestconfig: pytest.Config) -> None:
    problems = collection_problems(
        _test_classes(),
        pytestconfig.getini("python_classes"),
        pytestconfig.getini("testpaths"),
    )
    assert not problems, "\n".join(problems)


def test_no_class_with_cases_overrides_a_check() -> None:
    problems = override_problems(_test_classes())
    assert not problems, "\n".join(problems)


def test_exemptions_have_reasons_and_are_printed() -> None:
    """Every exemption has its reason and matches a case; the list goes to stdout and to
    the end of the run (tests/conftest.py)."""
    problems = exemption_problems(EXEMPTIONS, _test_classes())
    print(exemption_report(EXEMPTIONS))
    assert not problems, "\n".join(problems)


# The rules fail where they should --------------------------------------------------------


class _Page(View):
    def get(self, request: Any) -> Any:
        return HttpResponse("synthetic page for the meta-test")


class _Form(_Page):
    def post(self, request: Any) -> Any:
        return HttpResponse("synthetic page for the meta-test")


def _resolver(*patterns: Any) -> URLResolver:
    return URLResolver(RegexPattern(r"^/"), list(patterns))


def test_meta_fails_for_a_new_post_handler_without_a_case() -> None:
    """A page that gains a POST handler while its cases cover GET only is reported."""
    urls = url_patterns(_resolver(path("side/<int:pk>/", _Form.as_view(), name="side")))

    class TestSide(ViewAccessMixin):
        view_cases = (ViewCase("side", obj="side"),)

    assert view_coverage_problems(urls, [TestSide]) == ["side POST: no access case"]

    class TestSideBoth(ViewAccessMixin):
        view_cases = (ViewCase("side", obj="side"), ViewCase("side", method="post", obj="side"))

    assert view_coverage_problems(urls, [TestSideBoth]) == []
    # A GET-only view with a POST case: the case is stale.
    only_get = url_patterns(_resolver(path("side/<int:pk>/", _Page.as_view(), name="side")))
    assert view_coverage_problems(only_get, [TestSideBoth]) == [
        "side POST: a case for a page or method that does not exist"
    ]


def test_meta_fails_for_an_undeclared_function_view_and_an_objectless_case() -> None:
    def page(request: Any) -> Any:
        return HttpResponse("synthetic page for the meta-test")

    urls = url_patterns(
        _resolver(
            path("fri/", page, name="fri"), path("ting/<int:pk>/", _Page.as_view(), name="ting")
        )
    )

    class TestPages(ViewAccessMixin):
        view_cases = (ViewCase("ting", kwargs=lambda obj: {"pk": 1}),)

    problems = view_coverage_problems(urls, [TestPages])
    assert problems[0].startswith("fri: a function view that declares no methods")
    assert problems[1].startswith("ting-get: the URL takes ['pk'] but the case names no object")


def test_meta_fails_for_an_exemption_without_a_reason() -> None:
    class TestSide(ViewAccessMixin):
        view_cases = (ViewCase("side", obj="side"),)

    fine = {("isolation", "side-get"): Exemption("Shared reference data.", foreign=(200,))}
    assert exemption_problems(fine, [TestSide]) == []
    blank = {("isolation", "side-get"): Exemption("  ", foreign=(200,))}
    assert exemption_problems(blank, [TestSide]) == [
        "isolation side-get: an exemption without a reason"
    ]
    stale = {("lists", "andet-get"): Exemption("A reason.")}
    assert exemption_problems(stale, [TestSide]) == [
        "lists andet-get: no such check (one of ['isolation', 'list'])",
        "lists andet-get: exempts a case nobody declares",
    ]
    assert "isolation side-get: another organization gets [200]" in exemption_report(fine)


def test_meta_fails_for_an_uncollected_class_with_cases() -> None:
    class SideCases(ViewAccessMixin):  # no Test prefix: pytest never runs it
        view_cases = (ViewCase("side"),)

    problems = collection_problems([SideCases])
    assert (
        len(problems) == 1 and "SideCases holds cases but pytest never collects it" in (problems[0])
    )
    # Nor do its cases count as coverage.
    urls = url_patterns(_resolver(path("side/", _Page.as_view(), name="side")))
    assert view_coverage_problems(urls, [SideCases]) == ["side GET: no access case"]

    class TestSide(SideCases):  # a collected subclass runs them
        pass

    assert collection_problems([SideCases, TestSide]) == []
    assert collection_problems([TestSide], testpaths=["core"]) == [
        f"{__name__}.TestSide: tests is not in pytest's testpaths (pyproject.toml), "
        "so a plain pytest run skips it"
    ]

    class TestOff(ViewAccessMixin):
        __test__ = False
        view_cases = (ViewCase("side"),)

    assert len(collection_problems([TestOff])) == 1


def test_meta_fails_for_a_class_that_overrides_a_check() -> None:
    class TestNarrow(ViewAccessMixin):
        view_cases = (ViewCase("side"),)

        def test_roles(self) -> None:
            """Checks less than the mixin would."""

    assert override_problems([TestNarrow]) == [
        f"{__name__}.TestNarrow.test_roles overrides the mixin's check; "
        "write a test of another name for anything more"
    ]
