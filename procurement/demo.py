"""Demo procurement requests for Eksempel Kommune (synthetic needs, people and amounts).

``seed(result)`` submits 60 needs spread over the last 18 months and takes every one of
them through the real services (:mod:`procurement.services`), so each move, answer,
override, condition and choice of requirements is checked, audited and recorded like any
other. Afterwards it moves the history back in time so the timeline is realistic: the
requests' ``created_at``/``stage_since``, the ``at`` of each transition, the time of each
audit event, the answers' times and the seconds each show stopper blocked.

What the demo shows:

* every stage, from fresh ideas to solutions in operation, with realistic lead times
  (some long: an EU tender, a large request that has waited months at the kontrolorgan);
* show stoppers that blocked requests for weeks, then were answered or overridden with a
  reason, and a few that block open requests right now;
* large requests (one-off plus five years' running cost at or above the sourced amount)
  that pass the kontrolorgan and link one of the kommune's demo business cases. When the
  kommune has no business case (``seed_demo`` runs this seeder before the business case
  seeder), every budget is kept below the large amount instead, so no request is stuck;
* requests ended as reuse of an existing usage, picked with
  :func:`procurement.reuse.candidates`, with the yearly amount they avoided;
* decisions with conditions (most done, one overdue) and chosen tender requirements;
* hand-over into the portfolio on "i drift": a new usage of a catalog system;
* one request withdrawn because the forvaltning bought a solution itself and went around
  the process; its reason says so, and the spend analysis is meant to find the purchase.

Deterministic (``random.Random`` with a fixed seed; the times are relative to now).
Idempotent: nothing happens when Eksempel Kommune already has requests.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.models import AuditEvent, TransitionRecord
from knowledge.procurement import procurement_knowledge
from organizations.demo import DemoResult
from portfolio import choices as pc
from portfolio.models import BusinessProcess, CatalogSystem, Contract, KleSubject, SystemUsage
from procurement import choices as c
from procurement import reuse, services
from procurement.demo_needs import NEEDS, Need, Stopper
from procurement.models import Answer, ProcurementRequest
from procurement.questions import Question, questions, stages_up_to
from procurement.workflow import large_amount

SEED = "styrbar:procurement-demo"
HORIZON_DAYS = 535  # about 18 months back
S = c.Stage

# Days a request typically stays in a stage before it moves on (low, high).
STAY: dict[str, tuple[float, float]] = {
    S.IDE: (2, 21),
    S.AFKLARING: (12, 45),
    S.KONTROLORGAN: (14, 40),
    S.BESLUTNING: (5, 25),
    S.ANSKAFFELSE: (30, 95),
    S.IMPLEMENTERING: (40, 120),
}
# The stage each move takes a request to.
MOVE_TARGET: dict[str, str] = {
    "clarify": S.AFKLARING,
    "to_kontrolorgan": S.KONTROLORGAN,
    "to_decision": S.BESLUTNING,
    "decide": S.ANSKAFFELSE,
    "implement": S.IMPLEMENTERING,
    "go_live": S.I_DRIFT,
    "reuse": S.GENBRUG,
    "reject": S.AFVIST,
    "withdraw": S.TRUKKET_TILBAGE,
}
ENDING: dict[str, str] = {S.GENBRUG: "reuse", S.AFVIST: "reject", S.TRUKKET_TILBAGE: "withdraw"}
ENDING_MOVES = ("reject", "withdraw")
# Who answers for each addressee (demo usernames); "forvaltning" is the responsible person.
ANSWERER: dict[str, str] = {
    c.Addressee.INDKOEBER: "indkoeber",
    c.Addressee.LEVERANDOER: "indkoeber",  # the buyer records the vendor's answer
    c.Addressee.ARKITEKT: "arkitekt",
    c.Addressee.DPO: "admin",
}
SUBMITTERS = ("systemejer", "redaktoer", "systemejer", "indkoeber", "arkitekt", "redaktoer")
NOTES = {
    "eksisterende_loesning": "Porteføljen er gennemgået for systemer med samme KLE-emner.",
    "totalomkostning": "Opgjort over fem år inkl. intern tid og exit.",
    "kontraktvej": "Leveres via SKI-rammeaftale 02.19 (miniudbud).",
    "databehandling": "Databehandleraftale på KL's skabelon; DPIA er ikke nødvendig.",
    "exit": "Data udleveres i CSV og JSON ved ophør uden merpris.",
    "governanceplan": "Test af opdateringer hvert kvartal; systemejer er ansvarlig.",
    "arkivpligt": "Afklaret med stadsarkivet: ingen arkivering ud over journalen.",
}
CONDITIONS = (
    "Databehandleraftalen skal være underskrevet før idriftsættelse.",
    "Systemejer og governanceplan godkendes i styregruppen.",
    "Gevinsterne følges op efter 12 måneder i drift.",
    "Tilgængelighedserklæringen offentliggøres senest ved go-live.",
    "Superbrugere uddannes, før løsningen rulles ud.",
    "Exitplanen beskrives i kontraktbilaget.",
)
# Fictional people in the forvaltninger (clearly made up, like the demo users).
RESPONSIBLE = {
    "Hjemmepleje": "Hanne Hjemmepleje",
    "Myndighed Voksne": "Mogens Myndighed",
    "Sundhed og Forebyggelse": "Sanne Sundhed",
    "Dagtilbud": "Dorte Dagtilbud",
    "Skoler": "Svend Skole",
    "Skole-IT": "Svend Skole",
    "Familieafdelingen": "Frida Familie",
    "Byggeri og Plan": "Bodil Byggeri",
    "Natur og Miljø": "Mikkel Miljø",
    "Vej og Park": "Vagn Vej",
    "Jobcenter": "Jonas Jobcenter",
    "Borgerservice": "Birgit Borgerservice",
    "Digital selvbetjening": "Birgit Borgerservice",
    "Ydelser": "Yrsa Ydelse",
    "Biblioteker": "Bent Bibliotek",
    "Idræt og Foreninger": "Ida Idræt",
    "HR og Løn": "Helle HR",
    "Budget": "Øjvind Økonomi",
    "Økonomi og Indkøb": "Øjvind Økonomi",
    "Indkøb": "Øjvind Økonomi",
}


# Planning --------------------------------------------------------------------------------


def _reach(need: Need, stage: str) -> list[str]:
    """The moves that take a new request to ``stage`` (an open stage)."""
    via_kontrolorgan = need.large or need.kontrolorgan
    to_decision = ["clarify", *(["to_kontrolorgan"] if via_kontrolorgan else []), "to_decision"]
    moves: dict[str, list[str]] = {
        S.IDE: [],
        S.AFKLARING: ["clarify"],
        S.KONTROLORGAN: ["clarify", "to_kontrolorgan"],
        S.BESLUTNING: to_decision,
        S.ANSKAFFELSE: [*to_decision, "decide"],
        S.IMPLEMENTERING: [*to_decision, "decide", "implement"],
        S.I_DRIFT: [*to_decision, "decide", "implement", "go_live"],
    }
    return moves[stage]


def path(need: Need) -> list[str]:
    """The moves a demo request takes, in order.

    >>> path(NEEDS[0]), path(Need(S.GENBRUG, "", "", "", (), ended_at=S.AFKLARING))
    ([], ['clarify', 'reuse'])
    """
    if need.outcome in ENDING:
        return [*_reach(need, need.ended_at), ENDING[need.outcome]]
    return _reach(need, need.outcome)


def answered_in(need: Need, asked: list[Question]) -> dict[str, list[Question]]:
    """Per stage the request passes: the questions answered while in it, i.e. those of
    that stage or an earlier one not answered before (what leaving the stage requires)."""
    stages = [S.IDE.value] + [MOVE_TARGET[m] for m in path(need)]
    result: dict[str, list[Question]] = {}
    done: set[str] = set()
    for stage in stages:
        if stage in ENDING:
            break
        due = [q for q in asked if q.stage in stages_up_to(stage) and q.key not in done]
        result[stage] = due
        done.update(q.key for q in due)
    return result


@dataclass
class Plan:
    """One request's timeline, in days after it was created."""

    need: Need
    created: datetime
    cap: datetime  # nothing happens after this (just before now)
    moves: list[tuple[str, float]] = field(default_factory=list)  # (move, day)
    stays: dict[str, tuple[float, float]] = field(default_factory=dict)  # stage: (in, out)
    block_days: float = 0.0  # how long the show stopper blocks (scaled with the timeline)

    def at(self, day: float) -> datetime:
        """The moment ``day`` days after creation, in local working hours: the time of day
        is squeezed into 8-16, so the order of events is kept.

        >>> from datetime import timezone as tz
        >>> never = datetime.max.replace(tzinfo=tz.utc)
        >>> p = Plan(NEEDS[0], datetime(2026, 3, 2, 0, tzinfo=tz.utc), never)
        >>> [p.at(d).strftime("%d %H:%M") for d in (0, 0.5, 1.25)]
        ['02 08:20', '02 12:20', '03 10:20']
        """
        moment = timezone.localtime(self.created + timedelta(days=day))
        midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        fraction = (moment - midnight).total_seconds() / 86400
        working = midnight.replace(hour=8) + timedelta(hours=8 * fraction)
        return timezone.localtime(min(working, self.cap))


