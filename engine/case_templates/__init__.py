"""The five case templates: a full business case from a few facts.

Each template takes an input dataclass whose defaults are :class:`~engine.common.Assumption`
values - editable, and each with its source - and returns a
:class:`~engine.case_templates.base.TemplateResult`: the
:class:`~engine.lines.BusinessCase`, the assumptions actually used (with
sources) and flags that point at the strategy's known weak spots.

One module per template, plus :mod:`~engine.case_templates.base` (what they share):

1. :func:`channel_shift` - borgernær service: contacts moved to self-service.
2. :func:`shared_operations` - driftsfællesskab: consolidated operations, with its
   disadvantages as explicit costs, the per-member split and who pays / who gains.
3. :func:`standardised_procurement` - standardisering af it-indkøb.
4. :func:`reuse` - udnyttelse af eksisterende løsninger.
5. :func:`coherent_processes` - sammenhængende forretningsprocesser.

Year index 0 is the first year of the case ("år 1" in Danish documents).
"""

from __future__ import annotations

from engine.case_templates.base import Flag, TemplateInputs, TemplateResult, template_fields
from engine.case_templates.channel_shift import (
    ChannelShiftInputs,
    ChannelShiftResult,
    ServiceVolume,
    channel_shift,
)
from engine.case_templates.coherent_processes import ProcessFlow, ProcessInputs, coherent_processes
from engine.case_templates.reuse import ReuseInputs, reuse
from engine.case_templates.shared_operations import (
    Member,
    SharedOperationsInputs,
    SharedOperationsResult,
    SplitKey,
    WhoPaysRow,
    shared_operations,
)
from engine.case_templates.standardised_procurement import (
    ProcurementInputs,
    standardised_procurement,
)
from engine.channels import ChannelPrices
from engine.common import Assumption

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
    "TemplateInputs",
    "TemplateResult",
    "WhoPaysRow",
    "channel_shift",
    "coherent_processes",
    "defaults",
    "reuse",
    "shared_operations",
    "standardised_procurement",
]

TEMPLATES: dict[str, type[TemplateInputs]] = {
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
    for spec in template_fields(TEMPLATES[template]):
        if isinstance(spec.default, Assumption):
            out[spec.name] = spec.default
        elif isinstance(spec.default, ChannelPrices):
            out[f"{spec.name}.in_person"] = spec.default.in_person
            out[f"{spec.name}.digital"] = spec.default.digital
    return out
