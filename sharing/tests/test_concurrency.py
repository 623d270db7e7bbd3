"""The roles kept at home carry the checklist's version (issue 17): the second of two
editors gets the conflict page with both values of each role that differs, nothing of the
first's is overwritten, and re-sending against the current version saves."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from core.testing import postgres_race, race
from organizations.testing import logged_in_client, make_organization, make_user
from sharing import home
from sharing.models import HomeRoleRecord

KINDS = ("process_owner", "requirements", "contract_management", "system_owners")


def _form(version: str, **people: str) -> dict[str, str]:
    """Every role kept, with the named people given (others without a person)."""
    data = {"_version": version}
    for kind in KINDS:
        data[f"kept_{kind}"] = "on"
        data[f"people_{kind}"] = people.get(kind, "")
    return data


def _opened(org: Any) -> str:
    return home.checklist_version(home.records(organization=org))


def _events(org: Any) -> int:
    return AuditEvent.objects.filter(organization=org, content_type__model="homerolerecord").count()


@pytest.mark.django_db
def test_two_editors_of_the_roles_kept_at_home_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    anna = logged_in_client(make_user("anna", organization=org, roles=["arkitekt"]), org)
    bo = logged_in_client(make_user("bo", organization=org, roles=["arkitekt"]), org)
    url = reverse("sharing:home_roles")
    opened = _opened(org)  # nothing saved yet
    assert f'name="_version" value="{opened}"' in bo.get(url).content.decode()

    saved = anna.post(url, _form(opened, process_owner="Kim Procesejer"))
    assert saved.status_code == 302
    events = _events(org)
    bos = _form(opened, requirements="Lene Krav")
    del bos["kept_contract_management"]  # Bo gives contract management away
    stale = bo.post(url, bos)

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "rollerne, kommunen beholder" in page and "ikke gemt" in page and "anna" in page
    rows = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "<td>—</td><td>Kim Procesejer</td>" in rows  # Bo's empty field, Anna's name
    assert "<td>Lene Krav</td><td>—</td>" in rows
    assert ": beholdes i kommunen</th><td>nej</td><td>ja</td>" in rows
    assert _events(org) == events
    assert {
        (r.kind, r.kept, r.people) for r in HomeRoleRecord.objects.filter(organization=org)
    } == {
        ("process_owner", True, "Kim Procesejer"),
        ("requirements", True, ""),
        ("contract_management", True, ""),
        ("system_owners", True, ""),
    }
    current = _opened(org)
    assert current != opened and f'name="_version" value="{current}"' in page
    bos["_version"] = current
    assert bo.post(url, bos).status_code == 302
    kept = {r.kind: (r.kept, r.people) for r in HomeRoleRecord.objects.filter(organization=org)}
    assert kept["requirements"] == (True, "Lene Krav")
    assert kept["contract_management"] == (False, "")


@pytest.mark.django_db
def test_a_version_that_never_was_gives_the_conflict_page_not_an_error() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["arkitekt"]), org)
    response = client.post(reverse("sharing:home_roles"), _form("ukendt", requirements="Lene"))
    assert response.status_code == 409
    assert not HomeRoleRecord.objects.filter(organization=org).exists()


@pytest.mark.django_db
def test_an_invalid_post_keeps_the_version_it_was_opened_with() -> None:
    org = make_organization()
    client = logged_in_client(make_user(organization=org, roles=["arkitekt"]), org)
    opened = _opened(org)
    response = client.post(reverse("sharing:home_roles"), _form(opened, requirements="x" * 501))
    assert response.status_code == 400
    assert f'name="_version" value="{opened}"' in response.content.decode()


@postgres_race
def test_postgres_two_checklist_saves_one_gets_the_conflict_page(round_: int) -> None:
    org = make_organization()
    clients = [
        logged_in_client(make_user(organization=org, roles=["arkitekt"]), org) for _ in range(2)
    ]
    url = reverse("sharing:home_roles")
    opened = _opened(org)
    statuses: list[int] = []

    def save(client: Client, name: str) -> None:
        statuses.append(client.post(url, _form(opened, requirements=name)).status_code)

    assert race(lambda: save(clients[0], "Anna"), lambda: save(clients[1], "Bo")) == [None, None]
    assert sorted(statuses) == [302, 409]
    assert HomeRoleRecord.objects.filter(organization=org).count() == 4
