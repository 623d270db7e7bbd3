"""How long requests take: the time in each stage, lead times to the milestones, and what
the show stoppers cost.

A request's stage clock starts when it is created (idé) and moves with each
:class:`~core.models.TransitionRecord` of the workflow; the time in a stage is the sum of
its intervals, so the times in the stages add up to the request's whole lead time (to now
for an open request, to its last transition for an ended one).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from core.models import TransitionRecord
from procurement import choices as c
from procurement.models import Answer, ProcurementRequest
from procurement.workflow import REQUEST_WORKFLOW

DAY = 86400.0
MILESTONES = (
    ("beslutning", c.Stage.ANSKAFFELSE),  # decided
    ("kontrakt", c.Stage.IMPLEMENTERING),  # acquired, contract signed
    ("i_drift", c.Stage.I_DRIFT),
)


@dataclass
class Clock:
    """One request's stage clock."""

    created: datetime
    end: datetime
    in_stage: dict[str, float] = field(default_factory=dict)  # seconds
    reached: dict[str, datetime] = field(default_factory=dict)  # first time a stage was reached

    @property
    def total(self) -> float:
        return (self.end - self.created).total_seconds()


def clock(
    created: datetime, steps: Sequence[tuple[str, str, datetime]], ended: bool, now: datetime
) -> Clock:
    """``steps``: (from, to, at) in time order. The last interval runs to ``now`` while the
    request is open.

    >>> from datetime import datetime, timezone as tz
    >>> t = [datetime(2026, 1, d, tzinfo=tz.utc) for d in (1, 3, 10)]
    >>> k = clock(t[0], [("ide", "afklaring", t[1]), ("afklaring", "afvist", t[2])], True, t[2])
    >>> {s: v / 86400 for s, v in k.in_stage.items()}, k.total / 86400
    ({'ide': 2.0, 'afklaring': 7.0}, 9.0)
    """
    result = Clock(created=created, end=now)
    start, stage = created, c.Stage.IDE.value
    for source, target, at in steps:
        at = max(at, start)
        result.in_stage[source] = result.in_stage.get(source, 0.0) + (at - start).total_seconds()
        result.reached.setdefault(target, at)
        start, stage = at, target
    if ended:
        result.end = start
    else:
        result.in_stage[stage] = result.in_stage.get(stage, 0.0) + (now - start).total_seconds()
    return result


def steps_by_request(
    organization: Any, ids: Iterable[int] | None = None
) -> dict[int, list[tuple[str, str, datetime]]]:
    """The organization's request transitions, by request id, oldest first (one query)."""
    rows = TransitionRecord.objects.filter(machine=REQUEST_WORKFLOW.name, organization=organization)
    if ids is not None:
        # With the content type the (content_type, object_id) index answers it.
        rows = rows.filter(
            content_type=ContentType.objects.get_for_model(ProcurementRequest),
            object_id__in=[str(i) for i in ids],
        )
    result: dict[int, list[tuple[str, str, datetime]]] = defaultdict(list)
    for object_id, source, target, at in rows.order_by("at", "id").values_list(
        "object_id", "from_state", "to_state", "at"
    ):
        result[int(object_id)].append((source, target, at))
    return result


def request_clock(request: ProcurementRequest, now: datetime | None = None) -> Clock:
    steps = steps_by_request(request.organization, [request.pk]).get(request.pk, [])
    return clock(request.created_at, steps, request.ended, now or timezone.now())


def blocked_seconds(closed: float, since: datetime | None, until: datetime) -> float:
    """How long an answer blocked its request: the closed blocks plus the open one (from
    ``since``) to ``until``, which is now for an open request and the moment it ended for
    an ended one (an ended request is blocked no longer)."""
    return closed + (max(0.0, (until - since).total_seconds()) if since is not None else 0.0)


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (P50 = median of an odd count).

    >>> percentile([5, 1, 3], 50), percentile([1, 2, 3, 4], 90), percentile([], 50)
    (3, 4, None)
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / DAY, 1)


