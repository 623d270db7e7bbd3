"""The integration map, the impact analysis and the TIME analysis."""

from __future__ import annotations

import datetime as dt

import pytest

from organizations.testing import make_organization
from portfolio import analysis
from portfolio import choices as c
from portfolio.models import (
    CatalogSystem,
)
from portfolio.tests.analysis_helpers import (
    TODAY,
    flow,
    impact_landscape,
    system,
    unit,
    usage,
)

pytestmark = pytest.mark.django_db


# Integration map and impact -------------------------------------------------------------


def test_impact_is_transitive_with_cycles_two_way_and_components() -> None:
    org = make_organization()
    u = impact_landscape(org)
    result = analysis.impact_analysis(organization=org, usage=u["Økonomi"])
    assert [(a.name, a.depth, a.via) for a in result.affected_usages] == [
        ("Løn", 1, "Økonomi"),
        ("Indkøb", 1, "Økonomi"),
        ("ESDH", 2, "Løn"),
    ]
    assert [(a.name, a.depth) for a in result.affected_components] == [("Serviceplatformen", 2)]
    # Portal is not reached through the component; Arkiv only via a retired integration.
    assert [(s.process, s.order, s.name, s.unit, s.usages) for s in result.steps] == [
        ("Lønkørsel", 1, "Godkend bilag", "", ["ESDH"]),
        ("Lønkørsel", 2, "Udbetal løn", "Løn og Personale", ["Løn"]),
    ]
    down = {f"u{u[name].pk}" for name in ("Økonomi", "Løn", "Indkøb", "ESDH")}
    sp = f"c{CatalogSystem.objects.get(name='Serviceplatformen').pk}"
    assert {e.label for e in result.edges} >= {"Bilag"}
    assert {n for e in result.edges for n in (e.source, e.target)} == down | {sp}
    # Indkøb sends back to Økonomi along the two-way integration.
    back = analysis.impact_analysis(organization=org, usage=u["Indkøb"])
    assert [a.name for a in back.affected_usages] == ["Økonomi", "Løn", "ESDH"]
    # Arkiv feeds ESDH only; its own step stops with it.
    arkiv = analysis.impact_analysis(organization=org, usage=u["Arkiv"])
    assert [a.name for a in arkiv.affected_usages][:1] == ["ESDH"]
    assert [s.name for s in arkiv.steps] == ["Godkend bilag", "Udbetal løn", "Arkivér"]
    other = make_organization()
    with pytest.raises(ValueError):
        analysis.impact_analysis(organization=other, usage=u["Arkiv"])


def test_integration_map_filters_by_unit_and_kle() -> None:
    org = make_organization()
    forvaltning = unit(org, "Økonomi og Indkøb")
    team = unit(org, "Indkøb", forvaltning)
    elsewhere = unit(org, "Kultur")
    sp = CatalogSystem.objects.get(name="Serviceplatformen")
    a = usage(
        org, "Indkøbssystem", system("Indkøbssystem", subjects=("90.03.01",)), responsible_unit=team
    )
    b = usage(
        org, "Bibliotek", system("Bibliotek", subjects=("96.01.01",)), responsible_unit=elsewhere
    )
    d = usage(org, "Booking", system("Booking", subjects=("96.02.01",)))
    d.using_units.set([team])
    usage(org, "Ensom")
    gone = usage(org, "Nedlagt", lifecycle=c.Lifecycle.NOT_IN_USE)
    flow(org, a, b)
    flow(org, b, sp)
    flow(org, gone, a)
    everything = analysis.integration_map(organization=org)
    assert sorted(n.label for n in everything.nodes) == [
        "Bibliotek",
        "Booking",
        "Ensom",
        "Indkøbssystem",
        "Serviceplatformen",
    ]
    assert len(everything.edges) == 2
    by_unit = analysis.integration_map(organization=org, unit=str(forvaltning.pk))
    nodes = {n.label: n.context for n in by_unit.nodes}
    assert nodes == {"Indkøbssystem": False, "Booking": False, "Bibliotek": True}
    assert [(e.source, e.target) for e in by_unit.edges] == [(f"u{a.pk}", f"u{b.pk}")]
    by_group = analysis.integration_map(organization=org, group="96")
    assert {n.label: n.context for n in by_group.nodes} == {
        "Bibliotek": False,
        "Booking": False,
        "Indkøbssystem": True,
        "Serviceplatformen": False,
    }
    degree = {n.label: n.degree for n in by_group.nodes}
    assert degree["Bibliotek"] == 2
    assert [o.label for o in by_group.groups][:1] == ["90 Administration og styring"]
    with pytest.raises(ValueError, match="Ukendt enhed"):
        analysis.integration_map(organization=org, unit="abc")
    with pytest.raises(ValueError, match="Ukendt enhed"):
        analysis.integration_map(organization=org, unit=str(unit(make_organization(), "X").pk))
    with pytest.raises(ValueError, match="KLE"):
        analysis.integration_map(organization=org, group="99")


