"""Vendor matching, shadow-it candidates and their triage."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import AuditEvent, TransitionRecord
from core.testing import postgres_race, race
from organizations.testing import make_organization, make_user
from portfolio import choices as pc
from portfolio.models import CatalogSystem, Contract, ContractPayment, SystemUsage, Vendor
from procurement.models import ProcurementRequest
from spend import choices as c
from spend.candidates import candidate_triage
from spend.importer import spend_import
from spend.matching import match_vendors
from spend.models import ShadowCandidate, SpendVendor
from spend.synthetic import synthetic_cvr
from spend.tests.helpers import SHADOW_CVR, export, line

_N = itertools.count(500)

pytestmark = pytest.mark.django_db
D = dt.date


def _arch(org: Any) -> Any:
    return make_user(organization=org, roles=["arkitekt"])


def _contract(org: Any, vendor: Vendor, **fields: Any) -> Contract:
    return Contract.objects.create(
        organization=org, name=f"Aftale {vendor.name}", vendor=vendor, **fields
    )


def test_cvr_first_then_name_and_ambiguous_names_are_shown_not_guessed(org: Any) -> None:
    by_cvr = Vendor.objects.create(name="Helt Andet Navn A/S", cvr=SHADOW_CVR)
    Vendor.objects.create(name="Nordsoft Danmark ApS")
    Vendor.objects.create(name="Nordsoft Danmark A/S ")
    for vendor in Vendor.objects.all():
        _contract(org, vendor)
    spend_import(
        actor=_arch(org),
        organization=org,
        source=export(
            [
                line(D(2025, 1, 2), "Helt Andet Navn", "10,00", cvr=SHADOW_CVR),
                line(D(2025, 1, 2), "NORDSOFT DANMARK", "10,00"),
            ]
        ),
    )
    matched = {v.name: v for v in SpendVendor.objects.filter(organization=org)}
    assert matched["Helt Andet Navn"].match == c.MatchHow.CVR
    assert matched["Helt Andet Navn"].vendor == by_cvr
    ambiguous = matched["NORDSOFT DANMARK"]
    assert ambiguous.match == c.MatchHow.AMBIGUOUS and ambiguous.vendor is None
    assert len(ambiguous.match_candidates) == 2


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["Vestdata A/S", "Vestdata", "VESTDATA APS", "Vestdata ApS."]),
    by_cvr=st.booleans(),
)
def test_matching_never_crosses_organizations(name: str, by_cvr: bool) -> None:
    mine, theirs = make_organization(), make_organization()
    cvr = synthetic_cvr(next(_N)) if by_cvr else ""
    vendor = Vendor.objects.create(name="Vestdata A/S", cvr=cvr)
    _contract(theirs, vendor)  # only the other organization has this vendor in its portfolio
    spend_import(
        actor=_arch(mine),
        organization=mine,
        source=export(
            [
                line(D(2025, 1, 2), name, "10,00", cvr=cvr),
            ]
        ),
    )
    spend_vendor = SpendVendor.objects.get(organization=mine)
    assert spend_vendor.vendor is None and spend_vendor.match == c.MatchHow.NONE
    _contract(mine, vendor)  # once it is in this organization's portfolio, it matches
    match_vendors(organization=mine)
    spend_vendor.refresh_from_db()
    assert spend_vendor.vendor == vendor


def _shadow(org: Any) -> ShadowCandidate:
    spend_import(
        actor=_arch(org),
        organization=org,
        source=export(
            [
                line(
                    D(2025, 1, 5), "Skyggesoft ApS", "40.000,00", cvr=SHADOW_CVR, unit="Jobcenter"
                ),
                line(
                    D(2025, 3, 5), "Skyggesoft ApS", "-5.000,00", cvr=SHADOW_CVR, unit="Jobcenter"
                ),
                line(D(2025, 2, 5), "Kantinen ApS", "900,00", account="201000", text="Fødevarer"),
            ]
        ),
    )
    return ShadowCandidate.objects.get(organization=org, current=True)


def test_it_spend_without_usage_or_contract_is_a_candidate_per_vendor_and_unit(org: Any) -> None:
    candidate = _shadow(org)
    assert candidate.kind == c.CandidateKind.NO_AGREEMENT
    assert (candidate.vendor.name, candidate.unit, candidate.amount) == (
        "Skyggesoft ApS",
        "Jobcenter",
        Decimal("35000.00"),
    )
    assert (candidate.first_seen, candidate.last_seen, candidate.lines) == (
        D(2025, 1, 5),
        D(2025, 3, 5),
        2,
    )


def test_triage_into_a_system_creates_a_prefilled_usage_and_is_remembered(org: Any) -> None:
    user = _arch(org)
    candidate = _shadow(org)
    done = candidate_triage(actor=user, candidate=candidate, decision="system", name="Skyggesoft")
    usage = SystemUsage.objects.get(organization=org)
    assert done.usage == usage and usage.catalog_system.name == "Skyggesoft"
    assert usage.catalog_system.vendor.cvr == SHADOW_CVR
    assert usage.lifecycle == pc.Lifecycle.OPERATIONAL
    assert done.status == c.Triage.SYSTEM and not done.current  # now explained
    assert TransitionRecord.objects.filter(machine="spend.candidate", to_state="system").exists()
    assert AuditEvent.objects.filter(organization=org, object_repr__contains="Skyggesoft").exists()
    # the next import still knows the verdict
    spend_import(
        actor=user,
        organization=org,
        source=export(
            [
                line(
                    D(2025, 1, 5), "Skyggesoft ApS", "40.000,00", cvr=SHADOW_CVR, unit="Jobcenter"
                ),
            ]
        ),
    )
    done.refresh_from_db()
    assert done.status == c.Triage.SYSTEM
    assert not ShadowCandidate.objects.filter(
        organization=org, current=True, status="aaben"
    ).exists()


def test_triage_as_a_procurement_request_after_the_fact(org: Any) -> None:
    done = candidate_triage(
        actor=_arch(org), candidate=_shadow(org), decision="anskaffelse", note="Købt direkte"
    )
    request = ProcurementRequest.objects.get(organization=org)
    assert done.request == request and "Skyggesoft" in request.title
    assert done.status == c.Triage.REQUEST


def test_not_it_needs_a_reason_and_a_contract_must_be_the_organizations(org: Any) -> None:
    user = _arch(org)
    candidate = _shadow(org)
    with pytest.raises(ValidationError):
        candidate_triage(actor=user, candidate=candidate, decision="ikke_it")
    other = make_organization()
    foreign = Contract.objects.create(organization=other, name="Fremmed")
    with pytest.raises(ValidationError):
        candidate_triage(actor=user, candidate=candidate, decision="kontrakt", contract=foreign.pk)
    candidate.refresh_from_db()
    assert candidate.status == c.Triage.OPEN
    done = candidate_triage(actor=user, candidate=candidate, decision="ikke_it", note="Kontorstole")
    assert done.status == c.Triage.NOT_IT and done.triaged_by == user


def test_a_reader_may_not_triage(org: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        candidate_triage(
            actor=make_user(organization=org, roles=["laeser"]),
            candidate=_shadow(org),
            decision="ikke_it",
            note="x",
        )


def test_spend_after_expiry_and_far_above_the_agreed(org: Any) -> None:
    vendor = Vendor.objects.create(name="Borgerdata A/S", cvr=SHADOW_CVR)
    system = CatalogSystem.objects.create(
        name="Borgerportal", vendor=vendor, business_type="fagsystem"
    )
    SystemUsage.objects.create(organization=org, catalog_system=system)
    contract = _contract(org, vendor, start_date=D(2022, 1, 1), end_date=D(2025, 3, 31))
    ContractPayment.objects.create(
        contract=contract, year=2025, stream="operation", amount=Decimal(100000)
    )
    spend_import(
        actor=_arch(org),
        organization=org,
        source=export(
            [
                line(D(2025, 2, 1), "Borgerdata A/S", "150.000,00", cvr=SHADOW_CVR),
                line(D(2025, 6, 1), "Borgerdata A/S", "20.000,00", cvr=SHADOW_CVR),
            ]
        ),
    )
    found = {k.kind: k for k in ShadowCandidate.objects.filter(organization=org, current=True)}
    assert set(found) == {c.CandidateKind.AFTER_EXPIRY, c.CandidateKind.OVER_AGREED}
    assert found[c.CandidateKind.AFTER_EXPIRY].amount == Decimal("20000.00")
    assert found[c.CandidateKind.AFTER_EXPIRY].detail["end"] == "2025-03-31"
    over = found[c.CandidateKind.OVER_AGREED]
    assert (over.year, over.amount, over.detail["agreed"]) == (
        2025,
        Decimal("170000.00"),
        "100000.00",
    )


def test_the_advisor_reads_the_measured_share_through_the_hook(org: Any) -> None:
    from advisor.facts import compute_facts

    _shadow(org)
    fact = compute_facts(organization=org)["spend_outside_central_share"]
    assert fact.value == 1.0  # all IT spend went to a creditor without a central agreement
    assert "forbrugslinjerne" in fact.source and "skygge-it-kandidater" in fact.source


@postgres_race
def test_postgres_two_people_triaging_one_candidate_at_once_make_one_usage(round_: int) -> None:
    org = make_organization()
    people = [_arch(org) for _ in range(2)]
    candidate = _shadow(org)
    copies = [ShadowCandidate.objects.get(pk=candidate.pk) for _ in people]

    outcomes = race(
        lambda: candidate_triage(
            actor=people[0], candidate=copies[0], decision="system", name="Skyggesoft"
        ),
        lambda: candidate_triage(
            actor=people[1], candidate=copies[1], decision="ikke_it", note="Kantineudstyr"
        ),
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "ValidationError"]
    final = ShadowCandidate.objects.get(pk=candidate.pk)
    assert TransitionRecord.objects.filter(machine="spend.candidate").count() == 1
    assert SystemUsage.objects.filter(organization=org).count() == (
        1 if final.status == c.Triage.SYSTEM else 0
    )
