"""Generating the agenda: each source, idempotence, the secretary's order and edits kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from controlbody import services
from controlbody.choices import Decision, ItemKind
from controlbody.models import AgendaItem, Meeting
from controlbody.tests.conftest import meeting_for, review, waiting_request
from core.models import AuditEvent
from organizations.testing import make_organization, make_user
from procurement import services as procurement
from procurement.choices import Stage
from procurement.tests.test_workflow import make_request

pytestmark = pytest.mark.django_db


def titles(meeting: Meeting) -> list[str]:
    return [i.title for i in meeting.items.order_by("position")]


def test_each_source_comes_onto_the_agenda(
    org: Any, architect: Any, meeting: Meeting, due_items: Any
) -> None:
    waiting = waiting_request(org, architect, title="Ventende behov")
    # An exception asked for: a show stopper answered "nej" and let pass by an arkitekt.
    asking = make_request(org, architect, title="Behov med undtagelse")
    procurement.request_move(actor=architect, request=asking, transition_name="clarify")
    procurement.answer_set(
        actor=architect, request=asking, question_key="forretningsbehov", value="nej"
    )
    procurement.answer_override(
        actor=architect, request=asking, question_key="forretningsbehov", reason="Akut behov"
    )
    due_items.append(review(org, -3))  # overdue review
    due_items.append(review(org, 3))  # due before the meeting
    due_items.append(review(org, 30))  # after the meeting: not yet
    due_items.append(review(org, -3, agenda=False))  # not for the agenda
    other = make_organization()
    due_items.append(review(other, -3))  # another organization's

    new = services.agenda_generate(actor=architect, meeting=meeting)

    kinds = [(i.kind, i.request_id) for i in new]
    assert (ItemKind.REQUEST, waiting.pk) in kinds
    assert (ItemKind.EXCEPTION, asking.pk) in kinds
    exception = next(i for i in new if i.kind == ItemKind.EXCEPTION)
    assert "Akut behov" in exception.description
    due = [i for i in new if i.kind == ItemKind.DUE]
    assert [i.link for i in due] == [due_items[0].link, due_items[1].link]
    assert [i.position for i in new] == list(range(1, len(new) + 1))


def test_generating_again_adds_only_what_is_new_and_keeps_the_secretarys_work(
    org: Any, architect: Any, meeting: Meeting, due_items: Any
) -> None:
    first_request = waiting_request(org, architect, title="Første behov")
    due_items.append(review(org, -1))
    services.agenda_generate(actor=architect, meeting=meeting)
    request_item = meeting.items.get(request=first_request)
    review_item = meeting.items.get(kind=ItemKind.DUE)
    services.item_update(
        actor=architect, item=review_item, title="Gennemgang (redigeret)", description="Note"
    )
    free = services.item_add(actor=architect, meeting=meeting, title="Eventuelt")
    services.item_move(actor=architect, item=free, to=1)
    order_before = titles(meeting)

    again = services.agenda_generate(actor=architect, meeting=meeting)
    assert again == []
    assert titles(meeting) == order_before

    waiting_request(org, architect, title="Andet behov")
    added = services.agenda_generate(actor=architect, meeting=meeting)
    assert [i.title for i in added] == ["Anskaffelse: Andet behov"]
    assert titles(meeting) == [*order_before, "Anskaffelse: Andet behov"]
    assert meeting.items.get(pk=review_item.pk).description == "Note"
    assert meeting.items.filter(request=first_request).count() == 1
    assert request_item.pk in meeting.items.values_list("pk", flat=True)


def test_moving_and_removing_items(org: Any, architect: Any, meeting: Meeting) -> None:
    _a, b, c = (services.item_add(actor=architect, meeting=meeting, title=t) for t in "ABC")
    services.item_move(actor=architect, item=c, to=1)
    assert titles(meeting) == ["C", "A", "B"]
    services.item_move(actor=architect, item=c, to=99)  # beyond the end: last
    assert titles(meeting) == ["A", "B", "C"]
    services.item_delete(actor=architect, item=b)
    assert titles(meeting) == ["A", "C"]
    assert list(meeting.items.values_list("position", flat=True)) == [1, 2]
    assert AuditEvent.objects.filter(object_id=str(meeting.pk), changes__has_key="agenda").exists()


def test_a_held_meetings_agenda_cannot_change(org: Any, architect: Any, meeting: Meeting) -> None:
    services.item_add(actor=architect, meeting=meeting, title="A")
    services.meeting_move(actor=architect, meeting=meeting, transition_name="hold")
    with pytest.raises(ValidationError, match="afholdt"):
        services.agenda_generate(actor=architect, meeting=meeting)
    with pytest.raises(ValidationError):
        services.item_add(actor=architect, meeting=meeting, title="B")
    assert titles(meeting) == ["A"]


def test_an_exception_decided_once_does_not_return(org: Any, architect: Any, body: Any) -> None:
    asking = make_request(org, architect)
    procurement.request_move(actor=architect, request=asking, transition_name="clarify")
    procurement.answer_set(
        actor=architect, request=asking, question_key="forretningsbehov", value="nej"
    )
    procurement.answer_override(
        actor=architect, request=asking, question_key="forretningsbehov", reason="Ok"
    )
    first = meeting_for(org, architect)
    (item,) = services.agenda_generate(actor=architect, meeting=first)
    services.item_decide(
        actor=architect, item=item, decision=Decision.APPROVED, reasoning="Undtagelse givet"
    )
    second = meeting_for(org, architect, days=20)
    assert services.agenda_generate(actor=architect, meeting=second) == []
    assert asking.__class__.objects.get(pk=asking.pk).stage == Stage.AFKLARING  # unmoved


def test_a_reader_may_not_generate(org: Any, meeting: Meeting) -> None:
    reader = make_user(organization=org, roles=["laeser"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.agenda_generate(actor=reader, meeting=meeting)
    assert not AgendaItem.objects.exists()


def test_two_meetings_each_get_the_waiting_request(org: Any, architect: Any, body: Any) -> None:
    request = waiting_request(org, architect)
    first, second = meeting_for(org, architect), meeting_for(org, architect, days=30)
    services.agenda_generate(actor=architect, meeting=first)
    services.agenda_generate(actor=architect, meeting=second, today=dt.date.today())
    assert AgendaItem.objects.filter(request=request).count() == 2
