"""How often each value occurs in the demo landscape (weighted choices)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from portfolio import choices as c
from portfolio.demo.data.areas import INFRA, A, F, K, S, X
from portfolio.demo.data.landscape import COMPONENTS

T = TypeVar("T")


class Weighted(Generic[T]):
    """A weighted choice with precomputed cumulative weights."""

    def __init__(self, options: Sequence[tuple[T, float]]) -> None:
        self.population = [value for value, _ in options]
        total = 0.0
        self.cum: list[float] = []
        for _, weight in options:
            total += weight
            self.cum.append(total)

    @classmethod
    def of(cls, choices: type[Any], **weights: float) -> Weighted[Any]:
        """Members of a choices class by name, in the order given:
        ``Weighted.of(c.Hosting, SAAS=75, HYBRID=20)``."""
        return cls([(getattr(choices, name), weight) for name, weight in weights.items()])

    def pick(self, r: random.Random) -> T:
        return r.choices(self.population, cum_weights=self.cum)[0]

    def sample(self, r: random.Random, k: int) -> list[T]:
        return r.choices(self.population, cum_weights=self.cum, k=k)


ACTIVE = frozenset(c.ACTIVE_LIFECYCLES)

W_LIFECYCLE = Weighted.of(
    c.Lifecycle, OPERATIONAL=70, PHASING_OUT=8, PHASING_IN=6, PILOT=3, NOT_IN_USE=5, UNDECIDED=8
)
W_HOSTING = {
    INFRA: Weighted.of(
        c.Hosting, ON_PREMISES=45, DRIFTSFAELLESSKAB=20, HYBRID=15, EXTERNAL=15, UNDECIDED=5
    ),
    S: Weighted.of(c.Hosting, SAAS=75, EXTERNAL=20, UNDECIDED=5),
    K: Weighted.of(c.Hosting, SAAS=75, HYBRID=20, UNDECIDED=5),
    "*": Weighted.of(
        c.Hosting, SAAS=35, EXTERNAL=25, ON_PREMISES=15, DRIFTSFAELLESSKAB=10, HYBRID=7, UNDECIDED=8
    ),
}
W_USER_COUNT = Weighted.of(
    c.UserCount, UNDER_10=25, FROM_10_TO_50=35, FROM_50_TO_100=15, OVER_100=15, UNDECIDED=10
)
W_CONTRACT_TYPE = Weighted.of(
    c.ContractType, MAIN=35, LICENSE=25, OPERATION=12, SERVICE=15, DEVELOPMENT=5, FRAMEWORK=8
)
W_PROCUREMENT = Weighted.of(
    c.ProcurementForm,
    EU_TENDER=25,
    SKI=30,
    UNDER_THRESHOLD=22,
    OTHER_FRAMEWORK=8,
    KOMBIT=5,
    NATIONAL_TENDER=7,
    OTHER=3,
)
W_NOTICE = Weighted([(3, 45), (6, 35), (12, 20)])
W_RUNS_TO = Weighted.of(c.NoticeRunsTo, ANY_DAY=20, MONTH=35, QUARTER=25, HALF_YEAR=5, YEAR=15)
W_OPTIONS = Weighted([(0, 50), (1, 20), (2, 20), (3, 10)])
W_TECHNOLOGY = Weighted.of(c.Technology, API=45, FILE=25, MESSAGE=8, DATABASE=10, MANUAL=12)
W_FREQUENCY = Weighted.of(
    c.Frequency, REALTIME=30, HOURLY=10, DAILY=35, WEEKLY=10, MONTHLY=7, ON_DEMAND=8
)
W_STATUS = Weighted.of(c.IntegrationStatus, ACTIVE=85, PLANNED=5, PHASING_OUT=6, RETIRED=4)
W_CADENCE = Weighted.of(
    c.Cadence, MONTHLY=15, QUARTERLY=35, HALF_YEARLY=20, YEARLY=15, ON_RELEASE=15
)
W_COMPONENT = Weighted([(name, weight) for name, (weight, _) in COMPONENTS.items()])
W_COMPONENT_SOURCE: dict[str, float] = {F: 3.0, S: 2.5, A: 2.0, INFRA: 0.6, K: 0.3, X: 0.5}
W_EXTRA_INSTANCE: dict[str, float] = {F: 3.0, S: 2.0, K: 2.0, A: 1.0, INFRA: 1.0, X: 1.0}
