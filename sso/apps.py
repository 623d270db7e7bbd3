from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Single sign-on")

    def ready(self) -> None:
        import logging

        # pysaml2's schema library reports every schema it loads at INFO.
        logging.getLogger("xmlschema").setLevel(logging.WARNING)

        from core.permissions import grant
        from core.registry import registry

        grant({"sso.manage"}, roles=["administrator"])
        registry.hook("local_login_allowed", "sso.services:local_login_allowed")
        registry.hook("login_providers", "sso.selectors:login_providers")
        registry.app(self, order=15, urls="sso/", menu=MENU)


MENU = (("sso:settings", _("Single sign-on"), "sso.manage", 880, "sso:"),)
