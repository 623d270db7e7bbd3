"""The demo's channel numbers show a shift after the campaign; the pages cost the same
number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from businesscases import demo as case_demo
from businesscases.measured import realisation_actuals
from businesscases.models import BusinessCase
from channels import demo, statistics
from channels.models import ChannelCount, CommunicationActivity, Involvement, Satisfaction
from channels.tests.factories import add_counts, make_activity, make_area
from core.testing import assert_constant_queries
from organizations.demo import seed_foundation
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_shift_after_the_campaign() -> None:
    result = seed_foundation()
    case_demo.seed(result)
    demo.seed(result)
    demo.seed(result)  # idempotent
    org = result.kommune
    assert ChannelCount.objects.filter(organization=org).count() == 5 * 24 * 5
    campaign = CommunicationActivity.objects.get(organization=org, name=demo.CAMPAIGN)
    assert campaign.business_case is not None and campaign.business_case.name == demo.CASE_NAME
    effect = statistics.activity_effect(campaign)
    changes = {a.area.name: a.change for a in effect.areas}
    assert set(changes) == set(demo.CAMPAIGN_AREAS)
    assert all(a.complete for a in effect.areas)
    assert all(change is not None and change > Decimal(10) for change in changes.values())
    # An area without the campaign only drifts, over the same windows.
    campaign.areas.set([])
    others = {
        a.area.name: a.change
        for a in statistics.activity_effect(campaign).areas
        if a.area.name not in demo.CAMPAIGN_AREAS
    }
    assert len(others) == 3
    assert all(c is not None and abs(c) < Decimal(5) for c in others.values()), others
    assert Involvement.objects.filter(organization=org).count() == 2
    assert Satisfaction.objects.filter(organization=org).count() == 32
    # The demo case's benefit for its one whole measured year comes from the numbers.
    case = BusinessCase.objects.get(organization=org, name=demo.CASE_NAME)
    _actuals, measured = realisation_actuals(case)
    assert measured is not None and measured["unmatched"] == []
    assert any(row["reported"] for row in measured["years"])


def test_the_overview_and_the_plan_cost_the_same_queries_for_more_rows() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    months = itertools.count()

    def add_numbers(n: int) -> None:
        for _ in range(n):
            i = next(months)
            area = make_area(org)
            add_counts(area, dt.date(2020 + i // 12, i % 12 + 1, 1), 10, 5)

    assert_constant_queries(client, reverse("channels:overview"), add_numbers)

    def add_activities(n: int) -> None:
        for _ in range(n):
            make_activity(org).areas.set([make_area(org)])

    assert_constant_queries(client, reverse("channels:activity_list"), add_activities)
