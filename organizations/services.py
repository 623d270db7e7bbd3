"""Writes to organizations, units and memberships: atomic, permission-checked, audited."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.permissions import require
from core.services import create_audited, delete_audited, update_audited
from organizations.choices import Role
from organizations.models import Membership, Organization, OrganizationUnit
from organizations.selectors import unit_descendant_ids

ORGANIZATION_PROFILE_FIELDS = ("name", "cvr", "population", "website", "contact_email")


def organization_create(
    *, actor: Any, members: list[Organization] | None = None, **fields: Any
) -> Organization:
    """Superusers create organizations (e.g. a new driftsfællesskab)."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied("organization.create")
    return create_audited(model=Organization, actor=actor, m2m={"members": members or []}, **fields)


def organization_update(
    *,
    actor: Any,
    organization: Organization,
    members: list[Organization] | None = None,
    **fields: Any,
) -> Organization:
    if not getattr(actor, "is_superuser", False):
        require(actor, organization, "organization.change")
        unknown = set(fields) - set(ORGANIZATION_PROFILE_FIELDS)
        if unknown:
            raise PermissionDenied(f"organization fields {sorted(unknown)}")
    m2m = {"members": members} if members is not None else None
    return update_audited(obj=organization, actor=actor, m2m=m2m, **fields)


def _check_parent(
    unit: OrganizationUnit | None, organization: Organization, parent: OrganizationUnit | None
) -> None:
    if parent is None:
        return
    if parent.organization_id != organization.pk:
        raise ValidationError({"parent": _("Den overordnede enhed findes ikke.")})
    if unit is None or unit.pk is None:
        return
    if parent.pk == unit.pk or parent.pk in unit_descendant_ids(unit=unit):
        message = _("En enhed kan ikke flyttes ind under sig selv eller sine underenheder.")
        raise ValidationError({"parent": message})


def unit_create(
    *, actor: Any, organization: Organization, parent: OrganizationUnit | None = None, **fields: Any
) -> OrganizationUnit:
    require(actor, organization, "unit.change")
    _check_parent(None, organization, parent)
    return create_audited(
        model=OrganizationUnit, actor=actor, organization=organization, parent=parent, **fields
    )


def unit_update(*, actor: Any, unit: OrganizationUnit, **fields: Any) -> OrganizationUnit:
    require(actor, unit.organization, "unit.change", unit)
    if "parent" in fields:
        _check_parent(unit, unit.organization, fields["parent"])
    return update_audited(obj=unit, actor=actor, **fields)


def unit_move(
    *, actor: Any, unit: OrganizationUnit, parent: OrganizationUnit | None
) -> OrganizationUnit:
    return unit_update(actor=actor, unit=unit, parent=parent)


def unit_delete(*, actor: Any, unit: OrganizationUnit) -> None:
    require(actor, unit.organization, "unit.change", unit)
    if unit.children.exists():
        raise ValidationError(_("Enheden har underenheder. Flyt eller slet dem først."))
    delete_audited(obj=unit, actor=actor)


def _check_last_admin(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.ADMINISTRATOR or new_role == Role.ADMINISTRATOR:
        return
    others = Membership.objects.filter(
        organization_id=membership.organization_id, role=Role.ADMINISTRATOR
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("Organisationen skal have mindst én administrator."))


def membership_create(
    *,
    actor: Any,
    organization: Organization,
    user: Any,
    role: str,
    unit: OrganizationUnit | None = None,
) -> Membership:
    if not getattr(actor, "is_superuser", False):
        require(actor, organization, "membership.change")
    if unit is not None and unit.organization_id != organization.pk:
        raise ValidationError({"unit": _("Enheden findes ikke.")})
    if Membership.objects.filter(user=user, organization=organization, role=role).exists():
        raise ValidationError(_("Brugeren har allerede denne rolle i organisationen."))
    return create_audited(
        model=Membership, actor=actor, organization=organization, user=user, role=role, unit=unit
    )


def membership_update(
    *, actor: Any, membership: Membership, role: str, unit: OrganizationUnit | None
) -> Membership:
    require(actor, membership.organization, "membership.change")
    if unit is not None and unit.organization_id != membership.organization_id:
        raise ValidationError({"unit": _("Enheden findes ikke.")})
    with transaction.atomic():
        _check_last_admin(membership, role)
        return update_audited(obj=membership, actor=actor, role=role, unit=unit)


def membership_delete(*, actor: Any, membership: Membership) -> None:
    require(actor, membership.organization, "membership.change")
    with transaction.atomic():
        _check_last_admin(membership, None)
        delete_audited(obj=membership, actor=actor)


def user_get_or_create(
    *, username: str, email: str = "", first_name: str = "", last_name: str = ""
) -> Any:
    """Find a user by username, or create one with a random password nobody knows.

    The new user chooses their own password through "Glemt adgangskode" (Django's reset
    form only serves users with a usable password, hence the random one).
    """
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": first_name, "last_name": last_name},
    )
    if created:
        user.set_password(secrets.token_urlsafe(32))
        user.save(update_fields=["password"])
    return user
