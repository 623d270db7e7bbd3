"""Consolidation candidates and joint procurement windows over the shared landscapes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from organizations.models import Organization
from organizations.testing import make_organization
from portfolio.models import ContractPayment, KleSubject, SystemUsage
from portfolio.tests import factories
from sharing.analysis import consolidation, joint_procurement
from sharing.landscape import kle_titles, shared_landscape
from sharing.tests.helpers import community, share

pytestmark = pytest.mark.django_db
TODAY = dt.date(2030, 1, 15)


def _member(name: str, d: Organization, categories: tuple[str, ...]) -> Organization:
    member = make_organization(name)
    d.members.add(member)
    share(member, d, categories)
    return member


def _contract(member: Organization, usage, vendor, end: dt.date, paid: int, **terms):  # type: ignore[no-untyped-def]
    contract = factories.contract(
        member, name=f"{member.name} aftale", vendor=vendor, end_date=end, **terms
    )
    contract.usages.add(usage)
    ContractPayment.objects.create(contract=contract, year=2030, stream="operation", amount=paid)
    return contract


@pytest.fixture
def setup() -> dict[str, object]:
    d = community(name="Fællesskabet")
    everything = ("usages", "contracts", "costs")
    a = _member("Alfa", d, everything)
    b = _member("Beta", d, everything)
    c = _member("Gamma", d, ("usages",))  # shares its systems, not contracts or costs
    vendor = factories.vendor(None, name="Fælles Leverandør A/S")
    esdh = factories.catalog_system(None, name="Fælles ESDH", vendor=vendor)
    subject = KleSubject.objects.create(number="85.02", title="Sagsbehandling", level="emne")
    other = factories.catalog_system(None, name="Andet ESDH")
    esdh.kle_subjects.add(subject)
    other.kle_subjects.add(subject)
    ua = factories.usage(a, catalog_system=esdh, local_name="")
    ub = factories.usage(b, catalog_system=esdh, local_name="")
    factories.usage(c, catalog_system=esdh, local_name="")
    factories.usage(c, catalog_system=other, local_name="")
    # A can end 31-12-2030 (3 months' notice), B 30-06-2031.
    _contract(a, ua, vendor, dt.date(2030, 12, 31), 100_000, notice_months=3)
    _contract(b, ub, vendor, dt.date(2031, 6, 30), 50_000, notice_months=6)
    return {"d": d, "a": a, "b": b, "c": c}


def test_the_same_system_at_several_members_is_a_candidate(setup: dict) -> None:  # type: ignore[type-arg]
    landscape = shared_landscape(organization=setup["d"], year=2030, today=TODAY)
    result = consolidation(landscape, kle_titles=kle_titles(landscape))
    [system] = result.systems
    assert system.name == "Fælles ESDH"
    assert system.member_count == 3
    assert system.contract_count == 2  # separate contracts at Alfa and Beta
    # The sum covers the two members that share costs, and says so.
    assert system.yearly_cost == Decimal("150000.00")
    assert (system.cost_known, system.exit_known) == (2, 2)
    # Gamma does not share its contracts: no common exit date is claimed.
    assert system.common_exit is None
    [vendor] = result.vendors
    assert vendor.name == "Fælles Leverandør A/S" and vendor.member_count == 2
    assert vendor.common_exit == dt.date(2031, 6, 30)  # the later of the two exits
    assert vendor.yearly_cost == Decimal("150000.00")
    [kle] = result.kle
    assert kle.kle == "85.02 Sagsbehandling"
    assert ("Gamma Kommune", "Andet ESDH") in kle.systems
    assert (result.members, result.sharing_costs) == (3, 2)


def test_the_common_exit_is_the_latest_member_exit(setup: dict) -> None:  # type: ignore[type-arg]
    share(setup["c"], setup["d"], ("contracts",))
    vendor = factories.vendor(None)
    landscape = shared_landscape(organization=setup["d"], year=2030, today=TODAY)
    gamma = next(
        u for u in landscape.usages if u.member == "Gamma Kommune" and u.system == "Fælles ESDH"
    )
    _contract(setup["c"], SystemUsage.objects.get(pk=gamma.id), vendor, dt.date(2032, 3, 31), 10)
    landscape = shared_landscape(organization=setup["d"], year=2030, today=TODAY)
    [system] = consolidation(landscape, kle_titles={}).systems
    assert system.common_exit == dt.date(2032, 3, 31)
    assert system.contract_count == 3


def test_joint_procurement_windows_group_members_contracts(setup: dict) -> None:  # type: ignore[type-arg]
    landscape = shared_landscape(organization=setup["d"], year=2030, today=TODAY)
    # Half-years: 31-12-2030 and 30-06-2031 fall in different ones - no window.
    assert joint_procurement(landscape).windows == []
    # Whole years: 2030 and 2031, still apart.
    assert joint_procurement(landscape, period_months=12).windows == []
    b_vendor = factories.vendor(None, name="Anden Leverandør")
    usage = factories.usage(setup["b"])
    _contract(setup["b"], usage, b_vendor, dt.date(2030, 11, 30), 1)
    landscape = shared_landscape(organization=setup["d"], year=2030, today=TODAY)
    [window] = joint_procurement(landscape).windows
    assert (window.start, window.end) == (dt.date(2030, 7, 1), dt.date(2030, 12, 31))
    assert window.member_count == 2
    assert [c.member for c in window.contracts] == ["Beta Kommune", "Alfa Kommune"]
    assert window.shared_vendors == []
    with pytest.raises(ValueError):
        joint_procurement(landscape, period_months=5)
