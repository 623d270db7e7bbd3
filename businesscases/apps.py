from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessCasesConfig(AppConfig):
    name = "businesscases"
    verbose_name = _("Business cases")

    def ready(self) -> None:
        from businesscases import permissions  # noqa: F401 - registers the roles' permissions
        from core.registry import registry

        registry.app(
            self,
            order=60,
            urls="business-cases/",
            api=True,
            card="business_case_card",
            seeder=400,
            menu=MENU,
        )
        registry.hook("strategy_case_evidence", "businesscases.evidence:strategy_case_evidence")
        from businesscases.audit_labels import key_labels
        from core.audit_display import register_key_labels

        register_key_labels(key_labels)


MENU = (("businesscases:case_list", _("Business cases"), "case.view", 300, "businesscases:"),)
