"""Role-based permissions with a hook for object-level rules.

Every service and selector that needs a permission calls ``require`` or ``has_perm``;
templates only use the result to hide buttons. Roles come from the user's memberships in
the organization at hand, read by the role loader that ``organizations`` installs
(``set_role_loader``); role names are ``core.choices.Role``. Apps register their
permissions per role with ``grant`` and object-level rules with ``register_object_rule``
(e.g. a systemejer may change the systems they own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from core.choices import Role

ObjectRule = Callable[[Any, Any, frozenset[str], Any], bool]
RoleLoader = Callable[..., Iterable[str]]  # (*, user, organization) -> role names

_ROLE_PERMISSIONS: dict[str, set[str]] = {role: set() for role in Role.values}
_OBJECT_RULES: dict[str, list[ObjectRule]] = {}
_role_loader: RoleLoader | None = None

ALL_ROLES: tuple[str, ...] = tuple(_ROLE_PERMISSIONS)


def grant(perms: Iterable[str], *, roles: Iterable[str]) -> None:
    """Give every role in ``roles`` the permissions in ``perms``."""
    perms = set(perms)
    for role in roles:
        _ROLE_PERMISSIONS[role] |= perms


def register_object_rule(perm: str, rule: ObjectRule) -> None:
    """``rule(user, organization, roles, obj)`` may grant ``perm`` for one object."""
    _OBJECT_RULES.setdefault(perm, []).append(rule)


def permissions_for_roles(roles: Iterable[str]) -> frozenset[str]:
    result: set[str] = set()
    for role in roles:
        result |= _ROLE_PERMISSIONS.get(role, set())
    return frozenset(result)


def roles_with(perm: str) -> frozenset[str]:
    """The roles that hold ``perm`` (object-level rules aside)."""
    return frozenset(role for role, perms in _ROLE_PERMISSIONS.items() if perm in perms)


def set_role_loader(loader: RoleLoader) -> None:
    """Install ``loader(*, user, organization)`` -> the user's role names there.

    The app that owns memberships registers it in its ``AppConfig.ready()``; core names no
    app. Without a loader nobody has a role.
    """
    global _role_loader
    _role_loader = loader


def roles_in(user: Any, organization: Any) -> frozenset[str]:
    """The user's roles in the organization (cached on the user object per org)."""
    if organization is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_styrbar_roles", {})
    if organization.pk not in cache:
        roles = _role_loader(user=user, organization=organization) if _role_loader else ()
        cache[organization.pk] = frozenset(roles)
    return cache[organization.pk]


def prime_roles(user: Any, organization: Any, roles: Iterable[str]) -> None:
    """Tell the permission cache the user's roles in the organization (already loaded)."""
    user.__dict__.setdefault("_styrbar_roles", {})[organization.pk] = frozenset(roles)


@dataclass(frozen=True)
class SystemActor:
    """The actor of a management command run without a user: an operator with shell
    access, who may do anything; the audit trail names them by ``label``."""

    label: str = "system (manage.py)"
    is_superuser: bool = True
    is_authenticated: bool = False
    is_active: bool = True
    is_system: bool = True


def has_perm(user: Any, organization: Any, perm: str, obj: Any = None) -> bool:
    if getattr(user, "is_system", False):
        return True
    roles = roles_in(user, organization)
    if not roles:
        return False
    if perm in permissions_for_roles(roles):
        return True
    if obj is not None:
        return any(rule(user, organization, roles, obj) for rule in _OBJECT_RULES.get(perm, []))
    return False


def require(user: Any, organization: Any, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless the user has ``perm`` in the organization."""
    if not has_perm(user, organization, perm, obj):
        raise PermissionDenied(perm)


# Foundation permissions. Everyone who belongs to an organization may read its profile,
# its unit tree and its audit log; administrators manage units and memberships.
grant(
    {"organization.view", "unit.view", "audit.view", "token.manage"},
    roles=ALL_ROLES,
)
grant(
    {"organization.change", "unit.change", "membership.view", "membership.change"},
    roles=["administrator"],
)
