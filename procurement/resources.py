"""Procurement requests and local questions as resources (pages, API, menu, access cases)."""

import itertools
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.api.resources import Ref
from core.resources import Resource
from core.views import Column
from organizations.models import OrganizationUnit
from portfolio.models import BusinessProcess, KleSubject
from procurement import selectors, services
from procurement.filters import LOCAL_QUESTION_FILTERS, REQUEST_FILTERS
from procurement.forms import LocalQuestionForm, RequestFilterForm, RequestForm, members
from procurement.models import REQUEST_FIELDS, LocalQuestion, ProcurementRequest

_EXAMPLES = itertools.count(1)


def _detail_context(view, obj):  # type: ignore[no-untyped-def]
    from procurement.views import request_panel

    return request_panel(view, obj)


# What the app's resources share: their pages are mounted by procurement/urls.py under
# the namespace "procurement", readable by every member, and their API operations are
# tagged and named after the app.
COMMON: dict[str, Any] = {
    "namespace": "procurement",
    "view_permission": "procurement.view",
    "mount_urls": False,
    "api_tags": ("procurement",),
    "operation_prefix": "procurement_api",
}

REQUESTS = Resource(
    **COMMON,
    model=ProcurementRequest,
    slug="procurement-requests",
    name="request",
    label=_("Anskaffelse"),
    label_plural=_("Anskaffelser"),
    list_selector=selectors.request_list,
    get_selector=selectors.request_get,
    filters=REQUEST_FILTERS,
    columns=(
        Column("title", _("Titel"), sort="title", link=True),
        Column("stage", _("Fase"), sort="stage"),
        Column("unit", _("Forvaltning/enhed"), accessor="unit.name"),
        Column("stage_since", _("I fasen siden"), sort="since"),
        Column("wanted_date", _("Ønsket dato"), sort="wanted"),
        Column("created_at", _("Indsendt"), sort="created", optional=True),
        Column("responsible_name", _("Ansvarlig"), optional=True),
    ),
    form=RequestForm,
    create_service=services.request_create,
    update_service=services.request_update,
    delete_service=services.request_delete,
    change_permission="procurement.change",
    object_arg="request",
    menu_order=450,
    detail_template="procurement/request_detail.html",
    detail_context=_detail_context,
    form_template="procurement/request_form.html",
    filter_form=RequestFilterForm,
    api_fields=(
        *REQUEST_FIELDS,
        "stage",
        "stage_since",
        "submitted_by",
        "decision_body",
        "decision_reference",
        "decision_text",
        "decided_on",
        "business_case",
        "reuse_usage",
        "reuse_contract",
        "avoided_yearly",
        "usage",
        "contract",
        "requirements",
        "created_at",
        "updated_at",
    ),
    refs={
        "unit": Ref("unit", lambda org: OrganizationUnit.objects.filter(organization=org)),
        "business_process": Ref(
            "business_process", lambda org: BusinessProcess.objects.filter(organization=org)
        ),
        "kle_subjects": Ref("kle_subjects", lambda org: KleSubject.objects.all(), many=True),
        "responsible": Ref("responsible", members),
    },
    example=lambda organization: {
        "title": f"Nyt bookingsystem til mødelokaler ({next(_EXAMPLES)})",
        "problem": "Lokaler bookes i regneark, og dobbeltbookinger er hyppige.",
        "affected": "internal",
        "personal_data": "none",
    },
)

LOCAL_QUESTIONS = Resource(
    **COMMON,
    model=LocalQuestion,
    slug="procurement-questions",
    name="question",
    label=_("Lokalt spørgsmål"),
    label_plural=_("Lokale spørgsmål"),
    list_selector=selectors.local_question_list,
    get_selector=selectors.local_question_get,
    filters=LOCAL_QUESTION_FILTERS,
    columns=(
        Column("key", _("Nøgle"), sort="key", link=True),
        Column("text", _("Spørgsmål")),
        Column("stage", _("Fase"), sort="stage"),
        Column("addressee", _("Stilles til")),
        Column("stops", _("Stopper")),
    ),
    form=LocalQuestionForm,
    create_service=services.local_question_create,
    update_service=services.local_question_update,
    delete_service=services.local_question_delete,
    change_permission="procurement.questions",
    object_arg="question",
    detail_fields=("key", "text", "stage", "addressee", "stops", "strategies", "active"),
    api_fields=("key", "text", "stage", "addressee", "stops", "strategies", "active", "updated_at"),
    example=lambda organization: {
        "key": f"lokal_{next(_EXAMPLES)}",
        "text": "Er it-sikkerhedsudvalget orienteret?",
        "stage": "kontrolorgan",
        "addressee": "arkitekt",
    },
)
