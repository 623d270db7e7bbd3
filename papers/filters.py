"""One filter definition per list, for the screens and the API."""

from __future__ import annotations

from core.filters import FilterSpec

PAPER_FILTERS = FilterSpec(
    search_fields=("title", "proposed_decision"),
    ordering={"title": "title", "created": "created_at"},
    default_ordering="-created",
)
