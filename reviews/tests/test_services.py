"""Cadence rules, checklists (version, language, strategy), answers that update the usage
(audited), completion, actions, governance plans and their warnings."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from advisor.models import Assessment
from core.models import AuditEvent
from knowledge.reviews import review_knowledge
from organizations.testing import make_user
from portfolio.models import RoleType, UsageRole
from reviews import choices as c
from reviews import services
from reviews.flags import usage_panel
from reviews.models import CadenceOverride, Finding
from reviews.schedule import (
    due_by,
    overrides,
    rule_for,
    schedule_list,
    scheduled,
    with_schedule,
)
from reviews.tests.factories import make_plan, make_review, make_usage

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 6)


def _today(day: date = TODAY):  # type: ignore[no-untyped-def]
    return mock.patch("django.utils.timezone.localdate", return_value=day)


# Cadence ----------------------------------------------------------------------------------


def test_cadence_rules_from_knowledge_and_the_organizations_override(org) -> None:  # type: ignore[no-untyped-def]
    critical = make_usage(org, criticality="high")
    sensitive = make_usage(org, data_sensitivity="sensitive")
    other = make_usage(org, criticality="low", data_sensitivity="personal")
    assert [rule_for(u).months for u in (critical, sensitive, other)] == [12, 12, 24]
    assert rule_for(sensitive).key == "foelsomme_data"

    CadenceOverride.objects.create(organization=org, rule_key="oevrige", months=36)
    own = overrides([org.pk])[org.pk]
    assert rule_for(other, own).months == 36 and rule_for(other, own).local
    assert rule_for(critical, own).months == 12


def test_next_review_counts_from_the_last_completed_review_or_valid_from(org) -> None:  # type: ignore[no-untyped-def]
    reviewed = make_usage(org, criticality="high", valid_from=date(2020, 1, 1))
    make_review(org, usage=reviewed, status="gennemfoert", held_date=date(2026, 3, 10))
    make_review(org, usage=reviewed, status="aflyst", held_date=date(2026, 11, 1))
    fresh = make_usage(org, valid_from=date(2025, 6, 1))
    unknown = make_usage(org)
    rows = {u.pk: u for u in scheduled(schedule_list(organization=org))}
    assert rows[reviewed.pk].next_review == date(2027, 3, 10)
    assert rows[fresh.pk].next_review == date(2027, 6, 1)
    assert rows[unknown.pk].next_review == unknown.created_at.date()  # due now


def test_due_filter_in_the_database_agrees_with_the_python_dates(org) -> None:  # type: ignore[no-untyped-def]
    dates = [date(2024, 1, 1), date(2025, 6, 1), date(2025, 12, 7), date(2026, 2, 1)]
    for index, day in enumerate(dates):
        make_usage(org, valid_from=day, criticality="high" if index % 2 else "low")
    make_usage(org, valid_from=date(2020, 1, 1), lifecycle="pilot")  # not in operation
    usages = scheduled(schedule_list(organization=org))
    for limit in (date(2026, 1, 1), TODAY, date(2027, 1, 1), date(2028, 3, 1)):
        in_db = set(
            with_schedule(schedule_list(organization=org))
            .filter(due_by(limit))
            .values_list("pk", flat=True)
        )
        assert in_db == {u.pk for u in usages if u.next_review <= limit}, limit


# Checklists --------------------------------------------------------------------------------


def test_checklist_follows_the_strategy_and_keeps_its_version(org, architect) -> None:  # type: ignore[no-untyped-def]
    usage = make_usage(org)
    general = services.review_create(
        actor=architect, organization=org, usage=usage, planned_date=TODAY
    )
    assert general.checklist_key == "generel"
    assert "browsere" not in [i["key"] for i in general.checklist_items]

    Assessment.objects.create(organization=org, version=1, chosen_option="borgernaer_service")
    citizen = services.review_create(
        actor=architect, organization=org, usage=usage, planned_date=TODAY
    )
    knowledge = review_knowledge().checklist("borgernaer_service")
    assert citizen.checklist_key == "borgernaer_service"
    assert citizen.checklist_version == knowledge.version == "2026.1/generel 2026.1"
    keys = [i["key"] for i in citizen.checklist_items]
    assert {"browsere", "smartphones", "pc", "wcag", "styringsplan_testet", "dpia"} <= set(keys)

    # The review keeps the items it was planned with, in both languages.
    item = next(i for i in citizen.checklist_items if i["key"] == "wcag")
    assert item["question"]["da"].startswith("Overholder løsningen WCAG")
    assert item["question"]["en"].startswith("Does the solution meet WCAG")


def test_answer_form_speaks_the_users_language(org) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    from reviews.forms import AnswersForm

    review = make_review(org)
    with translation.override("en"):
        labels = [str(f.label) for name, f in AnswersForm(review=review).fields.items()]
    assert any(label.startswith("Is there a governance plan") for label in labels)


# Answers, findings, completion ---------------------------------------------------------------


def _answer_all(actor: Any, review: Any, value: str = "ok", **special: Any) -> Any:
    answers = {i["key"]: {"value": value, "note": ""} for i in review.checklist_items}
    answers.update(special)
    return services.review_answer(actor=actor, review=review, answers=answers)


def test_completion_updates_the_usages_facts_through_the_portfolio_audited(org, architect) -> None:  # type: ignore[no-untyped-def]
    usage = make_usage(org, supports_ios=True, supports_android=True, wcag_status="unknown")
    review = make_review(org, usage=usage, strategy="borgernaer_service")
    review = _answer_all(
        architect,
        review,
        smartphones={"value": "finding", "note": "Appen fejler på Android 14"},
        wcag={"value": "ok", "note": ""},
        dpia={"value": "not_relevant", "note": ""},
    )
    finding = Finding.objects.get(review=review, item_key="smartphones")
    assert "Android 14" in finding.text and finding.due_date is not None

    with pytest.raises(ValidationError, match="ansvarlig"):  # the action needs an owner
        services.review_complete(actor=architect, review=review, held_date=date(2026, 11, 30))
    services.finding_update(actor=architect, finding=finding, owner_name="Leverandøren")
    services.review_complete(actor=architect, review=review, held_date=date(2026, 11, 30))

    usage.refresh_from_db()
    assert (usage.supports_ios, usage.supports_android) == (False, False)
    assert usage.wcag_status == "compliant" and usage.wcag_date == date(2026, 11, 30)
    assert usage.dpia_done is False  # "ikke relevant" changes nothing
    event = AuditEvent.objects.filter(
        content_type__model="systemusage", object_id=str(usage.pk), action="update"
    ).latest("pk")
    assert event.actor == architect
    assert event.changes["supports_android"] == {"before": True, "after": False}
    review.refresh_from_db()
    assert review.status == c.ReviewStatus.COMPLETED


def test_completion_refuses_unanswered_items_and_changes_nothing(org, architect) -> None:  # type: ignore[no-untyped-def]
    review = make_review(org)
    first = review.checklist_items[0]["key"]
    services.review_answer(actor=architect, review=review, answers={first: {"value": "ok"}})
    with pytest.raises(ValidationError, match="Mangler"):
        services.review_complete(actor=architect, review=review)
    review.refresh_from_db()
    assert review.status == c.ReviewStatus.PLANNED and review.held_date is None


def test_a_changed_answer_removes_the_open_action_it_made(org, architect) -> None:  # type: ignore[no-untyped-def]
    review = make_review(org)
    services.review_answer(actor=architect, review=review, answers={"dpia": {"value": "finding"}})
    assert Finding.objects.filter(review=review).count() == 1
    services.review_answer(actor=architect, review=review, answers={"dpia": {"value": "ok"}})
    assert Finding.objects.filter(review=review).count() == 0


def test_bad_answers_are_refused_with_danish_messages(org, architect) -> None:  # type: ignore[no-untyped-def]
    review = make_review(org)
    with pytest.raises(ValidationError) as info:
        services.review_answer(
            actor=architect,
            review=review,
            answers={"findes_ikke": {"value": "ok"}, "dpia": {"value": "maaske"}},
        )
    assert set(info.value.message_dict) == {"findes_ikke", "dpia"}
    review.refresh_from_db()
    assert review.answers == {}


def test_a_completed_review_is_not_answered_again_and_not_deleted(org, architect) -> None:  # type: ignore[no-untyped-def]
    review = _answer_all(architect, make_review(org))
    services.review_complete(actor=architect, review=review)
    with pytest.raises(ValidationError, match="gennemført"):
        services.review_answer(actor=architect, review=review, answers={"dpia": {"value": "ok"}})
    with pytest.raises(ValidationError):
        services.review_delete(actor=architect, review=review)


def test_only_the_kontrolorgan_holds_reviews(org) -> None:  # type: ignore[no-untyped-def]
    reader = make_user(organization=org, roles=["redaktoer"])
    with pytest.raises(PermissionDenied):
        services.review_create(
            actor=reader, organization=org, usage=make_usage(org), planned_date=TODAY
        )


def test_an_owner_closes_their_action(org, architect) -> None:  # type: ignore[no-untyped-def]
    owner = make_user(organization=org, roles=["laeser"])
    review = make_review(org)
    finding = Finding.objects.create(
        organization=org,
        review=review,
        text="Opdatér erklæringen",
        owner=owner,
        due_date=date(2026, 1, 1),
    )
    services.finding_close(actor=owner, finding=finding, closing_note="Opdateret")
    finding.refresh_from_db()
    assert finding.status == "closed" and finding.closed_on is not None
    with pytest.raises(ValidationError, match="allerede"):
        services.finding_close(actor=owner, finding=finding, closing_note="Igen")


# Governance plans ----------------------------------------------------------------------------


def test_a_quarterly_plan_last_tested_20_05_2025_warns_on_the_usage(org, rf) -> None:  # type: ignore[no-untyped-def]
    usage = make_usage(org)
    make_plan(org, usage=usage, test_cadence="quarterly", last_tested=date(2025, 5, 20))
    request = rf.get("/")
    request.user = make_user(organization=org, roles=["laeser"])
    view = mock.Mock(request=request)
    with _today():
        panel = usage_panel(usage=usage, organization=org, tab="platforme", view=view)
    texts = " ".join(str(f["text"]) for f in panel["flags"])
    assert "Styringsplanens test er forfalden" in texts and "20-05-2025" in texts
    assert panel["panel"]["next_test"] == date(2025, 8, 20)


def test_a_usage_in_operation_without_a_plan_is_flagged(org, rf) -> None:  # type: ignore[no-untyped-def]
    usage = make_usage(org)
    request = rf.get("/")
    request.user = make_user(organization=org, roles=["laeser"])
    panel = usage_panel(
        usage=usage, organization=org, tab="generelt", view=mock.Mock(request=request)
    )
    assert any("ingen styringsplan" in str(f["text"]) for f in panel["flags"])
    assert panel["panel"] is None


def test_a_systemejer_keeps_their_own_plan(org) -> None:  # type: ignore[no-untyped-def]
    owner = make_user(organization=org, roles=["systemejer"])
    usage = make_usage(org)
    role_type, _ = RoleType.objects.get_or_create(
        organization=None, key="systemejer", defaults={"name": "Systemejer", "grants_edit": True}
    )
    UsageRole.objects.create(usage=usage, role_type=role_type, user=owner)
    plan = services.plan_create(actor=owner, organization=org, usage=usage, test_cadence="yearly")
    services.plan_tested(actor=owner, plan=plan, tested_on=date(2026, 1, 1))
    other = make_plan(org)
    with pytest.raises(PermissionDenied):
        services.plan_tested(actor=owner, plan=other, tested_on=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="allerede"):
        services.plan_create(actor=owner, organization=org, usage=usage)


def test_a_plan_cannot_be_tested_in_the_future(org, architect) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(org)
    with pytest.raises(ValidationError, match="fremtiden"):
        services.plan_tested(actor=architect, plan=plan, tested_on=date(2999, 1, 1))


def test_usage_list_filters(org, architect) -> None:  # type: ignore[no-untyped-def]
    from organizations.testing import logged_in_client

    late = make_usage(org, local_name="Sent system", valid_from=date(2020, 1, 1))
    make_usage(org, local_name="Nyt system", valid_from=date(2026, 11, 1))
    make_plan(org, usage=late, test_cadence="quarterly", last_tested=date(2025, 5, 20))
    client = logged_in_client(architect, org)
    page = client.get("/systemer/?gennemgang=overdue").content.decode()
    assert "Sent system" in page and "Nyt system" not in page
    page = client.get("/systemer/?styringsplan=mangler").content.decode()
    assert "Nyt system" in page and "Sent system" not in page
    page = client.get("/systemer/?styringsplan=forfalden").content.decode()
    assert "Sent system" in page and "Nyt system" not in page
    response = client.get("/systemer/?gennemgang=snart")
    assert response.status_code == 400 and "Ugyldig værdi" in response.content.decode()
