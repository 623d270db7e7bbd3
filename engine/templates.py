"""The five case templates: a full business case from a few facts.

Each template takes an input dataclass whose defaults are :class:`~engine.common.Assumption`
values - editable, and each with its source - and returns a :class:`TemplateResult`: the
:class:`~engine.business_case.BusinessCase`, the assumptions actually used (with
sources) and flags that point at the strategy's known weak spots.

1. :func:`channel_shift` - borgernær service: contacts moved to self-service.
2. :func:`shared_operations` - driftsfællesskab: consolidated operations, with its
   disadvantages as explicit costs, the per-member split and who pays / who gains.
3. :func:`standardised_procurement` - standardisering af IT-indkøb.
4. :func:`reuse` - udnyttelse af eksisterende løsninger.
5. :func:`coherent_processes` - sammenhængende forretningsprocesser.

Year index 0 is the first year of the case ("år 1" in Danish documents).
"""

# Defaults are calls that build frozen, immutable Assumption values, so sharing one
# instance between dataclass instances is safe:
# ruff: noqa: RUF009

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum

from engine.business_case import (
    BusinessCase,
    Estimate,
    Line,
    LineKind,
    Risk,
    efficiency_line,
    evaluate,
    year_range,
)
from engine.channels import (
    GOVERNANCE_ARTICLES,
    ChannelPrices,
    adoption_curve,
    digital_share,
    shifted_contacts,
)
from engine.common import SOURCE_LAW_2023, SOURCE_STYRBAR, Assumption, Text
from engine.money import ZERO, format_dkk

__all__ = [
    "TEMPLATES",
    "ChannelShiftInputs",
    "ChannelShiftResult",
    "Flag",
    "Member",
    "ProcessFlow",
    "ProcessInputs",
    "ProcurementInputs",
    "ReuseInputs",
    "ServiceVolume",
    "SharedOperationsInputs",
    "SharedOperationsResult",
    "SplitKey",
    "TemplateResult",
    "WhoPaysRow",
    "channel_shift",
    "coherent_processes",
    "defaults",
    "reuse",
    "shared_operations",
    "standardised_procurement",
]


def _styrbar(value: str) -> Assumption:
    return Assumption(Decimal(value), SOURCE_STYRBAR)


COST_BELOW = _styrbar("0.10")
"""Default: a cost's minimum is 10 % below its most likely value."""
COST_ABOVE = _styrbar("0.30")
"""Default: a cost's maximum is 30 % above (IT projects overrun more often than not)."""
BENEFIT_BELOW = _styrbar("0.30")
"""Default: a benefit's minimum is 30 % below its most likely value."""
BENEFIT_ABOVE = _styrbar("0.10")
"""Default: a benefit's maximum is 10 % above its most likely value."""
SALARY_PER_FTE = _styrbar("650000")
"""Default yearly cost of one full-time employee incl. pension and overhead (kr.)."""


@dataclass(frozen=True, slots=True)
class Flag:
    """A warning or note attached to a template's result."""

    key: str
    text: Text


@dataclass(frozen=True, slots=True)
class TemplateResult:
    """A case built by a template, with the assumptions used and the flags raised."""

    template: str
    case: BusinessCase
    assumptions: tuple[tuple[str, Assumption], ...]
    flags: tuple[Flag, ...]

    def flag(self, key: str) -> Flag | None:
        """The flag with ``key``, or None."""
        return next((f for f in self.flags if f.key == key), None)


def _used(inputs: object) -> tuple[tuple[str, Assumption], ...]:
    """Every Assumption on an input dataclass (channel prices expanded), in field order."""
    out: list[tuple[str, Assumption]] = []
    for spec in fields(inputs):  # type: ignore[arg-type]
        value = getattr(inputs, spec.name)
        if isinstance(value, Assumption):
            out.append((spec.name, value))
        elif isinstance(value, ChannelPrices):
            out.append((f"{spec.name}.in_person", value.in_person))
            out.append((f"{spec.name}.digital", value.digital))
    return tuple(out)


class _Spreads:
    """Turns most likely values into three-point estimates with the inputs' spreads."""

    def __init__(
        self,
        cost_below: Assumption,
        cost_above: Assumption,
        b_below: Assumption,
        b_above: Assumption,
    ) -> None:
        self.cost = (cost_below.value, cost_above.value)
        self.benefit = (b_below.value, b_above.value)

    def cost_estimate(self, mode: Decimal) -> Estimate:
        return Estimate.spread(mode, *self.cost)

    def benefit_estimate(self, mode: Decimal) -> Estimate:
        return Estimate.spread(mode, *self.benefit)


