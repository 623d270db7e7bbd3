"""Decision papers for the økonomiudvalg, stored with the exact inputs they were made from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import choice_field, created_by_reference, name_field, optional_reference
from core.models import DetailPage, OrganizationOwnedModel
from papers.choices import Authority, Consultation


class DecisionPaper(DetailPage, OrganizationOwnedModel):
    """``authority`` (who decides, with the rule in ``authority_basis``), ``consultation``
    (MED/høring) and ``financing`` are the paper's own statements: Styrbar proposes them
    from the sources (``papers.rules``) and the author may change them before generating.

    ``inputs`` is the complete, JSON-serialised content the documents were rendered from
    (assessment result, business case with lines/risks/result, roadmap, processes, texts),
    so the same DOCX/PDF bytes can be regenerated and the paper never changes afterwards."""

    title = name_field(_("titel"))
    assessment = optional_reference(
        "advisor.Assessment", _("strategivurdering"), related_name="papers"
    )
    business_case = optional_reference(
        "businesscases.BusinessCase", _("business case"), related_name="papers"
    )
    roadmap = optional_reference("roadmaps.Roadmap", _("roadmap"), related_name="papers")
    proposed_decision = models.TextField(_("indstilling"))
    authority = choice_field(
        _("beslutningskompetence"), Authority, max_length=20, blank=True, default=""
    )
    authority_basis = models.TextField(
        _("grundlag for beslutningskompetencen"),
        blank=True,
        help_text=_("Reglen, kompetencen følger af (lov, styrelsesvedtægt, delegation)."),
    )
    consultation = choice_field(
        _("høring og MED"), Consultation, max_length=12, blank=True, default=""
    )
    consultation_note = models.TextField(_("høring og MED: bemærkning"), blank=True)
    financing = models.TextField(_("finansiering"), blank=True)
    inputs = models.JSONField(_("input"))
    docx = models.BinaryField(_("DOCX"), editable=False)
    pdf = models.BinaryField(_("PDF"), editable=False)
    docx_sha256 = models.CharField(max_length=64, editable=False)
    pdf_sha256 = models.CharField(max_length=64, editable=False)
    created_by = created_by_reference()

    audit_exclude = ("created_at", "updated_at", "docx", "pdf", "inputs")

    detail_route = "papers:paper_detail"

    class Meta:
        verbose_name = _("beslutningsoplæg")
        verbose_name_plural = _("beslutningsoplæg")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
