"""System usages, their roles, costs and references."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.renderers import JSONRenderer

from core.api import MONEY, AmountOut, money, page_of, paginate
from core.api.params import list_params
from core.api.resources import (
    Ref,
    Writable,
    linked,
    many_to_many_ids,
    objects_by_ids,
    related,
    resolve_refs,
    resolved,
    user_name,
)
from core.api.routes import Crud
from core.api.tenancy import member_organization
from core.orgcache import shared_result
from core.permissions import require
from organizations.models import Organization
from portfolio import choices as c
from portfolio import selectors, selectors_api, services
from portfolio.api.catalog import CATALOG_API, CATALOGS
from portfolio.api.common import (
    catalog_of,
    kle_of,
    members_of,
    resource,
    role_types_of,
    router,
    units_of,
)
from portfolio.filters import (
    USAGE_FILTERS,
)
from portfolio.models import (
    ExternalReference,
    SystemUsage,
    UsageCost,
    UsageRole,
)

OPERATION_ID_PREFIX = "portfolio.api"  # operation ids as before the split


class RoleIn(Schema):
    role_type_id: int
    user_id: int | None = Field(None, description="En bruger i organisationen …")
    person_name: str = Field("", description="… eller en navngiven person.")
    email: str = ""


class RolesIn(Schema):
    roles: list[RoleIn]


class RoleOut(Schema):
    id: int
    role_type_id: int
    role_type_key: str
    role_type_name: str
    user_id: int | None
    user_name: str | None
    person_name: str
    email: str

    resolve_role_type_key = resolved("role_type.key", str)
    resolve_role_type_name = resolved("role_type.name", str)

    @staticmethod
    def resolve_user_name(obj: Any) -> str | None:
        return user_name(obj.user)


class CostIn(Schema):
    year: int
    kind: c.CostKind
    amount: Decimal = Field(description=MONEY)
    note: str = ""


class CostsIn(Schema):
    costs: list[CostIn]


class CostOut(AmountOut):
    id: int
    year: int
    kind: c.CostKind
    amount: str = Field(description=MONEY)
    note: str


class ReferenceIn(Schema):
    title: str
    url: str


class ReferencesIn(Schema):
    references: list[ReferenceIn]


class ReferenceOut(ReferenceIn):
    id: int


class UsageFields(Schema):
    """The usage's own values; defaults are the model's."""

    local_name: str = ""
    local_id: str = ""
    version: str = ""
    lifecycle: c.Lifecycle = c.Lifecycle.UNDECIDED
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    user_count: c.UserCount = c.UserCount.UNDECIDED
    hosting: c.Hosting = c.Hosting.UNDECIDED
    data_sensitivity: c.DataSensitivity = c.DataSensitivity.NONE
    gdpr_purpose: str = ""
    risk_assessment_done: bool = False
    risk_assessment_date: dt.date | None = None
    risk_level: c.Level | Literal[""] = ""
    dpia_done: bool = False
    dpia_date: dt.date | None = None
    criticality: c.Level | Literal[""] = ""
    business_critical: bool = False
    socially_critical: bool = False
    archive_duty: c.ArchiveDuty = c.ArchiveDuty.UNDECIDED
    archive_notes: str = ""
    supports_browsers: bool = False
    supports_ios: bool = False
    supports_android: bool = False
    supports_windows: bool = False
    supports_macos: bool = False
    accessibility_statement_url: str = ""
    wcag_status: c.WcagStatus = c.WcagStatus.UNKNOWN
    wcag_date: dt.date | None = None
    time_disposition: c.TimeDisposition = c.TimeDisposition.UNDECIDED
    functional_fit: int | None = Field(None, ge=1, le=4)
    technical_fit: int | None = Field(None, ge=1, le=4)
    notes: str = ""


class UsageBody(UsageFields):
    responsible_unit_id: int | None = None
    using_unit_ids: list[int] = Field(default_factory=list)
    kle_addition_ids: list[int] = Field(default_factory=list)
    kle_removal_ids: list[int] = Field(default_factory=list)


class UsageIn(UsageBody):
    catalog_system_id: int


class UsagePatch(UsageIn):
    catalog_system_id: int | None = None  # type: ignore[assignment]


class UsageOut(UsageFields):
    id: int
    uuid: uuid.UUID
    name: str
    catalog_system_id: int
    catalog_system_name: str
    business_type: c.BusinessType
    vendor_id: int | None
    vendor_name: str | None
    responsible_unit_id: int | None
    responsible_unit_name: str | None
    using_unit_ids: list[int]
    kle_addition_ids: list[int]
    kle_removal_ids: list[int]
    roles: list[RoleOut]
    costs: list[CostOut]
    references: list[ReferenceOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    resolve_catalog_system_name = resolved("catalog_system.name", str)
    resolve_business_type = resolved("catalog_system.business_type", str)
    resolve_vendor_id = resolved("catalog_system.vendor_id")

    @staticmethod
    def resolve_vendor_name(obj: Any) -> str | None:
        system = obj.catalog_system
        return system.vendor.name if system.vendor_id else None

    resolve_responsible_unit_name = related("responsible_unit")


USAGE_REFS = {
    "catalog_system_id": Ref("catalog_system", catalog_of),
    "responsible_unit_id": Ref("responsible_unit", units_of),
    "using_unit_ids": Ref("using_units", units_of, many=True),
    "kle_addition_ids": Ref("kle_additions", kle_of, many=True),
    "kle_removal_ids": Ref("kle_removals", kle_of, many=True),
}


def _usage_qs(organization: Organization) -> QuerySet[SystemUsage]:
    return selectors.usage_list(organization=organization).prefetch_related(
        Prefetch(
            "roles",
            queryset=UsageRole.objects.select_related("role_type", "user").order_by(
                "role_type__sort_order", "pk"
            ),
        ),
        Prefetch("costs", queryset=UsageCost.objects.order_by("year", "kind", "pk")),
        Prefetch("references", queryset=ExternalReference.objects.order_by("pk")),
    )


USAGES = resource(_usage_qs, SystemUsage, USAGE_REFS, USAGE_FILTERS)
USAGE_WRITES = Writable(USAGES, "usage.change", selectors.usage_get, "usage", USAGE_REFS)


def _role_user_name(user_id: int | None, first: str, last: str, username: str) -> str | None:
    """``user_name`` from the user's columns: the full name, else the username."""
    if user_id is None:
        return None
    return f"{first} {last}".strip() or username


