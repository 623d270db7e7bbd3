"""The portfolio analyses' shared helpers and the cost analysis, with pinned query counts
(the other analyses, pages and API: test_analysis_*.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import OrganizationUnit
from organizations.testing import make_organization
from portfolio import analysis
from portfolio import choices as c
from portfolio.models import (
    SystemUsage,
    UsageCost,
)
from portfolio.tests.analysis_helpers import (
    TODAY,
    D,
    amounts,
    cost_landscape,
    grow,
    queries,
    unit,
    usage,
)

pytestmark = pytest.mark.django_db


# Shared helpers ------------------------------------------------------------------------


def test_split_evenly_adds_up_to_the_ore() -> None:
    assert analysis.split_evenly(D("100.00"), 3) == [D("33.34"), D("33.33"), D("33.33")]
    assert analysis.split_evenly(D("0.02"), 3) == [D("0.01"), D("0.01"), D("0.00")]
    assert sum(analysis.split_evenly(D("-10.00"), 3)) == D("-10.00")
    assert analysis.split_evenly(D("5"), 1) == [D("5.00")]
    with pytest.raises(ValueError):
        analysis.split_evenly(D(1), 0)


def test_effective_kle_adds_and_removes_locally() -> None:
    result = analysis.effective_kle(
        {1: 10, 2: 10, 3: 11},
        [(10, 100), (10, 101)],
        [(1, 102), (9, 103)],  # usage 9 is not analysed
        [(2, 101), (9, 100)],
    )
    assert result == {1: {100, 101, 102}, 2: {100}, 3: set()}


def test_unit_index_walks_the_tree_from_one_query() -> None:
    org = make_organization()
    top = unit(org, "Børn og Unge")
    mid = unit(org, "Skoler", top)
    team = unit(org, "Skole-IT", mid)
    other = unit(org, "Teknik og Miljø")
    with CaptureQueriesContext(connection) as ctx:
        index = analysis.UnitIndex(org)
    assert len(ctx.captured_queries) == 1
    assert index.root(team.pk) == top.pk
    assert index.root(mid.pk) == top.pk  # cached on the way up
    assert index.root(other.pk) == other.pk
    assert index.subtree(mid.pk) == {mid.pk, team.pk}
    assert [o.label for o in index.options()] == [
        "Børn og Unge",
        "\u2003Skoler",
        "\u2003\u2003Skole-IT",
        "Teknik og Miljø",
    ]


# Costs ---------------------------------------------------------------------------------


def test_costs_split_contracts_evenly_and_every_breakdown_adds_up() -> None:
    org = make_organization(population=1000)
    cost_landscape(org)
    # Noise: another organization's costs never count.
    other = make_organization()
    UsageCost.objects.create(
        usage=usage(other, "Fremmed"), year=2025, kind=c.CostKind.OTHER, amount=D("999.00")
    )
    result = analysis.cost_analysis(organization=org, year=2025)
    assert (result.own_total, result.contract_total, result.total) == (
        D("1200.50"),
        D("150.00"),
        D("1350.50"),
    )
    assert result.unallocated == D("50.00")
    assert result.per_inhabitant == D("1.35")
    assert result.years == [2024, 2025]
    assert amounts(result.by_forvaltning) == {
        "F1 Social": D("1033.34"),
        "F2 Teknik": D("283.83"),  # 200,50 + 33,33 + C2's 50,00 by its responsible unit
        "Ikke angivet": D("33.33"),
    }
    assert amounts(result.by_vendor) == {
        "Alfa Data": D("1000.00"),
        "Beta Systemer": D("300.50"),  # own 200,50 + all of C1 (the contract's vendor)
        "Ikke angivet": D("50.00"),
    }
    assert amounts(result.by_kle) == {
        "90 Administration og styring": D("750.50"),  # 500 + 16,67 + 233,83
        "91 Børn og unge": D("516.67"),  # local addition; 92 was removed locally
        "Intet KLE-emne": D("33.33"),
        "Ikke fordelt på systemer": D("50.00"),
    }
    assert amounts(result.by_business_type) == {
        "Fagsystem": D("1033.34"),
        "Selvbetjeningsløsning": D("233.83"),
        "Infrastruktur": D("33.33"),
        "Ikke fordelt på systemer": D("50.00"),
    }
    for rows in (result.by_forvaltning, result.by_vendor, result.by_kle, result.by_business_type):
        assert sum(row.amount for row in rows) == result.total
    assert result.by_forvaltning[0].share == D("76.5")
    top = [(s.name, s.own, s.contracts, s.total) for s in result.top_systems]
    assert top == [
        ("U1", D("1000.00"), D("33.34"), D("1033.34")),
        ("U2", D("200.50"), D("33.33"), D("233.83")),
        ("U3", D("0.00"), D("33.33"), D("33.33")),
    ]


def test_costs_without_population_or_spending() -> None:
    org = make_organization()
    result = analysis.cost_analysis(organization=org, today=dt.date(2031, 3, 1))
    assert result.year == 2031 and result.years == [2031]
    assert result.total == 0 and result.per_inhabitant is None
    assert result.by_vendor == [] and result.top_systems == []


def test_top_systems_stop_at_twenty() -> None:
    org = make_organization()
    for n in range(22):
        UsageCost.objects.create(
            usage=usage(org, f"S{n:02d}"), year=2025, kind=c.CostKind.OTHER, amount=D(n + 1)
        )
    result = analysis.cost_analysis(organization=org, year=2025)
    assert len(result.top_systems) == 20
    assert result.top_systems[0].name == "S21"


def test_every_analysis_uses_a_constant_number_of_queries() -> None:
    org = make_organization()
    grow(org, 2)
    first = SystemUsage.objects.get(organization=org, local_name="Vækst 2-0")

    def counts() -> dict[str, int]:
        return {
            "costs": queries(analysis.cost_analysis, organization=org, year=2025),
            "calendar": queries(analysis.contract_calendar, organization=org, today=TODAY),
            "quality": queries(analysis.data_quality, organization=org, today=TODAY),
            "overlap": queries(analysis.overlap, organization=org),
            "map": queries(analysis.integration_map, organization=org),
            "impact": queries(analysis.impact_analysis, organization=org, usage=first),
            "time": queries(analysis.time_analysis, organization=org, today=TODAY),
        }

    small = counts()
    grow(org, 12)
    large = counts()
    assert small == large
    assert large == {
        "costs": 10,
        "calendar": 1,
        "quality": 7,
        "overlap": 6,
        "map": 7,
        "impact": 4,
        "time": 1,
    }
    top = OrganizationUnit.objects.filter(organization=org, parent=None).first()
    assert top is not None
    filtered = queries(analysis.integration_map, organization=org, unit=str(top.pk), group="90")
    assert filtered == 8
