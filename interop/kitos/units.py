"""KITOS organization units → the organization's units (linked by KITOS uuid)."""

from __future__ import annotations

import uuid as uuidlib

from interop.kitos.context import KitosContext
from interop.kitos.pages import Record
from interop.kitos.values import assign, text_of, uuid_of
from interop.models import KitosUnitLink
from organizations.models import OrganizationUnit


def import_units(ctx: KitosContext, records: list[Record]) -> None:
    by_uuid: dict[uuidlib.UUID, Record] = {}
    for record in records:
        key = uuid_of(record)
        if key is not None:
            by_uuid[key] = record
    existing = {u.pk: u for u in OrganizationUnit.objects.filter(organization=ctx.org)}
    by_local_id = {u.local_id: u for u in existing.values() if u.local_id}
    done: set[uuidlib.UUID] = set()

    def visit(key: uuidlib.UUID, depth: int = 0) -> None:
        if key in done or depth > 50:
            return
        record = by_uuid[key]
        parent_key = uuid_of(record.get("parentOrganizationUnit"))
        if parent_key in by_uuid and parent_key is not None:
            visit(parent_key, depth + 1)
        parent_id = ctx.units.get(parent_key) if parent_key else None
        ean = record.get("ean")
        values = {
            "name": text_of(record.get("name"), 200) or str(key),
            "parent_id": parent_id,
            "local_id": text_of(record.get("unitId"), 50),
            "ean": str(ean) if ean else "",
        }
        unit_id = ctx.units.get(key)
        unit = existing.get(unit_id) if unit_id else None
        if unit is None and values["local_id"] in by_local_id:
            unit = by_local_id[values["local_id"]]
            KitosUnitLink.objects.create(organization=ctx.org, kitos_uuid=key, unit=unit)
        if unit is None:
            unit = OrganizationUnit.objects.create(organization=ctx.org, **values)
            KitosUnitLink.objects.create(organization=ctx.org, kitos_uuid=key, unit=unit)
            ctx.report.count("units", "created")
        elif assign(unit, values):
            unit.save()
            ctx.report.count("units", "updated")
        else:
            ctx.report.count("units", "unchanged")
        ctx.units[key] = unit.pk
        done.add(key)

    for key in by_uuid:
        visit(key)
