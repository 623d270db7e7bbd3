"""``manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]``: the one daily job of
notifications (schedule it once a day, e.g. at 06:30; docs/brugervejledning/15).

It reminds the people responsible of everything due or overdue in every module
(:mod:`notifications.reminders` says when and whom), one e-mail per person, records the
run, and then sends the daily digest of the other notifications to those who chose it.
``--dry-run`` prints what it would send and writes and sends nothing. The last line of
the output is a JSON summary.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from notifications.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Remind the responsible people of everything due or overdue (one e-mail each), "
        "then send the daily digests; the last line is a JSON summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to run as (YYYY-MM-DD); default today")
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be sent; change nothing"
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="run it as a background task (the task worker sends); print the task id",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from exc
        dry_run = bool(options["dry_run"])
        if options["enqueue"] and not dry_run:
            from notifications.tasks import send_reminders as task

            result = task.enqueue(today.isoformat())
            self.stdout.write(json.dumps({"date": today.isoformat(), "task": str(result.id)}))
            return
        summary = send_reminders(today=today, dry_run=dry_run)
        if dry_run:
            for told in sorted(summary.told, key=lambda t: (t.user.pk, t.item.due_date)):
                user, item = told.user, told.item
                self.stdout.write(
                    f"{user.get_full_name() or user.get_username()} <{user.email or '-'}>: "
                    f"{item.due_date.isoformat()} {told.stage} {item.kind}: {item.title}"
                )
        self.stdout.write(json.dumps(summary.as_json(), ensure_ascii=False, sort_keys=True))
