"""One filter definition per list, for the screens and the API."""

from __future__ import annotations

from core.filters import FilterSpec

ASSESSMENT_FILTERS = FilterSpec(
    search_fields=("title",),
    filters={"status": "status"},
    ordering={"version": "version", "updated": "updated_at"},
    default_ordering="-version",
)
