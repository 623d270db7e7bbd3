"""The /api/v1/ surface: one NinjaAPI; each app's routers come from the registry."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.http import HttpRequest
from ninja.security import SessionAuth

from accounts.api_auth import TokenAuth
from core.api import build_api
from core.metrics import task_queue_state
from core.registry import registry
from core.replica import replica_alias

log = logging.getLogger(__name__)
api = build_api(auth=[TokenAuth(), SessionAuth(csrf=True)])


@api.get("/health", auth=None, tags=["system"], summary="Liveness and database check")
def health(request: HttpRequest) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "database": connection.vendor, "version": settings.VERSION}


@api.get(
    "/ready",
    auth=None,
    tags=["system"],
    summary="Readiness: the databases and the task queue",
    response={200: dict[str, Any], 503: dict[str, Any]},
)
def ready(request: HttpRequest) -> tuple[int, dict[str, Any]]:
    """200 when every database answers and the oldest waiting task is younger than
    ``STYRBAR_READY_QUEUE_MAX_AGE`` seconds (no task worker, or too few, lets it grow);
    503 otherwise, naming what failed (docs/drift/overvaagning.md)."""
    checks: dict[str, Any] = {}
    ok = True
    for alias in ["default", *([replica_alias()] if replica_alias() else [])]:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            checks[f"database_{alias}"] = "ok"
        except DatabaseError as exc:
            log.warning("readiness: database %s does not answer: %s", alias, exc)
            checks[f"database_{alias}"] = "fejl"
            ok = False
    if checks["database_default"] == "ok":
        queue = task_queue_state()
        if queue is None:
            checks["task_queue"] = {"status": "ikke i databasen"}
        else:
            oldest = max((age for _, age in queue["queues"].values()), default=0.0)
            waiting = sum(count for count, _ in queue["queues"].values())
            limit = settings.READY_QUEUE_MAX_AGE
            stale = bool(limit) and oldest > limit
            checks["task_queue"] = {
                "status": "for gammel" if stale else "ok",
                "waiting": waiting,
                "running": queue["running"],
                "oldest_age_seconds": round(oldest, 1),
                "max_age_seconds": limit,
            }
            ok = ok and not stale
    status = 200 if ok else 503
    return status, {"status": "ok" if ok else "fejl", "checks": checks, "version": settings.VERSION}


for prefix, router in registry.api_mounts():
    api.add_router(prefix, router)

registry.hook("openapi_schema", api.get_openapi_schema)  # for `manage.py openapi`
