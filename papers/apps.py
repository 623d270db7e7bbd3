from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Beslutningsoplæg")

    def ready(self) -> None:
        from papers import permissions  # noqa: F401 - registers the roles' permissions
