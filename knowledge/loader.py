"""Load and validate Styrbar's structured domain knowledge (``knowledge/data/*.yaml``).

Pure Python, no Django: pydantic models validate each file on load, and
:class:`KnowledgeBase` checks every cross-reference (a mitigation must address a known
disadvantage, each option must have a roadmap, the scoring model must cover every
option and disadvantage, the checklists must cover all eight FDA principles, ...).

The helpers turn the data into the plain values the engine takes:
:func:`strategy_model` builds :class:`engine.strategy.StrategyModel`,
:func:`template_defaults` gives a template's sourced defaults and
:func:`channel_presets` the channel price presets.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from engine.channels import ChannelPrices
from engine.common import Assumption, Text
from engine.strategy import (
    Condition,
    Contradiction,
    DisadvantageSpec,
    Driver,
    FactSpec,
    OptionKind,
    OptionSpec,
    Precondition,
    Rule,
    StrategyModel,
)

__all__ = [
    "DATA_DIR",
    "FILES",
    "KnowledgeBase",
    "KnowledgeError",
    "channel_presets",
    "load",
    "mitigations_for",
    "strategy_model",
    "template_defaults",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Where the shipped knowledge lives."""

FILES = {
    "strategies": "strategies.yaml",
    "mitigations": "mitigations.yaml",
    "risks": "risks.yaml",
    "strategy_model": "strategy_model.yaml",
    "roadmaps": "roadmaps.yaml",
    "checklists": "checklists.yaml",
    "channel_prices": "channel_prices.yaml",
    "template_defaults": "template_defaults.yaml",
}

Key = Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
Share = Annotated[float, Field(ge=0, le=1)]
GateKey = Literal["direktion", "okonomiudvalg", "kommunalbestyrelse"]
ReviewKind = Literal["procurement_request", "solution_review"]


class KnowledgeError(ValueError):
    """The knowledge data is missing, malformed or inconsistent."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalizedText(_Model):
    """A text in Danish and English; both required and non-empty."""

    da: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def to_text(self) -> Text:
        """As the engine's :class:`~engine.common.Text`."""
        return Text(self.da.strip(), self.en.strip())


class KeyedText(_Model):
    """An advantage, disadvantage or precondition. ``derived`` marks Styrbar's own
    addition (not stated by the sources)."""

    key: Key
    text: LocalizedText
    derived: bool = False


class Outcome(_Model):
    good: LocalizedText
    bad: LocalizedText


class OptionEntry(_Model):
    """A strategy or the driftsfællesskab option."""

    key: Key
    kind: OptionKind
    name: LocalizedText
    summary: LocalizedText
    fits_when: LocalizedText | None = None
    outcome: Outcome | None = None
    key_figure: LocalizedText | None = None
    question: LocalizedText | None = None
    perspectives: list[LocalizedText] = []
    must_keep: LocalizedText | None = None
    conclusion: LocalizedText | None = None
    advantages: Annotated[list[KeyedText], Field(min_length=1)]
    disadvantages: Annotated[list[KeyedText], Field(min_length=1)]
    preconditions: list[KeyedText] = []
    roadmap: Key


class StrategiesFile(_Model):
    version: str
    principle: LocalizedText
    conclusion: LocalizedText
    options: Annotated[list[OptionEntry], Field(min_length=1)]


class Mitigation(_Model):
    key: Key
    addresses: Annotated[list[Key], Field(min_length=1)]
    text: LocalizedText
    derived: bool = False


class MitigationsFile(_Model):
    version: str
    mitigations: list[Mitigation]


class RiskEntry(_Model):
    """A risk with Styrbar's default probability (0-1) and impact (1-5)."""

    key: Key
    option: Key
    probability: Share
    impact: Annotated[int, Field(ge=1, le=5)]
    disadvantage: Key | None = None
    mitigations: list[Key] = []
    text: LocalizedText


class RisksFile(_Model):
    version: str
    risks: list[RiskEntry]


class FactEntry(_Model):
    """A fact: ``min``-``max`` is the model's scale, ``lowest``-``highest`` (default:
    the scale) the values it can take at all; ``whole`` for 1-5 answers."""

    key: Key
    min: float
    max: float
    lowest: float | None = None
    highest: float | None = None
    whole: bool = False
    percent: bool = False
    label: LocalizedText

    @model_validator(mode="after")
    def _scale(self) -> FactEntry:
        if self.max <= self.min:
            raise ValueError(f"fact {self.key}: max must exceed min")
        if (self.lowest is not None and self.lowest > self.min) or (
            self.highest is not None and self.highest < self.max
        ):
            raise ValueError(f"fact {self.key}: the bounds must contain the scale")
        return self


