"""Query parameters at the edge of the API: out-of-range numbers, time-zone offsets the
database does not take, and NUL bytes are 400s with a Danish message, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from organizations.testing import make_organization, make_token, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> tuple[Client, str]:
    org = make_organization()
    token = make_token(make_user(organization=org, roles=["laeser"]))
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}"), f"/api/v1/organizations/{org.pk}"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"offset": "9223372036854775808"}, "offset må højst være"),
        ({"offset": "-1"}, "offset må ikke være negativ"),
        ({"limit": "101"}, "limit skal være mellem 1 og 100"),
        ({"limit": "ti"}, "limit og offset skal være hele tal"),
        ({"changed_since": "i går"}, "changed_since skal være et ISO 8601-tidspunkt"),
        ({"changed_since": "0001-01-01T00:00:00+05:00"}, "changed_since skal være"),
        ({"q": "a\x00b"}, "ugyldigt tegn (NUL)"),
        ({"sort": "\x00"}, "ugyldigt tegn (NUL)"),
    ],
)
def test_bad_list_parameters_are_400_with_a_danish_message(
    api: tuple[Client, str], params: dict[str, str], message: str
) -> None:
    client, base = api
    for path in (f"{base}/units", f"{base}/usages", "/api/v1/vendors"):
        response = client.get(path, params)
        assert response.status_code == 400, (path, params, response.status_code)
        assert message in response.json()["message"]


def test_a_time_zone_offset_beyond_postgresql_is_taken_as_the_same_moment_in_utc(
    api: tuple[Client, str],
) -> None:
    from django.utils import timezone

    from organizations.models import Organization, OrganizationUnit

    client, base = api
    org = Organization.objects.get(pk=int(base.rsplit("/", 1)[1]))
    OrganizationUnit.objects.create(organization=org, name="Løn", kind="afdeling")
    now = timezone.now()
    far_east = timezone.get_fixed_timezone(20 * 60)  # +20:00: Python takes it, PostgreSQL not
    earlier = (now - dt.timedelta(hours=10)).astimezone(far_east).isoformat()
    later = (now + dt.timedelta(hours=10)).astimezone(far_east).isoformat()
    assert "+20:00" in earlier
    response = client.get(f"{base}/units", {"changed_since": earlier})
    assert response.status_code == 200 and response.json()["count"] == 1
    response = client.get(f"{base}/units", {"changed_since": later})
    assert response.status_code == 200 and response.json()["count"] == 0
