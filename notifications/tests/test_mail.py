"""The notification mails, sent through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import choices as c
from notifications.mail import MAIL_LIMIT, send_digests
from notifications.models import Notification, NotificationSetting
from notifications.services import Draft, deliver, notify
from notifications.tests.smtp import smtp_server
from organizations.testing import make_organization, make_user

pytestmark = pytest.mark.django_db
__all__ = ["smtp_server"]

HELLO = _("Notifikationer")  # a catalogue text: "Notifications" in English


def _user(org: Any, delivery: str | None = None, language: str = "da") -> Any:
    user = make_user(organization=org, roles=["redaktoer"], first_name="Testa")
    if delivery is not None:
        NotificationSetting.objects.create(user=user, delivery=delivery, language=language)
    return user


def _without_address(user: Any) -> Any:
    user.email = ""
    user.save()
    return user


def _tell(
    user: Any, org: Any, text: str = "Anmodningen »Testbehov« er i afklaring.", **kw: Any
) -> list[Notification]:
    return notify(recipients=[user], organization=org, message=text, link="/anskaffelser/7/", **kw)


def test_an_immediate_mail_goes_out_only_after_commit(
    smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org = make_organization(name="Eksempel Kommune")
    user = _user(org)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            (created,) = _tell(user, org)
        assert smtp_server.messages == []  # not before the commit
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received.rcpt_tos == [user.email]
    assert received.mail_from == "styrbar@eksempel.invalid"
    assert received.subject == "Styrbar: Anmodningen »Testbehov« er i afklaring."
    assert "Hej Testa" in received.body
    assert "Eksempel Kommune" in received.body
    assert "https://styrbar.eksempel.invalid/anskaffelser/7/" in received.body
    assert "https://styrbar.eksempel.invalid/notifikationer/indstillinger/" in received.body
    created.refresh_from_db()
    assert created.emailed_at is not None


def test_a_rolled_back_write_leaves_no_notification_and_sends_nothing(
    smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org = make_organization()
    user = _user(org)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _tell(user, org)
        raise RuntimeError("the governed write fails after notifying")
    assert callbacks == []
    assert smtp_server.messages == []
    assert not Notification.objects.exists()


def test_one_mail_per_recipient_per_event(
    smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org = make_organization()
    first, second = _user(org), _user(org)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(
            [
                Draft(first, org, "Spørgsmål 1", link="/a/"),
                Draft(first, org, "Spørgsmål 2", link="/b/"),
                Draft(second, org, "Spørgsmål 1", link="/a/"),
            ]
        )
    by_rcpt = {m.rcpt_tos[0]: m for m in smtp_server.messages}
    assert sorted(by_rcpt) == sorted([first.email, second.email])
    assert by_rcpt[first.email].subject == "Styrbar: 2 nye notifikationer"
    assert "Spørgsmål 1" in by_rcpt[first.email].body
    assert "Spørgsmål 2" in by_rcpt[first.email].body
    assert by_rcpt[second.email].subject == "Styrbar: Spørgsmål 1"


def test_english_users_get_english_text_and_mail(
    smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org = make_organization()
    user = _user(org, c.Delivery.IMMEDIATE, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        (created,) = notify(recipients=[user], organization=org, message=HELLO)
    assert created.text == "Notifications"
    (received,) = smtp_server.messages
    assert received.subject == "Styrbar: Notifications"
    assert "Hello Testa" in received.body
    assert "Hej" not in received.body


def test_users_who_chose_the_digest_or_no_mail_get_no_immediate_mail(
    smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org = make_organization()
    digest, silent = _user(org, c.Delivery.DIGEST), _user(org, c.Delivery.NONE)
    without_address = _without_address(_user(org))
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[digest, silent, without_address], organization=org, message="Hej")
    assert smtp_server.messages == []
    assert not Notification.objects.exclude(emailed_at=None).exists()


def test_the_digest_is_one_mail_a_day_with_everything_not_yet_mailed(
    smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org, other = make_organization(name="Eksempel Kommune"), make_organization(name="Nabo Kommune")
    user = _user(org, c.Delivery.DIGEST)
    Notification.objects.create(organization=other, recipient=user, text="Fra naboen")
    with django_capture_on_commit_callbacks(execute=True):
        _tell(user, org, "Første")
        _tell(user, org, "Anden")
        read = _tell(user, org, "Allerede læst")[0]
    read.read_at = timezone.now()
    read.save()
    now = timezone.now()

    result = send_digests(now=now)
    assert (result.mails, result.notifications) == (1, 3)
    (received,) = smtp_server.messages
    assert received.subject == "Styrbar: dine notifikationer (3)"
    for text in ("Første", "Anden", "Fra naboen", "Eksempel Kommune", "Nabo Kommune"):
        assert text in received.body
    assert "Allerede læst" not in received.body
    assert Notification.objects.filter(emailed_at=None).get() == read

    _tell(user, org, "Tredje")
    assert send_digests().already_sent_today == 1  # one mail a day
    assert len(smtp_server.messages) == 1
    tomorrow = send_digests(now=now + timedelta(days=1))
    assert (tomorrow.mails, tomorrow.notifications) == (1, 1)
    assert "Tredje" in smtp_server.messages[1].body
    assert "Første" not in smtp_server.messages[1].body
    assert send_digests(now=now + timedelta(days=2)).mails == 0  # nothing left


def test_a_failed_mail_is_kept_and_sent_with_the_next_digest(
    smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org = make_organization()
    user = _user(org)
    smtp_server.stop()  # the mail server is down
    with django_capture_on_commit_callbacks(execute=True):
        (created,) = _tell(user, org)  # the caller does not fail
    created.refresh_from_db()
    assert created.emailed_at is None
    failed = send_digests(now=timezone.now() + timedelta(hours=2))
    assert (failed.mails, failed.failed) == (0, 1)

    smtp_server.start()
    assert send_digests(now=timezone.now()).mails == 0  # immediate users: after an hour
    result = send_digests(now=timezone.now() + timedelta(hours=2))
    assert (result.mails, result.notifications) == (1, 1)
    assert "Anmodningen »Testbehov« er i afklaring." in smtp_server.messages[0].body
    created.refresh_from_db()
    assert created.emailed_at is not None


def test_a_long_digest_lists_the_first_and_counts_the_rest(smtp_server: Any) -> None:
    org = make_organization()
    user = _user(org, c.Delivery.DIGEST)
    Notification.objects.bulk_create(
        Notification(organization=org, recipient=user, text=f"Frist {n}")
        for n in range(MAIL_LIMIT + 7)
    )
    assert send_digests().notifications == MAIL_LIMIT + 7
    assert "… og 7 notifikationer mere." in smtp_server.messages[0].body
    assert not Notification.objects.filter(emailed_at=None).exists()


def test_the_daily_job_sends_the_digests(smtp_server: Any, capsys: Any) -> None:
    """``send_reminders`` is the one daily job: after the reminders it sends the digests."""
    org = make_organization()
    user = _user(org, c.Delivery.DIGEST)
    Notification.objects.create(organization=org, recipient=user, text="Frist overskredet")
    Notification.objects.create(
        organization=org,
        recipient=_without_address(_user(org, c.Delivery.DIGEST)),
        text="Uden adresse",
    )
    call_command("send_reminders")
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (summary["reminders"], summary["digests"]) == (0, 1)
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0].rcpt_tos == [user.email]
