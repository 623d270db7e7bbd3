"""State kept by the KITOS integration: last sync per organization and the unit links."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class KitosSyncState(models.Model):
    """When an organization last synchronised successfully with KITOS (for delta syncs)."""

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    base_url = models.URLField(_("KITOS-adresse"), blank=True)
    kitos_organization_uuid = models.UUIDField(_("KITOS-organisation"), null=True, blank=True)
    last_sync_at = models.DateTimeField(_("sidste synkronisering"), null=True, blank=True)

    class Meta:
        verbose_name = _("KITOS-synkronisering")
        verbose_name_plural = _("KITOS-synkroniseringer")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.last_sync_at}"


class KitosUnitLink(models.Model):
    """An organization unit's KITOS UUID (units have no uuid field of their own)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kitos_uuid = models.UUIDField(_("KITOS-UUID"))
    unit = models.OneToOneField(
        "organizations.OrganizationUnit",
        verbose_name=_("enhed"),
        on_delete=models.CASCADE,
        related_name="kitos_link",
    )

    class Meta:
        verbose_name = _("KITOS-enhed")
        verbose_name_plural = _("KITOS-enheder")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kitos_uuid"], name="kitos_unit_unique_uuid"
            )
        ]

    def __str__(self) -> str:
        return str(self.kitos_uuid)
