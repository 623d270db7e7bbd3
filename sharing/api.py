"""API of consent-based sharing and the fællesskab's shared landscape and analyses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from core.api import ListOut, paginate
from core.api.params import list_params
from core.api.tenancy import member_organization
from organizations.models import Organization
from sharing import selectors, services
from sharing.analysis import consolidation, joint_procurement
from sharing.benchmarks import benchmark_result
from sharing.landscape import kle_titles, shared_landscape
from sharing.statements import statements

router = Router(tags=["sharing"])


class SharingGrantOut(Schema):
    id: int
    recipient_id: int
    recipient: str
    category: str
    granted_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_recipient(obj: Any) -> str:
        return str(obj.recipient)

    @staticmethod
    def resolve_granted_by(obj: Any) -> str | None:
        return obj.granted_by.get_username() if obj.granted_by else None


class SharingGrantList(ListOut):
    items: list[SharingGrantOut]


class SharingGrantIn(Schema):
    recipient_id: int
    categories: list[str]


@router.get(
    "/organizations/{org_id}/sharing",
    response=SharingGrantList,
    summary="What the organization shares, with whom",
    openapi_extra=list_params(None),
)
def grant_list(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = member_organization(request, org_id, "sharing.view")
    qs = selectors.grant_list(organization=org).order_by("recipient__name", "category", "pk")
    return paginate(request, qs)


@router.post(
    "/organizations/{org_id}/sharing",
    response={201: list[SharingGrantOut]},
    summary="Share categories with a fællesskab or a fellow member (administrators)",
)
def grant_create(request: HttpRequest, org_id: int, payload: SharingGrantIn) -> tuple[int, Any]:
    org = member_organization(request, org_id, "sharing.grant")
    recipient = Organization.objects.filter(pk=payload.recipient_id, is_active=True).first()
    created = services.grant_create(
        actor=request.user, organization=org, recipient=recipient, categories=payload.categories
    )
    return 201, created


@router.delete(
    "/organizations/{org_id}/sharing/{grant_id}",
    response={204: None},
    summary="Revoke a grant at once (administrators)",
)
def grant_delete(request: HttpRequest, org_id: int, grant_id: int) -> tuple[int, None]:
    org = member_organization(request, org_id, "sharing.grant")
    grant = selectors.grant_get(organization=org, pk=grant_id)
    services.grant_revoke(actor=request.user, grant=grant)
    return 204, None


class SharingMemberOut(Schema):
    id: int
    name: str
    categories: list[str]


class SharedUsageOut(Schema):
    id: int
    member_id: int
    member: str
    catalog_system_id: int
    system: str
    local_name: str
    vendor: str
    lifecycle: str
    contract_ids: list[int]
    yearly_cost: Decimal | None


class SharedContractOut(Schema):
    id: int
    member_id: int
    member: str
    name: str
    number: str
    vendor: str
    end_date: dt.date | None
    termination_date: dt.date | None
    last_notice_day: dt.date | None
    open_ended: bool
    usage_ids: list[int]
    yearly_payment: Decimal | None


class SharedIntegrationOut(Schema):
    id: int
    member_id: int
    member: str
    source: str
    target: str
    technology: str
    status: str


class SharedLandscapeOut(Schema):
    year: int
    members: list[SharingMemberOut]
    usages: list[SharedUsageOut]
    contracts: list[SharedContractOut]
    integrations: list[SharedIntegrationOut]


@router.get(
    "/organizations/{org_id}/shared-landscape",
    response=SharedLandscapeOut,
    summary="What the organizations that share with this one let it read",
)
def landscape(request: HttpRequest, org_id: int, year: int | None = None) -> Any:
    org = member_organization(request, org_id, "sharing.view")
    if year is not None and not 1990 <= year <= 2100:
        raise ValidationError({"year": _("Året skal ligge mellem 1990 og 2100.")})
    result = shared_landscape(organization=org, year=year)
    return {
        "year": result.year,
        "members": [
            {"id": m.id, "name": m.name, "categories": sorted(m.categories)} for m in result.members
        ],
        "usages": result.usages,
        "contracts": result.contracts,
        "integrations": result.integrations,
    }


class ConsolidationPartOut(Schema):
    member_id: int
    member: str
    names: list[str]
    contract_ids: list[int] | None
    yearly_cost: Decimal | None
    exit_date: dt.date | None


class ConsolidationCandidateOut(Schema):
    kind: str
    id: int
    name: str
    members: int
    contracts: int
    yearly_cost: Decimal
    members_with_cost: int
    common_exit: dt.date | None
    members_with_exit: int
    parts: list[ConsolidationPartOut]


class ConsolidationKleOut(Schema):
    kle_id: int
    kle: str
    members: int
    systems: list[list[str]]


class ConsolidationOut(Schema):
    members: int
    members_sharing_usages: int
    members_sharing_contracts: int
    members_sharing_costs: int
    systems: list[ConsolidationCandidateOut]
    vendors: list[ConsolidationCandidateOut]
    kle: list[ConsolidationKleOut]


def _candidate(c: Any) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "id": c.key,
        "name": c.name,
        "members": c.member_count,
        "contracts": c.contract_count,
        "yearly_cost": c.yearly_cost,
        "members_with_cost": c.cost_known,
        "common_exit": c.common_exit,
        "members_with_exit": c.exit_known,
        "parts": [
            {
                "member_id": p.member_id,
                "member": p.member,
                "names": p.names,
                "contract_ids": None if p.contracts is None else [x.id for x in p.contracts],
                "yearly_cost": p.yearly_cost,
                "exit_date": p.exit_date,
            }
            for p in c.parts
        ],
    }


@router.get(
    "/organizations/{org_id}/analyses/consolidation",
    response=ConsolidationOut,
    summary="Consolidation candidates among the shared landscapes",
)
def consolidation_analysis(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = member_organization(request, org_id, "sharing.view")
    shared = shared_landscape(organization=org, with_integrations=False)
    result = consolidation(shared, kle_titles=kle_titles(shared))
    return {
        "members": result.members,
        "members_sharing_usages": result.sharing_usages,
        "members_sharing_contracts": result.sharing_contracts,
        "members_sharing_costs": result.sharing_costs,
        "systems": [_candidate(c) for c in result.systems],
        "vendors": [_candidate(c) for c in result.vendors],
        "kle": [
            {
                "kle_id": k.kle_id,
                "kle": k.kle,
                "members": k.member_count,
                "systems": [list(s) for s in k.systems],
            }
            for k in result.kle
        ],
    }


class JointProcurementWindowOut(Schema):
    start: dt.date
    end: dt.date
    members: int
    shared_vendors: list[str]
    contracts: list[SharedContractOut]


class JointProcurementOut(Schema):
    today: dt.date
    months: int
    period_months: int
    members_sharing_contracts: int
    windows: list[JointProcurementWindowOut]
    without_date: list[SharedContractOut]


@router.get(
    "/organizations/{org_id}/analyses/joint-procurement",
    response=JointProcurementOut,
    summary="Periods in which contracts of two or more members can be ended",
)
def joint_procurement_analysis(
    request: HttpRequest, org_id: int, period_months: int = 6
) -> dict[str, Any]:
    org = member_organization(request, org_id, "sharing.view")
    if period_months not in (3, 6, 12):
        raise ValidationError({"period_months": _("Perioden skal være 3, 6 eller 12 måneder.")})
    result = joint_procurement(
        shared_landscape(organization=org, with_integrations=False), period_months=period_months
    )
    return {
        "today": result.today,
        "months": result.months,
        "period_months": result.period_months,
        "members_sharing_contracts": result.members_sharing_contracts,
        "windows": [
            {
                "start": w.start,
                "end": w.end,
                "members": w.member_count,
                "shared_vendors": w.shared_vendors,
                "contracts": w.contracts,
            }
            for w in result.windows
        ],
        "without_date": result.without_date,
    }


class StatementLineOut(Schema):
    service_id: int
    service: str
    key: str
    basis: Decimal
    share: Decimal
    amount: Decimal


class StatementOut(Schema):
    member_id: int
    member: str
    total: Decimal
    lines: list[StatementLineOut]


class StatementMissingOut(Schema):
    service: str
    member: str
    reason: str


class StatementsOut(Schema):
    year: int
    catalogue_total: Decimal
    total: Decimal
    statements: list[StatementOut]
    missing: list[StatementMissingOut]
    unallocated: list[str]


@router.get(
    "/organizations/{org_id}/statements",
    response=StatementsOut,
    summary="Each member's statement for a year (the service catalogue split by its keys)",
)
def statement_list(request: HttpRequest, org_id: int, year: int | None = None) -> Any:
    org = member_organization(request, org_id, "sharing.view")
    if year is not None and not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Året skal ligge mellem 2000 og 2100.")})
    result = statements(organization=org, year=year or timezone.localdate().year)
    return {
        "year": result.year,
        "catalogue_total": result.catalogue_total,
        "total": result.total,
        "statements": [
            {"member_id": s.member_id, "member": s.member, "total": s.total, "lines": s.lines}
            for s in result.statements
        ],
        "missing": result.missing,
        "unallocated": result.unallocated,
    }


class BenchmarkGroupOut(Schema):
    kind: str
    key: str
    label: str
    contributors: int | None
    q1: Decimal | None
    median: Decimal | None
    q3: Decimal | None
    suppressed: str
    explanation: str
    position: str


class BenchmarkMetricOut(Schema):
    metric: str
    label: str
    unit: str
    definition: str
    own: Decimal | None
    groups: list[BenchmarkGroupOut]


class BenchmarksOut(Schema):
    opted_in: bool
    period: int | None
    computed_at: dt.datetime | None
    participants: int | None
    periods: list[int]
    metrics: list[BenchmarkMetricOut]


@router.get(
    "/organizations/{org_id}/analyses/benchmarks",
    response=BenchmarksOut,
    summary="Where the municipality stands among the opted-in municipalities (quartiles)",
)
def benchmarks(request: HttpRequest, org_id: int, period: int | None = None) -> dict[str, Any]:
    org = member_organization(request, org_id, "sharing.view")
    if period is not None and not 2000 <= period <= 2100:
        raise ValidationError({"period": _("Året skal ligge mellem 2000 og 2100.")})
    result = benchmark_result(organization=org, period=period)
    return {
        "opted_in": result.opted_in,
        "period": result.period,
        "computed_at": result.computed_at,
        "participants": result.participants,
        "periods": result.periods,
        "metrics": result.rows,
    }


class BenchmarkParticipationOut(Schema):
    opted_in: bool


@router.post(
    "/organizations/{org_id}/benchmarks/participation",
    response={201: BenchmarkParticipationOut},
    summary="Take part in the anonymous benchmarks (administrators)",
)
def benchmark_join(request: HttpRequest, org_id: int) -> tuple[int, Any]:
    org = member_organization(request, org_id, services.BENCHMARKS)
    services.benchmark_join(actor=request.user, organization=org)
    return 201, {"opted_in": True}


@router.delete(
    "/organizations/{org_id}/benchmarks/participation",
    response={204: None},
    summary="Leave the anonymous benchmarks at once (administrators)",
)
def benchmark_leave(request: HttpRequest, org_id: int) -> tuple[int, None]:
    org = member_organization(request, org_id, services.BENCHMARKS)
    services.benchmark_leave(actor=request.user, organization=org)
    return 204, None
