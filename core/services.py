"""Generic audited writes that the apps' services build on.

Each function runs in one transaction, validates the model (full_clean), saves it and
records an AuditEvent with the before/after values. App services add their own rules and
permission checks and then call these.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from core import audit
from core.choices import AuditAction

M = TypeVar("M", bound=models.Model)


def _organization_of(obj: models.Model, fallback: Any = None) -> Any:
    """The tenant the event belongs to: the object's organization, the organization itself,
    or — for shared rows such as vendors — the organization that made the change."""
    org = getattr(obj, "organization", None) or fallback
    if org is None and obj._meta.label == "organizations.Organization":
        return obj
    return org


@transaction.atomic
def create_audited(
    *,
    model: type[M],
    actor: Any,
    m2m: dict[str, Any] | None = None,
    audit_organization: Any = None,
    **fields: Any,
) -> M:
    obj = model(**fields)
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    audit.record(
        actor=actor,
        organization=_organization_of(obj, audit_organization),
        action=AuditAction.CREATE,
        obj=obj,
        after=audit.snapshot(obj),
    )
    return obj


@transaction.atomic
def update_audited(
    *,
    obj: M,
    actor: Any,
    m2m: dict[str, Any] | None = None,
    audit_organization: Any = None,
    **fields: Any,
) -> M:
    before = audit.snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    after = audit.snapshot(obj)
    if audit.diff(before, after):
        audit.record(
            actor=actor,
            organization=_organization_of(obj, audit_organization),
            action=AuditAction.UPDATE,
            obj=obj,
            before=before,
            after=after,
        )
    return obj


def touch(obj: models.Model) -> None:
    """Move ``updated_at`` of obj (its children changed), so ``changed_since`` sees it."""
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        now = timezone.now()
        type(obj)._default_manager.filter(pk=obj.pk).update(updated_at=now)
        obj.updated_at = now  # type: ignore[attr-defined]


@transaction.atomic
def replace_children_audited(*, obj: M, actor: Any, relation: str, rows: list[dict[str, Any]]) -> M:
    """Replace the child rows ``obj.<relation>`` (e.g. cost lines) and audit it as an update
    of the parent. ``relation`` must be listed in the parent's ``audit_children``."""
    before = audit.snapshot(obj)
    manager = getattr(obj, relation)
    child_model = manager.model
    parent_field = manager.field.name
    children = [child_model(**{parent_field: obj, **row}) for row in rows]
    for child in children:
        child.full_clean(exclude=[parent_field])
    manager.all().delete()
    child_model.objects.bulk_create(children)
    touch(obj)
    after = audit.snapshot(obj)
    if audit.diff(before, after):
        audit.record(
            actor=actor,
            organization=_organization_of(obj),
            action=AuditAction.UPDATE,
            obj=obj,
            before=before,
            after=after,
        )
    return obj


@transaction.atomic
def delete_audited(*, obj: models.Model, actor: Any, audit_organization: Any = None) -> None:
    before = audit.snapshot(obj)
    organization = _organization_of(obj, audit_organization)
    audit.record(
        actor=actor,
        organization=organization,
        action=AuditAction.DELETE,
        obj=obj,
        before=before,
    )
    obj.delete()
