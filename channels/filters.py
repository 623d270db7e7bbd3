from core.filters import FilterSpec

ACTIVITY_FILTERS = FilterSpec(
    search_fields=("name", "description", "owner"),
    filters={"audience": "audience", "channel": "channel", "business_case": "business_case_id"},
    ordering={"date": "date", "name": "name", "cost": "cost", "updated": "updated_at"},
    default_ordering="-date",
)

INVOLVEMENT_FILTERS = FilterSpec(
    search_fields=("name", "solution", "findings", "changes"),
    filters={"kind": "kind", "area": "area_id"},
    ordering={"held_on": "held_on", "name": "name", "updated": "updated_at"},
    default_ordering="-held_on",
)

SATISFACTION_FILTERS = FilterSpec(
    search_fields=("area__name", "method"),
    filters={"channel": "channel", "area": "area_id"},
    ordering={"month": "month", "area": "area__name", "updated": "updated_at"},
    default_ordering="-month",
)

UNITCOST_FILTERS = FilterSpec(
    search_fields=("source",),
    ordering={"year": "year", "updated": "updated_at"},
    default_ordering="-year",
)
