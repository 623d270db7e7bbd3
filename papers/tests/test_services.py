"""Generating, storing and regenerating decision papers; inputs; validation and audit."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F

from advisor.choices import AssessmentStatus
from businesscases.choices import CaseStatus, CaseTemplate, LineKind
from businesscases.compute import compute
from businesscases.tests import factories as case_factories
from core.models import AuditEvent
from engine.money import format_mio
from organizations.testing import make_organization, make_user
from papers import inputs, services
from papers.document.sections import _processes as process_section
from papers.models import DecisionPaper
from papers.tests import factories as f

pytestmark = pytest.mark.django_db


def test_create_stores_inputs_documents_and_hashes_and_is_audited() -> None:
    org = make_organization()
    paper = f.paper(org, full=True)
    paper.refresh_from_db()
    assert bytes(paper.docx)[:2] == b"PK"
    assert bytes(paper.pdf).startswith(b"%PDF")
    assert paper.docx_sha256 == hashlib.sha256(bytes(paper.docx)).hexdigest()
    assert paper.pdf_sha256 == hashlib.sha256(bytes(paper.pdf)).hexdigest()
    assert json.loads(json.dumps(paper.inputs)) == paper.inputs
    assert paper.inputs["organization"]["name"] == org.name
    assert paper.proposed_decision.startswith("Det indstilles, at")
    event = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(DecisionPaper), object_id=str(paper.pk)
    )
    assert event.action == "create"
    assert event.organization == org
    assert event.changes["docx_sha256"]["after"] == paper.docx_sha256
    assert "docx" not in event.changes and "inputs" not in event.changes


def test_regenerate_gives_identical_bytes_even_after_the_sources_change() -> None:
    org = make_organization()
    paper = f.paper(org, full=True)
    case = paper.business_case
    assert case is not None
    case.lines.update(mode=F("low"))  # the case moves on; the paper must not
    case.risks.all().delete()
    paper = DecisionPaper.objects.get(pk=paper.pk)
    check = services.paper_regenerate(paper=paper)
    assert check.matches
    assert check.docx == bytes(paper.docx)
    assert check.pdf == bytes(paper.pdf)


def test_inputs_hold_the_engine_numbers_of_the_case() -> None:
    org = make_organization()
    paper = f.paper(org, full=True)
    assert paper.business_case is not None
    result, simulation = f.engine_numbers(paper.business_case)
    numbers = paper.inputs["business_case"]["result"]
    assert numbers["npv"] == str(result.npv)
    assert numbers["net"] == [str(v) for v in result.net]
    assert numbers["simulation"]["p10"] == str(simulation.p10)
    assert numbers["simulation"]["p90"] == str(simulation.p90)
    assert numbers["risk_pool"]["pool"] == str(simulation.risk_pool.pool)
    assert numbers["years"] == [2026, 2027, 2028, 2029, 2030]


def test_inputs_carry_ranking_strategy_pros_cons_and_roadmap() -> None:
    org = make_organization()
    paper = f.paper(org, full=True)
    data = paper.inputs
    ranking = data["assessment"]["ranking"]
    assert [row["rank"] for row in ranking] == sorted(row["rank"] for row in ranking)
    assert data["strategy"]["key"] == "borgernaer_service"
    # The paper is built around the case: its template's strategy (here the same as the
    # assessment's choice).
    assert data["strategy"]["source"] == "case_template"
    assert data["strategy"]["advantages"]
    assert all(d["mitigations"] for d in data["strategy"]["disadvantages"])
    assert data["strategy"]["risks"] and data["strategy"]["risks"][0]["mitigations"]
    gates = data["roadmap"]["gates"]
    assert [g["decision_label"] for g in gates] == ["Godkendt", "Afventer"]
    assert data["roadmap"]["milestones"][0]["gates"] == ["Direktionen: business case"]


def test_processes_follow_the_bearers_else_the_most_steps() -> None:
    org = make_organization()
    bearer_process = f.process(org, unit_name="Borgerservice", steps=2)
    big = [f.process(org, unit_name="Teknik", steps=9) for _ in range(6)]
    case = f.business_case(org)
    chosen = inputs._processes(org, case)
    assert chosen["rule"] == "bearers"
    assert [p["name"] for p in chosen["items"]] == [bearer_process.name]
    fallback = inputs._processes(org, None)
    assert fallback["rule"] == "top_steps"
    assert len(fallback["items"]) == inputs.MAX_PROCESSES
    assert {p["name"] for p in fallback["items"]} <= {p.name for p in big}


def test_a_case_whose_bearers_run_no_process_gets_none_not_another_units() -> None:
    org = make_organization()
    f.process(org, unit_name="Socialforvaltningen", steps=4)
    case = f.business_case(org)
    chosen = inputs._processes(org, case)
    assert chosen["rule"] == "no_match" and chosen["items"] == []
    paper = f.paper(org, business_case=case)
    text = " ".join(getattr(b, "text", "") for b in process_section(paper.inputs))
    assert "Procesbeskrivelsen for forslaget skal derfor udarbejdes" in text


def test_default_decision_names_strategy_npv_and_roadmap() -> None:
    org = make_organization()
    case = f.business_case(org, status=CaseStatus.SUBMITTED)
    result, simulation = f.engine_numbers(case)
    road = f.roadmap(org)
    text = services.default_proposed_decision(
        assessment=f.assessment(org, chosen="borgernaer_service"), business_case=case, roadmap=road
    )
    lines = text.splitlines()
    assert lines[0] == "Det indstilles, at"
    assert "»Borgernær service«" in lines[1] and lines[1].endswith(",")
    # The headline is the expected NPV, rounded as a committee reads it, with the
    # most-likely calculation beside it; amounts are not given to the øre.
    assert f"forventet nettonutidsværdi på {format_mio(simulation.mean)}" in lines[2]
    assert f"mest sandsynlige beregning: {format_mio(result.npv)}" in lines[2]
    assert f"risikopulje på {format_mio(simulation.risk_pool.pool)}" in lines[2]
    assert re.search(r"\d,\d\d kr\.", lines[2]) is None  # never to the øre
    assert lines[2].startswith("2. Økonomiudvalget over for Kommunalbestyrelsen anbefaler")
    assert lines[2].endswith(", og")
    assert road.name in lines[3] and lines[3].endswith(".")


def test_an_approved_case_is_not_approved_again() -> None:
    org = make_organization()
    case = f.business_case(org, status=CaseStatus.APPROVED)
    case.decided_at = dt.datetime(2024, 1, 15, 10, tzinfo=dt.UTC)
    case.save(update_fields=["decided_at"])
    text = services.default_proposed_decision(business_case=case)
    assert "godkendes" not in text
    assert "status for business casen" in text and "godkendt 15-01-2024" in text
    assert "tages til efterretning" in text
    assert "realiserede gevinster" in text


def test_no_risk_pool_of_zero_and_a_shared_case_leads_with_the_own_npv() -> None:
    org = make_organization()
    case = case_factories.case(org, template=CaseTemplate.SHARED_OPERATIONS, iterations=2_000)
    case_factories.line(case, kind=LineKind.OPERATION, bearer=str(org), years=[0, 1, 2, 3])
    case_factories.line(
        case,
        kind=LineKind.ECONOMIC,
        bearer="Nabo Kommune",
        low=Decimal(3000),
        mode=Decimal(3000),
        high=Decimal(3000),
    )
    text = services.default_proposed_decision(business_case=case)
    assert "risikopulje" not in text
    result = compute(case, with_simulation=False).result
    own = next(b for b in result.by_bearer if b.bearer == str(org))
    assert f"nettonutidsværdi for {org} på {format_mio(own.npv)}" in text
    assert f"(hele fællesskabet: {format_mio(result.npv)})" in text


def test_title_and_decision_default_when_left_empty() -> None:
    org = make_organization()
    paper = f.paper(org)  # roadmap only
    assert paper.title == "Arkitekturstyring: Borgernær service"
    assert "roadmappen" in paper.proposed_decision
    assert paper.inputs["business_case"] is None
    assert paper.inputs["assessment"] is None


def test_at_least_one_source_is_needed() -> None:
    org = make_organization()
    with pytest.raises(ValidationError):
        services.paper_create(actor=f.creator(org), organization=org, title="Tomt")


def test_sources_of_another_organization_are_rejected() -> None:
    mine, theirs = make_organization(), make_organization()
    actor = f.creator(mine)
    sources: tuple[tuple[str, Any], ...] = (
        ("assessment", f.assessment(theirs)),
        ("business_case", f.business_case(theirs)),
        ("roadmap", f.roadmap(theirs)),
    )
    for field, obj in sources:
        with pytest.raises(ValidationError) as error:
            services.paper_create(actor=actor, organization=mine, **{field: obj})
        assert field in error.value.message_dict
    assert not DecisionPaper.objects.exists()


def test_a_draft_assessment_is_rejected() -> None:
    org = make_organization()
    draft = f.assessment(org, status=AssessmentStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.paper_create(actor=f.creator(org), organization=org, assessment=draft)
    assert "assessment" in error.value.message_dict


@pytest.mark.parametrize("role", ["laeser", "redaktoer", "systemejer", "indkoeber"])
def test_only_architects_and_administrators_generate(role: str) -> None:
    org = make_organization()
    user = make_user(organization=org, roles=[role])
    with pytest.raises(PermissionDenied):
        services.paper_create(actor=user, organization=org, roadmap=f.roadmap(org))


def test_bearer_matching_folds_danish_letters() -> None:
    org = make_organization()
    matching = f.process(org, unit_name="Økonomi og Indkøb", steps=1)
    f.process(org, unit_name="Teknik", steps=8)
    case = f.business_case(org)
    case.lines.update(bearer="ØKONOMI OG INDKØB")
    chosen = inputs._processes(org, case)
    assert chosen["rule"] == "bearers"
    assert [p["name"] for p in chosen["items"]] == [matching.name]


def test_assumptions_show_the_municipalitys_own_values() -> None:
    """The business-case service stores template assumptions under "assumptions"."""
    from papers.inputs import _assumptions

    case = f.business_case(make_organization())
    case.template_inputs = {
        "inputs": {},
        "assumptions": {"prices.in_person": {"value": "180.00", "source": "Kommunens egen værdi"}},
    }
    rows = _assumptions(case)
    own = next(row for row in rows if row["key"] == "prices.in_person")
    assert own["source"] == "Kommunens egen værdi"
    assert "180" in str(own["value"])
    default = next(row for row in rows if row["key"] == "prices.digital")
    assert default["source"] != "Kommunens egen værdi"
