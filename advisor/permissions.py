"""Strategy: everyone reads; architects and administrators assess and record the choice."""

from core.permissions import ALL_ROLES, grant

grant({"strategy.view"}, roles=ALL_ROLES)
grant({"strategy.change", "strategy.decide"}, roles=["arkitekt", "administrator"])
