"""Assessment services: versions, answers and overrides, completion, the choice, archetypes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from advisor import services
from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from advisor.results import effective_values
from advisor.tests.factories import COST_PRESSED
from core.models import AuditEvent
from organizations.models import Organization
from organizations.testing import make_organization, make_user
from roadmaps.models import Roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Organization:
    return make_organization(population=30_000)


def _events(assessment: Assessment) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Assessment),
            object_id=str(assessment.pk),
        ).order_by("id")
    )


def _answer_all(architect: Any, assessment: Assessment, values: dict[str, float]) -> Assessment:
    """Answer every question; override the facts the portfolio computed (with a reason)."""
    computed = {k for k, v in assessment.facts.items() if v["value"] is not None}
    return services.assessment_update(
        actor=architect,
        assessment=assessment,
        answers={k: v for k, v in values.items() if k not in computed},
        overrides={
            k: {"value": v, "reason": "Kendt fra budgettet."}
            for k, v in values.items()
            if k in computed
        },
    )


def test_versions_are_numbered_and_prefilled(org: Organization, architect: Any) -> None:
    first = services.assessment_create(actor=architect, organization=org, title="Første")
    assert first.version == 1 and first.status == AssessmentStatus.DRAFT
    assert first.facts["inhabitants"] == {"value": 30000.0, "source": "fra organisationsprofilen"}
    services.assessment_update(
        actor=architect,
        assessment=first,
        answers={"cost_pressure": 4, "self_service_adoption": 0.4},
        overrides={"inhabitants": {"value": 31000, "reason": "Tal fra 1. januar."}},
    )
    services.assessment_complete(actor=architect, assessment=first)
    second = services.assessment_create(actor=architect, organization=org)
    assert second.version == 2
    assert second.title.startswith("Strategivurdering ")
    assert second.answers == {"cost_pressure": 4.0, "self_service_adoption": 0.4}
    assert second.overrides == {"inhabitants": {"value": 31000.0, "reason": "Tal fra 1. januar."}}
    assert second.result == {} and second.status == AssessmentStatus.DRAFT
    # Copy from an older version explicitly.
    services.assessment_update(actor=architect, assessment=second, answers={"cost_pressure": 1})
    third = services.assessment_create(actor=architect, organization=org, copy_from=first)
    assert third.version == 3 and third.answers["cost_pressure"] == 4.0
    # Versions are per organization.
    other = make_organization()
    theirs = services.assessment_create(
        actor=make_user(organization=other, roles=["administrator"]), organization=other
    )
    assert theirs.version == 1
    with pytest.raises(ValidationError):
        services.assessment_create(actor=architect, organization=org, copy_from=theirs)
    assert [e.action for e in _events(first)] == ["create", "update", "update"]


def test_an_override_that_is_no_longer_computed_becomes_an_answer(
    org: Organization, architect: Any
) -> None:
    first = services.assessment_create(actor=architect, organization=org)
    services.assessment_update(
        actor=architect,
        assessment=first,
        overrides={"inhabitants": {"value": 31000, "reason": "Nyere tal."}},
    )
    org.population = None
    org.save()
    second = services.assessment_create(actor=architect, organization=org)
    assert second.overrides == {}
    assert second.answers["inhabitants"] == 31000.0


def test_overrides_need_a_reason_and_a_computed_fact(org: Organization, architect: Any) -> None:
    assessment = services.assessment_create(actor=architect, organization=org)
    with pytest.raises(ValidationError) as exc:
        services.assessment_update(
            actor=architect,
            assessment=assessment,
            overrides={"inhabitants": {"value": 31000, "reason": "  "}},
        )
    assert "begrundelse" in str(exc.value.message_dict["inhabitants"])
    # integration_coverage could not be computed (no systems): answer it instead.
    assert assessment.facts["integration_coverage"]["value"] is None
    with pytest.raises(ValidationError) as exc:
        services.assessment_update(
            actor=architect,
            assessment=assessment,
            overrides={"integration_coverage": {"value": 0.5, "reason": "Skøn."}},
        )
    assert "integration_coverage" in exc.value.message_dict
    services.assessment_update(
        actor=architect,
        assessment=assessment,
        answers={"integration_coverage": 0.5},
        overrides={"inhabitants": {"value": 31000, "reason": "Tal fra 1. januar."}},
    )
    assessment.refresh_from_db()
    values = effective_values(assessment)
    assert values["inhabitants"] == 31000.0 and values["integration_coverage"] == 0.5
    # Removing the override brings the computed value back.
    services.assessment_update(
        actor=architect, assessment=assessment, overrides={"inhabitants": None}
    )
    assert effective_values(assessment)["inhabitants"] == 30000.0


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("cost_pressure", 6),
        ("cost_pressure", 2.5),
        ("self_service_adoption", 1.2),
        ("inhabitants", -1),
        ("cost_pressure", "meget"),
        ("unknown_fact", 1),
    ],
)
def test_answers_are_validated(org: Organization, architect: Any, key: str, value: Any) -> None:
    assessment = services.assessment_create(actor=architect, organization=org)
    with pytest.raises(ValidationError) as exc:
        services.assessment_update(actor=architect, assessment=assessment, answers={key: value})
    assert key in exc.value.message_dict


def test_completed_assessments_are_read_only(org: Organization, architect: Any) -> None:
    assessment = services.assessment_create(actor=architect, organization=org)
    services.assessment_complete(actor=architect, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED
    assert assessment.knowledge_version == "2025.1" and assessment.completed_at is not None
    assert assessment.result["recommended"] == "sammenhaengende_processer"
    calls: list[Callable[[], Any]] = [
        lambda: services.assessment_update(
            actor=architect, assessment=assessment, answers={"cost_pressure": 2}
        ),
        lambda: services.assessment_refresh_facts(actor=architect, assessment=assessment),
        lambda: services.assessment_complete(actor=architect, assessment=assessment),
    ]
    for call in calls:
        with pytest.raises(ValidationError, match="afsluttet"):
            call()
    # The completion is audited with the gist of the result, not the whole result.
    event = _events(assessment)[-1]
    assert event.changes["status"] == {"before": "draft", "after": "completed"}
    assert event.changes["recommended"]["after"] == "sammenhaengende_processer"
    assert "result" not in event.changes


def test_refresh_recomputes_the_facts(org: Organization, architect: Any) -> None:
    assessment = services.assessment_create(actor=architect, organization=org)
    org.population = 45_000
    org.save()
    services.assessment_refresh_facts(actor=architect, assessment=assessment)
    assert assessment.facts["inhabitants"]["value"] == 45000.0


@pytest.mark.parametrize("role", ["laeser", "redaktoer", "indkoeber", "systemejer"])
def test_only_architects_and_administrators_assess(org: Organization, role: str) -> None:
    user = make_user(organization=org, roles=[role])
    with pytest.raises(PermissionDenied):
        services.assessment_create(actor=user, organization=org)
    assessment = services.assessment_create(
        actor=make_user(organization=org, roles=["administrator"]), organization=org
    )
    with pytest.raises(PermissionDenied):
        services.assessment_update(actor=user, assessment=assessment, answers={})
    with pytest.raises(PermissionDenied):
        services.assessment_complete(actor=user, assessment=assessment)


def test_choose_records_the_decision_and_creates_the_roadmap(
    org: Organization, architect: Any
) -> None:
    assessment = services.assessment_create(actor=architect, organization=org)
    with pytest.raises(ValidationError, match="Afslut"):
        services.assessment_choose(actor=architect, assessment=assessment, option="genbrug")
    services.assessment_complete(actor=architect, assessment=assessment)
    for option in ("driftsfaellesskab", "ukendt"):
        with pytest.raises(ValidationError):
            services.assessment_choose(actor=architect, assessment=assessment, option=option)
    with pytest.raises(PermissionDenied):
        services.assessment_choose(
            actor=make_user(organization=org, roles=["redaktoer"]),
            assessment=assessment,
            option="genbrug",
        )
    roadmap = services.assessment_choose(
        actor=architect, assessment=assessment, option="genbrug", note="  Besluttet i Direktionen. "
    )
    assert isinstance(roadmap, Roadmap)
    assert roadmap.organization == org and roadmap.strategy == "genbrug"
    assert roadmap.assessment == assessment and roadmap.milestones.exists()
    assessment.refresh_from_db()
    assert assessment.chosen_option == "genbrug" and assessment.chosen_by == architect
    assert assessment.chosen_at is not None
    assert assessment.decision_note == "Besluttet i Direktionen."
    event = _events(assessment)[-1]
    assert event.changes["chosen_option"] == {"before": "", "after": "genbrug"}
    assert event.actor == architect
    with pytest.raises(ValidationError, match="allerede"):
        services.assessment_choose(actor=architect, assessment=assessment, option="genbrug")
    assert Roadmap.objects.filter(assessment=assessment).count() == 1


def test_a_cost_pressed_decentralised_municipality_gets_standardisering(
    org: Organization, architect: Any
) -> None:
    assessment = services.assessment_create(actor=architect, organization=org)
    _answer_all(architect, assessment, COST_PRESSED)
    services.assessment_complete(actor=architect, assessment=assessment)
    result = assessment.result
    assert result["recommended"] == "standardisering"
    assert result["overrides_prior"] is True
    assert result["missing_facts"] == []
    top = result["strategies"][0]
    assert top["coverage"] == 1.0
    assert top["contributions"][0]["fact"] == "cost_pressure"
    assert top["contributions"][0]["direction"] == "for"


def test_an_unknown_municipality_gets_the_sources_default(
    org: Organization, architect: Any
) -> None:
    assessment = services.assessment_create(actor=architect, organization=org)
    services.assessment_complete(actor=architect, assessment=assessment)
    assert assessment.result["recommended"] == "sammenhaengende_processer"
    assert assessment.result["overrides_prior"] is False
    assert {m["key"] for m in assessment.result["missing_facts"]} >= {"cost_pressure"}


def test_a_small_municipality_short_of_it_staff_gets_a_driftsfaellesskab(
    org: Organization, architect: Any
) -> None:
    assessment = services.assessment_create(actor=architect, organization=org)
    _answer_all(
        architect,
        assessment,
        {"inhabitants": 12_000, "it_recruitment_difficulty": 5, "cost_pressure": 5},
    )
    services.assessment_complete(actor=architect, assessment=assessment)
    verdict = assessment.result["others"][0]
    assert verdict["key"] == "driftsfaellesskab"
    assert verdict["score"] >= assessment.result["recommend_threshold"]
    assert verdict["overrides_prior"] is True
