"""The review endpoints beyond CRUD (the CRUD comes from the resources).

* ``GET …/reviews/{id}/answers``: the review's checklist items (as kept with the review)
  with their answers; ``PUT`` answers one or more items (reviews.change; all or nothing).
  Both answer the review's ``ETag``; ``PUT`` honours ``If-Match`` (412 once someone else
  has saved the review since).
* ``POST …/reviews/{id}/complete``: the transition planlagt → gennemført (400 with a
  Danish message while items are unanswered); ``POST …/reviews/{id}/cancel`` with a reason.
* ``POST …/review-actions/{id}/close``: close an action with a note.
* ``GET …/review-schedule``: the usages in operation with their cadence and next review
  (``?due=overdue|due|soon``).

Another organization's review is a 404; reading needs ``reviews.view``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema

from core.api import ETAG, IF_MATCH_AND_ETAG, ORG, paginate
from core.api.resources import precondition
from core.api.routes import tagged
from core.api.tenancy import member_organization
from reviews import choices as c
from reviews import selectors, services
from reviews.resources import FINDINGS, REVIEWS
from reviews.schedule import due_filter, overrides, schedule_list, scheduled

router = Router(tags=["reviews"])

REVIEW = f"{ORG}/reviews/{{review_id}}"
ACTION = f"{ORG}/review-actions/{{finding_id}}"
REVIEW_OUT, _in, _patch = REVIEWS.schemas()
FINDING_OUT, _fin, _fpatch = FINDINGS.schemas()


def _review(request: HttpRequest, org_id: int, review_id: int) -> Any:
    org = member_organization(request, org_id, "reviews.view")
    return selectors.review_get(organization=org, pk=review_id)


class ItemOut(Schema):
    key: str
    section: str
    section_title: dict[str, str]
    question: dict[str, str]
    fact_fields: list[str] = Field(description="The usage fields the answer updates.")
    value: str | None = Field(description="ok, finding, not_relevant or null (unanswered)")
    note: str


class AnswerIn(Schema):
    key: str
    value: Literal["ok", "finding", "not_relevant", ""] = Field(
        description="ok, finding or not_relevant; an empty string clears the answer"
    )
    note: str = Field("", max_length=2000)


class AnswersIn(Schema):
    answers: list[AnswerIn] = Field(..., min_length=1, max_length=100)


def _items(review: Any) -> list[dict[str, Any]]:
    rows = []
    for item in review.checklist_items:
        answer = review.answers.get(item["key"]) or {}
        rows.append(
            {
                "key": item["key"],
                "section": item["section"],
                "section_title": item["section_title"],
                "question": item["question"],
                "fact_fields": (item.get("fact") or {}).get("fields", []),
                "value": answer.get("value"),
                "note": answer.get("note", ""),
            }
        )
    return rows


@router.get(
    f"{REVIEW}/answers",
    response=list[ItemOut],
    summary="Checklist items and answers (ETag: the review's version)",
    openapi_extra=ETAG,
)
def answers_get(request: HttpRequest, org_id: int, review_id: int, response: HttpResponse) -> Any:
    return _items(tagged(response, _review(request, org_id, review_id)))


@router.put(
    f"{REVIEW}/answers",
    response=list[ItemOut],
    summary="Answer one or more checklist items (reviews.change); all or nothing; "
    "If-Match: the review's ETag",
    openapi_extra=IF_MATCH_AND_ETAG,
)
def answers_put(
    request: HttpRequest, org_id: int, review_id: int, payload: AnswersIn, response: HttpResponse
) -> Any:
    review = _review(request, org_id, review_id)
    answers = {a.key: {"value": a.value, "note": a.note} for a in payload.answers}
    with precondition(request, review):
        saved = services.review_answer(actor=request.user, review=review, answers=answers)
    return _items(tagged(response, saved))


class CompleteIn(Schema):
    held_date: dt.date | None = None
    summary: str = ""


class CancelIn(Schema):
    reason: str = Field(..., min_length=1)


@router.post(
    f"{REVIEW}/complete",
    response=REVIEW_OUT,
    summary="Complete the review (reviews.change); every item must be answered",
)
def complete(request: HttpRequest, org_id: int, review_id: int, payload: CompleteIn) -> Any:
    review = _review(request, org_id, review_id)
    services.review_complete(actor=request.user, review=review, **payload.dict())
    return selectors.review_get(organization=review.organization, pk=review.pk)


@router.post(f"{REVIEW}/cancel", response=REVIEW_OUT, summary="Cancel the review (reviews.change)")
def cancel(request: HttpRequest, org_id: int, review_id: int, payload: CancelIn) -> Any:
    review = _review(request, org_id, review_id)
    services.review_cancel(actor=request.user, review=review, reason=payload.reason)
    return selectors.review_get(organization=review.organization, pk=review.pk)


class CloseIn(Schema):
    closing_note: str = Field(..., min_length=1)
    closed_on: dt.date | None = None


@router.post(
    f"{ACTION}/close",
    response=FINDING_OUT,
    summary="Close an action with what was done (its owner or reviews.change)",
)
def close(request: HttpRequest, org_id: int, finding_id: int, payload: CloseIn) -> Any:
    org = member_organization(request, org_id, "reviews.view")
    finding = selectors.finding_get(organization=org, pk=finding_id)
    services.finding_close(actor=request.user, finding=finding, **payload.dict())
    return selectors.finding_get(organization=org, pk=finding.pk)


class ScheduleOut(Schema):
    usage: int
    name: str
    cadence_rule: str
    cadence_months: int
    last_review: dt.date | None
    next_planned: dt.date | None
    next_review: dt.date


class ScheduleList(Schema):
    items: list[ScheduleOut]
    count: int


@router.get(
    f"{ORG}/review-schedule",
    response=ScheduleList,
    summary="Usages in operation with their review cadence and next review (limit, offset)",
)
def schedule(request: HttpRequest, org_id: int, due: c.Due | None = None) -> Any:
    org = member_organization(request, org_id, "reviews.view")
    own = overrides([org.pk]).get(org.pk)
    queryset = schedule_list(organization=org).order_by("pk")
    if due:
        queryset = queryset.filter(due_filter(due, timezone.localdate(), own))
    page = paginate(request, queryset)
    return {
        "count": page["count"],
        "items": [
            {
                "usage": u.pk,
                "name": u.name,
                "cadence_rule": u.cadence.key,
                "cadence_months": u.cadence.months,
                "last_review": u.last_review,
                "next_planned": u.next_planned,
                "next_review": u.next_review,
            }
            for u in scheduled(page["items"], own)
        ],
    }
