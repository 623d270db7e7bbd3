"""A channel-shift case shows its NPV with each source of unit prices side by side and
the in-person price at which it breaks even (issue 15: the sign of the demo case is
decided by the price preset, not by anything simulated)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from businesscases import compute, demo
from businesscases.models import BusinessCase
from organizations.demo import seed_foundation
from organizations.testing import logged_in_client, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():  # type: ignore[no-untyped-def]
    result = seed_foundation()
    demo.seed(result)
    return result


def test_the_demo_channel_shift_is_positive_only_with_the_articles_prices(seeded) -> None:  # type: ignore[no-untyped-def]
    case = BusinessCase.objects.get(organization=seeded.kommune, template="channel_shift")
    computation = compute.compute(case, with_simulation=False)
    scenarios = {s.key: s for s in computation.price_scenarios}
    assert set(scenarios) == {"case", "governance_articles", "kl_2011"}
    assert scenarios["case"].npv == computation.result.npv
    assert scenarios["kl_2011"].npv < 0 < scenarios["governance_articles"].npv
    price = computation.break_even_price
    assert price is not None and Decimal(75) < price < Decimal(250)
    data = compute.summary(computation)
    assert [row["key"] for row in data["price_scenarios"]] == [
        "case",
        "governance_articles",
        "kl_2011",
    ]
    assert data["break_even_in_person"] == f"{price:.2f}"


def test_the_page_and_the_api_show_the_scenarios(seeded) -> None:  # type: ignore[no-untyped-def]
    case = BusinessCase.objects.get(organization=seeded.kommune, template="channel_shift")
    reader = seeded.users["laeser"]
    page = logged_in_client(reader, seeded.kommune).get(case.get_absolute_url()).content.decode()
    assert 'id="price-scenarios"' in page and "KL-benchmark 2011" in page
    assert "Sagen går i nul ved" in page
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(reader)}")
    body = api.get(
        f"/api/v1/organizations/{seeded.kommune.pk}/business-cases/{case.pk}/result"
    ).json()
    assert {row["key"] for row in body["price_scenarios"]} == {
        "case",
        "governance_articles",
        "kl_2011",
    }
    assert Decimal(body["break_even_in_person"]) > 75


def test_other_templates_and_cases_without_recorded_prices_have_none(seeded) -> None:  # type: ignore[no-untyped-def]
    shared = BusinessCase.objects.get(organization=seeded.kommune, template="shared_operations")
    computation = compute.compute(shared, with_simulation=False)
    assert computation.price_scenarios == () and computation.break_even_price is None
    channel = BusinessCase.objects.get(organization=seeded.kommune, template="channel_shift")
    channel.template_inputs = {"assumptions": {"prices.in_person": {"value": "ikke et tal"}}}
    assert compute.case_prices(channel) is None
    channel.template_inputs = {}
    assert compute.compute(channel, with_simulation=False).price_scenarios == ()
