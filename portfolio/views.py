"""Portfolio screens: lists, details with tabs, create/edit/delete, bulk edit, catalog."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import (
    ChildRowsView,
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ObjectViews,
    ServiceFormView,
)
from portfolio import filters, forms, selectors, services
from portfolio.models import (
    CatalogSystem,
    KleSubject,
    ProcessStep,
    SystemUsage,
)

L = gettext_lazy


class UsageViews(ObjectViews):
    """What every view of one usage shares: how it is read, how services name it, who may
    read and change it and its URL names (see ``core.views.ObjectViews``)."""

    selector_get = staticmethod(selectors.usage_get)
    object_arg = "usage"
    view_permission, change_permission = "portfolio.view", "usage.change"
    url_stem = "portfolio:usage"


class UsageChangeViews(UsageViews):
    """Changing a usage: the page is open to its readers and ``usage.change`` is asked of
    the usage itself, so object-level rules apply (a systemejer edits their own)."""

    permission = "portfolio.view"
    object_permission = "usage.change"


class CatalogViews(ObjectViews):
    selector_get = staticmethod(selectors.catalog_get)
    object_arg = "system"
    view_permission, change_permission = "portfolio.view", "portfolio.change"
    url_stem = "portfolio:catalog"


class VendorViews(ObjectViews):
    selector_get = staticmethod(selectors.vendor_get)
    object_arg = "vendor"
    view_permission, change_permission = "portfolio.view", "vendor.change"
    url_stem = "portfolio:vendor"


class ContractViews(ObjectViews):
    selector_get = staticmethod(selectors.contract_get)
    object_arg = "contract"
    view_permission, change_permission = "portfolio.view", "contract.change"
    url_stem = "portfolio:contract"


class IntegrationViews(ObjectViews):
    selector_get = staticmethod(selectors.integration_get)
    object_arg = "integration"
    view_permission, change_permission = "portfolio.view", "portfolio.change"
    url_stem = "portfolio:integration"


class ProcessViews(ObjectViews):
    selector_get = staticmethod(selectors.process_get)
    object_arg = "process"
    view_permission, change_permission = "portfolio.view", "portfolio.change"
    url_stem = "portfolio:process"


class DataObjectViews(ObjectViews):
    selector_get = staticmethod(selectors.data_object_get)
    object_arg = "data_object"
    view_permission, change_permission = "portfolio.view", "portfolio.change"
    url_stem = "portfolio:data_object"


# Usages --------------------------------------------------------------------------------


class UsageListView(UsageViews, ObjectListView):
    title = L("Systemer")
    selector = staticmethod(selectors.usage_list)
    filterset = filters.USAGE_FILTERS
    filter_form_class = None
    create_url_name = "portfolio:catalog_list"
    # A system is taken into use from the shared catalog, not typed in from scratch.
    create_label = gettext_lazy("Tag et system i brug fra kataloget")
    export_name = "systemer"
    template_name = "portfolio/usage_list.html"
    shared_table = True
    partial_template_name = "portfolio/partials/usage_table.html"
    columns = (
        Column("name", L("Navn"), sort="name", link=True),
        Column("system", L("Katalogsystem"), accessor="catalog_system.name", sort="system"),
        Column("vendor", L("Leverandør"), accessor="catalog_system.vendor.name", sort="vendor"),
        Column("lifecycle", L("Livscyklus"), sort="lifecycle"),
        Column("unit", L("Ansvarlig enhed"), accessor="responsible_unit.name", sort="unit"),
        Column("time", L("TIME"), accessor="time_disposition", sort="time"),
        Column(
            "business_type",
            L("Forretningstype"),
            accessor="catalog_system.business_type",
            optional=True,
        ),
        Column("hosting", L("Driftsform"), optional=True),
        Column("data_sensitivity", L("Datafølsomhed"), optional=True),
        Column("criticality", L("Kritikalitet"), optional=True),
        Column("local_id", L("Lokalt id"), optional=True),
        Column("version", L("Version"), optional=True),
        Column("valid_from", L("I drift fra"), optional=True),
        Column("valid_to", L("I drift til"), optional=True),
        Column("updated_at", L("Ændret"), sort="updated", optional=True),
    )

    def get_queryset(self) -> QuerySet[SystemUsage]:
        # Filters other apps add to the list (e.g. a review or governance plan overdue).
        queryset = super().get_queryset()
        if getattr(self, "_bad_filter", False):
            return queryset  # the list shows the error on an empty page
        try:
            filtered: QuerySet[SystemUsage] = extension(
                "usage_list_filter",
                queryset,
                queryset=queryset,
                params=self.request.GET,
                organization=self.organization,
            )
        except ValidationError:
            self._bad_filter = True
            raise
        return filtered

    def base_context(self, **extra: Any) -> dict[str, Any]:
        from portfolio import choices as c

        context = super().base_context(**extra)
        context["extra_filters"] = extension("usage_list_filter_choices", [])
        context["lifecycles"] = c.Lifecycle.choices
        context["time_choices"] = c.TimeDisposition.choices
        context["bulk_form"] = (
            forms.UsageBulkForm(organization=self.organization)
            if self.can("usage.change")
            else None
        )
        return context


class UsageDetailView(UsageViews, ObjectDetailView):
    TABS = (
        ("generelt", L("Generelt")),
        ("kontrakter", L("Kontrakter")),
        ("integrationer", L("Integrationer")),
        ("gdpr", L("GDPR og sikkerhed")),
        ("platforme", L("Platforme og styringsplan")),
        ("roller", L("Roller og omkostninger")),
    )

    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        # The page body is shared by everyone with the same roles and rights on the usage
        # until the organization's data changes; its queries run only when it is rendered.
        context = super().get_context_data(**extra)
        context["can_delete"] = context["can_add_integration"] = self.can("portfolio.change")
        context["shared_detail"] = "usage-detail"
        # The object-level rights (usage.change, plan.change) follow an editing role on
        # the usage: whether the viewer holds one is part of the key besides the roles.
        editor = self.object.roles.filter(
            user_id=self.request.user.pk, role_type__grants_edit=True
        ).exists()
        context["shared_parts"] = (context["can_change"], context["can_delete"], editor)
        context["detail_context"] = self.detail_context
        return context

    def detail_context(self) -> dict[str, Any]:
        usage = self.object
        tab = self.request.GET.get("fane", "generelt")
        if tab not in dict(self.TABS):
            tab = "generelt"
        context: dict[str, Any] = {"tab": tab, "tabs": self.TABS}
        if tab == "generelt":
            context["using_units"] = usage.using_units.all()
            # The usage's subjects: the catalog system's, plus local additions, minus removals.
            context["kle"] = (
                KleSubject.objects.filter(
                    Q(pk__in=usage.catalog_system.kle_subjects.values("pk"))
                    | Q(pk__in=usage.kle_additions.values("pk"))
                )
                .exclude(pk__in=usage.kle_removals.values("pk"))
                .order_by("number")
            )
            context["time_warning"] = time_warning(usage)
        elif tab == "kontrakter":
            context["contracts"] = usage.contracts.select_related("vendor")
        elif tab == "integrationer":
            context["outgoing"] = usage.outgoing.select_related(
                "target", "target__catalog_system", "target_component"
            )
            context["incoming"] = usage.incoming.select_related("source", "source__catalog_system")
        elif tab == "gdpr":
            context["registrations"] = selectors.dpr_for_usage(
                organization=self.organization, usage=usage
            )
            context["can_add_registration"] = self.can("contract.change")
        elif tab == "roller":
            context["roles"] = usage.roles.select_related("role_type", "user")
            context["costs"] = usage.costs.all()
            context["references"] = usage.references.order_by("pk")
        # What other apps show on the usage: flags (a review or governance plan overdue,
        # open findings) on every tab and their panel on the platforms tab.
        panel = extension(
            "usage_panel", {}, usage=usage, organization=self.organization, tab=tab, view=self
        )
        context["usage_flags"] = panel.get("flags", [])
        context["usage_panel"] = panel.get("panel")
        return context


def extension(hook: str, default: Any, **kwargs: Any) -> Any:
    """What the app that registered ``hook`` returns, else ``default`` (portfolio works
    without the apps above it)."""
    from core.registry import registry

    return registry.call(hook, **kwargs) if registry.hooked(hook) else default


def time_warning(usage: SystemUsage) -> str:
    """A warning when the TIME disposition sits in the quadrant opposite to the fits."""
    from engine.quality import time_contradiction
    from portfolio.choices import TimeDisposition

    expected = time_contradiction(usage.time_disposition, usage.functional_fit, usage.technical_fit)
    if expected is None:
        return ""
    return _(
        "TIME-dispositionen stemmer ikke med egnetheden: funktionel %(f)s og teknisk %(t)s "
        "peger på »%(expected)s«."
    ) % {
        "f": usage.functional_fit,
        "t": usage.technical_fit,
        "expected": TimeDisposition(expected).label,
    }


class UsageEditView(UsageChangeViews, ServiceFormView):
    title = L("Redigér system")
    form_class = forms.UsageForm
    template_name = "portfolio/usage_form.html"
    update_service = staticmethod(services.usage_update)
    success_message = L("Systemet er gemt.")


class UsageDeleteView(UsageViews, ObjectDeleteView):
    permission = "portfolio.change"
    title = L("Slet system")
    delete_service = staticmethod(services.usage_delete)


class UsageHistoryView(UsageViews, ObjectHistoryView):
    pass


class UsageRolesView(UsageChangeViews, ChildRowsView):
    title = L("Roller")
    form_class = forms.RoleForm
    rows_service = staticmethod(services.usage_roles_set)
    rows_arg = "roles"
    success_message = L("Rollerne er gemt.")

    rows_related, row_fields = "roles", ("role_type", "user", "person_name", "email")


class UsageCostsView(UsageChangeViews, ChildRowsView):
    title = L("Omkostninger")
    form_class = forms.CostLineForm
    rows_service = staticmethod(services.usage_costs_set)
    rows_arg = "lines"
    success_message = L("Omkostningerne er gemt.")

    rows_related, row_fields = "costs", ("year", "kind", "amount", "note")


class UsageReferencesView(UsageChangeViews, ChildRowsView):
    title = L("Eksterne referencer")
    form_class = forms.ReferenceForm
    rows_service = staticmethod(services.usage_references_set)
    rows_arg = "references"
    success_message = L("De eksterne referencer er gemt.")

    rows_related, row_fields, rows_ordering = "references", ("title", "url"), ("pk",)


class UsageBulkView(UsageViews):
    """POST: apply lifecycle/TIME/systemejer to the chosen usages (each change audited)."""

    changes = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.UsageBulkForm(request.POST, organization=self.organization)
        back = reverse("portfolio:usage_list") + "?" + request.POST.get("querystring", "")
        if not form.is_valid():
            messages.error(request, _("Vælg mindst ét system og én ændring."))
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        try:
            count = services.usage_bulk_update(
                actor=request.user,
                organization=self.organization,
                usages=data["usages"],
                lifecycle=data["lifecycle"] or None,
                time_disposition=data["time_disposition"],
                owner=data["owner"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)s systemer er opdateret.") % {"n": count})
        return HttpResponseRedirect(back)


# Catalog -------------------------------------------------------------------------------


class CatalogListView(CatalogViews, ObjectListView):
    title = L("Systemkatalog")
    selector = staticmethod(selectors.catalog_list)
    filterset = filters.CATALOG_FILTERS
    export_name = "systemkatalog"
    template_name = "portfolio/catalog_list.html"
    columns = (
        Column("name", L("Navn"), sort="name", link=True),
        Column("vendor", L("Leverandør"), accessor="vendor.name", sort="vendor"),
        Column("business_type", L("Forretningstype"), sort="business_type"),
        Column("scope", L("Synlighed")),
        Column("usage_count", L("Anvendes af jer")),
        Column("deactivated", L("Deaktiveret"), optional=True),
        Column("former_names", L("Tidligere navne"), optional=True),
    )

    def get_queryset(self) -> QuerySet[CatalogSystem]:
        from django.db.models import Q

        return selectors.catalog_list(organization=self.organization).annotate(
            usage_count=Count("usages", filter=Q(usages__organization=self.organization))
        )


class CatalogDetailView(CatalogViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        from portfolio.services_review import review_decisions

        system = self.object
        own = system.owner_organization_id == self.organization.pk
        # The review decision (and its reason) is only the proposing organization's business.
        decisions = review_decisions(system=system)[:1] if own else []
        return super().get_context_data(
            latest_review=decisions[0] if decisions else None,
            kle=system.kle_subjects.all(),
            own_usages=system.usages.filter(organization=self.organization),
            may_edit_entry=system.owner_organization_id == self.organization.pk
            and self.can("portfolio.change"),
            **extra,
        )


class CatalogCreateView(CatalogViews, ServiceFormView):
    title = L("Nyt system i kataloget")
    form_class = forms.CatalogSystemForm
    create_service = staticmethod(services.catalog_create)
    success_message = L("Systemet er oprettet i jeres lokale katalog.")


class CatalogEditView(CatalogViews, ServiceFormView):
    title = L("Redigér katalogsystem")
    form_class = forms.CatalogSystemEditForm
    success_message = L("Katalogsystemet er gemt.")

    def save(self, form: Any, obj: CatalogSystem) -> CatalogSystem:
        return services.catalog_update(
            actor=self.request.user, organization=self.organization, system=obj, **form.cleaned_data
        )


class CatalogTakeIntoUseView(ServiceFormView):
    permission = "usage.change"
    title = L("Tag system i brug")
    form_class = forms.TakeIntoUseForm
    create_service = staticmethod(services.catalog_take_into_use)
    template_name = "portfolio/take_into_use.html"
    success_message = L("Systemet er taget i brug. Udfyld de øvrige oplysninger.")

    def system(self) -> CatalogSystem:
        return selectors.catalog_get(organization=self.organization, pk=self.kwargs["pk"])

    def base_context(self, **extra: Any) -> dict[str, Any]:
        return super().base_context(system=self.system(), **extra)

    def get_object(self) -> None:
        return None

    def get_initial(self, obj: Any) -> dict[str, Any]:
        from portfolio.choices import Lifecycle

        return {"lifecycle": Lifecycle.PHASING_IN}

    def create_kwargs(self) -> dict[str, Any]:
        return {**super().create_kwargs(), "system": self.system()}

    def get_success_url(self, obj: SystemUsage) -> str:
        return reverse("portfolio:usage_edit", kwargs={"pk": obj.pk})


# Vendors -------------------------------------------------------------------------------


class VendorListView(VendorViews, ObjectListView):
    title = L("Leverandører")
    selector = staticmethod(selectors.vendor_list)
    filterset = filters.VENDOR_FILTERS
    export_name = "leverandoerer"
    columns = (
        Column("name", L("Navn"), sort="name", link=True),
        Column("cvr", L("CVR-nummer"), sort="cvr"),
        Column("contact_name", L("Kontaktperson")),
        Column("website", L("Websted"), optional=True),
    )


class VendorDetailView(VendorViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        vendor = self.object
        return super().get_context_data(
            systems=selectors.catalog_list(organization=self.organization).filter(vendor=vendor),
            contracts=selectors.contract_list(organization=self.organization).filter(vendor=vendor),
            may_edit_entry=vendor.created_by_id == self.organization.pk
            and self.can("vendor.change"),
            **extra,
        )


class VendorCreateView(VendorViews, ServiceFormView):
    title = L("Ny leverandør")
    form_class = forms.VendorForm
    create_service = staticmethod(services.vendor_create)
    success_message = L("Leverandøren er oprettet.")


class VendorEditView(VendorViews, ServiceFormView):
    title = L("Redigér leverandør")
    form_class = forms.VendorForm
    success_message = L("Leverandøren er gemt.")

    def get_object(self) -> Any:
        """A vendor another organization maintains is refused already when the form is
        opened (403), not only on save."""
        vendor = super().get_object()
        if vendor.created_by_id != self.organization.pk and not self.request.user.is_superuser:
            raise PermissionDenied(_("Leverandøren vedligeholdes af en anden organisation."))
        return vendor

    def save(self, form: Any, obj: Any) -> Any:
        return services.vendor_update(
            actor=self.request.user, organization=self.organization, vendor=obj, **form.cleaned_data
        )


# Contracts -----------------------------------------------------------------------------


class ContractListView(ContractViews, ObjectListView):
    title = L("Kontrakter")
    selector = staticmethod(selectors.contract_list)
    filterset = filters.CONTRACT_FILTERS
    export_name = "kontrakter"
    columns = (
        Column("name", L("Navn"), sort="name", link=True),
        Column("number", L("Nummer"), sort="number"),
        Column("vendor", L("Leverandør"), accessor="vendor.name", sort="vendor"),
        Column("contract_type", L("Type")),
        Column("start_date", L("Start"), sort="start"),
        Column("end_date", L("Udløb"), sort="end"),
        Column("procurement_form", L("Udbudsform"), optional=True),
        Column("notice_months", L("Opsigelse (mdr.)"), optional=True),
        Column("terminated", L("Opsagt"), optional=True),
        Column("dpa_concluded", L("Databehandleraftale"), optional=True),
        Column("unit", L("Ansvarlig enhed"), accessor="responsible_unit.name", optional=True),
        Column("notice", L("Sidste opsigelsesdag"), accessor="last_notice_day", optional=True),
    )

    def get_queryset(self) -> Any:
        """``?due=overdue``: running contracts whose last notice day has passed;
        ``?due=soon``: those whose last notice day is within 90 days (today included)."""
        queryset = super().get_queryset()
        due = self.request.GET.get("due", "")
        if not due:
            return queryset
        if due not in ("overdue", "soon"):
            if getattr(self, "_due_refused", False):
                return queryset  # the error is shown once; the list is empty
            self._due_refused = True
            raise ValidationError(_("Filteret due kan være overdue eller soon."))
        from portfolio.due import NOTICE_LEAD_DAYS, contract_notices

        today = timezone.localdate()
        items = contract_notices(
            today=today,
            until=today + timedelta(days=max(NOTICE_LEAD_DAYS)),
            organization_ids=[self.organization.pk],
        )
        overdue = due == "overdue"
        keys = [int(i.key.split(":")[1]) for i in items if i.is_overdue(today) == overdue]
        return queryset.filter(pk__in=keys)


def _notice(contract: Any) -> dict[str, Any] | None:
    """The last notice day of a running contract, and whether it has passed or is near."""
    from portfolio.due import NOTICE_LEAD_DAYS, last_notice_day

    today = timezone.localdate()
    day = last_notice_day(contract, today)
    if day is None:
        return None
    days = (day - today).days
    return {
        "day": day,
        "days": days,
        "overdue": days < 0,
        "soon": 0 <= days <= max(NOTICE_LEAD_DAYS),
    }


class ContractDetailView(ContractViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        contract = self.object
        payments = list(contract.payments.all())
        years = sorted({p.year for p in payments})
        table = [
            (
                year,
                {p.stream: p.amount for p in payments if p.year == year},
                sum(p.amount for p in payments if p.year == year),
            )
            for year in years
        ]
        return super().get_context_data(
            usages=contract.usages.select_related("catalog_system"),
            payment_table=table,
            roles=contract.roles.select_related("user").order_by("pk"),
            children=contract.children.all(),
            notice=_notice(contract),
            **extra,
        )


class ContractCreateView(ContractViews, ServiceFormView):
    title = L("Ny kontrakt")
    form_class = forms.ContractForm
    create_service = staticmethod(services.contract_create)
    success_message = L("Kontrakten er oprettet.")


class ContractEditView(ContractViews, ServiceFormView):
    title = L("Redigér kontrakt")
    form_class = forms.ContractForm
    update_service = staticmethod(services.contract_update)
    success_message = L("Kontrakten er gemt.")


class ContractPaymentsView(ContractViews, ChildRowsView):
    title = L("Betalinger")
    form_class = forms.PaymentForm
    rows_service = staticmethod(services.contract_payments_set)
    rows_arg = "payments"
    success_message = L("Betalingerne er gemt.")

    rows_related, row_fields = "payments", ("year", "stream", "amount")


class ContractRolesView(ContractViews, ChildRowsView):
    title = L("Kontraktroller")
    form_class = forms.ContractRoleForm
    rows_service = staticmethod(services.contract_roles_set)
    rows_arg = "roles"
    success_message = L("Kontraktrollerne er gemt.")

    rows_related, row_fields, rows_ordering = "roles", ("kind", "user", "person_name"), ("pk",)


class ContractDeleteView(ContractViews, ObjectDeleteView):
    title = L("Slet kontrakt")
    delete_service = staticmethod(services.contract_delete)


class ContractHistoryView(ContractViews, ObjectHistoryView):
    pass


# Integrations --------------------------------------------------------------------------


class IntegrationListView(IntegrationViews, ObjectListView):
    title = L("Integrationer")
    selector = staticmethod(selectors.integration_list)
    filterset = filters.INTEGRATION_FILTERS
    export_name = "integrationer"
    template_name = "portfolio/integration_list.html"
    shared_table = True
    columns = (
        Column("source", L("Fra system"), accessor="source.name", sort="source", link=True),
        Column("target", L("Til"), accessor="target_label", sort="target"),
        Column("interface_name", L("Snitflade"), sort="interface"),
        Column("technology", L("Teknologi"), sort="technology"),
        Column("status", L("Status"), sort="status"),
        Column("frequency", L("Frekvens"), optional=True),
        Column("direction", L("Retning"), optional=True),
    )


class IntegrationDetailView(IntegrationViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        return super().get_context_data(data_objects=self.object.data_objects.all(), **extra)


class IntegrationCreateView(IntegrationViews, ServiceFormView):
    title = L("Ny integration")
    form_class = forms.IntegrationForm
    create_service = staticmethod(services.integration_create)
    success_message = L("Integrationen er oprettet.")

    def get_initial(self, obj: Any) -> dict[str, Any]:
        source = self.request.GET.get("fra")
        return {"source": source} if source else {}


class IntegrationEditView(IntegrationViews, ServiceFormView):
    title = L("Redigér integration")
    form_class = forms.IntegrationForm
    update_service = staticmethod(services.integration_update)
    success_message = L("Integrationen er gemt.")


class IntegrationDeleteView(IntegrationViews, ObjectDeleteView):
    title = L("Slet integration")
    delete_service = staticmethod(services.integration_delete)


class IntegrationHistoryView(IntegrationViews, ObjectHistoryView):
    pass


# Processes -----------------------------------------------------------------------------


class ProcessListView(ProcessViews, ObjectListView):
    title = L("Forretningsprocesser")
    selector = staticmethod(selectors.process_list)
    filterset = filters.PROCESS_FILTERS
    export_name = "processer"
    columns = (
        Column("name", L("Navn"), sort="name", link=True),
        Column("parent", L("Overordnet proces"), accessor="parent.name"),
        Column("unit", L("Procesejer"), accessor="owner_unit.name", sort="unit"),
        Column("kle", L("KLE-emne"), accessor="kle_subject"),
    )


class ProcessDetailView(ProcessViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        steps = list(
            self.object.steps.select_related("unit").prefetch_related(
                Prefetch("usages", queryset=SystemUsage.objects.select_related("catalog_system")),
                "collects",
                "reads",
            )
        )
        return super().get_context_data(
            steps=steps, twice=collected_twice(steps), children=self.object.children.all(), **extra
        )


def collected_twice(steps: list[ProcessStep]) -> list[tuple[Any, list[ProcessStep]]]:
    """Data objects collected in more than one step of the process."""
    seen: dict[int, tuple[Any, list[ProcessStep]]] = {}
    for step in steps:
        for obj in step.collects.all():
            seen.setdefault(obj.pk, (obj, []))[1].append(step)
    return [(obj, where) for obj, where in seen.values() if len(where) > 1]


class ProcessCreateView(ProcessViews, ServiceFormView):
    title = L("Ny forretningsproces")
    form_class = forms.ProcessForm
    create_service = staticmethod(services.process_create)
    success_message = L("Processen er oprettet.")


class ProcessEditView(ProcessViews, ServiceFormView):
    title = L("Redigér forretningsproces")
    form_class = forms.ProcessForm
    update_service = staticmethod(services.process_update)
    success_message = L("Processen er gemt.")


class ProcessStepsView(ProcessViews, ChildRowsView):
    title = L("Procestrin")
    form_class = forms.StepForm
    rows_service = staticmethod(services.process_steps_set)
    rows_arg = "steps"
    success_message = L("Procestrinene er gemt.")

    def initial_rows(self, obj: Any) -> list[dict[str, Any]]:
        steps = obj.steps.prefetch_related("usages", "collects", "reads")
        return [
            {
                "name": s.name,
                "unit": s.unit_id,
                "usages": [u.pk for u in s.usages.all()],
                "collects": [d.pk for d in s.collects.all()],
                "reads": [d.pk for d in s.reads.all()],
            }
            for s in steps
        ]


class ProcessDeleteView(ProcessViews, ObjectDeleteView):
    title = L("Slet forretningsproces")
    delete_service = staticmethod(services.process_delete)


class ProcessHistoryView(ProcessViews, ObjectHistoryView):
    pass


# Data objects --------------------------------------------------------------------------


class DataObjectListView(DataObjectViews, ObjectListView):
    title = L("Dataobjekter")
    selector = staticmethod(selectors.data_object_overview)
    filterset = filters.DATA_OBJECT_OVERVIEW_FILTERS
    export_name = "dataobjekter"
    template_name = "portfolio/data_object_list.html"
    shared_table = True
    columns = (
        Column("name", L("Navn"), sort="name", link=True),
        Column("personal_data", L("Personoplysninger"), sort="personal_data"),
        Column("integration_count", L("Integrationer"), sort="integrations"),
        Column("collected_count", L("Indsamles i trin")),
        Column("read_count", L("Læses i trin")),
        Column("description", L("Beskrivelse"), optional=True),
        Column("updated_at", L("Ændret"), sort="updated", optional=True),
    )


class DataObjectDetailView(DataObjectViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        org, obj = self.organization, self.object
        return super().get_context_data(
            integrations=selectors.data_object_integrations(organization=org, data_object=obj),
            steps=selectors.data_object_steps(organization=org, data_object=obj),
            **extra,
        )


class DataObjectCreateView(DataObjectViews, ServiceFormView):
    title = L("Nyt dataobjekt")
    form_class = forms.DataObjectForm
    create_service = staticmethod(services.data_object_create)
    success_message = L("Dataobjektet er oprettet.")


class DataObjectEditView(DataObjectViews, ServiceFormView):
    title = L("Redigér dataobjekt")
    form_class = forms.DataObjectForm
    update_service = staticmethod(services.data_object_update)
    success_message = L("Dataobjektet er gemt.")


class DataObjectDeleteView(DataObjectViews, ObjectDeleteView):
    title = L("Slet dataobjekt")
    delete_service = staticmethod(services.data_object_delete)


class DataObjectHistoryView(DataObjectViews, ObjectHistoryView):
    pass
