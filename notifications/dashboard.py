"""The card on the overview: unread notifications (shown only when there are some)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.orgcache import shared_card
from notifications.selectors import unread_count


def notification_card(request: HttpRequest) -> dict[str, Any] | None:
    organization = request.organization  # type: ignore[attr-defined]
    unread = unread_count(user=request.user, organization=organization)
    if not unread:
        return None
    return {
        "title": _("Notifikationer"),
        "template": "notifications/card.html",
        "unread": unread,
    }


@shared_card
def overdue_card(request: HttpRequest) -> dict[str, Any] | None:
    """ "Forfalden": the organization's overdue things counted by kind, each linking to
    the overdue page filtered to it (shown only when something is overdue)."""
    from django.urls import reverse
    from django.utils import timezone

    from notifications.overdue import overdue

    result = overdue(organization=request.organization, today=timezone.localdate())  # type: ignore[attr-defined]
    if not result.total:
        return None
    url = reverse("notifications:overdue")
    return {
        "title": _("Forfalden"),
        "template": "notifications/overdue_card.html",
        "total": result.total,
        "kinds": [
            {"label": g.label, "count": g.count, "url": f"{url}?kind={g.key}"}
            for g in result.by_kind
        ],
        "url": url,
    }
