"""Side navigation: the menu items apps register (``core.registry``), shown to those who
may use them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from core.permissions import has_perm
from core.registry import registry

_URLS: dict[tuple[str, str, Any], str] = {}


def _url(name: str) -> str:
    """``reverse(name)`` for a menu item, worked out once per URL prefix and URLconf (the
    menu links take no arguments; about a millisecond of every page before)."""
    key = (name, get_script_prefix(), get_urlconf())
    if key not in _URLS:
        _URLS[key] = reverse(name)
    return _URLS[key]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    organization = getattr(request, "organization", None)
    if user is None or not user.is_authenticated:
        return {"STYRBAR_VERSION": settings.VERSION}
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    items = [
        {
            "url": _url(item.url_name),
            "label": item.label,
            "active": bool(current) and current.startswith(item.active),
        }
        for item in registry.menu_items()
        if organization is not None and has_perm(user, organization, item.permission)
    ]
    return {
        "nav_items": items,
        "current_organization": organization,
        "user_organizations": getattr(request, "user_organizations", []),
        "STYRBAR_VERSION": settings.VERSION,
    }
