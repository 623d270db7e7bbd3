"""4. Udnyttelse af eksisterende løsninger: purchases avoided by reusing what exists."""

# Defaults are calls that build frozen, immutable Assumption values, so sharing one
# instance between dataclass instances is safe:
# ruff: noqa: RUF009

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from engine.case_templates.base import Flag, TemplateInputs, TemplateResult, styrbar
from engine.common import Assumption, Text
from engine.lines import BusinessCase, LineKind, year_range

__all__ = ["ReuseInputs", "reuse"]


@dataclass(frozen=True, slots=True)
class ReuseInputs(TemplateInputs):
    """Facts and assumptions for reuse of existing solutions.

    ``avoided_purchases_per_year``: new systems a year that an existing solution can
    replace.
    """

    avoided_purchases_per_year: Decimal
    bearer: str = ""
    typical_purchase_price: Assumption = styrbar("400000")
    typical_yearly_operation: Assumption = styrbar("80000")
    adaptation_share: Assumption = styrbar("0.35")
    best_of_breed_haircut: Assumption = styrbar("0.20")
    overview_cost_per_year: Assumption = styrbar("100000")


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
    spreads = inputs.spreads(inputs.bearer)
    count = inputs.avoided_purchases_per_year
    price = inputs.typical_purchase_price.value
    operation = inputs.typical_yearly_operation.value
    later = year_range(1, horizon)
    accumulated = tuple(Decimal(t) for t in later)
    haircut_per_year = tuple(price + operation * t for t in accumulated)
    lines = (
        spreads.line(
            "avoided_purchases", "Undgåede indkøb", LineKind.ECONOMIC, count * price, later
        ),
        spreads.line(
            "avoided_operation",
            "Undgået drift af parallelle systemer",
            LineKind.ECONOMIC,
            count * operation,
            later,
            accumulated,
        ),
        spreads.line(
            "adaptation",
            "Tilpasning og konfiguration af eksisterende løsninger",
            LineKind.INVESTMENT,
            count * price * inputs.adaptation_share.value,
            later,
        ),
        spreads.line(
            "best_of_breed",
            "Tab ved ikke at få best-of-breed",
            LineKind.OPERATION,
            count * inputs.best_of_breed_haircut.value,
            later,
            haircut_per_year,
        ),
        spreads.line(
            "overview",
            "Overblik over eksisterende løsninger",
            LineKind.OPERATION,
            inputs.overview_cost_per_year.value,
            year_range(0, horizon),
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
    return TemplateResult("reuse", case, inputs.assumptions(), flags)
