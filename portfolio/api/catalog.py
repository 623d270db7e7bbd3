"""The catalog: shared systems plus the organization's own local entries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from core.api.resources import (
    Ref,
    Writable,
    related,
)
from core.api.routes import Crud
from organizations.models import Organization
from portfolio import choices as c
from portfolio import selectors, services
from portfolio.api.common import (
    catalog_of,
    kle_of,
    resource,
    router,
    vendors_of,
)
from portfolio.filters import (
    CATALOG_FILTERS,
)
from portfolio.models import (
    CatalogSystem,
)

OPERATION_ID_PREFIX = "portfolio.api"  # operation ids as before the split


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

    resolve_vendor_name = related("vendor")
    resolve_parent_name = related("parent")


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
    "vendor_id": Ref("vendor", vendors_of),
    "kle_subject_ids": Ref("kle_subjects", kle_of, many=True),
    "parent_id": Ref("parent", catalog_of),
}


def _catalog_qs(organization: Organization) -> QuerySet[CatalogSystem]:
    return selectors.catalog_list(organization=organization).select_related("parent")


CATALOGS = resource(_catalog_qs, CatalogSystem, CATALOG_REFS, CATALOG_FILTERS)
CATALOG_WRITES = Writable(
    CATALOGS, "portfolio.change", selectors.catalog_get, "system", CATALOG_REFS
)

CATALOG_API = Crud(
    router,
    "catalog-systems",
    "catalog",
    CATALOG_WRITES,
    CatalogOut,
    key="system_id",
    module=__name__,
)
CATALOG_API.add_list("The catalog: shared systems plus the organization's own local entries")
CATALOG_API.add_detail()


@CATALOG_API.on_collection(
    "post",
    status=201,
    summary="Create a local catalog entry; propose=true suggests it for the shared catalog",
)
def catalog_create(request: HttpRequest, org_id: int, payload: CatalogIn) -> tuple[int, Any]:
    return CATALOG_WRITES.create(request, org_id, services.catalog_create, payload.dict())


def _own_entry(payload: CatalogPatch, org: Organization) -> dict[str, Any]:
    """The fields sent; the service also checks the entry is the organization's own."""
    return {"organization": org, **CATALOG_WRITES.fields(org, payload.dict(exclude_unset=True))}


CATALOG_API.action(
    "patch",
    "",
    "update",
    services.catalog_update,
    "Update one of the organization's own catalog entries (shared ones: 403)",
    CatalogPatch,
    _own_entry,
)
