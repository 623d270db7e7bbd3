"""Everything overdue: the page, the dashboard card and ``analyses/overdue`` — access for
every role, isolation between organizations, grouping, filters and bad input."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from core.testing import ALL
from notifications.reminders import send_reminders
from organizations.models import Organization
from organizations.testing import (
    ApiAccessMixin,
    ApiCase,
    ViewAccessMixin,
    ViewCase,
    logged_in_client,
    make_organization,
    make_token,
    make_user,
)
from portfolio.models import ContractRole
from portfolio.tests import factories as f
from roadmaps.tests import factories as rf

pytestmark = pytest.mark.django_db

API = "/api/v1/organizations/{org_id}/analyses/overdue"
MARKER = "Hemmelig nabokontrakt"


def _overdue_contract(organization: Organization, name: str, **roles: Any) -> Any:
    """A running contract whose last notice day passed 10 days ago."""
    today = timezone.localdate()
    contract = f.contract(
        organization, name=name, end_date=today + timedelta(days=20), notice_months=1
    )
    for kind, user in roles.items():
        ContractRole.objects.create(contract=contract, kind=kind, user=user)
    return contract


class Factories:
    def list_marker(self, organization: Organization) -> str:
        _overdue_contract(organization, MARKER)
        return MARKER


class TestOverduePage(Factories, ViewAccessMixin):
    view_cases = (ViewCase("notifications:overdue", allowed=ALL),)


class TestOverdueApi(Factories, ApiAccessMixin):
    api_cases = (ApiCase("GET", API, allowed=ALL),)


@pytest.fixture
def org_with_overdue() -> dict[str, Any]:
    org = make_organization()
    owner = make_user(organization=org, roles=["indkoeber"], first_name="Olga", last_name="Ejer")
    carl = make_user(organization=org, roles=["arkitekt"], first_name="Carl")
    _overdue_contract(org, "Forpasset aftale", owner=owner)
    rf.milestone(org, title="Strategi vedtaget", owner=carl, due_date=date(2020, 1, 1))
    rf.milestone(org, title="Snart", owner=carl, due_date=timezone.localdate() + timedelta(days=5))
    _overdue_contract(make_organization(), MARKER)
    return {"org": org, "owner": owner, "carl": carl}


def test_the_api_groups_by_kind_and_owner(org_with_overdue: dict[str, Any]) -> None:
    from django.test import Client

    org = org_with_overdue["org"]
    token = make_token(org_with_overdue["carl"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = API.format(org_id=org.pk)
    body = client.get(url).json()
    assert body["count"] == 2 == len(body["items"])
    assert {i["title"] for i in body["items"]} >= {"Forpasset aftale"}
    assert MARKER not in str(body)
    assert {g["key"]: g["count"] for g in body["by_kind"]} == {
        "contract_notice": 1,
        "milestone": 1,
    }
    assert {g["label"]: g["count"] for g in body["by_owner"]} == {"Olga Ejer": 1, "Carl": 1}
    first = body["items"][0]
    assert first["overdue"] and first["days_overdue"] > 0 and first["due_date"] == "2020-01-01"
    soon = client.get(url, {"within": 7}).json()
    assert soon["count"] == 3 and soon["within"] == 7
    (upcoming,) = [i for i in soon["items"] if not i["overdue"]]
    assert upcoming["days_overdue"] == -5
    narrowed = client.get(url, {"kind": "milestone"}).json()
    assert [i["kind"] for i in narrowed["items"]] == ["milestone"]
    by_owner = client.get(url, {"owner": "Olga Ejer"}).json()
    assert [i["title"] for i in by_owner["items"]] == ["Forpasset aftale"]
    for bad in ("ti", "-1", "400"):
        response = client.get(url, {"within": bad})
        assert response.status_code == 400 and "within" in response.json()["message"]


def test_the_page_lists_filters_and_shows_runs_to_administrators(
    org_with_overdue: dict[str, Any],
) -> None:
    org = org_with_overdue["org"]
    reader = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    url = reverse("notifications:overdue")
    html = reader.get(url).content.decode()
    assert "Forpasset aftale" in html and "Strategi vedtaget" in html and "Snart" not in html
    assert MARKER not in html and "Seneste påmindelser" not in html
    html = reader.get(url, {"kind": "milestone", "within": "10"}).content.decode()
    assert "Strategi vedtaget" in html and "Snart" in html and "Forpasset aftale" not in html
    bad = reader.get(url, {"within": "mange"})
    assert bad.status_code == 400 and "within skal være" in bad.content.decode()

    send_reminders(today=timezone.localdate(), digests=False)
    admin = logged_in_client(make_user(organization=org, roles=["administrator"]), org)
    html = admin.get(url).content.decode()
    assert "Seneste påmindelser" in html and 'id="reminder-runs"' in html


def test_the_dashboard_card_counts_overdue_by_kind(org_with_overdue: dict[str, Any]) -> None:
    from notifications.dashboard import overdue_card

    org = org_with_overdue["org"]
    client = logged_in_client(make_user(organization=org, roles=["laeser"]), org)
    html = client.get(reverse("organizations:dashboard")).content.decode()
    assert "Forfalden" in html and "?kind=milestone" in html
    empty = make_organization()

    class Request:
        organization = empty

    assert overdue_card(Request()) is None  # type: ignore[arg-type]  # nothing overdue: no card