class Reasons(_Model):
    """Why a rule pushes its option up ("for") or down ("against")."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    for_: LocalizedText = Field(alias="for")
    against: LocalizedText


class RuleEntry(_Model):
    option: Key
    fact: Key
    weight: Annotated[float, Field(ge=-1, le=1)]
    pivot: Share = 0.5
    why: Reasons


class PreconditionEntry(_Model):
    key: Key
    fact: Key
    below: float
    cap: Share
    options: Annotated[list[Key], Field(min_length=1)]
    text: LocalizedText
    why: LocalizedText


class ConditionEntry(_Model):
    fact: Key
    at_least: float | None = None
    at_most: float | None = None


class ContradictionEntry(_Model):
    key: Key
    when: Annotated[list[ConditionEntry], Field(min_length=2)]
    text: LocalizedText


class DriverEntry(_Model):
    fact: Key
    weight: Annotated[float, Field(ge=-1, le=1)]
    pivot: Share = 0.5


class DisadvantageModel(_Model):
    base: Share
    drivers: list[DriverEntry] = []


class StrategyModelFile(_Model):
    version: str
    flag_threshold: Share
    recommend_threshold: Share
    max_disadvantages: Annotated[int, Field(ge=1)]
    clear_margin: Annotated[float, Field(gt=0, le=1)]
    clear_margin_reason: LocalizedText
    min_coverage: Share
    case_cap: Share
    preconditions: list[PreconditionEntry] = []
    contradictions: list[ContradictionEntry] = []
    priors: dict[Key, Share]
    facts: list[FactEntry]
    rules: list[RuleEntry]
    disadvantages: dict[Key, dict[Key, DisadvantageModel]]


class Gate(_Model):
    key: GateKey
    label: LocalizedText


class DecisionPath(_Model):
    gates: list[GateKey]
    text: LocalizedText


class BuildingBlock(_Model):
    key: Key
    label: LocalizedText


class Step(_Model):
    key: Key
    block: Key
    gates: list[GateKey]
    title: LocalizedText
    description: LocalizedText
    deliverables: Annotated[list[LocalizedText], Field(min_length=1)]


class Roadmap(_Model):
    """A roadmap template; ``derived`` ones are built by Styrbar and say so in ``note``."""

    key: Key
    option: Key
    derived: bool
    note: LocalizedText | None = None
    steps: Annotated[list[Step], Field(min_length=1)]

    @model_validator(mode="after")
    def _marked(self) -> Roadmap:
        if self.derived and self.note is None:
            raise ValueError(f"roadmap {self.key}: a derived roadmap must say so in a note")
        return self


class RoadmapsFile(_Model):
    version: str
    gates: list[Gate]
    decision_path: DecisionPath
    building_blocks: list[BuildingBlock]
    roadmaps: list[Roadmap]


class ChecklistItem(_Model):
    key: Key
    question: LocalizedText


class Checklist(_Model):
    key: Key
    title: LocalizedText
    applies_to: Annotated[list[ReviewKind], Field(min_length=1)]
    principle: Annotated[int, Field(ge=1, le=8)] | None = None
    strategy: Key | None = None
    items: Annotated[list[ChecklistItem], Field(min_length=1)]


class ChecklistsFile(_Model):
    version: str
    checklists: list[Checklist]


class SourcedValue(_Model):
    value: Decimal
    source: Annotated[str, Field(min_length=1)]

    def to_assumption(self) -> Assumption:
        """As the engine's :class:`~engine.common.Assumption`."""
        return Assumption(self.value, self.source)


class ChannelPreset(_Model):
    key: Key
    label: LocalizedText
    in_person: SourcedValue
    digital: SourcedValue
    note: LocalizedText


class ChannelPricesFile(_Model):
    version: str
    presets: Annotated[list[ChannelPreset], Field(min_length=1)]
    adoption_note: LocalizedText


class UnitLabel(_Model):
    unit: str
    da: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]


class TemplateEntry(_Model):
    name: LocalizedText
    defaults: dict[str, SourcedValue]


class TemplateDefaultsFile(_Model):
    version: str
    labels: dict[str, UnitLabel]
    templates: dict[Key, TemplateEntry]

    @model_validator(mode="after")
    def _labelled(self) -> TemplateDefaultsFile:
        for name, template in self.templates.items():
            missing = sorted(set(template.defaults) - set(self.labels))
            if missing:
                raise ValueError(f"template {name}: defaults without a label: {missing}")
        return self


def _unique(keys: list[str], what: str) -> set[str]:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"duplicate {what} key: {key}")
        seen.add(key)
    return seen


