"""Fair cost sharing: every key splits a service's price exactly, members without a basis
are named and left out, and nothing of another fællesskab counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.models import AuditEvent
from organizations.testing import logged_in_client, make_organization, make_token, make_user
from sharing import services
from sharing.models import SharedService
from sharing.statements import split_by_weights, statements
from sharing.tests.helpers import community

pytestmark = pytest.mark.django_db


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(any),
)
def test_split_adds_up_to_the_oere(amount: Decimal, weights: list[int]) -> None:
    shares = split_by_weights(amount, [Decimal(w) for w in weights])
    assert sum(shares) == amount
    assert all(s >= 0 for s in shares)
    assert all(s == 0 for s, w in zip(shares, weights, strict=True) if w == 0)


def _setup() -> dict:  # type: ignore[type-arg]
    a = make_organization("Alfa", population=60_000)
    b = make_organization("Beta", population=30_000)
    c = make_organization("Gamma")  # no inhabitants registered
    df = community(a, b, c)
    admin = make_user(organization=df, roles=["arkitekt"])
    return {"a": a, "b": b, "c": c, "df": df, "admin": admin}


def test_each_key_splits_the_price_and_names_missing_bases() -> None:
    s = _setup()
    df, admin = s["df"], s["admin"]
    equal = services.service_create(
        actor=admin,
        organization=df,
        name="Servicedesk",
        yearly_price=Decimal("100000.00"),
        allocation_key="equal",
    )
    people = services.service_create(
        actor=admin,
        organization=df,
        name="Drift",
        yearly_price=Decimal("90000.00"),
        allocation_key="inhabitants",
    )
    measured = services.service_create(
        actor=admin,
        organization=df,
        name="Print",
        yearly_price=Decimal("1000.00"),
        allocation_key="measured",
    )
    services.service_create(
        actor=admin,
        organization=df,
        name="Brugerlicenser",
        yearly_price=Decimal("500.00"),
        allocation_key="users",
    )
    services.measure_create(
        actor=admin, organization=df, service=measured, member=s["a"], year=2030, quantity=3
    )
    services.measure_create(
        actor=admin, organization=df, service=measured, member=s["b"], year=2030, quantity=1
    )
    services.measure_create(  # another year does not count
        actor=admin, organization=df, service=measured, member=s["c"], year=2029, quantity=99
    )
    result = statements(organization=df, year=2030)
    by_member = {
        st.member: {line.service: line.amount for line in st.lines} for st in result.statements
    }
    assert by_member["Alfa Kommune"] == {
        "Servicedesk": Decimal("33333.34"),
        "Drift": Decimal("60000.00"),
        "Print": Decimal("750.00"),
    }
    assert by_member["Beta Kommune"]["Drift"] == Decimal("30000.00")
    assert by_member["Gamma Kommune"] == {"Servicedesk": Decimal("33333.33")}
    assert result.unallocated == ["Brugerlicenser"]  # nobody has users for the year
    missing = {(m.service, m.member) for m in result.missing}
    assert ("Drift", "Gamma Kommune") in missing and ("Print", "Gamma Kommune") in missing
    assert result.total == Decimal("191000.00")
    assert result.catalogue_total == Decimal("191500.00")
    assert equal.pk and people.pk


def test_quantities_only_for_own_services_and_members() -> None:
    s = _setup()
    other = community(make_organization(), name="Et andet fællesskab")
    foreign = SharedService.objects.create(
        organization=other, name="Fremmed", yearly_price=1, allocation_key="users"
    )
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=s["admin"],
            organization=s["df"],
            service=foreign,
            member=s["a"],
            year=2030,
            quantity=1,
        )
    assert "findes ikke" in str(error.value)
    own = SharedService.objects.create(
        organization=s["df"], name="Egen", yearly_price=1, allocation_key="users"
    )
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            actor=s["admin"],
            organization=s["df"],
            service=own,
            member=make_organization(),
            year=2030,
            quantity=1,
        )
    assert "ikke medlem" in str(error.value)
    reader = make_user(organization=s["df"], roles=["laeser"])
    with pytest.raises(PermissionDenied):
        services.service_create(
            actor=reader, organization=s["df"], name="X", yearly_price=1, allocation_key="equal"
        )
    assert AuditEvent.objects.filter(organization=s["df"], action="create").count() == 0


def test_statements_page_and_api() -> None:
    s = _setup()
    SharedService.objects.create(
        organization=s["df"], name="Servicedesk", yearly_price=300, allocation_key="equal"
    )
    client = logged_in_client(make_user(organization=s["df"], roles=["laeser"]), s["df"])
    text = client.get("/deling/faellesskab/afregning/?aar=2030").content.decode()
    assert "Alfa Kommune" in text and "100\xa0kr." in text
    assert client.get("/deling/faellesskab/afregning/?aar=abc").status_code == 200
    token = make_token(make_user(organization=s["df"], roles=["laeser"]))
    body = client.get(
        f"/api/v1/organizations/{s['df'].pk}/statements?year=2030",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    assert body["total"] == "300.00"
    assert {st["member"] for st in body["statements"]} == {
        "Alfa Kommune",
        "Beta Kommune",
        "Gamma Kommune",
    }
    bad = client.get(
        f"/api/v1/organizations/{s['df'].pk}/statements?year=1900",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert bad.status_code == 400
