"""Screens for data processing registrations (databehandlinger, KITOS: data-processing-
registrations): list, detail, create/edit through the services, delete and history.

Everyone in the organization reads them; holders of ``contract.change`` (indkøber and the
editors) change them, as for contracts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy

from core.views import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ObjectViews,
    ServiceFormView,
)
from portfolio import choices as c
from portfolio import selectors, services
from portfolio.filters import DPR_FILTERS
from portfolio.forms import DprForm
from portfolio.models import DataProcessingRegistration, SystemUsage, Vendor

L = gettext_lazy


class DprViews(ObjectViews):
    selector_get = staticmethod(selectors.dpr_get)
    object_arg = "registration"
    view_permission, change_permission = "portfolio.view", "contract.change"
    url_stem = "portfolio:dpr"


class DprListView(DprViews, ObjectListView):
    title = L("Databehandling")
    selector = staticmethod(selectors.dpr_list)
    filterset = DPR_FILTERS
    export_name = "databehandling"
    template_name = "portfolio/dpr_list.html"
    shared_table = True
    columns = (
        Column("name", L("Navn"), sort="name", link=True),
        Column("processors", L("Databehandlere"), accessor="processor_names"),
        Column("agreement_concluded", L("Aftale indgået"), sort="agreement"),
        Column("latest_oversight", L("Seneste tilsyn"), sort="latest"),
        Column("next_oversight", L("Næste tilsyn"), sort="next"),
        Column("oversight_overdue", L("Tilsyn overskredet")),
        Column("agreement_date", L("Aftalens dato"), sort="agreement_date", optional=True),
        Column("oversight_interval_months", L("Tilsynsinterval (mdr.)"), optional=True),
        Column("oversight_completed", L("Tilsyn gennemført"), optional=True),
        Column("transfer_to_third_countries", L("Usikre tredjelande"), optional=True),
        Column("unit", L("Ansvarlig enhed"), accessor="responsible_unit.name", optional=True),
        Column("updated_at", L("Ændret"), sort="updated", optional=True),
    )

    def get_queryset(self) -> QuerySet[DataProcessingRegistration]:
        return selectors.dpr_list(organization=self.organization).prefetch_related(
            Prefetch("data_processors", queryset=Vendor.objects.only("pk", "name"))
        )

    def base_context(self, **extra: Any) -> dict[str, Any]:
        return super().base_context(agreement_choices=c.AgreementConcluded.choices, **extra)


class DprDetailView(DprViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        registration = self.object
        return super().get_context_data(
            processors=registration.data_processors.all(),
            sub_processors=registration.sub_data_processors.all(),
            usages=registration.usages.select_related("catalog_system"),
            contracts=registration.contracts.select_related("vendor"),
            **extra,
        )


class DprCreateView(DprViews, ServiceFormView):
    title = L("Ny databehandling")
    form_class = DprForm
    create_service = staticmethod(services.dpr_create)
    success_message = L("Databehandlingen er oprettet.")

    def get_initial(self, obj: Any) -> dict[str, Any]:
        """``?system=<id>`` preselects a system in use (a link from elsewhere)."""
        usage = self.request.GET.get("system", "")
        if (
            usage.isdigit()
            and SystemUsage.objects.filter(organization=self.organization, pk=int(usage)).exists()
        ):
            return {"usages": [int(usage)]}
        return {}


class DprEditView(DprViews, ServiceFormView):
    title = L("Redigér databehandling")
    form_class = DprForm
    update_service = staticmethod(services.dpr_update)
    success_message = L("Databehandlingen er gemt.")


class DprDeleteView(DprViews, ObjectDeleteView):
    title = L("Slet databehandling")
    delete_service = staticmethod(services.dpr_delete)


class DprHistoryView(DprViews, ObjectHistoryView):
    pass
