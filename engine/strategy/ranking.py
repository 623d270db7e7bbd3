"""Ranking the options for one municipality (:func:`rank`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from engine.strategy.facts import check
from engine.strategy.model import (
    CaseEvidence,
    OptionKind,
    Precondition,
    Profile,
    StrategyModel,
)
from engine.strategy.results import DataCoverage, OptionResult, Ranking, clamp
from engine.strategy.scoring import caps_of, disadvantages_of, score_option
from engine.strategy.texts import option_summary, ranking_summary

__all__ = ["rank"]


def rank(
    profile: Profile | Mapping[str, float | None],
    model: StrategyModel,
    evidence: Iterable[CaseEvidence] = (),
    *,
    strict: bool = True,
) -> Ranking:
    """Score every option in ``model`` for ``profile`` and rank the strategies.

    ``raw = prior + sum(weight x (normalised - pivot))``, capped at a precondition's
    ``cap`` while it is unmet (and at ``case_cap`` for an option whose own business case
    in ``evidence`` loses money). Strategies are ordered by: not blocked first, then the
    unclamped raw score, then the prior, then the model's order; equal raw scores share
    a rank and are reported in ``tied``. Invalid values raise ``fact_invalid`` (see
    :func:`check`; ``strict`` is passed on).

    >>> from engine.common import Text
    >>> from engine.strategy import FactSpec, OptionSpec, Rule
    >>> model = StrategyModel(
    ...     version="doc",
    ...     options=(
    ...         OptionSpec("a", Text("A", "A"), OptionKind.STRATEGY, 0.6),
    ...         OptionSpec("b", Text("B", "B"), OptionKind.STRATEGY, 0.5),
    ...     ),
    ...     facts=(FactSpec("cost_pressure", Text("Omkostningspres", "Cost pressure"), 1, 5),),
    ...     rules=(
    ...         Rule("b", "cost_pressure", 0.4, Text("Fordi.", "Because."), Text("Ej.", "Not.")),
    ...     ),
    ...     disadvantages=(),
    ... )
    >>> rank(Profile(), model).recommended
    'a'
    >>> ranking = rank(Profile(cost_pressure=5), model)
    >>> ranking.recommended, ranking.overrides_prior, ranking.option("b").score
    ('b', True, 0.7)
    >>> ranking.margin, ranking.clear_winner, ranking.data_coverage.text.da
    (0.1, True, 'Datagrundlag: 1 af 1 forhold kendt')
    >>> rank(Profile(cost_pressure=4), model).tied
    ('a', 'b')
    """
    values = profile.facts() if isinstance(profile, Profile) else dict(profile)
    warnings = check(values, model, strict=strict)
    specs = {spec.key: spec for spec in model.facts}
    known: dict[str, tuple[float, float]] = {}
    for key, spec in specs.items():
        raw = values.get(key)
        if raw is not None:
            known[key] = (float(raw), spec.normalise(float(raw)))
    by_option = {e.option: e for e in evidence}
    position_in_model = {option.key: index for index, option in enumerate(model.options)}

    scored = {}
    unmet_by_option: dict[str, tuple[Precondition, ...]] = {}
    for option in model.options:
        raw_score, coverage, contributions = score_option(option, model, known, specs)
        caps, notes, unmet = caps_of(option, model, known, specs, by_option)
        for cap in caps:
            raw_score = min(raw_score, cap.limit)
        unmet_by_option[option.key] = unmet
        scored[option.key] = (option, round(raw_score, 6), coverage, contributions, caps, notes)

    def ordered(keys: list[str], by_prior: bool) -> list[str]:
        def sort_key(key: str) -> tuple[bool, float, float, int]:
            option, raw_score, _, _, caps, _ = scored[key]
            if by_prior:
                return (False, -option.prior, 0.0, position_in_model[key])
            return (bool(caps), -raw_score, -option.prior, position_in_model[key])

        return sorted(keys, key=sort_key)

    strategy_keys = [o.key for o in model.options if o.kind is OptionKind.STRATEGY]
    by_score = ordered(strategy_keys, by_prior=False)
    by_prior = ordered(strategy_keys, by_prior=True)
    positions: dict[str, int] = {}
    for index, key in enumerate(by_score):
        previous = by_score[index - 1] if index else None
        same = previous is not None and (
            scored[previous][1] == scored[key][1]
            and bool(scored[previous][4]) == bool(scored[key][4])
        )
        positions[key] = positions[previous] if same and previous is not None else index + 1
    results: dict[str, OptionResult] = {}
    for key, (option, raw_score, coverage, pushes, caps, notes) in scored.items():
        score = round(clamp(raw_score), 3)
        if option.kind is OptionKind.STRATEGY:
            position, prior_position = positions[key], by_prior.index(key) + 1
            overrides = position != prior_position
        else:
            position = prior_position = 1
            threshold = model.recommend_threshold
            overrides = (score >= threshold) != (option.prior >= threshold)
        results[key] = OptionResult(
            key=key,
            label=option.label,
            kind=option.kind,
            score=score,
            raw_score=raw_score,
            prior=option.prior,
            coverage=coverage,
            rank=position,
            prior_rank=prior_position,
            overrides_prior=overrides,
            contributions=pushes,
            disadvantages=disadvantages_of(model, key, known, specs),
            caps=caps,
            notes=notes,
            summary=option_summary(
                option, score, overrides, pushes[0].text if pushes else None, caps
            ),
        )
    none_fits = bool(by_score) and results[by_score[0]].blocked
    recommended = "" if none_fits or not by_score else by_score[0]
    prior_recommended = by_prior[0] if by_prior else ""
    tied = tuple(k for k in by_score if positions[k] == 1) if by_score else ()
    tied = tied if len(tied) > 1 and not none_fits else ()
    margin = (
        round(scored[by_score[0]][1] - scored[by_score[1]][1], 3) if len(by_score) > 1 else None
    )
    clear_winner = (
        bool(recommended) and not tied and (margin is None or margin >= model.clear_margin)
    )
    counts: dict[str, int] = {}
    for key in by_score:
        for condition in unmet_by_option[key]:
            counts[condition.key] = counts.get(condition.key, 0) + 1
    establish = tuple(
        sorted(
            (p for p in model.preconditions if p.key in counts),
            key=lambda p: -counts[p.key],
        )
    )
    data_coverage = DataCoverage(len(known), len(specs))
    return Ranking(
        model_version=model.version,
        strategies=tuple(results[key] for key in by_score),
        others=tuple(results[o.key] for o in model.options if o.kind is not OptionKind.STRATEGY),
        recommended=recommended,
        prior_recommended=prior_recommended,
        overrides_prior=bool(recommended) and recommended != prior_recommended,
        missing_facts=tuple(key for key in specs if key not in known),
        summary=ranking_summary(
            results, by_score, prior_recommended, margin, tied, establish, data_coverage, model
        ),
        margin=margin,
        clear_winner=clear_winner,
        tied=tied,
        none_fits=none_fits,
        establish_first=establish,
        data_coverage=data_coverage,
        warnings=warnings,
    )
