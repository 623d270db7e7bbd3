from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = _("Kanaler og kommunikation")

    def ready(self) -> None:
        from channels.resources import ACTIVITIES, INVOLVEMENTS, SATISFACTION, UNIT_COSTS
        from core.permissions import ALL_ROLES, grant
        from core.registry import registry

        grant({"channels.view"}, roles=ALL_ROLES)
        grant({"channels.change"}, roles=["redaktoer", "arkitekt", "administrator"])
        # businesscases (a lower layer) reads a channel-shift case's measured benefit here.
        registry.hook("channel_shift_actuals", "channels.actuals:case_actuals")
        # advisor (a lower layer) reads the citizens' satisfaction here.
        registry.hook("channel_facts", "channels.facts:advisor_facts")
        registry.hook("channel_digital_shares", "channels.facts:digital_shares")
        registry.import_kind(
            "channels",
            _("Kanaltal (henvendelser pr. kanal)"),
            run="channels.importer:run",
            detect="channels.importer:detect",
            order=50,
        )
        registry.resource(ACTIVITIES)
        registry.resource(INVOLVEMENTS)
        registry.resource(SATISFACTION)
        registry.resource(UNIT_COSTS)
        registry.app(self, order=78, urls="kanaler/", api=True, seeder=480, menu=MENU)


MENU = (
    (
        "channels:overview",
        _("Kanaler og kommunikation"),
        "channels.view",
        470,
        "channels:",
    ),
)
