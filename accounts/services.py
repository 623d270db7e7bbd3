"""API tokens and login lock-out."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DateTimeField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from accounts.models import ApiToken
from core import audit
from core.choices import AuditAction
from core.metrics import count_login_failure
from core.models import AuditEvent

TOKEN_PREFIX = "styrbar_"  # noqa: S105 - a prefix, not a secret


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, actor: Any, user: Any, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the token and the raw value (shown once)."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionError("tokens are personal")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, prefix=raw[:12], token_hash=hash_token(raw), expires_at=expires_at
    )
    token.full_clean()
    with audit.audited(actor=actor, obj=token, action=AuditAction.TOKEN_CREATED):
        token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if actor.pk != token.user_id and not actor.is_superuser:
        raise PermissionError("tokens are personal")
    if token.revoked_at is None:
        with audit.audited(actor=actor, obj=token, action=AuditAction.TOKEN_REVOKED):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_authenticate(raw: str) -> Any | None:
    """The user behind an active token, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .annotate(lock_out_failures=_failures_of_token_user())
        .first()
    )
    if token is None or not token.is_active:
        return None
    # A user locked out of the login page is locked out of the API too (same count, same
    # window: :func:`login_is_locked`), in the same query.
    if token.lock_out_failures >= settings.LOGIN_FAILURE_LIMIT:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# Lock-out -----------------------------------------------------------------------------


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_recent_failures(username: str) -> int:
    """Failed logins for ``username`` within the lock-out window since the last success."""
    username = username.strip().lower()
    since = _window_start()
    last_ok = (
        AuditEvent.objects.filter(
            action=AuditAction.LOGIN, actor_label=username, created_at__gte=since
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    failures = AuditEvent.objects.filter(
        action=AuditAction.LOGIN_FAILED, actor_label=username, created_at__gte=last_ok or since
    )
    return failures.count()


def _failures_of_token_user() -> Any:
    """:func:`login_recent_failures` of the token's user as a subquery (for one query)."""
    since = _window_start()
    label = Lower(OuterRef(OuterRef("user__username")))
    last_ok = (
        AuditEvent.objects.filter(
            action=AuditAction.LOGIN, actor_label=label, created_at__gte=since
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    failures = (
        AuditEvent.objects.filter(
            action=AuditAction.LOGIN_FAILED,
            actor_label=Lower(OuterRef("user__username")),
            created_at__gte=Coalesce(Subquery(last_ok), Value(since, output_field=DateTimeField())),
        )
        .order_by()
        .values("action")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(failures), Value(0))


def login_is_locked(username: str) -> bool:
    return login_recent_failures(username) >= settings.LOGIN_FAILURE_LIMIT


@transaction.atomic
def login_failed(*, username: str) -> bool:
    """Record a failed login; returns True when the account is now locked."""
    username = username.strip().lower()[:150]
    count_login_failure()
    audit.record(
        actor=None, organization=None, action=AuditAction.LOGIN_FAILED, actor_label=username
    )
    locked = login_recent_failures(username) == settings.LOGIN_FAILURE_LIMIT
    if locked:
        from django.contrib.auth import get_user_model

        from organizations.models import Organization

        user = get_user_model().objects.filter(username__iexact=username).first()
        # One event per organization (a user may hold several roles in one), in one query.
        organizations = (
            list(Organization.objects.filter(memberships__user=user).distinct().order_by("pk"))
            if user
            else []
        )
        targets: list[Organization | None] = [*organizations] or [None]
        for organization in targets:
            audit.record(
                actor=None,
                organization=organization,
                action=AuditAction.LOCKED_OUT,
                actor_label=username,
                obj=user,
                object_repr=username,
            )
    return locked


def login_succeeded(*, user: Any) -> None:
    audit.record(
        actor=user,
        organization=None,
        action=AuditAction.LOGIN,
        actor_label=user.get_username().lower(),
    )


def local_login_allowed(user: Any) -> bool:
    """Whether the user may sign in with a password: the SSO app's policy where installed
    (an organization may switch local login off; superusers keep it as break-glass)."""
    from core.registry import registry

    if not registry.hooked("local_login_allowed"):
        return True
    return bool(registry.call("local_login_allowed", user))


def local_login_refused(*, user: Any) -> None:
    """Record a password login refused because the user's organization requires SSO."""
    audit.record(
        actor=None,
        organization=None,
        action=AuditAction.LOGIN_FAILED,
        actor_label=user.get_username().lower(),
        obj=user,
        object_repr=user.get_username(),
        extra={"reason": "local_login_disabled"},
    )
