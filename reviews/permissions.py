"""Object-level rules of the reviews app."""

from __future__ import annotations

from typing import Any

from portfolio.models import UsageRole


def usage_editor(user: Any, organization: Any, roles: frozenset[str], obj: Any) -> bool:
    """A user who holds an editing role (systemejer) on the plan's usage changes its plan."""
    from portfolio.models import SystemUsage
    from reviews.models import GovernancePlan

    usage = obj.usage if isinstance(obj, GovernancePlan) else obj
    if not isinstance(usage, SystemUsage) or usage.organization_id != organization.pk:
        return False
    return UsageRole.objects.filter(usage=usage, user=user, role_type__grants_edit=True).exists()


def finding_owner(user: Any, organization: Any, roles: frozenset[str], obj: Any) -> bool:
    from reviews.models import Finding

    return (
        isinstance(obj, Finding)
        and obj.organization_id == organization.pk
        and obj.owner_id is not None
        and obj.owner_id == getattr(user, "pk", None)
    )
