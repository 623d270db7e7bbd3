from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = _("Roadmaps")

    def ready(self) -> None:
        from advisor.services import on_strategy_chosen
        from core.registry import registry
        from roadmaps import permissions  # noqa: F401 - registers the roles' permissions
        from roadmaps.services import roadmap_create_for_chosen_strategy

        registry.app(
            self, order=70, urls="roadmaps/", api=True, card="roadmap_card", seeder=300, menu=MENU
        )
        registry.due("milestone", "roadmaps.due:milestones", order=40)
        # Choosing a strategy in the advisor generates its roadmap.
        on_strategy_chosen(roadmap_create_for_chosen_strategy)


MENU = (("roadmaps:roadmap_list", _("Roadmaps"), "roadmap.view", 400, "roadmaps:"),)
