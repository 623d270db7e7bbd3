from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from core.api import IF_MATCH, IF_MATCH_AND_ETAG, ListOut, paginate
from core.api.params import list_params
from core.api.resources import ApiResource, pks, precondition
from core.api.routes import Crud, tagged
from core.api.tenancy import member_organization
from core.permissions import roles_in
from organizations import selectors, services
from organizations.filters import UNIT_FILTERS
from organizations.models import OrganizationUnit

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    kind: str
    name: str
    kommunekode: int | None
    region: str
    cvr: str
    population: int | None
    is_demo: bool
    member_ids: list[int]
    roles: list[str]

    resolve_member_ids = pks("members")

    @staticmethod
    def resolve_roles(obj: Any, context: Any) -> list[str]:
        return sorted(roles_in(context["request"].user, obj))


class OrganizationList(ListOut):
    items: list[OrganizationOut]


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    local_id: str
    ean: str
    updated_at: dt.datetime


class UnitIn(Schema):
    name: str
    kind: str = "afdeling"
    parent_id: int | None = None
    local_id: str = ""
    ean: str = ""


class UnitPatch(Schema):
    name: str | None = None
    kind: str | None = None
    parent_id: int | None = None
    local_id: str | None = None
    ean: str | None = None


def _parent(org: Any, parent_id: int | None) -> Any:
    return selectors.unit_get(organization=org, pk=parent_id) if parent_id else None


@router.get(
    "/organizations",
    response=OrganizationList,
    summary="Organizations you belong to",
    openapi_extra=list_params(None),
)
def organization_list(request: HttpRequest) -> dict[str, Any]:
    qs = selectors.organization_list_for_user(user=request.user).prefetch_related("members")
    return paginate(request, qs.order_by("name", "pk"))


@router.get("/organizations/{org_id}", response=OrganizationOut)
def organization_detail(request: HttpRequest, org_id: int) -> Any:
    org = member_organization(request, org_id, "organization.view")
    return org


UNITS = ApiResource(
    queryset=selectors.unit_list,
    permission="unit.view",
    filters=UNIT_FILTERS,
    model=OrganizationUnit,
)
UNIT_API = Crud(router, "units", "unit", UNITS, UnitOut, module=__name__)
UNIT_API.add_list("Units (q, kind, parent, sort, changed_since)")


@UNIT_API.on_collection("post", status=201)
def unit_create(request: HttpRequest, org_id: int, payload: UnitIn) -> tuple[int, Any]:
    org = member_organization(request, org_id, "unit.change")
    data = payload.dict()
    parent = _parent(org, data.pop("parent_id"))
    return 201, services.unit_create(actor=request.user, organization=org, parent=parent, **data)


UNIT_API.add_detail()


@UNIT_API.on_item("patch", openapi_extra=IF_MATCH_AND_ETAG)
def unit_update(
    request: HttpRequest, org_id: int, unit_id: int, payload: UnitPatch, response: HttpResponse
) -> Any:
    org = member_organization(request, org_id)
    unit = selectors.unit_get(organization=org, pk=unit_id)
    data = payload.dict(exclude_unset=True)
    if "parent_id" in data:
        data["parent"] = _parent(org, data.pop("parent_id"))
    with precondition(request, unit):
        saved = services.unit_update(actor=request.user, unit=unit, **data)
    return tagged(response, saved)


@UNIT_API.on_item("delete", status=204, openapi_extra=IF_MATCH)
def unit_delete(request: HttpRequest, org_id: int, unit_id: int) -> tuple[int, None]:
    org = member_organization(request, org_id)
    unit = selectors.unit_get(organization=org, pk=unit_id)
    with precondition(request, unit):
        services.unit_delete(actor=request.user, unit=unit)
    return 204, None
