"""The business cases' card on the dashboard (Overblik): approved cases drifting from plan.

The rule (``businesscases.compute.variance``): over the years with at least one actual
figure recorded, the actual net benefit (benefits - costs, a missing figure counted as
planned) deviates more than 10 % from the planned net benefit, either way.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from businesscases import compute, selectors
from businesscases.measured import realisation_actuals
from core.orgcache import shared_card
from core.permissions import has_perm
from core.templatetags.styrbar import format_number


def drifting_cases(organization: Any) -> tuple[int, list[tuple[Any, compute.Variance]]]:
    """(number of approved cases, [(case, variance)] of those drifting from plan).
    Three queries whatever the number of cases, plus the measurement of each approved
    channel-shift case (:mod:`businesscases.measured`)."""
    approved = list(selectors.approved_cases(organization=organization))
    drifting = []
    for case in approved:
        computation = compute.compute(case, risks=[], with_simulation=False)
        actuals, _measured = realisation_actuals(case)
        report = compute.variance(compute.plan_by_year(computation), actuals)
        if report.drifting:
            drifting.append((case, report))
    return len(approved), drifting


@shared_card
def business_case_card(request: HttpRequest) -> dict[str, Any] | None:
    org = request.organization  # type: ignore[attr-defined]
    if not has_perm(request.user, org, "case.view"):
        return None
    approved, drifting = drifting_cases(org)
    if not approved:
        return None
    figures: list[tuple[Any, Any]] = [
        (gettext_lazy("Godkendte business cases"), approved),
        (
            gettext_lazy("Afviger mere end 10 % fra planen"),
            len(drifting),
        ),
    ]
    for case, report in drifting:
        deviation = (
            f"{format_number(report.deviation_percent, 1)} %"
            if report.deviation_percent is not None
            else _("afviger")
        )
        figures.append(
            (
                format_html('<a href="{}#realisering">{}</a>', case.get_absolute_url(), case.name),
                deviation,
            )
        )
    return {"title": _("Gevinstrealisering"), "figures": figures}
