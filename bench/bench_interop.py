"""Interop benchmarks (issue 5): CSV import, KITOS import and the national XLSX export.
Not a test: it prints numbers.

Usage:
    .venv/bin/python bench/bench_interop.py            # full run (~8 min on 2 cores)
    .venv/bin/python bench/bench_interop.py --quick    # small data, to check the script
    .venv/bin/python bench/bench_interop.py --steps kitos   # only the KITOS import

Everything runs in scratch databases that the script creates and removes again: a SQLite
file in a temporary directory (never ``var/``) and, when PostgreSQL answers at
``--postgres`` (default postgres://postgres@127.0.0.1:5432), a database named
``styrbar_bench_interop``. Each step runs in a fresh child process of this script, so the
peak memory of an export is that of a process that did nothing else:

1. *seed*: migrate, then ``seed_demo --scale national`` (all 98 municipalities).
2. *export*: ``interop.export.write_xlsx`` of the national landscape
   (``organization=None``) and of the largest municipality to a file; wall time, peak
   RSS of the process (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, with the RSS before
   the export for reference), file size and rows.
3. *csv*: the usages sheet of the largest municipality, as ``write_csv`` makes it (UTF-8
   with BOM, ``;``, Danish headers, labels and dates), cut to ``--csv-rows`` rows, imported
   into a new empty municipality with the same unit names through
   ``interop.jobs.run_importer`` (what the background job runs: read, map, plan, and for a
   commit plan again and write): dry run, commit, and the same file again (all unchanged).
   A new organization per run; median over ``--runs``; the queries of the commit are
   counted with ``CaptureQueriesContext``.
4. *kitos* (PostgreSQL only, the target's database): synthetic KITOS API v2 pages of 250
   records (organization units, it-systems with their rights holders, it-system-usages)
   for 10,000, 20,000 and 40,000 usages, imported with ``interop.kitos.kitos_import``
   (commit) into a new organization, then the same pages again (all unchanged: a full
   sync with no changes). One run per size.

The machine's load average is printed with every step, as other work may share the cores.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from common import ROOT, largest_organization, setup_django

PG_DATABASE = "styrbar_bench_interop"
RESULT = "RESULT "
TARGETS = {"csv": 5.0, "kitos": 60.0, "export_mb": 300.0}


# Child side ------------------------------------------------------------------------------


def _setup(database_url: str, scratch: str) -> None:
    os.environ.setdefault("SECRET_KEY", "bench-interop-not-secret")
    setup_django(database_url, STYRBAR_VAR_DIR=scratch)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _emit(data: dict[str, Any]) -> None:
    data["load"] = [round(x, 2) for x in os.getloadavg()]
    print(RESULT + json.dumps(data), flush=True)


def _target_org(name: str) -> tuple[Any, Any]:
    """A new empty municipality with the national seed's unit names, and an editor."""
    from django.contrib.auth import get_user_model

    from organizations.choices import OrganizationKind
    from organizations.models import Membership, Organization
    from portfolio.demo import national_units

    org = Organization.objects.create(name=name, kind=OrganizationKind.KOMMUNE, is_demo=True)
    national_units(org)
    user = get_user_model().objects.create_user(
        username=f"bench-{uuid.uuid4().hex[:12]}", password=uuid.uuid4().hex
    )
    Membership.objects.create(user=user, organization=org, role="redaktoer")
    return org, user


