"""What the portfolio API modules share: the router, path prefix, and the querysets payload
ids are resolved against."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from ninja import Router

from organizations import selectors as org_selectors
from organizations.models import Membership, Organization
from portfolio import selectors

OPERATION_ID_PREFIX = "portfolio.api"

router = Router(tags=["portfolio"])

ORG = "/organizations/{org_id}"
MONEY = 'Beløb i kr. som decimaltekst med to decimaler, fx "125000.00".'


def units_of(org: Organization) -> QuerySet[Any]:
    return org_selectors.unit_list(organization=org)


def catalog_of(org: Organization) -> QuerySet[Any]:
    return selectors.catalog_list(organization=org)


def kle_of(org: Organization) -> QuerySet[Any]:
    return selectors.kle_list(organization=org)


def vendors_of(org: Organization) -> QuerySet[Any]:
    return selectors.vendor_list(organization=org)


def usages_of(org: Organization) -> QuerySet[Any]:
    return selectors.usage_list(organization=org)


def contracts_of(org: Organization) -> QuerySet[Any]:
    return selectors.contract_list(organization=org)


def data_objects_of(org: Organization) -> QuerySet[Any]:
    return selectors.data_object_list(organization=org)


def processes_of(org: Organization) -> QuerySet[Any]:
    return selectors.process_list(organization=org)


def role_types_of(org: Organization) -> QuerySet[Any]:
    return selectors.role_types(organization=org)


def members_of(org: Organization) -> QuerySet[Any]:
    return get_user_model().objects.filter(
        pk__in=Membership.objects.filter(organization=org).values("user_id")
    )


def user_name(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"
