"""Business-case screens: list, create from a template, the workbench (lines and risks
edited inline with htmx, the result recomputed after every edit), status and versions,
and benefit realisation.

Every write goes through ``businesscases.services``; an htmx edit answers with the whole
workbench (lines, risks and the recomputed result) plus an out-of-band status message,
and without JavaScript the same URLs work as ordinary pages.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import reswap, retarget

from businesscases import compute, forms, selectors, services
from businesscases.choices import CaseStatus, CaseTemplate, LineKind
from businesscases.filters import CASE_FILTERS
from businesscases.models import BusinessCase, CaseLine, CaseRisk
from core.views import (
    Column,
    ObjectDeleteView,
    ObjectHistoryView,
    ObjectListView,
    OrgView,
    add_validation_error,
    is_partial,
)
from engine.business_case import MAX_RISKS
from knowledge import load
from organizations.selectors import unit_list

L = gettext_lazy


CHART_LABELS = {
    "costs": L("Omkostninger"),
    "benefits": L("Gevinster"),
    "net": L("Netto"),
    "cumulative": L("Akkumuleret netto"),
    "discounted": L("Akkumuleret netto, diskonteret"),
    "iterations": L("simuleringer"),
    "frequency": L("Antal simuleringer"),
    "low": L("Ved 10. percentil"),
    "high": L("Ved 90. percentil"),
    "planned": L("Planlagt netto"),
    "actual": L("Faktisk netto"),
}

# Service field -> form field, so a service error lands beside the right input.
LINE_ERROR_FIELDS = {"years": "first_year", "factors": "phase_in"}


WORKBENCH = "case-workbench"
"""The element the inline forms and delete buttons swap (htmx target)."""


def _labels() -> dict[str, str]:
    return {key: str(value) for key, value in CHART_LABELS.items()}


def _remap(exc: ValidationError, mapping: dict[str, str]) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({mapping.get(k, k): v for k, v in exc.error_dict.items()})


# --- list ---------------------------------------------------------------------------------


class NpvColumn(Column):
    """The deterministic NPV from the (prefetched) lines; nothing is stored or cached."""

    def value(self, obj: Any) -> Any:
        return compute.compute(obj, risks=[], with_simulation=False).result.npv


class CaseListView(ObjectListView):
    permission = "case.view"
    change_permission = "case.change"
    title = L("Business cases")
    selector = staticmethod(selectors.case_list)
    filterset = CASE_FILTERS
    filter_form_class = forms.CaseFilterForm
    create_url_name = "businesscases:case_create"
    export_name = "business-cases"
    columns = (
        Column("name", L("Navn"), sort="name", link=True),
        Column("template", L("Skabelon")),
        Column("status", L("Status"), sort="status"),
        NpvColumn("npv", L("Nutidsværdi (kr.)")),
        Column("version", L("Version")),
        Column("assessment", L("Strategivurdering"), optional=True),
        Column("milestone", L("Milepæl"), accessor="milestone.title", optional=True),
        Column("updated_at", L("Ændret"), sort="updated"),
    )

    def get_queryset(self) -> QuerySet[BusinessCase]:
        return selectors.case_list(organization=self.organization).prefetch_related("lines")


# --- create ---------------------------------------------------------------------------------


def template_choices() -> list[dict[str, Any]]:
    """The creation options: the five engine templates (names from the knowledge base)
    and a blank case."""
    descriptions = {
        "channel_shift": L(
            "Henvendelser flyttes fra personlig betjening til selvbetjening. Gevinsten er "
            "prisforskellen pr. henvendelse; omkostningerne er platform, kommunikation og review."
        ),
        "shared_operations": L(
            "Flere kommuner driver it i fællesskab. Hvert medlem bærer sine egne linjer, så "
            "casen viser, hvem der betaler, og hvem der får gevinsten."
        ),
        "standardised_procurement": L(
            "It-indkøb samles i en standardiseret proces. Besparelser på indkøb og "
            "genforhandling mod indkøbsteam, proces og længere vej fra idé til handling."
        ),
        "reuse": L(
            "Eksisterende løsninger genbruges i stedet for nye indkøb. Undgåede indkøb og drift "
            "mod tilpasning og tabet ved ikke at få best-of-breed."
        ),
        "coherent_processes": L(
            "Data indsamles én gang og deles mellem systemerne. Frigjort tid mod integrationer, "
            "procesafdækning og styring."
        ),
        "blank": L("Start fra bunden og tilføj selv linjer og risici."),
    }
    options = [
        {"key": key, "name": label, "text": descriptions[key]}
        for key, label in CaseTemplate.choices
        if key != CaseTemplate.BLANK
    ]
    options.append(
        {"key": "blank", "name": CaseTemplate.BLANK.label, "text": descriptions["blank"]}
    )
    return options


class CaseCreateView(OrgView):
    """Choose a template (or blank)."""

    permission = "case.change"
    title = L("Ny business case")

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "businesscases/case_create.html",
            self.base_context(options=template_choices(), knowledge_version=load().version),
        )


class CaseTemplateCreateView(OrgView):
    """The inputs of one template with its editable, sourced defaults."""

    permission = "case.change"
    template_name = "businesscases/case_create_template.html"

    def spec(self) -> forms.TemplateSpec:
        spec = forms.TEMPLATE_SPECS.get(self.kwargs["template"])
        if spec is None:
            raise Http404
        return spec

    def build(self, data: Any = None) -> dict[str, Any]:
        key = self.kwargs["template"]
        spec = self.spec()
        form = spec.form(data, organization=self.organization)
        rows = None
        if spec.row_form is not None:
            factory = formset_factory(spec.row_form, extra=spec.extra)
            initial = forms.member_initial(self.organization) if spec.rows == "members" else None
            if initial and data is None:
                factory = formset_factory(spec.row_form, extra=max(0, spec.extra - len(initial)))
            rows = factory(
                data,
                prefix=spec.rows,
                initial=initial if data is None else None,
                form_kwargs={"organization": self.organization},
            )
        assumptions = (
            forms.AssumptionsForm(data, template=key, prefix="a") if key != "blank" else None
        )
        return {"form": form, "rows": rows, "assumptions": assumptions, "spec": spec}

    def render_page(self, parts: dict[str, Any], status: int = 200) -> HttpResponse:
        key = self.kwargs["template"]
        label = CaseTemplate(key).label
        context = self.base_context(
            template_key=key,
            template_label=label,
            **parts,
        )
        context["title"] = _("Ny business case: %(template)s") % {"template": label}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, template: str) -> HttpResponse:
        return self.render_page(self.build())

    def post(self, request: HttpRequest, template: str) -> HttpResponseBase:
        parts = self.build(request.POST)
        form, rows, assumptions = parts["form"], parts["rows"], parts["assumptions"]
        valid = form.is_valid()
        valid = (rows is None or rows.is_valid()) and valid
        valid = (assumptions is None or assumptions.is_valid()) and valid
        if valid:
            inputs = form.inputs()
            if rows is not None:
                inputs[parts["spec"].rows] = [
                    row.cleaned_data for row in rows.forms if row.cleaned_data
                ]
            try:
                case = services.case_create_from_template(
                    actor=request.user,
                    organization=self.organization,
                    template=template,
                    inputs=inputs,
                    assumptions=assumptions.values() if assumptions is not None else {},
                    **form.case_fields(),
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Business casen er oprettet som kladde."))
                return redirect(case.get_absolute_url())
        return self.render_page(parts, status=400)


# --- the workbench --------------------------------------------------------------------------


def years_text(case: BusinessCase, years: list[int]) -> str:
    if not years:
        return "–"
    first, last = min(years), max(years)
    if len(years) == last - first + 1:
        if first == last:
            return str(case.start_year + first)
        return f"{case.start_year + first}–{case.start_year + last}"
    return ", ".join(str(case.start_year + y) for y in sorted(years))


ROW_URLS = {"lines": ("line", "line_pk"), "risks": ("risk", "risk_pk")}
"""Relation -> URL name prefix and row keyword of its add/edit/delete views."""


def row_url(case: BusinessCase, relation: str, action: str, row: Any = None) -> str:
    """The URL of ``action`` (add, edit, delete) on a line or risk of ``case``."""
    name, kwarg = ROW_URLS[relation]
    kwargs = {"pk": case.pk} if row is None else {"pk": case.pk, kwarg: row.pk}
    return reverse(f"businesscases:{name}_{action}", kwargs=kwargs)


def _row_links(case: BusinessCase, relation: str, row: Any) -> dict[str, str]:
    return {
        "dom_id": f"{relation}-{row.pk}",
        "edit_url": row_url(case, relation, "edit", row),
        "delete_url": row_url(case, relation, "delete", row),
    }


def line_rows(case: BusinessCase, lines: list[CaseLine]) -> list[dict[str, Any]]:
    return [
        {
            "line": line,
            "years": years_text(case, [int(y) for y in line.years]),
            "phase_in": "; ".join(f"{forms.percent_text(f, 1)} %" for f in line.factors or ()),
            "is_cost": line.kind in (LineKind.INVESTMENT, LineKind.OPERATION),
        }
        | _row_links(case, "lines", line)
        for line in lines
    ]


def risk_rows(case: BusinessCase, risks: list[CaseRisk]) -> list[dict[str, Any]]:
    return [
        {
            "risk": risk,
            "year": case.start_year + risk.year,
            "expected": risk.probability * (risk.low + 4 * risk.mode + risk.high) / 6,
            "probability": forms.percent_text(risk.probability, 1),
        }
        | _row_links(case, "risks", risk)
        for risk in risks
    ]


def bearer_options(case: BusinessCase) -> list[str]:
    """Suggestions for the bearer field: the organization, its units and the members."""
    names = [str(case.organization)]
    names += [m.get("name", "") for m in case.template_inputs.get("inputs", {}).get("members", [])]
    names += list(unit_list(organization=case.organization).values_list("name", flat=True))
    return list(dict.fromkeys(n for n in names if n))


def result_context(case: BusinessCase, computation: compute.Computation) -> dict[str, Any]:
    result = computation.result
    shares = {
        m.get("name"): m.get("share")
        for m in case.template_inputs.get("inputs", {}).get("members", [])
    }
    return {
        "computation": computation,
        "result": result,
        "simulation": computation.simulation,
        "charts": compute.charts(computation, _labels()),
        "histogram": compute.histogram_rows(computation),
        "kind_rows": [(LineKind(k).label, v) for k, v in result.totals_by_kind.items()],
        "bearers": [
            {
                "row": row,
                "share": (
                    forms.percent_text(shares[row.bearer], 1) if shares.get(row.bearer) else ""
                ),
            }
            for row in result.by_bearer
        ],
        "has_shares": bool(shares),
        "payback_year": computation.calendar_year(result.payback.year if result.payback else None),
        "break_even_year": computation.calendar_year(result.break_even),
        "end_year": case.start_year + case.horizon - 1,
        "rate_percent": forms.percent_text(case.rate),
        "coverage_percent": forms.percent_text(case.coverage),
        "probability_percent": (
            forms.percent_text(computation.simulation.probability_positive, 1)
            if computation.simulation
            else ""
        ),
        "tornado": [
            {"bar": bar, "share": forms.percent_text(bar.variance_share, 1)}
            for bar in (computation.simulation.tornado if computation.simulation else ())[
                : compute.TORNADO_BARS
            ]
        ],
    }


def workbench_context(
    view: OrgView, case: BusinessCase, *, focus: str = "", status: str = ""
) -> dict[str, Any]:
    """Lines, risks and the recomputed result of a case loaded with its rows."""
    lines = list(case.lines.all())
    risks = list(case.risks.all())
    computation = compute.compute(case, lines, risks)
    can_edit = case.status == CaseStatus.DRAFT and view.can("case.change", case)
    return {
        "case": case,
        "lines": line_rows(case, lines),
        "risks": risk_rows(case, risks),
        "can_edit": can_edit,
        "risk_room": len(risks) < MAX_RISKS,
        "max_risks": MAX_RISKS,
        "focus": focus,
        "status_message": status,
        **result_context(case, computation),
    }


def realisation_context(case: BusinessCase, computation: compute.Computation) -> dict[str, Any]:
    if case.status != CaseStatus.APPROVED:
        return {"realisation": None}
    report = compute.variance(compute.plan_by_year(computation), case.actuals.all())
    return {
        "realisation": report,
        "realisation_chart": compute.variance_chart(report, _labels()),
        "drift_threshold": compute.DRIFT_THRESHOLD,
    }


class CaseView(OrgView):
    permission = "case.view"

    def get_case(self, *, rows: bool = False) -> BusinessCase:
        getter = selectors.case_with_rows if rows else selectors.case_get
        return getter(organization=self.organization, pk=self.kwargs["pk"])

    def base_context(self, **extra: Any) -> dict[str, Any]:
        context = super().base_context(**extra)
        case = extra.get("case")
        if case is not None and not self.title:
            context["title"] = case.name
        return context


class CaseDetailView(CaseView):
    template_name = "businesscases/case_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case(rows=True)
        bench = workbench_context(self, case)
        context = self.base_context(
            **bench,
            object=case,
            bearer_suggestions=bearer_options(case) if bench["can_edit"] else [],
            versions=list(selectors.version_list(case=case)),
            flags=case.template_inputs.get("flags", []),
            assumptions=_assumption_rows(case),
            inputs=_inputs_for_display(case),
            can_change=self.can("case.change", case),
            can_decide=self.can("case.decide", case),
            language=(request.LANGUAGE_CODE or "da")[:2],
            **realisation_context(case, bench["computation"]),
        )
        return render(request, self.template_name, context)


def _inputs_for_display(case: BusinessCase) -> dict[str, Any]:
    inputs = dict(case.template_inputs.get("inputs", {}))
    if inputs.get("members"):
        inputs["members"] = [
            {**m, "share_text": forms.percent_text(m.get("share", 0), 1)} for m in inputs["members"]
        ]
    return inputs


def _assumption_rows(case: BusinessCase) -> list[dict[str, Any]]:
    """The template's assumptions as used, with label, unit and source."""
    stored = case.template_inputs.get("assumptions", {})
    if not stored:
        return []
    labels = load().template_defaults.labels
    rows = []
    for key, entry in stored.items():
        label = labels.get(key)
        unit = label.unit if label else ""
        value = entry.get("value", "")
        percent = unit in forms.PERCENT_UNITS
        rows.append(
            {
                "label": label.da if label else key,
                "label_en": label.en if label else key,
                "value": f"{forms.percent_text(value)} %" if percent else value,
                "unit": "" if percent else unit,
                "source": entry.get("source", ""),
                "changed": entry.get("value") != entry.get("default"),
                "number": not percent,
            }
        )
    return rows