def _ramp(horizon: int, ramp_years: Decimal, start: int = 0) -> tuple[Decimal, ...]:
    """Linear phase-in ``min(1, (t - start) / ramp_years)``, 0 before ``start``."""
    if ramp_years <= 0:
        raise ValueError("a phase-in needs at least part of a year")
    return tuple(min(Decimal(1), max(ZERO, (t - start) / ramp_years)) for t in range(horizon))


def _percent(value: Decimal) -> str:
    return f"{round(value * 100)} %"


# --- 1. channel shift ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServiceVolume:
    """Contacts per year for one service, by channel."""

    name: str
    in_person: Decimal
    digital: Decimal


@dataclass(frozen=True, slots=True)
class ChannelShiftInputs:
    """Facts and assumptions for a channel shift (borgernær service)."""

    services: tuple[ServiceVolume, ...]
    horizon: int = 5
    bearer: str = ""
    prices: ChannelPrices = GOVERNANCE_ARTICLES
    adoption_ceiling: Assumption = Assumption(
        Decimal("0.85"), f"{SOURCE_STYRBAR}; under 100 %: {SOURCE_LAW_2023}"
    )
    adoption_midpoint: Assumption = _styrbar("2")
    adoption_steepness: Assumption = _styrbar("1")
    platform_investment: Assumption = _styrbar("1500000")
    platform_operation_share: Assumption = _styrbar("0.15")
    communication_per_year: Assumption = _styrbar("400000")
    review_per_year: Assumption = _styrbar("150000")
    cost_below: Assumption = COST_BELOW
    cost_above: Assumption = COST_ABOVE
    benefit_below: Assumption = BENEFIT_BELOW
    benefit_above: Assumption = BENEFIT_ABOVE


@dataclass(frozen=True, slots=True)
class ChannelShiftResult(TemplateResult):
    """Channel-shift case plus the adoption curve and the contacts shifted per service."""

    adoption: tuple[tuple[str, tuple[Decimal, ...]], ...]
    shifted: tuple[tuple[str, tuple[Decimal, ...]], ...]


def channel_shift(inputs: ChannelShiftInputs) -> ChannelShiftResult:
    """Channel shift: savings from contacts moved to self-service against platform,
    communication and review costs.

    Per service, the digital share follows :func:`~engine.channels.adoption_curve` from
    today's share towards the ceiling; the benefit in year t is
    ``contacts x (share[t] - share[0]) x (price_in_person - price_digital)``. Costs: the
    platform investment (year 0), its operation (a share of the investment per year
    from year 1), the communication plan every year - usually what makes this strategy
    expensive - and the control body's review and the governance plan every year.

    >>> result = channel_shift(ChannelShiftInputs(
    ...     services=(ServiceVolume("Pas og kørekort", Decimal(20000), Decimal(5000)),)))
    >>> [line.key for line in result.case.lines]
    ['shift:Pas og kørekort', 'platform', 'platform_operation', 'communication', 'review']
    >>> result.flag("communication_cost") is not None
    True
    """
    horizon = inputs.horizon
    spreads = _Spreads(
        inputs.cost_below, inputs.cost_above, inputs.benefit_below, inputs.benefit_above
    )
    years = year_range(0, horizon)
    lines: list[Line] = []
    adoption: list[tuple[str, tuple[Decimal, ...]]] = []
    shifted: list[tuple[str, tuple[Decimal, ...]]] = []
    for service in inputs.services:
        start = digital_share(service.in_person, service.digital)
        curve = adoption_curve(
            start,
            inputs.adoption_ceiling.value,
            horizon,
            midpoint=inputs.adoption_midpoint.value,
            steepness=inputs.adoption_steepness.value,
        )
        moved = shifted_contacts(service.in_person + service.digital, curve, start)
        adoption.append((service.name, curve))
        shifted.append((service.name, moved))
        lines.append(
            Line(
                f"Kanalskift: {service.name}",
                LineKind.ECONOMIC,
                spreads.benefit_estimate(inputs.prices.saving_per_contact),
                years,
                bearer=inputs.bearer,
                factors=moved,
                key=f"shift:{service.name}",
            )
        )
    investment = inputs.platform_investment.value
    communication = inputs.communication_per_year.value
    review = inputs.review_per_year.value
    lines += [
        Line(
            "Selvbetjeningsplatform og integrationer",
            LineKind.INVESTMENT,
            spreads.cost_estimate(investment),
            (0,),
            bearer=inputs.bearer,
            key="platform",
        ),
        Line(
            "Drift af platformen",
            LineKind.OPERATION,
            spreads.cost_estimate(investment * inputs.platform_operation_share.value),
            year_range(1, horizon),
            bearer=inputs.bearer,
            key="platform_operation",
        ),
        Line(
            "Kommunikationsplan (alle år)",
            LineKind.OPERATION,
            spreads.cost_estimate(communication),
            years,
            bearer=inputs.bearer,
            key="communication",
        ),
        Line(
            "Review af platformsunderstøttelse og styringsplan",
            LineKind.OPERATION,
            spreads.cost_estimate(review),
            years,
            bearer=inputs.bearer,
            key="review",
        ),
    ]
    case = BusinessCase("Kanalskift (borgernær service)", tuple(lines), horizon=horizon)
    total_cost = investment * (
        1 + inputs.platform_operation_share.value * (horizon - 1)
    ) + horizon * (communication + review)
    share = communication * horizon / total_cost if total_cost else ZERO
    flags = (
        Flag(
            "communication_cost",
            Text(
                f"Kommunikationsplanen udgør {_percent(share)} af omkostningerne. Uden den "
                "bliver løsningerne ikke brugt, og gevinsten udebliver.",
                f"The communication plan is {_percent(share)} of the costs. Without it the "
                "solutions go unused and the return does not come.",
            ),
        ),
        Flag(
            "adoption_ceiling",
            Text(
                f"Den digitale andel stiger højst til {_percent(inputs.adoption_ceiling.value)}: "
                "borgere fritaget for Digital Post har ret til en ikke-digital kanal.",
                f"The digital share rises to at most {_percent(inputs.adoption_ceiling.value)}: "
                "people exempt from Digital Post have a right to a non-digital channel.",
            ),
        ),
    )
    return ChannelShiftResult(
        template="channel_shift",
        case=case,
        assumptions=_used(inputs),
        flags=flags,
        adoption=tuple(adoption),
        shifted=tuple(shifted),
    )


