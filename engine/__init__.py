"""Styrbar's decision engine: a pure, typed library.

The engine computes business cases after the Danish state model, builds cases from the
five case templates, simulates their uncertainty and scores the architecture-governance
strategies. It has no Django, no I/O, no settings and reads no environment: callers
(services) pass plain values in and persist what comes back.

Modules:

* :mod:`engine.money` - Decimal helpers for Danish kroner.
* :mod:`engine.common` - sourced assumptions and bilingual texts.
* :mod:`engine.finance` - NPV, payback, break-even, benefit/cost ratio.
* :mod:`engine.business_case` - the business case's public names, from the four below.
* :mod:`engine.lines` - lines, three-point estimates, risks and the case they form.
* :mod:`engine.evaluation` - the deterministic case: net flows, NPV, totals by bearer.
* :mod:`engine.sampling` - PERT and triangular draws of three-point estimates.
* :mod:`engine.risks` - risk draws and the risk pool (risikopulje).
* :mod:`engine.simulation` - Monte Carlo simulation: NPV distribution and tornado.
* :mod:`engine.channels` - channel-shift economics (prices, S-curve adoption).
* :mod:`engine.case_templates` - the five case templates, one module each.
* :mod:`engine.strategy` - scoring of the strategies and the driftsfællesskab option.
* :mod:`engine.notice` - contract deadlines: expiry, notice, options, the calendar.
* :mod:`engine.graph` - dependency and impact analysis over the integration graph.
* :mod:`engine.quality` - data quality of the system portfolio and the TIME rule.
* :mod:`engine.matching` - vendor matching: CVR (mod 11), normalised and fuzzy names.
* :mod:`engine.errors` - :class:`~engine.errors.EngineError` with a code and parameters.
"""

__all__ = [
    "__version__",
    "business_case",
    "case_templates",
    "channels",
    "common",
    "errors",
    "evaluation",
    "finance",
    "graph",
    "lines",
    "matching",
    "money",
    "notice",
    "quality",
    "risks",
    "sampling",
    "simulation",
    "strategy",
]

__version__ = "1.0.0"
