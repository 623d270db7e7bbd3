"""A plan without errors into the database: all or nothing, in one transaction with bulk
statements and one audit event per written record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.choices import AuditAction
from core.models import AuditEvent
from core.permissions import require
from interop.report import ImportReport
from interop.tabular.mapping import ENTITIES, MODELS, Sheet
from interop.tabular.plan import Plan, RowResult, ValueMap, plan_import
from interop.tabular.related import write_related
from organizations.models import Organization


def commit_plan(plan: Plan, *, actor: Any) -> ImportReport:
    """Write a plan without errors in one transaction; one audit event per written record."""
    report = plan.report
    report.dry_run = False
    if report.errors:
        return report
    org = plan.organization
    now = timezone.now()
    try:
        with transaction.atomic():
            events: list[AuditEvent] = []
            for entity in ENTITIES:
                model = MODELS[entity]
                created = plan.creates.get(entity, [])
                model._default_manager.bulk_create(created, batch_size=500)
                groups: dict[tuple[str, ...], list[models.Model]] = {}
                changed = list(plan.updates.get(entity, {}).values())
                for obj, _before, names in changed:
                    obj.updated_at = now  # type: ignore[attr-defined]
                    groups.setdefault(tuple(sorted(names)), []).append(obj)
                for names_key, objs in groups.items():
                    model._default_manager.bulk_update(
                        objs, [*names_key, "updated_at"], batch_size=500
                    )
                written: list[tuple[str, models.Model, dict[str, Any] | None, Any]] = [
                    (AuditAction.CREATE, obj, None, {"import": True}) for obj in created
                ]
                written += [(AuditAction.UPDATE, obj, before, None) for obj, before, _n in changed]
                events += [
                    audit.event(
                        actor=actor,
                        organization=org,
                        action=action,
                        obj=obj,
                        before=before,
                        after=audit.snapshot(obj, relations=False),
                        extra=extra,
                    )
                    for action, obj, before, extra in written
                ]
            events += write_related(plan.related, actor=actor, organization=org)
            AuditEvent.objects.bulk_create(events, batch_size=500)
    except IntegrityError as exc:
        report.error(0, _("Databasen afviste importen: %(err)s") % {"err": exc})
        return report
    report.committed = True
    return report


def import_tables(
    *,
    actor: Any,
    organization: Organization,
    sheets: list[Sheet],
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
    values: ValueMap | None = None,
    year: int | None = None,
) -> tuple[ImportReport, list[RowResult]]:
    """Plan, and unless ``dry_run`` or in error, commit. Returns the report and the rows."""
    require(actor, organization, "portfolio.change")
    plan = plan_import(
        organization, sheets, dry_run=dry_run, progress=progress, values=values, year=year
    )
    if dry_run or plan.report.errors:
        return plan.report, plan.rows
    return commit_plan(plan, actor=actor), plan.rows
