"""Audit trail: snapshots, diffs, the one function that writes AuditEvents and the one
audited-write primitive (:func:`audited`) that services wrap their changes in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from core.choices import AuditAction
from core.concurrency import check_expected
from core.middleware import current_request_id
from core.models import AuditEvent


def plain(value: Any) -> Any:
    """A value as JSON-ready data: decimals, dates and UUIDs as text, objects by their id."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, *, relations: bool = True) -> dict[str, Any]:
    """The audited field values of obj, JSON-ready (foreign keys as ids).

    ``relations=False`` leaves out many-to-many fields and child rows (no queries), for
    bulk writes that only touch the object's own columns.
    """
    exclude = set(getattr(obj, "audit_exclude", ("created_at", "updated_at")))
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.primary_key:
            continue
        data[field.name] = plain(getattr(obj, field.attname))
    if obj.pk is not None and relations:
        for field in obj._meta.many_to_many:
            if field.name not in exclude:
                data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
        # Child rows edited as part of the object (cost lines, payments, steps, …).
        for relation in getattr(obj, "audit_children", ()):
            data[relation] = [_child(row, obj) for row in getattr(obj, relation).all()]
    return data


def _child(row: models.Model, parent: models.Model) -> dict[str, Any]:
    """A child row's values, without its id and its link back to the parent."""
    return {
        field.name: plain(getattr(row, field.attname))
        for field in row._meta.concrete_fields
        if not field.primary_key and getattr(field, "related_model", None) is not type(parent)
    }


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """{field: {"before": x, "after": y}} for every field that differs."""
    before = before or {}
    after = after or {}
    changes: dict[str, Any] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changes[key] = {"before": old, "after": new}
    return changes


def event(
    *,
    actor: Any,
    organization: Any,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str = "",
    object_repr: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    """An unsaved AuditEvent (for ``bulk_create`` by bulk writers); see :func:`record`."""
    changes = diff(before, after)
    if extra:
        changes = {**changes, **{k: {"before": None, "after": v} for k, v in extra.items()}}
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        organization=organization,
        actor=user,
        actor_label=actor_label or (user.get_username() if user else getattr(actor, "label", "")),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:255],
        changes=changes,
        request_id=current_request_id(),
    )


def record(**kwargs: Any) -> AuditEvent:
    """Write one AuditEvent (keyword arguments as :func:`event`). Called by services
    inside their transaction."""
    audit_event = event(**kwargs)
    audit_event.save()
    return audit_event


def organization_of(obj: models.Model, fallback: Any = None) -> Any:
    """The tenant an event on obj belongs to: the object's organization, the organization
    itself, or — for shared rows such as vendors — ``fallback`` (who made the change)."""
    org = getattr(obj, "organization", None) or fallback
    if org is None and obj._meta.label == "organizations.Organization":
        return obj
    return org


@dataclass
class Change:
    """What :func:`audited` saw: the values before and after, and the event it wrote.

    The body may add to ``extra`` (values recorded with the event although they are not
    fields of the object, e.g. a frozen version number or a reason)."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)
    event: AuditEvent | None = None

    @property
    def changes(self) -> dict[str, Any]:
        return diff(self.before, self.after)


@contextmanager
def audited(
    *,
    actor: Any,
    obj: models.Model,
    organization: Any = None,
    action: str = AuditAction.UPDATE,
    extra: dict[str, Any] | None = None,
    exclude: Iterable[str] = (),
    values: Callable[[Any], dict[str, Any]] | None = None,
) -> Iterator[Change]:
    """Audit what the body does to ``obj`` as one event, in one transaction.

    Snapshots obj before (``None`` while it is unsaved, so a body that saves a new object
    records a creation), lets the body change it, snapshots it after, and records an
    AuditEvent only when the object was created, a value changed or ``extra`` holds
    something. ``values`` replaces
    the snapshot (e.g. only the order of a roadmap's milestones); ``exclude`` leaves
    fields out of it (e.g. a bulky result that ``extra`` summarises). ``organization``
    defaults to :func:`organization_of` the object. When the caller expects a version of
    obj (:func:`core.concurrency.expecting`), it is compared first, under the row lock.

    >>> # with audited(actor=user, obj=unit) as change:
    >>> #     unit.name = "Løn"; unit.save()
    """
    skip = set(exclude)

    def take() -> dict[str, Any] | None:
        if obj.pk is None:
            return None
        data = values(obj) if values is not None else snapshot(obj)
        return {k: v for k, v in data.items() if k not in skip}

    with transaction.atomic():
        check_expected(obj)
        change = Change(before=take(), extra=dict(extra or {}))
        yield change
        change.after = take()
        created_or_deleted = (change.before is None) != (change.after is None)
        if change.extra or change.changes or created_or_deleted:
            change.event = record(
                actor=actor,
                organization=organization if organization is not None else organization_of(obj),
                action=action,
                obj=obj,
                before=change.before,
                after=change.after,
                extra=change.extra or None,
            )


__all__ = [
    "AuditAction",
    "Change",
    "audited",
    "diff",
    "event",
    "organization_of",
    "plain",
    "record",
    "snapshot",
]
