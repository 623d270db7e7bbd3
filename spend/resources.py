"""Classification rules as a resource: list, create, edit, delete, history and CRUD API."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.filters import FilterSpec
from core.resources import Resource
from core.views import Column
from spend import rules
from spend.forms import RuleForm
from spend.models import ClassificationRule

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
