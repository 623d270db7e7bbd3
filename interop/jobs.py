"""Imports as background jobs: upload → (column mapping) → dry run → commit.

:func:`job_create` checks the upload cheaply in the request (size, type by its first
bytes, an XLSX file's zip directory against zip bombs, an XML file's prolog against XML
bombs and its root tag) so a bad file is refused with a Danish message at once, and queues
:func:`job_read`. Everything that parses the file — the headers and samples of a
spreadsheet, the dry run, the commit — runs in the background worker, the parsing itself
in a child process with a CPU-time and memory cap (:mod:`interop.guard`), so a hostile
file fails its own import and never a worker. :func:`job_start` queues the dry run or the
commit; :func:`job_run` (the task body) runs the importer of the job's kind and keeps
progress, the report and the row outcomes on the job for the pages and the API.

A commit re-plans the file against the data as it is then, inside the importer's own
all-or-nothing transaction, so what is written is never older than what was checked.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core import audit
from core.choices import AuditAction
from core.locks import LockTimeout, exclusive
from core.metrics import observe_import
from core.permissions import require
from core.registry import AppImporter, registry, resolve
from interop.guard import run_capped
from interop.models import ImportJob, ImportKind, ImportMapping, ImportStatus
from interop.report import kind_label
from interop.tabular.cells import parse_text
from interop.tabular.commit import import_tables
from interop.tabular.mapping import (
    ENTITIES,
    Sheet,
    auto_mapping,
    detect_entity,
    mapping_errors,
    sheets_from_file,
)
from interop.tabular.read import TableError, check_zip, preview_tables, sniff_format
from interop.xml import XmlRejected, default_max_bytes, human_size, root_tag
from knowledge.import_synonyms import fold
from organizations.models import Organization

log = logging.getLogger(__name__)

ARCHIMATE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
ALL_SHEETS = "*"  # ImportJob.sheet: every sheet whose content is recognised (a workbook)
MAX_ROW_RESULTS = 5000  # row outcomes kept on the job for the preview
SAMPLE_ROWS = 3


class UploadRejected(ValueError):
    """The upload was refused; ``str(exc)`` is a Danish message."""


# Upload --------------------------------------------------------------------------------


def detect_kind(data: bytes) -> str:
    """The importer a file belongs to, judged cheaply by its content (the first bytes, an
    XLSX file's zip directory, an XML file's prolog and root tag): nothing is parsed."""
    try:
        fmt = sniff_format(data)
        if fmt == "xlsx":
            check_zip(data)
    except TableError as exc:
        raise UploadRejected(str(exc)) from exc
    if fmt in ("csv", "xlsx", "json"):
        return {"csv": ImportKind.CSV, "xlsx": ImportKind.XLSX, "json": ImportKind.KITOS}[fmt]
    try:
        tag = root_tag(data)
    except XmlRejected as exc:
        raise UploadRejected(exc.message) from exc
    if tag.startswith("{" + ARCHIMATE_NS):
        return ImportKind.ARCHIMATE
    if tag.rsplit("}", 1)[-1].startswith("KLE"):
        return ImportKind.KLE
    raise UploadRejected(
        _("XML-filen er hverken en ArchiMate-model (udvekslingsformat) eller en KLE-emneplan.")
    )


def _app_kind_of(data: bytes) -> str:
    """The app-registered kind whose importer recognises the file's headers ("" if none).
    Run by the worker in a capped child process, like :func:`_table_info`."""
    tables = [p.table for p in preview_tables(data, rows=SAMPLE_ROWS)]
    entry: AppImporter | None = next(
        (e for e in registry.import_kinds() if resolve(e.detect)(tables)), None
    )
    return entry.kind if entry is not None else ""


def format_label(kind: str) -> str:
    """The label of a built-in or app-registered import kind (the file's format)."""
    entry = registry.import_kind_of(kind)
    if entry is not None:
        return str(entry.label)
    return str(ImportKind(kind).label) if kind in ImportKind.values else kind


def _table_info(data: bytes) -> dict[str, Any]:
    """Headers, a few sample rows and the size of each table, without parsing every cell.
    Run by the background worker in a capped child process (:func:`job_read`)."""
    previews = preview_tables(data, rows=SAMPLE_ROWS)
    return {
        "sheets": [
            {
                "name": p.table.sheet,
                "headers": p.table.headers,
                "rows": p.row_count,
                "rows_exact": p.exact,
                "sample": [[parse_text(v) for v in cells] for _n, cells in p.table.rows],
                "entity": detect_entity(p.table) or "",
                "describe": p.table.describe(),
            }
            for p in previews
        ]
    }


# What the worker does once it has read a file: wait for the column mapping (the import
# page), or run the dry run, or the dry run and then the commit (the API).
THEN_MAPPING, THEN_PLAN, THEN_COMMIT = "mapping", "plan", "commit"


def job_create(
    *,
    actor: Any,
    organization: Organization,
    filename: str,
    data: bytes,
    entity: str = "",
    kind: str = "",
    max_bytes: int | None = None,
    then: str = THEN_MAPPING,
    saved: ImportMapping | None = None,
    cost_year: int | None = None,
) -> ImportJob:
    """Check an upload cheaply (size, type by content, zip directory, XML prolog) and keep
    it as a job; the background worker reads it (:func:`job_read`) and then, per ``then``,
    waits for the column mapping of a spreadsheet or starts the dry run (or commit).
    ``saved``: a saved column mapping to apply to the file's headers."""
    require(actor, organization, "portfolio.change")
    limit = max_bytes or default_max_bytes()
    if len(data) > limit:
        raise UploadRejected(
            _("Filen fylder %(size)s; grænsen er %(limit)s.")
            % {"size": human_size(len(data)), "limit": human_size(limit)}
        )
    if not data:
        raise UploadRejected(_("Filen er tom."))
    detected = detect_kind(data)
    # A kind an app registered (spend lines, channel numbers): asked for by name, read by
    # the app's importer in the worker, like every other import.
    app_kind = next((k for k in (kind, entity) if k and registry.import_kind_of(k)), "")
    if app_kind:
        if detected not in (ImportKind.CSV, ImportKind.XLSX):
            raise UploadRejected(
                _("%(kind)s læses fra CSV- eller XLSX-filer.") % {"kind": format_label(app_kind)}
            )
        job = ImportJob.objects.create(
            organization=organization,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            kind=app_kind,
            filename=filename[:255],
            data=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        # No column mapping to wait for: the app's importer starts with the dry run.
        return job_start(actor=actor, job=job, commit=then == THEN_COMMIT, direct=True)
    if kind and kind != detected and {kind, detected} != {ImportKind.CSV, ImportKind.XLSX}:
        raise UploadRejected(
            _("Filen er %(found)s, ikke %(wanted)s.")
            % {"found": ImportKind(detected).label, "wanted": ImportKind(kind).label}
        )
    if detected == ImportKind.KLE and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Kun superbrugere må importere KLE, som deles af alle."))
    if entity and detected not in (ImportKind.CSV, ImportKind.XLSX):
        raise UploadRejected(_("Indhold vælges kun for CSV- og XLSX-filer."))
    job = ImportJob.objects.create(
        organization=organization,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        kind=detected,
        filename=filename[:255],
        data=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        entity=entity,
        status=ImportStatus.READING,
        values=saved.values if saved is not None else {},
        cost_year=cost_year,
        info={"saved_as": saved.name} if saved is not None else {},
    )
    # The database backend stores the task in this transaction (see job_start).
    read_import.enqueue(job.pk, then)
    job.refresh_from_db()
    return job


def job_read(job_id: int, then: str) -> None:
    """The task body after an upload: read a spreadsheet's headers, samples and size in a
    capped child process (:func:`interop.guard.run_capped`), choose content, sheet and
    column mapping as far as the file tells, then go on as ``then`` says. Other formats
    go straight to the dry run (which parses them under the same caps)."""
    job = ImportJob.objects.select_related("organization", "created_by").get(pk=job_id)
    if job.tabular:
        try:
            info = {**job.info, **run_capped(_table_info, bytes(job.data))}
        except TableError as exc:
            _finish(job, ImportStatus.FAILED, error=str(exc))
            return
        recognised = [s for s in info["sheets"] if s["entity"]]
        if not recognised and not job.entity and registry.import_kinds():
            app_kind = run_capped(_app_kind_of, bytes(job.data))
            if app_kind:
                # Channel numbers, say: the app's importer reads the file from here on.
                job.kind, job.info, job.status = app_kind, info, ImportStatus.UPLOADED
                job.save(update_fields=["kind", "info", "status", "updated_at"])
                if job.created_by is not None:  # no mapping step: on to the dry run
                    commit = then == THEN_COMMIT
                    job_start(actor=job.created_by, job=job, commit=commit, direct=True)
                return
        wanted = [s for s in recognised if s["entity"] == job.entity]
        first = (wanted or recognised or info["sheets"])[0]
        entity, mapping, sheet = job.entity, [], ""
        if len(recognised) > 1 and not entity:
            sheet = ALL_SHEETS  # a whole landscape workbook: every sheet in one go
        else:
            entity = entity or first["entity"]
            sheet = first["name"]
            if entity:
                mapping = auto_mapping(entity, first["headers"])
        saved = None
        if info.get("saved_as"):
            saved = ImportMapping.objects.filter(
                organization=job.organization, name=info["saved_as"]
            ).first()
        if saved is not None and sheet != ALL_SHEETS:
            mapping = mapping_apply(saved, first["headers"])
        job.info, job.entity, job.sheet, job.mapping = info, entity, sheet, mapping
        readable = bool(entity) or sheet == ALL_SHEETS
        # Going on to the dry run, the job never shows 'uploaded' in between (a client
        # polling the API would take that for the end).
        job.status = (
            ImportStatus.UPLOADED
            if then == THEN_MAPPING or not readable
            else (ImportStatus.COMMITTING if then == THEN_COMMIT else ImportStatus.PLANNING)
        )
        job.save(update_fields=["info", "entity", "sheet", "mapping", "status", "updated_at"])
        if then == THEN_MAPPING:
            return
        if not readable:
            _finish(
                job,
                ImportStatus.FAILED,
                error=_("Det kan ikke ses, hvad filen indeholder: angiv entity (%(choices)s).")
                % {"choices": ", ".join(ENTITIES)},
            )
            return
    commit = then == THEN_COMMIT
    job.status = ImportStatus.COMMITTING if commit else ImportStatus.PLANNING
    job.save(update_fields=["status", "updated_at"])
    job_run(job.pk, commit)


@task()
def read_import(job_id: int, then: str) -> None:
    job_read(job_id, then)


def recognised_sheets(job: ImportJob) -> list[dict[str, Any]]:
    return [s for s in job.info.get("sheets", []) if s.get("entity")]


def job_use_all_sheets(*, actor: Any, job: ImportJob) -> None:
    """Import every recognised sheet of a workbook, each with its automatic mapping."""
    require(actor, job.organization, "portfolio.change")
    job.entity, job.sheet, job.mapping = "", ALL_SHEETS, []
    job.status = ImportStatus.UPLOADED
    job.save(update_fields=["entity", "sheet", "mapping", "status", "updated_at"])


def sheet_info(job: ImportJob, sheet: str | None = None) -> dict[str, Any]:
    sheets = job.info.get("sheets", [])
    name = job.sheet if sheet is None else sheet
    return next((s for s in sheets if s["name"] == name), sheets[0] if sheets else {})


def job_set_mapping(
    *,
    actor: Any,
    job: ImportJob,
    entity: str,
    sheet: str,
    mapping: list[str],
    save_as: str = "",
) -> list[str]:
    """Choose content, sheet and column mapping; returns Danish problems (empty = fine).
    ``save_as`` also keeps the mapping under that name for later uploads."""
    require(actor, job.organization, "portfolio.change")
    if entity not in ENTITIES:
        return [_("Vælg, hvad filen indeholder.")]
    info = sheet_info(job, sheet)
    if len(mapping) != len(info.get("headers", [])):
        return [_("Kolonneopsætningen passer ikke til filen.")]
    problems = mapping_errors(entity, mapping)
    if problems:
        return problems
    job.entity, job.sheet, job.mapping = entity, info.get("name", ""), mapping
    job.status = ImportStatus.UPLOADED
    job.save(update_fields=["entity", "sheet", "mapping", "status", "updated_at"])
    if save_as:
        columns = dict(zip(info["headers"], mapping, strict=True))
        ImportMapping.objects.update_or_create(
            organization=job.organization,
            name=save_as[:100],
            defaults={"entity": entity, "columns": columns, "values": job.values},
        )
        job.info = {**job.info, "saved_as": save_as[:100]}
        job.save(update_fields=["info", "updated_at"])
    return []


def allowed_values(entity: str, key: str) -> list[tuple[str, str]]:
    """(value, Danish label) a choice or yes/no field of ``entity`` takes; [] for others."""
    from django.db import models as dj_models
    from django.utils import translation

    from interop.tabular.mapping import MODELS

    try:
        model_field: Any = MODELS[entity]._meta.get_field(key)
    except (KeyError, FieldDoesNotExist):  # no entity, or a reference or extra column
        return []
    with translation.override("da"):
        if model_field.choices:
            return [(str(v), str(label)) for v, label in model_field.flatchoices]
        if isinstance(model_field, dj_models.BooleanField):
            return [("true", _("Ja")), ("false", _("Nej"))]
    return []


def job_set_values(
    *, actor: Any, job: ImportJob, values: dict[str, dict[str, str]], cost_year: int | None
) -> list[str]:
    """Keep the value mapping of the job's choice and yes/no columns (field → the sheet's
    own word → Styrbar value) and the year of yearly costs; the saved column mapping the
    job used is updated with the values. Returns Danish problems (empty = fine)."""
    require(actor, job.organization, "portfolio.change")
    problems: list[str] = []
    clean: dict[str, dict[str, str]] = {}
    for key, words in values.items():
        allowed = {v for v, _label in allowed_values(job.entity, key)}
        if not allowed:
            problems.append(_("Feltet »%(key)s« har ingen faste værdier.") % {"key": key})
            continue
        for word, value in words.items():
            if value and value not in allowed:
                problems.append(
                    _("»%(value)s« er ikke en mulig værdi for »%(word)s«.")
                    % {"value": value, "word": word}
                )
            elif value:
                clean.setdefault(key, {})[fold(word)] = value
    if cost_year is not None and not 2000 <= cost_year <= 2100:
        problems.append(_("Omkostningsåret skal ligge mellem 2000 og 2100."))
    if problems:
        return problems
    job.values, job.cost_year = clean, cost_year
    job.status = ImportStatus.UPLOADED
    job.save(update_fields=["values", "cost_year", "status", "updated_at"])
    saved_as = job.info.get("saved_as")
    if saved_as:
        ImportMapping.objects.filter(organization=job.organization, name=saved_as).update(
            values=clean
        )
    return []


def mapping_apply(saved: ImportMapping, headers: list[str]) -> list[str]:
    """A saved mapping applied to a file's headers; unknown headers are matched anew."""
    auto = auto_mapping(saved.entity, headers)
    result = [saved.columns.get(h, auto[i]) for i, h in enumerate(headers)]
    seen: set[str] = set()
    for i, key in enumerate(result):  # a field twice: keep the first
        if key and key in seen:
            result[i] = ""
        seen.add(key)
    return result


# Running -------------------------------------------------------------------------------


@dataclass
class Outcome:
    report: dict[str, Any]
    rows: list[dict[str, Any]]
    committed: bool


def run_importer(
    *,
    kind: str,
    actor: Any,
    organization: Organization,
    files: list[Any],  # bytes; an app's kind also takes paths (streamed)
    dry_run: bool,
    entity: str = "",
    mapping: list[str] | None = None,
    sheet: str = "",
    progress: Callable[[int, int], None] | None = None,
    values: dict[str, dict[str, str]] | None = None,
    cost_year: int | None = None,
) -> Outcome:
    """Run one importer on the files (the jobs and ``styrbar_import`` share this), holding
    the organization's import lock (:func:`import_lock`): a second import of the same
    organization waits, then plans against what the first one wrote, so the same file
    imported twice at the same time still creates each record once. For a kind an app
    registered (``registry.import_kind``), ``entity`` is the name of a column mapping the
    app saved (spend: the source), passed on as ``mapping``."""
    with (
        import_lock(None if kind == ImportKind.KLE else organization),
        observe_import(kind=kind, dry_run=dry_run) as timing,
    ):
        outcome = _run_importer(
            kind=kind,
            actor=actor,
            organization=organization,
            files=files,
            dry_run=dry_run,
            entity=entity,
            mapping=mapping,
            sheet=sheet,
            progress=progress,
            values=values,
            cost_year=cost_year,
        )
        if outcome.report.get("errors"):
            timing["outcome"] = "errors"
        return outcome


@contextmanager
def import_lock(organization: Organization | None, *, wait: float | None = None) -> Iterator[None]:
    """One import per organization at a time (KLE, shared by all: one at a time at all),
    across workers and commands (:func:`core.locks.exclusive`). Waiting longer than
    ``wait`` seconds (default ``STYRBAR_IMPORT_LOCK_WAIT``) is a :class:`TableError` with a
    Danish message."""
    key = f"import:{organization.pk if organization is not None else 'shared'}"
    if wait is None:
        wait = float(getattr(settings, "STYRBAR_IMPORT_LOCK_WAIT", 600))
    try:
        with exclusive(key, wait=wait):
            yield
    except LockTimeout as exc:
        raise TableError(
            _("En anden import for organisationen kører stadig. Prøv igen, når den er færdig.")
        ) from exc


def _run_importer(
    *,
    kind: str,
    actor: Any,
    organization: Organization,
    files: list[Any],  # bytes; an app's kind also takes paths (streamed)
    dry_run: bool,
    entity: str,
    mapping: list[str] | None,
    sheet: str,
    progress: Callable[[int, int], None] | None,
    values: dict[str, dict[str, str]] | None,
    cost_year: int | None,
) -> Outcome:
    """The importer itself (see :func:`run_importer`); ``values`` and ``cost_year`` apply to
    spreadsheets (:func:`interop.tabular.plan.plan_import`)."""
    app = registry.import_kind_of(kind)
    if app is not None:
        report = resolve(app.run)(
            actor=actor,
            organization=organization,
            files=files,
            dry_run=dry_run,
            progress=progress,
            mapping=entity,
        )
        return Outcome(report.as_json(), [], report.committed)
    if kind in (ImportKind.CSV, ImportKind.XLSX):
        # Every file is parsed in a capped child process (interop.guard); only the parsed
        # tables come back to be planned and written here.
        sheets: list[Sheet] = []
        for data in files:
            sheets += run_capped(_sheets, data, entity or None, mapping or None, sheet or None)
        report, rows = import_tables(
            actor=actor,
            organization=organization,
            sheets=sheets,
            dry_run=dry_run,
            progress=progress,
            values=values,
            year=cost_year,
        )
        return Outcome(
            report.as_json(), [r.as_json() for r in rows[:MAX_ROW_RESULTS]], report.committed
        )
    if kind == ImportKind.KITOS:
        from interop.kitos.context import KitosReport
        from interop.kitos.importer import apply_pages
        from interop.kitos.pages import KitosImportError, read_pages

        require(actor, organization, "portfolio.change")
        try:
            pages = run_capped(read_pages, files, None, expected=(KitosImportError,))
        except TableError as exc:
            refused = KitosReport(dry_run=dry_run)
            refused.error("fil", str(exc))
            return Outcome(refused.as_json(), [], False)
        kitos = apply_pages(
            actor=actor, organization=organization, pages=pages, dry_run=dry_run, source="files"
        )
        return Outcome(kitos.as_json(), [], kitos.committed)
    if len(files) != 1:
        raise TableError(_("Importér én fil ad gangen af denne type."))
    if kind == ImportKind.ARCHIMATE:
        from interop.archimate.importer import apply_archimate

        require(actor, organization, "portfolio.change")
        parsed, elements, relationships = run_capped(_read_archimate, files[0], dry_run)
        archimate = apply_archimate(
            actor=actor,
            organization=organization,
            report=parsed,
            elements=elements,
            relationships=relationships,
        )
        return Outcome(archimate.as_json(), [], archimate.committed)
    from interop.kle import apply_kle

    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Kun superbrugere må importere KLE, som deles af alle."))
    kle_read, kle_rows = run_capped(_read_kle, files[0], dry_run)
    kle = apply_kle(actor=actor, report=kle_read, rows=kle_rows)
    result = kle.as_dict()
    result["errors"] = [{"row": e["row"], "message": e["message"]} for e in result["errors"]]
    result["warnings"] = []
    return Outcome(result, [], kle.committed)


def _sheets(
    data: bytes, entity: str | None, mapping: list[str] | None, sheet: str | None
) -> list[Sheet]:
    return sheets_from_file(data, entity=entity, mapping=mapping, sheet=sheet)


def _read_archimate(data: bytes, dry_run: bool) -> Any:
    from interop.archimate.importer import read_archimate

    return read_archimate(data, dry_run=dry_run)


def _read_kle(data: bytes, dry_run: bool) -> Any:
    from interop.kle import read_kle

    return read_kle(data, dry_run=dry_run)


def summary_lines(report: dict[str, Any]) -> list[str]:
    """A human summary of any importer's report (the commands print it before the JSON)."""
    lines = [
        _("%(kind)s: %(created)s oprettet, %(updated)s ændret, %(unchanged)s uændret")
        % {"kind": kind_label(kind), **counts}
        for kind, counts in (report.get("by_kind") or {}).items()
    ]
    lines.append(
        _("I alt: %(created)s oprettet, %(updated)s ændret, %(unchanged)s uændret")
        % {k: report.get(k, 0) for k in ("created", "updated", "unchanged")}
    )
    lines += [_("Advarsel: %(row)s: %(message)s") % w for w in report.get("warnings", [])]
    lines += [_("Fejl: %(row)s: %(message)s") % e for e in report.get("errors", [])]
    lines += [
        _("Ukendt type (ikke importeret): %(type)s %(name)s %(reason)s") % {"reason": "", **u}
        for u in report.get("unknown", [])
    ]
    lines += [
        _("Ikke importeret (mangler %(what)s %(name)s, %(uuid)s): %(row)s") % u
        for u in report.get("unresolved", [])
    ]
    for column in report.get("values", []):
        unknown = [v["raw"] for v in column["values"] if v["value"] is None]
        if unknown:
            lines.append(
                _("Kolonnen »%(header)s« har værdier uden match: %(values)s")
                % {"header": column["header"], "values": ", ".join(unknown)}
            )
    return lines


def _row_total(job: ImportJob) -> int:
    """The rows of the job's tables (0 for the other formats): the progress bar's end."""
    return sum(s.get("rows", 0) for s in job.info.get("sheets", []))


def job_run(job_id: int, commit: bool) -> None:
    """The task body: run the job's importer (dry run or commit) and store the outcome."""
    job = ImportJob.objects.select_related("organization", "created_by").get(pk=job_id)
    actor = job.created_by
    total = _row_total(job) or 1
    ImportJob.objects.filter(pk=job.pk).update(progress_done=0, progress_total=total)

    def progress(done: int, of: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(progress_done=done, progress_total=of)

    job.progress_total = total
    try:
        if actor is None or not actor.is_active:
            raise PermissionDenied
        outcome = run_importer(
            kind=job.kind,
            actor=actor,
            organization=job.organization,
            files=[bytes(job.data)],
            dry_run=not commit,
            entity=job.entity,
            mapping=job.mapping,
            sheet="" if job.sheet == ALL_SHEETS else job.sheet,
            progress=progress,
            values=job.values,
            cost_year=job.cost_year,
        )
    except PermissionDenied:
        _finish(job, ImportStatus.FAILED, error=_("Du har ikke længere ret til at importere."))
        return
    except TableError as exc:
        _finish(job, ImportStatus.FAILED, error=str(exc))
        return
    except Exception:  # the job must end; the traceback goes to the log
        log.exception("import job %s failed", job.pk)
        _finish(job, ImportStatus.FAILED, error=_("Importen fejlede uventet; intet er gemt."))
        return
    # A commit that found errors since the dry run wrote nothing: back to the plan.
    status = ImportStatus.DONE if commit and outcome.committed else ImportStatus.PLANNED
    # Once saved, the file itself is not kept (it may hold personal data); its SHA-256 is.
    extra = {"data": b""} if status == ImportStatus.DONE else {}
    _finish(job, status, report=outcome.report, rows=outcome.rows, **extra)
    if status == ImportStatus.DONE:
        audit.record(
            actor=actor,
            organization=job.organization,
            action=AuditAction.UPDATE,
            obj=job,
            object_repr=_("Import af %(file)s") % {"file": job.filename},
            extra={
                "import": {
                    "kind": job.kind,
                    "entity": job.entity,
                    "sha256": job.sha256,
                    "created": outcome.report.get("created", 0),
                    "updated": outcome.report.get("updated", 0),
                    "unchanged": outcome.report.get("unchanged", 0),
                }
            },
        )


def _finish(job: ImportJob, status: str, **fields: Any) -> None:
    done = job.progress_total
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
        error=fields.pop("error", ""),
        progress_done=done,
        **fields,
    )


@task()
def run_import(job_id: int, commit: bool) -> None:
    job_run(job_id, commit)


def job_start(*, actor: Any, job: ImportJob, commit: bool, direct: bool = False) -> ImportJob:
    """Queue the dry run (``commit=False``) or the commit of a job. A commit needs a dry
    run without errors first, unless ``direct`` (automation: the importer still plans
    first and writes nothing when a row fails)."""
    require(actor, job.organization, "portfolio.change")
    if job.running:
        raise UploadRejected(_("Importen kører allerede."))
    if job.status == ImportStatus.DONE:
        raise UploadRejected(_("Importen er allerede gemt."))
    if commit and not direct and job.status != ImportStatus.PLANNED:
        raise UploadRejected(_("Prøvekør importen, før den gemmes."))
    if commit and not direct and job.report.get("errors"):
        raise UploadRejected(_("Prøvekørslen fandt fejl; ret filen og upload den igen."))
    if job.tabular and not job.entity and job.sheet != ALL_SHEETS:
        raise UploadRejected(_("Vælg, hvad filen indeholder."))
    job.status = ImportStatus.COMMITTING if commit else ImportStatus.PLANNING
    job.progress_done = 0
    job.progress_total = _row_total(job)
    job.error = ""
    job.save(update_fields=["status", "progress_done", "progress_total", "error", "updated_at"])
    # The database backend stores the task in this transaction: the worker sees it once
    # the job's new status is committed too. Tests use the immediate backend.
    run_import.enqueue(job.pk, commit)
    job.refresh_from_db()
    return job
