"""Business processes and their ordered steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from core.api import ListOut
from core.api.params import list_params
from core.api.resources import (
    ApiResource,
    Ref,
    Writable,
    attach_ids,
    resolve_refs,
)
from organizations.models import Organization
from portfolio import selectors, services
from portfolio.api.common import (
    ORG,
    data_objects_of,
    kle_of,
    processes_of,
    router,
    units_of,
    usages_of,
)
from portfolio.filters import (
    PROCESS_FILTERS,
)
from portfolio.models import (
    BusinessProcess,
    ProcessStep,
)

OPERATION_ID_PREFIX = "portfolio.api"  # operation ids as before the split


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
    "parent_id": Ref("parent", processes_of),
    "owner_unit_id": Ref("owner_unit", units_of),
    "kle_subject_id": Ref("kle_subject", kle_of),
}
STEP_REFS = {
    "unit_id": Ref("unit", units_of),
    "usage_ids": Ref("usages", usages_of, many=True),
    "collects_ids": Ref("collects", data_objects_of, many=True),
    "reads_ids": Ref("reads", data_objects_of, many=True),
}
STEP_M2M = {"usages": "usage_ids", "collects": "collects_ids", "reads": "reads_ids"}


def _process_qs(org: Organization) -> QuerySet[BusinessProcess]:
    return selectors.process_list(organization=org).prefetch_related(
        Prefetch("steps", queryset=ProcessStep.objects.select_related("unit").order_by("order"))
    )


def _attach_step_ids(processes: Iterable[BusinessProcess]) -> None:
    attach_ids([s for p in processes for s in p.steps.all()], ProcessStep, STEP_M2M)


PROCESSES = ApiResource(
    _process_qs, _attach_step_ids, permission="portfolio.view", filters=PROCESS_FILTERS
)
PROCESS_WRITES = Writable(
    PROCESSES, "portfolio.change", selectors.process_get, "process", PROCESS_REFS
)


@router.get(
    f"{ORG}/processes",
    response=ProcessList,
    summary="Business processes with their ordered steps",
    openapi_extra=list_params(PROCESS_FILTERS, BusinessProcess),
)
def process_list(request: HttpRequest, org_id: int) -> dict[str, Any]:
    return PROCESSES.page(request, org_id)


@router.get(f"{ORG}/processes/{{process_id}}", response=ProcessOut)
def process_detail(request: HttpRequest, org_id: int, process_id: int) -> Any:
    return PROCESSES.detail(request, org_id, process_id)


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
    steps = [resolve_refs(org, row, STEP_REFS) for row in payload.dict()["steps"]]
    services.process_steps_set(actor=request.user, process=process, steps=steps)
    return PROCESSES.one(org, process.pk)
