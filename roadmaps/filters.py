"""Filter definitions shared by the roadmap list view and the API."""

from core.filters import FilterSpec

ROADMAP_FILTERS = FilterSpec(
    search_fields=("name",),
    filters={"status": "status", "strategy": "strategy"},
    ordering={"name": "name", "start": "start_date", "status": "status", "updated": "updated_at"},
    default_ordering="-start",
)
