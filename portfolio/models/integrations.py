"""Integrations between systems, and business processes with their steps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import (
    choice_field,
    description_field,
    name_field,
    optional_reference,
    public_uuid,
    unit_reference,
)
from core.models import DetailPage, NamedPage, OrganizationOwnedModel
from portfolio import choices as c
from portfolio.models.contracts import Contract
from portfolio.models.reference import CatalogSystem, DataObject, KleSubject
from portfolio.models.usages import SystemUsage


class Integration(DetailPage, OrganizationOwnedModel):
    """A data flow from one usage to another usage or to a shared infrastructure component."""

    uuid = public_uuid()
    source = models.ForeignKey(
        SystemUsage, verbose_name=_("fra system"), on_delete=models.CASCADE, related_name="outgoing"
    )
    target = optional_reference(
        SystemUsage, _("til system"), on_delete=models.CASCADE, related_name="incoming"
    )
    target_component = optional_reference(
        CatalogSystem,
        _("til fælles komponent"),
        on_delete=models.PROTECT,
        related_name="component_integrations",
    )
    interface_name = models.CharField(_("snitflade"), max_length=200, blank=True)
    technology = models.CharField(_("teknologi"), max_length=10, choices=c.Technology.choices)
    data_objects = models.ManyToManyField(
        DataObject, verbose_name=_("dataobjekter"), blank=True, related_name="integrations"
    )
    frequency = choice_field(_("frekvens"), c.Frequency, max_length=10, default=c.Frequency.DAILY)
    # A local option name (from KITOS, say) that matches none of the frequencies, kept.
    frequency_local = models.CharField(_("frekvens (lokal betegnelse)"), max_length=200, blank=True)
    direction = choice_field(_("retning"), c.Direction, max_length=8, default=c.Direction.ONE_WAY)
    status = choice_field(
        _("status"),
        c.IntegrationStatus,
        max_length=12,
        default=c.IntegrationStatus.ACTIVE,
        db_index=True,
    )
    contract = optional_reference(Contract, _("kontrakt"), related_name="integrations")
    description = description_field()

    detail_route = "portfolio:integration_detail"

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


class BusinessProcess(NamedPage, OrganizationOwnedModel):
    name = name_field()
    parent = optional_reference(
        "self", _("overordnet proces"), on_delete=models.CASCADE, related_name="children"
    )
    owner_unit = unit_reference(_("procesejer (enhed)"), related_name="processes")
    kle_subject = optional_reference(KleSubject, _("KLE-emne"), related_name="processes")
    description = description_field()

    audit_children = ("steps",)

    detail_route = "portfolio:process_detail"

    class Meta:
        verbose_name = _("forretningsproces")
        verbose_name_plural = _("forretningsprocesser")
        ordering = ["name"]


class ProcessStep(models.Model):
    process = models.ForeignKey(BusinessProcess, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("rækkefølge"))
    name = name_field()
    unit = unit_reference(_("udføres af"))
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
