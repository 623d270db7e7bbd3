"""App-agnostic test helpers: the access-case declarations (run by the mixins in
``organizations.testing``, which also holds the org-aware factories) and query counting."""

from __future__ import annotations

import datetime as dt
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
    # obj -> URL kwargs (default {"pk": obj.pk})
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    ok: tuple[int, ...] = (200, 302)
    # The object is shared between organizations (vendors, KLE): no 404 expected.
    shared: bool = False

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
    extra: dict[str, Any] = field(default_factory=dict)
    # The object is shared between organizations (vendors, KLE): no 404 expected.
    shared: bool = False

    @property
    def test_id(self) -> str:
        return f"{self.method.upper()}-{self.path}"


# Per-case test items --------------------------------------------------------------------


def assert_constant_queries(
    client: Client, url: str, add_rows: Callable[[int], object], sizes: Iterable[int] = (3, 30)
) -> list[int]:
    """Query count of GET url must not grow with the number of rows."""
    counts = []
    for size in sizes:
        add_rows(size)
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
