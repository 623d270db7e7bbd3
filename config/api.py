"""The /api/v1/ surface: one NinjaAPI, one router per app."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from ninja.security import SessionAuth

from accounts.api_auth import TokenAuth
from advisor.api import router as advisor_router
from businesscases.api import router as businesscases_router
from core.api import build_api
from interop.api import router as interop_router
from organizations.api import router as organizations_router
from papers.api import router as papers_router
from portfolio.api import router as portfolio_router
from portfolio.api_analysis import router as analysis_router
from portfolio.api_dpr import router as dpr_router
from roadmaps.api import router as roadmaps_router

api = build_api(auth=[TokenAuth(), SessionAuth(csrf=True)])


@api.get("/health", auth=None, tags=["system"], summary="Liveness and database check")
def health(request: HttpRequest) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "database": connection.vendor, "version": settings.VERSION}


api.add_router("/", organizations_router)
api.add_router("/", portfolio_router)
api.add_router("/", dpr_router)
api.add_router("/analysis", analysis_router)
api.add_router("/", advisor_router)
api.add_router("/", businesscases_router)
api.add_router("/", roadmaps_router)
api.add_router("/", papers_router)
api.add_router("/", interop_router)
