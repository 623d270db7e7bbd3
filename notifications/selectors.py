"""The user's notifications in the current organization (never another user's, never
another organization's)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from notifications.models import Notification


def notification_list(*, user: Any, organization: Any) -> QuerySet[Notification]:
    """Unread first, then newest first."""
    return (
        Notification.objects.filter(recipient=user, organization=organization)
        .annotate(
            unread=Case(
                When(read_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("unread", "-created_at", "-pk")
    )


def notification_get(*, user: Any, organization: Any, pk: Any) -> Notification:
    """One of the user's notifications in ``organization``; 404 for anyone else's."""
    return get_object_or_404(
        Notification.objects.filter(recipient=user, organization=organization), pk=pk
    )


def unread_count(*, user: Any, organization: Any) -> int:
    return Notification.objects.filter(
        recipient=user, organization=organization, read_at__isnull=True
    ).count()
