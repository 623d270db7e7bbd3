"""python manage.py kitos_import --org KOMMUNEKODE_OR_ID --actor USERNAME [--dry-run] FILE…"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from interop.jobs import import_lock
from interop.kitos.context import KitosReport
from interop.kitos.importer import kitos_import
from interop.kitos.pages import KINDS
from interop.tabular.read import TableError
from organizations.models import Organization


def find_organization(value: str) -> Organization:
    """An organization by kommunekode, else by id; ``id:N`` is always the id (a kommune's
    code and another organization's id can be the same number)."""
    if value.startswith("id:") and value[3:].isdigit():
        org = Organization.objects.filter(pk=int(value[3:])).first()
        if org is not None:
            return org
    elif value.isdigit():
        org = Organization.objects.filter(kommunekode=int(value)).first()
        org = org or Organization.objects.filter(pk=int(value)).first()
        if org is not None:
            return org
    raise CommandError(f"Organisationen {value} findes ikke.")


def find_actor(username: str) -> Any:
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Brugeren {username} findes ikke.")
    return user


def write_report(command: BaseCommand, report: KitosReport) -> None:
    """Human summary, then the JSON report as the last line; exit 1 if nothing was committed."""
    for line in report.summary_lines():
        command.stdout.write(line)
    command.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
    if report.errors:
        raise SystemExit(1)


class KitosCommand(BaseCommand, ABC):
    """A KITOS command: the ``--org`` organization and the ``--actor`` user are looked up,
    :meth:`import_report` imports and its report is written by :func:`write_report`."""

    def handle(self, *args: Any, **options: Any) -> None:
        organization = find_organization(options["org"])
        actor = find_actor(options["actor"])
        try:
            with import_lock(organization):  # one import per organization at a time
                report = self.import_report(
                    options, actor=actor, organization=organization, dry_run=options["dry_run"]
                )
        except TableError as exc:
            raise CommandError(str(exc)) from exc
        write_report(self, report)

    @abstractmethod
    def import_report(self, options: dict[str, Any], **common: Any) -> KitosReport:
        """Run the import with ``common`` (actor, organization, dry_run)."""


class Command(KitosCommand):
    help = (
        "Importér KITOS API v2-JSON (en eller flere sider pr. fil) i en organisations portefølje."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Kommunekode eller organisations-id")
        parser.add_argument(
            "--actor", required=True, help="Brugernavn på den, importen udføres som"
        )
        parser.add_argument("--kind", choices=KINDS, help="Slags data (ellers genkendt)")
        parser.add_argument("--dry-run", action="store_true", help="Vis resultatet uden at gemme")
        parser.add_argument("files", nargs="+", type=Path)

    def import_report(self, options: dict[str, Any], **common: Any) -> KitosReport:
        try:
            files = [path.read_bytes() for path in options["files"]]
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        return kitos_import(files=files, kind=options["kind"], **common)
