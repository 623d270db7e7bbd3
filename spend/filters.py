"""One filter definition per spend list, shared by the pages and the API."""

from core.filters import FilterSpec

LINE_FILTERS = FilterSpec(
    search_fields=("text", "vendor__name"),
    filters={
        "period_from": "posted__gte",
        "period_to": "posted__lte",
        "vendor": "vendor_id",
        "unit": "unit",
        "it": "is_it",
    },
    ordering={"posted": "posted", "amount": "amount", "vendor": "vendor__name"},
    default_ordering="-posted",
)

CANDIDATE_FILTERS = FilterSpec(
    search_fields=("vendor__name", "unit"),
    filters={"kind": "kind", "status": "status", "current": "current"},
    ordering={"amount": "amount", "vendor": "vendor__name", "last_seen": "last_seen"},
    default_ordering="-amount",
)

VENDOR_FILTERS = FilterSpec(
    search_fields=("name", "number", "cvr"),
    filters={"match": "match"},
    ordering={"name": "name", "match": "match"},
    default_ordering="name",
)
