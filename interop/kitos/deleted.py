"""The KITOS deleted-entities feed: usages set to 'not in use', registrations deleted."""

from __future__ import annotations

from django.utils.translation import gettext as _

from interop.kitos.context import KitosContext
from interop.kitos.enums import member
from interop.kitos.pages import DELETED, Record
from interop.kitos.values import chunks, uuid_of
from portfolio import choices as c
from portfolio.models import DataProcessingRegistration, SystemUsage


def apply_deleted(ctx: KitosContext, records: list[Record]) -> None:
    """A usage deleted in KITOS is set to 'not in use' (it keeps its history and
    relations here); a data processing registration deleted in KITOS is deleted. The
    entity type is a TrackedEntityTypeChoice (name in any case, or its integer value)."""
    types = [
        member("TrackedEntityTypeChoice", r.get("entityType")) or r.get("entityType")
        for r in records
    ]
    records = [{**r, "entityType": t} for r, t in zip(records, types, strict=True)]
    usage_keys = [
        k
        for r in records
        if r.get("entityType") == "ItSystemUsage"
        for k in [uuid_of(r.get("entityUuid"))]
        if k
    ]
    dpr_keys = [
        k
        for r in records
        if r.get("entityType") == "DataProcessingRegistration"
        for k in [uuid_of(r.get("entityUuid"))]
        if k
    ]
    for chunk in chunks(dpr_keys):
        doomed = DataProcessingRegistration.objects.filter(organization=ctx.org, uuid__in=chunk)
        ctx.report.deleted_registrations += [str(u) for u in doomed.values_list("uuid", flat=True)]
        doomed.delete()
    handled = {"ItSystemUsage", "DataProcessingRegistration"}
    for other in {r.get("entityType") for r in records} - handled:
        n = sum(1 for r in records if r.get("entityType") == other)
        ctx.report.warn(
            DELETED,
            _("%(n)s slettede KITOS-poster af typen %(type)s er ikke behandlet; de er bevaret.")
            % {"n": n, "type": other},
        )
    usages = SystemUsage.objects.filter(organization=ctx.org, uuid__in=usage_keys)
    for usage in usages:
        if usage.lifecycle != c.Lifecycle.NOT_IN_USE:
            usage.lifecycle = c.Lifecycle.NOT_IN_USE
            usage.save(update_fields=["lifecycle", "updated_at"])
            ctx.report.count("usages", "updated")
        ctx.report.deleted.append(str(usage.uuid))
