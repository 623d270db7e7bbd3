"""Business-case status on the workflow mechanism: records and duplicate requests."""

from __future__ import annotations

from typing import Any

import pytest

from businesscases import services
from businesscases.choices import CaseStatus
from businesscases.models import BusinessCase, CaseVersion
from businesscases.services import CASE_WORKFLOW
from businesscases.tests import factories as f
from core.models import AuditEvent
from core.workflow import records
from organizations.testing import make_organization, make_user

pytestmark = pytest.mark.django_db


def test_submit_and_decide_are_recorded_with_who_from_to_and_why() -> None:
    org = make_organization()
    editor = make_user("redaktoeren", organization=org, roles=["arkitekt"])
    admin = make_user("direktoeren", organization=org, roles=["administrator"])
    case = f.simple_case(org)
    services.case_submit(actor=editor, case=case, note=" Til ØU ")
    services.case_decide(actor=admin, case=case, decision=CaseStatus.REJECTED, note="For dyr")

    decided, submitted = records(CASE_WORKFLOW, case)
    assert (submitted.transition, submitted.from_state, submitted.to_state) == (
        "submit",
        CaseStatus.DRAFT,
        CaseStatus.SUBMITTED,
    )
    assert (submitted.actor_label, submitted.fields) == ("redaktoeren", {"note": "Til ØU"})
    assert (decided.transition, decided.from_state, decided.to_state) == (
        "reject",
        CaseStatus.SUBMITTED,
        CaseStatus.REJECTED,
    )
    assert (decided.actor, decided.organization, decided.fields) == (
        admin,
        org,
        {"note": "For dyr"},
    )


def test_a_duplicate_submit_freezes_one_version() -> None:
    """Two requests hold the draft; the second finds it submitted under the lock."""
    org = make_organization()
    editor = make_user(organization=org, roles=["arkitekt"])
    case = f.simple_case(org)
    stale = BusinessCase.objects.get(pk=case.pk)
    services.case_submit(actor=editor, case=case)

    again: Any = services.case_submit(actor=editor, case=stale)

    assert again.status == CaseStatus.SUBMITTED and again.version == 2
    assert CaseVersion.objects.filter(case=case).count() == 1
    assert records(CASE_WORKFLOW, case).count() == 1
    assert AuditEvent.objects.filter(changes__has_key="frozen_version").count() == 1