def _summary(values: list[float]) -> dict[str, Any]:
    return {
        "count": len(values),
        "median_days": _days(percentile(values, 50)),
        "p90_days": _days(percentile(values, 90)),
    }


def quarter(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}-K{(local.month - 1) // 3 + 1}"


def analysis(organization: Any, now: datetime | None = None) -> dict[str, Any]:
    """Lead times for the organization (three queries: requests, transitions, answers).

    * ``stages``: time in each stage (median, P90, count of requests that spent time there);
    * ``milestones``: lead time from idé to decision, contract and i drift, overall, per
      forvaltning (unit) and per quarter of creation;
    * ``slowest_open``: the open requests that have waited longest in their stage;
    * ``show_stoppers``: blocked days per question (ongoing blocks counted to now, or to
      the end of an ended request);
    * ``reuse``: requests ended as reuse and the yearly amount they avoided.
    """
    now = now or timezone.now()
    requests = list(
        ProcurementRequest.objects.filter(organization=organization)
        .select_related("unit")
        .only("pk", "title", "stage", "created_at", "stage_since", "unit__name", "avoided_yearly")
    )
    steps = steps_by_request(organization)
    clocks = {r.pk: clock(r.created_at, steps.get(r.pk, []), r.ended, now) for r in requests}
    in_stage: dict[str, list[float]] = defaultdict(list)
    for k in clocks.values():
        for stage, seconds in k.in_stage.items():
            in_stage[stage].append(seconds)
    milestones: dict[str, dict[str, Any]] = {}
    for name, stage in MILESTONES:
        overall: list[float] = []
        by_unit: dict[str, list[float]] = defaultdict(list)
        by_quarter: dict[str, list[float]] = defaultdict(list)
        for r in requests:
            at = clocks[r.pk].reached.get(stage)
            if at is None:
                continue
            seconds = (at - r.created_at).total_seconds()
            overall.append(seconds)
            by_unit[r.unit.name if r.unit else "—"].append(seconds)
            by_quarter[quarter(r.created_at)].append(seconds)
        milestones[name] = {
            **_summary(overall),
            "by_unit": {u: _summary(v) for u, v in sorted(by_unit.items())},
            "by_quarter": {q: _summary(v) for q, v in sorted(by_quarter.items())},
        }
    open_requests = [r for r in requests if not r.ended]
    slowest = sorted(open_requests, key=lambda r: r.stage_since)[:10]
    blocked: dict[str, float] = defaultdict(float)
    blocked_requests: dict[str, set[int]] = defaultdict(set)
    for key, request_id, seconds, since, stage, ended_at in Answer.objects.filter(
        request__organization=organization
    ).values_list(
        "question_key",
        "request_id",
        "blocked_seconds",
        "blocked_since",
        "request__stage",
        "request__stage_since",
    ):
        total = blocked_seconds(seconds, since, ended_at if stage in c.ENDED_STAGES else now)
        if total:
            blocked[key] += total
            blocked_requests[key].add(request_id)
    reused = [r for r in requests if r.stage == c.Stage.GENBRUG]
    return {
        "requests": len(requests),
        "open": len(open_requests),
        "stages": {s: _summary(in_stage[s]) for s in c.Stage.values if in_stage.get(s)},
        "milestones": milestones,
        "slowest_open": [
            {
                "id": r.pk,
                "title": r.title,
                "stage": r.stage,
                "days_in_stage": _days((now - r.stage_since).total_seconds()),
            }
            for r in slowest
        ],
        "show_stoppers": [
            {"question": k, "blocked_days": _days(v), "requests": len(blocked_requests[k])}
            for k, v in sorted(blocked.items(), key=lambda kv: -kv[1])
        ],
        "reuse": {
            "count": len(reused),
            "avoided_yearly": str(
                sum((r.avoided_yearly or Decimal(0) for r in reused), Decimal(0))
            ),
            "without_amount": sum(1 for r in reused if r.avoided_yearly is None),
        },
    }


def stage_days(k: Clock) -> list[tuple[str, str, float]]:
    """(stage, label, days) in process order, for the request page."""
    labels = dict(c.Stage.choices)
    return [
        (s, str(labels[s]), round(k.in_stage[s] / DAY, 1))
        for s in c.Stage.values
        if s in k.in_stage
    ]


__all__ = [
    "Clock",
    "analysis",
    "blocked_seconds",
    "clock",
    "percentile",
    "request_clock",
    "stage_days",
]


def process_measures(organization: Any, now: datetime | None = None) -> dict[str, tuple[int, str]]:
    """Template inputs of the business cases measured by the process over the last twelve
    months (read through the registry hook ``process_measures``): IT purchases a year
    through the process (requests decided) and new systems a year an existing solution
    replaced (requests ended as reuse). A count of zero is left out: nothing measured is
    not the same as none.

    Two queries.
    """
    now = now or timezone.now()
    since = now - timedelta(days=365)
    moves = dict(
        TransitionRecord.objects.filter(
            machine=REQUEST_WORKFLOW.name,
            organization=organization,
            transition__in=("decide", "reuse"),
            at__gte=since,
        )
        .values_list("transition")
        .annotate(n=Count("id"))
        .values_list("transition", "n")
    )
    measured: dict[str, tuple[int, str]] = {}
    if moves.get("decide"):
        measured["purchases_per_year"] = (
            moves["decide"],
            f"{moves['decide']} anskaffelser besluttet i anskaffelsesprocessen de seneste 12 "
            "måneder",
        )
    if moves.get("reuse"):
        measured["avoided_purchases_per_year"] = (
            moves["reuse"],
            f"{moves['reuse']} anskaffelser endt som genbrug af en eksisterende løsning de "
            "seneste 12 måneder",
        )
    return measured


MIN_DECIDED, MIN_STARTED = 3, 5


def advisor_facts(
    organization: Any, now: datetime | None = None
) -> dict[str, tuple[float | None, str]]:
    """Two facts of the strategy model measured by the process over the last twelve months
    (read through the registry hook ``process_facts``), each with its source:

    * ``procurement_lead_time_days``: median days from idé to decision of the requests
      decided in the period (unknown below three);
    * ``show_stopper_share``: of the requests created in the period that got past idé, the
      share a show stopper held up at some point (unknown below five).

    Four queries.
    """
    now = now or timezone.now()
    since = now - timedelta(days=365)
    decided = dict(
        TransitionRecord.objects.filter(
            machine=REQUEST_WORKFLOW.name,
            organization=organization,
            transition="decide",
            at__gte=since,
        ).values_list("object_id", "at")
    )
    created = dict(
        ProcurementRequest.objects.filter(
            organization=organization, pk__in=[int(k) for k in decided]
        ).values_list("pk", "created_at")
    )
    days = [
        (at - created[int(k)]).total_seconds() / DAY
        for k, at in decided.items()
        if int(k) in created
    ]
    median = percentile(days, 50)
    lead: tuple[float | None, str] = (
        (round(median, 1), f"median af {len(days)} anskaffelser besluttet de seneste 12 måneder")
        if median is not None and len(days) >= MIN_DECIDED
        else (
            None,
            f"{len(days)} anskaffelser besluttet de seneste 12 måneder; "
            f"der skal mindst {MIN_DECIDED} til",
        )
    )
    started = ProcurementRequest.objects.filter(
        organization=organization, created_at__gte=since
    ).exclude(stage=c.Stage.IDE)
    total = started.count()
    held = (
        started.filter(Q(answers__blocked_seconds__gt=0) | Q(answers__blocked_since__isnull=False))
        .distinct()
        .count()
    )
    share: tuple[float | None, str] = (
        (
            round(held / total, 4),
            f"{held} af {total} anskaffelser fra de seneste 12 måneder "
            "blev holdt op af en stopklods",
        )
        if total >= MIN_STARTED
        else (
            None,
            f"{total} anskaffelser i gang de seneste 12 måneder; der skal mindst {MIN_STARTED} til",
        )
    )
    return {"procurement_lead_time_days": lead, "show_stopper_share": share}
