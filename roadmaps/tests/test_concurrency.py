"""Optimistic concurrency in roadmaps (issue 17): the delivered ticks of a milestone carry
its version (a stale save shows the conflict page with both sets of ticks), and reordering
the milestones through the API honours If-Match on the roadmap's version (412)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from core.concurrency import version
from core.models import AuditEvent
from core.testing import postgres_race, race
from organizations.testing import logged_in_client, make_organization, make_token, make_user
from roadmaps.models import Milestone, Roadmap
from roadmaps.tests import factories as f


def _events(obj: Any) -> int:
    kind = ContentType.objects.get_for_model(obj)
    return AuditEvent.objects.filter(content_type=kind, object_id=str(obj.pk)).count()


# The delivered ticks (UI) ------------------------------------------------------------------


@pytest.mark.django_db
def test_two_editors_ticking_deliverables_the_second_gets_the_conflict_page() -> None:
    org = make_organization()
    anna = logged_in_client(make_user("anna", organization=org, roles=["arkitekt"]), org)
    bo = logged_in_client(make_user("bo", organization=org, roles=["arkitekt"]), org)
    milestone = f.milestone(org, deliverables=["Kravspecifikation", "Udbudsmateriale"])
    page = bo.get(milestone.roadmap.get_absolute_url()).content.decode()
    opened = version(milestone)
    assert f'name="_version" value="{opened}"' in page
    url = reverse("roadmaps:milestone_deliverables", args=[milestone.pk])

    saved = anna.post(url, {"done": ["Kravspecifikation"], "_version": opened})
    assert saved.status_code == 302
    events = _events(milestone)
    stale = bo.post(url, {"done": ["Udbudsmateriale"], "_version": opened})

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "ikke gemt" in page and "Klarede leverancer" in page and "anna" in page
    assert "<td>Udbudsmateriale</td><td>Kravspecifikation</td>" in page
    milestone.refresh_from_db()
    assert milestone.deliverables_done == ["Kravspecifikation"]
    assert _events(milestone) == events
    current = version(milestone)
    assert f'name="_version" value="{current}"' in page  # "Gem mine værdier alligevel"
    again = bo.post(url, {"done": ["Udbudsmateriale"], "_version": current})
    assert again.status_code == 302
    milestone.refresh_from_db()
    assert milestone.deliverables_done == ["Udbudsmateriale"]


@postgres_race
def test_postgres_two_deliverable_saves_one_gets_the_conflict_page(round_: int) -> None:
    org = make_organization()
    clients = [
        logged_in_client(make_user(organization=org, roles=["arkitekt"]), org) for _ in range(2)
    ]
    milestone = f.milestone(org)
    url = reverse("roadmaps:milestone_deliverables", args=[milestone.pk])
    opened = version(milestone)
    statuses: list[int] = []

    def save(client: Client, done: str) -> None:
        statuses.append(client.post(url, {"done": [done], "_version": opened}).status_code)

    assert race(
        lambda: save(clients[0], "Leverance A"), lambda: save(clients[1], "Leverance B")
    ) == [None, None]
    assert sorted(statuses) == [302, 409]
    assert _events(milestone) == 1


# Reordering through the API ----------------------------------------------------------------


def _roadmap_with_three(org: Any) -> tuple[Roadmap, list[int]]:
    roadmap = f.roadmap(org)
    ids = [f.milestone(roadmap, title=title).pk for title in ("Analyse", "Udbud", "Drift")]
    return roadmap, ids


def _order(roadmap: Roadmap) -> list[int]:
    return list(roadmap.milestones.order_by("order").values_list("pk", flat=True))


def _auth(org: Any, name: str) -> dict[str, Any]:
    token = make_token(make_user(name, organization=org, roles=["arkitekt"]))
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _put(client: Client, url: str, ids: list[int], auth: dict[str, Any], tag: str) -> Any:
    return client.put(url, {"ids": ids}, content_type="application/json", HTTP_IF_MATCH=tag, **auth)


@pytest.mark.django_db
def test_two_api_reorderings_from_one_reading_the_second_gets_412() -> None:
    org = make_organization()
    roadmap, (a, b, c) = _roadmap_with_three(org)
    anna, bo = Client(), Client()
    anna_auth, bo_auth = _auth(org, "anna"), _auth(org, "bo")
    base = f"/api/v1/organizations/{org.pk}/roadmaps/{roadmap.pk}"
    tag = anna.get(base, **anna_auth)["ETag"]
    assert tag == bo.get(base, **bo_auth)["ETag"]
    url = f"{base}/milestones/order"

    first = _put(anna, url, [c, a, b], anna_auth, tag)
    assert first.status_code == 200 and first["ETag"] not in ("", tag)
    assert first["ETag"] == anna.get(base, **anna_auth)["ETag"]
    events = _events(roadmap)
    stale = _put(bo, url, [b, a, c], bo_auth, tag)

    assert stale.status_code == 412
    assert "If-Match passer ikke" in stale.json()["message"]
    assert _order(roadmap) == [c, a, b]
    assert _events(roadmap) == events
    again = _put(bo, url, [b, a, c], bo_auth, first["ETag"])
    assert again.status_code == 200
    assert [m["id"] for m in again.json()["items"]] == [b, a, c] == _order(roadmap)
    # Without If-Match the reordering goes ahead as before.
    plain = bo.put(url, {"ids": [a, b, c]}, content_type="application/json", **bo_auth)
    assert plain.status_code == 200 and _order(roadmap) == [a, b, c]


@postgres_race
def test_postgres_two_reorderings_with_the_same_if_match_one_wins(round_: int) -> None:
    org = make_organization()
    roadmap, (a, b, c) = _roadmap_with_three(org)
    clients = [Client(), Client()]
    auths = [_auth(org, f"anna{round_}"), _auth(org, f"bo{round_}")]
    base = f"/api/v1/organizations/{org.pk}/roadmaps/{roadmap.pk}"
    tag = clients[0].get(base, **auths[0])["ETag"]
    url = f"{base}/milestones/order"
    orders = ([c, a, b], [b, c, a])
    statuses: list[int] = [0, 0]

    def put(n: int) -> None:
        statuses[n] = _put(clients[n], url, orders[n], auths[n], tag).status_code

    assert race(lambda: put(0), lambda: put(1)) == [None, None]
    assert sorted(statuses) == [200, 412]
    assert _order(roadmap) == orders[statuses.index(200)]  # the winner's order, whole
    assert _events(roadmap) == 1
    assert Milestone.objects.filter(roadmap=roadmap).count() == 3


@postgres_race
def test_postgres_reorderings_and_a_milestone_edit_at_once_never_deadlock(round_: int) -> None:
    """Two reorderings in opposite orders and an edit of one milestone, all at once and
    without If-Match: every write locks the roadmap's row first, so they queue instead of
    each holding a milestone row another waits for (a deadlock failed one of them)."""
    from roadmaps import services

    org = make_organization()
    roadmap, (a, b, c) = _roadmap_with_three(org)
    actor = make_user(f"anna{round_}", organization=org, roles=["arkitekt"])

    def reorder(order: list[int]) -> None:
        services.milestone_reorder(
            actor=actor, roadmap=Roadmap.objects.get(pk=roadmap.pk), order=order
        )

    def edit() -> None:
        milestone = Milestone.objects.get(pk=b)
        services.milestone_update(actor=actor, milestone=milestone, title="Udbud, ny titel")

    outcomes = race(lambda: reorder([c, b, a]), lambda: reorder([a, c, b]), edit)
    assert outcomes == [None, None, None]
    assert sorted(_order(roadmap)) == sorted([a, b, c])
    assert Milestone.objects.get(pk=b).title == "Udbud, ny titel"
