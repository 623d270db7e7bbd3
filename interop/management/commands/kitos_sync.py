"""python manage.py kitos_sync --org … --url … --user … [--actor …] (password: KITOS_PASSWORD)."""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.core.management.base import CommandError, CommandParser

from interop.kitos.context import KitosReport
from interop.kitos_client import KitosClient, kitos_sync
from interop.management.commands.kitos_import import KitosCommand


class Command(KitosCommand):
    help = (
        "Synkronisér en organisations portefølje med KITOS (API v2). "
        "Adgangskoden læses fra miljøvariablen KITOS_PASSWORD og gemmes ikke."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Kommunekode eller organisations-id")
        parser.add_argument("--url", required=True, help="KITOS' adresse, fx https://kitos.dk")
        parser.add_argument("--user", required=True, help="KITOS-brugerens e-mail")
        parser.add_argument("--actor", required=True, help="Styrbar-brugeren, der synkroniserer")
        parser.add_argument("--kitos-org", type=uuid.UUID, help="KITOS-organisationens UUID")
        parser.add_argument("--full", action="store_true", help="Hent alt, ikke kun ændringer")
        parser.add_argument("--dry-run", action="store_true", help="Vis resultatet uden at gemme")
        parser.add_argument("--retry-delay", type=float, default=1.0, help="Første ventetid (s)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not os.environ.get("KITOS_PASSWORD"):
            raise CommandError("Sæt adgangskoden i miljøvariablen KITOS_PASSWORD.")
        super().handle(*args, **options)

    def import_report(self, options: dict[str, Any], **common: Any) -> KitosReport:
        client = KitosClient(
            base_url=options["url"],
            username=options["user"],
            password=os.environ["KITOS_PASSWORD"],
            backoff=options["retry_delay"],
        )
        return kitos_sync(
            client=client, kitos_org=options["kitos_org"], full=options["full"], **common
        )