class _EditMixin(CaseView):
    """An editing view of the workbench: needs ``case.change`` and a draft."""

    permission = "case.change"

    def editable_case(self) -> BusinessCase | HttpResponseBase:
        case = self.get_case()
        if case.status != CaseStatus.DRAFT:
            message = _("Business casen er låst (%(status)s). Kopiér den til en ny kladde.") % {
                "status": case.get_status_display().lower()
            }
            return self.refuse(case, message)
        return case

    def refuse(self, case: BusinessCase, message: str) -> HttpResponseBase:
        """Say why nothing changed: in the workbench (htmx) or as a message on the case."""
        if is_partial(self.request, WORKBENCH):
            return self.workbench(case, status=message)
        messages.error(self.request, message)
        return redirect(case.get_absolute_url())

    def workbench(self, case: BusinessCase, *, focus: str = "", status: str = "") -> HttpResponse:
        fresh = self.get_case(rows=True)
        context = self.base_context(
            **workbench_context(self, fresh, focus=focus, status=status),
            bearer_suggestions=bearer_options(fresh),
        )
        return render(self.request, "businesscases/partials/workbench.html", context)

    def done(self, case: BusinessCase, message: str, *, focus: str = "") -> HttpResponseBase:
        if is_partial(self.request, WORKBENCH):
            return self.workbench(case, focus=focus, status=message)
        messages.success(self.request, message)
        return redirect(case.get_absolute_url())


