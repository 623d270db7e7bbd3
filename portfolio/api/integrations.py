"""Integrations between usages and shared components."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import QuerySet
from ninja import Field, Schema

from core.api.resources import (
    Ref,
    Writable,
    related,
    resolved,
)
from core.api.routes import Crud
from organizations.models import Organization
from portfolio import choices as c
from portfolio import selectors, services
from portfolio.api.common import (
    catalog_of,
    contracts_of,
    data_objects_of,
    resource,
    router,
    usages_of,
)
from portfolio.filters import (
    INTEGRATION_FILTERS,
)
from portfolio.models import (
    Integration,
)

OPERATION_ID_PREFIX = "portfolio.api"  # operation ids as before the split


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

    resolve_source_usage_id = resolved("source_id")
    resolve_source_usage_name = resolved("source.name", str)
    resolve_target_usage_id = resolved("target_id")
    resolve_target_usage_name = related("target")
    resolve_target_component_name = related("target_component")
    resolve_contract_name = related("contract", None)


INTEGRATION_REFS = {
    "source_usage_id": Ref("source", usages_of),
    "target_usage_id": Ref("target", usages_of),
    "target_component_id": Ref("target_component", catalog_of),
    "data_object_ids": Ref("data_objects", data_objects_of, many=True),
    "contract_id": Ref("contract", contracts_of),
}


def _integration_qs(organization: Organization) -> QuerySet[Integration]:
    return selectors.integration_list(organization=organization).select_related("contract")


INTEGRATIONS = resource(_integration_qs, Integration, INTEGRATION_REFS, INTEGRATION_FILTERS)
INTEGRATION_WRITES = Writable(
    INTEGRATIONS, "portfolio.change", selectors.integration_get, "integration", INTEGRATION_REFS
)

INTEGRATION_API = Crud(
    router, "integrations", "integration", INTEGRATION_WRITES, IntegrationOut, module=__name__
)
INTEGRATION_API.add_list("Integrations: usage → usage or usage → shared component")
INTEGRATION_API.add_detail()
INTEGRATION_API.add_create(
    services.integration_create,
    IntegrationIn,
    "Create an integration (target_usage_id or target_component_id)",
)
INTEGRATION_API.add_update(services.integration_update, IntegrationPatch)
INTEGRATION_API.add_delete(services.integration_delete)
