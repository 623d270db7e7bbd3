"""What the portfolio API modules share: the router, path prefix, and the querysets payload
ids are resolved against."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from ninja import Router

from core.api.resources import ApiResource, Ref, linked, m2m
from core.filters import FilterSpec
from organizations import selectors as org_selectors
from organizations.models import Membership, Organization
from portfolio import selectors

OPERATION_ID_PREFIX = "portfolio.api"

router = Router(tags=["portfolio"])


def _scoped(selector: Callable[..., QuerySet[Any]]) -> Callable[[Organization], QuerySet[Any]]:
    """The organization's rows as ``selector`` reads them: where payload ids must come from."""
    return lambda org: selector(organization=org)


units_of = _scoped(org_selectors.unit_list)
catalog_of = _scoped(selectors.catalog_list)
kle_of = _scoped(selectors.kle_list)
vendors_of = _scoped(selectors.vendor_list)
usages_of = _scoped(selectors.usage_list)
contracts_of = _scoped(selectors.contract_list)
data_objects_of = _scoped(selectors.data_object_list)
processes_of = _scoped(selectors.process_list)
role_types_of = _scoped(selectors.role_types)


def resource(
    queryset: Callable[..., QuerySet[Any]],
    model: type[Model],
    refs: Mapping[str, Ref],
    filters: FilterSpec,
) -> ApiResource:
    """A portfolio resource read with ``portfolio.view``: ``queryset`` filtered by
    ``filters``, with the ids of the many-to-many fields its payload ``refs`` write."""
    return ApiResource(
        queryset,
        m2m(model, linked(refs)),
        permission="portfolio.view",
        filters=filters,
        model=model,
    )


def members_of(org: Organization) -> QuerySet[Any]:
    return get_user_model().objects.filter(
        pk__in=Membership.objects.filter(organization=org).values("user_id")
    )
