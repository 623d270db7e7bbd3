"""Synthetic landscapes on all 98 municipalities (``seed_demo --scale national``)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence

from django.db import transaction

from organizations.choices import OrganizationKind, UnitKind
from organizations.demo import DEMO_UNITS, DemoResult
from organizations.models import Organization, OrganizationUnit
from portfolio.demo.catalog import seed_catalog
from portfolio.demo.common import BATCH, DEMO_SIZE_USAGES, NATIONAL_INTEGRATIONS_PER_USAGE, SEED
from portfolio.demo.landscape import Landscape, LandscapeSize
from portfolio.demo.plan import SeedCounts

NATIONAL_UNIT_PREFIX = "SYN"


def national_units(organization: Organization) -> dict[str, OrganizationUnit]:
    """A small forvaltning/afdeling tree (the demo's, without teams), keyed by local id."""
    existing = {
        unit.local_id: unit
        for unit in OrganizationUnit.objects.filter(
            organization=organization, local_id__startswith=f"{NATIONAL_UNIT_PREFIX}-"
        )
    }
    wanted: list[tuple[str, str, str, str | None]] = []  # local id, name, kind, parent id
    for f_index, (forvaltning, afdelinger) in enumerate(DEMO_UNITS.items(), start=1):
        top = f"{NATIONAL_UNIT_PREFIX}-F{f_index:02d}"
        wanted.append((top, forvaltning, UnitKind.FORVALTNING, None))
        for a_index, afdeling in enumerate(afdelinger, start=1):
            wanted.append((f"{top}A{a_index:02d}", afdeling, UnitKind.AFDELING, top))
    for level in (UnitKind.FORVALTNING, UnitKind.AFDELING):
        rows = [
            OrganizationUnit(
                organization=organization,
                local_id=local_id,
                name=name,
                kind=kind,
                parent=existing[parent] if parent else None,
            )
            for local_id, name, kind, parent in wanted
            if kind == level and local_id not in existing
        ]
        OrganizationUnit.objects.bulk_create(rows, batch_size=BATCH)
        existing.update({unit.local_id: unit for unit in rows})
    return {name: existing[local_id] for local_id, name, _, _ in wanted}


def size_factors(codes: Sequence[int]) -> dict[int, float]:
    """A synthetic size factor per municipality (mean 1 over the codes given).

    >>> factors = size_factors([101, 147, 151, 153])
    >>> round(sum(factors.values()) / 4, 6)
    1.0
    """
    raw = {
        code: random.Random(f"{SEED}:size:{code}").lognormvariate(0, 0.55)  # noqa: S311
        for code in codes
    }
    mean = sum(raw.values()) / len(raw)
    return {code: value / mean for code, value in raw.items()}


def seed_national(
    result: DemoResult,
    *,
    municipalities: int | None = None,
    usages_per: int = DEMO_SIZE_USAGES,
    integrations_per_usage: float = NATIONAL_INTEGRATIONS_PER_USAGE,
    progress: Callable[[str], None] | None = None,
) -> SeedCounts:
    """Synthetic landscapes on the real municipalities (all 98, or the first ``municipalities``
    by kommunekode), for benchmarks. Each one is marked ``is_demo`` before it is seeded.

    ``usages_per`` is the average; each municipality gets it times its synthetic size
    factor. Every municipality is seeded in its own transaction.
    """
    catalog = seed_catalog(result.kommune)
    kommuner = list(
        Organization.objects.filter(
            kind=OrganizationKind.KOMMUNE, kommunekode__isnull=False
        ).order_by("kommunekode")
    )
    factors = size_factors([k.kommunekode for k in kommuner if k.kommunekode is not None])
    if municipalities is not None:
        kommuner = kommuner[:municipalities]
    total = SeedCounts()
    started = time.perf_counter()
    for n, kommune in enumerate(kommuner, start=1):
        code = kommune.kommunekode
        assert code is not None
        with transaction.atomic():
            Organization.objects.filter(pk=kommune.pk).update(is_demo=True)
            landscape = Landscape(
                organization=kommune,
                catalog=catalog,
                units=national_units(kommune),
                size=LandscapeSize.scaled(
                    max(5, round(usages_per * factors[code])), integrations_per_usage
                ),
                seed=f"{SEED}:national:{code}",
                prefix=f"K{code}",
                email_domain=f"kommune{code}.invalid",
            )
            landscape.build()
            total.add(landscape.save())
        if progress is not None and (n % 10 == 0 or n == len(kommuner)):
            progress(
                f"{n}/{len(kommuner)} municipalities, {total.usages} usages, "
                f"{total.integrations} integrations ({time.perf_counter() - started:.0f} s)"
            )
    return total
