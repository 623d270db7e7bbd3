"""The organization's reference lists: usage role types and data objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from core.api import ORG, ListOut, paginate
from core.api.params import list_params
from core.api.resources import ApiResource
from core.api.routes import Crud
from core.api.tenancy import member_organization
from core.permissions import require
from portfolio import selectors, services
from portfolio.api.common import (
    role_types_of,
    router,
)
from portfolio.filters import (
    DATA_OBJECT_FILTERS,
)

OPERATION_ID_PREFIX = "portfolio.api"  # operation ids as before the split


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
    openapi_extra=list_params(None),
)
def role_type_list(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = member_organization(request, org_id, "portfolio.view")
    paging = {k: v for k, v in request.GET.items() if k in ("limit", "offset")}
    return paginate(request, role_types_of(org), params=paging)


class DataObjectOut(Schema):
    id: int
    name: str
    description: str
    personal_data: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class DataObjectIn(Schema):
    name: str
    description: str = ""
    personal_data: bool = False


DATA_OBJECTS = ApiResource(
    selectors.data_object_list, permission="portfolio.view", filters=DATA_OBJECT_FILTERS
)
DATA_OBJECT_API = Crud(
    router, "data-objects", "data_object", DATA_OBJECTS, DataObjectOut, module=__name__
)
DATA_OBJECT_API.add_list("Data objects moved by integrations and used by process steps")


@DATA_OBJECT_API.on_collection("post", status=201, summary="Create a data object")
def data_object_create(request: HttpRequest, org_id: int, payload: DataObjectIn) -> tuple[int, Any]:
    org = member_organization(request, org_id)
    require(request.user, org, "portfolio.change")
    return 201, services.data_object_create(actor=request.user, organization=org, **payload.dict())
