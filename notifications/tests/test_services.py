"""Delivering notifications (keys, inactive users, language) and the recipient's own
actions: marking read and the e-mail setting."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import choices as c
from notifications.models import Notification, NotificationSetting
from notifications.selectors import notification_list, unread_count
from notifications.services import (
    Draft,
    deliver,
    notification_mark_all_read,
    notification_mark_read,
    notify,
    setting_update,
)
from organizations.testing import make_organization, make_user

pytestmark = pytest.mark.django_db


def _users(org: Any, n: int) -> list[Any]:
    return [make_user(organization=org, roles=["laeser"]) for _ in range(n)]


def test_a_key_reaches_each_recipient_once() -> None:
    org = make_organization()
    first, second = _users(org, 2)
    drafts = [Draft(first, org, "Frist passeret", key="test.deadline:1:2026-01-31")] * 2
    assert len(deliver(drafts)) == 1  # the same key twice in one batch
    assert deliver(drafts) == []  # and in a later batch
    assert (
        len(
            notify(
                recipients=[first, second],
                organization=org,
                message="x",
                key="test.deadline:1:2026-01-31",
            )
        )
        == 1
    )
    assert len(deliver([Draft(first, org, "Ny dato", key="test.deadline:1:2026-02-28")])) == 1
    assert Notification.objects.filter(recipient=first).count() == 2
    assert len(deliver([Draft(first, org, "Uden nøgle")] * 2)) == 2  # no key: no dedupe


def test_inactive_users_non_members_and_nobody_are_skipped() -> None:
    org, other = make_organization(), make_organization()
    (gone,) = _users(org, 1)
    gone.is_active = False
    gone.save()
    (left,) = _users(other, 1)  # e.g. the submitter of an old request who left
    assert deliver([Draft(gone, org, "x"), Draft(None, org, "y"), Draft(left, org, "z")]) == []
    assert not Notification.objects.exists()


def test_links_must_stay_on_the_site() -> None:
    org = make_organization()
    (user,) = _users(org, 1)
    for link in ("https://example.invalid/", "//example.invalid/x", "javascript:alert(1)"):
        with pytest.raises(ValueError, match="path on this site"):
            deliver([Draft(user, org, "x", link=link)])
    assert not Notification.objects.exists()


def test_the_text_is_written_in_each_recipients_language() -> None:
    from django.utils.translation import gettext_lazy as _

    org = make_organization()
    danish, english = _users(org, 2)
    NotificationSetting.objects.create(user=english, language="en")
    made = notify(
        recipients=[danish, english],
        organization=org,
        message=_("Du har %(counter)s ulæst notifikation i %(org)s."),
        params={"counter": 1, "org": org.name},
    )
    texts = {n.recipient_id: n.text for n in made}
    assert texts[danish.pk] == f"Du har 1 ulæst notifikation i {org.name}."
    assert texts[english.pk] == f"You have 1 unread notification in {org.name}."


def test_delivery_costs_the_same_queries_for_many_recipients() -> None:
    org = make_organization()
    counts = []
    for n in (2, 20):
        users = _users(org, n)
        with CaptureQueriesContext(connection) as ctx:
            deliver(Draft(u, org, "Spørgsmål", key=f"q:{n}") for u in users)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_marking_read_is_the_recipients_own_and_stays_in_the_organization() -> None:
    org, other = make_organization(), make_organization()
    me, colleague = _users(org, 2)
    mine = notify(recipients=[me], organization=org, message="a")[0]
    theirs = notify(recipients=[colleague], organization=org, message="b")[0]
    elsewhere = Notification.objects.create(organization=other, recipient=me, text="c")
    with pytest.raises(ValidationError, match="ikke din"):
        notification_mark_read(user=me, notification=theirs)
    notification_mark_read(user=me, notification=mine)
    first = Notification.objects.get(pk=mine.pk).read_at
    notification_mark_read(user=me, notification=Notification.objects.get(pk=mine.pk))
    assert Notification.objects.get(pk=mine.pk).read_at == first  # reading again: unchanged
    notify(recipients=[me], organization=org, message="d")
    assert unread_count(user=me, organization=org) == 1
    assert notification_mark_all_read(user=me, organization=org) == 1
    assert unread_count(user=me, organization=org) == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert Notification.objects.get(pk=elsewhere.pk).read_at is None


def test_the_list_shows_unread_first_then_newest() -> None:
    org = make_organization()
    (me,) = _users(org, 1)
    old_unread = notify(recipients=[me], organization=org, message="gammel")[0]
    read = notify(recipients=[me], organization=org, message="læst")[0]
    new_unread = notify(recipients=[me], organization=org, message="ny")[0]
    notification_mark_read(user=me, notification=read)
    assert list(notification_list(user=me, organization=org)) == [new_unread, old_unread, read]


def test_the_setting_rejects_unknown_choices_and_changes_nothing() -> None:
    org = make_organization()
    (me,) = _users(org, 1)
    with pytest.raises(ValidationError) as caught:
        setting_update(user=me, delivery="hourly", language="de")
    assert set(caught.value.message_dict) == {"delivery", "language"}
    assert not NotificationSetting.objects.exists()
    setting_update(user=me, delivery=c.Delivery.DIGEST, language="en")
    setting = NotificationSetting.objects.get(user=me)
    assert (setting.delivery, setting.language) == ("digest", "en")
