"""The process endpoints of procurement requests (the CRUD comes from the resource).

* ``GET …/procurement-requests/{id}/transitions``: the moves declared from the request's
  stage (and whether the caller may take them) and the history of moves;
  ``POST`` the same path takes one with its fields (400 with a Danish message when a
  show stopper is open, a field is missing or the move is not declared).
* ``GET …/{id}/answers``: every question with its answer and status;
  ``PUT`` answers one or more questions. Both answer the request's ``ETag``; ``PUT``
  honours ``If-Match`` (412 once someone else has saved the request since).
* ``GET …/{id}/reuse-candidates``: ranked, each with ``score`` and ``reasons``.
* ``GET /organizations/{id}/analyses/procurement-lead-time``: median and P90 per stage,
  per forvaltning and per quarter, slowest open requests, show-stopper time and reuse.

Another organization's request is a 404; reading needs ``procurement.view``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from core.api import ETAG, IF_MATCH_AND_ETAG, ORG
from core.api.resources import Ref, precondition, resolve_refs
from core.api.routes import tagged
from core.api.tenancy import member_organization
from core.permissions import has_perm
from core.workflow import records
from portfolio.models import Contract, SystemUsage
from portfolio.selectors import catalog_list
from procurement import leadtime, reuse, selectors, services
from procurement.choices import AnswerValue, DecisionBody
from procurement.questions import asked
from procurement.workflow import REQUEST_WORKFLOW, TRANSITION_LABELS

router = Router(tags=["procurement"])

REQUEST = f"{ORG}/procurement-requests/{{request_id}}"


def _request(request: HttpRequest, org_id: int, request_id: int) -> Any:
    org = member_organization(request, org_id, "procurement.view")
    return org, selectors.request_get(organization=org, pk=request_id)


class MoveOut(Schema):
    name: str
    label: str
    allowed: bool = Field(description="The caller may take this move.")


class RecordOut(Schema):
    transition: str
    from_state: str
    to_state: str
    actor: str
    at: dt.datetime
    fields: dict[str, Any]


class TransitionsOut(Schema):
    stage: str
    moves: list[MoveOut]
    history: list[RecordOut]


class MoveIn(Schema):
    transition: str = Field(
        description="clarify, to_kontrolorgan, to_decision, decide, implement, go_live, "
        "reuse, reject or withdraw"
    )
    reason: str | None = None
    note: str | None = None
    decision_body: DecisionBody | None = None
    decision_text: str | None = None
    decision_reference: str | None = None
    decided_on: dt.date | None = None
    usage: int | None = Field(None, description="Id of a usage (reuse, go_live)")
    contract: int | None = Field(None, description="Id of a contract (reuse, go_live)")
    catalog_system: int | None = Field(
        None, description="go_live: create the usage from this catalog system"
    )


def _transitions(request: HttpRequest, org: Any, obj: Any) -> dict[str, Any]:
    run = has_perm(request.user, org, "procurement.run", obj)
    own = obj.submitted_by_id == request.user.pk
    return {
        "stage": obj.stage,
        "moves": [
            {
                "name": t.name,
                "label": str(TRANSITION_LABELS[t.name]),
                "allowed": run or (t.name == "withdraw" and own),
            }
            for t in REQUEST_WORKFLOW.allowed(obj.stage)
        ],
        "history": [
            {
                "transition": r.transition,
                "from_state": r.from_state,
                "to_state": r.to_state,
                "actor": r.actor_label,
                "at": r.at,
                "fields": r.fields,
            }
            for r in records(REQUEST_WORKFLOW, obj).order_by("at", "id")
        ],
    }


@router.get(f"{REQUEST}/transitions", response=TransitionsOut, summary="Moves and history")
def transitions_get(request: HttpRequest, org_id: int, request_id: int) -> Any:
    org, obj = _request(request, org_id, request_id)
    return _transitions(request, org, obj)


REFS = {
    "usage": Ref("usage", lambda org: SystemUsage.objects.filter(organization=org)),
    "contract": Ref("contract", lambda org: Contract.objects.filter(organization=org)),
    "catalog_system": Ref("catalog_system", lambda org: catalog_list(organization=org)),
}


@router.post(
    f"{REQUEST}/transitions",
    response=TransitionsOut,
    summary="Take a declared move with its fields (procurement.run; withdraw: also the submitter)",
)
def transitions_post(request: HttpRequest, org_id: int, request_id: int, payload: MoveIn) -> Any:
    org, obj = _request(request, org_id, request_id)
    fields = resolve_refs(org, payload.dict(exclude_none=True), REFS)
    name = fields.pop("transition")
    moved = services.request_move(actor=request.user, request=obj, transition_name=name, **fields)
    return _transitions(request, org, moved)


class AnswerOut(Schema):
    question_key: str
    stage: str
    addressee: str
    stops: bool
    text: str
    source: str
    status: str = Field(description="open, ok, warning, stopper or overridden")
    value: str | None
    note: str
    answered_by: str | None
    answered_at: dt.datetime | None
    override_reason: str
    blocked_days: float


class AnswerIn(Schema):
    question_key: str
    value: AnswerValue
    note: str = ""


class AnswersIn(Schema):
    answers: list[AnswerIn] = Field(..., min_length=1, max_length=100)


def _answers(obj: Any) -> list[dict[str, Any]]:
    from django.utils import timezone

    until = obj.stage_since if obj.ended else timezone.now()
    rows = []
    for item in asked(obj, {a.question_key: a for a in obj.answers.select_related("answered_by")}):
        a = item.answer
        blocked = 0.0
        if a is not None:
            blocked = leadtime.blocked_seconds(a.blocked_seconds, a.blocked_since, until)
        rows.append(
            {
                "question_key": item.question.key,
                "stage": item.question.stage,
                "addressee": item.question.addressee,
                "stops": item.question.stops,
                "text": item.question.text,
                "source": item.question.source,
                "status": item.status,
                "value": a.value if a else None,
                "note": a.note if a else "",
                "answered_by": (a.answered_by.get_username() if a and a.answered_by else None),
                "answered_at": a.answered_at if a else None,
                "override_reason": a.override_reason if a else "",
                "blocked_days": round(blocked / leadtime.DAY, 2),
            }
        )
    return rows


@router.get(
    f"{REQUEST}/answers",
    response=list[AnswerOut],
    summary="Questions and answers (ETag: the request's version)",
    openapi_extra=ETAG,
)
def answers_get(request: HttpRequest, org_id: int, request_id: int, response: HttpResponse) -> Any:
    _org, obj = _request(request, org_id, request_id)
    return _answers(tagged(response, obj))


@router.put(
    f"{REQUEST}/answers",
    response=list[AnswerOut],
    summary="Answer one or more questions (procurement.change); all or nothing; "
    "If-Match: the request's ETag",
    openapi_extra=IF_MATCH_AND_ETAG,
)
def answers_put(
    request: HttpRequest, org_id: int, request_id: int, payload: AnswersIn, response: HttpResponse
) -> Any:
    from django.db import transaction

    _org, obj = _request(request, org_id, request_id)
    with transaction.atomic(), precondition(request, obj):
        for answer in payload.answers:
            services.answer_set(actor=request.user, request=obj, **answer.dict())
    return _answers(tagged(response, obj))


class CandidateOut(Schema):
    kind: str = Field(description="usage, contract, component or elsewhere")
    id: int | None
    name: str
    score: int = Field(description="0-100; higher is a better match")
    reasons: list[str]


@router.get(
    f"{REQUEST}/reuse-candidates",
    response=list[CandidateOut],
    summary="What the municipality already has that may cover the need, ranked",
)
def reuse_candidates(request: HttpRequest, org_id: int, request_id: int) -> Any:
    _org, obj = _request(request, org_id, request_id)
    return [
        {"kind": c.kind, "id": c.pk, "name": c.name, "score": c.score, "reasons": c.reasons}
        for c in reuse.candidates(obj)
    ]


@router.get(
    f"{ORG}/analyses/procurement-lead-time",
    summary="Lead times of procurement requests: median and P90 per stage, forvaltning, quarter",
)
def lead_time(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = member_organization(request, org_id, "procurement.view")
    return leadtime.analysis(org)
