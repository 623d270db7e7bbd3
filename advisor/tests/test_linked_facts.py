"""The strategy facts the portfolio and the other apps can support are computed, with
their source and coverage (issue 15): fragile operations from the critical systems'
lifecycle, contracts and vendors; neighbours willing to cooperate from communities and
sharing grants; the pressure for citizen satisfaction from the channel measurements.
The capacity of the central team and the room to invest stay questions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisor.facts import COMPUTED_FACTS, LINKED_FACTS, compute_facts
from channels.models import Satisfaction, ServiceArea
from organizations.choices import OrganizationKind
from organizations.models import Organization
from organizations.testing import make_organization
from portfolio import choices as c
from portfolio.models import SystemUsage, Vendor
from portfolio.tests import factories as pf
from sharing.models import SharingGrant

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def _fact(org: Organization, key: str) -> tuple[float | None, str]:
    fact = compute_facts(organization=org, today=TODAY)[key]
    return fact.value, fact.source


def _critical(org: Organization, extra: int = 0) -> list[SystemUsage]:
    """Four critical usages (+ ``extra`` lasting ones), one of them phasing out, and a
    usage of low criticality that does not count."""
    one = pf.usage(org, criticality=c.Level.HIGH, lifecycle=c.Lifecycle.PHASING_OUT)
    ending = pf.usage(org, business_critical=True)
    lasting = pf.usage(org, socially_critical=True)
    ended = pf.usage(org, criticality=c.Level.HIGH)
    pf.usage(org, criticality=c.Level.LOW, lifecycle=c.Lifecycle.PHASING_OUT)
    pf.usage(org, criticality=c.Level.HIGH, lifecycle=c.Lifecycle.NOT_IN_USE)
    vendor = Vendor.objects.create(name=f"Leverandør {org.pk}")
    pf.contract(org, vendor=vendor, end_date=TODAY + dt.timedelta(days=180)).usages.set([ending])
    pf.contract(org, vendor=vendor).usages.set([lasting])
    pf.contract(org, end_date=TODAY + dt.timedelta(days=900), terminated=True).usages.set([ended])
    others = [pf.usage(org, business_critical=True) for _ in range(extra)]
    for usage in others:
        pf.contract(org, end_date=TODAY + dt.timedelta(days=900)).usages.set([usage])
    return [one, ending, lasting, ended, *others]


def test_fragile_operations_from_lifecycle_contracts_and_one_vendor() -> None:
    org = make_organization()
    _critical(org)
    value, source = _fact(org, "fragile_operations")
    # 3 of 4 critical usages fragile: 1 + 4 x 0.75 = 4; one vendor holds 2 of 4: +1.
    assert value == 5
    assert "4 kritiske systemer af 5 i drift" in source
    assert "1 under udfasning, 2 hvis kontrakter er udløbet eller udløber" in source
    assert "én leverandør har kontrakterne på 2 af dem" in source
    assert "(3 af de kritiske systemer har en kontrakt registreret)" in source


def test_fragile_operations_without_a_dominant_vendor_and_with_lasting_contracts() -> None:
    org = make_organization()
    _critical(org, extra=4)
    value, source = _fact(org, "fragile_operations")
    # 3 of 8 fragile: 1 + 1.5 = 2.5, rounded half up to 3; the vendor holds 2 of 8.
    assert value == 3 and "leverandør" not in source


def test_fragile_operations_is_unknown_without_critical_systems() -> None:
    org = make_organization()
    assert _fact(org, "fragile_operations") == (None, "Ingen systemer i drift.")
    pf.usage(org, criticality=c.Level.MEDIUM)
    value, source = _fact(org, "fragile_operations")
    assert value is None and "er markeret som kritiske" in source


def test_neighbours_from_communities_and_sharing() -> None:
    org, neighbour, other = make_organization(), make_organization(), make_organization()
    assert _fact(org, "neighbour_cooperation")[0] is None
    interest = make_organization(
        "Fælles digitalisering", kind=OrganizationKind.INTERESSEFAELLESSKAB
    )
    interest.members.set([org, other])
    value, source = _fact(org, "neighbour_cooperation")
    assert value == 3 and "interessefællesskabet »Fælles digitalisering«" in source
    SharingGrant.objects.create(organization=org, recipient=neighbour, category="systems")
    assert _fact(org, "neighbour_cooperation")[0] == 3
    SharingGrant.objects.create(organization=neighbour, recipient=org, category="systems")
    value, source = _fact(org, "neighbour_cooperation")
    assert value == 4 and neighbour.name in source
    operations = make_organization("Drift Syd", kind=OrganizationKind.DRIFTSFAELLESSKAB)
    operations.members.set([org])  # alone: no other kommune, so not yet cooperation
    assert _fact(org, "neighbour_cooperation")[0] == 4
    operations.members.add(other)
    value, source = _fact(org, "neighbour_cooperation")
    assert value == 5 and "driftsfællesskabet »Drift Syd«" in source


def test_neighbours_unknown_says_that_nothing_registered_is_not_unwilling() -> None:
    value, source = _fact(make_organization(), "neighbour_cooperation")
    assert value is None and "det siger ikke, om naboerne vil" in source


def _measure(org: Organization, month: dt.date, percent: str, respondents: int) -> None:
    area, _ = ServiceArea.objects.get_or_create(organization=org, name="Borgerservice")
    Satisfaction.objects.create(
        organization=org,
        area=area,
        channel="self_service",
        month=month,
        satisfied_percent=Decimal(percent),
        respondents=respondents,
    )


def test_citizen_satisfaction_pressure_from_the_last_twelve_months() -> None:
    org = make_organization()
    assert _fact(org, "citizen_satisfaction_pressure") == (None, "Ingen tilfredshedsmålinger.")
    _measure(org, dt.date(2026, 3, 1), "80.0", 300)
    _measure(org, dt.date(2025, 6, 1), "60.0", 100)  # within the 12 months up to 03.2026
    value, source = _fact(org, "citizen_satisfaction_pressure")
    # (80 x 300 + 60 x 100) / 400 = 75 % satisfied: pressure 3.
    assert value == 3
    assert source == (
        "målt i 2 tilfredshedsmålinger med 400 besvarelser 04.2025–03.2026: 75 % tilfredse"
    )


def test_a_falling_satisfaction_adds_pressure() -> None:
    org = make_organization()
    _measure(org, dt.date(2026, 3, 1), "91.0", 100)
    assert _fact(org, "citizen_satisfaction_pressure")[0] == 1
    _measure(org, dt.date(2025, 3, 1), "97.0", 100)  # the 12 months before
    value, source = _fact(org, "citizen_satisfaction_pressure")
    assert value == 2 and "6 point færre end de 12 måneder før" in source
    _measure(org, dt.date(2026, 1, 1), "10.0", 1000)
    assert _fact(org, "citizen_satisfaction_pressure")[0] == 5


def test_measurements_without_respondents_give_no_value() -> None:
    org = make_organization()
    _measure(org, dt.date(2026, 3, 1), "50.0", 0)
    value, source = _fact(org, "citizen_satisfaction_pressure")
    assert value is None and "ingen besvarelser" in source


def test_capacities_are_asked_not_computed_and_the_query_count_stays_constant() -> None:
    small, large = make_organization(), make_organization()
    _critical(small)
    _critical(large, extra=10)
    for org in (small, large):
        _measure(org, dt.date(2026, 3, 1), "80.0", 10)
    counts = []
    for org in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            facts = compute_facts(organization=org, today=TODAY)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert "fragile_operations" in COMPUTED_FACTS and set(LINKED_FACTS) <= set(facts)
    assert "central_team_capacity" not in facts and "investment_capacity" not in facts
