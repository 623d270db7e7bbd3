from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import description_field, name_field
from core.models import DetailPage, NamedPage, OrganizationOwnedModel
from sharing.choices import AllocationKey, Category, HomeRole


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


class SharedService(NamedPage, OrganizationOwnedModel):
    """A service in the fællesskab's catalogue: what it delivers to its members, its
    yearly price and the key that splits the price over the members."""

    name = name_field()
    description = description_field()
    yearly_price = models.DecimalField(
        _("årlig pris (kr.)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    allocation_key = models.CharField(
        _("fordelingsnøgle"), max_length=20, choices=AllocationKey.choices
    )

    detail_route = "sharing:service_detail"

    class Meta:
        verbose_name = _("ydelse")
        verbose_name_plural = _("ydelser")
        ordering = ["name"]


class ServiceMeasure(DetailPage, OrganizationOwnedModel):
    """A member's quantity of a service in a year: its users (key "antal brugere") or its
    measured use (key "målt forbrug")."""

    service = models.ForeignKey(
        SharedService, verbose_name=_("ydelse"), on_delete=models.CASCADE, related_name="measures"
    )
    member = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("medlem"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quantity = models.DecimalField(
        _("mængde"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    detail_route = "sharing:measure_detail"

    class Meta:
        verbose_name = _("forbrug")
        verbose_name_plural = _("forbrug")
        ordering = ["-year", "service__name", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "member", "year"],
                name="sharing_measure_unique",
                violation_error_message=_("Medlemmet har allerede en mængde for ydelsen i året."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.member} {self.year}"


class HomeRoleRecord(OrganizationOwnedModel):
    """Whether the organization keeps one of the roles at home, and who holds it."""

    kind = models.CharField(_("rolle"), max_length=30, choices=HomeRole.choices)
    kept = models.BooleanField(_("beholdes i kommunen"), default=True)
    people = models.CharField(_("navngivne personer"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("rolle i kommunen")
        verbose_name_plural = _("roller i kommunen")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind"],
                name="sharing_home_role_unique",
                violation_error_message=_("Rollen står allerede på kommunens tjekliste."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())
