from core.filters import FilterSpec

LESSON_FILTERS = FilterSpec(
    search_fields=("title", "body"),
    filters={"kind": "kind"},
    ordering={"title": "title", "decided": "decided_on", "updated": "updated_at"},
    default_ordering="title",
)
