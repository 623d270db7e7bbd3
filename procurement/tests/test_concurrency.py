"""Optimistic concurrency on a procurement request's answers, requirement checklist and
business-case link (issue 17): the forms on the request's page carry the request's
version; a save after someone else's shows the Danish conflict page with both values and
writes nothing. The answers API answers the request's ETag and honours If-Match (412).
The PostgreSQL tests race real connections in threads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from businesscases.tests.factories import case
from core.concurrency import version
from core.models import AuditEvent
from core.testing import postgres_race, race
from organizations.testing import logged_in_client, make_organization, make_token, make_user
from procurement.models import Answer, ProcurementRequest
from procurement.tests.test_workflow import make_request

QUESTION = "forretningsbehov"


def _editors(org: Any) -> tuple[Client, Client]:
    anna = make_user(organization=org, roles=["indkoeber"], username="anna")
    bo = make_user(organization=org, roles=["indkoeber"], username="bo")
    return logged_in_client(anna, org), logged_in_client(bo, org)


def _events(request: ProcurementRequest) -> int:
    return AuditEvent.objects.filter(object_id=str(request.pk)).count()


def _table(page: str) -> str:
    return page.split("<table", 1)[1].split("</table>", 1)[0]


@pytest.mark.django_db
def test_the_request_page_forms_carry_the_version() -> None:
    org = make_organization()
    request = make_request(org)
    anna, _ = _editors(org)
    page = anna.get(request.get_absolute_url()).content.decode()
    # The answer forms, the requirement checklist and the business-case link.
    assert page.count(f'name="_version" value="{version(request)}"') >= 3


@pytest.mark.django_db
def test_two_editors_answer_one_question_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    request = make_request(org)
    anna, bo = _editors(org)
    url = reverse("procurement:request_answer", args=[request.pk])
    opened = version(request)
    answer = {"question_key": QUESTION, "_version": opened}

    assert anna.post(url, {**answer, "value": "ja", "note": "Aftalt"}).status_code == 302
    events = _events(request)
    stale = bo.post(url, {**answer, "value": "nej", "note": "Uafklaret"})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "ikke gemt" in page and "anna" in page
    table = _table(page)
    assert "Nej – Uafklaret" in table and "Ja – Aftalt" in table
    assert QUESTION not in table  # the question's text, not its key
    saved = Answer.objects.get(request=request, question_key=QUESTION)
    assert (saved.value, saved.note) == ("ja", "Aftalt")
    assert _events(request) == events
    # Re-sent against the version the conflict page carries: saved.
    request.refresh_from_db()
    current = version(request)
    assert f'name="_version" value="{current}"' in page
    again = bo.post(url, {**answer, "value": "nej", "note": "Uafklaret", "_version": current})
    assert again.status_code == 302
    assert Answer.objects.get(request=request, question_key=QUESTION).value == "nej"


@pytest.mark.django_db
def test_two_editors_of_the_requirements_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    request = make_request(org)
    anna, bo = _editors(org)
    url = reverse("procurement:request_requirements", args=[request.pk])
    opened = version(request)

    assert anna.post(url, {"requirement": ["exit_data"], "_version": opened}).status_code == 302
    events = _events(request)
    stale = bo.post(url, {"requirement": [], "_version": opened})

    assert stale.status_code == 409
    table = _table(stale.content.decode())
    assert "Krav til udbuddet" in table and "Ingen krav valgt." in table
    assert "exit_data" not in table  # the requirement's title, not its key
    request.refresh_from_db()
    assert request.requirements == ["exit_data"] and _events(request) == events
    again = bo.post(url, {"requirement": [], "_version": version(request)})
    assert again.status_code == 302
    request.refresh_from_db()
    assert request.requirements == []


@pytest.mark.django_db
def test_two_editors_of_the_business_case_link_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    request = make_request(org)
    first = case(org, name="Annas case")
    second = case(org, name="Bos case")
    anna, bo = _editors(org)
    url = reverse("procurement:request_case", args=[request.pk])
    opened = version(request)

    assert anna.post(url, {"business_case": first.pk, "_version": opened}).status_code == 302
    events = _events(request)
    stale = bo.post(url, {"business_case": second.pk, "_version": opened})

    assert stale.status_code == 409
    table = _table(stale.content.decode())
    assert "Bos case" in table and "Annas case" in table
    request.refresh_from_db()
    assert request.business_case == first and _events(request) == events
    again = bo.post(url, {"business_case": second.pk, "_version": version(request)})
    assert again.status_code == 302
    request.refresh_from_db()
    assert request.business_case == second


# The API ---------------------------------------------------------------------------------


def _api(org: Any) -> tuple[Client, dict[str, Any]]:
    token = make_token(make_user(organization=org, roles=["indkoeber"]))
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _url(org: Any, request: ProcurementRequest) -> str:
    return f"/api/v1/organizations/{org.pk}/procurement-requests/{request.pk}/answers"


@pytest.mark.django_db
def test_the_answers_api_answers_an_etag_and_refuses_a_stale_if_match() -> None:
    org = make_organization()
    request = make_request(org)
    client, auth = _api(org)
    url = _url(org, request)

    def put(value: str, tag: str) -> Any:
        body = {"answers": [{"question_key": QUESTION, "value": value}]}
        return client.put(url, body, content_type="application/json", HTTP_IF_MATCH=tag, **auth)

    tag = client.get(url, **auth)["ETag"]
    ok = put("ja", tag)
    assert ok.status_code == 200 and ok["ETag"] != tag
    assert client.get(url, **auth)["ETag"] == ok["ETag"]
    events = _events(request)

    stale = put("nej", tag)
    assert stale.status_code == 412
    assert "If-Match" in stale.json()["message"] and "ændret" in stale.json()["message"]
    assert Answer.objects.get(request=request, question_key=QUESTION).value == "ja"
    assert _events(request) == events
    assert put("nej", ok["ETag"]).status_code == 200
    assert Answer.objects.get(request=request, question_key=QUESTION).value == "nej"


# PostgreSQL: real connections in threads -----------------------------------------------------


@postgres_race
def test_postgres_two_api_puts_with_one_etag_one_gets_412(round_: int) -> None:
    org = make_organization()
    request = make_request(org)
    client, auth = _api(org)
    url = _url(org, request)
    tag = client.get(url, **auth)["ETag"]
    statuses: list[int] = []

    def put(value: str) -> None:
        body = {"answers": [{"question_key": QUESTION, "value": value, "note": f"{round_}"}]}
        statuses.append(
            Client()
            .put(url, body, content_type="application/json", HTTP_IF_MATCH=tag, **auth)
            .status_code
        )

    assert race(lambda: put("ja"), lambda: put("nej")) == [None, None]
    assert sorted(statuses) == [200, 412]
    assert Answer.objects.filter(request=request, question_key=QUESTION).count() == 1


@postgres_race
def test_postgres_two_answer_forms_one_gets_the_conflict_page(round_: int) -> None:
    org = make_organization()
    request = make_request(org, budget_one_off=Decimal(1000))
    anna, bo = _editors(org)
    url = reverse("procurement:request_answer", args=[request.pk])
    opened = version(request)
    statuses: list[int] = []

    def save(client: Client, value: str) -> None:
        data = {"question_key": QUESTION, "value": value, "_version": opened}
        statuses.append(client.post(url, data).status_code)

    assert race(lambda: save(anna, "ja"), lambda: save(bo, "nej")) == [None, None]
    assert sorted(statuses) == [302, 409]
    assert Answer.objects.get(request=request, question_key=QUESTION).value in {"ja", "nej"}
