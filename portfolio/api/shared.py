"""Shared reference data: vendors (written under the maintaining organization) and KLE."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Schema

from core.api import ETAG, IF_MATCH, ORG, page_of, paginate
from core.api.params import list_params
from core.api.resources import precondition, related
from core.api.routes import tagged
from core.api.tenancy import member_organization, require_any_membership
from core.filters import FilterSpec
from core.permissions import require
from organizations.models import Organization
from portfolio import choices as c
from portfolio import selectors, services
from portfolio.api.common import (
    router,
)
from portfolio.filters import (
    KLE_FILTERS,
    VENDOR_FILTERS,
)
from portfolio.models import (
    Vendor,
)

OPERATION_ID_PREFIX = "portfolio.api"  # operation ids as before the split


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

    resolve_parent_number = related("parent", "number")


def _shared_list(
    path: str,
    name: str,
    out: type[Schema],
    selector: Callable[[], QuerySet[Any]],
    filters: FilterSpec,
    summary: str,
) -> None:
    """``GET <path>`` (operation ``<name>_list``): a page of shared reference data, for
    every member of some organization."""

    def view(request: HttpRequest) -> dict[str, Any]:
        require_any_membership(request)
        return paginate(request, selector(), filterset=filters)

    view.__name__ = view.__qualname__ = f"{name}_list"
    router.get(path, response=page_of(out), summary=summary, openapi_extra=list_params(filters))(
        view
    )


_shared_list(
    "/vendors",
    "vendor",
    VendorOut,
    selectors.vendor_list,
    VENDOR_FILTERS,
    "Vendors (shared; read by every member of an organization)",
)


@router.get(
    "/vendors/{vendor_id}", response=VendorOut, summary="One vendor (shared)", openapi_extra=ETAG
)
def vendor_detail(request: HttpRequest, vendor_id: int, response: HttpResponse) -> Any:
    require_any_membership(request)
    return tagged(response, selectors.vendor_get(pk=vendor_id))


def _maintained_vendor(
    request: HttpRequest, org_id: int, vendor_id: int
) -> tuple[Organization, Vendor]:
    """A vendor this organization maintains (superusers maintain every vendor), for a user
    who may change vendors there."""
    org = member_organization(request, org_id)
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
    org = member_organization(request, org_id)
    require(request.user, org, "vendor.change")
    vendor = services.vendor_create(actor=request.user, organization=org, **payload.dict())
    return 201, vendor


@router.patch(
    f"{ORG}/vendors/{{vendor_id}}",
    response=VendorOut,
    summary="Update a vendor this organization maintains (others' vendors are 404 here)",
    openapi_extra=IF_MATCH,
)
def vendor_update(
    request: HttpRequest, org_id: int, vendor_id: int, payload: VendorPatch, response: HttpResponse
) -> Any:
    org, vendor = _maintained_vendor(request, org_id, vendor_id)
    with precondition(request, vendor):
        services.vendor_update(
            actor=request.user, organization=org, vendor=vendor, **payload.dict(exclude_unset=True)
        )
    return tagged(response, vendor)


@router.delete(
    f"{ORG}/vendors/{{vendor_id}}",
    response={204: None},
    summary="Delete an unused vendor this organization maintains",
    openapi_extra=IF_MATCH,
)
def vendor_delete(request: HttpRequest, org_id: int, vendor_id: int) -> tuple[int, None]:
    org, vendor = _maintained_vendor(request, org_id, vendor_id)
    with precondition(request, vendor):
        services.vendor_delete(actor=request.user, organization=org, vendor=vendor)
    return 204, None


_shared_list(
    "/kle", "kle", KleOut, selectors.kle_list, KLE_FILTERS, "KLE subjects (shared, read-only)"
)


@router.get("/kle/{kle_id}", response=KleOut, summary="One KLE subject (shared, read-only)")
def kle_detail(request: HttpRequest, kle_id: int) -> Any:
    require_any_membership(request)
    return selectors.kle_get(pk=kle_id)
