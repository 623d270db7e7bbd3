"""Solution reviews (løsningsgennemgang), their findings, and governance plans.

A :class:`SolutionReview` is the kontrolorgan going through one usage with its systemejer
from a checklist of ``knowledge/data/reviews.yaml`` (kept with the review, with its
version); each answer "fund" becomes a :class:`Finding` — an action with an owner and a
due date, followed to closure. A :class:`GovernancePlan` (styringsplan) is the one record
of how a usage is updated and tested; its last test and test cadence drive the warnings.
:class:`CadenceOverride` is the municipality's own number of months for a cadence rule.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import choice_field, notes_field, optional_date, optional_reference
from core.models import OrganizationOwnedModel
from portfolio import choices as pc
from reviews import choices as c


class GovernancePlan(OrganizationOwnedModel):
    """How a usage is updated and tested without disturbing operations (styringsplan)."""

    usage = models.OneToOneField(
        "portfolio.SystemUsage",
        verbose_name=_("system"),
        on_delete=models.CASCADE,
        related_name="governance_plan",
    )
    update_windows = models.TextField(_("opdateringsvinduer"), blank=True)
    test_procedure = models.TextField(_("testprocedure"), blank=True)
    update_approver = models.CharField(_("godkender opdateringer"), max_length=200, blank=True)
    rollback = models.TextField(_("tilbagerulning"), blank=True)
    user_communication = models.TextField(_("kommunikation til brugerne"), blank=True)
    update_cadence = choice_field(
        _("opdateringskadence"), pc.Cadence, max_length=12, default=pc.Cadence.NONE
    )
    test_cadence = choice_field(
        _("testkadence"), pc.Cadence, max_length=12, default=pc.Cadence.NONE
    )
    responsible = optional_reference(settings.AUTH_USER_MODEL, _("ansvarlig (bruger)"))
    responsible_name = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    last_tested = optional_date(_("sidst testet"))
    notes = notes_field()

    class Meta:
        verbose_name = _("styringsplan")
        verbose_name_plural = _("styringsplaner")
        ordering = ["usage__local_name", "pk"]
        indexes = [models.Index(fields=["organization", "test_cadence"], name="plan_org_cadence")]

    def __str__(self) -> str:
        return str(_("Styringsplan for %(usage)s") % {"usage": self.usage})

    def get_absolute_url(self) -> str:
        return reverse("reviews:plan_detail", kwargs={"pk": self.pk})

    @property
    def responsible_label(self) -> str:
        if self.responsible is not None:
            return str(self.responsible.get_full_name() or self.responsible.get_username())
        return self.responsible_name


class SolutionReview(OrganizationOwnedModel):
    """One review of a usage by the kontrolorgan and the systemejer."""

    usage = models.ForeignKey(
        "portfolio.SystemUsage",
        verbose_name=_("system"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    planned_date = models.DateField(_("planlagt dato"))
    held_date = optional_date(_("afholdt dato"))
    status = choice_field(
        _("status"), c.ReviewStatus, max_length=12, default=c.ReviewStatus.PLANNED, db_index=True
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagere"),
        blank=True,
        related_name="solution_reviews",
    )
    other_participants = models.CharField(_("øvrige deltagere"), max_length=500, blank=True)
    checklist_key = models.CharField(_("tjekliste"), max_length=40, editable=False)
    checklist_version = models.CharField(_("tjeklisteversion"), max_length=60, editable=False)
    # The checklist's items as they were when the review was planned (key, section and
    # question in Danish and English, the usage fact an answer updates), so a review reads
    # the same after the knowledge changes.
    checklist_items = models.JSONField(_("tjeklistens punkter"), default=list, editable=False)
    # {item key: {"value": ok|finding|not_relevant, "note": "…"}}
    answers = models.JSONField(_("svar"), default=dict, blank=True, editable=False)
    summary = models.TextField(_("konklusion"), blank=True)
    cancel_reason = models.TextField(_("begrundelse for aflysning"), blank=True, editable=False)

    class Meta:
        verbose_name = _("løsningsgennemgang")
        verbose_name_plural = _("løsningsgennemgange")
        ordering = ["-planned_date", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status", "planned_date"], name="review_org_due"),
            models.Index(fields=["usage", "status", "held_date"], name="review_usage_held"),
        ]

    def __str__(self) -> str:
        return str(
            _("Gennemgang af %(usage)s %(date)s")
            % {"usage": self.usage, "date": self.planned_date.strftime("%d-%m-%Y")}
        )

    def get_absolute_url(self) -> str:
        return reverse("reviews:review_detail", kwargs={"pk": self.pk})

    def unanswered(self) -> list[str]:
        """Keys of the checklist items without a valid answer."""
        valid = set(c.Answer.values)
        return [
            item["key"]
            for item in self.checklist_items
            if (self.answers.get(item["key"]) or {}).get("value") not in valid
        ]


class Finding(OrganizationOwnedModel):
    """A finding of a review as an action: who does what by when, until it is closed."""

    review = models.ForeignKey(
        SolutionReview,
        verbose_name=_("gennemgang"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    item_key = models.CharField(_("tjeklistepunkt"), max_length=60, blank=True)
    text = models.TextField(_("handling"))
    owner = optional_reference(settings.AUTH_USER_MODEL, _("ansvarlig (bruger)"))
    owner_name = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    due_date = optional_date(_("frist"))
    status = choice_field(
        _("status"), c.ActionStatus, max_length=8, default=c.ActionStatus.OPEN, db_index=True
    )
    closed_on = optional_date(_("lukket"))
    closing_note = models.TextField(_("afslutning"), blank=True)

    class Meta:
        verbose_name = _("handling fra gennemgang")
        verbose_name_plural = _("handlinger fra gennemgange")
        ordering = ["status", "due_date", "pk"]
        indexes = [models.Index(fields=["organization", "status", "due_date"], name="finding_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "item_key"],
                condition=~models.Q(item_key=""),
                name="finding_one_per_item",
                violation_error_message=_("Punktet har allerede en handling i gennemgangen."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | models.Q(status="closed", closed_on__isnull=False),
                name="finding_closed_has_date",
                violation_error_message=_("En lukket handling har en lukkedato, en åben ingen."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("reviews:finding_detail", kwargs={"pk": self.pk})

    @property
    def owner_label(self) -> str:
        if self.owner is not None:
            return str(self.owner.get_full_name() or self.owner.get_username())
        return self.owner_name


class CadenceOverride(OrganizationOwnedModel):
    """The organization's own months between reviews for one cadence rule."""

    rule_key = models.CharField(_("regel"), max_length=40)
    months = models.PositiveSmallIntegerField(
        _("måneder mellem gennemgange"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        verbose_name = _("lokal gennemgangskadence")
        verbose_name_plural = _("lokale gennemgangskadencer")
        ordering = ["rule_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "rule_key"],
                name="cadence_override_unique",
                violation_error_message=_("Reglen har allerede en lokal kadence."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_key}: {self.months}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:cadence_detail", kwargs={"pk": self.pk})


def usage_facts(usage: Any) -> dict[str, object]:
    """The facts the cadence rules test, read from a usage."""
    return {
        "criticality": usage.criticality,
        "data_sensitivity": usage.data_sensitivity,
        "business_critical": usage.business_critical,
        "socially_critical": usage.socially_critical,
    }
