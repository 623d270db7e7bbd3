"""``manage.py kitos_sync_scheduled [--enqueue] [--org …]``: the nightly KITOS sync.

Schedule it once a night (cron ``15 2 * * *`` or a systemd timer; see README and
docs/brugervejledning/13). It syncs every organization whose administrator chose
»Synkronisér hver nat« on the KITOS page, as that administrator, one after the other in
this process, or queued for the task worker with ``--enqueue``. An organization whose
previous sync still runs is skipped. The last line is a JSON summary; the exit code is 1
when a sync failed.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from interop.choices import SyncStatus
from interop.kitos_live import schedule_nightly
from interop.management.commands.kitos_import import find_organization


class Command(BaseCommand):
    help = (
        "Synkronisér med KITOS for hver organisation, der har valgt natlig synkronisering; "
        "sidste linje er et JSON-resumé."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Læg kørslerne i kø til baggrundsprocessen"
        )
        parser.add_argument("--org", help="Kun denne organisation (kommunekode eller id)")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = find_organization(options["org"]) if options["org"] else None
        done = schedule_nightly(enqueue=options["enqueue"], organization=organization)
        for item in done:
            line = f"{item.organization.name}: {item.as_json()['status']}"
            if item.as_json()["error"]:
                line += f" ({item.as_json()['error']})"
            self.stdout.write(line)
        self.stdout.write(json.dumps([d.as_json() for d in done], ensure_ascii=False))
        if any(d.run is not None and d.run.status == SyncStatus.FAILED for d in done):
            raise SystemExit(1)
