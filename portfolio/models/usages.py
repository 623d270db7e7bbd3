"""An organization's use of a catalog system, with its roles, costs and references."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import (
    choice_field,
    name_field,
    notes_field,
    optional_date,
    optional_many,
    optional_reference,
    public_uuid,
    unit_reference,
    valid_period,
)
from core.models import OrganizationOwnedModel
from portfolio import choices as c
from portfolio.models.reference import (
    FIT,
    CatalogSystem,
    KleSubject,
    RoleType,
    amount_field,
    year_field,
)


class SystemUsage(OrganizationOwnedModel):
    """An organization's use of a catalog system (KITOS: it-system-usage)."""

    uuid = public_uuid()
    catalog_system = models.ForeignKey(
        CatalogSystem, verbose_name=_("system"), on_delete=models.PROTECT, related_name="usages"
    )
    local_name = models.CharField(_("lokalt navn"), max_length=200, blank=True)
    local_id = models.CharField(_("lokalt id"), max_length=50, blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)
    # lifecycle
    lifecycle = choice_field(
        _("livscyklus"), c.Lifecycle, max_length=20, default=c.Lifecycle.UNDECIDED, db_index=True
    )
    valid_from = optional_date(_("i drift fra"))
    valid_to = optional_date(_("i drift til"))
    # organization
    responsible_unit = unit_reference(_("ansvarlig enhed"), related_name="responsible_usages")
    using_units = models.ManyToManyField(
        "organizations.OrganizationUnit",
        verbose_name=_("anvendende enheder"),
        blank=True,
        related_name="used_usages",
    )
    user_count = choice_field(
        _("antal brugere"), c.UserCount, max_length=12, default=c.UserCount.UNDECIDED
    )
    hosting = choice_field(_("driftsform"), c.Hosting, max_length=20, default=c.Hosting.UNDECIDED)
    # GDPR and security
    data_sensitivity = choice_field(
        _("datafølsomhed"), c.DataSensitivity, max_length=12, default=c.DataSensitivity.NONE
    )
    gdpr_purpose = models.TextField(_("formål med behandlingen"), blank=True)
    risk_assessment_done = models.BooleanField(_("risikovurdering foretaget"), default=False)
    risk_assessment_date = optional_date(_("dato for risikovurdering"))
    risk_level = models.CharField(
        _("risikoniveau"), max_length=8, choices=c.Level.choices, blank=True
    )
    dpia_done = models.BooleanField(_("konsekvensanalyse (DPIA) foretaget"), default=False)
    dpia_date = optional_date(_("dato for DPIA"))
    criticality = models.CharField(
        _("kritikalitet"), max_length=8, choices=c.Level.choices, blank=True
    )
    business_critical = models.BooleanField(_("forretningskritisk"), default=False)
    socially_critical = models.BooleanField(_("samfundskritisk"), default=False)
    archive_duty = choice_field(
        _("arkivpligt"), c.ArchiveDuty, max_length=20, default=c.ArchiveDuty.UNDECIDED
    )
    archive_notes = models.TextField(_("arkivnoter"), blank=True)
    kle_additions = optional_many(KleSubject, _("lokale KLE-tilføjelser"))
    kle_removals = optional_many(KleSubject, _("lokale KLE-fravalg"))
    # platform support (self-service solutions)
    supports_browsers = models.BooleanField(_("understøtter alle gængse browsere"), default=False)
    supports_ios = models.BooleanField(_("understøtter iOS"), default=False)
    supports_android = models.BooleanField(_("understøtter Android"), default=False)
    supports_windows = models.BooleanField(_("understøtter Windows"), default=False)
    supports_macos = models.BooleanField(_("understøtter macOS"), default=False)
    accessibility_statement_url = models.URLField(_("tilgængelighedserklæring"), blank=True)
    wcag_status = choice_field(
        _("WCAG-status"), c.WcagStatus, max_length=16, default=c.WcagStatus.UNKNOWN
    )
    wcag_date = optional_date(_("WCAG-vurdering dato"))
    # The governance plan (styringsplan) is its own record: reviews.GovernancePlan.
    # TIME
    time_disposition = models.CharField(
        _("TIME-disposition"), max_length=10, choices=c.TimeDisposition.choices, blank=True
    )
    functional_fit = models.PositiveSmallIntegerField(
        _("funktionel egnethed (1–4)"), null=True, blank=True, validators=FIT
    )
    technical_fit = models.PositiveSmallIntegerField(
        _("teknisk egnethed (1–4)"), null=True, blank=True, validators=FIT
    )
    notes = notes_field()

    audit_children = ("costs", "roles", "references")

    class Meta:
        verbose_name = _("system i anvendelse")
        verbose_name_plural = _("systemer")
        ordering = ["local_name"]
        indexes = [
            models.Index(fields=["organization", "lifecycle"], name="usage_org_lifecycle_idx"),
            models.Index(fields=["organization", "updated_at"], name="usage_org_updated_idx"),
        ]
        constraints = [
            valid_period(
                "usage_valid_period",
                _("»I drift til« må ikke ligge før »I drift fra«."),
                start="valid_from",
                end="valid_to",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.local_name or self.catalog_system.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:usage_detail", kwargs={"pk": self.pk})


class UsageRole(models.Model):
    """Who holds a role (systemejer, dataejer, …) on a usage: a user or a named person."""

    usage = models.ForeignKey(SystemUsage, on_delete=models.CASCADE, related_name="roles")
    role_type = models.ForeignKey(
        RoleType, verbose_name=_("rolle"), on_delete=models.PROTECT, related_name="+"
    )
    user = optional_reference(
        settings.AUTH_USER_MODEL, _("bruger"), on_delete=models.CASCADE, related_name="usage_roles"
    )
    person_name = models.CharField(_("navn"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("rolle på system")
        verbose_name_plural = _("roller på systemer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(person_name=""),
                name="usagerole_user_or_name",
            ),
        ]

    def __str__(self) -> str:
        who = self.user.get_full_name() if self.user else self.person_name
        return f"{self.role_type}: {who}"


class UsageCost(models.Model):
    """The organization's own yearly cost lines on a usage (beside contract payments)."""

    usage = models.ForeignKey(SystemUsage, on_delete=models.CASCADE, related_name="costs")
    year = year_field()
    kind = models.CharField(_("art"), max_length=12, choices=c.CostKind.choices)
    amount = amount_field()
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("omkostning")
        verbose_name_plural = _("omkostninger")
        ordering = ["year", "kind"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}: {self.amount} kr."


class ExternalReference(models.Model):
    usage = models.ForeignKey(SystemUsage, on_delete=models.CASCADE, related_name="references")
    title = name_field(_("titel"))
    url = models.URLField(_("adresse"))

    class Meta:
        verbose_name = _("ekstern reference")
        verbose_name_plural = _("eksterne referencer")

    def __str__(self) -> str:
        return self.title
