"""Business processes and their ordered steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from core.api import ORG, ListOut
from core.api.params import list_params
from core.api.resources import (
    ApiResource,
    Ref,
    Writable,
    attach_ids,
    related,
    resolve_refs,
)
from core.api.routes import Crud
from organizations.models import Organization
from portfolio import selectors, services
from portfolio.api.common import (
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

    resolve_unit_name = related("unit")


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

    resolve_parent_name = related("parent")
    resolve_owner_unit_name = related("owner_unit")
    resolve_kle_subject_number = related("kle_subject", "number")


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


Crud(
    router,
    f"{ORG}/processes",
    "process_id",
    "process",
    PROCESSES,
    PROCESS_WRITES,
    out=ProcessOut,
    page=ProcessList,
    create_in=ProcessIn,
    patch_in=ProcessPatch,
    services={
        "create": services.process_create,
        "update": services.process_update,
        "delete": services.process_delete,
    },
    summaries={
        "list": "Business processes with their ordered steps",
        "create": "Create a business process",
    },
    list_extra=list_params(PROCESS_FILTERS, BusinessProcess),
    module=__name__,
).add("list", "detail", "create", "update", "delete")


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
