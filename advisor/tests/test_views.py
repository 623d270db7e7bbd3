"""What the strategy screens show and do: the wizard, the result, comparison, the choice."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from advisor import services
from advisor.choices import AssessmentStatus
from advisor.models import Assessment
from advisor.tests import factories as f
from core.testing import assert_constant_queries
from organizations.models import Organization
from organizations.testing import logged_in_client, make_organization
from roadmaps.models import Roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Organization:
    return make_organization(population=25_000)


@pytest.fixture
def client(org: Organization, architect: Any) -> Any:
    return logged_in_client(architect, org)


def _url(name: str, assessment: Assessment, **kwargs: Any) -> str:
    return reverse(f"advisor:{name}", kwargs={"pk": assessment.pk, **kwargs})


def test_create_then_walk_the_wizard(client: Any, org: Organization) -> None:
    response = client.post(reverse("advisor:assessment_create"), {"title": "Vurdering 2026"})
    assessment = Assessment.objects.get(organization=org)
    assert response.status_code == 302
    assert response["Location"] == _url("assessment_step", assessment, step="oekonomi")

    page = client.get(response["Location"]).content.decode()
    assert "Trin 1 af 4: Økonomi og indkøb" in page
    assert "Hvor stort er presset for at sænke it-udgifterne?" in page
    assert "Beregnet af Styrbar" in page and "fra organisationsprofilen" in page
    assert "25.000" in page  # the computed number of inhabitants

    data = {
        "title": "Vurdering 2026",
        "cost_pressure": "4",
        "purchasing_decentralisation": "",
        "spend_outside_central_share": "35,5",
        "it_spend_per_inhabitant": "1.250",
        "inhabitants__override": "26.000",
        "inhabitants__reason": "",
        "next": "",
    }
    response = client.post(_url("assessment_step", assessment, step="oekonomi"), data)
    assert response.status_code == 400
    assert "Skriv en begrundelse for at overstyre den beregnede værdi." in response.content.decode()

    data["inhabitants__reason"] = "Tal fra 1. januar 2026."
    response = client.post(_url("assessment_step", assessment, step="oekonomi"), data)
    assert response["Location"] == _url("assessment_step", assessment, step="landskab")
    assessment.refresh_from_db()
    assert assessment.answers == {
        "cost_pressure": 4.0,
        "spend_outside_central_share": 0.355,
        "it_spend_per_inhabitant": 1250.0,
    }
    assert assessment.overrides == {
        "inhabitants": {"value": 26000.0, "reason": "Tal fra 1. januar 2026."}
    }

    # The last step goes to the overview, which shows where each value came from.
    response = client.post(
        _url("assessment_step", assessment, step="organisation"),
        {"management_commitment": "5", "done": ""},
    )
    assert response["Location"] == assessment.get_absolute_url()
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Overstyret" in page and "Tal fra 1. januar 2026." in page
    assert '<h2 id="h-oekonomi">Økonomi og indkøb</h2>' in page
    assert "Porteføljen giver 25.000 (fra organisationsprofilen)" in page
    assert "Afslut og se resultatet" in page
    assert "spørgsmål er ikke besvaret" in page


def test_invalid_answers_are_shown_on_the_form(client: Any, org: Organization) -> None:
    assessment = f.draft(org)
    response = client.post(
        _url("assessment_step", assessment, step="borgere"),
        {"self_service_adoption": "120", "in_person_contacts_per_inhabitant": "abc"},
    )
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert "self_service_adoption" not in assessment.answers


def test_complete_and_read_the_result(client: Any, org: Organization, architect: Any) -> None:
    assessment = services.assessment_create(actor=architect, organization=org)
    services.assessment_update(
        actor=architect,
        assessment=assessment,
        answers={k: v for k, v in f.COST_PRESSED.items() if k != "inhabitants"},
    )
    response = client.post(_url("assessment_complete", assessment))
    assert response["Location"] == _url("assessment_result", assessment)
    page = client.get(response["Location"]).content.decode()
    assert "Anbefalet strategi: <strong>Standardisering af it-indkøb</strong>" in page
    assert "Jeres egne forhold ændrer udgangspunktet" in page
    assert "Strategierne rangeret" in page and 'id="ranking-table"' in page
    assert 'id="chart-scores"' in page and 'data-chart="chart-scores"' in page
    assert "Hvad trak scoren op og ned" in page
    assert "Ulemper, der kan ramme jer" in page and "Sådan mindskes den:" in page
    assert "Følg it-forbruget i økonomisystemet" in page  # a mitigation from knowledge
    assert "Driftsfællesskab" in page and "Anbefales ikke" in page
    assert "Hvad skulle ændre anbefalingen" in page
    assert "Vælg strategi" in page
    # A completed assessment cannot be edited through the wizard.
    response = client.get(_url("assessment_step", assessment, step="oekonomi"))
    assert response["Location"] == assessment.get_absolute_url()
    response = client.post(
        _url("assessment_step", assessment, step="oekonomi"), {"cost_pressure": "1"}
    )
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.answers["cost_pressure"] == 5


def test_result_of_a_draft_sends_back_to_the_overview(client: Any, org: Organization) -> None:
    assessment = f.draft(org)
    response = client.get(_url("assessment_result", assessment))
    assert response.status_code == 302 and response["Location"] == assessment.get_absolute_url()


def test_copy_a_completed_version(client: Any, org: Organization) -> None:
    old = f.completed(org)
    response = client.post(_url("assessment_copy", old))
    new = Assessment.objects.get(organization=org, version=old.version + 1)
    assert response["Location"] == _url("assessment_step", new, step="oekonomi")
    assert new.status == AssessmentStatus.DRAFT and new.answers == old.answers


def test_choose_a_strategy_starts_its_roadmap(client: Any, org: Organization) -> None:
    assessment = f.completed(org)
    page = client.get(_url("assessment_choose", assessment)).content.decode()
    assert "Vurderingen anbefaler Standardisering af it-indkøb" in page
    assert 'value="standardisering"' in page and "checked" in page
    response = client.post(
        _url("assessment_choose", assessment),
        {"option": "sammenhaengende_processer", "note": "Direktionens indstilling."},
    )
    roadmap = Roadmap.objects.get(organization=org)
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmaps:roadmap_detail", kwargs={"pk": roadmap.pk})
    assert roadmap.strategy == "sammenhaengende_processer" and roadmap.assessment == assessment
    assessment.refresh_from_db()
    assert assessment.chosen_option == "sammenhaengende_processer"
    page = client.get(_url("assessment_result", assessment)).content.decode()
    assert "Valgt strategi: Sammenhængende forretningsprocesser" in page
    assert roadmap.get_absolute_url() in page
    # Only once per version.
    response = client.get(_url("assessment_choose", assessment))
    assert response["Location"] == _url("assessment_result", assessment)


def test_choose_needs_a_valid_option(client: Any, org: Organization) -> None:
    assessment = f.completed(org)
    response = client.post(_url("assessment_choose", assessment), {"option": "driftsfaellesskab"})
    assert response.status_code == 400
    assert not Roadmap.objects.filter(organization=org).exists()


def test_compare_two_versions(client: Any, org: Organization) -> None:
    old = f.completed(org)
    changed = dict(f.COST_PRESSED, cost_pressure=1, management_commitment=5, process_maturity=5)
    new = f.completed(org, values=changed)
    page = client.get(reverse("advisor:assessment_compare")).content.decode()
    assert f"v{old.version}" in page and f"v{new.version}" in page
    assert 'id="compare-scores"' in page and 'id="compare-facts"' in page
    assert "(ned)" in page and "(op)" in page
    assert "Hvor stort er presset for at sænke it-udgifterne?" in page
    # Explicit choice of the two, and a bad id.
    response = client.get(reverse("advisor:assessment_compare"), {"a": new.pk, "b": old.pk})
    assert response.status_code == 200
    other = f.completed(make_organization())
    response = client.get(reverse("advisor:assessment_compare"), {"a": other.pk, "b": old.pk})
    assert response.status_code == 400


def test_compare_needs_two(client: Any, org: Organization) -> None:
    f.draft(org)
    page = client.get(reverse("advisor:assessment_compare")).content.decode()
    assert "Der skal være mindst to vurderinger" in page


def test_list_shows_versions_with_constant_queries(client: Any, org: Organization) -> None:
    f.completed(org, chosen_option="genbrug")
    page = client.get(reverse("advisor:assessment_list")).content.decode()
    assert "Standardisering af it-indkøb" in page  # recommended
    assert "Udnyttelse af eksisterende it-løsninger" in page  # chosen
    assert "Sammenlign to vurderinger" in page

    def add(n: int) -> None:
        for _ in range(n):
            f.draft(org)

    assert_constant_queries(client, reverse("advisor:assessment_list"), add)


def test_detail_and_result_in_english(client: Any, org: Organization) -> None:
    assessment = f.completed(org)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(_url("assessment_result", assessment)).content.decode()
    assert "Standardised IT procurement" in page
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "How strong is the pressure to lower IT costs?" in page
