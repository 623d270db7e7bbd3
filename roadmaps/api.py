"""Roadmaps, milestones and approval gates under /api/v1/organizations/{org_id}/roadmaps.

* ``GET …/roadmaps`` (q, status, strategy, sort, changed_since, limit, offset) and
  ``POST …/roadmaps`` (generate from a strategy's template), ``GET|PATCH|DELETE
  …/roadmaps/{roadmap_id}``.
* ``GET|POST …/roadmaps/{roadmap_id}/milestones``, ``PATCH|DELETE
  …/milestones/{milestone_id}``, ``PUT …/milestones/order`` (all ids in the new order).
  Setting ``status`` to ``done`` needs every gate of the milestone approved (400 with a
  Danish message otherwise).
* ``GET …/roadmaps/{roadmap_id}/gates`` and ``POST …/gates/{gate_id}/decision`` (the
  ``gate.decide`` permission): approved, rejected, postponed — or pending to withdraw.

Lists answer ``{"items", "count"}`` with ``limit`` 1–100 and ``offset``; another
organization's roadmap, milestone or gate is a 404; every write is audited by the service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

import knowledge
from core.api import IF_MATCH, IF_MATCH_AND_ETAG, ORG, page_of, paginate
from core.api.params import list_params
from core.api.resources import ApiResource, pks, precondition, resolved, user_name
from core.api.routes import Crud, tagged
from core.api.tenancy import member_organization
from organizations.models import Organization
from roadmaps import selectors, services
from roadmaps.choices import GateBody, GateDecision, MilestoneStatus, RoadmapStatus
from roadmaps.filters import ROADMAP_FILTERS
from roadmaps.models import Gate, Milestone, Roadmap

router = Router(tags=["roadmaps"])

ROADMAP = f"{ORG}/roadmaps/{{roadmap_id}}"


# Schemas -------------------------------------------------------------------------------


class RoadmapOut(Schema):
    id: int
    name: str
    strategy: str
    strategy_name: str
    template_key: str
    derived: bool = Field(
        description="Kilderne giver ingen roadmap for strategien; Styrbar har bygget den."
    )
    knowledge_version: str
    assessment_id: int | None
    start_date: dt.date
    status: RoadmapStatus
    milestone_count: int
    done_count: int
    overdue_count: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_strategy_name(obj: Roadmap) -> str:
        return obj.get_strategy_display()


class RoadmapIn(Schema):
    strategy: str = Field(
        description="Strategien (eller driftsfaellesskab), hvis skabelon roadmappen bygges af."
    )
    start_date: dt.date | None = Field(default=None, description="Standard: i dag")
    name: str = Field(default="", description="Standard: strategiens navn")
    assessment_id: int | None = None


class RoadmapPatch(Schema):
    name: str | None = None
    start_date: dt.date | None = None
    status: RoadmapStatus | None = None


class MilestoneOut(Schema):
    id: int
    roadmap_id: int
    order: int
    key: str
    title: str
    description: str
    deliverables: list[str]
    deliverables_done: list[str]
    owner_id: int | None
    owner_name: str | None
    start_date: dt.date | None
    due_date: dt.date | None
    status: MilestoneStatus
    overdue: bool
    completed_on: dt.date | None
    gate_ids: list[int] = Field(description="Beslutningspunkter, milepælen venter på")

    resolve_owner_name = resolved("owner", user_name)
    resolve_overdue = resolved("is_overdue")
    resolve_gate_ids = pks("gates")


class MilestoneIn(Schema):
    title: str
    description: str = ""
    deliverables: list[str] = Field(default_factory=list)
    deliverables_done: list[str] = Field(default_factory=list)
    owner_id: int | None = None
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    status: MilestoneStatus = MilestoneStatus.PLANNED
    gate_ids: list[int] = Field(default_factory=list)


class MilestonePatch(Schema):
    title: str | None = None
    description: str | None = None
    deliverables: list[str] | None = None
    deliverables_done: list[str] | None = None
    owner_id: int | None = None
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    status: MilestoneStatus | None = None
    gate_ids: list[int] | None = None


class MilestoneOrderIn(Schema):
    ids: list[int] = Field(description="Alle roadmappens milepæle i den nye rækkefølge")


class GateOut(Schema):
    id: int
    roadmap_id: int
    order: int
    body: GateBody
    body_name: str
    title: str
    planned_date: dt.date | None
    decision: GateDecision
    decided_on: dt.date | None
    meeting_reference: str
    note: str
    milestone_ids: list[int]

    @staticmethod
    def resolve_body_name(obj: Gate) -> str:
        return str(obj.get_body_display())

    resolve_milestone_ids = pks("milestones")


class DecisionIn(Schema):
    decision: Literal["approved", "rejected", "postponed", "pending"] = Field(
        description="pending trækker en registreret beslutning tilbage"
    )
    decided_on: dt.date | None = Field(default=None, description="Påkrævet, undtagen ved pending")
    meeting_reference: str = Field(default="", description='F.eks. "ØU 14-04-2026, pkt. 7"')
    note: str | None = None


# Helpers -------------------------------------------------------------------------------


ROADMAPS = ApiResource(
    queryset=selectors.roadmap_list,
    permission="roadmap.view",
    filters=ROADMAP_FILTERS,
    model=Roadmap,
)


def _milestone_out(org: Organization, roadmap: Roadmap, pk: int) -> Milestone:
    return selectors.milestone_list(organization=org, roadmap=roadmap).get(pk=pk)


def _milestone_fields(org: Organization, roadmap: Roadmap, data: dict[str, Any]) -> dict[str, Any]:
    """Payload ids → objects of this organization / roadmap (unknown ids are a 400)."""
    fields = dict(data)
    if "owner_id" in fields:
        owner_id = fields.pop("owner_id")
        owner = None
        if owner_id is not None:
            owner = selectors.member_list(organization=org).filter(pk=owner_id).first()
            if owner is None:
                raise ValidationError(
                    {"owner_id": _("Den ansvarlige skal være medlem af organisationen.")}
                )
        fields["owner"] = owner
    if "gate_ids" in fields:
        ids = list(dict.fromkeys(fields.pop("gate_ids") or []))
        found = Gate.objects.filter(roadmap=roadmap).in_bulk(ids)
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise ValidationError(
                {"gate_ids": _("Id %(ids)s findes ikke.") % {"ids": ", ".join(missing)}}
            )
        fields["gates"] = [found[pk] for pk in ids]
    return fields


def _roadmap_for(request: HttpRequest, org_id: int, roadmap_id: int, perm: str) -> Any:
    """The organization and the roadmap in the path, for a user with ``perm`` there."""
    org = member_organization(request, org_id, perm)
    return org, selectors.roadmap_get(organization=org, pk=roadmap_id)


def _in_roadmap(
    request: HttpRequest, org_id: int, roadmap_id: int, perm: str, get: Any, pk: int
) -> tuple[Organization, Roadmap, Any]:
    """The organization, the roadmap and its milestone or gate ``pk`` (``get`` is the
    selector) in the path, for a user with ``perm`` there."""
    org, roadmap = _roadmap_for(request, org_id, roadmap_id, perm)
    return org, roadmap, get(organization=org, pk=pk, roadmap=roadmap)


def _children(name: str, out: type[Schema], selector: Any, summary: str) -> None:
    """``GET …/roadmaps/{roadmap_id}/<name>s`` (operation ``<name>_list``): a page of the
    roadmap's milestones or gates, read by ``selector``."""

    def view(request: HttpRequest, org_id: int, roadmap_id: int) -> dict[str, Any]:
        org, roadmap = _roadmap_for(request, org_id, roadmap_id, "roadmap.view")
        return paginate(request, selector(organization=org, roadmap=roadmap))

    view.__name__ = view.__qualname__ = f"{name}_list"
    router.get(
        f"{ROADMAP}/{name}s",
        response=page_of(out),
        summary=summary,
        openapi_extra=list_params(None),
    )(view)


