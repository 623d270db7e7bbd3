"""Driftsfællesskab benchmarks at national scale (issue 14): the shared landscape, the
consolidation analysis and the joint procurement windows. Not a test: it prints numbers.

Usage:
    .venv/bin/python bench/bench_sharing.py            # SQLite file var/bench_sharing.sqlite3
    .venv/bin/python bench/bench_sharing.py --database-url postgres://postgres@127.0.0.1:5432/x

The first run migrates the database and seeds the national landscape (``seed_demo --scale
national``: about 40,000 usages over the 98 municipalities). It then makes two
fællesskaber whose every member shares all four categories with them: one of the first
eight municipalities by kommunekode (a large real-world driftsfællesskab) and one of all
98 (the extreme). Later runs reuse the data.

Measured in this process, after two warm-up calls, ``--runs`` times each (default 10),
median and p95 in ms, with the query count of one call: the workspace's first page of
systems side by side (``sharing.workspace.workspace``, read page by page in the database)
and its page; ``shared_landscape`` alone, the consolidation analysis and the joint
procurement windows on top of it, and the two analysis pages and the consolidation API
endpoint through Django's test client (the whole-landscape cases of the 98-member
fællesskab ``--big-runs`` times, default 3, without warm-ups: one call takes seconds;
``--workspace-only`` leaves the whole-landscape cases out; ``--benchmarks-only`` runs
only the anonymous benchmarks below).

Then the anonymous benchmarks: every municipality opts in, the nightly computation runs
once (timed) and the benchmark page and API are timed for one municipality.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from common import parse_args, setup_django, timed

NAMES = {8: "Benchmark-fællesskab (8 kommuner)", 98: "Benchmark-fællesskab (98 kommuner)"}


def community(size: int):  # type: ignore[no-untyped-def]
    from organizations.choices import OrganizationKind
    from organizations.models import Organization
    from sharing.choices import Category
    from sharing.models import SharingGrant

    df, _new = Organization.objects.get_or_create(
        name=NAMES[size], kind=OrganizationKind.DRIFTSFAELLESSKAB, defaults={"is_demo": True}
    )
    members = list(
        Organization.objects.filter(kind="kommune", kommunekode__isnull=False).order_by(
            "kommunekode"
        )[:size]
    )
    df.members.set(members)
    SharingGrant.objects.bulk_create(
        [
            SharingGrant(organization=m, recipient=df, category=c)
            for m in members
            for c in Category.values
        ],
        ignore_conflicts=True,
    )
    return df


def measure(name: str, call: Callable[[], Any], runs: int, warm: bool = True) -> None:
    import common
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        outcome = call()
    status = getattr(outcome, "status_code", 200)
    assert status == 200, (name, status)
    # A request through the test client closes the connection at its end, which empties
    # the captured list: no count is printed for pages and the API (the tests pin their
    # query counts instead).
    count = "n/a" if hasattr(outcome, "status_code") else str(len(queries))
    saved = common.WARM_UPS
    common.WARM_UPS = saved if warm else 0
    try:
        median, p95, _result = timed(call, runs)
    finally:
        common.WARM_UPS = saved
    print(f"| {name} | {median:.0f} | {p95:.0f} | {count} |", flush=True)


def benchmarks(runs: int) -> None:
    """All 98 municipalities opt in; the nightly computation once, then the page and API."""
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from organizations.models import Organization
    from organizations.testing import logged_in_client, make_token, make_user
    from portfolio.demo.national import size_factors
    from sharing.benchmarks import compute
    from sharing.models import BenchmarkParticipation

    kommuner = list(Organization.objects.filter(kind="kommune", kommunekode__isnull=False))
    # The real municipalities have no inhabitants in this database: give them synthetic
    # ones (60,000 times the national seed's synthetic size factor; this database is
    # synthetic throughout).
    factors = size_factors([k.kommunekode for k in kommuner if k.kommunekode])
    for k in kommuner:
        if not k.population and k.kommunekode:
            k.population = round(60_000 * factors[k.kommunekode])
            k.save(update_fields=["population"])
    BenchmarkParticipation.objects.bulk_create(
        [BenchmarkParticipation(organization=k) for k in kommuner], ignore_conflicts=True
    )
    started = time.perf_counter()
    run = compute()
    took = (time.perf_counter() - started) * 1000
    figures = run.figures.count()
    published = run.figures.filter(suppressed="").count()
    values = run.values.count()
    print(
        f"\nbenchmarks: {run.participants} municipalities, {figures} figures "
        f"({published} published), {values} own values; nightly computation {took:.0f} ms "
        "(once)"
    )
    for metric, n in (
        run.values.values_list("metric").annotate(n=Count("pk")).values_list("metric", "n")
    ):
        print(f"  {metric}: {n} municipalities with a value")
    viewer = min(kommuner, key=lambda k: k.kommunekode or 0)
    user = make_user(f"bench-k-{time.time_ns()}", organization=viewer, roles=["laeser"])
    client = logged_in_client(user, viewer)
    token = make_token(user)
    print("| case | median ms | p95 ms | queries |")
    print("|---|---|---|---|")
    measure("page sharing:benchmarks", partial(client.get, reverse("sharing:benchmarks")), runs)
    path = f"/api/v1/organizations/{viewer.pk}/analyses/benchmarks"
    measure(
        "API analyses/benchmarks",
        partial(Client().get, path, HTTP_AUTHORIZATION=f"Bearer {token}"),
        runs,
    )


def main() -> None:
    import sys

    big_runs = 3
    workspace_only = "--workspace-only" in sys.argv
    if workspace_only:
        sys.argv.remove("--workspace-only")
    benchmarks_only = "--benchmarks-only" in sys.argv
    if benchmarks_only:
        sys.argv.remove("--benchmarks-only")
    if "--big-runs" in sys.argv:
        at = sys.argv.index("--big-runs")
        big_runs = int(sys.argv[at + 1])
        del sys.argv[at : at + 2]
    args = parse_args(__doc__, "bench_sharing.sqlite3", runs=10)
    setup_django(
        args.database_url,
        STYRBAR_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from organizations.testing import logged_in_client, make_token, make_user
    from portfolio.models import Contract, SystemUsage
    from sharing.analysis import consolidation, joint_procurement
    from sharing.landscape import kle_titles, shared_landscape
    from sharing.workspace import workspace

    call_command("migrate", verbosity=0)
    if SystemUsage.objects.count() < 30_000:
        start = time.perf_counter()
        call_command("seed_demo", scale="national", quiet_logins=True)
        print(f"seeded national landscape in {time.perf_counter() - start:.0f} s")
    print(f"load average before: {os.getloadavg()}")
    for size in () if benchmarks_only else (8, 98):
        df = community(size)
        ws = workspace(organization=df)
        members = [m.id for m in ws.members]
        usages = SystemUsage.objects.filter(organization_id__in=members).count()
        contracts = Contract.objects.filter(organization_id__in=members).count()
        print(f"\n{df.name}: {len(members)} members, {usages} usages, {contracts} contracts")
        print(f"  workspace: {ws.total_systems} catalog systems shared, {len(ws.rows)} on page 1")
        user = make_user(f"bench-df{size}-{time.time_ns()}", organization=df, roles=["laeser"])
        client = logged_in_client(user, df)
        print("| case | median ms | p95 ms | queries |")
        print("|---|---|---|---|")
        fast: dict[str, Callable[[], Any]] = {
            "workspace (page 1 of systems side by side)": partial(workspace, organization=df),
            "workspace (last page)": partial(workspace, organization=df, page=10**6),
            "page sharing:df_workspace": partial(client.get, reverse("sharing:df_workspace")),
        }
        for name, call in fast.items():
            measure(name, call, args.runs)
        if workspace_only:
            continue
        started = time.perf_counter()
        landscape = shared_landscape(organization=df)
        print(f"  (one shared_landscape read: {(time.perf_counter() - started) * 1000:.0f} ms)")

        def analyse(landscape: Any = landscape) -> Any:
            return consolidation(landscape, kle_titles=kle_titles(landscape))

        cases: dict[str, Callable[[], Any]] = {
            "shared_landscape": partial(shared_landscape, organization=df),
            "consolidation (on a read landscape)": analyse,
            "joint_procurement (on a read landscape)": partial(joint_procurement, landscape),
        }
        for name in ("sharing:df_consolidation", "sharing:df_joint"):
            cases[f"page {name}"] = partial(client.get, reverse(name))
        token = make_token(user)
        path = f"/api/v1/organizations/{df.pk}/analyses/consolidation"
        cases["API analyses/consolidation"] = partial(
            Client().get, path, HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        result = analyse()
        print(
            f"  candidates: {len(result.systems)} systems, {len(result.vendors)} vendors, "
            f"{len(result.kle)} KLE subjects"
        )
        for name, call in cases.items():
            measure(name, call, args.runs if size == 8 else big_runs, warm=size == 8)
    benchmarks(args.runs)
    print(f"\nload average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
