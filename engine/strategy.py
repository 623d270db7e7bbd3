"""Scoring of the four architecture-governance strategies and the driftsfællesskab option.

The model is data: priors, fact scales, rules and disadvantage drivers come from the
knowledge base (``knowledge.loader.strategy_model()`` builds a :class:`StrategyModel`),
never from code. For one municipality's :class:`Profile`:

* each fact is normalised linearly to 0-1 on its scale (clamped);
* each rule contributes ``weight x (normalised - pivot)`` to its option - positive
  pushes the option up ("for"), negative pushes it down ("against");
* ``score = clamp(prior + sum of contributions, 0, 1)``;
* ``confidence`` = the share of the option's rule weight (sum of ``|weight|``) whose
  facts are known;
* each known disadvantage gets ``likelihood = clamp(base + sum of driver
  contributions, 0, 1)``; the most likely ones are returned with their mitigations and
  flagged at or above the model's threshold.

The priors follow the sources' conclusion: coherent business processes suit most
municipalities, because KOMBIT pushes much of what they need out to them. A strategy's
``overrides_prior`` is true when the municipality's facts move it to another rank than
the prior gives it; for the driftsfællesskab option, when they move it across the
recommendation threshold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum

from engine.common import Text
from engine.errors import EngineError

__all__ = [
    "BitingDisadvantage",
    "Contribution",
    "DisadvantageSpec",
    "Driver",
    "FactSpec",
    "OptionKind",
    "OptionResult",
    "OptionSpec",
    "Profile",
    "Ranking",
    "Rule",
    "StrategyModel",
    "rank",
]


class OptionKind(StrEnum):
    """A governance strategy, or an operating-model option such as a driftsfællesskab."""

    STRATEGY = "strategy"
    OPERATING_MODEL = "operating_model"


@dataclass(frozen=True, slots=True)
class Profile:
    """One municipality's assessment answers and computed facts. ``None`` = unknown
    (the fact is skipped and the confidence falls).

    Scales: ``1-5`` answers run from 1 = very low / not at all to 5 = very high;
    ``0-1`` values are shares.
    """

    cost_pressure: float | None = None
    """1-5: pressure to lower IT costs."""
    purchasing_decentralisation: float | None = None
    """1-5: how far each forvaltning buys IT on its own (5 = fully decentralised)."""
    spend_outside_central_share: float | None = None
    """0-1: share of IT spend outside central procurement (e.g. from spend analysis)."""
    overlapping_systems_per_capability: float | None = None
    """>= 1: average number of systems per business capability (1 = no overlap)."""
    integration_coverage: float | None = None
    """0-1: share of systems exchanging data through integrations."""
    data_collected_twice_share: float | None = None
    """0-1: share of processes where the same data is keyed in more than once."""
    in_person_contacts_per_inhabitant: float | None = None
    """Contacts per inhabitant per year handled in person or by phone."""
    self_service_adoption: float | None = None
    """0-1: share of contacts handled by digital self-service."""
    communication_budget: float | None = None
    """1-5: budget and staff for communicating to citizens and staff."""
    it_recruitment_difficulty: float | None = None
    """1-5: how hard it is to recruit and keep IT staff."""
    kombit_component_use: float | None = None
    """0-1: share of KOMBIT's support systems (støttesystemer) in use."""
    political_appetite_central_control: float | None = None
    """1-5: political and executive appetite for central control of IT."""
    management_commitment: float | None = None
    """1-5: commitment of department directors and middle managers."""
    process_maturity: float | None = None
    """1-5: how well the business processes are mapped and described."""
    inhabitants: float | None = None
    """Number of inhabitants."""
    it_spend_per_inhabitant: float | None = None
    """IT spend per inhabitant per year, kr., from the municipality's own accounts."""
    extra: Mapping[str, float | None] = field(default_factory=dict)
    """Further facts by key, for facts the model knows but this class does not name."""

    def facts(self) -> dict[str, float | None]:
        """All facts by key (named fields, then ``extra``).

        >>> Profile(cost_pressure=4, extra={"x": 1.0}).facts()["x"]
        1.0
        """
        values: dict[str, float | None] = {
            spec.name: getattr(self, spec.name) for spec in fields(self) if spec.name != "extra"
        }
        values.update(self.extra)
        return values


