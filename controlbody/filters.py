from core.filters import FilterSpec

MEETING_FILTERS = FilterSpec(
    search_fields=("title", "place"),
    filters={"status": "status"},
    ordering={"date": "date", "title": "title", "status": "status"},
    default_ordering="-date",
)

CONDITION_FILTERS = FilterSpec(
    search_fields=("text", "owner_name"),
    filters={"status": "status", "overdue": "overdue", "open": "is_open_now"},
    ordering={"due": "due_date", "status": "status"},
    default_ordering="due",
)
