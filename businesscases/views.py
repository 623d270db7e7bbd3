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
from businesscases.models import BusinessCase
from businesscases.workbench import (
    ROW_URLS,
    WORKBENCH,
    assumption_rows,
    bearer_options,
    inputs_for_display,
    realisation_context,
    row_url,
    rows_context,
    workbench_context,
    years_text,
)
from core.concurrency import VERSION_FIELD, Conflict, version
from core.registry import registry
from core.views import (
    Column,
    ObjectDeleteView,
    ObjectHistoryView,
    ObjectListView,
    ObjectViews,
    add_validation_error,
    conflict_context,
    conflict_rows,
    is_partial,
    render_conflict,
    save_expecting,
)
from knowledge import load

L = gettext_lazy


# Service field -> form field, so a service error lands beside the right input.
LINE_ERROR_FIELDS = {"years": "first_year", "factors": "phase_in"}


def _remap(exc: ValidationError, mapping: dict[str, str]) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({mapping.get(k, k): v for k, v in exc.error_dict.items()})


# --- list ---------------------------------------------------------------------------------


class NpvColumn(Column):
    """The deterministic NPV from the (prefetched) lines; nothing is stored or cached."""

    def value(self, obj: Any) -> Any:
        return compute.compute(obj, risks=[], with_simulation=False).result.npv


class CaseViews(ObjectViews):
    selector_get = staticmethod(selectors.case_get)
    object_arg = "case"
    view_permission, change_permission = "case.view", "case.change"
    url_stem = "businesscases:case"


class CaseListView(CaseViews, ObjectListView):
    title = L("Business cases")
    selector = staticmethod(selectors.case_list)
    filterset = CASE_FILTERS
    filter_form_class = forms.CaseFilterForm
    export_name = "business-cases"
    columns = (
        Column("name", L("Navn"), sort="name", link=True),
        Column("template", L("Skabelon")),
        Column("status", L("Status"), sort="status"),
        NpvColumn("npv", L("Nutidsværdi (kr.)")),
        Column("version", L("Version"), accessor="version_label"),
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


class CaseCreateView(CaseViews):
    """Choose a template (or blank)."""

    changes = True
    title = L("Ny business case")

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "businesscases/case_create.html",
            self.base_context(options=template_choices(), knowledge_version=load().version),
        )


def measured_inputs(form: Any, organization: Any) -> None:
    """Start a template's inputs from what the municipality's own processes measured (the
    hook ``process_measures``, e.g. IT purchases a year through the procurement process),
    each with its source as the field's help text; an input stays empty when nothing was
    measured."""
    try:
        measured = registry.call("process_measures", organization=organization)
    except LookupError:
        return
    for name, (value, source) in measured.items():
        if name in form.fields:
            form.initial[name] = value
            form.fields[name].help_text = _(
                "Målt: %(source)s. Ret tallet, hvis det ikke passer."
            ) % {"source": source}


class CaseTemplateCreateView(CaseViews):
    """The inputs of one template with its editable, sourced defaults."""

    changes = True
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
        if data is None:
            measured_inputs(form, self.organization)
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


class CaseView(CaseViews):
    template_name = ""

    def get_case(self, *, rows: bool = False) -> BusinessCase:
        getter = selectors.case_with_rows if rows else selectors.case_get
        return getter(organization=self.organization, pk=self.kwargs["pk"])

    def base_context(self, **extra: Any) -> dict[str, Any]:
        context = super().base_context(**extra)
        case = extra.get("case")
        if case is not None and not self.title:
            context["title"] = case.name
        return context

    def page(self, case: BusinessCase, form: Any, status: int = 200, **extra: Any) -> HttpResponse:
        """The view's form page for ``case``."""
        return render(
            self.request,
            self.template_name,
            self.base_context(case=case, object=case, form=form, **extra),
            status=status,
        )


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
            assumptions=assumption_rows(case),
            inputs=inputs_for_display(case),
            can_change=self.can("case.change", case),
            can_decide=self.can("case.decide", case),
            language=(request.LANGUAGE_CODE or "da")[:2],
            **realisation_context(case, bench["computation"]),
        )
        return render(request, self.template_name, context)


