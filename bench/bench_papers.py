"""Decision paper benchmarks (issue 6): DOCX (< 2 s) and PDF (< 5 s) for the demo paper.
Not a test: it prints numbers.

Usage:
    .venv/bin/python bench/bench_papers.py         # SQLite file var/bench_papers.sqlite3
    .venv/bin/python bench/bench_papers.py \
        --database-url postgres://postgres@127.0.0.1:5432/styrbar_bench_papers

The first run migrates the database and seeds the demo (``seed_demo`` plus the advisor,
roadmap, business case and paper seeders in their order, each idempotent); later runs
reuse it. Measured in this process, after two warm-up calls, ``--runs`` times each
(median and p95 in ms):

* gathering the inputs from the database (``papers.inputs.gather``: the selectors, the
  business case evaluation and its seeded simulation with the case's iterations);
* rendering the DOCX and the PDF from the stored inputs (what "regenerate" does);
* the whole generation as the user triggers it (gather + both renders + storing it, in a
  transaction that is rolled back, so the database does not grow).
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMITS_MS = {"DOCX": 2000, "PDF": 5000}
SEEDERS = ("advisor.demo", "roadmaps.demo", "businesscases.demo", "papers.demo")


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("STYRBAR_HTTPS", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def _timed(call: Any, runs: int) -> tuple[float, float, Any]:
    for _ in range(2):
        call()
    samples = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    return statistics.median(samples), p95, result


class _Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench_papers.sqlite3'}"
    )
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    _setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection, transaction

    from organizations.demo import seed_foundation
    from papers import docx_render, inputs, pdf_render, services
    from papers.demo import DEMO_TITLE
    from papers.models import DecisionPaper

    call_command("migrate", verbosity=0)
    paper = DecisionPaper.objects.filter(title=DEMO_TITLE).first()
    if paper is None:
        start = time.perf_counter()
        call_command("seed_demo", quiet_logins=True)
        result = seed_foundation()
        for name in SEEDERS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                print(f"(no {name}: its demo data is missing)")
                continue
            with transaction.atomic():
                module.seed(result)
        print(f"seeded the demo in {time.perf_counter() - start:.0f} s")
        paper = DecisionPaper.objects.filter(title=DEMO_TITLE).first()
    assert paper is not None, "no demo paper: the demo has no assessment, case or roadmap"
    stored = paper.inputs
    case = stored.get("business_case")
    from pypdf import PdfReader

    pages = len(PdfReader(__import__("io").BytesIO(bytes(paper.pdf))).pages)
    print(
        f"database: {connection.vendor}; paper: {paper.title!r}; "
        f"business case: {case['name'] if case else 'none'} "
        f"({len(case['lines']) if case else 0} lines, "
        f"{case['iterations'] if case else 0} simulations); "
        f"processes: {len(stored['processes']['items'])}; "
        f"roadmap milestones: {len(stored['roadmap']['milestones']) if stored['roadmap'] else 0}; "
        f"DOCX {len(bytes(paper.docx)) // 1024} KiB, PDF {len(bytes(paper.pdf)) // 1024} KiB, "
        f"{pages} pages"
    )

    def gather() -> Any:
        return inputs.gather(
            organization=paper.organization,
            title=paper.title,
            proposed_decision=paper.proposed_decision,
            assessment=paper.assessment,
            business_case=paper.business_case,
            roadmap=paper.roadmap,
            author=paper.created_by,
        )

    def generate() -> None:
        try:
            with transaction.atomic():
                services.paper_create(
                    actor=paper.created_by,
                    organization=paper.organization,
                    title=paper.title,
                    assessment=paper.assessment,
                    business_case=paper.business_case,
                    roadmap=paper.roadmap,
                )
                raise _Rollback
        except _Rollback:
            pass

    cases = [
        ("inputs (queries + engine + simulation)", gather, None),
        ("DOCX from the stored inputs", lambda: docx_render.render(stored), "DOCX"),
        ("PDF from the stored inputs", lambda: pdf_render.render(stored), "PDF"),
        ("whole generation (gather + DOCX + PDF + store)", generate, None),
    ]
    print("| benchmark | median ms | p95 ms | limit |")
    print("|---|---|---|---|")
    for name, call, limit in cases:
        median, p95, _ = _timed(call, args.runs)
        bound = f"< {LIMITS_MS[limit]} ms" if limit else ""
        if limit and p95 >= LIMITS_MS[limit]:
            bound += " EXCEEDED"
        print(f"| {name} | {median:.1f} | {p95:.1f} | {bound} |")
    check = services.paper_regenerate(paper=paper)
    print(f"regenerated bytes identical to the stored ones: {check.matches}")


if __name__ == "__main__":
    main()
