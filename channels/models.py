"""Contact numbers per service area and channel, the communication plan, citizen
involvement and satisfaction (``docs/brugervejledning/19-kanaler-og-kommunikation.md``)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from channels.choices import ActivityChannel, Audience, Channel, InvolvementKind
from core.fields import (
    choice_field,
    description_field,
    name_field,
    optional_reference,
    unique_in_organization,
)
from core.models import DetailPage, NamedPage, OrganizationOwnedModel


class ServiceArea(NamedPage, OrganizationOwnedModel):
    """A service area (ydelsesområde) the municipality counts contacts for, such as
    "Pas og kørekort". Created by the import when a file names a new one."""

    name = name_field()

    detail_route = "channels:area_detail"

    class Meta:
        verbose_name = _("serviceområde")
        verbose_name_plural = _("serviceområder")
        ordering = ["name", "pk"]
        constraints = [
            unique_in_organization(
                "name",
                name="servicearea_unique_name",
                message=_("Der findes allerede et serviceområde med dette navn."),
            )
        ]


class ChannelCount(OrganizationOwnedModel):
    """The number of contacts in one month, service area and channel. ``month`` is the
    first day of the month; one row per (area, month, channel), so importing a month
    again replaces its numbers instead of adding to them."""

    area = models.ForeignKey(
        ServiceArea,
        verbose_name=_("serviceområde"),
        on_delete=models.CASCADE,
        related_name="counts",
    )
    month = models.DateField(_("måned"))
    channel = choice_field(_("kanal"), Channel, max_length=20)
    contacts = models.PositiveIntegerField(_("henvendelser"))
    source = models.CharField(_("kilde"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kanaltal")
        verbose_name_plural = _("kanaltal")
        ordering = ["area", "month", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "month", "channel"],
                name="channelcount_unique_area_month_channel",
                violation_error_message=_("Måneden har allerede tal for denne kanal."),
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1),
                name="channelcount_month_first_day",
                violation_error_message=_("En måned gemmes som dens første dag."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "month"], name="channelcount_org_month")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.month:%Y-%m} {self.channel}: {self.contacts}"


class CommunicationActivity(NamedPage, OrganizationOwnedModel):
    """One activity of the communication plan that keeps telling users about the digital
    channels; its effect is read from the digital share before and after ``date``."""

    name = name_field(_("aktivitet"))
    description = description_field()
    audience = choice_field(_("målgruppe"), Audience, max_length=12, default=Audience.CITIZENS)
    channel = choice_field(_("kanal"), ActivityChannel, max_length=12)
    date = models.DateField(_("dato"))
    owner = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    cost = models.DecimalField(
        _("omkostning (kr.)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    areas = models.ManyToManyField(
        ServiceArea,
        verbose_name=_("berørte serviceområder"),
        blank=True,
        related_name="activities",
    )
    milestone = optional_reference("roadmaps.Milestone", _("milepæl i køreplanen"))
    business_case = optional_reference("businesscases.BusinessCase", _("business case"))
    window_months = models.PositiveSmallIntegerField(
        _("vindue før og efter (måneder)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Den digitale andel sammenlignes over så mange hele måneder på hver side."),
    )

    detail_route = "channels:activity_detail"

    class Meta:
        verbose_name = _("kommunikationsaktivitet")
        verbose_name_plural = _("kommunikationsplan")
        ordering = ["-date", "pk"]


class Involvement(NamedPage, OrganizationOwnedModel):
    """Citizens consulted on a self-service solution: a user test, panel or survey."""

    name = name_field(_("titel"))
    solution = models.CharField(_("selvbetjeningsløsning"), max_length=200)
    usage = optional_reference("portfolio.SystemUsage", _("system i porteføljen"))
    area = optional_reference(ServiceArea, _("serviceområde"))
    kind = choice_field(_("form"), InvolvementKind, max_length=12)
    held_on = models.DateField(_("dato"))
    participants = models.PositiveIntegerField(_("deltagere"))
    findings = models.TextField(_("hvad blev fundet"), blank=True)
    changes = models.TextField(_("hvad blev ændret"), blank=True)

    detail_route = "channels:involvement_detail"

    class Meta:
        verbose_name = _("borgerinddragelse")
        verbose_name_plural = _("borgerinddragelse")
        ordering = ["-held_on", "pk"]


class Satisfaction(DetailPage, OrganizationOwnedModel):
    """A satisfaction measurement: the share of satisfied respondents in one channel and
    service area, in one month."""

    area = models.ForeignKey(
        ServiceArea,
        verbose_name=_("serviceområde"),
        on_delete=models.CASCADE,
        related_name="satisfaction",
    )
    channel = choice_field(_("kanal"), Channel, max_length=20)
    # The services store the first day of the month.
    month = models.DateField(_("måned"), help_text=_("Målingens måned (dagen ignoreres)."))
    satisfied_percent = models.DecimalField(
        _("andel tilfredse (%)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    respondents = models.PositiveIntegerField(_("besvarelser"))
    method = models.CharField(_("metode"), max_length=200, blank=True)

    detail_route = "channels:satisfaction_detail"

    class Meta:
        verbose_name = _("tilfredshedsmåling")
        verbose_name_plural = _("tilfredshedsmålinger")
        ordering = ["-month", "area", "channel"]

    def __str__(self) -> str:
        return f"{self.area} · {self.get_channel_display()} · {self.month:%m-%Y}"


class UnitCost(DetailPage, OrganizationOwnedModel):
    """What one contact actually cost in a year, measured by the municipality (e.g. from
    time registration): set beside a channel-shift case's unit prices to tell a price
    deviation from a shift deviation."""

    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    in_person = models.DecimalField(
        _("pris pr. personlig henvendelse (kr.)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    digital = models.DecimalField(
        _("pris pr. digital henvendelse (kr.)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    source = models.CharField(_("kilde"), max_length=200)

    detail_route = "channels:unitcost_detail"

    class Meta:
        verbose_name = _("målt enhedspris")
        verbose_name_plural = _("målte enhedspriser")
        ordering = ["-year"]
        constraints = [
            unique_in_organization(
                "year",
                name="unitcost_unique_year",
                message=_("Året har allerede målte enhedspriser."),
            )
        ]

    def __str__(self) -> str:
        return str(self.year)
