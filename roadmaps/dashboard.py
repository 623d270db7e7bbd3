"""The roadmaps' card on the dashboard (Overblik): overdue milestones and the next gate."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.orgcache import shared_card
from core.permissions import has_perm
from roadmaps import selectors

SHOWN = 5


def _day(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


@shared_card
def roadmap_card(request: HttpRequest) -> dict[str, Any] | None:
    """Overdue milestones (count and the first five) and the next gate waiting for a
    decision, across the organization's active roadmaps. Three queries.

    ``figures`` carries everything as label/value pairs (the dashboard's generic card);
    ``overdue``, ``next_gate`` and ``template`` let the dashboard render a richer card with
    links (``roadmaps/_dashboard_card.html``).
    """
    org = request.organization  # type: ignore[attr-defined]
    if not has_perm(request.user, org, "roadmap.view"):
        return None
    today = timezone.localdate()
    overdue_qs = selectors.overdue_milestones(organization=org, today=today)
    count = overdue_qs.count()
    overdue = [
        {
            "title": m.title,
            "roadmap": m.roadmap.name,
            "due": _day(m.due_date),
            "days": (today - m.due_date).days if m.due_date else 0,
            "url": f"{m.roadmap.get_absolute_url()}#milepael-{m.pk}",
        }
        for m in overdue_qs[:SHOWN]
    ]
    gate = selectors.pending_gates(organization=org).first()
    next_gate = (
        {
            "body": gate.get_body_display(),
            "title": gate.title,
            "label": str(gate),  # "Økonomiudvalget: …" once, whatever the title says
            "planned": _day(gate.planned_date),
            "decision": gate.get_decision_display(),
            "roadmap": gate.roadmap.name,
            "url": f"{gate.roadmap.get_absolute_url()}#beslutning-{gate.pk}",
        }
        if gate is not None
        else None
    )
    figures: list[tuple[str, Any]] = [(_("Forsinkede milepæle"), count)]
    for item in overdue:
        figures.append(
            (
                _("%(title)s (%(roadmap)s)") % item,
                _("frist %(due)s") % item,
            )
        )
    if gate is not None and next_gate is not None:
        figures.append(
            (
                _("Næste beslutning: %(gate)s") % {"gate": gate},
                next_gate["planned"] or _("uden mødedato"),
            )
        )
    else:
        figures.append((_("Næste beslutning"), _("ingen afventer")))
    return {
        "title": _("Roadmaps"),
        "figures": figures,
        "template": "roadmaps/_dashboard_card.html",
        "overdue_count": count,
        "overdue": overdue,
        "next_gate": next_gate,
        "list_url": reverse("roadmaps:roadmap_list"),
    }
