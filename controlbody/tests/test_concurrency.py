"""The kontrolorgan's form carries its version (issue 17): the second of two editors gets
the conflict page, and what the first saved stays. Its API writes (the kontrolorgan, an
agenda item, closing a condition) answer an ETag and refuse a stale If-Match with 412."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from controlbody import services
from controlbody.choices import Decision
from controlbody.models import Condition, ControlBody
from controlbody.tests.conftest import meeting_for
from core.concurrency import etag, version
from core.testing import postgres_race, race
from organizations.testing import logged_in_client, make_organization, make_token, make_user

TODAY = dt.date.today()


@pytest.mark.django_db
def test_two_editors_of_the_kontrolorgan_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    anna = make_user("anna", organization=org, roles=["arkitekt"])
    bo = make_user("bo", organization=org, roles=["arkitekt"])
    body = services.body_save(actor=anna, organization=org, name="Arkitekturrådet")
    body.refresh_from_db()
    url = reverse("controlbody:body_edit")
    opened = version(body)
    first, second = logged_in_client(anna, org), logged_in_client(bo, org)
    assert f'name="_version" value="{opened}"' in second.get(url).content.decode()

    annas = {"name": "Arkitekturrådet", "mandate": "Annas kommissorium", "_version": opened}
    saved = first.post(url, annas)
    assert saved.status_code == 302
    stale = second.post(url, {"name": "Bos råd", "mandate": "", "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Bos råd" in page and "Annas kommissorium" in page and "anna" in page
    body.refresh_from_db()
    assert (body.name, body.mandate) == ("Arkitekturrådet", "Annas kommissorium")
    again = second.post(url, {"name": "Bos råd", "mandate": "", "_version": version(body)})
    assert again.status_code == 302
    body.refresh_from_db()
    assert body.name == "Bos råd"


# The API: ETag and If-Match (412) ---------------------------------------------------------


def _api_clients(org: Any) -> tuple[Client, Client, dict[str, Any], dict[str, Any], str]:
    """Two editors with their own API keys, and the organization's API path."""
    anna = make_token(make_user("anna_api", organization=org, roles=["arkitekt"]))
    bo = make_token(make_user("bo_api", organization=org, roles=["arkitekt"]))
    return (
        Client(),
        Client(),
        {"HTTP_AUTHORIZATION": f"Bearer {anna}"},
        {"HTTP_AUTHORIZATION": f"Bearer {bo}"},
        f"/api/v1/organizations/{org.pk}",
    )


def _patch(client: Client, url: str, body: dict[str, Any], auth: dict[str, Any], tag: str) -> Any:
    return client.patch(url, body, content_type="application/json", HTTP_IF_MATCH=tag, **auth)


def _events(obj: Any) -> int:
    from django.contrib.contenttypes.models import ContentType

    from core.models import AuditEvent

    kind = ContentType.objects.get_for_model(obj)
    return AuditEvent.objects.filter(content_type=kind, object_id=str(obj.pk)).count()


def _condition(org: Any, architect: Any) -> Condition:
    meeting = meeting_for(org, architect)
    item = services.item_add(actor=architect, meeting=meeting, title="Nyt fagsystem")
    services.item_decide(
        actor=architect,
        item=item,
        decision=Decision.APPROVED_WITH_CONDITIONS,
        reasoning="Godkendt med vilkår.",
        conditions=[{"text": "Exit-plan", "owner": architect.pk, "due_date": TODAY}],
    )
    return Condition.objects.get(item=item)


@pytest.mark.django_db
def test_two_api_editors_of_the_kontrolorgan_the_second_gets_412() -> None:
    org = make_organization()
    architect = make_user("anna", organization=org, roles=["arkitekt"])
    body = services.body_save(actor=architect, organization=org, name="Arkitekturrådet")
    anna, bo, anna_auth, bo_auth, base = _api_clients(org)
    url = f"{base}/control-body"
    tag = anna.get(url, **anna_auth)["ETag"]
    assert tag == bo.get(url, **bo_auth)["ETag"] == etag(ControlBody.objects.get(pk=body.pk))

    first = _patch(anna, url, {"mandate": "Annas kommissorium"}, anna_auth, tag)
    assert first.status_code == 200 and first["ETag"] not in ("", tag)
    events = _events(body)
    stale = _patch(bo, url, {"name": "Bos råd"}, bo_auth, tag)

    assert stale.status_code == 412
    assert "If-Match passer ikke" in stale.json()["message"]
    body.refresh_from_db()
    assert (body.name, body.mandate) == ("Arkitekturrådet", "Annas kommissorium")
    assert _events(body) == events
    again = _patch(bo, url, {"name": "Bos råd"}, bo_auth, first["ETag"])
    assert again.status_code == 200 and again.json()["name"] == "Bos råd"
    body.refresh_from_db()
    assert (body.name, body.mandate) == ("Bos råd", "Annas kommissorium")
    # Without If-Match the write goes ahead as before.
    plain = bo.patch(url, {"mandate": "Uden"}, content_type="application/json", **bo_auth)
    assert plain.status_code == 200


