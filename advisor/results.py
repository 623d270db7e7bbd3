"""The assessment's effective facts, the engine's ranking as JSON, and what would change it.

An assessment's fact values come from three places, in this order: an override of a
computed fact (with its reason), the computed fact itself, or the user's answer.
:func:`build_result` runs :func:`engine.strategy.rank` on them and stores everything the
result page needs - scores, confidence, contributions, the disadvantages that bite with
their mitigations, the option's advantages, preconditions and risks from the knowledge
base - so an old result reads the same after the knowledge base has moved on.

"What would change the ranking" (:func:`sensitivity`) re-runs ``rank`` with one fact at a
time moved along its scale, starting from its value (a missing fact starts at its rules'
pivot, where it contributes about nothing), and finds the nearest value at which the recommended
strategy changes (for the driftsfællesskab: where it crosses the recommendation
threshold). A scan over the normalised scale finds the first change, bisection narrows
it down; for a 1-5 answer the nearest whole answer on the far side is reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import knowledge
from advisor.models import Assessment
from advisor.questions import QUESTIONS, SCALE
from engine.common import Text
from engine.strategy import (
    BitingDisadvantage,
    CaseEvidence,
    Contribution,
    FactSpec,
    OptionKind,
    OptionResult,
    Ranking,
    StrategyModel,
    rank,
)
from knowledge import KnowledgeBase

__all__ = [
    "ANSWERED",
    "COMPUTED",
    "MISSING",
    "OVERRIDDEN",
    "FactRow",
    "build_result",
    "effective_values",
    "fact_rows",
    "model_specs",
    "sensitivity",
]

COMPUTED = "computed"
OVERRIDDEN = "overridden"
ANSWERED = "answered"
MISSING = "missing"

GRID = 40
VERDICTS = {
    "yes": {"da": "anbefales", "en": "recommended"},
    "no": {"da": "anbefales ikke", "en": "not recommended"},
}
BISECTIONS = 16


def _text(value: Text) -> dict[str, str]:
    return {"da": value.da, "en": value.en}


@lru_cache(maxsize=1)
def _model() -> StrategyModel:
    return knowledge.strategy_model()


def model_specs() -> dict[str, FactSpec]:
    """The strategy model's facts by key."""
    return {f.key: f for f in _model().facts}


def _model_keys(model: StrategyModel) -> list[str]:
    asked = [q.key for q in QUESTIONS]
    return asked + [f.key for f in model.facts if f.key not in asked]


def effective_values(assessment: Assessment) -> dict[str, float | None]:
    """Fact key → the value the engine gets (override, else computed, else answer)."""
    model = _model()
    values: dict[str, float | None] = {}
    for key in _model_keys(model):
        override = assessment.overrides.get(key)
        computed = (assessment.facts.get(key) or {}).get("value")
        if override is not None:
            values[key] = float(override["value"])
        elif computed is not None:
            values[key] = float(computed)
        else:
            answer = assessment.answers.get(key)
            values[key] = None if answer is None else float(answer)
    return values


@dataclass(frozen=True)
class FactRow:
    """One fact as the pages show it."""

    key: str
    label: str
    step: str
    value: float | None
    display: str
    origin: str  # computed | overridden | answered | missing
    source: str  # where a computed value came from (or why it could not be computed)
    computed: float | None
    computed_display: str
    reason: str  # why a computed value was overridden
    warning: str  # the value lies outside the model's scale (it counts as the nearest end)


def display(spec: FactSpec | None, value: float | None, language: str) -> str:
    if value is None:
        return "–"
    if spec is None:
        return str(value)
    return spec.display(value, language)


