"""The spend importer as the import machinery calls it (registry hook ``importer:spend``).

The wizard (``interop``) keeps the upload as a job, runs the dry run and the commit as
background tasks under the organization's import lock and shows this report; the command
``styrbar_import --kind spend`` passes the files' paths, which are streamed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from interop.tabular.read import TableError
from organizations.models import Organization
from spend.importer import DEFAULT_SOURCE, spend_import


def run(
    *,
    actor: Any,
    organization: Organization,
    files: list[Any],
    dry_run: bool,
    progress: Any = None,
    source_name: str = "",
) -> dict[str, Any]:
    if len(files) != 1:
        raise TableError(_("Importér én forbrugsfil ad gangen."))
    source = files[0]
    report = spend_import(
        actor=actor,
        organization=organization,
        source=source if isinstance(source, Path) else bytes(source),
        filename=source.name if isinstance(source, Path) else "",
        source_name=source_name or DEFAULT_SOURCE,
        dry_run=dry_run,
        progress=progress,
    )
    data = report.as_json()
    data["created"], data["updated"], data["unchanged"] = report.lines, 0, 0
    data["warnings"] = [{"row": "", "message": m} for m in report.summary_lines(errors=False)]
    return {"report": data, "committed": report.committed}
