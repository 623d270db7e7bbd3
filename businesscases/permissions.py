"""Business cases: everyone reads; editors build them; administrators approve or reject."""

from core.permissions import ALL_ROLES, grant

grant({"case.view"}, roles=ALL_ROLES)
grant({"case.change"}, roles=["redaktoer", "indkoeber", "arkitekt", "administrator"])
grant({"case.decide"}, roles=["administrator"])
