"""Side navigation: the modules that exist, shown to those who may use them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.permissions import has_perm

# (url name, label, permission, view-name prefix that marks the item active).
# Modules add themselves here as they are built.
NAVIGATION: list[tuple[str, Any, str, str]] = [
    ("organizations:dashboard", _("Overblik"), "organization.view", "organizations:dashboard"),
    ("organizations:profile", _("Organisation"), "organization.view", "organizations:profile"),
    ("organizations:unit_tree", _("Enheder"), "unit.view", "organizations:unit_"),
    (
        "organizations:membership_list",
        _("Medlemmer"),
        "membership.view",
        "organizations:membership_",
    ),
    ("portfolio:usage_list", _("Systemer"), "portfolio.view", "portfolio:usage_"),
    ("portfolio:catalog_list", _("Systemkatalog"), "portfolio.view", "portfolio:catalog_"),
    ("portfolio:contract_list", _("Kontrakter"), "portfolio.view", "portfolio:contract_"),
    ("portfolio:dpr_list", _("Databehandling"), "portfolio.view", "portfolio:dpr_"),
    ("portfolio:integration_list", _("Integrationer"), "portfolio.view", "portfolio:integration_"),
    ("portfolio:process_list", _("Processer"), "portfolio.view", "portfolio:process_"),
    ("portfolio:vendor_list", _("Leverandører"), "portfolio.view", "portfolio:vendor_"),
    ("portfolio:analysis_index", _("Analyser"), "portfolio.view", "portfolio:analysis_"),
    ("advisor:assessment_list", _("Strategi"), "strategy.view", "advisor:"),
    ("businesscases:case_list", _("Business cases"), "case.view", "businesscases:"),
    ("roadmaps:roadmap_list", _("Roadmaps"), "roadmap.view", "roadmaps:"),
    ("papers:paper_list", _("Beslutningsoplæg"), "paper.view", "papers:"),
    ("interop:import_list", _("Import"), "portfolio.change", "interop:import_"),
    ("interop:export", _("Eksport"), "portfolio.view", "interop:export"),
    ("organizations:audit_log", _("Revisionslog"), "audit.view", "organizations:audit_log"),
    ("accounts:tokens", _("API-nøgler"), "token.manage", "accounts:token"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    organization = getattr(request, "organization", None)
    if user is None or not user.is_authenticated:
        return {"STYRBAR_VERSION": settings.VERSION}
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    items = [
        {
            "url": reverse(name),
            "label": label,
            "active": bool(current) and current.startswith(prefix),
        }
        for name, label, perm, prefix in NAVIGATION
        if organization is not None and has_perm(user, organization, perm)
    ]
    return {
        "nav_items": items,
        "current_organization": organization,
        "user_organizations": getattr(request, "user_organizations", []),
        "STYRBAR_VERSION": settings.VERSION,
    }
