from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = _("Roadmaps")

    def ready(self) -> None:
        from advisor.services import on_strategy_chosen
        from roadmaps import (
            dashboard,  # noqa: F401 - registers the dashboard card
            permissions,  # noqa: F401 - registers the roles' permissions
        )
        from roadmaps.services import roadmap_create_for_chosen_strategy

        # Choosing a strategy in the advisor generates its roadmap.
        on_strategy_chosen(roadmap_create_for_chosen_strategy)
