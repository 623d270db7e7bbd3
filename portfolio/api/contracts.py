"""Contracts, their payments and roles."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from ninja import Field, Schema

from core.api import MONEY, AmountOut
from core.api.resources import (
    Ref,
    Writable,
    objects_by_ids,
    related,
    user_name,
)
from core.api.routes import Crud
from organizations.models import Organization
from portfolio import choices as c
from portfolio import selectors, services
from portfolio.api.common import (
    contracts_of,
    members_of,
    resource,
    router,
    units_of,
    usages_of,
    vendors_of,
)
from portfolio.filters import (
    CONTRACT_FILTERS,
)
from portfolio.models import (
    Contract,
    ContractPayment,
    ContractRole,
)

OPERATION_ID_PREFIX = "portfolio.api"  # operation ids as before the split


class PaymentIn(Schema):
    year: int
    stream: c.PaymentStream
    amount: Decimal = Field(description=MONEY)


class PaymentsIn(Schema):
    payments: list[PaymentIn]


class PaymentOut(AmountOut):
    id: int
    year: int
    stream: c.PaymentStream
    amount: str = Field(description=MONEY)


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
        return user_name(obj.user)


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

    resolve_vendor_name = related("vendor")
    resolve_parent_name = related("parent")
    resolve_responsible_unit_name = related("responsible_unit")


CONTRACT_REFS = {
    "vendor_id": Ref("vendor", vendors_of),
    "usage_ids": Ref("usages", usages_of, many=True),
    "parent_id": Ref("parent", contracts_of),
    "responsible_unit_id": Ref("responsible_unit", units_of),
}


def _contract_qs(organization: Organization) -> QuerySet[Contract]:
    return (
        selectors.contract_list(organization=organization)
        .select_related("parent")
        .prefetch_related(
            Prefetch("payments", queryset=ContractPayment.objects.order_by("year", "stream")),
            Prefetch("roles", queryset=ContractRole.objects.select_related("user").order_by("pk")),
        )
    )


CONTRACTS = resource(_contract_qs, Contract, CONTRACT_REFS, CONTRACT_FILTERS)
CONTRACT_WRITES = Writable(
    CONTRACTS, "contract.change", selectors.contract_get, "contract", CONTRACT_REFS
)

CONTRACT_API = Crud(router, "contracts", "contract", CONTRACT_WRITES, ContractOut, module=__name__)
CONTRACT_API.add_list("Contracts with payment streams (decimal strings) and roles")
CONTRACT_API.add_detail()
CONTRACT_API.add_create(services.contract_create, ContractIn, "Create a contract (contract.change)")
CONTRACT_API.add_update(services.contract_update, ContractPatch)
CONTRACT_API.add_delete(services.contract_delete)
CONTRACT_API.action(
    "put",
    "/payments",
    "payments_set",
    services.contract_payments_set,
    "Replace the yearly payment streams (one row per year and stream)",
    PaymentsIn,
    lambda payload, org: payload.dict(),
)


def _roles(payload: ContractRolesIn, org: Organization) -> dict[str, Any]:
    """The roles sent; a user must be a member of the organization."""
    rows = payload.dict()["roles"]
    users = {
        u.pk: u
        for u in objects_by_ids(
            members_of(org), [r["user_id"] for r in rows if r["user_id"]], "roles"
        )
    }
    roles = [
        {"kind": r["kind"], "user": users.get(r["user_id"]), "person_name": r["person_name"]}
        for r in rows
    ]
    return {"roles": roles}


CONTRACT_API.action(
    "put",
    "/roles",
    "roles_set",
    services.contract_roles_set,
    "Replace the contract roles (owner, manager, …)",
    ContractRolesIn,
    _roles,
)
