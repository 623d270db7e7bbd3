"""Channel-shift price scenarios and the break-even price (issue 15: the case's sign is
decided by the price preset, so the presets are shown side by side with the price at
which the case breaks even)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.case_templates.channel_shift import (
    ChannelShiftInputs,
    ServiceVolume,
    break_even_in_person,
    channel_shift,
    price_scenarios,
)
from engine.channels import GOVERNANCE_ARTICLES, KL_2011, ChannelPrices
from engine.common import Assumption
from engine.evaluation import evaluate

SERVICES = (
    ServiceVolume("Pas og kørekort", Decimal(18000), Decimal(6000)),
    ServiceVolume("Flytning", Decimal(9000), Decimal(11000)),
)


def _prices(in_person: str, digital: str) -> ChannelPrices:
    return ChannelPrices(
        "egne", Assumption(Decimal(in_person), "x"), Assumption(Decimal(digital), "x")
    )


def test_each_preset_gives_the_npv_of_the_case_built_with_it() -> None:
    case = channel_shift(ChannelShiftInputs(services=SERVICES)).case
    scenarios = {s.key: s for s in price_scenarios(case, GOVERNANCE_ARTICLES)}
    assert set(scenarios) == {"case", "governance_articles", "kl_2011"}
    # Scaling the saving lines is the same as building the case with the other prices.
    with_kl = channel_shift(ChannelShiftInputs(services=SERVICES, prices=KL_2011)).case
    assert scenarios["kl_2011"].npv == evaluate(with_kl).npv
    assert scenarios["case"].npv == scenarios["governance_articles"].npv == evaluate(case).npv
    assert scenarios["kl_2011"].npv < 0 < scenarios["case"].npv  # the preset decides the sign
    assert (scenarios["kl_2011"].in_person, scenarios["kl_2011"].digital) == (
        Decimal(75),
        Decimal(20),
    )


def test_the_break_even_price_makes_the_npv_zero() -> None:
    case = channel_shift(ChannelShiftInputs(services=SERVICES)).case
    price = break_even_in_person(case, GOVERNANCE_ARTICLES)
    assert price is not None and Decimal(75) < price < Decimal(250)
    share = GOVERNANCE_ARTICLES.digital.value / GOVERNANCE_ARTICLES.in_person.value

    def npv_at(in_person: Decimal) -> Decimal:
        prices = _prices(str(in_person), str(in_person * share))
        return evaluate(
            channel_shift(ChannelShiftInputs(services=SERVICES, prices=prices)).case
        ).npv

    # To the øre: one øre less and the case loses money, one øre more and it gains.
    cent = Decimal("0.01")
    assert npv_at(price - cent) < 0 < npv_at(price + cent)


@pytest.mark.parametrize(
    ("prices", "services"),
    [
        (_prices("80", "80"), SERVICES),  # no saving per contact
        (_prices("0", "0"), SERVICES),
        (GOVERNANCE_ARTICLES, (ServiceVolume("Alt digitalt", Decimal(0), Decimal(5000)),)),
    ],
)
def test_no_break_even_when_no_price_can_make_a_difference(
    prices: ChannelPrices, services: tuple[ServiceVolume, ...]
) -> None:
    inputs = ChannelShiftInputs(
        services=services, prices=prices, prices_low=prices, prices_high=prices
    )
    case = channel_shift(inputs).case
    assert break_even_in_person(case, prices) is None


def test_no_scenarios_without_a_saving_per_contact() -> None:
    prices = _prices("50", "60")
    case = channel_shift(ChannelShiftInputs(services=SERVICES, prices=_prices("80", "80"))).case
    assert price_scenarios(case, prices) == ()


def test_a_case_positive_without_any_saving_breaks_even_at_no_price() -> None:
    cheap = ChannelShiftInputs(
        services=SERVICES,
        platform_investment=Assumption(Decimal(0), "x"),
        communication_per_year=Assumption(Decimal(0), "x"),
        review_per_year=Assumption(Decimal(0), "x"),
    )
    case = channel_shift(cheap).case
    assert break_even_in_person(case, GOVERNANCE_ARTICLES) is None
