"""The risk pool."""

from decimal import Decimal

from engine.lines import Estimate, Risk
from engine.risks import risk_pool
from engine.sampling import Distribution

D = Decimal


def test_risk_pool_coverage() -> None:
    risks = [
        Risk("A", D("0.5"), Estimate.fixed(D(100))),
        Risk("B", D("0.5"), Estimate.fixed(D(100))),
    ]
    # Total cost is 0, 100 or 200 with probabilities 1/4, 1/2, 1/4.
    assert risk_pool(risks, D("0.7")).pool == D("100.00")
    assert risk_pool(risks, D("0.9")).pool == D("200.00")
    assert risk_pool(risks).expected == D("100.00")
    triangular = risk_pool(
        [Risk("C", D(1), Estimate(D(0), D(30), D(60)))], distribution=Distribution.TRIANGULAR
    )
    assert triangular.expected == D("30.00")
    assert risk_pool([]).pool == D("0.00")
