"""Channel-shift economics."""

import math
from decimal import Decimal
from itertools import pairwise

import pytest

from engine.channels import (
    GOVERNANCE_ARTICLES,
    KL_2011,
    PRESETS,
    ChannelPrices,
    adoption_curve,
    channel_cost,
    digital_share,
    shifted_contacts,
)
from engine.common import Assumption

D = Decimal


def test_presets_follow_their_sources() -> None:
    assert GOVERNANCE_ARTICLES.in_person.value == 250
    assert GOVERNANCE_ARTICLES.digital.value == D("83.33")  # about one third of 250
    assert KL_2011.in_person.value == 75
    assert KL_2011.digital.value == 20
    assert "KL 2011" in KL_2011.in_person.source
    assert set(PRESETS) == {"governance_articles", "kl_2011"}


def test_prices_cannot_be_negative() -> None:
    with pytest.raises(ValueError):
        ChannelPrices("x", Assumption(D(1), "s"), Assumption(D(-1), "s"))


def test_adoption_curve_matches_the_logistic_formula() -> None:
    start, ceiling, k, m = 0.3, 0.8, 1.5, 2.0

    def logistic(t: int) -> float:
        return 1 / (1 + math.exp(-k * (t - m)))

    expected = [
        start + (ceiling - start) * (logistic(t) - logistic(0)) / (1 - logistic(0))
        for t in range(6)
    ]
    curve = adoption_curve(D("0.3"), D("0.8"), 6, midpoint=D(2), steepness=D("1.5"))
    assert [float(v) for v in curve] == pytest.approx(expected, abs=0.0001)
    assert curve[0] == D("0.3000")
    assert all(a <= b for a, b in pairwise(curve))
    assert curve[-1] < D("0.8")


def test_adoption_ceiling_stays_below_one_hundred_percent() -> None:
    with pytest.raises(ValueError, match="non-digital"):
        adoption_curve(D("0.2"), D("1.0"), 5)
    with pytest.raises(ValueError):
        adoption_curve(D("1.2"), D("0.9"), 5)
    with pytest.raises(ValueError):
        adoption_curve(D("0.2"), D("0.9"), 5, steepness=D(0))


def test_share_already_at_the_ceiling_stays_flat() -> None:
    assert adoption_curve(D("0.9"), D("0.8"), 3) == (D("0.9000"),) * 3


def test_costs_and_shifts() -> None:
    assert digital_share(D(750), D(250)) == D("0.25")
    # KL 2011: 1,000 x 75 + 1,000 x 20
    assert channel_cost(D(1000), D(1000), KL_2011) == D(95_000)
    assert shifted_contacts(D(1000), [D("0.25"), D("0.5")], D("0.25")) == (D(0), D(250))
