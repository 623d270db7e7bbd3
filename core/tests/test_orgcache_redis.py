"""The shared cache (STYRBAR_CACHE_URL): with Redis as Django's default cache, a figure or
page computed by one process is read by another, and the data stamp still decides.

Runs against the machine's Redis on loopback (127.0.0.1:6379, database 13); skipped with a
message where none runs, except under CI=true, where it must run."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from core.orgcache import org_cached
from organizations import services
from organizations.testing import logged_in_client, make_organization, make_user
from portfolio.tests import factories as f

pytestmark = pytest.mark.django_db

URL = "redis://127.0.0.1:6379/13"


def _redis_runs() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache() -> Iterator[str]:
    if not _redis_runs():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"styrbar-test-{uuid.uuid4().hex}"
    settings = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=settings):
        yield prefix
        caches["default"].clear()


def _another_process_cache(prefix: str) -> Any:
    """A cache connection of its own, as another worker process would have."""
    from django.core.cache.backends.redis import RedisCache

    return RedisCache(URL, {"KEY_PREFIX": prefix})


def test_a_figure_computed_in_one_process_is_read_in_another(redis_cache: str) -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])

    def fresh() -> Any:
        return type(org).objects.get(pk=org.pk)

    assert org_cached(fresh(), "figure", lambda: "beregnet én gang") == "beregnet én gang"
    other = _another_process_cache(redis_cache)
    from core.orgcache import org_key

    assert other.get(org_key(fresh(), "figure")) == "beregnet én gang"
    services.unit_create(actor=admin, organization=org, name="Ny enhed")
    assert org_cached(fresh(), "figure", lambda: "efter ændringen") == "efter ændringen"


def test_a_shared_page_from_redis_shows_a_change_at_once(redis_cache: str) -> None:
    org = make_organization()
    editor = make_user(organization=org, roles=["arkitekt"])
    usage = f.usage(org, local_name="Redis-systemet")
    client = logged_in_client(editor, org)
    url = reverse("portfolio:usage_list")
    assert "Redis-systemet" in client.get(url).content.decode()
    other = _another_process_cache(redis_cache)
    stored = [k for k in other._cache.get_client().keys(f"{redis_cache}:*")]
    assert any(b"fragment" in key for key in stored)
    from portfolio import services as portfolio_services

    portfolio_services.usage_update(actor=editor, usage=usage, local_name="Omdøbt i Redis")
    page = client.get(url).content.decode()
    assert "Omdøbt i Redis" in page and "Redis-systemet" not in page
