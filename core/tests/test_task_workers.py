"""Tasks on the database queue work across nodes (issue 19): two ``db_worker`` processes
share one PostgreSQL queue; every task runs exactly once, and both workers take tasks at
the same time (the task waits until two different processes have run one, so a single
worker cannot finish the batch alone)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import LazySettings, settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TASKS = 24

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="worker processes share the queue through a server database (PostgreSQL)",
    ),
]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def _worker(name: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "STYRBAR_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "STYRBAR_HTTPS": "0",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "default",
            "--batch",
            "--interval",
            "0.1",
            "--worker-id",
            name,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_workers_share_the_queue_and_run_each_task_exactly_once(
    tmp_path: Path, settings: LazySettings
) -> None:
    from django_tasks_db.models import DBTaskResult

    from core.tests.worker_tasks import record_run

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    runs = tmp_path / "runs.txt"
    runs.touch()
    ids = [record_run.enqueue(f"opgave-{i}", str(runs), 2).id for i in range(TASKS)]

    workers = [_worker("node-a"), _worker("node-b")]
    outputs = []
    for worker in workers:
        out, _ = worker.communicate(timeout=300)
        outputs.append(out)
        assert worker.returncode == 0, out

    lines = [line.split() for line in runs.read_text().splitlines()]
    keys = Counter(key for key, _pid in lines)
    assert keys == Counter({f"opgave-{i}": 1 for i in range(TASKS)}), outputs
    pids = {pid for _key, pid in lines}
    assert len(pids) == 2 and str(os.getpid()) not in pids

    results = list(DBTaskResult.objects.filter(id__in=ids))
    assert len(results) == TASKS
    assert {r.status for r in results} == {"SUCCESSFUL"}
    assert all(len(r.worker_ids) == 1 for r in results)  # claimed once, never twice
    by_worker = Counter(r.worker_ids[0] for r in results)
    assert set(by_worker) == {"node-a", "node-b"}, by_worker
    assert settings.TASKS["default"]["BACKEND"].endswith("DatabaseBackend")


def test_the_queue_is_the_database_in_production_settings() -> None:
    """What the workers above share: config/settings.py queues tasks in the database unless
    STYRBAR_TASK_BACKEND says otherwise (the tests run them immediately)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.TASKS['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "STYRBAR_TASK_BACKEND"},
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "django_tasks_db.DatabaseBackend", result.stderr
    assert settings.TASKS["default"]["QUEUES"] == ["default"]
