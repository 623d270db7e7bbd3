"""Demo data: the fictional Eksempel Kommune and a driftsfællesskab with synthetic content.

Idempotent: running it again changes nothing. Later modules extend it through
``core.demo.DEMO_SEEDERS``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import DEMO_PASSWORD, DEMO_SEEDERS, seed_foundation


class Command(BaseCommand):
    help = "Create (or refresh) the demo organizations, units and one demo user per role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args: Any, quiet_logins: bool = False, **options: Any) -> None:
        with transaction.atomic():
            result = seed_foundation()
            for seeder in DEMO_SEEDERS:
                seeder(result)
        if not quiet_logins:
            self.stdout.write("")
            self.stdout.write(f"Styrbar demo logins (password for all: {DEMO_PASSWORD})")
            for username, role in result.logins:
                self.stdout.write(f"  {username:<22} {role}")
            self.stdout.write("")
