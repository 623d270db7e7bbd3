"""Lists before and after a refactoring: API list pages and HTML pages. Not a test.

Usage (SQLite file from ``bench/bench_portfolio.py``, seeded at national scale):
    .venv/bin/python bench/bench_platform.py [--database-url URL] [--runs 100]

Requests go through Django's test client in this process (application + database time, no
network or WSGI server), as a reader (læser) of the largest municipality, with a real API
token for the API and a session for the pages. Each call is warmed up twice, then timed
``--runs`` times; we print median and p95 in ms and the query count of one call. The same
script runs unchanged against an older checkout, so "before" and "after" use one method.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("STYRBAR_HTTPS", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # Pages link static files by name; no collected manifest is needed to time them.
    os.environ.setdefault(
        "STYRBAR_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    import django

    django.setup()
    import gc

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organizations.middleware import SESSION_KEY
    from organizations.models import Membership, Organization
    from portfolio.models import SystemUsage

    try:  # after the platform refactoring
        from organizations.testing import make_token
    except ImportError:  # before it
        from core.testing import make_token  # type: ignore[attr-defined,no-redef]

    call_command("migrate", verbosity=0)
    largest = (
        SystemUsage.objects.values("organization").annotate(n=Count("pk")).order_by("-n").first()
    )
    assert largest is not None, "no usages: run bench/bench_portfolio.py once to seed"
    org = Organization.objects.get(pk=largest["organization"])
    user, _ = get_user_model().objects.get_or_create(username="bench-laeser")
    Membership.objects.get_or_create(user=user, organization=org, role="laeser")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")
    pages = Client()
    pages.force_login(user)
    session = pages.session
    session[SESSION_KEY] = org.pk
    session.save()
    base = f"/api/v1/organizations/{org.pk}"
    cases: list[tuple[str, Client, str, dict[str, Any]]] = [
        ("API usages, page of 50", api, f"{base}/usages", {"limit": 50}),
        ("API contracts, page of 50", api, f"{base}/contracts", {"limit": 50}),
        ("API integrations, page of 50", api, f"{base}/integrations", {"limit": 50}),
        ("API catalog, page of 50", api, f"{base}/catalog-systems", {"limit": 50}),
        ("API units", api, f"{base}/units", {"limit": 100}),
        ("page: dashboard", pages, "/", {}),
        ("page: systems list", pages, "/systemer/", {}),
        ("page: contracts list", pages, "/kontrakter/", {}),
        ("page: audit log", pages, "/revisionslog/", {}),
    ]
    gc.collect()
    gc.freeze()
    print(f"database: {connection.vendor}; organization: {org} ({largest['n']} usages)")
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"| benchmark | median ms | p95 ms | queries |  ({args.runs} runs each)")
    print("|---|---|---|---|")
    for name, client, path, params in cases:
        for _ in range(2):
            response = client.get(path, params)
            assert response.status_code == 200, (path, response.status_code)
        samples = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(path, params)
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        with CaptureQueriesContext(connection) as ctx:
            client.get(path, params)
        p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
        print(f"| {name} | {statistics.median(samples):.1f} | {p95:.1f} | {len(ctx)} |")
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
