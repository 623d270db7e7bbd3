"""Spend import and aggregations at municipal scale (issue 13). Not a test: it prints numbers.

Usage:
    .venv/bin/python bench/bench_spend.py --lines 1000000
    .venv/bin/python bench/bench_spend.py --lines 1000000 \
        --database-url postgres://postgres@127.0.0.1:5432/styrbar_bench_spend

Targets (issue 13): importing 1,000,000 lines < 60 s with peak memory < 500 MB; 5,000,000
lines linear in time with flat memory; aggregations (per vendor, unit, month, account) on
a year of lines < 1 s on PostgreSQL and SQLite.

Method:

1. *generate*: ``spend.synthetic.rows`` writes a Windows-1252 CSV export (``;``, Danish
   amounts and dates, 2,000 creditors with a Pareto-shaped share of lines, 2 % credit
   notes) of ``--lines`` lines over ``--days`` days to ``var/bench_spend_<lines>.csv``
   (kept and reused; the generation is timed apart and not part of the import);
2. *import*: a fresh organization; ``interop.jobs.run_importer(kind="spend")`` on the
   file's path - the path ``styrbar_import --kind spend`` takes: import lock, streaming
   read, parse, classify with the example rules, bulk write (COPY on PostgreSQL,
   executemany on SQLite), replace-by-period, monthly table, vendor matching and
   shadow-it candidates, all in one transaction. Wall time, and the process's peak
   resident memory (``ru_maxrss``) before and after (Django, the generated file's page
   cache and the measuring itself not counted: the file is streamed), and the peak
   resident memory of the capped child process that parses the file (``interop.guard``);
3. *re-import*: the same file again (everything in the period is replaced);
4. *aggregations*: ``spend.selectors.spend_analysis`` for the busiest year (per vendor,
   unit, account and month, all spend and IT), ``outside_central``, and the shadow-it
   candidate list; median and p95 of ``--runs`` calls after two warm-ups.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import time
from pathlib import Path
from typing import Any

from common import ROOT, setup_django, timed


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _backend_cpu(connection: Any) -> float | None:
    """CPU seconds the PostgreSQL server process of this connection has used (it runs on
    the same machine: /proc/<pid>/stat), or None (SQLite works inside this process)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _child_rss_mb() -> float:
    """The largest peak resident memory of any ended child process (the capped parser)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def generate(lines: int, days: int) -> Path:
    from spend.synthetic import HEADERS, rows

    path = ROOT / "var" / f"bench_spend_{lines}.csv"
    if path.exists():
        return path
    start = time.perf_counter()
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows(rows(lines=lines, start=dt.date(2024, 1, 1), days=days))
    tmp.rename(path)
    print(
        f"generated {path.name}: {path.stat().st_size / 1e6:.0f} MB "
        f"in {time.perf_counter() - start:.1f} s"
    )
    return path


def ensure_postgres_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench_spend.sqlite3'}"
    )
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-reimport", action="store_true")
    args = parser.parse_args()
    path = generate(args.lines, args.days)
    ensure_postgres_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from core.permissions import SystemActor
    from interop import jobs
    from organizations.models import Organization
    from spend import selectors
    from spend.models import SpendLine

    organization = Organization.objects.create(
        name=f"Benchkommune {time.time():.0f}", kind="kommune"
    )
    actor = SystemActor()
    print(f"database: {connection.vendor}; file: {path.name} ({path.stat().st_size / 1e6:.0f} MB)")

    def run() -> None:
        before = _rss_mb()
        load = os.getloadavg()[0]
        cpu = time.process_time()
        child_cpu = _children_cpu()
        server_cpu = _backend_cpu(connection)
        start = time.perf_counter()
        outcome = jobs.run_importer(
            kind="spend", actor=actor, organization=organization, files=[path], dry_run=False
        )
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
        child_cpu = _children_cpu() - child_cpu
        server_after = _backend_cpu(connection)
        server = (
            f", PostgreSQL server {server_after - server_cpu:.1f} s"
            if server_cpu is not None and server_after is not None
            else ""
        )
        report = outcome.report
        assert outcome.committed, report.get("errors")
        print(
            f"import {report['lines']:,} lines: {seconds:.1f} s "
            f"({report['lines'] / seconds:,.0f} lines/s), CPU {cpu:.1f} s "
            f"(parsing child {child_cpu:.1f} s{server}); "
            f"load average {load:.1f} -> {os.getloadavg()[0]:.1f}; "
            f"peak RSS {before:.0f} -> {_rss_mb():.0f} MB "
            f"(parsing child {_child_rss_mb():.0f} MB); "
            f"replaced {report['replaced']:,}; IT lines {report['it_lines']:,}"
        )

    run()
    if not args.no_reimport:
        run()
    assert SpendLine.objects.filter(organization=organization).count() == args.lines
    year = selectors.years(organization=organization)[-1]
    for name, call in (
        ("analysis (year)", lambda: selectors.spend_analysis(organization=organization, year=year)),
        (
            "analysis (year, IT only)",
            lambda: selectors.spend_analysis(organization=organization, year=year, it_only=True),
        ),
        ("outside central share", lambda: selectors.outside_central(organization=organization)),
        (
            "shadow-it list (first 25)",
            lambda: list(selectors.open_candidates(organization=organization)[:25]),
        ),
    ):
        median, p95, _result = timed(call, args.runs)
        print(f"{name}: median {median:.0f} ms, p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