@dataclass(frozen=True, slots=True)
class FactSpec:
    """A fact the model reads, with the scale it is normalised on.

    >>> spec = FactSpec("cost_pressure", Text("Omkostningspres", "Cost pressure"), 1, 5)
    >>> spec.normalise(4), spec.normalise(9)
    (0.75, 1.0)
    """

    key: str
    label: Text
    minimum: float
    maximum: float
    percent: bool = False

    def __post_init__(self) -> None:
        if self.maximum <= self.minimum:
            raise EngineError("scale_invalid", {"key": self.key})

    def normalise(self, value: float) -> float:
        """``clamp((value - minimum) / (maximum - minimum), 0, 1)``."""
        return min(1.0, max(0.0, (value - self.minimum) / (self.maximum - self.minimum)))

    def display(self, value: float, language: str) -> str:
        """The value as a reader sees it (percent for shares; decimal comma in Danish).

        >>> FactSpec("s", Text("Andel", "Share"), 0, 1, percent=True).display(0.25, "da")
        '25 %'
        >>> FactSpec("n", Text("Antal", "Count"), 0, 9).display(1.5, "da")
        '1,5'
        """
        text = (
            f"{round(value * 100)} %" if self.percent else f"{value:,.2f}".rstrip("0").rstrip(".")
        )
        if language == "da":
            text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return text


@dataclass(frozen=True, slots=True)
class Rule:
    """``weight x (normalised fact - pivot)`` is added to ``option``'s score."""

    option: str
    fact: str
    weight: float
    why: Text
    pivot: float = 0.5


@dataclass(frozen=True, slots=True)
class Driver:
    """A fact that makes a disadvantage more (weight > 0 when the fact is high) or less
    likely to bite."""

    fact: str
    weight: float
    pivot: float = 0.5


@dataclass(frozen=True, slots=True)
class DisadvantageSpec:
    """A known disadvantage of an option, its base likelihood, drivers and mitigations."""

    key: str
    option: str
    text: Text
    base_likelihood: float
    drivers: tuple[Driver, ...] = ()
    mitigations: tuple[Text, ...] = ()


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """A strategy or option with its prior score (0-1)."""

    key: str
    label: Text
    kind: OptionKind
    prior: float


@dataclass(frozen=True, slots=True)
class StrategyModel:
    """The complete scoring model (built from the knowledge base)."""

    version: str
    options: tuple[OptionSpec, ...]
    facts: tuple[FactSpec, ...]
    rules: tuple[Rule, ...]
    disadvantages: tuple[DisadvantageSpec, ...]
    flag_threshold: float = 0.5
    recommend_threshold: float = 0.5
    max_disadvantages: int = 3

    def __post_init__(self) -> None:
        options = {o.key for o in self.options}
        facts = {f.key for f in self.facts}
        if len(options) != len(self.options) or len(facts) != len(self.facts):
            raise EngineError("keys_not_unique")
        for rule in self.rules:
            if rule.option not in options or rule.fact not in facts:
                raise EngineError("rule_unknown", {"option": rule.option, "fact": rule.fact})
        for item in self.disadvantages:
            if item.option not in options:
                raise EngineError("disadvantage_unknown_option", {"key": item.key})
            if any(d.fact not in facts for d in item.drivers):
                raise EngineError("disadvantage_unknown_fact", {"key": item.key})


@dataclass(frozen=True, slots=True)
class Contribution:
    """How one fact pushed an option's score (or a disadvantage's likelihood)."""

    fact: str
    value: float
    normalised: float
    direction: str
    """"for" (pushes up) or "against" (pushes down)."""
    magnitude: float
    text: Text


