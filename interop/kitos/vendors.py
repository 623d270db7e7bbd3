"""KITOS organizations named as rights holders, suppliers or data processors → vendors."""

from __future__ import annotations

import uuid as uuidlib
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from interop.kitos.context import KitosContext
from interop.kitos.pages import Record
from interop.kitos.values import chunks, rows_by_uuid, text_of, uuid_of
from portfolio.models import Vendor
from portfolio.validators import cvr_is_valid


def import_vendors(ctx: KitosContext, refs: list[tuple[Any, str]]) -> None:
    wanted: dict[uuidlib.UUID, Record] = {}
    for ref, _row in refs:
        key = uuid_of(ref)
        if key is not None and isinstance(ref, dict) and key not in ctx.vendors:
            wanted[key] = ref
    existing = rows_by_uuid(Vendor.objects.all(), wanted)
    cvrs = [str(r.get("cvr") or "") for r in wanted.values()]
    by_cvr = {v.cvr: v for v in Vendor.objects.filter(cvr__in=[x for x in cvrs if x])}
    create: list[Vendor] = []
    update: list[Vendor] = []
    for key, ref in wanted.items():
        cvr = str(ref.get("cvr") or "")
        if cvr and not cvr_is_valid(cvr):
            ctx.report.warn(
                f"vendor {key}",
                _("CVR-nummeret %(cvr)s er ugyldigt og er udeladt.") % {"cvr": cvr},
            )
            cvr = ""
        vendor = existing.get(key) or by_cvr.get(cvr) if cvr else existing.get(key)
        values = {"name": text_of(ref.get("name"), 200) or str(key)}
        if vendor is None:
            vendor = ctx.created(
                "vendors", Vendor(uuid=key, cvr=cvr, created_by=ctx.org, **values), create
            )
            if cvr:
                by_cvr[cvr] = vendor
        elif vendor in create:
            pass
        else:
            if cvr and not vendor.cvr:
                values["cvr"] = cvr
            ctx.counted("vendors", vendor, ctx.track(vendor, values), update)
        ctx.vendors[key] = vendor
    Vendor.objects.bulk_create(create)
    ctx.save(Vendor, update)


def match_vendors_by_name(ctx: KitosContext, refs: list[tuple[Any, str]]) -> None:
    """A processor KITOS knows without a (valid) CVR and whose UUID is new here is the
    vendor with exactly that name, if there is exactly one; else import_vendors
    creates it."""
    wanted: dict[uuidlib.UUID, str] = {}
    for ref, _row in refs:
        key = uuid_of(ref)
        if key is None or key in ctx.vendors or not isinstance(ref, dict):
            continue
        if cvr_is_valid(str(ref.get("cvr") or "")):
            continue
        name = text_of(ref.get("name"), 200)
        if name:
            wanted[key] = name
    if not wanted:
        return
    known = set(rows_by_uuid(Vendor.objects.all(), wanted))
    names = {name for key, name in wanted.items() if key not in known}
    by_name: dict[str, list[Vendor]] = defaultdict(list)
    for chunk in chunks(sorted(names)):
        for vendor in Vendor.objects.filter(name__in=chunk):
            by_name[vendor.name].append(vendor)
    for key, name in wanted.items():
        if key not in known and len(by_name.get(name, [])) == 1:
            ctx.vendors[key] = by_name[name][0]
            ctx.report.count("vendors", "unchanged")
