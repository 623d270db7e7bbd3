from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisorConfig(AppConfig):
    name = "advisor"
    verbose_name = _("Strategi")

    def ready(self) -> None:
        from advisor import permissions  # noqa: F401 - registers the roles' permissions
        from core.registry import registry

        registry.urls("strategi/", "advisor.urls", order=50)
        registry.api("advisor.api:router", order=50)
        registry.seeder("advisor", "advisor.demo:seed", order=200)
        registry.audited("advisor", order=40)
        registry.menu(
            "advisor:assessment_list",
            _("Strategi"),
            permission="strategy.view",
            order=200,
            active="advisor:",
        )
