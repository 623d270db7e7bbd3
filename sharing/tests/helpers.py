"""Builders for the sharing tests: a fællesskab of organizations and grants between them."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from organizations.choices import OrganizationKind
from organizations.models import Organization
from organizations.testing import make_organization
from sharing.models import SharingGrant

_n = itertools.count(1)
ALL_CATEGORIES = ("usages", "contracts", "integrations", "costs")


def community(*members: Organization, name: str = "") -> Organization:
    """A driftsfællesskab with ``members``."""
    df = make_organization(
        name or f"Testfællesskab {next(_n)}", kind=OrganizationKind.DRIFTSFAELLESSKAB
    )
    df.members.set(members)
    return df


def share(
    granter: Organization, recipient: Organization, categories: Iterable[str] = ALL_CATEGORIES
) -> list[SharingGrant]:
    """Grants written directly (the services are tested on their own)."""
    return [
        SharingGrant.objects.create(organization=granter, recipient=recipient, category=c)
        for c in categories
    ]
