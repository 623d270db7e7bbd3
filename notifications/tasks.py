"""Background work of notifications (django-tasks: the database backend and its
``db_worker`` in production, the immediate backend in tests)."""

from __future__ import annotations

from django_tasks import task

from notifications import mail


@task()
def send_immediate(notification_ids: list[int]) -> int:
    """E-mail new notifications to the recipients who want them straight away."""
    return mail.send_immediate(notification_ids)
