"""Signing in through an identity provider: just-in-time provisioning, roles from the
provider's groups (per organization, by the administrators' mapping), the local-login
policy, and the audit events of every SSO login and refusal."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.choices import AuditAction
from core.permissions import SystemActor, require
from core.services import create_audited, delete_audited, update_audited
from organizations import services as org_services
from organizations.models import Membership, Organization
from sso.models import ExternalIdentity, IdentityProvider, LoginPolicy, RoleMapping


class SsoRefused(Exception):
    """A sign-in the product refuses; ``message`` is the Danish text the user sees and
    ``reason`` a short code recorded in the audit event."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Assertion:
    """What a verified ID token or SAML assertion says about the user."""

    subject: str
    username: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    groups: tuple[str, ...] = ()


def _actor(provider: IdentityProvider) -> SystemActor:
    return SystemActor(label=f"sso:{provider.slug}")


def refusal_recorded(
    *, provider: IdentityProvider | None, reason: str, detail: str = "", slug: str = ""
) -> None:
    """Record a refused SSO sign-in (an audit event per bound organization)."""
    label = f"sso:{provider.slug if provider else slug}"[:150]
    extra = {"reason": reason, "detail": detail[:500], "provider": label}
    targets: list[Organization | None] = list(provider.organizations.all()) if provider else []
    for organization in targets or [None]:
        audit.record(
            actor=None,
            organization=organization,
            action=AuditAction.LOGIN_FAILED,
            actor_label=label,
            obj=provider,
            extra=extra,
        )


def groups_from(value: Any) -> tuple[str, ...]:
    """A claim or attribute value as a tuple of group names (a list, or one string)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value if item not in (None, ""))
    return (str(value),)


def _username_for(provider: IdentityProvider, wanted: str, subject: str) -> str:
    """A free username: the provider's own (lower case), else one marked with the
    provider's short name, so a provider never takes over a local account."""
    User = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", (wanted or subject).strip().lower())[:120] or "sso-bruger"
    if not User.objects.filter(username__iexact=base).exists():
        return base
    candidate = f"{base}.{provider.slug}"[:150]
    n = 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}.{provider.slug}{n}"[:150]
    return candidate


def _roles_wanted(provider: IdentityProvider, groups: Iterable[str]) -> dict[int, set[str]]:
    """Roles per organization of the provider that the user's groups map to."""
    wanted: dict[int, set[str]] = {org.pk: set() for org in provider.organizations.all()}
    groups = set(groups)
    for mapping in provider.role_mappings.filter(organization_id__in=wanted):
        if mapping.external_value in groups:
            wanted[mapping.organization_id].add(mapping.role)
    return wanted


def _sync_roles(
    provider: IdentityProvider, user: Any, wanted: dict[int, set[str]]
) -> dict[str, Any]:
    """Make the user's memberships in the provider's organizations the mapped ones
    (audited); the last administrator of an organization is kept (and said so)."""
    actor = _actor(provider)
    kept: list[str] = []
    organizations = {org.pk: org for org in provider.organizations.all()}
    current: dict[int, dict[str, Membership]] = {}
    for membership in Membership.objects.filter(user=user, organization_id__in=organizations):
        current.setdefault(membership.organization_id, {})[membership.role] = membership
    for org_id, roles in wanted.items():
        have = current.get(org_id, {})
        for role in sorted(roles - set(have)):
            org_services.membership_create(
                actor=actor, organization=organizations[org_id], user=user, role=role
            )
        for role in sorted(set(have) - roles):
            try:
                org_services.membership_delete(actor=actor, membership=have[role])
            except ValidationError:
                kept.append(f"{organizations[org_id]}: {role}")
    return {"kept": kept}


