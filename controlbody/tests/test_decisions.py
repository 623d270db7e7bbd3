"""Decisions move procurement requests; conditions are followed to closure and come back
onto the next agenda when overdue; a race between two decisions has one winner."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from controlbody import services
from controlbody.choices import ConditionStatus, Decision, ItemKind
from controlbody.due import conditions as due_conditions
from controlbody.models import AgendaItem, Condition
from controlbody.tests.conftest import meeting_for, waiting_request
from core.due import due_items
from core.models import TransitionRecord
from core.testing import postgres_race, race
from notifications.models import Notification
from organizations.testing import make_organization, make_user
from procurement import services as procurement
from procurement.choices import Stage
from procurement.models import Condition as RequestCondition
from procurement.models import ProcurementRequest

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _item_for(org: Any, architect: Any, request: ProcurementRequest, days: int = 7) -> AgendaItem:
    meeting = meeting_for(org, architect, days=days)
    services.agenda_generate(actor=architect, meeting=meeting)
    return meeting.items.get(request=request)


def test_approval_with_a_condition_moves_the_request_and_adds_its_condition(
    org: Any, architect: Any, body: Any
) -> None:
    owner = make_user(organization=org, roles=["systemejer"])
    request = waiting_request(org, architect)
    item = _item_for(org, architect, request)

    services.item_decide(
        actor=architect,
        item=item,
        decision=Decision.APPROVED_WITH_CONDITIONS,
        reasoning="Godkendt, når exit-planen er på plads.",
        conditions=[
            {"text": "Exit-plan", "owner": owner.pk, "due_date": TODAY + dt.timedelta(days=30)}
        ],
    )

    request.refresh_from_db()
    assert request.stage == Stage.BESLUTNING
    record = TransitionRecord.objects.get(
        machine="procurement.request", object_id=str(request.pk), transition="to_decision"
    )
    assert record.fields["reason"] == "Godkendt, når exit-planen er på plads."
    condition = Condition.objects.get(item=item)
    linked = RequestCondition.objects.get(request=request)
    assert condition.request_condition == linked
    assert (linked.text, linked.owner, linked.due_date) == ("Exit-plan", owner, condition.due_date)
    assert Notification.objects.filter(recipient=owner, link=condition.get_absolute_url()).exists()
    assert (
        TransitionRecord.objects.filter(machine="controlbody.item", object_id=str(item.pk)).count()
        == 1
    )


def test_rejection_ends_the_request_and_postponement_leaves_it(
    org: Any, architect: Any, body: Any
) -> None:
    rejected, postponed = waiting_request(org, architect), waiting_request(org, architect)
    meeting = meeting_for(org, architect)
    services.agenda_generate(actor=architect, meeting=meeting)
    services.item_decide(
        actor=architect,
        item=meeting.items.get(request=rejected),
        decision=Decision.REJECTED,
        reasoning="Dækkes af eksisterende system.",
    )
    services.item_decide(
        actor=architect,
        item=meeting.items.get(request=postponed),
        decision=Decision.POSTPONED,
        reasoning="Mangler business case.",
    )
    assert ProcurementRequest.objects.get(pk=rejected.pk).stage == Stage.AFVIST
    assert ProcurementRequest.objects.get(pk=postponed.pk).stage == Stage.KONTROLORGAN


def test_a_refused_move_keeps_nothing_of_the_decision(org: Any, architect: Any, body: Any) -> None:
    request = waiting_request(org, architect)
    item = _item_for(org, architect, request)
    # Meanwhile the request was withdrawn.
    procurement.request_move(
        actor=architect,
        request=ProcurementRequest.objects.get(pk=request.pk),
        transition_name="withdraw",
        reason="Ikke længere aktuelt",
    )
    with pytest.raises(ValidationError, match="venter ikke længere"):
        services.item_decide(
            actor=architect,
            item=item,
            decision=Decision.APPROVED_WITH_CONDITIONS,
            reasoning="Ok",
            conditions=[{"text": "X", "owner_name": "Leverandør", "due_date": TODAY}],
        )
    item.refresh_from_db()
    assert item.decision == ""
    assert not Condition.objects.exists() and not RequestCondition.objects.exists()


@pytest.mark.parametrize(
    ("decision", "conditions", "message"),
    [
        (Decision.APPROVED_WITH_CONDITIONS, [], "mindst ét vilkår"),
        (Decision.APPROVED, [{"text": "X", "owner_name": "A", "due_date": TODAY}], "hører til"),
        (Decision.APPROVED_WITH_CONDITIONS, [{"text": "X", "owner_name": "A"}], "frist"),
        (Decision.APPROVED_WITH_CONDITIONS, [{"text": "X", "due_date": TODAY}], "ansvarlig"),
        ("", [], "Vælg en beslutning"),
    ],
)
def test_bad_decisions_are_refused_clearly(
    org: Any, architect: Any, meeting: Any, decision: str, conditions: Any, message: str
) -> None:
    item = services.item_add(actor=architect, meeting=meeting, title="Punkt")
    with pytest.raises(ValidationError, match=message):
        services.item_decide(
            actor=architect, item=item, decision=decision, reasoning="Grund", conditions=conditions
        )
    item.refresh_from_db()
    assert item.decision == ""


def test_a_decision_is_taken_once(org: Any, architect: Any, meeting: Any) -> None:
    item = services.item_add(actor=architect, meeting=meeting, title="Punkt")
    services.item_decide(
        actor=architect, item=item, decision=Decision.NOTED, reasoning="Orientering"
    )
    stale = AgendaItem.objects.get(pk=item.pk)
    stale.decision = ""
    with pytest.raises(ValidationError, match="allerede"):
        services.item_decide(
            actor=architect, item=stale, decision=Decision.REJECTED, reasoning="Nej"
        )
    assert AgendaItem.objects.get(pk=item.pk).decision == Decision.NOTED


def test_an_overdue_condition_comes_onto_the_next_agenda_until_closed(
    org: Any, architect: Any, meeting: Any
) -> None:
    item = services.item_add(actor=architect, meeting=meeting, title="Løsningsgennemgang")
    services.item_decide(
        actor=architect,
        item=item,
        decision=Decision.APPROVED_WITH_CONDITIONS,
        reasoning="Ok",
        conditions=[
            {
                "text": "Test styringsplanen",
                "owner_name": "Driften",
                "due_date": TODAY - dt.timedelta(days=1),
            }
        ],
    )
    condition = Condition.objects.get()
    (due,) = due_conditions(today=TODAY, until=TODAY, organization_ids={org.pk})
    assert (
        due.agenda
        and due.key == f"control_condition:{condition.pk}:{condition.due_date.isoformat()}"
    )
    assert [
        i.key
        for i in due_items(today=TODAY, organization_ids={org.pk}, kinds=["control_condition"])
    ] == [due.key]

    following = meeting_for(org, architect, days=14)
    (new,) = services.agenda_generate(actor=architect, meeting=following)
    assert new.kind == ItemKind.DUE and "Test styringsplanen" in new.title
    assert new.link == condition.get_absolute_url()

    services.condition_close(
        actor=architect, condition=condition, status=ConditionStatus.MET, closing_note="Testet"
    )
    later = meeting_for(org, architect, days=28)
    assert services.agenda_generate(actor=architect, meeting=later) == []
    condition.refresh_from_db()
    assert (condition.status, condition.closed_on) == (ConditionStatus.MET, TODAY)


def test_a_condition_on_a_request_closes_on_both_sides(org: Any, architect: Any, body: Any) -> None:
    request = waiting_request(org, architect)
    item = _item_for(org, architect, request)
    services.item_decide(
        actor=architect,
        item=item,
        decision=Decision.APPROVED_WITH_CONDITIONS,
        reasoning="Ok",
        conditions=[
            {"text": "DPIA", "owner_name": "DPO", "due_date": TODAY - dt.timedelta(days=2)}
        ],
    )
    condition = Condition.objects.get()
    (due,) = due_conditions(today=TODAY, until=TODAY, organization_ids={org.pk})
    due_on = condition.due_date.isoformat()
    assert due.key == f"procurement.condition:{condition.request_condition_id}:{due_on}"
    # Met on the request page: met here too.
    assert condition.request_condition is not None
    procurement.condition_done(actor=architect, condition=condition.request_condition)
    condition.refresh_from_db()
    assert condition.effective_status == ConditionStatus.MET
    assert due_conditions(today=TODAY, until=TODAY, organization_ids={org.pk}) == []


def test_lapsing_needs_a_reason_and_closing_twice_is_refused(
    org: Any, architect: Any, meeting: Any
) -> None:
    item = services.item_add(actor=architect, meeting=meeting, title="Punkt")
    services.item_decide(
        actor=architect,
        item=item,
        decision=Decision.APPROVED_WITH_CONDITIONS,
        reasoning="Ok",
        conditions=[{"text": "Vilkår", "owner_name": "A", "due_date": TODAY}],
    )
    condition = Condition.objects.get()
    with pytest.raises(ValidationError, match="bortfaldet"):
        services.condition_close(
            actor=architect, condition=condition, status=ConditionStatus.LAPSED
        )
    services.condition_close(
        actor=architect, condition=condition, status=ConditionStatus.LAPSED, closing_note="Udfaset"
    )
    with pytest.raises(ValidationError, match="allerede lukket"):
        services.condition_close(
            actor=architect, condition=Condition.objects.get(), status=ConditionStatus.MET
        )


def test_an_owner_from_another_organization_is_refused(
    org: Any, architect: Any, meeting: Any
) -> None:
    stranger = make_user(organization=make_organization(), roles=["arkitekt"])
    item = services.item_add(actor=architect, meeting=meeting, title="Punkt")
    with pytest.raises(ValidationError, match="ikke medlem"):
        services.item_decide(
            actor=architect,
            item=item,
            decision=Decision.APPROVED_WITH_CONDITIONS,
            reasoning="Ok",
            conditions=[{"text": "V", "owner": stranger.pk, "due_date": TODAY}],
        )


@postgres_race
def test_postgres_two_decisions_at_once_on_one_item_one_wins(round_: int) -> None:
    org = make_organization()
    architect = make_user(organization=org, roles=["arkitekt"])
    services.body_save(actor=architect, organization=org)
    request = waiting_request(org, architect)
    item = _item_for(org, architect, request)
    copies = [
        AgendaItem.objects.select_related("meeting__organization", "request").get(pk=item.pk)
        for _ in range(2)
    ]

    outcomes = race(
        lambda: services.item_decide(
            actor=architect, item=copies[0], decision=Decision.APPROVED, reasoning="Ja"
        ),
        lambda: services.item_decide(
            actor=architect, item=copies[1], decision=Decision.REJECTED, reasoning="Nej"
        ),
    )

    assert sum(o is None for o in outcomes) == 1
    assert all(o is None or isinstance(o, ValidationError) for o in outcomes)
    item.refresh_from_db()
    request.refresh_from_db()
    expected = {Decision.APPROVED: Stage.BESLUTNING, Decision.REJECTED: Stage.AFVIST}
    assert request.stage == expected[Decision(item.decision)]
    assert (
        TransitionRecord.objects.filter(
            machine="procurement.request",
            object_id=str(request.pk),
            to_state__in=[Stage.BESLUTNING, Stage.AFVIST],
        ).count()
        == 1
    )
    assert (
        TransitionRecord.objects.filter(machine="controlbody.item", object_id=str(item.pk)).count()
        == 1
    )
