"""Business-case page recompute after an edit (issue 6). Not a test: it prints numbers.

Usage:
    .venv/bin/python bench/bench_businesscase.py                 # SQLite file var/bench_bc.sqlite3
    .venv/bin/python bench/bench_businesscase.py --database-url postgres://postgres@127.0.0.1:5432/styrbar_bench_bc

Target (issue 6): the page recompute after an edit < 150 ms with a 10,000-iteration
simulation.

What is measured, for three draft cases, each simulated with 10,000 iterations:

* *channel shift*: a copy of the demo case (8 lines, 2 risks);
* *driftsfællesskab*: a copy of the demo case (4 members, 36 lines);
* *largest*: 40 lines with phase-in over 10 years and 12 risks (the most the state model
  allows).

``edit`` is the whole htmx request of an inline line edit as the browser sends it: the
POST through Django's test client (session, CSRF-exempt client, middleware), the form,
the audited service (before/after snapshots of the case with its rows, the update, the
audit event), reading the case again, ``evaluate`` + seeded ``simulate``, the charts and
the rendering of the workbench (lines, risks, result with tables and chart data).
``compute`` is ``businesscases.compute.compute`` alone (evaluate + simulate) on the
loaded rows. Each call is repeated ``--runs`` times after two warm-ups; median and p95
in ms. Each edit changes the line (alternating values), so every request writes and
audits.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from common import parse_args, setup_django, timed


def _largest_case(actor: Any, organization: Any) -> Any:
    from businesscases import services

    horizon = 10
    lines = []
    kinds = ["investment", "operation", "economic", "efficiency"]
    for n in range(40):
        kind = kinds[n % 4]
        years = [0] if kind == "investment" else list(range(1, horizon))
        lines.append(
            {
                "name": f"Linje {n + 1}",
                "kind": kind,
                "low": Decimal(80_000 + n * 1000),
                "mode": Decimal(100_000 + n * 1000),
                "high": Decimal(140_000 + n * 1000),
                "years": years,
                "factors": [min(Decimal(1), Decimal(t) / 3) for t in years]
                if kind == "efficiency"
                else [],
                "unit_value": Decimal(400) if kind == "efficiency" else Decimal(1),
                "bearer": ["Borgerservice", "Jobcenter", "IT"][n % 3],
            }
        )
    risks = [
        {
            "name": f"Risiko {n + 1}",
            "probability": Decimal("0.2"),
            "low": Decimal(50_000),
            "mode": Decimal(100_000),
            "high": Decimal(250_000),
            "year": n % horizon,
        }
        for n in range(12)
    ]
    case = services.case_create(
        actor=actor,
        organization=organization,
        name="Benchmark: 40 linjer og 12 risici",
        start_year=2026,
        horizon=horizon,
    )
    services.case_rows_set(actor=actor, case=case, relation="lines", rows=lines)
    services.case_rows_set(actor=actor, case=case, relation="risks", rows=risks)
    return case


def main() -> None:
    args = parse_args(__doc__, "bench_bc.sqlite3", runs=30)
    setup_django(args.database_url)

    import gc

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from businesscases import compute, demo, selectors, services
    from businesscases.models import BusinessCase
    from organizations.demo import seed_foundation
    from organizations.middleware import SESSION_KEY

    call_command("migrate", verbosity=0)
    result = seed_foundation()
    demo.seed(result)
    org, actor = result.kommune, result.users["arkitekt"]
    BusinessCase.objects.filter(organization=org, name__startswith="Benchmark").delete()
    cases = {
        "channel shift": services.case_copy(
            actor=actor,
            case=BusinessCase.objects.get(organization=org, name=demo.CHANNEL_SHIFT),
            name="Benchmark: kanalomlægning",
        ),
        "driftsfællesskab": services.case_copy(
            actor=actor,
            case=BusinessCase.objects.get(organization=org, name=demo.SHARED_OPERATIONS),
            name="Benchmark: driftsfællesskab",
        ),
        "largest": _largest_case(actor, org),
    }
    client = Client()
    client.force_login(actor)
    session = client.session
    session[SESSION_KEY] = org.pk
    session.save()
    gc.collect()
    gc.freeze()

    print(f"database: {connection.vendor}; iterations: 10,000; runs: {args.runs}")
    print("| case | lines | risks | edit median | edit p95 | queries | compute median |")
    print("|---|---|---|---|---|---|---|")
    for label, case in cases.items():
        case.iterations = 10_000
        case.save(update_fields=["iterations"])
        line = case.lines.order_by("order").first()
        assert line is not None
        prefix = f"lines-{line.pk}"
        first, last = min(line.years or [0]), max(line.years or [0])
        values = [line.mode, line.mode + 1]
        state = {"n": 0}

        def edit(
            case: Any = case,
            line: Any = line,
            prefix: str = prefix,
            first: int = first,
            last: int = last,
            values: list[Decimal] = values,
            state: dict[str, int] = state,
        ) -> None:
            state["n"] += 1
            mode = values[state["n"] % 2]
            data = {
                "name": line.name,
                "kind": line.kind,
                "low": str(min(line.low, mode)),
                "mode": str(mode),
                "high": str(max(line.high, mode)),
                "first_year": str(first),
                "last_year": str(last),
                "phase_in": "; ".join(str(Decimal(f) * 100) for f in line.factors or ()),
                "bearer": line.bearer,
                "unit_value": str(line.unit_value),
            }
            url = reverse("businesscases:line_edit", kwargs={"pk": case.pk, "line_pk": line.pk})
            response = client.post(
                url,
                {f"{prefix}-{k}": v for k, v in data.items()},
                HTTP_HX_REQUEST="true",
                HTTP_HX_TARGET="case-workbench",
            )
            assert response.status_code == 200, response.content[:500]
            assert b'id="case-npv"' in response.content, response.content[:2000]

        edit_median, edit_p95, _ = timed(edit, args.runs)
        with CaptureQueriesContext(connection) as ctx:
            edit()
        loaded = selectors.case_with_rows(organization=org, pk=case.pk)
        rows, risks = list(loaded.lines.all()), list(loaded.risks.all())
        compute_median, _p95, _ = timed(partial(compute.compute, loaded, rows, risks), args.runs)
        print(
            f"| {label} | {len(rows)} | {len(risks)} | {edit_median:.1f} ms | {edit_p95:.1f} ms "
            f"| {len(ctx.captured_queries)} | {compute_median:.1f} ms |"
        )


if __name__ == "__main__":
    main()
