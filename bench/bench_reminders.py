"""The daily reminders at national scale (issue 12): ``core.due.due_items`` over every
organization and ``send_reminders`` itself. Not a test: it prints numbers.

Usage:
    .venv/bin/python bench/bench_reminders.py        # SQLite file var/bench_reminders.sqlite3
    .venv/bin/python bench/bench_reminders.py --database-url postgres://…/bench_rem

The first run migrates the database and seeds the national landscape (``seed_demo --scale
national``: the 98 municipalities' contracts with their notice terms, and Eksempel
Kommune's demo with its roadmaps, requests and data processing registrations), then gives
every municipality two synthetic users (``bench-<kode>-ejer``/``-ansvarlig``) holding the
roles kontraktejer and kontraktansvarlig on all its contracts, bulk-inserted. Later runs
reuse the data.

Measured, with the query count of one call:

* ``due_items`` for all organizations (horizon 90 days, the reminders' horizon) and for
  the largest municipality alone, ``--runs`` times after two warm-ups (median, p95 in ms);
* each provider alone over all organizations;
* ``send_reminders --dry-run`` (plan, membership and key checks, no writes) as above;
* one real ``send_reminders`` (notifications written, one digest per person rendered and
  handed to Django's in-memory mail backend), then a second run the same day (which finds
  everything already told and sends nothing). These two run once each; the notifications
  they write are deleted afterwards, so the next invocation measures the same first run.
"""

from __future__ import annotations

import os
import time
from datetime import date
from typing import Any

from common import largest_organization, parse_args, setup_django, timed

TODAY = date.today()


def ensure_data() -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from organizations.models import Membership, Organization
    from portfolio.models import Contract, ContractRole

    call_command("migrate", verbosity=0)
    if not Contract.objects.exists():
        start = time.perf_counter()
        call_command("seed_demo", "--scale", "national", verbosity=0)
        print(f"seeded national in {time.perf_counter() - start:.0f} s", flush=True)
    if ContractRole.objects.filter(user__username__startswith="bench-").exists():
        return
    start = time.perf_counter()
    User = get_user_model()
    users, memberships, roles = [], [], []
    orgs = list(Organization.objects.filter(pk__in=Contract.objects.values("organization_id")))
    for org in orgs:
        for suffix in ("ejer", "ansvarlig"):
            users.append(
                User(
                    username=f"bench-{org.pk}-{suffix}",
                    email=f"bench-{org.pk}-{suffix}@eksempel.invalid",
                    first_name=suffix.capitalize(),
                )
            )
    User.objects.bulk_create(users, batch_size=1000)
    by_name = {u.username: u for u in User.objects.filter(username__startswith="bench-")}
    for org in orgs:
        for suffix, role in (("ejer", "indkoeber"), ("ansvarlig", "redaktoer")):
            memberships.append(
                Membership(user=by_name[f"bench-{org.pk}-{suffix}"], organization=org, role=role)
            )
    Membership.objects.bulk_create(memberships, batch_size=1000, ignore_conflicts=True)
    for pk, org_id in Contract.objects.values_list("pk", "organization_id").iterator():
        roles.append(
            ContractRole(contract_id=pk, kind="owner", user=by_name[f"bench-{org_id}-ejer"])
        )
        roles.append(
            ContractRole(contract_id=pk, kind="manager", user=by_name[f"bench-{org_id}-ansvarlig"])
        )
    ContractRole.objects.bulk_create(roles, batch_size=2000)
    print(
        f"added {len(users)} users and {len(roles)} contract roles "
        f"in {time.perf_counter() - start:.0f} s",
        flush=True,
    )


def queries(call: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def row(label: str, call: Any, runs: int) -> None:
    median, p95, result = timed(call, runs)
    count = f"{len(result):,}" if isinstance(result, list) else f"{result.reminders:,} reminders"
    print(f"| {label} | {median:,.1f} / {p95:,.1f} ms | {queries(call)} | {count} |", flush=True)


def main() -> None:
    args = parse_args(__doc__, "bench_reminders.sqlite3", runs=10)
    setup_django(args.database_url, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    ensure_data()
    import gc

    from django.db.models import Count

    from core.due import due_items
    from core.registry import registry
    from notifications.models import Notification, ReminderRun
    from notifications.reminders import send_reminders
    from portfolio.models import Contract

    largest = (
        Contract.objects.values("organization")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("organization", "n")[:1][0]
    )
    print(f"load average before: {os.getloadavg()}", flush=True)
    print(f"contracts: {Contract.objects.count():,}; largest municipality: {largest[1]:,}")
    print(f"usage-largest organization: {largest_organization()}")
    gc.freeze()
    print("| benchmark | median / p95 | queries | items |")
    print("|---|---|---|---|")
    row("due_items, all organizations", lambda: due_items(today=TODAY), args.runs)
    row(
        "due_items, the municipality with most contracts",
        lambda: due_items(today=TODAY, organization_ids=[largest[0]]),
        args.runs,
    )
    for kind, _provider in registry.due_providers():
        row(
            f"– {kind}",
            lambda kind=kind: due_items(today=TODAY, kinds=[kind]),
            args.runs,
        )
    row(
        "send_reminders --dry-run",
        lambda: send_reminders(today=TODAY, dry_run=True, digests=False),
        max(3, args.runs // 2),
    )
    for label in ("send_reminders (first run of the day)", "send_reminders (second run)"):
        start = time.perf_counter()
        n = queries(lambda: summary.append(send_reminders(today=TODAY, digests=False)))
        elapsed = (time.perf_counter() - start) * 1000
        s = summary[-1]
        print(
            f"| {label} | {elapsed:,.0f} ms (once) | {n} | {s.due_today} due today, "
            f"{s.reminders} reminders, {s.emails} mails |",
            flush=True,
        )
    Notification.objects.filter(key__startswith="reminder:").delete()
    ReminderRun.objects.all().delete()
    print(f"load average after: {os.getloadavg()}")


summary: list[Any] = []

if __name__ == "__main__":
    main()
