from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Løsningsgennemgange")

    def ready(self) -> None:
        from core.permissions import ALL_ROLES, grant, register_object_rule
        from core.registry import registry
        from reviews.permissions import finding_owner, usage_editor
        from reviews.resources import CADENCES, FINDINGS, PLANS, REVIEWS

        grant({"reviews.view"}, roles=ALL_ROLES)
        # The kontrolorgan (arkitekter) and administrators plan and hold reviews.
        grant({"reviews.change", "finding.close"}, roles=["arkitekt", "administrator"])
        # Governance plans: the portfolio's editors, and a systemejer for their own system.
        grant({"plan.change"}, roles=["redaktoer", "arkitekt", "administrator"])
        register_object_rule("plan.change", usage_editor)
        # An action's owner closes it.
        register_object_rule("finding.close", finding_owner)
        for resource in (REVIEWS, FINDINGS, PLANS, CADENCES):
            registry.resource(resource)
        registry.app(self, order=78, urls="gennemgange/", api=True, seeder=470, menu=MENU)
        registry.hook("usage_panel", "reviews.flags:usage_panel")
        registry.hook("usage_list_filter", "reviews.flags:usage_list_filter")
        registry.hook("usage_list_filter_choices", "reviews.flags:usage_list_filter_choices")
        registry.hook("governance_plan_handover", "reviews.services:plan_handover")
        registry.due("review", "reviews.due:reviews", order=40)
        registry.due("governance_test", "reviews.due:plan_tests", order=41)
        registry.due("review_action", "reviews.due:actions", order=42)
        from reviews.audit_labels import register

        register()


MENU = (
    ("reviews:schedule", _("Gennemgangsplan"), "reviews.view", 469, "reviews:schedule"),
    (
        "reviews:finding_list",
        _("Handlinger fra gennemgange"),
        "reviews.view",
        471,
        "reviews:finding_",
    ),
)