# Roadmaps ------------------------------------------------------------------------------


ROADMAP_API = Crud(router, "roadmaps", "roadmap", ROADMAPS, RoadmapOut, module=__name__)
ROADMAP_API.add_list("The organization's roadmaps with milestone counts")


@ROADMAP_API.on_collection(
    "post", status=201, summary="Generate a roadmap from a strategy's template (roadmap.change)"
)
def roadmap_create(request: HttpRequest, org_id: int, payload: RoadmapIn) -> tuple[int, Any]:
    from advisor.models import Assessment

    org = member_organization(request, org_id, "roadmap.change")
    options = [t.option for t in knowledge.load().roadmaps.roadmaps]
    if payload.strategy not in options:
        raise ValidationError(
            {"strategy": _("Ukendt strategi. Vælg en af: %(keys)s.") % {"keys": ", ".join(options)}}
        )
    assessment = None
    if payload.assessment_id is not None:
        assessment = Assessment.objects.filter(organization=org, pk=payload.assessment_id).first()
        if assessment is None:
            raise ValidationError({"assessment_id": _("Strategivurderingen findes ikke.")})
    roadmap = services.roadmap_create_from_strategy(
        actor=request.user,
        organization=org,
        strategy=payload.strategy,
        assessment=assessment,
        start_date=payload.start_date or timezone.localdate(),
        name=payload.name,
    )
    return 201, ROADMAPS.one(org, roadmap.pk)


ROADMAP_API.add_detail("One roadmap")


@ROADMAP_API.on_item(
    "patch", summary="Rename, move the start or change status", openapi_extra=IF_MATCH_AND_ETAG
)
def roadmap_update(
    request: HttpRequest,
    org_id: int,
    roadmap_id: int,
    payload: RoadmapPatch,
    response: HttpResponse,
) -> Any:
    org, roadmap = _roadmap_for(request, org_id, roadmap_id, "roadmap.change")
    fields = payload.dict(exclude_unset=True)
    for key in ("name", "start_date", "status"):
        if key in fields and fields[key] is None:
            raise HttpError(400, _("%(field)s må ikke være tom.") % {"field": key})
    with precondition(request, roadmap):
        services.roadmap_update(actor=request.user, roadmap=roadmap, **fields)
    return tagged(response, ROADMAPS.one(org, roadmap.pk))


