"""Drivers: uncertain assumptions behind whole lines, drawn in the Monte Carlo (issue 15:
the channel shift's unit prices and adoption are simulated, not decided by a preset)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import numpy as np
import pytest

from engine.case_templates.channel_shift import (
    SHIFT_GROUP,
    ChannelShiftInputs,
    ServiceVolume,
    channel_shift,
    shift_drivers,
)
from engine.channels import GOVERNANCE_ARTICLES, KL_2011, ChannelPrices
from engine.common import Assumption
from engine.errors import EngineError
from engine.evaluation import evaluate
from engine.lines import BusinessCase, Driver, Estimate, Line, LineKind
from engine.sampling import Distribution
from engine.simulation import SimulationResult, simulate

D = Decimal
SERVICES = (
    ServiceVolume("Pas og kørekort", D(18000), D(6000)),
    ServiceVolume("Flytning", D(9000), D(11000)),
)
CEILING = (D("0.65"), D("0.85"), D("0.90"))
PRICES = (KL_2011, GOVERNANCE_ARTICLES, GOVERNANCE_ARTICLES)


def _case() -> BusinessCase:
    return channel_shift(ChannelShiftInputs(services=SERVICES)).case


def _fixed_lines(case: BusinessCase) -> BusinessCase:
    """The case with every line at its most likely value: only the drivers vary."""
    return dataclasses.replace(
        case,
        lines=tuple(
            dataclasses.replace(line, estimate=Estimate.fixed(line.estimate.mode))
            for line in case.lines
        ),
    )


def _prices(in_person: str, digital: str) -> ChannelPrices:
    return ChannelPrices("x", Assumption(D(in_person), "x"), Assumption(D(digital), "x"))


def test_a_driver_needs_a_group_a_positive_most_likely_value_and_its_own_key() -> None:
    with pytest.raises(EngineError) as error:
        Driver("x", "X", "", Estimate.fixed(D(1)))
    assert error.value.code == "driver_without_group"
    with pytest.raises(EngineError) as error:
        Driver("x", "X", "g", Estimate.fixed(D(2)), Estimate.fixed(D(3)))
    assert error.value.code == "driver_not_positive"
    driver = Driver("x", "X", "g", Estimate.fixed(D(1)))
    with pytest.raises(EngineError) as error:
        BusinessCase("C", (), drivers=(driver, driver))
    assert error.value.code == "drivers_not_unique"


def test_the_template_simulates_prices_and_adoption_without_changing_the_most_likely_npv() -> None:
    case = _case()
    assert [d.key for d in case.drivers] == ["prices", "adoption"]
    prices, adoption = case.drivers
    assert (prices.estimate.low, prices.minus.low) == (D(75), D(20))  # KL 2011 as low pair
    assert (prices.estimate.mode, prices.minus.mode) == (D(250), D("83.33"))
    # Today's share of the services that gain: (6,000 + 11,000) / 44,000 contacts.
    assert adoption.minus == Estimate.fixed(D("0.3864"))
    without = dataclasses.replace(case, drivers=())
    assert evaluate(case) == evaluate(without)
    result = simulate(case, iterations=4_000, seed=2)
    assert result.deterministic_npv == evaluate(without).npv
    keys = {bar.key for bar in result.tornado}
    assert {"driver:prices", "driver:adoption"} <= keys


def test_price_uncertainty_widens_the_band_and_lowers_the_expected_npv() -> None:
    case = _case()
    fixed_prices = dataclasses.replace(case, drivers=case.drivers[1:])
    with_prices = simulate(case, iterations=20_000, seed=11)
    without_prices = simulate(fixed_prices, iterations=20_000, seed=11)
    no_drivers = simulate(dataclasses.replace(case, drivers=()), iterations=20_000, seed=11)

    def width(result: SimulationResult) -> Decimal:
        return result.p90 - result.p10

    assert width(no_drivers) < width(without_prices) < width(with_prices)
    assert width(with_prices) > D("1.1") * width(without_prices)
    # Prices range down to KL 2011's (a saving of 55 kr., not 166,67 kr.): the expected
    # NPV falls and the most likely NPV lies above the band's P90 - said, not hidden.
    assert with_prices.mean < without_prices.mean
    assert with_prices.p10 < 0 < with_prices.deterministic_npv
    assert with_prices.most_likely_outside_band and not without_prices.most_likely_outside_band


def test_the_same_seed_gives_the_same_band_and_another_seed_a_close_one() -> None:
    case = _case()
    first = simulate(case, iterations=10_000, seed=4)
    again = simulate(case, iterations=10_000, seed=4)
    other = simulate(case, iterations=10_000, seed=5)
    assert first == again and np.array_equal(first.samples, again.samples)
    assert first.mean != other.mean
    assert abs(first.mean - other.mean) < (first.p90 - first.p10) / 20


@pytest.mark.parametrize("distribution", list(Distribution))
def test_the_expected_npv_matches_the_expected_saving_per_contact(
    distribution: Distribution,
) -> None:
    """Lines fixed, only the price driver: the expected NPV is the most likely NPV plus
    the saving lines' present value x (E[in-person - digital] / most likely - 1)."""
    case = _fixed_lines(_case())
    price = case.drivers[0]
    only_price = dataclasses.replace(case, drivers=(price,))
    shift_pv = (
        evaluate(case).npv
        - evaluate(
            dataclasses.replace(
                case, lines=tuple(li for li in case.lines if li.group != SHIFT_GROUP)
            )
        ).npv
    )

    def mean(e: Estimate) -> Decimal:
        return e.pert_mean if distribution is Distribution.PERT else e.triangular_mean

    expected_factor = (mean(price.estimate) - mean(price.minus)) / price.most_likely
    expected = evaluate(case).npv + shift_pv * (expected_factor - 1)
    result = simulate(only_price, iterations=50_000, seed=8, distribution=distribution)
    assert abs(result.mean - expected) < abs(shift_pv) / 200


