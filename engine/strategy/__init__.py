"""Scoring of the four architecture-governance strategies and the driftsfællesskab option.

The model is data: priors, fact scales, rules, preconditions, contradictions and
disadvantage drivers come from the knowledge base (``knowledge.loader.strategy_model()``
builds a :class:`StrategyModel`), never from code. For one municipality's
:class:`Profile`:

* every known fact is checked (:func:`check`): a value the fact cannot take raises
  ``fact_invalid``; a value beyond the model's scale counts as the nearest end and is
  warned about, as are answers that contradict each other;
* each fact is normalised linearly to 0-1 on its scale (clamped);
* each rule contributes ``weight x (normalised - pivot)`` to its option - positive
  pushes the option up ("for"), negative pushes it down ("against"); the reason shown
  is chosen by that direction;
* ``raw = prior + sum of contributions``; an unmet precondition (a known fact below its
  bar) caps the options that need it, and so does a negative own net present value in
  the option's business case (``evidence``); capped options are never recommended;
* strategies are ranked on the unclamped raw score (``score`` is it clamped to 0-1 for
  display); equal raw scores share a rank and are reported as ``tied``;
* ``margin`` = first minus second; ``clear_winner`` when it reaches the model's
  ``clear_margin``; when every strategy is capped, ``none_fits`` and ``establish_first``
  name what to establish first;
* ``coverage`` = the share of the option's rule weight whose facts are known;
  ``data_coverage`` = the known facts of all the model's facts;
* each known disadvantage gets ``likelihood = clamp(base + sum of driver
  contributions, 0, 1)``; the most likely ones are returned with their mitigations and
  flagged at or above the model's threshold.

The priors follow the sources' conclusion: coherent business processes suit most
municipalities, because KOMBIT pushes much of what they need out to them. A strategy's
``overrides_prior`` is true when the municipality's facts move it to another rank than
the prior gives it; for the driftsfællesskab option, when they move it across the
recommendation threshold.

The package is split by responsibility: :mod:`~engine.strategy.model` (the profile and
the model), :mod:`~engine.strategy.results` (what a ranking returns),
:mod:`~engine.strategy.facts` (:func:`check`), :mod:`~engine.strategy.scoring` (one
option's score, caps and disadvantages), :mod:`~engine.strategy.texts` (the reasons and
summaries) and :mod:`~engine.strategy.ranking` (:func:`rank`). The public names are all
importable from ``engine.strategy``.
"""

from __future__ import annotations

from engine.strategy import facts, model, ranking, results
from engine.strategy.facts import *  # noqa: F403
from engine.strategy.model import *  # noqa: F403
from engine.strategy.ranking import *  # noqa: F403
from engine.strategy.results import *  # noqa: F403

__all__ = sorted(model.__all__ + results.__all__ + facts.__all__ + ranking.__all__)
