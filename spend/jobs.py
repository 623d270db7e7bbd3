"""The spend importer as the import machinery calls it: the import kind ``spend``,
registered with ``registry.import_kind`` like every app's importer
(:class:`core.registry.AppImporter`).

The wizard (``interop``) keeps the upload as a job, runs the dry run and the commit as
background tasks under the organization's import lock and shows this report; the command
``styrbar_import --kind spend`` passes the files' paths, which are streamed, and its
``--mapping NAME`` names the source whose saved column mapping is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from interop.tabular.read import Table, TableError
from organizations.models import Organization
from spend.importer import DEFAULT_SOURCE, SpendReport, spend_import
from spend.reader import auto_mapping, mapping_problems


class JobReport:
    """The spend report in the shape the import machinery shows (``as_json``, ``committed``)."""

    def __init__(self, report: SpendReport) -> None:
        self.report = report
        self.committed = report.committed

    def as_json(self) -> dict[str, Any]:
        data = self.report.as_json()
        data["created"], data["updated"], data["unchanged"] = self.report.lines, 0, 0
        data["warnings"] = [
            {"row": "", "message": m} for m in self.report.summary_lines(errors=False)
        ]
        return data


def detect(tables: Sequence[Table]) -> bool:
    """Whether a spreadsheet holds posted lines: its headers name a posting date, an amount
    and the creditor (the wizard asks when no portfolio content is recognised)."""
    return any(not mapping_problems(auto_mapping(table.headers)) for table in tables)


def run(
    *,
    actor: Any,
    organization: Organization,
    files: Sequence[Any],
    dry_run: bool,
    progress: Any = None,
    mapping: str = "",
) -> JobReport:
    """Import one export (bytes from the wizard and the API, a path from the command);
    ``mapping``: the source whose saved column mapping applies (default: the standard
    source)."""
    if len(files) != 1:
        raise TableError(_("Importér én forbrugsfil ad gangen."))
    source = files[0]
    report = spend_import(
        actor=actor,
        organization=organization,
        source=source if isinstance(source, Path) else bytes(source),
        filename=source.name if isinstance(source, Path) else "",
        source_name=mapping or DEFAULT_SOURCE,
        dry_run=dry_run,
        progress=progress,
    )
    return JobReport(report)