# --- 2. driftsfællesskab ------------------------------------------------------------


class SplitKey(StrEnum):
    """How common costs are split between the members."""

    OPERATIONS_COST = "operations_cost"
    STAFF = "staff"
    EQUAL = "equal"


@dataclass(frozen=True, slots=True)
class Member:
    """A member organisation: yearly IT operations cost (kr.), IT staff (FTE) and the
    number of data centres / server rooms it runs today."""

    name: str
    operations_cost: Decimal
    it_staff_fte: Decimal
    data_centres: int


@dataclass(frozen=True, slots=True)
class SharedOperationsInputs:
    """Facts and assumptions for a driftsfællesskab.

    The first member hosts the shared data centre and keeps one of its own; every other
    data centre is closed.
    """

    members: tuple[Member, ...]
    horizon: int = 5
    split: SplitKey = SplitKey.OPERATIONS_COST
    consolidation_saving: Assumption = Assumption(
        Decimal("0.15"),
        f"{SOURCE_STYRBAR}; IT-Forsyningen (2014) ventede ca. 2 mio. kr. pr. kommune pr. år",
    )
    saving_ramp_years: Assumption = _styrbar("2")
    saving_per_closed_data_centre: Assumption = _styrbar("300000")
    data_centre_closure_cost: Assumption = _styrbar("200000")
    transition_investment_share: Assumption = _styrbar("0.25")
    transition_first_year_share: Assumption = _styrbar("0.6")
    coordination_share: Assumption = _styrbar("0.04")
    startup_coordination_share: Assumption = _styrbar("0.06")
    invoicing_per_member: Assumption = _styrbar("60000")
    retained_fte_per_member: Assumption = _styrbar("1")
    salary_per_fte: Assumption = SALARY_PER_FTE
    salary_uplift: Assumption = _styrbar("0.08")
    cost_below: Assumption = COST_BELOW
    cost_above: Assumption = COST_ABOVE
    benefit_below: Assumption = BENEFIT_BELOW
    benefit_above: Assumption = BENEFIT_ABOVE


@dataclass(frozen=True, slots=True)
class WhoPaysRow:
    """One member's share of the common costs and its totals over the horizon."""

    member: str
    share: Decimal
    pays: Decimal
    gains: Decimal
    net: Decimal
    npv: Decimal


@dataclass(frozen=True, slots=True)
class SharedOperationsResult(TemplateResult):
    """Driftsfællesskab case plus the "who pays, who gains" table."""

    who_pays: tuple[WhoPaysRow, ...]


