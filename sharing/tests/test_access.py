"""Every sharing page and API operation, for every role and across organizations."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from core.testing import ALL, ApiCase, ViewCase
from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ViewAccessMixin, make_organization, unique
from portfolio.tests import factories
from sharing.models import ServiceMeasure, SharedService, SharingGrant
from sharing.resources import MEASURES, SERVICES
from sharing.tests.helpers import community, share

pytestmark = pytest.mark.django_db

ADMIN = frozenset({"administrator"})
ORG = "/api/v1/organizations/{org_id}"


def grant_data(test: Any, organization: Organization) -> dict[str, Any]:
    """A fællesskab ``organization`` is a member of, and two categories to share with it."""
    df = community(organization, name=unique("Modtagerfællesskab"))
    return {"recipient": df.pk, "categories": ["usages", "contracts"]}


def grant_payload(test: Any, organization: Organization) -> dict[str, Any]:
    data = grant_data(test, organization)
    return {"recipient_id": data["recipient"], "categories": data["categories"]}


class TestGrantAccess(ViewAccessMixin, ApiAccessMixin):
    """What we share with whom: the page, granting and revoking (administrators only)."""

    view_cases = (
        ViewCase("sharing:grants", allowed=ALL, lists=True),
        ViewCase("sharing:grant_create", allowed=ADMIN),
        ViewCase(
            "sharing:grant_create",
            allowed=ADMIN,
            method="post",
            data=grant_data,
            redirect="sharing:grants",
        ),
        ViewCase(
            "sharing:grant_revoke",
            allowed=ADMIN,
            method="post",
            obj="grant",
            redirect="sharing:grants",
        ),
    )
    api_cases = (
        ApiCase("GET", f"{ORG}/sharing", allowed=ALL),
        ApiCase("POST", f"{ORG}/sharing", allowed=ADMIN, payload=grant_payload),
        ApiCase("DELETE", f"{ORG}/sharing/{{grant_id}}", allowed=ADMIN, obj="grant"),
    )

    def make_grant(self, organization: Organization) -> SharingGrant:
        return share(organization, community(organization), ["usages"])[0]

    def list_marker(self, organization: Organization) -> str:
        """A grant of its own to a fællesskab with a unique name."""
        name = unique("Fællesskabet")
        share(organization, community(organization, name=name), ["contracts"])
        return name


class TestSharedLandscapeAccess(ViewAccessMixin, ApiAccessMixin):
    """The pages and API of what others share with the organization: a member's page is
    a 404 unless that member shares something with the organization."""

    view_cases = (
        ViewCase("sharing:df_workspace", allowed=ALL, lists=True),
        ViewCase("sharing:df_member", allowed=ALL, obj="granter"),
        ViewCase("sharing:df_consolidation", allowed=ALL),
        ViewCase("sharing:df_joint", allowed=ALL),
    )
    api_cases = (
        ApiCase("GET", f"{ORG}/shared-landscape", allowed=ALL),
        ApiCase("GET", f"{ORG}/analyses/consolidation", allowed=ALL),
        ApiCase("GET", f"{ORG}/analyses/joint-procurement", allowed=ALL),
    )

    def make_granter(self, organization: Organization) -> Organization:
        """A fellow member of a fællesskab that shares everything with ``organization``."""
        granter = make_organization()
        community(organization, granter)
        share(granter, organization)
        factories.usage(granter)
        return granter

    def list_marker(self, organization: Organization) -> str:
        """A fellow member's usage, shared with ``organization``."""
        name = unique("Delt system")
        granter = self.make_granter(organization)
        factories.usage(granter, local_name=name)
        return name


class TestCostSharingAccess(ViewAccessMixin, ApiAccessMixin):
    """The service catalogue, the members' quantities and the statements."""

    view_cases = (
        *SERVICES.view_cases("service"),
        *MEASURES.view_cases("measure"),
        ViewCase("sharing:df_statements", allowed=ALL, lists=True),
    )
    api_cases = (
        *SERVICES.api_cases("service"),
        ApiCase("GET", f"{ORG}/statements", allowed=ALL),
    )

    def make_service(self, organization: Organization) -> SharedService:
        return SharedService.objects.create(
            organization=organization,
            name=unique("Ydelse"),
            yearly_price=100,
            allocation_key="equal",
        )

    def make_measure(self, organization: Organization) -> ServiceMeasure:
        member = make_organization()
        organization.members.add(member)
        return ServiceMeasure.objects.create(
            organization=organization,
            service=self.make_service(organization),
            member=member,
            year=2030,
            quantity=5,
        )

    def list_marker(self, organization: Organization) -> str:
        """A service and a measure under the same unique name, and a member with a unique
        name (the statement shows the member)."""
        name = unique("Medlem")
        member = make_organization(name)
        organization.members.add(member)
        service = SharedService.objects.create(
            organization=organization, name=name, yearly_price=100, allocation_key="equal"
        )
        ServiceMeasure.objects.create(
            organization=organization, service=service, member=member, year=2030, quantity=1
        )
        return name


_QUANTITIES = itertools.count(100_001)


class TestMeasureApiAccess(TestCostSharingAccess):
    """The members' quantities in the API, whose list names services and members by id:
    the planted quantity is the marker."""

    view_cases = ()
    api_cases = MEASURES.api_cases("measure")

    def list_marker(self, organization: Organization) -> str:
        quantity = f"{next(_QUANTITIES)}.37"
        member = make_organization()
        organization.members.add(member)
        ServiceMeasure.objects.create(
            organization=organization,
            service=self.make_service(organization),
            member=member,
            year=2030,
            quantity=quantity,
        )
        return quantity


def roles_data(test: Any, organization: Organization) -> dict[str, Any]:
    return {"kept_process_owner": "on", "people_process_owner": "Kim Procesejer"}


class TestHomeRolesAccess(ViewAccessMixin):
    """The checklist of roles kept at home: all read it, architects and administrators
    keep it."""

    view_cases = (
        ViewCase("sharing:home_roles", allowed=ALL),
        ViewCase(
            "sharing:home_roles",
            allowed=frozenset({"arkitekt", "administrator"}),
            method="post",
            data=roles_data,
            redirect="sharing:home_roles",
        ),
    )
