from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpendConfig(AppConfig):
    name = "spend"
    verbose_name = _("Forbrug")

    def ready(self) -> None:
        from core.permissions import ALL_ROLES, grant
        from core.registry import registry
        from spend.resources import RULES, SOURCES

        grant({"spend.view"}, roles=ALL_ROLES)
        editors = ["redaktoer", "arkitekt", "administrator"]
        grant({"spend.import", "spend.triage"}, roles=editors)
        grant({"spend.rules"}, roles=["arkitekt", "administrator"])
        # The import wizard, the imports API and ``styrbar_import --kind spend`` run the
        # importer as an app's import kind; the advisor's facts read the figures via a hook.
        registry.import_kind(
            "spend",
            _("Forbrugsposteringer (CSV/XLSX)"),
            run="spend.jobs:run",
            detect="spend.jobs:detect",
            order=40,
        )
        registry.hook("spend_facts", "spend.facts:advisor_facts")
        registry.resource(RULES)
        registry.resource(SOURCES)
        registry.app(
            self, order=78, urls="forbrug/", api=True, card="spend_card", seeder=480, menu=MENU
        )


MENU = (("spend:overview", _("Forbrug"), "spend.view", 458, "spend:"),)
