"""The Notifikationer pages: mine only, in the current organization; marking read; the
e-mail setting; the overview card; constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from core.testing import assert_constant_queries
from notifications.models import Notification, NotificationSetting
from organizations.testing import logged_in_client, make_organization, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup() -> tuple[Any, Any, Any]:
    org = make_organization()
    me = make_user(organization=org, roles=["redaktoer"])
    return org, me, logged_in_client(me, org)


def _make(org: Any, user: Any, text: str, **fields: Any) -> Notification:
    return Notification.objects.create(organization=org, recipient=user, text=text, **fields)


def test_the_list_shows_mine_in_this_organization_unread_first(setup: Any) -> None:
    org, me, client = setup
    other_org = make_organization()
    colleague = make_user(organization=org, roles=["redaktoer"])
    _make(org, me, "Læst besked", read_at="2026-01-01T10:00:00Z")
    _make(org, me, "Ulæst besked")
    _make(org, colleague, "Kollegaens besked")
    _make(other_org, me, "Fra en anden organisation")
    page = client.get(reverse("notifications:list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Ulæst besked") < html.index("Læst besked")
    assert "Kollegaens besked" not in html
    assert "Fra en anden organisation" not in html
    assert "Du har 1 ulæst notifikation" in html


def test_opening_marks_read_and_goes_to_the_link(setup: Any) -> None:
    org, me, client = setup
    n = _make(org, me, "Spørgsmål til dig", link="/anskaffelser/3/#h-spoergsmaal")
    response = client.post(reverse("notifications:read", args=[n.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/anskaffelser/3/#h-spoergsmaal"
    n.refresh_from_db()
    assert n.read_at is not None


def test_another_users_notification_is_404_and_stays_unread(setup: Any) -> None:
    org, _me, client = setup
    colleague = make_user(organization=org, roles=["redaktoer"])
    theirs = _make(org, colleague, "Kollegaens besked")
    response = client.post(reverse("notifications:read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_only_touches_this_organization(setup: Any) -> None:
    org, me, client = setup
    other_org = make_organization()
    make_user(organization=other_org, roles=["laeser"])
    here = [_make(org, me, f"Besked {n}") for n in range(3)]
    elsewhere = _make(other_org, me, "Anden organisation")
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "3 notifikationer er markeret som læst." in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in here)
    assert Notification.objects.get(pk=elsewhere.pk).read_at is None


def test_the_setting_page_saves_and_rejects_bad_input(setup: Any) -> None:
    _org, me, client = setup
    url = reverse("notifications:settings")
    page = client.get(url)
    assert page.status_code == 200
    assert me.email in page.content.decode()
    bad = client.post(url, {"delivery": "hver_time", "language": "da"})
    assert bad.status_code == 400
    assert "Marker en gyldig valgmulighed" in bad.content.decode()
    assert not NotificationSetting.objects.exists()
    ok = client.post(url, {"delivery": "digest", "language": "en"})
    assert ok.status_code == 302
    assert NotificationSetting.objects.get(user=me).delivery == "digest"


def test_the_setting_page_offers_the_language_in_use(setup: Any) -> None:
    from django.conf import settings

    _org, _me, client = setup
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("notifications:settings"))
    assert '<option value="en" selected>' in page.content.decode()


def test_the_overview_card_counts_unread(setup: Any) -> None:
    org, me, client = setup
    assert (
        "ulæste notifikationer"
        not in client.get(reverse("organizations:dashboard")).content.decode()
    )
    for n in range(2):
        _make(org, me, f"Besked {n}")
    html = client.get(reverse("organizations:dashboard")).content.decode()
    assert "2 ulæste notifikationer" in html


def test_the_list_costs_the_same_queries_for_many_notifications(setup: Any) -> None:
    org, me, client = setup

    def add(n: int) -> None:
        Notification.objects.bulk_create(
            Notification(organization=org, recipient=me, text=f"Besked {i}", link="/x/")
            for i in range(n)
        )

    assert_constant_queries(client, reverse("notifications:list"), add, sizes=(3, 30))
