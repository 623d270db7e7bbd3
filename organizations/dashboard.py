"""The organization's own card on the dashboard (Overblik); registered first (order 10)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from core.orgcache import shared_card
from core.selectors import audit_event_list
from organizations.selectors import membership_list, unit_list


@shared_card
def foundation_card(request: HttpRequest) -> dict[str, Any]:
    org = request.organization  # type: ignore[attr-defined]
    return {
        "title": gettext_lazy("Organisationen"),
        "figures": [
            (gettext_lazy("Enheder"), unit_list(organization=org).count()),
            (gettext_lazy("Medlemskaber"), membership_list(organization=org).count()),
            (
                gettext_lazy("Hændelser i revisionsloggen"),
                audit_event_list(organization=org).count(),
            ),
        ],
    }
