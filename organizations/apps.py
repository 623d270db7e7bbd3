from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisationer")

    def ready(self) -> None:
        from core.permissions import set_role_loader
        from core.registry import registry
        from organizations.selectors import membership_roles

        set_role_loader(membership_roles)
        registry.hook("member_organization", "organizations.selectors:organization_get_for_member")
        registry.hook("is_member_anywhere", "organizations.selectors:is_member_anywhere")
        registry.card("organizations.dashboard:foundation_card", order=10)
        registry.app(self, order=20, urls="", api=True, menu=MENU)


MENU = (
    ("organizations:dashboard", _("Overblik"), "organization.view", 10, "organizations:dashboard"),
    ("organizations:profile", _("Organisation"), "organization.view", 20, "organizations:profile"),
    ("organizations:unit_tree", _("Enheder"), "unit.view", 30, "organizations:unit_"),
    (
        "organizations:membership_list",
        _("Medlemmer"),
        "membership.view",
        40,
        "organizations:membership_",
    ),
    ("organizations:audit_log", _("Revisionslog"), "audit.view", 900, "organizations:audit_log"),
)
