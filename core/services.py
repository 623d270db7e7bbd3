"""Generic audited writes that the apps' services build on.

Each function runs in one transaction, validates the model (full_clean), saves it and
records an AuditEvent with the before/after values (through :func:`core.audit.audited`).
App services add their own rules and permission checks and then call these.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.choices import AuditAction
from core.concurrency import changed_concrete_fields, check_expected, column_values

M = TypeVar("M", bound=models.Model)


def _set_m2m(obj: models.Model, m2m: dict[str, Any] | None) -> None:
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)


def create_audited(
    *,
    model: type[M],
    actor: Any,
    m2m: dict[str, Any] | None = None,
    audit_organization: Any = None,
    **fields: Any,
) -> M:
    obj = model(**fields)
    check_not_null(obj)
    obj.full_clean()
    with audited_on(obj, actor, audit_organization, action=AuditAction.CREATE):
        obj.save()
        _set_m2m(obj, m2m)
    return obj


def update_audited(
    *,
    obj: M,
    actor: Any,
    m2m: dict[str, Any] | None = None,
    audit_organization: Any = None,
    **fields: Any,
) -> M:
    """Set ``fields`` on obj, validate and save only the columns that changed (plus
    ``updated_at``), so a concurrent write of another field of the same row survives.

    A version the caller expects (``If-Match``, a form's ``_version``) is compared under
    the row lock first (:func:`core.audit.audited`)."""
    with transaction.atomic():
        with audited_on(obj, actor, audit_organization) as change:
            original = column_values(obj)
            for name, value in fields.items():
                setattr(obj, name, value)
            check_not_null(obj)
            obj.full_clean()
            changed = changed_concrete_fields(obj, original)
            if changed:
                obj.save(update_fields=_with_timestamp(obj, changed))
            _set_m2m(obj, m2m)
        if change.changes and not changed:
            touch(obj)  # only many-to-many links changed: the version still moves
    return obj


def _with_timestamp(obj: models.Model, names: list[str]) -> list[str]:
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        return sorted({*names, "updated_at"})
    return names


def check_not_null(obj: models.Model) -> None:
    """A field that cannot be NULL but holds ``None`` (an explicit ``null`` from the API) is a
    validation error naming the field. ``full_clean`` lets ``None`` through for fields that
    may be blank, and the database would then refuse the row with an error page."""
    errors = {
        field.name: _("Feltet må ikke være tomt (null).")
        for field in obj._meta.concrete_fields
        if not field.null
        and not field.primary_key
        and getattr(obj, field.attname) is None
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
        and field.blank
    }
    if errors:
        raise ValidationError(errors)


def audited_on(
    obj: models.Model, actor: Any, fallback: Any = None, action: str = AuditAction.UPDATE
) -> Any:
    """:func:`core.audit.audited` for obj in its own tenant (``fallback`` for shared rows)."""
    organization = audit.organization_of(obj, fallback)
    return audit.audited(actor=actor, obj=obj, organization=organization, action=action)


def touch(obj: models.Model) -> None:
    """Move ``updated_at`` of obj (its children changed), so ``changed_since`` sees it."""
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        now = timezone.now()
        type(obj)._default_manager.filter(pk=obj.pk).update(updated_at=now)
        obj.updated_at = now  # type: ignore[attr-defined]


def replace_children_audited(*, obj: M, actor: Any, relation: str, rows: list[dict[str, Any]]) -> M:
    """Replace the child rows ``obj.<relation>`` (e.g. cost lines) and audit it as an update
    of the parent. ``relation`` must be listed in the parent's ``audit_children``."""
    manager = getattr(obj, relation)
    child_model = manager.model
    parent_field = manager.field.name
    children = [child_model(**{parent_field: obj, **row}) for row in rows]
    for child in children:
        child.full_clean(exclude=[parent_field])
    with audited_on(obj, actor):
        manager.all().delete()
        child_model.objects.bulk_create(children)
        touch(obj)
    return obj


@transaction.atomic
def delete_audited(*, obj: models.Model, actor: Any, audit_organization: Any = None) -> None:
    check_expected(obj)
    audit.record(
        actor=actor,
        organization=audit.organization_of(obj, audit_organization),
        action=AuditAction.DELETE,
        obj=obj,
        before=audit.snapshot(obj),
    )
    obj.delete()
