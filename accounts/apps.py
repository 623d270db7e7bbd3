from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Brugere og adgang")

    def ready(self) -> None:
        from core.registry import registry

        registry.urls("konto/", "accounts.urls", order=10)
        registry.audited("accounts", order=20)
        registry.menu(
            "accounts:tokens",
            _("API-nøgler"),
            permission="token.manage",
            order=910,
            active="accounts:token",
        )