# TIME ----------------------------------------------------------------------------------


def test_time_matrix_warnings_and_timeline() -> None:
    org = make_organization()
    usage(
        org,
        "Invest lav",
        time_disposition=c.TimeDisposition.INVEST,
        functional_fit=2,
        technical_fit=1,
        valid_from=dt.date(2019, 3, 1),
    )
    usage(
        org,
        "Tolerér",
        time_disposition=c.TimeDisposition.TOLERATE,
        functional_fit=2,
        technical_fit=4,
        valid_from=dt.date(2021, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        lifecycle=c.Lifecycle.PHASING_OUT,
    )
    usage(org, "Uvurderet", functional_fit=3, technical_fit=3, valid_from=dt.date(2021, 5, 1))
    usage(org, "Halv", functional_fit=3)
    usage(org, "Ny", lifecycle=c.Lifecycle.PHASING_IN, valid_from=dt.date(2026, 2, 1))
    usage(
        org,
        "Gammel",
        lifecycle=c.Lifecycle.NOT_IN_USE,
        functional_fit=1,
        technical_fit=1,
        valid_from=dt.date(2001, 1, 1),
        valid_to=dt.date(2010, 6, 30),
    )
    result = analysis.time_analysis(organization=org, today=TODAY)
    cells = {(cell.functional, cell.technical): cell for cell in result.grid}
    assert len(result.grid) == 16
    assert cells[(2, 1)].count == 1 and cells[(2, 1)].invest == 1
    assert cells[(3, 3)].undecided == 1
    assert cells[(1, 1)].count == 0  # "ikke i drift" is left out of the matrix
    assert [(w.name, w.suggested, w.suggested_label) for w in result.warnings] == [
        ("Invest lav", "eliminate", "Udfas")
    ]
    assert result.not_assessed == 2
    counts = {d.key: d.count for d in result.disposition_counts}
    assert counts["invest"] == 1 and counts[""] == 3
    timeline = {y.year: (y.phasing_in, y.phasing_out, y.in_operation) for y in result.timeline}
    assert min(timeline) == 2015  # clamped to ten years back
    assert max(timeline) == 2026
    assert timeline[2019] == (1, 0, 1)
    assert timeline[2021] == (2, 0, 3)
    assert timeline[2025] == (0, 1, 2)  # valid_to 31-12-2025 is not "after year end"
    assert timeline[2026] == (1, 0, 3)
    assert result.undated == 1
    assert {lc.key: lc.count for lc in result.lifecycle}["not_in_use"] == 1
    assert [(p.name, p.lifecycle_label) for p in result.phasing] == [
        ("Ny", "Under indfasning"),
        ("Tolerér", "Under udfasning"),
    ]


def test_lifecycle_timeline_pure() -> None:
    periods = [(dt.date(2020, 1, 1), None), (None, dt.date(2021, 5, 5))]
    assert [
        (y.year, y.phasing_in, y.phasing_out, y.in_operation)
        for y in analysis.lifecycle_timeline(periods, 2020, 2021)
    ] == [(2020, 1, 0, 1), (2021, 0, 1, 1)]
