"""The card on the overview: unread notifications (shown only when there are some)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

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
