"""The long schemathesis run (issue 17): at least 10,000 generated requests against every
operation of the OpenAPI document, 0 server errors expected. Not a test: it prints numbers.

Usage:
    .venv/bin/python bench/schemathesis_long.py                 # 57 cases per operation
    .venv/bin/python bench/schemathesis_long.py --examples 5    # a short check

In process, no network (the WSGI application is called directly, which is loopback only
by construction), against a scratch SQLite database in a temporary directory that the
script migrates, fills with one organization (an administrator and an API token; the
demo landscape of Eksempel Kommune with ``--demo``) and removes again. Background tasks run
at once (the immediate backend), so an upload's read, dry run and commit happen inside the
run. The seed is fixed: the same cases each run. Printed: operations, cases, answers by
status, every server error (method, path, status, body), wall and CPU time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import common  # noqa: F401 - puts the project on sys.path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=57, help="cases per operation")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="styrbar-fuzz-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
            "STYRBAR_VAR_DIR": str(scratch / "var"),
            "STYRBAR_HTTPS": "0",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-" + "x" * 40,
            "STYRBAR_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "STYRBAR_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
    )
    try:
        import logging

        import django

        django.setup()
        logging.disable(logging.CRITICAL)  # 4xx lines and task logs would drown the output
        from django.core.management import call_command

        from organizations.testing import make_organization, make_token, make_user
        from tests.fuzz import FuzzResult, fuzz

        call_command("migrate", verbosity=0)
        org = make_organization(name="Eksempel Kommune", kommunekode=None)
        token = make_token(make_user(organization=org, roles=["administrator"]))
        print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()}", flush=True)
        started, cpu = time.monotonic(), time.process_time()

        shown = 0

        def progress(r: FuzzResult) -> None:
            nonlocal shown
            for line in r.server_errors[shown:]:
                print("  SERVER ERROR " + line, flush=True)
            shown = len(r.server_errors)
            if r.operations % 10 == 0:
                elapsed = time.monotonic() - started
                print(
                    f"  {r.operations} operations, {r.cases} cases, "
                    f"{len(r.server_errors)} server errors, {elapsed:.0f} s",
                    flush=True,
                )

        result = fuzz(
            token=token, org_id=org.pk, examples=args.examples, seed=args.seed, progress=progress
        )
        wall, used = time.monotonic() - started, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"operations {result.operations}, cases {result.cases}, seed {args.seed}")
        print(
            "answers by status: "
            + ", ".join(f"{k}: {v}" for k, v in sorted(result.by_status.items()))
        )
        print(f"server errors: {len(result.server_errors)}")
        for line in result.server_errors:
            print("  " + line)
        print(
            f"wall {wall:.0f} s, CPU {used:.0f} s, peak RSS {peak:.0f} MB, load {os.getloadavg()}"
        )
        return 1 if result.server_errors else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
