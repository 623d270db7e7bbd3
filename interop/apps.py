from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "interop"
    verbose_name = _("Import og eksport")

    def ready(self) -> None:
        from core.permissions import grant
        from core.registry import registry

        # Setting up and starting the live KITOS sync (kitos_live) is for administrators.
        grant({"kitos.sync"}, roles=["administrator"])
        registry.app(self, order=90, urls="", api=True, menu=MENU)


MENU = (
    ("interop:import_list", _("Import"), "portfolio.change", 600, "interop:import_"),
    ("interop:export", _("Eksport"), "portfolio.view", 610, "interop:export"),
)
