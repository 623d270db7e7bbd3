"""Portfolio benchmarks at national scale (issue 3). Not a test: it prints numbers.

Usage:
    .venv/bin/python bench/bench_portfolio.py                      # SQLite file var/bench.sqlite3
    .venv/bin/python bench/bench_portfolio.py --database-url postgres://postgres@127.0.0.1:5432/styrbar_bench

The first run migrates the database and seeds the national landscape
(``seed_demo --scale national``); later runs reuse it. Requests go through Django's test
client in this process with a real API token, so the numbers are application + database
time without network or WSGI server overhead. Like gunicorn.conf.py in production, the
loaded objects are frozen for the garbage collector before measuring. Each measured call
is repeated ``--runs`` times (default 300) after two warm-up calls; we report median and p95
in ms, and the machine's load average before and after.
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


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("STYRBAR_HTTPS", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def _timed(call: Any, runs: int) -> tuple[float, float, Any]:
    for _ in range(2):
        call()
    samples = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    return statistics.median(samples), p95, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    _setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organizations.models import Membership, Organization
    from organizations.testing import make_token
    from portfolio.models import Integration, SystemUsage

    call_command("migrate", verbosity=0)
    if SystemUsage.objects.count() < 30_000:
        start = time.perf_counter()
        call_command("seed_demo", scale="national", quiet_logins=True)
        print(f"seeded national landscape in {time.perf_counter() - start:.0f} s")

    largest = (
        SystemUsage.objects.values("organization").annotate(n=Count("pk")).order_by("-n").first()
    )
    assert largest is not None, "no usages: seeding failed"
    org = Organization.objects.get(pk=largest["organization"])
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-laeser")
    Membership.objects.get_or_create(user=user, organization=org, role="laeser")
    token = make_token(user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    base = f"/api/v1/organizations/{org.pk}"
    hub = (
        Integration.objects.filter(organization=org)
        .values("target")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    usage_id = SystemUsage.objects.filter(organization=org).values_list("pk", flat=True).first()
    hub_id = hub["target"] if hub and hub["target"] else usage_id

    def get(path: str, **params: Any) -> Any:
        response = client.get(path, params)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        return response

    # As in production (gunicorn.conf.py freezes the loaded objects before forking).
    import gc

    gc.collect()
    gc.freeze()
    cases = [
        (
            "usage list, page of 50, filtered + searched + sorted",
            lambda: get(
                f"{base}/usages", limit=50, lifecycle="operational", q="a", sort="-updated"
            ),
        ),
        ("usage list, page of 100", lambda: get(f"{base}/usages", limit=100)),
        ("usage detail", lambda: get(f"{base}/usages/{usage_id}")),
        ("cost analysis", lambda: get(f"/api/v1/organizations/{org.pk}/analyses/costs")),
        (
            "impact analysis, most connected usage",
            lambda: get(f"/api/v1/organizations/{org.pk}/analyses/impact/{hub_id}"),
        ),
    ]
    print(
        f"database: {connection.vendor}; organization: {org} "
        f"({SystemUsage.objects.filter(organization=org).count()} usages, "
        f"{SystemUsage.objects.count()} usages and "
        f"{Integration.objects.count()} integrations in all)"
    )
    # Other work on the machine shows in the p95 first: report the load around the runs.
    print("load average (1/5/15 min) before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"| benchmark | median ms | p95 ms |  ({args.runs} runs each)")
    print("|---|---|---|")
    for name, call in cases:
        median, p95, _ = _timed(call, args.runs)
        print(f"| {name} | {median:.1f} | {p95:.1f} |")
    print("load average (1/5/15 min) after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    query_counts = []
    for limit in (10, 50, 100):
        with CaptureQueriesContext(connection) as ctx:
            get(f"{base}/usages", limit=limit)
        query_counts.append(len(ctx.captured_queries))
    print(f"queries for usage list with limit 10/50/100: {query_counts}")


if __name__ == "__main__":
    main()