def _split_shares(members: tuple[Member, ...], key: SplitKey) -> tuple[Decimal, ...]:
    if key is SplitKey.EQUAL:
        weights = [Decimal(1)] * len(members)
    elif key is SplitKey.STAFF:
        weights = [m.it_staff_fte for m in members]
    else:
        weights = [m.operations_cost for m in members]
    total = sum(weights, ZERO)
    if total <= 0:
        raise ValueError("the split key sums to zero")
    return tuple(w / total for w in weights)


def shared_operations(inputs: SharedOperationsInputs) -> SharedOperationsResult:
    """Driftsfællesskab: consolidation savings against the transition and the known
    disadvantages, made explicit as costs.

    Per member: saving = ``operations_cost x consolidation_saving`` phased in over
    ``saving_ramp_years`` (nothing in year 0), plus a saving per closed data centre from
    year 1. Common costs are split by the split key: the transition investment
    (``transition_investment_share`` of the combined operations cost, over years 0-1),
    coordination and project management every year, and extra start-up coordination in
    years 0-1 (år 1-2). Each member also carries mutual invoicing, the architects and
    requirements staff it must keep to hold on to its business knowledge, and the salary
    budget that must follow the transferred staff (``salary_uplift`` on their salaries).

    >>> result = shared_operations(SharedOperationsInputs(members=(
    ...     Member("Ballerup", Decimal(30_000_000), Decimal(25), 2),
    ...     Member("Egedal", Decimal(20_000_000), Decimal(15), 1),
    ... )))
    >>> [row.member for row in result.who_pays]
    ['Ballerup', 'Egedal']
    >>> result.flag("knowledge_loss") is not None
    True
    """
    members = inputs.members
    if len(members) < 2:
        raise ValueError("a driftsfællesskab needs at least two members")
    horizon = inputs.horizon
    spreads = _Spreads(
        inputs.cost_below, inputs.cost_above, inputs.benefit_below, inputs.benefit_above
    )
    shares = _split_shares(members, inputs.split)
    combined = sum((m.operations_cost for m in members), ZERO)
    all_years = year_range(0, horizon)
    later = year_range(1, horizon)
    startup = (0, 1)
    first = inputs.transition_first_year_share.value
    salary = inputs.salary_per_fte.value
    retained = inputs.retained_fte_per_member.value
    ramp = _ramp(horizon, inputs.saving_ramp_years.value)
    lines: list[Line] = []
    for index, (member, share) in enumerate(zip(members, shares, strict=True)):
        name = member.name
        closed = member.data_centres - (1 if index == 0 else 0)
        transferred = max(ZERO, member.it_staff_fte - retained)
        lines += [
            Line(
                f"Konsolideringsbesparelse ({name})",
                LineKind.ECONOMIC,
                spreads.benefit_estimate(
                    member.operations_cost * inputs.consolidation_saving.value
                ),
                all_years,
                bearer=name,
                factors=ramp,
                key=f"saving:{name}",
            ),
            Line(
                f"Omstillingsinvestering, andel ({name})",
                LineKind.INVESTMENT,
                spreads.cost_estimate(combined * inputs.transition_investment_share.value * share),
                startup,
                bearer=name,
                factors=(first, 1 - first),
                key=f"transition:{name}",
            ),
            Line(
                f"Koordinering og projektledelse ({name})",
                LineKind.OPERATION,
                spreads.cost_estimate(combined * inputs.coordination_share.value * share),
                all_years,
                bearer=name,
                key=f"coordination:{name}",
            ),
            Line(
                f"Ekstra koordinering i opstarten, år 1-2 ({name})",
                LineKind.OPERATION,
                spreads.cost_estimate(combined * inputs.startup_coordination_share.value * share),
                startup,
                bearer=name,
                key=f"startup:{name}",
            ),
            Line(
                f"Gensidig fakturering og opfølgning ({name})",
                LineKind.OPERATION,
                spreads.cost_estimate(inputs.invoicing_per_member.value),
                all_years,
                bearer=name,
                key=f"invoicing:{name}",
            ),
            Line(
                f"Fastholdte arkitekter og kravspecialister ({name})",
                LineKind.OPERATION,
                spreads.cost_estimate(retained * salary),
                all_years,
                bearer=name,
                key=f"retained:{name}",
            ),
            Line(
                f"Lønbudget der følger medarbejderne ({name})",
                LineKind.OPERATION,
                spreads.cost_estimate(transferred * salary * inputs.salary_uplift.value),
                all_years,
                bearer=name,
                key=f"salary:{name}",
            ),
        ]
        if closed > 0:
            lines += [
                Line(
                    f"Færre datacentre ({name})",
                    LineKind.ECONOMIC,
                    spreads.benefit_estimate(closed * inputs.saving_per_closed_data_centre.value),
                    later,
                    bearer=name,
                    key=f"data_centres:{name}",
                ),
                Line(
                    f"Lukning af datacentre ({name})",
                    LineKind.INVESTMENT,
                    spreads.cost_estimate(closed * inputs.data_centre_closure_cost.value),
                    (1,),
                    bearer=name,
                    key=f"closure:{name}",
                ),
            ]
    case = BusinessCase("Driftsfællesskab", tuple(lines), horizon=horizon)
    result = evaluate(case)
    totals = {row.bearer: row for row in result.by_bearer}
    who_pays = tuple(
        WhoPaysRow(
            member=m.name,
            share=share.quantize(Decimal("0.0001")),
            pays=totals[m.name].cost,
            gains=totals[m.name].benefit,
            net=totals[m.name].net,
            npv=totals[m.name].npv,
        )
        for m, share in zip(members, shares, strict=True)
    )
    flags = [
        Flag(
            "knowledge_loss",
            Text(
                "Viden om kommunens forretningsprocesser og om at stille krav flytter med "
                "medarbejderne. Casen regner med fastholdte arkitekter og kravspecialister "
                f"for {format_dkk(retained * salary)} pr. medlem pr. år.",
                "Knowledge of the municipality's business processes and of eliciting "
                "requirements moves with the staff. The case keeps architects and "
                f"requirements staff for {format_dkk(retained * salary)} per member per year.",
            ),
        ),
        Flag(
            "coordination",
            Text(
                "Større afstand til IT-kompetencerne giver udgifter til koordinering, "
                "projektledelse, opfølgning og gensidig fakturering - de står som egne linjer.",
                "More distance to IT competence brings costs for coordination, project "
                "management, follow-up and mutual invoicing - they are separate lines.",
            ),
        ),
        Flag(
            "approval",
            Text(
                "Et formelt fællesskab kræver normalt godkendelse efter "
                "kommunestyrelseslovens § 60.",
                "A formal community normally needs approval under section 60 of the "
                "Local Government Act.",
            ),
        ),
    ]
    short_term = sum(result.net[:2], ZERO)
    if short_term < 0:
        flags.append(
            Flag(
                "short_term_costs",
                Text(
                    f"I år 1-2 overstiger omkostningerne gevinsterne med {format_dkk(-short_term)}"
                    ". Her afgøres det ofte, om gevinsterne nogensinde høstes.",
                    f"In years 1-2 costs exceed gains by {format_dkk(-short_term)}. This is "
                    "where it is often decided whether the gains are ever realised.",
                ),
            )
        )
    losers = [row.member for row in who_pays if row.npv < 0]
    if losers:
        names = ", ".join(losers)
        flags.append(
            Flag(
                "uneven_split",
                Text(
                    f"Negativ nutidsværdi for: {names}. Fordelingsnøglen bør drøftes.",
                    f"Negative net present value for: {names}. Revisit the split key.",
                ),
            )
        )
    return SharedOperationsResult(
        template="shared_operations",
        case=case,
        assumptions=_used(inputs),
        flags=tuple(flags),
        who_pays=who_pays,
    )


