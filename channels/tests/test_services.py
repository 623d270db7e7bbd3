"""The writes of the plan, involvement and satisfaction: audited, the organization's own
references only, a stale edit refused (optimistic concurrency)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from channels import services
from channels.models import CommunicationActivity
from channels.tests.factories import make_activity, make_area
from core.concurrency import VERSION_FIELD, Conflict, expecting, version
from core.models import AuditEvent
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = pytest.mark.django_db


def test_an_activity_is_audited_with_its_areas() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["redaktoer"])
    area = make_area(org, "Flytning")
    activity = services.activity_create(
        actor=user,
        organization=org,
        name="Plakater i Borgerservice",
        channel="counter",
        date=dt.date(2025, 3, 1),
        cost=Decimal(1200),
        areas=[area],
    )
    event = AuditEvent.objects.get(organization=org, action="create")
    assert event.object_repr == "Plakater i Borgerservice"
    assert event.changes["areas"]["after"] == [area.pk]
    assert list(activity.areas.all()) == [area]


def test_another_organizations_area_is_refused_and_nothing_saved() -> None:
    org, other = make_organization(), make_organization()
    user = make_user(organization=org, roles=["administrator"])
    with pytest.raises(ValidationError, match="organisationens egne"):
        services.activity_create(
            actor=user,
            organization=org,
            name="X",
            channel="social",
            date=dt.date(2025, 3, 1),
            areas=[make_area(other)],
        )
    with pytest.raises(ValidationError, match="organisationens egne"):
        services.satisfaction_create(
            actor=user,
            organization=org,
            area=make_area(other),
            channel="chat",
            month=dt.date(2025, 3, 1),
            satisfied_percent=Decimal(50),
            respondents=10,
        )
    assert not CommunicationActivity.objects.exists()


def test_a_satisfaction_month_is_stored_as_its_first_day() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    measurement = services.satisfaction_create(
        actor=user,
        organization=org,
        area=make_area(org),
        channel="self_service",
        month=dt.date(2025, 3, 17),
        satisfied_percent=Decimal("77.5"),
        respondents=40,
    )
    assert measurement.month == dt.date(2025, 3, 1)


def test_a_stale_edit_is_refused() -> None:
    org = make_organization()
    user = make_user(organization=org, roles=["administrator"])
    activity = make_activity(org)
    seen = version(activity)
    services.activity_update(actor=user, activity=activity, owner="Først")
    stale = CommunicationActivity.objects.get(pk=activity.pk)
    with pytest.raises(Conflict), expecting(stale, [seen]):
        services.activity_update(actor=user, activity=stale, owner="Sidst")
    assert CommunicationActivity.objects.get(pk=activity.pk).owner == "Først"
    # The edit form carries the version and answers a conflict page.
    client = logged_in_client(user, org)
    response = client.post(
        reverse("channels:activity_edit", args=[activity.pk]),
        {
            "name": activity.name,
            "audience": "citizens",
            "channel": "social",
            "date": "2025-06-15",
            "cost": "0",
            "window_months": 3,
            VERSION_FIELD: seen,
        },
    )
    assert response.status_code == 409
