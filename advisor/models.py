"""Strategy assessments: the municipality's answers and facts, and the engine's ranking."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from advisor.choices import AssessmentStatus
from core.fields import choice_field, name_field, optional_reference, unique_in_organization
from core.models import OrganizationOwnedModel


class Assessment(OrganizationOwnedModel):
    """One version of the organization's strategy assessment.

    ``answers``: question key → answer (the wizard's questions, see knowledge).
    ``facts``: fact key → {"value", "source"} computed from the portfolio when the
    assessment was made (kept, so an old version shows what it was based on).
    ``overrides``: fact key → {"value", "reason"} where the user corrected a computed fact.
    ``result``: the engine's ranking as plain JSON (scores, confidence, explanations),
    stored when the assessment is completed, with ``knowledge_version``.
    """

    version = models.PositiveIntegerField(_("version"))
    title = name_field(_("titel"))
    status = choice_field(
        _("status"), AssessmentStatus, max_length=12, default=AssessmentStatus.DRAFT
    )
    answers = models.JSONField(_("svar"), default=dict, blank=True)
    facts = models.JSONField(_("beregnede fakta"), default=dict, blank=True)
    overrides = models.JSONField(_("overstyrede fakta"), default=dict, blank=True)
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    knowledge_version = models.CharField(_("vidensbasens version"), max_length=20, blank=True)
    completed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    chosen_option = models.CharField(_("valgt strategi"), max_length=40, blank=True)
    chosen_at = models.DateTimeField(_("valgt"), null=True, blank=True)
    chosen_by = optional_reference(settings.AUTH_USER_MODEL, _("valgt af"))
    decision_note = models.TextField(_("begrundelse for valget"), blank=True)

    class Meta:
        verbose_name = _("strategivurdering")
        verbose_name_plural = _("strategivurderinger")
        ordering = ["-version"]
        constraints = [
            unique_in_organization("version", name="assessment_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("advisor:assessment_detail", kwargs={"pk": self.pk})
