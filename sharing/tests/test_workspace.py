"""The workspace's page of systems side by side: read page by page from the database,
with the same costs the whole shared landscape gives, in constant queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization
from organizations.testing import logged_in_client, make_organization, make_user
from portfolio.models import Contract, ContractPayment, UsageCost
from portfolio.tests import factories
from sharing.landscape import shared_landscape
from sharing.tests.helpers import community, share
from sharing.workspace import workspace

pytestmark = pytest.mark.django_db
YEAR = 2030


@pytest.fixture
def df() -> Organization:
    """Three members: A and B share everything, C shares only its usages. System S is
    at all three, T at A and B, U at A only; A's contract covers S and T and is paid
    1,000.01 (split 500.01 / 500.00 over the two)."""
    a, b, c = make_organization("Alfa"), make_organization("Beta"), make_organization("Gamma")
    d = community(a, b, c)
    share(a, d)
    share(b, d)
    share(c, d, ["usages"])
    s, t, u = (factories.catalog_system(None, name=n) for n in ("Sigma", "Tau", "Ypsilon"))
    a_s, a_t = factories.usage(a, catalog_system=s), factories.usage(a, catalog_system=t)
    factories.usage(a, catalog_system=u)
    b_s = factories.usage(b, catalog_system=s)
    factories.usage(b, catalog_system=t)
    factories.usage(c, catalog_system=s)
    contract = factories.contract(a, name="Alfas aftale", end_date=dt.date(2031, 12, 31))
    contract.usages.add(a_s, a_t)
    ContractPayment.objects.create(
        contract=contract, year=YEAR, stream="operation", amount=Decimal("1000.01")
    )
    UsageCost.objects.create(usage=a_s, year=YEAR, kind="license", amount=Decimal("0.10"))
    UsageCost.objects.create(usage=a_s, year=YEAR, kind="license", amount=Decimal("0.20"))
    UsageCost.objects.create(usage=b_s, year=YEAR, kind="license", amount=Decimal("7.00"))
    return d


def test_pages_in_order_of_members_then_name(df: Organization) -> None:
    first = workspace(organization=df, per_page=2, year=YEAR)
    assert [(r.system, r.count) for r in first.rows] == [("Sigma", 3), ("Tau", 2)]
    assert first.total_systems == 3 and first.page is not None and first.page.has_next()
    second = workspace(organization=df, per_page=2, page=2, year=YEAR)
    assert [(r.system, r.count) for r in second.rows] == [("Ypsilon", 1)]
    # A page number out of range or not a number gives the last or the first page.
    assert workspace(organization=df, per_page=2, page=9, year=YEAR).rows == second.rows
    assert workspace(organization=df, per_page=2, page="x", year=YEAR).rows == first.rows


def test_the_costs_and_contracts_are_those_of_the_whole_landscape(df: Organization) -> None:
    whole = shared_landscape(organization=df, year=YEAR)
    expected = {u.id: (u.yearly_cost, sorted(u.contract_ids)) for u in whole.usages}
    got = {}
    for row in workspace(organization=df, year=YEAR).rows:
        for cell in row.cells:
            for entry in cell:
                usage = entry["usage"]
                got[usage.id] = (usage.yearly_cost, sorted(c.id for c in entry["contracts"]))
    assert got == expected
    costs = sorted(c for c, _ in got.values() if c is not None)
    assert costs == [Decimal(x) for x in ("0.00", "0.00", "7.00", "500.00", "500.31")]
    assert sum(1 for c, _ in got.values() if c is None) == 1  # Gamma shares no costs


def test_the_page_reads_in_constant_queries_and_shows_the_pagination(df: Organization) -> None:
    client = logged_in_client(make_user(organization=df, roles=["laeser"]), df)
    this_year = timezone.localdate().year
    # A payment this year in both rounds (an empty list of ids is no query at all).
    ContractPayment.objects.create(
        contract=Contract.objects.get(name="Alfas aftale"), year=this_year, stream="other", amount=1
    )
    counts = []
    for extra in (0, 60):
        member = make_organization()
        df.members.add(member)
        share(member, df)
        for _ in range(extra):
            usage = factories.usage(member)
            contract = factories.contract(member, end_date=dt.date(2032, 1, 31))
            contract.usages.add(usage)
            ContractPayment.objects.create(
                contract=contract, year=this_year, stream="other", amount=1
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("sharing:df_workspace"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    text = response.content.decode()
    assert "Side 1 af 2" in text and "63 katalogsystemer deles i alt" in text
    assert client.get(reverse("sharing:df_workspace") + "?page=2").status_code == 200
    assert client.get(reverse("sharing:df_workspace") + "?page=abc").status_code == 200


def test_members_come_ten_columns_at_a_time(df: Organization) -> None:
    sigma2 = factories.catalog_system(None, name="Sigma 2")
    for n in range(9):  # 3 + 9 = 12 members share their usages
        member = make_organization(f"Medlem {n:02d}")
        df.members.add(member)
        share(member, df, ["usages"])
        factories.usage(member, catalog_system=sigma2)
    first = workspace(organization=df, year=YEAR)
    assert [m.name for m in first.columns][:3] == ["Alfa Kommune", "Beta Kommune", "Gamma Kommune"]
    assert len(first.columns) == 10 and first.column_page is not None
    assert first.column_page.has_next()
    second = workspace(organization=df, year=YEAR, column_page=2)
    assert [m.name for m in second.columns] == ["Medlem 07 Kommune", "Medlem 08 Kommune"]
    row = next(r for r in second.rows if r.system == "Sigma 2")
    assert row.count == 9 and [len(c) for c in row.cells] == [1, 1]
    client = logged_in_client(make_user(organization=df, roles=["laeser"]), df)
    text = client.get(reverse("sharing:df_workspace") + "?medlemmer=2").content.decode()
    assert "medlem 11-12 af de 12" in text and "Forrige medlemmer" in text
