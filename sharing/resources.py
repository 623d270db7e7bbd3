"""The fællesskab's service catalogue and the members' quantities as resources (pages,
API, access cases)."""

import itertools
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.api.resources import Ref
from core.filters import FilterSpec
from core.resources import Resource
from core.views import Column
from sharing import selectors, services
from sharing.forms import MeasureForm, ServiceForm
from sharing.models import ServiceMeasure, SharedService

_EXAMPLES = itertools.count(1)

COMMON: dict[str, Any] = {
    "namespace": "sharing",
    "view_permission": "sharing.view",
    "change_permission": services.COSTS,
    "mount_urls": False,
    "api_tags": ("sharing",),
    "operation_prefix": "sharing_api",
}

SERVICES = Resource(
    **COMMON,
    model=SharedService,
    slug="services",
    name="service",
    label=_("Ydelse"),
    label_plural=_("Ydelseskatalog"),
    list_selector=selectors.service_list,
    get_selector=selectors.service_get,
    filters=FilterSpec(
        search_fields=("name", "description"),
        filters={"allocation_key": "allocation_key"},
        ordering={"name": "name", "price": "yearly_price"},
        default_ordering="name",
    ),
    columns=(
        Column("name", _("Navn"), sort="name", link=True),
        Column("yearly_price", _("Årlig pris (kr.)"), sort="price"),
        Column("allocation_key", _("Fordelingsnøgle")),
    ),
    form=ServiceForm,
    create_service=services.service_create,
    update_service=services.service_update,
    delete_service=services.service_delete,
    object_arg="service",
    detail_fields=("name", "description", "yearly_price", "allocation_key"),
    api_fields=("name", "description", "yearly_price", "allocation_key", "updated_at"),
    example=lambda organization: {
        "name": f"Fælles servicedesk ({next(_EXAMPLES)})",
        "yearly_price": "1200000.00",
        "allocation_key": "inhabitants",
    },
)


def _measure_example(organization: Any) -> dict[str, Any]:
    from organizations.models import Organization

    service = SharedService.objects.create(
        organization=organization, name="Eksempelydelse", yearly_price=1000, allocation_key="users"
    )
    member = Organization.objects.create(name=f"Eksempelmedlem {next(_EXAMPLES)}", kind="kommune")
    organization.members.add(member)
    # The form names the relations, the API their ids.
    return {
        "service": service.pk,
        "service_id": service.pk,
        "member": member.pk,
        "member_id": member.pk,
        "year": 2030,
        "quantity": "120",
    }


MEASURES = Resource(
    **COMMON,
    model=ServiceMeasure,
    slug="service-measures",
    name="measure",
    label=_("Forbrug"),
    label_plural=_("Forbrug pr. medlem"),
    list_selector=selectors.measure_list,
    get_selector=selectors.measure_get,
    filters=FilterSpec(
        search_fields=("service__name", "member__name"),
        filters={"year": "year", "service": "service", "member": "member"},
        ordering={"year": "year", "service": "service__name", "member": "member__name"},
        default_ordering="-year",
    ),
    columns=(
        Column("service", _("Ydelse"), accessor="service.name", link=True),
        Column("member", _("Medlem"), accessor="member"),
        Column("year", _("År"), sort="year"),
        Column("quantity", _("Mængde")),
    ),
    form=MeasureForm,
    create_service=services.measure_create,
    update_service=services.measure_update,
    delete_service=services.measure_delete,
    object_arg="measure",
    detail_fields=("service", "member", "year", "quantity"),
    api_fields=("service", "member", "year", "quantity", "updated_at"),
    refs={
        "service": Ref("service", lambda org: selectors.service_list(organization=org)),
        "member": Ref("member", lambda org: selectors.community_members(organization=org)),
    },
    example=_measure_example,
)
