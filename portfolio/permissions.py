"""Portfolio permissions.

* Everyone in the organization reads the portfolio.
* Redaktør, arkitekt and administrator change everything in it.
* Indkøber also changes contracts and vendors.
* A user who holds a usage role whose type grants editing (systemejer by default)
  changes that usage — the object-level rule below.
"""

from __future__ import annotations

from typing import Any

from core.permissions import ALL_ROLES, grant, register_object_rule

EDITORS = ("redaktoer", "arkitekt", "administrator")

grant({"portfolio.view"}, roles=ALL_ROLES)
grant({"portfolio.change", "usage.change", "contract.change", "vendor.change"}, roles=EDITORS)
grant({"contract.change", "vendor.change"}, roles=["indkoeber"])


def _holds_editing_role(user: Any, organization: Any, roles: frozenset[str], obj: Any) -> bool:
    from portfolio.models import SystemUsage, UsageRole

    if not isinstance(obj, SystemUsage) or obj.organization_id != organization.pk:
        return False
    return UsageRole.objects.filter(usage=obj, user=user, role_type__grants_edit=True).exists()


register_object_rule("usage.change", _holds_editing_role)
