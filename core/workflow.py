"""One workflow mechanism: declared state machines and the one service that moves objects.

A :class:`Machine` declares, for one model, its states and the named :class:`Transition`\\ s
between them: who may take each (a permission checked with
:func:`core.permissions.require`, or a callable for rules that are no role permission),
the fields each needs (a reason, a meeting reference), the rules checked under the row
lock, an optional deadline with an :func:`overdue` query, and an optional freeze hook (a
frozen copy made inside the transition, e.g. a business case's ``CaseVersion``).

:func:`transition` is the only way to move an object:

1. it resolves the transition (by name, or by target state);
2. checks the actor's permission, the required fields and that the caller's copy of the
   object is in one of the transition's source states (else a Danish ValidationError);
3. in one transaction takes the machine's extra locks and a row lock on the object
   (``select_for_update``, re-read into the caller's object) and checks the state again:
   when the row has meanwhile reached the target (a double submit, a concurrent duplicate
   request) it returns the object and writes nothing; when it is in no source state the
   transition is refused;
4. runs the transition's rule check (under the lock), the machine's freeze hook and the
   transition's apply hook, writes the new state, saves, and records the AuditEvent
   (before/after values plus what the hooks add) and a
   :class:`~core.models.TransitionRecord` (who, when, from, to, which transition, why).

A transition that lists its target among its sources (a gate's decision recorded again
with a corrected meeting reference) is applied each time; when it changes nothing,
nothing is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import DateTimeField, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.concurrency import lock
from core.models import TransitionRecord
from core.permissions import require

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Hooks: (object, fields) / (object, actor, fields); apply and freeze return audit extras.
Check = Callable[[Any, Mapping[str, Any]], None]
Clean = Callable[[Mapping[str, Any]], "Mapping[str, Any]"]
Apply = Callable[[Any, Any, Mapping[str, Any]], "dict[str, Any] | None"]
Permission = str | Callable[[Any, Any, Any], None] | None
Text: TypeAlias = "str | _StrPromise"  # messages are declared with gettext_lazy
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True, eq=False)
class Transition:
    """A named move from one of ``sources`` to ``target``.

    ``permission``: a permission name (checked in the object's organization, with the
    object for object-level rules) or ``callable(actor, organization, obj)`` that raises
    PermissionDenied. ``required``: field name → the message when it is missing or blank;
    ``clean(fields)`` returns further errors by field on the values given (no database),
    reported together with the missing ones.
    ``refusal``: the message when the object is in no source state (default: a generic
    one naming the transition and the state). ``check(obj, fields)`` runs under the row
    lock and raises ValidationError; ``apply(obj, actor, fields)`` sets the object's other
    fields and returns extra values for the audit event.
    """

    name: str
    sources: tuple[str, ...]
    target: str
    permission: Permission = None
    required: Mapping[str, Text] = dataclasses.field(default_factory=dict)
    refusal: Text | None = None
    clean: Clean | None = None
    check: Check | None = None
    apply: Apply | None = None


@dataclass(frozen=True, eq=False)
class Machine:
    """The declared workflow of one model.

    ``field`` holds the state; a model whose state is derived from several fields passes
    ``state`` (a callable reading it) and lets the transitions' ``apply`` write it.
    ``final``: the states in which the object is done (a deadline no longer applies).
    ``deadline``: the date or datetime field of the :func:`overdue` query. ``lock(obj)``
    takes further row locks before the object's own (e.g. all gates of a roadmap, whose
    order rules span them). ``freeze(obj, actor, transition, fields)`` runs inside every
    transition before the new values are set and returns audit extras.
    ``organization(obj)`` is the tenant (default ``obj.organization``); ``audit_exclude``
    leaves fields out of the audit event's before/after values.
    """

    name: str
    model: type[models.Model]
    states: tuple[str, ...]
    transitions: tuple[Transition, ...]
    field: str = "status"
    state: Callable[[Any], str] | None = None
    final: tuple[str, ...] = ()
    deadline: str | None = None
    lock: Callable[[Any], None] | None = None
    freeze: Callable[[Any, Any, Transition, Mapping[str, Any]], dict[str, Any] | None] | None = None
    organization: Callable[[Any], Any] = audit.organization_of
    audit_exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: transition names must be unique")
        for t in self.transitions:
            unknown = {*t.sources, t.target} - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}.{t.name}: undeclared states {sorted(unknown)}")
        if not set(self.final) <= set(self.states):
            raise ValueError(f"{self.name}: undeclared final states")

    def current(self, obj: Any) -> str:
        return self.state(obj) if self.state is not None else str(getattr(obj, self.field))

    def label(self, obj: Any, state: str) -> str:
        """The state's display name (the field's choice label when there is one)."""
        if self.state is None:
            choices = dict(obj._meta.get_field(self.field).flatchoices)
            return str(choices.get(state, state))
        return state

    def get(self, obj: Any, name_or_target: str) -> Transition:
        """The transition called ``name_or_target``, or the one leading to that state
        (from the object's state when several lead there)."""
        for t in self.transitions:
            if t.name == name_or_target:
                return t
        leading = [t for t in self.transitions if t.target == name_or_target]
        if len(leading) > 1:
            state = self.current(obj)
            leading = [t for t in leading if state in t.sources] or leading[:1]
        if not leading:
            raise ValidationError(_("Ukendt overgang: %(name)s.") % {"name": name_or_target})
        return leading[0]

    def allowed(self, state: str) -> list[Transition]:
        """The transitions declared from ``state``."""
        return [t for t in self.transitions if state in t.sources]


def _refuse(machine: Machine, obj: Any, t: Transition, state: str) -> ValidationError:
    if t.refusal is not None:
        return ValidationError(t.refusal)
    return ValidationError(
        _("Overgangen »%(transition)s« er ikke tilladt fra »%(state)s«.")
        % {"transition": t.name, "state": machine.label(obj, state)}
    )


def _authorize(t: Transition, actor: Any, organization: Any, obj: Any) -> None:
    if callable(t.permission):
        t.permission(actor, organization, obj)
    elif t.permission:
        require(actor, organization, t.permission, obj)


def _clean(t: Transition, fields: Mapping[str, Any]) -> None:
    errors = {
        name: message
        for name, message in t.required.items()
        if fields.get(name) is None or (isinstance(fields[name], str) and not fields[name].strip())
    }
    if t.clean is not None:
        errors = {**t.clean(fields), **errors}
    if errors:
        raise ValidationError(errors)


def transition(machine: Machine, obj: M, name_or_target: str, *, actor: Any, **fields: Any) -> M:
    """Move obj along the transition ``name_or_target`` (see the module docstring).

    Returns obj (re-read under the lock, with the new state). Fields the transition needs
    (and any others its hooks read: a note, a date) are passed as keyword arguments and
    recorded, JSON-ready, in the TransitionRecord.
    """
    t = machine.get(obj, name_or_target)
    organization = machine.organization(obj)
    _authorize(t, actor, organization, obj)
    _clean(t, fields)
    seen = machine.current(obj)
    if seen not in t.sources:
        raise _refuse(machine, obj, t, seen)
    with transaction.atomic():
        if machine.lock is not None:
            machine.lock(obj)
        lock(obj)
        state = machine.current(obj)
        if state == t.target and state not in t.sources:
            return obj  # taken meanwhile by a duplicate request: nothing to do
        if state not in t.sources:
            raise _refuse(machine, obj, t, state)
        if t.check is not None:
            t.check(obj, fields)
        with audit.audited(
            actor=actor, obj=obj, organization=organization, exclude=machine.audit_exclude
        ) as change:
            if machine.freeze is not None:
                change.extra.update(machine.freeze(obj, actor, t, fields) or {})
            if t.apply is not None:
                change.extra.update(t.apply(obj, actor, fields) or {})
            if machine.state is None:
                setattr(obj, machine.field, t.target)
            elif machine.current(obj) != t.target:
                raise ValueError(f"{machine.name}.{t.name} did not reach {t.target}")
            obj.full_clean()
            obj.save()
        if change.event is not None:
            _record(machine, obj, t, actor, organization, state, fields)
    return obj


def _record(
    machine: Machine,
    obj: Any,
    t: Transition,
    actor: Any,
    organization: Any,
    from_state: str,
    fields: Mapping[str, Any],
) -> TransitionRecord:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return TransitionRecord.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        organization=organization,
        machine=machine.name,
        transition=t.name,
        from_state=from_state,
        to_state=t.target,
        actor=user,
        actor_label=user.get_username() if user else getattr(actor, "label", ""),
        fields={k: audit.plain(v) for k, v in fields.items() if v is not None},
    )


def records(machine: Machine, obj: Any = None) -> QuerySet[TransitionRecord]:
    """The machine's TransitionRecords (of one object when given), newest first."""
    rows = TransitionRecord.objects.filter(machine=machine.name)
    if obj is not None:
        rows = rows.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
    return rows


def overdue(machine: Machine, queryset: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """The objects (of ``queryset``, default all) whose deadline has passed and that are
    not in a final state."""
    if machine.deadline is None or machine.state is not None:
        raise ValueError(f"{machine.name} declares no deadline on a state field")
    rows = queryset if queryset is not None else machine.model._default_manager.all()
    deadline = machine.model._meta.get_field(machine.deadline)
    now = timezone.now() if isinstance(deadline, DateTimeField) else timezone.localdate()
    return rows.filter(**{f"{machine.deadline}__lt": now}).exclude(
        **{f"{machine.field}__in": machine.final}
    )


__all__ = ["Machine", "Transition", "overdue", "records", "transition"]
