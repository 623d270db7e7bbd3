from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessCasesConfig(AppConfig):
    name = "businesscases"
    verbose_name = _("Business cases")

    def ready(self) -> None:
        from businesscases import permissions  # noqa: F401 - registers the roles' permissions
        from core.registry import registry

        registry.urls("business-cases/", "businesscases.urls", order=60)
        registry.api("businesscases.api:router", order=60)
        registry.card("businesscases.dashboard:business_case_card", order=30)
        registry.seeder("businesscases", "businesscases.demo:seed", order=400)
        registry.audited("businesscases", order=50)
        registry.menu(
            "businesscases:case_list",
            _("Business cases"),
            permission="case.view",
            order=300,
            active="businesscases:",
        )
