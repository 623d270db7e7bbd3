"""python manage.py kitos_sync --org … --url … --user … [--actor …] (password: KITOS_PASSWORD)."""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interop.kitos_client import KitosClient, kitos_sync
from interop.management.commands.kitos_import import find_actor, find_organization, write_report


class Command(BaseCommand):
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
        password = os.environ.get("KITOS_PASSWORD")
        if not password:
            raise CommandError("Sæt adgangskoden i miljøvariablen KITOS_PASSWORD.")
        organization = find_organization(options["org"])
        actor = find_actor(options["actor"])
        client = KitosClient(
            base_url=options["url"],
            username=options["user"],
            password=password,
            backoff=options["retry_delay"],
        )
        report = kitos_sync(
            actor=actor,
            organization=organization,
            client=client,
            kitos_org=options["kitos_org"],
            dry_run=options["dry_run"],
            full=options["full"],
        )
        write_report(self, report)
