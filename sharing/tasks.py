"""Background work of the Driftsfællesskab module (django-tasks: the database backend and
its ``db_worker`` in production, the immediate backend in tests)."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def compute_benchmarks(period: int | None = None) -> dict[str, Any]:
    """The nightly anonymous benchmarks (``manage.py compute_benchmarks --enqueue``):
    returns the run's summary."""
    from sharing.benchmarks import compute

    run = compute(period=period)
    return run_summary(run)


def run_summary(run: Any) -> dict[str, Any]:
    figures = list(run.figures.values_list("suppressed", flat=True))
    return {
        "period": run.period,
        "participants": run.participants,
        "figures": len(figures),
        "published": sum(1 for s in figures if not s),
        "suppressed": sum(1 for s in figures if s),
    }
