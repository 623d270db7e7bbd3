"""Business cases after the Danish state model (Digitaliseringsstyrelsen / Økonomistyrelsen).

The state model compares scenario 0 (no project) with scenario 1 (the project) and
computes the *difference*: every :class:`~engine.lines.Line` is a cost or a benefit of
scenario 1 relative to scenario 0. Lines carry a three-point estimate and the unit or
organisation that bears or receives them; up to 12 named risks form the risk pool.

This module is the public face of four modules, one responsibility each:

* :mod:`engine.lines` - lines, three-point estimates, risks and the case they form;
* :mod:`engine.evaluation` - :func:`evaluate`, the deterministic case (yearly and
  cumulative net flows, NPV, payback, break-even, benefit/cost ratio, totals by kind and
  by bearer);
* :mod:`engine.risks` - :func:`risk_pool`, which sizes the pool for a chosen coverage;
* :mod:`engine.simulation` - :func:`simulate`, which draws every line and risk at once
  with numpy (:mod:`engine.sampling`: PERT by default, triangular as option) and returns
  the NPV distribution and a tornado ranking.
"""

from __future__ import annotations

from engine.evaluation import BearerTotals, CaseResult, evaluate
from engine.lines import (
    MAX_HORIZON,
    MAX_RISKS,
    MIN_HORIZON,
    Basis,
    BusinessCase,
    Estimate,
    Line,
    LineKind,
    Risk,
    efficiency_line,
    non_monetary_line,
    scenario_difference,
    year_range,
)
from engine.risks import RiskPool, risk_pool
from engine.sampling import Distribution
from engine.simulation import HistogramBin, SimulationResult, TornadoBar, simulate

__all__ = [
    "MAX_HORIZON",
    "MAX_RISKS",
    "MIN_HORIZON",
    "Basis",
    "BearerTotals",
    "BusinessCase",
    "CaseResult",
    "Distribution",
    "Estimate",
    "HistogramBin",
    "Line",
    "LineKind",
    "Risk",
    "RiskPool",
    "SimulationResult",
    "TornadoBar",
    "efficiency_line",
    "evaluate",
    "non_monetary_line",
    "risk_pool",
    "scenario_difference",
    "simulate",
    "year_range",
]
