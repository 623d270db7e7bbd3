"""Procurement benchmarks at national scale (issue 11): the reuse check and the lead-time
analysis. Not a test: it prints numbers.

Usage:
    .venv/bin/python bench/bench_procurement.py          # SQLite file var/bench_procurement.sqlite3
    .venv/bin/python bench/bench_procurement.py \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_proc

The first run migrates the database and seeds the national landscape
(``seed_demo --scale national``: about 40,000 usages over the 98 municipalities and
Eksempel Kommune, whose demo requests come from ``procurement.demo``), then adds
``--requests`` (default 20,000) synthetic requests to the municipality with the most
usages: each with a path through the stages like the demo's (``procurement.demo.path``,
typical stays per stage), its TransitionRecords and its answers (some that blocked for
days, a few that block now), created over the last three years, bulk-inserted. Later runs
reuse the data.

Measured in this process, after two warm-up calls, ``--runs`` times each (default 50; the
lead-time cases a fifth as often, at least 5), median and p95 in ms, with the query count of
one call:

* the **reuse check** (``procurement.reuse.candidates``) for a request with three KLE
  subjects (the ones most used in the municipality's landscape) and a business process,
  in the largest municipality and in Eksempel Kommune (400 usages); each part on its own
  (the municipality's usages, contracts, KOMBIT components, other municipalities); and
  the API endpoint ``…/reuse-candidates`` through Django's test client with a token;
* the **lead-time analysis** (``procurement.leadtime.analysis``) of the municipality with
  the synthetic requests, the API endpoint ``…/analyses/procurement-lead-time``, the
  lead-time page, one request's page (its stage clock) and the dashboard card.

As ``gunicorn.conf.py`` does in production, the loaded objects are frozen for the garbage
collector before measuring. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from typing import Any

from common import largest_organization, parse_args, setup_django, timed

TITLE = "Benchmark-behov"
NEED = (
    "Digital visitation og bevilling af hjælpemidler",
    "Hjælpemidler bevilges på papir, og depotet ved ikke, hvad der er udlånt. Borgerne skal "
    "kunne søge digitalt, og sagsbehandlerne skal kunne se udlån og levering.",
)
# Where the synthetic requests end (weights) and how long their history reaches back.
OUTCOMES = {
    "ide": 6,
    "afklaring": 10,
    "kontrolorgan": 3,
    "beslutning": 5,
    "anskaffelse": 8,
    "implementering": 8,
    "i_drift": 25,
    "genbrug": 15,
    "afvist": 8,
    "trukket_tilbage": 12,
}
YEARS_BACK = 3


def requests_option() -> int:
    """``--requests N`` (this script's own option), taken out before the common ones."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--requests", type=int, default=20_000)
    known, rest = parser.parse_known_args()
    sys.argv[1:] = rest
    return int(known.requests)


def main() -> None:
    wanted = requests_option()
    args = parse_args(__doc__, "bench_procurement.sqlite3", runs=50)
    # Pages link static files by name; no collected manifest is needed to time them.
    setup_django(
        args.database_url,
        STYRBAR_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portfolio.models import SystemUsage

    call_command("migrate", verbosity=0)
    if SystemUsage.objects.count() < 30_000:
        start = time.perf_counter()
        call_command("seed_demo", scale="national", quiet_logins=True)
        print(f"seeded national landscape in {time.perf_counter() - start:.0f} s")

    org = largest_organization()
    ensure_requests(org, wanted)
    large = bench_request(org)
    from organizations.demo import DEMO_KOMMUNE
    from organizations.models import Organization

    kommune = Organization.objects.get(name=DEMO_KOMMUNE)
    small = bench_request(kommune)

    from procurement.models import ProcurementRequest
    from procurement.workflow import REQUEST_WORKFLOW

    print(
        f"database: {connection.vendor}; organization: {org} "
        f"({SystemUsage.objects.filter(organization=org).count()} usages, "
        f"{ProcurementRequest.objects.filter(organization=org).count()} requests); "
        f"{SystemUsage.objects.count()} usages, "
        f"{ProcurementRequest.objects.count()} requests and "
        f"{transition_count(REQUEST_WORKFLOW.name)} request transitions in all"
    )
    slow = max(5, args.runs // 5)  # the lead-time cases take seconds each on SQLite
    cases = [(name, call, args.runs) for name, call in reuse_cases(org, large, kommune, small)]
    cases += [(name, call, slow) for name, call in leadtime_cases(org)]
    gc.collect()
    gc.freeze()
    print("load average (1/5/15 min) before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print("| benchmark | runs | median ms | p95 ms | queries |")
    print("|---|---|---|---|---|")
    for name, call, runs in cases:
        with CaptureQueriesContext(connection) as ctx:
            call()
        queries = len(ctx.captured_queries)
        median, p95, _ = timed(call, runs)
        print(f"| {name} | {runs} | {median:.1f} | {p95:.1f} | {queries} |")
    print("load average (1/5/15 min) after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    found = reuse_result(large)
    print(f"reuse candidates in {org}: {found}")


def transition_count(machine: str) -> int:
    from core.models import TransitionRecord

    return TransitionRecord.objects.filter(machine=machine).count()


def reuse_result(request: Any) -> str:
    from procurement import reuse

    found = reuse.candidates(request)
    kinds: dict[str, int] = {}
    for candidate in found:
        kinds[candidate.kind] = kinds.get(candidate.kind, 0) + 1
    top = found[0] if found else None
    return f"{len(found)} {kinds}; best: {top.name if top else '-'} ({top.score if top else 0})"


# The request of the reuse check ---------------------------------------------------------


def bench_request(org: Any) -> Any:
    """A request in ``org`` with the three KLE subjects most used by the catalog systems of
    its usages and the business process with the most steps (created once)."""
    from django.db.models import Count

    from portfolio.models import BusinessProcess, KleSubject
    from procurement.models import ProcurementRequest

    existing = ProcurementRequest.objects.filter(organization=org, title=NEED[0]).first()
    if existing is not None:
        return existing
    subjects = list(
        KleSubject.objects.filter(catalog_systems__usages__organization=org, level="emne")
        .annotate(n=Count("pk"))
        .order_by("-n", "number")[:3]
    )
    process = (
        BusinessProcess.objects.filter(organization=org)
        .annotate(n=Count("steps"))
        .order_by("-n", "pk")
        .first()
    )
    request = ProcurementRequest.objects.create(
        organization=org,
        title=NEED[0],
        problem=NEED[1],
        business_process=process,
        budget_one_off=Decimal(150_000),
        budget_yearly=Decimal(60_000),
    )
    request.kle_subjects.set(subjects)
    return request


def reuse_cases(org: Any, large: Any, kommune: Any, small: Any) -> list[tuple[str, Any]]:
    from procurement import reuse

    client = api_client(org)
    url = f"/api/v1/organizations/{org.pk}/procurement-requests/{large.pk}/reuse-candidates"
    need = reuse.normalise(f"{large.title} {large.problem}")
    subjects = reuse._kle(large)
    usages = {u.pk: u for u in reuse._usages(large, need, subjects) if u.pk is not None}
    return [
        (
            f"reuse check, {usage_count(org):,} usages (largest municipality)",
            lambda: reuse.candidates(large),
        ),
        (
            f"reuse check, {usage_count(kommune):,} usages (Eksempel Kommune)",
            lambda: reuse.candidates(small),
        ),
        ("reuse check API (largest municipality)", lambda: get(client, url)),
        ("- own usages: effective KLE only", lambda: reuse._usage_kle(org, subjects)),
        ("- own usages (KLE, process, fuzzy name)", lambda: reuse._usages(large, need, subjects)),
        ("- contracts with options, frameworks", lambda: reuse._contracts(large, need, usages)),
        ("- KOMBIT components", lambda: reuse._components(need, subjects)),
        ("- other municipalities (names only)", lambda: reuse._elsewhere(large, subjects)),
    ]


def usage_count(org: Any) -> int:
    from portfolio.models import SystemUsage

    return SystemUsage.objects.filter(organization=org).count()


def token_for(org: Any) -> str:
    from django.contrib.auth import get_user_model

    from organizations.models import Membership
    from organizations.testing import make_token

    user, _ = get_user_model().objects.get_or_create(username="bench-indkoeber")
    Membership.objects.get_or_create(user=user, organization=org, role="indkoeber")
    return make_token(user)


def get(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response


# The lead-time analysis -----------------------------------------------------------------


def leadtime_cases(org: Any) -> list[tuple[str, Any]]:
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory
    from django.urls import reverse

    from organizations.testing import logged_in_client
    from procurement import leadtime
    from procurement.dashboard import request_card
    from procurement.models import ProcurementRequest

    api = api_client(org)
    user = get_user_model().objects.get(username="bench-indkoeber")
    browser = logged_in_client(user, org)
    slowest = (
        ProcurementRequest.objects.filter(organization=org, title__startswith=TITLE)
        .exclude(stage__in=("ide", "i_drift", "genbrug", "afvist", "trukket_tilbage"))
        .order_by("stage_since")
        .first()
    )
    assert slowest is not None
    http = RequestFactory().get("/")
    http.user = user
    http.organization = org  # type: ignore[attr-defined]
    n = ProcurementRequest.objects.filter(organization=org).count()
    page, detail = reverse("procurement:leadtime"), slowest.get_absolute_url()
    return [
        (f"lead-time analysis, {n:,} requests", lambda: leadtime.analysis(org)),
        (
            "lead-time analysis API",
            lambda: get(api, f"/api/v1/organizations/{org.pk}/analyses/procurement-lead-time"),
        ),
        ("lead-time page (HTML with charts)", lambda: get(browser, page)),
        (
            f"one request's page ({slowest.get_stage_display()}: clock, questions, reuse check)",
            lambda: get(browser, detail),
        ),
        ("- its stage clock alone", lambda: leadtime.request_clock(slowest)),
        ("dashboard card", lambda: request_card(http)),
    ]


def api_client(org: Any) -> Any:
    """Django's test client with a bearer token of an indkøber of ``org``."""
    from django.test import Client

    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(org)}")


@contextmanager
def given_times(*fields: Any) -> Any:
    """Let bulk_create keep the times we give (auto_now/auto_now_add switched off)."""
    saved = [(f, f.auto_now, getattr(f, "auto_now_add", False)) for f in fields]
    for f, _, _ in saved:
        f.auto_now = False
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def ensure_requests(org: Any, wanted: int) -> None:
    """Bulk-create ``wanted`` synthetic requests (with transitions and answers) in ``org``
    unless it has them."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from core.models import TransitionRecord
    from knowledge.procurement import procurement_knowledge
    from organizations.models import OrganizationUnit
    from procurement import demo
    from procurement.choices import ENDED_STAGES, AnswerValue
    from procurement.models import Answer, ProcurementRequest
    from procurement.questions import stages_up_to
    from procurement.workflow import REQUEST_WORKFLOW

    have = ProcurementRequest.objects.filter(organization=org, title__startswith=TITLE).count()
    if have >= wanted:
        return
    started = time.perf_counter()
    rng = random.Random(f"bench-procurement:{org.pk}")
    now = timezone.now()
    units = list(OrganizationUnit.objects.filter(organization=org).order_by("pk"))
    asked = procurement_knowledge().questions_for("")
    content_type = ContentType.objects.get_for_model(ProcurementRequest)
    outcomes, weights = list(OUTCOMES), list(OUTCOMES.values())
    plans = []
    for index in range(have, wanted):
        outcome = rng.choices(outcomes, weights)[0]
        ended_at = rng.choice(("ide", "afklaring", "afklaring", "beslutning"))
        large = rng.random() < 0.08
        need = demo.Need(outcome, "", "", "", (), large=large, ended_at=ended_at)
        moves = demo.path(need)
        stages = ["ide"] + [demo.MOVE_TARGET[m] for m in moves]
        created = now - timedelta(days=rng.uniform(1, 365 * YEARS_BACK))
        day, steps = 0.0, []
        for stage, move in zip(stages, moves, strict=False):
            low, high = demo.STAY[stage]
            day += rng.uniform(low, high) * (2.2 if rng.random() < 0.12 else 1.0)
            at = created + timedelta(days=day)
            if at >= now:
                break
            steps.append((stage, str(demo.MOVE_TARGET[move]), move, at))
        stage = steps[-1][1] if steps else "ide"
        yearly = Decimal(rng.randrange(5, 300) * 1000)
        request = ProcurementRequest(
            organization=org,
            title=f"{TITLE} {index + 1}",
            problem="Syntetisk behov til benchmark.",
            unit=rng.choice(units) if units else None,
            budget_one_off=Decimal(rng.randrange(10, 900) * 1000),
            budget_yearly=yearly,
            stage=stage,
            stage_since=steps[-1][3] if steps else created,
            avoided_yearly=yearly if stage == "genbrug" else None,
            created_at=created,
            updated_at=steps[-1][3] if steps else created,
        )
        plans.append((request, steps))
    batch = 1000
    with (
        transaction.atomic(),
        given_times(
            ProcurementRequest._meta.get_field("created_at"),
            ProcurementRequest._meta.get_field("updated_at"),
            TransitionRecord._meta.get_field("at"),
        ),
    ):
        ProcurementRequest.objects.bulk_create([r for r, _ in plans], batch_size=batch)
        records, answers = [], []
        for request, steps in plans:
            for source, target, move, at in steps:
                records.append(
                    TransitionRecord(
                        content_type=content_type,
                        object_id=str(request.pk),
                        object_repr=request.title,
                        organization=org,
                        machine=REQUEST_WORKFLOW.name,
                        transition=move,
                        from_state=source,
                        to_state=target,
                        actor_label="benchmark",
                        fields={},
                        at=at,
                    )
                )
            left = [source for source, _, _, _ in steps]
            answered = {s for stage in left for s in stages_up_to(stage)}
            ended = request.stage in ENDED_STAGES
            for question in asked:
                if question.stage not in answered:
                    continue
                blocked = rng.random() < 0.06 and question.stops
                answers.append(
                    Answer(
                        request=request,
                        question_key=question.key,
                        value=AnswerValue.YES,
                        answered_at=request.stage_since,
                        blocked_seconds=int(rng.uniform(2, 60) * 86400) if blocked else 0,
                    )
                )
            if not ended and request.stage in ("afklaring", "kontrolorgan") and rng.random() < 0.2:
                open_question = next(
                    (q for q in asked if q.stops and q.stage not in answered), None
                )
                if open_question is not None:
                    answers.append(
                        Answer(
                            request=request,
                            question_key=open_question.key,
                            value=AnswerValue.UNKNOWN,
                            answered_at=request.stage_since,
                            blocked_since=request.stage_since,
                        )
                    )
        TransitionRecord.objects.bulk_create(records, batch_size=batch)
        Answer.objects.bulk_create(answers, batch_size=batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"created {len(plans):,} requests, {len(records):,} transitions and "
        f"{len(answers):,} answers in {org} in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
