"""One filter definition per list, for the screens and the API."""

from __future__ import annotations

from core.filters import FilterSpec

CASE_FILTERS = FilterSpec(
    search_fields=("name", "description"),
    filters={"status": "status", "template": "template"},
    ordering={"name": "name", "status": "status", "updated": "updated_at"},
    default_ordering="-updated",
)