def child_seed(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from portfolio.models import Integration, SystemUsage

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    options: dict[str, Any] = {"scale": "national", "quiet_logins": True}
    if args.municipalities:
        options["municipalities"] = args.municipalities
    call_command("seed_demo", **options)
    _emit(
        {
            "seconds": time.perf_counter() - start,
            "usages": SystemUsage.objects.count(),
            "integrations": Integration.objects.count(),
        }
    )


def child_export(args: argparse.Namespace) -> None:
    from django.db import connection

    from interop.export import SHEETS, _rows, write_xlsx

    org = None if args.scope == "national" else largest_organization()
    connection.ensure_connection()
    before = _rss_mb()
    path = Path(args.scratch) / f"export-{args.scope}.xlsx"
    start = time.perf_counter()
    with path.open("wb") as stream:
        counts = write_xlsx(org, stream)
    seconds = time.perf_counter() - start
    peak = _rss_mb()
    path_size = path.stat().st_size / 1e6
    path.unlink()
    # Where the time goes: reading each sheet's rows without writing them.
    reading = {}
    for sheet in SHEETS:
        start = time.perf_counter()
        for _row in _rows(sheet, org):
            pass
        reading[sheet.key] = round(time.perf_counter() - start, 2)
    _emit(
        {
            "scope": "national" if org is None else str(org),
            "seconds": seconds,
            "rss_before_mb": before,
            "peak_rss_mb": peak,
            "file_mb": path_size,
            "rows": counts,
            "reading": reading,
        }
    )


def _usages_csv(rows: int, variant: str) -> tuple[bytes, str]:
    """The largest municipality's usages sheet as ``write_csv`` writes it, first rows only.

    ``export``: as exported (UTF-8 with BOM, with the UUID columns: the catalog system is
    found by its UUID). ``names``: the UUID columns removed and saved as Windows-1252, like
    a spreadsheet kept by hand: every row is matched by catalog system name and vendor.
    """
    import csv

    from interop.export import write_csv

    source = largest_organization()
    buffer = io.StringIO()
    write_csv(source, "usages", buffer)
    records = list(csv.reader(io.StringIO(buffer.getvalue().lstrip("\ufeff")), delimiter=";"))
    records = records[: rows + 1]
    if variant == "names":
        keep = [i for i, header in enumerate(records[0]) if "UUID" not in header]
        records = [[record[i] for i in keep] for record in records]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(records)
    if variant == "names":
        return out.getvalue().encode("cp1252"), str(source)
    return ("\ufeff" + out.getvalue()).encode("utf-8"), str(source)


def _csv_variant(args: argparse.Namespace, variant: str) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interop import jobs

    data, source = _usages_csv(args.csv_rows, variant)
    samples: dict[str, list[float]] = {"dry": [], "commit": [], "again": []}
    queries: list[int] = []
    again_queries: list[int] = []
    outcome: Any = None
    created = 0

    def run(org: Any, user: Any, dry_run: bool) -> Any:
        return jobs.run_importer(
            kind="csv",
            actor=user,
            organization=org,
            files=[data],
            dry_run=dry_run,
            entity="usages",
        )

    for n in range(args.runs):
        org, user = _target_org(f"Benchmark CSV {uuid.uuid4().hex[:8]}")
        start = time.perf_counter()
        outcome = run(org, user, True)
        samples["dry"].append(time.perf_counter() - start)
        assert not outcome.report["errors"], outcome.report["errors"][:5]
        connection.queries_log.clear()  # the log keeps 9,000 queries at most
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            outcome = run(org, user, False)
            samples["commit"].append(time.perf_counter() - start)
        queries.append(len(ctx.captured_queries))
        assert outcome.committed, outcome.report["errors"][:5]
        created = outcome.report["created"]
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            again = run(org, user, False)
            samples["again"].append(time.perf_counter() - start)
        again_queries.append(len(ctx.captured_queries))
        assert again.report["unchanged"] == args.csv_rows, again.report
        assert again.report["created"] == again.report["updated"] == 0, again.report
        print(
            f"  csv {variant} run {n + 1}: "
            + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in samples.items())
        )
    profile = ""
    if args.profile:
        org, user = _target_org(f"Benchmark CSV profile {uuid.uuid4().hex[:8]}")
        for label in ("commit", "same file again"):
            profiler = cProfile.Profile()
            profiler.enable()
            run(org, user, False)
            profiler.disable()
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text)
            stats.sort_stats("cumulative").print_stats(r"interop|core/audit", 10)
            stats.sort_stats("tottime").print_stats(10)
            profile += f"--- cProfile, {variant}, {label}\n" + text.getvalue()
    return {
        "source": source,
        "rows": args.csv_rows,
        "bytes": len(data),
        "created": created,
        "warnings": len(outcome.report.get("warnings", [])),
        "median": {k: statistics.median(v) for k, v in samples.items()},
        "all": samples,
        "queries": queries,
        "again_queries": again_queries,
        "profile": profile,
    }


