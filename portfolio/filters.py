"""Filter definitions shared by the portfolio's list views and its API."""

from dataclasses import replace

from core.filters import FilterSpec

VENDOR_FILTERS = FilterSpec(
    search_fields=("name", "cvr", "contact_name"),
    filters={"cvr": "cvr"},
    ordering={"name": "name", "cvr": "cvr", "updated": "updated_at"},
    default_ordering="name",
)

KLE_FILTERS = FilterSpec(
    search_fields=("number", "title"),
    filters={"level": "level", "parent": "parent_id", "archive_code": "archive_code"},
    ordering={"number": "number", "title": "title"},
    default_ordering="number",
)

CATALOG_FILTERS = FilterSpec(
    search_fields=("name", "former_names", "description", "vendor__name"),
    filters={
        "business_type": "business_type",
        "vendor": "vendor_id",
        "scope": "scope",
        "kle": "kle_subjects__number",
        "deactivated": "deactivated",
        "proposed": "proposed",
    },
    ordering={"name": "name", "vendor": "vendor__name", "business_type": "business_type"},
    default_ordering="name",
)

USAGE_FILTERS = FilterSpec(
    search_fields=(
        "local_name",
        "local_id",
        "catalog_system__name",
        "catalog_system__vendor__name",
    ),
    filters={
        "lifecycle": "lifecycle",
        "business_type": "catalog_system__business_type",
        "unit": "responsible_unit_id",
        "vendor": "catalog_system__vendor_id",
        "hosting": "hosting",
        "data_sensitivity": "data_sensitivity",
        "time": "time_disposition",
        "criticality": "criticality",
        "catalog_system": "catalog_system_id",
    },
    ordering={
        "name": "local_name",
        "system": "catalog_system__name",
        "vendor": "catalog_system__vendor__name",
        "lifecycle": "lifecycle",
        "unit": "responsible_unit__name",
        "time": "time_disposition",
        "updated": "updated_at",
    },
    default_ordering="name",
)

CONTRACT_FILTERS = FilterSpec(
    search_fields=("name", "number", "vendor__name"),
    filters={
        "vendor": "vendor_id",
        "contract_type": "contract_type",
        "procurement_form": "procurement_form",
        "terminated": "terminated",
        "unit": "responsible_unit_id",
        "usage": "usages__id",
        "dpa_required": "dpa_required",
    },
    ordering={
        "name": "name",
        "number": "number",
        "vendor": "vendor__name",
        "end": "end_date",
        "start": "start_date",
        "updated": "updated_at",
    },
    default_ordering="name",
)

INTEGRATION_FILTERS = FilterSpec(
    search_fields=(
        "interface_name",
        "source__local_name",
        "source__catalog_system__name",
        "target__local_name",
        "target__catalog_system__name",
        "target_component__name",
    ),
    filters={
        "technology": "technology",
        "status": "status",
        "frequency": "frequency",
        "source": "source_id",
        "target": "target_id",
        "component": "target_component_id",
    },
    ordering={
        "source": "source__local_name",
        "target": "target__local_name",
        "interface": "interface_name",
        "technology": "technology",
        "status": "status",
        "updated": "updated_at",
    },
    default_ordering="source",
)

PROCESS_FILTERS = FilterSpec(
    search_fields=("name", "description"),
    filters={"parent": "parent_id", "unit": "owner_unit_id", "kle": "kle_subject__number"},
    ordering={"name": "name", "unit": "owner_unit__name", "updated": "updated_at"},
    default_ordering="name",
)

# Data processing registrations: the list page (``views_dpr``) and the API (``api_dpr``).
DPR_FILTERS = FilterSpec(
    search_fields=("name", "third_countries", "transfer_basis", "notes"),
    filters={
        "agreement": "agreement_concluded",
        "overdue": "oversight_overdue",
        "completed": "oversight_completed",
        "third_countries": "transfer_to_third_countries",
        "unit": "responsible_unit_id",
        "vendor": "data_processors__id",
        "usage": "usages__id",
        "contract": "contracts__id",
    },
    ordering={
        "name": "name",
        "agreement": "agreement_concluded",
        "agreement_date": "agreement_date",
        "latest": "latest_oversight",
        "next": "next_oversight",
        "unit": "responsible_unit__name",
        "updated": "updated_at",
    },
    default_ordering="name",
)

# Data objects: the API reads ``selectors.data_object_list``; the list page reads
# ``selectors.data_object_overview``, whose counts it can also sort by.
DATA_OBJECT_FILTERS = FilterSpec(
    search_fields=("name", "description"),
    filters={"personal_data": "personal_data"},
    ordering={"name": "name", "updated": "updated_at"},
    default_ordering="name",
)
DATA_OBJECT_OVERVIEW_FILTERS = replace(
    DATA_OBJECT_FILTERS,
    ordering={
        "name": "name",
        "personal_data": "personal_data",
        "integrations": "integration_count",
        "updated": "updated_at",
    },
)
