"""``manage.py notify_deadlines [--date YYYY-MM-DD]``: tell users of deadlines that have
passed (schedule it once a day, before ``send_digests``).

Each installed app may have a module ``<app>/notify.py`` with a function
``deadlines(*, today) -> int`` (the number of notifications it created); this command
runs them all. They key each deadline (see ``notifications.services.Draft.key``), so a
deadline is told only once however often the command runs.
"""

from __future__ import annotations

import importlib
import importlib.util
from datetime import date
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone


def deadline_checks() -> list[tuple[str, Any]]:
    """(app label, ``deadlines`` function) of every installed app that has one."""
    checks = []
    for config in apps.get_app_configs():
        name = f"{config.name}.notify"
        if importlib.util.find_spec(name) is None:
            continue
        check = getattr(importlib.import_module(name), "deadlines", None)
        if callable(check):
            checks.append((config.label, check))
    return checks


class Command(BaseCommand):
    help = "Notify users of passed deadlines (each deadline once), for every app that has them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to check as (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}") from exc
        for label, check in deadline_checks():
            count = check(today=today)
            self.stdout.write(f"{label}: {count} notifications")
