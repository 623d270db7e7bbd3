from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisationer")

    def ready(self) -> None:
        from core.permissions import set_role_loader
        from organizations import dashboard  # noqa: F401 - registers the dashboard card
        from organizations.selectors import membership_roles

        set_role_loader(membership_roles)
