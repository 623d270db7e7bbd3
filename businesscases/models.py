"""Business cases after the Danish state model (scenario 1 minus scenario 0)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from businesscases.choices import ActualKind, BudgetReduction, CaseStatus, CaseTemplate, LineKind
from core.fields import (
    choice_field,
    created_by_reference,
    description_field,
    name_field,
    optional_reference,
)
from core.models import NamedPage, OrganizationOwnedModel

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}


class BusinessCase(NamedPage, OrganizationOwnedModel):
    name = name_field()
    description = description_field()
    template = choice_field(_("skabelon"), CaseTemplate, max_length=30, default=CaseTemplate.BLANK)
    template_inputs = models.JSONField(_("skabelonens input"), default=dict, blank=True)
    status = choice_field(_("status"), CaseStatus, max_length=12, default=CaseStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    start_year = models.PositiveSmallIntegerField(
        _("første år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    horizon = models.PositiveSmallIntegerField(
        _("horisont (år)"), default=5, validators=[MinValueValidator(3), MaxValueValidator(10)]
    )
    rate = models.DecimalField(
        _("diskonteringsrente"),
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.0350"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.2"))],
        help_text=_("Finansministeriets kalkulationsrente er 3,5 % (real)."),
    )
    iterations = models.PositiveIntegerField(
        _("simuleringer"),
        default=10_000,
        validators=[MinValueValidator(1_000), MaxValueValidator(100_000)],
    )
    seed = models.PositiveIntegerField(_("startværdi for simulering"), default=2026)
    coverage = models.DecimalField(
        _("risikopuljens dækning"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("0.99"))],
    )
    budget_reduction = choice_field(
        _("budgetreduktion"),
        BudgetReduction,
        max_length=12,
        default=BudgetReduction.UNDECIDED,
        help_text=_(
            "Foreslås de økonomiske gevinster i budgettet taget ud af budgettet, eller "
            "bliver de i forvaltningen?"
        ),
    )
    assessment = optional_reference(
        "advisor.Assessment", _("strategivurdering"), related_name="business_cases"
    )
    milestone = optional_reference(
        "roadmaps.Milestone", _("milepæl"), related_name="business_cases"
    )
    decided_at = models.DateTimeField(_("besluttet"), null=True, blank=True)
    decided_by = optional_reference(settings.AUTH_USER_MODEL, _("besluttet af"))

    audit_children = ("lines", "risks", "actuals")

    detail_route = "businesscases:case_detail"

    class Meta:
        verbose_name = _("business case")
        verbose_name_plural = _("business cases")
        ordering = ["-updated_at"]

    @property
    def current_version(self) -> int:
        """The version a reader means, the same in the list, on the case and in the paper:
        a draft's own number, otherwise the last frozen version (``version`` is the number
        the next freeze will take)."""
        if self.status == CaseStatus.DRAFT:
            return self.version
        return max(self.version - 1, 1)

    def version_label(self) -> str:
        """``3 (kladde)`` or ``2 (frosset)``."""
        if self.status == CaseStatus.DRAFT:
            return _("%(v)s (kladde)") % {"v": self.current_version}
        return _("%(v)s (frosset)") % {"v": self.current_version}


def low_mode_high(name: str) -> models.CheckConstraint:
    """A three-point estimate is ordered: minimum ≤ most likely ≤ maximum."""
    return models.CheckConstraint(
        condition=models.Q(low__lte=models.F("mode")) & models.Q(mode__lte=models.F("high")),
        name=name,
        violation_error_message=_("Minimum ≤ mest sandsynlig ≤ maksimum."),
    )


class CaseLine(models.Model):
    """A cost or benefit line with a three-point estimate (per year it applies to).

    ``years`` are 0-based year indexes within the horizon (0 = the first year).
    ``factors`` (optional, one per year) phase the amount in: the amount in ``years[i]``
    is the estimate x ``unit_value`` x ``factors[i]`` (engine.business_case.Line).
    For efficiency lines the estimate is hours per year and ``unit_value`` the hourly rate.
    """

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    name = name_field()
    kind = models.CharField(_("art"), max_length=14, choices=LineKind.choices)
    low = models.DecimalField(_("minimum"), **MONEY)
    mode = models.DecimalField(_("mest sandsynlig"), **MONEY)
    high = models.DecimalField(_("maksimum"), **MONEY)
    years = models.JSONField(_("år"), default=list, blank=True)
    factors = models.JSONField(
        _("indfasning pr. år"),
        default=list,
        blank=True,
        help_text=_(
            "Andel af det fulde beløb i hvert af linjens år (1 = 100 %), som decimaltekst; "
            "tom betyder det fulde beløb alle år."
        ),
    )
    bearer = models.CharField(
        _("bæres af / tilfalder"),
        max_length=200,
        blank=True,
        help_text=_("Enhed eller organisation, der bærer omkostningen eller får gevinsten."),
    )
    unit_value = models.DecimalField(_("timepris"), default=Decimal("1"), **MONEY)
    score = models.PositiveSmallIntegerField(
        _("score (0–5)"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    group = models.CharField(
        _("fælles antagelse"),
        max_length=60,
        blank=True,
        help_text=_(
            "Linjer med samme fælles antagelse simuleres sammen: bygger flere linjer på samme "
            "skøn, svinger de i takt."
        ),
    )

    class Meta:
        verbose_name = _("linje")
        verbose_name_plural = _("linjer")
        ordering = ["case", "order", "pk"]
        constraints = [low_mode_high("caseline_low_mode_high")]

    def __str__(self) -> str:
        return self.name


class CaseRisk(models.Model):
    """One of at most 12 named risks: probability and a three-point consequence."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="risks")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    name = models.CharField(_("risiko"), max_length=200)
    probability = models.DecimalField(
        _("sandsynlighed"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    low = models.DecimalField(_("konsekvens minimum"), **MONEY)
    mode = models.DecimalField(_("konsekvens mest sandsynlig"), **MONEY)
    high = models.DecimalField(_("konsekvens maksimum"), **MONEY)
    year = models.PositiveSmallIntegerField(_("år"), default=0)
    bearer = models.CharField(_("bæres af"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("risiko")
        verbose_name_plural = _("risici")
        ordering = ["case", "order", "pk"]
        constraints = [low_mode_high("caserisk_low_mode_high")]

    def __str__(self) -> str:
        return self.name


class CaseVersion(models.Model):
    """A frozen copy of the case (lines, risks, result) when it was submitted or decided."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices)
    snapshot = models.JSONField(_("indhold"))
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = created_by_reference()

    class Meta:
        verbose_name = _("version af business case")
        verbose_name_plural = _("versioner af business cases")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="caseversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.case} v{self.number}"


class BenefitActual(models.Model):
    """Benefit realisation: an actual cost or benefit for one year of an approved case."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2000)])
    kind = models.CharField(_("art"), max_length=8, choices=ActualKind.choices)
    amount = models.DecimalField(_("faktisk beløb"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("faktisk tal")
        verbose_name_plural = _("faktiske tal")
        ordering = ["case", "year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["case", "year", "kind"], name="actual_unique_year_kind")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}: {self.amount}"
