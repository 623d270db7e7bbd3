"""The procurement API: the request list and its filters, create and update with references,
transitions, answers (all or nothing), reuse candidates and the lead-time analysis; the
list page and list API take a constant number of queries.

Bad input is a 400 with a Danish message, never a 500, and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from businesscases.models import BusinessCase
from core.models import AuditEvent
from core.testing import assert_constant_queries
from organizations.models import Organization, OrganizationUnit
from organizations.testing import (
    logged_in_client,
    make_organization,
    make_token,
    make_user,
)
from portfolio import choices as pc
from portfolio.models import BusinessProcess, CatalogSystem, Contract, KleSubject, SystemUsage
from portfolio.tests.api_helpers import Api
from procurement import services
from procurement.choices import Stage
from procurement.models import Answer, ProcurementRequest
from procurement.tests.test_workflow import (
    answer_all,
    make_request,
    own_usage,
    staged,
    state_of,
    walk,
)

pytestmark = pytest.mark.django_db

_N = itertools.count(1)


def _base(org: Organization) -> str:
    return f"/organizations/{org.pk}/procurement-requests"


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def _message(response: Any) -> str:
    assert response.status_code == 400, (response.status_code, response.content)
    return str(response.json()["message"])


@pytest.fixture
def api(buyer: Any) -> Api:
    return Api(buyer)


# The list ---------------------------------------------------------------------------------


def test_the_list_filters_by_stage_unit_strategy_overdue_and_text(
    org: Organization, buyer: Any, api: Api
) -> None:
    north = OrganizationUnit.objects.create(organization=org, name="Testforvaltning Nord")
    south = OrganizationUnit.objects.create(organization=org, name="Testforvaltning Syd")
    past = dt.date.today() - dt.timedelta(days=1)
    late = make_request(
        org, buyer, title="Alfa lokalebooking", unit=north, wanted_date=past, strategy="genbrug"
    )
    later = make_request(
        org, buyer, title="Beta vagtplan", unit=south, responsible_name="Gitte Syntetisk"
    )
    ended_late = staged(org, Stage.AFVIST, wanted_date=past, unit=north)
    future = make_request(
        org,
        buyer,
        title="Gamma",
        problem="Parkering",
        wanted_date=dt.date.today() + dt.timedelta(days=9),
    )
    services.request_move(actor=buyer, request=later, transition_name="clarify")
    staged(make_organization(), Stage.IDE, title="Nabokommunens Alfa")  # never listed
    base = _base(org)

    assert sorted(_ids(api.get(base))) == sorted([late.pk, later.pk, ended_late.pk, future.pk])
    assert _ids(api.get(base, {"stage": "afklaring"})) == [later.pk]
    assert sorted(_ids(api.get(base, {"unit": north.pk}))) == sorted([late.pk, ended_late.pk])
    assert _ids(api.get(base, {"strategy": "genbrug"})) == [late.pk]
    assert _ids(api.get(base, {"overdue": "true"})) == [late.pk]  # open and past the date
    assert sorted(_ids(api.get(base, {"overdue": "nej"}))) == sorted(
        [later.pk, ended_late.pk, future.pk]
    )
    assert _ids(api.get(base, {"q": "alfa"})) == [late.pk]
    assert _ids(api.get(base, {"q": "parkering"})) == [future.pk]
    assert _ids(api.get(base, {"q": "gitte"})) == [later.pk]
    assert _ids(api.get(base, {"stage": "afklaring", "unit": north.pk})) == []
    assert _ids(api.get(base, {"sort": "title", "unit": north.pk})) == [late.pk, ended_late.pk]
    titles = [i["title"] for i in api.get(base, {"sort": "-title"}).json()["items"]]
    assert titles == sorted(titles, reverse=True)
    wanted = _ids(api.get(base, {"sort": "wanted", "overdue": "false"}))
    assert wanted.index(ended_late.pk) < wanted.index(future.pk)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"overdue": "måske"}, "Ugyldig værdi for filteret overdue."),
        ({"unit": "abc"}, "Ugyldig værdi for filteret unit."),
        ({"sort": "budget"}, "Der kan ikke sorteres efter budget."),
        ({"sort": "-"}, "Der kan ikke sorteres efter ."),
        ({"q": "a\x00b"}, "q indeholder et ugyldigt tegn (NUL)."),
        ({"stage": "ide\x00"}, "stage indeholder et ugyldigt tegn (NUL)."),
        ({"limit": "0"}, "limit skal være mellem 1 og 100."),
        ({"limit": "101"}, "limit skal være mellem 1 og 100."),
        ({"offset": "-1"}, "offset må ikke være negativ."),
        ({"changed_since": "i går"}, "changed_since skal være et ISO 8601-tidspunkt."),
    ],
)
def test_bad_list_parameters_are_a_400_in_danish(
    org: Organization, api: Api, params: dict[str, str], message: str
) -> None:
    assert _message(api.get(_base(org), params)) == message


@pytest.mark.parametrize("params", [{"stage": "bogus"}, {"strategy": "x" * 500}, {"q": "ø" * 300}])
def test_unknown_filter_values_find_nothing(org: Organization, api: Api, params: Any) -> None:
    make_request(org)
    assert _ids(api.get(_base(org), params)) == []


def test_a_unit_id_beyond_a_database_integer_is_no_error(org: Organization, api: Api) -> None:
    response = api.get(_base(org), {"unit": str(2**70)})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_readers_list_and_outsiders_get_404(org: Organization) -> None:
    make_request(org)
    reader = Api(make_user(organization=org, roles=["laeser"]))
    outsider = Api(make_user(organization=make_organization(), roles=["administrator"]))
    assert len(_ids(reader.get(_base(org)))) == 1
    assert outsider.get(_base(org)).status_code == 404


# Create and update ------------------------------------------------------------------------


def test_create_resolves_references_of_the_organization(
    org: Organization, buyer: Any, api: Api
) -> None:
    unit = OrganizationUnit.objects.create(organization=org, name="Testforvaltningen")
    process = BusinessProcess.objects.create(organization=org, name="Syntetisk visitation")
    subjects = list(KleSubject.objects.filter(level="emne")[:2])
    response = api.post(
        _base(org),
        {
            "title": "Syntetisk vagtplan",
            "problem": "Vagtplaner laves i hånden.",
            "unit_id": unit.pk,
            "business_process_id": process.pk,
            "kle_subjects": [s.pk for s in subjects],
            "channels": ["self_service"],
            "budget_one_off": "125000.00",
            "strategy": "genbrug",
            "stage": "i_drift",  # not writable: ignored
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"] == unit.pk and body["business_process"] == process.pk
    row = ProcurementRequest.objects.get(pk=body["id"])
    assert (row.unit, row.business_process) == (unit, process)
    assert body["kle_subjects"] == sorted(s.pk for s in subjects)
    assert (body["stage"], body["submitted_by"], body["strategy"]) == ("ide", buyer.pk, "genbrug")
    assert Decimal(body["budget_one_off"]) == Decimal("125000")


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("unit_id", "other", "unit"),
        ("unit_id", 10**9, "unit"),
        ("unit_id", 2**70, "unit"),
        ("business_process_id", "other", "business_process"),
        ("business_process_id", 2**63, "business_process"),
        ("kle_subjects", [10**9], "kle_subjects"),
        ("kle_subjects", [2**70], "kle_subjects"),
        ("channels", ["fax"], "channels"),
        ("channels", 5, "channels"),
        ("channels", True, "channels"),
        ("channels", "phone", "channels"),
        ("channels", {"phone": 1}, "channels"),
        ("channels", [["phone"]], "channels"),
        ("channels", ["phone", "phone"], "channels"),
        ("strategy", "centralisering", "strategy"),
    ],
)
def test_create_with_another_organizations_ids_or_unknown_values_is_a_400(
    org: Organization, api: Api, field: str, value: Any, error: str
) -> None:
    other = make_organization()
    if value == "other":
        value = (
            OrganizationUnit.objects.create(organization=other, name="Nabo").pk
            if field == "unit_id"
            else BusinessProcess.objects.create(organization=other, name="Nabo").pk
        )
    before = (ProcurementRequest.objects.count(), AuditEvent.objects.count())
    response = api.post(_base(org), {"title": "T", "problem": "P", field: value})
    assert response.status_code == 400, response.content
    assert error in response.json()["errors"]
    assert (ProcurementRequest.objects.count(), AuditEvent.objects.count()) == before


def test_patch_validates_references_and_refuses_ended_requests(
    org: Organization, buyer: Any, api: Api
) -> None:
    request = make_request(org, buyer)
    foreign = OrganizationUnit.objects.create(organization=make_organization(), name="Nabo")
    url = f"{_base(org)}/{request.pk}"
    before = state_of(request)
    for payload in (
        {"unit_id": foreign.pk},
        {"business_process_id": 10**9},
        {"channels": None},
        {"title": None},
        {"users_count": -1},
    ):
        response = api.patch(url, payload)
        assert response.status_code == 400, (payload, response.content)
        assert state_of(request) == before
    mine = OrganizationUnit.objects.create(organization=org, name="Egen enhed")
    response = api.patch(
        url, {"title": "Nyt navn", "channels": ["phone", "email"], "unit_id": mine.pk}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["channels"], body["unit"]) == (
        "Nyt navn",
        ["phone", "email"],
        mine.pk,
    )
    assert api.patch(url, {"unit_id": None}).json()["unit"] is None

    ended = staged(org, Stage.AFVIST)
    response = api.patch(f"{_base(org)}/{ended.pk}", {"title": "For sent"})
    assert _message(response) == "Anmodningen er afsluttet (Afvist) og kan ikke ændres."


def test_delete_only_an_idea(org: Organization, buyer: Any, api: Api) -> None:
    idea = make_request(org, buyer)
    started = make_request(org, buyer)
    services.request_move(actor=buyer, request=started, transition_name="clarify")
    assert api.delete(f"{_base(org)}/{idea.pk}").status_code == 204
    assert _message(api.delete(f"{_base(org)}/{started.pk}")).startswith("Kun en idé kan slettes.")
    assert ProcurementRequest.objects.filter(pk=started.pk).exists()


# Transitions ------------------------------------------------------------------------------


def test_transitions_list_the_declared_moves_with_who_may_take_them(org: Organization) -> None:
    submitter = make_user(organization=org, roles=["redaktoer"])
    request = make_request(org, submitter)
    url = f"{_base(org)}/{request.pk}/transitions"

    def allowed(user: Any) -> dict[str, bool]:
        response = Api(user).get(url)
        assert response.status_code == 200
        assert response.json()["stage"] == "ide"
        return {m["name"]: m["allowed"] for m in response.json()["moves"]}

    everything = {"clarify": True, "reuse": True, "reject": True, "withdraw": True}
    assert allowed(make_user(organization=org, roles=["indkoeber"])) == everything
    assert allowed(make_user(organization=org, roles=["arkitekt"])) == everything
    assert allowed(submitter) == {
        "clarify": False,
        "reuse": False,
        "reject": False,
        "withdraw": True,
    }
    nothing = dict.fromkeys(everything, False)
    assert allowed(make_user(organization=org, roles=["redaktoer"])) == nothing
    assert allowed(make_user(organization=org, roles=["laeser"])) == nothing
    labels = [m["label"] for m in Api(submitter).get(url).json()["moves"]]
    assert labels == ["Start afklaring", "Afslut som genbrug", "Afvis", "Træk tilbage"]


def test_posting_a_move_takes_it_and_answers_the_history(
    org: Organization, buyer: Any, api: Api
) -> None:
    request = make_request(org, buyer)
    url = f"{_base(org)}/{request.pk}/transitions"

    response = api.post(url, {"transition": "clarify", "note": "Vi går i gang"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"] == "afklaring"
    [step] = body["history"]
    assert (step["transition"], step["from_state"], step["to_state"], step["actor"]) == (
        "clarify",
        "ide",
        "afklaring",
        buyer.get_username(),
    )
    assert step["fields"] == {"note": "Vi går i gang"}
    assert {m["name"] for m in body["moves"]} == {
        "to_kontrolorgan",
        "to_decision",
        "reuse",
        "reject",
        "withdraw",
    }


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"transition": "decide"}, "Ugyldige data."),  # required fields missing (by field)
        ({"transition": "implement"}, "Overgangen »implement« er ikke tilladt fra »Afklaring«."),
        ({"transition": "fly"}, "Ukendt overgang: fly."),
        ({"transition": "to_kontrolorgan"}, "Anmodningen kan ikke gå videre, før disse"),
        ({"transition": "reject", "reason": "  "}, "Ugyldige data."),
        ({"transition": "reuse"}, "Ugyldige data."),
        ({"transition": "reuse", "usage": 10**9}, "Ugyldige data."),
        ({"transition": "reuse", "usage": 2**70}, "Ugyldige data."),
        ({"transition": "reuse", "contract": 2**63}, "Ugyldige data."),
        ({"transition": "decide", "decision_body": "byraadet"}, "Ugyldige data."),
    ],
)
def test_a_refused_move_is_a_400_and_changes_nothing(
    org: Organization, buyer: Any, api: Api, payload: dict[str, Any], message: str
) -> None:
    request = make_request(org, buyer)
    services.request_move(actor=buyer, request=request, transition_name="clarify")
    before = state_of(request)
    response = api.post(f"{_base(org)}/{request.pk}/transitions", payload)
    assert _message(response).startswith(message)
    assert state_of(request) == before


@pytest.mark.parametrize("kind", ["usage", "contract"])
def test_reuse_of_another_organizations_id_is_a_400_naming_the_field(
    org: Organization, buyer: Any, api: Api, kind: str
) -> None:
    other = make_organization()
    foreign = (
        own_usage(other)
        if kind == "usage"
        else Contract.objects.create(organization=other, name="N")
    )
    request = make_request(org, buyer)
    before = state_of(request)
    response = api.post(
        f"{_base(org)}/{request.pk}/transitions", {"transition": "reuse", kind: foreign.pk}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {kind: [f"Id {foreign.pk} findes ikke."]}
    assert state_of(request) == before

    mine = (
        own_usage(org) if kind == "usage" else Contract.objects.create(organization=org, name="M")
    )
    response = api.post(
        f"{_base(org)}/{request.pk}/transitions", {"transition": "reuse", kind: mine.pk}
    )
    assert response.status_code == 200 and response.json()["stage"] == "genbrug"
    assert getattr(ProcurementRequest.objects.get(pk=request.pk), f"reuse_{kind}_id") == mine.pk


def test_decide_and_go_live_through_the_api(org: Organization, buyer: Any, api: Api) -> None:
    request = walk(
        buyer, make_request(org, buyer, budget_one_off=Decimal(600_000)), Stage.AFKLARING
    )
    url = f"{_base(org)}/{request.pk}/transitions"
    assert "kontrolorganet" in _message(api.post(url, {"transition": "to_decision"}))
    assert api.post(url, {"transition": "to_kontrolorgan"}).status_code == 200
    assert api.post(url, {"transition": "to_decision"}).status_code == 200
    decision = {"transition": "decide", "decision_body": "kontrolorgan", "decision_text": "Ja"}
    response = api.post(url, decision)
    assert response.status_code == 400
    assert "business_case" in response.json()["errors"]
    bad_body = api.post(url, {**decision, "decision_body": "byraadet"})
    assert bad_body.status_code == 400 and "errors" in bad_body.json()
    case = BusinessCase.objects.create(organization=org, name="Syntetisk case", start_year=2026)
    services.request_update(actor=buyer, request=request, business_case=case)
    assert api.post(url, {**decision, "decision_reference": "KO 2026-04"}).status_code == 200
    assert api.post(url, {"transition": "implement"}).status_code == 200
    foreign_local = CatalogSystem.objects.create(
        name="Nabokommunens lokale",
        business_type="fagsystem",
        scope=pc.Scope.LOCAL,
        owner_organization=make_organization(),
    )
    response = api.post(url, {"transition": "go_live", "catalog_system": foreign_local.pk})
    assert response.json()["errors"] == {"catalog_system": [f"Id {foreign_local.pk} findes ikke."]}
    system = CatalogSystem.objects.create(name="Syntetisk vagtplan", business_type="fagsystem")
    response = api.post(url, {"transition": "go_live", "catalog_system": system.pk})
    assert response.status_code == 200 and response.json()["stage"] == "i_drift"
    detail = api.get(f"{_base(org)}/{request.pk}").json()
    assert SystemUsage.objects.get(pk=detail["usage"]).catalog_system == system
    assert detail["decision_reference"] == "KO 2026-04"


def test_moves_need_the_right_role_and_the_right_organization(org: Organization) -> None:
    request = make_request(org)
    url = f"{_base(org)}/{request.pk}/transitions"
    editor = Api(make_user(organization=org, roles=["redaktoer"]))
    outsider = Api(make_user(organization=make_organization(), roles=["administrator"]))
    other_org = make_organization()
    colleague = Api(make_user(organization=other_org, roles=["administrator"]))
    before = state_of(request)
    assert editor.post(url, {"transition": "clarify"}).status_code == 403
    assert outsider.post(url, {"transition": "clarify"}).status_code == 404
    assert outsider.get(url).status_code == 404
    assert (
        colleague.post(
            f"{_base(other_org)}/{request.pk}/transitions", {"transition": "clarify"}
        ).status_code
        == 404
    )
    assert state_of(request) == before


# Answers ----------------------------------------------------------------------------------


def test_answers_get_every_question_with_its_status(
    org: Organization, buyer: Any, api: Api
) -> None:
    request = make_request(org, buyer, strategy="borgernaer_service")
    services.answer_set(actor=buyer, request=request, question_key="forretningsbehov", value="ja")
    services.answer_set(actor=buyer, request=request, question_key="kontraktvej", value="nej")
    services.answer_set(actor=buyer, request=request, question_key="systemejer", value="ved_ikke")

    response = api.get(f"{_base(org)}/{request.pk}/answers")

    assert response.status_code == 200
    rows = {row["question_key"]: row for row in response.json()}
    assert "alle_platforme" in rows and "standardkrav" not in rows
    assert rows["forretningsbehov"]["status"] == "ok"
    assert rows["forretningsbehov"]["answered_by"] == buyer.get_username()
    assert rows["kontraktvej"]["status"] == "stopper" and rows["kontraktvej"]["stops"] is True
    assert rows["systemejer"]["status"] == "warning"
    assert rows["exit"]["status"] == "open" and rows["exit"]["value"] is None
    assert rows["exit"]["addressee"] == "indkoeber" and rows["exit"]["stage"] == "beslutning"
    assert rows["exit"]["text"].startswith("Sikrer kontrakten exit")


def test_answers_put_is_all_or_nothing(org: Organization, buyer: Any, api: Api) -> None:
    request = make_request(org, buyer)
    url = f"{_base(org)}/{request.pk}/answers"
    before = (Answer.objects.count(), AuditEvent.objects.count(), state_of(request))
    for answers in (
        [
            {"question_key": "forretningsbehov", "value": "ja"},
            {"question_key": "findes_ikke", "value": "ja"},
        ],
        [
            {"question_key": "forretningsbehov", "value": "ja"},
            {"question_key": "exit", "value": "måske"},
        ],
        [
            {"question_key": "forretningsbehov", "value": "ja"},
            {"question_key": "alle_platforme", "value": "ja"},
        ],
        [],
    ):
        response = api.put(url, {"answers": answers})
        assert response.status_code == 400, response.content
        assert (Answer.objects.count(), AuditEvent.objects.count(), state_of(request)) == before
    assert api.put(url, {"answers": [{"question_key": "findes_ikke", "value": "ja"}]}).json()[
        "errors"
    ] == {"question_key": ["Spørgsmålet stilles ikke til denne anmodning."]}

    response = api.put(
        url,
        {
            "answers": [
                {"question_key": "forretningsbehov", "value": "ja", "note": "Se notat"},
                {"question_key": "kontraktvej", "value": "ved_ikke"},
            ]
        },
    )
    assert response.status_code == 200
    rows = {row["question_key"]: row for row in response.json()}
    assert (rows["forretningsbehov"]["value"], rows["forretningsbehov"]["note"]) == (
        "ja",
        "Se notat",
    )
    assert rows["kontraktvej"]["status"] == "stopper"
    assert Answer.objects.filter(request=request).count() == 2


def test_answers_need_the_change_permission_and_an_open_request(org: Organization) -> None:
    request = make_request(org)
    url = f"{_base(org)}/{request.pk}/answers"
    reader = Api(make_user(organization=org, roles=["laeser"]))
    payload = {"answers": [{"question_key": "forretningsbehov", "value": "ja"}]}
    assert reader.put(url, payload).status_code == 403
    ended = staged(org, Stage.TRUKKET_TILBAGE)
    admin = Api(make_user(organization=org, roles=["administrator"]))
    assert _message(admin.put(f"{_base(org)}/{ended.pk}/answers", payload)).startswith(
        "Anmodningen er afsluttet"
    )
    assert not Answer.objects.exists()


# Reuse candidates and the analysis ----------------------------------------------------------


def test_reuse_candidates_are_ranked_with_score_and_reasons(
    org: Organization, buyer: Any, api: Api
) -> None:
    a, b = KleSubject.objects.filter(level="emne")[:2]
    system = CatalogSystem.objects.create(name="Syntetisk booking", business_type="fagsystem")
    system.kle_subjects.set([a, b])
    usage = SystemUsage.objects.create(
        organization=org, catalog_system=system, local_name="Booking"
    )
    half = CatalogSystem.objects.create(name="Syntetisk halv", business_type="fagsystem")
    half.kle_subjects.set([a])
    SystemUsage.objects.create(organization=org, catalog_system=half, local_name="Halv")
    request = make_request(org, buyer, title="Qwerty", problem="Zxcv", kle_subjects=[a, b])

    response = api.get(f"{_base(org)}/{request.pk}/reuse-candidates")

    assert response.status_code == 200
    rows = response.json()
    assert [set(row) for row in rows] == [{"kind", "id", "name", "score", "reasons"}] * len(rows)
    assert rows[0] == {
        "kind": "usage",
        "id": usage.pk,
        "name": "Booking",
        "score": 50,
        "reasons": ["Dækker 2 af anmodningens 2 KLE-emner"],
    }
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 100 for s in scores)
    assert all(row["reasons"] and all(isinstance(r, str) for r in row["reasons"]) for row in rows)


def test_the_lead_time_analysis_shape(org: Organization, buyer: Any, api: Api) -> None:
    request = make_request(org, buyer)
    answer_all(buyer, request)
    services.request_move(actor=buyer, request=request, transition_name="clarify")

    response = api.get(f"/organizations/{org.pk}/analyses/procurement-lead-time")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "requests",
        "open",
        "stages",
        "milestones",
        "slowest_open",
        "show_stoppers",
        "reuse",
    }
    assert (body["requests"], body["open"]) == (1, 1)
    assert set(body["stages"]) == {"ide", "afklaring"}
    assert set(body["stages"]["ide"]) == {"count", "median_days", "p90_days"}
    assert set(body["milestones"]) == {"beslutning", "kontrakt", "i_drift"}
    for milestone in body["milestones"].values():
        assert set(milestone) == {"count", "median_days", "p90_days", "by_unit", "by_quarter"}
    assert body["slowest_open"][0]["id"] == request.pk
    assert set(body["slowest_open"][0]) == {"id", "title", "stage", "days_in_stage"}
    assert body["reuse"] == {"count": 0, "avoided_yearly": "0", "without_amount": 0}
    outsider = Api(make_user(organization=make_organization(), roles=["administrator"]))
    assert (
        outsider.get(f"/organizations/{org.pk}/analyses/procurement-lead-time").status_code == 404
    )


# Constant queries --------------------------------------------------------------------------


def _grow(org: Organization, buyer: Any) -> Any:
    units = [
        OrganizationUnit.objects.create(organization=org, name=f"Enhed {next(_N)}")
        for _ in range(2)
    ]
    subjects = list(KleSubject.objects.filter(level="emne")[:3])

    def add(n: int) -> None:
        for i in range(n):
            request = make_request(
                org,
                buyer,
                unit=units[i % 2],
                kle_subjects=subjects[: i % 3 + 1],
                wanted_date=dt.date.today() - dt.timedelta(days=i),
                responsible_name="Syntetisk Person",
            )
            if i % 3 == 0:
                services.request_move(actor=buyer, request=request, transition_name="clarify")
            if i % 5 == 0:
                services.answer_set(actor=buyer, request=request, question_key="exit", value="nej")

    return add


def test_the_list_page_takes_constant_queries(org: Organization, buyer: Any) -> None:
    client = logged_in_client(buyer, org)
    assert_constant_queries(client, reverse("procurement:request_list"), _grow(org, buyer))


def test_the_list_api_takes_constant_queries(org: Organization, buyer: Any) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(buyer)}")
    url = f"/api/v1{_base(org)}?limit=100&sort=-since"
    assert client.get(url).status_code == 200  # the token's first use is recorded once
    assert_constant_queries(client, url, _grow(org, buyer))
