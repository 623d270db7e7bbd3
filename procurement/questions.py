"""Which questions a request must answer, and which of them stop it.

The questions are the shipped ones of ``knowledge/data/procurement.yaml`` for the
request's governance strategy plus the organization's active :class:`LocalQuestion`\\ s.
A question *stops* the request when it is a show stopper (``stops``) of the stage the
request is leaving or an earlier one and is unanswered, or answered "nej"/"ved ikke"
without an override. A non-stopping question answered that way only warns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from knowledge.procurement import STAGES, procurement_knowledge
from procurement import choices as c
from procurement.models import Answer, LocalQuestion, ProcurementRequest

OK, OPEN, WARNING, STOPPER, OVERRIDDEN = "ok", "open", "warning", "stopper", "overridden"


@dataclass(frozen=True)
class Question:
    key: str
    stage: str
    addressee: str
    stops: bool
    text: str
    source: str
    local: bool = False

    @property
    def addressee_label(self) -> str:
        return str(c.Addressee(self.addressee).label)

    @property
    def stage_label(self) -> str:
        return str(c.Stage(self.stage).label)


@dataclass(frozen=True)
class AskedQuestion:
    """A question with the request's answer (if any) and what it means for the request."""

    question: Question
    answer: Answer | None

    @property
    def status(self) -> str:
        a = self.answer
        if a is None:
            return OPEN
        if a.value not in c.BLOCKING_ANSWERS:
            return OK
        if not self.question.stops:
            return WARNING
        return OVERRIDDEN if a.override_reason else STOPPER

    @property
    def blocks(self) -> bool:
        """Stops the request from leaving the question's stage."""
        return self.question.stops and self.status in (OPEN, STOPPER)


def questions(
    organization: Any, strategy: str, local: Iterable[LocalQuestion] | None = None
) -> list[Question]:
    """The questions asked under ``strategy`` in ``organization``, in stage order."""
    language = (get_language() or "da")[:2]
    shipped = [
        Question(q.key, q.stage, q.addressee, q.stops, q.text.to_text().get(language), q.source)
        for q in procurement_knowledge().questions_for(strategy)
    ]
    if local is None:
        local = LocalQuestion.objects.filter(organization=organization, active=True)
    own = [
        Question(q.key, q.stage, q.addressee, q.stops, q.text, str(organization), local=True)
        for q in local
        if not q.strategies or strategy in q.strategies
    ]
    order = {stage: i for i, stage in enumerate(STAGES)}
    taken = {q.key for q in shipped}
    return sorted([*shipped, *(q for q in own if q.key not in taken)], key=lambda q: order[q.stage])


def asked(
    request: ProcurementRequest,
    answers: Mapping[str, Answer] | None = None,
    local: Iterable[LocalQuestion] | None = None,
) -> list[AskedQuestion]:
    """Every question of the request with its answer (one query for the answers)."""
    if answers is None:
        answers = {a.question_key: a for a in request.answers.all()}
    return [
        AskedQuestion(q, answers.get(q.key))
        for q in questions(request.organization, request.strategy, local)
    ]


def stages_up_to(stage: str) -> tuple[str, ...]:
    """The question stages at or before ``stage`` (none for idé)."""
    if stage == c.Stage.IDE:
        return ()
    if stage in STAGES:
        return STAGES[: STAGES.index(stage) + 1]
    return STAGES


def blocking(request: ProcurementRequest, leaving: str | None = None) -> list[AskedQuestion]:
    """The questions that stop the request from leaving ``leaving`` (its stage)."""
    stages = stages_up_to(leaving or request.stage)
    return [q for q in asked(request) if q.question.stage in stages and q.blocks]


def open_by_addressee(items: Iterable[AskedQuestion], stage: str) -> dict[str, list[AskedQuestion]]:
    """Who waits for whom: the unanswered questions up to ``stage``, by addressee."""
    result: dict[str, list[AskedQuestion]] = {}
    stages = stages_up_to(stage)
    for item in items:
        if item.question.stage in stages and item.status in (OPEN, STOPPER):
            result.setdefault(item.question.addressee, []).append(item)
    return result
