"""The workflow mechanism (core.workflow) and the audited-write primitive (core.audit.audited).

The machines here are declared on OrganizationUnit with its free-text ``name`` as the
state, so any state names can be tried.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import audit
from core.models import AuditEvent, TransitionRecord
from core.permissions import SystemActor
from core.workflow import Machine, Transition, overdue, records, transition
from organizations.models import Organization, OrganizationUnit
from organizations.testing import make_organization, make_user

pytestmark = pytest.mark.django_db


def _unit(org: Organization, state: str) -> OrganizationUnit:
    return OrganizationUnit.objects.create(organization=org, name=state)


def _machine(*transitions: Transition, states: tuple[str, ...] = ("a", "b", "c")) -> Machine:
    return Machine(
        name="test.unit",
        model=OrganizationUnit,
        field="name",
        states=states,
        transitions=transitions,
    )


def _written(unit: OrganizationUnit) -> tuple[int, int]:
    """(TransitionRecords, AuditEvents) about the unit."""
    return (
        TransitionRecord.objects.filter(object_id=str(unit.pk)).count(),
        AuditEvent.objects.filter(object_id=str(unit.pk)).count(),
    )


# Declared machines, random pairs ----------------------------------------------------------

STATES = ("s0", "s1", "s2", "s3", "s4")


@st.composite
def machines(draw: Any) -> Machine:
    """A machine over 2-5 states with random transitions (each from a non-empty set of
    other states to one target)."""
    states = STATES[: draw(st.integers(min_value=2, max_value=len(STATES)))]
    transitions = []
    for index in range(draw(st.integers(min_value=0, max_value=6))):
        target = draw(st.sampled_from(states))
        others = [s for s in states if s != target]
        sources = draw(st.sets(st.sampled_from(others), min_size=1))
        transitions.append(Transition(f"t{index}", tuple(sorted(sources)), target))
    return _machine(*transitions, states=states)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(machine=machines(), data=st.data())
def test_only_declared_transitions_are_taken(machine: Machine, data: Any) -> None:
    org = Organization.objects.first() or make_organization()
    current = data.draw(st.sampled_from(machine.states), label="current")
    target = data.draw(st.sampled_from(machine.states), label="target")
    unit = _unit(org, current)
    declared = any(current in t.sources and t.target == target for t in machine.transitions)
    if declared:
        transition(machine, unit, target, actor=SystemActor())
        unit.refresh_from_db()
        assert unit.name == target
        [row] = records(machine, unit)
        assert (row.from_state, row.to_state) == (current, target)
    else:
        with pytest.raises(ValidationError):
            transition(machine, unit, target, actor=SystemActor())
        unit.refresh_from_db()
        assert unit.name == current and _written(unit) == (0, 0)
    # By name: a transition is taken exactly when the state is one of its sources.
    if machine.transitions:
        chosen = data.draw(st.sampled_from(machine.transitions), label="by name")
        state = unit.name
        if state in chosen.sources:
            transition(machine, unit, chosen.name, actor=SystemActor())
            assert OrganizationUnit.objects.get(pk=unit.pk).name == chosen.target
        else:
            with pytest.raises(ValidationError):
                transition(machine, unit, chosen.name, actor=SystemActor())
            assert OrganizationUnit.objects.get(pk=unit.pk).name == state


def test_unknown_transitions_and_bad_declarations_are_refused() -> None:
    unit = _unit(make_organization(), "a")
    machine = _machine(Transition("go", ("a",), "b"))
    with pytest.raises(ValidationError, match="Ukendt overgang"):
        transition(machine, unit, "fly", actor=SystemActor())
    unit.name = "b"
    with pytest.raises(ValidationError, match="ikke tilladt fra »b«"):
        transition(machine, unit, "go", actor=SystemActor())
    with pytest.raises(ValueError, match="undeclared states"):
        _machine(Transition("go", ("a",), "z"))
    with pytest.raises(ValueError, match="unique"):
        _machine(Transition("go", ("a",), "b"), Transition("go", ("b",), "c"))


# The record, the audit event, hooks ----------------------------------------------------


def test_a_transition_records_who_when_from_to_and_why() -> None:
    org = make_organization()
    user = make_user("beslutter", organization=org, roles=["administrator"])
    unit = _unit(org, "a")
    frozen: list[str] = []

    def freeze(obj: Any, actor: Any, step: Transition, fields: Any) -> dict[str, Any]:
        frozen.append(obj.name)  # still the state before the transition
        return {"frozen": obj.name}

    machine = Machine(
        name="test.unit",
        model=OrganizationUnit,
        field="name",
        states=("a", "b"),
        transitions=(
            Transition(
                "go",
                ("a",),
                "b",
                permission="unit.change",
                required={"reason": "Angiv en begrundelse."},
                apply=lambda obj, actor, fields: {"reason": fields["reason"]},
            ),
        ),
        freeze=freeze,
    )
    returned = transition(machine, unit, "go", actor=user, reason="Fordi")

    assert returned is unit and unit.name == "b" and frozen == ["a"]
    [row] = records(machine, unit)
    assert (row.machine, row.transition, row.from_state, row.to_state) == (
        "test.unit",
        "go",
        "a",
        "b",
    )
    assert (row.actor, row.actor_label, row.organization) == (user, "beslutter", org)
    assert row.fields == {"reason": "Fordi"} and row.at is not None and row.object_repr == "b"
    assert row.content_object == unit
    event = AuditEvent.objects.get(object_id=str(unit.pk))
    assert event.actor == user and event.organization == org
    assert event.changes["name"] == {"before": "a", "after": "b"}
    assert event.changes["reason"]["after"] == "Fordi"
    assert event.changes["frozen"]["after"] == "a"
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()


def test_required_fields_are_refused_together_before_anything_is_written() -> None:
    unit = _unit(make_organization(), "a")
    machine = _machine(
        Transition(
            "go",
            ("a",),
            "b",
            required={"reason": "Angiv en begrundelse.", "meeting": "Angiv mødet."},
            clean=lambda fields: {"when": "Ikke i fremtiden."} if fields.get("when") else {},
        )
    )
    with pytest.raises(ValidationError) as error:
        transition(machine, unit, "go", actor=SystemActor(), reason="  ", when="i morgen")
    assert error.value.message_dict == {
        "reason": ["Angiv en begrundelse."],
        "meeting": ["Angiv mødet."],
        "when": ["Ikke i fremtiden."],
    }
    unit.refresh_from_db()
    assert unit.name == "a" and _written(unit) == (0, 0)


def test_permission_is_required_in_the_objects_organization() -> None:
    org = make_organization()
    unit = _unit(org, "a")
    reader = make_user(organization=org, roles=["laeser"])
    outsider = make_user(organization=make_organization(), roles=["administrator"])
    machine = _machine(Transition("go", ("a",), "b", permission="unit.change"))
    for actor in (reader, outsider):
        with pytest.raises(PermissionDenied):
            transition(machine, unit, "go", actor=actor)
    assert OrganizationUnit.objects.get(pk=unit.pk).name == "a" and _written(unit) == (0, 0)
    refuse = _machine(Transition("go", ("a",), "b", permission=_nobody))
    with pytest.raises(PermissionDenied, match="ingen"):
        transition(refuse, unit, "go", actor=SystemActor())


def _nobody(actor: Any, organization: Any, obj: Any) -> None:
    raise PermissionDenied("ingen")


# Idempotency and the re-check under the lock -----------------------------------------------


def test_a_duplicate_request_is_a_no_op() -> None:
    """Two requests hold the same draft; the second finds, under the lock, that the first
    has taken the transition: it returns the object and writes nothing."""
    unit = _unit(make_organization(), "a")
    stale = OrganizationUnit.objects.get(pk=unit.pk)
    machine = _machine(Transition("go", ("a",), "b"))
    transition(machine, unit, "go", actor=SystemActor())
    written = _written(unit)

    again = transition(machine, stale, "go", actor=SystemActor())

    assert again is stale and stale.name == "b"  # re-read under the lock
    assert _written(unit) == written == (1, 1)


def test_a_self_loop_that_changes_nothing_writes_nothing() -> None:
    unit = _unit(make_organization(), "a")
    machine = _machine(
        Transition(
            "note",
            ("a", "b"),
            "b",
            apply=lambda obj, actor, fields: setattr(obj, "local_id", fields["ref"]),
        )
    )
    transition(machine, unit, "note", actor=SystemActor(), ref="x")
    transition(machine, unit, "note", actor=SystemActor(), ref="x")
    assert _written(unit) == (1, 1)
    transition(machine, unit, "note", actor=SystemActor(), ref="y")  # a correction
    assert _written(unit) == (2, 2)
    assert [r.from_state for r in records(machine, unit)] == ["b", "a"]


def test_the_state_is_checked_again_under_the_lock() -> None:
    """The caller's copy says a; the row moved on to c meanwhile: refused, nothing written."""
    unit = _unit(make_organization(), "a")
    machine = _machine(Transition("go", ("a",), "b", check=_check_called))
    OrganizationUnit.objects.filter(pk=unit.pk).update(name="c")
    with pytest.raises(ValidationError, match="ikke tilladt fra »c«"):
        transition(machine, unit, "go", actor=SystemActor())
    assert unit.name == "c" and _written(unit) == (0, 0)


