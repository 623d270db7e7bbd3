"""A module built only by the checklist in docs/architecture/overview.md, to prove that a
new governed entity touches nothing outside its own folder (the test settings add it to
INSTALLED_APPS; the product does not ship it)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryAppConfig(AppConfig):
    name = "tests.registry_app"
    label = "registry_app"
    verbose_name = _("Erfaringsnotater (testmodul)")

    def ready(self) -> None:
        from core.permissions import ALL_ROLES, grant
        from core.registry import registry
        from tests.registry_app.resources import LESSONS

        grant({"lesson.view"}, roles=ALL_ROLES)
        grant({"lesson.change"}, roles=["arkitekt", "administrator"])
        registry.resource(LESSONS)
        registry.card("tests.registry_app.dashboard:lesson_card", order=900)
        registry.seeder("registry_app", "tests.registry_app.demo:seed", order=900)
