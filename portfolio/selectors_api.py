"""Reads shaped for the portfolio API's lists: plain rows (dicts and tuples) holding just
the columns an endpoint prints, with no model instances built.

Like ``portfolio/selectors.py`` every organization-owned read takes the organization;
child rows are read for ids that came from such a read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from organizations.models import Organization
from portfolio.models import ExternalReference, SystemUsage, UsageCost, UsageRole

# The usage's own columns plus the joined names the API shows beside its foreign keys.
USAGE_ROW_COLUMNS = (
    *(field.attname for field in SystemUsage._meta.concrete_fields),
    "catalog_system__name",
    "catalog_system__business_type",
    "catalog_system__vendor_id",
    "catalog_system__vendor__name",
    "responsible_unit__name",
)


def usage_rows(*, organization: Organization) -> QuerySet[Any]:
    """The organization's usages as dicts of ``USAGE_ROW_COLUMNS`` (one joined query).

    The filters and sort keys of ``portfolio.filters.USAGE_FILTERS`` apply to it as to
    ``selectors.usage_list``.
    """
    rows: QuerySet[Any] = SystemUsage.objects.filter(organization=organization).values(
        *USAGE_ROW_COLUMNS
    )
    return rows


def _grouped(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    """``(owner_id, *values)`` rows -> ``{owner_id: [values, ...]}`` in row order."""
    groups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for owner_id, *values in rows:
        groups[owner_id].append(tuple(values))
    return groups


def usage_role_rows(*, usage_ids: list[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Roles per usage, in the detail's order (role type's sort order, then id), as
    ``(id, role_type_id, role_type_key, role_type_name, user_id, user_first_name,
    user_last_name, user_username, person_name, email)``."""
    return _grouped(
        UsageRole.objects.filter(usage_id__in=usage_ids)
        .order_by("role_type__sort_order", "pk")
        .values_list(
            "usage_id",
            "id",
            "role_type_id",
            "role_type__key",
            "role_type__name",
            "user_id",
            "user__first_name",
            "user__last_name",
            "user__username",
            "person_name",
            "email",
        )
    )


def usage_cost_rows(*, usage_ids: list[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Own cost lines per usage by year, kind, id, as ``(id, year, kind, amount, note)``."""
    return _grouped(
        UsageCost.objects.filter(usage_id__in=usage_ids)
        .order_by("year", "kind", "pk")
        .values_list("usage_id", "id", "year", "kind", "amount", "note")
    )


def usage_reference_rows(*, usage_ids: list[int]) -> dict[int, list[tuple[Any, ...]]]:
    """External references per usage by id, as ``(id, title, url)``."""
    return _grouped(
        ExternalReference.objects.filter(usage_id__in=usage_ids)
        .order_by("pk")
        .values_list("usage_id", "id", "title", "url")
    )
