"""KITOS it-systems → the shared catalog (with their KLE subjects and parents)."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from django.utils.translation import gettext as _

from interop.kitos.context import KitosContext
from interop.kitos.mapping import BUSINESS_TYPE, RECOMMENDED_ARCHIVE_DUTY
from interop.kitos.pages import SYSTEMS, Record
from interop.kitos.values import name_of, parent_keys, replace_links, rows_by_uuid, text_of, uuid_of
from interop.kitos.vendors import import_vendors
from portfolio import choices as c
from portfolio.models import CatalogSystem, KleSubject


def import_systems(ctx: KitosContext, records: list[Record]) -> None:
    import_vendors(ctx, [(r.get("rightsHolder"), f"{SYSTEMS} {r.get('uuid')}") for r in records])
    keys = [k for k in (uuid_of(r) for r in records) if k]
    existing = rows_by_uuid(CatalogSystem.objects.prefetch_related("kle_subjects"), keys)
    kle = dict(KleSubject.objects.values_list("number", "pk"))
    create: list[CatalogSystem] = []
    update: list[CatalogSystem] = []
    kle_sets: dict[uuidlib.UUID, set[int]] = {}
    pending: dict[uuidlib.UUID, dict[str, Any]] = {}
    foreign = _("UUID'et tilhører en anden organisations system.")
    for row, record, key, system in ctx.claimed(SYSTEMS, records, existing, foreign):
        btype = record.get("businessType")
        business_type = (
            ctx.mapped(BUSINESS_TYPE, name_of(btype), row, _("Forretningstypen"))
            if btype
            else c.BusinessType.ANDET
        )
        duty = record.get("recommendedArchiveDuty") or {}
        vendor_key = uuid_of(record.get("rightsHolder"))
        vendor = ctx.vendors.get(vendor_key) if vendor_key else None
        values = {
            "name": text_of(record.get("name"), 200),
            "former_names": text_of(record.get("formerName"), 500),
            "description": text_of(record.get("description")),
            "vendor_id": vendor.pk if vendor else None,
            "business_type": business_type,
            "recommended_archive_duty": ctx.mapped(
                RECOMMENDED_ARCHIVE_DUTY,
                duty.get("id") if isinstance(duty, dict) else duty,
                row,
                _("Anbefalet arkivpligt"),
            ),
            "deactivated": bool(record.get("deactivated")),
        }
        if not values["name"]:
            ctx.report.error(row, _("Systemet mangler et navn."))
            continue
        numbers: set[int] = set()
        for ref in record.get("kle") or []:
            number = (
                name_of(ref) or str(ref.get("key") or "") if isinstance(ref, dict) else str(ref)
            )
            if number in kle:
                numbers.add(kle[number])
            else:
                ctx.report.warn(row, _("KLE-nummeret %(n)s findes ikke.") % {"n": number})
        kle_sets[key] = numbers
        if system is None:
            system = ctx.created(
                "catalog-systems", CatalogSystem(uuid=key, scope=c.Scope.GLOBAL, **values), create
            )
        ctx.systems[key] = system
        pending[key] = values
    CatalogSystem.objects.bulk_create(create)
    created = {id(s) for s in create}
    # Parents after creation, so a parent later in the files is found.
    parent_of = parent_keys(records, "parentSystem", ctx.systems)
    parents = rows_by_uuid(CatalogSystem.objects.all(), {p for p in parent_of.values() if p})
    kle_dirty: dict[int, set[int]] = {}
    for key, system in ctx.systems.items():
        values = pending[key]
        parent_key = parent_of.get(key)
        parent = parents.get(parent_key) if parent_key else None
        if parent_key and parent is None:
            ctx.report.warn(
                f"{SYSTEMS} {key}",
                _("Det overordnede system %(uuid)s findes ikke.") % {"uuid": parent_key},
            )
        values["parent_id"] = parent.pk if parent else None
        changed = ctx.track(system, values)
        new = id(system) in created
        if new:
            if kle_sets[key]:
                kle_dirty[system.pk] = kle_sets[key]
        elif {k.pk for k in system.kle_subjects.all()} != kle_sets[key]:
            kle_dirty[system.pk] = kle_sets[key]
            changed = True
        if changed:
            update.append(system)
        if not new:
            ctx.report.count("catalog-systems", "updated" if changed else "unchanged")
    ctx.save(CatalogSystem, update)
    replace_links(
        CatalogSystem.kle_subjects.through, "catalogsystem_id", "klesubject_id", kle_dirty
    )
