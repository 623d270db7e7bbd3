from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("Anskaffelser")

    def ready(self) -> None:
        from core.permissions import ALL_ROLES, grant
        from core.registry import registry
        from procurement.resources import LOCAL_QUESTIONS, REQUESTS

        grant({"procurement.view"}, roles=ALL_ROLES)
        # Every member but a reader submits needs, edits open requests and answers questions.
        grant({"procurement.change"}, roles=[r for r in ALL_ROLES if r != "laeser"])
        grant({"procurement.run"}, roles=["indkoeber", "arkitekt", "administrator"])
        grant(
            {"procurement.override", "procurement.questions"}, roles=["arkitekt", "administrator"]
        )
        # The advisor's facts and the business-case templates start from what the process
        # measured.
        registry.hook("process_facts", "procurement.leadtime:advisor_facts")
        registry.hook("process_measures", "procurement.leadtime:process_measures")
        registry.due("procurement_question", "procurement.due:questions", order=50)
        registry.due("procurement_condition", "procurement.due:conditions", order=55)
        registry.due("procurement_wanted", "procurement.due:wanted_dates", order=60)
        registry.resource(REQUESTS)
        from procurement.audit_labels import register

        register()
        registry.resource(LOCAL_QUESTIONS)
        registry.app(
            self,
            order=75,
            urls="anskaffelser/",
            api=True,
            card="request_card",
            seeder=450,
            menu=MENU,
        )


MENU = (
    ("procurement:leadtime", _("Gennemløbstid"), "procurement.view", 455, "procurement:leadtime"),
)
