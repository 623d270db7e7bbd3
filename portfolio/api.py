"""Portfolio CRUD under /api/v1/ (vendors, kle, catalog-systems, usages, contracts,
integrations, processes, plus the data objects and role types their payloads refer to).

Design
------
* **Shared, read for every member of some organization:** ``GET /vendors``,
  ``GET /vendors/{id}``, ``GET /kle``, ``GET /kle/{id}``.
* **Vendor writes** go under the organization that maintains the entry, so the
  permission (``vendor.change``) is checked there: ``POST /organizations/{org}/vendors``,
  ``PATCH|DELETE /organizations/{org}/vendors/{id}``. In that path the collection is the
  vendors *this organization maintains*; another organization's entry is a 404 there.
* **Everything else** lives under ``/organizations/{org_id}/…``; another organization's
  object is a 404 (selectors), an id of another organization in a payload is a 400 naming
  the field (``{"message": …, "errors": {"using_unit_ids": [...]}}``).
* **Lists** take ``q``, the filters and ``sort`` keys of ``portfolio/filters.py`` (the same
  ones as the UI), ``changed_since``, ``limit`` (1–100) and ``offset``, and answer
  ``{"items", "count"}``. Every list costs the same number of queries whatever the page
  size: foreign keys are joined, child rows prefetched, and the ids of all many-to-many
  fields of a page are read in one UNION query (``_attach_ids``). The usage list, the
  busiest, reads plain rows instead (``selectors_api``) and builds its items as dicts
  equal to the detail's output (``_usage_items``; pinned by ``test_api_usage_list``).
* **Representation:** ids everywhere, plus ``uuid`` where the model has one and a display
  name beside each foreign key (``catalog_system_name``, ``vendor_name``, …). Dates and
  times are ISO 8601. Money is a decimal **string** in kr. with two decimals
  (``"125000.00"``); input accepts a string or a number.
* Child rows (roles, costs, references, payments, contract roles, process steps) are
  replaced as a whole with ``PUT …/{id}/<children>``; the parent's ``updated_at`` moves so
  ``changed_since`` sees the change.
* **Writes** of the organization's resources follow one shape, described per resource by
  ``_Writable`` (permission, selector, payload references, read-back resource) as the
  reads are by ``_Resource``; an endpoint names its service and the payload it sends.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.renderers import JSONRenderer

from core.api import ListOut, paginate
from core.filters import FilterSpec
from core.permissions import require
from organizations import selectors as org_selectors
from organizations.models import Membership, Organization
from portfolio import choices as c
from portfolio import selectors, selectors_api, services
from portfolio.filters import (
    CATALOG_FILTERS,
    CONTRACT_FILTERS,
    DATA_OBJECT_FILTERS,
    INTEGRATION_FILTERS,
    KLE_FILTERS,
    PROCESS_FILTERS,
    USAGE_FILTERS,
    VENDOR_FILTERS,
)
from portfolio.models import (
    BusinessProcess,
    CatalogSystem,
    Contract,
    ContractPayment,
    ContractRole,
    ExternalReference,
    Integration,
    ProcessStep,
    SystemUsage,
    UsageCost,
    UsageRole,
    Vendor,
)

router = Router(tags=["portfolio"])

ORG = "/organizations/{org_id}"
MONEY = 'Beløb i kr. som decimaltekst med to decimaler, fx "125000.00".'

# Helpers ---------------------------------------------------------------------------------


def _org(request: HttpRequest, org_id: int) -> Organization:
    """The organization in the path if the user belongs to it (else 404), one query."""
    return org_selectors.organization_get_for_member(user=request.user, pk=org_id)


def _require_member(request: HttpRequest) -> None:
    """Shared data (vendors, KLE) is for users who belong to some organization."""
    user: Any = request.user
    if not Membership.objects.filter(user=user, organization__is_active=True).exists():
        raise PermissionDenied


def _list_params(spec: FilterSpec | None) -> dict[str, Any]:
    """OpenAPI parameters for a list: q, the FilterSpec's filters and sort keys, paging."""
    params: list[dict[str, Any]] = []
    if spec is not None:
        if spec.search_fields:
            params.append(
                {
                    "in": "query",
                    "name": "q",
                    "schema": {"type": "string"},
                    "description": "Fritekst i " + ", ".join(spec.search_fields),
                }
            )
        params += [
            {
                "in": "query",
                "name": name,
                "schema": {"type": "string"},
                "description": f"Præcis værdi af {lookup}",
            }
            for name, lookup in spec.filters.items()
        ]
        keys = list(spec.ordering)
        params.append(
            {
                "in": "query",
                "name": "sort",
                "schema": {"type": "string", "enum": keys + [f"-{k}" for k in keys]},
                "description": f"Sortering (standard: {spec.default_ordering})",
            }
        )
        params.append(
            {
                "in": "query",
                "name": "changed_since",
                "schema": {"type": "string", "format": "date-time"},
                "description": "Kun rækker ændret fra og med dette tidspunkt (ISO 8601)",
            }
        )
    params += [
        {
            "in": "query",
            "name": "limit",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
        },
        {"in": "query", "name": "offset", "schema": {"type": "integer", "minimum": 0}},
    ]
    return {"parameters": params}


def _attach_ids(
    objects: Iterable[Any], model: type[models.Model], fields: Mapping[str, str]
) -> None:
    """Set ``obj.<attr>`` to the sorted ids of the many-to-many field ``name`` for every
    ``name -> attr`` in ``fields``, for all objects with ONE query (a UNION ALL over the
    through tables), whatever the number of objects and fields."""
    by_pk = {obj.pk: obj for obj in objects}
    found = selectors_api.many_to_many_ids(model, by_pk, fields)
    for attr, ids in found.items():
        for pk, obj in by_pk.items():
            setattr(obj, attr, ids[pk])


