from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Beslutningsoplæg")

    def ready(self) -> None:
        from core.registry import registry
        from papers import permissions  # noqa: F401 - registers the roles' permissions

        registry.urls("beslutningsoplaeg/", "papers.urls", order=80)
        registry.api("papers.api:router", order=80)
        registry.seeder("papers", "papers.demo:seed", order=500)
        registry.audited("papers", order=70)
        registry.menu(
            "papers:paper_list",
            _("Beslutningsoplæg"),
            permission="paper.view",
            order=500,
            active="papers:",
        )
