"""Reads, always scoped to one organization."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.permissions import prime_roles
from organizations.models import Membership, Organization, OrganizationUnit


def organization_list_for_user(*, user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user, is_active=True).distinct()


def organization_get_for_user(*, user: Any, pk: int) -> Organization:
    """The organization if the user belongs to it, else 404 (never reveal it exists)."""
    return get_object_or_404(organization_list_for_user(user=user), pk=pk)


def membership_roles(*, user: Any, organization: Organization) -> list[str]:
    """The user's role names in the organization: the role loader of ``core.permissions``
    (installed by ``OrganizationsConfig.ready``)."""
    return list(
        Membership.objects.filter(user=user, organization=organization).values_list(
            "role", flat=True
        )
    )


def organization_get_for_member(*, user: Any, pk: int) -> Organization:
    """Like ``organization_get_for_user`` (404 unless the user belongs to it), in one query
    that also primes the role cache of ``core.permissions`` - as
    ``CurrentOrganizationMiddleware`` does for pages - so the permission checks that follow
    cost nothing more (token-authenticated API calls bypass the middleware)."""
    memberships = list(
        Membership.objects.filter(
            user=user, organization_id=pk, organization__is_active=True
        ).select_related("organization")
    )
    if not memberships:
        raise Http404
    organization = memberships[0].organization
    prime_roles(user, organization, (m.role for m in memberships))
    return organization


def is_member_anywhere(*, user: Any) -> bool:
    """Whether the user belongs to some active organization (shared reference data, such
    as vendors and KLE, is for them)."""
    return Membership.objects.filter(user=user, organization__is_active=True).exists()


def unit_list(*, organization: Organization) -> QuerySet[OrganizationUnit]:
    return OrganizationUnit.objects.filter(organization=organization).select_related("parent")


def unit_get(*, organization: Organization, pk: Any) -> OrganizationUnit:
    return get_object_or_404(unit_list(organization=organization), pk=pk)


def unit_tree(*, organization: Organization) -> list[tuple[OrganizationUnit, int]]:
    """All units depth-first with their depth, from one query."""
    units = list(OrganizationUnit.objects.filter(organization=organization).order_by("name"))
    children: dict[int | None, list[OrganizationUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    result: list[tuple[OrganizationUnit, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for child in children.get(parent_id, []):
            result.append((child, depth))
            walk(child.pk, depth + 1)

    walk(None, 0)
    return result


def unit_descendant_ids(*, unit: OrganizationUnit) -> set[int]:
    ids: set[int] = set()
    pairs = list(
        OrganizationUnit.objects.filter(organization_id=unit.organization_id).values_list(
            "pk", "parent_id"
        )
    )
    frontier = {unit.pk}
    while frontier:
        frontier = {pk for pk, parent in pairs if parent in frontier} - ids
        ids |= frontier
    return ids


def membership_list(*, organization: Organization) -> QuerySet[Membership]:
    return Membership.objects.filter(organization=organization).select_related("user", "unit")


def membership_get(*, organization: Organization, pk: Any) -> Membership:
    return get_object_or_404(membership_list(organization=organization), pk=pk)