@ROADMAP_API.on_item(
    "delete",
    status=204,
    summary="Delete a roadmap with its milestones and gates",
    openapi_extra=IF_MATCH,
)
def roadmap_delete(request: HttpRequest, org_id: int, roadmap_id: int) -> tuple[int, None]:
    _, roadmap = _roadmap_for(request, org_id, roadmap_id, "roadmap.change")
    with precondition(request, roadmap):
        services.roadmap_delete(actor=request.user, roadmap=roadmap)
    return 204, None


# Milestones ----------------------------------------------------------------------------


_children(
    "milestone",
    MilestoneOut,
    selectors.milestone_list,
    "The roadmap's milestones in order, with the gates they wait for",
)


@router.post(
    f"{ROADMAP}/milestones",
    response={201: MilestoneOut},
    summary="Add a milestone at the end (roadmap.change)",
)
def milestone_create(
    request: HttpRequest, org_id: int, roadmap_id: int, payload: MilestoneIn
) -> tuple[int, Any]:
    org, roadmap = _roadmap_for(request, org_id, roadmap_id, "roadmap.change")
    fields = _milestone_fields(org, roadmap, payload.dict())
    milestone = services.milestone_create(actor=request.user, roadmap=roadmap, **fields)
    return 201, _milestone_out(org, roadmap, milestone.pk)


@router.put(
    f"{ROADMAP}/milestones/order",
    response=page_of(MilestoneOut),
    summary="Reorder the milestones: every id once, in the new order",
    description=(
        "If-Match takes the roadmap's ETag (GET …/roadmaps/{roadmap_id}, or the ETag of "
        "the previous reordering's answer): a reordering is a change of the roadmap, so "
        "two reorderings from the same reading cannot silently interleave."
    ),
    openapi_extra=IF_MATCH_AND_ETAG,
)
def milestone_reorder(
    request: HttpRequest,
    org_id: int,
    roadmap_id: int,
    payload: MilestoneOrderIn,
    response: HttpResponse,
) -> dict[str, Any]:
    org, roadmap = _roadmap_for(request, org_id, roadmap_id, "roadmap.change")
    with precondition(request, roadmap):
        services.milestone_reorder(actor=request.user, roadmap=roadmap, order=payload.ids)
    tagged(response, roadmap)
    items = list(selectors.milestone_list(organization=org, roadmap=roadmap))
    return {"items": items, "count": len(items)}


@router.patch(
    f"{ROADMAP}/milestones/{{milestone_id}}",
    response=MilestoneOut,
    summary="Change a milestone; status done needs every gate it waits for approved",
    openapi_extra=IF_MATCH,
)
def milestone_update(
    request: HttpRequest, org_id: int, roadmap_id: int, milestone_id: int, payload: MilestonePatch
) -> Any:
    data = payload.dict(exclude_unset=True)
    for key in ("title", "status", "deliverables", "deliverables_done", "gate_ids"):
        if key in data and data[key] is None:
            raise HttpError(400, _("%(field)s må ikke være tom.") % {"field": key})
    org, roadmap, milestone = _in_roadmap(
        request, org_id, roadmap_id, "roadmap.change", selectors.milestone_get, milestone_id
    )
    fields = _milestone_fields(org, roadmap, data)
    with precondition(request, milestone):
        services.milestone_update(actor=request.user, milestone=milestone, **fields)
    return _milestone_out(org, roadmap, milestone.pk)


@router.delete(
    f"{ROADMAP}/milestones/{{milestone_id}}",
    response={204: None},
    summary="Remove a milestone",
    openapi_extra=IF_MATCH,
)
def milestone_delete(
    request: HttpRequest, org_id: int, roadmap_id: int, milestone_id: int
) -> tuple[int, None]:
    _, _, milestone = _in_roadmap(
        request, org_id, roadmap_id, "roadmap.change", selectors.milestone_get, milestone_id
    )
    with precondition(request, milestone):
        services.milestone_delete(actor=request.user, milestone=milestone)
    return 204, None


# Gates ---------------------------------------------------------------------------------


_children("gate", GateOut, selectors.gate_list, "The roadmap's approval gates and their decisions")


@router.post(
    f"{ROADMAP}/gates/{{gate_id}}/decision",
    response=GateOut,
    summary="Record a gate's decision with date and meeting reference (gate.decide)",
)
def gate_decide(
    request: HttpRequest, org_id: int, roadmap_id: int, gate_id: int, payload: DecisionIn
) -> Any:
    org, roadmap, gate = _in_roadmap(
        request, org_id, roadmap_id, "gate.decide", selectors.gate_get, gate_id
    )
    services.gate_decide(
        actor=request.user,
        gate=gate,
        decision=payload.decision,
        decided_on=payload.decided_on,
        meeting_reference=payload.meeting_reference,
        note=payload.note,
    )
    return selectors.gate_list(organization=org, roadmap=roadmap).get(pk=gate.pk)
