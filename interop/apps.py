from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "interop"
    verbose_name = _("Import og eksport")

    def ready(self) -> None:
        from core.registry import registry

        registry.urls("", "interop.urls", order=90)
        registry.api("interop.api:router", order=90)
        registry.audited("interop", order=80)
        registry.menu(
            "interop:import_list",
            _("Import"),
            permission="portfolio.change",
            order=600,
            active="interop:import_",
        )
        registry.menu(
            "interop:export",
            _("Eksport"),
            permission="portfolio.view",
            order=610,
            active="interop:export",
        )