@dataclass(frozen=True, slots=True)
class BitingDisadvantage:
    """A disadvantage of the option, how likely it is to bite here, why, and what
    mitigates it."""

    key: str
    text: Text
    likelihood: float
    flagged: bool
    drivers: tuple[Contribution, ...]
    mitigations: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class OptionResult:
    """The assessment of one option for this municipality."""

    key: str
    label: Text
    kind: OptionKind
    score: float
    prior: float
    confidence: float
    rank: int
    prior_rank: int
    overrides_prior: bool
    contributions: tuple[Contribution, ...]
    disadvantages: tuple[BitingDisadvantage, ...]
    summary: Text


@dataclass(frozen=True, slots=True)
class Ranking:
    """Strategies best first, the other options, and whether the facts overrode the prior."""

    model_version: str
    strategies: tuple[OptionResult, ...]
    others: tuple[OptionResult, ...]
    recommended: str
    prior_recommended: str
    overrides_prior: bool
    missing_facts: tuple[str, ...]
    summary: Text

    def option(self, key: str) -> OptionResult:
        """The result for option ``key`` (KeyError if unknown)."""
        for result in (*self.strategies, *self.others):
            if result.key == key:
                return result
        raise KeyError(key)


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _score_text(value: float) -> str:
    return f"{value:.2f}"


def _contribution(
    spec: FactSpec, raw: float, normalised: float, delta: float, target: Text, why: Text | None
) -> Contribution:
    pushes_up = delta > 0
    value_da, value_en = spec.display(raw, "da"), spec.display(raw, "en")
    verb_da = "taler for" if pushes_up else "taler imod"
    verb_en = "speaks for" if pushes_up else "speaks against"
    da = f"{spec.label.da}: {value_da} - {verb_da} {target.da}."
    en = f"{spec.label.en}: {value_en} - {verb_en} {target.en}."
    if why is not None:
        da, en = f"{da} {why.da}", f"{en} {why.en}"
    return Contribution(
        fact=spec.key,
        value=raw,
        normalised=round(normalised, 4),
        direction="for" if pushes_up else "against",
        magnitude=round(abs(delta), 4),
        text=Text(da, en),
    )


