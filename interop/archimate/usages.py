"""ArchiMate application components → system usages and shared components (with their
catalog entries, vendors and units)."""

from __future__ import annotations

import uuid as uuidlib
from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from interop.archimate.context import ArchimateContext, as_uuid, chunks
from interop.archimate.vocabulary import NAME_MAX, P_CATALOG, P_UUID, P_VENDOR, RESPONSIBLE
from portfolio import choices as c
from portfolio.models import CatalogSystem, SystemUsage, Vendor


def catalog_lookup(ctx: ArchimateContext, names: set[str], keys: set[uuidlib.UUID]) -> None:
    visible = Q(scope=c.Scope.GLOBAL) | Q(owner_organization=ctx.org)
    systems: list[CatalogSystem] = []
    for chunk in chunks(sorted(names)):
        systems += CatalogSystem.objects.filter(visible, name__in=chunk)
    for chunk in chunks(sorted(keys)):
        systems += CatalogSystem.objects.filter(visible, uuid__in=chunk)
    # Own local entries first, then active ones, then the oldest.
    systems.sort(key=lambda s: (s.owner_organization_id != ctx.org.pk, s.deactivated, s.pk))
    ctx.catalog_by_name = {}
    ctx.catalog_by_uuid = {s.uuid: s for s in systems}
    for system in systems:
        ctx.catalog_by_name.setdefault(system.name.casefold(), system)
    vendor_names = sorted({v for el in ctx.elements.values() if (v := el.props.get(P_VENDOR))})
    ctx.vendors = {}
    for chunk in chunks(vendor_names):
        for vendor in Vendor.objects.filter(name__in=chunk).order_by("-pk"):
            ctx.vendors[vendor.name.casefold()] = vendor


def vendor_named(ctx: ArchimateContext, name: str) -> Vendor | None:
    name = name.strip()[:NAME_MAX]
    if not name:
        return None
    vendor = ctx.vendors.get(name.casefold())
    if vendor is None:
        vendor = Vendor.objects.create(name=name, created_by=ctx.org)
        ctx.vendors[name.casefold()] = vendor
        ctx.report.count("vendors", "created")
    return vendor


def catalog_entry(
    ctx: ArchimateContext, name: str, vendor: str, business_type: str
) -> CatalogSystem:
    system = ctx.catalog_by_name.get(name.casefold())
    if system is None:
        system = CatalogSystem.objects.create(
            name=name,
            vendor=vendor_named(ctx, vendor),
            business_type=business_type,
            scope=c.Scope.LOCAL,
            owner_organization=ctx.org,
        )
        ctx.catalog_by_name[name.casefold()] = system
        ctx.report.count("catalog-systems", "created")
    return system


def import_components(ctx: ArchimateContext) -> None:
    for el in ctx.of_kind("component"):
        key = as_uuid(el.props.get(P_UUID))
        system = ctx.catalog_by_uuid.get(key) if key else None
        name = ctx.element_name(el) or el.props.get(P_CATALOG, "")[:NAME_MAX]
        if system is None and not name:
            ctx.report.error(el.identifier, _("Elementet mangler et navn."))
            continue
        if system is None and name.casefold() in ctx.catalog_by_name:
            system = ctx.catalog_by_name[name.casefold()]
        if system is None:
            system = catalog_entry(
                ctx, name, el.props.get(P_VENDOR, ""), c.BusinessType.FAELLESKOMMUNAL
            )
        else:
            ctx.report.count("catalog-systems", "unchanged")
        ctx.components[el.identifier] = system


def import_usages(ctx: ArchimateContext) -> None:
    elements = ctx.of_kind("usage")
    catalog_lookup(
        ctx,
        {(el.props.get(P_CATALOG) or el.name)[:NAME_MAX] for el in elements}
        | {el.name[:NAME_MAX] for el in ctx.of_kind("component")},
        {k for el in ctx.of_kind("component") if (k := as_uuid(el.props.get(P_UUID)))},
    )
    import_components(ctx)
    existing = list(
        SystemUsage.objects.filter(organization=ctx.org)
        .select_related("catalog_system")
        .order_by("pk")
    )
    by_uuid = {u.uuid: u for u in existing}
    by_name: dict[str, list[SystemUsage]] = defaultdict(list)
    for row in existing:
        by_name[row.name.casefold()].append(row)
    wanted = {k for el in elements if (k := as_uuid(el.props.get(P_UUID)))}
    in_use: set[uuidlib.UUID] = set()
    for chunk in chunks(sorted(wanted)):
        in_use |= set(SystemUsage.objects.filter(uuid__in=chunk).values_list("uuid", flat=True))
    taken: set[int] = set()
    for el in elements:
        name = ctx.element_name(el)
        if not name:
            ctx.report.error(el.identifier, _("Elementet mangler et navn."))
            continue
        key = as_uuid(el.props.get(P_UUID))
        usage: SystemUsage | None = by_uuid.get(key) if key else None
        if usage is not None and usage.pk in taken:
            usage = None
        if usage is None:
            usage = next((u for u in by_name.get(name.casefold(), []) if u.pk not in taken), None)
        values: dict[str, Any] = {}
        for prop, (attr, table) in ctx.tables.items():
            value = ctx.choice(el, prop, table)
            if value is not None:
                values[attr] = value
        if usage is None:
            catalog_name = (el.props.get(P_CATALOG) or name)[:NAME_MAX]
            catalog = catalog_entry(
                ctx, catalog_name, el.props.get(P_VENDOR, ""), c.BusinessType.ANDET
            )
            reuse = key is not None and key not in in_use
            usage = SystemUsage.objects.create(
                organization=ctx.org,
                catalog_system=catalog,
                local_name="" if name == catalog.name else name,
                **({"uuid": key} if reuse else {}),
                **values,
            )
            if key is not None:
                in_use.add(key)
            ctx.create("usages", usage.pk)
        else:
            if name != usage.name:
                values["local_name"] = name
            ctx.save("usages", usage, ctx.assign(usage, values))
        taken.add(usage.pk)
        ctx.usages[el.identifier] = usage
    usage_units(ctx)


def usage_units(ctx: ArchimateContext) -> None:
    pairs = {
        (ctx.usages[rel.source].pk, ctx.units[rel.target].pk)
        for rel in ctx.rels("Serving", "usage", "unit")
        if rel.source in ctx.usages and rel.target in ctx.units
    }
    through = SystemUsage.using_units.through
    ctx.add_links("usages", through, "systemusage_id", "organizationunit_id", pairs)
    for rel in ctx.rels("Association", "unit", "usage"):
        usage = ctx.usages.get(rel.target)
        unit = ctx.units.get(rel.source)
        if rel.name.casefold() != RESPONSIBLE.casefold() or usage is None or unit is None:
            ctx.report.skip(
                rel,
                _(
                    "En association fra en enhed til et system overføres kun, når den hedder "
                    "»%(name)s«."
                )
                % {"name": RESPONSIBLE},
            )
            continue
        ctx.save("usages", usage, ctx.assign(usage, {"responsible_unit_id": unit.pk}))
