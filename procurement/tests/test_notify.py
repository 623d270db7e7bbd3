"""Who procurement notifies: stage changes and questions addressed to someone (each once),
with the mails after commit only; and what it reports as due (procurement.due)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from core.due import due_items
from notifications.choices import Kind
from notifications.models import Notification
from notifications.tests.smtp import smtp_server
from organizations.testing import make_organization, make_user
from procurement import due, notify, services
from procurement.choices import Stage
from procurement.models import Condition, ProcurementRequest

pytestmark = pytest.mark.django_db
KINDS = ["procurement_question", "procurement_condition", "procurement_wanted"]
__all__ = ["smtp_server"]


@pytest.fixture
def people() -> dict[str, Any]:
    org = make_organization(name="Eksempel Kommune")
    return {
        "org": org,
        "submitter": make_user(organization=org, roles=["redaktoer"], first_name="Sara"),
        "responsible": make_user(organization=org, roles=["systemejer"], first_name="Rune"),
        "buyer": make_user(organization=org, roles=["indkoeber"], first_name="Ib"),
        "buyer2": make_user(organization=org, roles=["indkoeber"]),
        "architect": make_user(organization=org, roles=["arkitekt"]),
        "admin": make_user(organization=org, roles=["administrator"]),
    }


def _request(p: dict[str, Any], **fields: Any) -> ProcurementRequest:
    return services.request_create(
        actor=p["submitter"],
        organization=p["org"],
        title="Bookingsystem til mødelokaler",
        problem="Lokaler bookes i regneark.",
        responsible=p["responsible"],
        **fields,
    )


def _of(user: Any, kind: str | None = None) -> list[Notification]:
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(kind=kind) if kind else rows)


def test_a_new_idea_has_no_questions_yet(people: dict[str, Any]) -> None:
    _request(people)
    assert not Notification.objects.exists()


def test_a_stage_change_tells_submitter_and_responsible_not_the_mover(
    people: dict[str, Any],
) -> None:
    request = _request(people)
    services.request_move(actor=people["buyer"], request=request, transition_name="clarify")
    for who in ("submitter", "responsible"):
        (stage,) = _of(people[who], Kind.STAGE)
        assert stage.text == (
            "»Bookingsystem til mødelokaler« er nu i fasen »Afklaring« (flyttet af Ib)."
        )
        assert stage.link == request.get_absolute_url()
        assert stage.organization == people["org"]
    for who in ("buyer", "buyer2", "architect", "admin"):
        assert _of(people[who], Kind.STAGE) == []


def _keys(notifications: list[Notification]) -> set[str]:
    return {n.key.rsplit(":", 1)[1] for n in notifications}


def test_questions_go_to_their_addressees_once(people: dict[str, Any]) -> None:
    from procurement.questions import asked, open_by_addressee

    request = _request(people)
    services.request_move(actor=people["buyer"], request=request, transition_name="clarify")
    waiting = {
        addressee: {item.question.key for item in items}
        for addressee, items in open_by_addressee(asked(request), Stage.AFKLARING).items()
    }
    assert waiting["forvaltning"] and waiting["indkoeber"] and waiting["arkitekt"]
    # forvaltning questions: the responsible person, not the submitter
    responsible = _of(people["responsible"], Kind.QUESTION)
    assert _keys(responsible) == waiting["forvaltning"]
    assert _of(people["submitter"], Kind.QUESTION) == []
    business_need = next(n for n in responsible if n.key.endswith(":forretningsbehov"))
    assert business_need.text.startswith(
        "»Bookingsystem til mødelokaler« venter på dit svar (Forvaltningen (ansvarlig)): "
    )
    assert business_need.link == f"{request.get_absolute_url()}#h-spoergsmaal"
    # indkøber questions: every indkøber, the one who moved it too (they are to-dos)
    assert _keys(_of(people["buyer"], Kind.QUESTION)) == waiting["indkoeber"]
    assert _keys(_of(people["buyer2"], Kind.QUESTION)) == waiting["indkoeber"]
    assert _keys(_of(people["architect"], Kind.QUESTION)) == waiting["arkitekt"]
    assert _of(people["admin"]) == []  # no questions are addressed to administrators
    # leverandør questions have nobody in Styrbar
    everyone = _keys(list(Notification.objects.filter(kind=Kind.QUESTION)))
    assert not everyone & waiting.get("leverandoer", set())
    before = Notification.objects.count()
    key = sorted(waiting["indkoeber"])[0]
    services.answer_set(actor=people["buyer"], request=request, question_key=key, value="ja")
    services.answer_set(actor=people["buyer"], request=request, question_key=key, value="nej")
    assert Notification.objects.count() == before  # each question once


def test_a_question_added_later_is_told_at_the_next_answer(people: dict[str, Any]) -> None:
    from procurement.models import LocalQuestion

    request = _request(people)
    services.request_move(actor=people["buyer"], request=request, transition_name="clarify")
    LocalQuestion.objects.create(
        organization=people["org"],
        key="sikkerhed",
        text="Er informationssikkerheden vurderet?",
        stage="afklaring",
        addressee="arkitekt",
    )
    services.answer_set(
        actor=people["buyer"], request=request, question_key="forretningsbehov", value="ja"
    )
    (told,) = [n for n in _of(people["architect"]) if n.key.endswith(":sikkerhed")]
    assert told.text.endswith("(Arkitekt): Er informationssikkerheden vurderet?")


def test_without_a_responsible_user_forvaltning_questions_go_to_the_submitter(
    people: dict[str, Any],
) -> None:
    request = _request(people)
    request.responsible = None
    request.responsible_name = "Ekstern konsulent"
    request.save()
    services.request_move(actor=people["buyer"], request=request, transition_name="clarify")
    assert any(n.key.endswith(":forretningsbehov") for n in _of(people["submitter"]))


def test_kontrolorgan_and_beslutning_tell_the_process_team(people: dict[str, Any]) -> None:
    request = _request(people)
    services.request_move(actor=people["buyer"], request=request, transition_name="clarify")
    Notification.objects.all().delete()
    request.stage = Stage.AFKLARING
    # answer the show stoppers of afklaring so the request may go on
    from procurement.questions import blocking

    for item in blocking(request):
        services.answer_set(
            actor=people["buyer"], request=request, question_key=item.question.key, value="ja"
        )
    services.request_move(actor=people["buyer"], request=request, transition_name="to_kontrolorgan")
    stage = "»Bookingsystem til mødelokaler« er nu i fasen »Kontrolorgan« (flyttet af Ib)."
    for who in ("submitter", "responsible", "buyer2", "architect"):
        assert [n.text for n in _of(people[who], Kind.STAGE)] == [stage], who
    assert _of(people["buyer"], Kind.STAGE) == []  # the mover
    assert _of(people["admin"], Kind.STAGE) == []  # administrators are not the team


def test_a_reason_is_part_of_the_text_and_a_duplicate_move_tells_nobody_twice(
    people: dict[str, Any],
) -> None:
    request = _request(people)
    services.request_move(
        actor=people["buyer"], request=request, transition_name="reject", reason="Findes allerede"
    )
    (text,) = [n.text for n in _of(people["submitter"], Kind.STAGE)]
    assert text.endswith("(flyttet af Ib): Findes allerede")
    notify.request_moved(actor=people["buyer"], request=request, reason="Findes allerede")
    assert len(_of(people["submitter"], Kind.STAGE)) == 1


def test_mails_go_out_after_commit_and_not_for_a_failed_move(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    request = _request(people)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.request_move(actor=people["buyer"], request=request, transition_name="clarify")
        raise RuntimeError("a later step of the same transaction fails")
    assert mail.outbox == []
    assert not Notification.objects.exists()
    request = ProcurementRequest.objects.get(pk=request.pk)
    assert request.stage == Stage.IDE
    with django_capture_on_commit_callbacks(execute=True):
        services.request_move(actor=people["buyer"], request=request, transition_name="clarify")
    recipients = sorted(m.to[0] for m in mail.outbox)
    # one mail per person: the stage change and their questions together
    assert len(recipients) == len(set(recipients))
    assert people["responsible"].email in recipients
    assert people["buyer"].email in recipients  # their questions


def _due(today: date, kind: str) -> list[Any]:
    return due_items(today=today, horizon_days=0, kinds=[kind])


def test_passed_deadlines_are_due_items_until_met(people: dict[str, Any]) -> None:
    """The wanted date and the conditions are reported to core.due (and reminded by
    send_reminders); a met condition or an ended request is no longer due."""
    today = date(2026, 3, 10)
    late = _request(people, wanted_date=today - timedelta(days=1))
    _request(people, wanted_date=today + timedelta(days=1))  # not due yet
    ended = _request(people, wanted_date=today - timedelta(days=30))
    ProcurementRequest.objects.filter(pk=ended.pk).update(stage=Stage.AFVIST)
    owner = people["architect"]
    condition = Condition.objects.create(
        request=late,
        text="Exit-plan inden kontraktstart",
        owner=owner,
        due_date=today - timedelta(days=2),
    )
    Condition.objects.create(
        request=late, text="Opfyldt vilkår", due_date=today - timedelta(days=2), done_on=today
    )
    (wanted,) = _due(today, "procurement_wanted")
    assert wanted.key == f"procurement_wanted:{late.pk}:2026-03-09"
    assert {u.pk for u in wanted.recipients} == {people["submitter"].pk, people["responsible"].pk}
    assert wanted.title == "Bookingsystem til mødelokaler (Idé)" and wanted.is_overdue(today)
    (cond,) = _due(today, "procurement_condition")
    assert cond.recipients == (owner,) and cond.link.endswith("#vilkaar")
    assert cond.agenda and cond.due_date == date(2026, 3, 8)
    assert not _due(date(2026, 3, 8), "procurement_condition")[0].agenda  # due, not overdue
    condition.owner = None
    condition.save()
    (cond,) = _due(today, "procurement_condition")  # no owner: responsible and submitter
    assert {u.pk for u in cond.recipients} == {people["submitter"].pk, people["responsible"].pk}
    condition.done_on = today
    condition.save()
    assert _due(today, "procurement_condition") == []


def test_open_questions_fall_due_after_the_answer_days(people: dict[str, Any]) -> None:
    request = _request(people)
    services.request_move(actor=people["buyer"], request=request, transition_name="clarify")
    request.refresh_from_db()
    opened = timezone.localdate(request.stage_since)
    assert _due(opened, "procurement_question") == []
    due_day = opened + timedelta(days=due.ANSWER_DAYS)
    items = _due(due_day, "procurement_question")
    assert items and all(i.due_date == due_day for i in items)
    by_addressee = {i.key.split(":")[2]: i for i in items}
    forvaltning = by_addressee["forvaltning"]
    assert forvaltning.recipients == (people["responsible"],)
    # the same addressees as the notification when the question was asked
    told = {n.recipient_id for n in Notification.objects.filter(kind=Kind.QUESTION)}
    assert {u.pk for i in items for u in i.recipients} == told


def test_the_procurement_providers_read_in_constant_queries(people: dict[str, Any]) -> None:
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            items = due_items(today=date(2099, 1, 1), kinds=KINDS)
        assert items
        return len(ctx.captured_queries)

    def grow() -> None:
        r = _request(people, wanted_date=date(2026, 1, 1))
        services.request_move(actor=people["buyer"], request=r, transition_name="clarify")
        Condition.objects.create(
            request=r, text="Vilkår", owner=people["architect"], due_date=date(2026, 1, 1)
        )

    grow()
    few = count()
    for _ in range(4):
        grow()
    assert count() == few


def test_an_english_responsible_gets_the_question_in_english_by_smtp(
    people: dict[str, Any], smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from notifications.models import NotificationSetting

    NotificationSetting.objects.create(user=people["responsible"], language="en")
    request = _request(people)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_move(actor=people["buyer"], request=request, transition_name="clarify")
    (received,) = [m for m in smtp_server.messages if m.rcpt_tos == [people["responsible"].email]]
    assert "Hello Rune" in received.body
    assert "News from Styrbar:" in received.body
    assert "“Bookingsystem til mødelokaler” is now in the stage" in received.body
    assert "“Bookingsystem til mødelokaler” is waiting for your answer" in received.body
    assert f"https://styrbar.eksempel.invalid{request.get_absolute_url()}" in received.body
