from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisorConfig(AppConfig):
    name = "advisor"
    verbose_name = _("Strategi")

    def ready(self) -> None:
        from advisor import permissions  # noqa: F401 - registers the roles' permissions
        from core.registry import registry

        registry.app(self, order=50, urls="strategi/", api=True, seeder=200, menu=MENU)


MENU = (("advisor:assessment_list", _("Strategi"), "strategy.view", 200, "advisor:"),)
