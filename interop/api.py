"""Imports and exports under /api/v1/organizations/{org_id}/…, for scheduled automation.

* ``POST …/imports`` takes the file as the request body (``--data-binary @fil.csv``) or
  as the multipart field ``file``; query ``filename``, ``entity`` (CSV/XLSX; detected
  from the headers when left out), ``mapping`` (the name of a saved column mapping: its
  columns and value mapping are used), ``year`` (the year of yearly costs in a sheet
  without a year column) and ``commit`` (default false: dry run only). The file
  is checked cheaply at once (size, type by content, zip directory, XML prolog): a bad
  file is a 400 with a Danish ``message`` and no job. Otherwise 201 with the job (status
  ``reading``); the background worker reads the file under its CPU and memory caps, then
  runs the dry run (and the commit when asked and the dry run has no errors). A file that
  cannot be read ends as status ``failed`` with a Danish ``error``.
* ``GET …/imports`` and ``GET …/imports/{import_id}`` give status, progress and the report
  (``created``, ``updated``, ``unchanged``, ``errors`` with row and message, ``warnings``,
  for spreadsheets ``ignored_columns`` and ``values`` — each choice column's distinct
  values and how each is read — and for KITOS ``unresolved``).
* ``POST …/imports/{import_id}/commit`` commits a dry-run job without errors.
* ``GET …/exports/landscape.xlsx``, ``…/exports/{entity}.csv``, ``…/exports/archimate.xml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from core.api import ORG, binary_response
from core.api.resources import ApiResource
from core.api.routes import Crud
from core.api.tenancy import member_organization
from core.export import XLSX_TYPE
from core.permissions import require
from core.registry import registry
from interop import jobs, selectors, tabular, views
from interop.models import ImportJob, ImportMapping
from interop.xml import default_max_bytes, human_size

router = Router(tags=["interop"])

F = TypeVar("F", bound=Callable[..., Any])


class ImportOut(Schema):
    id: int
    filename: str
    kind: str
    entity: str
    sheet: str
    status: str
    progress_done: int
    progress_total: int
    size: int
    sha256: str
    mapping: list[str]
    values: dict[str, dict[str, str]]
    cost_year: int | None
    report: dict[str, Any]
    error: str
    created_by_id: int | None
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _job(request: HttpRequest, org_id: int, import_id: int) -> ImportJob:
    return selectors.job_get(organization=member_organization(request, org_id), pk=import_id)


def _upload(request: HttpRequest) -> tuple[bytes, str]:
    """The file: the multipart field ``file``, else the raw body whatever its content type.

    The raw body is read from the stream, not through ``request.body``, so Django's limit
    for form data (``DATA_UPLOAD_MAX_MEMORY_SIZE``) does not apply and a form-encoded
    body is never parsed; one byte over the import cap is read so the cap's own message
    can refuse it."""
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise HttpError(400, _("Send filen i feltet »file« eller som selve forespørgslen."))
        return upload.read(), upload.name or ""
    limit = default_max_bytes()
    try:
        data = request.read(limit + 1)
    except RawPostDataException:  # the body was already read by someone else
        data = request.body
    if len(data) > limit:  # refused with the body's real size, not the part read
        declared = request.META.get("CONTENT_LENGTH", "")
        size = int(declared) if declared.isdigit() and int(declared) > limit else len(data)
        raise HttpError(
            413,
            _("Filen fylder %(size)s; grænsen er %(limit)s.")
            % {"size": human_size(size), "limit": human_size(limit)},
        )
    return data, ""


IMPORTS = ApiResource(queryset=selectors.job_list, permission="portfolio.change")
IMPORT_API = Crud(router, "imports", "import", IMPORTS, ImportOut, module=__name__)
IMPORT_API.add_list("The organization's imports")


@IMPORT_API.on_collection(
    "post",
    status=201,
    summary="Upload a file to import (dry run, optionally commit)",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                },
            }
        },
        "parameters": [
            {"in": "query", "name": "filename", "schema": {"type": "string"}},
            {
                "in": "query",
                "name": "entity",
                "schema": {"type": "string", "enum": list(tabular.ENTITIES)},
            },
            {
                "in": "query",
                "name": "kind",
                "description": "Content an app imports (e.g. channels: contact numbers)",
                "schema": {"type": "string", "enum": [e.kind for e in registry.import_kinds()]},
            },
            {"in": "query", "name": "mapping", "schema": {"type": "string"}},
            {
                "in": "query",
                "name": "year",
                "schema": {"type": "integer", "minimum": 2000, "maximum": 2100},
            },
            {"in": "query", "name": "commit", "schema": {"type": "boolean", "default": False}},
        ],
    },
)
def import_create(request: HttpRequest, org_id: int) -> tuple[int, ImportJob]:
    org = member_organization(request, org_id, "portfolio.change")
    entity = request.GET.get("entity", "")
    kind = request.GET.get("kind", "")
    if kind and registry.import_kind_of(kind) is None:
        known = ", ".join(e.kind for e in registry.import_kinds())
        raise HttpError(400, f"kind: {known}")
    if entity and entity not in tabular.ENTITIES:
        raise HttpError(400, f"entity: {', '.join(tabular.ENTITIES)}")
    saved = None
    if request.GET.get("mapping"):
        saved = ImportMapping.objects.filter(organization=org, name=request.GET["mapping"]).first()
        if saved is None:
            raise HttpError(400, _("Kolonneopsætningen findes ikke."))
        entity = saved.entity
    year = request.GET.get("year", "")
    if year and not (year.isdigit() and 2000 <= int(year) <= 2100):
        raise HttpError(400, _("year: et år mellem 2000 og 2100."))
    data, name = _upload(request)
    commit = request.GET.get("commit", "").lower() in ("1", "true", "ja", "yes")
    try:
        # Checked cheaply here; read, dry-run (and with commit: planned first, written
        # only without errors) by the background worker under its caps.
        job = jobs.job_create(
            actor=request.user,
            organization=org,
            filename=request.GET.get("filename") or name or "upload",
            data=data,
            entity=entity,
            kind=kind,
            then=jobs.THEN_COMMIT if commit else jobs.THEN_PLAN,
            saved=saved,
            cost_year=int(year) if year else None,
        )
    except jobs.UploadRejected as exc:
        raise HttpError(400, str(exc)) from exc
    return 201, selectors.job_get(organization=org, pk=job.pk)


@IMPORT_API.on_item("get", summary="One import")
def import_get(request: HttpRequest, org_id: int, import_id: int) -> ImportJob:
    job = _job(request, org_id, import_id)
    require(request.user, job.organization, "portfolio.change")
    return job


@IMPORT_API.on_item("post", "/commit", summary="Commit an import whose dry run had no errors")
def import_commit(request: HttpRequest, org_id: int, import_id: int) -> ImportJob:
    job = _job(request, org_id, import_id)
    try:
        jobs.job_start(actor=request.user, job=job, commit=True)
    except jobs.UploadRejected as exc:
        raise HttpError(400, str(exc)) from exc
    return selectors.job_get(organization=job.organization, pk=job.pk)


def _export(name: str, content_type: str, summary: str) -> Callable[[F], F]:
    """A file download at ``…/exports/<name>``."""
    decorator: Callable[[F], F] = router.get(
        f"{ORG}/exports/{name}", summary=summary, openapi_extra=binary_response(content_type)
    )
    return decorator


def _readable(request: HttpRequest, org_id: int) -> Any:
    """The organization in the path, for a user who may read its portfolio."""
    return member_organization(request, org_id, "portfolio.view")


@_export("landscape.xlsx", XLSX_TYPE, "The landscape as one XLSX workbook (a sheet per entity)")
def export_landscape(request: HttpRequest, org_id: int) -> HttpResponse:
    return views.landscape_xlsx(_readable(request, org_id))


@_export("archimate.xml", "application/xml", "The landscape in the ArchiMate 3.1 exchange format")
def export_archimate(request: HttpRequest, org_id: int) -> HttpResponse:
    return views.archimate_xml(_readable(request, org_id))


@_export("{entity}.csv", "text/csv", "One entity as CSV in the Danish Excel profile")
def export_entity(request: HttpRequest, org_id: int, entity: str) -> HttpResponse:
    return views.entity_csv(_readable(request, org_id), entity)
