"""Roadmap screens: what they show, the gate and completion rules through the UI, the
timeline, the dashboard card, and constant query counts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from core.testing import assert_constant_queries
from organizations.testing import logged_in_client, make_organization, make_user
from roadmaps import services
from roadmaps.choices import GateBody, GateDecision, MilestoneStatus
from roadmaps.models import Gate, Milestone, Roadmap
from roadmaps.tests import factories as f
from roadmaps.tests.factories import TODAY

pytestmark = pytest.mark.django_db

DERIVED_NOTE = (
    "Kilderne giver ingen roadmap for denne strategi; Styrbar har bygget den af de samme byggesten."
)


@pytest.fixture
def architect(org):  # type: ignore[no-untyped-def]
    return make_user(organization=org, roles=["arkitekt"], first_name="Arne", last_name="Arkitekt")


@pytest.fixture
def client(org, architect):  # type: ignore[no-untyped-def]
    return logged_in_client(architect, org)


def _generated(architect: Any, org: Any, strategy: str = "sammenhaengende_processer") -> Roadmap:
    return services.roadmap_create_from_strategy(
        actor=architect, organization=org, strategy=strategy, start_date=dt.date(2026, 1, 15)
    )


def test_create_from_a_strategy_through_the_form(org, client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/roadmaps/ny/?strategi=genbrug")
    assert page.status_code == 200
    assert 'value="genbrug" selected' in page.content.decode()
    response = client.post(
        "/roadmaps/ny/", {"strategy": "driftsfaellesskab", "start_date": "2026-02-01", "name": ""}
    )
    roadmap = Roadmap.objects.get(organization=org)
    assert response["Location"] == roadmap.get_absolute_url()
    assert roadmap.strategy == "driftsfaellesskab" and roadmap.derived
    assert roadmap.start_date == dt.date(2026, 2, 1)
    bad = client.post("/roadmaps/ny/", {"strategy": "ukendt", "start_date": ""})
    assert bad.status_code == 400


def test_list_shows_progress_and_overdue(org, architect, client) -> None:  # type: ignore[no-untyped-def]
    roadmap = _generated(architect, org)
    page = client.get("/roadmaps/").content.decode()
    assert roadmap.name in page
    assert "Sammenhængende forretningsprocesser" in page
    assert "0 af 6" in page
    filtered = client.get("/roadmaps/", {"strategy": "genbrug"}).content.decode()
    assert roadmap.name not in filtered.split("<tbody>")[1]
    export = client.get("/roadmaps/", {"format": "csv"})
    body = b"".join(export.streaming_content).decode("utf-8")
    assert "Sammenhængende forretningsprocesser;" in body and ";0 af 6;" in body


def test_detail_shows_milestones_gates_and_the_derived_note(org, architect, client) -> None:  # type: ignore[no-untyped-def]
    roadmap = _generated(architect, org)
    late = roadmap.milestones.get(order=1)
    page = client.get(roadmap.get_absolute_url()).content.decode()
    assert DERIVED_NOTE in page
    for milestone in roadmap.milestones.all():
        assert milestone.title in page
        for deliverable in milestone.deliverables:
            assert deliverable in page
    assert "Arne Arkitekt" in page
    assert "15-01-2026" in page and "15-03-2026" in page  # start and due, dd-mm-åååå
    assert "Direktionen (afventer)" in page
    assert "Forsinket" in page  # the first milestone's due date has passed
    assert f'id="milepael-{late.pk}" class="styrbar-milestone styrbar-overdue"' in page
    assert "Registrér beslutning" in page
    published = _generated(architect, org, "standardisering")
    assert DERIVED_NOTE not in client.get(published.get_absolute_url()).content.decode()


def test_reader_sees_no_buttons(org, architect) -> None:  # type: ignore[no-untyped-def]
    roadmap = _generated(architect, org)
    reader = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    page = reader.get(roadmap.get_absolute_url()).content.decode()
    assert "Registrér beslutning" not in page
    assert "Markér som gennemført" not in page
    assert "(ikke klaret)" in page


def test_completing_a_gated_milestone_shows_the_error_then_works(org, architect, client) -> None:  # type: ignore[no-untyped-def]
    roadmap = _generated(architect, org)
    first = roadmap.milestones.get(order=1)
    url = f"/roadmaps/milepaele/{first.pk}/gennemfoer/"
    page = client.post(url, follow=True).content.decode()
    assert "kan ikke markeres som gennemført" in page
    assert Milestone.objects.get(pk=first.pk).status == MilestoneStatus.PLANNED
    direktion, okonomiudvalg = sorted(first.gates.all(), key=lambda g: g.order)
    decide = {
        "decision": "approved",
        "decided_on": "2026-02-10",
        "meeting_reference": "ØU 10-02-2026, pkt. 7",
    }
    # Økonomiudvalget before Direktionen: refused on the form.
    refused = client.post(f"/roadmaps/beslutningspunkter/{okonomiudvalg.pk}/beslutning/", decide)
    assert refused.status_code == 400
    assert "før Direktionen har godkendt" in refused.content.decode()
    for gate in (direktion, okonomiudvalg):
        response = client.post(f"/roadmaps/beslutningspunkter/{gate.pk}/beslutning/", decide)
        assert response.status_code == 302
    assert set(first.gates.values_list("decision", flat=True)) == {GateDecision.APPROVED}
    page = client.post(url, follow=True).content.decode()
    assert "er markeret som gennemført" in page
    assert Milestone.objects.get(pk=first.pk).status == MilestoneStatus.DONE


def test_decision_form_needs_date_and_reference(org, architect, client) -> None:  # type: ignore[no-untyped-def]
    gate = f.gate(org)
    form = client.get(f"/roadmaps/beslutningspunkter/{gate.pk}/beslutning/").content.decode()
    assert "<legend" in form and 'type="radio"' in form
    response = client.post(
        f"/roadmaps/beslutningspunkter/{gate.pk}/beslutning/", {"decision": "approved"}
    )
    assert response.status_code == 400
    assert "Angiv datoen for beslutningen." in response.content.decode()


def test_edit_milestone_with_owner_and_deliverables(org, architect, client) -> None:  # type: ignore[no-untyped-def]
    roadmap = _generated(architect, org)
    milestone = roadmap.milestones.get(order=3)
    colleague = make_user(organization=org, roles=["redaktoer"], first_name="Rikke")
    outsider = make_user(first_name="Ude")
    form = client.get(f"/roadmaps/milepaele/{milestone.pk}/rediger/").content.decode()
    assert "Rikke" in form and "Ude" not in form
    data = {
        "title": "Procesplan",
        "description": "",
        "owner": colleague.pk,
        "start_date": "2026-05-15",
        "due_date": "2026-07-15",
        "status": "in_progress",
        "deliverables": "Proceskort\nIntegrationsplan\nNy leverance",
    }
    assert client.post(f"/roadmaps/milepaele/{milestone.pk}/rediger/", data).status_code == 302
    milestone.refresh_from_db()
    assert milestone.owner == colleague and milestone.deliverables[-1] == "Ny leverance"
    bad = client.post(
        f"/roadmaps/milepaele/{milestone.pk}/rediger/", {**data, "owner": outsider.pk}
    )
    assert bad.status_code == 400
    done = client.post(f"/roadmaps/milepaele/{milestone.pk}/rediger/", {**data, "status": "done"})
    assert done.status_code == 302  # no gates on this milestone
    gated = roadmap.milestones.get(order=2)
    refused = client.post(
        f"/roadmaps/milepaele/{gated.pk}/rediger/",
        {**data, "status": "done", "gates": [g.pk for g in gated.gates.all()]},
    )
    assert refused.status_code == 400
    assert "kan ikke markeres som gennemført" in refused.content.decode()
    ticked = client.post(
        f"/roadmaps/milepaele/{milestone.pk}/leverancer/", {"done": ["Proceskort"]}, follow=True
    )
    assert "Leverancerne er gemt." in ticked.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).deliverables_done == ["Proceskort"]
    unknown = client.post(
        f"/roadmaps/milepaele/{milestone.pk}/leverancer/", {"done": ["Findes ikke"]}, follow=True
    )
    assert "Vælg leverancer fra listen." in unknown.content.decode()


def test_move_add_and_delete_milestones(org, architect, client) -> None:  # type: ignore[no-untyped-def]
    roadmap = _generated(architect, org)
    second = roadmap.milestones.get(order=2)
    client.post(f"/roadmaps/milepaele/{second.pk}/flyt/", {"direction": "up"})
    assert Milestone.objects.get(pk=second.pk).order == 1
    client.post(
        f"/roadmaps/{roadmap.pk}/milepaele/ny/",
        {"title": "Evaluering", "status": "planned", "deliverables": "Rapport"},
    )
    assert roadmap.milestones.get(order=7).title == "Evaluering"
    response = client.post(f"/roadmaps/milepaele/{second.pk}/slet/")
    assert response["Location"] == roadmap.get_absolute_url()
    assert roadmap.milestones.count() == 6
    history = client.get(f"/roadmaps/{roadmap.pk}/historik/").content.decode()
    assert "Evaluering" in history and "Milepæl" in history


def test_gate_create_and_edit(org, architect, client) -> None:  # type: ignore[no-untyped-def]
    roadmap = _generated(architect, org)
    last = roadmap.milestones.get(order=6)
    client.post(
        f"/roadmaps/{roadmap.pk}/beslutningspunkter/ny/",
        {"body": "okonomiudvalg", "title": "ØU: opfølgning", "milestones": [last.pk]},
    )
    gate = Gate.objects.get(roadmap=roadmap, title="ØU: opfølgning")
    assert list(gate.milestones.all()) == [last]
    form = client.get(f"/roadmaps/beslutningspunkter/{gate.pk}/rediger/").content.decode()
    assert f'value="{last.pk}" id="id_milestones_5" checked' in form


def test_timeline_has_the_chart_data_and_the_table(org, architect, client) -> None:  # type: ignore[no-untyped-def]
    roadmap = _generated(architect, org)
    page = client.get(f"/roadmaps/{roadmap.pk}/tidslinje/").content.decode()
    assert 'data-chart="chart-timeline" role="img"' in page
    assert "echarts.min.js" in page and "styrbar-timeline.js" in page
    raw = page.split('<script id="chart-timeline" type="application/json">')[1].split("</script>")[
        0
    ]
    spec = json.loads(raw)
    assert spec["type"] == "timeline" and spec["today"] == TODAY.isoformat()
    assert spec["rows"][0]["label"].startswith("1. ")
    assert spec["rows"][0]["start"] == "2026-01-15" and spec["rows"][0]["end"] == "2026-03-15"
    assert len(spec["markers"]) == roadmap.gates.count() == 3
    assert {m["row"] for m in spec["markers"]} == {0, 1}
    assert '<table class="table table--compact" id="timeline-table">' in page
    assert "Direktionen: afventer (planlagt" in page


def test_list_and_detail_queries_are_constant(org, architect, client) -> None:  # type: ignore[no-untyped-def]
    assert_constant_queries(
        client, "/roadmaps/", lambda n: [_generated(architect, org) for _ in range(n)], sizes=(2, 8)
    )
    roadmap = f.roadmap(org)
    other = make_user(organization=org, roles=["laeser"])

    def add(n: int) -> None:
        for i in range(n):
            milestone = f.milestone(roadmap, owner=other if i % 2 else architect)
            f.gate(roadmap, GateBody.DIREKTION, milestones=[milestone])
            f.gate(roadmap, GateBody.OKONOMIUDVALG, milestones=[milestone])

    assert_constant_queries(client, roadmap.get_absolute_url(), add, sizes=(2, 10))
    assert_constant_queries(client, f"/roadmaps/{roadmap.pk}/tidslinje/", add, sizes=(2, 10))


def test_dashboard_card(org, architect, client) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache
    from django.test import RequestFactory

    from roadmaps.dashboard import roadmap_card

    roadmap = _generated(architect, org)  # started 15-01-2026: the first milestones are late
    late = [m for m in roadmap.milestones.order_by("order") if m.is_overdue]
    assert late
    for i in range(6):
        f.milestone(f.roadmap(org, name=f"Gammel {i}"), due_date=dt.date(2025, 1, i + 1))
    f.milestone(f.roadmap(org, name="Opgivet", status="cancelled"), due_date=dt.date(2025, 1, 1))
    request = RequestFactory().get("/")
    request.user = architect
    request.organization = org  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as ctx:
        card = roadmap_card(request)
    assert card is not None
    assert len(ctx.captured_queries) <= 4
    assert card["overdue_count"] == len(late) + 6
    assert len(card["overdue"]) == 5
    assert card["overdue"][0]["roadmap"] == "Gammel 0"  # the longest overdue first
    first_gate = roadmap.gates.order_by("planned_date").first()
    assert first_gate is not None
    assert card["next_gate"]["title"] == first_gate.title
    assert card["next_gate"]["body"] == "Direktionen"
    page = client.get("/").content.decode()
    assert "Forsinkede milepæle" in page
    assert first_gate.title in page
    # The richer card (for a dashboard that includes ``card.template``) links to both.
    rich = render_to_string(card["template"], {"card": card})
    assert f"#beslutning-{first_gate.pk}" in rich
    assert card["overdue"][0]["url"] in rich and "dage over" in rich
    # Nothing waiting: the card says so.
    Gate.objects.filter(roadmap__organization=org).update(decision=GateDecision.APPROVED)
    cache.clear()  # written directly, without the audit event that makes the card recompute
    assert roadmap_card(request)["next_gate"] is None  # type: ignore[index]
    reader_only = make_user(organization=make_organization(), roles=["laeser"])
    request.user = reader_only
    assert roadmap_card(request) is None
