"""The driftsfællesskab verdict reads the municipality's own NPV from its case."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from advisor import services as advisor_services
from businesscases.choices import CaseStatus, CaseTemplate, LineKind
from businesscases.evidence import strategy_case_evidence
from businesscases.tests import factories as f
from organizations.testing import make_organization, member_fixture, org

pytestmark = pytest.mark.django_db

architect = member_fixture("arkitekt")
__all__ = ["org"]

SMALL_AND_STRETCHED = {
    "inhabitants": 15_000,
    "it_recruitment_difficulty": 5,
    "process_maturity": 2,
    "cost_pressure": 4,
    "neighbour_cooperation": 4,
    "fragile_operations": 4,
}


def _shared_case(org: Any, *, own_benefit: int, status: str = CaseStatus.SUBMITTED) -> Any:
    case = f.case(org, name="Fælles drift", template=CaseTemplate.SHARED_OPERATIONS, status=status)
    f.line(case, name="Egen andel", kind=LineKind.OPERATION, bearer=str(org), years=[0, 1, 2, 3])
    f.line(
        case,
        name="Egen besparelse",
        kind=LineKind.ECONOMIC,
        bearer=str(org),
        low=Decimal(own_benefit),
        mode=Decimal(own_benefit),
        high=Decimal(own_benefit),
        years=[0, 1, 2, 3],
    )
    f.line(
        case,
        name="Partnerens gevinst",
        kind=LineKind.ECONOMIC,
        bearer="Nabo Kommune",
        low=Decimal(2000),
        mode=Decimal(2000),
        high=Decimal(2000),
    )
    return case


def test_the_own_npv_and_the_whole_cases(org: Any) -> None:
    _shared_case(org, own_benefit=100)
    [evidence] = strategy_case_evidence(organization=org)
    assert evidence.option == "driftsfaellesskab" and evidence.name == "Fælles drift"
    assert evidence.npv < 0 < evidence.whole_npv  # type: ignore[operator]


def test_rejected_cases_and_other_organizations_cases_are_not_read(org: Any) -> None:
    _shared_case(org, own_benefit=100, status=CaseStatus.REJECTED)
    _shared_case(make_organization(), own_benefit=100)
    assert strategy_case_evidence(organization=org) == []


def test_a_case_without_the_organization_as_bearer_gives_the_whole_npv(org: Any) -> None:
    case = f.case(org, template=CaseTemplate.SHARED_OPERATIONS)
    f.line(case, kind=LineKind.ECONOMIC, bearer="")
    [evidence] = strategy_case_evidence(organization=org)
    assert evidence.whole_npv is None and evidence.npv > 0
    f.case(org, template=CaseTemplate.SHARED_OPERATIONS)  # newest, but without lines
    assert strategy_case_evidence(organization=org) == []


def test_the_verdict_says_no_while_the_own_npv_is_negative(org: Any, architect: Any) -> None:
    assessment = advisor_services.assessment_create(actor=architect, organization=org)
    advisor_services.assessment_update(
        actor=architect, assessment=assessment, answers=SMALL_AND_STRETCHED
    )
    _shared_case(org, own_benefit=100)
    advisor_services.assessment_complete(actor=architect, assessment=assessment)
    shared = assessment.result["others"][0]
    assert shared["key"] == "driftsfaellesskab"
    assert shared["blocked"] and shared["score"] < assessment.result["recommend_threshold"]
    assert (
        "Kommunens egen nutidsværdi i business casen »Fælles drift«"
        in (shared["caps"][0]["text"]["da"])
    )
    assert assessment.result["evidence"][0]["option"] == "driftsfaellesskab"


def test_a_paying_own_case_leaves_the_verdict_and_says_so(org: Any, architect: Any) -> None:
    assessment = advisor_services.assessment_create(actor=architect, organization=org)
    advisor_services.assessment_update(
        actor=architect, assessment=assessment, answers=SMALL_AND_STRETCHED
    )
    _shared_case(org, own_benefit=10_000)
    advisor_services.assessment_complete(actor=architect, assessment=assessment)
    shared = assessment.result["others"][0]
    assert not shared["blocked"] and shared["score"] >= assessment.result["recommend_threshold"]
    assert shared["notes"][0]["da"].startswith("Kommunens egen nutidsværdi")
