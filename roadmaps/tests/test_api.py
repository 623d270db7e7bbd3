"""The roadmap API: envelope and limits, generation, milestones with the completion
rule, gate decisions with the decision path, isolation between roadmaps, and audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import knowledge
from core.models import AuditEvent
from organizations.testing import make_organization, make_token, make_user
from roadmaps import services
from roadmaps.choices import GateBody
from roadmaps.models import Gate, Milestone, Roadmap
from roadmaps.tests import factories as f

pytestmark = pytest.mark.django_db

YESTERDAY = (timezone.localdate() - dt.timedelta(days=1)).isoformat()


class Api:
    def __init__(self, user: Any, org: Any) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {make_token(user)}"}
        self.base = f"/api/v1/organizations/{org.pk}/roadmaps"

    def get(self, path: str = "", **params: Any) -> Any:
        return self.client.get(self.base + path, params, headers=self.headers)

    def send(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        call = getattr(self.client, method)
        if payload is None:
            return call(self.base + path, headers=self.headers)
        return call(
            self.base + path, payload, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api(org, architect):  # type: ignore[no-untyped-def]
    return Api(architect, org)


def test_create_from_strategy_and_read_back(org, architect, api) -> None:  # type: ignore[no-untyped-def]
    response = api.send(
        "post", "", {"strategy": "genbrug", "start_date": "2026-03-01", "name": "Genbrug først"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Genbrug først" and body["derived"] is True
    assert body["strategy_name"] == knowledge.load().option("genbrug").name.da
    assert (body["milestone_count"], body["done_count"]) == (6, 0)
    roadmap_id = body["id"]
    assert api.get(f"/{roadmap_id}").json()["start_date"] == "2026-03-01"
    milestones = api.get(f"/{roadmap_id}/milestones").json()
    assert milestones["count"] == 6
    first = milestones["items"][0]
    assert first["order"] == 1 and first["owner_id"] == architect.pk
    assert first["deliverables"][0] == "Business case"
    gates = api.get(f"/{roadmap_id}/gates").json()
    assert [g["body"] for g in gates["items"]] == [
        "direktion",
        "okonomiudvalg",
        "kommunalbestyrelse",
    ]
    assert gates["items"][0]["milestone_ids"] == [first["id"]]
    assert sorted(first["gate_ids"]) == [g["id"] for g in gates["items"][:2]]
    bad = api.send("post", "", {"strategy": "ukendt"})
    assert bad.status_code == 400
    assert "Ukendt strategi" in bad.json()["errors"]["strategy"][0]
    foreign = api.send("post", "", {"strategy": "genbrug", "assessment_id": 999999})
    assert foreign.status_code == 400


def test_list_envelope_filters_and_limits(org, architect, api) -> None:  # type: ignore[no-untyped-def]
    for strategy in ("genbrug", "standardisering", "genbrug"):
        services.roadmap_create_from_strategy(actor=architect, organization=org, strategy=strategy)
    page = api.get("", strategy="genbrug", limit=1)
    assert page.status_code == 200
    assert page.json()["count"] == 2 and len(page.json()["items"]) == 1
    assert api.get("", limit=101).status_code == 400
    assert api.get("", sort="ukendt").status_code == 400
    assert api.get("", status="completed").json()["count"] == 0
    with CaptureQueriesContext(connection) as small:
        api.get("")
    for _ in range(5):
        services.roadmap_create_from_strategy(actor=architect, organization=org, strategy="genbrug")
    with CaptureQueriesContext(connection) as large:
        api.get("")
    assert len(small.captured_queries) == len(large.captured_queries)
    roadmap = Roadmap.objects.filter(organization=org).first()
    assert roadmap is not None
    with CaptureQueriesContext(connection) as few:
        api.get(f"/{roadmap.pk}/milestones")
    for _ in range(6):
        services.milestone_create(actor=architect, roadmap=roadmap, title="Ekstra")
    with CaptureQueriesContext(connection) as many:
        api.get(f"/{roadmap.pk}/milestones")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_milestone_done_needs_the_gates_then_decisions_in_order(org, architect, api) -> None:  # type: ignore[no-untyped-def]
    roadmap = services.roadmap_create_from_strategy(
        actor=architect, organization=org, strategy="borgernaer_service"
    )
    first = roadmap.milestones.get(order=1)
    refused = api.send("patch", f"/{roadmap.pk}/milestones/{first.pk}", {"status": "done"})
    assert refused.status_code == 400
    assert "kan ikke markeres som gennemført" in refused.json()["errors"]["status"][0]
    gates = list(roadmap.gates.order_by("order"))
    decision = {
        "decision": "approved",
        "decided_on": YESTERDAY,
        "meeting_reference": "ØU 14-04-2026, pkt. 7",
    }
    out_of_order = api.send("post", f"/{roadmap.pk}/gates/{gates[2].pk}/decision", decision)
    assert out_of_order.status_code == 400
    assert "før Direktionen har godkendt" in str(out_of_order.json())
    for gate in gates:
        response = api.send("post", f"/{roadmap.pk}/gates/{gate.pk}/decision", decision)
        assert response.status_code == 200, response.content
        assert response.json()["decision"] == "approved"
        assert response.json()["decided_on"] == YESTERDAY
    missing = api.send(
        "post", f"/{roadmap.pk}/gates/{gates[0].pk}/decision", {"decision": "rejected"}
    )
    assert missing.status_code == 400
    done = api.send("patch", f"/{roadmap.pk}/milestones/{first.pk}", {"status": "done"})
    assert done.status_code == 200
    assert done.json()["status"] == "done" and done.json()["completed_on"]
    assert AuditEvent.objects.filter(
        content_type__model="gate", object_id=str(gates[0].pk), action="update"
    ).exists()


def test_milestone_writes(org, architect, api) -> None:  # type: ignore[no-untyped-def]
    roadmap = f.roadmap(org)
    a, b = f.milestone(roadmap), f.milestone(roadmap)
    gate = f.gate(roadmap, GateBody.DIREKTION)
    created = api.send(
        "post",
        f"/{roadmap.pk}/milestones",
        {
            "title": "Evaluering",
            "owner_id": architect.pk,
            "gate_ids": [gate.pk],
            "due_date": "2026-09-01",
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["order"] == 3 and created.json()["gate_ids"] == [gate.pk]
    stranger = make_user()
    assert (
        api.send("patch", f"/{roadmap.pk}/milestones/{a.pk}", {"owner_id": stranger.pk}).status_code
        == 400
    )
    foreign_gate = f.gate(make_organization())
    assert (
        api.send(
            "patch", f"/{roadmap.pk}/milestones/{a.pk}", {"gate_ids": [foreign_gate.pk]}
        ).status_code
        == 400
    )
    assert api.send("patch", f"/{roadmap.pk}/milestones/{a.pk}", {"title": None}).status_code == 400
    patched = api.send(
        "patch",
        f"/{roadmap.pk}/milestones/{a.pk}",
        {"deliverables": ["Plan", "Rapport"], "deliverables_done": ["Rapport"], "owner_id": None},
    )
    assert patched.json()["deliverables_done"] == ["Rapport"] and patched.json()["owner_id"] is None
    c = created.json()["id"]
    order = api.send("put", f"/{roadmap.pk}/milestones/order", {"ids": [c, b.pk, a.pk]})
    assert [m["id"] for m in order.json()["items"]] == [c, b.pk, a.pk]
    assert api.send("put", f"/{roadmap.pk}/milestones/order", {"ids": [c]}).status_code == 400
    assert api.send("delete", f"/{roadmap.pk}/milestones/{b.pk}").status_code == 204
    assert list(roadmap.milestones.order_by("order").values_list("pk", flat=True)) == [c, a.pk]


def test_roadmap_patch_and_delete(org, architect, api) -> None:  # type: ignore[no-untyped-def]
    roadmap = f.roadmap(org)
    f.milestone(roadmap)
    assert api.send("patch", f"/{roadmap.pk}", {"status": "completed"}).status_code == 400
    assert api.send("patch", f"/{roadmap.pk}", {"name": None}).status_code == 400
    renamed = api.send("patch", f"/{roadmap.pk}", {"name": "Plan 2027", "status": "cancelled"})
    assert renamed.json()["name"] == "Plan 2027" and renamed.json()["status"] == "cancelled"
    assert api.send("delete", f"/{roadmap.pk}").status_code == 204
    assert not Roadmap.objects.filter(pk=roadmap.pk).exists()


def test_children_of_another_roadmap_are_404(org, architect, api) -> None:  # type: ignore[no-untyped-def]
    mine = f.roadmap(org)
    other_of_mine = f.roadmap(org)
    milestone = f.milestone(other_of_mine)
    gate = f.gate(other_of_mine)
    theirs = f.roadmap(make_organization())
    their_milestone = f.milestone(theirs)
    their_gate = f.gate(theirs)
    decision = {"decision": "approved", "decided_on": YESTERDAY, "meeting_reference": "x"}
    for m in (milestone, their_milestone):
        assert api.send("patch", f"/{mine.pk}/milestones/{m.pk}", {"title": "x"}).status_code == 404
        assert api.send("delete", f"/{mine.pk}/milestones/{m.pk}").status_code == 404
    for g in (gate, their_gate):
        assert api.send("post", f"/{mine.pk}/gates/{g.pk}/decision", decision).status_code == 404
    assert Milestone.objects.get(pk=their_milestone.pk).title == their_milestone.title
    assert Gate.objects.get(pk=their_gate.pk).decision == "pending"
    # A reorder naming another roadmap's milestone is refused.
    own = f.milestone(mine)
    response = api.send("put", f"/{mine.pk}/milestones/order", {"ids": [own.pk, milestone.pk]})
    assert response.status_code == 400
