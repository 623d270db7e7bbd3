"""The portfolio's card on the dashboard (Overblik)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.orgcache import shared_card
from core.permissions import has_perm
from portfolio import selectors
from portfolio.choices import ACTIVE_LIFECYCLES
from portfolio.models import Contract, Integration, SystemUsage


@shared_card
def portfolio_card(request: HttpRequest) -> dict[str, Any] | None:
    org = request.organization  # type: ignore[attr-defined]
    if not has_perm(request.user, org, "portfolio.view"):
        return None
    today = timezone.localdate()
    active = SystemUsage.objects.filter(organization=org, lifecycle__in=ACTIVE_LIFECYCLES)
    no_owner = selectors.usages_without_systemejer(organization=org)
    contracts = Contract.objects.filter(organization=org, terminated=False).aggregate(
        total=Count("pk"),
        expiring=Count(
            "pk", filter=Q(end_date__gte=today, end_date__lte=today + dt.timedelta(days=183))
        ),
    )
    integrations = Integration.objects.filter(organization=org, status="active").count()
    return {
        "title": _("Systemportefølje"),
        "figures": [
            (_("Systemer i anvendelse"), active.count()),
            (_("Systemer uden systemejer"), no_owner.count()),
            (_("Aktive kontrakter"), contracts["total"]),
            (_("Kontrakter der udløber inden for 6 måneder"), contracts["expiring"]),
            (_("Aktive integrationer"), integrations),
        ],
    }
