"""Business processes and their ordered steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from ninja import Field, Schema

from core.api.resources import (
    ApiResource,
    Ref,
    Writable,
    attach_ids,
    linked,
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


def _process_qs(organization: Organization) -> QuerySet[BusinessProcess]:
    return selectors.process_list(organization=organization).prefetch_related(
        Prefetch("steps", queryset=ProcessStep.objects.select_related("unit").order_by("order"))
    )


def _attach_step_ids(processes: Iterable[BusinessProcess]) -> None:
    attach_ids([s for p in processes for s in p.steps.all()], ProcessStep, linked(STEP_REFS))


PROCESSES = ApiResource(
    _process_qs,
    _attach_step_ids,
    permission="portfolio.view",
    filters=PROCESS_FILTERS,
    model=BusinessProcess,
)
PROCESS_WRITES = Writable(
    PROCESSES, "portfolio.change", selectors.process_get, "process", PROCESS_REFS
)

PROCESS_API = Crud(router, "processes", "process", PROCESS_WRITES, ProcessOut, module=__name__)
PROCESS_API.add_list("Business processes with their ordered steps")
PROCESS_API.add_detail()
PROCESS_API.add_create(services.process_create, ProcessIn, "Create a business process")
PROCESS_API.add_update(services.process_update, ProcessPatch)
PROCESS_API.add_delete(services.process_delete)


def _steps(payload: StepsIn, org: Organization) -> dict[str, Any]:
    return {"steps": [resolve_refs(org, row, STEP_REFS) for row in payload.dict()["steps"]]}


PROCESS_API.action(
    "put",
    "/steps",
    "steps_set",
    services.process_steps_set,
    "Replace the ordered steps (systems used, data collected and read per step)",
    StepsIn,
    _steps,
)
