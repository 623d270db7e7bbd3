"""Contracts with their payments and roles, and data processing registrations."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
from core.models import DetailPage, NamedPage, OrganizationOwnedModel
from portfolio import choices as c
from portfolio.models.reference import Vendor, amount_field, year_field
from portfolio.models.usages import SystemUsage


class Contract(DetailPage, OrganizationOwnedModel):
    """An IT contract (KITOS: it-contract) with payment streams and data processing agreement."""

    uuid = public_uuid()
    number = models.CharField(_("kontraktnummer"), max_length=50, blank=True)
    name = name_field()
    vendor = optional_reference(
        Vendor, _("leverandør"), on_delete=models.PROTECT, related_name="contracts"
    )
    usages = models.ManyToManyField(
        SystemUsage, verbose_name=_("dækkede systemer"), blank=True, related_name="contracts"
    )
    contract_type = choice_field(
        _("kontrakttype"), c.ContractType, max_length=12, default=c.ContractType.MAIN
    )
    procurement_form = models.CharField(
        _("udbudsform"), max_length=20, choices=c.ProcurementForm.choices, blank=True
    )
    # A local option name (from KITOS, say) that matches none of the choices above, kept.
    contract_type_local = models.CharField(
        _("kontrakttype (lokal betegnelse)"), max_length=200, blank=True
    )
    procurement_form_local = models.CharField(
        _("udbudsform (lokal betegnelse)"), max_length=200, blank=True
    )
    start_date = optional_date(_("startdato"))
    end_date = optional_date(_("udløbsdato"))
    irrevocable_until = optional_date(_("uopsigelig til"))
    notice_months = models.PositiveSmallIntegerField(_("opsigelsesvarsel (måneder)"), default=0)
    notice_runs_to = choice_field(
        _("opsigelse løber til"), c.NoticeRunsTo, max_length=10, default=c.NoticeRunsTo.ANY_DAY
    )
    options_offered = models.PositiveSmallIntegerField(_("optioner i alt"), default=0)
    options_used = models.PositiveSmallIntegerField(_("optioner udnyttet"), default=0)
    option_months = models.PositiveSmallIntegerField(_("optionens længde (måneder)"), default=12)
    terminated = models.BooleanField(_("opsagt"), default=False)
    terminated_date = optional_date(_("opsagt dato"))
    dpa_required = models.BooleanField(_("databehandleraftale påkrævet"), default=False)
    dpa_concluded = models.BooleanField(_("databehandleraftale indgået"), default=False)
    dpa_date = optional_date(_("databehandleraftale dato"))
    dpa_supervision_months = models.PositiveSmallIntegerField(
        _("tilsynsinterval (måneder)"), null=True, blank=True
    )
    dpa_next_supervision = optional_date(_("næste tilsyn"))
    parent = optional_reference("self", _("overordnet kontrakt"), related_name="children")
    responsible_unit = unit_reference(_("ansvarlig enhed"), related_name="contracts")
    notes = notes_field()

    audit_children = ("payments", "roles")

    detail_route = "portfolio:contract_detail"

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
            valid_period("contract_valid_period", _("Udløbsdatoen må ikke ligge før startdatoen.")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()

    @property
    def last_notice_day(self) -> dt.date | None:
        """The last day notice can be given while the contract runs (``portfolio.due``)."""
        from django.utils import timezone

        from portfolio.due import last_notice_day

        return last_notice_day(self, timezone.localdate())


class ContractPayment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="payments")
    year = year_field()
    stream = models.CharField(_("betalingsstrøm"), max_length=12, choices=c.PaymentStream.choices)
    amount = amount_field()

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


class DataProcessingRegistration(NamedPage, OrganizationOwnedModel):
    """A data processing registration (KITOS: data-processing-registration, GDPR art. 28).

    Who processes personal data for the organization (data processors and their
    sub-processors), whether the agreement is concluded, transfers to insecure third
    countries, which systems and contracts it covers, and the oversight (*tilsyn*) of the
    processors. ``next_oversight`` is derived from ``latest_oversight`` plus the interval
    by :meth:`derive_next_oversight`; the service and the KITOS import keep it in sync, so
    lists can filter on it in the database.
    """

    uuid = public_uuid()
    name = name_field()
    agreement_concluded = choice_field(
        _("databehandleraftale indgået"),
        c.AgreementConcluded,
        max_length=16,
        default=c.AgreementConcluded.UNDECIDED,
        db_index=True,
    )
    agreement_date = optional_date(_("aftalens dato"))
    data_processors = optional_many(Vendor, _("databehandlere"))
    sub_data_processors = optional_many(Vendor, _("underdatabehandlere"))
    transfer_to_third_countries = models.BooleanField(
        _("overførsel til usikre tredjelande"), default=False
    )
    third_countries = models.CharField(_("usikre tredjelande"), max_length=500, blank=True)
    transfer_basis = models.CharField(_("overførselsgrundlag"), max_length=500, blank=True)
    usages = optional_many(SystemUsage, _("systemer"))
    contracts = optional_many(Contract, _("kontrakter"))
    oversight_interval_months = models.PositiveSmallIntegerField(
        _("tilsynsinterval (måneder)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    oversight_options = models.TextField(_("tilsynsform"), blank=True)
    latest_oversight = optional_date(_("seneste tilsyn"))
    next_oversight = optional_date(
        _("næste tilsyn"),
        editable=False,
        help_text=_("Beregnes: seneste tilsyn plus tilsynsintervallet."),
    )
    oversight_completed = models.BooleanField(_("tilsyn gennemført"), default=False)
    responsible_unit = unit_reference(_("ansvarlig enhed"))
    notes = notes_field()

    detail_route = "portfolio:dpr_detail"

    class Meta:
        verbose_name = _("databehandling")
        verbose_name_plural = _("databehandlinger")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["organization", "next_oversight"], name="dpr_org_next_idx"),
            models.Index(fields=["organization", "updated_at"], name="dpr_org_updated_idx"),
        ]

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
