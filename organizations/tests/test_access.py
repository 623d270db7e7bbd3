"""Permissions per role and tenant isolation for every organizations view and API operation."""

from __future__ import annotations

import pytest

from organizations.models import Membership, Organization, OrganizationUnit
from organizations.testing import (
    SUPERUSER,
    ApiAccessMixin,
    ApiCase,
    Entity,
    ViewAccessMixin,
    ViewCase,
    fixed,
    form_cases,
    unique,
)

ADMIN = frozenset({"administrator"})
pytestmark = pytest.mark.django_db


class Factories:
    def make_unit(self, organization: Organization) -> OrganizationUnit:
        return OrganizationUnit.objects.create(
            organization=organization, name=f"Enhed i {organization.name}"
        )

    def make_membership(self, organization: Organization) -> Membership:
        from organizations.testing import make_user

        user = make_user(organization=organization, roles=["laeser"])
        return Membership.objects.get(user=user, organization=organization)

    def list_marker(self, organization: Organization) -> str:
        """A unit (made through the audited service, so the audit log shows it) and a member
        of that unit."""
        from organizations.services import unit_create
        from organizations.testing import make_user

        marker = unique("Hemmelig enhed")
        admin = make_user(organization=organization, roles=["administrator"])
        unit = unit_create(actor=admin, organization=organization, name=marker)
        member = make_user(organization=organization, roles=["laeser"])
        Membership.objects.filter(user=member, organization=organization).update(unit=unit)
        return marker


UNIT = Entity("unit", change=ADMIN)
unit_data = fixed({"name": "Ny enhed", "kind": "afdeling", "local_id": "", "ean": ""})
membership_data = fixed({"username": "ny.bruger", "email": "", "role": "laeser"})


class TestOrganizationViews(Factories, ViewAccessMixin):
    view_cases = (
        ViewCase("organizations:dashboard"),
        ViewCase("organizations:audit_log"),
        ViewCase("organizations:profile"),
        *form_cases(
            "organizations:profile_edit",
            lambda t, o: {"name": o.name, "population": "1000"},
            allowed=ADMIN,
        ),
        ViewCase("organizations:unit_tree", lists=True),
        *UNIT.pages("organizations:unit", create=unit_data, edit=unit_data),
        *UNIT.form("organizations:unit_move", fixed({"parent": ""})),
        *Entity("membership", view=ADMIN, change=ADMIN).pages(
            "organizations:membership",
            create=membership_data,
            edit=fixed({"role": "redaktoer"}),
            only=("list", "create", "edit", "delete"),
        ),
        ViewCase("organizations:switch", method="post", data=lambda t, o: {"organization": o.pk}),
    )


class TestSuperuserViews(Factories, ViewAccessMixin):
    view_cases = (
        ViewCase("organizations:admin_list", allowed=SUPERUSER),
        *form_cases(
            "organizations:admin_create",
            fixed({"kind": "driftsfaellesskab", "name": "Nyt fællesskab", "is_active": "on"}),
            allowed=SUPERUSER,
        ),
        *form_cases(
            "organizations:admin_edit",
            lambda t, o: {"kind": "kommune", "name": f"{t.obj.name} (omdøbt)", "is_active": "on"},
            allowed=SUPERUSER,
            obj="organization",
        ),
    )

    def make_organization(self, organization: Organization) -> Organization:
        return organization


class TestOrganizationApi(Factories, ApiAccessMixin):
    def list_marker(self, organization: Organization) -> str:
        """Also the organization's own name: the list of one's organizations shows it."""
        marker = super().list_marker(organization)
        Organization.objects.filter(pk=organization.pk).update(name=marker)
        return marker

    api_cases = (
        ApiCase("GET", "/api/v1/organizations"),
        ApiCase("GET", "/api/v1/organizations/{org_id}"),
        *UNIT.operations(
            "/api/v1/organizations/{org_id}/units",
            "{unit_id}",
            create=fixed({"name": "API-enhed"}),
            update=fixed({"name": "Omdøbt"}),
        ),
    )
