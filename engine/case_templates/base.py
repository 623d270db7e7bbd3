"""What every case template shares: default spreads, the result type, flags and the
helpers that turn most likely values into estimates and phase-ins."""

# The spread defaults are calls that build frozen, immutable Assumption values, so
# sharing one instance between dataclass instances is safe:

from __future__ import annotations

from dataclasses import Field, dataclass, fields
from decimal import Decimal

from engine.channels import ChannelPrices
from engine.common import SOURCE_STYRBAR, Assumption, Text
from engine.errors import EngineError
from engine.lines import COST_KINDS, BusinessCase, Estimate, Line, LineKind
from engine.money import ZERO

__all__ = [
    "BENEFIT_ABOVE",
    "BENEFIT_BELOW",
    "COST_ABOVE",
    "COST_BELOW",
    "SALARY_PER_FTE",
    "Flag",
    "Spreads",
    "TemplateInputs",
    "TemplateResult",
    "percent",
    "phase_in",
    "styrbar",
    "template_fields",
]


def styrbar(value: str) -> Assumption:
    """An editable Styrbar assumption with ``value``."""
    return Assumption(Decimal(value), SOURCE_STYRBAR)


COST_BELOW = styrbar("0.10")
"""Default: a cost's minimum is 10 % below its most likely value."""
COST_ABOVE = styrbar("0.30")
"""Default: a cost's maximum is 30 % above (IT projects overrun more often than not)."""
BENEFIT_BELOW = styrbar("0.30")
"""Default: a benefit's minimum is 30 % below its most likely value."""
BENEFIT_ABOVE = styrbar("0.10")
"""Default: a benefit's maximum is 10 % above its most likely value."""
SALARY_PER_FTE = styrbar("650000")
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


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateInputs:
    """What the inputs of every template have: the horizon and the spreads that turn
    most likely values into three-point estimates (keyword-only; in
    :func:`template_fields` they come after the template's own fields)."""

    horizon: int = 5
    cost_below: Assumption = COST_BELOW
    cost_above: Assumption = COST_ABOVE
    benefit_below: Assumption = BENEFIT_BELOW
    benefit_above: Assumption = BENEFIT_ABOVE

    def spreads(self, bearer: str = "") -> Spreads:
        """The line builder with these inputs' spreads, for lines borne by ``bearer``."""
        return Spreads(self, bearer)

    def assumptions(self) -> tuple[tuple[str, Assumption], ...]:
        """Every Assumption of the inputs (channel prices expanded), in field order."""
        out: list[tuple[str, Assumption]] = []
        for spec in template_fields(type(self)):
            value = getattr(self, spec.name)
            if isinstance(value, Assumption):
                out.append((spec.name, value))
            elif isinstance(value, ChannelPrices):
                out.append((f"{spec.name}.in_person", value.in_person))
                out.append((f"{spec.name}.digital", value.digital))
        return tuple(out)


def template_fields(inputs: type[TemplateInputs]) -> list[Field[object]]:
    """The fields of a template's inputs: its own first, then the shared ones."""
    shared = {spec.name for spec in fields(TemplateInputs)}
    specs = fields(inputs)
    return [s for s in specs if s.name not in shared] + [s for s in specs if s.name in shared]


class Spreads:
    """Builds a template's lines: most likely values become three-point estimates with
    the inputs' spreads, and every line is borne by ``bearer``."""

    def __init__(self, inputs: TemplateInputs, bearer: str = "") -> None:
        self.cost_spread = (inputs.cost_below.value, inputs.cost_above.value)
        self.benefit_spread = (inputs.benefit_below.value, inputs.benefit_above.value)
        self.bearer = bearer

    def cost_estimate(self, mode: Decimal) -> Estimate:
        return Estimate.spread(mode, *self.cost_spread)

    def benefit_estimate(self, mode: Decimal) -> Estimate:
        return Estimate.spread(mode, *self.benefit_spread)

    def line(
        self,
        key: str,
        name: str,
        kind: LineKind,
        mode: Decimal,
        years: tuple[int, ...],
        factors: tuple[Decimal, ...] = (),
    ) -> Line:
        """A line whose most likely value ``mode`` gets the cost spread (investments and
        operation) or the benefit spread (benefits). A key ``"assumption:member"`` puts
        the line in the group ``assumption``, drawn together with the other members'."""
        spread = self.cost_spread if kind in COST_KINDS else self.benefit_spread
        estimate = Estimate.spread(mode, *spread)
        return Line(
            name,
            kind,
            estimate,
            years,
            self.bearer,
            factors=factors,
            key=key,
            group=key.partition(":")[0] if ":" in key else "",
        )


def phase_in(horizon: int, ramp_years: Decimal, start: int = 0) -> tuple[Decimal, ...]:
    """Linear phase-in ``min(1, (t - start) / ramp_years)``, 0 before ``start``."""
    if ramp_years <= 0:
        raise EngineError("phase_in_too_short")
    return tuple(min(Decimal(1), max(ZERO, (t - start) / ramp_years)) for t in range(horizon))


def percent(value: Decimal) -> str:
    """A share as a whole percentage: 0.154 -> "15 %"."""
    return f"{round(value * 100)} %"