def _check_called(obj: Any, fields: Any) -> None:
    raise AssertionError("the rules run only in an allowed state")


def test_rules_and_lock_hook_run_inside_the_transaction() -> None:
    unit = _unit(make_organization(), "a")
    locked: list[int] = []

    def refuse(obj: Any, fields: Any) -> None:
        raise ValidationError("Reglen siger nej.")

    machine = Machine(
        name="test.unit",
        model=OrganizationUnit,
        field="name",
        states=("a", "b"),
        transitions=(Transition("go", ("a",), "b", check=refuse),),
        lock=lambda obj: locked.append(obj.pk),
    )
    with pytest.raises(ValidationError, match="nej"):
        transition(machine, unit, "go", actor=SystemActor())
    assert locked == [unit.pk] and _written(unit) == (0, 0)


def test_overdue_needs_a_deadline() -> None:
    with pytest.raises(ValueError, match="no deadline"):
        overdue(_machine())


# The audited-write primitive ------------------------------------------------------------


def test_audited_records_only_what_changed() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    unit = _unit(org, "Løn")
    with audit.audited(actor=user, obj=unit) as change:
        unit.save()
    assert change.event is None and change.changes == {}

    with audit.audited(actor=user, obj=unit, extra={"why": "omdøbt"}) as change:
        unit.name = "Løn og Personale"
        unit.save()
    event = change.event
    assert event is not None and event.organization == org and event.actor == user
    assert event.changes == {
        "name": {"before": "Løn", "after": "Løn og Personale"},
        "why": {"before": None, "after": "omdøbt"},
    }

    with audit.audited(actor=user, obj=unit, exclude=("name",)) as change:
        unit.name = "Skjult"
        unit.save()
    assert change.event is None


def test_audited_records_a_creation_and_custom_values() -> None:
    org = make_organization()
    unit = OrganizationUnit(organization=org, name="Ny")
    with audit.audited(actor=SystemActor(), obj=unit, action=audit.AuditAction.CREATE) as change:
        unit.save()
    assert change.event is not None and change.event.action == "create"
    assert change.event.changes["name"] == {"before": None, "after": "Ny"}
    assert change.event.actor_label == "system (manage.py)"

    with audit.audited(
        actor=SystemActor(), obj=unit, values=lambda u: {"upper": u.name.upper()}
    ) as change:
        unit.name = "ny"
        unit.save()
    assert change.event is None  # NY before and after
