"""Classification rules and spend sources (with their column mapping) as resources: list,
create, edit, delete, history and CRUD API."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.filters import FilterSpec
from core.resources import Resource
from core.views import Column
from spend import rules, sources
from spend.forms import RuleForm, SourceForm
from spend.models import ClassificationRule, SpendSource
from spend.reader import FIELDS

RULE_FILTERS = FilterSpec(
    search_fields=("name", "keywords", "vendor", "category"),
    filters={"is_it": "is_it", "active": "active"},
    ordering={"priority": "priority", "name": "name"},
    default_ordering="priority",
)


def _example(organization: Any) -> dict[str, Any]:
    return {
        "name": "Licenser",
        "priority": 60,
        "is_it": True,
        "category": "Licenser",
        "accounts": "227000-227999",
        "vendor": "",
        "keywords": "licens",
        "active": True,
    }


RULES = Resource(
    model=ClassificationRule,
    slug="spend-rules",
    namespace="spend",
    name="rule",
    label=_("Klassifikationsregel"),
    label_plural=_("Klassifikationsregler for it-forbrug"),
    list_selector=rules.rule_list,
    get_selector=rules.rule_get,
    filters=RULE_FILTERS,
    columns=(
        Column("priority", _("Prioritet"), sort="priority"),
        Column("name", _("Navn"), sort="name", link=True),
        Column("is_it", _("It-forbrug")),
        Column("accounts", _("Artskonti")),
        Column("vendor", _("Kreditor")),
        Column("keywords", _("Nøgleord")),
        Column("active", _("Aktiv")),
    ),
    form=RuleForm,
    create_service=rules.rule_create,
    update_service=rules.rule_update,
    delete_service=rules.rule_delete,
    view_permission="spend.view",
    change_permission="spend.rules",
    object_arg="rule",
    mount_urls=False,
    detail_fields=(
        "name",
        "priority",
        "is_it",
        "category",
        "accounts",
        "vendor",
        "keywords",
        "active",
        "example",
    ),
    api_tags=("spend",),
    operation_prefix="spend_api",
    api_fields=(
        "name",
        "priority",
        "is_it",
        "category",
        "accounts",
        "vendor",
        "keywords",
        "active",
        "example",
        "updated_at",
    ),
    example=_example,
)


SOURCE_FILTERS = FilterSpec(
    search_fields=("name",),
    filters={},
    ordering={"name": "name"},
    default_ordering="name",
)


def _source_example(organization: Any) -> dict[str, Any]:
    return {
        "name": "Opus-eksport",
        "columns": (
            "Bilagsdato = Bogføringsdato\nKreditor = Kreditor\nBeløb = Beløb\nMoms = ignoreres"
        ),
    }


def _source_context(view: Any, source: SpendSource) -> dict[str, Any]:
    return {
        "mapping": [(header, FIELDS.get(key, "")) for header, key in source.columns.items()],
        "import_count": getattr(source, "import_count", 0),
    }


SOURCES = Resource(
    model=SpendSource,
    slug="spend-sources",
    namespace="spend",
    name="source",
    label=_("Forbrugskilde"),
    label_plural=_("Forbrugskilder og kolonner"),
    list_selector=sources.source_list,
    get_selector=sources.source_get,
    filters=SOURCE_FILTERS,
    columns=(
        Column("name", _("Navn"), sort="name", link=True),
        Column("import_count", _("Importer")),
        Column("updated_at", _("Ændret")),
    ),
    form=SourceForm,
    create_service=sources.source_create,
    update_service=sources.source_update,
    delete_service=sources.source_delete,
    view_permission="spend.view",
    change_permission=sources.CHANGE,
    object_arg="source",
    mount_urls=False,
    detail_fields=("name",),
    detail_template="spend/source_detail.html",
    detail_context=_source_context,
    api_tags=("spend",),
    operation_prefix="spend_api",
    api_fields=("name", "columns", "updated_at"),
    api_write_fields=("name", "columns"),
    example=_source_example,
)
