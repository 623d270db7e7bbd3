from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Beslutningsoplæg")

    def ready(self) -> None:
        from core.registry import registry
        from papers import permissions  # noqa: F401 - registers the roles' permissions

        registry.app(self, order=80, urls="beslutningsoplaeg/", api=True, seeder=500, menu=MENU)


MENU = (("papers:paper_list", _("Beslutningsoplæg"), "paper.view", 500, "papers:"),)
