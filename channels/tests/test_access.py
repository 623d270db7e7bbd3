"""Every page and API operation of the channels app: roles, tenant isolation, lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from channels.resources import ACTIVITIES, INVOLVEMENTS, SATISFACTION, UNIT_COSTS
from channels.tests import factories
from core.permissions import roles_with
from organizations.models import Organization
from organizations.testing import ApiAccessMixin, ApiCase, ViewAccessMixin, ViewCase, unique

pytestmark = pytest.mark.django_db

VIEW = roles_with("channels.view")
ORG = "/api/v1/organizations/{org_id}"


class Activities:
    def make_activity(self, organization: Organization) -> Any:
        return factories.make_activity(organization)

    def list_marker(self, organization: Organization) -> str:
        marker = unique("Hemmelig kampagne")
        factories.make_activity(organization, marker)
        return marker


class TestActivityPages(Activities, ViewAccessMixin):
    view_cases = ACTIVITIES.view_cases("activity")


class TestActivityApi(Activities, ApiAccessMixin):
    api_cases = (
        *ACTIVITIES.api_cases("activity"),
        ApiCase(
            "GET",
            f"{ORG}/communication-activities/{{activity_id}}/effect",
            allowed=VIEW,
            obj="activity",
        ),
    )


class Involvements:
    def make_involvement(self, organization: Organization) -> Any:
        return factories.make_involvement(organization)

    def list_marker(self, organization: Organization) -> str:
        marker = unique("Hemmelig brugertest")
        factories.make_involvement(organization, marker)
        return marker


class TestInvolvementPages(Involvements, ViewAccessMixin):
    view_cases = INVOLVEMENTS.view_cases("involvement")


class TestInvolvementApi(Involvements, ApiAccessMixin):
    api_cases = INVOLVEMENTS.api_cases("involvement")


class Measurements:
    def make_satisfaction(self, organization: Organization) -> Any:
        return factories.make_satisfaction(organization)

    def list_marker(self, organization: Organization) -> str:
        marker = unique("Hemmeligt målt område")
        factories.make_satisfaction(organization, marker)
        return marker


class TestSatisfactionPages(Measurements, ViewAccessMixin):
    view_cases = SATISFACTION.view_cases("satisfaction")


class TestSatisfactionApi(Measurements, ApiAccessMixin):
    api_cases = SATISFACTION.api_cases("satisfaction")


class UnitCosts:
    def make_unitcost(self, organization: Organization) -> Any:
        return factories.make_unitcost(organization)

    def list_marker(self, organization: Organization) -> str:
        marker = unique("Hemmelig kilde")
        factories.make_unitcost(organization, marker)
        return marker


class TestUnitCostPages(UnitCosts, ViewAccessMixin):
    view_cases = UNIT_COSTS.view_cases("unitcost")


class TestUnitCostApi(UnitCosts, ApiAccessMixin):
    api_cases = UNIT_COSTS.api_cases("unitcost")


class Areas:
    def make_area(self, organization: Organization) -> Any:
        area = factories.make_area(organization)
        factories.add_counts(area, dt.date(2025, 1, 1), 100, 50)
        return area

    def list_marker(self, organization: Organization) -> str:
        marker = unique("Hemmeligt område")
        area = factories.make_area(organization, marker)
        factories.add_counts(area, dt.date(2025, 1, 1), 10, 5)
        return marker


class TestChannelPages(Areas, ViewAccessMixin):
    view_cases = (
        ViewCase("channels:overview", allowed=VIEW, lists=True),
        ViewCase("channels:area_detail", allowed=VIEW, obj="area"),
    )


class TestChannelApi(Areas, ApiAccessMixin):
    api_cases = (ApiCase("GET", f"{ORG}/channel-statistics", allowed=VIEW),)
