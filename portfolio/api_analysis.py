"""Portfolio analyses under /api/v1/analysis/.

Each endpoint calls the same function in :mod:`portfolio.analysis` as its page and
publishes that function's dataclasses as the response schema. Amounts are decimal
strings in kroner, dates ISO 8601.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from core.permissions import require
from engine.notice import WINDOWS
from organizations.selectors import organization_get_for_member
from portfolio import analysis, selectors

router = Router(tags=["analysis"])

PREFIX = "/organizations/{org_id}"


def _org(request: HttpRequest, org_id: int) -> Any:
    organization = organization_get_for_member(user=request.user, pk=org_id)
    require(request.user, organization, "portfolio.view")
    return organization


@router.get(
    f"{PREFIX}/costs",
    response=analysis.CostAnalysis,
    summary="Yearly IT cost by forvaltning, vendor, KLE hovedgruppe and business type",
)
def costs(request: HttpRequest, org_id: int, year: int | None = None) -> analysis.CostAnalysis:
    organization = _org(request, org_id)
    if year is not None and not 2000 <= year <= 2100:
        raise HttpError(400, _("year skal være mellem 2000 og 2100."))
    return analysis.cost_analysis(organization=organization, year=year)


@router.get(
    f"{PREFIX}/contract-calendar",
    response=analysis.ContractCalendar,
    summary="Expiries, last days to give notice and options awaiting decision (months=3/6/12/24)",
)
def contract_calendar(
    request: HttpRequest, org_id: int, months: int = 12
) -> analysis.ContractCalendar:
    organization = _org(request, org_id)
    if months not in WINDOWS:
        raise HttpError(400, _("months skal være 3, 6, 12 eller 24."))
    return analysis.contract_calendar(organization=organization, months=months)


@router.get(
    f"{PREFIX}/data-quality",
    response=analysis.DataQuality,
    summary="Completeness score per usage and lists of gaps",
)
def data_quality(request: HttpRequest, org_id: int) -> analysis.DataQuality:
    return analysis.data_quality(organization=_org(request, org_id))


@router.get(
    f"{PREFIX}/overlap",
    response=analysis.Overlap,
    summary="KLE subjects served by two or more active usages; usages used by one unit",
)
def overlap(request: HttpRequest, org_id: int) -> analysis.Overlap:
    return analysis.overlap(organization=_org(request, org_id))


@router.get(
    f"{PREFIX}/integration-map",
    response=analysis.IntegrationMap,
    summary="Usages, shared components and live integrations (unit, group = KLE hovedgruppe)",
)
def integration_map(
    request: HttpRequest, org_id: int, unit: str = "", group: str = ""
) -> analysis.IntegrationMap:
    organization = _org(request, org_id)
    try:
        return analysis.integration_map(organization=organization, unit=unit, group=group)
    except ValueError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get(
    f"{PREFIX}/impact/{{usage_id}}",
    response=analysis.ImpactAnalysis,
    summary="Everything that depends on a usage, transitively, and the process steps that stop",
)
def impact(request: HttpRequest, org_id: int, usage_id: int) -> analysis.ImpactAnalysis:
    organization = _org(request, org_id)
    usage = selectors.usage_get(organization=organization, pk=usage_id)
    return analysis.impact_analysis(organization=organization, usage=usage)


@router.get(
    f"{PREFIX}/time",
    response=analysis.TimeAnalysis,
    summary="TIME matrix, TIME contradictions and the lifecycle timeline",
)
def time(request: HttpRequest, org_id: int) -> analysis.TimeAnalysis:
    return analysis.time_analysis(organization=_org(request, org_id))
