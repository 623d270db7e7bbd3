"""TIME model and lifecycle timeline."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from engine import quality
from organizations.models import Organization
from portfolio import choices as c
from portfolio.analysis.common import resolve_today, usage_name
from portfolio.analysis.results import (
    LifecycleCount,
    PhasingUsage,
    TimeAnalysis,
    TimeCell,
    TimelineYear,
    TimeUsage,
)
from portfolio.models import (
    SystemUsage,
)


def lifecycle_timeline(
    periods: Iterable[tuple[dt.date | None, dt.date | None]], first: int, last: int
) -> list[TimelineYear]:
    """Per year from ``first`` to ``last``: phase-ins, phase-outs and usages in operation
    at year end, from (valid_from, valid_to) pairs."""
    items = list(periods)
    result = []
    for year in range(first, last + 1):
        year_end = dt.date(year, 12, 31)
        result.append(
            TimelineYear(
                year=year,
                phasing_in=sum(1 for start, _end in items if start and start.year == year),
                phasing_out=sum(1 for _start, end in items if end and end.year == year),
                in_operation=sum(
                    1
                    for start, end in items
                    if start and start <= year_end and (end is None or end > year_end)
                ),
            )
        )
    return result


def time_analysis(*, organization: Organization, today: dt.date | None = None) -> TimeAnalysis:
    """The TIME matrix, contradiction warnings (rule: :func:`engine.quality.time_contradiction`)
    and the lifecycle timeline. The timeline spans the usages' dates, at most ten years
    either side of today. Usages "ikke i drift" are left out of the matrix. One query.
    """
    today = resolve_today(today)
    rows = list(
        SystemUsage.objects.filter(organization=organization)
        .values(
            "pk",
            "local_name",
            "catalog_system__name",
            "lifecycle",
            "time_disposition",
            "functional_fit",
            "technical_fit",
            "valid_from",
            "valid_to",
        )
        .order_by("local_name", "catalog_system__name", "pk")
    )
    labels = dict(c.TimeDisposition.choices)
    cells: dict[tuple[int, int], dict[str, int]] = {
        (f, t): defaultdict(int) for f in range(1, 5) for t in range(1, 5)
    }
    assessed: list[TimeUsage] = []
    not_assessed = 0
    disposition_counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["lifecycle"] == c.Lifecycle.NOT_IN_USE:
            continue
        disposition = row["time_disposition"]
        disposition_counts[disposition] += 1
        functional, technical = row["functional_fit"], row["technical_fit"]
        if functional is None or technical is None:
            not_assessed += 1
            continue
        cells[(functional, technical)][disposition or "undecided"] += 1
        suggested = quality.time_contradiction(disposition, functional, technical) or ""
        assessed.append(
            TimeUsage(
                usage_id=row["pk"],
                name=usage_name(row["local_name"], row["catalog_system__name"]),
                disposition=disposition,
                disposition_label=str(labels.get(disposition, disposition)),
                functional_fit=functional,
                technical_fit=technical,
                suggested=suggested,
                suggested_label=str(labels.get(suggested, "")) if suggested else "",
            )
        )
    grid = [
        TimeCell(
            functional=f,
            technical=t,
            count=sum(counts.values()),
            tolerate=counts["tolerate"],
            invest=counts["invest"],
            migrate=counts["migrate"],
            eliminate=counts["eliminate"],
            undecided=counts["undecided"],
        )
        for (f, t), counts in cells.items()
    ]
    periods = [(r["valid_from"], r["valid_to"]) for r in rows]
    years = [d.year for pair in periods for d in pair if d is not None]
    first = max(min(years, default=today.year), today.year - 10)
    last = min(max(years, default=today.year), today.year + 10)
    lifecycle_counts: dict[str, int] = defaultdict(int)
    for row in rows:
        lifecycle_counts[row["lifecycle"]] += 1
    lifecycle_labels = dict(c.Lifecycle.choices)
    phasing = [
        PhasingUsage(
            usage_id=row["pk"],
            name=usage_name(row["local_name"], row["catalog_system__name"]),
            lifecycle=row["lifecycle"],
            lifecycle_label=str(lifecycle_labels[row["lifecycle"]]),
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
        )
        for row in rows
        if row["lifecycle"] in (c.Lifecycle.PHASING_IN, c.Lifecycle.PHASING_OUT)
    ]
    return TimeAnalysis(
        grid=grid,
        assessed=assessed,
        not_assessed=not_assessed,
        warnings=[u for u in assessed if u.suggested],
        disposition_counts=[
            LifecycleCount(key, str(label), disposition_counts.get(key, 0))
            for key, label in c.TimeDisposition.choices
        ],
        timeline=lifecycle_timeline(periods, first, last),
        undated=sum(1 for start, end in periods if start is None and end is None),
        lifecycle=[
            LifecycleCount(key, str(label), lifecycle_counts.get(key, 0))
            for key, label in c.Lifecycle.choices
        ],
        phasing=phasing,
    )
