from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessCasesConfig(AppConfig):
    name = "businesscases"
    verbose_name = _("Business cases")

    def ready(self) -> None:
        from businesscases import (  # noqa: F401 - registers the card and the roles' permissions
            dashboard,
            permissions,
        )