class _EditMixin(CaseView):
    """An editing view of the workbench: needs ``case.change`` and a draft."""

    changes = True

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

    def form_key(self, row: Any) -> str:
        return f"{self.relation}-form-{row.pk if row else 'new'}"

    def render_form(
        self, case: BusinessCase, row: Any, form: Any, *, invalid: bool = False
    ) -> HttpResponse:
        key = self.form_key(row)
        # An edited row carries the version it was opened with (kept after an invalid
        # POST); the page's form and the inline form row both send it back.
        opened = (self.request.POST.get(VERSION_FIELD) or version(row)) if row else None
        context = self.base_context(
            case=case,
            row=row,
            form=form,
            version=opened,
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
                saved = save_expecting(
                    request,
                    row,
                    lambda: services.case_row_save(
                        actor=request.user,
                        case=case,
                        relation=self.relation,
                        row=row,
                        **form.service_data(),
                    ),
                )
            except Conflict:
                return self.conflict(case, row, form)
            except ValidationError as exc:
                add_validation_error(form, _remap(exc, self.error_fields))
            else:
                message = _("%(name)s er gemt, og resultatet er beregnet igen.") % {
                    "name": saved.name
                }
                return self.done(case, message, focus=f"{self.relation}-{saved.pk}")
        return self.render_form(case, row, form, invalid=True)

    def conflict(self, case: BusinessCase, row: Any, form: Any) -> HttpResponse:
        """Someone saved this line or risk after the form was opened: the values side by
        side instead of the save (in the form row when inline, else as a page)."""
        current = self.get_row(case)
        rows = conflict_rows(form, current, saved=self.form_class.initial_for(current))
        options: dict[str, Any] = {"audited": case, "back_url": case.get_absolute_url()}
        if not is_partial(self.request, WORKBENCH):
            return render_conflict(self.request, current, rows, **options)
        context = {
            **conflict_context(self.request, current, rows, **options),
            "form_key": self.form_key(row),
            "colspan": 8 if self.relation == "lines" else 9,
        }
        # 200: htmx swaps no 4xx answer (the page form answers 409).
        response = render(self.request, "businesscases/partials/row_conflict.html", context)
        return reswap(retarget(response, f"#{self.form_key(row)}"), "outerHTML")


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

    relation = ""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_case(rows=True)
        if not is_partial(request, f"case-{self.relation}"):
            return redirect(f"{case.get_absolute_url()}#case-{self.relation}")
        rows = rows_context(
            self, case, list(case.lines.all()), list(case.risks.all()), focus=f"{self.relation}-add"
        )
        context = self.base_context(**rows)
        return render(request, f"businesscases/partials/{self.relation}.html", context)


class CaseLinesView(CaseRowsView):
    relation = "lines"


class CaseRisksView(CaseRowsView):
    relation = "risks"


# --- settings, delete, history, copy --------------------------------------------------------


class CaseEditView(CaseView):
    changes = True
    title = L("Indstillinger for business casen")
    template_name = "businesscases/case_form.html"

    def form(self, case: BusinessCase, data: Any = None) -> forms.CaseSettingsForm:
        return forms.CaseSettingsForm(
            data,
            organization=self.organization,
            locked=case.status != CaseStatus.DRAFT,
            initial=forms.CaseSettingsForm.initial_for(case),
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case()
        return self.page(case, self.form(case), version=version(case))

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_case()
        form = self.form(case, request.POST)
        if form.is_valid():
            try:
                save_expecting(
                    request,
                    case,
                    lambda: services.case_update(
                        actor=request.user, case=case, **form.cleaned_data
                    ),
                )
            except Conflict:
                current = self.get_case()
                return render_conflict(request, current, conflict_rows(form, current))
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Indstillingerne er gemt, og casen er beregnet igen."))
                return redirect(case.get_absolute_url())
        opened = request.POST.get(VERSION_FIELD) or version(case)
        return self.page(case, form, status=400, version=opened)


class CaseDeleteView(CaseViews, ObjectDeleteView):
    title = L("Slet business case")
    delete_service = staticmethod(services.case_delete)


class CaseHistoryView(CaseViews, ObjectHistoryView):
    pass


class CaseCopyView(CaseView):
    changes = True
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


class _ActionView(CaseView, ABC):
    """A form that calls one service on the case; a refusal is shown above the form."""

    form_class: type[Any]
    with_rows = False
    anchor = ""
    # An edit (not a transition): the form carries the case's version, and a save after
    # someone else's shows the conflict page (core.views.save_expecting).
    versioned = False

    def make_form(self, case: BusinessCase, data: Any = None) -> Any:
        return self.form_class(data)

    @abstractmethod
    def act(self, case: BusinessCase, form: Any) -> str:
        """Call the service; return the success message."""

    def page(self, case: BusinessCase, form: Any, status: int = 200, **extra: Any) -> HttpResponse:
        if self.versioned:
            extra.setdefault("version", self.request.POST.get(VERSION_FIELD) or version(case))
        return super().page(case, form, status, **extra)

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_case(rows=self.with_rows)
        form = self.make_form(case, request.POST)
        if form.is_valid():
            try:
                if self.versioned:
                    message = save_expecting(request, case, lambda: self.act(case, form))
                else:
                    message = self.act(case, form)
            except Conflict:
                current = self.get_case(rows=self.with_rows)
                saved = {name: f.initial for name, f in self.make_form(current).fields.items()}
                return render_conflict(request, current, conflict_rows(form, current, saved))
            except ValidationError as exc:
                return self.page(case, form, status=400, error=" ".join(exc.messages))
            messages.success(request, message)
            return redirect(f"{case.get_absolute_url()}{self.anchor}")
        return self.page(case, form, status=400)


class _StatusView(_ActionView):
    template_name = "businesscases/case_status_form.html"
    intro: Any = ""

    def page(self, case: BusinessCase, form: Any, status: int = 200, **extra: Any) -> HttpResponse:
        return super().page(case, form, status, intro=self.intro, **extra)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_case()
        return self.page(case, self.make_form(case))


class CaseSubmitView(_StatusView):
    changes = True
    title = L("Indsend business casen")
    form_class = forms.SubmitForm
    intro = L(
        "Når casen indsendes, fryses denne version med linjer, risici og resultat, og casen "
        "kan ikke længere ændres. Den venter derefter på at blive godkendt eller afvist."
    )

    def act(self, case: BusinessCase, form: Any) -> str:
        data = form.cleaned_data
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

    def act(self, case: BusinessCase, form: Any) -> str:
        data = form.cleaned_data
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


class CaseActualsView(_ActionView):
    changes = True
    title = L("Faktiske tal")
    template_name = "businesscases/case_actuals.html"
    with_rows = True
    anchor = "#realisering"
    versioned = True

    def make_form(self, case: BusinessCase, data: Any = None) -> Any:
        return forms.ActualsForm(data, case=case)

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_case(rows=True)
        if case.status != CaseStatus.APPROVED:
            messages.error(request, _("Faktiske tal registreres, når business casen er godkendt."))
            return redirect(case.get_absolute_url())
        return self.page(case, self.make_form(case))

    def act(self, case: BusinessCase, form: Any) -> str:
        services.case_actuals_set(actor=self.request.user, case=case, actuals=form.actuals())
        return _("De faktiske tal er gemt.")
