"""The /api/v1/ surface: one NinjaAPI; each app's routers come from the registry."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from ninja.security import SessionAuth

from accounts.api_auth import TokenAuth
from core.api import build_api
from core.registry import registry

api = build_api(auth=[TokenAuth(), SessionAuth(csrf=True)])


@api.get("/health", auth=None, tags=["system"], summary="Liveness and database check")
def health(request: HttpRequest) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "database": connection.vendor, "version": settings.VERSION}


for prefix, router in registry.api_mounts():
    api.add_router(prefix, router)

registry.hook("openapi_schema", api.get_openapi_schema)  # for `manage.py openapi`
