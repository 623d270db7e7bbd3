"""The kontrolorgan's API beyond the meetings' CRUD (which comes from the resource).

* ``GET/PATCH /organizations/{id}/control-body``: name, mandate, the milestone that
  established it, and its members (PATCH with ``members`` replaces them);
* ``GET …/meetings/{mid}/agenda`` the items with decisions and conditions; ``POST`` the
  same path generates (adds what is due, keeps the rest); ``POST …/agenda/items`` adds a
  free item; ``PATCH …/agenda/items/{item_id}`` edits or moves one;
  ``POST …/agenda/items/{item_id}/decision`` records its decision;
* ``POST …/meetings/{mid}/transitions``: hold, approve_minutes, reopen;
* ``GET …/meetings/{mid}/minutes.docx`` and ``minutes.pdf``;
* ``GET …/conditions`` (filters ``status``, ``overdue``, ``open``), ``GET`` and ``PATCH
  …/conditions/{id}`` (close it).

Optimistic concurrency (issue 17): the kontrolorgan's and a condition's GET answer an
``ETag``, the agenda's answers the meeting's (it moves with every change of the agenda);
the PATCHes honour ``If-Match`` (412 with a Danish message on a stale version, compared
again under the row lock; without the header the write goes ahead as before).

Another organization's meeting, item or condition is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from controlbody import choices as c
from controlbody import minutes, selectors, services
from controlbody.filters import CONDITION_FILTERS
from core.api import ETAG, IF_MATCH_AND_ETAG, ORG, binary_response, page_of, paginate
from core.api.resources import STALE, precondition
from core.api.routes import tagged
from core.api.tenancy import member_organization
from core.concurrency import if_match_versions
from organizations.models import Membership
from roadmaps.models import Milestone

router = Router(tags=["controlbody"])
OPERATION_ID_PREFIX = "controlbody_api"
VIEW, RUN = "controlbody.view", "controlbody.run"
MEETING = f"{ORG}/meetings/{{meeting_id}}"


# The body ---------------------------------------------------------------------------------


class MemberOut(Schema):
    user: int
    name: str
    role: str = Field(description="formand, sekretaer or medlem")


class BodyOut(Schema):
    id: int | None
    name: str
    mandate: str
    established_by: int | None = Field(description="Id of the roadmap milestone")
    members: list[MemberOut]


class MemberIn(Schema):
    user: int
    role: c.MemberRole = c.MemberRole.MEMBER


class BodyPatch(Schema):
    name: str | None = None
    mandate: str | None = None
    established_by: int | None = None
    members: list[MemberIn] | None = Field(None, max_length=100)


def _body(org: Any, body: Any = None) -> dict[str, Any]:
    body = body if body is not None else selectors.body_for(organization=org)
    if body is None:
        return {
            "id": None,
            "name": "Kontrolorgan",
            "mandate": "",
            "established_by": None,
            "members": [],
        }
    return {
        "id": body.pk,
        "name": body.name,
        "mandate": body.mandate,
        "established_by": body.established_by_id,
        "members": [
            {
                "user": m.user_id,
                "name": m.user.get_full_name() or m.user.get_username(),
                "role": m.role,
            }
            for m in body.members.select_related("user")
        ],
    }


def _body_answer(response: HttpResponse, org: Any) -> dict[str, Any]:
    """The kontrolorgan as the API answers it, with its version as the ``ETag`` (none
    before it is first saved)."""
    body = selectors.body_for(organization=org)
    if body is not None:
        tagged(response, body)
    return _body(org, body)


@router.get(f"{ORG}/control-body", response=BodyOut, summary="The kontrolorgan", openapi_extra=ETAG)
def body_get(request: HttpRequest, org_id: int, response: HttpResponse) -> Any:
    return _body_answer(response, member_organization(request, org_id, VIEW))


@router.patch(
    f"{ORG}/control-body",
    response=BodyOut,
    summary="Change the kontrolorgan (controlbody.run)",
    openapi_extra=IF_MATCH_AND_ETAG,
)
def body_patch(
    request: HttpRequest, org_id: int, payload: BodyPatch, response: HttpResponse
) -> Any:
    org = member_organization(request, org_id, VIEW)
    data = payload.dict(exclude_unset=True)
    current = selectors.body_for(organization=org)
    fields: dict[str, Any] = {
        "name": data.get("name") or (current.name if current else "Kontrolorgan"),
        "mandate": data["mandate"]
        if data.get("mandate") is not None
        else (current.mandate if current else ""),
        "established_by": current.established_by if current else None,
    }
    if "established_by" in data:
        mid = data["established_by"]
        fields["established_by"] = (
            None
            if mid is None
            else Milestone.objects.filter(roadmap__organization=org, pk=mid).first()
        )
        if mid is not None and fields["established_by"] is None:
            raise ValidationError({"established_by": "Milepælen findes ikke i organisationen."})
    if data.get("members") is not None:
        ids = [m["user"] for m in data["members"]]
        users = {
            m.user_id: m.user
            for m in Membership.objects.filter(organization=org, user_id__in=ids).select_related(
                "user"
            )
        }
        missing = [str(i) for i in ids if i not in users]
        if missing:
            raise ValidationError(
                {"members": f"Ikke medlem af organisationen: {', '.join(missing)}"}
            )
        fields["members"] = [(users[m["user"]], m["role"]) for m in data["members"]]
    if current is None:
        # Not saved yet: an If-Match naming a version cannot match (RFC 9110; ``*`` can).
        if if_match_versions(request.headers.get("If-Match")) is not None:
            raise HttpError(412, _(STALE))
        services.body_save(actor=request.user, organization=org, **fields)
    else:
        with precondition(request, current):
            services.body_save(actor=request.user, organization=org, **fields)
    return _body_answer(response, org)


# Agenda -----------------------------------------------------------------------------------


class ConditionOut(Schema):
    id: int
    text: str
    owner: int | None
    owner_name: str
    due_date: dt.date
    status: str = Field(description="aaben, opfyldt or bortfaldet (met on the request page counts)")
    overdue: bool
    closed_on: dt.date | None
    closing_note: str
    meeting: int
    item: int
    request_condition: int | None = Field(description="Procurement's condition on the request")


class ItemOut(Schema):
    id: int
    position: int
    kind: str
    source_key: str
    title: str
    description: str
    request: int | None
    link: str
    due_date: dt.date | None
    decision: str
    reasoning: str
    decided_at: dt.datetime | None
    conditions: list[ConditionOut]


class AgendaOut(Schema):
    meeting: int
    status: str
    generated_at: dt.datetime | None
    items: list[ItemOut]
    count: int


def _condition(k: Any, today: dt.date) -> dict[str, Any]:
    status = k.effective_status
    return {
        "id": k.pk,
        "text": k.text,
        "owner": k.owner_id,
        "owner_name": k.owner_label,
        "due_date": k.due_date,
        "status": status,
        "overdue": status == c.ConditionStatus.OPEN and k.due_date < today,
        "closed_on": k.closed_on or (k.request_condition.done_on if k.request_condition else None),
        "closing_note": k.closing_note,
        "meeting": k.item.meeting_id,
        "item": k.item_id,
        "request_condition": k.request_condition_id,
    }


def _agenda(meeting: Any) -> dict[str, Any]:
    from django.utils import timezone

    today = timezone.localdate()
    items = list(
        meeting.items.order_by("position", "pk").prefetch_related(
            "conditions__owner", "conditions__request_condition", "conditions__item"
        )
    )
    return {
        "meeting": meeting.pk,
        "status": meeting.status,
        "generated_at": meeting.agenda_generated_at,
        "count": len(items),
        "items": [
            {
                "id": i.pk,
                "position": i.position,
                "kind": i.kind,
                "source_key": i.source_key,
                "title": i.title,
                "description": i.description,
                "request": i.request_id,
                "link": i.link,
                "due_date": i.due_date,
                "decision": i.decision,
                "reasoning": i.reasoning,
                "decided_at": i.decided_at,
                "conditions": [_condition(k, today) for k in i.conditions.all()],
            }
            for i in items
        ],
    }


def _meeting(request: HttpRequest, org_id: int, meeting_id: int) -> Any:
    org = member_organization(request, org_id, VIEW)
    return selectors.meeting_get(organization=org, pk=meeting_id)


@router.get(
    f"{MEETING}/agenda",
    response=AgendaOut,
    summary="The meeting's agenda; its ETag is the meeting's version",
    openapi_extra=ETAG,
)
def agenda_get(request: HttpRequest, org_id: int, meeting_id: int, response: HttpResponse) -> Any:
    meeting = _meeting(request, org_id, meeting_id)
    tagged(response, meeting)
    return _agenda(meeting)


@router.post(
    f"{MEETING}/agenda",
    response=AgendaOut,
    summary="Generate the agenda from what is due (controlbody.run); keeps what is there",
)
def agenda_generate(request: HttpRequest, org_id: int, meeting_id: int) -> Any:
    meeting = _meeting(request, org_id, meeting_id)
    services.agenda_generate(actor=request.user, meeting=meeting)
    return _agenda(meeting)


class ItemIn(Schema):
    title: str = Field(..., max_length=300)
    description: str = ""


class ItemPatch(Schema):
    title: str | None = Field(None, max_length=300)
    description: str | None = None
    position: int | None = Field(None, ge=1, description="Move the item to this place (1 = first)")


@router.post(
    f"{MEETING}/agenda/items", response=AgendaOut, summary="Add a free item (controlbody.run)"
)
def item_create(request: HttpRequest, org_id: int, meeting_id: int, payload: ItemIn) -> Any:
    meeting = _meeting(request, org_id, meeting_id)
    services.item_add(actor=request.user, meeting=meeting, **payload.dict())
    return _agenda(meeting)


def _item(request: HttpRequest, org_id: int, meeting_id: int, item_id: int) -> Any:
    meeting = _meeting(request, org_id, meeting_id)
    return get_object_or_404(
        meeting.items.select_related("meeting__organization", "meeting__body", "request"),
        pk=item_id,
    )


@router.patch(
    f"{MEETING}/agenda/items/{{item_id}}",
    response=AgendaOut,
    summary="Edit or move an item (controlbody.run); If-Match: the agenda's ETag",
    openapi_extra=IF_MATCH_AND_ETAG,
)
def item_patch(
    request: HttpRequest,
    org_id: int,
    meeting_id: int,
    item_id: int,
    payload: ItemPatch,
    response: HttpResponse,
) -> Any:
    from django.db import transaction

    item = _item(request, org_id, meeting_id, item_id)
    data = payload.dict(exclude_unset=True)
    # The version is the meeting's: every change of its agenda moves it.
    with precondition(request, item.meeting), transaction.atomic():
        if "title" in data or "description" in data:
            services.item_update(
                actor=request.user,
                item=item,
                title=data.get("title") or item.title,
                description=data["description"]
                if data.get("description") is not None
                else item.description,
            )
        if data.get("position") is not None:
            services.item_move(actor=request.user, item=item, to=data["position"])
    tagged(response, item.meeting)
    return _agenda(item.meeting)


class ConditionIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000)
    due_date: dt.date
    owner: int | None = Field(None, description="Id of a user of the organization")
    owner_name: str = Field("", max_length=200)


class DecisionIn(Schema):
    decision: c.Decision
    reasoning: str = Field(..., max_length=10000)
    conditions: list[ConditionIn] = Field(default_factory=list, max_length=20)


@router.post(
    f"{MEETING}/agenda/items/{{item_id}}/decision",
    response=AgendaOut,
    summary="Record the item's decision (controlbody.run); a request moves in its workflow",
)
def item_decision(
    request: HttpRequest, org_id: int, meeting_id: int, item_id: int, payload: DecisionIn
) -> Any:
    item = _item(request, org_id, meeting_id, item_id)
    services.item_decide(
        actor=request.user,
        item=item,
        decision=payload.decision,
        reasoning=payload.reasoning,
        conditions=[x.dict() for x in payload.conditions],
    )
    return _agenda(item.meeting)


class MoveIn(Schema):
    transition: str = Field(description="hold, approve_minutes or reopen")


@router.post(
    f"{MEETING}/transitions",
    response=AgendaOut,
    summary="Hold the meeting, approve its minutes or reopen it (controlbody.run)",
)
def meeting_transition(request: HttpRequest, org_id: int, meeting_id: int, payload: MoveIn) -> Any:
    meeting = _meeting(request, org_id, meeting_id)
    services.meeting_move(actor=request.user, meeting=meeting, transition_name=payload.transition)
    return _agenda(meeting)


def _file(request: HttpRequest, org_id: int, meeting_id: int, fmt: str) -> HttpResponse:
    meeting = _meeting(request, org_id, meeting_id)
    docx, pdf, approved = minutes.files(meeting)
    data, kind = (docx, minutes.DOCX_TYPE) if fmt == "docx" else (pdf, minutes.PDF_TYPE)
    response = HttpResponse(data, content_type=kind)
    stem = "referat" if approved else "referat-udkast"
    response["Content-Disposition"] = (
        f'attachment; filename="{stem}-{meeting.date.isoformat()}.{fmt}"'
    )
    return response


@router.get(
    f"{MEETING}/minutes.docx",
    summary="The minutes as DOCX (stored when approved, else a draft)",
    openapi_extra=binary_response(minutes.DOCX_TYPE, "DOCX"),
)
def minutes_docx(request: HttpRequest, org_id: int, meeting_id: int) -> HttpResponse:
    return _file(request, org_id, meeting_id, "docx")


@router.get(
    f"{MEETING}/minutes.pdf",
    summary="The minutes as PDF (stored when approved, else a draft)",
    openapi_extra=binary_response(minutes.PDF_TYPE, "PDF"),
)
def minutes_pdf(request: HttpRequest, org_id: int, meeting_id: int) -> HttpResponse:
    return _file(request, org_id, meeting_id, "pdf")


# Conditions -------------------------------------------------------------------------------


class ConditionPatch(Schema):
    status: c.ConditionStatus = Field(description="opfyldt or bortfaldet")
    closing_note: str = Field("", max_length=5000)
    closed_on: dt.date | None = None


@router.get(
    f"{ORG}/conditions", response=page_of(ConditionOut), summary="The kontrolorgan's conditions"
)
def condition_list(request: HttpRequest, org_id: int) -> Any:
    from django.utils import timezone

    org = member_organization(request, org_id, VIEW)
    page = paginate(
        request, selectors.condition_list(organization=org), filterset=CONDITION_FILTERS
    )
    today = timezone.localdate()
    return {"items": [_condition(k, today) for k in page["items"]], "count": page["count"]}


@router.get(
    f"{ORG}/conditions/{{condition_id}}",
    response=ConditionOut,
    summary="One condition",
    openapi_extra=ETAG,
)
def condition_get(
    request: HttpRequest, org_id: int, condition_id: int, response: HttpResponse
) -> Any:
    from django.utils import timezone

    org = member_organization(request, org_id, VIEW)
    condition = selectors.condition_get(organization=org, pk=condition_id)
    return _condition(tagged(response, condition), timezone.localdate())


@router.patch(
    f"{ORG}/conditions/{{condition_id}}",
    response=ConditionOut,
    summary="Close a condition as met or lapsed (controlbody.run)",
    openapi_extra=IF_MATCH_AND_ETAG,
)
def condition_patch(
    request: HttpRequest,
    org_id: int,
    condition_id: int,
    payload: ConditionPatch,
    response: HttpResponse,
) -> Any:
    from django.utils import timezone

    org = member_organization(request, org_id, VIEW)
    condition = selectors.condition_get(organization=org, pk=condition_id)
    with precondition(request, condition):
        services.condition_close(actor=request.user, condition=condition, **payload.dict())
    condition = selectors.condition_get(organization=org, pk=condition_id)
    return _condition(tagged(response, condition), timezone.localdate())