_USAGE_OWN_FIELDS = tuple(UsageFields.model_fields)


def _usage_items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``UsageOut`` of a page of usages, built from plain rows (``selectors_api``).

    Equal to the detail's output key for key and in the same key order
    (``test_api_usage_list`` pins it), but without model instances for the child rows
    and without django-ninja's attribute-by-attribute validation of every item. Four
    queries whatever the number of rows: roles, cost lines, references and the
    many-to-many ids.
    """
    ids = [row["id"] for row in rows]
    roles = selectors_api.usage_role_rows(usage_ids=ids)
    costs = selectors_api.usage_cost_rows(usage_ids=ids)
    references = selectors_api.usage_reference_rows(usage_ids=ids)
    m2m = many_to_many_ids(SystemUsage, ids, linked(USAGE_REFS))
    using_units, kle_additions, kle_removals = (
        m2m["using_unit_ids"],
        m2m["kle_addition_ids"],
        m2m["kle_removal_ids"],
    )
    items = []
    for row in rows:
        pk = row["id"]
        item = {name: row[name] for name in _USAGE_OWN_FIELDS}
        item["id"] = pk
        item["uuid"] = row["uuid"]
        item["name"] = row["local_name"] or row["catalog_system__name"]
        item["catalog_system_id"] = row["catalog_system_id"]
        item["catalog_system_name"] = row["catalog_system__name"]
        item["business_type"] = row["catalog_system__business_type"]
        item["vendor_id"] = row["catalog_system__vendor_id"]
        item["vendor_name"] = row["catalog_system__vendor__name"]
        item["responsible_unit_id"] = row["responsible_unit_id"]
        item["responsible_unit_name"] = row["responsible_unit__name"]
        item["using_unit_ids"] = using_units[pk]
        item["kle_addition_ids"] = kle_additions[pk]
        item["kle_removal_ids"] = kle_removals[pk]
        item["roles"] = [
            {
                "id": role_id,
                "role_type_id": type_id,
                "role_type_key": type_key,
                "role_type_name": type_name,
                "user_id": user_id,
                "user_name": _role_user_name(user_id, first, last, username),
                "person_name": person_name,
                "email": email,
            }
            for (
                role_id,
                type_id,
                type_key,
                type_name,
                user_id,
                first,
                last,
                username,
                person_name,
                email,
            ) in roles.get(pk, ())
        ]
        item["costs"] = [
            {"id": cost_id, "year": year, "kind": kind, "amount": money(amount), "note": note}
            for cost_id, year, kind, amount, note in costs.get(pk, ())
        ]
        item["references"] = [
            {"title": title, "url": url, "id": ref_id}
            for ref_id, title, url in references.get(pk, ())
        ]
        item["created_at"] = row["created_at"]
        item["updated_at"] = row["updated_at"]
        items.append(item)
    return items


_JSON = JSONRenderer()


USAGE_API = Crud(router, "usages", "usage", USAGE_WRITES, UsageOut, module=__name__)


@USAGE_API.on_collection(
    "get",
    response=page_of(UsageOut),
    summary="Systems in use, with roles, own cost lines and references",
    openapi_extra=list_params(USAGE_FILTERS, SystemUsage),
)
def usage_list(request: HttpRequest, org_id: int) -> HttpResponse:
    # Built from plain rows and answered as it is: model instances for every child row
    # and django-ninja's validation of ~60 values per item, one attribute at a time, were
    # over half of the request's time (docs/benchmarks.md).
    org = member_organization(request, org_id, "portfolio.view")

    def body() -> str:
        rows = selectors_api.usage_rows(organization=org)
        page = paginate(request, rows, filterset=USAGE_FILTERS)
        data = {"count": page["count"], "items": _usage_items(page["items"])}
        return str(_JSON.render(request, data, response_status=200))

    # The same page for everyone with the same roles until the organization's data
    # changes (core.orgcache); a bad filter value raises before anything is stored.
    return HttpResponse(
        shared_result(request, org, "api:usages", body, request.get_full_path()),
        content_type=f"{_JSON.media_type}; charset={_JSON.charset}",
    )


USAGE_API.add_detail()
USAGE_API.add_create(services.usage_create, UsageIn, "Create a usage (usage.change)")
USAGE_API.add_update(
    services.usage_update,
    UsagePatch,
    "Update a usage (usage.change, or a role that grants editing, e.g. systemejer)",
)
USAGE_API.add_delete(
    services.usage_delete, "Delete a usage (portfolio.change)", permission="portfolio.change"
)


def _roles(payload: RolesIn, org: Organization) -> dict[str, Any]:
    """The roles sent: role types of the organization, users who are its members."""
    rows = payload.dict()["roles"]
    types = objects_by_ids(role_types_of(org), [r["role_type_id"] for r in rows], "roles")
    users = objects_by_ids(members_of(org), [r["user_id"] for r in rows if r["user_id"]], "roles")
    type_by_id = {t.pk: t for t in types}
    user_by_id = {u.pk: u for u in users}
    roles = [
        {
            "role_type": type_by_id[r["role_type_id"]],
            "user": user_by_id.get(r["user_id"]),
            "person_name": r["person_name"],
            "email": r["email"],
        }
        for r in rows
    ]
    return {"roles": roles}


USAGE_API.action(
    "put",
    "/roles",
    "roles_set",
    services.usage_roles_set,
    "Replace the usage's roles (systemejer, dataejer, …); see role-types",
    RolesIn,
    _roles,
)
USAGE_API.action(
    "put",
    "/costs",
    "costs_set",
    services.usage_costs_set,
    "Replace the usage's own yearly cost lines (amounts as decimal strings)",
    CostsIn,
    lambda payload, org: {"lines": payload.dict()["costs"]},
)
USAGE_API.action(
    "put",
    "/references",
    "references_set",
    services.usage_references_set,
    "Replace the usage's external references",
    ReferencesIn,
    lambda payload, org: payload.dict(),
)


@CATALOG_API.on_item(
    "post",
    "/take-into-use",
    status=201,
    response=UsageOut,
    summary="Take a catalog system into use: creates a usage (lifecycle defaults to phasing in)",
)
def catalog_take_into_use(
    request: HttpRequest, org_id: int, system_id: int, payload: UsageBody
) -> tuple[int, Any]:
    org = member_organization(request, org_id)
    system = get_object_or_404(CATALOGS.queryset(organization=org), pk=system_id)
    require(request.user, org, "usage.change")
    fields = resolve_refs(org, payload.dict(exclude_unset=True), USAGE_REFS)
    usage = services.catalog_take_into_use(
        actor=request.user, organization=org, system=system, **fields
    )
    return 201, USAGES.one(org, usage.pk)
