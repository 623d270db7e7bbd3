"""Fixtures of the kontrolorgan tests: an organization, its arkitekt (who runs the body),
a body with members, a request waiting for the kontrolorgan, and a fake due provider
(solution reviews come from another app; here the registry gets a stand-in)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from controlbody import services
from controlbody.choices import MemberRole
from controlbody.models import ControlBody, Meeting
from core.due import DueItem
from core.registry import registry
from organizations.models import Organization
from organizations.testing import make_user, member_fixture, org
from procurement.choices import Stage
from procurement.models import ProcurementRequest
from procurement.tests.test_workflow import make_request, walk

architect = member_fixture("arkitekt")
_N = itertools.count(1)

FAKE_DUE: list[DueItem] = []


def fake_reviews(*, today: dt.date, until: dt.date, organization_ids: Any = None) -> list[DueItem]:
    return [
        i
        for i in FAKE_DUE
        if i.due_date <= until
        and (organization_ids is None or i.organization_id in organization_ids)
    ]


registry.due("test_review", "controlbody.tests.conftest:fake_reviews", order=999)


@pytest.fixture
def due_items() -> Any:
    FAKE_DUE.clear()
    yield FAKE_DUE
    FAKE_DUE.clear()


def review(org: Organization, days: int, *, agenda: bool = True, n: int | None = None) -> DueItem:
    n = n if n is not None else next(_N)
    due = dt.date.today() + dt.timedelta(days=days)
    return DueItem(
        kind="test_review",
        kind_label="Løsningsgennemgang",
        key=f"test_review:{n}:{due.isoformat()}",
        organization_id=org.pk,
        title=f"Gennemgang af testsystem {n}",
        due_date=due,
        link=f"/gennemgange/{n}/",
        owner="Systemejer Test",
        agenda=agenda,
    )


@pytest.fixture
def body(org: Organization, architect: Any) -> ControlBody:
    secretary = make_user(organization=org, roles=["administrator"], first_name="Sekretær")
    return services.body_save(
        actor=architect,
        organization=org,
        name="Kontrolorgan",
        mandate="Gennemgår anskaffelser og løsninger.",
        members=[(architect, MemberRole.CHAIR), (secretary, MemberRole.SECRETARY)],
    )


def meeting_for(org: Organization, actor: Any, days: int = 7, **fields: Any) -> Meeting:
    return services.meeting_create(
        actor=actor,
        organization=org,
        title=fields.pop("title", f"Møde {next(_N)}"),
        date=dt.date.today() + dt.timedelta(days=days),
        place="Mødelokale 1",
        **fields,
    )


@pytest.fixture
def meeting(org: Organization, architect: Any, body: ControlBody) -> Meeting:
    return meeting_for(org, architect)


def waiting_request(org: Organization, actor: Any, **fields: Any) -> ProcurementRequest:
    request = walk(actor, make_request(org, actor, **fields), Stage.KONTROLORGAN)
    assert request.stage == Stage.KONTROLORGAN
    return request


__all__ = ["architect", "body", "due_items", "meeting", "org"]
