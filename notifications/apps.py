from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications and their e-mails, for any app that must tell a user
    something (procurement's questions, stages and deadlines; the kontrolorgan's
    reminders). Apps create them with ``notifications.services.deliver``; deadline checks
    live in ``<app>/notify.py`` as ``deadlines(*, today)``, run daily by
    ``manage.py notify_deadlines``."""

    name = "notifications"
    verbose_name = _("Notifikationer")

    def ready(self) -> None:
        from core.permissions import ALL_ROLES, grant
        from core.registry import registry

        # Every member reads and manages their own notifications.
        grant({"notifications.view"}, roles=ALL_ROLES)
        # Not registry.app(): notifications are no audited records of the organization.
        registry.urls("notifikationer/", "notifications.urls", order=15)
        registry.card("notifications.dashboard:notification_card", order=5)
        registry.menu(
            "notifications:list",
            _("Notifikationer"),
            permission="notifications.view",
            order=15,
            active="notifications:",
        )
