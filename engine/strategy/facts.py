"""Checking a profile's facts against the model: impossible values are refused, values
beyond the model's scale and contradictory answers are warned about."""

from __future__ import annotations

from collections.abc import Mapping

from engine.common import Text
from engine.errors import EngineError
from engine.strategy.model import Profile, StrategyModel
from engine.strategy.results import FactWarning

__all__ = ["check"]


def check(
    profile: Profile | Mapping[str, float | None], model: StrategyModel, *, strict: bool = True
) -> tuple[FactWarning, ...]:
    """Warnings about the known facts: values beyond the model's scale (they count as
    the nearest end) and answers that contradict each other.

    Raises :class:`~engine.errors.EngineError` ``fact_invalid`` for a value the fact
    cannot take at all (outside its bounds, not a whole 1-5 answer, not a number);
    ``strict=False`` lets a value between two whole answers through (for sensitivity
    scans that move a fact continuously).

    >>> from engine.common import Text
    >>> from engine.strategy import FactSpec
    >>> spec = FactSpec("n", Text("Antal", "Count"), 0, 3, highest=20)
    >>> m = StrategyModel("doc", (), (spec,), (), ())
    >>> [w.key for w in check({"n": 5}, m)]
    ['scale:n']
    >>> check({"n": 25}, m)
    Traceback (most recent call last):
    ...
    engine.errors.EngineError: n: 25 is not a possible value (out_of_bounds)
    """
    values = profile.facts() if isinstance(profile, Profile) else dict(profile)
    warnings: list[FactWarning] = []
    known: dict[str, float] = {}
    for spec in model.facts:
        raw = values.get(spec.key)
        if raw is None:
            continue
        value = float(raw)
        problem = spec.problem(value)
        if problem is not None and (strict or problem != "not_whole"):
            raise EngineError("fact_invalid", {"key": spec.key, "value": raw, "reason": problem})
        known[spec.key] = value
        if value < spec.minimum or value > spec.maximum:
            end = spec.maximum if value > spec.maximum else spec.minimum
            show = (spec.display(value, "da"), spec.display(end, "da"))
            show_en = (spec.display(value, "en"), spec.display(end, "en"))
            scale = f"{spec.display(spec.minimum, 'da')}-{spec.display(spec.maximum, 'da')}"
            scale_en = f"{spec.display(spec.minimum, 'en')}-{spec.display(spec.maximum, 'en')}"
            warnings.append(
                FactWarning(
                    f"scale:{spec.key}",
                    (spec.key,),
                    Text(
                        f"{spec.label.da}: {show[0]} ligger uden for modellens skala "
                        f"({scale}) og tæller som {show[1]}. Kontrollér værdien.",
                        f"{spec.label.en}: {show_en[0]} lies outside the model's scale "
                        f"({scale_en}) and counts as {show_en[1]}. Check the value.",
                    ),
                )
            )
    for contradiction in model.contradictions:
        if all(c.fact in known and c.holds(known[c.fact]) for c in contradiction.conditions):
            warnings.append(
                FactWarning(
                    f"contradiction:{contradiction.key}",
                    tuple(c.fact for c in contradiction.conditions),
                    contradiction.text,
                )
            )
    return tuple(warnings)
