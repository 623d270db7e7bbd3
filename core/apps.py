from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Kerne")

    def ready(self) -> None:
        from core.registry import registry

        registry.urls("", "core.urls", order=1000)
        registry.menu(
            "core:dashboard",
            _("Overblik"),
            permission="organization.view",
            order=10,
            active="core:dashboard",
        )
        registry.menu(
            "core:audit_log",
            _("Revisionslog"),
            permission="audit.view",
            order=900,
            active="core:audit_log",
        )
        registry.card("core.views_pages:foundation_card", order=10)
