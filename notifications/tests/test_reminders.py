"""The daily reminders (``send_reminders``) against a real SMTP server on loopback: who gets
what, one digest each, never twice the same day, the overdue rhythm, --dry-run, tenancy."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from notifications import choices as c
from notifications.models import Notification, NotificationSetting, ReminderRun
from notifications.reminders import send_reminders
from notifications.tests.smtp import smtp_server
from organizations.testing import make_organization, make_user
from portfolio import choices as pc
from portfolio.models import ContractRole, DataProcessingRegistration
from portfolio.tests import factories as f
from roadmaps.tests import factories as rf

pytestmark = pytest.mark.django_db
__all__ = ["smtp_server"]

TODAY = date(2026, 3, 2)


@pytest.fixture
def world() -> dict[str, Any]:
    a = make_organization(name="Aby Kommune")
    b = make_organization(name="Bby Kommune")
    w: dict[str, Any] = {
        "a": a,
        "b": b,
        "alice": make_user(organization=a, roles=["indkoeber"], first_name="Alice"),
        "bob": make_user(organization=a, roles=["redaktoer"], first_name="Bob"),
        "carl": make_user(organization=a, roles=["arkitekt"], first_name="Carl"),
        "dora": make_user(organization=b, roles=["indkoeber"], first_name="Dora"),
        "erin": make_user(organization=b, roles=["redaktoer"], first_name="Erin"),
    }
    # Aby's contract: last notice day in 30 days (one month's notice, any day).
    w["contract"] = f.contract(
        a, name="Driftsaftale ESDH", end_date=date(2026, 5, 1), notice_months=1
    )
    for kind, user in (
        (pc.ContractRoleKind.OWNER, w["alice"]),
        (pc.ContractRoleKind.MANAGER, w["bob"]),
        (pc.ContractRoleKind.PROCUREMENT, w["erin"]),  # a stale role: Erin is not in Aby
    ):
        ContractRole.objects.create(contract=w["contract"], kind=kind, user=user)
    # Bby's contract: last notice day in 7 days.
    other = f.contract(b, name="Bby Lønsystem", end_date=date(2026, 4, 9), notice_months=1)
    ContractRole.objects.create(contract=other, kind=pc.ContractRoleKind.OWNER, user=w["dora"])
    # A milestone one day overdue, and an oversight due today.
    w["milestone"] = rf.milestone(
        a, title="Kontrolorgan nedsat", owner=w["carl"], due_date=date(2026, 3, 1)
    )
    dpa = f.contract(a, name="Databehandleraftale", end_date=date(2030, 12, 31))
    ContractRole.objects.create(
        contract=dpa, kind=pc.ContractRoleKind.DPA_RESPONSIBLE, user=w["alice"]
    )
    dpr = DataProcessingRegistration.objects.create(
        organization=a, name="Hosting hos Skyen A/S", next_oversight=TODAY
    )
    dpr.contracts.set([dpa])
    return w


def _mails_to(server: Any, user: Any) -> list[Any]:
    return [m for m in server.messages if m.rcpt_tos == [user.email]]


def _text(received: Any) -> str:
    return str(received.message.get_body(preferencelist=("plain",)).get_content())


def _html(received: Any) -> str:
    part = received.message.get_body(preferencelist=("html",))
    return str(part.get_content())


def test_the_right_people_get_exactly_one_digest_each(
    world: dict[str, Any], smtp_server: Any
) -> None:
    summary = send_reminders(today=TODAY)

    assert summary.reminders == 5  # Alice 2, Bob 1, Carl 1, Dora 1
    assert (summary.recipients, summary.emails, summary.failed) == (4, 4, 0)
    assert sorted(r for m in smtp_server.messages for r in m.rcpt_tos) == sorted(
        world[n].email for n in ("alice", "bob", "carl", "dora")
    )
    (alice,) = _mails_to(smtp_server, world["alice"])
    assert alice.subject == "Styrbar: 2 påmindelser"
    text = _text(alice)
    assert "Hej Alice" in text and "pr. 02-03-2026" in text
    assert "Sidste opsigelsesdag" in text and "Tilsyn med databehandler" in text
    assert "Driftsaftale ESDH (Aby Kommune): 01-04-2026, om 30 dage" in text
    assert "Hosting hos Skyen A/S (Aby Kommune): 02-03-2026, forfalder i dag" in text
    assert "https://styrbar.eksempel.invalid/notifikationer/forfalden/" in text
    assert "Bby" not in text  # the other organization's contract is not Alice's
    assert "Driftsaftale ESDH" in _html(alice) and "<h2" in _html(alice)
    (carl,) = _mails_to(smtp_server, world["carl"])
    assert carl.subject == "Styrbar: 1 påmindelse (1 forfalden)"
    assert "01-03-2026, forfalden for 1 dag siden" in _text(carl)
    (dora,) = _mails_to(smtp_server, world["dora"])
    assert "Bby Lønsystem" in _html(dora) and "Aby" not in _html(dora)
    assert _mails_to(smtp_server, world["erin"]) == []  # not a member of Aby

    notes = Notification.objects.filter(recipient=world["alice"]).order_by("key")
    assert [n.kind for n in notes] == [c.Kind.REMINDER, c.Kind.REMINDER]
    assert all(n.emailed_at is not None for n in notes)  # the digest was their mail
    (overdue,) = Notification.objects.filter(recipient=world["carl"])
    assert overdue.kind == c.Kind.DEADLINE
    roadmap = world["milestone"].roadmap.name
    assert overdue.text == (
        f"Forfalden: Milepæl »Kontrolorgan nedsat ({roadmap})« forfaldt 01-03-2026 "
        "(for 1 dage siden)."
    )

    run = ReminderRun.objects.get()
    assert (run.day, run.reminders, run.emails) == (TODAY, 5, 4)
    assert run.organizations[str(world["a"].pk)] == {"items": 3, "reminders": 4, "recipients": 3}
    assert run.organizations[str(world["b"].pk)] == {"items": 1, "reminders": 1, "recipients": 1}
    assert run.kinds["contract_notice"]["reminders"] == 3
    sent = {row["user"]: row for row in run.sent}
    assert len(sent[world["alice"].pk]["items"]) == 2 and sent[world["alice"].pk]["emailed"]


def test_a_second_run_the_same_day_sends_nothing(world: dict[str, Any], smtp_server: Any) -> None:
    send_reminders(today=TODAY)
    before = len(smtp_server.messages)
    again = send_reminders(today=TODAY)
    assert (again.reminders, again.emails, again.due_today) == (0, 0, 4)
    assert len(smtp_server.messages) == before == 4
    assert ReminderRun.objects.count() == 2  # both runs are recorded


def test_overdue_is_reminded_on_day_one_and_then_every_seven_days(
    world: dict[str, Any], smtp_server: Any
) -> None:
    carl = world["carl"]
    days_with_mail = []
    for offset in range(0, 16):
        day = TODAY + timedelta(days=offset)  # the milestone is 1 + offset days overdue
        count = len(_mails_to(smtp_server, carl))
        send_reminders(today=day)
        if len(_mails_to(smtp_server, carl)) > count:
            days_with_mail.append((day - date(2026, 3, 1)).days)
    assert days_with_mail == [1, 8, 15]
    # Alice: 02-03 the contract (30 days ahead) and the oversight (today) in one mail,
    # then the oversight overdue on 03-03, 10-03 and 17-03 (the contract's 7 days: 25-03).
    subjects = [m.subject for m in _mails_to(smtp_server, world["alice"])]
    assert subjects == [
        "Styrbar: 2 påmindelser",
        *["Styrbar: 1 påmindelse (1 forfalden)"] * 3,
    ]


def test_a_missed_run_catches_up_once(world: dict[str, Any], smtp_server: Any) -> None:
    # No run until 5 days after the milestone fell due: one reminder, then the rhythm.
    send_reminders(today=date(2026, 3, 6))
    assert len(_mails_to(smtp_server, world["carl"])) == 1
    send_reminders(today=date(2026, 3, 7))
    assert len(_mails_to(smtp_server, world["carl"])) == 1
    send_reminders(today=date(2026, 3, 9))  # day 8
    assert len(_mails_to(smtp_server, world["carl"])) == 2


def test_dry_run_prints_what_it_would_send_and_writes_nothing(
    world: dict[str, Any], smtp_server: Any
) -> None:
    out = StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), "--dry-run", stdout=out)
    lines = out.getvalue().strip().splitlines()
    summary = json.loads(lines[-1])
    assert summary["dry_run"] is True and summary["date"] == "2026-03-02"
    assert (summary["reminders"], summary["recipients"], summary["emails"]) == (5, 4, 0)
    assert summary["kinds"]["milestone"] == {"due_today": 1, "items": 1, "reminders": 1}
    assert any("Kontrolorgan nedsat" in line and "Carl" in line for line in lines[:-1])
    assert Notification.objects.count() == 0
    assert ReminderRun.objects.count() == 0
    assert smtp_server.messages == []
    # The real run afterwards sends exactly what the dry run announced.
    out = StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=out)
    real = json.loads(out.getvalue().strip().splitlines()[-1])
    assert (real["reminders"], real["emails"]) == (5, 4)


def test_bad_date_is_a_clear_error(world: dict[str, Any]) -> None:
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "02-03-2026")


def test_settings_decide_mail_and_language(world: dict[str, Any], smtp_server: Any) -> None:
    NotificationSetting.objects.create(user=world["bob"], delivery=c.Delivery.NONE)
    NotificationSetting.objects.create(user=world["alice"], language="en")
    summary = send_reminders(today=TODAY)
    assert _mails_to(smtp_server, world["bob"]) == []  # in Styrbar only
    assert Notification.objects.filter(recipient=world["bob"]).count() == 1
    (alice,) = _mails_to(smtp_server, world["alice"])
    assert alice.subject == "Styrbar: 2 reminders"
    assert "01-04-2026, in 30 days" in _text(alice)  # Danish dates in English too
    assert summary.emails == 3


def test_a_dead_mail_server_leaves_the_reminders_for_the_digest(
    world: dict[str, Any], smtp_server: Any
) -> None:
    smtp_server.stop()
    summary = send_reminders(today=TODAY, digests=False)
    assert (summary.emails, summary.failed) == (0, 4)
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 5
    assert ReminderRun.objects.get().failed == 4


def test_enqueue_runs_the_background_task(world: dict[str, Any], smtp_server: Any) -> None:
    out = StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), "--enqueue", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["date"] == "2026-03-02"
    assert ReminderRun.objects.get().reminders == 5  # the tests' task backend runs at once
