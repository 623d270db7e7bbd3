"""The channel API: numbers in through the imports API, statistics and effect out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from channels.models import ChannelCount
from channels.tests.factories import make_activity
from channels.tests.helpers import wide_csv
from organizations.testing import make_organization, make_token, make_user

pytestmark = pytest.mark.django_db


def _client(org: Any) -> tuple[Client, dict[str, Any]]:
    token = make_token(make_user(organization=org, roles=["administrator"]))
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_numbers_in_through_the_imports_api_and_out_as_statistics() -> None:
    org = make_organization()
    client, headers = _client(org)
    rows = [(f"2025-{m:02d}", "Flytning", 70, 0, 30 if m < 6 else 60, 0, 0) for m in range(1, 13)]
    created = client.post(
        f"/api/v1/organizations/{org.pk}/imports?kind=channels&commit=true&filename=k.csv",
        wide_csv(rows),
        content_type="application/octet-stream",
        **headers,
    )
    assert created.status_code == 201, created.content
    job = created.json()
    assert job["kind"] == "channels" and job["status"] == "done"
    assert job["report"]["created"] == 12 * 5 and job["report"]["committed"]
    assert ChannelCount.objects.filter(organization=org).count() == 60
    base = f"/api/v1/organizations/{org.pk}/channel-statistics"
    body = client.get(base, {"from_month": "2025-06", "to_month": "2025-08"}, **headers).json()
    (area,) = body["areas"]
    assert [m["month"] for m in area["months"]] == ["2025-06", "2025-07", "2025-08"]
    assert area["months"][0]["digital_share_percent"] == "46.2"  # 60 of 130
    assert area["coverage"] == {
        "first_month": "2025-06",
        "last_month": "2025-08",
        "months_with_numbers": 3,
        "months_missing": 0,
    }
    assert client.get(base, {"from_month": "juni"}, **headers).status_code == 400
    activity = make_activity(org, date=dt.date(2025, 6, 10))
    effect = client.get(
        f"/api/v1/organizations/{org.pk}/communication-activities/{activity.pk}/effect",
        **headers,
    ).json()
    (row,) = effect["areas"]
    assert effect["all_areas"] and effect["window_months"] == 3
    assert row["before"]["digital_share_percent"] == "30.0"
    assert row["after"]["digital_share_percent"] == "46.2"
    assert row["change_points"] == "16.2" and row["complete"]


def test_an_unknown_kind_is_refused_before_anything_is_stored() -> None:
    org = make_organization()
    client, headers = _client(org)
    response = client.post(
        f"/api/v1/organizations/{org.pk}/imports?kind=brevduer",
        b"x",
        content_type="application/octet-stream",
        **headers,
    )
    assert response.status_code == 400 and "channels" in response.json()["message"]
