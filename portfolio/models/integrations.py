"""Integrations between systems, and business processes with their steps."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import OrganizationOwnedModel
from portfolio import choices as c
from portfolio.models.contracts import Contract
from portfolio.models.reference import CatalogSystem, DataObject, KleSubject
from portfolio.models.usages import SystemUsage


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