def plan(need: Need, rng: random.Random, now: datetime, asked: list[Question]) -> Plan:
    """When the request was created and when it made each move: a typical stay per stage
    (some twice as long, an EU tender for a large request), plus the days a show stopper
    blocked, squeezed into the last 18 months when it would be longer."""
    moves = path(need)
    stages = [S.IDE.value] + [MOVE_TARGET[m] for m in moves]
    blocked_in = ""
    if need.stopper is not None:
        blocked_in = next(
            stage
            for stage, due in answered_in(need, asked).items()
            if need.stopper.key in {q.key for q in due}
        )
    durations: list[float] = []
    for stage in stages[:-1]:
        low, high = STAY[stage]
        days = rng.uniform(low, high)
        if stage == S.ANSKAFFELSE and need.large:
            days *= 1.7  # an EU tender
        elif rng.random() < 0.12:
            days *= 2.2  # the long tail
        durations.append(days)
    last = stages[-1]
    ended = last in c.ENDED_STAGES
    if ended:
        tail = rng.uniform(5, max(6.0, HORIZON_DAYS - sum(durations) - 30))
    elif last == S.IDE and not need.slow:
        tail = rng.uniform(1, 30)
    else:
        low, high = STAY[last]
        tail = rng.uniform(low, high) * (3.0 if need.slow else 1.0)
    if need.stopper is not None:
        extra = need.stopper.days if need.stopper.then != "open" else 20.0
        if blocked_in == last:
            tail += extra
        else:
            durations[stages.index(blocked_in)] += extra
    total = sum(durations) + tail
    scale = min(1.0, HORIZON_DAYS / total)
    durations = [d * scale for d in durations]
    created = now - timedelta(days=(sum(durations) + tail) * scale, hours=rng.uniform(1, 6))
    result = Plan(
        need,
        created,
        cap=now - timedelta(minutes=1),
        block_days=(need.stopper.days if need.stopper else 0) * scale,
    )
    day = 0.0
    for stage, move, days in zip(stages, moves, durations, strict=False):
        result.stays[stage] = (day, day + days)
        day += days
        result.moves.append((move, day))
    if not ended:
        result.stays[last] = (day, (now - created).total_seconds() / 86400 - 0.05)
    return result


