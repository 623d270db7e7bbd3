"""The strategy model's inputs: a municipality's :class:`Profile` of facts and the
:class:`StrategyModel` (options, fact scales, rules, preconditions, contradictions,
disadvantages) that the knowledge base builds."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum

from engine.common import Text
from engine.errors import EngineError

__all__ = [
    "CaseEvidence",
    "Condition",
    "Contradiction",
    "DisadvantageSpec",
    "Driver",
    "FactSpec",
    "OptionKind",
    "OptionSpec",
    "Precondition",
    "Profile",
    "Rule",
    "StrategyModel",
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
    citizen_satisfaction_pressure: float | None = None
    """1-5: political pressure to raise citizens' satisfaction with the service."""
    neighbour_cooperation: float | None = None
    """1-5: how willing neighbouring municipalities are to share IT operations."""
    fragile_operations: float | None = None
    """1-5: how fragile IT operations are (outages, key people, old server rooms)."""
    central_team_capacity: float | None = None
    """1-5: capacity of the central IT/procurement team to take on a strategy."""
    investment_capacity: float | None = None
    """1-5: room in the budget to invest in digitalisation."""
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
    """A fact the model reads, with the scale it is normalised on and the values it can
    take at all.

    ``minimum``-``maximum`` is the model's scale: where the fact makes a difference.
    A value beyond it counts as the nearest end (and :func:`check` says so).
    ``lowest``-``highest`` bound the values that are possible at all (default: the
    scale); ``whole`` facts (1-5 answers) take whole numbers only.

    >>> spec = FactSpec("cost_pressure", Text("Omkostningspres", "Cost pressure"), 1, 5)
    >>> spec.normalise(4), spec.normalise(9)
    (0.75, 1.0)
    >>> spec.problem(9), spec.problem(3)
    ('out_of_bounds', None)
    """

    key: str
    label: Text
    minimum: float
    maximum: float
    percent: bool = False
    lowest: float | None = None
    highest: float | None = None
    whole: bool = False

    def __post_init__(self) -> None:
        low, high = self.bounds()
        if self.maximum <= self.minimum or low > self.minimum or high < self.maximum:
            raise EngineError("scale_invalid", {"key": self.key})

    def bounds(self) -> tuple[float, float]:
        """The lowest and highest possible value (the scale when not given)."""
        low = self.minimum if self.lowest is None else self.lowest
        high = self.maximum if self.highest is None else self.highest
        return low, high

    def problem(self, value: float) -> str | None:
        """Why ``value`` is impossible for this fact (``None`` when it is possible):
        ``not_a_number``, ``out_of_bounds`` or ``not_whole``."""
        if not math.isfinite(value):
            return "not_a_number"
        low, high = self.bounds()
        if value < low or value > high:
            return "out_of_bounds"
        if self.whole and value != int(value):
            return "not_whole"
        return None

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
    """``weight x (normalised fact - pivot)`` is added to ``option``'s score.

    The reason shown depends on the direction of the effect: ``why_for`` when the
    contribution pushes the option up, ``why_against`` when it pushes it down - so a
    negative weight never reads backwards.
    """

    option: str
    fact: str
    weight: float
    why_for: Text
    why_against: Text
    pivot: float = 0.5


@dataclass(frozen=True, slots=True)
class Precondition:
    """Something the sources name as necessary for the options in ``options``.

    It is not met when the fact is known and below ``below``; then each of those options
    scores at most ``cap`` and cannot be recommended, and the reason ``why`` is shown.
    ``text`` names what must be established first.
    """

    key: str
    fact: str
    below: float
    options: tuple[str, ...]
    cap: float
    text: Text
    why: Text


@dataclass(frozen=True, slots=True)
class Condition:
    """``fact`` is at least ``at_least`` and/or at most ``at_most``."""

    fact: str
    at_least: float | None = None
    at_most: float | None = None

    def holds(self, value: float) -> bool:
        """Whether ``value`` meets the condition."""
        low = self.at_least if self.at_least is not None else -math.inf
        high = self.at_most if self.at_most is not None else math.inf
        return low <= value <= high


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Answers that cannot all be true at once: every condition holds."""

    key: str
    conditions: tuple[Condition, ...]
    text: Text


@dataclass(frozen=True, slots=True)
class CaseEvidence:
    """What the municipality's own business case for ``option`` says: its own net
    present value (kr.) in the case ``name``, and the whole case's when it is shared."""

    option: str
    name: str
    npv: Decimal
    whole_npv: Decimal | None = None


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
    """The complete scoring model (built from the knowledge base).

    ``clear_margin``: the smallest lead (in score points, 0-1) of the first strategy over
    the second that counts as a clear winner. ``min_coverage``: below this share of known
    facts the summary says the result rests on the sources' starting point rather than
    the municipality's own facts. ``case_cap``: an option whose own business case has a
    negative net present value scores at most this.
    """

    version: str
    options: tuple[OptionSpec, ...]
    facts: tuple[FactSpec, ...]
    rules: tuple[Rule, ...]
    disadvantages: tuple[DisadvantageSpec, ...]
    flag_threshold: float = 0.5
    recommend_threshold: float = 0.5
    max_disadvantages: int = 3
    preconditions: tuple[Precondition, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    clear_margin: float = 0.05
    min_coverage: float = 0.5
    case_cap: float = 0.45

    def __post_init__(self) -> None:
        options = {o.key for o in self.options}
        facts = {f.key for f in self.facts}
        if len(options) != len(self.options) or len(facts) != len(self.facts):
            raise EngineError("keys_not_unique")
        if self.clear_margin <= 0:
            raise EngineError("clear_margin_not_positive")
        for rule in self.rules:
            if rule.option not in options or rule.fact not in facts:
                raise EngineError("rule_unknown", {"option": rule.option, "fact": rule.fact})
        for item in self.disadvantages:
            if item.option not in options:
                raise EngineError("disadvantage_unknown_option", {"key": item.key})
            if any(d.fact not in facts for d in item.drivers):
                raise EngineError("disadvantage_unknown_fact", {"key": item.key})
        for condition in self.preconditions:
            if condition.fact not in facts or not set(condition.options) <= options:
                raise EngineError("precondition_unknown", {"key": condition.key})
        for contradiction in self.contradictions:
            if not contradiction.conditions or any(
                c.fact not in facts for c in contradiction.conditions
            ):
                raise EngineError("contradiction_unknown", {"key": contradiction.key})