def _disadvantages(
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
            drivers.append(_contribution(specs[driver.fact], raw, normalised, delta, target, None))
        likelihood = round(_clamp(likelihood), 3)
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


def _summary(option: OptionSpec, score: float, overrides: bool, top: Text | None) -> Text:
    da = f"{option.label.da}: score {_score_text(score).replace('.', ',')} "
    da += f"(forhåndsvurdering {_score_text(option.prior).replace('.', ',')})."
    en = f"{option.label.en}: score {_score_text(score)} (prior {_score_text(option.prior)})."
    if overrides:
        da += " Kommunens egne forhold flytter vurderingen væk fra kildernes udgangspunkt."
        en += " The municipality's own facts move it away from the sources' starting point."
    if top is not None:
        da += f" Vigtigst: {top.da}"
        en += f" Most important: {top.en}"
    return Text(da, en)


def rank(profile: Profile | Mapping[str, float | None], model: StrategyModel) -> Ranking:
    """Score every option in ``model`` for ``profile`` and rank the strategies.

    >>> model = StrategyModel(
    ...     version="doc",
    ...     options=(
    ...         OptionSpec("a", Text("A", "A"), OptionKind.STRATEGY, 0.6),
    ...         OptionSpec("b", Text("B", "B"), OptionKind.STRATEGY, 0.5),
    ...     ),
    ...     facts=(FactSpec("cost_pressure", Text("Omkostningspres", "Cost pressure"), 1, 5),),
    ...     rules=(Rule("b", "cost_pressure", 0.4, Text("Fordi.", "Because.")),),
    ...     disadvantages=(),
    ... )
    >>> rank(Profile(), model).recommended
    'a'
    >>> ranking = rank(Profile(cost_pressure=5), model)
    >>> ranking.recommended, ranking.overrides_prior, ranking.option("b").score
    ('b', True, 0.7)
    >>> ranking.option("b").contributions[0].direction
    'for'
    """
    values = profile.facts() if isinstance(profile, Profile) else dict(profile)
    specs = {spec.key: spec for spec in model.facts}
    known: dict[str, tuple[float, float]] = {}
    for key, spec in specs.items():
        raw = values.get(key)
        if raw is not None:
            known[key] = (float(raw), spec.normalise(float(raw)))
    order = {option.key: index for index, option in enumerate(model.options)}

    scored: list[tuple[OptionSpec, float, float, tuple[Contribution, ...]]] = []
    for option in model.options:
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
                _contribution(specs[rule.fact], raw, normalised, delta, option.label, rule.why)
            )
        confidence = round(covered / total, 3) if total else 0.0
        contributions.sort(key=lambda c: -c.magnitude)
        scored.append((option, round(_clamp(score), 3), confidence, tuple(contributions)))

    def ordered(items: list[OptionSpec], by_prior: bool) -> list[str]:
        score_of = {o.key: s for o, s, _, _ in scored}
        return [
            o.key
            for o in sorted(
                items, key=lambda o: (-(o.prior if by_prior else score_of[o.key]), order[o.key])
            )
        ]

    strategies = [o for o, _, _, _ in scored if o.kind is OptionKind.STRATEGY]
    by_score = ordered(strategies, by_prior=False)
    by_prior = ordered(strategies, by_prior=True)
    results: dict[str, OptionResult] = {}
    for option, score, confidence, pushes in scored:
        if option.kind is OptionKind.STRATEGY:
            position, prior_position = (
                by_score.index(option.key) + 1,
                by_prior.index(option.key) + 1,
            )
            overrides = position != prior_position
        else:
            position = prior_position = 1
            threshold = model.recommend_threshold
            overrides = (score >= threshold) != (option.prior >= threshold)
        top = pushes[0].text if pushes else None
        results[option.key] = OptionResult(
            key=option.key,
            label=option.label,
            kind=option.kind,
            score=score,
            prior=option.prior,
            confidence=confidence,
            rank=position,
            prior_rank=prior_position,
            overrides_prior=overrides,
            contributions=pushes,
            disadvantages=_disadvantages(model, option.key, known, specs),
            summary=_summary(option, score, overrides, top),
        )
    recommended = by_score[0] if by_score else ""
    prior_recommended = by_prior[0] if by_prior else ""
    overrides_prior = recommended != prior_recommended
    if overrides_prior:
        label, prior_label = results[recommended].label, results[prior_recommended].label
        summary = Text(
            f"Kommunens egne forhold peger på {label.da} frem for {prior_label.da}, "
            "som er modellens udgangspunkt (forhåndsvurderingen) uden kommunens fakta.",
            f"The municipality's own facts point to {label.en} rather than {prior_label.en}, "
            "the model's starting point (the prior) without the municipality's facts.",
        )
    elif recommended:
        label = results[recommended].label
        summary = Text(
            f"{label.da} passer bedst; kommunens forhold bekræfter kildernes udgangspunkt.",
            f"{label.en} fits best; the municipality's facts confirm the sources' starting point.",
        )
    else:
        summary = Text("Modellen indeholder ingen strategier.", "The model holds no strategies.")
    return Ranking(
        model_version=model.version,
        strategies=tuple(results[key] for key in by_score),
        others=tuple(results[o.key] for o in model.options if o.kind is not OptionKind.STRATEGY),
        recommended=recommended,
        prior_recommended=prior_recommended,
        overrides_prior=overrides_prior,
        missing_facts=tuple(key for key in specs if key not in known),
        summary=summary,
    )
