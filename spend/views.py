"""The spend pages: overview, lines, creditors, shadow-it candidates and their triage."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from core.concurrency import Conflict
from core.views import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectListView,
    ObjectViews,
    OrgView,
    add_validation_error,
    conflict_rows,
    render_conflict,
    save_expecting,
)
from spend import candidates, forms, selectors, services
from spend import choices as c
from spend.filters import CANDIDATE_FILTERS, LINE_FILTERS, VENDOR_FILTERS
from spend.forms import DECISION_LABELS
from spend.matching import portfolio_vendors

VIEW, TRIAGE, RULES = "spend.view", "spend.triage", "spend.rules"


def percent(share: float | None) -> str:
    """A share as a Danish percentage with one decimal, halves rounded up.

    >>> percent(0.3125), percent(None)
    ('31,3 %', '–')
    """
    if share is None:
        return "–"
    value = (Decimal(str(share)) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value} %".replace(".", ",")


class OverviewView(OrgView):
    permission = VIEW
    title = L("Forbrug")
    template_name = "spend/overview.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        years = selectors.years(organization=self.organization)
        try:
            year = int(
                request.GET.get("year") or (years[0] if years else timezone.localdate().year)
            )
        except ValueError:
            year = years[0] if years else timezone.localdate().year
        analysis = selectors.spend_analysis(organization=self.organization, year=year)
        measured = selectors.outside_central(organization=self.organization)
        context = self.base_context(
            year=year,
            years=years,
            analysis=analysis,
            measured=measured,
            outside_pct=percent(measured.share if measured else None),
            it_pct=percent(analysis.it_share),
            imports=list(selectors.import_list(organization=self.organization)[:10]),
            can_import=self.can("spend.import"),
            can_rules=self.can(RULES),
        )
        return render(request, self.template_name, context)


class LineViews(ObjectViews):
    selector = staticmethod(selectors.line_list)
    view_permission = VIEW
    url_stem = "spend:line"


class LineListView(LineViews, ObjectListView):
    title = L("Forbrugslinjer")
    filterset = LINE_FILTERS
    filter_form_class = forms.LineFilterForm
    paginate_by = 50
    template_name = "spend/line_list.html"
    columns = (
        Column("posted", L("Bogført"), sort="posted"),
        Column("vendor.name", L("Kreditor"), sort="vendor"),
        Column("unit", L("Omkostningssted")),
        Column("account", L("Art")),
        Column("function", L("Funktion"), optional=True),
        Column("amount", L("Beløb (kr.)"), sort="amount"),
        Column("text", L("Tekst")),
        Column("is_it", L("It-forbrug")),
        Column("rule_label", L("Klassificeret af")),
    )


class VendorViews(ObjectViews):
    selector = staticmethod(selectors.vendor_list)
    selector_get = staticmethod(selectors.vendor_get)
    view_permission = VIEW
    change_permission: str | None = TRIAGE
    url_stem = "spend:vendor"


class VendorListView(VendorViews, ObjectListView):
    title = L("Kreditorer og leverandører")
    change_permission = None  # creditors come from the import; no create page
    filterset = VENDOR_FILTERS
    filter_form_class = forms.VendorFilterForm
    template_name = "spend/vendor_list.html"
    columns = (
        Column("name", L("Kreditor"), sort="name", link=True),
        Column("number", L("Kreditornr.")),
        Column("cvr", L("CVR-nr.")),
        Column("match", L("Match"), sort="match"),
        Column("vendor.name", L("Leverandør i porteføljen")),
    )


class VendorDetailView(VendorViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        vendor = self.object
        choices = [(str(v.pk), v.name) for v in portfolio_vendors(self.organization)]
        form = extra.pop("form", None) or forms.VendorChoiceForm(
            choices=choices, initial={"vendor": vendor.vendor_id or ""}
        )
        return super().get_context_data(title=vendor.name, form=form, **extra)


class VendorChooseView(VendorViews):
    changes = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        vendor = self.get_object()
        choices = [(str(v.pk), v.name) for v in portfolio_vendors(self.organization)]
        # The saved choice as the initial value: the conflict page compares with it.
        initial = {"vendor": str(vendor.vendor_id or "")}
        form = forms.VendorChoiceForm(request.POST, choices=choices, initial=initial)
        if form.is_valid():
            chosen = form.cleaned_data["vendor"]
            try:
                save_expecting(
                    request,
                    vendor,
                    lambda: services.vendor_choose(
                        actor=request.user,
                        spend_vendor=vendor,
                        vendor_id=int(chosen) if chosen else None,
                    ),
                )
            except Conflict:
                # Someone chose (or the matching changed) after the page was opened.
                current = self.get_object()
                saved = {"vendor": str(current.vendor_id or "")}
                return render_conflict(request, current, conflict_rows(form, current, saved))
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Leverandøren er valgt."))
                return HttpResponseRedirect(reverse("spend:vendor_detail", args=[vendor.pk]))
        view = VendorDetailView()
        view.setup(request, pk=pk)
        view.object = vendor
        return render(
            request, "spend/vendor_detail.html", view.get_context_data(form=form), status=400
        )


class CandidateViews(ObjectViews):
    selector = staticmethod(selectors.candidate_list)
    selector_get = staticmethod(selectors.candidate_get)
    view_permission = VIEW
    change_permission: str | None = TRIAGE
    url_stem = "spend:candidate"


class CandidateListView(CandidateViews, ObjectListView):
    title = L("Skygge-it-kandidater")
    change_permission = None  # candidates are computed; no create page
    filterset = CANDIDATE_FILTERS
    filter_form_class = forms.CandidateFilterForm
    template_name = "spend/candidate_list.html"
    columns = (
        Column("vendor.name", L("Kreditor"), sort="vendor", link=True),
        Column("unit", L("Omkostningssted")),
        Column("kind", L("Type")),
        Column("year_label", L("År")),
        Column("amount", L("Beløb (kr.)"), sort="amount"),
        Column("lines", L("Linjer")),
        Column("first_seen", L("Først set")),
        Column("last_seen", L("Sidst set"), sort="last_seen"),
        Column("status", L("Vurdering")),
    )

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if "status" not in self.request.GET and "current" not in self.request.GET:
            return queryset.filter(current=True, status=c.Triage.OPEN)
        return queryset


class CandidateDetailView(CandidateViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        candidate = self.object
        form = extra.pop("form", None) or forms.TriageForm(candidate=candidate)
        history = candidates.history(candidate)
        return super().get_context_data(title=str(candidate), form=form, history=history, **extra)


class CandidateTriageView(CandidateViews):
    changes = True
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        candidate = self.get_object()
        form = forms.TriageForm(request.POST, candidate=candidate)
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            try:
                done = candidates.candidate_triage(
                    actor=request.user, candidate=candidate, decision=decision, **form.values()
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Vurderingen er gemt: %(decision)s.")
                    % {"decision": DECISION_LABELS[decision]},
                )
                if done.usage_id:
                    return HttpResponseRedirect(
                        reverse("portfolio:usage_detail", args=[done.usage_id])
                    )
                return HttpResponseRedirect(reverse("spend:candidate_list"))
        view = CandidateDetailView()
        view.setup(request, pk=pk)
        view.object = candidate
        return render(
            request, "spend/candidate_detail.html", view.get_context_data(form=form), status=400
        )


class CandidateReopenView(CandidateViews, ObjectActionView):
    success_message = L("Kandidaten er åbnet igen.")

    def act(self, obj: Any) -> Any:
        return candidates.candidate_triage(
            actor=self.request.user, candidate=obj, decision="genaabn"
        )


class ReclassifyView(OrgView):
    permission = RULES
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        services.reclassify_start(actor=request.user, organization=self.organization)
        messages.success(
            request,
            _("Linjerne klassificeres igen i baggrunden efter de gældende regler."),
        )
        return HttpResponseRedirect(reverse("spend:rule_list"))
