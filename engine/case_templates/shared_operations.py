"""2. Driftsfællesskab: consolidated operations, with its disadvantages as explicit
costs, the per-member split and who pays / who gains."""

# Defaults are calls that build frozen, immutable Assumption values, so sharing one
# instance between dataclass instances is safe:
# ruff: noqa: RUF009

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from engine.case_templates.base import (
    SALARY_PER_FTE,
    Flag,
    TemplateInputs,
    TemplateResult,
    phase_in,
    styrbar,
)
from engine.common import SOURCE_STYRBAR, Assumption, Text
from engine.errors import EngineError
from engine.evaluation import evaluate
from engine.lines import BusinessCase, Line, LineKind, year_range
from engine.money import ZERO, format_dkk

__all__ = [
    "Member",
    "SharedOperationsInputs",
    "SharedOperationsResult",
    "SplitKey",
    "WhoPaysRow",
    "shared_operations",
]


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
class SharedOperationsInputs(TemplateInputs):
    """Facts and assumptions for a driftsfællesskab.

    The first member hosts the shared data centre and keeps one of its own; every other
    data centre is closed.
    """

    members: tuple[Member, ...]
    split: SplitKey = SplitKey.OPERATIONS_COST
    consolidation_saving: Assumption = Assumption(
        Decimal("0.15"),
        f"{SOURCE_STYRBAR}; IT-Forsyningen (2014) ventede ca. 2 mio. kr. pr. kommune pr. år",
    )
    saving_ramp_years: Assumption = styrbar("2")
    saving_per_closed_data_centre: Assumption = styrbar("300000")
    data_centre_closure_cost: Assumption = styrbar("200000")
    transition_investment_share: Assumption = styrbar("0.25")
    transition_first_year_share: Assumption = styrbar("0.6")
    coordination_share: Assumption = styrbar("0.04")
    startup_coordination_share: Assumption = styrbar("0.06")
    invoicing_per_member: Assumption = styrbar("60000")
    retained_fte_per_member: Assumption = styrbar("1")
    salary_per_fte: Assumption = SALARY_PER_FTE
    salary_uplift: Assumption = styrbar("0.08")


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
        raise EngineError("split_key_zero")
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
        raise EngineError("too_few_members", {"min": 2})
    horizon = inputs.horizon
    shares = _split_shares(members, inputs.split)
    combined = sum((m.operations_cost for m in members), ZERO)
    all_years = year_range(0, horizon)
    later = year_range(1, horizon)
    startup = (0, 1)
    first = inputs.transition_first_year_share.value
    salary = inputs.salary_per_fte.value
    retained = inputs.retained_fte_per_member.value
    ramp = phase_in(horizon, inputs.saving_ramp_years.value)
    lines: list[Line] = []
    for index, (member, share) in enumerate(zip(members, shares, strict=True)):
        name = member.name
        spreads = inputs.spreads(name)
        closed = member.data_centres - (1 if index == 0 else 0)
        transferred = max(ZERO, member.it_staff_fte - retained)
        lines += [
            spreads.line(
                f"saving:{name}",
                f"Konsolideringsbesparelse ({name})",
                LineKind.ECONOMIC,
                member.operations_cost * inputs.consolidation_saving.value,
                all_years,
                ramp,
            ),
            spreads.line(
                f"transition:{name}",
                f"Omstillingsinvestering, andel ({name})",
                LineKind.INVESTMENT,
                combined * inputs.transition_investment_share.value * share,
                startup,
                (first, 1 - first),
            ),
            spreads.line(
                f"coordination:{name}",
                f"Koordinering og projektledelse ({name})",
                LineKind.OPERATION,
                combined * inputs.coordination_share.value * share,
                all_years,
            ),
            spreads.line(
                f"startup:{name}",
                f"Ekstra koordinering i opstarten, år 1-2 ({name})",
                LineKind.OPERATION,
                combined * inputs.startup_coordination_share.value * share,
                startup,
            ),
            spreads.line(
                f"invoicing:{name}",
                f"Gensidig fakturering og opfølgning ({name})",
                LineKind.OPERATION,
                inputs.invoicing_per_member.value,
                all_years,
            ),
            spreads.line(
                f"retained:{name}",
                f"Fastholdte arkitekter og kravspecialister ({name})",
                LineKind.OPERATION,
                retained * salary,
                all_years,
            ),
            spreads.line(
                f"salary:{name}",
                f"Lønbudget der følger medarbejderne ({name})",
                LineKind.OPERATION,
                transferred * salary * inputs.salary_uplift.value,
                all_years,
            ),
        ]
        if closed > 0:
            lines += [
                spreads.line(
                    f"data_centres:{name}",
                    f"Færre datacentre ({name})",
                    LineKind.ECONOMIC,
                    closed * inputs.saving_per_closed_data_centre.value,
                    later,
                ),
                spreads.line(
                    f"closure:{name}",
                    f"Lukning af datacentre ({name})",
                    LineKind.INVESTMENT,
                    closed * inputs.data_centre_closure_cost.value,
                    (1,),
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
                "Større afstand til it-kompetencerne giver udgifter til koordinering, "
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
        assumptions=inputs.assumptions(),
        flags=tuple(flags),
        who_pays=who_pays,
    )