@transaction.atomic
def sso_login(*, provider: IdentityProvider, assertion: Assertion) -> Any:
    """The user a verified assertion signs in: found by (provider, subject) or created
    just in time; their roles in the provider's organizations follow the mapping."""
    if not assertion.subject:
        raise SsoRefused("no_subject", _("Identitetsudbyderen sendte ingen bruger-id."))
    wanted = _roles_wanted(provider, assertion.groups)
    if not any(wanted.values()):
        raise SsoRefused(
            "no_role",
            _(
                "Du har ingen rolle i Styrbar ifølge identitetsudbyderen. Bed din "
                "administrator om at knytte en af dine grupper til en rolle."
            ),
        )
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=provider, subject=assertion.subject)
        .first()
    )
    User = get_user_model()
    if identity is None:
        user = User(
            username=_username_for(provider, assertion.username, assertion.subject),
            email=assertion.email[:254],
            first_name=assertion.first_name[:150],
            last_name=assertion.last_name[:150],
        )
        user.set_unusable_password()
        user.save()
        identity = ExternalIdentity.objects.create(
            provider=provider, subject=assertion.subject, user=user
        )
        audit.record(
            actor=_actor(provider),
            organization=None,
            action=AuditAction.CREATE,
            obj=user,
            object_repr=user.get_username(),
            extra={"provider": provider.slug, "subject": assertion.subject},
        )
    user = identity.user
    if not user.is_active:
        raise SsoRefused("inactive", _("Brugeren er deaktiveret i Styrbar."))
    profile = {
        "email": assertion.email[:254] or user.email,
        "first_name": assertion.first_name[:150] or user.first_name,
        "last_name": assertion.last_name[:150] or user.last_name,
    }
    changed = [name for name, value in profile.items() if getattr(user, name) != value]
    if changed:
        for name in changed:
            setattr(user, name, profile[name])
        user.save(update_fields=changed)
    sync = _sync_roles(provider, user, wanted)
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at", "updated_at"])
    audit.record(
        actor=user,
        organization=None,
        action=AuditAction.LOGIN,
        actor_label=user.get_username().lower(),
        extra={
            "provider": provider.slug,
            "protocol": provider.protocol,
            "groups": sorted(assertion.groups)[:50],
            **({"kept_roles": sync["kept"]} if sync["kept"] else {}),
        },
    )
    return user


# Local login policy -------------------------------------------------------------------


def local_login_allowed(user: Any) -> bool:
    """Superusers always keep a password login (break-glass); anyone else is refused when
    an organization they belong to has switched local login off."""
    if user.is_superuser:
        return True
    return not LoginPolicy.objects.filter(
        organization__memberships__user=user, local_login_enabled=False
    ).exists()


def login_policy_get(*, organization: Organization) -> LoginPolicy:
    policy = LoginPolicy.objects.filter(organization=organization).first()
    return policy or LoginPolicy(organization=organization, local_login_enabled=True)


@transaction.atomic
def login_policy_set(
    *, actor: Any, organization: Organization, local_login_enabled: bool
) -> LoginPolicy:
    require(actor, organization, "sso.manage")
    policy = LoginPolicy.objects.select_for_update().filter(organization=organization).first()
    if policy is None:
        return create_audited(
            model=LoginPolicy,
            actor=actor,
            organization=organization,
            local_login_enabled=local_login_enabled,
        )
    return update_audited(obj=policy, actor=actor, local_login_enabled=local_login_enabled)


# Role mappings (the organization's administrator) -------------------------------------


def role_mapping_create(
    *,
    actor: Any,
    organization: Organization,
    provider: IdentityProvider,
    external_value: str,
    role: str,
) -> RoleMapping:
    require(actor, organization, "sso.manage")
    if not provider.organizations.filter(pk=organization.pk).exists():
        raise ValidationError({"provider": _("Udbyderen er ikke knyttet til organisationen.")})
    external_value = external_value.strip()
    if RoleMapping.objects.filter(
        provider=provider, organization=organization, external_value=external_value, role=role
    ).exists():
        raise ValidationError(_("Tilknytningen findes allerede."))
    return create_audited(
        model=RoleMapping,
        actor=actor,
        audit_organization=organization,
        provider=provider,
        organization=organization,
        external_value=external_value,
        role=role,
    )


def role_mapping_delete(*, actor: Any, mapping: RoleMapping) -> None:
    require(actor, mapping.organization, "sso.manage")
    delete_audited(obj=mapping, actor=actor)


# Providers (superusers) ---------------------------------------------------------------


def provider_save(
    *,
    actor: Any,
    provider: IdentityProvider | None,
    organizations: Iterable[Organization],
    **fields: Any,
) -> IdentityProvider:
    if not getattr(actor, "is_superuser", False):
        raise PermissionError("identity providers are kept by superusers")
    m2m = {"organizations": list(organizations)}
    if provider is None:
        return create_audited(model=IdentityProvider, actor=actor, m2m=m2m, **fields)
    return update_audited(obj=provider, actor=actor, m2m=m2m, **fields)
