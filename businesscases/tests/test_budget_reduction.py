"""Savings typed »økonomisk gevinst i budgettet« say whether a budget reduction is
proposed: on the case page, in the API result and in the decision paper (issue 15)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from businesscases import compute, demo
from businesscases.choices import BudgetReduction
from businesscases.models import BusinessCase
from organizations.demo import seed_foundation
from organizations.testing import logged_in_client, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():  # type: ignore[no-untyped-def]
    result = seed_foundation()
    demo.seed(result)
    return result


@pytest.mark.parametrize(
    ("choice", "words"),
    [
        (BudgetReduction.PROPOSED, "tages ud af budgettet."),
        (BudgetReduction.NOT_PROPOSED, "der foreslås ingen budgetreduktion"),
        (BudgetReduction.UNDECIDED, "der er ikke taget stilling til"),
    ],
)
def test_the_statement_follows_the_choice(seeded, choice: str, words: str) -> None:  # type: ignore[no-untyped-def]
    case = BusinessCase.objects.get(organization=seeded.kommune, template="channel_shift")
    case.budget_reduction = choice
    data = compute.summary(compute.compute(case, with_simulation=False))
    assert data["budget"]["reduction"] == choice
    assert Decimal(data["budget"]["economic_benefits"]) > 0
    assert words in data["budget"]["text"] and "mio. kr." in data["budget"]["text"]


def test_no_economic_benefit_means_nothing_to_reduce(seeded) -> None:  # type: ignore[no-untyped-def]
    case = BusinessCase.objects.get(organization=seeded.kommune, template="channel_shift")
    assert "ingen økonomiske gevinster" in compute.budget_statement(case, Decimal(0))


def test_page_api_and_patch(seeded) -> None:  # type: ignore[no-untyped-def]
    case = BusinessCase.objects.get(organization=seeded.kommune, template="shared_operations")
    architect = seeded.users["arkitekt"]
    page = logged_in_client(architect, seeded.kommune).get(case.get_absolute_url())
    assert "der er ikke taget stilling til" in page.content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(architect)}")
    base = f"/api/v1/organizations/{seeded.kommune.pk}/business-cases/{case.pk}"
    assert api.get(base).json()["budget_reduction"] == "undecided"
    refused = api.patch(base, {"budget_reduction": "maybe"}, content_type="application/json")
    assert refused.status_code in (400, 422)
    nulled = api.patch(base, {"budget_reduction": None}, content_type="application/json")
    assert nulled.status_code in (400, 422)
    case.refresh_from_db()
    assert case.budget_reduction == BudgetReduction.UNDECIDED
    channel = BusinessCase.objects.get(organization=seeded.kommune, template="channel_shift")
    result = api.get(
        f"/api/v1/organizations/{seeded.kommune.pk}/business-cases/{channel.pk}/result"
    ).json()
    assert result["budget"]["reduction"] == "proposed"