class _RowFormView(_EditMixin):
    """Add (no row key in the URL) or edit a line or risk; GET gives the inline form row."""

    form_class: type[Any]
    relation = ""
    row_template = ""
    page_template = "businesscases/row_form_page.html"
    error_fields: dict[str, str] = {}
    noun = L("linje")

    def get_row(self, case: BusinessCase) -> Any:
        kwarg = ROW_URLS[self.relation][1]
        if kwarg not in self.kwargs:
            return None
        return get_object_or_404(getattr(case, self.relation).all(), pk=self.kwargs[kwarg])

    def form_for(self, case: BusinessCase, row: Any, data: Any = None) -> Any:
        initial = self.form_class.initial_for(row) if row is not None else {}
        prefix = f"{self.relation}-{row.pk if row is not None else 'new'}"
        return self.form_class(data, case=case, initial=initial, prefix=prefix)

    def render_form(
        self, case: BusinessCase, row: Any, form: Any, *, invalid: bool = False
    ) -> HttpResponse:
        key = f"{self.relation}-form-{row.pk if row else 'new'}"
        context = self.base_context(
            case=case,
            row=row,
            form=form,
            form_key=key,
            action=row_url(case, self.relation, "add" if row is None else "edit", row),
            cancel=reverse(f"businesscases:case_{self.relation}", kwargs={"pk": case.pk}),
            bearer_suggestions=bearer_options(case),
            row_template=self.row_template,
            noun=self.noun,
        )
        # The form row replaces the table row (or fills the new-row slot); a failed post
        # targets the workbench and is sent back to the form row instead.
        target = WORKBENCH if invalid else f"{self.relation}-{row.pk if row else 'new'}"
        if is_partial(self.request, target):
            response = render(self.request, self.row_template, context)
            if invalid:
                response = retarget(response, f"#{key}")
                response = reswap(response, "outerHTML")
            return response
        context["title"] = (
            _("Redigér %(noun)s") % {"noun": self.noun}
            if row
            else _("Ny %(noun)s") % {"noun": self.noun}
        )
        return render(self.request, self.page_template, context, status=400 if invalid else 200)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        case = self.editable_case()
        if not isinstance(case, BusinessCase):
            return case
        row = self.get_row(case)
        return self.render_form(case, row, self.form_for(case, row))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        case = self.editable_case()
        if not isinstance(case, BusinessCase):
            return case
        row = self.get_row(case)
        form = self.form_for(case, row, request.POST)
        if form.is_valid():
            try:
                saved = services.case_row_save(
                    actor=request.user,
                    case=case,
                    relation=self.relation,
                    row=row,
                    **form.service_data(),
                )
            except ValidationError as exc:
                add_validation_error(form, _remap(exc, self.error_fields))
            else:
                message = _("%(name)s er gemt, og resultatet er beregnet igen.") % {
                    "name": saved.name
                }
                return self.done(case, message, focus=f"{self.relation}-{saved.pk}")
        return self.render_form(case, row, form, invalid=True)