@pytest.mark.django_db
def test_an_if_match_before_the_kontrolorgan_exists_is_412_and_creates_nothing() -> None:
    org = make_organization()
    anna, _, auth, _, base = _api_clients(org)
    url = f"{base}/control-body"
    got = anna.get(url, **auth)
    assert got.status_code == 200 and "ETag" not in got
    assert _patch(anna, url, {"name": "Råd"}, auth, '"gammel"').status_code == 412
    assert not ControlBody.objects.filter(organization=org).exists()
    assert _patch(anna, url, {"name": "Råd"}, auth, "*").status_code == 200


@pytest.mark.django_db
def test_two_api_editors_of_an_agenda_item_the_second_gets_412() -> None:
    org = make_organization()
    architect = make_user("anna", organization=org, roles=["arkitekt"])
    services.body_save(actor=architect, organization=org)
    meeting = meeting_for(org, architect)
    first_item = services.item_add(actor=architect, meeting=meeting, title="Første punkt")
    item = services.item_add(actor=architect, meeting=meeting, title="Andet punkt")
    anna, bo, anna_auth, bo_auth, base = _api_clients(org)
    agenda = f"{base}/meetings/{meeting.pk}/agenda"
    tag = anna.get(agenda, **anna_auth)["ETag"]
    assert tag == bo.get(agenda, **bo_auth)["ETag"]
    url = f"{agenda}/items/{item.pk}"

    first = _patch(anna, url, {"title": "Annas overskrift"}, anna_auth, tag)
    assert first.status_code == 200 and first["ETag"] not in ("", tag)
    events = _events(meeting)
    stale = _patch(bo, url, {"description": "Bos tekst", "position": 1}, bo_auth, tag)

    assert stale.status_code == 412
    item.refresh_from_db()
    first_item.refresh_from_db()
    assert (item.title, item.description, item.position) == ("Annas overskrift", "", 2)
    assert first_item.position == 1
    assert _events(meeting) == events
    again = _patch(bo, url, {"description": "Bos tekst", "position": 1}, bo_auth, first["ETag"])
    assert again.status_code == 200
    item.refresh_from_db()
    assert (item.title, item.description, item.position) == ("Annas overskrift", "Bos tekst", 1)
    assert again["ETag"] == anna.get(agenda, **anna_auth)["ETag"] != first["ETag"]


@pytest.mark.django_db
def test_two_api_editors_closing_a_condition_the_second_gets_412() -> None:
    org = make_organization()
    architect = make_user("anna", organization=org, roles=["arkitekt"])
    services.body_save(actor=architect, organization=org)
    condition = _condition(org, architect)
    anna, bo, anna_auth, bo_auth, base = _api_clients(org)
    url = f"{base}/conditions/{condition.pk}"
    tag = anna.get(url, **anna_auth)["ETag"]
    assert tag == bo.get(url, **bo_auth)["ETag"] == etag(condition)

    met = {"status": "opfyldt", "closing_note": "Exit-planen er godkendt"}
    first = _patch(anna, url, met, anna_auth, tag)
    assert first.status_code == 200 and first["ETag"] not in ("", tag)
    events = _events(condition)
    lapsed = {"status": "bortfaldet", "closing_note": "Systemet anskaffes ikke"}
    stale = _patch(bo, url, lapsed, bo_auth, tag)

    assert stale.status_code == 412
    assert "If-Match passer ikke" in stale.json()["message"]
    condition.refresh_from_db()
    assert (condition.status, condition.closing_note) == ("opfyldt", "Exit-planen er godkendt")
    assert _events(condition) == events
    # With the fresh version the request reaches the rule: a closed condition stays closed.
    again = _patch(bo, url, lapsed, bo_auth, first["ETag"])
    assert again.status_code == 400 and "allerede lukket" in again.json()["message"]
    assert _events(condition) == events


@postgres_race
def test_postgres_two_condition_closings_with_the_same_if_match_one_wins(round_: int) -> None:
    org = make_organization()
    architect = make_user("anna", organization=org, roles=["arkitekt"])
    services.body_save(actor=architect, organization=org)
    condition = _condition(org, architect)
    anna, bo, anna_auth, bo_auth, base = _api_clients(org)
    url = f"{base}/conditions/{condition.pk}"
    tag = anna.get(url, **anna_auth)["ETag"]
    events = _events(condition)
    statuses: list[int] = []

    def close(client: Client, auth: dict[str, Any], status: str) -> None:
        body = {"status": status, "closing_note": f"{status} {round_}"}
        statuses.append(_patch(client, url, body, auth, tag).status_code)

    outcomes = race(
        lambda: close(anna, anna_auth, "opfyldt"), lambda: close(bo, bo_auth, "bortfaldet")
    )
    assert outcomes == [None, None]
    assert sorted(statuses) == [200, 412]
    condition.refresh_from_db()
    assert condition.closing_note == f"{condition.status} {round_}"
    assert _events(condition) == events + 1  # closed once
