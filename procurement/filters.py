from core.filters import FilterSpec

REQUEST_FILTERS = FilterSpec(
    search_fields=("title", "problem", "responsible_name"),
    filters={"stage": "stage", "unit": "unit", "strategy": "strategy", "overdue": "overdue"},
    ordering={
        "title": "title",
        "stage": "stage",
        "created": "created_at",
        "since": "stage_since",
        "wanted": "wanted_date",
        "updated": "updated_at",
    },
    default_ordering="-created",
)

LOCAL_QUESTION_FILTERS = FilterSpec(
    search_fields=("key", "text"),
    filters={"stage": "stage", "addressee": "addressee", "active": "active"},
    ordering={"key": "key", "stage": "stage"},
    default_ordering="stage",
)