class LineFormView(_RowFormView):
    form_class = forms.LineForm
    relation = "lines"
    row_template = "businesscases/partials/line_form_row.html"
    error_fields = LINE_ERROR_FIELDS
    noun = L("linje")


class RiskFormView(_RowFormView):
    form_class = forms.RiskForm
    relation = "risks"
    row_template = "businesscases/partials/risk_form_row.html"
    noun = L("risiko")


class _RowDeleteView(_EditMixin):
    http_method_names = ["post"]
    relation = ""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        case = self.editable_case()
        if not isinstance(case, BusinessCase):
            return case
        pk = self.kwargs[ROW_URLS[self.relation][1]]
        row = get_object_or_404(getattr(case, self.relation).all(), pk=pk)
        try:
            services.case_row_delete(actor=request.user, case=case, relation=self.relation, row=row)
        except ValidationError as exc:
            return self.refuse(case, " ".join(exc.messages))
        message = _("%(name)s er slettet, og resultatet er beregnet igen.") % {"name": row.name}
        return self.done(case, message, focus=f"{self.relation}-add")


class LineDeleteView(_RowDeleteView):
    relation = "lines"


class RiskDeleteView(_RowDeleteView):
    relation = "risks"


class CaseRowsView(CaseView):
    """The lines or risks section alone (htmx: cancelling an inline form)."""

    relation = "lines"

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_case(rows=True)
        if not is_partial(request, f"case-{self.relation}"):
            return redirect(f"{case.get_absolute_url()}#case-{self.relation}")
        lines = list(case.lines.all())
        risks = list(case.risks.all())
        context = self.base_context(
            case=case,
            lines=line_rows(case, lines),
            risks=risk_rows(case, risks),
            can_edit=case.status == CaseStatus.DRAFT and self.can("case.change", case),
            risk_room=len(risks) < MAX_RISKS,
            max_risks=MAX_RISKS,
            focus=f"{self.relation}-add",
        )
        return render(request, f"businesscases/partials/{self.relation}.html", context)


