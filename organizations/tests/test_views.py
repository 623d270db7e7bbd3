from __future__ import annotations

import pytest

from core.testing import assert_constant_queries
from organizations.models import OrganizationUnit
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = pytest.mark.django_db


def test_unit_list_query_count_is_constant() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    parent = OrganizationUnit.objects.create(organization=org, name="Top")

    def add(n: int) -> None:
        OrganizationUnit.objects.bulk_create(
            OrganizationUnit(organization=org, name=f"Enhed {i}", parent=parent) for i in range(n)
        )

    assert_constant_queries(client, "/enheder/liste/", add)
    assert_constant_queries(client, "/enheder/", add)


def test_htmx_list_request_gets_only_the_table() -> None:
    org = make_organization()
    OrganizationUnit.objects.create(organization=org, name="Skoler")
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    full = client.get("/enheder/liste/", {"q": "skol"}).content.decode()
    partial = client.get(
        "/enheder/liste/", {"q": "skol"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="object-table"
    ).content.decode()
    assert "<html" in full and "<html" not in partial
    assert 'id="object-table"' in partial and "Skoler" in partial


def test_switching_organization() -> None:
    a, b = make_organization("Aby Kommune"), make_organization("Bby Kommune")
    user = make_user(organization=a, roles=["laeser"])
    from organizations.models import Membership

    Membership.objects.create(user=user, organization=b, role="redaktoer")
    client = logged_in_client(user, a)
    assert "Aby Kommune" in client.get("/organisation/").content.decode()
    response = client.post("/organisation/skift/", {"organization": b.pk, "next": "/organisation/"})
    assert response.status_code == 302 and response["Location"] == "/organisation/"
    assert "Bby Kommune" in client.get("/organisation/").content.decode()
    stranger = make_organization("Cby Kommune")
    assert client.post("/organisation/skift/", {"organization": stranger.pk}).status_code == 404
    evil = client.post(
        "/organisation/skift/", {"organization": a.pk, "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/"


def test_form_errors_are_danish_and_change_nothing() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["administrator"]), org)
    response = client.post("/enheder/ny/", {"name": "", "kind": "afdeling", "ean": "12"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dette felt er påkrævet" in page or "skal udfyldes" in page
    assert not OrganizationUnit.objects.filter(organization=org).exists()


def test_user_without_membership_sees_explanation() -> None:
    user = make_user()
    response = logged_in_client(user).get("/")
    assert response.status_code == 403
    assert "ikke medlem af en organisation" in response.content.decode()


def test_demo_community_members_and_demo_marking(db) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())  # idempotent
    from organizations.models import Membership, Organization

    kommune = Organization.objects.get(name="Eksempel Kommune")
    assert kommune.is_demo and kommune.kommunekode is None
    community = Organization.objects.get(kind="driftsfaellesskab", is_demo=True)
    assert community.members.count() == 3
    assert Membership.objects.filter(organization=kommune).values("role").distinct().count() == 6
    assert OrganizationUnit.objects.filter(organization=kommune, kind="forvaltning").count() == 6
    assert "styrbar-demo" in out.getvalue() and "admin" in out.getvalue()
    admin = Membership.objects.get(organization=kommune, role="administrator").user
    page = logged_in_client(admin, kommune).get("/").content.decode()
    assert "Demodata" in page


def test_superuser_creates_community_with_first_administrator() -> None:
    from organizations.models import Membership, Organization

    root = make_user("rod", is_superuser=True)
    client = logged_in_client(root)
    member = Organization.objects.filter(kind="kommune").first()
    assert member is not None
    response = client.post(
        "/administration/organisationer/ny/",
        {
            "kind": "driftsfaellesskab",
            "name": "Vestegnens Drift",
            "members": [member.pk],
            "is_active": "on",
            "administrator": "drift.admin",
            "administrator_email": "drift@eksempel.invalid",
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(name="Vestegnens Drift")
    assert list(org.members.all()) == [member]
    admin = Membership.objects.get(organization=org, role="administrator").user
    assert admin.username == "drift.admin" and admin.has_usable_password()


def test_duplicate_local_id_gets_a_clear_message() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["administrator"]), org)
    OrganizationUnit.objects.create(organization=org, name="A", local_id="X1")
    response = client.post("/enheder/ny/", {"name": "B", "kind": "afdeling", "local_id": "X1"})
    assert response.status_code == 400
    assert "allerede en enhed med dette lokale id" in response.content.decode()
