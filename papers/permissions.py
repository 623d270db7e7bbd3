"""Decision papers: everyone reads and downloads; architects and administrators generate."""

from core.permissions import ALL_ROLES, grant

grant({"paper.view"}, roles=ALL_ROLES)
grant({"paper.create"}, roles=["arkitekt", "administrator"])