class KnowledgeBase(_Model):
    """All knowledge files, validated together."""

    strategies: StrategiesFile
    mitigations: MitigationsFile
    risks: RisksFile
    strategy_model: StrategyModelFile
    roadmaps: RoadmapsFile
    checklists: ChecklistsFile
    channel_prices: ChannelPricesFile
    template_defaults: TemplateDefaultsFile

    @property
    def version(self) -> str:
        """The knowledge version (all files carry the same)."""
        return self.strategies.version

    def option(self, key: str) -> OptionEntry:
        """The strategy or option with ``key`` (KeyError if unknown)."""
        for entry in self.strategies.options:
            if entry.key == key:
                return entry
        raise KeyError(key)

    @model_validator(mode="after")
    def _consistent(self) -> KnowledgeBase:
        files = (
            self.strategies,
            self.mitigations,
            self.risks,
            self.strategy_model,
            self.roadmaps,
            self.checklists,
            self.channel_prices,
            self.template_defaults,
        )
        if len({f.version for f in files}) != 1:
            raise ValueError("all knowledge files must carry the same version")
        options = _unique([o.key for o in self.strategies.options], "option")
        disadvantages: dict[str, str] = {}
        for entry in self.strategies.options:
            for kind in ("advantages", "disadvantages", "preconditions"):
                _unique([item.key for item in getattr(entry, kind)], f"{entry.key} {kind}")
            for item in entry.disadvantages:
                if item.key in disadvantages:
                    raise ValueError(f"disadvantage {item.key} appears twice")
                disadvantages[item.key] = entry.key
        mitigations = _unique([m.key for m in self.mitigations.mitigations], "mitigation")
        addressed: set[str] = set()
        for mitigation in self.mitigations.mitigations:
            unknown = set(mitigation.addresses) - set(disadvantages)
            if unknown:
                raise ValueError(f"mitigation {mitigation.key} addresses unknown {sorted(unknown)}")
            addressed |= set(mitigation.addresses)
        if set(disadvantages) - addressed:
            raise ValueError(
                f"disadvantages without mitigation: {sorted(set(disadvantages) - addressed)}"
            )
        _unique([r.key for r in self.risks.risks], "risk")
        for risk in self.risks.risks:
            if risk.option not in options:
                raise ValueError(f"risk {risk.key}: unknown option {risk.option}")
            if (
                risk.disadvantage is not None
                and disadvantages.get(risk.disadvantage) != risk.option
            ):
                raise ValueError(
                    f"risk {risk.key}: {risk.disadvantage} is not a disadvantage of {risk.option}"
                )
            if set(risk.mitigations) - mitigations:
                raise ValueError(f"risk {risk.key}: unknown mitigation")
        self._check_model(options, disadvantages)
        self._check_roadmaps(options)
        principles = {c.principle for c in self.checklists.checklists if c.principle is not None}
        if principles != set(range(1, 9)):
            raise ValueError("the checklists must cover all eight FDA principles")
        _unique([c.key for c in self.checklists.checklists], "checklist")
        for checklist in self.checklists.checklists:
            if checklist.strategy is not None and checklist.strategy not in options:
                raise ValueError(f"checklist {checklist.key}: unknown strategy")
        _unique([p.key for p in self.channel_prices.presets], "channel preset")
        return self

    def _check_model(self, options: set[str], disadvantages: Mapping[str, str]) -> None:
        model = self.strategy_model
        if set(model.priors) != options:
            raise ValueError("the strategy model needs a prior for every option, and only those")
        facts = _unique([f.key for f in model.facts], "fact")
        for rule in model.rules:
            if rule.option not in options or rule.fact not in facts:
                raise ValueError(f"rule {rule.option}/{rule.fact}: unknown option or fact")
        modelled: set[str] = set()
        for option, entries in model.disadvantages.items():
            for key, entry in entries.items():
                if disadvantages.get(key) != option:
                    raise ValueError(f"model: {key} is not a disadvantage of {option}")
                if any(d.fact not in facts for d in entry.drivers):
                    raise ValueError(f"model: {key} has a driver with an unknown fact")
                modelled.add(key)
        if set(disadvantages) - modelled:
            raise ValueError(f"model: no likelihood for {sorted(set(disadvantages) - modelled)}")
        _unique([p.key for p in model.preconditions], "precondition")
        for condition in model.preconditions:
            if condition.fact not in facts or not set(condition.options) <= options:
                raise ValueError(f"precondition {condition.key}: unknown option or fact")
        _unique([c.key for c in model.contradictions], "contradiction")
        for contradiction in model.contradictions:
            if any(c.fact not in facts for c in contradiction.when):
                raise ValueError(f"contradiction {contradiction.key}: unknown fact")

    def _check_roadmaps(self, options: set[str]) -> None:
        roadmaps = _unique([r.key for r in self.roadmaps.roadmaps], "roadmap")
        blocks = {b.key for b in self.roadmaps.building_blocks}
        for entry in self.strategies.options:
            if entry.roadmap not in roadmaps:
                raise ValueError(f"{entry.key}: unknown roadmap {entry.roadmap}")
        for roadmap in self.roadmaps.roadmaps:
            if roadmap.option not in options:
                raise ValueError(f"roadmap {roadmap.key}: unknown option")
            _unique([s.key for s in roadmap.steps], f"{roadmap.key} step")
            if any(step.block not in blocks for step in roadmap.steps):
                raise ValueError(f"roadmap {roadmap.key}: unknown building block")


