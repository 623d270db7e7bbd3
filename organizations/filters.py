"""One filter definition per list, for the screens and the API."""

from __future__ import annotations

from core.filters import FilterSpec

UNIT_FILTERS = FilterSpec(
    search_fields=("name", "local_id", "ean"),
    filters={"kind": "kind", "parent": "parent_id"},
    ordering={"name": "name", "kind": "kind", "local_id": "local_id", "parent": "parent__name"},
    default_ordering="name",
)

MEMBERSHIP_FILTERS = FilterSpec(
    search_fields=("user__username", "user__first_name", "user__last_name", "user__email"),
    filters={"role": "role", "unit": "unit_id"},
    ordering={"user": "user__username", "role": "role", "unit": "unit__name"},
    default_ordering="user",
)
