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
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from engine.common import Text
from engine.errors import EngineError
from engine.money import format_mio

__all__ = [
    "BitingDisadvantage",
    "Cap",
    "CaseEvidence",
    "Condition",
    "Contradiction",
    "Contribution",
    "DataCoverage",
    "DisadvantageSpec",
    "Driver",
    "FactSpec",
    "FactWarning",
    "OptionKind",
    "OptionResult",
    "OptionSpec",
    "Precondition",
    "Profile",
    "Ranking",
    "Rule",
    "StrategyModel",
    "check",
    "points",
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
class Cap:
    """Why an option's score was capped: an unmet precondition (``key``) or its own
    business case (``key`` = ``"business_case"``), at most ``limit``."""

    key: str
    limit: float
    text: Text


@dataclass(frozen=True, slots=True)
class OptionResult:
    """The assessment of one option for this municipality.

    ``raw_score`` is the unclamped score the ranking uses (after caps); ``score`` is
    it clamped to 0-1 for display. ``coverage`` is the share of the option's rule weight
    whose facts are known (how much of its own basis was known, not a certainty).
    ``blocked`` options have an unmet precondition or a losing case and are never
    recommended.
    """

    key: str
    label: Text
    kind: OptionKind
    score: float
    raw_score: float
    prior: float
    coverage: float
    rank: int
    prior_rank: int
    overrides_prior: bool
    contributions: tuple[Contribution, ...]
    disadvantages: tuple[BitingDisadvantage, ...]
    caps: tuple[Cap, ...]
    notes: tuple[Text, ...]
    summary: Text

    @property
    def blocked(self) -> bool:
        """Whether a precondition or the option's own case holds it back."""
        return bool(self.caps)


@dataclass(frozen=True, slots=True)
class DataCoverage:
    """How many of the model's facts were known."""

    known: int
    total: int

    @property
    def share(self) -> float:
        """``known / total`` (0 for an empty model)."""
        return round(self.known / self.total, 3) if self.total else 0.0

    @property
    def text(self) -> Text:
        """``Datagrundlag: 9 af 16 forhold kendt``."""
        return Text(
            f"Datagrundlag: {self.known} af {self.total} forhold kendt",
            f"Data: {self.known} of {self.total} facts known",
        )


@dataclass(frozen=True, slots=True)
class FactWarning:
    """A value beyond the model's scale, or answers that contradict each other."""

    key: str
    facts: tuple[str, ...]
    text: Text


@dataclass(frozen=True, slots=True)
class Ranking:
    """Strategies best first, the other options, and how far to trust the order.

    ``margin``: the first strategy's raw score minus the second's (``None`` with fewer
    than two). ``clear_winner``: a strategy can be recommended and leads by at least
    the model's ``clear_margin``. ``tied``: the strategies sharing first place when two
    or more do. ``none_fits``: every strategy is held back by an unmet precondition;
    ``establish_first`` then names what to establish, most blocking first.
    """

    model_version: str
    strategies: tuple[OptionResult, ...]
    others: tuple[OptionResult, ...]
    recommended: str
    prior_recommended: str
    overrides_prior: bool
    missing_facts: tuple[str, ...]
    summary: Text
    margin: float | None
    clear_winner: bool
    tied: tuple[str, ...]
    none_fits: bool
    establish_first: tuple[Precondition, ...]
    data_coverage: DataCoverage
    warnings: tuple[FactWarning, ...]

    def option(self, key: str) -> OptionResult:
        """The result for option ``key`` (KeyError if unknown)."""
        for result in (*self.strategies, *self.others):
            if result.key == key:
                return result
        raise KeyError(key)


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def points(value: float) -> int:
    """A 0-1 score as whole points out of 100, rounded half up on the decimal value
    (so 0.575 is 58, not the float's 57).

    >>> points(0.575), points(0.1), points(1.35)
    (58, 10, 135)
    """
    return int((Decimal(repr(value)) * 100).quantize(Decimal(1), ROUND_HALF_UP))


def _contribution(
    spec: FactSpec,
    raw: float,
    normalised: float,
    delta: float,
    target: Text,
    why: tuple[Text, Text] | None,
) -> Contribution:
    pushes_up = delta > 0
    value_da, value_en = spec.display(raw, "da"), spec.display(raw, "en")
    verb_da = "taler for" if pushes_up else "taler imod"
    verb_en = "speaks for" if pushes_up else "speaks against"
    da = f"{spec.label.da}: {value_da} - {verb_da} {target.da}."
    en = f"{spec.label.en}: {value_en} - {verb_en} {target.en}."
    if why is not None:
        reason = why[0] if pushes_up else why[1]
        da, en = f"{da} {reason.da}", f"{en} {reason.en}"
    return Contribution(
        fact=spec.key,
        value=raw,
        normalised=round(normalised, 4),
        direction="for" if pushes_up else "against",
        magnitude=round(abs(delta), 4),
        text=Text(da, en),
    )


def check(
    profile: Profile | Mapping[str, float | None], model: StrategyModel, *, strict: bool = True
) -> tuple[FactWarning, ...]:
    """Warnings about the known facts: values beyond the model's scale (they count as
    the nearest end) and answers that contradict each other.

    Raises :class:`~engine.errors.EngineError` ``fact_invalid`` for a value the fact
    cannot take at all (outside its bounds, not a whole 1-5 answer, not a number);
    ``strict=False`` lets a value between two whole answers through (for sensitivity
    scans that move a fact continuously).

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


def _summary(
    option: OptionSpec, score: float, overrides: bool, top: Text | None, caps: tuple[Cap, ...]
) -> Text:
    da = (
        f"{option.label.da}: {points(score)} point af 100 "
        f"(forhåndsvurdering {points(option.prior)})."
    )
    en = f"{option.label.en}: {points(score)} points of 100 (prior {points(option.prior)})."
    for cap in caps:
        da += f" {cap.text.da}"
        en += f" {cap.text.en}"
    if overrides:
        da += " Kommunens egne forhold flytter vurderingen væk fra kildernes udgangspunkt."
        en += " The municipality's own facts move it away from the sources' starting point."
    if top is not None:
        da += f" Vigtigst: {top.da}"
        en += f" Most important: {top.en}"
    return Text(da, en)


def _case_cap(model: StrategyModel, evidence: CaseEvidence) -> tuple[Cap | None, Text]:
    own_da, own_en = format_mio(evidence.npv), format_mio(evidence.npv).replace(",", ".")
    whole = ""
    whole_en = ""
    if evidence.whole_npv is not None:
        whole = f" (hele casen: {format_mio(evidence.whole_npv)})"
        whole_en = f" (the whole case: {format_mio(evidence.whole_npv).replace(',', '.')})"
    if evidence.npv < 0:
        text = Text(
            f"Kommunens egen nutidsværdi i business casen »{evidence.name}« er {own_da}"
            f"{whole}, så den kan ikke anbefales, før casen går i plus for kommunen.",
            f"The municipality's own net present value in the business case "
            f"»{evidence.name}« is {own_en}{whole_en}, so it cannot be recommended until "
            "the case pays for the municipality.",
        )
        return Cap("business_case", min(model.case_cap, model.recommend_threshold), text), text
    return None, Text(
        f"Kommunens egen nutidsværdi i business casen »{evidence.name}« er {own_da}{whole}.",
        f"The municipality's own net present value in the business case »{evidence.name}« "
        f"is {own_en}{whole_en}.",
    )


def _names(labels: list[Text]) -> Text:
    def join(words: list[str], word: str) -> str:
        return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {word} {words[-1]}"

    return Text(join([t.da for t in labels], "og"), join([t.en for t in labels], "and"))


def _ranking_summary(
    results: Mapping[str, OptionResult],
    order: list[str],
    prior_first: str,
    margin: float | None,
    tied: tuple[str, ...],
    establish: tuple[Precondition, ...],
    coverage: DataCoverage,
    model: StrategyModel,
) -> Text:
    if not order:
        return Text("Modellen indeholder ingen strategier.", "The model holds no strategies.")
    first = results[order[0]]
    if establish and first.blocked:
        what = _names([p.text for p in establish])
        return Text(
            f"Ingen strategi passer endnu: først skal {what.da} på plads. "
            + " ".join(p.why.da for p in establish),
            f"No strategy fits yet: first establish {what.en}. "
            + " ".join(p.why.en for p in establish),
        )
    thin = coverage.share < model.min_coverage
    basis = Text(
        f"{coverage.text.da}, så resultatet hviler mest på kildernes udgangspunkt. ",
        f"{coverage.text.en}, so the result rests mostly on the sources' starting point. ",
    )
    opening = basis if thin else Text("", "")
    if len(tied) > 1:
        names = _names([results[k].label for k in tied])
        return Text(
            f"{opening.da}Ingen klar vinder: {names.da} står lige med "
            f"{points(first.score)} point. Kommunens forhold afgør ikke rækkefølgen mellem "
            "dem; de står efter kildernes forhåndsvurdering.",
            f"{opening.en}No clear winner: {names.en} tie at {points(first.score)} points. "
            "The municipality's facts do not decide between them; they are listed by the "
            "sources' prior.",
        )
    if margin is not None and margin < model.clear_margin:
        second = results[order[1]]
        return Text(
            f"{opening.da}Ingen klar vinder: {first.label.da} ligger kun {points(margin)} "
            f"point foran {second.label.da}, under grænsen på {points(model.clear_margin)} "
            "point for en klar anbefaling. Drøft begge.",
            f"{opening.en}No clear winner: {first.label.en} leads {second.label.en} by only "
            f"{points(margin)} points, below the {points(model.clear_margin)} needed for a "
            "clear recommendation. Discuss both.",
        )
    if thin:
        return Text(
            f"{basis.da}{first.label.da} står først.",
            f"{basis.en}{first.label.en} comes first.",
        )
    if order[0] != prior_first:
        prior = results[prior_first].label
        return Text(
            f"Kommunens egne forhold peger på {first.label.da} frem for {prior.da}, "
            "som kilderne anbefaler de fleste kommuner.",
            f"The municipality's own facts point to {first.label.en} rather than {prior.en}, "
            "which the sources recommend for most municipalities.",
        )
    return Text(
        f"{first.label.da} passer bedst; kommunens forhold bekræfter kildernes udgangspunkt.",
        f"{first.label.en} fits best; the municipality's facts confirm the sources' "
        "starting point.",
    )


def _score(
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
            _contribution(
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


def _caps(
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
        cap, note = _case_cap(model, evidence[option.key])
        if cap is not None:
            caps.append(cap)
        else:
            notes.append(note)
    return tuple(caps), tuple(notes), tuple(unmet)


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
        raw_score, coverage, contributions = _score(option, model, known, specs)
        caps, notes, unmet = _caps(option, model, known, specs, by_option)
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
        score = round(_clamp(raw_score), 3)
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
            disadvantages=_disadvantages(model, key, known, specs),
            caps=caps,
            notes=notes,
            summary=_summary(option, score, overrides, pushes[0].text if pushes else None, caps),
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
        summary=_ranking_summary(
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
