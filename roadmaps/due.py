"""What falls due in roadmaps (:mod:`core.due`): milestones not yet done, by their due
date, to their owner (``milestone``). Milestones of completed or abandoned roadmaps are
not reminded. One query, whatever the number of milestones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.due import DueItem
from roadmaps.choices import MilestoneStatus, RoadmapStatus
from roadmaps.models import Milestone

MILESTONE = _("Milepæl")
LEAD_DAYS = (14, 0)


def milestones(
    *, today: dt.date, until: dt.date, organization_ids: Collection[int] | None = None
) -> Iterator[DueItem]:
    """Open milestones of active roadmaps due on or before ``until`` (one query)."""
    rows = (
        Milestone.objects.filter(due_date__isnull=False, due_date__lte=until)
        .exclude(status=MilestoneStatus.DONE)
        .filter(roadmap__status=RoadmapStatus.ACTIVE)
        .select_related("roadmap", "owner")
        .order_by("pk")
    )
    if organization_ids is not None:
        rows = rows.filter(roadmap__organization_id__in=list(organization_ids))
    for milestone in rows:
        assert milestone.due_date is not None
        owner = milestone.owner
        active = owner is not None and owner.is_active
        link = reverse("roadmaps:roadmap_detail", kwargs={"pk": milestone.roadmap_id})
        yield DueItem(
            kind="milestone",
            kind_label=MILESTONE,
            key=f"milestone:{milestone.pk}:{milestone.due_date.isoformat()}",
            organization_id=milestone.roadmap.organization_id,
            title=f"{milestone.title} ({milestone.roadmap.name})",
            due_date=milestone.due_date,
            link=f"{link}#milepael-{milestone.pk}",
            recipients=(owner,) if active else (),
            owner=str(owner.get_full_name() or owner.get_username()) if owner else "",
            lead_days=LEAD_DAYS,
        )
