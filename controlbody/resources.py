"""Meetings as a resource: list, create, edit, delete, history pages and CRUD API."""

import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from controlbody import selectors, services
from controlbody.filters import MEETING_FILTERS
from controlbody.forms import MeetingForm
from controlbody.models import Meeting
from core.api.resources import Ref
from core.resources import Resource
from core.views import Column

_N = itertools.count(1)


def _detail_context(view, obj):  # type: ignore[no-untyped-def]
    from controlbody.views import meeting_panel

    return meeting_panel(view, obj)


def _members(org: Any) -> Any:
    return get_user_model().objects.filter(memberships__organization=org).distinct()


MEETINGS = Resource(
    model=Meeting,
    slug="meetings",
    namespace="controlbody",
    name="meeting",
    label=_("Møde"),
    label_plural=_("Møder i kontrolorganet"),
    list_selector=selectors.meeting_list,
    get_selector=selectors.meeting_get,
    filters=MEETING_FILTERS,
    columns=(
        Column("title", _("Titel"), sort="title", link=True),
        Column("date", _("Dato"), sort="date"),
        Column("place", _("Sted")),
        Column("status", _("Status"), sort="status"),
    ),
    form=MeetingForm,
    create_service=services.meeting_create,
    update_service=services.meeting_update,
    delete_service=services.meeting_delete,
    view_permission="controlbody.view",
    change_permission="controlbody.run",
    object_arg="meeting",
    mount_urls=False,
    detail_template="controlbody/meeting_detail.html",
    detail_context=_detail_context,
    api_tags=("controlbody",),
    operation_prefix="controlbody_api",
    api_fields=(
        "title",
        "date",
        "start_time",
        "place",
        "guests",
        "participants",
        "status",
        "agenda_generated_at",
        "minutes_docx_sha256",
        "minutes_pdf_sha256",
        "updated_at",
    ),
    api_write_fields=("title", "date", "start_time", "place", "guests", "participants"),
    refs={"participants": Ref("participants", _members, many=True)},
    example=lambda organization: {
        "title": f"Kontrolorganets møde {next(_N)}",
        "date": "2030-03-05",
        "place": "Mødelokale 2",
    },
)
