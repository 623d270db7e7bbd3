from core.filters import FilterSpec

REVIEW_FILTERS = FilterSpec(
    search_fields=("usage__local_name", "usage__catalog_system__name", "summary"),
    filters={"status": "status", "usage": "usage_id", "due": "due"},
    ordering={
        "planned": "planned_date",
        "held": "held_date",
        "usage": "usage__local_name",
        "status": "status",
        "updated": "updated_at",
    },
    default_ordering="-planned",
)

FINDING_FILTERS = FilterSpec(
    search_fields=("text", "owner_name", "closing_note"),
    filters={
        "status": "status",
        "review": "review_id",
        "usage": "review__usage_id",
        "overdue": "overdue",
        "owner": "owner_id",
    },
    ordering={"due": "due_date", "status": "status", "updated": "updated_at"},
    default_ordering="due",
)

PLAN_FILTERS = FilterSpec(
    search_fields=("usage__local_name", "usage__catalog_system__name", "responsible_name"),
    filters={"test_cadence": "test_cadence", "overdue": "overdue", "usage": "usage_id"},
    ordering={
        "usage": "usage__local_name",
        "tested": "last_tested",
        "cadence": "test_cadence",
        "updated": "updated_at",
    },
    default_ordering="usage",
)

CADENCE_FILTERS = FilterSpec(filters={}, ordering={"rule": "rule_key"}, default_ordering="rule")
