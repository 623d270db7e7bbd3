"""A task for the queue tests (core/tests/test_task_workers.py, test_observability.py):
it appends ``<key> <pid>`` to a file, so a test sees which worker process ran which task
and how often."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def record_run(key: str, path: str, wait_for_workers: int = 0) -> int:
    """Record the run in ``path`` (one line, appended atomically). With
    ``wait_for_workers`` the task then waits (at most 60 s) until that many different
    processes have recorded a run: a test proves the workers held tasks at the same time."""
    if not path:
        return os.getpid()
    with open(path, "a", encoding="utf-8") as file:
        file.write(f"{key} {os.getpid()}\n")
    deadline = time.monotonic() + 60
    while wait_for_workers and time.monotonic() < deadline:
        pids = {line.split()[1] for line in Path(path).read_text().splitlines() if line}
        if len(pids) >= wait_for_workers:
            break
        time.sleep(0.05)
    return os.getpid()