def fact_rows(assessment: Assessment, language: str = "da") -> list[FactRow]:
    """Every fact of the assessment with its value and where it came from."""
    model = _model()
    specs = model_specs()
    values = effective_values(assessment)
    steps = {q.key: q.step for q in QUESTIONS}
    labels = {q.key: q.label.get(language) for q in QUESTIONS}
    rows = []
    for key in _model_keys(model):
        fact = assessment.facts.get(key) or {}
        computed = fact.get("value")
        override = assessment.overrides.get(key)
        if override is not None:
            origin = OVERRIDDEN
        elif computed is not None:
            origin = COMPUTED
        elif values[key] is not None:
            origin = ANSWERED
        else:
            origin = MISSING
        spec = specs.get(key)
        warning = ""
        value = values[key]
        if spec is not None and value is not None and not spec.minimum <= value <= spec.maximum:
            end = spec.maximum if value > spec.maximum else spec.minimum
            warning = (
                f"Ligger uden for modellens skala ({display(spec, spec.minimum, language)}-"
                f"{display(spec, spec.maximum, language)}) og tæller som "
                f"{display(spec, end, language)}. Kontrollér værdien, og overstyr den med en "
                "begrundelse, hvis den ikke passer."
                if language != "en"
                else f"Lies outside the model's scale ({display(spec, spec.minimum, language)}-"
                f"{display(spec, spec.maximum, language)}) and counts as "
                f"{display(spec, end, language)}. Check the value and override it with a "
                "reason if it does not fit."
            )
        rows.append(
            FactRow(
                key=key,
                label=labels.get(key) or (spec.label.get(language) if spec else key),
                step=steps.get(key, ""),
                value=values[key],
                display=display(spec, values[key], language),
                origin=origin,
                source=str(fact.get("source", "")),
                computed=computed,
                computed_display=display(spec, computed, language) if computed is not None else "",
                reason=str(override["reason"]) if override is not None else "",
                warning=warning,
            )
        )
    return rows


# The result ---------------------------------------------------------------------------------


def _contribution(item: Contribution, specs: Mapping[str, FactSpec]) -> dict[str, Any]:
    spec = specs[item.fact]
    return {
        "fact": item.fact,
        "label": _text(spec.label),
        "value": item.value,
        "display": {"da": spec.display(item.value, "da"), "en": spec.display(item.value, "en")},
        "normalised": item.normalised,
        "direction": item.direction,
        "magnitude": item.magnitude,
        "text": _text(item.text),
    }


def _disadvantage(item: BitingDisadvantage, specs: Mapping[str, FactSpec]) -> dict[str, Any]:
    return {
        "key": item.key,
        "text": _text(item.text),
        "likelihood": item.likelihood,
        "flagged": item.flagged,
        "drivers": [_contribution(d, specs) for d in item.drivers],
        "mitigations": [_text(m) for m in item.mitigations],
    }


def _option(
    result: OptionResult, kb: KnowledgeBase, specs: Mapping[str, FactSpec]
) -> dict[str, Any]:
    entry = kb.option(result.key)
    mitigations = {m.key: m.text.to_text() for m in kb.mitigations.mitigations}
    flagged = {d.key for d in result.disadvantages if d.flagged}
    risks: list[dict[str, Any]] = [
        {
            "key": risk.key,
            "text": _text(risk.text.to_text()),
            "probability": risk.probability,
            "impact": risk.impact,
            "disadvantage": risk.disadvantage or "",
            "flagged": risk.disadvantage in flagged,
            "mitigations": [_text(mitigations[m]) for m in risk.mitigations],
        }
        for risk in kb.risks.risks
        if risk.option == result.key
    ]
    risks.sort(key=lambda r: (not r["flagged"], -r["probability"] * r["impact"]))
    return {
        "key": result.key,
        "label": _text(result.label),
        "kind": str(result.kind),
        "score": result.score,
        "raw_score": result.raw_score,
        "prior": result.prior,
        "coverage": result.coverage,
        "blocked": result.blocked,
        "caps": [
            {"key": cap.key, "limit": cap.limit, "text": _text(cap.text)} for cap in result.caps
        ],
        "notes": [_text(note) for note in result.notes],
        "rank": result.rank,
        "prior_rank": result.prior_rank,
        "overrides_prior": result.overrides_prior,
        "summary": _text(result.summary),
        "fits_when": _text(entry.fits_when.to_text()) if entry.fits_when else None,
        "description": _text(entry.summary.to_text()),
        "contributions": [_contribution(c, specs) for c in result.contributions],
        "disadvantages": [_disadvantage(d, specs) for d in result.disadvantages],
        "advantages": [_text(a.text.to_text()) for a in entry.advantages],
        "preconditions": [_text(p.text.to_text()) for p in entry.preconditions],
        "risks": risks,
    }


