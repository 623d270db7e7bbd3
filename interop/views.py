"""Import wizard and export pages.

Import: upload (checked at once) → column mapping for CSV/XLSX (auto-matched, editable,
savable by name) → dry run in the background with a progress bar (htmx polling) → the
plan (created / updated / unchanged, every row error) → commit → result.
Export: the landscape as one XLSX workbook, one entity as CSV, or ArchiMate XML.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.export import XLSX_TYPE
from core.filters import FilterSpec
from core.views import (
    Column,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    ObjectViews,
    OrgView,
)
from interop import forms, jobs, kitos_live, selectors
from interop.choices import SyncStatus
from interop.export import SHEETS, SHEETS_BY_KEY, write_csv, write_xlsx
from interop.models import ImportJob, ImportStatus
from interop.report import kind_label
from interop.tabular.mapping import ENTITIES, HOW_GUESS, auto_mapping, match_headers
from interop.xml import default_max_bytes, human_size

L = gettext_lazy
PREVIEW_ROWS = 500

JOB_FILTERS = FilterSpec(
    search_fields=("filename",),
    ordering={"created": "created_at", "file": "filename"},
    default_ordering="-created",
)


class ImportViews(ObjectViews):
    """Imports are the business of those who may change the portfolio."""

    selector_get = staticmethod(selectors.job_get)
    view_permission = change_permission = "portfolio.change"
    url_stem = "interop:import"


class ImportListView(ImportViews, ObjectListView):
    title = L("Import")
    selector = staticmethod(selectors.job_list)
    filterset = JOB_FILTERS
    template_name = "interop/import_list.html"
    columns = (
        Column("filename", L("Fil"), sort="file", link=True),
        Column("kind", L("Format"), accessor="kind_label"),
        Column("entity", L("Indhold"), accessor="entity_label"),
        Column("status", L("Status")),
        Column("created_at", L("Uploadet"), sort="created"),
        Column("created_by", L("Af"), accessor="created_by.get_full_name"),
    )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.saved_mappings = list(selectors.mapping_list(organization=self.organization))
        # The last KITOS sync's status and warnings, for everyone who may import.
        self.kitos_run = kitos_live.last_run(organization=self.organization)
        self.kitos_state = kitos_live.connection_get(organization=self.organization)
        self.kitos_admin = self.can(kitos_live.PERMISSION)
        return super().get(request, *args, **kwargs)


class ImportCreateView(ImportViews):
    title = L("Ny import")
    template_name = "interop/import_create.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {"entity": request.GET.get("indhold", "")}
        form = forms.UploadForm(initial=initial)
        return render(request, self.template_name, self.base_context(form=form))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            limit = default_max_bytes()
            if upload.size > limit:
                form.add_error(
                    "file",
                    _("Filen fylder %(size)s; grænsen er %(limit)s.")
                    % {"size": human_size(upload.size), "limit": human_size(limit)},
                )
            else:
                try:
                    job = jobs.job_create(
                        actor=request.user,
                        organization=self.organization,
                        filename=upload.name,
                        data=upload.read(),
                        entity=form.cleaned_data["entity"],
                    )
                except jobs.UploadRejected as exc:
                    form.add_error("file", str(exc))
                except PermissionDenied as exc:
                    form.add_error("file", str(exc) or _("Du må ikke importere denne fil."))
                else:  # the worker reads the file; a spreadsheet then waits for its mapping
                    return redirect("interop:import_detail", pk=job.pk)
        return render(request, self.template_name, self.base_context(form=form), status=400)


def _values_form(job: ImportJob, data: Any = None) -> forms.ValueMappingForm | None:
    """The value step, once a dry run has listed the values of the choice columns."""
    report = job.report or {}
    if not job.tabular or not job.entity or job.sheet == jobs.ALL_SHEETS:
        return None
    if job.status != ImportStatus.PLANNED:
        return None
    columns = report.get("values") or []
    ask_year = "yearly_cost" in job.mapping and "cost_year" not in job.mapping
    if not columns and not ask_year:
        return None
    return forms.ValueMappingForm(
        data,
        columns=columns,
        entity=job.entity,
        ask_year=ask_year,
        initial={"cost_year": job.cost_year or timezone.localdate().year},
    )


def _mapping_form(job: ImportJob, data: Any = None, **override: Any) -> forms.MappingForm:
    sheet = override.get("sheet", job.sheet)
    info = jobs.sheet_info(job, sheet)
    entity = override.get("entity", job.entity)
    mapping = override.get("mapping", job.mapping)
    chosen = jobs.ALL_SHEETS if sheet == jobs.ALL_SHEETS else info.get("name", "")
    initial: dict[str, Any] = {"entity": entity, "sheet": chosen}
    for index, key in enumerate(mapping):
        initial[f"col_{index}"] = key
    return forms.MappingForm(
        data,
        headers=info.get("headers", []),
        entity=entity,
        sheets=[s["name"] for s in job.info.get("sheets", [])],
        recognised=len(jobs.recognised_sheets(job)),
        initial=initial,
    )


class ImportDetailView(ImportViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        job: ImportJob = self.object
        context: dict[str, Any] = {"title": job.filename}
        if job.tabular and job.status in (ImportStatus.UPLOADED, ImportStatus.PLANNED):
            form = extra.pop("form", None) or _mapping_form(job)
            info = jobs.sheet_info(job, form["sheet"].value() or job.sheet)
            samples = info.get("sample", [])
            context["mapping_form"] = form
            context["head_fields"] = [f for f in (form["entity"], form["sheet"]) if not f.is_hidden]
            context["save_fields"] = [form["save_as"]]
            headers = info.get("headers", [])
            how = match_headers(job.entity, headers) if job.entity in ENTITIES else []
            context["columns"] = [
                (
                    field,
                    [row[i] for row in samples if i < len(row)],
                    i < len(how) and how[i][1] == HOW_GUESS and field.value() == how[i][0],
                )
                for i, field in enumerate(form.column_fields())
            ]
            values_form = extra.pop("values_form", None) or _values_form(job)
            if values_form is not None:
                context["values_form"] = values_form
            if job.sheet == jobs.ALL_SHEETS:
                context["head_fields"] = [form["sheet"]]
                context["columns"] = []
                context["all_sheets"] = [
                    (
                        s["name"],
                        SHEETS_BY_KEY[s["entity"]].title,
                        s["rows"],
                        s.get("rows_exact", True),
                    )
                    for s in jobs.recognised_sheets(job)
                ]
            else:
                context["sheet_info"] = info
            context["saved_mappings"] = [
                m
                for m in selectors.mapping_list(organization=self.organization)
                if not job.entity or m.entity == job.entity
            ]
        report = job.report or {}
        context["report"] = report
        context["by_kind"] = _by_kind(report)
        context["report_saved"] = job.status == ImportStatus.DONE
        if job.sheet == jobs.ALL_SHEETS:
            count = len(jobs.recognised_sheets(job))
            context.setdefault("sheet_info", {"describe": _("XLSX, %(n)s ark") % {"n": count}})
        context.setdefault("sheet_info", jobs.sheet_info(job) if job.tabular else {})
        context["preview"] = [r for r in job.rows if r["outcome"] in ("created", "updated")][
            :PREVIEW_ROWS
        ]
        return super().get_context_data(**context, **extra)


class ImportMappingView(ImportViews):
    """POST: ``refresh`` re-matches columns (other content, sheet or saved mapping);
    otherwise the mapping is saved (optionally by name) and the dry run starts."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_object()
        if not job.tabular or job.running or job.status == ImportStatus.DONE:
            raise Http404
        entity = request.POST.get("entity", "")
        sheet = request.POST.get("sheet", job.sheet)
        if sheet == jobs.ALL_SHEETS and len(jobs.recognised_sheets(job)) > 1:
            jobs.job_use_all_sheets(actor=request.user, job=job)
            if "refresh" not in request.POST:
                jobs.job_start(actor=request.user, job=job, commit=False)
            return redirect("interop:import_detail", pk=job.pk)
        info = jobs.sheet_info(job, sheet)
        saved_pk = request.POST.get("saved_mapping", "")
        if "refresh" in request.POST or saved_pk:
            mapping = auto_mapping(entity, info.get("headers", [])) if entity else []
            fields = ["entity", "sheet", "mapping", "status", "updated_at"]
            if saved_pk.isdigit():
                saved = selectors.mapping_get(organization=self.organization, pk=int(saved_pk))
                entity = saved.entity
                mapping = jobs.mapping_apply(saved, info.get("headers", []))
                job.values = saved.values
                job.info = {**job.info, "saved_as": saved.name}
                fields += ["values", "info"]
            job.entity, job.sheet, job.mapping = entity, info.get("name", ""), mapping
            job.status = ImportStatus.UPLOADED
            job.save(update_fields=fields)
            return redirect("interop:import_detail", pk=job.pk)
        form = _mapping_form(job, request.POST, entity=entity, sheet=sheet)
        if form.is_valid():
            problems = jobs.job_set_mapping(
                actor=request.user,
                job=job,
                entity=form.cleaned_data["entity"],
                sheet=form.cleaned_data["sheet"] or info.get("name", ""),
                mapping=form.mapping(),
                save_as=form.cleaned_data["save_as"].strip(),
            )
            if not problems:
                if form.cleaned_data["save_as"].strip():
                    messages.success(
                        request,
                        _("Kolonneopsætningen er gemt som »%(name)s«.")
                        % {"name": form.cleaned_data["save_as"].strip()},
                    )
                jobs.job_start(actor=request.user, job=job, commit=False)
                return redirect("interop:import_detail", pk=job.pk)
            for problem in problems:
                form.add_error(None, problem)
        view = ImportDetailView()
        view.setup(request, pk=pk)
        view.object = job
        context = view.get_context_data(form=form)
        return render(request, view.get_template_name(), context, status=400)


