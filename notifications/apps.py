from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications and their e-mails, for any app that must tell a user
    something (procurement's questions, stages and deadlines; the kontrolorgan's
    reminders). Apps create them with ``notifications.services.deliver``. What falls due
    in each app is read through :mod:`core.due` and reminded by the one daily job
    ``manage.py send_reminders`` (:mod:`notifications.reminders`); the overdue page, card
    and API (``analyses/overdue``) read the same."""

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
        registry.card("notifications.dashboard:overdue_card", order=6)
        registry.api("notifications.api:router", order=34)
        registry.menu(
            "notifications:list",
            _("Notifikationer"),
            permission="notifications.view",
            order=15,
            active="notifications:",
        )
