from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import (
    choice_field,
    name_field,
    optional_reference,
    unique_in_organization,
    user_reference,
)
from core.models import NamedPage, OrganizationOwnedModel, TimeStampedModel
from organizations.choices import OrganizationKind, Role, UnitKind

ean_validator = RegexValidator(r"^\d{13}$", _("Et EAN-nummer består af 13 cifre."))


class Organization(TimeStampedModel):
    """A tenant: a kommune, a community of several organizations, or another authority."""

    kind = models.CharField(_("type"), max_length=30, choices=OrganizationKind.choices)
    name = name_field()
    kommunekode = models.PositiveSmallIntegerField(
        _("kommunekode"), null=True, blank=True, unique=True
    )
    region_code = models.PositiveSmallIntegerField(_("regionskode"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    cvr = models.CharField(
        _("CVR-nummer"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Et CVR-nummer består af 8 cifre."))],
    )
    population = models.PositiveIntegerField(_("indbyggere"), null=True, blank=True)
    website = models.URLField(_("websted"), blank=True)
    contact_email = models.EmailField(_("kontakt-e-mail"), blank=True)
    members = models.ManyToManyField(
        "self",
        verbose_name=_("medlemsorganisationer"),
        symmetrical=False,
        blank=True,
        related_name="communities",
    )
    is_demo = models.BooleanField(
        _("demodata"),
        default=False,
        help_text=_("Organisationens indhold er syntetiske demodata."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kommunekode__isnull=True) | models.Q(kind="kommune"),
                name="org_kommunekode_only_kommune",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == OrganizationKind.KOMMUNE and not self.name.endswith("Kommune"):
            return f"{self.name} Kommune"
        return self.name

    @property
    def is_community(self) -> bool:
        return self.kind in {
            OrganizationKind.DRIFTSFAELLESSKAB,
            OrganizationKind.INTERESSEFAELLESSKAB,
        }


class OrganizationUnit(NamedPage, OrganizationOwnedModel):
    """A unit in the organization's tree: forvaltning → afdeling → team."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="units",
    )
    parent = optional_reference(
        "self", _("overordnet enhed"), on_delete=models.PROTECT, related_name="children"
    )
    name = name_field()
    kind = choice_field(_("type"), UnitKind, max_length=20, default=UnitKind.AFDELING)
    local_id = models.CharField(_("lokalt id"), max_length=50, blank=True)
    ean = models.CharField(_("EAN-nummer"), max_length=13, blank=True, validators=[ean_validator])

    detail_route = "organizations:unit_detail"

    class Meta:
        verbose_name = _("organisationsenhed")
        verbose_name_plural = _("organisationsenheder")
        ordering = ["name"]
        constraints = [
            unique_in_organization(
                "local_id",
                condition=~models.Q(local_id=""),
                name="unit_unique_local_id",
                message=_("Der findes allerede en enhed med dette lokale id."),
            ),
        ]


class Membership(TimeStampedModel):
    """A user's role in an organization. A user may hold several roles."""

    user = user_reference("memberships")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    unit = optional_reference(OrganizationUnit, _("enhed"), related_name="memberships")

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                name="membership_unique_role",
                violation_error_message=_("Brugeren har allerede denne rolle i organisationen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