@dataclass(frozen=True)
class Ref:
    """A payload field that names other objects by id: ``kwarg`` is the service argument,
    ``source(organization)`` the queryset the ids must come from."""

    kwarg: str
    source: Callable[[Organization], QuerySet[Any]]
    many: bool = False


def _objects(queryset: QuerySet[Any], ids: Iterable[int], field: str) -> list[Any]:
    wanted = list(dict.fromkeys(ids))
    found = queryset.in_bulk(wanted) if wanted else {}
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise ValidationError({field: _("Id %(ids)s findes ikke.") % {"ids": ", ".join(missing)}})
    return [found[pk] for pk in wanted]


def _resolve(
    organization: Organization, data: Mapping[str, Any], refs: Mapping[str, Ref]
) -> dict[str, Any]:
    """Payload -> service keyword arguments: ids become objects the organization may use."""
    fields: dict[str, Any] = {}
    for key, value in data.items():
        ref = refs.get(key)
        if ref is None:
            fields[key] = value
        elif ref.many:
            fields[ref.kwarg] = _objects(ref.source(organization), value, key)
        else:
            fields[ref.kwarg] = (
                None if value is None else _objects(ref.source(organization), [value], key)[0]
            )
    return fields


@dataclass(frozen=True)
class _Resource:
    """How the API reads one organization-owned resource: its queryset (with the prefetches
    the output schema needs) and how many-to-many ids are attached to a page of rows."""

    queryset: Callable[[Organization], QuerySet[Any]]
    attach: Callable[[list[Any]], None]


def _m2m(model: type[models.Model], fields: Mapping[str, str]) -> Callable[[list[Any]], None]:
    return lambda objects: _attach_ids(objects, model, fields)


def _readable(request: HttpRequest, org_id: int) -> Organization:
    """The organization in the path, for a member who may read the portfolio."""
    org = _org(request, org_id)
    require(request.user, org, "portfolio.view")
    return org


def _one(org: Organization, resource: _Resource, pk: int) -> Any:
    obj = get_object_or_404(resource.queryset(org), pk=pk)
    resource.attach([obj])
    return obj


def _page(
    request: HttpRequest, org_id: int, resource: _Resource, filterset: FilterSpec
) -> dict[str, Any]:
    page = paginate(request, resource.queryset(_readable(request, org_id)), filterset=filterset)
    resource.attach(page["items"])
    return page


@dataclass(frozen=True)
class _Writable:
    """How the API writes one organization-owned resource, the same way for each.

    The organization in the path comes first, then (for an existing object) ``get`` finds
    the object in it, so another organization's object is a 404 before ``permission`` is
    checked (with the object, for object-level rules such as a systemejer's). Payload ids
    become objects through ``refs`` (a foreign or unknown id is a 400 naming the field);
    other payload keys go to the service as they are. Services are called with ``actor``
    and, for an existing object, the object as the keyword ``kwarg``. ``ValidationError``
    and ``PermissionDenied`` become JSON errors in ``core.api``. A write answers the object
    as its detail endpoint reads it (``resource``).
    """

    resource: _Resource
    permission: str
    get: Callable[..., Any]  # a selector: get(organization=, pk=), 404 for other orgs' objects
    kwarg: str
    refs: Mapping[str, Ref]

    def target(
        self, request: HttpRequest, org_id: int, pk: int, permission: str | None = None
    ) -> tuple[Organization, Any]:
        """The organization and the object in the path, for a user who may change it."""
        org = _org(request, org_id)
        obj = self.get(organization=org, pk=pk)
        require(request.user, org, permission or self.permission, obj)
        return org, obj

    def create(
        self,
        request: HttpRequest,
        org_id: int,
        service: Callable[..., Any],
        data: Mapping[str, Any],
    ) -> tuple[int, Any]:
        org = _org(request, org_id)
        require(request.user, org, self.permission)
        obj = service(actor=request.user, organization=org, **_resolve(org, data, self.refs))
        return 201, _one(org, self.resource, obj.pk)

    def update(
        self,
        request: HttpRequest,
        org_id: int,
        pk: int,
        service: Callable[..., Any],
        data: Mapping[str, Any],
    ) -> Any:
        """Update the object in the path, or replace its child rows, with ``data``."""
        org, obj = self.target(request, org_id, pk)
        service(actor=request.user, **{self.kwarg: obj}, **_resolve(org, data, self.refs))
        return _one(org, self.resource, obj.pk)

    def delete(
        self,
        request: HttpRequest,
        org_id: int,
        pk: int,
        service: Callable[..., Any],
        permission: str | None = None,
    ) -> tuple[int, None]:
        _, obj = self.target(request, org_id, pk, permission)
        service(actor=request.user, **{self.kwarg: obj})
        return 204, None


def _units(org: Organization) -> QuerySet[Any]:
    return org_selectors.unit_list(organization=org)


def _catalog(org: Organization) -> QuerySet[Any]:
    return selectors.catalog_list(organization=org)


def _kle(org: Organization) -> QuerySet[Any]:
    return selectors.kle_list(organization=org)


def _vendors(org: Organization) -> QuerySet[Any]:
    return selectors.vendor_list(organization=org)


def _usages(org: Organization) -> QuerySet[Any]:
    return selectors.usage_list(organization=org)


def _contracts(org: Organization) -> QuerySet[Any]:
    return selectors.contract_list(organization=org)


def _data_objects(org: Organization) -> QuerySet[Any]:
    return selectors.data_object_list(organization=org)


def _processes(org: Organization) -> QuerySet[Any]:
    return selectors.process_list(organization=org)


def _role_types(org: Organization) -> QuerySet[Any]:
    return selectors.role_types(organization=org)


def _members(org: Organization) -> QuerySet[Any]:
    return get_user_model().objects.filter(
        pk__in=Membership.objects.filter(organization=org).values("user_id")
    )


