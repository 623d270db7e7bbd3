"""Where a spend import's time goes, per statement (issue 13, ADR 0005). Not a test.

Usage:
    .venv/bin/python bench/profile_spend.py --lines 1000000 [--reimport] \
        --database-url postgres://postgres@127.0.0.1:5432/styrbar_spendpg_prof

Imports the generated file of ``bench/bench_spend.py`` (generated there if missing) into a
fresh organization through ``interop.jobs.run_importer``, as the benchmark does, and
prints the wall time and - on PostgreSQL - the server process's CPU
(``/proc/<pg_backend_pid()>/stat``, same machine) of: the commit, the COPY batches
(``spend.store.LineWriter.flush``) and every other statement over 50 ms (by
``connection.execute_wrapper``). With ``--reimport`` the same file a second time.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from bench_spend import ensure_postgres_database, generate
from common import setup_django

_PID: list[int] = []


def _server_cpu(connection: Any) -> float:
    if connection.vendor != "postgresql":
        return 0.0
    if not _PID:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _PID.append(cursor.fetchone()[0])
    fields = open(f"/proc/{_PID[0]}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/styrbar_spendpg_prof"
    )
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--reimport", action="store_true")
    args = parser.parse_args()
    path = generate(args.lines, 365)
    ensure_postgres_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from core.permissions import SystemActor
    from interop import jobs
    from organizations.models import Organization
    from spend import store

    organization = Organization.objects.create(name=f"Profil {time.time():.0f}", kind="kommune")
    statements: list[tuple[float, float, str]] = []
    phases = {"commit": [0.0, 0.0], "COPY": [0.0, 0.0]}

    def timed(phase: str, call: Any) -> Any:
        start, cpu = time.perf_counter(), _server_cpu(connection)
        try:
            return call()
        finally:
            phases[phase][0] += time.perf_counter() - start
            phases[phase][1] += _server_cpu(connection) - cpu

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start, cpu = time.perf_counter(), _server_cpu(connection)
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - start
            if seconds > 0.05:
                statements.append((seconds, _server_cpu(connection) - cpu, sql[:140]))

    wrapped: Any = connection  # its private _commit is what every transaction ends in
    flush, commit = store.LineWriter.flush, wrapped._commit
    store.LineWriter.flush = lambda self: timed("COPY", lambda: flush(self))  # type: ignore[method-assign]
    wrapped._commit = lambda: timed("commit", commit)
    for run in range(2 if args.reimport else 1):
        statements.clear()
        for value in phases.values():
            value[:] = [0.0, 0.0]
        start, cpu = time.perf_counter(), _server_cpu(connection)
        with connection.execute_wrapper(wrapper):
            outcome = jobs.run_importer(
                kind="spend",
                actor=SystemActor(),
                organization=organization,
                files=[path],
                dry_run=False,
            )
        assert outcome.committed, outcome.report.get("errors")
        print(
            f"run {run + 1}: {time.perf_counter() - start:.1f} s, server CPU "
            f"{_server_cpu(connection) - cpu:.1f} s, load average {os.getloadavg()[0]:.1f}"
        )
        for phase, (seconds, server) in phases.items():
            print(f"  {phase}: {seconds:.1f} s (server {server:.1f} s)")
        for seconds, server, sql in sorted(statements, reverse=True)[:12]:
            print(f"  {seconds:6.2f} s (server {server:5.1f} s)  {sql}")


if __name__ == "__main__":
    main()