class ImportValuesView(ImportViews):
    """POST: keep the value step's choices (and the year of yearly costs) and run the dry
    run again; the saved column mapping the job used keeps the values too."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_object()
        if job.running or job.status == ImportStatus.DONE:
            raise Http404
        form = _values_form(job, request.POST)
        if form is None:
            raise Http404
        if form.is_valid():
            problems = jobs.job_set_values(
                actor=request.user,
                job=job,
                values=form.value_mapping(),
                cost_year=form.cleaned_data.get("cost_year"),
            )
            if not problems:
                jobs.job_start(actor=request.user, job=job, commit=False)
                return redirect("interop:import_detail", pk=job.pk)
            for problem in problems:
                form.add_error(None, problem)
        view = ImportDetailView()
        view.setup(request, pk=pk)
        view.object = job
        context = view.get_context_data(values_form=form)
        return render(request, view.get_template_name(), context, status=400)


class ImportCommitView(ImportViews):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_object()
        try:
            jobs.job_start(actor=request.user, job=job, commit=True)
        except jobs.UploadRejected as exc:
            messages.error(request, str(exc))
        return redirect("interop:import_detail", pk=job.pk)


class ImportProgressView(ImportViews):
    """The progress bar (htmx polls it); when the job has stopped, the page reloads."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self.get_object()
        response = render(request, "interop/_progress.html", {"job": job})
        if not job.running:
            response["HX-Refresh"] = "true"
        return response


