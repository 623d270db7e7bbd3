"""The organization in an API path, for a member of it.

Organizations provide the lookup through the registry hook ``member_organization``
(``organizations.selectors.organization_get_for_member``: one query, 404 for non-members,
primes the role cache), so the API machinery needs no import of the tenancy app.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from core.permissions import require
from core.registry import registry


def member_organization(request: HttpRequest, org_id: int, perm: str | None = None) -> Any:
    """The organization ``org_id`` if the user belongs to it (else 404), one query; with
    ``perm`` the user must also hold that permission there (else 403)."""
    organization = registry.call("member_organization", user=request.user, pk=org_id)
    if perm:
        require(request.user, organization, perm)
    return organization


def require_any_membership(request: HttpRequest) -> None:
    """Shared reference data (vendors, KLE) is for users who belong to some organization."""
    if not registry.call("is_member_anywhere", user=request.user):
        raise PermissionDenied
