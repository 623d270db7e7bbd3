"""Picks the organization the signed-in user works in (chosen in the header switcher)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core.logging import set_log_organization
from core.permissions import prime_roles
from organizations.models import Membership

SESSION_KEY = "styrbar_organization_id"


class CurrentOrganizationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organization = None  # type: ignore[attr-defined]
        request.user_organizations = []  # type: ignore[attr-defined]
        user = request.user
        if user.is_authenticated:
            memberships = list(
                Membership.objects.filter(user=user, organization__is_active=True)
                .select_related("organization")
                .order_by("organization__name")
            )
            # Default to a kommune before a community when nothing has been chosen yet.
            memberships.sort(key=lambda m: m.organization.is_community)
            organizations = {m.organization_id: m.organization for m in memberships}
            roles: dict[int, set[str]] = {}
            for m in memberships:
                roles.setdefault(m.organization_id, set()).add(m.role)
            # Prime the permission cache so views need no extra query.
            for org_id, org_roles in roles.items():
                prime_roles(user, organizations[org_id], org_roles)
            chosen: int | None = request.session.get(SESSION_KEY)
            if chosen not in organizations and organizations:
                chosen = next(iter(organizations))
                request.session[SESSION_KEY] = chosen
            request.organization = organizations.get(chosen or 0)  # type: ignore[attr-defined]
            request.user_organizations = list(organizations.values())  # type: ignore[attr-defined]
            set_log_organization(request.organization)  # type: ignore[attr-defined]
        return self.get_response(request)
