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

import os
import statistics
import time
from typing import Any

from common import WARM_UPS, largest_organization, parse_args, setup_django, timed


def main() -> None:
    args = parse_args(__doc__, "bench.sqlite3", runs=300)
    setup_django(args.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organizations.models import Membership
    from organizations.testing import make_token
    from portfolio.models import Integration, SystemUsage

    call_command("migrate", verbosity=0)
    if SystemUsage.objects.count() < 30_000:
        start = time.perf_counter()
        call_command("seed_demo", scale="national", quiet_logins=True)
        print(f"seeded national landscape in {time.perf_counter() - start:.0f} s")

    org = largest_organization()
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-laeser")
    Membership.objects.get_or_create(user=user, organization=org, role="laeser")
    token = make_token(user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    base = f"/api/v1/organizations/{org.pk}"
    # The hub: the usage with the most integrations, in and out (grouping on ``target``
    # alone counted integrations to shared components under NULL and picked a usage with 2).
    from collections import Counter

    degree: Counter[int] = Counter()
    for source, target in Integration.objects.filter(organization=org).values_list(
        "source_id", "target_id"
    ):
        degree[source] += 1
        if target is not None:
            degree[target] += 1
    hub_id, hub_degree = degree.most_common(1)[0]
    usage_id = SystemUsage.objects.filter(organization=org).values_list("pk", flat=True).first()
    print(f"most connected usage: {hub_id} with {hub_degree} integrations")

    def get(path: str, **params: Any) -> Any:
        response = client.get(path, params)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        return response

    from django.core.cache import cache

    def cold(path: str) -> Any:
        cache.clear()
        return get(path)

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
        # The analyses are cached per organization (core.orgcache): "computed" empties the
        # cache before each call (the first request after a change), "cached" does not.
        ("cost analysis, computed", lambda: cold(f"{base}/analyses/costs")),
        ("cost analysis, cached", lambda: get(f"{base}/analyses/costs")),
        ("impact analysis of the hub, computed", lambda: cold(f"{base}/analyses/impact/{hub_id}")),
        ("impact analysis of the hub, cached", lambda: get(f"{base}/analyses/impact/{hub_id}")),
    ]
    print(
        f"database: {connection.vendor}; organization: {org} "
        f"({SystemUsage.objects.filter(organization=org).count()} usages, "
        f"{SystemUsage.objects.count()} usages and "
        f"{Integration.objects.count()} integrations in all)"
    )
    # Other work on the machine shows in the p95 first: report the load around the runs.
    print("load average (1/5/15 min) before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    # On a shared machine wall time mostly measures the queue for a core; this process's
    # CPU time per call (median) is steadier (the database server's CPU is not in it).
    print(f"| benchmark | median ms | p95 ms | CPU median ms |  ({args.runs} runs each)")
    print("|---|---|---|---|")
    for name, call in cases:
        cpu: list[float] = []

        def counted(call: Any = call, cpu: list[float] = cpu) -> Any:
            start = time.process_time()
            result = call()
            cpu.append((time.process_time() - start) * 1000)
            return result

        median, p95, _ = timed(counted, args.runs)
        print(f"| {name} | {median:.1f} | {p95:.1f} | {statistics.median(cpu[WARM_UPS:]):.1f} |")
    print("load average (1/5/15 min) after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    query_counts = []
    for limit in (10, 50, 100):
        with CaptureQueriesContext(connection) as ctx:
            get(f"{base}/usages", limit=limit)
        query_counts.append(len(ctx.captured_queries))
    print(f"queries for usage list with limit 10/50/100: {query_counts}")
    for name, path in (
        ("cost", f"{base}/analyses/costs"),
        ("impact", f"{base}/analyses/impact/{hub_id}"),
    ):
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            size = len(get(path).content)
        print(f"{name} analysis computed: {len(ctx.captured_queries)} queries, {size:,} bytes")


if __name__ == "__main__":
    main()
