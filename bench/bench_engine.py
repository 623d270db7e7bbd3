"""Engine benchmarks (not tests): ``.venv/bin/python bench/bench_engine.py``.

Case: 10-year horizon, 40 lines (investments, operation, economic and efficiency
benefits, all with three-point estimates and some with yearly factors) and 12 risks.
Each measurement is the best of several repeats after a warm-up, timed with
``time.perf_counter``. Targets from issue 4: 10,000 iterations < 50 ms,
100,000 iterations < 0.5 s, 1,000 deterministic cases < 0.1 s.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.business_case import (
    BusinessCase,
    Driver,
    Estimate,
    Line,
    LineKind,
    Risk,
    evaluate,
    simulate,
)

KINDS = (LineKind.INVESTMENT, LineKind.OPERATION, LineKind.ECONOMIC, LineKind.EFFICIENCY)


def build_case(variant: int = 0, *, rich: bool = True) -> BusinessCase:
    """A 10-year case with 40 lines and 12 risks (``variant`` shifts the amounts).

    ``rich``: three bearers, and the ten efficiency lines phased in with yearly factors
    (t / 3, so 28-digit Decimals); otherwise one bearer and no yearly factors.
    """
    lines = []
    for i in range(40):
        kind = KINDS[i % 4]
        bearer = f"Enhed {i % 3}" if rich else ""
        mode = Decimal(50_000 + 1_000 * i + variant)
        estimate = Estimate(mode * Decimal("0.8"), mode, mode * Decimal("1.4"))
        if kind is LineKind.INVESTMENT:
            lines.append(Line(f"Investering {i}", kind, estimate, (0, 1), bearer=bearer))
        elif kind is LineKind.EFFICIENCY:
            hours = Estimate(Decimal(300), Decimal(400 + i), Decimal(500 + i))
            ramp = tuple(min(Decimal(1), Decimal(t) / 3) for t in range(10))
            lines.append(
                Line(
                    f"Effektivisering {i}",
                    kind,
                    hours,
                    tuple(range(10)),
                    bearer=bearer,
                    factors=ramp if rich else (),
                    unit_value=Decimal(400),
                )
            )
        else:
            lines.append(Line(f"Linje {i}", kind, estimate, tuple(range(10)), bearer=bearer))
    risks = tuple(
        Risk(
            f"Risiko {j}",
            Decimal("0.2"),
            Estimate(Decimal(10_000), Decimal(40_000), Decimal(90_000)),
            year=j % 10,
        )
        for j in range(12)
    )
    return BusinessCase("Benchmark", tuple(lines), horizon=10, risks=risks)


def with_drivers(case: BusinessCase) -> BusinessCase:
    """The case with its economic lines in one group, scaled by two drivers (a price
    difference and an adoption ceiling, as a channel shift has)."""
    lines = tuple(
        replace(line, group="shift") if line.kind is LineKind.ECONOMIC else line
        for line in case.lines
    )
    drivers = (
        Driver(
            "prices",
            "Pris",
            "shift",
            Estimate(Decimal(75), Decimal(250), Decimal(250)),
            Estimate(Decimal(20), Decimal("83.33"), Decimal("83.33")),
        ),
        Driver(
            "adoption",
            "Andel",
            "shift",
            Estimate(Decimal("0.65"), Decimal("0.85"), Decimal("0.9")),
            Estimate.fixed(Decimal("0.4")),
        ),
    )
    return replace(case, lines=lines, drivers=drivers)


def best_of(repeats: int, action: Callable[[], object]) -> float:
    action()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    case = build_case()
    driven = with_drivers(case)
    cases = [build_case(variant) for variant in range(1_000)]
    plain = [build_case(variant, rich=False) for variant in range(1_000)]
    rows = [
        (
            "simulate: 10-year case, 40 lines, 12 risks, 10,000 iterations",
            0.050,
            best_of(20, lambda: simulate(case, iterations=10_000, seed=1)),
        ),
        (
            "simulate: 10-year case, 40 lines, 12 risks, 100,000 iterations",
            0.500,
            best_of(5, lambda: simulate(case, iterations=100_000, seed=1)),
        ),
        (
            "simulate: the same with 2 drivers on its 10 economic lines, 10,000 it.",
            0.050,
            best_of(20, lambda: simulate(driven, iterations=10_000, seed=1)),
        ),
        (
            "evaluate: 1,000 cases, 10 y, 40 lines, 12 risks (1 bearer, no factors)",
            0.100,
            best_of(5, lambda: [evaluate(c) for c in plain]),
        ),
        (
            "evaluate: 1,000 cases, 10 y, 40 lines, 12 risks (3 bearers, factors)",
            0.100,
            best_of(5, lambda: [evaluate(c) for c in cases]),
        ),
    ]
    print(f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(f"{'benchmark':<76} {'time':>10} {'target':>9}  ok")
    for name, target, seconds in rows:
        status = "yes" if seconds < target else "NO"
        print(f"{name:<76} {seconds * 1000:>7.1f} ms {target * 1000:>6.0f} ms  {status}")


if __name__ == "__main__":
    main()
