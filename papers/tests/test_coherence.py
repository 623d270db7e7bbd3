"""One proposal per paper: the consistency check refuses sources that belong to another
proposal or a case that cannot be put forward, and warns (in the form and in the
generated paper) where the data cannot prove the sources belong together."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from advisor.choices import AssessmentStatus
from businesscases.choices import CaseStatus, CaseTemplate
from businesscases.models import CaseVersion
from core.models import AuditEvent
from organizations.testing import logged_in_client, make_organization
from papers import coherence, services
from papers.models import DecisionPaper
from papers.tests import factories as f
from roadmaps.choices import GateBody, GateDecision
from roadmaps.tests import factories as roadmap_factories

pytestmark = pytest.mark.django_db


def pdf_text(paper: DecisionPaper) -> str:
    reader = PdfReader(io.BytesIO(bytes(paper.pdf)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def refused(org: Any, **sources: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        services.paper_create(actor=f.creator(org), organization=org, **sources)
    assert not DecisionPaper.objects.exists()
    assert not AuditEvent.objects.filter(content_type__model="decisionpaper").exists()
    return error.value.message_dict


@pytest.mark.parametrize(
    ("status", "words"),
    [(CaseStatus.REJECTED, "er afvist og kan ikke forelægges"), (CaseStatus.DRAFT, "er en kladde")],
)
def test_a_rejected_or_draft_case_is_refused(status: str, words: str) -> None:
    org = make_organization()
    case = f.business_case(org, status=status)
    errors = refused(org, business_case=case)
    assert any(words in text for text in errors["business_case"])


def test_an_approved_case_presented_for_approval_again_is_refused() -> None:
    org = make_organization()
    case = f.business_case(org, status=CaseStatus.APPROVED, name="Kanal 2024")
    errors = refused(
        org,
        business_case=case,
        proposed_decision="Det indstilles, at\n1. business casen »Kanal 2024« godkendes.",
    )
    assert "kan ikke forelægges til godkendelse igen" in errors["proposed_decision"][0]
    # The default proposal takes its status to note instead, and is generated.
    paper = f.paper(org, business_case=case, roadmap=None)
    assert "tages til efterretning" in paper.proposed_decision
    statuses = {i["key"]: i["status"] for i in paper.inputs["coherence"]["items"]}
    assert statuses["case_status"] == "ok"


def test_a_case_of_another_assessment_or_roadmap_is_refused() -> None:
    org = make_organization()
    first = f.assessment(org, chosen="borgernaer_service")
    second = f.assessment(org, chosen="borgernaer_service")
    case = f.business_case(org, status=CaseStatus.SUBMITTED)
    case.assessment = first
    case.save(update_fields=["assessment"])
    errors = refused(org, business_case=case, assessment=second)
    assert "hører til et andet forslag" in errors["business_case"][0]

    own, other = f.roadmap(org), f.roadmap(org)
    case.assessment = None
    case.milestone = other.milestones.first()
    case.save(update_fields=["assessment", "milestone"])
    errors = refused(org, business_case=case, roadmap=own)
    assert f"roadmappen »{other.name}«" in errors["roadmap"][0]


def test_a_roadmap_of_another_assessment_is_refused() -> None:
    org = make_organization()
    first = f.assessment(org, chosen="borgernaer_service")
    second = f.assessment(org, chosen="borgernaer_service")
    road = f.roadmap(org)
    road.assessment = first
    road.save(update_fields=["assessment"])
    errors = refused(org, roadmap=road, assessment=second)
    assert "er lavet ud fra strategivurderingen" in errors["roadmap"][0]


def test_a_case_that_no_longer_matches_its_frozen_version_is_refused() -> None:
    org = make_organization()
    case = f.business_case(org, status=CaseStatus.SUBMITTED)
    version = CaseVersion.objects.get(case=case)
    version.snapshot = {"result": {"npv": "1.00"}}
    version.save(update_fields=["snapshot"])
    errors = refused(org, business_case=case)
    assert "afviger fra den frosne version" in errors["business_case"][0]


def test_a_case_without_a_frozen_version_is_generated_with_a_warning() -> None:
    org = make_organization()
    case = f.business_case(org, status=CaseStatus.SUBMITTED)
    CaseVersion.objects.filter(case=case).delete()
    paper = f.paper(org, business_case=case, roadmap=None)
    text = pdf_text(paper)
    assert "Bemærk: Styrbar har ingen frosset version" in text


def test_sources_of_different_strategies_warn_in_the_paper_and_say_what_was_checked() -> None:
    org = make_organization()
    paper = f.paper(
        org,
        assessment=f.assessment(org, chosen="sammenhaengende_processer"),
        business_case=f.business_case(org, status=CaseStatus.SUBMITTED),
    )
    warnings = [i for i in paper.inputs["coherence"]["items"] if i["status"] == "warning"]
    assert [w["key"] for w in warnings] == ["strategy"]
    text = pdf_text(paper)
    assert "Bemærk: Kilderne peger på forskellige strategier" in text
    assert "»Sammenhængende forretningsprocesser«" in text and "»Borgernær service«" in text
    # The appendix states what was checked, and what could not be.
    assert "Kontrol af, at oplæggets kilder hører til samme forslag" in text
    assert "kan ikke kontrolleres" in text
    # The paper's page repeats the warning, and who decides.
    html = (
        logged_in_client(f.creator(org), org)
        .get(reverse("papers:paper_detail", args=[paper.pk]))
        .content.decode()
    )
    assert "Kilderne peger på forskellige strategier" in html
    assert "Kommunalbestyrelsen (efter Økonomiudvalget)" in html


def test_a_driftsfaellesskab_case_belongs_beside_the_chosen_strategy() -> None:
    org = make_organization()
    case = f.business_case(
        org, status=CaseStatus.SUBMITTED, template=CaseTemplate.SHARED_OPERATIONS
    )
    result = coherence.check(
        organization=org,
        assessment=f.assessment(org, chosen="sammenhaengende_processer"),
        business_case=case,
        roadmap=f.roadmap(org, strategy="sammenhaengende_processer"),
    )
    assert not result.refusals
    assert [i.key for i in result.items if i.status == "warning"] == ["strategy_roadmap"]


def test_a_superseded_assessment_and_a_roadmap_without_pending_gates_warn() -> None:
    org = make_organization()
    old = f.assessment(org, chosen="borgernaer_service")
    f.assessment(org, chosen="borgernaer_service")
    f.assessment(org, status=AssessmentStatus.DRAFT)  # a draft supersedes nothing
    road = f.roadmap(org)
    road.gates.filter(body=GateBody.OKONOMIUDVALG).update(decision=GateDecision.APPROVED)
    roadmap_factories.gate(
        road, GateBody.KOMMUNALBESTYRELSE, title="KB", decision=GateDecision.APPROVED
    )
    result = coherence.check(organization=org, assessment=old, roadmap=road)
    warnings = {i.key: i.text for i in result.items if i.status == "warning"}
    assert "afløst af en nyere afsluttet vurdering" in warnings["assessment_superseded"]
    assert "intet ventende beslutningspunkt" in warnings["gate_pending"]


def test_the_form_shows_the_warnings_and_the_refusal_changes_nothing() -> None:
    org = make_organization()
    client = logged_in_client(f.creator(org), org)
    assessment = f.assessment(org, chosen="sammenhaengende_processer")
    case = f.business_case(org, status=CaseStatus.SUBMITTED)
    html = client.post(
        reverse("papers:paper_create"),
        {"foreslaa": "1", "assessment": assessment.pk, "business_case": case.pk},
    ).content.decode()
    assert "Kilderne peger på forskellige strategier" in html
    assert "Advarsler, som også står i oplægget" in html

    rejected = f.business_case(org, status=CaseStatus.REJECTED, name="Afvist sag")
    response = client.post(
        reverse("papers:paper_create"), {"title": "Forsøg", "business_case": rejected.pk}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Business casen »Afvist sag« er afvist og kan ikke forelægges" in html
    assert not DecisionPaper.objects.exists()
