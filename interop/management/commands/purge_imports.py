"""python manage.py purge_imports [--days N] [--dry-run]

Import jobs keep the uploaded file until it is saved; a dry run that was never saved
would keep it (and any personal data in it) for ever. This deletes jobs that have not
changed for N days (default 30), running ones excepted. What was imported stays, and so
does its audit trail; the job's own summary event names the file and its SHA-256.
Schedule it daily (cron or a systemd timer). The last line is a JSON report.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from interop.models import RUNNING, ImportJob


class Command(BaseCommand):
    help = (
        "Slet importjob (og deres filer), der ikke er ændret i N dage; kørende job springes over."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="Alder i dage (standard 30)")
        parser.add_argument("--dry-run", action="store_true", help="Vis antallet uden at slette")

    def handle(self, *args: Any, **options: Any) -> None:
        days = max(0, options["days"])
        cutoff = timezone.now() - dt.timedelta(days=days)
        old = ImportJob.objects.filter(updated_at__lt=cutoff).exclude(status__in=RUNNING)
        count = old.count()
        if not options["dry_run"]:
            old.delete()
        verb = "ville blive slettet" if options["dry_run"] else "slettet"
        self.stdout.write(f"{count} importjob ældre end {days} dage {verb}.")
        self.stdout.write(
            json.dumps({"deleted": 0 if options["dry_run"] else count, "matched": count})
        )