class CaseRisksView(CaseRowsView):
    relation = "risks"


# --- settings, delete, history, copy --------------------------------------------------------


class CaseEditView(CaseView):
    permission = "case.change"
    title = L("Indstillinger for business casen")
    template_name = "businesscases/case_form.html"

    def form(self, case: BusinessCase, data: Any = None) -> forms.CaseSettingsForm:
        return forms.CaseSettingsForm(
            data,
            organization=self.organization,
            locked=case.status != CaseStatus.DRAFT,
            initial=forms.CaseSettingsForm.initial_for(case),
        )

    def page(self, case: BusinessCase, form: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            self.base_context(case=case, object=case, form=form),
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case()
        return self.page(case, self.form(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_case()
        form = self.form(case, request.POST)
        if form.is_valid():
            try:
                services.case_update(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Indstillingerne er gemt, og casen er beregnet igen."))
                return redirect(case.get_absolute_url())
        return self.page(case, form, status=400)


class CaseDeleteView(ObjectDeleteView):
    permission = "case.change"
    title = L("Slet business case")
    selector_get = staticmethod(selectors.case_get)
    success_url_name = "businesscases:case_list"

    def perform_delete(self, obj: BusinessCase) -> None:
        services.case_delete(actor=self.request.user, case=obj)


class CaseHistoryView(ObjectHistoryView):
    permission = "case.view"
    title = L("Historik")
    selector_get = staticmethod(selectors.case_get)


class CaseCopyView(CaseView):
    permission = "case.change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_case()
        copy = services.case_copy(actor=request.user, case=case)
        messages.success(
            request,
            _("Der er oprettet en ny kladde ud fra version %(v)s.") % {"v": case.version},
        )
        return redirect(copy.get_absolute_url())


# --- status ----------------------------------------------------------------------------------


class _StatusView(CaseView, ABC):
    form_class: type[Any]
    template_name = "businesscases/case_status_form.html"
    intro: Any = ""

    def page(
        self, case: BusinessCase, form: Any, status: int = 200, error: str = ""
    ) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            self.base_context(case=case, object=case, form=form, intro=self.intro, error=error),
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(self.get_case(), self.form_class())

    @abstractmethod
    def act(self, case: BusinessCase, data: dict[str, Any]) -> str:
        """Call the service; return the success message."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_case()
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.act(case, form.cleaned_data)
            except ValidationError as exc:
                return self.page(case, form, status=400, error=" ".join(exc.messages))
            messages.success(request, message)
            return redirect(case.get_absolute_url())
        return self.page(case, form, status=400)


class CaseSubmitView(_StatusView):
    permission = "case.change"
    title = L("Indsend business casen")
    form_class = forms.SubmitForm
    intro = L(
        "Når casen indsendes, fryses denne version med linjer, risici og resultat, og casen "
        "kan ikke længere ændres. Den venter derefter på at blive godkendt eller afvist."
    )

    def act(self, case: BusinessCase, data: dict[str, Any]) -> str:
        services.case_submit(actor=self.request.user, case=case, note=data.get("note", ""))
        return _("Business casen er indsendt til beslutning.")


class CaseDecideView(_StatusView):
    permission = "case.decide"
    title = L("Godkend eller afvis business casen")
    form_class = forms.DecisionForm
    intro = L(
        "Beslutningen fryser den indsendte version. En godkendt eller afvist case kan ikke "
        "ændres; den kan kopieres til en ny kladde. Efter godkendelse registreres de faktiske "
        "tal for gevinstrealiseringen."
    )

    def act(self, case: BusinessCase, data: dict[str, Any]) -> str:
        services.case_decide(
            actor=self.request.user, case=case, decision=data["decision"], note=data["note"]
        )
        return (
            _("Business casen er godkendt.")
            if data["decision"] == CaseStatus.APPROVED
            else _("Business casen er afvist.")
        )


class CaseVersionView(CaseView):
    template_name = "businesscases/case_version.html"

    def get(self, request: HttpRequest, pk: int, number: int) -> HttpResponse:
        case = self.get_case()
        version = selectors.version_get(case=case, number=number)
        snapshot = version.snapshot
        lines = snapshot.get("lines", [])
        for line in lines:
            line["kind_label"] = (
                LineKind(line["kind"]).label if line.get("kind") in LineKind.values else ""
            )
            line["years_text"] = years_text(case, [int(y) for y in line.get("years", [])])
        context = self.base_context(
            case=case,
            object=case,
            version=version,
            settings=snapshot.get("settings", {}),
            lines=lines,
            risks=snapshot.get("risks", []),
            summary=snapshot.get("result", {}),
            note=snapshot.get("note", ""),
        )
        context["title"] = _("%(name)s – version %(n)s") % {"name": case.name, "n": version.number}
        return render(request, self.template_name, context)


# --- benefit realisation ----------------------------------------------------------------------


class CaseActualsView(CaseView):
    permission = "case.change"
    title = L("Faktiske tal")
    template_name = "businesscases/case_actuals.html"

    def page(
        self, case: BusinessCase, form: Any, status: int = 200, error: str = ""
    ) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            self.base_context(case=case, object=case, form=form, error=error),
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_case(rows=True)
        if case.status != CaseStatus.APPROVED:
            messages.error(request, _("Faktiske tal registreres, når business casen er godkendt."))
            return redirect(case.get_absolute_url())
        return self.page(case, forms.ActualsForm(case=case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_case(rows=True)
        form = forms.ActualsForm(request.POST, case=case)
        if form.is_valid():
            try:
                services.case_actuals_set(actor=request.user, case=case, actuals=form.actuals())
            except ValidationError as exc:
                return self.page(case, form, status=400, error=" ".join(exc.messages))
            messages.success(request, _("De faktiske tal er gemt."))
            return redirect(f"{case.get_absolute_url()}#realisering")
        return self.page(case, form, status=400)
