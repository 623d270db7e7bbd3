"""Actual figures measured elsewhere instead of typed: a channel-shift case's benefit
comes from the organization's contact numbers, through the registry hook
``channel_shift_actuals`` (the channels app provides it; this app imports nothing of it).

For every year the hook reports as measured (all 12 months of numbers), the measured
benefit replaces a typed benefit figure; typed costs stay. Years without a full year of
numbers keep whatever was typed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from businesscases.choices import ActualKind, CaseTemplate
from businesscases.models import BenefitActual, BusinessCase
from core.registry import registry

HOOK = "channel_shift_actuals"


def realisation_actuals(case: BusinessCase) -> tuple[list[BenefitActual], dict[str, Any] | None]:
    """The figures the variance compares with the plan, and the measurement behind them
    (None when nothing is measured for this case)."""
    typed = list(case.actuals.all())
    if case.template != CaseTemplate.CHANNEL_SHIFT or not registry.hooked(HOOK):
        return typed, None
    measured = registry.call(HOOK, case=case)
    if not measured:
        return typed, None
    years = {row["year"]: row for row in measured["years"] if row["reported"]}
    merged = [a for a in typed if not (a.kind == ActualKind.BENEFIT and a.year in years)]
    merged += [
        BenefitActual(
            case=case,
            year=year,
            kind=ActualKind.BENEFIT,
            amount=row["benefit"],
            note=_("Målt fra kanaltal"),
        )
        for year, row in years.items()
    ]
    measured["replaced"] = sorted(
        a.year for a in typed if a.kind == ActualKind.BENEFIT and a.year in years
    )
    return sorted(merged, key=lambda a: (a.year, a.kind)), measured
