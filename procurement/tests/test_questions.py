"""Which questions a request is asked, show stoppers, overrides and the time they blocked.

The shipped questions come from knowledge/data/procurement.yaml ("alle" plus the request's
strategy); the organization adds its own active local questions. A show stopper of the
stage being left (or an earlier one) that is unanswered, "nej" or "ved ikke" blocks the
move unless it is overridden with a reason by someone with ``procurement.override``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from advisor.models import Assessment
from core.models import AuditEvent
from knowledge.loader import load
from knowledge.procurement import ALL, STAGES, procurement_knowledge
from organizations.testing import make_organization, make_user
from portfolio.tests.api_helpers import Api
from procurement import leadtime, services
from procurement.choices import AnswerValue, Stage
from procurement.models import Answer, LocalQuestion, ProcurementRequest
from procurement.questions import (
    OK,
    OPEN,
    OVERRIDDEN,
    STOPPER,
    WARNING,
    asked,
    blocking,
    questions,
)
from procurement.tests.test_workflow import answer_all, make_request, own_usage, state_of, walk

pytestmark = pytest.mark.django_db

STRATEGIES = [o.key for o in load().strategies.options]
KNOWLEDGE = procurement_knowledge()


def _stoppers(stage: str, strategy: str = "") -> list[str]:
    return [q.key for q in KNOWLEDGE.questions_for(strategy) if q.stage == stage and q.stops]


def _warnings(stage: str, strategy: str = "") -> list[str]:
    return [q.key for q in KNOWLEDGE.questions_for(strategy) if q.stage == stage and not q.stops]


# Strategy selection ---------------------------------------------------------------------


@pytest.mark.parametrize("strategy", ["", *STRATEGIES])
def test_a_strategy_asks_the_common_questions_and_its_own(strategy: str) -> None:
    org = make_organization()
    expected = {
        q.key for q in KNOWLEDGE.questions if ALL in q.strategies or strategy in q.strategies
    }
    keys = [q.key for q in questions(org, strategy)]
    assert set(keys) == expected and len(keys) == len(expected)
    # In process order.
    order = [STAGES.index(q.stage) for q in questions(org, strategy)]
    assert order == sorted(order)
    # Other strategies' own questions are not asked.
    others = {
        q.key
        for q in KNOWLEDGE.questions
        if ALL not in q.strategies and strategy not in q.strategies
    }
    assert not others & set(keys)


def test_the_platform_question_is_asked_only_under_borgernaer_service() -> None:
    org = make_organization()
    for strategy in ["", *STRATEGIES]:
        keys = {q.key for q in questions(org, strategy)}
        assert ("alle_platforme" in keys) == (strategy == "borgernaer_service")


def test_a_request_follows_the_strategy_the_municipality_chose() -> None:
    org = make_organization()
    Assessment.objects.create(organization=org, version=1, title="Første vurdering")
    Assessment.objects.create(
        organization=org,
        version=2,
        title="Anden vurdering",
        chosen_option="genbrug",
        chosen_at=timezone.now() - dt.timedelta(days=30),
    )
    Assessment.objects.create(
        organization=org,
        version=3,
        title="Tredje vurdering",
        chosen_option="sammenhaengende_processer",
        chosen_at=timezone.now(),
    )
    request = make_request(org)
    assert request.strategy == "sammenhaengende_processer"
    assert "data_en_gang" in {q.question.key for q in asked(request)}
    # Chosen explicitly: the request's own.
    assert make_request(org, strategy="standardisering").strategy == "standardisering"
    # Another organization's choice does not count.
    assert make_request(make_organization()).strategy == ""


# Local questions -------------------------------------------------------------------------


def _local(org: Any, key: str, **fields: Any) -> LocalQuestion:
    admin = make_user(organization=org, roles=["administrator"])
    defaults: dict[str, Any] = {
        "text": "Er it-sikkerhedsudvalget orienteret?",
        "stage": "afklaring",
        "addressee": "arkitekt",
        "stops": True,
    }
    return services.local_question_create(
        actor=admin, organization=org, key=key, **{**defaults, **fields}
    )


def test_local_questions_are_asked_in_their_own_organization_only() -> None:
    org, other = make_organization(), make_organization()
    _local(org, "sikkerhed")
    _local(org, "slukket", active=False)
    _local(org, "kun_genbrug", strategies=["genbrug"])
    _local(other, "nabo")

    keys = {q.key for q in questions(org, "")}
    assert "sikkerhed" in keys
    assert not {"slukket", "nabo", "kun_genbrug"} & keys
    assert "kun_genbrug" in {q.key for q in questions(org, "genbrug")}
    local = next(q for q in questions(org, "") if q.key == "sikkerhed")
    assert local.local and local.source == str(org)


def test_a_local_show_stopper_blocks_like_a_shipped_one_and_inactive_ones_do_not() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    question = _local(org, "sikkerhed")
    assert [q.question.key for q in blocking(request)] == ["sikkerhed"]
    with pytest.raises(ValidationError, match="it-sikkerhedsudvalget"):
        services.request_move(actor=buyer, request=request, transition_name="to_kontrolorgan")

    admin = make_user(organization=org, roles=["administrator"])
    services.local_question_update(actor=admin, question=question, active=False)
    assert blocking(request) == []
    moved = services.request_move(actor=buyer, request=request, transition_name="to_kontrolorgan")
    assert moved.stage == Stage.KONTROLORGAN


@pytest.mark.parametrize("key", [q.key for q in KNOWLEDGE.questions])
def test_a_local_key_that_clashes_with_a_shipped_one_is_refused(key: str) -> None:
    org = make_organization()
    before = (LocalQuestion.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        _local(org, key)
    assert caught.value.message_dict == {"key": ["Nøglen bruges af et af Styrbars egne spørgsmål."]}
    assert (LocalQuestion.objects.count(), AuditEvent.objects.count()) == before


def test_renaming_a_local_question_to_a_shipped_key_is_refused() -> None:
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    question = _local(org, "sikkerhed")
    with pytest.raises(ValidationError, match="Styrbars egne"):
        services.local_question_update(actor=admin, question=question, key="exit")
    assert LocalQuestion.objects.get(pk=question.pk).key == "sikkerhed"


def test_a_local_key_is_unique_in_the_organization_and_strategies_must_exist() -> None:
    org = make_organization()
    _local(org, "sikkerhed")
    _local(make_organization(), "sikkerhed")  # another organization may use the key
    with pytest.raises(ValidationError, match="Der findes allerede et spørgsmål med denne nøgle"):
        _local(org, "sikkerhed")
    with pytest.raises(ValidationError) as caught:
        _local(org, "ukendt_strategi", strategies=["centralisering"])
    assert caught.value.message_dict == {"strategies": ["Ukendt styringsstrategi."]}
    assert LocalQuestion.objects.filter(organization=org).count() == 1


@pytest.mark.parametrize("strategies", [5, True, "genbrug", "", [["genbrug"]], [5], {"genbrug": 1}])
def test_local_question_strategies_must_be_a_list_of_strategy_keys(strategies: Any) -> None:
    """Through the API any JSON can arrive here: a 400 naming the field, never a 500."""
    org = make_organization()
    admin = make_user(organization=org, roles=["administrator"])
    response = Api(admin).post(
        f"/organizations/{org.pk}/procurement-questions",
        {
            "key": "lokal",
            "text": "Er it-sikkerhedsudvalget orienteret?",
            "stage": "afklaring",
            "addressee": "dpo",
            "strategies": strategies,
        },
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"strategies": ["Ukendt styringsstrategi."]}
    assert not LocalQuestion.objects.filter(organization=org).exists()


def test_only_architects_and_administrators_keep_local_questions() -> None:
    org = make_organization()
    for role in ("laeser", "redaktoer", "systemejer", "indkoeber"):
        user = make_user(organization=org, roles=[role])
        with pytest.raises(PermissionDenied):
            services.local_question_create(
                actor=user,
                organization=org,
                key=f"af_{role}",
                text="?",
                stage="afklaring",
                addressee="dpo",
            )
    assert not LocalQuestion.objects.filter(organization=org).exists()


# Show stoppers ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, AnswerValue.NO, AnswerValue.UNKNOWN])
@pytest.mark.parametrize("key", _stoppers("afklaring"))
def test_an_open_or_negative_show_stopper_blocks_leaving_its_stage(
    key: str, value: str | None
) -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    if value is None:
        Answer.objects.filter(request=request, question_key=key).delete()
    else:
        services.answer_set(actor=buyer, request=request, question_key=key, value=value)
    item = next(q for q in asked(request) if q.question.key == key)
    assert item.status == (OPEN if value is None else STOPPER) and item.blocks
    before = state_of(request)

    for name in ("to_kontrolorgan", "to_decision"):
        with pytest.raises(ValidationError) as caught:
            services.request_move(actor=buyer, request=request, transition_name=name)
        assert caught.value.messages[0].startswith(
            "Anmodningen kan ikke gå videre, før disse spørgsmål er løst"
        )
        assert item.question.text in caught.value.messages[0]
    assert state_of(request) == before


@pytest.mark.parametrize("value", [AnswerValue.NO, AnswerValue.UNKNOWN])
def test_a_warning_does_not_block(value: str) -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    [key] = _warnings("afklaring")
    answer = services.answer_set(actor=buyer, request=request, question_key=key, value=value)
    assert answer.blocked_since is None
    assert next(q for q in asked(request) if q.question.key == key).status == WARNING
    assert blocking(request) == []
    moved = services.request_move(actor=buyer, request=request, transition_name="to_kontrolorgan")
    assert moved.stage == Stage.KONTROLORGAN


def test_not_relevant_and_yes_do_not_block() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    first, second, *_ = _stoppers("afklaring")
    services.answer_set(
        actor=buyer, request=request, question_key=first, value=AnswerValue.NOT_RELEVANT
    )
    statuses = {q.question.key: q.status for q in asked(request)}
    assert statuses[first] == OK and statuses[second] == OK
    assert blocking(request) == []


def test_a_later_stage_show_stopper_does_not_block_an_earlier_stage() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = make_request(org, buyer)
    services.request_move(actor=buyer, request=request, transition_name="clarify")
    for key in _stoppers("afklaring"):
        services.answer_set(actor=buyer, request=request, question_key=key, value="ja")
    # kontrolorgan's and beslutning's stoppers are open, and so is the idea stage's nothing
    assert blocking(request) == []
    request = services.request_move(actor=buyer, request=request, transition_name="to_kontrolorgan")
    assert {q.question.key for q in blocking(request)} == set(_stoppers("kontrolorgan"))


def test_an_idea_is_never_blocked_and_the_exits_are_always_open() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = make_request(org, buyer)
    assert blocking(request) == []
    request = services.request_move(actor=buyer, request=request, transition_name="clarify")
    assert blocking(request)  # nothing answered
    for name, fields in (
        ("reject", {"reason": "Dækkes af en eksisterende løsning."}),
        ("withdraw", {"reason": "Behovet er væk."}),
        ("reuse", {"usage": own_usage(org)}),
    ):
        copy = ProcurementRequest.objects.get(pk=request.pk)
        moved = services.request_move(actor=buyer, request=copy, transition_name=name, **fields)
        assert moved.ended
        ProcurementRequest.objects.filter(pk=request.pk).update(stage=Stage.AFKLARING)


# Overrides -------------------------------------------------------------------------------


def _blocked_request(value: str = AnswerValue.NO) -> tuple[Any, Any, ProcurementRequest, str]:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    key = _stoppers("afklaring")[0]
    services.answer_set(actor=buyer, request=request, question_key=key, value=value)
    return org, buyer, request, key


@pytest.mark.parametrize("role", ["laeser", "redaktoer", "systemejer", "indkoeber"])
def test_only_the_override_permission_overrides(role: str) -> None:
    org, _buyer, request, key = _blocked_request()
    user = make_user(organization=org, roles=[role])
    before = state_of(request)
    with pytest.raises(PermissionDenied):
        services.answer_override(actor=user, request=request, question_key=key, reason="Aftalt")
    assert state_of(request) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_override_needs_a_reason(reason: str) -> None:
    org, _buyer, request, key = _blocked_request()
    architect = make_user(organization=org, roles=["arkitekt"])
    before = state_of(request)
    with pytest.raises(ValidationError) as caught:
        services.answer_override(actor=architect, request=request, question_key=key, reason=reason)
    assert caught.value.message_dict == {"reason": ["Begrund tilsidesættelsen."]}
    assert state_of(request) == before


@pytest.mark.parametrize("value", [AnswerValue.YES, AnswerValue.NOT_RELEVANT])
def test_a_yes_or_not_relevant_cannot_be_overridden(value: str) -> None:
    org, _buyer, request, key = _blocked_request(value)
    architect = make_user(organization=org, roles=["arkitekt"])
    before = state_of(request)
    with pytest.raises(ValidationError, match="Kun et »nej« eller »ved ikke« kan tilsidesættes"):
        services.answer_override(actor=architect, request=request, question_key=key, reason="x")
    assert state_of(request) == before
    assert Answer.objects.get(request=request, question_key=key).override_reason == ""


@pytest.mark.parametrize("key", ["findes_ikke", "alle_platforme"])
def test_a_question_the_request_is_not_asked_cannot_be_overridden(key: str) -> None:
    """``alle_platforme`` belongs to borgernær service; this request has no strategy."""
    org, _buyer, request, _key = _blocked_request()
    architect = make_user(organization=org, roles=["arkitekt"])
    before = state_of(request)
    with pytest.raises(ValidationError) as caught:
        services.answer_override(actor=architect, request=request, question_key=key, reason="x")
    assert caught.value.message_dict == {
        "question_key": ["Spørgsmålet stilles ikke til denne anmodning."]
    }
    assert state_of(request) == before


def test_an_override_with_a_reason_lets_the_request_move_and_is_audited() -> None:
    org, buyer, request, key = _blocked_request(AnswerValue.UNKNOWN)
    architect = make_user(organization=org, roles=["arkitekt"])
    answer = services.answer_override(
        actor=architect, request=request, question_key=key, reason="  Afklares i kontrolorganet. "
    )
    assert answer.override_reason == "Afklares i kontrolorganet."
    assert answer.overridden_by == architect and answer.overridden_at is not None
    assert next(q for q in asked(request) if q.question.key == key).status == OVERRIDDEN
    event = AuditEvent.objects.filter(
        object_id=str(request.pk), changes__has_key=f"override:{key}"
    ).get()
    assert event.actor == architect
    assert event.changes[f"override:{key}"] == {
        "before": None,
        "after": "Afklares i kontrolorganet.",
    }
    moved = services.request_move(actor=buyer, request=request, transition_name="to_kontrolorgan")
    assert moved.stage == Stage.KONTROLORGAN


def test_an_unanswered_show_stopper_can_be_overridden_as_ved_ikke() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    architect = make_user(organization=org, roles=["arkitekt"])
    request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    key = _stoppers("afklaring")[0]
    Answer.objects.filter(request=request, question_key=key).delete()
    answer = services.answer_override(
        actor=architect, request=request, question_key=key, reason="Aftalt på mødet"
    )
    assert answer.value == AnswerValue.UNKNOWN and answer.blocked_seconds == 0
    assert blocking(request) == []


def test_a_new_answer_clears_the_override() -> None:
    org, buyer, request, key = _blocked_request()
    architect = make_user(organization=org, roles=["arkitekt"])
    services.answer_override(actor=architect, request=request, question_key=key, reason="Ok")
    services.answer_set(actor=buyer, request=request, question_key=key, value=AnswerValue.UNKNOWN)
    answer = Answer.objects.get(request=request, question_key=key)
    assert answer.override_reason == "" and answer.overridden_by is None
    assert [q.question.key for q in blocking(request)] == [key]


# Blocked time ----------------------------------------------------------------------------

T0 = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def test_blocked_time_adds_up_across_no_yes_no_and_stops_at_the_override() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    architect = make_user(organization=org, roles=["arkitekt"])
    with at(T0):
        request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    key = _stoppers("afklaring")[0]
    hour = dt.timedelta(hours=1)

    def answer(value: str, moment: dt.datetime) -> Answer:
        with at(moment):
            return services.answer_set(actor=buyer, request=request, question_key=key, value=value)

    first = answer(AnswerValue.NO, T0 + hour)
    assert (first.blocked_since, first.blocked_seconds) == (T0 + hour, 0)
    # nej → ved ikke: still blocked, from the first moment
    assert answer(AnswerValue.UNKNOWN, T0 + 2 * hour).blocked_since == T0 + hour
    yes = answer(AnswerValue.YES, T0 + 7 * hour)
    assert (yes.blocked_since, yes.blocked_seconds) == (None, 6 * 3600)
    again = answer(AnswerValue.NO, T0 + 10 * hour)
    assert (again.blocked_since, again.blocked_seconds) == (T0 + 10 * hour, 6 * 3600)
    with at(T0 + 16 * hour):
        overridden = services.answer_override(
            actor=architect, request=request, question_key=key, reason="Accepteret risiko"
        )
    assert (overridden.blocked_since, overridden.blocked_seconds) == (None, 12 * 3600)
    # The same answer again changes nothing; another one ends the override and blocks anew.
    assert answer(AnswerValue.NO, T0 + 18 * hour).override_reason == "Accepteret risiko"
    renewed = answer(AnswerValue.UNKNOWN, T0 + 20 * hour)
    assert (renewed.override_reason, renewed.blocked_since) == ("", T0 + 20 * hour)
    answer(AnswerValue.YES, T0 + 22 * hour)

    # The analysis counts the closed total, not to "now".
    result = leadtime.analysis(org, now=T0 + dt.timedelta(days=30))
    [row] = [r for r in result["show_stoppers"] if r["question"] == key]
    assert row == {"question": key, "blocked_days": 0.6, "requests": 1}  # 14 hours


def test_an_open_block_is_counted_to_now() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    with at(T0):
        request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
        key = _stoppers("afklaring")[0]
        services.answer_set(actor=buyer, request=request, question_key=key, value="nej")
    result = leadtime.analysis(org, now=T0 + dt.timedelta(days=3))
    assert {"question": key, "blocked_days": 3.0, "requests": 1} in result["show_stoppers"]


def test_a_warning_never_accumulates_blocked_time() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
    [key] = _warnings("afklaring")
    services.answer_set(actor=buyer, request=request, question_key=key, value="nej")
    answer = Answer.objects.get(request=request, question_key=key)
    assert (answer.blocked_since, answer.blocked_seconds) == (None, 0)
    assert key not in {r["question"] for r in leadtime.analysis(org)["show_stoppers"]}


def test_answer_all_helper_answers_every_question() -> None:
    """The shared helper (used by the other modules) leaves nothing open."""
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    request = make_request(org, buyer, strategy="borgernaer_service")
    answer_all(buyer, request)
    assert {q.status for q in asked(request)} == {OK}
