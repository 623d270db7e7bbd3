"""Reads of roadmaps, always scoped to one organization; another organization's is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from organizations.models import Membership, Organization
from roadmaps.choices import GateDecision, MilestoneStatus, RoadmapStatus
from roadmaps.models import Gate, Milestone, Roadmap


def roadmap_list(*, organization: Organization, today: dt.date | None = None) -> QuerySet[Roadmap]:
    """The organization's roadmaps with milestone, done and overdue counts (one query)."""
    today = today or timezone.localdate()
    open_ = ~Q(milestones__status=MilestoneStatus.DONE)
    return Roadmap.objects.filter(organization=organization).annotate(
        milestone_count=Count("milestones", distinct=True),
        done_count=Count(
            "milestones", filter=Q(milestones__status=MilestoneStatus.DONE), distinct=True
        ),
        overdue_count=Count(
            "milestones", filter=open_ & Q(milestones__due_date__lt=today), distinct=True
        ),
    )


def roadmap_get(*, organization: Organization, pk: Any) -> Roadmap:
    return get_object_or_404(
        Roadmap.objects.filter(organization=organization).select_related("assessment"), pk=pk
    )


def milestone_list(*, organization: Organization, roadmap: Roadmap) -> QuerySet[Milestone]:
    """The roadmap's milestones in order, with owner and the gates they wait for."""
    return (
        Milestone.objects.filter(roadmap=roadmap, roadmap__organization=organization)
        .select_related("owner")
        .prefetch_related(Prefetch("gates", queryset=Gate.objects.order_by("order", "pk")))
        .order_by("order", "pk")
    )


def milestone_get(
    *, organization: Organization, pk: Any, roadmap: Roadmap | None = None
) -> Milestone:
    queryset = Milestone.objects.filter(roadmap__organization=organization).select_related(
        "roadmap", "roadmap__organization", "owner"
    )
    if roadmap is not None:
        queryset = queryset.filter(roadmap=roadmap)
    return get_object_or_404(queryset, pk=pk)


def gate_list(*, organization: Organization, roadmap: Roadmap) -> QuerySet[Gate]:
    """The roadmap's gates in order, with the milestones that wait for them."""
    return (
        Gate.objects.filter(roadmap=roadmap, roadmap__organization=organization)
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("order", "pk"))
        )
        .order_by("order", "pk")
    )


def gate_get(*, organization: Organization, pk: Any, roadmap: Roadmap | None = None) -> Gate:
    queryset = Gate.objects.filter(roadmap__organization=organization).select_related(
        "roadmap", "roadmap__organization"
    )
    if roadmap is not None:
        queryset = queryset.filter(roadmap=roadmap)
    return get_object_or_404(queryset, pk=pk)


def member_list(*, organization: Organization) -> QuerySet[Any]:
    """The users who may own a milestone: the organization's members."""
    return (
        get_user_model()
        .objects.filter(
            pk__in=Membership.objects.filter(organization=organization).values("user_id")
        )
        .order_by("first_name", "last_name", "username")
    )


def overdue_milestones(
    *, organization: Organization, today: dt.date | None = None
) -> QuerySet[Milestone]:
    """Milestones of the organization's active roadmaps that are past due and not done,
    the longest overdue first."""
    today = today or timezone.localdate()
    return (
        Milestone.objects.filter(
            roadmap__organization=organization,
            roadmap__status=RoadmapStatus.ACTIVE,
            due_date__lt=today,
        )
        .exclude(status=MilestoneStatus.DONE)
        .select_related("roadmap", "owner")
        .order_by("due_date", "roadmap__name", "order")
    )


def pending_gates(*, organization: Organization) -> QuerySet[Gate]:
    """Gates of active roadmaps still waiting for a decision (pending or postponed), the
    next planned meeting first (gates without a planned meeting last)."""
    return (
        Gate.objects.filter(
            roadmap__organization=organization,
            roadmap__status=RoadmapStatus.ACTIVE,
            decision__in=[GateDecision.PENDING, GateDecision.POSTPONED],
        )
        .select_related("roadmap")
        .order_by(F("planned_date").asc(nulls_last=True), "roadmap__name", "order")
    )
