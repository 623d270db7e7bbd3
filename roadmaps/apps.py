from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = _("Roadmaps")

    def ready(self) -> None:
        from roadmaps import (
            dashboard,  # noqa: F401 - registers the dashboard card
            permissions,  # noqa: F401 - registers the roles' permissions
        )
