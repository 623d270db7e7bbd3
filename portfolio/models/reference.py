"""Shared reference data (vendors, KLE, the catalog) and the organization's role types and data
objects."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import (
    choice_field,
    description_field,
    name_field,
    optional_reference,
    public_uuid,
    unique_in_organization,
)
from core.models import NamedPage, OrganizationOwnedModel, TimeStampedModel
from portfolio import choices as c
from portfolio.validators import validate_cvr, validate_kle_number

FIT = [MinValueValidator(1), MaxValueValidator(4)]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


def year_field() -> models.PositiveSmallIntegerField[Any, Any]:
    """The budget year of a payment or cost line."""
    return models.PositiveSmallIntegerField(_("år"), validators=YEAR)


def amount_field() -> models.DecimalField[Any, Any]:
    """An amount in kroner on a payment or cost line."""
    return models.DecimalField(_("beløb (kr.)"), max_digits=14, decimal_places=2)


class Vendor(NamedPage, TimeStampedModel):
    """A supplier / rights holder. Shared between organizations, like KITOS's."""

    uuid = public_uuid()
    name = name_field(db_index=True)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, validators=[validate_cvr])
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontakt-e-mail"), blank=True)
    website = models.URLField(_("websted"), blank=True)
    created_by = optional_reference("organizations.Organization", _("oprettet af"))

    detail_route = "portfolio:vendor_detail"

    class Meta:
        verbose_name = _("leverandør")
        verbose_name_plural = _("leverandører")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cvr"],
                condition=~models.Q(cvr=""),
                name="vendor_unique_cvr",
                violation_error_message=_(
                    "Der findes allerede en leverandør med dette CVR-nummer."
                ),
            )
        ]


class KleSubject(TimeStampedModel):
    """A node of the KLE subject plan (hovedgruppe.gruppe.emne): the capability backbone."""

    number = models.CharField(
        _("KLE-nummer"), max_length=8, unique=True, validators=[validate_kle_number]
    )
    title = models.CharField(_("titel"), max_length=255)
    level = models.CharField(_("niveau"), max_length=12, choices=c.KleLevel.choices)
    parent = optional_reference(
        "self", _("overordnet"), on_delete=models.CASCADE, related_name="children"
    )
    archive_code = models.CharField(
        _("arkivkode"), max_length=1, blank=True, choices=c.KleArchiveCode.choices
    )
    deletion_years = models.PositiveSmallIntegerField(_("slettefrist (år)"), null=True, blank=True)
    deactivated = models.BooleanField(_("udgået"), default=False)

    class Meta:
        verbose_name = _("KLE-emne")
        verbose_name_plural = _("KLE-emner")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CatalogSystem(NamedPage, TimeStampedModel):
    """An IT system in the shared catalog (KITOS: it-system)."""

    uuid = public_uuid()
    name = name_field(db_index=True)
    former_names = models.CharField(_("tidligere navne"), max_length=500, blank=True)
    description = description_field()
    vendor = optional_reference(
        Vendor, _("leverandør (rettighedshaver)"), on_delete=models.PROTECT, related_name="systems"
    )
    business_type = models.CharField(
        _("forretningstype"), max_length=20, choices=c.BusinessType.choices, db_index=True
    )
    kle_subjects = models.ManyToManyField(
        KleSubject, verbose_name=_("KLE-emner"), blank=True, related_name="catalog_systems"
    )
    recommended_archive_duty = choice_field(
        _("anbefalet arkivpligt"), c.ArchiveDuty, max_length=20, default=c.ArchiveDuty.UNDECIDED
    )
    parent = optional_reference("self", _("overordnet system"), related_name="children")
    scope = choice_field(_("synlighed"), c.Scope, max_length=10, default=c.Scope.GLOBAL)
    owner_organization = optional_reference(
        "organizations.Organization",
        _("oprettet af"),
        on_delete=models.CASCADE,
        help_text=_("Tom for systemer i det fælles katalog."),
    )
    proposed = models.BooleanField(
        _("forslag"), default=False, help_text=_("Foreslået til det fælles katalog.")
    )
    deactivated = models.BooleanField(_("deaktiveret"), default=False)

    detail_route = "portfolio:catalog_detail"

    class Meta:
        verbose_name = _("katalogsystem")
        verbose_name_plural = _("systemkatalog")
        ordering = ["name"]


class RoleType(models.Model):
    """A role on a system usage (systemejer, dataejer, …). Built-in ones have no organization."""

    organization = optional_reference(
        "organizations.Organization", _("organisation"), on_delete=models.CASCADE
    )
    key = models.SlugField(_("nøgle"), max_length=40)
    name = models.CharField(_("navn"), max_length=100)
    grants_edit = models.BooleanField(
        _("må redigere systemet"),
        default=False,
        help_text=_("Brugere med rollen må redigere de systemer, de har rollen på."),
    )
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=100)

    class Meta:
        verbose_name = _("rolletype")
        verbose_name_plural = _("rolletyper")
        ordering = ["sort_order", "name"]
        constraints = [
            unique_in_organization("key", name="roletype_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name


class DataObject(NamedPage, OrganizationOwnedModel):
    """A kind of data (e.g. 'Cpr-oplysninger', 'Sagsakter') moved by integrations and processes."""

    name = name_field()
    description = description_field()
    personal_data = models.BooleanField(_("indeholder personoplysninger"), default=False)

    detail_route = "portfolio:data_object_detail"

    class Meta:
        verbose_name = _("dataobjekt")
        verbose_name_plural = _("dataobjekter")
        ordering = ["name"]
        constraints = [
            unique_in_organization(
                "name",
                name="dataobject_unique_name",
                message=_("Der findes allerede et dataobjekt med dette navn."),
            ),
        ]
