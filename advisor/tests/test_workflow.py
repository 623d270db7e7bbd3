"""Assessment completion on the workflow mechanism."""

from __future__ import annotations

import pytest

from advisor import services
from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from advisor.services import ASSESSMENT_WORKFLOW
from core.models import AuditEvent
from core.workflow import records
from organizations.testing import make_organization, make_user

pytestmark = pytest.mark.django_db


def test_completion_is_recorded_once_and_the_audit_event_keeps_the_gist() -> None:
    org = make_organization(population=30_000)
    architect = make_user("arkitekten", organization=org, roles=["arkitekt"])
    assessment = services.assessment_create(actor=architect, organization=org)
    stale = Assessment.objects.get(pk=assessment.pk)
    services.assessment_complete(actor=architect, assessment=assessment)
    services.assessment_complete(actor=architect, assessment=stale)  # a duplicate request

    [row] = records(ASSESSMENT_WORKFLOW, assessment)
    assert (row.transition, row.from_state, row.to_state, row.actor_label) == (
        "complete",
        AssessmentStatus.DRAFT,
        AssessmentStatus.COMPLETED,
        "arkitekten",
    )
    [event] = AuditEvent.objects.filter(object_id=str(assessment.pk), changes__has_key="scores")
    assert event.changes["status"] == {"before": "draft", "after": "completed"}
    assert "result" not in event.changes and event.changes["recommended"]["after"]