def _user_name(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


# Shared: vendors and KLE -----------------------------------------------------------------


class VendorOut(Schema):
    id: int
    uuid: uuid.UUID
    name: str
    cvr: str
    contact_name: str
    contact_email: str
    website: str
    created_by_id: int | None = Field(
        description="Organisationen, der vedligeholder posten (tom: fælles referencedata)."
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class VendorList(ListOut):
    items: list[VendorOut]


class VendorIn(Schema):
    name: str
    cvr: str = ""
    contact_name: str = ""
    contact_email: str = ""
    website: str = ""


class VendorPatch(VendorIn):
    name: str | None = None  # type: ignore[assignment]


class KleOut(Schema):
    id: int
    number: str
    title: str
    level: c.KleLevel
    parent_id: int | None
    parent_number: str | None
    archive_code: c.KleArchiveCode
    deletion_years: int | None
    deactivated: bool
    updated_at: dt.datetime

    @staticmethod
    def resolve_parent_number(obj: Any) -> str | None:
        return obj.parent.number if obj.parent_id else None


class KleList(ListOut):
    items: list[KleOut]


@router.get(
    "/vendors",
    response=VendorList,
    summary="Vendors (shared; read by every member of an organization)",
    openapi_extra=_list_params(VENDOR_FILTERS),
)
def vendor_list(request: HttpRequest) -> dict[str, Any]:
    _require_member(request)
    return paginate(request, selectors.vendor_list(), filterset=VENDOR_FILTERS)


@router.get("/vendors/{vendor_id}", response=VendorOut, summary="One vendor (shared)")
def vendor_detail(request: HttpRequest, vendor_id: int) -> Any:
    _require_member(request)
    return selectors.vendor_get(pk=vendor_id)


def _maintained_vendor(
    request: HttpRequest, org_id: int, vendor_id: int
) -> tuple[Organization, Vendor]:
    """A vendor this organization maintains (superusers maintain every vendor), for a user
    who may change vendors there."""
    org = _org(request, org_id)
    queryset = selectors.vendor_list(organization=org)
    if not getattr(request.user, "is_superuser", False):
        queryset = queryset.filter(created_by=org)
    vendor = get_object_or_404(queryset, pk=vendor_id)
    require(request.user, org, "vendor.change")
    return org, vendor


@router.post(
    f"{ORG}/vendors",
    response={201: VendorOut},
    summary="Create a shared vendor, maintained by this organization (vendor.change)",
)
def vendor_create(request: HttpRequest, org_id: int, payload: VendorIn) -> tuple[int, Any]:
    org = _org(request, org_id)
    require(request.user, org, "vendor.change")
    vendor = services.vendor_create(actor=request.user, organization=org, **payload.dict())
    return 201, vendor


@router.patch(
    f"{ORG}/vendors/{{vendor_id}}",
    response=VendorOut,
    summary="Update a vendor this organization maintains (others' vendors are 404 here)",
)
def vendor_update(request: HttpRequest, org_id: int, vendor_id: int, payload: VendorPatch) -> Any:
    org, vendor = _maintained_vendor(request, org_id, vendor_id)
    return services.vendor_update(
        actor=request.user, organization=org, vendor=vendor, **payload.dict(exclude_unset=True)
    )


@router.delete(
    f"{ORG}/vendors/{{vendor_id}}",
    response={204: None},
    summary="Delete an unused vendor this organization maintains",
)
def vendor_delete(request: HttpRequest, org_id: int, vendor_id: int) -> tuple[int, None]:
    org, vendor = _maintained_vendor(request, org_id, vendor_id)
    services.vendor_delete(actor=request.user, organization=org, vendor=vendor)
    return 204, None


@router.get(
    "/kle",
    response=KleList,
    summary="KLE subjects (shared, read-only)",
    openapi_extra=_list_params(KLE_FILTERS),
)
def kle_list(request: HttpRequest) -> dict[str, Any]:
    _require_member(request)
    return paginate(request, selectors.kle_list(), filterset=KLE_FILTERS)


@router.get("/kle/{kle_id}", response=KleOut, summary="One KLE subject (shared, read-only)")
def kle_detail(request: HttpRequest, kle_id: int) -> Any:
    _require_member(request)
    return selectors.kle_get(pk=kle_id)


# Reference lists of the organization: role types and data objects -------------------------


class RoleTypeOut(Schema):
    id: int
    key: str
    name: str
    grants_edit: bool
    organization_id: int | None = Field(description="Tom for de indbyggede rolletyper.")
    sort_order: int


class RoleTypeList(ListOut):
    items: list[RoleTypeOut]


@router.get(
    f"{ORG}/role-types",
    response=RoleTypeList,
    summary="Usage role types (built-in and the organization's own)",
    openapi_extra=_list_params(None),
)
def role_type_list(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = _readable(request, org_id)
    paging = {k: v for k, v in request.GET.items() if k in ("limit", "offset")}
    return paginate(request, _role_types(org), params=paging)


class DataObjectOut(Schema):
    id: int
    name: str
    description: str
    personal_data: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class DataObjectList(ListOut):
    items: list[DataObjectOut]


class DataObjectIn(Schema):
    name: str
    description: str = ""
    personal_data: bool = False


@router.get(
    f"{ORG}/data-objects",
    response=DataObjectList,
    summary="Data objects moved by integrations and used by process steps",
    openapi_extra=_list_params(DATA_OBJECT_FILTERS),
)
def data_object_list(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = _readable(request, org_id)
    return paginate(request, _data_objects(org), filterset=DATA_OBJECT_FILTERS)


@router.post(f"{ORG}/data-objects", response={201: DataObjectOut}, summary="Create a data object")
def data_object_create(request: HttpRequest, org_id: int, payload: DataObjectIn) -> tuple[int, Any]:
    org = _org(request, org_id)
    require(request.user, org, "portfolio.change")
    return 201, services.data_object_create(actor=request.user, organization=org, **payload.dict())


# Catalog ---------------------------------------------------------------------------------


class CatalogFields(Schema):
    former_names: str = ""
    description: str = ""
    recommended_archive_duty: c.ArchiveDuty = c.ArchiveDuty.UNDECIDED


class CatalogOut(CatalogFields):
    id: int
    uuid: uuid.UUID
    name: str
    business_type: c.BusinessType
    vendor_id: int | None
    vendor_name: str | None
    kle_subject_ids: list[int]
    parent_id: int | None
    parent_name: str | None
    scope: c.Scope
    owner_organization_id: int | None
    proposed: bool
    deactivated: bool
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_vendor_name(obj: Any) -> str | None:
        return obj.vendor.name if obj.vendor_id else None

    @staticmethod
    def resolve_parent_name(obj: Any) -> str | None:
        return obj.parent.name if obj.parent_id else None


class CatalogList(ListOut):
    items: list[CatalogOut]


class CatalogIn(CatalogFields):
    name: str
    business_type: c.BusinessType
    vendor_id: int | None = None
    kle_subject_ids: list[int] = Field(default_factory=list)
    parent_id: int | None = None
    propose: bool = Field(False, description="Foreslå posten til det fælles katalog.")


class CatalogPatch(CatalogFields):
    name: str | None = None
    business_type: c.BusinessType | None = None
    vendor_id: int | None = None
    kle_subject_ids: list[int] = Field(default_factory=list)
    parent_id: int | None = None
    proposed: bool = False
    deactivated: bool = False


CATALOG_REFS = {
    "vendor_id": Ref("vendor", _vendors),
    "kle_subject_ids": Ref("kle_subjects", _kle, many=True),
    "parent_id": Ref("parent", _catalog),
}
CATALOG_M2M = {"kle_subjects": "kle_subject_ids"}


def _catalog_qs(org: Organization) -> QuerySet[CatalogSystem]:
    return selectors.catalog_list(organization=org).select_related("parent")


CATALOGS = _Resource(_catalog_qs, _m2m(CatalogSystem, CATALOG_M2M))
CATALOG_WRITES = _Writable(
    CATALOGS, "portfolio.change", selectors.catalog_get, "system", CATALOG_REFS
)


@router.get(
    f"{ORG}/catalog-systems",
    response=CatalogList,
    summary="The catalog: shared systems plus the organization's own local entries",
    openapi_extra=_list_params(CATALOG_FILTERS),
)
def catalog_list(request: HttpRequest, org_id: int) -> dict[str, Any]:
    return _page(request, org_id, CATALOGS, CATALOG_FILTERS)


@router.get(f"{ORG}/catalog-systems/{{system_id}}", response=CatalogOut)
def catalog_detail(request: HttpRequest, org_id: int, system_id: int) -> Any:
    return _one(_readable(request, org_id), CATALOGS, system_id)


@router.post(
    f"{ORG}/catalog-systems",
    response={201: CatalogOut},
    summary="Create a local catalog entry; propose=true suggests it for the shared catalog",
)
def catalog_create(request: HttpRequest, org_id: int, payload: CatalogIn) -> tuple[int, Any]:
    return CATALOG_WRITES.create(request, org_id, services.catalog_create, payload.dict())


@router.patch(
    f"{ORG}/catalog-systems/{{system_id}}",
    response=CatalogOut,
    summary="Update one of the organization's own catalog entries (shared ones: 403)",
)
def catalog_update(request: HttpRequest, org_id: int, system_id: int, payload: CatalogPatch) -> Any:
    org, system = CATALOG_WRITES.target(request, org_id, system_id)
    fields = _resolve(org, payload.dict(exclude_unset=True), CATALOG_REFS)
    services.catalog_update(actor=request.user, organization=org, system=system, **fields)
    return _one(org, CATALOGS, system.pk)


# Usages ----------------------------------------------------------------------------------


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

    @staticmethod
    def resolve_role_type_key(obj: Any) -> str:
        return str(obj.role_type.key)

    @staticmethod
    def resolve_role_type_name(obj: Any) -> str:
        return str(obj.role_type.name)

    @staticmethod
    def resolve_user_name(obj: Any) -> str | None:
        return _user_name(obj.user)


class CostIn(Schema):
    year: int
    kind: c.CostKind
    amount: Decimal = Field(description=MONEY)
    note: str = ""


class CostsIn(Schema):
    costs: list[CostIn]


class CostOut(Schema):
    id: int
    year: int
    kind: c.CostKind
    amount: str = Field(description=MONEY)
    note: str

    @staticmethod
    def resolve_amount(obj: Any) -> str:
        return _money(obj.amount)


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
    update_cadence: c.Cadence = c.Cadence.NONE
    test_cadence: c.Cadence = c.Cadence.NONE
    governance_responsible: str = ""
    last_tested: dt.date | None = None
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

    @staticmethod
    def resolve_catalog_system_name(obj: Any) -> str:
        return str(obj.catalog_system.name)

    @staticmethod
    def resolve_business_type(obj: Any) -> str:
        return str(obj.catalog_system.business_type)

    @staticmethod
    def resolve_vendor_id(obj: Any) -> int | None:
        return obj.catalog_system.vendor_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_vendor_name(obj: Any) -> str | None:
        system = obj.catalog_system
        return system.vendor.name if system.vendor_id else None

    @staticmethod
    def resolve_responsible_unit_name(obj: Any) -> str | None:
        return obj.responsible_unit.name if obj.responsible_unit_id else None

    @staticmethod
    def resolve_roles(obj: Any) -> list[Any]:
        return list(obj.roles.all())

    @staticmethod
    def resolve_costs(obj: Any) -> list[Any]:
        return list(obj.costs.all())

    @staticmethod
    def resolve_references(obj: Any) -> list[Any]:
        return list(obj.references.all())


class UsageList(ListOut):
    items: list[UsageOut]


USAGE_REFS = {
    "catalog_system_id": Ref("catalog_system", _catalog),
    "responsible_unit_id": Ref("responsible_unit", _units),
    "using_unit_ids": Ref("using_units", _units, many=True),
    "kle_addition_ids": Ref("kle_additions", _kle, many=True),
    "kle_removal_ids": Ref("kle_removals", _kle, many=True),
}
USAGE_M2M = {
    "using_units": "using_unit_ids",
    "kle_additions": "kle_addition_ids",
    "kle_removals": "kle_removal_ids",
}


def _usage_qs(org: Organization) -> QuerySet[SystemUsage]:
    return selectors.usage_list(organization=org).prefetch_related(
        Prefetch(
            "roles",
            queryset=UsageRole.objects.select_related("role_type", "user").order_by(
                "role_type__sort_order", "pk"
            ),
        ),
        Prefetch("costs", queryset=UsageCost.objects.order_by("year", "kind", "pk")),
        Prefetch("references", queryset=ExternalReference.objects.order_by("pk")),
    )


USAGES = _Resource(_usage_qs, _m2m(SystemUsage, USAGE_M2M))
USAGE_WRITES = _Writable(USAGES, "usage.change", selectors.usage_get, "usage", USAGE_REFS)


def _role_user_name(user_id: int | None, first: str, last: str, username: str) -> str | None:
    """``_user_name`` from the user's columns: the full name, else the username."""
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
    m2m = selectors_api.many_to_many_ids(SystemUsage, ids, USAGE_M2M)
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
            {"id": cost_id, "year": year, "kind": kind, "amount": _money(amount), "note": note}
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


def _rendered(request: HttpRequest, data: Any) -> HttpResponse:
    """``data`` answered exactly as django-ninja answers a validated result (the default
    JSON renderer of ``core.api.build_api``, same content type), for a result that is
    built to equal its response schema already."""
    return HttpResponse(
        _JSON.render(request, data, response_status=200),
        content_type=f"{_JSON.media_type}; charset={_JSON.charset}",
    )


@router.get(
    f"{ORG}/usages",
    response=UsageList,
    summary="Systems in use, with roles, own cost lines and references",
    openapi_extra=_list_params(USAGE_FILTERS),
)
def usage_list(request: HttpRequest, org_id: int) -> HttpResponse:
    # Built from plain rows and answered as it is: model instances for every child row
    # and django-ninja's validation of ~60 values per item, one attribute at a time, were
    # over half of the request's time (docs/benchmarks.md).
    org = _readable(request, org_id)
    page = paginate(request, selectors_api.usage_rows(organization=org), filterset=USAGE_FILTERS)
    return _rendered(request, {"count": page["count"], "items": _usage_items(page["items"])})


@router.get(f"{ORG}/usages/{{usage_id}}", response=UsageOut)
def usage_detail(request: HttpRequest, org_id: int, usage_id: int) -> Any:
    return _one(_readable(request, org_id), USAGES, usage_id)


@router.post(f"{ORG}/usages", response={201: UsageOut}, summary="Create a usage (usage.change)")
def usage_create(request: HttpRequest, org_id: int, payload: UsageIn) -> tuple[int, Any]:
    data = payload.dict(exclude_unset=True)
    return USAGE_WRITES.create(request, org_id, services.usage_create, data)


@router.patch(
    f"{ORG}/usages/{{usage_id}}",
    response=UsageOut,
    summary="Update a usage (usage.change, or a role that grants editing, e.g. systemejer)",
)
def usage_update(request: HttpRequest, org_id: int, usage_id: int, payload: UsagePatch) -> Any:
    data = payload.dict(exclude_unset=True)
    return USAGE_WRITES.update(request, org_id, usage_id, services.usage_update, data)


@router.delete(
    f"{ORG}/usages/{{usage_id}}", response={204: None}, summary="Delete a usage (portfolio.change)"
)
def usage_delete(request: HttpRequest, org_id: int, usage_id: int) -> tuple[int, None]:
    return USAGE_WRITES.delete(
        request, org_id, usage_id, services.usage_delete, permission="portfolio.change"
    )


@router.put(
    f"{ORG}/usages/{{usage_id}}/roles",
    response=UsageOut,
    summary="Replace the usage's roles (systemejer, dataejer, …); see role-types",
)
def usage_roles_set(request: HttpRequest, org_id: int, usage_id: int, payload: RolesIn) -> Any:
    org, usage = USAGE_WRITES.target(request, org_id, usage_id)
    rows = payload.dict()["roles"]
    types = _objects(_role_types(org), [r["role_type_id"] for r in rows], "roles")
    users = _objects(_members(org), [r["user_id"] for r in rows if r["user_id"]], "roles")
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
    services.usage_roles_set(actor=request.user, usage=usage, roles=roles)
    return _one(org, USAGES, usage.pk)


@router.put(
    f"{ORG}/usages/{{usage_id}}/costs",
    response=UsageOut,
    summary="Replace the usage's own yearly cost lines (amounts as decimal strings)",
)
def usage_costs_set(request: HttpRequest, org_id: int, usage_id: int, payload: CostsIn) -> Any:
    data = {"lines": payload.dict()["costs"]}
    return USAGE_WRITES.update(request, org_id, usage_id, services.usage_costs_set, data)


@router.put(
    f"{ORG}/usages/{{usage_id}}/references",
    response=UsageOut,
    summary="Replace the usage's external references",
)
def usage_references_set(
    request: HttpRequest, org_id: int, usage_id: int, payload: ReferencesIn
) -> Any:
    data = payload.dict()
    return USAGE_WRITES.update(request, org_id, usage_id, services.usage_references_set, data)


@router.post(
    f"{ORG}/catalog-systems/{{system_id}}/take-into-use",
    response={201: UsageOut},
    summary="Take a catalog system into use: creates a usage (lifecycle defaults to phasing in)",
)
def catalog_take_into_use(
    request: HttpRequest, org_id: int, system_id: int, payload: UsageBody
) -> tuple[int, Any]:
    org = _org(request, org_id)
    system = get_object_or_404(_catalog_qs(org), pk=system_id)
    require(request.user, org, "usage.change")
    fields = _resolve(org, payload.dict(exclude_unset=True), USAGE_REFS)
    usage = services.catalog_take_into_use(
        actor=request.user, organization=org, system=system, **fields
    )
    return 201, _one(org, USAGES, usage.pk)


# Contracts -------------------------------------------------------------------------------


class PaymentIn(Schema):
    year: int
    stream: c.PaymentStream
    amount: Decimal = Field(description=MONEY)


class PaymentsIn(Schema):
    payments: list[PaymentIn]


class PaymentOut(Schema):
    id: int
    year: int
    stream: c.PaymentStream
    amount: str = Field(description=MONEY)

    @staticmethod
    def resolve_amount(obj: Any) -> str:
        return _money(obj.amount)


class ContractRoleIn(Schema):
    kind: c.ContractRoleKind
    user_id: int | None = None
    person_name: str = ""


class ContractRolesIn(Schema):
    roles: list[ContractRoleIn]


class ContractRoleOut(Schema):
    id: int
    kind: c.ContractRoleKind
    user_id: int | None
    user_name: str | None
    person_name: str

    @staticmethod
    def resolve_user_name(obj: Any) -> str | None:
        return _user_name(obj.user)


class ContractFields(Schema):
    number: str = ""
    contract_type: c.ContractType = c.ContractType.MAIN
    procurement_form: c.ProcurementForm | Literal[""] = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    irrevocable_until: dt.date | None = None
    notice_months: int = Field(0, ge=0)
    notice_runs_to: c.NoticeRunsTo = c.NoticeRunsTo.ANY_DAY
    options_offered: int = Field(0, ge=0)
    options_used: int = Field(0, ge=0)
    option_months: int = Field(12, ge=0)
    terminated: bool = False
    terminated_date: dt.date | None = None
    dpa_required: bool = False
    dpa_concluded: bool = False
    dpa_date: dt.date | None = None
    dpa_supervision_months: int | None = Field(None, ge=0)
    dpa_next_supervision: dt.date | None = None
    notes: str = ""


class ContractIn(ContractFields):
    name: str
    vendor_id: int | None = None
    usage_ids: list[int] = Field(default_factory=list)
    parent_id: int | None = None
    responsible_unit_id: int | None = None


class ContractPatch(ContractIn):
    name: str | None = None  # type: ignore[assignment]


class ContractOut(ContractFields):
    id: int
    uuid: uuid.UUID
    name: str
    vendor_id: int | None
    vendor_name: str | None
    usage_ids: list[int]
    parent_id: int | None
    parent_name: str | None
    responsible_unit_id: int | None
    responsible_unit_name: str | None
    payments: list[PaymentOut]
    roles: list[ContractRoleOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_vendor_name(obj: Any) -> str | None:
        return obj.vendor.name if obj.vendor_id else None

    @staticmethod
    def resolve_parent_name(obj: Any) -> str | None:
        return obj.parent.name if obj.parent_id else None

    @staticmethod
    def resolve_responsible_unit_name(obj: Any) -> str | None:
        return obj.responsible_unit.name if obj.responsible_unit_id else None

    @staticmethod
    def resolve_payments(obj: Any) -> list[Any]:
        return list(obj.payments.all())

    @staticmethod
    def resolve_roles(obj: Any) -> list[Any]:
        return list(obj.roles.all())


class ContractList(ListOut):
    items: list[ContractOut]


CONTRACT_REFS = {
    "vendor_id": Ref("vendor", _vendors),
    "usage_ids": Ref("usages", _usages, many=True),
    "parent_id": Ref("parent", _contracts),
    "responsible_unit_id": Ref("responsible_unit", _units),
}
CONTRACT_M2M = {"usages": "usage_ids"}


def _contract_qs(org: Organization) -> QuerySet[Contract]:
    return (
        selectors.contract_list(organization=org)
        .select_related("parent")
        .prefetch_related(
            Prefetch("payments", queryset=ContractPayment.objects.order_by("year", "stream")),
            Prefetch("roles", queryset=ContractRole.objects.select_related("user").order_by("pk")),
        )
    )


CONTRACTS = _Resource(_contract_qs, _m2m(Contract, CONTRACT_M2M))
CONTRACT_WRITES = _Writable(
    CONTRACTS, "contract.change", selectors.contract_get, "contract", CONTRACT_REFS
)


@router.get(
    f"{ORG}/contracts",
    response=ContractList,
    summary="Contracts with payment streams (decimal strings) and roles",
    openapi_extra=_list_params(CONTRACT_FILTERS),
)
def contract_list(request: HttpRequest, org_id: int) -> dict[str, Any]:
    return _page(request, org_id, CONTRACTS, CONTRACT_FILTERS)


@router.get(f"{ORG}/contracts/{{contract_id}}", response=ContractOut)
def contract_detail(request: HttpRequest, org_id: int, contract_id: int) -> Any:
    return _one(_readable(request, org_id), CONTRACTS, contract_id)


@router.post(
    f"{ORG}/contracts", response={201: ContractOut}, summary="Create a contract (contract.change)"
)
def contract_create(request: HttpRequest, org_id: int, payload: ContractIn) -> tuple[int, Any]:
    data = payload.dict(exclude_unset=True)
    return CONTRACT_WRITES.create(request, org_id, services.contract_create, data)


@router.patch(f"{ORG}/contracts/{{contract_id}}", response=ContractOut)
def contract_update(
    request: HttpRequest, org_id: int, contract_id: int, payload: ContractPatch
) -> Any:
    data = payload.dict(exclude_unset=True)
    return CONTRACT_WRITES.update(request, org_id, contract_id, services.contract_update, data)


@router.delete(f"{ORG}/contracts/{{contract_id}}", response={204: None})
def contract_delete(request: HttpRequest, org_id: int, contract_id: int) -> tuple[int, None]:
    return CONTRACT_WRITES.delete(request, org_id, contract_id, services.contract_delete)


@router.put(
    f"{ORG}/contracts/{{contract_id}}/payments",
    response=ContractOut,
    summary="Replace the yearly payment streams (one row per year and stream)",
)
def contract_payments_set(
    request: HttpRequest, org_id: int, contract_id: int, payload: PaymentsIn
) -> Any:
    data = payload.dict()
    return CONTRACT_WRITES.update(
        request, org_id, contract_id, services.contract_payments_set, data
    )


@router.put(
    f"{ORG}/contracts/{{contract_id}}/roles",
    response=ContractOut,
    summary="Replace the contract roles (owner, manager, …)",
)
def contract_roles_set(
    request: HttpRequest, org_id: int, contract_id: int, payload: ContractRolesIn
) -> Any:
    org, contract = CONTRACT_WRITES.target(request, org_id, contract_id)
    rows = payload.dict()["roles"]
    users = {
        u.pk: u
        for u in _objects(_members(org), [r["user_id"] for r in rows if r["user_id"]], "roles")
    }
    roles = [
        {"kind": r["kind"], "user": users.get(r["user_id"]), "person_name": r["person_name"]}
        for r in rows
    ]
    services.contract_roles_set(actor=request.user, contract=contract, roles=roles)
    return _one(org, CONTRACTS, contract.pk)


# Integrations ----------------------------------------------------------------------------


class IntegrationFields(Schema):
    interface_name: str = ""
    frequency: c.Frequency = c.Frequency.DAILY
    direction: c.Direction = c.Direction.ONE_WAY
    status: c.IntegrationStatus = c.IntegrationStatus.ACTIVE
    description: str = ""


class IntegrationIn(IntegrationFields):
    source_usage_id: int
    target_usage_id: int | None = Field(None, description="Til et system i anvendelse …")
    target_component_id: int | None = Field(
        None, description="… eller til en fælleskommunal komponent (præcis én af dem)."
    )
    technology: c.Technology
    data_object_ids: list[int] = Field(default_factory=list)
    contract_id: int | None = None


class IntegrationPatch(IntegrationIn):
    source_usage_id: int | None = None  # type: ignore[assignment]
    technology: c.Technology | None = None  # type: ignore[assignment]


class IntegrationOut(IntegrationFields):
    id: int
    uuid: uuid.UUID
    source_usage_id: int
    source_usage_name: str
    target_usage_id: int | None
    target_usage_name: str | None
    target_component_id: int | None
    target_component_name: str | None
    technology: c.Technology
    data_object_ids: list[int]
    contract_id: int | None
    contract_name: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_source_usage_id(obj: Any) -> int:
        return obj.source_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_source_usage_name(obj: Any) -> str:
        return str(obj.source.name)

    @staticmethod
    def resolve_target_usage_id(obj: Any) -> int | None:
        return obj.target_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_target_usage_name(obj: Any) -> str | None:
        return obj.target.name if obj.target_id else None

    @staticmethod
    def resolve_target_component_name(obj: Any) -> str | None:
        return obj.target_component.name if obj.target_component_id else None

    @staticmethod
    def resolve_contract_name(obj: Any) -> str | None:
        return str(obj.contract) if obj.contract_id else None


class IntegrationList(ListOut):
    items: list[IntegrationOut]


INTEGRATION_REFS = {
    "source_usage_id": Ref("source", _usages),
    "target_usage_id": Ref("target", _usages),
    "target_component_id": Ref("target_component", _catalog),
    "data_object_ids": Ref("data_objects", _data_objects, many=True),
    "contract_id": Ref("contract", _contracts),
}
INTEGRATION_M2M = {"data_objects": "data_object_ids"}


def _integration_qs(org: Organization) -> QuerySet[Integration]:
    return selectors.integration_list(organization=org).select_related("contract")


INTEGRATIONS = _Resource(_integration_qs, _m2m(Integration, INTEGRATION_M2M))
INTEGRATION_WRITES = _Writable(
    INTEGRATIONS, "portfolio.change", selectors.integration_get, "integration", INTEGRATION_REFS
)


@router.get(
    f"{ORG}/integrations",
    response=IntegrationList,
    summary="Integrations: usage → usage or usage → shared component",
    openapi_extra=_list_params(INTEGRATION_FILTERS),
)
def integration_list(request: HttpRequest, org_id: int) -> dict[str, Any]:
    return _page(request, org_id, INTEGRATIONS, INTEGRATION_FILTERS)


@router.get(f"{ORG}/integrations/{{integration_id}}", response=IntegrationOut)
def integration_detail(request: HttpRequest, org_id: int, integration_id: int) -> Any:
    return _one(_readable(request, org_id), INTEGRATIONS, integration_id)


@router.post(
    f"{ORG}/integrations",
    response={201: IntegrationOut},
    summary="Create an integration (target_usage_id or target_component_id)",
)
def integration_create(
    request: HttpRequest, org_id: int, payload: IntegrationIn
) -> tuple[int, Any]:
    data = payload.dict(exclude_unset=True)
    return INTEGRATION_WRITES.create(request, org_id, services.integration_create, data)


@router.patch(f"{ORG}/integrations/{{integration_id}}", response=IntegrationOut)
def integration_update(
    request: HttpRequest, org_id: int, integration_id: int, payload: IntegrationPatch
) -> Any:
    data = payload.dict(exclude_unset=True)
    return INTEGRATION_WRITES.update(
        request, org_id, integration_id, services.integration_update, data
    )


@router.delete(f"{ORG}/integrations/{{integration_id}}", response={204: None})
def integration_delete(request: HttpRequest, org_id: int, integration_id: int) -> tuple[int, None]:
    return INTEGRATION_WRITES.delete(request, org_id, integration_id, services.integration_delete)


# Processes -------------------------------------------------------------------------------


class StepIn(Schema):
    name: str
    unit_id: int | None = None
    usage_ids: list[int] = Field(default_factory=list)
    collects_ids: list[int] = Field(default_factory=list, description="Dataobjekter, der indsamles")
    reads_ids: list[int] = Field(default_factory=list, description="Dataobjekter, der læses")


class StepsIn(Schema):
    steps: list[StepIn] = Field(description="I rækkefølge; order tildeles 1, 2, 3, …")


class StepOut(Schema):
    id: int
    order: int
    name: str
    unit_id: int | None
    unit_name: str | None
    usage_ids: list[int]
    collects_ids: list[int]
    reads_ids: list[int]

    @staticmethod
    def resolve_unit_name(obj: Any) -> str | None:
        return obj.unit.name if obj.unit_id else None


class ProcessIn(Schema):
    name: str
    parent_id: int | None = None
    owner_unit_id: int | None = None
    kle_subject_id: int | None = None
    description: str = ""


class ProcessPatch(ProcessIn):
    name: str | None = None  # type: ignore[assignment]


class ProcessOut(Schema):
    id: int
    name: str
    parent_id: int | None
    parent_name: str | None
    owner_unit_id: int | None
    owner_unit_name: str | None
    kle_subject_id: int | None
    kle_subject_number: str | None
    description: str
    steps: list[StepOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_parent_name(obj: Any) -> str | None:
        return obj.parent.name if obj.parent_id else None

    @staticmethod
    def resolve_owner_unit_name(obj: Any) -> str | None:
        return obj.owner_unit.name if obj.owner_unit_id else None

    @staticmethod
    def resolve_kle_subject_number(obj: Any) -> str | None:
        return obj.kle_subject.number if obj.kle_subject_id else None

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())


class ProcessList(ListOut):
    items: list[ProcessOut]


PROCESS_REFS = {
    "parent_id": Ref("parent", _processes),
    "owner_unit_id": Ref("owner_unit", _units),
    "kle_subject_id": Ref("kle_subject", _kle),
}
STEP_REFS = {
    "unit_id": Ref("unit", _units),
    "usage_ids": Ref("usages", _usages, many=True),
    "collects_ids": Ref("collects", _data_objects, many=True),
    "reads_ids": Ref("reads", _data_objects, many=True),
}
STEP_M2M = {"usages": "usage_ids", "collects": "collects_ids", "reads": "reads_ids"}


def _process_qs(org: Organization) -> QuerySet[BusinessProcess]:
    return selectors.process_list(organization=org).prefetch_related(
        Prefetch("steps", queryset=ProcessStep.objects.select_related("unit").order_by("order"))
    )


def _attach_step_ids(processes: Iterable[BusinessProcess]) -> None:
    _attach_ids([s for p in processes for s in p.steps.all()], ProcessStep, STEP_M2M)


PROCESSES = _Resource(_process_qs, _attach_step_ids)
PROCESS_WRITES = _Writable(
    PROCESSES, "portfolio.change", selectors.process_get, "process", PROCESS_REFS
)


@router.get(
    f"{ORG}/processes",
    response=ProcessList,
    summary="Business processes with their ordered steps",
    openapi_extra=_list_params(PROCESS_FILTERS),
)
def process_list(request: HttpRequest, org_id: int) -> dict[str, Any]:
    return _page(request, org_id, PROCESSES, PROCESS_FILTERS)


@router.get(f"{ORG}/processes/{{process_id}}", response=ProcessOut)
def process_detail(request: HttpRequest, org_id: int, process_id: int) -> Any:
    return _one(_readable(request, org_id), PROCESSES, process_id)


@router.post(f"{ORG}/processes", response={201: ProcessOut}, summary="Create a business process")
def process_create(request: HttpRequest, org_id: int, payload: ProcessIn) -> tuple[int, Any]:
    data = payload.dict(exclude_unset=True)
    return PROCESS_WRITES.create(request, org_id, services.process_create, data)


@router.patch(f"{ORG}/processes/{{process_id}}", response=ProcessOut)
def process_update(
    request: HttpRequest, org_id: int, process_id: int, payload: ProcessPatch
) -> Any:
    data = payload.dict(exclude_unset=True)
    return PROCESS_WRITES.update(request, org_id, process_id, services.process_update, data)


@router.delete(f"{ORG}/processes/{{process_id}}", response={204: None})
def process_delete(request: HttpRequest, org_id: int, process_id: int) -> tuple[int, None]:
    return PROCESS_WRITES.delete(request, org_id, process_id, services.process_delete)


@router.put(
    f"{ORG}/processes/{{process_id}}/steps",
    response=ProcessOut,
    summary="Replace the ordered steps (systems used, data collected and read per step)",
)
def process_steps_set(request: HttpRequest, org_id: int, process_id: int, payload: StepsIn) -> Any:
    org, process = PROCESS_WRITES.target(request, org_id, process_id)
    steps = [_resolve(org, row, STEP_REFS) for row in payload.dict()["steps"]]
    services.process_steps_set(actor=request.user, process=process, steps=steps)
    return _one(org, PROCESSES, process.pk)
