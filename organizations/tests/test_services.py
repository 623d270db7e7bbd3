from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organizations import selectors, services
from organizations.models import Membership, Organization, OrganizationUnit
from organizations.testing import make_organization, make_user

pytestmark = pytest.mark.django_db


def test_all_98_municipalities_exist_from_the_first_migration() -> None:
    kommuner = Organization.objects.filter(kind="kommune", kommunekode__isnull=False)
    assert kommuner.count() == 98
    aarhus = kommuner.get(kommunekode=751)
    assert str(aarhus) == "Aarhus Kommune" and aarhus.region == "Region Midtjylland"
    assert not kommuner.filter(kommunekode=411).exists()
    assert kommuner.filter(region="Region Hovedstaden").count() == 29


def test_unit_tree_move_and_cycle_protection() -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    top = services.unit_create(
        actor=admin, organization=org, name="Teknik og Miljø", kind="forvaltning"
    )
    mid = services.unit_create(
        actor=admin, organization=org, name="Vej og Park", kind="afdeling", parent=top
    )
    low = services.unit_create(
        actor=admin, organization=org, name="Vintertjeneste", kind="team", parent=mid
    )
    assert [(u.name, d) for u, d in selectors.unit_tree(organization=org)] == [
        ("Teknik og Miljø", 0),
        ("Vej og Park", 1),
        ("Vintertjeneste", 2),
    ]
    with pytest.raises(ValidationError):
        services.unit_move(actor=admin, unit=top, parent=low)
    with pytest.raises(ValidationError):
        services.unit_move(actor=admin, unit=top, parent=top)
    services.unit_move(actor=admin, unit=low, parent=None)
    assert OrganizationUnit.objects.get(pk=low.pk).parent is None
    with pytest.raises(ValidationError):
        services.unit_delete(actor=admin, unit=top)  # still has a child


def test_units_cannot_hang_under_another_organizations_unit() -> None:
    org, other = make_organization(), make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    foreign = OrganizationUnit.objects.create(organization=other, name="Fremmed")
    with pytest.raises(ValidationError):
        services.unit_create(actor=admin, organization=org, name="X", kind="team", parent=foreign)


def test_ean_is_validated() -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    with pytest.raises(ValidationError) as exc:
        services.unit_create(actor=admin, organization=org, name="X", kind="team", ean="123")
    assert "13 cifre" in str(exc.value)


def test_only_administrators_manage_units_and_the_last_admin_stays() -> None:
    org = make_organization()
    reader = make_user(organization=org, roles=["laeser"])
    admin = make_user(organization=org, roles=["administrator"])
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=reader, organization=org, name="X", kind="team")
    membership = Membership.objects.get(user=admin, organization=org)
    with pytest.raises(ValidationError):
        services.membership_delete(actor=admin, membership=membership)
    with pytest.raises(ValidationError):
        services.membership_update(actor=admin, membership=membership, role="laeser", unit=None)
    second = make_user(organization=org, roles=["administrator"])
    services.membership_delete(actor=second, membership=membership)
    assert not Membership.objects.filter(user=admin).exists()


def test_membership_create_makes_user_without_password_and_rejects_duplicates() -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    user = services.user_get_or_create(username="ny.kollega", email="ny@eksempel.invalid")
    assert user.has_usable_password() and not user.check_password("")
    services.membership_create(actor=admin, organization=org, user=user, role="redaktoer")
    with pytest.raises(ValidationError):
        services.membership_create(actor=admin, organization=org, user=user, role="redaktoer")


def test_profile_update_limits_fields_for_administrators() -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    services.organization_update(actor=admin, organization=org, population=4321)
    assert Organization.objects.get(pk=org.pk).population == 4321
    with pytest.raises(PermissionDenied):
        services.organization_update(actor=admin, organization=org, kommunekode=999)
