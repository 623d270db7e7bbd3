"""Every test starts with an empty cache: derived figures cached per organization
(:mod:`core.orgcache`) must never carry over from one test's data to the next."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
