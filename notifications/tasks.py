"""Background work of notifications (django-tasks: the database backend and its
``db_worker`` in production, the immediate backend in tests)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks import task

from notifications import mail


@task()
def send_immediate(notification_ids: list[int]) -> int:
    """E-mail new notifications to the recipients who want them straight away."""
    return mail.send_immediate(notification_ids)


@task()
def send_reminders(day: str | None = None) -> dict[str, Any]:
    """The daily reminders and digests (``manage.py send_reminders``) as a background job:
    enqueue it once a day from the scheduler (docs/brugervejledning/15-notifikationer.md);
    returns the run's JSON summary."""
    from datetime import date

    from notifications.reminders import send_reminders as run

    today = date.fromisoformat(day) if day else timezone.localdate()
    return run(today=today).as_json()
