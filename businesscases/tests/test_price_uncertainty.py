"""A channel-shift case simulates its unit prices and the digital share reached from the
ranges among its own assumptions (issue 15: the sign was decided by the price preset,
not by anything simulated); the band shows on the result page and in the API."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from django.test import Client

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


def _channel(seeded) -> BusinessCase:  # type: ignore[no-untyped-def]
    return BusinessCase.objects.get(organization=seeded.kommune, template="channel_shift")


def test_the_case_draws_its_prices_and_adoption_from_its_own_ranges(seeded) -> None:  # type: ignore[no-untyped-def]
    case = _channel(seeded)
    prices, adoption = compute.case_drivers(case)
    chosen = case.template_inputs["assumptions"]
    assert prices.estimate.low == Decimal(chosen["prices_low.in_person"]["value"]) == 75
    assert prices.minus.low == Decimal(chosen["prices_low.digital"]["value"]) == 20
    assert adoption.estimate.mode == Decimal(chosen["adoption_ceiling"]["value"])
    assert chosen["prices_low.in_person"]["source"].startswith("KL 2011")


def test_price_uncertainty_widens_the_band_and_keeps_the_most_likely_npv(seeded) -> None:  # type: ignore[no-untyped-def]
    case = _channel(seeded)
    drawn = compute.compute(case)
    narrow = copy.deepcopy(case.template_inputs)
    for side in ("prices_low", "prices_high"):
        for channel in ("in_person", "digital"):
            narrow["assumptions"][f"{side}.{channel}"] = dict(
                narrow["assumptions"][f"prices.{channel}"]
            )
    case.template_inputs = narrow
    fixed = compute.compute(case)
    price = fixed.engine.drivers[0]
    assert price.key == "prices" and price.estimate.low == price.estimate.high  # cannot vary
    assert drawn.result.npv == fixed.result.npv
    assert drawn.simulation is not None and fixed.simulation is not None
    width = drawn.simulation.p90 - drawn.simulation.p10
    assert width > fixed.simulation.p90 - fixed.simulation.p10
    assert drawn.simulation.expected_npv < fixed.simulation.expected_npv
    # Seeded: computing again gives the same band to the øre.
    again = compute.compute(_channel(seeded))
    assert (again.simulation.mean, again.simulation.p10) == (  # type: ignore[union-attr]
        drawn.simulation.mean,
        drawn.simulation.p10,
    )


def test_a_case_without_recorded_ranges_draws_only_its_lines(seeded) -> None:  # type: ignore[no-untyped-def]
    case = _channel(seeded)
    inputs = copy.deepcopy(case.template_inputs)
    del inputs["assumptions"]["prices_low.in_person"]
    case.template_inputs = inputs
    assert compute.case_drivers(case) == ()
    shared = BusinessCase.objects.get(organization=seeded.kommune, template="shared_operations")
    assert compute.case_drivers(shared) == ()
    assert compute.summary(compute.compute(shared, with_simulation=False))["drivers"] == []


def test_the_page_and_the_api_show_the_ranges_and_the_band(seeded) -> None:  # type: ignore[no-untyped-def]
    case = _channel(seeded)
    reader = seeded.users["laeser"]
    page = logged_in_client(reader, seeded.kommune).get(case.get_absolute_url()).content.decode()
    assert 'id="case-drivers"' in page and "Pris pr. personlig henvendelse" in page
    assert "Med denne usikkerhed ligger 80 % af simuleringerne mellem" in page
    api = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(reader)}")
    body = api.get(
        f"/api/v1/organizations/{seeded.kommune.pk}/business-cases/{case.pk}/result"
    ).json()
    by_key = {row["key"]: row for row in body["drivers"]}
    assert by_key["prices"]["range"] == {"low": "75", "mode": "250", "high": "250"}
    assert by_key["prices"]["minus"]["low"] == "20"
    assert by_key["adoption"]["group"] == "shift"
    assert {"driver:prices", "driver:adoption"} <= {bar["key"] for bar in body["tornado"]}
    assert Decimal(body["simulation"]["p10"]) < Decimal(body["npv"])


def test_ranges_out_of_order_are_refused_in_danish_and_nothing_is_created() -> None:
    from django.core.exceptions import ValidationError

    from businesscases import services
    from organizations.testing import make_organization, make_user

    org = make_organization("Prisrup")
    actor = make_user(organization=org, roles=["arkitekt"])
    inputs = {"services": [{"name": "Pas", "in_person": "20000", "digital": "5000"}]}

    def create(assumptions: dict[str, str]) -> BusinessCase:
        return services.case_create_from_template(
            actor=actor,
            organization=org,
            template="channel_shift",
            name="Kanalskift",
            start_year=2027,
            horizon=5,
            inputs=inputs,
            assumptions=assumptions,
        )

    with pytest.raises(ValidationError) as error:
        create({"prices_low.in_person": "300"})
    assert "lav ≤ mest sandsynlig ≤ høj" in str(error.value)
    with pytest.raises(ValidationError) as error:
        create({"adoption_ceiling_low": "0.95", "adoption_ceiling_high": "0.96"})
    assert "Den digitale andel der nås" in str(error.value)
    assert not BusinessCase.objects.filter(organization=org).exists()
    case = create({"prices_low.in_person": "100", "prices_low.digital": "30"})
    prices = compute.case_drivers(case)[0]
    assert (prices.estimate.low, prices.minus.low) == (Decimal(100), Decimal(30))
    assert (
        case.template_inputs["assumptions"]["prices_low.in_person"]["source"]
        != (case.template_inputs["assumptions"]["prices_low.in_person"]["default_source"])
    )
