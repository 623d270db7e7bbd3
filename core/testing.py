"""App-agnostic test helpers (org-aware factories and access mixins: organizations.testing)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


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