def _read(path: Path) -> object:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path.name}: {exc}") from exc


def load(directory: Path | None = None) -> KnowledgeBase:
    """Load and validate the knowledge in ``directory`` (default: the shipped data).

    The shipped data is read once and cached; pass a directory to load another copy
    (e.g. a municipality's extended knowledge).

    >>> kb = load()
    >>> kb.version
    '2025.1'
    >>> [o.key for o in kb.strategies.options][:2]
    ['standardisering', 'genbrug']
    """
    if directory is None:
        return _load_shipped()
    return _load(directory)


@lru_cache(maxsize=1)
def _load_shipped() -> KnowledgeBase:
    return _load(DATA_DIR)


def _load(directory: Path) -> KnowledgeBase:
    raw = {name: _read(directory / filename) for name, filename in FILES.items()}
    try:
        return KnowledgeBase.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeError(str(exc)) from exc


def mitigations_for(disadvantage: str, kb: KnowledgeBase | None = None) -> list[Mitigation]:
    """The mitigations that address ``disadvantage``.

    >>> [m.key for m in mitigations_for("skygge_it")]
    ['inddrag_forvaltninger', 'formidl_processen', 'overvaag_forbrug']
    """
    base = kb or load()
    return [m for m in base.mitigations.mitigations if disadvantage in m.addresses]


def strategy_model(kb: KnowledgeBase | None = None) -> StrategyModel:
    """Build the engine's :class:`~engine.strategy.StrategyModel` from the knowledge.

    >>> model = strategy_model()
    >>> [o.key for o in model.options if o.kind == "strategy"]
    ['standardisering', 'genbrug', 'sammenhaengende_processer', 'borgernaer_service']
    """
    base = kb or load()
    data = base.strategy_model
    options = tuple(
        OptionSpec(o.key, o.name.to_text(), o.kind, data.priors[o.key])
        for o in base.strategies.options
    )
    facts = tuple(
        FactSpec(f.key, f.label.to_text(), f.min, f.max, f.percent, f.lowest, f.highest, f.whole)
        for f in data.facts
    )
    rules = tuple(
        Rule(
            r.option,
            r.fact,
            r.weight,
            r.why.for_.to_text(),
            r.why.against.to_text(),
            r.pivot,
        )
        for r in data.rules
    )
    preconditions = tuple(
        Precondition(
            p.key, p.fact, p.below, tuple(p.options), p.cap, p.text.to_text(), p.why.to_text()
        )
        for p in data.preconditions
    )
    contradictions = tuple(
        Contradiction(
            c.key,
            tuple(Condition(w.fact, w.at_least, w.at_most) for w in c.when),
            c.text.to_text(),
        )
        for c in data.contradictions
    )
    disadvantages = []
    for option in base.strategies.options:
        for item in option.disadvantages:
            entry = data.disadvantages[option.key][item.key]
            disadvantages.append(
                DisadvantageSpec(
                    key=item.key,
                    option=option.key,
                    text=item.text.to_text(),
                    base_likelihood=entry.base,
                    drivers=tuple(Driver(d.fact, d.weight, d.pivot) for d in entry.drivers),
                    mitigations=tuple(m.text.to_text() for m in mitigations_for(item.key, base)),
                )
            )
    return StrategyModel(
        version=data.version,
        options=options,
        facts=facts,
        rules=rules,
        disadvantages=tuple(disadvantages),
        flag_threshold=data.flag_threshold,
        recommend_threshold=data.recommend_threshold,
        max_disadvantages=data.max_disadvantages,
        preconditions=preconditions,
        contradictions=contradictions,
        clear_margin=data.clear_margin,
        min_coverage=data.min_coverage,
        case_cap=data.case_cap,
    )


def template_defaults(template: str, kb: KnowledgeBase | None = None) -> dict[str, Assumption]:
    """A template's sourced defaults by key, as engine Assumptions.

    >>> template_defaults("channel_shift")["prices.in_person"].value
    Decimal('250')
    """
    base = kb or load()
    entry = base.template_defaults.templates[template]
    return {key: value.to_assumption() for key, value in entry.defaults.items()}


def channel_presets(kb: KnowledgeBase | None = None) -> dict[str, ChannelPrices]:
    """The channel price presets by key, as engine ChannelPrices.

    >>> channel_presets()["kl_2011"].saving_per_contact
    Decimal('55')
    """
    base = kb or load()
    return {
        p.key: ChannelPrices(p.key, p.in_person.to_assumption(), p.digital.to_assumption())
        for p in base.channel_prices.presets
    }