def evidence_json(evidence: Sequence[CaseEvidence]) -> list[dict[str, Any]]:
    """The business-case evidence as stored on the result."""
    return [
        {
            "option": e.option,
            "name": e.name,
            "npv": str(e.npv),
            "whole_npv": None if e.whole_npv is None else str(e.whole_npv),
        }
        for e in evidence
    ]


def build_result(
    values: Mapping[str, float | None],
    kb: KnowledgeBase | None = None,
    evidence: Sequence[CaseEvidence] = (),
) -> dict[str, Any]:
    """Rank the options for ``values`` (and what their own business cases say) and
    return the result as plain JSON."""
    kb = kb or knowledge.load()
    model = knowledge.strategy_model(kb)
    ranking = rank(dict(values), model, evidence)
    specs = {f.key: f for f in model.facts}
    strategies = [_option(r, kb, specs) for r in ranking.strategies]
    others = [_option(r, kb, specs) for r in ranking.others]
    reason = kb.strategy_model.clear_margin_reason.to_text()
    return {
        "model_version": ranking.model_version,
        "knowledge_version": kb.version,
        "recommended": ranking.recommended,
        "prior_recommended": ranking.prior_recommended,
        "overrides_prior": ranking.overrides_prior,
        "summary": _text(ranking.summary),
        "conclusion": _text(kb.strategies.conclusion.to_text()),
        "recommend_threshold": model.recommend_threshold,
        "missing_facts": [
            {"key": key, "label": _text(specs[key].label)} for key in ranking.missing_facts
        ],
        "margin": ranking.margin,
        "clear_winner": ranking.clear_winner,
        "clear_margin": model.clear_margin,
        "clear_margin_reason": _text(reason),
        "tied": list(ranking.tied),
        "none_fits": ranking.none_fits,
        "establish_first": [
            {"key": p.key, "fact": p.fact, "text": _text(p.text), "why": _text(p.why)}
            for p in ranking.establish_first
        ],
        "data_coverage": {
            "known": ranking.data_coverage.known,
            "total": ranking.data_coverage.total,
            "share": ranking.data_coverage.share,
            "text": _text(ranking.data_coverage.text),
        },
        "warnings": [
            {"key": w.key, "facts": list(w.facts), "text": _text(w.text)} for w in ranking.warnings
        ],
        "evidence": evidence_json(evidence),
        "strategies": strategies,
        "others": others,
        "values": {key: value for key, value in values.items()},
        "sensitivity": sensitivity(values, model, ranking, evidence),
    }


# What would change the ranking -------------------------------------------------------------


def _recommended(ranking: Ranking) -> str:
    return ranking.recommended


def _above(option: str, threshold: float) -> Callable[[Ranking], str]:
    def outcome(ranking: Ranking) -> str:
        return "yes" if ranking.option(option).score >= threshold else "no"

    return outcome


def neutral(spec: FactSpec, model: StrategyModel) -> float:
    """Where on its normalised scale a missing fact starts a scan: the pivot of its
    rules (weighted by their weight), where a known value would add about nothing."""
    rules = [r for r in model.rules if r.fact == spec.key]
    weight = sum(abs(r.weight) for r in rules)
    if not weight:
        return 0.5
    return sum(abs(r.weight) * r.pivot for r in rules) / weight


def neutral_value(spec: FactSpec, model: StrategyModel) -> float:
    """:func:`neutral` on the fact's own scale."""
    return _value_at(spec, neutral(spec, model))


def _value_at(spec: FactSpec, normalised: float) -> float:
    return spec.minimum + normalised * (spec.maximum - spec.minimum)


