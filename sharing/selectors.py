"""Reads of consent-based sharing. Every read of another organization's data goes
through :func:`shared_categories`: the grants given *to* the viewing organization by
organizations it still cooperates with. No grant, no row; a revoked grant is gone from
the next query (nothing is cached)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from organizations.models import Organization
from sharing.models import ServiceMeasure, SharedService, SharingGrant


def partner_ids(*, organization: Organization) -> set[int]:
    """The organizations ``organization`` cooperates with: the active communities it is a
    member of, their other members, and (for a community) its own members. Symmetric:
    A cooperates with B exactly when B cooperates with A. Two queries."""
    through = Organization.members.through
    communities = set(
        through.objects.filter(
            to_organization_id=organization.pk, from_organization__is_active=True
        ).values_list("from_organization_id", flat=True)
    )
    communities |= {organization.pk}  # a community's own members are partners too
    members = set(
        through.objects.filter(
            from_organization_id__in=communities, to_organization__is_active=True
        ).values_list("to_organization_id", flat=True)
    )
    communities.discard(organization.pk)
    return (communities | members) - {organization.pk}


def partner_list(*, organization: Organization) -> QuerySet[Organization]:
    """The organizations a member may share with (:func:`partner_ids`), by name."""
    return Organization.objects.filter(
        pk__in=partner_ids(organization=organization), is_active=True
    ).order_by("name", "pk")


def grant_list(*, organization: Organization) -> QuerySet[SharingGrant]:
    """What ``organization`` shares, with whom (its own grants)."""
    return SharingGrant.objects.filter(organization=organization).select_related(
        "recipient", "granted_by"
    )


def grant_get(*, organization: Organization, pk: Any) -> SharingGrant:
    return get_object_or_404(grant_list(organization=organization), pk=pk)


def received_grants(*, organization: Organization) -> list[SharingGrant]:
    """The grants given to ``organization`` that are in force: the granting organization
    is active and still cooperates with it. Three queries."""
    partners = partner_ids(organization=organization)
    return list(
        SharingGrant.objects.filter(
            recipient=organization,
            organization_id__in=partners,
            organization__is_active=True,
        )
        .select_related("organization")
        .order_by("organization__name", "organization_id", "category")
    )


def shared_categories(*, organization: Organization) -> dict[int, set[str]]:
    """{granting organization id: the categories it lets ``organization`` read}."""
    shared: dict[int, set[str]] = defaultdict(set)
    for grant in received_grants(organization=organization):
        shared[grant.organization_id].add(grant.category)
    return dict(shared)


def sharing_organizations(*, organization: Organization) -> list[Organization]:
    """The organizations that share something with ``organization``, by name."""
    seen: dict[int, Organization] = {}
    for grant in received_grants(organization=organization):
        seen.setdefault(grant.organization_id, grant.organization)
    return list(seen.values())


def sharing_organization_get(*, organization: Organization, pk: Any) -> Organization:
    """The organization ``pk`` if it shares something with ``organization``; else 404 (a
    member of the community without a grant looks exactly like a stranger)."""
    for member in sharing_organizations(organization=organization):
        if str(member.pk) == str(pk):
            return member
    raise Http404


def service_list(*, organization: Organization) -> QuerySet[SharedService]:
    return SharedService.objects.filter(organization=organization)


def service_get(*, organization: Organization, pk: Any) -> SharedService:
    return get_object_or_404(service_list(organization=organization), pk=pk)


def measure_list(*, organization: Organization) -> QuerySet[ServiceMeasure]:
    return ServiceMeasure.objects.filter(organization=organization).select_related(
        "service", "member"
    )


def measure_get(*, organization: Organization, pk: Any) -> ServiceMeasure:
    return get_object_or_404(measure_list(organization=organization), pk=pk)


def community_members(*, organization: Organization) -> QuerySet[Organization]:
    """The fællesskab's active members, by name (none for an organization without)."""
    return organization.members.filter(is_active=True).order_by("name", "pk")
