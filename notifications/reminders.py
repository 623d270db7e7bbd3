"""The daily reminders: everything due or overdue (:func:`core.due.due_items`), told to the
people responsible, in Styrbar and as one e-mail per person per run.

**When an item is reminded.** An item is due a reminder on the days its lead days are
reached and while it is overdue:

* *Before the due date*: when ``days_left`` has come down to one of the item's
  ``lead_days`` (e.g. 90, 30, 7 and 0 days ahead of a contract's last notice day). Each
  lead day is reminded once: if the job did not run on the exact day, the next run
  catches up with the nearest lead day passed, and a lead day already told is not told
  again.
* *Overdue*: on the first day overdue, and then once every :data:`OVERDUE_EVERY` days
  (days 1, 8, 15, … after the due date) — again caught up once if a run was missed.

The reminder's *stage* (``lead30``, ``overdue2``, …) is part of the notification's key,
``reminder:<item key>:<stage>``; a user gets a key once, ever, so a second run the same
day (or a re-run after a crash) sends nothing new. Items whose due date moves get a new
item key and start over.

**Who.** The item's ``recipients`` who are active members of its organization (the
notifications app drops the rest); users who chose "ingen e-mail" get the reminder in
Styrbar only. The mail is written in the user's language, dates dd-mm-åååå.

**What is kept.** Every run is recorded as a :class:`~notifications.models.ReminderRun`
with its counts (in total, per kind and per organization) and per recipient the items
told. ``dry_run`` computes the same and writes and sends nothing.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.due import DueItem, due_items
from notifications import choices as c
from notifications.mail import _language, _open, _send, absolute
from notifications.models import Notification, NotificationSetting, ReminderRun
from notifications.services import Draft, deliver, pending

logger = logging.getLogger(__name__)

#: How far ahead the providers are asked (the longest lead time of any kind).
HORIZON_DAYS = 90
#: An overdue item is reminded on its first day overdue, then every this many days.
OVERDUE_EVERY = 7

AHEAD = gettext_lazy("Påmindelse: %(kind)s »%(title)s« forfalder %(date)s (om %(days)s dage).")
TODAY = gettext_lazy("Påmindelse: %(kind)s »%(title)s« forfalder i dag (%(date)s).")
OVERDUE = gettext_lazy(
    "Forfalden: %(kind)s »%(title)s« forfaldt %(date)s (for %(days)s dage siden)."
)


def danish_date(day: date) -> str:
    """dd-mm-åååå, in every language of the mails."""
    return day.strftime("%d-%m-%Y")


def stage(item: DueItem, today: date) -> str | None:
    """Which reminder of ``item`` is due on ``today`` (``None``: none).

    >>> from core.due import DueItem
    >>> item = DueItem("k", "k", "k:1", 1, "T", date(2026, 3, 31), "/", lead_days=(90, 30, 7, 0))
    >>> [stage(item, date(2026, 3, d)) for d in (1, 2, 24, 25, 31)]
    ['lead30', 'lead30', 'lead7', 'lead7', 'lead0']
    >>> [stage(item, date(2026, 4, d)) for d in (1, 7, 8, 15)]
    ['overdue0', 'overdue0', 'overdue1', 'overdue2']
    >>> stage(item, date(2025, 12, 31)), stage(item, date(2025, 12, 30))  # 90 and 91 days
    ('lead90', None)
    """
    days = item.days_left(today)
    if days < 0:
        return f"overdue{(-days - 1) // OVERDUE_EVERY}"
    reached = [lead for lead in item.lead_days if days <= lead]
    return f"lead{min(reached)}" if reached else None


def reminder_key(item: DueItem, stage_name: str) -> str:
    return f"reminder:{item.key}:{stage_name}"[:200]


def _drafts(item: DueItem, stage_name: str, today: date, organization: Any) -> list[Draft]:
    days = item.days_left(today)
    params = {"kind": item.kind_label, "title": item.title, "date": danish_date(item.due_date)}
    if days < 0:
        message, kind, params["days"] = OVERDUE, c.Kind.DEADLINE, str(-days)
    elif days == 0:
        message, kind = TODAY, c.Kind.REMINDER
    else:
        message, kind, params["days"] = AHEAD, c.Kind.REMINDER, str(days)
    key = reminder_key(item, stage_name)
    return [
        Draft(user, organization, message, params, kind, item.link, key) for user in item.recipients
    ]


@dataclass(frozen=True)
class Told:
    """One reminder to one user: the item and the stage it is in."""

    item: DueItem
    stage: str
    user: Any
    notification: Notification | None = None


@dataclass
class Summary:
    """What a run found and did (the JSON summary of ``send_reminders``)."""

    date: date
    dry_run: bool = False
    items: int = 0
    due_today: int = 0
    reminders: int = 0
    recipients: int = 0
    emails: int = 0
    failed: int = 0
    unassigned: int = 0
    digests: int = 0
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)
    organizations: dict[str, dict[str, int]] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    run_id: int | None = None
    told: list[Told] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "dry_run": self.dry_run,
            "items": self.items,
            "due_today": self.due_today,
            "reminders": self.reminders,
            "recipients": self.recipients,
            "emails": self.emails,
            "failed": self.failed,
            "unassigned": self.unassigned,
            "digests": self.digests,
            "kinds": self.kinds,
            "run": self.run_id,
        }


def _organizations(ids: set[int]) -> dict[int, Any]:
    from django.apps import apps

    model = apps.get_model("organizations", "Organization")
    return model.objects.in_bulk(list(ids))


def plan(today: date) -> tuple[list[DueItem], list[tuple[DueItem, str]]]:
    """Every item due or overdue within the horizon, and those due a reminder today."""
    items = due_items(today=today, horizon_days=HORIZON_DAYS)
    due = [(item, name) for item in items if (name := stage(item, today)) is not None]
    return items, due


def send_reminders(*, today: date, dry_run: bool = False, digests: bool = True) -> Summary:
    """Remind everyone of what is due today (see the module); ``dry_run`` writes and
    sends nothing. Then, unless ``digests`` is false, the daily digest of the other
    notifications (:func:`notifications.mail.send_digests`)."""
    summary = Summary(date=today, dry_run=dry_run)
    items, due = plan(today)
    summary.items, summary.due_today = len(items), len(due)
    organizations = _organizations({item.organization_id for item, _ in due})
    by_key = {reminder_key(item, name): (item, name) for item, name in due}
    drafts: list[Draft] = []
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        kinds[item.kind]["items"] += 1
    for item, name in due:
        kinds[item.kind]["due_today"] += 1
        if not item.recipients:
            summary.unassigned += 1
            kinds[item.kind]["unassigned"] += 1
        drafts.extend(_drafts(item, name, today, organizations[item.organization_id]))
    if dry_run:
        told = [Told(*by_key[d.key], d.recipient) for d in pending(drafts)]
    else:
        with transaction.atomic():
            told = [Told(*by_key[n.key], n.recipient, n) for n in deliver(drafts, email=False)]
    summary.told = told
    _count(summary, told, kinds)
    if not dry_run:
        _mail(summary, told, organizations)
        summary.run_id = _record(summary)
        if digests:
            from notifications.mail import send_digests

            summary.digests = send_digests().mails
    return summary


def _count(summary: Summary, told: list[Told], kinds: dict[str, Counter[str]]) -> None:
    summary.reminders = len(told)
    summary.recipients = len({t.user.pk for t in told})
    per_org: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"items": set(), "reminders": 0, "recipients": set()}
    )
    for t in told:
        kinds[t.item.kind]["reminders"] += 1
        org = per_org[t.item.organization_id]
        org["items"].add(t.item.key)
        org["reminders"] += 1
        org["recipients"].add(t.user.pk)
    summary.kinds = {kind: dict(sorted(counts.items())) for kind, counts in sorted(kinds.items())}
    summary.organizations = {
        str(pk): {
            "items": len(o["items"]),
            "reminders": o["reminders"],
            "recipients": len(o["recipients"]),
        }
        for pk, o in sorted(per_org.items())
    }


def _by_user(told: list[Told]) -> dict[int, list[Told]]:
    grouped: dict[int, list[Told]] = defaultdict(list)
    for t in told:
        grouped[t.user.pk].append(t)
    return grouped


def compose(
    user: Any, told: list[Told], *, today: date, language: str, organizations: dict[int, Any]
) -> EmailMultiAlternatives:
    """The digest of ``told`` for ``user``: plain text and HTML, grouped by kind
    (``organizations`` by id, read once for the whole run)."""
    with translation.override(language):
        groups: dict[str, list[dict[str, Any]]] = {}
        for t in sorted(told, key=lambda t: (t.item.due_date, t.item.title)):
            days = t.item.days_left(today)
            if days < 0:
                when = ngettext(
                    "forfalden for %(n)s dag siden", "forfalden for %(n)s dage siden", -days
                ) % {"n": -days}
            elif days == 0:
                when = _("forfalder i dag")
            else:
                when = ngettext("om %(n)s dag", "om %(n)s dage", days) % {"n": days}
            groups.setdefault(str(t.item.kind_label), []).append(
                {
                    "title": t.item.title,
                    "organization": str(organizations[t.item.organization_id]),
                    "date": danish_date(t.item.due_date),
                    "when": when,
                    "overdue": days < 0,
                    "owner": t.item.owner,
                    "url": absolute(t.item.link),
                }
            )
        overdue = sum(1 for t in told if t.item.days_left(today) < 0)
        subject = ngettext("Styrbar: %(n)s påmindelse", "Styrbar: %(n)s påmindelser", len(told)) % {
            "n": len(told)
        }
        if overdue:
            subject += " " + ngettext("(%(n)s forfalden)", "(%(n)s forfaldne)", overdue) % {
                "n": overdue
            }
        context = {
            "name": user.get_full_name() or user.get_username(),
            "groups": list(groups.items()),
            "today": danish_date(today),
            "overdue_url": absolute(reverse("notifications:overdue")),
            "settings_url": absolute(reverse("notifications:settings")),
        }
        text = render_to_string("notifications/mail/reminders.txt", context)
        html = render_to_string("notifications/mail/reminders.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def _mail(summary: Summary, told: list[Told], organizations: dict[int, Any]) -> None:
    """One digest per person who wants e-mail; a failed mail leaves their notifications
    unmailed, so the daily digest of notifications retries them."""
    grouped = _by_user(told)
    settings_of = {
        s.user_id: s for s in NotificationSetting.objects.filter(user_id__in=list(grouped))
    }
    wanted = {
        pk: rows
        for pk, rows in grouped.items()
        if rows[0].user.email
        and getattr(settings_of.get(pk), "delivery", c.Delivery.IMMEDIATE) != c.Delivery.NONE
    }
    mailed: set[int] = set()
    if wanted:
        connection = get_connection()
        if not _open(connection):
            summary.failed = len(wanted)
            _unmark([t for rows in wanted.values() for t in rows])
        else:
            try:
                for pk, rows in sorted(wanted.items()):
                    message = compose(
                        rows[0].user,
                        rows,
                        today=summary.date,
                        language=_language(settings_of.get(pk)),
                        organizations=organizations,
                    )
                    message.connection = connection
                    if _send(connection, message):
                        mailed.add(pk)
                    else:
                        summary.failed += 1
                        _unmark(rows)
            finally:
                connection.close()
    summary.emails = len(mailed)
    summary.sent = [
        {"user": pk, "items": [t.item.key for t in rows], "emailed": pk in mailed}
        for pk, rows in sorted(grouped.items())
    ]


def _unmark(rows: list[Told]) -> None:
    ids = [t.notification.pk for t in rows if t.notification is not None]
    Notification.objects.filter(pk__in=ids).update(emailed_at=None)


def _record(summary: Summary) -> int:
    run = ReminderRun.objects.create(
        day=summary.date,
        items=summary.items,
        due_today=summary.due_today,
        reminders=summary.reminders,
        recipients=summary.recipients,
        emails=summary.emails,
        failed=summary.failed,
        unassigned=summary.unassigned,
        kinds=summary.kinds,
        organizations=summary.organizations,
        sent=summary.sent,
    )
    return run.pk


def runs_for(organization: Any, limit: int = 10) -> list[dict[str, Any]]:
    """The latest runs as seen by one organization: its own counts only."""
    rows = []
    for run in ReminderRun.objects.only("day", "started_at", "organizations")[:limit]:
        own = run.organizations.get(str(organization.pk), {})
        rows.append(
            {
                "day": run.day,
                "started_at": run.started_at,
                "items": own.get("items", 0),
                "reminders": own.get("reminders", 0),
                "recipients": own.get("recipients", 0),
            }
        )
    return rows
