"""What the benchmark scripts share: the project on ``sys.path``, Django set up against a
chosen database, the timing loop (median and p95 in ms) and the argument parser.

Import it first in a script (``from common import ...``: the script's folder is on
``sys.path`` when it runs as ``.venv/bin/python bench/<script>.py``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WARM_UPS = 2
"""Calls made before measuring, so caches and lazy imports do not count."""


def setup_django(database_url: str, **environ: str) -> None:
    """Point Django at ``database_url`` (production settings, no HTTPS redirect) with any
    further environment variables, and set it up."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.update(environ)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("STYRBAR_HTTPS", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Median and p95 in ms of ``runs`` calls after the warm-ups, and the last result."""
    for _ in range(WARM_UPS):
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


def parse_args(doc: str | None, database: str, runs: int) -> argparse.Namespace:
    """The common options: ``--database-url`` (default: the SQLite file ``var/<database>``)
    and ``--runs`` (default ``runs``); the script's docstring gives the description."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / database}")
    parser.add_argument("--runs", type=int, default=runs)
    return parser.parse_args()


def largest_organization() -> Any:
    """The organization with the most system usages (the national seed's largest)."""
    from django.db.models import Count

    from organizations.models import Organization
    from portfolio.models import SystemUsage

    top = SystemUsage.objects.values("organization").annotate(n=Count("pk")).order_by("-n")[:1]
    assert top, "no usages: seeding failed"
    return Organization.objects.get(pk=top[0]["organization"])
