"""The API: the body with members, a meeting's agenda, decisions and minutes, conditions
with their filters; lists keep a constant number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from controlbody import services
from controlbody.choices import Decision
from controlbody.tests.conftest import waiting_request
from organizations.testing import logged_in_client, make_token, make_user

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def api(client: Any, token: str, method: str, path: str, body: Any = None) -> Any:
    call = getattr(client, method)
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None:
        return call(f"/api/v1{path}", body, content_type="application/json", **kwargs)
    return call(f"/api/v1{path}", **kwargs)


def test_a_meeting_through_the_api(client: Any, org: Any, architect: Any) -> None:
    token = make_token(architect)
    secretary = make_user(organization=org, roles=["administrator"])
    base = f"/organizations/{org.pk}"
    response = api(
        client,
        token,
        "patch",
        f"{base}/control-body",
        {
            "mandate": "Gennemgår alt.",
            "members": [
                {"user": architect.pk, "role": "formand"},
                {"user": secretary.pk, "role": "sekretaer"},
            ],
        },
    )
    assert response.status_code == 200, response.content
    assert {m["role"] for m in response.json()["members"]} == {"formand", "sekretaer"}

    request = waiting_request(org, architect)
    response = api(
        client,
        token,
        "post",
        f"{base}/meetings",
        {"title": "Møde", "date": str(TODAY + dt.timedelta(days=3))},
    )
    assert response.status_code == 201, response.content
    mid = response.json()["id"]
    agenda = api(client, token, "post", f"{base}/meetings/{mid}/agenda").json()
    assert agenda["count"] == 1 and agenda["items"][0]["request"] == request.pk
    item_id = agenda["items"][0]["id"]

    response = api(
        client,
        token,
        "post",
        f"{base}/meetings/{mid}/agenda/items/{item_id}/decision",
        {
            "decision": "godkendt_med_vilkaar",
            "reasoning": "Ok",
            "conditions": [
                {
                    "text": "Exit-plan",
                    "owner_name": "Leverandøren",
                    "due_date": str(TODAY - dt.timedelta(days=1)),
                }
            ],
        },
    )
    assert response.status_code == 200, response.content
    request.refresh_from_db()
    assert request.stage == "beslutning"

    overdue = api(client, token, "get", f"{base}/conditions?overdue=true").json()
    assert overdue["count"] == 1 and overdue["items"][0]["text"] == "Exit-plan"
    cid = overdue["items"][0]["id"]
    bad = api(client, token, "patch", f"{base}/conditions/{cid}", {"status": "bortfaldet"})
    assert bad.status_code == 400 and "bortfaldet" in bad.json()["message"] + str(
        bad.json().get("errors")
    )
    closed = api(
        client,
        token,
        "patch",
        f"{base}/conditions/{cid}",
        {"status": "opfyldt", "closing_note": "Modtaget"},
    )
    assert closed.json()["status"] == "opfyldt"
    assert api(client, token, "get", f"{base}/conditions?open=true").json()["count"] == 0

    assert (
        api(
            client, token, "post", f"{base}/meetings/{mid}/transitions", {"transition": "hold"}
        ).status_code
        == 200
    )
    assert (
        api(
            client,
            token,
            "post",
            f"{base}/meetings/{mid}/transitions",
            {"transition": "approve_minutes"},
        ).json()["status"]
        == "referat_godkendt"
    )
    docx = api(client, token, "get", f"{base}/meetings/{mid}/minutes.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = api(client, token, "get", f"{base}/meetings/{mid}/minutes.pdf")
    assert pdf.content[:5] == b"%PDF-"


def test_bad_input_is_a_clear_400(client: Any, org: Any, architect: Any, meeting: Any) -> None:
    token = make_token(architect)
    base = f"/organizations/{org.pk}/meetings/{meeting.pk}"
    item = services.item_add(actor=architect, meeting=meeting, title="Punkt")
    response = api(
        client,
        token,
        "post",
        f"{base}/agenda/items/{item.pk}/decision",
        {"decision": "godkendt_med_vilkaar", "reasoning": "x"},
    )
    assert response.status_code == 400
    assert "mindst ét vilkår" in response.json()["errors"]["conditions"][0]
    response = api(client, token, "post", f"{base}/transitions", {"transition": "fly"})
    assert response.status_code == 400 and "Ukendt overgang" in response.json()["message"]
    response = api(
        client,
        token,
        "patch",
        f"/organizations/{org.pk}/control-body",
        {"members": [{"user": 999999, "role": "medlem"}]},
    )
    assert response.status_code == 400


def test_lists_have_a_constant_number_of_queries(
    client: Any, org: Any, architect: Any, meeting: Any
) -> None:
    token = make_token(architect)
    api(client, token, "get", f"/organizations/{org.pk}/conditions")  # the token's first use
    counts = []
    for size in (2, 12):
        while meeting.items.count() < size:
            item = services.item_add(actor=architect, meeting=meeting, title="Punkt")
            services.item_decide(
                actor=architect,
                item=item,
                decision=Decision.APPROVED_WITH_CONDITIONS,
                reasoning="Ok",
                conditions=[{"text": "V", "owner": architect.pk, "due_date": TODAY}],
            )
            services.meeting_create(actor=architect, organization=org, title="M", date=TODAY)
        row = []
        for path in ("conditions", f"meetings/{meeting.pk}/agenda", "meetings"):
            with CaptureQueriesContext(connection) as ctx:
                response = api(client, token, "get", f"/organizations/{org.pk}/{path}")
            assert response.status_code == 200
            row.append(len(ctx.captured_queries))
        browser = logged_in_client(architect, org)
        for name in ("controlbody:condition_list", "controlbody:meeting_list"):
            with CaptureQueriesContext(connection) as ctx:
                assert browser.get(reverse(name)).status_code == 200
            row.append(len(ctx.captured_queries))
        with CaptureQueriesContext(connection) as ctx:
            assert browser.get(meeting.get_absolute_url()).status_code == 200
        row.append(len(ctx.captured_queries))
        counts.append(row)
    assert counts[0] == counts[1], counts