def test_a_factor_never_goes_below_zero() -> None:
    line = Line("Besparelse", LineKind.ECONOMIC, Estimate.fixed(D(100)), (0,), group="g")
    driver = Driver("d", "D", "g", Estimate(D(0), D(10), D(10)), Estimate.fixed(D(5)))
    result = simulate(
        BusinessCase("C", (line,), horizon=3, drivers=(driver,)), iterations=5_000, seed=1
    )
    assert float(result.samples.min()) == 0.0  # x below 5 saves nothing, never a loss
    assert float(result.samples.max()) <= 100.0 + 1e-9
    bar = result.tornado[0]
    assert bar.key == "driver:d" and bar.npv_low < bar.npv_high < D(100)


def test_a_driver_without_lines_leaves_the_draws_as_they_were() -> None:
    line = Line("Platform", LineKind.INVESTMENT, Estimate(D(80), D(100), D(150)), (0,))
    case = BusinessCase("C", (line,), horizon=3)
    idle = dataclasses.replace(case, drivers=(Driver("d", "D", "g", Estimate.fixed(D(1))),))
    plain, driven = simulate(case, iterations=500, seed=3), simulate(idle, iterations=500, seed=3)
    assert np.array_equal(plain.samples, driven.samples)
    assert [bar.swing for bar in driven.tornado if bar.key == "driver:d"] == [D(0)]


def test_the_adoption_factor_equals_building_the_case_with_another_ceiling() -> None:
    """Moved contacts scale with ``ceiling - today's share``: the driver at a ceiling of
    0.70 gives the NPV the template gives when built with 0.70 (up to the curve's
    rounding to 4 decimals)."""
    case = _fixed_lines(_case())
    adoption = case.drivers[1]
    others = dataclasses.replace(
        case, lines=tuple(li for li in case.lines if li.group != SHIFT_GROUP)
    )
    shift_pv = evaluate(case).npv - evaluate(others).npv
    factor = (D("0.70") - adoption.minus.mode) / adoption.most_likely
    rebuilt = channel_shift(
        ChannelShiftInputs(services=SERVICES, adoption_ceiling=Assumption(D("0.70"), "x"))
    ).case
    # Today's share is kept to 4 decimals (0.38636 -> 0.3864): a few hundred kroner.
    assert abs(evaluate(others).npv + shift_pv * factor - evaluate(rebuilt).npv) < shift_pv / 10_000


def test_shift_drivers_refuse_ranges_out_of_order_and_skip_what_cannot_vary() -> None:
    with pytest.raises(EngineError) as error:
        shift_drivers((GOVERNANCE_ARTICLES, KL_2011, KL_2011), CEILING, SERVICES)
    assert error.value.code == "price_range_order"
    with pytest.raises(EngineError) as error:
        shift_drivers(PRICES, (D("0.9"), D("0.85"), D("0.9")), SERVICES)
    assert error.value.code == "adoption_range_order"
    with pytest.raises(EngineError) as error:
        shift_drivers(PRICES, (D("0.6"), D("0.85"), D(1)), SERVICES)
    assert error.value.code == "adoption_ceiling_too_high"
    same = _prices("50", "50")
    assert [d.key for d in shift_drivers((same, same, same), CEILING, SERVICES)] == ["adoption"]
    done = (ServiceVolume("Allerede digital", D(10), D(90)), ServiceVolume("Tom", D(0), D(0)))
    assert [d.key for d in shift_drivers(PRICES, CEILING, done)] == ["prices"]
