"""The decision paper screens: the form offers only the organization's own sources and
prefills the decision, the detail page, downloads, the regeneration check, the list."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from core.testing import assert_constant_queries
from organizations.models import Organization
from organizations.testing import logged_in_client, make_organization
from papers.models import DecisionPaper
from papers.tests import factories as f

pytestmark = pytest.mark.django_db


def _client(org: Organization) -> Client:
    return logged_in_client(f.creator(org), org)


def _page(name: str, paper: DecisionPaper) -> str:
    """The HTML of a paper's page, as one who may create papers sees it."""
    return _client(paper.organization).get(reverse(name, args=[paper.pk])).content.decode()


def test_form_offers_only_own_sources_and_prefills_the_decision() -> None:
    mine, theirs = make_organization(), make_organization()
    own_case = f.business_case(mine, name="Vores kanalomlægning")
    f.business_case(theirs, name="Naboens kanalomlægning")
    f.roadmap(mine)
    f.assessment(mine, chosen="borgernaer_service")
    response = _client(mine).get(reverse("papers:paper_create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vores kanalomlægning" in html and "Naboens kanalomlægning" not in html
    assert "Det indstilles, at" in html
    # The case is approved: the paper takes its status to note.
    assert "Status for business casen »Vores kanalomlægning«" in html
    assert f'value="{own_case.pk}" selected' in html
    # Styrbar's proposal for who decides and for MED/høring, and the check of the sources.
    # The strategy has no mandate yet (no approved Kommunalbestyrelse gate): it goes on.
    assert 'value="kommunalbestyrelse" selected' in html
    assert "kommunestyrelseslovens § 18, stk. 2" in html
    assert 'id="coherence"' in html


def test_suggest_redoes_the_prefill_for_the_chosen_sources() -> None:
    org = make_organization()
    case = f.business_case(org, name="Kun casen")
    response = _client(org).post(
        reverse("papers:paper_create"), {"foreslaa": "1", "business_case": case.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "business casen »Kun casen«" in html
    assert "roadmappen »" not in html
    assert not DecisionPaper.objects.exists()


def test_create_with_another_organizations_case_is_rejected() -> None:
    mine, theirs = make_organization(), make_organization()
    foreign = f.business_case(theirs)
    response = _client(mine).post(
        reverse("papers:paper_create"), {"title": "Forsøg", "business_case": foreign.pk}
    )
    assert response.status_code == 400
    assert not DecisionPaper.objects.exists()


def test_create_without_sources_is_rejected() -> None:
    org = make_organization()
    response = _client(org).post(reverse("papers:paper_create"), {"title": "Tomt"})
    assert response.status_code == 400
    assert "Vælg mindst én" in response.content.decode()


def test_create_generates_and_redirects_to_the_paper() -> None:
    org = make_organization()
    road = f.roadmap(org)
    response = _client(org).post(
        reverse("papers:paper_create"), {"title": "Oplæg om roadmap", "roadmap": road.pk}
    )
    paper = DecisionPaper.objects.get()
    assert response.status_code == 302
    assert response["Location"] == paper.get_absolute_url()
    assert paper.title == "Oplæg om roadmap"
    assert paper.proposed_decision.startswith("Det indstilles, at")


def test_detail_shows_inputs_hashes_and_download_buttons() -> None:
    org = make_organization()
    paper = f.paper(org, full=True)
    client = logged_in_client(f.creator(org), org)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert paper.docx_sha256 in html and paper.pdf_sha256 in html
    assert reverse("papers:paper_docx", args=[paper.pk]) in html
    assert reverse("papers:paper_pdf", args=[paper.pk]) in html
    npv = paper.inputs["business_case"]["result"]["npv"]
    integer, decimals = npv.split(".")
    assert f"{int(integer):,}".replace(",", ".") + f",{decimals}\u00a0kr." in html
    assert "Borgernær service" in html
    assert "Demodata" in html


@pytest.mark.parametrize(
    ("name", "content_type", "extension"),
    [
        (
            "papers:paper_docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        ("papers:paper_pdf", "application/pdf", "pdf"),
    ],
)
def test_downloads_are_attachments_with_the_stored_bytes(
    name: str, content_type: str, extension: str
) -> None:
    org = make_organization()
    paper = f.paper(org, title="Kanalstrategi for Æblerød")
    response = logged_in_client(f.creator(org), org).get(reverse(name, args=[paper.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    expected = f"beslutningsoplaeg-{paper.pk}-kanalstrategi-for-aebleroed.{extension}"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
    digest = paper.docx_sha256 if extension == "docx" else paper.pdf_sha256
    assert hashlib.sha256(response.content).hexdigest() == digest


def test_verify_shows_that_the_hashes_match() -> None:
    paper = f.paper(make_organization())
    html = _page("papers:paper_verify", paper)
    assert "Dokumenterne er identiske" in html
    assert html.count(paper.docx_sha256) == 2 and html.count(paper.pdf_sha256) == 2


def test_history_shows_the_creation() -> None:
    paper = f.paper(make_organization())
    html = _page("papers:paper_history", paper)
    assert "Oprettet" in html


def test_list_query_count_is_constant() -> None:
    org = make_organization()
    client = logged_in_client(f.creator(org), org)
    road = f.roadmap(org)
    case = f.business_case(org)

    def add(count: int) -> None:
        DecisionPaper.objects.bulk_create(
            DecisionPaper(
                organization=org,
                title=f"Oplæg {i}",
                roadmap=road,
                business_case=case,
                proposed_decision="Det indstilles, at",
                inputs={},
                docx=b"",
                pdf=b"",
                docx_sha256="0" * 64,
                pdf_sha256="0" * 64,
            )
            for i in range(count)
        )

    assert_constant_queries(client, reverse("papers:paper_list"), add)
