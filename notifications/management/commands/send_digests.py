"""``manage.py send_digests``: the daily e-mail of unread notifications (schedule it
once a day, e.g. at 07:00, after ``notify_deadlines``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from notifications.mail import send_digests


class Command(BaseCommand):
    help = (
        "Send each user one e-mail with their unread notifications not yet e-mailed "
        "(users who chose the daily digest, and failed immediate mails); at most one per "
        "user per day."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_digests()
        self.stdout.write(
            f"{result.mails} mails with {result.notifications} notifications sent; "
            f"{result.already_sent_today} users already had today's mail, "
            f"{result.without_email} have no e-mail address, {result.failed} failed."
        )
        if result.failed:
            self.stderr.write("Some mails failed (see the log); they are retried next run.")
