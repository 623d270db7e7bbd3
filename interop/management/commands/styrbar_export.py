"""python manage.py styrbar_export --org KODE --format csv|xlsx|archimate --out FILE [--entity …]"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interop.archimate.export import write_archimate
from interop.export import SHEETS_BY_KEY, write_csv, write_xlsx
from interop.management.commands.kitos_import import find_organization

NATIONAL = ("alle", "all")
# The summary lines of an ArchiMate export (the JSON report keeps the English keys).
ARCHIMATE_LABELS = {"elements": "elementer", "relationships": "relationer", "views": "visninger"}


class Command(BaseCommand):
    help = (
        "Export the organization's landscape: XLSX (one sheet per entity, or only --entity) "
        "or one entity as CSV in the Danish Excel profile, or the whole landscape as an "
        "ArchiMate 3.1 exchange file (Open Group format). The last line is a JSON report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--org",
            required=True,
            help="Kommunekode eller organisations-id; 'alle' (kun xlsx): hele landet",
        )
        parser.add_argument("--format", required=True, choices=["csv", "xlsx", "archimate"])
        parser.add_argument("--out", required=True, help="File to write")
        parser.add_argument("--entity", choices=sorted(SHEETS_BY_KEY), action="append")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        entities = options["entity"] or []
        if options["org"] in NATIONAL:
            if options["format"] != "xlsx":
                raise CommandError("Hele landet eksporteres kun som xlsx.")
            with out.open("wb") as stream:
                counts = write_xlsx(None, stream, entities or None)
            self._report(out, counts, "alle organisationer")
            return
        organization = find_organization(options["org"])
        if options["format"] == "archimate":
            if entities:
                raise CommandError("ArchiMate-filen rummer hele landskabet: udelad --entity.")
            with out.open("wb") as stream:
                counts = write_archimate(organization, stream)
            lines = [f"{ARCHIMATE_LABELS.get(key, key)}: {count}" for key, count in counts.items()]
            self._summary(lines, out, str(organization), {"counts": counts})
            return
        if options["format"] == "csv":
            if len(entities) != 1:
                raise CommandError("CSV rummer én slags data: angiv præcis én --entity.")
            with out.open("w", encoding="utf-8", newline="") as stream:
                counts = {entities[0]: write_csv(organization, entities[0], stream)}
        else:
            with out.open("wb") as stream:
                counts = write_xlsx(organization, stream, entities or None)
        self._report(out, counts, str(organization))

    def _report(self, out: Path, counts: dict[str, int], whom: str) -> None:
        lines = [f"{key}: {count} rækker" for key, count in counts.items()]
        self._summary(lines, out, whom, {"rows": counts})

    def _summary(self, lines: list[str], out: Path, whom: str, result: dict[str, Any]) -> None:
        """The counts, the file written and, last, the JSON report."""
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"Skrev {out} for {whom}.")
        self.stdout.write(json.dumps({"file": str(out), **result}, ensure_ascii=False))
