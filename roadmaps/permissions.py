"""Roadmaps: everyone reads; architects and administrators plan, follow up and record gates."""

from core.permissions import ALL_ROLES, grant

grant({"roadmap.view"}, roles=ALL_ROLES)
grant({"roadmap.change", "gate.decide"}, roles=["arkitekt", "administrator"])
