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
    report, elements, relationships = read_archimate(data, dry_run=dry_run)
    return apply_archimate(
        actor=actor,
        organization=organization,
        report=report,
        elements=elements,
        relationships=relationships,
    )


def read_archimate(data: bytes, *, dry_run: bool) -> tuple[ArchimateReport, Any, Any]:
    """Parse the file (no database): the report so far, the elements and relationships.
    The background import runs this in a capped child process (:mod:`interop.guard`)."""
    report = ArchimateReport(dry_run=dry_run)
    try:
        root = parse_xml(data)
    except XmlRejected as exc:
        return _refuse(report, exc.message), [], []
    if root.tag != f"{{{NS}}}model":
        return (
            _refuse(
                report,
                _(
                    "Filen er ikke en ArchiMate-model i Open Group-udvekslingsformatet: "
                    "rodelementet skal være 'model' i navnerummet %(ns)s."
                )
                % {"ns": NS},
            ),
            [],
            [],
        )
    elements, relationships = read_model(root, report)
    return report, elements, relationships


def apply_archimate(
    *,
    actor: Any,
    organization: Organization,
    report: ArchimateReport,
    elements: Any,
    relationships: Any,
) -> ArchimateReport:
    """Write what :func:`read_archimate` read, all or nothing (nothing when in error)."""
    require(actor, organization, "portfolio.change")
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
