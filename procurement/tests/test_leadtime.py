"""Lead times (procurement.leadtime): the stage clock, percentiles and the analysis.

Property: for any sequence of moves with non-decreasing times the times in the stages add
up to the request's whole lead time (to now while it is open, to its last move when it has
ended), and no stage gets a negative time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from organizations.models import OrganizationUnit
from organizations.testing import make_organization, make_user
from procurement import leadtime, services
from procurement.choices import ENDED_STAGES, Stage
from procurement.leadtime import clock, percentile, request_clock
from procurement.models import ProcurementRequest
from procurement.tests.test_workflow import DECISION, make_request, own_usage, walk
from procurement.workflow import REQUEST_WORKFLOW

T0 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


# The clock: a property -------------------------------------------------------------------


@st.composite
def histories(draw: Any) -> tuple[dt.datetime, list[tuple[str, str, dt.datetime]], bool]:
    """A request's moves along the declared workflow with non-decreasing times, whether it
    ended, and a "now" at or after the last move."""
    created = draw(
        st.datetimes(
            min_value=dt.datetime(2020, 1, 1),
            max_value=dt.datetime(2030, 1, 1),
            timezones=st.just(dt.UTC),
        )
    )
    stage, at, steps = Stage.IDE.value, created, []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        moves = REQUEST_WORKFLOW.allowed(stage)
        if not moves:
            break
        move = draw(st.sampled_from(moves))
        at = at + dt.timedelta(
            microseconds=draw(st.integers(min_value=0, max_value=400 * 86_400 * 10**6))
        )
        steps.append((stage, move.target, at))
        stage = move.target
    return created, steps, stage in ENDED_STAGES


@settings(max_examples=300, deadline=None)
@given(
    history=histories(),
    wait=st.integers(min_value=0, max_value=10**12),
)
def test_the_times_in_the_stages_add_up_to_the_lead_time(history: Any, wait: int) -> None:
    created, steps, ended = history
    last = steps[-1][2] if steps else created
    now = last + dt.timedelta(microseconds=wait)

    k = clock(created, steps, ended, now)

    assert all(seconds >= 0 for seconds in k.in_stage.values())
    assert sum(k.in_stage.values()) == pytest.approx(k.total, abs=1e-3)
    if ended:
        assert k.end == last
    else:
        assert k.end == now
        assert k.total == pytest.approx((now - created).total_seconds(), abs=1e-6)
    # Only the stages the request was in have time; the first arrival at each is kept.
    visited = {Stage.IDE.value, *(target for _, target, _ in steps)}
    assert set(k.in_stage) <= visited
    for _, target, at in steps:
        assert k.reached[target] <= at


@settings(max_examples=200, deadline=None)
@given(
    created=st.datetimes(
        min_value=dt.datetime(2020, 1, 1),
        max_value=dt.datetime(2030, 1, 1),
        timezones=st.just(dt.UTC),
    ),
    offsets=st.lists(st.integers(min_value=-(10**11), max_value=10**11), max_size=8),
    ended=st.booleans(),
)
def test_moves_recorded_out_of_order_still_add_up(
    created: dt.datetime, offsets: list[int], ended: bool
) -> None:
    """Clock skew between web processes can record a move "before" the previous one: the
    clock never counts negative time and still adds up."""
    stages = [s for s in Stage.values]
    steps = [
        (
            stages[i % len(stages)],
            stages[(i + 1) % len(stages)],
            created + dt.timedelta(microseconds=o),
        )
        for i, o in enumerate(offsets)
    ]
    now = max([created, *(at for *_, at in steps)]) + DAY

    k = clock(created, steps, ended, now)

    assert all(seconds >= 0 for seconds in k.in_stage.values())
    assert sum(k.in_stage.values()) == pytest.approx(k.total, abs=1e-3)


def test_the_clock_of_an_idea_is_its_age() -> None:
    k = clock(T0, [], False, T0 + 3 * DAY)
    assert k.in_stage == {"ide": 3 * 86400.0} and k.total == 3 * 86400.0 and k.reached == {}


@given(values=st.lists(st.floats(min_value=0, max_value=1e9), min_size=1, max_size=50))
def test_percentiles_are_values_of_the_list_and_ordered(values: list[float]) -> None:
    p50, p90, p100 = (percentile(values, p) for p in (50, 90, 100))
    assert p50 is not None and p90 is not None and p100 is not None
    assert p50 in values and p90 in values
    assert min(values) <= p50 <= p90 <= p100 == max(values)


# Through the database ---------------------------------------------------------------------


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _move(actor: Any, request: ProcurementRequest, name: str, moment: dt.datetime, **f: Any) -> Any:
    with at(moment):
        return services.request_move(actor=actor, request=request, transition_name=name, **f)


@pytest.mark.django_db
def test_a_requests_clock_follows_its_records() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    with at(T0):
        request = make_request(org, buyer)
    request = _move(buyer, request, "clarify", T0 + 2 * DAY)
    with at(T0 + 2 * DAY):
        from procurement.tests.test_workflow import answer_all

        answer_all(buyer, request)
    request = _move(buyer, request, "to_kontrolorgan", T0 + 9 * DAY)

    open_clock = request_clock(request, now=T0 + 12 * DAY)
    assert open_clock.in_stage == {
        "ide": 2 * 86400.0,
        "afklaring": 7 * 86400.0,
        "kontrolorgan": 3 * 86400.0,
    }
    assert sum(open_clock.in_stage.values()) == open_clock.total == 12 * 86400.0

    request = _move(buyer, request, "reject", T0 + 20 * DAY, reason="Dækkes af eksisterende")
    ended = request_clock(request, now=T0 + 100 * DAY)
    assert ended.end == T0 + 20 * DAY
    assert ended.in_stage["kontrolorgan"] == 11 * 86400.0
    assert sum(ended.in_stage.values()) == ended.total == 20 * 86400.0
    assert leadtime.stage_days(ended) == [
        ("ide", "Idé", 2.0),
        ("afklaring", "Afklaring", 7.0),
        ("kontrolorgan", "Kontrolorgan", 11.0),
    ]


def _through(org: Any, buyer: Any, unit: Any, created: dt.datetime, days: list[int]) -> Any:
    """A request created at ``created`` that takes the main path, the n-th move ``days[n]``
    days after creation (as far as ``days`` goes)."""
    with at(created):
        request = make_request(org, buyer, unit=unit)
        from procurement.tests.test_workflow import answer_all

        answer_all(buyer, request)
    names = ["clarify", "to_kontrolorgan", "to_decision", "decide", "implement", "go_live"]
    for name, day in zip(names, days, strict=False):
        fields: dict[str, Any] = {}
        if name == "decide":
            fields = dict(DECISION)
        if name == "go_live":
            fields = {"usage": own_usage(org)}
        request = _move(buyer, request, name, created + day * DAY, **fields)
    return request


@pytest.mark.django_db
def test_the_analysis_has_medians_p90_per_stage_unit_and_quarter() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    north = OrganizationUnit.objects.create(organization=org, name="Testforvaltning Nord")
    south = OrganizationUnit.objects.create(organization=org, name="Testforvaltning Syd")
    q1, q2 = T0, T0 + 100 * DAY  # 2026-K1 and 2026-K2
    _through(org, buyer, north, q1, [1, 2, 4, 10, 20, 30])  # decided after 10 days
    _through(org, buyer, north, q1, [1, 2, 4, 20])  # decided after 20 days
    _through(org, buyer, south, q2, [2, 3, 5, 40, 50])  # decided after 40 days, contract 50
    _through(org, buyer, None, q2, [3])  # still in afklaring
    with at(q2):
        reused = make_request(org, buyer, budget_yearly=Decimal("12500.50"))
    _move(buyer, reused, "reuse", q2 + DAY, usage=own_usage(org))
    with at(q2):
        unpriced = make_request(org, buyer)
    _move(buyer, unpriced, "reuse", q2 + DAY, usage=own_usage(org))

    result = leadtime.analysis(org, now=q2 + 60 * DAY)

    assert (result["requests"], result["open"]) == (6, 3)
    decision = result["milestones"]["beslutning"]
    assert (decision["count"], decision["median_days"], decision["p90_days"]) == (3, 20.0, 40.0)
    assert decision["by_unit"] == {
        "Testforvaltning Nord": {"count": 2, "median_days": 10.0, "p90_days": 20.0},
        "Testforvaltning Syd": {"count": 1, "median_days": 40.0, "p90_days": 40.0},
    }
    assert decision["by_quarter"] == {
        "2026-K1": {"count": 2, "median_days": 10.0, "p90_days": 20.0},
        "2026-K2": {"count": 1, "median_days": 40.0, "p90_days": 40.0},
    }
    contract = result["milestones"]["kontrakt"]
    assert (contract["count"], contract["median_days"], contract["p90_days"]) == (2, 20.0, 50.0)
    live = result["milestones"]["i_drift"]
    assert (live["count"], live["median_days"]) == (1, 30.0)
    # Time in idé: 1, 1, 2, 3 days and one day for each reused request
    assert result["stages"]["ide"] == {"count": 6, "median_days": 1.0, "p90_days": 3.0}
    assert set(result["stages"]) <= set(Stage.values)
    slowest = result["slowest_open"]
    assert [row["stage"] for row in slowest] == ["anskaffelse", "afklaring", "implementering"]
    assert slowest[0]["days_in_stage"] == pytest.approx((q2 + 60 * DAY - (q1 + 20 * DAY)).days)
    assert result["reuse"] == {"count": 2, "avoided_yearly": "12500.50", "without_amount": 1}


@pytest.mark.django_db
def test_a_block_on_an_ended_request_stops_counting_when_it_ended() -> None:
    """A request rejected while a show stopper said "nej" is no longer blocked after it
    ended: the analysis and the answers API count the block to the end, not to today."""
    from procurement.api import _answers
    from procurement.tests.test_workflow import answer_all

    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    with at(T0):
        request = walk(buyer, make_request(org, buyer), Stage.AFKLARING)
        answer_all(buyer, request)
    with at(T0 + DAY):
        services.answer_set(actor=buyer, request=request, question_key="kontraktvej", value="nej")
    _move(buyer, request, "reject", T0 + 3 * DAY, reason="Ingen kontraktvej")

    result = leadtime.analysis(org, now=T0 + 300 * DAY)
    assert result["show_stoppers"] == [
        {"question": "kontraktvej", "blocked_days": 2.0, "requests": 1}
    ]
    with at(T0 + 300 * DAY):
        rows = {row["question_key"]: row for row in _answers(request)}
    assert rows["kontraktvej"]["blocked_days"] == 2.0


@pytest.mark.django_db
def test_the_analysis_takes_the_same_queries_for_few_and_many_requests() -> None:
    org = make_organization()
    buyer = make_user(organization=org, roles=["indkoeber"])
    counts = []
    for size in (2, 8):
        for _ in range(size):
            request = make_request(org, buyer)
            services.request_move(actor=buyer, request=request, transition_name="clarify")
            services.answer_set(
                actor=buyer, request=request, question_key="kontraktvej", value="nej"
            )
        with CaptureQueriesContext(connection) as ctx:
            leadtime.analysis(org)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 3
