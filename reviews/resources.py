"""Reviews, their actions, governance plans and local cadences as resources (pages, API,
menu, access cases)."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.api.resources import Ref
from core.resources import Resource
from core.views import Column
from portfolio.models import SystemUsage
from reviews import selectors, services
from reviews.filters import CADENCE_FILTERS, FINDING_FILTERS, PLAN_FILTERS, REVIEW_FILTERS
from reviews.forms import CadenceForm, FindingForm, PlanForm, ReviewForm
from reviews.models import CadenceOverride, Finding, GovernancePlan, SolutionReview

_EXAMPLES = itertools.count(1)


def _members(organization: Any) -> Any:
    return get_user_model().objects.filter(memberships__organization=organization).distinct()


def _usages(organization: Any) -> Any:
    return SystemUsage.objects.filter(organization=organization)


def _review_context(view: Any, obj: Any) -> dict[str, Any]:
    from reviews.views import review_panel

    return review_panel(view, obj)


def _plan_context(view: Any, obj: Any) -> dict[str, Any]:
    from reviews.views import plan_panel

    return plan_panel(view, obj)


def _finding_context(view: Any, obj: Any) -> dict[str, Any]:
    from reviews.views import finding_panel

    return finding_panel(view, obj)


def _example_usage(organization: Any) -> SystemUsage:
    from portfolio.models import CatalogSystem

    system, _created = CatalogSystem.objects.get_or_create(
        name="Eksempelsystem til gennemgang", defaults={"business_type": "fagsystem"}
    )
    return SystemUsage.objects.create(
        organization=organization,
        catalog_system=system,
        local_name=f"Gennemgangssystem {next(_EXAMPLES)}",
        lifecycle="operational",
    )


def _ref(name: str, pk: int) -> dict[str, int]:
    """A reference in the example data: the form's field and the API's ``<name>_id``."""
    return {name: pk, f"{name}_id": pk}


COMMON: dict[str, Any] = {
    "namespace": "reviews",
    "view_permission": "reviews.view",
    "mount_urls": False,
    "api_tags": ("reviews",),
    "operation_prefix": "reviews_api",
}

REVIEWS = Resource(
    **COMMON,
    model=SolutionReview,
    slug="reviews",
    name="review",
    label=_("Løsningsgennemgang"),
    label_plural=_("Løsningsgennemgange"),
    list_selector=selectors.review_list,
    get_selector=selectors.review_get,
    filters=REVIEW_FILTERS,
    columns=(
        Column("usage", _("System"), accessor="usage.name", sort="usage", link=True),
        Column("planned_date", _("Planlagt"), sort="planned"),
        Column("held_date", _("Afholdt"), sort="held"),
        Column("status", _("Status"), sort="status"),
        Column("open_findings", _("Åbne handlinger")),
        Column("checklist_key", _("Tjekliste"), optional=True),
        Column("checklist_version", _("Version"), optional=True),
    ),
    form=ReviewForm,
    create_service=services.review_create,
    update_service=services.review_update,
    delete_service=services.review_delete,
    change_permission="reviews.change",
    object_arg="review",
    menu_order=470,
    detail_template="reviews/review_detail.html",
    detail_context=_review_context,
    api_fields=(
        "usage",
        "planned_date",
        "held_date",
        "status",
        "participants",
        "other_participants",
        "checklist_key",
        "checklist_version",
        "checklist_items",
        "answers",
        "summary",
        "cancel_reason",
        "created_at",
        "updated_at",
    ),
    refs={
        "usage": Ref("usage", _usages),
        "participants": Ref("participants", _members, many=True),
    },
    example=lambda organization: {
        **_ref("usage", _example_usage(organization).pk),
        "planned_date": "2027-01-15",
        "other_participants": "Kontrolorganet",
    },
)

FINDINGS = Resource(
    **COMMON,
    model=Finding,
    slug="review-actions",
    name="finding",
    label=_("Handling fra gennemgang"),
    label_plural=_("Handlinger fra gennemgange"),
    list_selector=selectors.finding_list,
    get_selector=selectors.finding_get,
    filters=FINDING_FILTERS,
    columns=(
        Column("text", _("Handling"), link=True),
        Column("usage", _("System"), accessor="review.usage.name"),
        Column("owner_label", _("Ansvarlig")),
        Column("due_date", _("Frist"), sort="due"),
        Column("status", _("Status"), sort="status"),
        Column("closed_on", _("Lukket"), optional=True),
    ),
    form=FindingForm,
    create_service=services.finding_create,
    update_service=services.finding_update,
    delete_service=services.finding_delete,
    change_permission="reviews.change",
    object_arg="finding",
    detail_template="reviews/finding_detail.html",
    detail_context=_finding_context,
    detail_fields=(
        "review",
        "text",
        "owner",
        "owner_name",
        "due_date",
        "status",
        "closed_on",
        "closing_note",
    ),
    api_fields=(
        "review",
        "item_key",
        "text",
        "owner",
        "owner_name",
        "due_date",
        "status",
        "closed_on",
        "closing_note",
        "updated_at",
    ),
    refs={
        "review": Ref("review", lambda org: SolutionReview.objects.filter(organization=org)),
        "owner": Ref("owner", _members),
    },
    example=lambda organization: {
        **_ref(
            "review",
            SolutionReview.objects.create(
                organization=organization,
                usage=_example_usage(organization),
                planned_date="2027-01-15",
            ).pk,
        ),
        "text": "Opdatér tilgængelighedserklæringen",
        "owner_name": "Systemejer",
        "due_date": "2027-03-01",
    },
)

PLANS = Resource(
    **COMMON,
    model=GovernancePlan,
    slug="governance-plans",
    name="plan",
    label=_("Styringsplan"),
    label_plural=_("Styringsplaner"),
    list_selector=selectors.plan_list,
    get_selector=selectors.plan_get,
    filters=PLAN_FILTERS,
    columns=(
        Column("usage", _("System"), accessor="usage.name", sort="usage", link=True),
        Column("test_cadence", _("Testkadence"), sort="cadence"),
        Column("last_tested", _("Sidst testet"), sort="tested"),
        Column("overdue", _("Test forfalden")),
        Column("responsible_label", _("Ansvarlig")),
        Column("update_cadence", _("Opdateringskadence"), optional=True),
    ),
    form=PlanForm,
    create_service=services.plan_create,
    update_service=services.plan_update,
    delete_service=services.plan_delete,
    change_permission="plan.change",
    object_arg="plan",
    menu_order=472,
    detail_template="reviews/plan_detail.html",
    detail_context=_plan_context,
    detail_fields=(
        "usage",
        "update_windows",
        "test_procedure",
        "update_approver",
        "rollback",
        "user_communication",
        "update_cadence",
        "test_cadence",
        "responsible",
        "responsible_name",
        "last_tested",
        "notes",
    ),
    refs={"usage": Ref("usage", _usages), "responsible": Ref("responsible", _members)},
    example=lambda organization: {
        **_ref("usage", _example_usage(organization).pk),
        "update_windows": "Tirsdag 18-22",
        "update_cadence": "monthly",
        "test_cadence": "quarterly",
        "last_tested": "2026-10-01",
    },
)

CADENCES = Resource(
    **COMMON,
    model=CadenceOverride,
    slug="review-cadences",
    name="cadence",
    label=_("Lokal gennemgangskadence"),
    label_plural=_("Lokale gennemgangskadencer"),
    list_selector=selectors.cadence_list,
    get_selector=selectors.cadence_get,
    filters=CADENCE_FILTERS,
    columns=(
        Column("rule_key", _("Regel"), sort="rule", link=True),
        Column("months", _("Måneder")),
    ),
    form=CadenceForm,
    create_service=services.cadence_create,
    update_service=services.cadence_update,
    delete_service=services.cadence_delete,
    change_permission="reviews.change",
    object_arg="cadence",
    detail_fields=("rule_key", "months"),
    api_fields=("rule_key", "months", "updated_at"),
    example=lambda organization: {
        "rule_key": ["kritisk", "foelsomme_data", "oevrige", "forretningskritisk"][
            next(_EXAMPLES) % 4
        ],
        "months": 18,
    },
)
