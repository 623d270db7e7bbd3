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
        registry.urls("", "organizations.urls", order=20)
        registry.api("organizations.api:router", order=10)
        registry.audited("organizations", order=10)
        registry.card("organizations.dashboard:foundation_card", order=10)
        registry.menu(
            "organizations:dashboard",
            _("Overblik"),
            permission="organization.view",
            order=10,
            active="organizations:dashboard",
        )
        registry.menu(
            "organizations:audit_log",
            _("Revisionslog"),
            permission="audit.view",
            order=900,
            active="organizations:audit_log",
        )
        registry.menu(
            "organizations:profile",
            _("Organisation"),
            permission="organization.view",
            order=20,
            active="organizations:profile",
        )
        registry.menu(
            "organizations:unit_tree",
            _("Enheder"),
            permission="unit.view",
            order=30,
            active="organizations:unit_",
        )
        registry.menu(
            "organizations:membership_list",
            _("Medlemmer"),
            permission="membership.view",
            order=40,
        )
