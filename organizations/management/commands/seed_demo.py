"""Demo data: the fictional Eksempel Kommune and a driftsfællesskab with synthetic content.

Idempotent: running it again changes nothing. Later modules extend it through
``organizations.demo.DEMO_SEEDERS``.

``--scale national`` also gives every real municipality a synthetic landscape for
benchmarks (``portfolio.demo.seed_national``) and marks those municipalities as demo data.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from organizations.demo import DEMO_PASSWORD, DEMO_SEEDERS, seed_foundation


class Command(BaseCommand):
    help = "Create (or refresh) the demo organizations, units and one demo user per role."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
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
        from advisor import demo as advisor_demo
        from businesscases import demo as cases_demo
        from papers import demo as papers_demo
        from portfolio import demo as portfolio_demo  # registers the portfolio seeder
        from roadmaps import demo as roadmaps_demo

        started = time.perf_counter()
        with transaction.atomic():
            result = seed_foundation()
            for seeder in DEMO_SEEDERS:
                seeder(result)
            # The decision path builds on the portfolio, in this order: the assessment and
            # the chosen strategy (which generates the roadmap), the roadmap half done,
            # the business cases, and last the decision paper made from all three.
            for decision_seeder in (
                advisor_demo.seed,
                roadmaps_demo.seed,
                cases_demo.seed,
                papers_demo.seed,
            ):
                decision_seeder(result)
        self.stdout.write(f"Demo data ready in {time.perf_counter() - started:.1f} s.")
        if scale == "national":
            self.stdout.write("Seeding synthetic landscapes on the real municipalities …")
            national_started = time.perf_counter()
            counts = portfolio_demo.seed_national(
                result,
                municipalities=municipalities,
                usages_per=usages_per or portfolio_demo.DEMO_SIZE_USAGES,
                progress=self.stdout.write,
            )
            self.stdout.write(
                f"National seed: {counts.usages} usages, {counts.contracts} contracts, "
                f"{counts.integrations} integrations, {counts.processes} processes created "
                f"in {time.perf_counter() - national_started:.1f} s."
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
