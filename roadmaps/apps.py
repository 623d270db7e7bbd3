from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = _("Roadmaps")

    def ready(self) -> None:
        from advisor.services import on_strategy_chosen
        from core.registry import registry
        from roadmaps import permissions  # noqa: F401 - registers the roles' permissions

        registry.urls("roadmaps/", "roadmaps.urls", order=70)
        registry.api("roadmaps.api:router", order=70)
        registry.card("roadmaps.dashboard:roadmap_card", order=40)
        registry.seeder("roadmaps", "roadmaps.demo:seed", order=300)
        registry.audited("roadmaps", order=60)
        registry.menu(
            "roadmaps:roadmap_list",
            _("Roadmaps"),
            permission="roadmap.view",
            order=400,
            active="roadmaps:",
        )
        from roadmaps.services import roadmap_create_for_chosen_strategy

        # Choosing a strategy in the advisor generates its roadmap.
        on_strategy_chosen(roadmap_create_for_chosen_strategy)