# --- 3. standardised procurement ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProcurementInputs:
    """Facts and assumptions for standardised IT procurement.

    ``central_it_spend`` is the yearly IT spend (kr.) that will come under central
    management; ``purchases_per_year`` the number of IT purchases going through the
    process.
    """

    central_it_spend: Decimal
    purchases_per_year: Decimal
    horizon: int = 5
    bearer: str = ""
    new_purchase_share: Assumption = _styrbar("0.15")
    renegotiable_share: Assumption = _styrbar("0.20")
    saving_new_purchases: Assumption = _styrbar("0.10")
    saving_renegotiation: Assumption = _styrbar("0.05")
    phase_in_years: Assumption = Assumption(
        Decimal(4), f"{SOURCE_STYRBAR}; artiklerne: gevinst over 3-5 år"
    )
    team_fte: Assumption = _styrbar("2")
    salary_per_fte: Assumption = SALARY_PER_FTE
    process_setup_cost: Assumption = _styrbar("300000")
    process_cost_per_year: Assumption = _styrbar("100000")
    extra_lead_days: Assumption = _styrbar("10")
    value_per_day: Assumption = _styrbar("500")
    shadow_it_probability: Assumption = _styrbar("0.3")
    shadow_it_loss_share: Assumption = _styrbar("0.4")
    cost_below: Assumption = COST_BELOW
    cost_above: Assumption = COST_ABOVE
    benefit_below: Assumption = BENEFIT_BELOW
    benefit_above: Assumption = BENEFIT_ABOVE


