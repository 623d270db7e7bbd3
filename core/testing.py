"""App-agnostic test helpers: the access-case declarations (run by the mixins in
``organizations.testing``, which also holds the org-aware factories and documents how to
declare cases), what the views and API operations accept (read by the mixins and by
``tests/test_meta_coverage.py``), query counting and races."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.permissions import ALL_ROLES

ALL = frozenset(ALL_ROLES)
SUPERUSER = frozenset({"superuser"})


@dataclass(frozen=True)
class ViewCase:
    """One view (URL name) and method, who may use it, and how to build its object."""

    url_name: str
    allowed: frozenset[str] = ALL
    method: str = "get"
    obj: str | None = None  # the test class's ``make_<obj>(organization)`` builds the object
    data: Callable[[Any, Any], dict[str, Any]] | None = (
        None  # (testcase, organization) -> POST data
    )
    # obj -> URL kwargs (default {"pk": obj.pk}; obj is None for a case without object)
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    ok: tuple[int, ...] = (200, 302)
    # Where an allowed role's redirect must go: a URL name. Default: a same-site page that
    # is not the login page, and for a POST the form's success page where the view names
    # it (see ``organizations.testing.expected_redirect``).
    redirect: str | None = None
    # The page lists the organization's objects (an ``ObjectListView`` always does): the
    # list-leak check runs for it.
    lists: bool = False

    @property
    def test_id(self) -> str:
        return f"{self.url_name}-{self.method}"


@dataclass(frozen=True)
class ApiCase:
    """One API operation as the OpenAPI document names it.

    E.g. ``ApiCase("GET", "/api/v1/organizations/{org_id}")``.
    """

    method: str
    path: str
    allowed: frozenset[str] = ALL
    obj: str | None = None
    payload: Callable[[Any, Any], dict[str, Any]] | None = None
    ok: tuple[int, ...] = (200, 201, 204)
    # Values of path parameters that name no object, e.g. {"entity": "usages"}.
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def test_id(self) -> str:
        return f"{self.method.upper()}-{self.path}"


# What the views and API operations accept ---------------------------------------------------


def url_patterns(resolver: Any = None, namespace: str = "", route: str = "") -> dict[str, Any]:
    """Every named URL pattern outside the API, by its full name (``"portfolio:usage_edit"``):
    ``(pattern, the route's argument names)``. The API's operations are read from its OpenAPI
    document instead."""
    from django.urls import URLPattern, URLResolver, get_resolver

    resolver = resolver if resolver is not None else get_resolver()
    found: dict[str, Any] = {}
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "api":
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(url_patterns(pattern, ns, route + str(pattern.pattern)))
        elif isinstance(pattern, URLPattern) and pattern.name:
            full = route + str(pattern.pattern)
            args = frozenset(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", full))
            names = frozenset(a or b for a, b in args)
            found[f"{namespace}{pattern.name}"] = (pattern, names)
    return found


def accepted_methods(view: Callable[..., Any]) -> frozenset[str] | None:
    """The HTTP methods (lower case) a view answers other than with 405, read from the view:
    a class-based view's handlers among its ``http_method_names`` (``head`` follows ``get``
    and ``options`` is Django's own, so neither counts); a function view's
    ``require_http_methods`` (``require_POST``, ``require_GET``) list. None for a function
    view that declares nothing (it may answer any method: make it declare them)."""
    from django.views import View

    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return frozenset(
            method
            for method in view_class.http_method_names
            if method not in {"head", "options"}
            and getattr(view_class, method, None) not in {None, View.http_method_not_allowed}
        )
    import inspect

    func: Any = view
    while func is not None:
        closure = inspect.getclosurevars(func).nonlocals if func.__closure__ else {}
        if "request_method_list" in closure:
            return frozenset(method.lower() for method in closure["request_method_list"])
        func = getattr(func, "__wrapped__", None)
    return None


def api_returns_list(method: str, path: str) -> bool:
    """Does the API operation answer with a list envelope (``core.api.ListOut``)? Read from
    the operation's declared response, not from a response."""
    from django.urls import resolve

    from core.api import ListOut

    match = resolve(re.sub(r"\{\w+\}", "1", path))
    views = [
        cell.cell_contents
        for cell in match.func.__closure__ or ()
        if hasattr(cell.cell_contents, "operations")
    ]
    for operation in (op for view in views for op in view.operations):
        if method.upper() in operation.methods:
            for status, model in (operation.response_models or {}).items():
                fields = getattr(model, "model_fields", None)
                if 200 <= status < 300 and fields is not None:  # not a file or other raw body
                    out = fields["response"].annotation
                    return isinstance(out, type) and issubclass(out, ListOut)
            return False
    raise AssertionError(f"no API operation {method} {path}")


# Per-case test items --------------------------------------------------------------------


def assert_constant_queries(
    client: Client, url: str, add_rows: Callable[[int], object], sizes: Iterable[int] = (3, 30)
) -> list[int]:
    """Query count of GET url must not grow with the number of rows.

    The rows are added directly, without the audit events a service records, so results
    cached per organization (:mod:`core.orgcache`) are dropped first: what is counted is
    the computation, cold."""
    from django.core.cache import cache

    counts = []
    for size in sizes:
        add_rows(size)
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        counts.append(len(ctx.captured_queries))
    assert len(set(counts)) == 1, f"query count grows with rows: {counts}"
    return counts


# Races on PostgreSQL ------------------------------------------------------------------------


def postgres_race(test: Callable[..., None]) -> Callable[..., None]:
    """A race test: five rounds (argument ``round_``) with real connections, on PostgreSQL
    only (marked ``postgres``, skipped elsewhere: SQLite has no row locks)."""
    import pytest

    marks = (
        pytest.mark.parametrize("round_", range(5)),
        pytest.mark.postgres,
        pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
        pytest.mark.django_db(transaction=True),
    )
    for mark in reversed(marks):
        test = mark(test)
    return test


def race(*calls: Callable[[], Any]) -> list[BaseException | None]:
    """Run the calls at the same moment in threads (each with its own connection); what each
    raised, in order (``None`` for a call that returned)."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(calls))
    outcomes: list[BaseException | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racing call did not finish"
    return outcomes


def hold_day(monkeypatch: Any, day: dt.date) -> None:
    """Keep ``timezone.now()`` on ``day`` (the time of day still moves).

    For tests whose module works out dates once, at import: a run that crosses midnight
    would otherwise compare them with a different "today" and fail by the calendar, not
    by the code. Outside midnight the clock is unchanged.
    """
    from django.utils import timezone

    real = timezone.now

    def now() -> dt.datetime:
        current = real()
        return current - (timezone.localdate(current) - day)

    monkeypatch.setattr(timezone, "now", now)
