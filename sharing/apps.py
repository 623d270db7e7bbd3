from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Driftsfællesskab")

    def ready(self) -> None:
        from core.permissions import ALL_ROLES, grant
        from core.registry import registry

        grant({"sharing.view"}, roles=ALL_ROLES)
        # Only the member's administrator decides what the member shares.
        grant({"sharing.grant", "sharing.benchmarks"}, roles=["administrator"])
        # The fællesskab's architects and administrators keep its service catalogue.
        grant({"sharing.costs", "sharing.roles"}, roles=["arkitekt", "administrator"])
        # advisor (a lower layer) reads whom a member shares data with here.
        registry.hook("sharing_partners", "sharing.facts:partners")
        from sharing.resources import MEASURES, SERVICES

        registry.resource(SERVICES)
        registry.resource(MEASURES)
        registry.app(self, order=85, urls="deling/", api=True, seeder=900, menu=MENU)


MENU = (
    ("sharing:grants", _("Deling"), "sharing.view", 470, "sharing:grant"),
    ("sharing:df_workspace", _("Driftsfællesskab"), "sharing.view", 475, "sharing:df_"),
    ("sharing:benchmarks", _("Benchmarks"), "sharing.view", 480, "sharing:benchmark"),
)
