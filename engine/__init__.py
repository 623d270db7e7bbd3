"""Styrbar's decision engine: a pure, typed library.

The engine computes business cases after the Danish state model, builds cases from the
five case templates, simulates their uncertainty and scores the architecture-governance
strategies. It has no Django, no I/O, no settings and reads no environment: callers
(services) pass plain values in and persist what comes back.

Modules:

* :mod:`engine.money` - Decimal helpers for Danish kroner.
* :mod:`engine.common` - sourced assumptions and bilingual texts.
* :mod:`engine.finance` - NPV, payback, break-even, benefit/cost ratio.
* :mod:`engine.business_case` - lines, three-point estimates, risk pool, simulation.
* :mod:`engine.channels` - channel-shift economics (prices, S-curve adoption).
* :mod:`engine.templates` - the five case templates.
* :mod:`engine.strategy` - scoring of the strategies and the driftsfællesskab option.
"""

__all__ = ["__version__"]

__version__ = "1.0.0"
