"""The demo seeder: picks the sources deterministically, skips when there are none, and is
idempotent."""

from __future__ import annotations

import pytest

from businesscases.choices import CaseStatus, CaseTemplate
from organizations.demo import seed_foundation
from papers import demo
from papers.models import DecisionPaper
from papers.tests import factories as f

pytestmark = pytest.mark.django_db


def test_without_sources_nothing_is_generated() -> None:
    result = seed_foundation()
    assert demo.seed(result) is None
    assert not DecisionPaper.objects.exists()


def test_generates_one_paper_per_proposal_and_is_idempotent() -> None:
    result = seed_foundation()
    kommune = result.kommune
    assessment = f.assessment(kommune, chosen="borgernaer_service")
    f.business_case(kommune, status=CaseStatus.DRAFT, name="Kladde")
    submitted = f.business_case(
        kommune,
        status=CaseStatus.SUBMITTED,
        template=CaseTemplate.CHANNEL_SHIFT,
        name="Indsendt kanalomlægning",
    )
    approved = f.business_case(
        kommune,
        status=CaseStatus.APPROVED,
        template=CaseTemplate.SHARED_OPERATIONS,
        name="Godkendt driftsfællesskab",
    )
    f.roadmap(kommune, strategy="standardisering")
    chosen = f.roadmap(kommune, strategy="borgernaer_service")
    paper = demo.seed(result)
    assert paper is not None and paper.title == demo.DEMO_TITLE
    # One proposal: the submitted case, the assessment and the roadmap of its strategy.
    assert paper.business_case == submitted
    assert paper.assessment == assessment
    assert paper.roadmap == chosen
    assert not [i for i in paper.inputs["coherence"]["items"] if i["status"] == "warning"]
    assert paper.inputs["organization"]["is_demo"] is True
    assert paper.created_by == result.users["arkitekt"]
    status = DecisionPaper.objects.get(
        title="Status for business casen »Godkendt driftsfællesskab«"
    )
    assert status.business_case == approved
    assert status.assessment is None and status.roadmap is None
    again = demo.seed(result)
    assert again is not None and again.pk == paper.pk
    assert DecisionPaper.objects.count() == 2


def test_a_source_of_another_proposal_is_left_out() -> None:
    result = seed_foundation()
    kommune = result.kommune
    f.assessment(kommune, chosen="standardisering")
    case = f.business_case(kommune, status=CaseStatus.SUBMITTED)
    f.roadmap(kommune, strategy="standardisering")
    paper = demo.seed(result)
    assert paper is not None and paper.business_case == case
    # The assessment chose another strategy than the case's: left out.
    assert paper.assessment is None and paper.roadmap is None


def test_a_missing_case_is_left_out() -> None:
    result = seed_foundation()
    road = f.roadmap(result.kommune)
    paper = demo.seed(result)
    assert paper is not None
    assert paper.business_case is None and paper.assessment is None
    assert paper.roadmap == road
