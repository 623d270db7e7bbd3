from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "interop"
    verbose_name = _("Import og eksport")

    def ready(self) -> None:
        from core.registry import registry

        registry.app(self, order=90, urls="", api=True, menu=MENU)


MENU = (
    ("interop:import_list", _("Import"), "portfolio.change", 600, "interop:import_"),
    ("interop:export", _("Eksport"), "portfolio.view", 610, "interop:export"),
)
