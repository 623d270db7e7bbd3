"""KITOS it-system-usages → the organization's system usages (with their using units)."""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from django.utils.translation import gettext as _

from interop.kitos.context import KitosContext
from interop.kitos.mapping import (
    ARCHIVE_DUTY,
    HOSTING,
    LIFECYCLE,
    RISK,
    SENSITIVITY,
    YES_NO_DONT_KNOW,
)
from interop.kitos.pages import USAGES, Record
from interop.kitos.values import (
    date_of,
    inverted,
    mark,
    name_of,
    replace_links,
    rows_by_uuid,
    text_of,
    uuid_of,
)
from portfolio import choices as c
from portfolio.models import CatalogSystem, SystemUsage


def _user_count(interval: Any) -> str:
    if not isinstance(interval, dict):
        return c.UserCount.UNDECIDED
    lower, upper = interval.get("lowerBound"), interval.get("upperBound")
    if upper is not None and upper <= 10:
        return c.UserCount.UNDER_10
    if lower is not None and lower >= 100:
        return c.UserCount.OVER_100
    if lower is not None and lower >= 50:
        return c.UserCount.FROM_50_TO_100
    if lower is not None and lower >= 10:
        return c.UserCount.FROM_10_TO_50
    return c.UserCount.UNDECIDED


def _label(record: Record) -> Any:
    general = record.get("general") or {}
    return general.get("localCallName") or name_of(record.get("systemContext"))


def import_usages(ctx: KitosContext, records: list[Record]) -> None:
    contexts = {uuid_of(r.get("organizationContext")) for r in records} - {None}
    if len(contexts) > 1:
        ctx.report.error(USAGES, _("Filerne indeholder systemer fra flere KITOS-organisationer."))
        return
    keys = [k for k in (uuid_of(r) for r in records) if k]
    existing = rows_by_uuid(SystemUsage.objects.prefetch_related("using_units"), keys)
    system_keys = {uuid_of(r.get("systemContext")) for r in records} - {None}
    systems = rows_by_uuid(CatalogSystem.objects.all(), system_keys)
    create: list[SystemUsage] = []
    update: list[SystemUsage] = []
    unit_sets: dict[uuidlib.UUID, set[int]] = {}
    units_dirty: set[uuidlib.UUID] = set()
    foreign = _("UUID'et tilhører en anden organisations system.")
    not_in_catalog = _(
        "It-systemet %(name)s findes hverken i KITOS-siderne eller i kataloget (det kan være "
        "deaktiveret eller ikke offentliggjort); anvendelsen er ikke importeret, resten er."
    )
    for row, record, key, usage in ctx.claimed(USAGES, records, existing, foreign, _label):
        general = record.get("general") or {}
        system = systems.get(uuid_of(record.get("systemContext")))  # type: ignore[arg-type]
        if system is None:
            ctx.unresolved(row, record.get("systemContext"), _("it-systemet"), not_in_catalog)
            continue
        validity = general.get("validity") or {}
        gdpr = record.get("gdpr") or {}
        archiving = record.get("archiving") or {}
        org_usage = record.get("organizationUsage") or {}
        levels = set()
        for level in gdpr.get("dataSensitivityLevels") or []:
            found, mapped = SENSITIVITY.lookup(level)
            if found:
                levels.add(mapped)
            else:
                ctx.report.warn(
                    row, _("Datafølsomheden '%(v)s' kan ikke oversættes.") % {"v": level}
                )
        # The most sensitive level KITOS lists (the vocabulary is most sensitive first).
        sensitivity = next(
            (v for v in SENSITIVITY.table.values() if v in levels), SENSITIVITY.default
        )

        def yes(value: Any, what: str, row: str = row) -> bool:
            return bool(ctx.mapped(YES_NO_DONT_KNOW, value, row, what))

        values = {
            "catalog_system_id": system.pk,
            "local_name": text_of(general.get("localCallName"), 200),
            "local_id": text_of(general.get("localSystemId"), 50),
            "version": text_of(general.get("systemVersion"), 50),
            "lifecycle": ctx.mapped(
                LIFECYCLE, validity.get("lifeCycleStatus"), row, _("Livscyklus")
            ),
            "valid_from": date_of(validity.get("validFrom")),
            "valid_to": date_of(validity.get("validTo")),
            "responsible_unit_id": ctx.unit(org_usage.get("responsibleOrganizationUnit"), row),
            "user_count": _user_count(general.get("numberOfExpectedUsers")),
            "hosting": ctx.mapped(HOSTING, gdpr.get("hostedAt"), row, _("Driftsformen")),
            "data_sensitivity": sensitivity,
            "gdpr_purpose": text_of(gdpr.get("purpose")),
            "risk_assessment_done": yes(
                gdpr.get("riskAssessmentConducted"), _("Risikovurdering gennemført")
            ),
            "risk_assessment_date": date_of(gdpr.get("riskAssessmentConductedDate")),
            "risk_level": ctx.mapped(
                RISK, gdpr.get("riskAssessmentResult"), row, _("Risikoniveauet")
            ),
            "dpia_done": yes(gdpr.get("dpiaConducted"), _("Konsekvensanalyse (DPIA) gennemført")),
            "dpia_date": date_of(gdpr.get("dpiaDate")),
            "business_critical": yes(gdpr.get("businessCritical"), _("Forretningskritisk")),
            "archive_duty": ctx.mapped(
                ARCHIVE_DUTY, archiving.get("archiveDuty"), row, _("Arkivpligten")
            ),
            "archive_notes": text_of(archiving.get("notes")),
            "notes": text_of(general.get("notes")),
        }
        if inverted(values["valid_from"], values["valid_to"]):
            ctx.report.error(row, _("»I drift til« ligger før »I drift fra«."))
            continue
        units = {ctx.unit(ref, row) for ref in org_usage.get("usingOrganizationUnits") or []}
        unit_sets[key] = {u for u in units if u is not None}
        if usage is None:
            usage = ctx.created(
                "usages", SystemUsage(uuid=key, organization=ctx.org, **values), create
            )
        else:
            relinked = mark(
                units_dirty, key, {u.pk for u in usage.using_units.all()} != unit_sets[key]
            )
            ctx.counted("usages", usage, ctx.track(usage, values) | relinked, update)
        ctx.usages[key] = usage
    SystemUsage.objects.bulk_create(create, batch_size=1000)
    ctx.save(SystemUsage, update)
    replace_links(
        SystemUsage.using_units.through,
        "systemusage_id",
        "organizationunit_id",
        {
            ctx.usages[k].pk: unit_sets[k]
            for k in units_dirty | {u.uuid for u in create if unit_sets[u.uuid]}
        },
    )
