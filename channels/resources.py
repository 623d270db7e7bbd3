"""The communication plan, citizen involvement, satisfaction measurements and measured
unit prices as resources (pages, API, access cases). Their pages are mounted by
channels/urls.py under the namespace "channels"."""

import datetime as dt
import itertools
from typing import Any

from django.utils.translation import gettext_lazy as _

from businesscases.models import BusinessCase
from channels import selectors, services
from channels.filters import (
    ACTIVITY_FILTERS,
    INVOLVEMENT_FILTERS,
    SATISFACTION_FILTERS,
    UNITCOST_FILTERS,
)
from channels.forms import ActivityForm, InvolvementForm, SatisfactionForm, UnitCostForm
from channels.models import CommunicationActivity, Involvement, Satisfaction, UnitCost
from core.api.resources import Ref
from core.resources import Resource
from core.views import Column
from portfolio.models import SystemUsage
from roadmaps.models import Milestone

_EXAMPLES = itertools.count(1)


def _activity_context(view: Any, obj: Any) -> dict[str, Any]:
    from channels.views import activity_panel

    return activity_panel(view, obj)


def _example_area(organization: Any) -> int:
    from channels.models import ServiceArea

    area, _created = ServiceArea.objects.get_or_create(
        organization=organization, name="Pas og kørekort"
    )
    return area.pk


COMMON: dict[str, Any] = {
    "namespace": "channels",
    "view_permission": "channels.view",
    "change_permission": "channels.change",
    "mount_urls": False,
    "api_tags": ("channels",),
    "operation_prefix": "channels_api",
}

ACTIVITIES = Resource(
    **COMMON,
    model=CommunicationActivity,
    slug="communication-activities",
    name="activity",
    label=_("Kommunikationsaktivitet"),
    label_plural=_("Kommunikationsplan"),
    list_selector=selectors.activity_list,
    get_selector=selectors.activity_get,
    filters=ACTIVITY_FILTERS,
    columns=(
        Column("date", _("Dato"), sort="date"),
        Column("name", _("Aktivitet"), sort="name", link=True),
        Column("audience", _("Målgruppe")),
        Column("channel", _("Kanal")),
        Column("owner", _("Ansvarlig")),
        Column("cost", _("Omkostning"), sort="cost"),
        Column("milestone", _("Milepæl"), optional=True),
        Column("business_case", _("Business case"), optional=True),
    ),
    form=ActivityForm,
    create_service=services.activity_create,
    update_service=services.activity_update,
    delete_service=services.activity_delete,
    object_arg="activity",
    detail_template="channels/activity_detail.html",
    detail_context=_activity_context,
    refs={
        "areas": Ref("areas", lambda org: selectors.area_list(organization=org), many=True),
        "milestone": Ref(
            "milestone", lambda org: Milestone.objects.filter(roadmap__organization=org)
        ),
        "business_case": Ref(
            "business_case", lambda org: BusinessCase.objects.filter(organization=org)
        ),
    },
    example=lambda organization: {
        "name": f"Kampagne for digital flytning ({next(_EXAMPLES)})",
        "audience": "citizens",
        "channel": "social",
        "date": "2026-03-01",
        "owner": "Kommunikationsafdelingen",
        "cost": "25000",
        "window_months": 3,
    },
)

INVOLVEMENTS = Resource(
    **COMMON,
    model=Involvement,
    slug="citizen-involvement",
    name="involvement",
    label=_("Borgerinddragelse"),
    label_plural=_("Borgerinddragelse"),
    list_selector=selectors.involvement_list,
    get_selector=selectors.involvement_get,
    filters=INVOLVEMENT_FILTERS,
    columns=(
        Column("held_on", _("Dato"), sort="held_on"),
        Column("name", _("Titel"), sort="name", link=True),
        Column("solution", _("Selvbetjeningsløsning")),
        Column("kind", _("Form")),
        Column("participants", _("Deltagere")),
        Column("area", _("Serviceområde"), optional=True),
    ),
    form=InvolvementForm,
    create_service=services.involvement_create,
    update_service=services.involvement_update,
    delete_service=services.involvement_delete,
    object_arg="involvement",
    detail_fields=(
        "name",
        "solution",
        "usage",
        "area",
        "kind",
        "held_on",
        "participants",
        "findings",
        "changes",
    ),
    refs={
        "usage": Ref("usage", lambda org: SystemUsage.objects.filter(organization=org)),
        "area": Ref("area", lambda org: selectors.area_list(organization=org)),
    },
    example=lambda organization: {
        "name": f"Brugertest af flytteblanket ({next(_EXAMPLES)})",
        "solution": "Digital flytning",
        "kind": "user_test",
        "held_on": "2026-02-10",
        "participants": 8,
        "findings": "Fem af otte fandt ikke knappen til at tilføje børn.",
        "changes": "Knappen er flyttet op og har fået en tydeligere tekst.",
    },
)

SATISFACTION = Resource(
    **COMMON,
    model=Satisfaction,
    slug="satisfaction-measurements",
    name="satisfaction",
    label=_("Tilfredshedsmåling"),
    label_plural=_("Tilfredshedsmålinger"),
    list_selector=selectors.satisfaction_list,
    get_selector=selectors.satisfaction_get,
    filters=SATISFACTION_FILTERS,
    columns=(
        Column("month", _("Måned"), sort="month", link=True),
        Column("area", _("Serviceområde"), sort="area"),
        Column("channel", _("Kanal")),
        Column("satisfied_percent", _("Andel tilfredse (%)")),
        Column("respondents", _("Besvarelser")),
    ),
    form=SatisfactionForm,
    create_service=services.satisfaction_create,
    update_service=services.satisfaction_update,
    delete_service=services.satisfaction_delete,
    object_arg="satisfaction",
    detail_fields=("area", "channel", "month", "satisfied_percent", "respondents", "method"),
    refs={"area": Ref("area", lambda org: selectors.area_list(organization=org))},
    example=lambda organization: {
        # the form's field and the API's (a reference is sent as <name>_id)
        "area": _example_area(organization),
        "area_id": _example_area(organization),
        "channel": "self_service",
        "month": dt.date(2026, 1, 1).isoformat(),
        "satisfied_percent": "81.5",
        "respondents": 240,
        "method": "Pop-up-spørgsmål efter endt ansøgning",
    },
)

UNIT_COSTS = Resource(
    **COMMON,
    model=UnitCost,
    slug="channel-unit-costs",
    name="unitcost",
    label=_("Målt enhedspris"),
    label_plural=_("Målte enhedspriser"),
    list_selector=selectors.unitcost_list,
    get_selector=selectors.unitcost_get,
    filters=UNITCOST_FILTERS,
    columns=(
        Column("year", _("År"), sort="year", link=True),
        Column("in_person", _("Personlig (kr.)")),
        Column("digital", _("Digital (kr.)")),
        Column("source", _("Kilde")),
    ),
    form=UnitCostForm,
    create_service=services.unitcost_create,
    update_service=services.unitcost_update,
    delete_service=services.unitcost_delete,
    object_arg="unitcost",
    detail_fields=("year", "in_person", "digital", "source"),
    example=lambda organization: {
        "year": 2000 + next(_EXAMPLES) % 100,
        "in_person": "212.50",
        "digital": "61.00",
        "source": "Tidsregistrering i Borgerservice",
    },
)
