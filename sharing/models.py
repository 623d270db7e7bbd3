from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import description_field, name_field
from core.models import DetailPage, NamedPage, OrganizationOwnedModel
from sharing.choices import AllocationKey, Category, GroupKind, HomeRole, Metric, Suppression


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


class BenchmarkParticipation(OrganizationOwnedModel):
    """The municipality's consent to contribute to, and see, the anonymous benchmarks.
    Deleting the row revokes it: the municipality's own stored values go at once, and the
    next nightly computation leaves it out."""

    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tilmeldt af"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deltagelse i benchmarks")
        verbose_name_plural = _("deltagelser i benchmarks")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                name="sharing_benchmark_once",
                violation_error_message=_("Kommunen deltager allerede i benchmarks."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class BenchmarkRun(models.Model):
    """One nightly computation of a period's (year's) figures; the newest per period is
    the one shown (a later run of the same period replaces it)."""

    period = models.PositiveSmallIntegerField(_("periode (år)"), unique=True)
    computed_at = models.DateTimeField(_("beregnet"))
    participants = models.PositiveIntegerField(_("deltagende kommuner"))

    class Meta:
        verbose_name = _("benchmarkberegning")
        verbose_name_plural = _("benchmarkberegninger")
        ordering = ["-period"]

    def __str__(self) -> str:
        return str(self.period)


class BenchmarkFigure(models.Model):
    """A published figure: the quartiles of one metric in one comparison group, or - when
    the group is too small or could be told apart from another - only why not."""

    run = models.ForeignKey(BenchmarkRun, on_delete=models.CASCADE, related_name="figures")
    metric = models.CharField(_("nøgletal"), max_length=30, choices=Metric.choices)
    group_kind = models.CharField(_("gruppe"), max_length=10, choices=GroupKind.choices)
    group_key = models.CharField(_("gruppenøgle"), max_length=20, blank=True)
    contributors = models.PositiveIntegerField(_("bidragende kommuner"))
    q1 = models.DecimalField(_("1. kvartil"), max_digits=14, decimal_places=2, null=True)
    median = models.DecimalField(_("median"), max_digits=14, decimal_places=2, null=True)
    q3 = models.DecimalField(_("3. kvartil"), max_digits=14, decimal_places=2, null=True)
    suppressed = models.CharField(
        _("undertrykt"), max_length=15, choices=Suppression.choices, blank=True
    )

    class Meta:
        verbose_name = _("benchmarktal")
        verbose_name_plural = _("benchmarktal")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "metric", "group_kind", "group_key"], name="sharing_figure_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.group_kind}:{self.group_key}"


class BenchmarkValue(OrganizationOwnedModel):
    """A municipality's own value of a metric in a run: shown to that municipality only."""

    run = models.ForeignKey(BenchmarkRun, on_delete=models.CASCADE, related_name="values")
    metric = models.CharField(_("nøgletal"), max_length=30, choices=Metric.choices)
    value = models.DecimalField(_("værdi"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("egen benchmarkværdi")
        verbose_name_plural = _("egne benchmarkværdier")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "organization", "metric"], name="sharing_value_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.metric}"
