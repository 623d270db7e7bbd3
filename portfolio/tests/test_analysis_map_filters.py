"""The integration map's filters for criticality, technology and shared component, and its
focus on one system's neighbourhood (issue 18)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organizations.testing import logged_in_client, make_organization, make_user
from portfolio import analysis
from portfolio import choices as c
from portfolio.models import CatalogSystem
from portfolio.tests.analysis_helpers import flow, usage

pytestmark = pytest.mark.django_db


def _labels(result: analysis.IntegrationMap) -> dict[str, bool]:
    return {n.label: n.context for n in result.nodes}


def test_criticality_technology_component_and_focus() -> None:
    org = make_organization()
    sp = CatalogSystem.objects.get(name="Serviceplatformen")
    a = usage(org, "Ydelser", criticality=c.Level.HIGH)
    b = usage(org, "Booking", criticality=c.Level.LOW)
    d = usage(org, "Arkiv")
    usage(org, "Ensom", criticality=c.Level.HIGH)
    flow(org, a, b)
    by_file = flow(org, b, d)
    by_file.technology = c.Technology.FILE
    by_file.save()
    flow(org, d, sp)

    high = analysis.integration_map(organization=org, criticality="high")
    assert _labels(high) == {"Ydelser": False, "Ensom": False, "Booking": True}

    files = analysis.integration_map(organization=org, technology="file")
    assert _labels(files) == {"Booking": False, "Arkiv": False}
    assert [e.technology for e in files.edges] == ["file"]

    component = analysis.integration_map(organization=org, component=str(sp.pk))
    assert _labels(component) == {"Arkiv": False, "Booking": True, "Serviceplatformen": False}

    # A known component that the technology filter leaves without integrations: an empty
    # map, not »Ukendt fælles komponent.«
    none_left = analysis.integration_map(organization=org, technology="file", component=str(sp.pk))
    assert none_left.nodes == [] and none_left.edges == []

    focus = analysis.integration_map(organization=org, focus=str(b.pk))
    assert _labels(focus) == {"Booking": False, "Ydelser": True, "Arkiv": True}

    for bad in (
        {"criticality": "extreme"},
        {"technology": "telepathy"},
        {"component": "999999"},
        {"focus": "abc"},
        {"focus": str(usage(make_organization("Andetsted"), "Fremmed").pk)},
    ):
        with pytest.raises(ValueError, match="Ukendt"):
            analysis.integration_map(organization=org, **bad)


def test_map_page_offers_the_filters_and_marks_the_focus() -> None:
    org = make_organization()
    a = usage(org, "Ydelser")
    b = usage(org, "Booking")
    flow(org, a, b)
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    page = client.get(reverse("portfolio:analysis_map"), {"focus": a.pk}).content.decode()
    for label in (
        "Fokus på et system og dets naboer",
        "Kritikalitet",
        "Teknologi",
        "Fælles komponent",
    ):
        assert label in page
    assert "Systemet i fokus" in page and '"start": true' in page
    bad = client.get(reverse("portfolio:analysis_map"), {"technology": "telepathy"})
    assert bad.status_code == 400 and "Ukendt teknologi." in bad.content.decode()
