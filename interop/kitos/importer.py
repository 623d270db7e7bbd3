"""The KITOS import: the entity importers in dependency order, all or nothing."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.permissions import require
from interop.kitos.context import KitosContext, KitosReport
from interop.kitos.contracts import import_contracts
from interop.kitos.deleted import apply_deleted
from interop.kitos.dprs import import_dprs
from interop.kitos.pages import (
    CONTRACTS,
    DELETED,
    DPRS,
    INTERFACES,
    SYSTEMS,
    UNITS,
    USAGES,
    KitosImportError,
    Record,
    read_pages,
)
from interop.kitos.relations import import_integrations, import_interfaces
from interop.kitos.systems import import_systems
from interop.kitos.units import import_units
from interop.kitos.usages import import_usages
from interop.report import write_all_or_nothing
from organizations.models import Organization


def apply_pages(
    *,
    actor: Any,
    organization: Organization,
    pages: dict[str, list[Record]],
    dry_run: bool,
    source: str,
) -> KitosReport:
    """Write parsed KITOS pages into the portfolio in one transaction; all or nothing."""
    require(actor, organization, "portfolio.change")
    report = KitosReport(dry_run=dry_run)

    def apply() -> None:
        ctx = KitosContext(organization, report)
        import_units(ctx, pages.get(UNITS, []))
        import_systems(ctx, pages.get(SYSTEMS, []))
        import_interfaces(ctx, pages.get(INTERFACES, []))
        import_usages(ctx, pages.get(USAGES, []))
        import_contracts(ctx, pages.get(CONTRACTS, []))
        import_integrations(ctx, pages.get(USAGES, []))
        import_dprs(ctx, pages.get(DPRS, []), pages.get(CONTRACTS, []))
        apply_deleted(ctx, pages.get(DELETED, []))

    return write_all_or_nothing(
        report,
        apply,
        actor=actor,
        organization=organization,
        object_repr=_("KITOS-import"),
        audit_key="kitos_import",
        source=source,
    )


def kitos_import(
    *,
    actor: Any,
    organization: Organization,
    files: list[bytes],
    dry_run: bool,
    kind: str | None = None,
) -> KitosReport:
    """Import KITOS API v2 JSON pages (files) into the organization's portfolio."""
    require(actor, organization, "portfolio.change")
    try:
        pages = read_pages(files, kind)
    except KitosImportError as exc:
        report = KitosReport(dry_run=dry_run)
        report.error("fil", str(exc))
        return report
    return apply_pages(
        actor=actor, organization=organization, pages=pages, dry_run=dry_run, source="files"
    )
