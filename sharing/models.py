from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import OrganizationOwnedModel
from sharing.choices import Category


class SharingGrant(OrganizationOwnedModel):
    """A member's consent: ``organization`` lets ``recipient`` read one ``category`` of its
    landscape. Nothing is shared without a grant; deleting the grant revokes it at once
    (every shared read goes through the grants), and the audit log keeps both events."""

    recipient = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("deles med"),
        on_delete=models.CASCADE,
        related_name="received_grants",
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("givet af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deling")
        verbose_name_plural = _("delinger")
        ordering = ["recipient__name", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "recipient", "category"],
                name="sharing_grant_unique",
                violation_error_message=_("Kategorien deles allerede med denne organisation."),
            ),
            models.CheckConstraint(
                condition=~models.Q(organization=models.F("recipient")),
                name="sharing_grant_not_self",
                violation_error_message=_("En organisation kan ikke dele med sig selv."),
            ),
        ]
        indexes = [models.Index(fields=["recipient", "category"], name="sharing_recipient_idx")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.recipient}"
