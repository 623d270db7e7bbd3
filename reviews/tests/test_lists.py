"""Lists read in a constant number of queries, whatever the number of rows."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from core.testing import assert_constant_queries
from organizations.testing import logged_in_client, make_organization, make_user
from reviews.models import Finding
from reviews.tests.factories import make_plan, make_review, make_usage

pytestmark = pytest.mark.django_db


def _rows(org: Any, owner: Any) -> Any:
    def add(n: int) -> None:
        for _ in range(n):
            usage = make_usage(org, valid_from=date(2020, 1, 1))
            make_plan(org, usage=usage, test_cadence="quarterly", last_tested=date(2025, 5, 20))
            review = make_review(org, usage=usage)
            Finding.objects.create(
                organization=org,
                review=review,
                text="Handling",
                owner=owner,
                due_date=date(2026, 1, 1),
            )

    return add


@pytest.mark.parametrize(
    "url",
    [
        reverse("reviews:review_list") + "?due=overdue",
        reverse("reviews:review_list"),
        reverse("reviews:finding_list") + "?overdue=true",
        reverse("reviews:plan_list") + "?overdue=true",
        reverse("reviews:schedule") + "?due=overdue",
        reverse("portfolio:usage_list") + "?gennemgang=overdue&styringsplan=forfalden",
    ],
)
def test_lists_read_in_constant_queries(url: str) -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["arkitekt"])
    assert_constant_queries(logged_in_client(user, org), url, _rows(org, user))


def test_api_lists_read_in_constant_queries() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["arkitekt"])
    client = logged_in_client(user, org)
    base = f"/api/v1/organizations/{org.pk}"
    for path in ("reviews?limit=100", "review-actions", "governance-plans", "review-schedule"):
        assert_constant_queries(client, f"{base}/{path}", _rows(org, user))
