"""API authentication with personal tokens (passed to ``core.api.build_api`` by config)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer styrbar_…`` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user
