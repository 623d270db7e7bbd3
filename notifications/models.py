"""A notification to one user in one organization, and each user's e-mail setting.

Notifications are the user's own data: they are created by the apps' services
(:func:`notifications.services.deliver`), read and marked read by their recipient only,
and never audited (they record nothing the audit log does not already hold).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import choice_field, user_reference
from core.models import OrganizationOwnedModel
from notifications import choices as c


class Notification(OrganizationOwnedModel):
    """Something a user should know or do: shown under Notifikationer and e-mailed
    straight away or in the daily digest (:class:`NotificationSetting`).

    ``key`` names the event for the app that notified (e.g. a deadline and its date); a
    user gets a notification with the same key only once.
    """

    recipient = user_reference("notifications")
    kind = choice_field(_("art"), c.Kind, max_length=12, default=c.Kind.INFO)
    text = models.TextField(_("tekst"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    key = models.CharField(_("hændelsesnøgle"), max_length=200, blank=True)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("sendt som e-mail"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikation")
        verbose_name_plural = _("notifikationer")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "organization", "read_at"], name="notification_inbox_idx"
            ),
            models.Index(fields=["emailed_at", "recipient"], name="notification_unmailed_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient"],
                condition=~models.Q(key=""),
                name="notification_unique_key",
                violation_error_message=_("Brugeren har allerede fået denne notifikation."),
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("notifications:list")


def default_language() -> str:
    """The installation's language (``STYRBAR_LANGUAGE``) when it is one we write in."""
    code = (settings.LANGUAGE_CODE or "da")[:2]
    return code if code in c.Language.values else c.Language.DA


class NotificationSetting(models.Model):
    """A user's choice of e-mail delivery and language (one row per user, made on first
    save; without it the user gets immediate e-mails in the installation's language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_setting",
    )
    delivery = choice_field(_("e-mail"), c.Delivery, max_length=10, default=c.Delivery.IMMEDIATE)
    language = models.CharField(
        _("sprog i notifikationer og e-mails"),
        max_length=2,
        choices=c.Language.choices,
        default=default_language,
    )
    last_digest_on = models.DateField(_("seneste samlede e-mail"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikationsindstilling")
        verbose_name_plural = _("notifikationsindstillinger")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_delivery_display()}"


class ReminderRun(models.Model):
    """One run of the daily reminders (``manage.py send_reminders``): the day it ran as,
    what it found and what it sent. ``organizations`` holds the counts per organization
    (``{"<id>": {"items": …, "reminders": …, "recipients": …}}``), so each organization's
    administrators see only their own; ``sent`` lists per recipient the keys of the items
    they were reminded of and whether the digest mail went out."""

    day = models.DateField(_("dato"), db_index=True)
    started_at = models.DateTimeField(_("startet"), auto_now_add=True)
    items = models.PositiveIntegerField(_("forfaldne og kommende"), default=0)
    due_today = models.PositiveIntegerField(_("påmindelser i dag"), default=0)
    reminders = models.PositiveIntegerField(_("notifikationer"), default=0)
    recipients = models.PositiveIntegerField(_("modtagere"), default=0)
    emails = models.PositiveIntegerField(_("e-mails"), default=0)
    failed = models.PositiveIntegerField(_("e-mails der fejlede"), default=0)
    unassigned = models.PositiveIntegerField(_("uden ansvarlig bruger"), default=0)
    kinds = models.JSONField(_("pr. art"), default=dict, blank=True)
    organizations = models.JSONField(_("pr. organisation"), default=dict, blank=True)
    sent = models.JSONField(_("sendt pr. modtager"), default=list, blank=True)

    class Meta:
        verbose_name = _("kørsel af påmindelser")
        verbose_name_plural = _("kørsler af påmindelser")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.day.isoformat()}: {self.reminders}"
