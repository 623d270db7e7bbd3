from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Brugere og adgang")

    def ready(self) -> None:
        from core.registry import registry

        registry.app(self, order=10, urls="konto/", menu=MENU)


MENU = (("accounts:tokens", _("API-nøgler"), "token.manage", 910, "accounts:token"),)