def child_csv(args: argparse.Namespace) -> None:
    _emit({"variants": {v: _csv_variant(args, v) for v in ("export", "names")}})


def _kitos_pages(n_usages: int, tag: int, *, full: bool, page_size: int = 250) -> list[bytes]:
    """Synthetic KITOS v2 pages: units, it-systems (1 per 20 usages) and usages; with
    ``full`` also 50 interfaces, one outgoing relation per usage (to the next usage, via
    an interface and the usage's contract) and one contract per 10 usages (with a payment
    line)."""
    lifecycles = ["operational", "operational", "operational", "phasingIn", "phasingOut"]
    hosting = ["onPremise", "external", "hybrid", "undecided"]
    business = ["Fagsystem", "Administrativt system", "Selvbetjening", "Infrastruktur"]

    def key(kind: int, i: int) -> str:
        return f"{tag:08x}-{kind:04x}-4000-8000-{i:012x}"

    org_ref = {"uuid": key(9, 0), "name": "Benchmark Kommune", "cvr": None}
    units = [
        {
            "uuid": key(1, i),
            "name": f"Enhed {i}",
            "parentOrganizationUnit": None if i == 0 else {"uuid": key(1, (i - 1) // 4)},
            "ean": None,
            "unitId": f"B{tag}-{i}",
            "origin": "kitos",
        }
        for i in range(21)
    ]
    n_systems = max(10, n_usages // 20)
    vendors = [
        {"uuid": key(2, i), "name": f"Leverandør {tag}-{i} A/S", "cvr": None}
        for i in range(max(3, n_systems // 7))
    ]
    systems: list[dict[str, Any]] = [
        {
            "uuid": key(3, i),
            "name": f"System {tag}-{i}",
            "formerName": "",
            "description": f"Beskrivelse af system {i}",
            "parentSystem": None,
            "kle": [],
            "deactivated": False,
            "businessType": {"uuid": key(4, i % 4), "name": business[i % 4]},
            "rightsHolder": vendors[i % len(vendors)],
            "recommendedArchiveDuty": {"id": "b" if i % 3 else "k", "comment": ""},
        }
        for i in range(n_systems)
    ]
    usages: list[dict[str, Any]] = []
    for i in range(n_usages):
        system = systems[i % n_systems]
        unit = units[1 + i % 20]
        usages.append(
            {
                "uuid": key(5, i),
                "lastModified": "2026-11-01T10:00:00Z",
                "systemContext": {"uuid": system["uuid"], "name": system["name"]},
                "organizationContext": org_ref,
                "general": {
                    "localSystemId": f"L{i}",
                    "localCallName": f"Lokalt system {i}",
                    "notes": "",
                    "systemVersion": f"{1 + i % 9}.0",
                    "numberOfExpectedUsers": {"lowerBound": 10, "upperBound": 50},
                    "validity": {
                        "validFrom": "2020-01-01T00:00:00",
                        "validTo": None,
                        "lifeCycleStatus": lifecycles[i % len(lifecycles)],
                    },
                    "mainContract": None,
                },
                "roles": [],
                "organizationUsage": {
                    "usingOrganizationUnits": [{"uuid": unit["uuid"], "name": unit["name"]}],
                    "responsibleOrganizationUnit": {"uuid": unit["uuid"], "name": unit["name"]},
                },
                "archiving": {"archiveDuty": "b", "notes": ""},
                "gdpr": {
                    "purpose": "Sagsbehandling",
                    "businessCritical": "yes" if i % 4 == 0 else "no",
                    "hostedAt": hosting[i % len(hosting)],
                    "dataSensitivityLevels": ["personData"] if i % 2 else ["none"],
                    "riskAssessmentConducted": "yes" if i % 3 == 0 else "no",
                    "riskAssessmentConductedDate": None,
                    "riskAssessmentResult": "low",
                    "dpiaConducted": "no",
                    "dpiaDate": None,
                },
                "outgoingSystemRelations": [],
            }
        )
    interfaces: list[dict[str, Any]] = []
    contracts: list[dict[str, Any]] = []
    if full:
        interfaces = [
            {
                "uuid": key(7, j),
                "name": f"Snitflade {tag}-{j}",
                "interfaceId": f"S{j}",
                "exposedBySystem": {"uuid": systems[j % n_systems]["uuid"]},
            }
            for j in range(50)
        ]
        for i, usage in enumerate(usages):
            target = usages[(i + 1) % n_usages]
            usage["outgoingSystemRelations"] = [
                {
                    "uuid": key(6, i),
                    "toSystemUsage": {"uuid": target["uuid"], "name": "x"},
                    "relationInterface": {"uuid": key(7, i % 50), "name": "x"},
                    "associatedContract": {"uuid": key(8, i // 10), "name": "x"},
                    "relationFrequency": {"uuid": key(4, 9), "name": "Dagligt"},
                    "description": "",
                }
            ]
        for n in range((n_usages + 9) // 10):
            contracts.append(
                {
                    "uuid": key(8, n),
                    "name": f"Kontrakt {tag}-{n}",
                    "organizationContext": org_ref,
                    "parentContract": None,
                    "general": {
                        "contractId": f"K{tag}-{n}",
                        "notes": "",
                        "contractType": {"uuid": key(4, 10), "name": "Driftsaftale"},
                        "validity": {
                            "validFrom": "2021-01-01T00:00:00",
                            "validTo": "2029-12-31T00:00:00",
                        },
                    },
                    "procurement": {"procurementStrategy": {"uuid": key(4, 11), "name": "SKI"}},
                    "supplier": {"organization": vendors[n % len(vendors)]},
                    "responsible": {"organizationUnit": {"uuid": units[1 + n % 20]["uuid"]}},
                    "systemUsages": [
                        {"uuid": u["uuid"], "name": "x"} for u in usages[n * 10 : n * 10 + 10]
                    ],
                    "agreementPeriod": {"extensionOptionsUsed": 0, "irrevocableUntil": None},
                    "termination": {
                        "terminatedAt": None,
                        "terms": {
                            "noticePeriodMonths": {"uuid": key(4, 12), "name": "6"},
                            "noticeByEndOf": "endOfQuarter",
                        },
                    },
                    "payments": {
                        "external": [
                            {
                                "acquisition": 100000,
                                "operation": 25000,
                                "other": 0,
                                "auditDate": "2022-03-01T00:00:00",
                            }
                        ],
                        "internal": [],
                    },
                }
            )

    def pages(records: list[dict[str, Any]]) -> list[bytes]:
        return [
            json.dumps(records[i : i + page_size], ensure_ascii=False).encode("utf-8")
            for i in range(0, len(records), page_size)
        ]

    return pages(units) + pages(systems) + pages(interfaces) + pages(usages) + pages(contracts)


def child_kitos(args: argparse.Namespace) -> None:
    import gc

    from interop.kitos import kitos_import

    results = []
    cases = [(size, False) for size in args.kitos_sizes] + [(max(args.kitos_sizes), True)]
    for index, (size, full) in enumerate(cases):
        files = _kitos_pages(size, tag=int(time.time()) % 100_000 * 10 + index, full=full)
        org, user = _target_org(f"Benchmark KITOS {size}")
        gc.collect()
        start = time.perf_counter()
        report = kitos_import(actor=user, organization=org, files=files, dry_run=False)
        commit = time.perf_counter() - start
        assert report.committed, report.errors[:5]
        counts = report.counts
        gc.collect()
        start = time.perf_counter()
        again = kitos_import(actor=user, organization=org, files=files, dry_run=False)
        unchanged = time.perf_counter() - start
        assert again.committed and again.counts["usages"]["unchanged"] == size, again.counts
        assert not any(k["created"] or k["updated"] for k in again.counts.values()), again.counts
        print(f"  kitos {size} {full=}: commit {commit:.1f} s, unchanged {unchanged:.1f} s")
        results.append(
            {
                "usages": size,
                "full": full,
                "files": len(files),
                "megabytes": sum(len(f) for f in files) / 1e6,
                "commit": commit,
                "again": unchanged,
                "counts": counts,
                "warnings": len(report.warnings),
            }
        )
    _emit({"results": results, "peak_rss_mb": _rss_mb()})


# Parent side -----------------------------------------------------------------------------


def _child(part: str, url: str, args: argparse.Namespace, *extra: str) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        part,
        "--database-url",
        url,
        "--scratch",
        args.scratch,
        "--runs",
        str(args.runs),
        "--csv-rows",
        str(args.csv_rows),
        "--municipalities",
        str(args.municipalities or 0),
        "--kitos-sizes",
        *[str(s) for s in args.kitos_sizes],
        *(["--profile"] if args.profile else []),
        *extra,
    ]
    found: dict[str, Any] | None = None
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(RESULT):
                found = json.loads(line[len(RESULT) :])
            elif line.strip():
                print("   " + line.rstrip(), file=sys.stderr, flush=True)
    if proc.returncode != 0 or found is None:
        raise SystemExit(f"step {part} on {url} failed (exit {proc.returncode})")
    return found


def _pg_admin(base: str, sql: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(sql)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable at {base}: {exc}", file=sys.stderr)
        return False
    return True


def _machine(pg_url: str | None) -> list[str]:
    import sqlite3

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    lines = [
        f"CPUs: {os.cpu_count()} ({model}); Python {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if pg_url:
        import psycopg

        with psycopg.connect(pg_url, connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            lines.append(f"PostgreSQL {row[0] if row else '?'} (local, TCP)")
    return lines


def _mark(met: bool) -> str:
    return "yes" if met else "**no**"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data: checks the script")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="CSV runs (median)")
    parser.add_argument("--csv-rows", type=int, default=1500)
    parser.add_argument("--kitos-sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    parser.add_argument("--municipalities", type=int, default=0, help="0: all 98")
    parser.add_argument("--profile", action="store_true", help="cProfile one CSV commit")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument(
        "--steps",
        nargs="+",
        choices=["export", "csv", "kitos"],
        default=["export", "csv", "kitos"],
        help="what to measure after seeding (kitos alone seeds only PostgreSQL)",
    )
    # Internal: one step in a child process.
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--scratch", help=argparse.SUPPRESS)
    parser.add_argument("--scope", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        _setup(args.database_url, args.scratch)
        {
            "seed": child_seed,
            "export": child_export,
            "csv": child_csv,
            "kitos": child_kitos,
        }[args.child](args)
        return

    if args.quick:
        args.runs, args.csv_rows, args.municipalities = 1, 200, 6
        args.kitos_sizes = [1000, 2000]
    args.scratch = tempfile.mkdtemp(prefix="styrbar_bench_interop_")
    backends = {"SQLite": f"sqlite:///{args.scratch}/bench.sqlite3"}
    pg_base = args.postgres.rstrip("/")
    pg_url = None
    if not args.no_postgres and _pg_admin(
        pg_base, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"
    ):
        _pg_admin(pg_base, f"CREATE DATABASE {PG_DATABASE}")
        pg_url = f"{pg_base}/{PG_DATABASE}"
        backends["PostgreSQL"] = pg_url
    if args.steps == ["kitos"]:
        backends.pop("SQLite")
    print("\n".join(_machine(pg_url)))
    print(f"load average at start: {[round(x, 2) for x in os.getloadavg()]}")
    seeds: dict[str, dict[str, Any]] = {}
    exports: dict[tuple[str, str], dict[str, Any]] = {}
    csvs: dict[str, dict[str, Any]] = {}
    kitos: dict[str, Any] | None = None
    try:
        for name, url in backends.items():
            print(f"== {name}: seeding the national landscape", file=sys.stderr, flush=True)
            seeds[name] = _child("seed", url, args)
            for scope in ("national", "largest") if "export" in args.steps else ():
                print(f"== {name}: export {scope}", file=sys.stderr, flush=True)
                exports[(name, scope)] = _child("export", url, args, "--scope", scope)
            if "csv" in args.steps:
                print(f"== {name}: CSV import", file=sys.stderr, flush=True)
                csvs[name] = _child("csv", url, args)
        if pg_url and "kitos" in args.steps:
            print("== PostgreSQL: KITOS import", file=sys.stderr, flush=True)
            kitos = _child("kitos", pg_url, args)
    finally:
        if not args.keep:
            shutil.rmtree(args.scratch, ignore_errors=True)
            if pg_url:
                _pg_admin(pg_base, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        else:
            print(f"kept: {args.scratch} {pg_url or ''}", file=sys.stderr)

    print()
    for name, seed in seeds.items():
        print(
            f"{name}: seeded {seed['usages']:,} usages, {seed['integrations']:,} integrations "
            f"in {seed['seconds']:.0f} s (load {seed['load']})"
        )
    print()
    print("| benchmark | backend | measured | target | met | load (1/5/15 min) |")
    print("|---|---|---|---|---|---|")
    labels = {"export": "as exported, UTF-8", "names": "names only, Windows-1252"}
    for name, found in csvs.items():
        load = found["load"]
        for variant, result in found["variants"].items():
            median = result["median"]
            what = f"CSV import of {result['rows']:,} usages ({labels[variant]})"
            met = median["commit"] < TARGETS["csv"]
            print(f"| {what}, dry run | {name} | {median['dry']:.2f} s | – | – | {load} |")
            print(
                f"| {what}, commit (plan + write, {result['queries'][0]} queries) | {name} "
                f"| {median['commit']:.2f} s | < 5 s | {_mark(met)} | {load} |"
            )
            print(
                f"| {what}, same file again (all unchanged, {result['again_queries'][0]} "
                f"queries) | {name} | {median['again']:.2f} s | – | – | {load} |"
            )
    if kitos:
        for item in kitos["results"]:
            met = item["commit"] < TARGETS["kitos"]
            target = "< 60 s" if item["usages"] >= 40_000 else "–"
            what = f"KITOS import of {item['usages']:,} usages"
            if item["full"]:
                counts = item["counts"]
                what += (
                    f" + {counts['integrations']['created']:,} relations"
                    f" + {counts['contracts']['created']:,} contracts"
                )
            what += f" ({item['files']} pages, {item['megabytes']:.0f} MB JSON)"
            print(
                f"| {what}, commit | PostgreSQL | {item['commit']:.1f} s "
                f"| {target} | {_mark(met) if target != '–' else '–'} | {kitos['load']} |"
            )
            print(
                f"| {what}, same pages again (all unchanged) | PostgreSQL | {item['again']:.1f} s "
                f"| – | – | {kitos['load']} |"
            )
    for (name, scope), result in exports.items():
        rows = sum(result["rows"].values())
        met = result["peak_rss_mb"] < TARGETS["export_mb"]
        what = "national landscape" if scope == "national" else result["scope"]
        print(
            f"| XLSX export, {what} ({rows:,} rows, {result['file_mb']:.1f} MB) | {name} "
            f"| {result['seconds']:.1f} s, peak RSS {result['peak_rss_mb']:.0f} MB "
            f"(before: {result['rss_before_mb']:.0f} MB) | < 300 MB | {_mark(met)} "
            f"| {result['load']} |"
        )
    print()
    for name, found in csvs.items():
        for variant, result in found["variants"].items():
            rounded = {k: [round(x, 2) for x in v] for k, v in result["all"].items()}
            print(
                f"CSV {variant} ({name}): {result['bytes']:,} bytes from {result['source']}; "
                f"{result['created']} records created per commit, {result['warnings']} warnings; "
                f"runs (s): {rounded}; "
                f"queries per commit: {result['queries']}"
            )
            if result["profile"]:
                print(result["profile"])
    for (name, scope), result in exports.items():
        print(
            f"export {scope} ({name}): rows {result['rows']}; reading only (s) {result['reading']}"
        )
    if kitos:
        print(f"KITOS peak RSS: {kitos['peak_rss_mb']:.0f} MB")
        for item in kitos["results"]:
            print(f"KITOS {item['usages']:,} (full: {item['full']}): counts {item['counts']}")
    print(f"load average at end: {[round(x, 2) for x in os.getloadavg()]}")


if __name__ == "__main__":
    main()
