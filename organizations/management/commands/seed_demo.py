"""Demo data: the fictional Eksempel Kommune and a driftsfællesskab with synthetic content.

Idempotent: running it again changes nothing. Each app adds its own demo data by
registering a seeder (``core.registry``); they run in their registered order (the decision
path builds on the portfolio: the assessment and the chosen strategy, which generates the
roadmap, the roadmap half done, the business cases, and last the decision paper).

``--scale national`` also gives every real municipality a synthetic landscape for
benchmarks (the seeders' ``national`` functions, e.g. ``portfolio.demo.seed_national``)
and marks those municipalities as demo data.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core.registry import registry, resolve
from organizations.demo import DEMO_PASSWORD, seed_demo_superuser, seed_foundation


def demo_database_problem() -> str:
    """Why the demo (users with the public demo password, a demo administrator) must not
    be seeded here without asking; empty when the database is the default local SQLite
    file of a non-production setup."""
    default = str(settings.VAR_DIR / "styrbar.sqlite3")
    database = connection.settings_dict
    if database["ENGINE"] != "django.db.backends.sqlite3" or str(database["NAME"]) != default:
        return (
            "Demodata (brugere med den offentlige demo-adgangskode) lægges kun i den lokale "
            f"standarddatabase {default}, ikke i {connection.vendor}:{database['NAME']}. "
            "Kør `manage.py seed_demo` selv, hvis du virkelig vil."
        )
    if getattr(settings, "HTTPS", False) and not settings.DEBUG:
        return (
            "Demodata lægges ikke i en produktionsopsætning (STYRBAR_HTTPS slået til). "
            "Kør `manage.py seed_demo` selv, hvis du virkelig vil."
        )
    return ""


class Command(BaseCommand):
    help = "Create (or refresh) the demo organizations, units and one demo user per role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )
        parser.add_argument(
            "--only-default-database",
            action="store_true",
            help=(
                "Refuse unless the database is the default local SQLite file and the "
                "settings are not production ones (what `make run` uses: the demo users "
                "share a public password)."
            ),
        )
        parser.add_argument(
            "--scale",
            choices=["demo", "national"],
            default="demo",
            help=(
                "'national' also seeds synthetic landscapes on all real municipalities "
                "(benchmark data; they are marked as demo data)."
            ),
        )
        parser.add_argument(
            "--municipalities",
            type=int,
            default=None,
            help="With --scale national: only the first N municipalities by kommunekode.",
        )
        parser.add_argument(
            "--usages-per",
            type=int,
            default=None,
            help="With --scale national: average usages per municipality (default 400).",
        )

    def handle(
        self,
        *args: Any,
        quiet_logins: bool = False,
        scale: str = "demo",
        municipalities: int | None = None,
        usages_per: int | None = None,
        **options: Any,
    ) -> None:
        if options.get("only_default_database"):
            problem = demo_database_problem()
            if problem:
                raise CommandError(problem)
        started = time.perf_counter()
        with transaction.atomic():
            result = seed_foundation()
            for seeder in registry.seeders():
                resolve(seeder.seed)(result)
            if not demo_database_problem():
                # Only the default local demo database gets a superuser (docs: chapter 3).
                seed_demo_superuser(result)
        self.stdout.write(f"Demo data ready in {time.perf_counter() - started:.1f} s.")
        if scale == "national":
            self.stdout.write("Seeding synthetic landscapes on the real municipalities …")
            options = {"municipalities": municipalities, "progress": self.stdout.write}
            if usages_per is not None:
                options["usages_per"] = usages_per
            for seeder in registry.seeders():
                if not seeder.national:
                    continue
                national_started = time.perf_counter()
                counts = resolve(seeder.national)(result, **options)
                created = ", ".join(f"{value} {name}" for name, value in vars(counts).items())
                self.stdout.write(
                    f"National seed: {created} created "
                    f"in {time.perf_counter() - national_started:.1f} s ({seeder.name})."
                )
            # Fresh planner statistics after a bulk load (both SQLite and PostgreSQL have
            # ANALYZE); without them PostgreSQL picked sequential scans for the page's
            # prefetches until autovacuum caught up (measured: 62 ms → 41 ms a page).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stderr.write(
                self.style.WARNING(
                    "WARNING: this database now holds synthetic BENCHMARK data on real "
                    "municipalities (each marked as 'Demodata'). Do not use it for real work."
                )
            )
        if not quiet_logins:
            self.stdout.write("")
            self.stdout.write(f"Styrbar demo logins (password for all: {DEMO_PASSWORD})")
            for username, role in result.logins:
                self.stdout.write(f"  {username:<22} {role}")
            self.stdout.write("")
