"""``python manage.py import_kle FILE [--dry-run] [--user USERNAME]``.

Imports KL's Emneplan XML into the shared KLE tree (see ``interop.kle``). Prints a human
summary and, as the last line, the JSON report; exits with status 1 when errors
prevented the import (nothing was changed), 0 otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from core.permissions import SystemActor
from interop.kle import KleReport, kle_import
from interop.management.commands.styrbar_import import read_file


class Command(BaseCommand):
    help = "Importér KL's emneplan (KLE-XML) i det fælles KLE-træ."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="KLE-Emneplan XML-fil")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis hvad der ville ske uden at gemme."
        )
        parser.add_argument(
            "--user",
            help="Superbruger der står som ansvarlig i revisionssporet (standard: system).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor: Any = SystemActor()
        if options["user"]:
            try:
                actor = get_user_model().objects.get_by_natural_key(options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"Brugeren {options['user']} findes ikke.") from exc
        path = Path(options["file"])
        data = read_file(path)
        try:
            report = kle_import(actor=actor, data=data, dry_run=options["dry_run"])
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.summary(path, report)
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        if report.errors:
            raise SystemExit(1)

    def summary(self, path: Path, report: KleReport) -> None:
        out = self.stdout
        if report.errors:
            out.write(f"KLE-import af {path} afvist – intet er ændret. Fejl:")
            for error in report.errors:
                where = f"linje {error.row}: " if error.row else ""
                out.write(f"  {where}{error.message}")
            return
        head = "Prøvekørsel (intet gemt)" if report.dry_run else "KLE importeret"
        out.write(f"{head} fra {path}:")
        out.write(f"  oprettet: {report.created}")
        out.write(f"  ændret: {report.updated}")
        out.write(f"  uændret: {report.unchanged}")
        out.write(f"  markeret udgået: {report.deactivated}")
        out.write(f"  handlingsfacetter læst (gemmes ikke): {report.facets}")
