"""The audited writes of procurement.services: requests, answers, conditions, requirements,
and the kravbilag they produce.

Bad input gives a specific Danish error and changes nothing (the request's row, the audit
trail, the answers); an ended request refuses edits and answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document

from core.models import AuditEvent
from knowledge.procurement import procurement_knowledge
from organizations.models import Organization, OrganizationUnit
from organizations.testing import make_organization, make_user
from portfolio.models import BusinessProcess
from procurement import services
from procurement.choices import Stage
from procurement.kravbilag import kravbilag_docx
from procurement.models import Answer, Condition, ProcurementRequest
from procurement.tests.test_workflow import make_request, staged, state_of, walk

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        ProcurementRequest.objects.count(),
        AuditEvent.objects.count(),
        Answer.objects.count(),
        Condition.objects.count(),
    )


def _bad_fields(org: Organization, other: Organization) -> list[tuple[dict[str, Any], str, str]]:
    """(fields, field in error, message start) for each kind of bad input."""
    return [
        ({"channels": ["fax"]}, "channels", "Ukendt eller gentaget kanal: fax"),
        ({"channels": ["phone", "phone"]}, "channels", "Ukendt eller gentaget kanal"),
        (
            {"unit": OrganizationUnit.objects.create(organization=other, name="Nabo")},
            "unit",
            "Enheden findes ikke i organisationen.",
        ),
        (
            {"business_process": BusinessProcess.objects.create(organization=other, name="P")},
            "business_process",
            "Processen findes ikke i organisationen.",
        ),
        (
            {"responsible": make_user(organization=other, roles=["redaktoer"])},
            "responsible",
            "Den ansvarlige er ikke medlem af organisationen.",
        ),
        ({"responsible": make_user()}, "responsible", "Den ansvarlige er ikke medlem"),
        ({"strategy": "centralisering"}, "strategy", "Ukendt styringsstrategi."),
        ({"title": ""}, "title", "Dette felt kan ikke være tomt."),
        ({"affected": "aliens"}, "affected", "Værdien"),
        ({"personal_data": "maybe"}, "personal_data", "Værdien"),
        ({"budget_yearly": -1}, "budget_yearly", "Denne værdi skal være større end eller lig 0."),
    ]


# Requests --------------------------------------------------------------------------------


def test_a_request_is_submitted_audited_and_owned_by_the_submitter() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    unit = OrganizationUnit.objects.create(organization=org, name="Testforvaltningen")
    request = make_request(
        org, user, unit=unit, channels=["self_service", "phone"], strategy="genbrug"
    )
    assert (request.stage, request.submitted_by, request.strategy) == ("ide", user, "genbrug")
    event = AuditEvent.objects.get(
        object_id=str(request.pk), content_type__model="procurementrequest"
    )
    assert event.action == "create" and event.actor == user and event.organization == org


def test_the_stage_and_the_submitter_cannot_be_chosen_when_submitting_or_editing() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    someone = make_user(organization=org, roles=["redaktoer"])
    request = make_request(org, user, stage=Stage.I_DRIFT, submitted_by=someone)
    assert (request.stage, request.submitted_by) == (Stage.IDE, user)
    services.request_update(actor=user, request=request, stage=Stage.AFVIST, title="Nyt navn")
    row = ProcurementRequest.objects.get(pk=request.pk)
    assert (row.stage, row.title) == (Stage.IDE, "Nyt navn")


def test_bad_input_on_submission_is_refused_in_danish_and_creates_nothing() -> None:
    org, other = make_organization(), make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    for fields, field, message in _bad_fields(org, other):
        before = _counts()
        with pytest.raises(ValidationError) as caught:
            make_request(org, user, **fields)
        errors = caught.value.message_dict
        assert field in errors, (fields, errors)
        assert errors[field][0].startswith(message), (fields, errors)
        assert _counts() == before, fields


def test_bad_input_on_edit_is_refused_in_danish_and_changes_nothing() -> None:
    org, other = make_organization(), make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    request = make_request(org, user)
    for fields, field, message in _bad_fields(org, other):
        before = state_of(request)
        with pytest.raises(ValidationError) as caught:
            services.request_update(actor=user, request=request, **fields)
        assert caught.value.message_dict[field][0].startswith(message), fields
        request.refresh_from_db()
        assert state_of(request) == before, fields


def test_a_reader_submits_and_edits_nothing() -> None:
    org = make_organization()
    reader = make_user(organization=org, roles=["laeser"])
    request = make_request(org)
    before = _counts()
    with pytest.raises(PermissionDenied):
        make_request(org, reader)
    with pytest.raises(PermissionDenied):
        services.request_update(actor=reader, request=request, title="Ændret")
    with pytest.raises(PermissionDenied):
        services.request_delete(actor=reader, request=request)
    assert _counts() == before


def test_an_edit_from_a_copy_read_before_a_move_does_not_undo_the_move() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = make_request(org, buyer)
    stale = ProcurementRequest.objects.get(pk=request.pk)
    services.request_move(actor=buyer, request=request, transition_name="clarify")

    services.request_update(actor=buyer, request=stale, title="Rettet titel")
    services.requirements_set(actor=buyer, request=stale, keys=["exit_data"])

    row = ProcurementRequest.objects.get(pk=request.pk)
    assert (row.stage, row.title, row.requirements) == (
        Stage.AFKLARING,
        "Rettet titel",
        ["exit_data"],
    )


def test_an_edit_from_a_copy_read_before_the_request_ended_is_refused() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    architect = make_user(organization=org, roles=["arkitekt"])
    request = make_request(org, buyer)
    calls: tuple[Callable[[ProcurementRequest], Any], ...] = (
        lambda stale: services.request_update(actor=buyer, request=stale, title="For sent"),
        lambda stale: services.requirements_set(actor=buyer, request=stale, keys=["exit_data"]),
        lambda stale: services.answer_set(
            actor=buyer, request=stale, question_key="exit", value="nej"
        ),
        lambda stale: services.answer_override(
            actor=architect, request=stale, question_key="exit", reason="Sent"
        ),
    )
    copies = [ProcurementRequest.objects.get(pk=request.pk) for _ in calls]  # read before
    services.request_move(actor=buyer, request=request, transition_name="reject", reason="Nej")
    before = state_of(request)

    for call, stale in zip(calls, copies, strict=True):
        assert stale.stage == Stage.IDE
        with pytest.raises(ValidationError, match="Anmodningen er afsluttet"):
            call(stale)
        assert state_of(request) == before


@pytest.mark.parametrize("stage", [s for s in Stage.values if s != Stage.IDE])
def test_only_an_idea_may_be_deleted(stage: str) -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    request = staged(org, stage)
    before = state_of(request)
    with pytest.raises(ValidationError) as caught:
        services.request_delete(actor=user, request=request)
    assert caught.value.messages == [
        "Kun en idé kan slettes. En anmodning i gang trækkes tilbage, så forløbet bevares."
    ]
    assert state_of(request) == before


def test_an_idea_is_deleted_with_an_audit_event() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    request = make_request(org, user)
    pk = request.pk
    services.request_delete(actor=user, request=request)
    assert not ProcurementRequest.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(object_id=str(pk), action="delete").exists()


@pytest.mark.parametrize(
    "stage", [Stage.I_DRIFT, Stage.GENBRUG, Stage.AFVIST, Stage.TRUKKET_TILBAGE]
)
def test_an_ended_request_refuses_edits_answers_overrides_and_requirements(stage: str) -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    request = staged(org, stage)
    Answer.objects.create(request=request, question_key="kontraktvej", value="nej")
    before = state_of(request)
    label = Stage(stage).label
    message = f"Anmodningen er afsluttet ({label}) og kan ikke ændres."
    calls = (
        lambda: services.request_update(actor=admin, request=request, title="Ændret"),
        lambda: services.answer_set(
            actor=admin, request=request, question_key="forretningsbehov", value="ja"
        ),
        lambda: services.answer_override(
            actor=admin, request=request, question_key="kontraktvej", reason="Sent"
        ),
        lambda: services.requirements_set(actor=admin, request=request, keys=["exit_data"]),
    )
    for call in calls:
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.messages == [message]
        assert state_of(request) == before


# Answers ---------------------------------------------------------------------------------


def test_an_answer_is_checked_stored_with_who_and_when_and_audited_once() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    request = make_request(org, user)
    before = state_of(request)
    for key, value, field, message in (
        ("findes_ikke", "ja", "question_key", "Spørgsmålet stilles ikke til denne anmodning."),
        ("alle_platforme", "ja", "question_key", "Spørgsmålet stilles ikke"),
        ("forretningsbehov", "måske", "value", "Svar ja, nej, ved ikke eller ikke relevant."),
    ):
        with pytest.raises(ValidationError) as caught:
            services.answer_set(actor=user, request=request, question_key=key, value=value)
        assert caught.value.message_dict[field][0].startswith(message)
        assert state_of(request) == before

    answer = services.answer_set(
        actor=user,
        request=request,
        question_key="forretningsbehov",
        value="ja",
        note="  Beskrevet i notat.  ",
    )
    assert (answer.answered_by, answer.note) == (user, "Beskrevet i notat.")
    events = AuditEvent.objects.filter(
        object_id=str(request.pk), changes__has_key="answer:forretningsbehov"
    )
    assert events.count() == 1
    assert events.get().changes["answer:forretningsbehov"] == {
        "before": None,
        "after": [
            "ja",
            "Beskrevet i notat.",
        ],
    }
    # The same answer again writes nothing; a change writes one more event.
    services.answer_set(
        actor=user,
        request=request,
        question_key="forretningsbehov",
        value="ja",
        note="Beskrevet i notat.",
    )
    assert events.count() == 1
    services.answer_set(actor=user, request=request, question_key="forretningsbehov", value="nej")
    assert events.count() == 2
    assert Answer.objects.filter(request=request).count() == 1


def test_a_reader_cannot_answer() -> None:
    org = make_organization()
    reader = make_user(organization=org, roles=["laeser"])
    request = make_request(org)
    with pytest.raises(PermissionDenied):
        services.answer_set(
            actor=reader, request=request, question_key="forretningsbehov", value="ja"
        )
    assert not Answer.objects.filter(request=request).exists()


# Conditions ------------------------------------------------------------------------------


def test_a_condition_is_added_and_done_with_audit_events() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    owner = make_user(organization=org, roles=["systemejer"])
    request = walk(buyer, make_request(org, buyer), Stage.ANSKAFFELSE)
    due = dt.date(2026, 6, 1)

    condition = services.condition_add(
        actor=buyer,
        request=request,
        text="  Exit-plan godkendes før kontraktunderskrift. ",
        owner=owner,
        due_date=due,
    )

    assert (condition.text, condition.owner, condition.due_date, condition.done_on) == (
        "Exit-plan godkendes før kontraktunderskrift.",
        owner,
        due,
        None,
    )
    added = AuditEvent.objects.get(object_id=str(request.pk), changes__has_key="condition")
    assert added.actor == buyer
    assert added.changes["condition"] == {"before": None, "after": condition.text}

    services.condition_done(actor=buyer, condition=condition)
    row = Condition.objects.get(pk=condition.pk)
    assert row.done_on == timezone.localdate()
    done = AuditEvent.objects.get(
        object_id=str(request.pk), changes__has_key=f"condition_done:{condition.pk}"
    )
    assert done.changes[f"condition_done:{condition.pk}"] == {
        "before": None,
        "after": row.done_on.isoformat(),
    }


def test_bad_conditions_are_refused_and_change_nothing() -> None:
    org, other = make_organization(), make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    editor = make_user(organization=org, roles=["redaktoer"])
    request = walk(buyer, make_request(org, buyer), Stage.ANSKAFFELSE)
    before = (_counts(), state_of(request))
    with pytest.raises(ValidationError) as caught:
        services.condition_add(actor=buyer, request=request, text="   ")
    assert caught.value.message_dict["text"] == ["Dette felt kan ikke være tomt."]
    with pytest.raises(ValidationError) as caught:
        services.condition_add(
            actor=buyer,
            request=request,
            text="Vilkår",
            owner=make_user(organization=other, roles=["arkitekt"]),
        )
    assert caught.value.message_dict == {
        "owner": ["Den ansvarlige er ikke medlem af organisationen."]
    }
    with pytest.raises(PermissionDenied):
        services.condition_add(actor=editor, request=request, text="Vilkår")
    assert (_counts(), state_of(request)) == before
    condition = services.condition_add(actor=buyer, request=request, text="Vilkår")
    with pytest.raises(PermissionDenied):
        services.condition_done(actor=editor, condition=condition)
    assert Condition.objects.get(pk=condition.pk).done_on is None


# Requirements and the kravbilag ----------------------------------------------------------


def test_requirements_are_checked_against_the_strategy_and_kept_in_library_order() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    request = make_request(org, user, strategy="borgernaer_service")
    before = state_of(request)
    for keys, named in (
        (["findes_ikke"], "findes_ikke"),
        (["exit_data", "standardkontrakt"], "standardkontrakt"),  # standardisering's
        (["konfigurerbar", "faelles_drift"], "faelles_drift, konfigurerbar"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.requirements_set(actor=user, request=request, keys=keys)
        assert caught.value.message_dict == {
            "requirements": [f"Kravet findes ikke for anmodningens strategi: {named}"]
        }
        assert state_of(request) == before

    services.requirements_set(
        actor=user,
        request=request,
        keys=["alle_platforme", "exit_data", "alle_platforme", "tilgaengelighed"],
    )
    row = ProcurementRequest.objects.get(pk=request.pk)
    assert row.requirements == ["exit_data", "tilgaengelighed", "alle_platforme"]
    event = (
        AuditEvent.objects.filter(object_id=str(request.pk), changes__has_key="requirements")
        .exclude(action="create")
        .get()
    )
    assert event.changes["requirements"] == {"before": [], "after": row.requirements}
    services.requirements_set(actor=user, request=request, keys=[])
    assert ProcurementRequest.objects.get(pk=request.pk).requirements == []


def _tables(data: bytes) -> list[list[list[str]]]:
    document = Document(BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def test_the_kravbilag_lists_the_chosen_requirements_in_order() -> None:
    org = make_organization(name="Eksempelby Testkommune")
    user = make_user(organization=org, roles=["redaktoer"])
    request = make_request(
        org, user, title="Syntetisk selvbetjening", strategy="borgernaer_service"
    )
    services.requirements_set(
        actor=user, request=request, keys=["alle_platforme", "exit_data", "databehandler"]
    )
    request.refresh_from_db()
    library = {r.key: r for r in procurement_knowledge().requirements}

    data = kravbilag_docx(request)

    facts, requirements = _tables(data)
    assert facts[0] == ["Anskaffelse", "Syntetisk selvbetjening"]
    assert facts[1] == ["Kommune", str(org)]
    assert requirements[0] == ["Nr.", "Krav", "Kilde"]
    rows = requirements[1:]
    assert [row[0] for row in rows] == ["K1", "K2", "K3"]
    chosen = ["exit_data", "databehandler", "alle_platforme"]
    for row, key in zip(rows, chosen, strict=True):
        title, text = library[key].title.da, library[key].text.da
        assert row[1] == f"{title}\n{text}"
        assert row[2] == library[key].source
    document = Document(BytesIO(data))
    assert document.core_properties.title == "Kravbilag: Syntetisk selvbetjening"
    assert document.paragraphs[0].text == "Kravbilag"
    assert "Anmodningen har ikke valgt nogen krav endnu." not in [
        p.text for p in document.paragraphs
    ]


def test_the_kravbilag_in_english() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    request = make_request(org, user)
    services.requirements_set(actor=user, request=request, keys=["exit_data"])
    request.refresh_from_db()
    _facts, requirements = _tables(kravbilag_docx(request, language="en"))
    assert requirements[0] == ["No.", "Requirement", "Source"]
    assert requirements[1][1].startswith("Exit and return of data\n")


def test_the_kravbilag_without_requirements_says_so() -> None:
    org = make_organization()
    request = make_request(org)
    data = kravbilag_docx(request)
    document = Document(BytesIO(data))
    assert len(document.tables) == 1  # the facts only
    assert "Anmodningen har ikke valgt nogen krav endnu." in [p.text for p in document.paragraphs]
