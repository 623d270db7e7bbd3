"""``manage.py compute_benchmarks [--period YYYY] [--enqueue]``: the nightly anonymous
benchmarks across the municipalities that opted in.

Schedule it once a night (the daily systemd timer in deploy/systemd runs it; see
docs/brugervejledning/20). It replaces the period's stored figures (default: this year).
The last line is a JSON summary.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Beregn de anonyme benchmarks på tværs af de tilmeldte kommuner; sidste linje er et "
        "JSON-resumé."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", type=int, help="året, der beregnes (standard: i år)")
        parser.add_argument(
            "--enqueue", action="store_true", help="Læg beregningen i kø til baggrundsprocessen"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        period = options["period"]
        if period is not None and not 2000 <= period <= 2100:
            raise CommandError("--period skal ligge mellem 2000 og 2100")
        from sharing import tasks

        if options["enqueue"]:
            result = tasks.compute_benchmarks.enqueue(period)
            self.stdout.write(json.dumps({"task": str(result.id)}))
            return
        from sharing.benchmarks import compute

        summary = tasks.run_summary(compute(period=period))
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