def standardised_procurement(inputs: ProcurementInputs) -> TemplateResult:
    """Standardised IT procurement: savings on new purchases and renegotiated contracts
    phased in over ``phase_in_years`` (``min(1, t / phase_in_years)``), against the
    procurement team, the process (set-up and running, incl. telling the departments
    how it works) and the cost of a longer way from idea to action
    (``purchases x extra days x value per day``). Shadow IT - departments buying around
    the process - is a risk that costs ``loss share x full yearly savings`` for each
    year from year 2.

    >>> result = standardised_procurement(ProcurementInputs(Decimal(40_000_000), Decimal(120)))
    >>> result.case.risks[0].key
    'shadow_it'
    """
    horizon = inputs.horizon
    spreads = _Spreads(
        inputs.cost_below, inputs.cost_above, inputs.benefit_below, inputs.benefit_above
    )
    spend = inputs.central_it_spend
    ramp = _ramp(horizon, inputs.phase_in_years.value)
    all_years = year_range(0, horizon)
    new_saving = spend * inputs.new_purchase_share.value * inputs.saving_new_purchases.value
    renegotiation = spend * inputs.renegotiable_share.value * inputs.saving_renegotiation.value
    lines = (
        Line(
            "Besparelse på nye indkøb",
            LineKind.ECONOMIC,
            spreads.benefit_estimate(new_saving),
            all_years,
            bearer=inputs.bearer,
            factors=ramp,
            key="new_purchases",
        ),
        Line(
            "Besparelse ved genforhandlede kontrakter",
            LineKind.ECONOMIC,
            spreads.benefit_estimate(renegotiation),
            all_years,
            bearer=inputs.bearer,
            factors=ramp,
            key="renegotiation",
        ),
        Line(
            "Indkøbsteam i digitaliseringsenheden",
            LineKind.OPERATION,
            spreads.cost_estimate(inputs.team_fte.value * inputs.salary_per_fte.value),
            all_years,
            bearer=inputs.bearer,
            key="team",
        ),
        Line(
            "Etablering af standardiseret indkøbsproces",
            LineKind.INVESTMENT,
            spreads.cost_estimate(inputs.process_setup_cost.value),
            (0,),
            bearer=inputs.bearer,
            key="process_setup",
        ),
        Line(
            "Drift af processen og information til forvaltningerne",
            LineKind.OPERATION,
            spreads.cost_estimate(inputs.process_cost_per_year.value),
            year_range(1, horizon),
            bearer=inputs.bearer,
            key="process",
        ),
        Line(
            "Længere vej fra idé til handling",
            LineKind.OPERATION,
            spreads.cost_estimate(
                inputs.purchases_per_year
                * inputs.extra_lead_days.value
                * inputs.value_per_day.value
            ),
            all_years,
            bearer=inputs.bearer,
            key="lead_time",
        ),
    )
    loss = (new_saving + renegotiation) * inputs.shadow_it_loss_share.value * max(0, horizon - 2)
    risk = Risk(
        "Skygge-IT: forvaltninger køber uden om processen",
        inputs.shadow_it_probability.value,
        spreads.cost_estimate(loss),
        year=2,
        bearer=inputs.bearer,
        key="shadow_it",
    )
    case = BusinessCase("Standardisering af IT-indkøb", lines, horizon=horizon, risks=(risk,))
    flags = (
        Flag(
            "shadow_it",
            Text(
                "Forvaltninger, der ikke inddrages, oplever spørgsmålene som stopklodser og "
                "køber uden om processen. Det æder besparelsen og kan hæve IT-udgifterne.",
                "Departments that are not involved see the questions as show stoppers and "
                "buy around the process. That eats the savings and can raise IT costs.",
            ),
        ),
        Flag(
            "lead_time",
            Text(
                "Vejen fra idé til handling bliver længere; casen prissætter ventetiden.",
                "The way from idea to action gets longer; the case prices the wait.",
            ),
        ),
    )
    return TemplateResult("standardised_procurement", case, _used(inputs), flags)


