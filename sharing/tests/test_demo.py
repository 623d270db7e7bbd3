"""The demo: the demo fællesskab's three members share synthetic landscapes that give
consolidation candidates and a joint procurement window; seeding twice changes nothing."""

from __future__ import annotations

import pytest

from organizations.demo import seed_foundation
from portfolio.models import SystemUsage
from portfolio.tests import factories
from sharing import demo
from sharing.analysis import consolidation, joint_procurement
from sharing.landscape import shared_landscape
from sharing.models import SharingGrant

pytestmark = pytest.mark.django_db


def test_demo_members_share_and_the_analyses_find_something() -> None:
    result = seed_foundation()
    assert len(result.partners) == 3
    for n in range(14):
        factories.catalog_system(None, name=f"Demo-system {n:02d}", vendor=factories.vendor())
    demo.seed(result)
    counts = (SystemUsage.objects.count(), SharingGrant.objects.count())
    demo.seed(result)  # idempotent
    assert (SystemUsage.objects.count(), SharingGrant.objects.count()) == counts
    landscape = shared_landscape(organization=result.community)
    assert len(landscape.members) == 3
    assert all(len(m.categories) == 4 for m in landscape.members)
    result_c = consolidation(landscape, kle_titles={})
    assert len([c for c in result_c.systems if c.member_count == 3]) == 6
    assert all(c.contract_count == c.member_count for c in result_c.systems)
    assert all(c.common_exit is not None for c in result_c.systems)
    windows = joint_procurement(landscape).windows
    assert windows and any(w.shared_vendors for w in windows)
    from django.utils import timezone

    from sharing.statements import statements

    year = statements(organization=result.community, year=timezone.localdate().year)
    assert len(year.statements) == 3 and not year.unallocated
    assert year.total == year.catalogue_total  # every service split over all three
    # Eksempel Kommune is no member of the demo fællesskab: it sees nothing of it.
    assert shared_landscape(organization=result.kommune).usages == []


def test_demo_benchmarks_use_fictional_municipalities_only_and_show_figures() -> None:
    from sharing.benchmarks import benchmark_result
    from sharing.models import BenchmarkParticipation

    result = seed_foundation()
    for n in range(14):
        factories.catalog_system(None, name=f"Demo-system {n:02d}", vendor=factories.vendor())
    demo.seed(result)
    demo.seed(result)  # idempotent
    joined = BenchmarkParticipation.objects.select_related("organization")
    assert joined.count() == 6
    assert all(p.organization.kommunekode is None and p.organization.is_demo for p in joined)
    seen = benchmark_result(organization=result.kommune)
    assert seen.opted_in and seen.participants == 6
    everyone = [g for row in seen.rows for g in row.groups if g.kind == "all"]
    assert any(g.median is not None for g in everyone)  # six contributors: shown
