"""3. Standardisering af it-indkøb: savings on purchases against the process and its
side effects."""

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
from engine.common import SOURCE_STYRBAR, Assumption, Text
from engine.lines import BusinessCase, LineKind, Risk, year_range

__all__ = ["ProcurementInputs", "standardised_procurement"]


@dataclass(frozen=True, slots=True)
class ProcurementInputs(TemplateInputs):
    """Facts and assumptions for standardised IT procurement.

    ``central_it_spend`` is the yearly IT spend (kr.) that will come under central
    management; ``purchases_per_year`` the number of IT purchases going through the
    process.
    """

    central_it_spend: Decimal
    purchases_per_year: Decimal
    bearer: str = ""
    new_purchase_share: Assumption = styrbar("0.15")
    renegotiable_share: Assumption = styrbar("0.20")
    saving_new_purchases: Assumption = styrbar("0.10")
    saving_renegotiation: Assumption = styrbar("0.05")
    phase_in_years: Assumption = Assumption(
        Decimal(4), f"{SOURCE_STYRBAR}; artiklerne: gevinst over 3-5 år"
    )
    team_fte: Assumption = styrbar("2")
    salary_per_fte: Assumption = SALARY_PER_FTE
    process_setup_cost: Assumption = styrbar("300000")
    process_cost_per_year: Assumption = styrbar("100000")
    extra_lead_days: Assumption = styrbar("10")
    value_per_day: Assumption = styrbar("500")
    shadow_it_probability: Assumption = styrbar("0.3")
    shadow_it_loss_share: Assumption = styrbar("0.4")


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
    spreads = inputs.spreads(inputs.bearer)
    spend = inputs.central_it_spend
    ramp = phase_in(horizon, inputs.phase_in_years.value)
    all_years = year_range(0, horizon)
    new_saving = spend * inputs.new_purchase_share.value * inputs.saving_new_purchases.value
    renegotiation = spend * inputs.renegotiable_share.value * inputs.saving_renegotiation.value
    lines = (
        spreads.line(
            "new_purchases",
            "Besparelse på nye indkøb",
            LineKind.ECONOMIC,
            new_saving,
            all_years,
            ramp,
        ),
        spreads.line(
            "renegotiation",
            "Besparelse ved genforhandlede kontrakter",
            LineKind.ECONOMIC,
            renegotiation,
            all_years,
            ramp,
        ),
        spreads.line(
            "team",
            "Indkøbsteam i digitaliseringsenheden",
            LineKind.OPERATION,
            inputs.team_fte.value * inputs.salary_per_fte.value,
            all_years,
        ),
        spreads.line(
            "process_setup",
            "Etablering af standardiseret indkøbsproces",
            LineKind.INVESTMENT,
            inputs.process_setup_cost.value,
            (0,),
        ),
        spreads.line(
            "process",
            "Drift af processen og information til forvaltningerne",
            LineKind.OPERATION,
            inputs.process_cost_per_year.value,
            year_range(1, horizon),
        ),
        spreads.line(
            "lead_time",
            "Længere vej fra idé til handling",
            LineKind.OPERATION,
            inputs.purchases_per_year * inputs.extra_lead_days.value * inputs.value_per_day.value,
            all_years,
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
    case = BusinessCase("Standardisering af it-indkøb", lines, horizon=horizon, risks=(risk,))
    flags = (
        Flag(
            "shadow_it",
            Text(
                "Forvaltninger, der ikke inddrages, oplever spørgsmålene som stopklodser og "
                "køber uden om processen. Det æder besparelsen og kan hæve it-udgifterne.",
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
    return TemplateResult("standardised_procurement", case, inputs.assumptions(), flags)
