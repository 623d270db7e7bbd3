"""Business cases after the Danish state model (Digitaliseringsstyrelsen / Økonomistyrelsen).

The state model compares scenario 0 (no project) with scenario 1 (the project) and
computes the *difference*: every :class:`~engine.lines.Line` is a cost or a benefit of
scenario 1 relative to scenario 0. Lines carry a three-point estimate and the unit or
organisation that bears or receives them; up to 12 named risks form the risk pool.

This module gathers the public names of the modules below, one responsibility each:

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

from engine import evaluation, lines, risks, sampling, simulation
from engine.evaluation import *  # noqa: F403
from engine.lines import *  # noqa: F403
from engine.risks import *  # noqa: F403
from engine.sampling import *  # noqa: F403
from engine.simulation import *  # noqa: F403

# One list of public names: each module's own.
__all__ = lines.__all__ + evaluation.__all__ + risks.__all__ + sampling.__all__ + simulation.__all__