def _flip(
    values: Mapping[str, float | None],
    model: StrategyModel,
    spec: FactSpec,
    outcome: Callable[[Ranking], str],
    current: str,
    evidence: Sequence[CaseEvidence],
) -> tuple[float, float, str] | None:
    """The nearest (normalised distance, value, new outcome) where the outcome changes."""

    def at(normalised: float) -> str:
        changed = dict(values)
        changed[spec.key] = _value_at(spec, normalised)
        return outcome(rank(changed, model, evidence, strict=False))

    raw = values.get(spec.key)
    start = spec.normalise(float(raw)) if raw is not None else neutral(spec, model)
    best: tuple[float, float, str] | None = None
    for sign in (-1, 1):
        previous = start
        steps = math.ceil((start if sign < 0 else 1 - start) * GRID)
        for step in range(1, steps + 1):
            point = min(1.0, max(0.0, start + sign * step / GRID))
            found = at(point)
            if found == current:
                previous = point
                continue
            near, far = previous, point
            for _ in range(BISECTIONS):
                middle = (near + far) / 2
                if at(middle) == current:
                    near = middle
                else:
                    far = middle
            new = at(far)
            value = _value_at(spec, far)
            question = next((q for q in QUESTIONS if q.key == spec.key), None)
            if question is not None and question.kind == SCALE:
                whole = math.ceil(value - 1e-9) if sign > 0 else math.floor(value + 1e-9)
                if at(spec.normalise(whole)) == new:
                    value, far = float(whole), spec.normalise(whole)
            distance = abs(far - start)
            if best is None or distance < best[0]:
                best = (distance, value, new)
            break
    return best


def _changes(
    values: Mapping[str, float | None],
    model: StrategyModel,
    outcome: Callable[[Ranking], str],
    current: str,
    labels: Callable[[str], dict[str, str]],
    evidence: Sequence[CaseEvidence],
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    changes = []
    robust = []
    for spec in model.facts:
        found = _flip(values, model, spec, outcome, current, evidence)
        if found is None:
            robust.append(_text(spec.label))
            continue
        distance, value, new = found
        raw = values.get(spec.key)
        changes.append(
            {
                "fact": spec.key,
                "label": _text(spec.label),
                "known": raw is not None,
                "from": raw,
                "from_display": {
                    "da": display(spec, raw, "da"),
                    "en": display(spec, raw, "en"),
                },
                "to": value,
                "to_display": {"da": spec.display(value, "da"), "en": spec.display(value, "en")},
                "direction": "up"
                if value > (raw if raw is not None else neutral_value(spec, model))
                else "down",
                "distance": round(distance, 3),
                "outcome": new,
                "outcome_label": labels(new),
            }
        )
    changes.sort(key=lambda item: (item["distance"], item["fact"]))
    return changes, robust


def sensitivity(
    values: Mapping[str, float | None],
    model: StrategyModel,
    ranking: Ranking,
    evidence: Sequence[CaseEvidence] = (),
) -> dict[str, Any]:
    """For the recommended strategy and for each other option: which single fact, moved
    how far, would change the outcome - nearest first - and which facts cannot. While no
    strategy fits, the outcome to change is "none fits" (``""``)."""
    names = {o.key: _text(o.label) for o in model.options}
    names[""] = {"da": "ingen strategi endnu", "en": "no strategy yet"}
    strategies, robust = _changes(
        values,
        model,
        _recommended,
        ranking.recommended,
        lambda key: names[key],
        evidence,
    )
    threshold = model.recommend_threshold
    others = []
    for option in model.options:
        if option.kind is OptionKind.STRATEGY:
            continue
        current = "yes" if ranking.option(option.key).score >= threshold else "no"
        changes, fixed = _changes(
            values,
            model,
            _above(option.key, threshold),
            current,
            VERDICTS.__getitem__,
            evidence,
        )
        others.append(
            {
                "key": option.key,
                "label": names[option.key],
                "recommended": current == "yes",
                "changes": changes,
                "robust": fixed,
            }
        )
    return {"strategies": strategies, "robust": robust, "others": others}