# --- 4. reuse ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReuseInputs:
    """Facts and assumptions for reuse of existing solutions.

    ``avoided_purchases_per_year``: new systems a year that an existing solution can
    replace.
    """

    avoided_purchases_per_year: Decimal
    horizon: int = 5
    bearer: str = ""
    typical_purchase_price: Assumption = _styrbar("400000")
    typical_yearly_operation: Assumption = _styrbar("80000")
    adaptation_share: Assumption = _styrbar("0.35")
    best_of_breed_haircut: Assumption = _styrbar("0.20")
    overview_cost_per_year: Assumption = _styrbar("100000")
    cost_below: Assumption = COST_BELOW
    cost_above: Assumption = COST_ABOVE
    benefit_below: Assumption = BENEFIT_BELOW
    benefit_above: Assumption = BENEFIT_ABOVE


def reuse(inputs: ReuseInputs) -> TemplateResult:
    """Reuse: purchases avoided (``count x typical price`` a year from year 1) and the
    operation of the systems not bought (accumulating: ``count x t x yearly operation``
    in year t) against adaptation/configuration (``adaptation_share`` of the price) and a
    haircut for not getting best-of-breed (``haircut x`` the avoided value), plus the
    cost of keeping an overview of existing solutions.

    >>> result = reuse(ReuseInputs(Decimal(3)))
    >>> [line.key for line in result.case.lines]
    ['avoided_purchases', 'avoided_operation', 'adaptation', 'best_of_breed', 'overview']
    """
    horizon = inputs.horizon
    spreads = _Spreads(
        inputs.cost_below, inputs.cost_above, inputs.benefit_below, inputs.benefit_above
    )
    count = inputs.avoided_purchases_per_year
    price = inputs.typical_purchase_price.value
    operation = inputs.typical_yearly_operation.value
    later = year_range(1, horizon)
    accumulated = tuple(Decimal(t) for t in later)
    haircut_per_year = tuple(price + operation * t for t in accumulated)
    lines = (
        Line(
            "Undgåede indkøb",
            LineKind.ECONOMIC,
            spreads.benefit_estimate(count * price),
            later,
            bearer=inputs.bearer,
            key="avoided_purchases",
        ),
        Line(
            "Undgået drift af parallelle systemer",
            LineKind.ECONOMIC,
            spreads.benefit_estimate(count * operation),
            later,
            bearer=inputs.bearer,
            factors=accumulated,
            key="avoided_operation",
        ),
        Line(
            "Tilpasning og konfiguration af eksisterende løsninger",
            LineKind.INVESTMENT,
            spreads.cost_estimate(count * price * inputs.adaptation_share.value),
            later,
            bearer=inputs.bearer,
            key="adaptation",
        ),
        Line(
            "Tab ved ikke at få best-of-breed",
            LineKind.OPERATION,
            spreads.cost_estimate(count * inputs.best_of_breed_haircut.value),
            later,
            bearer=inputs.bearer,
            factors=haircut_per_year,
            key="best_of_breed",
        ),
        Line(
            "Overblik over eksisterende løsninger",
            LineKind.OPERATION,
            spreads.cost_estimate(inputs.overview_cost_per_year.value),
            year_range(0, horizon),
            bearer=inputs.bearer,
            key="overview",
        ),
    )
    flags = (
        Flag(
            "best_of_breed",
            Text(
                "Forvaltningerne får ikke altid det bedste produkt eller alle deres ønsker "
                "opfyldt; tabet står som en omkostning i casen.",
                "Departments do not always get the best product or every wish met; the loss "
                "is a cost line in the case.",
            ),
        ),
    )
    case = BusinessCase("Udnyttelse af eksisterende løsninger", lines, horizon=horizon)
    return TemplateResult("reuse", case, _used(inputs), flags)


# --- 5. coherent processes --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProcessFlow:
    """A process where data is collected once: cases a year and minutes saved per case."""

    name: str
    cases_per_year: Decimal
    minutes_saved_per_case: Decimal


@dataclass(frozen=True, slots=True)
class ProcessInputs:
    """Facts and assumptions for coherent business processes.

    ``integrations``: integrations needed to move the data between the systems.
    """

    processes: tuple[ProcessFlow, ...]
    integrations: Decimal
    horizon: int = 5
    bearer: str = ""
    hourly_rate: Assumption = _styrbar("400")
    ramp_years: Assumption = _styrbar("2")
    cost_per_integration: Assumption = _styrbar("250000")
    integration_operation: Assumption = _styrbar("30000")
    process_mapping_cost: Assumption = _styrbar("300000")
    governance_fte: Assumption = _styrbar("0.5")
    salary_per_fte: Assumption = SALARY_PER_FTE
    cost_below: Assumption = COST_BELOW
    cost_above: Assumption = COST_ABOVE
    benefit_below: Assumption = BENEFIT_BELOW
    benefit_above: Assumption = BENEFIT_ABOVE