# Seeding ---------------------------------------------------------------------------------


class _Seeder:
    def __init__(self, result: DemoResult) -> None:
        self.result = result
        self.kommune = result.kommune
        self.users = result.users
        self.rng = random.Random(SEED)  # noqa: S311 - synthetic data
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.kle = {k.number: k for k in KleSubject.objects.filter(level="emne")}
        self.processes = {
            p.name: p for p in BusinessProcess.objects.filter(organization=self.kommune)
        }
        from businesscases.models import BusinessCase

        self.cases = list(BusinessCase.objects.filter(organization=self.kommune).order_by("pk"))
        self.large = large_amount()
        self.strategy = services.default_strategy(self.kommune)
        self.asked = questions(self.kommune, self.strategy)
        self.used_systems: set[int] = set(
            SystemUsage.objects.filter(organization=self.kommune).values_list(
                "catalog_system_id", flat=True
            )
        )
        self.marks = (self._last(AuditEvent), self._last(TransitionRecord))

    # Time ----------------------------------------------------------------------------------

    @staticmethod
    def _last(model: Any) -> int:
        return int(model.objects.aggregate(m=Max("pk"))["m"] or 0)

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        """What the services write inside happened at ``moment``: its audit events and
        transition records are moved there."""
        yield
        audit_mark, transition_mark = self.marks
        AuditEvent.objects.filter(pk__gt=audit_mark).update(created_at=moment)
        TransitionRecord.objects.filter(pk__gt=transition_mark).update(at=moment)
        self.marks = (self._last(AuditEvent), self._last(TransitionRecord))

    # Requests ------------------------------------------------------------------------------

    def budget(self, need: Need) -> tuple[Decimal, Decimal]:
        one_off, yearly = Decimal(need.one_off), Decimal(need.yearly)
        total = one_off + 5 * yearly
        if total >= self.large and not (need.large and self.cases):
            # No business case to link (or not meant to be large): stay below the amount.
            factor = (self.large * Decimal("0.9")) / total
            one_off = (one_off * factor / 1000).quantize(Decimal(1)) * 1000
            yearly = (yearly * factor / 1000).quantize(Decimal(1)) * 1000
        return one_off, yearly

    def case_for(self, need: Need) -> Any:
        """The business case a large request links: the one named, else the kommune's
        first; none for a request that names none (its case is still being made)."""
        if not need.case:
            return None
        named = [case for case in self.cases if case.name == need.case]
        return (named or self.cases)[0] if self.cases else None

    def submit(self, p: Plan) -> ProcurementRequest:
        need, rng = p.need, self.rng
        submitter = self.users[rng.choice(SUBMITTERS)]
        one_off, yearly = self.budget(need)
        responsible_name = RESPONSIBLE.get(need.unit, "")
        responsible = None if responsible_name else self.users["systemejer"]
        kle = [self.kle[n] for n in need.kle if n in self.kle]
        with self.at(p.at(0)):
            request = services.request_create(
                actor=submitter,
                organization=self.kommune,
                title=need.title,
                problem=need.problem,
                unit=self.result.units.get(need.unit),
                business_process=self.processes.get(need.process),
                kle_subjects=kle,
                users_count=need.users,
                affected=need.affected,
                channels=list(need.channels),
                personal_data=need.personal,
                budget_one_off=one_off,
                budget_yearly=yearly,
                wanted_date=p.at(0).date() + timedelta(days=rng.randint(60, 240)),
                responsible=responsible,
                responsible_name=responsible_name,
            )
        return request

    def answerer(self, question: Question, request: ProcurementRequest) -> Any:
        if question.addressee == c.Addressee.FORVALTNING:
            return request.submitted_by or self.users["systemejer"]
        return self.users[ANSWERER.get(question.addressee, "arkitekt")]

    def value_for(self, question: Question, need: Need) -> str:
        if question.key == "databehandling" and need.personal == c.PersonalData.NONE:
            return c.AnswerValue.NOT_RELEVANT
        if not question.stops:
            roll = self.rng.random()
            if roll < 0.12:
                return c.AnswerValue.NO
            if roll < 0.2:
                return c.AnswerValue.UNKNOWN
        return c.AnswerValue.YES

    def answer(
        self, request: ProcurementRequest, question: Question, value: str, moment: datetime
    ) -> Answer:
        note = NOTES.get(question.key, "") if self.rng.random() < 0.4 else ""
        with self.at(moment):
            answer = services.answer_set(
                actor=self.answerer(question, request),
                request=request,
                question_key=question.key,
                value=value,
                note=note,
            )
        blocked = answer.blocked_since is not None
        Answer.objects.filter(pk=answer.pk).update(
            answered_at=moment, blocked_since=moment if blocked else None, blocked_seconds=0
        )
        return answer

    def answer_stage(
        self,
        p: Plan,
        request: ProcurementRequest,
        stage: str,
        due: list[Question],
        partial: bool = False,
    ) -> None:
        """Answer the questions ``due`` while the request is in ``stage``: the show stopper
        first (blocking for its days, then answered or overridden), the rest spread over
        the stay; only half of them when the request stays or ends here (``partial``)."""
        start, end = p.stays[stage]
        stopper = p.need.stopper
        first = start + 0.1 * max(0.5, end - start - p.block_days)
        if stopper is not None and stopper.key in {q.key for q in due}:
            question = next(q for q in due if q.key == stopper.key)
            due = [q for q in due if q.key != stopper.key]
            answer = self.answer(request, question, stopper.value, p.at(first))
            if stopper.then != "open":
                resolved = first + p.block_days
                self.resolve(request, stopper, question, answer, p.at(first), p.at(resolved))
                first = resolved
        if partial:
            due = due[: len(due) // 2]
        step = (end - first) * 0.8 / max(1, len(due))
        for index, question in enumerate(due, start=1):
            value = self.value_for(question, p.need)
            self.answer(request, question, value, p.at(first + step * index))

    def resolve(
        self,
        request: ProcurementRequest,
        stopper: Stopper,
        question: Question,
        answer: Answer,
        blocked: datetime,
        moment: datetime,
    ) -> None:
        """The show stopper is answered "ja" or overridden at ``moment``; it blocked the
        request from ``blocked``."""
        seconds = int((moment - blocked).total_seconds())
        with self.at(moment):
            if stopper.then == "answered":
                services.answer_set(
                    actor=self.answerer(question, request),
                    request=request,
                    question_key=question.key,
                    value=c.AnswerValue.YES,
                    note=NOTES.get(question.key, ""),
                )
            else:
                services.answer_override(
                    actor=self.users["arkitekt"],
                    request=request,
                    question_key=question.key,
                    reason=stopper.reason,
                )
        times = {"answered_at": moment} if stopper.then == "answered" else {"overridden_at": moment}
        Answer.objects.filter(pk=answer.pk).update(
            blocked_since=None, blocked_seconds=seconds, **times
        )

    def close_blocks(self, request: ProcurementRequest, moment: datetime) -> None:
        """An ended request's open show stopper stops counting when it ends."""
        for answer in Answer.objects.filter(request=request, blocked_since__isnull=False):
            assert answer.blocked_since is not None
            Answer.objects.filter(pk=answer.pk).update(
                blocked_since=None,
                blocked_seconds=answer.blocked_seconds
                + int((moment - answer.blocked_since).total_seconds()),
            )

    def move(self, p: Plan, request: ProcurementRequest, name: str, moment: datetime) -> Any:
        need = p.need
        fields: dict[str, Any] = {}
        actor = self.users["indkoeber"]
        if name == "decide":
            large = request.total_five_years >= self.large
            meeting = moment.date()
            fields = {
                "decision_body": c.DecisionBody.KONTROLORGAN if large else c.DecisionBody.TEAM,
                "decision_text": "Godkendt med vilkår." if large else "Godkendt.",
                "decision_reference": (
                    f"Kontrolorganets møde {meeting:%d-%m-%Y}, pkt. {self.rng.randint(2, 9)}"
                    if large
                    else f"Anskaffelsesteamet, uge {meeting.isocalendar().week}"
                ),
                "decided_on": meeting,
            }
        elif name == "go_live":
            fields = {"catalog_system": self.system_for(request)}
        elif name == "reuse":
            fields = self.reuse_for(request)
            if not fields:  # nothing to reuse after all: the need is rejected instead
                name = "reject"
                fields = {"reason": "Behovet dækkes af eksisterende arbejdsgange."}
        elif name in ("reject", "withdraw"):
            fields = {"reason": need.reason}
            if name == "withdraw":
                actor = request.submitted_by or actor
            if name == "reject" and need.ended_at == S.KONTROLORGAN:
                actor = self.users["arkitekt"]
        with self.at(moment):
            moved = services.request_move(
                actor=actor, request=request, transition_name=name, **fields
            )
        if name == "go_live" and moved.usage_id:
            SystemUsage.objects.filter(pk=moved.usage_id).update(valid_from=moment.date())
        if moved.ended:
            self.close_blocks(moved, moment)
        return moved

    def system_for(self, request: ProcurementRequest) -> CatalogSystem | None:
        systems = CatalogSystem.objects.filter(
            scope=pc.Scope.GLOBAL, deactivated=False, parent__isnull=True
        ).exclude(pk__in=self.used_systems)
        subjects = list(request.kle_subjects.values_list("pk", flat=True))
        system = (
            systems.filter(kle_subjects__in=subjects)
            .exclude(business_type=pc.BusinessType.FAELLESKOMMUNAL)
            .order_by("name")
            .first()
            or systems.order_by("name").first()
        )
        if system is not None:
            self.used_systems.add(system.pk)
        return system

    def reuse_for(self, request: ProcurementRequest) -> dict[str, Any]:
        """The best candidate of the reuse check that is the kommune's own."""
        for candidate in reuse.candidates(request):
            if candidate.kind == "usage" and candidate.pk is not None:
                return {"usage": SystemUsage.objects.get(pk=candidate.pk)}
            if candidate.kind == "contract" and candidate.pk is not None:
                return {"contract": Contract.objects.get(pk=candidate.pk)}
        return {}

    def after_decision(self, p: Plan, request: ProcurementRequest, moment: datetime) -> None:
        """Conditions (due later; the past ones done, save one overdue) and the chosen
        tender requirements."""
        rng, need = self.rng, p.need
        owners = ("systemejer", "arkitekt", "indkoeber", "redaktoer")
        decided = moment.date()
        for index, text in enumerate(rng.sample(CONDITIONS, rng.randint(1, 3))):
            due = decided + timedelta(days=rng.randint(30, 150))
            overdue = need.overdue_condition and index == 0
            if overdue:  # half-way between the decision and today, and not done
                due = decided + (self.today - decided) / 2
                due = min(due, self.today - timedelta(days=1))
            with self.at(moment + timedelta(minutes=10 + index)):
                condition = services.condition_add(
                    actor=self.users["indkoeber"],
                    request=request,
                    text=text,
                    owner=self.users[rng.choice(owners)],
                    due_date=due,
                )
            if due < self.today and not overdue:
                done = max(decided, due - timedelta(days=rng.randint(0, 12)))
                done_at = min(datetime.combine(done, moment.timetz()), self.now)
                with self.at(max(done_at, moment + timedelta(minutes=20))):
                    services.condition_done(
                        actor=self.users["indkoeber"], condition=condition, done_on=done
                    )
        if need.requirements and not request.ended:
            offered = [r.key for r in procurement_knowledge().requirements_for(request.strategy)]
            keys = [k for k in offered if rng.random() < 0.8] or offered[:1]
            with self.at(moment + timedelta(days=rng.uniform(1, 5))):
                services.requirements_set(actor=self.users["indkoeber"], request=request, keys=keys)

    def link_case(self, p: Plan, request: ProcurementRequest) -> None:
        start, end = p.stays[S.KONTROLORGAN]
        case = self.case_for(p.need)
        if case is None or request.total_five_years < self.large:
            return
        with self.at(p.at(start + (end - start) * 0.3)):
            services.request_update(
                actor=self.users["arkitekt"], request=request, business_case=case
            )

    def run(self, p: Plan) -> ProcurementRequest:
        """Submit the request and make its moves, each with the answers it needs."""
        request = self.submit(p)
        due = answered_in(p.need, self.asked)
        stage: str = S.IDE
        for name, day in p.moves:
            questions_here = due.get(stage, [])
            if name == "reuse":  # the reuse check answers the question of an existing one
                questions_here = [q for q in questions_here if q.key == "eksisterende_loesning"]
            self.answer_stage(p, request, stage, questions_here, partial=name in ENDING_MOVES)
            if stage == S.KONTROLORGAN:
                self.link_case(p, request)
            moment = p.at(day)
            request = self.move(p, request, name, moment)
            if name == "decide":
                self.after_decision(p, request, moment)
            stage = request.stage
        if not request.ended:
            if stage == S.KONTROLORGAN:
                self.link_case(p, request)
            self.answer_stage(p, request, stage, due.get(stage, []), partial=True)
        last = p.at(p.moves[-1][1] if p.moves else 0)
        ProcurementRequest.objects.filter(pk=request.pk).update(
            created_at=p.at(0), stage_since=last, updated_at=last
        )
        return request


def seed(result: DemoResult) -> int:
    """Seed the demo requests of Eksempel Kommune; returns how many were created (0 when
    the kommune already has requests)."""
    if ProcurementRequest.objects.filter(organization=result.kommune).exists():
        return 0
    with transaction.atomic():
        seeder = _Seeder(result)
        plans = [plan(need, seeder.rng, seeder.now, seeder.asked) for need in NEEDS]
        for p in sorted(plans, key=lambda p: p.created):
            seeder.run(p)
    return len(plans)


__all__ = ["NEEDS", "Need", "Stopper", "path", "seed"]
