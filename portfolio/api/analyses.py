"""Portfolio analyses under ``/api/v1/organizations/{org_id}/analyses/{name}``.

The paths of the first release, ``/api/v1/analysis/organizations/{org_id}/{name}``, answer
the same for one more release as deprecated aliases (marked ``deprecated`` in the OpenAPI
document, with their old operation ids); new analyses get only the new path.

Each endpoint calls the same function in :mod:`portfolio.analysis` as its page and
publishes that function's dataclasses as the response schema. Amounts are decimal
strings in kroner, dates ISO 8601.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from pydantic import TypeAdapter

from core.api import ORG
from core.api.tenancy import member_organization
from core.orgcache import org_cached
from engine.notice import WINDOWS
from portfolio import analysis, selectors

F = TypeVar("F", bound=Callable[..., Any])

router = Router(tags=["analysis"])
legacy_router = Router(tags=["analysis"])  # mounted at /analysis: the deprecated aliases


def _analysis(path: str, **kwargs: Any) -> Callable[[F], F]:
    """Register an analysis at ``{ORG}/analyses/{path}`` and its deprecated alias."""

    def register(func: F) -> F:
        router.get(f"{ORG}/analyses/{path}", **kwargs)(func)
        legacy_router.get(
            f"{ORG}/{path}",
            deprecated=True,
            operation_id=f"portfolio_api_analysis_{func.__name__}",
            **kwargs,
        )(func)
        return func

    return register


def _org(request: HttpRequest, org_id: int) -> Any:
    return member_organization(request, org_id, "portfolio.view")


_JSON = JSONRenderer()


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(schema: Any) -> TypeAdapter[Any]:
    if schema not in _ADAPTERS:
        _ADAPTERS[schema] = TypeAdapter(schema)
    return _ADAPTERS[schema]


def _cached_json(
    organization: Any, name: str, compute: Callable[[], Any], *parts: Any
) -> HttpResponse:
    """The analysis ``compute()`` returns, answered as the JSON django-ninja gives for it
    (the response schema is the result's dataclass; equal when parsed, tested), encoded
    once per change of the organization's data by pydantic's own encoder: the impact
    analysis of a hub is about 400 KB, which Python's ``json`` took 35 ms to encode and
    pydantic 2 ms."""

    def encode() -> bytes:
        result = compute()
        return _adapter(type(result)).dump_json(result)

    return HttpResponse(
        org_cached(organization, f"{name}:json", encode, *parts),
        content_type=f"{_JSON.media_type}; charset={_JSON.charset}",
    )


def _whole(path: str, name: str, compute: Callable[..., Any], response: Any, summary: str) -> None:
    """An analysis of the whole organization without parameters: operation ``name`` answers
    ``compute(organization=…)``."""

    def view(request: HttpRequest, org_id: int) -> Any:
        return compute(organization=_org(request, org_id))

    view.__name__ = view.__qualname__ = name
    _analysis(path, response=response, summary=summary)(view)


@_analysis(
    "costs",
    response=analysis.CostAnalysis,
    summary="Yearly IT cost by forvaltning, vendor, KLE hovedgruppe and business type",
)
def costs(request: HttpRequest, org_id: int, year: int | None = None) -> HttpResponse:
    organization = _org(request, org_id)
    if year is not None and not 2000 <= year <= 2100:
        raise HttpError(400, _("year skal være mellem 2000 og 2100."))
    return _cached_json(
        organization,
        "cost_analysis",
        lambda: analysis.cost_analysis(organization=organization, year=year),
        year or timezone.localdate().year,
    )


@_analysis(
    "contract-calendar",
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


_whole(
    "data-quality",
    "data_quality",
    analysis.data_quality,
    analysis.DataQuality,
    "Completeness score per usage and lists of gaps",
)
_whole(
    "overlap",
    "overlap",
    analysis.overlap,
    analysis.Overlap,
    "KLE subjects served by two or more active usages; usages used by one unit",
)


@_analysis(
    "integration-map",
    response=analysis.IntegrationMap,
    summary=(
        "Usages, shared components and live integrations (unit, group = KLE hovedgruppe, "
        "criticality, technology, component, focus = a usage and its neighbours)"
    ),
)
def integration_map(
    request: HttpRequest,
    org_id: int,
    unit: str = "",
    group: str = "",
    criticality: str = "",
    technology: str = "",
    component: str = "",
    focus: str = "",
) -> analysis.IntegrationMap:
    organization = _org(request, org_id)
    try:
        return analysis.integration_map(
            organization=organization,
            unit=unit,
            group=group,
            criticality=criticality,
            technology=technology,
            component=component,
            focus=focus,
        )
    except ValueError as exc:
        raise HttpError(400, str(exc)) from exc


@_analysis(
    "impact/{usage_id}",
    response=analysis.ImpactAnalysis,
    summary="Everything that depends on a usage, transitively, and the process steps that stop",
)
def impact(request: HttpRequest, org_id: int, usage_id: int) -> HttpResponse:
    organization = _org(request, org_id)
    usage = selectors.usage_get(organization=organization, pk=usage_id)
    return _cached_json(
        organization,
        "impact_analysis",
        lambda: analysis.impact_analysis(organization=organization, usage=usage),
        usage.pk,
    )


_whole(
    "time",
    "time",
    analysis.time_analysis,
    analysis.TimeAnalysis,
    "TIME matrix, TIME contradictions and the lifecycle timeline",
)