def coherent_processes(inputs: ProcessInputs) -> TemplateResult:
    """Coherent processes: data collected once saves ``minutes per case x cases per
    year / 60`` hours a year per process, valued at the hourly rate and phased in over
    ``ramp_years``, against integrations (establishment over years 0-1, then operation),
    process mapping and the governance overhead of involving architecture in purchases.

    >>> result = coherent_processes(ProcessInputs(
    ...     (ProcessFlow("Byggesag", Decimal(2000), Decimal(15)),), integrations=Decimal(4)))
    >>> result.case.lines[0].kind
    <LineKind.EFFICIENCY: 'efficiency'>
    """
    horizon = inputs.horizon
    spreads = _Spreads(
        inputs.cost_below, inputs.cost_above, inputs.benefit_below, inputs.benefit_above
    )
    ramp = _ramp(horizon, inputs.ramp_years.value)
    all_years = year_range(0, horizon)
    lines: list[Line] = [
        efficiency_line(
            f"Data indsamles én gang: {process.name}",
            spreads.benefit_estimate(process.cases_per_year * process.minutes_saved_per_case / 60),
            inputs.hourly_rate.value,
            all_years,
            bearer=inputs.bearer,
            factors=ramp,
            key=f"process:{process.name}",
        )
        for process in inputs.processes
    ]
    count = inputs.integrations
    lines += [
        Line(
            "Integrationer (etablering)",
            LineKind.INVESTMENT,
            spreads.cost_estimate(count * inputs.cost_per_integration.value),
            (0, 1),
            bearer=inputs.bearer,
            factors=(Decimal("0.5"), Decimal("0.5")),
            key="integrations",
        ),
        Line(
            "Integrationer (drift)",
            LineKind.OPERATION,
            spreads.cost_estimate(count * inputs.integration_operation.value),
            year_range(1, horizon),
            bearer=inputs.bearer,
            key="integration_operation",
        ),
        Line(
            "Procesafdækning og -optimering",
            LineKind.INVESTMENT,
            spreads.cost_estimate(inputs.process_mapping_cost.value),
            (0,),
            bearer=inputs.bearer,
            key="process_mapping",
        ),
        Line(
            "Arkitekturinvolvering i indkøb (styring)",
            LineKind.OPERATION,
            spreads.cost_estimate(inputs.governance_fte.value * inputs.salary_per_fte.value),
            all_years,
            bearer=inputs.bearer,
            key="governance",
        ),
    ]
    flags = (
        Flag(
            "benefit_realisation",
            Text(
                "Gevinsten er frigjort tid. Den bliver kun til kroner, hvis den tages ud af "
                "budgetterne (gevinstrealisering).",
                "The benefit is time freed. It only becomes money if it is taken out of the "
                "budgets (benefit realisation).",
            ),
        ),
        Flag(
            "no_quick_purchases",
            Text(
                "Hurtige indkøb uden om arkitekturen er ikke længere mulige; forvaltningerne "
                "skal bakke op.",
                "Quick purchases without architecture are no longer possible; the departments "
                "must commit.",
            ),
        ),
    )
    case = BusinessCase("Sammenhængende forretningsprocesser", tuple(lines), horizon=horizon)
    return TemplateResult("coherent_processes", case, _used(inputs), flags)


TEMPLATES: dict[str, type] = {
    "channel_shift": ChannelShiftInputs,
    "shared_operations": SharedOperationsInputs,
    "standardised_procurement": ProcurementInputs,
    "reuse": ReuseInputs,
    "coherent_processes": ProcessInputs,
}
"""Template key -> its input dataclass."""


def defaults(template: str) -> dict[str, Assumption]:
    """The default assumptions of a template, by field name (channel prices expanded to
    ``prices.in_person`` / ``prices.digital``).

    >>> defaults("reuse")["best_of_breed_haircut"]
    Assumption(value=Decimal('0.20'), source='Styrbar-antagelse (redigerbar)')
    """
    out: dict[str, Assumption] = {}
    for spec in fields(TEMPLATES[template]):
        if isinstance(spec.default, Assumption):
            out[spec.name] = spec.default
        elif isinstance(spec.default, ChannelPrices):
            out[f"{spec.name}.in_person"] = spec.default.in_person
            out[f"{spec.name}.digital"] = spec.default.digital
    return out
