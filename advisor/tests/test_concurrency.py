"""Optimistic concurrency on the wizard's steps (issue 17): a step's form carries the
assessment's version; a save after someone else's shows the Danish conflict page with
both answers (by their labels) and writes nothing; re-sent with the current version, it
saves."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from advisor.models import Assessment
from advisor.tests import factories as f
from core.concurrency import version
from core.models import AuditEvent
from organizations.testing import logged_in_client, make_organization, make_user


def _editors(org: Any) -> tuple[Client, Client]:
    anna = make_user(organization=org, roles=["arkitekt"], username="anna")
    bo = make_user(organization=org, roles=["arkitekt"], username="bo")
    return logged_in_client(anna, org), logged_in_client(bo, org)


def _events(assessment: Assessment) -> int:
    return AuditEvent.objects.filter(object_id=str(assessment.pk)).count()


@pytest.mark.django_db
def test_two_editors_of_one_step_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    assessment = f.draft(org)
    anna, bo = _editors(org)
    url = reverse("advisor:assessment_step", kwargs={"pk": assessment.pk, "step": "organisation"})
    opened = version(assessment)
    for client in (anna, bo):
        assert f'name="_version" value="{opened}"' in client.get(url).content.decode()

    saved = anna.post(url, {"management_commitment": "5", "stay": "", "_version": opened})
    assert saved.status_code == 302
    events = _events(assessment)
    stale = bo.post(url, {"management_commitment": "2", "stay": "", "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "ikke gemt" in page and "anna" in page
    table = page.split("<table", 1)[1].split("</table>", 1)[0]
    assert "Hvor stor er opbakningen fra ledelserne i forvaltningerne?" in table
    assert "5 – Fuld opbakning" in table and ">2<" in table  # both answers by their labels
    assessment.refresh_from_db()
    assert assessment.answers["management_commitment"] == 5.0 and _events(assessment) == events
    # Re-sent against the version the conflict page carries: saved.
    current = version(assessment)
    assert f'name="_version" value="{current}"' in page
    again = bo.post(url, {"management_commitment": "2", "stay": "", "_version": current})
    assert again.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers["management_commitment"] == 2.0


@pytest.mark.django_db
def test_an_invalid_step_keeps_the_version_it_was_opened_with() -> None:
    org = make_organization()
    assessment = f.draft(org)
    anna, _ = _editors(org)
    url = reverse("advisor:assessment_step", kwargs={"pk": assessment.pk, "step": "borgere"})
    opened = version(assessment)
    invalid = anna.post(url, {"self_service_adoption": "120", "_version": opened})
    assert invalid.status_code == 400
    assert f'name="_version" value="{opened}"' in invalid.content.decode()


@pytest.mark.django_db
def test_a_conflicting_override_names_its_question() -> None:
    org = make_organization()
    assessment = f.draft(org)
    anna, bo = _editors(org)
    url = reverse("advisor:assessment_step", kwargs={"pk": assessment.pk, "step": "oekonomi"})
    opened = version(assessment)
    base = {"title": assessment.title, "cost_pressure": "3", "stay": "", "_version": opened}

    def override(value: str, reason: str) -> dict[str, str]:
        return {**base, "inhabitants__override": value, "inhabitants__reason": reason}

    assert anna.post(url, override("41.000", "Tal fra januar")).status_code == 302
    stale = bo.post(url, override("39.000", "Tal fra marts"))
    assert stale.status_code == 409
    table = stale.content.decode().split("<table", 1)[1].split("</table>", 1)[0]
    assert "indbyggere har kommunen?: Overstyret værdi" in table  # the question, then the field
    assert "indbyggere har kommunen?: Begrundelse for at overstyre" in table
    assert "39.000" in table and "41.000" in table
    assert "Tal fra marts" in table and "Tal fra januar" in table
    assessment.refresh_from_db()
    assert assessment.overrides["inhabitants"] == {"value": 41000.0, "reason": "Tal fra januar"}
