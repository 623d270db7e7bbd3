"""The ArchiMate import: read the file, then the concept kinds in dependency order, all or
nothing with one summary audit event."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.permissions import require
from interop.archimate.context import ArchimateContext
from interop.archimate.data_objects import import_data_objects
from interop.archimate.integrations import import_integrations
from interop.archimate.processes import import_processes
from interop.archimate.reader import ArchimateReport, read_model
from interop.archimate.units import import_units
from interop.archimate.usages import import_usages
from interop.archimate.vocabulary import NS
from interop.report import write_all_or_nothing
from interop.xml import XmlRejected, parse_xml
from organizations.models import Organization


def _refuse(report: ArchimateReport, message: str) -> ArchimateReport:
    report.error("fil", message)
    return report


def import_archimate(
    *, actor: Any, organization: Organization, data: bytes, dry_run: bool
) -> ArchimateReport:
    """Import an ArchiMate 3.x exchange file into the organization's portfolio (all or nothing)."""
    require(actor, organization, "portfolio.change")
    report = ArchimateReport(dry_run=dry_run)
    try:
        root = parse_xml(data)
    except XmlRejected as exc:
        return _refuse(report, exc.message)
    if root.tag != f"{{{NS}}}model":
        return _refuse(
            report,
            _(
                "Filen er ikke en ArchiMate-model i Open Group-udvekslingsformatet: "
                "rodelementet skal være 'model' i navnerummet %(ns)s."
            )
            % {"ns": NS},
        )
    elements, relationships = read_model(root, report)
    if report.errors:
        return report

    def apply() -> None:
        ctx = ArchimateContext(organization, report, elements, relationships)
        ctx.list_unknown()
        import_units(ctx)
        import_usages(ctx)
        import_integrations(ctx)
        import_processes(ctx)
        import_data_objects(ctx)
        ctx.count()

    return write_all_or_nothing(
        report,
        apply,
        actor=actor,
        organization=organization,
        object_repr=_("ArchiMate-import"),
        audit_key="archimate_import",
    )