class MappingDeleteView(OrgView):
    permission = "portfolio.change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        mapping = selectors.mapping_get(organization=self.organization, pk=pk)
        mapping.delete()
        messages.success(
            request, _("Kolonneopsætningen »%(name)s« er slettet.") % {"name": mapping}
        )
        return redirect("interop:import_list")


# Export ---------------------------------------------------------------------------------


def _filename(organization: Any, suffix: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"styrbar-{organization.kommunekode or organization.pk}-{stamp}{suffix}"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ExportView(OrgView):
    permission = "portfolio.view"
    title = L("Eksport")

    def get(self, request: HttpRequest) -> HttpResponse:
        entities = [(sheet.key, sheet.title) for sheet in SHEETS]
        return render(request, "interop/export.html", self.base_context(entities=entities))


def landscape_xlsx(organization: Any) -> HttpResponse:
    buffer = io.BytesIO()
    write_xlsx(organization, buffer)
    return _download(buffer.getvalue(), XLSX_TYPE, _filename(organization, ".xlsx"))


def entity_csv(organization: Any, entity: str) -> HttpResponse:
    if entity not in SHEETS_BY_KEY:
        raise Http404
    stream = io.StringIO()
    write_csv(organization, entity, stream)
    return _download(
        stream.getvalue().encode("utf-8"),
        "text/csv; charset=utf-8",
        _filename(organization, f"-{entity}.csv"),
    )


def archimate_xml(organization: Any) -> HttpResponse:
    from interop.archimate.export import write_archimate

    buffer = io.BytesIO()
    write_archimate(organization, buffer)
    return _download(
        buffer.getvalue(), "application/xml", _filename(organization, "-archimate.xml")
    )


class ExportDownloadView(OrgView):
    """A download of the organization's data: ``export(organization, **url_kwargs)``, one
    of the functions above, given in the URLconf."""

    permission = "portfolio.view"
    export: Callable[..., HttpResponse] | None = None

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        assert self.export is not None
        return self.export(self.organization, **kwargs)


# Live KITOS sync ----------------------------------------------------------------------------


class KitosView(ObjectFormView):
    """The organization's KITOS connection (administrators): the settings form, a button
    that starts a sync, and the latest runs."""

    permission = kitos_live.PERMISSION
    title = gettext_lazy("KITOS-synkronisering")
    template_name = "interop/kitos.html"
    form_class = forms.KitosConnectionForm
    success_message = gettext_lazy("KITOS-opsætningen er gemt.")
    success_url_name = "interop:kitos"

    def get_object(self) -> Any:
        return kitos_live.connection_get(organization=self.organization)

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def get_initial(self, obj: Any) -> dict[str, Any]:
        if obj is None:
            return {}
        return {
            "base_url": obj.base_url,
            "username": obj.username,
            "kitos_organization_uuid": obj.kitos_organization_uuid,
            "nightly": obj.nightly,
        }

    def save(self, form: Any, obj: Any) -> Any:
        return kitos_live.connection_save(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )

    def base_context(self, **extra: Any) -> dict[str, Any]:
        state = extra.get("object")
        return super().base_context(
            start_form=forms.KitosStartForm(),
            runs=list(kitos_live.run_list(organization=self.organization)[:RUNS_SHOWN]),
            password_source=kitos_live.password_source(state),
            **extra,
        )


RUNS_SHOWN = 10


class KitosStartView(OrgView):
    """POST: queue a sync for the task worker and show its page (progress, then report)."""

    permission = kitos_live.PERMISSION

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.KitosStartForm(request.POST)
        form.is_valid()  # two check boxes: always valid
        try:
            run = kitos_live.run_start(
                actor=request.user,
                organization=self.organization,
                dry_run=form.cleaned_data.get("dry_run", False),
                full=form.cleaned_data.get("full", False),
            )
        except kitos_live.SyncRejected as exc:
            messages.error(request, str(exc))
            return redirect("interop:kitos")
        return redirect(run.get_absolute_url())


class KitosRunViews(ObjectViews):
    selector_get = staticmethod(kitos_live.run_get)
    view_permission = change_permission = kitos_live.PERMISSION
    url_stem = "interop:kitos_run"


class KitosRunDetailView(KitosRunViews, ObjectDetailView):
    def get_context_data(self, **extra: Any) -> dict[str, Any]:
        run = self.object
        report = run.report or {}
        return super().get_context_data(
            title=str(run),
            report=report,
            report_saved=run.status == SyncStatus.DONE and not run.dry_run,
            by_kind=_by_kind(report),
            step_label=kitos_live.STEP_LABELS.get(run.phase, ""),
            **extra,
        )


class KitosRunProgressView(KitosRunViews):
    """The run's progress (htmx polls it); when the run has stopped, the page reloads."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self.get_object()
        context = {"run": run, "step_label": kitos_live.STEP_LABELS.get(run.phase, "")}
        response = render(request, "interop/_kitos_progress.html", context)
        if not run.running:
            response["HX-Refresh"] = "true"
        return response


def _by_kind(report: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(kind_label(k), v) for k, v in (report.get("by_kind") or {}).items()]
