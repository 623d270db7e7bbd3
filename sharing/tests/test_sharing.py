"""Consent-based sharing: nothing crosses without a grant, a grant shares exactly its
categories, revoking takes effect at once, and only partners can be granted to."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from organizations.models import Organization
from organizations.testing import logged_in_client, make_organization, make_token, make_user
from portfolio.models import ContractPayment, UsageCost
from portfolio.tests import factories
from sharing import selectors, services
from sharing.landscape import shared_landscape
from sharing.models import SharingGrant
from sharing.tests.helpers import community, share

pytestmark = pytest.mark.django_db


@pytest.fixture
def df() -> dict[str, Organization]:
    """A fællesskab D of A and B; A has a usage under a contract with costs; E is outside."""
    a, b, e = make_organization("Alfa"), make_organization("Beta"), make_organization("Epsilon")
    d = community(a, b, name="Fællesskabet Syd")
    usage = factories.usage(a, local_name="Alfas sagssystem")
    contract = factories.contract(a, name="Alfas driftsaftale", end_date=dt.date(2031, 12, 31))
    contract.usages.add(usage)
    ContractPayment.objects.create(contract=contract, year=2030, stream="operation", amount=1000)
    UsageCost.objects.create(usage=usage, year=2030, kind="license", amount=Decimal("250.50"))
    factories.integration(a, source=usage, interface_name="x")
    return {"a": a, "b": b, "d": d, "e": e}


def page(org: Organization, name: str, **kwargs: int) -> tuple[int, str]:
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    response = client.get(reverse(name, kwargs=kwargs or None))
    return response.status_code, response.content.decode()


def api(org: Organization, path: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    token = make_token(make_user(organization=org, roles=["laeser"]))
    response = logged_in_client(make_user()).get(
        f"/api/v1/organizations/{org.pk}/{path}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    return response.status_code, response.json()


def test_without_consent_nothing_crosses(df: dict[str, Organization]) -> None:
    for viewer in (df["d"], df["b"], df["e"]):
        landscape = shared_landscape(organization=viewer, year=2030)
        assert (landscape.members, landscape.usages, landscape.contracts) == ([], [], [])
        status, text = page(viewer, "sharing:df_workspace")
        assert status == 200 and "Alfas sagssystem" not in text
        assert page(viewer, "sharing:df_member", pk=df["a"].pk)[0] == 404
        status, body = api(viewer, "shared-landscape")
        assert status == 200 and body["usages"] == [] and body["members"] == []
        consolidation = api(viewer, "analyses/consolidation")[1]
        assert consolidation["systems"] == [] and consolidation["members"] == 0


def test_a_grant_shares_exactly_its_categories(df: dict[str, Organization]) -> None:
    share(df["a"], df["d"], ["usages"])
    landscape = shared_landscape(organization=df["d"], year=2030)
    usage = next(u for u in landscape.usages if u.name == "Alfas sagssystem")
    assert usage.yearly_cost is None  # costs are not shared
    assert usage.contract_ids == []  # nor contracts
    assert landscape.contracts == [] and landscape.integrations == []
    status, text = page(df["d"], "sharing:df_member", pk=df["a"].pk)
    assert status == 200 and "Alfas sagssystem" in text and "Alfas driftsaftale" not in text

    share(df["a"], df["d"], ["contracts", "costs", "integrations"])
    landscape = shared_landscape(organization=df["d"], year=2030)
    usage = next(u for u in landscape.usages if u.name == "Alfas sagssystem")
    assert usage.yearly_cost == Decimal("1250.50")  # own line + the contract's payment
    assert [c.name for c in landscape.contracts] == ["Alfas driftsaftale"]
    assert landscape.contracts[0].yearly_payment == Decimal("1000.00")
    assert len(landscape.integrations) == 1
    lean = shared_landscape(organization=df["d"], year=2030, with_integrations=False)
    assert lean.integrations == [] and len(lean.contracts) == 1


def test_a_member_without_the_grant_and_a_non_member_see_nothing(
    df: dict[str, Organization],
) -> None:
    share(df["a"], df["d"])
    # B is a member of the same fællesskab, but A granted the fællesskab, not B.
    for viewer in (df["b"], df["e"]):
        assert shared_landscape(organization=viewer).usages == []
        assert page(viewer, "sharing:df_member", pk=df["a"].pk)[0] == 404
        assert "Alfas sagssystem" not in page(viewer, "sharing:df_workspace")[1]
        assert api(viewer, "shared-landscape")[1]["usages"] == []
    # A stranger that gets a grant row anyway (never through the service) sees nothing:
    # the grant counts only while the two cooperate.
    SharingGrant.objects.create(organization=df["a"], recipient=df["e"], category="usages")
    assert shared_landscape(organization=df["e"]).usages == []
    # A user of E is refused D's pages and API outright (not a member of D).
    token = make_token(make_user(organization=df["e"], roles=["administrator"]))
    response = logged_in_client(make_user()).get(
        f"/api/v1/organizations/{df['d'].pk}/shared-landscape",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 404


def test_revoking_takes_effect_at_once(df: dict[str, Organization]) -> None:
    admin = make_user(organization=df["a"], roles=["administrator"])
    grants = services.grant_create(
        actor=admin, organization=df["a"], recipient=df["d"], categories=["usages", "costs"]
    )
    assert "Alfas sagssystem" in page(df["d"], "sharing:df_workspace")[1]
    usages_grant = next(g for g in grants if g.category == "usages")
    services.grant_revoke(actor=admin, grant=usages_grant)
    assert "Alfas sagssystem" not in page(df["d"], "sharing:df_workspace")[1]
    assert api(df["d"], "shared-landscape")[1]["usages"] == []
    # Costs are still shared, so A still shows as sharing (but no system to attach them to).
    assert page(df["d"], "sharing:df_member", pk=df["a"].pk)[0] == 200
    services.grant_revoke(actor=admin, grant=next(g for g in grants if g.category == "costs"))
    assert page(df["d"], "sharing:df_member", pk=df["a"].pk)[0] == 404


def test_leaving_the_community_ends_the_sharing(df: dict[str, Organization]) -> None:
    share(df["a"], df["d"])
    assert shared_landscape(organization=df["d"]).usages
    df["d"].members.remove(df["a"])
    assert shared_landscape(organization=df["d"]).usages == []
    df["d"].members.add(df["a"])  # back in, but an inactive organization shares nothing
    Organization.objects.filter(pk=df["a"].pk).update(is_active=False)
    assert shared_landscape(organization=df["d"]).usages == []


def test_grants_are_audited_and_only_for_administrators(df: dict[str, Organization]) -> None:
    admin = make_user(organization=df["a"], roles=["administrator"])
    architect = make_user(organization=df["a"], roles=["arkitekt"])
    with pytest.raises(PermissionDenied):
        services.grant_create(
            actor=architect, organization=df["a"], recipient=df["d"], categories=["usages"]
        )
    with pytest.raises(ValidationError) as outside:
        services.grant_create(
            actor=admin, organization=df["a"], recipient=df["e"], categories=["usages"]
        )
    assert "fællesskab" in str(outside.value)
    with pytest.raises(ValidationError):
        services.grant_create(
            actor=admin, organization=df["a"], recipient=df["d"], categories=["passwords"]
        )
    before = AuditEvent.objects.filter(organization=df["a"]).count()
    [grant] = services.grant_create(
        actor=admin, organization=df["a"], recipient=df["b"], categories=["contracts"]
    )
    with pytest.raises(ValidationError) as again:
        services.grant_create(
            actor=admin, organization=df["a"], recipient=df["b"], categories=["contracts"]
        )
    assert "deles allerede" in str(again.value)
    services.grant_revoke(actor=admin, grant=grant)
    events = list(
        AuditEvent.objects.filter(organization=df["a"])
        .order_by("pk")[before:]
        .values_list("action", "actor")
    )
    assert [a for a, _u in events] == ["create", "delete"]
    assert {u for _a, u in events} == {admin.pk}
    assert not SharingGrant.objects.exists()  # revoked: nothing is left


def test_the_member_sees_what_it_shares_with_whom(df: dict[str, Organization]) -> None:
    share(df["a"], df["d"], ["usages"])
    share(df["b"], df["a"], ["contracts"])
    status, text = page(df["a"], "sharing:grants")
    assert status == 200
    given, received = text.split('id="received"')
    assert "Fællesskabet Syd" in given and "Systemer (anvendelser)" in given
    assert "Beta" in received and "Kontrakter" in received


def test_the_grant_form_refuses_an_outsider_and_changes_nothing(
    df: dict[str, Organization],
) -> None:
    client = logged_in_client(make_user(organization=df["a"], roles=["administrator"]), df["a"])
    url = reverse("sharing:grant_create")
    response = client.post(url, {"recipient": df["e"].pk, "categories": ["usages"]})
    assert response.status_code == 400
    assert "Der kan kun deles med et fællesskab" in response.content.decode()
    response = client.post(url, {"recipient": df["d"].pk})
    assert "Vælg mindst én kategori" in response.content.decode()
    assert not SharingGrant.objects.exists()
    response = client.post(url, {"recipient": df["d"].pk, "categories": ["usages", "costs"]})
    assert response.status_code == 302
    assert set(SharingGrant.objects.values_list("category", flat=True)) == {"usages", "costs"}


def test_the_api_grants_and_revokes(df: dict[str, Organization]) -> None:
    admin = make_user(organization=df["a"], roles=["administrator"])
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {make_token(admin)}"}
    client = logged_in_client(make_user())
    path = f"/api/v1/organizations/{df['a'].pk}/sharing"
    bad = client.post(
        path, {"recipient_id": df["e"].pk, "categories": ["usages"]}, "application/json", **headers
    )
    assert bad.status_code == 400 and "fællesskab" in str(bad.json()["errors"])
    made = client.post(
        path, {"recipient_id": df["d"].pk, "categories": ["usages"]}, "application/json", **headers
    )
    assert made.status_code == 201, made.content
    grant_id = made.json()[0]["id"]
    assert client.get(path, **headers).json()["count"] == 1
    shared = api(df["d"], "shared-landscape")[1]["usages"]
    assert "Alfas sagssystem" in {u["local_name"] for u in shared}
    assert client.delete(f"{path}/{grant_id}", **headers).status_code == 204
    assert api(df["d"], "shared-landscape")[1]["usages"] == []


def _members(d: Organization, n: int, usages: int) -> None:
    system = factories.catalog_system(None)
    vendor = factories.vendor(None)
    for _ in range(n):
        member = make_organization()
        d.members.add(member)
        share(member, d)
        for _ in range(usages):
            usage = factories.usage(member, catalog_system=system)
            contract = factories.contract(member, vendor=vendor, end_date=dt.date(2030, 6, 30))
            contract.usages.add(usage)
            ContractPayment.objects.create(contract=contract, year=2030, stream="other", amount=1)
            UsageCost.objects.create(usage=usage, year=2030, kind="other", amount=1)
            factories.integration(member, source=usage)


@pytest.mark.parametrize(
    "name", ["sharing:df_workspace", "sharing:df_consolidation", "sharing:df_joint"]
)
def test_the_shared_pages_answer_in_constant_queries(name: str) -> None:
    small, large = community(name="Lille"), community(name="Stor")
    _members(small, 2, 1)
    _members(large, 6, 4)
    counts = []
    for d in (small, large):
        client = logged_in_client(make_user(organization=d, roles=["laeser"]), d)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_partners_are_symmetric_and_exclude_strangers(df: dict[str, Organization]) -> None:
    a, b, d, e = df["a"], df["b"], df["d"], df["e"]
    assert selectors.partner_ids(organization=a) == {b.pk, d.pk}
    assert selectors.partner_ids(organization=d) == {a.pk, b.pk}
    assert selectors.partner_ids(organization=e) == set()
    for x in (a, b, d):
        for y in selectors.partner_ids(organization=x):
            assert x.pk in selectors.partner_ids(organization=Organization.objects.get(pk=y))
