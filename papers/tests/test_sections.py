"""The committee item's own sections, read from real generated documents: »Økonomi« with
the NPV band and the budget effect per year, »Plan og faktiske tal« with their coverage,
»Beslutningskompetence« and »Høring og MED« (Styrbar's proposal with its rule, or the
author's own), the Indstilling once and numbered once."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from businesscases.choices import ActualKind, BudgetReduction, CaseStatus, CaseTemplate
from businesscases.models import BenefitActual
from core.models import AuditEvent
from engine.money import format_mio
from organizations.testing import make_organization
from papers import services
from papers.choices import Authority, Consultation
from papers.models import DecisionPaper
from papers.tests import factories as f

pytestmark = pytest.mark.django_db


def pdf_text(paper: DecisionPaper) -> str:
    reader = PdfReader(io.BytesIO(bytes(paper.pdf)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def docx_paragraphs(paper: DecisionPaper) -> list[Any]:
    return list(docx.Document(io.BytesIO(bytes(paper.docx))).paragraphs)


def test_economy_has_the_band_and_the_budget_effect_per_year() -> None:
    org = make_organization()
    case = f.business_case(org, status=CaseStatus.SUBMITTED)
    case.budget_reduction = BudgetReduction.PROPOSED
    case.save(update_fields=["budget_reduction"])
    paper = f.paper(org, business_case=case, roadmap=None)
    result, simulation = f.engine_numbers(case)
    text = pdf_text(paper)
    economy = text[text.index("Økonomi Den forventede") :]
    assert f"Den forventede nettonutidsværdi er {format_mio(simulation.mean)}" in economy
    assert f"mellem {format_mio(simulation.p10)} og {format_mio(simulation.p90)}" in economy
    assert f"Den mest sandsynlige beregning giver {format_mio(result.npv)}" in economy
    assert "faste priser (prisniveau 2026)" in economy
    # Per year in 1.000 kr.: 2026 the platform (1.500), then operation 225 and the
    # 800 taken out of the budget: 225 - 800 = -575 a year.
    assert "Anlæg (engangsinvestering) 1.500 0 0 0 0 1.500" in economy
    assert "Budgetkonsekvens (merudgift +) 1.500 -575 -575 -575 -575 -800" in economy
    assert "minus de økonomiske gevinster, som foreslås taget ud af budgettet" in economy
    assert "Finansieringen er ikke angivet" in economy


def test_actuals_of_an_approved_case_are_shown_with_their_coverage() -> None:
    org = make_organization()
    case = f.business_case(org, status=CaseStatus.APPROVED)
    BenefitActual.objects.create(case=case, year=2026, kind=ActualKind.COST, amount=1_700_000)
    BenefitActual.objects.create(
        case=case, year=2027, kind=ActualKind.BENEFIT, amount=600_000, note="Forsinket start"
    )
    paper = f.paper(org, business_case=case, roadmap=None)
    actuals = paper.inputs["business_case"]["actuals"]
    assert actuals["reported_years"] == [2026, 2027]
    text = pdf_text(paper)
    assert "Plan og faktiske tal" in text
    assert "Faktiske tal er registreret for 2 af casens 5 år (2026, 2027)" in text
    assert "for 2026, 2027 mangler enten omkostning eller gevinst" in text
    # Planned net 2026-2027: -1.500.000 + (800.000 - 225.000) = -925.000; actual
    # -1.700.000 + (600.000 - 225.000) = -1.325.000; deviation -400.000 (-43,2 %).
    assert "nettogevinsten −1,3 mio. kr. mod planlagt −925.000 kr." in text
    assert "en afvigelse på −400.000 kr. (-43,2 %)" in text
    assert "markeret som afvigende fra planen" in text
    assert "ikke registreret" in text and "2027, gevinst: Forsinket start" in text


def test_an_approved_case_without_actuals_says_so() -> None:
    org = make_organization()
    paper = f.paper(org, business_case=f.business_case(org), roadmap=None)
    assert "Der er endnu ikke registreret faktiske tal" in pdf_text(paper)


def test_authority_is_derived_with_its_rule_and_stored() -> None:
    org = make_organization()
    submitted = f.paper(
        org, business_case=f.business_case(org, status=CaseStatus.SUBMITTED), roadmap=None
    )
    assert submitted.authority == Authority.KOMMUNALBESTYRELSE
    assert "kommunestyrelseslovens § 40, stk. 2" in submitted.authority_basis
    assert submitted.consultation == Consultation.PENDING
    text = pdf_text(submitted)
    assert "Sagen afgøres af Kommunalbestyrelsen efter indstilling fra Økonomiudvalget" in text
    assert "rammeaftalen om medindflydelse og medbestemmelse" in text
    assert "Sagen går derefter videre til Kommunalbestyrelsen" in text

    status = f.paper(org, business_case=f.business_case(org), roadmap=None)
    assert status.authority == Authority.OKONOMIUDVALG
    assert status.consultation == Consultation.NOT_NEEDED
    assert "Sagen afgøres af Økonomiudvalget" in pdf_text(status)

    shared = f.paper(
        org,
        business_case=f.business_case(
            org, status=CaseStatus.SUBMITTED, template=CaseTemplate.SHARED_OPERATIONS
        ),
        roadmap=None,
    )
    assert "§ 60" in shared.authority_basis
    assert "It-driften flyttes" in shared.consultation_note


def test_the_author_may_change_authority_and_consultation_with_a_basis() -> None:
    org = make_organization()
    case = f.business_case(org, status=CaseStatus.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.paper_create(
            actor=f.creator(org), organization=org, business_case=case, authority="fagudvalg"
        )
    assert "authority_basis" in error.value.message_dict
    paper = services.paper_create(
        actor=f.creator(org),
        organization=org,
        business_case=case,
        authority=Authority.FAGUDVALG,
        authority_basis="Bevilget i budget 2026; delegeret til Børne- og Skoleudvalget.",
        consultation=Consultation.DONE,
        consultation_note="Hoved-MED drøftede sagen 12-11-2026 uden bemærkninger.",
        financing="Afholdes af rammen for digitalisering 2026.",
    )
    text = pdf_text(paper)
    assert "Sagen afgøres af fagudvalget" in text
    assert "delegeret til Børne- og Skoleudvalget" in text
    assert "Status: Gennemført. Hoved-MED drøftede sagen 12-11-2026" in text
    assert "Finansiering: Afholdes af rammen for digitalisering 2026." in text
    event = AuditEvent.objects.get(object_id=str(paper.pk), action="create")
    after = str(event.changes)
    assert "fagudvalg" in after and "Hoved-MED" in after and "rammen for digitalisering" in after


def test_indstilling_once_numbered_once_in_pdf_and_docx() -> None:
    org = make_organization()
    paper = f.paper(org, full=True)
    text = pdf_text(paper)
    assert text.count("Indstilling") == 1
    assert "Det indstilles, at" not in text
    assert "Administrationen indstiller, at 1. " in text
    assert "1. 1." not in text and "1 1." not in text
    headings = [p.text for p in docx_paragraphs(paper) if p.style.name.startswith("Heading")]
    assert headings.count("Indstilling") == 1
    body = [p.text for p in docx_paragraphs(paper)]
    first = body.index("Administrationen indstiller, at") + 1
    assert not body[first][:1].isdigit()  # Word numbers the list itself
    assert "Beslutning" in headings


def test_amounts_in_text_are_rounded_and_the_appendix_keeps_numbers_whole() -> None:
    org = make_organization()
    paper = f.paper(org, full=True)
    text = pdf_text(paper)
    assert ",00 kr." not in text and "startværdi" not in text and "PERT" not in text
    assert "Break-even" not in text and "Styrbars vidensbase" not in text
    assert Decimal(paper.inputs["business_case"]["lines"][0]["mode"]) == 1_500_000
    assert "1.500.000" in text  # Bilag 2: a whole number, not broken across lines


def test_equal_rounded_scores_under_different_ranks_are_called_no_real_difference() -> None:
    from papers.document.blocks import Para
    from papers.document.sections import _assessment_blocks

    def row(rank: int, key: str, label: str, value: float) -> dict[str, Any]:
        return {
            "rank": rank,
            "key": key,
            "label": label,
            "score": value,
            "coverage": 1.0,
            "overrides_prior": False,
            "contributions": [],
        }

    ranking = [
        row(1, "a", "Sammenhængende forretningsprocesser", 0.91),
        row(2, "b", "Udnyttelse af eksisterende it-løsninger", 0.5612),
        row(3, "c", "Standardisering af it-indkøb", 0.5571),
        row(4, "d", "Borgernær service", 0.44),
    ]
    assessment: dict[str, Any] = {
        "ranking": ranking,
        "others": [],
        "margin": 0.35,
        "clear_winner": True,
        "recommended": {"key": "a", "label": "Sammenhængende forretningsprocesser"},
        "missing_facts": [],
    }
    texts = [b.text for b in _assessment_blocks(assessment, "a") if isinstance(b, Para)]
    [note] = [t for t in texts if "afrundede" in t]
    assert note.startswith(
        "»Udnyttelse af eksisterende it-løsninger« og »Standardisering af it-indkøb« har "
        "samme afrundede score (56)"
    )
    assert "Sammenhængende" not in note and "Borgernær" not in note
    ranking[2]["score"] = 0.50
    texts = [b.text for b in _assessment_blocks(assessment, "a") if isinstance(b, Para)]
    assert not [t for t in texts if "afrundede" in t]
