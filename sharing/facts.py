"""What the advisor reads about a member's cooperation, through the registry hook
``sharing_partners`` (the advisor is a lower layer and does not import sharing).

:func:`partners` gives the other kommuner the organization shares data with and those
that share with it; the advisor turns them into the fact *neighbours willing to
cooperate* (``advisor.facts``).
"""

from __future__ import annotations

from organizations.choices import OrganizationKind
from organizations.models import Organization
from sharing.models import SharingGrant


def partners(*, organization: Organization) -> tuple[frozenset[str], frozenset[str]]:
    """(names of the kommuner the organization grants a category to, names of the
    kommuner that grant it one) - two queries."""
    given = SharingGrant.objects.filter(
        organization=organization, recipient__kind=OrganizationKind.KOMMUNE
    ).values_list("recipient__name", flat=True)
    received = SharingGrant.objects.filter(
        recipient=organization, organization__kind=OrganizationKind.KOMMUNE
    ).values_list("organization__name", flat=True)
    return frozenset(given), frozenset(received)
