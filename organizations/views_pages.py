"""The dashboard and the organization-wide audit log."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from core.filters import FilterSpec
from core.registry import registry
from core.replica import ReplicaReadsMixin
from core.selectors import audit_event_list
from core.views import Column, ObjectListView, OrgView
from organizations.forms import AuditFilterForm


class DashboardView(ReplicaReadsMixin, OrgView):
    permission = "organization.view"
    title = gettext_lazy("Overblik")

    def get(self, request: HttpRequest) -> HttpResponse:
        cards = [card for card in (make(request) for make in registry.cards()) if card]
        organization = self.organization

        def recent() -> list[Any]:  # read only when the shared table is not in the cache
            return list(audit_event_list(organization=organization)[:8])

        return render(
            request, "organizations/dashboard.html", self.base_context(cards=cards, recent=recent)
        )


AUDIT_FILTERS = FilterSpec(
    search_fields=("object_repr",),
    filters={
        "actor": "actor_label__iexact",
        "type": "content_type__model",
        "action": "action",
        "date_from": "created_at__date__gte",
        "date_to": "created_at__date__lte",
    },
    ordering={"time": "created_at", "actor": "actor_label", "action": "action"},
    default_ordering="-time",
)


class AuditLogView(ObjectListView):
    permission = "audit.view"
    title = gettext_lazy("Revisionslog")
    selector = staticmethod(audit_event_list)
    filterset = AUDIT_FILTERS
    filter_form_class = AuditFilterForm
    paginate_by = 50
    template_name = "organizations/audit_log.html"
    partial_template_name = "organizations/partials/audit_table.html"
    columns = (
        Column("created_at", gettext_lazy("Tidspunkt"), sort="time"),
        Column("actor_label", gettext_lazy("Bruger"), sort="actor"),
        Column("action", gettext_lazy("Handling"), sort="action"),
        Column("content_type", gettext_lazy("Objekttype"), accessor="content_type.name"),
        Column("object_repr", gettext_lazy("Objekt")),
    )
