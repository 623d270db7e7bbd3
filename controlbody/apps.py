from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlBodyConfig(AppConfig):
    name = "controlbody"
    verbose_name = _("Kontrolorgan")

    def ready(self) -> None:
        from controlbody.resources import MEETINGS
        from core.permissions import ALL_ROLES, grant
        from core.registry import registry

        grant({"controlbody.view"}, roles=ALL_ROLES)
        grant({"controlbody.run"}, roles=["arkitekt", "administrator"])
        registry.resource(MEETINGS)
        registry.due("control_condition", "controlbody.due:conditions", order=60)
        registry.app(self, order=80, urls="kontrolorgan/", api=True, seeder=470, menu=MENU)


MENU = (("controlbody:body", _("Kontrolorgan"), "controlbody.view", 460, "controlbody:"),)
