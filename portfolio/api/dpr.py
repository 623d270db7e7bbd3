"""Data processing registrations under ``/api/v1/organizations/{org_id}/data-processing-
registrations`` (KITOS: data-processing-registrations).

Same conventions as the rest of ``portfolio.api``: the list takes ``q``, the filters and sort keys
of the list page (``DPR_FILTERS``: ``agreement``, ``overdue``, ``completed``,
``third_countries``, ``unit``, ``vendor``, ``usage``, ``contract``), ``changed_since``,
``limit`` (1–100) and ``offset`` and answers ``{"items", "count"}`` with a constant number
of queries. Related objects are ids (``data_processor_ids``, ``usage_ids``, …); an id the
organization may not use is a 400 naming the field. ``next_oversight`` is read-only: it is
derived from ``latest_oversight`` and ``oversight_interval_months``. Reading needs
``portfolio.view``; writing needs ``contract.change``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Router, Schema

from core.api.resources import Ref, Writable, related
from core.api.routes import Crud
from portfolio import choices as c
from portfolio import selectors, services
from portfolio.api.common import contracts_of, resource, units_of, usages_of, vendors_of
from portfolio.filters import DPR_FILTERS
from portfolio.models import DataProcessingRegistration

OPERATION_ID_PREFIX = "portfolio.api_dpr"  # operation ids as before the move

router = Router(tags=["data-processing"])


class DprFields(Schema):
    agreement_concluded: c.AgreementConcluded = c.AgreementConcluded.UNDECIDED
    agreement_date: dt.date | None = None
    transfer_to_third_countries: bool = False
    third_countries: str = Field("", max_length=500)
    transfer_basis: str = Field("", max_length=500)
    oversight_interval_months: int | None = Field(None, ge=1, le=120)
    oversight_options: str = ""
    latest_oversight: dt.date | None = None
    oversight_completed: bool = False
    notes: str = ""


class DprIn(DprFields):
    name: str
    data_processor_ids: list[int] = Field(default_factory=list)
    sub_data_processor_ids: list[int] = Field(default_factory=list)
    usage_ids: list[int] = Field(default_factory=list)
    contract_ids: list[int] = Field(default_factory=list)
    responsible_unit_id: int | None = None


class DprPatch(DprIn):
    name: str | None = None  # type: ignore[assignment]


class DprOut(DprFields):
    id: int
    uuid: uuid.UUID
    name: str
    data_processor_ids: list[int]
    sub_data_processor_ids: list[int]
    usage_ids: list[int]
    contract_ids: list[int]
    responsible_unit_id: int | None
    responsible_unit_name: str | None
    next_oversight: dt.date | None = Field(
        description="Afledt: seneste tilsyn plus tilsynsintervallet (kan ikke skrives)."
    )
    oversight_overdue: bool = Field(description="Næste tilsyn ligger før i dag.")
    created_at: dt.datetime
    updated_at: dt.datetime

    resolve_responsible_unit_name = related("responsible_unit")


DPR_REFS = {
    "data_processor_ids": Ref("data_processors", vendors_of, many=True),
    "sub_data_processor_ids": Ref("sub_data_processors", vendors_of, many=True),
    "usage_ids": Ref("usages", usages_of, many=True),
    "contract_ids": Ref("contracts", contracts_of, many=True),
    "responsible_unit_id": Ref("responsible_unit", units_of),
}


DPRS = resource(selectors.dpr_list, DataProcessingRegistration, DPR_REFS, DPR_FILTERS)
DPR_WRITES = Writable(DPRS, "contract.change", selectors.dpr_get, "registration", DPR_REFS)

DPR_API = Crud(router, "data-processing-registrations", "dpr", DPR_WRITES, DprOut, module=__name__)
DPR_API.add_list("Data processing registrations (databehandlinger) with derived next oversight")
DPR_API.add_detail("One data processing registration")
DPR_API.add_create(
    services.dpr_create, DprIn, "Create a data processing registration (contract.change)"
)
DPR_API.add_update(
    services.dpr_update, DprPatch, "Update a data processing registration (only the fields sent)"
)
DPR_API.add_delete(services.dpr_delete)
