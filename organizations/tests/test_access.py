"""Permissions per role and tenant isolation for every organizations view and API operation."""

from __future__ import annotations

from typing import Any

import pytest

from organizations.models import Membership, Organization, OrganizationUnit
from organizations.testing import SUPERUSER, ApiAccessMixin, ApiCase, ViewAccessMixin, ViewCase

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
        OrganizationUnit.objects.create(organization=organization, name="Hemmelig enhed hos naboen")
        return "Hemmelig enhed hos naboen"


def unit_data(test: Any, organization: Organization) -> dict[str, Any]:
    return {"name": "Ny enhed", "kind": "afdeling", "local_id": "", "ean": ""}


def membership_data(test: Any, organization: Organization) -> dict[str, Any]:
    return {"username": "ny.bruger", "email": "", "role": "laeser"}


class TestOrganizationViews(Factories, ViewAccessMixin):
    view_cases = (
        ViewCase("organizations:dashboard"),
        ViewCase("organizations:audit_log"),
        ViewCase("organizations:profile"),
        ViewCase("organizations:profile_edit", allowed=ADMIN),
        ViewCase(
            "organizations:profile_edit",
            allowed=ADMIN,
            method="post",
            data=lambda t, o: {"name": o.name, "population": "1000"},
        ),
        ViewCase("organizations:unit_tree"),
        ViewCase("organizations:unit_list"),
        ViewCase("organizations:unit_create", allowed=ADMIN),
        ViewCase("organizations:unit_create", allowed=ADMIN, method="post", data=unit_data),
        ViewCase("organizations:unit_detail", obj="unit"),
        ViewCase("organizations:unit_history", obj="unit"),
        ViewCase("organizations:unit_edit", allowed=ADMIN, obj="unit"),
        ViewCase(
            "organizations:unit_edit", allowed=ADMIN, obj="unit", method="post", data=unit_data
        ),
        ViewCase("organizations:unit_move", allowed=ADMIN, obj="unit"),
        ViewCase(
            "organizations:unit_move",
            allowed=ADMIN,
            obj="unit",
            method="post",
            data=lambda t, o: {"parent": ""},
        ),
        ViewCase("organizations:unit_delete", allowed=ADMIN, obj="unit"),
        ViewCase("organizations:unit_delete", allowed=ADMIN, obj="unit", method="post"),
        ViewCase("organizations:membership_list", allowed=ADMIN),
        ViewCase("organizations:membership_create", allowed=ADMIN),
        ViewCase(
            "organizations:membership_create", allowed=ADMIN, method="post", data=membership_data
        ),
        ViewCase("organizations:membership_edit", allowed=ADMIN, obj="membership"),
        ViewCase(
            "organizations:membership_edit",
            allowed=ADMIN,
            obj="membership",
            method="post",
            data=lambda t, o: {"role": "redaktoer"},
        ),
        ViewCase("organizations:membership_delete", allowed=ADMIN, obj="membership"),
        ViewCase("organizations:membership_delete", allowed=ADMIN, obj="membership", method="post"),
        ViewCase("organizations:switch", method="post", data=lambda t, o: {"organization": o.pk}),
    )


class TestSuperuserViews(Factories, ViewAccessMixin):
    view_cases = (
        ViewCase("organizations:admin_list", allowed=SUPERUSER),
        ViewCase("organizations:admin_create", allowed=SUPERUSER),
        ViewCase(
            "organizations:admin_create",
            allowed=SUPERUSER,
            method="post",
            data=lambda t, o: {
                "kind": "driftsfaellesskab",
                "name": "Nyt fællesskab",
                "is_active": "on",
            },
        ),
        ViewCase("organizations:admin_edit", allowed=SUPERUSER, obj="organization"),
    )

    def make_organization(self, organization: Organization) -> Organization:
        return organization


class TestOrganizationApi(Factories, ApiAccessMixin):
    api_cases = (
        ApiCase("GET", "/api/v1/organizations"),
        ApiCase("GET", "/api/v1/organizations/{org_id}"),
        ApiCase("GET", "/api/v1/organizations/{org_id}/units"),
        ApiCase(
            "POST",
            "/api/v1/organizations/{org_id}/units",
            allowed=ADMIN,
            payload=lambda t, o: {"name": "API-enhed"},
        ),
        ApiCase("GET", "/api/v1/organizations/{org_id}/units/{unit_id}", obj="unit"),
        ApiCase(
            "PATCH",
            "/api/v1/organizations/{org_id}/units/{unit_id}",
            allowed=ADMIN,
            obj="unit",
            payload=lambda t, o: {"name": "Omdøbt"},
        ),
        ApiCase(
            "DELETE", "/api/v1/organizations/{org_id}/units/{unit_id}", allowed=ADMIN, obj="unit"
        ),
    )
