"""python manage.py styrbar_import --org KODE_OR_ID --kind csv|xlsx|kitos|archimate|kle|<app kind>
[--entity …] [--mapping NAME] [--year ÅR] [--actor USERNAME] [--dry-run] FILE…

A kind an app registered (``registry.import_kind``: ``spend``, posted lines from the
financial system; ``channels``, contact numbers) gets the files' paths, so the app can
stream them from disk without the upload size limit; its ``--mapping`` names a column
mapping the app saved (spend: the source whose mapping is used)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.permissions import SystemActor
from core.registry import AppImporter, registry
from interop import jobs
from interop.management.commands.kitos_import import find_actor, find_organization
from interop.models import ImportKind, ImportMapping
from interop.tabular.mapping import ENTITIES
from interop.tabular.read import TableError, read_tables, sniff_format
from interop.xml import default_max_bytes


def read_file(path: Path) -> bytes:
    """The file's bytes, or at most one byte over the cap (the importer words the refusal)."""
    try:
        with path.open("rb") as handle:
            return handle.read(default_max_bytes() + 1)
    except OSError as exc:
        raise CommandError(f"Kan ikke læse {path}: {exc.strerror}") from exc


class Command(BaseCommand):
    help = (
        "Importér en fil i en organisations portefølje: CSV/XLSX (leverandører, "
        "katalogsystemer, systemer, kontrakter, integrationer), KITOS-JSON, ArchiMate-XML "
        "eller KLE-XML. Alt eller intet; sidste linje er en JSON-rapport; exitkode 1, hvis "
        "intet blev gemt på grund af fejl."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Kommunekode eller organisations-id")
        parser.add_argument(
            "--kind",
            required=True,
            choices=[k.value for k in ImportKind] + [e.kind for e in registry.import_kinds()],
            help="Format eller indhold; en apps egne (fx channels: kanaltal) læser CSV og XLSX",
        )
        parser.add_argument(
            "--entity",
            choices=ENTITIES,
            help="Indhold for csv/xlsx (ellers genkendt ud fra kolonneoverskrifterne)",
        )
        parser.add_argument(
            "--actor",
            help="Brugernavn, importen står i revisionsloggen som (standard: system)",
        )
        parser.add_argument(
            "--mapping",
            help="Navnet på en gemt kolonneopsætning (kolonner og værdier) til csv/xlsx",
        )
        parser.add_argument(
            "--year",
            type=int,
            help="År for en årlig udgift, når filen ikke har en kolonne med året (standard: i år)",
        )
        parser.add_argument("--dry-run", action="store_true", help="Vis resultatet uden at gemme")
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        organization = find_organization(options["org"])
        actor: Any = find_actor(options["actor"]) if options["actor"] else SystemActor()
        kind = options["kind"]
        if options["entity"] and kind not in (ImportKind.CSV, ImportKind.XLSX):
            raise CommandError("--entity gælder kun csv og xlsx.")
        tabular = kind in (ImportKind.CSV, ImportKind.XLSX)
        app = registry.import_kind_of(kind)
        if app is not None:
            self._app_kind(app, organization, actor, options)
            return
        if (options["mapping"] or options["year"]) and not tabular:
            raise CommandError("--mapping og --year gælder kun csv og xlsx.")
        files = [read_file(path) for path in options["files"]]
        saved = None
        if options["mapping"]:
            saved = ImportMapping.objects.filter(
                organization=organization, name=options["mapping"]
            ).first()
            if saved is None:
                raise CommandError(f"Kolonneopsætningen »{options['mapping']}« findes ikke.")
            if options["entity"] and options["entity"] != saved.entity:
                raise CommandError("--entity passer ikke til kolonneopsætningen.")
        for path, data in zip(options["files"], files, strict=True):
            try:
                found = jobs.detect_kind(data)
            except jobs.UploadRejected as exc:
                raise CommandError(f"{path}: {exc}") from exc
            if found != kind:
                raise CommandError(
                    f"{path}: filen er {ImportKind(found).label}, ikke {ImportKind(kind).label}."
                )
        try:
            mapping = None
            if saved is not None:
                headers = read_tables(files[0])[0].headers
                mapping = jobs.mapping_apply(saved, headers)
            outcome = jobs.run_importer(
                kind=kind,
                actor=actor,
                organization=organization,
                files=files,
                dry_run=options["dry_run"],
                entity=(saved.entity if saved else options["entity"]) or "",
                mapping=mapping,
                values=saved.values if saved else None,
                cost_year=options["year"],
            )
        except TableError as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "Brugeren må ikke importere i organisationen.") from exc
        self._report(outcome, options["dry_run"])

    def _app_kind(
        self, app: AppImporter, organization: Any, actor: Any, options: dict[str, Any]
    ) -> None:
        """An app's kind: its importer gets the paths (and streams them, if it can)."""
        if options["entity"] or options["year"]:
            raise CommandError("--entity og --year gælder kun csv og xlsx.")
        for path in options["files"]:
            if not path.is_file():
                raise CommandError(f"Kan ikke læse {path}.")
            with path.open("rb") as handle:
                head = handle.read(4096)
            try:
                found = sniff_format(head)
            except TableError as exc:
                raise CommandError(f"{path}: {exc}") from exc
            if found not in (ImportKind.CSV, ImportKind.XLSX):
                raise CommandError(f"{path}: {app.label} læses fra CSV- eller XLSX-filer.")
        try:
            outcome = jobs.run_importer(
                kind=app.kind,
                actor=actor,
                organization=organization,
                files=list(options["files"]),
                dry_run=options["dry_run"],
                entity=options["mapping"] or "",
            )
        except TableError as exc:
            raise CommandError(str(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "Brugeren må ikke importere i organisationen.") from exc
        self._report(outcome, options["dry_run"])

    def _report(self, outcome: Any, dry_run: bool) -> None:
        report = outcome.report
        for line in jobs.summary_lines(report):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Prøvekørsel: intet er gemt.")
        elif not outcome.committed:
            self.stdout.write("Intet er gemt på grund af fejl.")
        keys = (
            "created",
            "updated",
            "unchanged",
            "errors",
            "warnings",
            "unknown",
            "unresolved",
            "ignored_columns",
            "values",
            "by_kind",
            "lines",
            "total",
            "it_total",
            "period_start",
            "period_end",
            "replaced",
        )
        summary = {key: report[key] for key in keys if key in report}
        summary["committed"] = outcome.committed
        self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))
        if report.get("errors"):
            raise SystemExit(1)
