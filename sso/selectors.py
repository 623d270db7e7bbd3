from __future__ import annotations

from django.db.models import QuerySet

from sso.models import IdentityProvider


def login_providers() -> QuerySet[IdentityProvider]:
    """The providers the login page offers: active ones bound to an organization."""
    return IdentityProvider.objects.filter(is_active=True, organizations__isnull=False).distinct()
