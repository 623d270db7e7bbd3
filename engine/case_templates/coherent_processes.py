"""5. Sammenhængende forretningsprocesser: data collected once."""

# Defaults are calls that build frozen, immutable Assumption values, so sharing one
# instance between dataclass instances is safe:
# ruff: noqa: RUF009

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from engine.case_templates.base import (
    SALARY_PER_FTE,
    Flag,
    TemplateInputs,
    TemplateResult,
    phase_in,
    styrbar,
)
from engine.common import Assumption, Text
from engine.lines import BusinessCase, Line, LineKind, efficiency_line, year_range

__all__ = ["ProcessFlow", "ProcessInputs", "coherent_processes"]


@dataclass(frozen=True, slots=True)
class ProcessFlow:
    """A process where data is collected once: cases a year and minutes saved per case."""

    name: str
    cases_per_year: Decimal
    minutes_saved_per_case: Decimal


@dataclass(frozen=True, slots=True)
class ProcessInputs(TemplateInputs):
    """Facts and assumptions for coherent business processes.

    ``integrations``: integrations needed to move the data between the systems.
    """

    processes: tuple[ProcessFlow, ...]
    integrations: Decimal
    bearer: str = ""
    hourly_rate: Assumption = styrbar("400")
    ramp_years: Assumption = styrbar("2")
    cost_per_integration: Assumption = styrbar("250000")
    integration_operation: Assumption = styrbar("30000")
    process_mapping_cost: Assumption = styrbar("300000")
    governance_fte: Assumption = styrbar("0.5")
    salary_per_fte: Assumption = SALARY_PER_FTE


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
    spreads = inputs.spreads(inputs.bearer)
    ramp = phase_in(horizon, inputs.ramp_years.value)
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
        spreads.line(
            "integrations",
            "Integrationer (etablering)",
            LineKind.INVESTMENT,
            count * inputs.cost_per_integration.value,
            (0, 1),
            (Decimal("0.5"), Decimal("0.5")),
        ),
        spreads.line(
            "integration_operation",
            "Integrationer (drift)",
            LineKind.OPERATION,
            count * inputs.integration_operation.value,
            year_range(1, horizon),
        ),
        spreads.line(
            "process_mapping",
            "Procesafdækning og -optimering",
            LineKind.INVESTMENT,
            inputs.process_mapping_cost.value,
            (0,),
        ),
        spreads.line(
            "governance",
            "Arkitekturinvolvering i indkøb (styring)",
            LineKind.OPERATION,
            inputs.governance_fte.value * inputs.salary_per_fte.value,
            all_years,
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
    return TemplateResult("coherent_processes", case, inputs.assumptions(), flags)
