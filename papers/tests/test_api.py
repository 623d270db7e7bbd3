"""The decision paper API: create from ids, isolation of the ids, detail with inputs,
downloads, the list envelope."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client

from businesscases.choices import CaseStatus
from organizations.testing import make_organization, make_token
from papers.models import DecisionPaper
from papers.tests import factories as f

pytestmark = pytest.mark.django_db


def _api(org: Any) -> tuple[Client, dict[str, Any], str]:
    token = make_token(f.creator(org))
    return (
        Client(),
        {"HTTP_AUTHORIZATION": f"Bearer {token}"},
        (f"/api/v1/organizations/{org.pk}/decision-papers"),
    )


def test_create_from_ids_returns_the_paper_with_its_inputs() -> None:
    org = make_organization()
    assessment = f.assessment(org, chosen="borgernaer_service")
    case = f.business_case(org)
    road = f.roadmap(org)
    client, auth, base = _api(org)
    response = client.post(
        base,
        {"assessment_id": assessment.pk, "business_case_id": case.pk, "roadmap_id": road.pk},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    paper = DecisionPaper.objects.get(pk=body["id"])
    assert body["docx_sha256"] == paper.docx_sha256
    assert body["business_case_id"] == case.pk
    result, _simulation = f.engine_numbers(case)
    assert body["inputs"]["business_case"]["result"]["npv"] == str(result.npv)
    assert body["proposed_decision"].startswith("Det indstilles, at")


@pytest.mark.parametrize("field", ["assessment_id", "business_case_id", "roadmap_id"])
def test_an_id_of_another_organization_is_a_400_naming_the_field(field: str) -> None:
    mine, theirs = make_organization(), make_organization()
    foreign = {
        "assessment_id": f.assessment(theirs),
        "business_case_id": f.business_case(theirs),
        "roadmap_id": f.roadmap(theirs),
    }[field]
    client, auth, base = _api(mine)
    response = client.post(base, {field: foreign.pk}, content_type="application/json", **auth)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not DecisionPaper.objects.exists()


def test_no_sources_is_a_400() -> None:
    org = make_organization()
    client, auth, base = _api(org)
    response = client.post(base, {"title": "Tomt"}, content_type="application/json", **auth)
    assert response.status_code == 400
    assert "Vælg mindst én" in response.json()["message"]


def test_list_detail_and_downloads() -> None:
    org = make_organization()
    paper = f.paper(org)
    client, auth, base = _api(org)
    listing = client.get(base, **auth).json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == paper.pk
    assert "inputs" not in listing["items"][0]
    detail = client.get(f"{base}/{paper.pk}", **auth).json()
    assert paper.roadmap is not None
    assert detail["inputs"]["roadmap"]["name"] == paper.roadmap.name
    for kind, digest, content_type in (
        (
            "docx",
            paper.docx_sha256,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("pdf", paper.pdf_sha256, "application/pdf"),
    ):
        response = client.get(f"{base}/{paper.pk}/{kind}", **auth)
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert hashlib.sha256(response.content).hexdigest() == digest


def test_the_download_operations_are_documented_as_binary() -> None:
    from config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operation = schema["paths"]["/api/v1/organizations/{org_id}/decision-papers/{paper_id}/pdf"]
    responses = operation["get"]["responses"]
    assert "application/pdf" in (responses.get(200) or responses["200"])["content"]


def test_a_draft_assessment_is_a_400() -> None:
    from advisor.choices import AssessmentStatus

    org = make_organization()
    draft = f.assessment(org, status=AssessmentStatus.DRAFT)
    client, auth, base = _api(org)
    response = client.post(
        base, {"assessment_id": draft.pk}, content_type="application/json", **auth
    )
    assert response.status_code == 400
    assert response.json()["errors"]["assessment_id"] == [
        "Strategivurderingen er ikke afsluttet endnu."
    ]


def test_authority_consultation_and_financing_are_taken_and_returned() -> None:
    org = make_organization()
    case = f.business_case(org, status=CaseStatus.SUBMITTED)
    client, auth, base = _api(org)
    payload = {
        "business_case_id": case.pk,
        "authority": "okonomiudvalg",
        "authority_basis": "Udgiften er bevilget i budget 2026; Økonomiudvalget har rammen.",
        "consultation": "done",
        "consultation_note": "Hoved-MED 12-11-2026.",
        "financing": "Digitaliseringspuljen 2026.",
    }
    response = client.post(base, payload, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    body = response.json()
    for key, value in payload.items():
        if key != "business_case_id":
            assert body[key] == value
    assert body["inputs"]["statements"]["authority_label"] == "Økonomiudvalget"
    assert body["inputs"]["coherence"]["items"]
    # Left empty: Styrbar's proposal with its rule.
    response = client.post(
        base, {"business_case_id": case.pk}, content_type="application/json", **auth
    )
    assert response.json()["authority"] == "kommunalbestyrelse"
    assert "§ 40" in response.json()["authority_basis"]


def test_an_unknown_authority_and_a_rejected_case_are_400s() -> None:
    org = make_organization()
    client, auth, base = _api(org)
    case = f.business_case(org, status=CaseStatus.SUBMITTED)
    response = client.post(
        base,
        {"business_case_id": case.pk, "authority": "borgmester"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code in (400, 422)
    assert "authority" in response.content.decode()
    rejected = f.business_case(org, status=CaseStatus.REJECTED)
    response = client.post(
        base, {"business_case_id": rejected.pk}, content_type="application/json", **auth
    )
    assert response.status_code == 400
    assert "er afvist" in response.json()["errors"]["business_case_id"][0]
    assert not DecisionPaper.objects.exists()
