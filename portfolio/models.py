"""The municipality's system landscape, shaped after KITOS (catalog + usage) plus governance.

Shared (all organizations): Vendor, KleSubject, CatalogSystem with scope=global.
Organization-owned: everything else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import OrganizationOwnedModel, TimeStampedModel
from portfolio import choices as c
from portfolio.validators import validate_cvr, validate_kle_number

FIT = [MinValueValidator(1), MaxValueValidator(4)]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class Vendor(TimeStampedModel):
    """A supplier / rights holder. Shared between organizations, like KITOS's."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200, db_index=True)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, blank=True, validators=[validate_cvr])
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontakt-e-mail"), blank=True)
    website = models.URLField(_("websted"), blank=True)
    created_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("oprettet af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

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

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:vendor_detail", kwargs={"pk": self.pk})


class KleSubject(TimeStampedModel):
    """A node of the KLE subject plan (hovedgruppe.gruppe.emne): the capability backbone."""

    number = models.CharField(
        _("KLE-nummer"), max_length=8, unique=True, validators=[validate_kle_number]
    )
    title = models.CharField(_("titel"), max_length=255)
    level = models.CharField(_("niveau"), max_length=12, choices=c.KleLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
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


class CatalogSystem(TimeStampedModel):
    """An IT system in the shared catalog (KITOS: it-system)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200, db_index=True)
    former_names = models.CharField(_("tidligere navne"), max_length=500, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    vendor = models.ForeignKey(
        Vendor,
        verbose_name=_("leverandør (rettighedshaver)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="systems",
    )
    business_type = models.CharField(
        _("forretningstype"), max_length=20, choices=c.BusinessType.choices, db_index=True
    )
    kle_subjects = models.ManyToManyField(
        KleSubject, verbose_name=_("KLE-emner"), blank=True, related_name="catalog_systems"
    )
    recommended_archive_duty = models.CharField(
        _("anbefalet arkivpligt"),
        max_length=20,
        choices=c.ArchiveDuty.choices,
        default=c.ArchiveDuty.UNDECIDED,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet system"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    scope = models.CharField(
        _("synlighed"), max_length=10, choices=c.Scope.choices, default=c.Scope.GLOBAL
    )
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("oprettet af"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tom for systemer i det fælles katalog."),
    )
    proposed = models.BooleanField(
        _("forslag"), default=False, help_text=_("Foreslået til det fælles katalog.")
    )
    deactivated = models.BooleanField(_("deaktiveret"), default=False)

    class Meta:
        verbose_name = _("katalogsystem")
        verbose_name_plural = _("systemkatalog")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:catalog_detail", kwargs={"pk": self.pk})


class RoleType(models.Model):
    """A role on a system usage (systemejer, dataejer, …). Built-in ones have no organization."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.SlugField(_("nøgle"), max_length=40)
    name = models.CharField(_("navn"), max_length=100)
    grants_edit = models.BooleanField(
        _("må redigere systemet"),
        default=False,
        help_text=_("Brugere med rollen må redigere de systemer, de har rollen på."),
    )
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("rolletype")
        verbose_name_plural = _("rolletyper")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="roletype_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name


class DataObject(OrganizationOwnedModel):
    """A kind of data (e.g. 'Cpr-oplysninger', 'Sagsakter') moved by integrations and processes."""

    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    personal_data = models.BooleanField(_("indeholder personoplysninger"), default=False)

    class Meta:
        verbose_name = _("dataobjekt")
        verbose_name_plural = _("dataobjekter")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="dataobject_unique_name",
                violation_error_message=_("Der findes allerede et dataobjekt med dette navn."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:data_object_detail", args=[self.pk])


class SystemUsage(OrganizationOwnedModel):
    """An organization's use of a catalog system (KITOS: it-system-usage)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    catalog_system = models.ForeignKey(
        CatalogSystem, verbose_name=_("system"), on_delete=models.PROTECT, related_name="usages"
    )
    local_name = models.CharField(_("lokalt navn"), max_length=200, blank=True)
    local_id = models.CharField(_("lokalt id"), max_length=50, blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)
    # lifecycle
    lifecycle = models.CharField(
        _("livscyklus"),
        max_length=20,
        choices=c.Lifecycle.choices,
        default=c.Lifecycle.UNDECIDED,
        db_index=True,
    )
    valid_from = models.DateField(_("i drift fra"), null=True, blank=True)
    valid_to = models.DateField(_("i drift til"), null=True, blank=True)
    # organization
    responsible_unit = models.ForeignKey(
        "organizations.OrganizationUnit",
        verbose_name=_("ansvarlig enhed"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_usages",
    )
    using_units = models.ManyToManyField(
        "organizations.OrganizationUnit",
        verbose_name=_("anvendende enheder"),
        blank=True,
        related_name="used_usages",
    )
    user_count = models.CharField(
        _("antal brugere"),
        max_length=12,
        choices=c.UserCount.choices,
        default=c.UserCount.UNDECIDED,
    )
    hosting = models.CharField(
        _("driftsform"), max_length=20, choices=c.Hosting.choices, default=c.Hosting.UNDECIDED
    )
    # GDPR and security
    data_sensitivity = models.CharField(
        _("datafølsomhed"),
        max_length=12,
        choices=c.DataSensitivity.choices,
        default=c.DataSensitivity.NONE,
    )
    gdpr_purpose = models.TextField(_("formål med behandlingen"), blank=True)
    risk_assessment_done = models.BooleanField(_("risikovurdering foretaget"), default=False)
    risk_assessment_date = models.DateField(_("dato for risikovurdering"), null=True, blank=True)
    risk_level = models.CharField(
        _("risikoniveau"), max_length=8, choices=c.Level.choices, blank=True
    )
    dpia_done = models.BooleanField(_("konsekvensanalyse (DPIA) foretaget"), default=False)
    dpia_date = models.DateField(_("dato for DPIA"), null=True, blank=True)
    criticality = models.CharField(
        _("kritikalitet"), max_length=8, choices=c.Level.choices, blank=True
    )
    business_critical = models.BooleanField(_("forretningskritisk"), default=False)
    socially_critical = models.BooleanField(_("samfundskritisk"), default=False)
    archive_duty = models.CharField(
        _("arkivpligt"),
        max_length=20,
        choices=c.ArchiveDuty.choices,
        default=c.ArchiveDuty.UNDECIDED,
    )
    archive_notes = models.TextField(_("arkivnoter"), blank=True)
    kle_additions = models.ManyToManyField(
        KleSubject, verbose_name=_("lokale KLE-tilføjelser"), blank=True, related_name="+"
    )
    kle_removals = models.ManyToManyField(
        KleSubject, verbose_name=_("lokale KLE-fravalg"), blank=True, related_name="+"
    )
    # platform support (self-service solutions)
    supports_browsers = models.BooleanField(_("understøtter alle gængse browsere"), default=False)
    supports_ios = models.BooleanField(_("understøtter iOS"), default=False)
    supports_android = models.BooleanField(_("understøtter Android"), default=False)
    supports_windows = models.BooleanField(_("understøtter Windows"), default=False)
    supports_macos = models.BooleanField(_("understøtter macOS"), default=False)
    accessibility_statement_url = models.URLField(_("tilgængelighedserklæring"), blank=True)
    wcag_status = models.CharField(
        _("WCAG-status"), max_length=16, choices=c.WcagStatus.choices, default=c.WcagStatus.UNKNOWN
    )
    wcag_date = models.DateField(_("WCAG-vurdering dato"), null=True, blank=True)
    # governance plan
    update_cadence = models.CharField(
        _("opdateringskadence"), max_length=12, choices=c.Cadence.choices, default=c.Cadence.NONE
    )
    test_cadence = models.CharField(
        _("testkadence"), max_length=12, choices=c.Cadence.choices, default=c.Cadence.NONE
    )
    governance_responsible = models.CharField(
        _("ansvarlig for styringsplan"), max_length=200, blank=True
    )
    last_tested = models.DateField(_("sidst testet"), null=True, blank=True)
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
    notes = models.TextField(_("noter"), blank=True)

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
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="usage_valid_period",
                violation_error_message=_("'I drift til' må ikke ligge før 'i drift fra'."),
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
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="usage_roles",
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
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    kind = models.CharField(_("art"), max_length=12, choices=c.CostKind.choices)
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("omkostning")
        verbose_name_plural = _("omkostninger")
        ordering = ["year", "kind"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}: {self.amount} kr."


class ExternalReference(models.Model):
    usage = models.ForeignKey(SystemUsage, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(_("titel"), max_length=200)
    url = models.URLField(_("adresse"))

    class Meta:
        verbose_name = _("ekstern reference")
        verbose_name_plural = _("eksterne referencer")

    def __str__(self) -> str:
        return self.title


class Contract(OrganizationOwnedModel):
    """An IT contract (KITOS: it-contract) with payment streams and data processing agreement."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("kontraktnummer"), max_length=50, blank=True)
    name = models.CharField(_("navn"), max_length=200)
    vendor = models.ForeignKey(
        Vendor,
        verbose_name=_("leverandør"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
    )
    usages = models.ManyToManyField(
        SystemUsage, verbose_name=_("dækkede systemer"), blank=True, related_name="contracts"
    )
    contract_type = models.CharField(
        _("kontrakttype"),
        max_length=12,
        choices=c.ContractType.choices,
        default=c.ContractType.MAIN,
    )
    procurement_form = models.CharField(
        _("udbudsform"), max_length=20, choices=c.ProcurementForm.choices, blank=True
    )
    start_date = models.DateField(_("startdato"), null=True, blank=True)
    end_date = models.DateField(_("udløbsdato"), null=True, blank=True)
    irrevocable_until = models.DateField(_("uopsigelig til"), null=True, blank=True)
    notice_months = models.PositiveSmallIntegerField(_("opsigelsesvarsel (måneder)"), default=0)
    notice_runs_to = models.CharField(
        _("opsigelse løber til"),
        max_length=10,
        choices=c.NoticeRunsTo.choices,
        default=c.NoticeRunsTo.ANY_DAY,
    )
    options_offered = models.PositiveSmallIntegerField(_("optioner i alt"), default=0)
    options_used = models.PositiveSmallIntegerField(_("optioner udnyttet"), default=0)
    option_months = models.PositiveSmallIntegerField(_("optionens længde (måneder)"), default=12)
    terminated = models.BooleanField(_("opsagt"), default=False)
    terminated_date = models.DateField(_("opsagt dato"), null=True, blank=True)
    dpa_required = models.BooleanField(_("databehandleraftale påkrævet"), default=False)
    dpa_concluded = models.BooleanField(_("databehandleraftale indgået"), default=False)
    dpa_date = models.DateField(_("databehandleraftale dato"), null=True, blank=True)
    dpa_supervision_months = models.PositiveSmallIntegerField(
        _("tilsynsinterval (måneder)"), null=True, blank=True
    )
    dpa_next_supervision = models.DateField(_("næste tilsyn"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet kontrakt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    responsible_unit = models.ForeignKey(
        "organizations.OrganizationUnit",
        verbose_name=_("ansvarlig enhed"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts",
    )
    notes = models.TextField(_("noter"), blank=True)

    audit_children = ("payments", "roles")

    class Meta:
        verbose_name = _("kontrakt")
        verbose_name_plural = _("kontrakter")
        ordering = ["name"]
        indexes = [models.Index(fields=["organization", "end_date"], name="contract_org_end_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(options_used__lte=models.F("options_offered")),
                name="contract_options_used_le_offered",
                violation_error_message=_(
                    "Der kan ikke være udnyttet flere optioner end der er i alt."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="contract_valid_period",
                violation_error_message=_("Udløbsdatoen må ikke ligge før startdatoen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("portfolio:contract_detail", kwargs={"pk": self.pk})


class ContractPayment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="payments")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    stream = models.CharField(_("betalingsstrøm"), max_length=12, choices=c.PaymentStream.choices)
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalinger")
        ordering = ["year", "stream"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year", "stream"],
                name="payment_unique_year_stream",
                violation_error_message=_("Hvert år og hver betalingsstrøm må kun stå én gang."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_stream_display()}: {self.amount} kr."


class ContractRole(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("rolle"), max_length=12, choices=c.ContractRoleKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person_name = models.CharField(_("navn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kontraktrolle")
        verbose_name_plural = _("kontraktroller")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user or self.person_name}"


class Integration(OrganizationOwnedModel):
    """A data flow from one usage to another usage or to a shared infrastructure component."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.ForeignKey(
        SystemUsage, verbose_name=_("fra system"), on_delete=models.CASCADE, related_name="outgoing"
    )
    target = models.ForeignKey(
        SystemUsage,
        verbose_name=_("til system"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="incoming",
    )
    target_component = models.ForeignKey(
        CatalogSystem,
        verbose_name=_("til fælles komponent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="component_integrations",
    )
    interface_name = models.CharField(_("snitflade"), max_length=200, blank=True)
    technology = models.CharField(_("teknologi"), max_length=10, choices=c.Technology.choices)
    data_objects = models.ManyToManyField(
        DataObject, verbose_name=_("dataobjekter"), blank=True, related_name="integrations"
    )
    frequency = models.CharField(
        _("frekvens"), max_length=10, choices=c.Frequency.choices, default=c.Frequency.DAILY
    )
    direction = models.CharField(
        _("retning"), max_length=8, choices=c.Direction.choices, default=c.Direction.ONE_WAY
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=c.IntegrationStatus.choices,
        default=c.IntegrationStatus.ACTIVE,
        db_index=True,
    )
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("kontrakt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="integrations",
    )
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrationer")
        ordering = ["source__local_name", "interface_name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(target__isnull=False) & models.Q(target_component__isnull=True))
                | (models.Q(target__isnull=True) & models.Q(target_component__isnull=False)),
                name="integration_one_target",
                violation_error_message=_(
                    "Vælg præcis ét mål: et system i anvendelse eller en fælles komponent."
                ),
            ),
        ]

    @property
    def target_label(self) -> str:
        return self.target.name if self.target is not None else str(self.target_component)

    def __str__(self) -> str:
        target = self.target_label
        label = f" ({self.interface_name})" if self.interface_name else ""
        return f"{self.source.name} → {target}{label}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:integration_detail", kwargs={"pk": self.pk})


class BusinessProcess(OrganizationOwnedModel):
    name = models.CharField(_("navn"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet proces"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    owner_unit = models.ForeignKey(
        "organizations.OrganizationUnit",
        verbose_name=_("procesejer (enhed)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="processes",
    )
    kle_subject = models.ForeignKey(
        KleSubject,
        verbose_name=_("KLE-emne"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="processes",
    )
    description = models.TextField(_("beskrivelse"), blank=True)

    audit_children = ("steps",)

    class Meta:
        verbose_name = _("forretningsproces")
        verbose_name_plural = _("forretningsprocesser")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:process_detail", kwargs={"pk": self.pk})


class ProcessStep(models.Model):
    process = models.ForeignKey(BusinessProcess, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("rækkefølge"))
    name = models.CharField(_("navn"), max_length=200)
    unit = models.ForeignKey(
        "organizations.OrganizationUnit",
        verbose_name=_("udføres af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    usages = models.ManyToManyField(
        SystemUsage, verbose_name=_("systemer"), blank=True, related_name="process_steps"
    )
    collects = models.ManyToManyField(
        DataObject, verbose_name=_("indsamler data"), blank=True, related_name="collected_in"
    )
    reads = models.ManyToManyField(
        DataObject, verbose_name=_("læser data"), blank=True, related_name="read_in"
    )

    class Meta:
        verbose_name = _("procestrin")
        verbose_name_plural = _("procestrin")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="step_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class DataProcessingRegistration(OrganizationOwnedModel):
    """A data processing registration (KITOS: data-processing-registration, GDPR art. 28).

    Who processes personal data for the organization (data processors and their
    sub-processors), whether the agreement is concluded, transfers to insecure third
    countries, which systems and contracts it covers, and the oversight (*tilsyn*) of the
    processors. ``next_oversight`` is derived from ``latest_oversight`` plus the interval
    by :meth:`derive_next_oversight`; the service and the KITOS import keep it in sync, so
    lists can filter on it in the database.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    agreement_concluded = models.CharField(
        _("databehandleraftale indgået"),
        max_length=16,
        choices=c.AgreementConcluded.choices,
        default=c.AgreementConcluded.UNDECIDED,
        db_index=True,
    )
    agreement_date = models.DateField(_("aftalens dato"), null=True, blank=True)
    data_processors = models.ManyToManyField(
        Vendor, verbose_name=_("databehandlere"), blank=True, related_name="+"
    )
    sub_data_processors = models.ManyToManyField(
        Vendor, verbose_name=_("underdatabehandlere"), blank=True, related_name="+"
    )
    transfer_to_third_countries = models.BooleanField(
        _("overførsel til usikre tredjelande"), default=False
    )
    third_countries = models.CharField(_("usikre tredjelande"), max_length=500, blank=True)
    transfer_basis = models.CharField(_("overførselsgrundlag"), max_length=500, blank=True)
    usages = models.ManyToManyField(
        SystemUsage, verbose_name=_("systemer"), blank=True, related_name="+"
    )
    contracts = models.ManyToManyField(
        Contract, verbose_name=_("kontrakter"), blank=True, related_name="+"
    )
    oversight_interval_months = models.PositiveSmallIntegerField(
        _("tilsynsinterval (måneder)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    oversight_options = models.TextField(_("tilsynsform"), blank=True)
    latest_oversight = models.DateField(_("seneste tilsyn"), null=True, blank=True)
    next_oversight = models.DateField(
        _("næste tilsyn"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Beregnes: seneste tilsyn plus tilsynsintervallet."),
    )
    oversight_completed = models.BooleanField(_("tilsyn gennemført"), default=False)
    responsible_unit = models.ForeignKey(
        "organizations.OrganizationUnit",
        verbose_name=_("ansvarlig enhed"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("noter"), blank=True)

    class Meta:
        verbose_name = _("databehandling")
        verbose_name_plural = _("databehandlinger")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["organization", "next_oversight"], name="dpr_org_next_idx"),
            models.Index(fields=["organization", "updated_at"], name="dpr_org_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:dpr_detail", kwargs={"pk": self.pk})

    @property
    def processor_names(self) -> str:
        """The data processors' names (uses a prefetch of ``data_processors`` if present)."""
        return ", ".join(sorted(v.name for v in self.data_processors.all()))

    @staticmethod
    def derive_next_oversight(latest: dt.date | None, months: int | None) -> dt.date | None:
        """The next oversight: ``latest`` plus ``months`` calendar months, the day clamped to
        the month's length; None when either is missing.

        >>> DataProcessingRegistration.derive_next_oversight(dt.date(2024, 1, 31), 1)
        datetime.date(2024, 2, 29)
        >>> DataProcessingRegistration.derive_next_oversight(dt.date(2023, 11, 15), 24)
        datetime.date(2025, 11, 15)
        >>> DataProcessingRegistration.derive_next_oversight(None, 12) is None
        True
        """
        if latest is None or not months:
            return None
        years, month_index = divmod(latest.month - 1 + months, 12)
        year, month = latest.year + years, month_index + 1
        return dt.date(year, month, min(latest.day, calendar.monthrange(year, month)[1]))
