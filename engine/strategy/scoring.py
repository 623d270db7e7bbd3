"""One option's score: its rules' contributions and coverage, the caps of unmet
preconditions and of its own business case, and its disadvantages' likelihood."""

from __future__ import annotations

from collections.abc import Mapping

from engine.common import Text
from engine.strategy.model import CaseEvidence, FactSpec, OptionSpec, Precondition, StrategyModel
from engine.strategy.results import BitingDisadvantage, Cap, Contribution, clamp
from engine.strategy.texts import case_cap, contribution

# Everything here serves engine.strategy.ranking.
__all__: list[str] = []


def disadvantages_of(
    model: StrategyModel,
    option: str,
    known: Mapping[str, tuple[float, float]],
    specs: Mapping[str, FactSpec],
) -> tuple[BitingDisadvantage, ...]:
    biting = []
    for item in model.disadvantages:
        if item.option != option:
            continue
        likelihood = item.base_likelihood
        drivers = []
        for driver in item.drivers:
            if driver.fact not in known:
                continue
            raw, normalised = known[driver.fact]
            delta = driver.weight * (normalised - driver.pivot)
            if delta == 0:
                continue
            likelihood += delta
            target = Text(f"at '{item.text.da}' rammer", f"'{item.text.en}' biting")
            drivers.append(contribution(specs[driver.fact], raw, normalised, delta, target, None))
        likelihood = round(clamp(likelihood), 3)
        biting.append(
            BitingDisadvantage(
                key=item.key,
                text=item.text,
                likelihood=likelihood,
                flagged=likelihood >= model.flag_threshold,
                drivers=tuple(sorted(drivers, key=lambda c: -c.magnitude)),
                mitigations=item.mitigations,
            )
        )
    biting.sort(key=lambda d: -d.likelihood)
    return tuple(biting[: model.max_disadvantages])


def score_option(
    option: OptionSpec,
    model: StrategyModel,
    known: Mapping[str, tuple[float, float]],
    specs: Mapping[str, FactSpec],
) -> tuple[float, float, tuple[Contribution, ...]]:
    total = sum(abs(r.weight) for r in model.rules if r.option == option.key)
    covered = 0.0
    score = option.prior
    contributions = []
    for rule in model.rules:
        if rule.option != option.key or rule.fact not in known:
            continue
        covered += abs(rule.weight)
        raw, normalised = known[rule.fact]
        delta = rule.weight * (normalised - rule.pivot)
        if delta == 0:
            continue
        score += delta
        contributions.append(
            contribution(
                specs[rule.fact],
                raw,
                normalised,
                delta,
                option.label,
                (rule.why_for, rule.why_against),
            )
        )
    coverage = round(covered / total, 3) if total else 0.0
    contributions.sort(key=lambda c: -c.magnitude)
    return score, coverage, tuple(contributions)


def caps_of(
    option: OptionSpec,
    model: StrategyModel,
    known: Mapping[str, tuple[float, float]],
    specs: Mapping[str, FactSpec],
    evidence: Mapping[str, CaseEvidence],
) -> tuple[tuple[Cap, ...], tuple[Text, ...], tuple[Precondition, ...]]:
    caps: list[Cap] = []
    unmet: list[Precondition] = []
    for condition in model.preconditions:
        if option.key not in condition.options or condition.fact not in known:
            continue
        value = known[condition.fact][0]
        if value >= condition.below:
            continue
        unmet.append(condition)
        spec = specs[condition.fact]
        caps.append(
            Cap(
                condition.key,
                condition.cap,
                Text(
                    f"Forudsætning mangler: {condition.text.da} "
                    f"({spec.label.da}: {spec.display(value, 'da')}). {condition.why.da}",
                    f"Precondition missing: {condition.text.en} "
                    f"({spec.label.en}: {spec.display(value, 'en')}). {condition.why.en}",
                ),
            )
        )
    notes: list[Text] = []
    if option.key in evidence:
        cap, note = case_cap(model, evidence[option.key])
        if cap is not None:
            caps.append(cap)
        else:
            notes.append(note)
    return tuple(caps), tuple(notes), tuple(unmet)
